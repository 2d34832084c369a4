//! The spanned JSON tree.

use std::borrow::Cow;

use crate::span::Span;

/// A JSON value and the span of its text (for strings, including the quotes).
#[derive(Clone, Debug, PartialEq)]
pub struct Node<'a> {
    /// Where the value was written.
    pub span: Span,
    /// The value.
    pub value: Value<'a>,
}

/// A JSON value. Strings borrow from the source unless they contain escapes.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, kept as written (`10`, `-1.5e3`) so nothing is lost to rounding.
    Number(Cow<'a, str>),
    /// A string, unescaped.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Node<'a>>),
    /// An object, members in source order; duplicate keys have been removed.
    Object(Vec<Member<'a>>),
    /// A value known only when the infrastructure is deployed: a CloudFormation
    /// intrinsic, a Terraform reference or interpolation, a `$VAR` placeholder
    /// in a manifest. The JSON reader never produces it; extraction from
    /// infrastructure files does. The text is the expression as written, for
    /// messages.
    Unknown(Cow<'a, str>),
}

/// One `"key": value` member of an object.
#[derive(Clone, Debug, PartialEq)]
pub struct Member<'a> {
    /// The key, unescaped.
    pub key: Cow<'a, str>,
    /// Where the key was written, including its quotes.
    pub key_span: Span,
    /// The member's value.
    pub value: Node<'a>,
}

impl<'a> Value<'a> {
    /// The JSON type name used in messages: `string`, `number`, `boolean`, `null`, `array`, `object`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
            Value::Unknown(_) => "unknown value",
        }
    }

    /// The string, when this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}

impl<'a> Node<'a> {
    /// The same tree, owning its text: for a policy parsed from a string that
    /// was decoded out of an infrastructure file (a YAML block scalar, an HCL
    /// heredoc) and outlives that string.
    pub fn into_owned(self) -> Node<'static> {
        let value = match self.value {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(b),
            Value::Number(n) => Value::Number(Cow::Owned(n.into_owned())),
            Value::String(s) => Value::String(Cow::Owned(s.into_owned())),
            Value::Unknown(e) => Value::Unknown(Cow::Owned(e.into_owned())),
            Value::Array(items) => Value::Array(items.into_iter().map(Node::into_owned).collect()),
            Value::Object(members) => Value::Object(
                members
                    .into_iter()
                    .map(|m| Member {
                        key: Cow::Owned(m.key.into_owned()),
                        key_span: m.key_span,
                        value: m.value.into_owned(),
                    })
                    .collect(),
            ),
        };
        Node {
            span: self.span,
            value,
        }
    }

    /// True when both trees hold the same document, wherever and however it
    /// was written (spans, whitespace and escapes aside): two versions of a
    /// policy whose text moved or was reformatted are the same policy.
    pub fn same_document(&self, other: &Node<'_>) -> bool {
        match (&self.value, &other.value) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Number(a), Value::Number(b))
            | (Value::String(a), Value::String(b))
            | (Value::Unknown(a), Value::Unknown(b)) => a == b,
            (Value::Array(a), Value::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_document(y))
            }
            (Value::Object(a), Value::Object(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|(x, y)| x.key == y.key && x.value.same_document(&y.value))
            }
            _ => false,
        }
    }

    /// Moves every span (values and keys) through `map`: for a tree parsed
    /// from decoded text, to point into the file the text was decoded from.
    pub fn map_spans(&mut self, map: &impl Fn(Span) -> Span) {
        self.span = map(self.span);
        match &mut self.value {
            Value::Array(items) => items.iter_mut().for_each(|n| n.map_spans(map)),
            Value::Object(members) => members.iter_mut().for_each(|m| {
                m.key_span = map(m.key_span);
                m.value.map_spans(map);
            }),
            _ => {}
        }
    }

    /// Every span in the tree (keys and values), for checks that spans stay inside the input.
    pub fn spans(&self) -> Vec<Span> {
        let mut out = Vec::new();
        self.collect_spans(&mut out);
        out
    }

    fn collect_spans(&self, out: &mut Vec<Span>) {
        out.push(self.span);
        match &self.value {
            Value::Array(items) => items.iter().for_each(|n| n.collect_spans(out)),
            Value::Object(members) => members.iter().for_each(|m| {
                out.push(m.key_span);
                m.value.collect_spans(out);
            }),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_same_document_is_found_through_layout_and_escapes() {
        let a = crate::json::parse(r#"{"a": [1, "x"], "b": null}"#)
            .root
            .unwrap();
        let b = crate::json::parse("{\n  \"a\":[1,\"\\u0078\"],\n  \"b\":null}")
            .root
            .unwrap();
        let c = crate::json::parse(r#"{"b": null, "a": [1, "x"]}"#)
            .root
            .unwrap();
        assert!(a.same_document(&b));
        // Order is kept: a reordered policy is compared, not skipped.
        assert!(!a.same_document(&c));
    }
}
