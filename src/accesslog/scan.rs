//! A one-pass scanner for one JSON object at the start of a byte slice: the
//! top-level keys and their values as borrowed slices, nested objects and
//! arrays kept raw. It is what makes replay fast (no tree, no allocation
//! per field) and what bounds a record: it never looks past the slice it
//! is given, and says when the slice ends before the object does.

/// A JSON string as written between its quotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawStr<'a> {
    /// The bytes between the quotes, escapes undecoded.
    pub bytes: &'a [u8],
    /// True when `bytes` holds a `\` escape.
    pub escaped: bool,
}

impl<'a> RawStr<'a> {
    /// The string's text: borrowed when it has no escapes; `None` when it
    /// is not UTF-8, holds a raw control character (U+0000 to U+001F,
    /// which JSON requires escaped) or a bad escape. The scanner leaves
    /// these checks to here, so that only the strings used pay for them.
    pub fn text(&self) -> Option<std::borrow::Cow<'a, str>> {
        if !self.escaped {
            // A fold rather than `any`: without an early exit the loop is
            // vectorised, and the strings are short.
            let controls = self.bytes.iter().fold(false, |c, &b| c | (b < 0x20));
            if controls {
                return None;
            }
            return std::str::from_utf8(self.bytes)
                .ok()
                .map(std::borrow::Cow::Borrowed);
        }
        // Escapes are rare in access logs: let serde_json decode them (it
        // refuses raw control characters and bad escapes alike).
        let mut quoted = Vec::with_capacity(self.bytes.len() + 2);
        quoted.push(b'"');
        quoted.extend_from_slice(self.bytes);
        quoted.push(b'"');
        serde_json::from_slice::<String>(&quoted)
            .ok()
            .map(std::borrow::Cow::Owned)
    }
}

/// A top-level value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawValue<'a> {
    /// A string.
    Str(RawStr<'a>),
    /// A number, as written.
    Number(&'a [u8]),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// An object, raw (braces included).
    Object(&'a [u8]),
    /// An array, raw (brackets included).
    Array(&'a [u8]),
}

impl RawValue<'_> {
    /// What kind of value this is, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            RawValue::Str(_) => "a string",
            RawValue::Number(_) => "a number",
            RawValue::Bool(_) => "a boolean",
            RawValue::Null => "null",
            RawValue::Object(_) => "an object",
            RawValue::Array(_) => "an array",
        }
    }
}

/// Why a scan stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScanError {
    /// The slice ended inside the object: more input may complete it.
    Incomplete,
    /// The object is not JSON: the reason, and the offset where it was found.
    Invalid {
        /// What is wrong.
        reason: &'static str,
        /// Where, from the start of the slice.
        at: usize,
    },
}

/// Deeper nesting than this inside a record is refused (records nest one level).
const MAX_DEPTH: usize = 64;

fn invalid(reason: &'static str, at: usize) -> ScanError {
    ScanError::Invalid { reason, at }
}

/// Where the scan is: the input, and the end of the line being read.
///
/// JSON strings cannot hold a raw line break, so a string's closing quote
/// is searched for only up to the end of its line: one `memchr` per line
/// finds that end, and one `memchr2` per string (for `"` and `\`) finds
/// the quote, instead of a test of every byte for `"`, `\` and line
/// breaks. A string that reaches the end of its line is a record split
/// across lines, or an incomplete one when the input ends there.
struct Scanner<'a> {
    input: &'a [u8],
    /// The offset of the first line break at or after the current string's
    /// start, or `input.len()` when there is none; recomputed when a string
    /// starts past it (pretty-printed records span lines between values).
    /// It starts at 0, before every string (a record's first is at 1).
    line_end: usize,
}

impl<'a> Scanner<'a> {
    fn new(input: &'a [u8]) -> Self {
        Scanner { input, line_end: 0 }
    }

    /// Makes `line_end` the end of the line holding `at`.
    fn line_from(&mut self, at: usize) {
        if at > self.line_end {
            let rest = self.input.get(at..).unwrap_or_default();
            self.line_end = at + memchr::memchr(b'\n', rest).unwrap_or(rest.len());
        }
    }
}

