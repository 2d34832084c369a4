//! A policy written as a JSON string inside an infrastructure file, parsed
//! with its spans moved to where each character was written.
//!
//! CloudFormation takes a policy as an object or as a JSON string; in a JSON
//! template the string is escaped (`"{\"Version\": …}"`). The string is
//! decoded with an [`OffsetMap`], the decoded text parsed as a standalone
//! policy, and every span of the tree and of its syntax errors mapped back.

use crate::diagnostic::Finding;
use crate::json::{self, Node};
use crate::span::Span;

use super::offsets::OffsetMap;

/// A policy read from a string value: its tree (spans in the original file)
/// and the syntax errors of its JSON, located in the original file.
pub struct Embedded {
    /// The tree, unless its JSON could not be read.
    pub root: Option<Node<'static>>,
    /// Its JSON's syntax errors.
    pub findings: Vec<Finding>,
}

/// Parses `decoded`, the value of the string written at `span` of `text`.
/// When the text at `span` is a JSON string literal its escapes are mapped
/// exactly; when it holds `decoded` verbatim (a plain or quoted YAML
/// scalar on one line) offsets shift; otherwise (a value computed from
/// several parts) every span is the whole string's.
pub fn parse(text: &str, span: Span, decoded: &str) -> Embedded {
    let raw = span.slice(text).unwrap_or("");
    let map = match json_string_map(raw, span.offset()) {
        Some((value, map)) if value == decoded => map,
        _ => match raw.find(decoded) {
            Some(at) if !decoded.is_empty() => {
                OffsetMap::verbatim(span.offset() + at, decoded.len())
            }
            _ => {
                let mut map = OffsetMap::new();
                map.push_replaced(decoded.len().max(1), span.offset(), span.len());
                map
            }
        },
    };
    let parsed = json::parse(decoded);
    let findings = parsed
        .errors
        .iter()
        .map(|error| {
            let mut finding = crate::load::syntax_finding(decoded, error);
            // Its fix edits the decoded text, not the file.
            finding.fix = None;
            finding.span = map.span(finding.span);
            for related in &mut finding.related {
                related.span = map.span(related.span);
            }
            finding
        })
        .collect();
    let root = parsed.root.map(|mut root| {
        root.map_spans(&|s| map.span(s));
        root.into_owned()
    });
    Embedded { root, findings }
}

/// Decodes a JSON string literal written at `base` (`raw` includes its
/// quotes), with the map from decoded offsets to the file's.
pub fn json_string_map(raw: &str, base: usize) -> Option<(String, OffsetMap)> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    let start = base + 1;
    let mut out = String::with_capacity(inner.len());
    let mut map = OffsetMap::new();
    let bytes = inner.as_bytes();
    let mut i = 0;
    while i < inner.len() {
        let rest = inner.get(i..)?;
        if !rest.starts_with('\\') {
            let run = rest.find('\\').unwrap_or(rest.len());
            out.push_str(rest.get(..run)?);
            map.push_verbatim(start + i, run);
            i += run;
            continue;
        }
        let (decoded, written) = match bytes.get(i + 1)? {
            b'"' => ('"', 2),
            b'\\' => ('\\', 2),
            b'/' => ('/', 2),
            b'b' => ('\u{8}', 2),
            b'f' => ('\u{c}', 2),
            b'n' => ('\n', 2),
            b'r' => ('\r', 2),
            b't' => ('\t', 2),
            b'u' => unicode_escape(inner.get(i..)?)?,
            _ => return None,
        };
        out.push(decoded);
        map.push_replaced(decoded.len_utf8(), start + i, written);
        i += written;
    }
    Some((out, map))
}

/// `\uXXXX`, or a surrogate pair `\uXXXX\uXXXX`: the character and how many
/// bytes were written.
fn unicode_escape(text: &str) -> Option<(char, usize)> {
    let unit = |at: usize| -> Option<u32> {
        let hex = text.get(at..at + 6)?.strip_prefix("\\u")?;
        u32::from_str_radix(hex, 16).ok()
    };
    let first = unit(0)?;
    if (0xD800..0xDC00).contains(&first) {
        let second = unit(6).filter(|s| (0xDC00..0xE000).contains(s))?;
        let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
        return char::from_u32(code).map(|c| (c, 12));
    }
    char::from_u32(first).map(|c| (c, 6))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Value;

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

    #[test]
    fn surrogate_pairs_decode() {
        let (value, map) = json_string_map(r#""a\ud83d\ude00b""#, 0).unwrap();
        assert_eq!(value, "a\u{1F600}b");
        assert_eq!(map.start(5), 14);
    }
}
