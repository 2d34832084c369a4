//! Policies inside infrastructure files: CloudFormation and SAM templates, CDK
//! output, Terraform, Kubernetes manifests.
//!
//! Extraction turns each policy found in such a file into the same spanned
//! JSON tree a standalone policy file gives ([`crate::json::Node`]), with every
//! span pointing into the original file, so that the rest of the pipeline
//! (lowering, rules, evaluation, analysis, renderers) works unchanged and every
//! finding lands on the line the author wrote. Values known only at deploy
//! time become [`crate::json::Value::Unknown`].
//!
//! [`extract`] is the dispatcher: it decides by a file's name and content
//! which extractor reads it, or that it is not an infrastructure file (a
//! standalone policy, or something else).

pub mod cloudformation;
pub mod codes;
pub mod decode;
pub mod embedded;
pub mod file_set;
mod found;
pub mod intrinsics;
pub mod kubernetes;
pub mod layers;
pub mod offsets;
pub mod pairing;
pub mod recovery;
pub mod terraform;
pub mod terraform_plan;
pub mod yaml;

pub use found::{
    Association, Export, ExtractOptions, Extraction, FoundPolicy, SourceKind, Target, TargetKind,
    TargetRef,
};

use crate::json::{self, Value};
use crate::load::Loaded;
use crate::lower::{self, Lowered};
use crate::model::PolicyKind;
use crate::source::Source;

/// Whether a file name is one that directory walks read: JSON, YAML,
/// Terraform.
pub fn is_candidate_name(name: &str) -> bool {
    [".json", ".yaml", ".yml", ".tf"]
        .iter()
        .any(|ext| ends_with_ignore_case(name, ext))
}

/// True when the name says YAML: such a file is never a standalone policy.
pub fn is_yaml_name(name: &str) -> bool {
    ends_with_ignore_case(name, ".yaml") || ends_with_ignore_case(name, ".yml")
}

/// `name` ends with the ASCII `suffix`, in any case. Asked of every file a
/// walk meets, so it compares bytes rather than lower-case a copy.
fn ends_with_ignore_case(name: &str, suffix: &str) -> bool {
    name.len() >= suffix.len()
        && name
            .as_bytes()
            .get(name.len() - suffix.len()..)
            .is_some_and(|end| end.eq_ignore_ascii_case(suffix.as_bytes()))
}

/// True when the name is CDK's own metadata in a synth output directory
/// (`cdk.out/manifest.json`, `tree.json`, `*.assets.json`, the `cdk.out`
/// version file): everything there but the `*.template.json` stacks. CDK
/// writes these; they are never policies.
pub fn is_cdk_metadata(name: &str) -> bool {
    let normalised = name.replace('\\', "/");
    let mut parts = normalised.rsplit('/');
    let file = parts.next().unwrap_or("");
    let in_cdk_out = parts.any(|dir| dir == "cdk.out" || dir.starts_with("cdk.out."));
    in_cdk_out && !file.to_ascii_lowercase().ends_with(".template.json")
}

/// True when the name says Terraform configuration (`*.tf`, `*.tf.json`).
pub fn is_terraform_name(name: &str) -> bool {
    ends_with_ignore_case(name, ".tf") || ends_with_ignore_case(name, ".tf.json")
}

/// True when a file that could not be read as text (larger than the size
/// limit, or not UTF-8) is one whose policies would be checked: its name is
/// one directory walks read and its bytes name what an infrastructure file
/// holding a Lattice policy names. Such a file is reported, not skipped.
pub fn may_hold_policies(name: &str, bytes: &[u8]) -> bool {
    const MARKERS: [&[u8]; 4] = [
        b"AWS::VpcLattice::",
        b"IAMAuthPolicy",
        b"aws_vpclattice_",
        b"aws_iam_policy_document",
    ];
    is_candidate_name(name)
        && MARKERS
            .iter()
            .any(|marker| bytes.windows(marker.len()).any(|w| w == *marker))
}

/// Which kind of infrastructure file `text` (named `name`) is, if any:
/// `None` for a standalone policy and for any other file (the caller
/// decides whether that is a policy). Decided by the name where it is
/// specific, else by the top-level keys of the JSON.
pub fn classify(name: &str, text: &str) -> Option<SourceKind> {
    if is_terraform_name(name) {
        return Some(SourceKind::Terraform);
    }
    if is_yaml_name(name) {
        return None;
    }
    json_kind(text).map(|(kind, _)| kind)
}

