//! The policy model: what a policy says, with the span of every part.
//!
//! The model is produced by [`crate::lower`] from the JSON tree. It holds only
//! statements that lowered without errors, in source order.

mod condition;
mod fixed_ids;
mod operator;
mod principal;
mod unknown;

pub use condition::{Clause, Condition, ConditionBlock, ConditionValue, JsonKind};
pub use fixed_ids::{IdKind, IdSlot};
pub use operator::{BaseOperator, Operator, OperatorFamily, SetQualifier};
pub use principal::{
    is_account_id, AwsPrincipal, PrincipalElement, PrincipalEntry, PrincipalKind, Principals,
};
pub use unknown::{names_one_account, Bound, Unknown, UnknownPlace};

use std::fmt;

use crate::span::{Span, Spanned};

/// Implements `PartialEq` over the named fields only, leaving out the plain
/// spans: two policies that say the same thing compare equal whatever their
/// layout. (`Spanned` fields already ignore their spans.)
macro_rules! eq_ignoring_spans {
    ($($ty:ident { $($field:ident),* $(,)? })*) => {
        $(
            impl PartialEq for $ty {
                fn eq(&self, other: &Self) -> bool {
                    true $(&& self.$field == other.$field)*
                }
            }
        )*
    };
}

eq_ignoring_spans! {
    Policy { kind, version, id, statements, unknowns }
    Statement { index, sid, effect, principal, action, resource, condition }
    Patterns { negated, items }
    PrincipalElement { negated, value }
    Condition { blocks }
    ConditionBlock { operator, clauses }
    Clause { key, is_list, values }
    ConditionValue { text, json }
}

/// Which kind of policy a document is, which decides what it must contain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum PolicyKind {
    /// A VPC Lattice auth policy (a resource policy): every statement names a principal.
    #[default]
    Auth,
    /// An IAM identity policy: no statement names a principal.
    Identity,
}

impl PolicyKind {
    /// `auth` or `identity`.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyKind::Auth => "auth",
            PolicyKind::Identity => "identity",
        }
    }
}

/// The policy language version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Version {
    /// `2008-10-17`: policy variables are literal text.
    V2008_10_17,
    /// `2012-10-17`: the current language, with policy variables.
    V2012_10_17,
}

impl Version {
    /// Both versions, newest first.
    pub const ALL: [Version; 2] = [Version::V2012_10_17, Version::V2008_10_17];

    /// The version string.
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V2008_10_17 => "2008-10-17",
            Version::V2012_10_17 => "2012-10-17",
        }
    }

    /// The version a string names, if any.
    pub fn parse(s: &str) -> Option<Version> {
        Version::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// A whole policy document.
#[derive(Clone, Debug)]
pub struct Policy {
    /// Auth (resource) or identity policy.
    pub kind: PolicyKind,
    /// `Version`, when present and valid.
    pub version: Option<Spanned<Version>>,
    /// `Id`, when present.
    pub id: Option<Spanned<String>>,
    /// The statements that lowered without errors, in source order.
    pub statements: Vec<Statement>,
    /// The whole document.
    pub span: Span,
    /// The values known only at deploy time, in source order: left out of the
    /// elements they stand in, and bounded by [`Policy::bound`].
    pub unknowns: Vec<Unknown>,
}

impl Policy {
    /// Every condition clause of the policy, in source order (statements,
    /// then blocks, then keys), each with its statement and block.
    pub fn clauses(&self) -> impl Iterator<Item = ClauseRef<'_>> {
        self.statements.iter().flat_map(Statement::clauses)
    }

    /// True when `${...}` in values are policy variables: only under `2012-10-17`
    /// (a missing `Version` means `2008-10-17`, decision `missing-version-is-2008`).
    pub fn variables_enabled(&self) -> bool {
        self.version.as_ref().map(|v| v.value) == Some(Version::V2012_10_17)
    }
}

/// `Allow` or `Deny`: what a statement says. (The evaluator's answer is a separate type.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Effect {
    /// `Allow`.
    Allow,
    /// `Deny`.
    Deny,
}

impl Effect {
    /// `Allow` or `Deny`.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How every message names a statement: "statement `AllowGet`" when it has
/// a `Sid`, else "statement 2" (counting from 1). One wording everywhere, so
/// that a finding, an explanation and a diff name the same statement alike.
pub fn statement_name(index: usize, sid: Option<&str>) -> String {
    match sid {
        Some(sid) if !sid.is_empty() => format!("statement `{sid}`"),
        _ => format!("statement {}", index + 1),
    }
}

/// One statement.
#[derive(Clone, Debug)]
pub struct Statement {
    /// Position among the document's statements, counting from 0 (including any
    /// that did not lower), so messages can say "statement 3".
    pub index: usize,
    /// The statement object.
    pub span: Span,
    /// `Sid`.
    pub sid: Option<Spanned<String>>,
    /// `Effect`.
    pub effect: Spanned<Effect>,
    /// `Principal` or `NotPrincipal`; always present in auth policies, never in identity policies.
    pub principal: Option<PrincipalElement>,
    /// `Action` or `NotAction`.
    pub action: Patterns,
    /// `Resource` or `NotResource`.
    pub resource: Patterns,
    /// `Condition`.
    pub condition: Option<Condition>,
}

impl Statement {
    /// Its name in messages ([`statement_name`]).
    pub fn name(&self) -> String {
        statement_name(self.index, self.sid.as_ref().map(|s| s.value.as_str()))
    }

    /// The statement's condition clauses in source order (blocks, then
    /// keys), each with its block.
    pub fn clauses(&self) -> impl Iterator<Item = ClauseRef<'_>> {
        self.condition
            .iter()
            .flat_map(|condition| &condition.blocks)
            .flat_map(move |block| {
                block.clauses.iter().map(move |clause| ClauseRef {
                    statement: self,
                    block,
                    clause,
                })
            })
    }
}

/// One condition clause, with the statement and the operator block it
/// belongs to: what [`Policy::clauses`] and [`Statement::clauses`] yield.
/// Each part keeps its spans (`block.operator.span`, `clause.key.span`,
/// `clause.span`).
#[derive(Clone, Copy, Debug)]
pub struct ClauseRef<'a> {
    /// The statement.
    pub statement: &'a Statement,
    /// The operator block.
    pub block: &'a ConditionBlock,
    /// The clause: one key and its values.
    pub clause: &'a Clause,
}

impl ClauseRef<'_> {
    /// The block's operator.
    pub fn operator(&self) -> Operator {
        self.block.operator.value
    }
}

/// An `Action`/`NotAction` or `Resource`/`NotResource` element: wildcard patterns.
#[derive(Clone, Debug)]
pub struct Patterns {
    /// True for the `Not` form.
    pub negated: bool,
    /// The element's key (`"Action"`).
    pub key_span: Span,
    /// The element's value (a string or an array).
    pub span: Span,
    /// The patterns, in source order (a single string becomes one item).
    pub items: Vec<Spanned<String>>,
}
