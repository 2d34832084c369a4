//! The evaluator: would VPC Lattice allow this request, and why?
//!
//! Policies are compiled once into a form that evaluates a request without
//! allocating; a request is resolved once into its caller, action, resource
//! and [`Context`]. The answer is data: a decision, the layer that decided it,
//! and for each statement why it did or did not apply.

pub mod authorizer;
pub mod bounded;
pub mod caller;
pub mod condition;
pub mod context;
pub mod decisions;
pub mod denial;
pub mod named;
pub mod pattern;
pub mod policy;
pub mod policytest;
pub mod principal;
pub mod query;
pub mod request;
pub mod requests_file;
pub mod statement;
pub mod time;
pub mod values;

pub use authorizer::{
    AuthLayer, AuthType, Authorizer, Decision, Explanation, LayerName, LayerOutcome, LayerState,
    Reason, Verdict,
};
pub use bounded::{BoundedOutcome, BoundedPolicy};
pub use caller::{Caller, Principal, PrincipalType};
pub use condition::{ClauseOutcome, ClauseReason, CompiledCondition};
pub use context::{normalize_key, Context, ContextValue};
pub use pattern::{ArnPattern, Case, Pattern};
pub use policy::{CompiledPolicy, PolicyResult};
pub use query::{parse_query, ParsedQuery, QueryError};
pub use request::{Field, Protocol, Request, RequestError, RequestSpec};
pub use statement::{CompiledStatement, ElementOutcome, Part, PartReads, StatementOutcome};
pub use time::Timestamp;
pub use values::{Cidr, Number};
