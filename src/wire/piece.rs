//! A piece of text taken from a request, with where each of its bytes was
//! written: a curl word's quotes and backslashes mean its value is not a
//! plain slice of the command line, and a finding must still point at the
//! right characters.

use std::ops::Range;

use crate::span::Span;

/// A value and where it was written in the request text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// The value (for curl, after quotes and escapes are removed).
    pub value: String,
    /// Where the whole value was written (for curl, the whole word with its quotes).
    pub span: Span,
    /// The offset in the request text of each byte of `value`, when they are
    /// not simply `span.start + i` (empty when they are).
    offsets: Vec<u32>,
}

impl Piece {
    /// A value that is the text at `span`, byte for byte.
    pub fn plain(value: impl Into<String>, span: Span) -> Self {
        Piece {
            value: value.into(),
            span,
            offsets: Vec::new(),
        }
    }

    /// A value whose byte `i` was written at `offsets[i]`; `span` covers it all.
    pub(crate) fn mapped(value: String, span: Span, offsets: Vec<u32>) -> Self {
        if offsets.len() == value.len() {
            Piece {
                value,
                span,
                offsets,
            }
        } else {
            Piece::plain(value, span)
        }
    }

    /// The span, in the request text, of the bytes `range` of the value
    /// (the whole piece when the range is out of bounds).
    pub fn sub_span(&self, range: Range<usize>) -> Span {
        if range.start > range.end || range.end > self.value.len() {
            return self.span;
        }
        if self.offsets.is_empty() {
            let start = self.span.offset() + range.start;
            return Span::new(start, start + range.len());
        }
        if range.is_empty() {
            let at = self
                .offsets
                .get(range.start)
                .map_or(self.span.end as usize, |&o| o as usize);
            return Span::at(at);
        }
        match (
            self.offsets.get(range.start),
            self.offsets.get(range.end - 1),
        ) {
            (Some(&first), Some(&last)) => Span::new(first as usize, last as usize + 1),
            _ => self.span,
        }
    }

    /// The piece made of the bytes `range` of this one.
    pub fn slice(&self, range: Range<usize>) -> Piece {
        let value = self
            .value
            .get(range.clone())
            .unwrap_or_default()
            .to_string();
        let span = self.sub_span(range.clone());
        let offsets = self
            .offsets
            .get(range)
            .map(<[u32]>::to_vec)
            .unwrap_or_default();
        Piece {
            value,
            span,
            offsets,
        }
    }
}

impl Piece {
    /// The offset of each byte of the value in the request text.
    fn byte_offsets(&self) -> Vec<u32> {
        if self.offsets.is_empty() {
            (0..self.value.len())
                .map(|i| u32::try_from(self.span.offset() + i).unwrap_or(u32::MAX))
                .collect()
        } else {
            self.offsets.clone()
        }
    }

    /// This piece followed by `text`, whose bytes are taken to have been
    /// written where `from` was (curl's `-G` moves data into the URL).
    pub(crate) fn append(&mut self, text: &str, from: &Piece) {
        let mut offsets = self.byte_offsets();
        let from_offsets = from.byte_offsets();
        if text == from.value {
            offsets.extend(from_offsets);
        } else {
            let at = u32::try_from(from.span.offset()).unwrap_or(u32::MAX);
            offsets.extend(std::iter::repeat_n(at, text.len()));
        }
        self.value.push_str(text);
        self.span = Span::new(
            self.span.offset().min(from.span.offset()),
            (self.span.end as usize).max(from.span.end as usize),
        );
        self.offsets = offsets;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_pieces_map_linearly_and_mapped_ones_through_their_offsets() {
        let plain = Piece::plain("abc", Span::new(10, 13));
        assert_eq!(plain.sub_span(1..3), Span::new(11, 13));
        assert_eq!(plain.sub_span(2..9), Span::new(10, 13));
        // 'a"b"c' written with quotes around b: bytes at 0, 2, 4.
        let quoted = Piece::mapped("abc".into(), Span::new(0, 5), vec![0, 2, 4]);
        assert_eq!(quoted.sub_span(1..2), Span::new(2, 3));
        assert_eq!(quoted.sub_span(0..3), Span::new(0, 5));
        assert_eq!(quoted.slice(2..3).value, "c");
        assert_eq!(quoted.slice(2..3).span, Span::new(4, 5));
    }
}
