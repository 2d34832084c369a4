//! The codes reading YAML files (CloudFormation and SAM templates,
//! Kubernetes manifests) can report.
//!
//! Grammar-kind codes: they are about the file a policy is written in, not
//! about what the policy allows, and are always on.

use crate::diagnostic::declare_codes;

declare_codes! {
    /// Every code in this module, in declaration order.
    ALL: Grammar;
    /// The file is not valid YAML.
    ///
    /// The YAML reader stopped at this place: a tab used for indentation, an
    /// unclosed bracket or quote, a key without a value where one is needed,
    /// a mapping key that is not a scalar. In a file of several documents
    /// (separated by `---`), reading resumes at the next document, so the
    /// policies in the other documents are still checked.
    YAML_SYNTAX_ERROR = ("yaml-syntax-error", Error, Error, "the file is not valid YAML");
    /// The YAML file goes past a limit of the reader.
    ///
    /// Aliases (`*name`) that would expand into more than 100,000 nodes (the
    /// "billion laughs" attack), nesting deeper than 64 levels, or more than
    /// 10,000 documents in one file. The reader stops expanding or nesting at
    /// the limit, so reading stays bounded in time and memory; what lies past
    /// it is not checked.
    YAML_LIMIT_EXCEEDED = ("yaml-limit-exceeded", Error, Error, "the YAML file goes past a limit of the reader");
    /// A CloudFormation template in YAML uses an alias (`*name`).
    ///
    /// CloudFormation refuses a template that holds YAML aliases ("YAML
    /// aliases are not allowed in CloudFormation templates"), merge keys
    /// (`<<: *base`) included. `aws cloudformation package` and `sam deploy`
    /// expand them before uploading, so the template is checked here as they
    /// expand it (merge keys as YAML 1.1 defines them); deploy the packaged
    /// template, or write the values out.
    CLOUDFORMATION_YAML_ALIAS = ("cloudformation-yaml-alias", Warning, Warning, "CloudFormation refuses YAML aliases unless the template is packaged first");
    /// A Kubernetes `IAMAuthPolicy` misses a field the controller needs.
    ///
    /// The AWS Gateway API Controller's `IAMAuthPolicy` needs `metadata.name`,
    /// `spec.targetRef` (with `kind` and `name`) and `spec.policy`, a string
    /// holding the policy's JSON (usually a `|` block scalar). A policy written
    /// as a YAML mapping instead of a string is still checked, but the
    /// cluster refuses the manifest.
    KUBERNETES_MANIFEST_INVALID = ("kubernetes-manifest-invalid", Error, Error, "an IAMAuthPolicy manifest misses or misshapes a required field");
}
