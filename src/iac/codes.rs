//! The codes that reading policies out of infrastructure files, and pairing
//! them with what they are attached to, can report.
//!
//! They are grammar-kind codes (always on): they are about the file and the
//! resources around a policy, not about what the policy allows.

use crate::diagnostic::declare_codes;

declare_codes! {
    /// Every code in this module, in declaration order.
    ALL: Grammar;
    /// An auth policy resource without a policy document.
    AUTH_POLICY_MISSING_DOCUMENT = ("auth-policy-missing-document", Error, Error, "an auth policy resource has no policy document");
    /// The policy is computed at deploy time and cannot be read offline.
    ///
    /// The whole policy document is an expression (a `Fn::Sub` or `Fn::If`
    /// that depends on parameters not given, a `Fn::GetAtt`; in Terraform a
    /// variable not given, a function other than `jsonencode`, a reference to
    /// another resource, a policy document defined outside the module's
    /// directory; in a plan, a policy unknown until apply, `after_unknown`),
    /// so nothing in it can be checked. Give the values it depends on
    /// (`--parameter NAME=VALUE`, `--account`, `--region`, `--var`,
    /// `--var-file`, `--env`), check the whole module directory, or write the
    /// policy in place. Terraform files reported this as
    /// `TERRAFORM_POLICY_UNRESOLVED` before; `policy explain` takes that code
    /// still.
    POLICY_NOT_RESOLVED = ("policy-not-resolved", Info, Warning, "the policy is computed at deploy time and was not checked");
    /// The policy is attached to a target whose auth type is `NONE`.
    ///
    /// A service or service network with auth type `NONE` (the default when
    /// `AuthType` is not set) does not evaluate its auth policy: every
    /// request the network lets through is allowed, whatever the policy
    /// says. Set the target's auth type to `AWS_IAM`, or remove the policy.
    AUTH_POLICY_INACTIVE = ("auth-policy-inactive", Warning, Warning, "the policy's target has auth type NONE, so the policy is not enforced");
    /// A target with auth type `AWS_IAM` and no auth policy in the same file.
    ///
    /// With `AWS_IAM` and no auth policy VPC Lattice denies every request to
    /// the target (decision `auth-type-none-allows`). Reported only when
    /// every policy in the file names its target, so none could be the
    /// missing one; a policy in another file or stack may still attach to
    /// it.
    IAM_AUTH_WITHOUT_POLICY = ("iam-auth-without-policy", Warning, Warning, "a target has auth type AWS_IAM and no auth policy, so every request is denied");
    /// Two auth policies attached to one target.
    ///
    /// A service or service network has one auth policy: a second one
    /// replaces the first at deploy time (CloudFormation, Terraform), or is
    /// marked `Conflict` and ignored (the Kubernetes controller). Merge them
    /// into one.
    DUPLICATE_AUTH_POLICY = ("duplicate-auth-policy", Error, Error, "two auth policies are attached to one target");
    /// The policy's target is a kind that cannot take an auth policy.
    ///
    /// An auth policy attaches to a service or a service network (in
    /// Kubernetes: an `HTTPRoute`, a `GRPCRoute`, a `Gateway` or a
    /// `ServiceExport`); anything else is refused or ignored at deploy time.
    AUTH_POLICY_TARGET_UNSUPPORTED = ("auth-policy-target-unsupported", Error, Error, "the policy's target cannot take an auth policy");
}
