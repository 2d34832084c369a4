//! Rules answered by the analysis over all requests ([`crate::analysis`]):
//! statements that can never take effect, a policy that allows nothing; and what the security rules share:
//! the witnesses they print, and the evaluator's explanation of a witness,
//! from which their per-clause labels come.

pub(super) mod allow_overridden_by_deny;
pub(super) mod allows_nothing;
pub(super) mod statement_covered;
pub(super) mod statement_never_applies;

use crate::analysis::{StatementFate, Witness, CHECK_TIME};
use crate::diagnostic::{Finding, Witness as DiagnosticWitness};
use crate::eval::statement::{CompiledStatement, StatementOutcome};
use crate::eval::{Request, RequestSpec};
use crate::lint::LintContext;
use crate::model::{Clause, PolicyKind, Statement};

/// How the evaluator fares with `statement` on `request`: every element and
/// clause, as `policy eval` explains it. A finding's per-clause labels come
/// from here, on the request the analysis found, so that they say what the
/// evaluator says.
pub(crate) fn replay(
    cx: &LintContext<'_>,
    statement: &Statement,
    request: &Request,
) -> StatementOutcome {
    CompiledStatement::compile(statement, cx.policy().variables_enabled()).explain(request)
}

/// [`replay`] on the request of a witness; `None` when it does not resolve.
pub(crate) fn replay_witness(
    cx: &LintContext<'_>,
    statement: &Statement,
    witness: &RequestSpec,
) -> Option<StatementOutcome> {
    let request = Request::resolve(witness.clone(), CHECK_TIME).ok()?;
    Some(replay(cx, statement, &request))
}

/// The clauses of `statement` whose outcome in `outcome` is `result`, with
/// their outcomes' keys matched to the model's clauses by their place.
pub(crate) fn clauses_with<'s>(
    statement: &'s Statement,
    outcome: &StatementOutcome,
    result: bool,
) -> Vec<&'s Clause> {
    let Some((_, outcomes)) = &outcome.condition else {
        return Vec::new();
    };
    statement
        .clauses()
        .map(|c| c.clause)
        .filter(|clause| {
            outcomes
                .iter()
                .any(|o| o.key_span == clause.key.span && o.result == result)
        })
        .collect()
}

/// `finding` with the request of `witness` attached as data: renderers show
/// it after the help as "`{help}`; for example, {what}: policy eval FILE
/// 'QUERY'" ([`crate::diagnostic::witness`]).
pub(crate) fn with_witness(finding: Finding, what: &str, witness: Option<&Witness>) -> Finding {
    match witness {
        Some(w) => finding.with_witness(DiagnosticWitness::new(
            w.query.clone(),
            w.spec.clone(),
            format!("for example, {what}"),
        )),
        None => finding,
    }
}

/// The fates of an auth policy's statements; empty for identity policies.
fn fates(cx: &LintContext<'_>) -> Vec<StatementFate> {
    if cx.kind() != PolicyKind::Auth {
        return Vec::new();
    }
    let (analysis, setup) = cx.analysis();
    analysis.statement_fates(setup)
}

/// A statement's name for messages, as every message names one
/// ([`Statement::name`]): "statement `AllowGet`" or "statement 2".
fn label(statement: &Statement) -> String {
    statement.name()
}
