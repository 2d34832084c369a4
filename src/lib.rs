//! lattice-policy
#![allow(missing_docs)]
pub mod json;
pub mod source;
pub mod span;
