//! Policy variables (`${aws:username}`): how they are written, where they
//! may appear, and with which operators (docs/semantics.md#policy-variables).

pub(super) mod empty_variable;
pub(super) mod invalid_variable_for_operator;
pub(super) mod missing_brace_in_variable;
pub(super) mod missing_quote_in_variable;
pub(super) mod unsupported_space_in_variable;
pub(super) mod variable_unsupported_in_element;
pub(super) mod variable_unsupported_in_version;

use super::common::part_span;
use crate::lint::LintContext;
use crate::model::OperatorFamily;
use crate::span::Span;

/// What a `${...}` in a value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `${key}` or `${key, 'default'}`, written correctly.
    Variable,
    /// `${*}`, `${?}` or `${$}`: a literal `*`, `?` or `$`.
    Escape,
    /// `${` with no closing `}` (before the end or the next `${`).
    MissingBrace,
    /// `${}` or `${ }`.
    Empty,
    /// A space in the key, or around the default value other than the one
    /// after the comma.
    Space,
    /// A default value not in single quotes.
    MissingQuote,
}

/// One `${...}` as written in a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Found<'a> {
    /// Byte offset of the `$` in the value.
    pub start: usize,
    /// Byte offset one past the `}` (or the end of what was taken as the variable).
    pub end: usize,
    /// The text from `${` to `}`.
    pub written: &'a str,
    /// What it is.
    pub shape: Shape,
}

/// Every `${` in `text`, classified.
pub(crate) fn scan(text: &str) -> Vec<Found<'_>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = find_open(text, from) {
        let body_start = start + 2;
        let rest = text.get(body_start..).unwrap_or("");
        let close = rest.find('}');
        let next_open = rest.find("${");
        match close {
            Some(close) if next_open.is_none_or(|open| close < open) => {
                let end = body_start + close + 1;
                let body = rest.get(..close).unwrap_or("");
                out.push(Found {
                    start,
                    end,
                    written: text.get(start..end).unwrap_or(""),
                    shape: classify(body),
                });
                from = end;
            }
            _ => {
                let end = next_open.map_or(text.len(), |open| body_start + open);
                out.push(Found {
                    start,
                    end,
                    written: text.get(start..end).unwrap_or(""),
                    shape: Shape::MissingBrace,
                });
                from = end;
            }
        }
    }
    out
}

/// The first `${` in `text` at or after byte `from`. Looks for `$` alone first
/// (a byte search), since most values hold none.
fn find_open(text: &str, mut from: usize) -> Option<usize> {
    loop {
        let dollar = from + text.get(from..)?.find('$')?;
        if text.as_bytes().get(dollar + 1) == Some(&b'{') {
            return Some(dollar);
        }
        from = dollar + 1;
    }
}

/// Classifies the text between `${` and `}`.
fn classify(body: &str) -> Shape {
    if matches!(body, "*" | "?" | "$") {
        return Shape::Escape;
    }
    let (key, default) = match body.split_once(',') {
        Some((key, default)) => (key, Some(default)),
        None => (body, None),
    };
    if key.trim().is_empty() {
        return Shape::Empty;
    }
    if key.chars().any(char::is_whitespace) {
        return Shape::Space;
    }
    let Some(default) = default else {
        return Shape::Variable;
    };
    // The documented form is `${key, 'default'}`: one space after the comma
    // (none is accepted too), the default in single quotes, spaces allowed
    // only inside the quotes.
    let default = default.strip_prefix(' ').unwrap_or(default);
    if default.starts_with(char::is_whitespace) || default.ends_with(char::is_whitespace) {
        return Shape::Space;
    }
    let quoted = default.len() >= 2 && default.starts_with('\'') && default.ends_with('\'');
    if quoted {
        Shape::Variable
    } else {
        Shape::MissingQuote
    }
}

/// Where a value was written, for the rules that care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// A `Resource` or `NotResource` value.
    Resource,
    /// A condition value, under an operator of this family.
    Condition(OperatorFamily),
}

/// Every `Resource`/`NotResource` value and condition value of the policy:
/// the places where variables are supported by some operator.
pub(crate) fn values_with_variables<'a>(cx: &LintContext<'a>) -> Vec<(Place, &'a str, Span)> {
    let policy = cx.policy();
    let mut out = Vec::new();
    for statement in &policy.statements {
        for item in &statement.resource.items {
            out.push((Place::Resource, item.value.as_str(), item.span));
        }
    }
    for c in policy.clauses() {
        let family = c.block.operator.value.base.family();
        for value in &c.clause.values {
            out.push((Place::Condition(family), value.text.as_str(), value.span));
        }
    }
    out
}

/// Reports every `${...}` of `shape` in the values where variables are
/// supported, when the policy version enables variables.
pub(crate) fn report_shape(
    cx: &mut LintContext<'_>,
    shape: Shape,
    message: impl Fn(&str) -> String,
    help: &str,
) {
    if !cx.policy().variables_enabled() {
        return;
    }
    let mut findings = Vec::new();
    for (_, text, span) in values_with_variables(cx) {
        for found in scan(text).into_iter().filter(|f| f.shape == shape) {
            let at = part_span(cx, span, text, found.start, found.end);
            findings.push(cx.finding(at, message(found.written)).with_help(help));
        }
    }
    for finding in findings {
        cx.report(finding);
    }
}

/// The well-formed variables (not escapes) in a value.
pub(crate) fn variables(text: &str) -> impl Iterator<Item = Found<'_>> {
    scan(text)
        .into_iter()
        .filter(|f| f.shape == Shape::Variable)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shapes(text: &str) -> Vec<(&str, Shape)> {
        scan(text)
            .into_iter()
            .map(|f| (f.written, f.shape))
            .collect()
    }

    #[test]
    fn classifies_variables() {
        use Shape::*;
        assert_eq!(
            shapes("a/${aws:username}/b"),
            [("${aws:username}", Variable)]
        );
        assert_eq!(
            shapes("${*}${?}${$}"),
            [("${*}", Escape), ("${?}", Escape), ("${$}", Escape)]
        );
        assert_eq!(
            shapes("${aws:PrincipalTag/t, 'a b'}"),
            [("${aws:PrincipalTag/t, 'a b'}", Variable)]
        );
        assert_eq!(shapes("${k,'d'}"), [("${k,'d'}", Variable)]);
        assert_eq!(shapes("${k, d}"), [("${k, d}", MissingQuote)]);
        assert_eq!(shapes("${k, 'd}"), [("${k, 'd}", MissingQuote)]);
        assert_eq!(shapes("${k, ''}"), [("${k, ''}", Variable)]);
        assert_eq!(shapes("${k,  'd'}"), [("${k,  'd'}", Space)]);
        assert_eq!(shapes("${k ,'d'}"), [("${k ,'d'}", Space)]);
        assert_eq!(shapes("${ k}"), [("${ k}", Space)]);
        assert_eq!(shapes("${}${ }"), [("${}", Empty), ("${ }", Empty)]);
        assert_eq!(shapes("x${k"), [("${k", MissingBrace)]);
        assert_eq!(
            shapes("${a${b}"),
            [("${a", MissingBrace), ("${b}", Variable)]
        );
        assert_eq!(shapes("$k {x} $"), []);
    }
}
