//! Query strings as written: split on `&`, never decoded, so that what a
//! finding shows is what the user wrote; [`decode`] is for reading the
//! values of the presigned `X-Amz-*` parameters.

use std::ops::Range;

use super::piece::Piece;
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

/// [`decode`] of a raw value written at `raw`, each decoded byte mapped to
/// where it was written (an escape's bytes to its `%`), so that a finding
/// can highlight part of a decoded value, such as one element of a
/// presigned URL's `X-Amz-Credential`.
pub fn decode_piece(raw: &Piece) -> Piece {
    let bytes = raw.value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut offsets = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let at = u32::try_from(raw.sub_span(i..i + 1).offset()).unwrap_or(u32::MAX);
        let hex = |at: usize| bytes.get(at).and_then(|c| (*c as char).to_digit(16));
        let (byte, width) = match (b, hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => (u8::try_from(h * 16 + l).unwrap_or(b'?'), 3),
            (b'+', _, _) => (b' ', 1),
            _ => (b, 1),
        };
        out.push(byte);
        offsets.push(at);
        i += width;
    }
    // Bytes that are not UTF-8 change the length: the piece then maps
    // linearly (`Piece::mapped` falls back), which only blurs a highlight.
    Piece::mapped(
        String::from_utf8_lossy(&out).into_owned(),
        raw.span,
        offsets,
    )
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

    #[test]
    fn decoded_pieces_map_back_to_their_escapes() {
        let raw = Piece::plain("AK%2F2015%2Fus", Span::new(10, 24));
        let piece = decode_piece(&raw);
        assert_eq!(piece.value, "AK/2015/us");
        // "2015" is written at 15..19, "us" at 22..24.
        assert_eq!(piece.sub_span(3..7), Span::new(15, 19));
        assert_eq!(piece.sub_span(8..10), Span::new(22, 24));
    }
}
