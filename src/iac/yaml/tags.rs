//! CloudFormation's short-form YAML tags, turned into the long-form JSON
//! objects a JSON template would hold: `!Ref X` is `{"Ref": "X"}`,
//! `!GetAtt A.B` is `{"Fn::GetAtt": ["A", "B"]}`, `!Sub …` is
//! `{"Fn::Sub": …}`, and so on, so that one resolver reads both forms.

use std::borrow::Cow;

use crate::json::{Member, Node, Value};
use crate::span::Span;

/// The intrinsic functions CloudFormation writes as `!Name` in YAML and as
/// `{"Fn::Name": …}` in JSON (`Ref` and `Condition` have no `Fn::`).
const FUNCTIONS: &[&str] = &[
    "Base64",
    "Cidr",
    "Equals",
    "FindInMap",
    "ForEach",
    "GetAtt",
    "GetAZs",
    "If",
    "ImportValue",
    "Join",
    "Length",
    "Not",
    "And",
    "Or",
    "Select",
    "Split",
    "Sub",
    "ToJsonString",
    "Transform",
];

/// The long-form key of a short-form tag (`!Ref` → `Ref`, `!Sub` →
/// `Fn::Sub`), or `None` for a tag CloudFormation does not define.
pub fn long_form(suffix: &str) -> Option<Cow<'static, str>> {
    match suffix {
        "Ref" => Some(Cow::Borrowed("Ref")),
        "Condition" => Some(Cow::Borrowed("Condition")),
        other => FUNCTIONS
            .iter()
            .find(|f| **f == other)
            .map(|f| Cow::Owned(format!("Fn::{f}"))),
    }
}

/// `{key: value}`, spanning the whole tagged node, its key spanning the tag.
/// `!GetAtt Resource.Attribute` is split at its first dot, as CloudFormation
/// does (attribute names may hold dots: `Endpoint.Address`).
pub fn wrap(
    key: Cow<'static, str>,
    tag_span: Span,
    whole: Span,
    value: Node<'static>,
) -> Node<'static> {
    let value = match (&*key, value) {
        (
            "Fn::GetAtt",
            Node {
                span,
                value: Value::String(s),
            },
        ) => split_get_att(span, &s),
        (_, value) => value,
    };
    Node {
        span: whole,
        value: Value::Object(vec![Member {
            key,
            key_span: tag_span,
            value,
        }]),
    }
}

fn split_get_att(span: Span, s: &str) -> Node<'static> {
    let string = |text: &str, span: Span| Node {
        span,
        value: Value::String(Cow::Owned(text.to_owned())),
    };
    let items = match s.split_once('.') {
        // The span may include quotes; the dot is found in the written text.
        Some((resource, attribute)) => {
            let start = span.offset();
            let quoted = usize::from(span.len() > s.len());
            let dot = start + quoted + resource.len();
            vec![
                string(resource, Span::new(start, dot)),
                string(attribute, Span::new(dot + 1, span.offset() + span.len())),
            ]
        }
        None => vec![string(s, span)],
    };
    Node {
        span,
        value: Value::Array(items),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_short_form_has_its_long_form() {
        assert_eq!(long_form("Ref").as_deref(), Some("Ref"));
        assert_eq!(long_form("Condition").as_deref(), Some("Condition"));
        for f in FUNCTIONS {
            assert_eq!(long_form(f).as_deref(), Some(format!("Fn::{f}").as_str()));
        }
        assert_eq!(long_form("Include"), None);
        assert_eq!(long_form("ref"), None);
    }
}
