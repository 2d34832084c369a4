//! A JSON string literal (`"{\"Version\": …}"`) decoded, with the map of its
//! escapes: a policy written as an escaped string in a CloudFormation JSON
//! template, a `*.tf.json` file or a Terraform plan.

use crate::iac::offsets::OffsetMap;
use crate::span::Span;

/// Decodes the JSON string literal written at `span` of `text` (quotes
/// included): its value and the map from the value's offsets to the file's;
/// `None` when the text there is not a string literal.
pub fn json_literal(text: &str, span: Span) -> Option<(String, OffsetMap)> {
    decode(span.slice(text)?, span.offset())
}

/// Decodes `raw`, a JSON string literal (quotes included) written at `base`.
/// An escape JSON does not define is read as the character after the
/// backslash, and a lone surrogate as U+FFFD, as the JSON reader reports
/// them rather than refusing the string.
pub fn decode(raw: &str, base: usize) -> Option<(String, OffsetMap)> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    let start = base + 1;
    let mut out = String::with_capacity(inner.len());
    let mut map = OffsetMap::new();
    let mut i = 0;
    while i < inner.len() {
        let rest = inner.get(i..)?;
        let Some(after) = rest.strip_prefix('\\') else {
            let run = rest.find('\\').unwrap_or(rest.len());
            out.push_str(rest.get(..run)?);
            map.push_verbatim(start + i, run);
            i += run;
            continue;
        };
        let (c, len) = match after.chars().next()? {
            'n' => ('\n', 2),
            't' => ('\t', 2),
            'r' => ('\r', 2),
            'b' => ('\u{8}', 2),
            'f' => ('\u{c}', 2),
            'u' => unicode_escape(rest)?,
            other => (other, 1 + other.len_utf8()),
        };
        out.push(c);
        map.push_replaced(c.len_utf8(), start + i, len);
        i += len;
    }
    Some((out, map))
}

/// `\uXXXX`, or a surrogate pair `\uXXXX\uXXXX`, at the start of `text`: the
/// character and how many bytes were written.
fn unicode_escape(text: &str) -> Option<(char, usize)> {
    let unit = |at: usize| -> Option<u32> {
        let hex = text.get(at..at + 6)?.strip_prefix("\\u")?;
        u32::from_str_radix(hex, 16).ok()
    };
    let first = unit(0)?;
    if (0xD800..0xDC00).contains(&first) {
        if let Some(second) = unit(6).filter(|s| (0xDC00..0xE000).contains(s)) {
            let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
            return char::from_u32(code).map(|c| (c, 12));
        }
    }
    Some((char::from_u32(first).unwrap_or('\u{FFFD}'), 6))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_map_to_their_text() {
        let text = r#""{\"a\":\n\"\ud83d\ude00\"}""#;
        let (value, map) = json_literal(text, Span::new(0, text.len())).unwrap_or_default();
        assert_eq!(value, "{\"a\":\n\"😀\"}");
        assert_eq!(map.span(Span::new(0, 1)), Span::new(1, 2));
        assert_eq!(map.span(Span::new(1, 2)), Span::new(2, 4));
    }

    #[test]
    fn surrogate_pairs_decode_and_lone_ones_are_replaced() {
        let (value, map) = decode(r#""a\ud83d\ude00b""#, 0).unwrap_or_default();
        assert_eq!(value, "a\u{1F600}b");
        assert_eq!(map.start(5), 14);
        let (value, _) = decode(r#""\ud83dx""#, 0).unwrap_or_default();
        assert_eq!(value, "\u{FFFD}x");
    }

    #[test]
    fn text_that_is_not_a_literal_is_none() {
        assert!(decode("abc", 0).is_none());
        assert!(decode("\"abc", 0).is_none());
        assert!(decode("\"\\u12\"", 0).is_none());
    }
}
