//! Conditions compiled for evaluation.
//!
//! [`CompiledCondition::compile`] turns a statement's [`Condition`] into a form
//! that evaluates a request [`Context`] without allocating: keys normalized
//! once, string and ARN values compiled into [`Pattern`]s and [`ArnPattern`]s,
//! numbers, dates, booleans, IP ranges and base64 parsed once.
//!
//! The rules, exactly as docs/semantics.md#conditions states them:
//!
//! * Every block (operator) and every clause (key) must hold: logical AND.
//! * Several policy values for one key: a positive operator holds when any
//!   value matches (OR); a negated operator (`StringNotEquals`, `NotIpAddress`,
//!   …) holds when none does.
//! * A key missing from the request: positive operators are false, negated
//!   operators true, and any operator with `IfExists` true.
//! * `Null`: `true` holds when the key is missing, `false` when it is present
//!   (an empty string is present). `ForAllValues:Null` always holds and
//!   `ForAnyValue:Null` never does.
//! * An operator without a set qualifier on a multi-valued request key is
//!   false (decision `unqualified-multivalued-false`), whatever the operator, except `Null`.
//! * `ForAllValues:` holds when the key is missing or has no values, else when
//!   every request value satisfies the operator; `ForAnyValue:` holds when some
//!   request value does (missing or empty: false; with `IfExists`, missing:
//!   true). A single-valued key is a set of one. "Satisfies" means, for each
//!   request value, the positive/negated rule above over all policy values.
//! * String operators compare case-sensitively except the `IgnoreCase` ones;
//!   only `StringLike`/`StringNotLike` have wildcards. ARN operators match field
//!   by field ([`ArnPattern`]; `ArnEquals` is `ArnLike`). Policy variables are
//!   substituted only in String and ARN values, and only when the policy
//!   version allows (decision `no-variables-in-bool`: never in `Bool`).
//! * A policy value that does not parse as its operator's type matches nothing,
//!   and so does a request value that does not parse (so a negated operator
//!   holds for it).
//!
//! [`CompiledCondition::matches`] answers; [`CompiledCondition::explain`]
//! answers and says why for every clause ([`ClauseOutcome`]).
//!
//! [`Condition`]: crate::model::Condition
//! [`Pattern`]: crate::eval::pattern::Pattern
//! [`ArnPattern`]: crate::eval::pattern::ArnPattern

mod compile;
mod eval;
mod outcome;

pub use outcome::{ClauseOutcome, ClauseReason};

use crate::model::Operator;
use crate::span::Span;

use super::context::Context;
use super::pattern::{ArnPattern, Case, Pattern};
use super::time::Timestamp;
use super::values::{Cidr, Number};

/// A statement's `Condition`, compiled for evaluation.
#[derive(Clone, Debug)]
pub struct CompiledCondition {
    blocks: Vec<Block>,
}

/// One operator and its clauses.
#[derive(Clone, Debug)]
struct Block {
    operator: Operator,
    operator_span: Span,
    clauses: Vec<Clause>,
}

/// One key and its policy values.
#[derive(Clone, Debug)]
struct Clause {
    /// The key as written.
    key: String,
    /// The key normalized for lookups.
    normalized: String,
    key_span: Span,
    values_span: Span,
    /// The values as written.
    written: Vec<String>,
    values: Values,
}

/// A clause's policy values, compiled for the operator's family. `None` marks
/// a value that did not parse: it matches nothing.
#[derive(Clone, Debug)]
enum Values {
    String(Vec<Pattern>, Case),
    Arn(Vec<ArnPattern>),
    Numeric(Vec<Option<Number>>),
    Date(Vec<Option<Timestamp>>),
    Bool(Vec<Option<bool>>),
    Binary(Vec<Option<Vec<u8>>>),
    Ip(Vec<Option<Cidr>>),
    /// `Null`: `Some(true)` asks for the key to be missing.
    Null(Vec<Option<bool>>),
}

impl CompiledCondition {
    /// True when every block and every clause holds for `ctx`. Stops at the
    /// first clause that does not; never allocates.
    pub fn matches(&self, ctx: &Context) -> bool {
        self.blocks
            .iter()
            .all(|block| block.clauses.iter().all(|c| c.holds(block.operator, ctx)))
    }

    /// Evaluates every clause, without stopping early, and says for each why it
    /// holds or not. The boolean is the same as [`CompiledCondition::matches`].
    pub fn explain(&self, ctx: &Context) -> (bool, Vec<ClauseOutcome>) {
        let outcomes: Vec<ClauseOutcome> = self
            .blocks
            .iter()
            .flat_map(|block| {
                block
                    .clauses
                    .iter()
                    .map(move |clause| clause.outcome(block, ctx))
            })
            .collect();
        (outcomes.iter().all(|o| o.result), outcomes)
    }

    /// Each clause's position (block, clause), its key normalized, and the
    /// keys (normalized) of the policy variables in its values.
    pub fn clause_reads(&self) -> Vec<((usize, usize), String, Vec<String>)> {
        let mut out = Vec::new();
        for (b, block) in self.blocks.iter().enumerate() {
            for (c, clause) in block.clauses.iter().enumerate() {
                let variables: Vec<String> = match &clause.values {
                    Values::String(patterns, _) => patterns
                        .iter()
                        .flat_map(|p| p.variable_keys())
                        .map(str::to_owned)
                        .collect(),
                    Values::Arn(patterns) => patterns
                        .iter()
                        .flat_map(|p| p.variable_keys())
                        .map(str::to_owned)
                        .collect(),
                    _ => Vec::new(),
                };
                out.push(((b, c), clause.normalized.clone(), variables));
            }
        }
        out
    }

    /// Whether clause `clause` of block `block` holds for `ctx` (false when
    /// there is no such clause).
    pub fn clause_holds(&self, block: usize, clause: usize, ctx: &Context) -> bool {
        self.blocks.get(block).is_some_and(|b| {
            b.clauses
                .get(clause)
                .is_some_and(|c| c.holds(b.operator, ctx))
        })
    }

    /// The number of clauses, over all blocks.
    pub fn clause_count(&self) -> usize {
        self.blocks.iter().map(|b| b.clauses.len()).sum()
    }
}
