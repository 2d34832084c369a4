#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! The integration tests, one module per area, compiled into one binary.

mod json_grammar;
mod json_properties;
