//! Helpers the rules share: walking resource values,
//! pointing at part of a string value, and the unsafe fixes that replace a
//! misspelt name with the suggested one.

use crate::eval::Pattern;
use crate::lint::LintContext;
use crate::model::{Policy, Statement};
use crate::span::{Span, Spanned};

/// Every `Resource` or `NotResource` value of the policy, in source order.
pub(crate) fn resources(policy: &Policy) -> impl Iterator<Item = &Spanned<String>> {
    policy
        .statements
        .iter()
        .flat_map(|statement| statement.resource.items.iter())
}

/// The span of `text[start..end]`, where `text` is the unescaped content of
/// the JSON string written at `value_span`. When the string was written with
/// escapes, offsets in `text` do not map onto the source, and the whole value
/// is the best span there is.
pub(crate) fn part_span(
    cx: &LintContext<'_>,
    value_span: Span,
    text: &str,
    start: usize,
    end: usize,
) -> Span {
    let written = cx.text(value_span);
    let verbatim = written
        .strip_prefix('"')
        .and_then(|w| w.strip_suffix('"'))
        .is_some_and(|inner| inner == text);
    if verbatim && start <= end && end <= text.len() {
        let base = value_span.offset() + 1;
        Span::new(base + start, base + end)
    } else {
        value_span
    }
}

/// True when `text` holds a `*` or `?` wildcard outside policy variables; the
/// escapes `${*}` and `${?}` are literal characters, not wildcards.
pub(crate) fn has_wildcards(text: &str) -> bool {
    (text.contains('*') || text.contains('?')) && Pattern::compile(text, true, true).has_wildcards()
}

/// "statement 2" or "statement `AllowGet`", for messages.
pub(crate) fn describe(statement: &Statement) -> String {
    statement.name()
}

/// The first byte of a statement, a short span to point at a whole statement.
pub(crate) fn opening(statement: &Statement) -> Span {
    Span::new(statement.span.offset(), statement.span.offset() + 1)
}

/// The unsafe fix that renames the misspelt condition key of `clause` to
/// `better`. Unsafe: no request carries the misspelt key, so the clause
/// compares against a missing value; renamed, it starts to decide, and which
/// requests the statement covers changes. Not offered for keys with a
/// suffix (`aws:PrincipalTag/team`), whose suggestion is a guess, nor when
/// the block already names `better` (it would be there twice).
pub(crate) fn rename_key_fix(
    cx: &LintContext<'_>,
    block: &crate::model::ConditionBlock,
    clause: &crate::model::Clause,
    better: &str,
) -> Option<crate::diagnostic::Fix> {
    let written = cx.text(clause.key.span);
    let quoted = written.len() >= 2 && written.starts_with('"') && written.ends_with('"');
    let taken = block
        .clauses
        .iter()
        .any(|c| c.key.value.eq_ignore_ascii_case(better));
    if !quoted || taken || better.contains('/') || clause.key.value.contains('/') {
        return None;
    }
    Some(crate::diagnostic::Fix::unsafe_(
        format!("replace `{}` with `{better}`", clause.key.value),
        vec![crate::diagnostic::Edit::replace(
            clause.key.span,
            format!("\"{better}\""),
        )],
    ))
}

/// The unsafe fix that writes `better` in place of the JSON string at `span`
/// (a misspelt action): `None` when the value is not a plain quoted string
/// or `better` would need escapes. Unsafe: the misspelt name matches no
/// request, the corrected one does, so what the statement covers changes.
pub(crate) fn replace_string_fix(
    cx: &LintContext<'_>,
    span: Span,
    better: &str,
) -> Option<crate::diagnostic::Fix> {
    let written = cx.text(span);
    let quoted = written.len() >= 2 && written.starts_with('"') && written.ends_with('"');
    let plain = !better.contains(['"', '\\']) && !better.chars().any(char::is_control);
    (quoted && plain).then(|| {
        crate::diagnostic::Fix::unsafe_(
            format!("write `{better}`"),
            vec![crate::diagnostic::Edit::replace(
                span,
                format!("\"{better}\""),
            )],
        )
    })
}
