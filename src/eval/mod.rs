//! The evaluator: would VPC Lattice allow this request, and why?
//!
//! Policies are compiled once into a form that evaluates a request without
//! allocating; a request is resolved once into its caller, action, resource
//! and [`Context`]. The answer is data: a decision, the layer that decided it,
//! and for each statement why it did or did not apply.

pub mod caller;
pub mod context;
pub mod query;
pub mod request;
mod time;

pub use caller::{Caller, Principal, PrincipalType};
pub use context::{normalize_key, Context, ContextValue};
pub use query::{parse_query, ParsedQuery, QueryError};
pub use request::{Field, Protocol, Request, RequestError, RequestSpec};
