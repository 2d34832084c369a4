//! All integration tests, compiled into one binary.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod analysis;
mod analysis_properties;
mod cli;
mod corpus;
// The chain's network sources need the `call` feature (default on).
#[cfg(feature = "call")]
mod credential_chain;
mod docs_policytest;
mod docs_requests;
mod editor_knowledge;
mod editors;
mod eval_conditions;
mod eval_layers;
mod eval_properties;
mod eval_request;
mod fix_properties;
mod fuzz_regressions;
mod iac_cfn;
mod iac_input;
mod iac_layers;
mod iac_layers_across;
mod iac_tf;
mod iac_tfmodule;
mod iac_yaml;
mod json_grammar;
mod json_properties;
mod license;
mod lint_rules;
mod lowering;
mod lsp;
mod request_domains;
mod rng;
mod sample;
mod scenarios;
mod schema;
mod self_contained;
mod sigv4;
mod sigv4_botocore;
mod sigv4a;
mod sigv4a_awscrt;
mod tools;
mod unknown_ids;
mod unknown_values;
mod wire_highlights;
