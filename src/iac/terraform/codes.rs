//! The codes reading Terraform files can report.
//!
//! A Terraform policy not known offline is [`crate::iac::codes::POLICY_NOT_RESOLVED`],
//! the code every kind of infrastructure file shares (it was
//! `TERRAFORM_POLICY_UNRESOLVED`, which `policy explain` still takes).
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
}
