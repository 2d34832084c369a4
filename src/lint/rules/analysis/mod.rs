//! Rules answered by the analysis over all requests ([`crate::analysis`]):
//! statements that can never take effect, and the witnesses that the
//! security rules print.

pub(super) mod allow_overridden_by_deny;
pub(super) mod statement_covered;
pub(super) mod statement_never_applies;

use crate::analysis::{StatementFate, Witness};
use crate::diagnostic::Finding;
use crate::lint::LintContext;
use crate::model::{PolicyKind, Statement};

/// What `policy eval` command shows a witness: `policy eval FILE 'QUERY'`.
pub(crate) fn eval_hint(cx: &LintContext<'_>, query: &str) -> String {
    let file = cx.source().name();
    let file = if file == "<stdin>" {
        "-".to_owned()
    } else if file.contains([' ', '\'', '<', '>']) || file.is_empty() {
        "POLICY".to_owned()
    } else {
        file.to_owned()
    };
    if !cx.evaluable() {
        // `policy eval` refuses a policy with errors (decision `exact-spelling`).
        return format!("'{query}' (once the errors are fixed, `policy eval {file}` takes it)");
    }
    format!("policy eval {file} '{query}'")
}

/// `finding` with its help extended by a witness: "`{help}`; for example,
/// {what}: policy eval FILE 'QUERY'".
pub(crate) fn with_witness(
    cx: &LintContext<'_>,
    finding: Finding,
    what: &str,
    witness: Option<&Witness>,
) -> Finding {
    let Some(w) = witness else {
        return finding;
    };
    let help = format!(
        "{}; for example, {what}: {}",
        finding.help.clone().unwrap_or_default(),
        eval_hint(cx, &w.query)
    );
    finding.with_help(help)
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
