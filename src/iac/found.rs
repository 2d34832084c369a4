//! What extraction finds in one infrastructure file: the policies, the
//! targets they may be attached to, and what went wrong.
//!
//! Every extractor (CloudFormation and CDK output, Terraform, Terraform plan
//! JSON, Kubernetes manifests) returns an [`Extraction`]; the check pipeline
//! lowers each [`FoundPolicy`]'s tree as it lowers a standalone policy file.

use std::collections::BTreeMap;

use crate::diagnostic::Finding;
use crate::json;
use crate::span::Span;

/// Which kind of file a policy was found in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourceKind {
    /// A standalone policy document (JSON).
    Policy,
    /// A CloudFormation or SAM template, JSON or YAML; CDK synth output is one.
    CloudFormation,
    /// Terraform configuration: `*.tf` (HCL native syntax) or `*.tf.json`.
    Terraform,
    /// Terraform plan JSON (`terraform show -json PLAN`).
    TerraformPlan,
    /// Kubernetes manifests (`IAMAuthPolicy` of the AWS Gateway API Controller).
    Kubernetes,
}

/// Everything extraction found in one file.
#[derive(Clone, Debug, Default)]
pub struct Extraction {
    /// The auth policies, in file order.
    pub policies: Vec<FoundPolicy>,
    /// Services and service networks the file defines, for pairing policies
    /// with what they are attached to.
    pub targets: Vec<Target>,
    /// Which services the file associates with which service networks
    /// (`AWS::VpcLattice::ServiceNetworkServiceAssociation`,
    /// `aws_vpclattice_service_network_service_association`, a route's
    /// `parentRefs`): a request to such a service crosses both layers.
    pub associations: Vec<Association>,
    /// The services and service networks a CloudFormation template exports
    /// (`Outputs.*.Export.Name`), which another stack's `Fn::ImportValue`
    /// names: how a layer in one template is found from another.
    pub exports: Vec<Export>,
    /// Problems with the file itself (malformed YAML, an unterminated
    /// heredoc, a duplicated logical id), located in the file. A problem inside
    /// one policy belongs to that policy's [`FoundPolicy::findings`], so the
    /// other policies are still checked.
    pub findings: Vec<Finding>,
}

/// One auth policy found in an infrastructure file.
#[derive(Clone, Debug)]
pub struct FoundPolicy {
    /// Names the policy within its file, the way its tool does: a
    /// CloudFormation logical id (`ServiceAuthPolicy`), a Terraform address
    /// (`module.x.aws_vpclattice_auth_policy.this`,
    /// `data.aws_iam_policy_document.p`), a Kubernetes `namespace/name`.
    pub locator: String,
    /// Where the policy document was written in the file.
    pub span: Span,
    /// The policy document, every span pointing into the original file;
    /// `None` when it could not be read (the reason is in `findings`).
    pub root: Option<json::Node<'static>>,
    /// Problems found while extracting this policy (its embedded JSON string
    /// is malformed, an intrinsic is misused), located in the file.
    pub findings: Vec<Finding>,
    /// What the policy says it is attached to, when it says.
    pub attached_to: Option<TargetRef>,
}

/// How a policy names the service or service network it is attached to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TargetRef {
    /// A target defined in the same template, module or manifest set, by its
    /// [`Target::locator`].
    Local(String),
    /// An ARN or id given literally.
    Literal(String),
    /// An expression not known offline, as written.
    Unknown(String),
    /// Another CloudFormation stack's export (`Fn::ImportValue` of a name
    /// known offline): unknown unless a template of the same run exports it.
    Imported {
        /// The export's name.
        export: String,
        /// The expression as written.
        written: String,
    },
}

/// A service or service network a CloudFormation template exports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    /// The export's name (`Outputs.*.Export.Name`, known offline).
    pub name: String,
    /// The exported target's locator (its logical id).
    pub target: String,
}

/// A service associated with a service network, each side as the file names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Association {
    /// The service.
    pub service: TargetRef,
    /// The service network.
    pub network: TargetRef,
}

/// A service or service network an infrastructure file defines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// Its name in the file, in the same form as [`FoundPolicy::locator`].
    pub locator: String,
    /// What it is.
    pub kind: TargetKind,
    /// Its auth type (`NONE` or `AWS_IAM`) when the file sets it literally;
    /// `None` when it is not set (AWS's default is `NONE`) or not known offline
    /// (see `auth_type_unknown`).
    pub auth_type: Option<String>,
    /// True when the auth type is an expression not known offline.
    pub auth_type_unknown: bool,
    /// Where the target was defined.
    pub span: Span,
}

/// The kinds of resource an auth policy can be attached to, and the others
/// a manifest may name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TargetKind {
    /// A VPC Lattice service (`AWS::VpcLattice::Service`,
    /// `aws_vpclattice_service`, a Kubernetes `HTTPRoute` or `GRPCRoute`).
    Service,
    /// A VPC Lattice service network (`AWS::VpcLattice::ServiceNetwork`,
    /// `aws_vpclattice_service_network`, a Kubernetes `Gateway`).
    ServiceNetwork,
    /// Something that cannot take an auth policy, by its kind as written.
    Other(String),
}

/// Values the user supplies for what is otherwise unknown offline.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExtractOptions {
    /// CloudFormation parameters (`--parameter NAME=VALUE`).
    pub parameters: BTreeMap<String, String>,
    /// Terraform variables (`--var NAME=VALUE`, `--var-file`).
    pub variables: BTreeMap<String, String>,
    /// Terraform `locals` known offline, by name, given as `variables` are
    /// (a string as written, any other value as its JSON text). Filled by
    /// the Terraform reader from the module's own `locals` blocks, not by
    /// the user.
    pub locals: BTreeMap<String, String>,
    /// Placeholders in manifests (`--env NAME=VALUE`): `$NAME` and `${NAME}`.
    pub env: BTreeMap<String, String>,
    /// `AWS::AccountId` (`--account`).
    pub account: Option<String>,
    /// `AWS::Region` (`--region`).
    pub region: Option<String>,
    /// `AWS::Partition`; `aws` when not given and the region does not say otherwise.
    pub partition: Option<String>,
}
