//! Analysis over all requests: can anything reach the service anonymously,
//! from an account the policy never names, or at all through a statement?
//! It is the one engine the rules ask who gets in: a rule states its
//! question as data ([`Question`]: which callers, over which protocols, from
//! which networks, through which statement, lacking which key) and
//! [`Analysis::ask`] answers it.
//!
//! A concrete what-if ([`crate::eval`]) answers one request. The analysis
//! answers for every request at once, offline and exactly, and always backs a
//! "yes" with a witness: a concrete request that the evaluator itself allows
//! (or denies), printed as a what-if query.
//!
//! # How
//!
//! Request values matter only through the constants and patterns the
//! policies mention, so each request field splits into finitely many classes
//! ([`space`]): for strings, one witness for every combination of patterns a
//! string can match and fail ([`glob`], an exact product-automaton search);
//! for numbers, dates and addresses, each bound and its neighbours; for
//! optional fields, also "absent". A header, query key or tag with many
//! distinct clauses would have exponentially many classes: it is described
//! instead by the clauses its value satisfies (`text_sets`), whose
//! combinations are searched for only when a question needs them. Each principal tag is a field of its
//! own, so that tags cost what fields cost, not what their combinations
//! would; only a signed caller has tags, so a pass's requests are the
//! anonymous caller without tags and the signed callers with any. Each part of a statement (its principal,
//! resource, each condition clause) reads one field, or a few that are then
//! treated together, so a statement is a *box*: for each field group, the set
//! of classes for which its parts hold. What a policy allows is a union of
//! boxes minus the boxes of its `Deny` statements (`region`), computed with
//! exact set operations; the layers combine as docs/semantics.md#layers-and-auth-types says.
//!
//! Every witness is replayed through the [`Authorizer`](crate::eval::Authorizer)
//! before it is reported. A claim that *no* request exists is only made when
//! the split was exact; otherwise the answer is [`Answer::Unknown`] with the
//! reasons (a policy variable that takes its value from another field,
//! `aws:userid`, a search that ran out of budget, the analysis's [`Budget`]
//! spent).
//!
//! # Where things are
//!
//! * `layers`: the setups compared ([`Layers`]), and their handles
//!   ([`Setups::add`] gives a [`Setup`]).
//! * [`space`]: the request fields ([`space::Dim`]), which field each
//!   condition key reads, what the policies mention, and each field's split
//!   (callers; ports, times and addresses; strings through [`glob`]).
//! * `text_sets`: a text field split by its clauses, its sets of values
//!   as conjunctions of clause atoms, decided by product searches.
//! * `statement_cubes`: one protocol's field groups and each statement's
//!   cube, found by evaluating each statement part on every value of the
//!   fields it reads.
//! * `setups`: [`Analysis::new`] (compile, split, build cubes), the region a
//!   setup allows, and replaying a request through a setup's evaluator.
//! * `question` and `questions`: what can be asked ([`Question`],
//!   [`Analysis::allowed_by_both`], [`Analysis::statement_fates`],
//!   [`Analysis::diff`]) and how it is answered.
//! * `change` and `classes`: a class of changed requests as data
//!   ([`Change`]); its wording is [`crate::wording`]'s.
//! * `answers`: [`Answer`], [`Witness`], [`StatementFate`], [`Diff`].
//! * `blame`: which part of a statement that never applies is at fault
//!   ([`Analysis::blame`], [`Blame`]).
//! * `budget`: the work an analysis may do ([`Budget`]: steps of work
//!   counted, not the clock's time, and memory) and its meter; past it,
//!   every question answers [`Answer::Unknown`] with the reason.
//! * `invariant`: `--never` patterns as policies ([`Invariant`]).
//! * `versions`: two versions of one policy compared, either absent or
//!   holding deploy-time values ([`compare_versions`], for `policy diff
//!   --git-base`).
//! * [`replay`]: a witness replayed through the evaluator, for the tests
//!   and fuzz targets that hold the analysis to it.

mod answers;
mod blame;
mod budget;
mod change;
mod classes;
pub mod glob;
mod invariant;
mod layers;
mod question;
mod questions;
mod region;
pub mod replay;
mod reproduce;
mod setups;
pub mod space;
mod statement_cubes;
mod text_sets;
mod versions;

pub use answers::{Answer, Diff, StatementFate, Witness};
pub use blame::Blame;
pub use budget::{Budget, BudgetError, BUDGET_SYNTAX};
pub use change::{CallerClass, Change, Constraint, OrgPaths, Orgs, TargetClass, Value, ValueSet};
pub use invariant::{InvalidInvariant, Invariant};
pub use layers::{Layers, Setup, Setups};
pub use question::{Callers, Networks, Protocols, Question};
pub use reproduce::{reproduce, reproduce_identity, Reproduction};
pub use setups::Analysis;
pub use versions::{
    compare_layered, compare_versions, CompareOptions, Version, VersionChange, VersionDiff,
};

use crate::eval::Timestamp;

/// The time `policy check` gives requests whose time no policy constrains:
/// fixed, so that findings and witnesses do not change from one run to the
/// next (2026-01-01T00:00:00Z).
pub const CHECK_TIME: Timestamp = Timestamp::from_millis(1_767_225_600_000);
