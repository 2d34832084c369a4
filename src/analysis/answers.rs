//! What the analysis answers: witnesses, yes/no/unknown answers, statement
//! fates and diffs.

use super::change::Change;
use crate::eval::request::RequestSpec;

/// A request that shows an answer, replayed through the evaluator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Witness {
    /// The request, as a what-if query `policy eval` takes.
    pub query: String,
    /// The request, as a request spec.
    pub spec: RequestSpec,
}

/// The answer to "is there a request such that …?".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Yes: this request.
    Found(Box<Witness>),
    /// No request: exact.
    NoRequest,
    /// The analysis cannot say "no" exactly, for these reasons.
    Unknown(Vec<String>),
}

/// What can become of a statement, over every request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatementFate {
    /// It applies to some request and decides some request.
    Live,
    /// It applies to no request: its elements and conditions never hold together.
    NeverApplies,
    /// An `Allow` that applies only to requests a `Deny` of the same policy denies.
    Overridden,
    /// Every request it applies to, statement `0` (an index) of the same
    /// effect also applies to.
    RedundantWith(usize),
}

/// The requests whose decision changes from an old setup to a new one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diff {
    /// Allowed by the new setup, denied by the old.
    pub gained: Vec<Change>,
    /// Allowed by the old setup, denied by the new.
    pub lost: Vec<Change>,
    /// Why "no change" may not be exact (empty when it is).
    pub inexact: Vec<String>,
}
