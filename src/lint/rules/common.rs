//! Helpers the rules share: walking resource values, and
//! pointing at part of a string value.

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
