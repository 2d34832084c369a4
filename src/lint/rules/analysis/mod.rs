//! Rules answered by the analysis over all requests ([`crate::analysis`]):
//! statements that can never take effect, and the witnesses that the
//! security rules print.

pub(super) mod allow_overridden_by_deny;
pub(super) mod statement_covered;
pub(super) mod statement_never_applies;

use crate::analysis::{StatementFate, Witness};
use crate::diagnostic::{Finding, Witness as DiagnosticWitness};
use crate::lint::LintContext;
use crate::model::{PolicyKind, Statement};

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
    cx.analysis().statement_fates(0)
}

/// A statement's name for messages: its `Sid`, or its position.
fn label(statement: &Statement) -> String {
    match &statement.sid {
        Some(sid) if !sid.value.is_empty() => format!("`{}`", sid.value),
        _ => format!("#{}", statement.index + 1),
    }
}
