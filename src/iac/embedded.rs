//! A policy written as a JSON string inside an infrastructure file, parsed
//! with its spans moved to where each character was written.
//!
//! CloudFormation takes a policy as an object or as a JSON string; in a JSON
//! template the string is escaped (`"{\"Version\": …}"`), in YAML it is a
//! scalar. The string is decoded by [`super::decode`], the decoded text
//! parsed as a standalone policy, and every span of the tree and of its
//! syntax errors mapped back.

use crate::diagnostic::Finding;
use crate::json::Node;
use crate::span::Span;

use super::decode;

/// A policy read from a string value: its tree (spans in the original file)
/// and the syntax errors of its JSON, located in the original file.
pub struct Embedded {
    /// The tree, unless its JSON could not be read.
    pub root: Option<Node<'static>>,
    /// Its JSON's syntax errors.
    pub findings: Vec<Finding>,
}

/// Parses `decoded`, the value of the string written at `span` of `text`,
/// a JSON or YAML file: its characters are traced back to the file by
/// [`decode::host_string`].
pub fn parse(text: &str, span: Span, decoded: &str) -> Embedded {
    let map = decode::host_string(text, span, decoded);
    let parsed = decode::parse_plain(decoded, &|s| map.span(s));
    Embedded {
        root: parsed.root,
        findings: parsed.findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{self, Value};

    #[test]
    fn an_escaped_policy_string_maps_to_its_written_characters() {
        let text = r#"{"Policy": "{\"Effect\": \"Alow\", \"x\": \"\u00e9\"}"}"#;
        let parsed = json::parse(text);
        let root = parsed.root.unwrap();
        let Value::Object(members) = &root.value else {
            panic!("object")
        };
        let node = &members[0].value;
        let decoded = node.value.as_str().unwrap();
        let embedded = parse(text, node.span, decoded);
        assert!(embedded.findings.is_empty());
        let root = embedded.root.unwrap();
        let Value::Object(members) = &root.value else {
            panic!("object")
        };
        // `"Alow"` is written as `\"Alow\"` in the file.
        assert_eq!(members[0].value.span.slice(text), Some(r#"\"Alow\""#));
        assert_eq!(members[1].value.span.slice(text), Some(r#"\"\u00e9\""#));
    }

    #[test]
    fn a_string_that_is_not_json_is_a_located_syntax_error() {
        let text = r#"{"Policy": "{\"Effect\": }"}"#;
        let span = Span::new(11, text.len() - 1);
        let embedded = parse(text, span, r#"{"Effect": }"#);
        assert!(embedded.root.is_none() || !embedded.findings.is_empty());
        let at = embedded.findings[0].span;
        assert!(at.offset() >= 11 && at.offset() < text.len());
    }
}
