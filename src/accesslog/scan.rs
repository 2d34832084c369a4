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
    /// is not UTF-8 or holds a bad escape.
    pub fn text(&self) -> Option<std::borrow::Cow<'a, str>> {
        if !self.escaped {
            return std::str::from_utf8(self.bytes)
                .ok()
                .map(std::borrow::Cow::Borrowed);
        }
        // Escapes are rare in access logs: let serde_json decode them.
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

/// Scans the object that starts at `input[0]` (which must be `{`), putting
/// each top-level key and value into `fields` (cleared first). Returns the
/// offset just past the closing brace.
pub fn scan_object<'a>(
    input: &'a [u8],
    fields: &mut Vec<(RawStr<'a>, RawValue<'a>)>,
) -> Result<usize, ScanError> {
    fields.clear();
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
        let (key, after) = scan_string(input, at)?;
        at = skip_ws(input, after);
        match input.get(at) {
            None => return Err(ScanError::Incomplete),
            Some(b':') => at += 1,
            Some(_) => return Err(invalid("expected `:` after a key", at)),
        }
        at = skip_ws(input, at);
        let (value, after) = scan_value(input, at)?;
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

/// The string whose opening quote is at `at`, and the offset past its closing quote.
fn scan_string(input: &[u8], at: usize) -> Result<(RawStr<'_>, usize), ScanError> {
    let start = at + 1;
    let mut i = start;
    let mut escaped = false;
    loop {
        let rest = input.get(i..).ok_or(ScanError::Incomplete)?;
        let Some(found) = memchr::memchr3(b'"', b'\\', b'\n', rest) else {
            return Err(ScanError::Incomplete);
        };
        i += found;
        match input.get(i) {
            Some(b'"') => {
                let bytes = input.get(start..i).unwrap_or_default();
                if bytes.iter().any(|&b| b < 0x20) {
                    return Err(invalid("a control character inside a string", i));
                }
                return Ok((RawStr { bytes, escaped }, i + 1));
            }
            Some(b'\\') => {
                escaped = true;
                if input.get(i + 1).is_none() {
                    return Err(ScanError::Incomplete);
                }
                i += 2;
            }
            // A raw line break cannot be inside a JSON string: the record
            // was split across lines.
            _ => {
                return Err(invalid(
                    "a line break inside a string (the record is split across lines)",
                    i,
                ))
            }
        }
    }
}

fn scan_value(input: &[u8], at: usize) -> Result<(RawValue<'_>, usize), ScanError> {
    match input.get(at) {
        None => Err(ScanError::Incomplete),
        Some(b'"') => scan_string(input, at).map(|(s, end)| (RawValue::Str(s), end)),
        Some(b'{' | b'[') => {
            let end = skip_nested(input, at)?;
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

/// The offset past the object or array that starts at `at`, strings inside
/// respected.
fn skip_nested(input: &[u8], at: usize) -> Result<usize, ScanError> {
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
            Some(b'"') => i = scan_string(input, i)?.1,
            Some(_) => i += 1,
        }
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
}