/// The kind of a JSON file, by its top-level keys, and the tree read to
/// decide it, which the extractor then takes instead of reading the text
/// again. Reading the whole tree only when the text holds one of the keys
/// that can decide keeps a walk over standalone policies as fast as before.
fn json_kind(text: &str) -> Option<(SourceKind, json::Parsed<'_>)> {
    let maybe_template =
        text.contains("\"Resources\"") || text.contains("AWSTemplateFormatVersion");
    let maybe_plan = text.contains("\"format_version\"");
    let maybe_manifest = kubernetes::mentions_policy(text);
    if !maybe_template && !maybe_plan && !maybe_manifest {
        return None;
    }
    let parsed = json::parse(text);
    // A Lattice template the reader stops in is still a template: the
    // resources around the error are read on their own.
    if parsed.root.is_none() && maybe_template && text.contains("\"AWS::VpcLattice::") {
        return Some((SourceKind::CloudFormation, parsed));
    }
    let root = parsed.root.as_ref()?;
    if maybe_template && cloudformation::is_template(root) {
        return Some((SourceKind::CloudFormation, parsed));
    }
    let has = |key: &str| intrinsics::member(root, key).is_some();
    if maybe_plan
        && has("format_version")
        && (has("planned_values") || has("resource_changes") || has("configuration"))
        && matches!(root.value, Value::Object(_))
    {
        return Some((SourceKind::TerraformPlan, parsed));
    }
    // A JSON file is one document: a Kubernetes object when it has a string
    // `apiVersion` and `kind` (what [`kubernetes::is_manifest`] asks of each
    // document), asked of the borrowed tree rather than a copy of it.
    let string = |key: &str| {
        intrinsics::member(root, key).is_some_and(|n| matches!(n.value, Value::String(_)))
    };
    if maybe_manifest && string("apiVersion") && string("kind") {
        return Some((SourceKind::Kubernetes, parsed));
    }
    None
}

/// Reads the policies of an infrastructure file, or `None` when `text` is
/// not one this build can read (a standalone policy goes the usual way).
pub fn extract(
    name: &str,
    text: &str,
    options: &ExtractOptions,
) -> Option<(SourceKind, Extraction)> {
    if is_yaml_name(name) {
        return extract_yaml(text, options);
    }
    if is_terraform_name(name) {
        // `*.tf` and `*.tf.json` alike: the extractor tells them apart.
        return Some((SourceKind::Terraform, terraform::extract(text, options)));
    }
    let (kind, parsed) = json_kind(text)?;
    let extraction = match (kind, &parsed.root) {
        (SourceKind::CloudFormation, _) => cloudformation::extract_parsed(&parsed, text, options),
        (SourceKind::TerraformPlan, Some(root)) => {
            terraform_plan::extract_root(root, text, options)
        }
        // JSON is YAML: `kubectl get -o json` output reads as a manifest,
        // through the YAML reader that every manifest goes through.
        (SourceKind::Kubernetes, _) => kubernetes::extract(text, options),
        // `json_kind` says neither, and decides a plan by its tree.
        (SourceKind::Terraform | SourceKind::Policy | SourceKind::TerraformPlan, _) => return None,
    };
    Some((kind, extraction))
}