/// Scans the object that starts at `input[0]` (which must be `{`), putting
/// each top-level key and value into `fields` (cleared first). Returns the
/// offset just past the closing brace.
///
/// Strings are delimited, not checked: their UTF-8 and the absence of
/// control characters are checked by [`RawStr::text`] when a value is
/// used, so the values a replay never reads cost only the search for
/// their closing quote.
pub fn scan_object<'a>(
    input: &'a [u8],
    fields: &mut Vec<(RawStr<'a>, RawValue<'a>)>,
) -> Result<usize, ScanError> {
    fields.clear();
    let mut scanner = Scanner::new(input);
    let mut at = 1;
    if input.first() != Some(&b'{') {
        return Err(invalid("a record starts with `{`", 0));
    }
    at = skip_ws(input, at);
    match input.get(at) {
        None => return Err(ScanError::Incomplete),
        Some(b'}') => return Ok(at + 1),
        _ => {}
    }
    loop {
        match input.get(at) {
            None => return Err(ScanError::Incomplete),
            Some(b'"') => {}
            Some(_) => return Err(invalid("expected a key in quotes", at)),
        }
        let (key, after) = scanner.string(at)?;
        at = skip_ws(input, after);
        match input.get(at) {
            None => return Err(ScanError::Incomplete),
            Some(b':') => at += 1,
            Some(_) => return Err(invalid("expected `:` after a key", at)),
        }
        at = skip_ws(input, at);
        let (value, after) = scanner.value(at)?;
        fields.push((key, value));
        at = skip_ws(input, after);
        match input.get(at) {
            None => return Err(ScanError::Incomplete),
            Some(b',') => at = skip_ws(input, at + 1),
            Some(b'}') => return Ok(at + 1),
            Some(_) => return Err(invalid("expected `,` or `}` after a value", at)),
        }
    }
}

fn skip_ws(input: &[u8], mut at: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\r' | b'\n') = input.get(at) {
        at += 1;
    }
    at
}

/// The error for a line break inside a string at `at`.
fn split_record(at: usize) -> ScanError {
    // A raw line break cannot be inside a JSON string: the record was
    // split across lines.
    invalid(
        "a line break inside a string (the record is split across lines)",
        at,
    )
}

impl<'a> Scanner<'a> {
    /// The string whose opening quote is at `at`, and the offset past its
    /// closing quote.
    fn string(&mut self, at: usize) -> Result<(RawStr<'a>, usize), ScanError> {
        let input = self.input;
        let start = at + 1;
        let mut i = start;
        let mut escaped = false;
        self.line_from(start);
        loop {
            let window = input.get(i..self.line_end).unwrap_or_default();
            let Some(found) = memchr::memchr2(b'"', b'\\', window) else {
                return Err(if self.line_end < input.len() {
                    split_record(self.line_end)
                } else {
                    ScanError::Incomplete
                });
            };
            i += found;
            if input.get(i) == Some(&b'"') {
                let bytes = input.get(start..i).unwrap_or_default();
                return Ok((RawStr { bytes, escaped }, i + 1));
            }
            // A backslash: the next byte is escaped, whatever it is (its
            // validity is checked when the string is decoded), except a
            // line break, which no escape can hold.
            escaped = true;
            match input.get(i + 1) {
                None => return Err(ScanError::Incomplete),
                Some(b'\n') => return Err(split_record(i + 1)),
                Some(_) => i += 2,
            }
        }
    }

    fn value(&mut self, at: usize) -> Result<(RawValue<'a>, usize), ScanError> {
        let input = self.input;
        match input.get(at) {
            None => Err(ScanError::Incomplete),
            Some(b'"') => self.string(at).map(|(s, end)| (RawValue::Str(s), end)),
            Some(b'{' | b'[') => {
                let end = self.skip_nested(at)?;
                let raw = input.get(at..end).unwrap_or_default();
                Ok((
                    if raw.first() == Some(&b'{') {
                        RawValue::Object(raw)
                    } else {
                        RawValue::Array(raw)
                    },
                    end,
                ))
            }
            Some(b't') => literal(input, at, b"true", RawValue::Bool(true)),
            Some(b'f') => literal(input, at, b"false", RawValue::Bool(false)),
            Some(b'n') => literal(input, at, b"null", RawValue::Null),
            Some(b'-' | b'0'..=b'9') => {
                let mut end = at + 1;
                while let Some(b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-') = input.get(end) {
                    end += 1;
                }
                if end == input.len() {
                    return Err(ScanError::Incomplete);
                }
                Ok((
                    RawValue::Number(input.get(at..end).unwrap_or_default()),
                    end,
                ))
            }
            Some(_) => Err(invalid("expected a value", at)),
        }
    }

    /// The offset past the object or array that starts at `at`, strings
    /// inside respected.
    fn skip_nested(&mut self, at: usize) -> Result<usize, ScanError> {
        let input = self.input;
        let mut depth = 0usize;
        let mut i = at;
        loop {
            match input.get(i) {
                None => return Err(ScanError::Incomplete),
                Some(b'{' | b'[') => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Err(invalid("nested more than 64 levels deep", i));
                    }
                    i += 1;
                }
                Some(b'}' | b']') => {
                    depth -= 1;
                    i += 1;
                    if depth == 0 {
                        return Ok(i);
                    }
                }
                Some(b'"') => i = self.string(i)?.1,
                Some(_) => i += 1,
            }
        }
    }
}

