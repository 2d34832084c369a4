//! Query strings as written: split on `&`, never decoded, so that what a
//! finding shows is what the user wrote; [`decode`] is for reading the
//! values of the presigned `X-Amz-*` parameters.

use std::ops::Range;

use crate::span::Span;

/// One query parameter as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    /// The name, raw.
    pub name: String,
    /// The value, raw (empty for `name` without `=`).
    pub value: String,
    /// `name=value` in the request text.
    pub span: Span,
}

/// `a=1&b&&c=` as `(name, value, byte range of the parameter)`, empty pieces skipped.
pub fn split(raw: &str) -> Vec<(&str, &str, Range<usize>)> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in raw.split('&') {
        let range = start..start + piece.len();
        start = range.end + 1;
        if piece.is_empty() {
            continue;
        }
        let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
        out.push((name, value, range));
    }
    out
}

/// Percent-decodes `raw` (and `+` as a space, as forms and curl write it);
/// invalid escapes are kept as written, and bytes that are not UTF-8 are
/// replaced.
pub fn decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |at: usize| bytes.get(at).and_then(|c| (*c as char).to_digit(16));
        match (b, hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_without_decoding_and_keeps_ranges() {
        let parts = split("a=1&&b&c=%2F");
        assert_eq!(
            parts,
            vec![("a", "1", 0..3), ("b", "", 5..6), ("c", "%2F", 7..12)]
        );
        assert!(split("").is_empty());
    }

    #[test]
    fn decodes_escapes_and_plus_and_keeps_broken_escapes() {
        assert_eq!(
            decode("AKID%2F20150830%2Fus-east-1"),
            "AKID/20150830/us-east-1"
        );
        assert_eq!(decode("a+b%zz%4"), "a b%zz%4");
    }
}