/// A YAML file: a CloudFormation or SAM template (a document with
/// `AWSTemplateFormatVersion`, or `Resources` of typed resources), or
/// Kubernetes manifests holding an `IAMAuthPolicy`. Anything else (a Helm
/// values file, a workflow, a Helm template before rendering) is `None`,
/// and is read no further than a text search when it names neither.
fn extract_yaml(text: &str, options: &ExtractOptions) -> Option<(SourceKind, Extraction)> {
    let maybe_template = text.contains("Resources") || text.contains("AWSTemplateFormatVersion");
    let maybe_manifest = kubernetes::mentions_policy(text) && !kubernetes::is_go_template(text);
    if !maybe_template && !maybe_manifest {
        return None;
    }
    let parsed = yaml::parse(text);
    if maybe_template {
        let template = parsed
            .documents
            .iter()
            .find(|d| cloudformation::is_template(d));
        let broken_template = parsed.documents.is_empty()
            && !parsed.findings.is_empty()
            && text.contains("AWSTemplateFormatVersion");
        if template.is_some() || broken_template {
            let mut extraction = match template {
                Some(root) => cloudformation::extract_template(root, text, options),
                None => Extraction::default(),
            };
            extraction.findings.splice(0..0, parsed.findings);
            if let Some(&first) = parsed.aliases.first() {
                extraction
                    .findings
                    .push(yaml::alias_finding(first, parsed.aliases.len()));
            }
            extraction.findings.sort_by_key(|f| f.span.offset());
            return Some((SourceKind::CloudFormation, extraction));
        }
    }
    if maybe_manifest && kubernetes::is_manifest(&parsed.documents) {
        let mut extraction = kubernetes::extract_documents(text, &parsed.documents, options);
        extraction.findings.splice(0..0, parsed.findings);
        extraction.findings.sort_by_key(|f| f.span.offset());
        return Some((SourceKind::Kubernetes, extraction));
    }
    None
}

