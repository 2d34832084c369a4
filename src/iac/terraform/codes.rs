//! The codes reading Terraform files can report.
//!
//! Grammar-kind codes (always on): they are about the Terraform file around a
//! policy, not about what the policy allows.

use crate::diagnostic::declare_codes;

declare_codes! {
    /// Every code in this module, in declaration order.
    ALL: Grammar;
    /// The Terraform file could not be read.
    ///
    /// The HCL (`*.tf`), Terraform JSON (`*.tf.json`) or plan JSON is
    /// malformed (an unterminated heredoc or string, a missing brace, nesting
    /// deeper than 64 levels), so the policies it holds could not be found.
    /// Terraform itself refuses such a file: fix it where the finding points.
    TERRAFORM_SYNTAX_ERROR = ("terraform-syntax-error", Error, Error, "the Terraform file could not be read");
    /// The auth policy's document is not known offline and was not checked.
    ///
    /// The whole `policy` is an expression this tool does not evaluate (a
    /// `local`, a variable not given with `--var`, a function other than
    /// `jsonencode`, a policy document defined in another file), or in a
    /// plan it is unknown until apply (`after_unknown`). Give the values it
    /// depends on, check the whole module directory, or write the policy in
    /// place with `jsonencode` or `aws_iam_policy_document`.
    TERRAFORM_POLICY_UNRESOLVED = ("terraform-policy-unresolved", Info, Warning, "the Terraform policy is not known offline and was not checked");
}
