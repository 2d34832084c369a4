//! What every result of the JSON reader must satisfy, whatever the input,
//! and the tree as a serde_json value.

use lattice_policy::json::{Node, Parsed, SyntaxError, SyntaxErrorKind, Value, MAX_SYNTAX_ERRORS};
use lattice_policy::span::Span;

/// Checks what every result of `parse` must satisfy, whatever the input.
pub fn check_invariants(text: &str, parsed: &Parsed<'_>) {
    let inside = |s: Span| s.slice(text).is_some();
    if let Some(root) = &parsed.root {
        for s in root.spans() {
            assert!(
                inside(s),
                "{text:?}: span {s:?} is outside the text or splits a character"
            );
        }
        check_nodes(text, root);
    }
    for e in &parsed.errors {
        assert!(
            inside(e.span),
            "{text:?}: error span {:?} of {:?}",
            e.span,
            e.kind
        );
        if let Some((r, _)) = e.related {
            assert!(inside(r), "{text:?}: related span {r:?} of {:?}", e.kind);
        }
        check_error_text(text, e);
    }
    assert!(
        parsed
            .errors
            .windows(2)
            .all(|w| w[0].span.start <= w[1].span.start),
        "{text:?}: errors out of order: {:#?}",
        parsed.errors
    );
    let fatal = parsed.errors.iter().filter(|e| e.kind.is_fatal()).count();
    assert_eq!(
        fatal,
        usize::from(parsed.root.is_none()),
        "{text:?}: {:#?}",
        parsed.errors
    );
    assert!(parsed.errors.len() <= MAX_SYNTAX_ERRORS + 1, "{text:?}");
    assert_eq!(parsed.bom, text.starts_with('\u{feff}'), "{text:?}");
}

/// An error's span covers the text its kind names.
fn check_error_text(text: &str, e: &SyntaxError) {
    use SyntaxErrorKind::*;
    let shown = e.span.slice(text).unwrap();
    let at_end = e.span.is_empty() && e.span.offset() == text.len();
    let ok = match &e.kind {
        Empty | UnexpectedEnd { .. } => at_end,
        MissingComma | MissingColon | MalformedNumber => e.span.is_empty(),
        UnexpectedChar { found, .. } => shown.chars().eq([*found]),
        UnterminatedString => shown.starts_with(['"', '\'']),
        UnterminatedComment => shown.starts_with("/*") && e.span.end as usize == text.len(),
        Comment => shown.starts_with("//") || (shown.starts_with("/*") && shown.ends_with("*/")),
        TrailingComma => shown == ",",
        SingleQuotes => shown.len() >= 2 && shown.starts_with('\'') && shown.ends_with('\''),
        UnquotedKey(w) | BareWord(w) | NonFiniteNumber(w) | InvalidEscape(w) => shown == w,
        LeadingPlus => shown == "+",
        LeadingZero => {
            shown.len() > 1 && shown.starts_with('0') && shown.bytes().all(|b| b.is_ascii_digit())
        }
        ControlCharacter(c) => shown.chars().eq([*c]),
        InvalidUnicodeEscape => shown == "\\u",
        UnpairedSurrogate(u) => shown.eq_ignore_ascii_case(&format!("\\u{u:04x}")),
        DuplicateKey(k) => shown.starts_with(['"', '\'']) || shown == k,
        TrailingContent => !shown.is_empty() && e.span.end as usize == text.len(),
        TooDeep(_) => shown == "[" || shown == "{",
        TooManyErrors(_) => true,
    };
    assert!(ok, "{text:?}: {:?} points at {shown:?}", e.kind);
}

/// Children lie inside their parent, keys before their values, in source
/// order; a number's span ends with its text.
fn check_nodes(text: &str, node: &Node<'_>) {
    let within = |inner: Span, what: &str| {
        assert!(
            node.span.start <= inner.start && inner.end <= node.span.end,
            "{text:?}: {what} {inner:?} is outside its parent {:?}",
            node.span
        );
    };
    match &node.value {
        Value::Number(n) => {
            let written = node.span.slice(text).unwrap();
            assert!(
                written.ends_with(n),
                "{text:?}: number {n:?} written as {written:?}"
            );
        }
        Value::Array(items) => {
            for pair in items.windows(2) {
                assert!(
                    pair[0].span.end <= pair[1].span.start,
                    "{text:?}: items overlap"
                );
            }
            for item in items {
                within(item.span, "item");
                check_nodes(text, item);
            }
        }
        Value::Object(members) => {
            for m in members {
                within(m.key_span, "key");
                within(m.value.span, "value");
                assert!(
                    m.key_span.end <= m.value.span.start,
                    "{text:?}: key after value"
                );
                check_nodes(text, &m.value);
            }
        }
        Value::Null | Value::Bool(_) | Value::String(_) => {}
    }
}

/// The tree as a serde_json value (numbers parsed from their text by serde_json).
pub fn to_serde(node: &Node<'_>) -> serde_json::Value {
    match &node.value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(n) => serde_json::from_str(n).unwrap_or_else(|e| panic!("number {n:?}: {e}")),
        Value::String(s) => serde_json::Value::String(s.to_string()),
        Value::Array(items) => items.iter().map(to_serde).collect(),
        Value::Object(members) => {
            let map: serde_json::Map<_, _> = members
                .iter()
                .map(|m| (m.key.to_string(), to_serde(&m.value)))
                .collect();
            assert_eq!(map.len(), members.len(), "the tree kept a duplicate key");
            serde_json::Value::Object(map)
        }
    }
}
