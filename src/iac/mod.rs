//! Policies inside infrastructure files: CloudFormation and SAM templates, CDK
//! output, Terraform, Kubernetes manifests.
//!
//! Extraction turns each policy found in such a file into the same spanned
//! JSON tree a standalone policy file gives ([`crate::json::Node`]), with every
//! span pointing into the original file, so that the rest of the pipeline
//! (lowering, rules, evaluation, analysis, renderers) works unchanged and every
//! finding lands on the line the author wrote. Values known only at deploy
//! time become [`crate::json::Value::Unknown`].

mod found;
pub mod kubernetes;
pub mod offsets;
pub mod terraform;
pub mod terraform_plan;
pub mod yaml;

pub use found::{
    ExtractOptions, Extraction, FoundPolicy, SourceKind, Target, TargetKind, TargetRef,
};
