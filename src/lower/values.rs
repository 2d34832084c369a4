//! Reading element values of the expected JSON type.

use super::Report;
use crate::diagnostic::{codes, Finding};
use crate::json::{Node, Value};
use crate::model::UnknownPlace;
use crate::span::Spanned;

/// "a string", "an array".
pub(crate) fn article(type_name: &str) -> String {
    if type_name == "null" {
        return "null".into();
    }
    match type_name.as_bytes().first() {
        Some(b'a' | b'e' | b'i' | b'o' | b'u') => format!("an {type_name}"),
        _ => format!("a {type_name}"),
    }
}

/// "`A`, `B` or `C`".
pub(crate) fn list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => format!("`{one}`"),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(|s| format!("`{s}`")).collect();
            format!("{} or `{last}`", init.join(", "))
        }
    }
}

/// `DATA_TYPE_MISMATCH`: "`what` must be `expected`, not a number", with help
/// for the shapes that usually cause it.
pub(crate) fn mismatch(node: &Node<'_>, what: &str, expected: &str) -> Finding {
    Finding::new(
        &codes::DATA_TYPE_MISMATCH,
        node.span,
        format!(
            "{what} must be {expected}, not {}",
            article(node.value.type_name())
        ),
    )
    .with_optional_help(mismatch_help(node, expected))
}

fn mismatch_help(node: &Node<'_>, expected: &str) -> Option<String> {
    match &node.value {
        Value::Object(members) => {
            let key = members.first().map(|m| m.key.as_ref()).unwrap_or("");
            (members.len() == 1 && (key == "Ref" || key.starts_with("Fn::"))).then(|| {
                format!(
                    "`{key}` is a CloudFormation function: check the policy as deployed, with its values resolved"
                )
            })
        }
        Value::Array(_) if expected.starts_with("a string") && !expected.contains("array") => {
            Some("remove the inner brackets: a list holds values, not lists".into())
        }
        Value::Null => Some("give the element a value, or leave it out".into()),
        Value::Number(n) if expected.contains("string") => {
            Some(format!("write it as a string: `\"{n}\"`"))
        }
        Value::Bool(b) if expected.contains("string") => {
            Some(format!("write it as a string: `\"{b}\"`"))
        }
        _ => None,
    }
}

/// A string element such as `Sid` or `Id`.
pub(crate) fn string(report: &mut Report, node: &Node<'_>, what: &str) -> Option<Spanned<String>> {
    match &node.value {
        Value::String(s) => Some(Spanned::new(s.to_string(), node.span)),
        _ => {
            report.push(mismatch(node, what, "a string"));
            None
        }
    }
}

/// A string or an array of strings (`Action`, `Resource`, principal values).
/// Reports every item of the wrong type; `None` when there was any. A value
/// known only at deploy time, the whole list or an item, is recorded as
/// standing for `place` and left out of the list.
pub(crate) fn string_list(
    report: &mut Report,
    node: &Node<'_>,
    what: &str,
    place: UnknownPlace,
) -> Option<Vec<Spanned<String>>> {
    let expected = "a string or an array of strings";
    match &node.value {
        Value::String(s) => Some(vec![Spanned::new(s.to_string(), node.span)]),
        Value::Unknown(_) => {
            report.unknown(node, place);
            Some(Vec::new())
        }
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            let mut ok = true;
            for item in items {
                match &item.value {
                    Value::String(s) => out.push(Spanned::new(s.to_string(), item.span)),
                    Value::Unknown(_) => report.unknown(item, place),
                    _ => {
                        ok = false;
                        report.push(mismatch(item, &format!("each item of {what}"), "a string"));
                    }
                }
            }
            ok.then_some(out)
        }
        _ => {
            report.push(mismatch(node, what, expected));
            None
        }
    }
}
