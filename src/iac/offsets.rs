//! Offsets in decoded text, mapped back to the file the text was written in.
//!
//! A policy embedded as a string (a Kubernetes `spec.policy` block scalar, a
//! Terraform heredoc, an escaped JSON string) is parsed from its decoded
//! content, whose offsets differ from the file's: indentation is stripped,
//! escapes are shortened. An [`OffsetMap`] records, for each stretch of the
//! decoded text, where it came from, so the parsed tree's spans can be moved
//! to the original file ([`crate::json::Node::map_spans`]).

use crate::span::Span;

/// One stretch of decoded text and where it was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    /// Where the stretch starts in the decoded text.
    decoded: usize,
    /// How many decoded bytes it covers.
    decoded_len: usize,
    /// Where it starts in the original file.
    original: usize,
    /// How many original bytes it covers: equal to `decoded_len` for text
    /// copied verbatim, different for an escape (`\n` is two bytes written,
    /// one decoded).
    original_len: usize,
}

impl Piece {
    fn verbatim(&self) -> bool {
        self.decoded_len == self.original_len
    }
}

/// Where each part of a decoded string came from. Pieces are pushed in
/// decoded order; lookups are binary searches.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OffsetMap {
    pieces: Vec<Piece>,
    decoded_len: usize,
}

impl OffsetMap {
    /// An empty map: push the decoded text's pieces in order.
    pub fn new() -> Self {
        OffsetMap::default()
    }

    /// The map of text copied verbatim from `original..original + len`.
    pub fn verbatim(original: usize, len: usize) -> Self {
        let mut map = OffsetMap::new();
        map.push_verbatim(original, len);
        map
    }

    /// `len` bytes copied unchanged from the original file at `original`.
    /// Adjacent verbatim stretches are merged.
    pub fn push_verbatim(&mut self, original: usize, len: usize) {
        if len == 0 {
            return;
        }
        if let Some(last) = self.pieces.last_mut() {
            if last.verbatim() && last.original + last.original_len == original {
                last.decoded_len += len;
                last.original_len += len;
                self.decoded_len += len;
                return;
            }
        }
        self.push(len, original, len);
    }

    /// `decoded_len` bytes that stand for `original_len` different bytes of
    /// the original at `original`: an escape such as `\n` or `\u00e9`, or a
    /// line break whose indentation was stripped. Offsets inside it map to
    /// its start, and a span ending inside it ends at its end.
    pub fn push_replaced(&mut self, decoded_len: usize, original: usize, original_len: usize) {
        if decoded_len == 0 {
            return;
        }
        self.push(decoded_len, original, original_len);
    }

    fn push(&mut self, decoded_len: usize, original: usize, original_len: usize) {
        self.pieces.push(Piece {
            decoded: self.decoded_len,
            decoded_len,
            original,
            original_len,
        });
        self.decoded_len += decoded_len;
    }

    /// The length of the decoded text described so far.
    pub fn decoded_len(&self) -> usize {
        self.decoded_len
    }

    /// The piece holding decoded byte `offset`, or the last piece when the
    /// offset is at or past the end.
    fn piece(&self, offset: usize) -> Option<&Piece> {
        let index = self.pieces.partition_point(|p| p.decoded <= offset);
        self.pieces.get(index.saturating_sub(1))
    }

    /// Where decoded byte `offset` was written.
    pub fn start(&self, offset: usize) -> usize {
        match self.piece(offset) {
            None => offset,
            Some(p) if offset >= p.decoded + p.decoded_len => p.original + p.original_len,
            Some(p) if p.verbatim() => p.original + (offset - p.decoded),
            Some(p) => p.original,
        }
    }

    /// Where a span of decoded text ending (exclusively) at `offset` ends in
    /// the original: after the whole escape when it ends inside one.
    pub fn end(&self, offset: usize) -> usize {
        if offset == 0 {
            return self.start(0);
        }
        match self.piece(offset - 1) {
            None => offset,
            Some(p) if p.verbatim() => p.original + (offset - p.decoded).min(p.original_len),
            Some(p) => p.original + p.original_len,
        }
    }

    /// A span of the decoded text, as a span of the original file.
    pub fn span(&self, span: Span) -> Span {
        let start = self.start(span.offset());
        let end = self.end(span.offset() + span.len());
        Span::new(start, end.max(start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbatim_offsets_shift() {
        let map = OffsetMap::verbatim(100, 10);
        assert_eq!(map.start(0), 100);
        assert_eq!(map.start(9), 109);
        assert_eq!(map.span(Span::new(2, 5)), Span::new(102, 105));
        assert_eq!(map.span(Span::new(0, 10)), Span::new(100, 110));
    }

    #[test]
    fn escapes_map_to_their_whole_text() {
        // Original `a\nb` at 10 (4 bytes) decodes to "a\nb" (3 bytes).
        let mut map = OffsetMap::new();
        map.push_verbatim(10, 1);
        map.push_replaced(1, 11, 2);
        map.push_verbatim(13, 1);
        assert_eq!(map.decoded_len(), 3);
        assert_eq!(map.start(1), 11);
        assert_eq!(map.start(2), 13);
        assert_eq!(map.span(Span::new(1, 2)), Span::new(11, 13));
        assert_eq!(map.span(Span::new(0, 3)), Span::new(10, 14));
    }

    #[test]
    fn stripped_indentation_is_skipped() {
        // A block scalar: "{\n" at 20, then "  }" at 22 with two spaces stripped.
        let mut map = OffsetMap::new();
        map.push_verbatim(20, 2);
        map.push_verbatim(24, 1);
        assert_eq!(map.start(2), 24);
        assert_eq!(map.span(Span::new(0, 3)), Span::new(20, 25));
        // A span ending at the line break ends there, not after the indentation.
        assert_eq!(map.span(Span::new(0, 2)), Span::new(20, 22));
    }

    #[test]
    fn adjacent_verbatim_pieces_merge() {
        let mut map = OffsetMap::new();
        map.push_verbatim(0, 3);
        map.push_verbatim(3, 3);
        assert_eq!(map.pieces.len(), 1);
        assert_eq!(map.span(Span::new(1, 6)), Span::new(1, 6));
    }

    #[test]
    fn offsets_past_the_end_stay_at_the_end() {
        let map = OffsetMap::verbatim(5, 2);
        assert_eq!(map.start(7), 7);
        assert_eq!(map.end(9), 7);
        assert_eq!(OffsetMap::new().start(3), 3);
    }
}