/// Loads one policy of an infrastructure file for `policy eval`, `policy
/// diff` and `--baseline`: the one named `locator` (`FILE#LOCATOR`), or
/// the only one. `None` when the file is not an infrastructure file; an
/// error when the locator names nothing, or none is given and the file
/// holds several policies or none.
pub fn load_policy(
    name: &str,
    text: &str,
    locator: Option<&str>,
    options: &ExtractOptions,
    kind: PolicyKind,
) -> Option<Result<Loaded, String>> {
    let (_, extraction) = extract(name, text, options)?;
    let mut policies = extraction.policies;
    let names = || {
        policies
            .iter()
            .map(|p| format!("`{}`", p.locator))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let index = match locator {
        Some(wanted) => policies
            .iter()
            .position(|p| p.locator == wanted)
            .ok_or_else(|| {
                if policies.is_empty() {
                    format!("`{name}` holds no auth policy, so `#{wanted}` names nothing")
                } else {
                    format!("`{name}` holds no policy `{wanted}`; it holds {}", names())
                }
            }),
        None if policies.len() == 1 => Ok(0),
        None if policies.is_empty() => Err(format!("`{name}` holds no auth policy")),
        None => Err(format!(
            "`{name}` holds {} policies: name one as `{name}#LOCATOR`, one of {}",
            policies.len(),
            names()
        )),
    };
    let found = match index {
        Ok(i) => policies.swap_remove(i),
        Err(message) => return Some(Err(message)),
    };
    Some(Ok(load_found(name, text, found, kind)))
}

/// One policy `found` in the file `name` (whose text is `text`), lowered
/// for `policy eval`, `policy diff` and `--baseline`, named
/// `FILE#LOCATOR`.
pub fn load_found(name: &str, text: &str, found: FoundPolicy, kind: PolicyKind) -> Loaded {
    let mut findings = found.findings;
    let root = found.root;
    let policy = root.map(|root| {
        let Lowered {
            policy,
            findings: more,
        } = lower::lower(&root, kind);
        findings.extend(more);
        policy
    });
    findings.sort_by_key(|f| f.span.start);
    // Named as `FILE#LOCATOR`, so that what `eval` and `diff` print (and
    // the commands they suggest) say which policy of the file it is.
    Loaded {
        source: Source::new(format!("{name}#{}", found.locator), text),
        policy,
        findings,
    }
}

/// Splits `FILE#LOCATOR` at its last `#`; a name without one is the file.
pub fn split_locator(written: &str) -> (&str, Option<&str>) {
    match written.rsplit_once('#') {
        Some((file, locator)) if !file.is_empty() && !locator.is_empty() => (file, Some(locator)),
        _ => (written, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_classified_by_name_and_content() {
        let template = r#"{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}"#;
        assert_eq!(
            classify("stack.template.json", template),
            Some(SourceKind::CloudFormation)
        );
        let plan = r#"{"format_version": "1.2", "planned_values": {}}"#;
        assert_eq!(classify("plan.json", plan), Some(SourceKind::TerraformPlan));
        assert_eq!(classify("main.tf", ""), Some(SourceKind::Terraform));
        let policy = r#"{"Version": "2012-10-17", "Statement": []}"#;
        assert_eq!(classify("policy.json", policy), None);
        // A policy whose condition mentions "Resources" is still a policy.
        let tricky = r#"{"Statement": [{"Sid": "Resources", "Effect": "Allow"}]}"#;
        assert_eq!(classify("p.json", tricky), None);
        assert_eq!(classify("package.json", r#"{"name": "x"}"#), None);
    }

    #[test]
    fn names_are_compared_in_any_case_without_a_copy() {
        assert!(is_candidate_name("POLICY.JSON"));
        assert!(is_candidate_name("deploy/app.Yml"));
        assert!(is_candidate_name("main.tf"));
        assert!(!is_candidate_name("main.tfvars"));
        assert!(!is_candidate_name("policy.json.bak"));
        assert!(!is_candidate_name("tf"));
        // The suffix starts inside no character: bytes are compared.
        assert!(is_candidate_name("résumé.json"));
        assert!(!is_candidate_name("éé"));
        assert!(is_yaml_name("values.YAML"));
        assert!(!is_yaml_name("values.yaml.txt"));
        assert!(is_terraform_name("stack.TF.JSON"));
        assert!(!is_terraform_name("stack.json"));
    }

    /// What `extract` gives when it hands the extractor the tree it read
    /// to classify the file, as Debug text (`Extraction` has no equality).
    fn dispatched(name: &str, text: &str) -> Option<(SourceKind, String)> {
        extract(name, text, &ExtractOptions::default()).map(|(k, e)| (k, format!("{e:?}")))
    }

    #[test]
    fn the_tree_read_to_classify_extracts_as_the_text_would() {
        let options = ExtractOptions::default();
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/iac");
        let read = |path: &str| std::fs::read_to_string(data.join(path)).unwrap();
        for path in ["cfn/two-policies.json", "cfn/malformed.template.json"] {
            let text = read(path);
            let direct = format!("{:?}", cloudformation::extract(&text, &options));
            assert!(direct.contains("FoundPolicy"), "{path}: {direct}");
            assert_eq!(
                dispatched(path, &text),
                Some((SourceKind::CloudFormation, direct)),
                "{path}"
            );
        }
        let plan = read("terraform/plan.json");
        let direct = format!("{:?}", terraform_plan::extract(&plan, &options));
        assert!(direct.contains("FoundPolicy"), "{direct}");
        assert_eq!(
            dispatched("plan.json", &plan),
            Some((SourceKind::TerraformPlan, direct))
        );
        // A manifest in JSON (`kubectl get -o json`) is read as YAML is.
        let manifest = r#"{"apiVersion": "application-networking.k8s.aws/v1alpha1", "kind": "IAMAuthPolicy",
  "metadata": {"name": "p", "namespace": "apps"},
  "spec": {"targetRef": {"group": "gateway.networking.k8s.io", "kind": "HTTPRoute", "name": "r"},
           "policy": "{\"Version\": \"2012-10-17\", \"Statement\": []}"}}"#;
        let direct = format!("{:?}", kubernetes::extract(manifest, &options));
        assert!(direct.contains("FoundPolicy"), "{direct}");
        assert_eq!(
            dispatched("p.json", manifest),
            Some((SourceKind::Kubernetes, direct))
        );
        // Neither a policy nor other JSON is an infrastructure file.
        assert_eq!(
            dispatched("p.json", r#"{"Version": "2012-10-17", "Statement": []}"#),
            None
        );
        assert_eq!(dispatched("package.json", r#"{"name": "x"}"#), None);
        assert_eq!(
            dispatched("k.json", r#"{"kind": "IAMAuthPolicy", "apiVersion": 1}"#),
            None
        );
    }

    #[test]
    fn cdk_metadata_is_known_by_its_place() {
        assert!(is_cdk_metadata("app/cdk.out/manifest.json"));
        assert!(is_cdk_metadata("cdk.out/tree.json"));
        assert!(is_cdk_metadata("cdk.out/asm/Stack.assets.json"));
        assert!(!is_cdk_metadata("cdk.out/Stack.template.json"));
        assert!(!is_cdk_metadata("policies/manifest.json"));
    }
}