fn literal<'a>(
    input: &'a [u8],
    at: usize,
    word: &[u8],
    value: RawValue<'a>,
) -> Result<(RawValue<'a>, usize), ScanError> {
    let end = at + word.len();
    match input.get(at..end) {
        Some(w) if w == word => Ok((value, end)),
        Some(_) => Err(invalid("expected a value", at)),
        None if word.starts_with(input.get(at..).unwrap_or_default()) => Err(ScanError::Incomplete),
        None => Err(invalid("expected a value", at)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(input: &str) -> Result<(Vec<String>, usize), ScanError> {
        let mut fields = Vec::new();
        let end = scan_object(input.as_bytes(), &mut fields)?;
        Ok((
            fields
                .iter()
                .map(|(k, v)| format!("{}={}", String::from_utf8_lossy(k.bytes), v.kind()))
                .collect(),
            end,
        ))
    }

    #[test]
    fn reads_top_level_fields_and_skips_nested_values() {
        let input = r#"{"a": "x", "b": 1, "c": {"d": [1, "}"]}, "e": null, "f": true}rest"#;
        let (fields, end) = keys(input).unwrap();
        assert_eq!(
            fields,
            [
                "a=a string",
                "b=a number",
                "c=an object",
                "e=null",
                "f=a boolean"
            ]
        );
        assert_eq!(&input[end..], "rest");
    }

    #[test]
    fn says_when_the_input_ends_early_or_is_not_json() {
        assert_eq!(keys(r#"{"a": "x"#), Err(ScanError::Incomplete));
        assert_eq!(keys(r#"{"a": 12"#), Err(ScanError::Incomplete));
        assert_eq!(keys(r#"{"a": nu"#), Err(ScanError::Incomplete));
        assert!(matches!(
            keys("{\"a\": \"x\ny\"}"),
            Err(ScanError::Invalid { at: 8, .. })
        ));
        assert!(matches!(
            keys(r#"{"a" "x"}"#),
            Err(ScanError::Invalid { .. })
        ));
        assert!(matches!(
            keys(r#"{"a": nope}"#),
            Err(ScanError::Invalid { .. })
        ));
    }

    #[test]
    fn decodes_escaped_strings() {
        let mut fields = Vec::new();
        scan_object(br#"{"a": "x\"y\u00e9"}"#, &mut fields).unwrap();
        let (_, RawValue::Str(s)) = fields[0] else {
            panic!("{fields:?}")
        };
        assert_eq!(s.text().unwrap(), "x\"y\u{e9}");
    }

    #[test]
    fn a_line_break_after_a_backslash_is_a_split_record() {
        assert_eq!(
            keys("{\"a\": \"x\\\ny\"}"),
            Err(ScanError::Invalid {
                reason: "a line break inside a string (the record is split across lines)",
                at: 9
            })
        );
        // A backslash that ends the input may be completed by more input.
        assert_eq!(keys("{\"a\": \"x\\"), Err(ScanError::Incomplete));
    }

    #[test]
    fn pretty_records_have_line_breaks_between_strings_only() {
        let input = "{\n  \"a\": \"x\",\n\n  \"b\": {\"c\":\n \"}\"},\n  \"d\": \"y\"\n}";
        let (fields, end) = keys(input).unwrap();
        assert_eq!(fields, ["a=a string", "b=an object", "d=a string"]);
        assert_eq!(end, input.len());
    }

    #[test]
    fn strings_are_delimited_not_checked_until_their_text_is_asked_for() {
        // A raw tab and a byte that is not UTF-8: the scan finds the string,
        // and `text` refuses it, so only a value a replay uses is refused.
        let mut fields = Vec::new();
        scan_object(
            b"{\"a\": \"x\ty\", \"b\": \"\xff\", \"c\": \"ok\"}",
            &mut fields,
        )
        .unwrap();
        let texts: Vec<Option<String>> = fields
            .iter()
            .map(|(_, v)| match v {
                RawValue::Str(s) => s.text().map(|t| t.into_owned()),
                _ => None,
            })
            .collect();
        assert_eq!(texts, [None, None, Some("ok".to_string())]);
        // An escaped string with a raw control character is refused too.
        scan_object(b"{\"a\": \"\\n\x01\"}", &mut fields).unwrap();
        let (_, RawValue::Str(s)) = fields[0] else {
            panic!("{fields:?}")
        };
        assert!(s.escaped);
        assert_eq!(s.text(), None);
    }
}
