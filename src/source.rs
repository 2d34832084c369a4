//! A policy's text with its name, and conversion from byte offsets to lines and columns.

use std::sync::{Arc, OnceLock};

use crate::span::Span;

/// The name standard input is shown under.
pub const STDIN_NAME: &str = "<stdin>";

/// The text of one input (a file or standard input) and the name to show for it.
///
/// Finding a position is `O(log lines)` plus, for non-ASCII text, a count over
/// at most [`CHECKPOINT_STRIDE`] bytes, so that reporting thousands of findings
/// in one huge single-line file stays linear. The line index is built the first
/// time a position is asked for: most files checked have no finding to place.
#[derive(Clone, Debug)]
pub struct Source {
    name: Arc<str>,
    text: Arc<str>,
    index: Arc<OnceLock<Index>>,
}

/// Where lines start, and character counts for non-ASCII text.
#[derive(Debug)]
struct Index {
    line_starts: Box<[u32]>,
    /// For non-ASCII text: entry `k` is the number of characters before byte
    /// `k * CHECKPOINT_STRIDE`. Empty for ASCII text, where bytes are characters.
    char_checkpoints: Box<[u32]>,
}

impl Index {
    fn new(text: &str) -> Index {
        let mut starts = vec![0u32];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX)),
        );
        let char_checkpoints: Vec<u32> = if text.is_ascii() {
            Vec::new()
        } else {
            let mut total = 0usize;
            let mut out = vec![0u32];
            for chunk in text.as_bytes().chunks(CHECKPOINT_STRIDE) {
                total += count_chars(chunk);
                out.push(u32::try_from(total).unwrap_or(u32::MAX));
            }
            out
        };
        Index {
            line_starts: starts.into(),
            char_checkpoints: char_checkpoints.into(),
        }
    }
}

/// Bytes between two character-count checkpoints.
pub const CHECKPOINT_STRIDE: usize = 4096;

/// Characters in `bytes`, which may start or end inside a character: counts the
/// bytes that begin one.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// A 1-based line and column. Columns count Unicode scalar values, not bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Source {
    /// A source named `name` holding `text`.
    pub fn new(name: impl Into<Arc<str>>, text: impl Into<Arc<str>>) -> Self {
        Source {
            name: name.into(),
            text: text.into(),
            index: Arc::new(OnceLock::new()),
        }
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::new(&self.text))
    }

    /// The number of characters before byte `offset`.
    fn char_index(&self, offset: usize) -> usize {
        let checkpoints = &self.index().char_checkpoints;
        if checkpoints.is_empty() {
            return offset;
        }
        let block = offset / CHECKPOINT_STRIDE;
        let base = checkpoints.get(block).copied().unwrap_or(0) as usize;
        let from = block * CHECKPOINT_STRIDE;
        base + count_chars(self.text.as_bytes().get(from..offset).unwrap_or(&[]))
    }

    /// The number of characters (Unicode scalar values) before byte `offset`,
    /// which is clamped to the text.
    pub fn char_offset(&self, offset: usize) -> usize {
        self.char_index(offset.min(self.text.len()))
    }

    /// The name shown in diagnostics (a path, or `<stdin>`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The full text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The shared text, for renderers that keep their own handle.
    pub fn shared_text(&self) -> Arc<str> {
        Arc::clone(&self.text)
    }

    /// The line and column of a byte offset. Offsets past the end map to the end;
    /// an offset inside a multi-byte character maps to the character after it.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line_index = self.line_index(offset);
        let line_start = self
            .index()
            .line_starts
            .get(line_index)
            .copied()
            .unwrap_or(0) as usize;
        let column = self.char_index(offset) - self.char_index(line_start);
        Position {
            line: line_index + 1,
            column: column + 1,
        }
    }

    /// The 0-based index of the line holding byte `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        let offset = u32::try_from(offset.min(self.text.len())).unwrap_or(u32::MAX);
        match self.index().line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// The number of lines (a final line without a newline counts; an empty text has one).
    pub fn line_count(&self) -> usize {
        self.index().line_starts.len()
    }

    /// The span of line `index` (0-based), without its line break.
    pub fn line_span(&self, index: usize) -> Span {
        let starts = &self.index().line_starts;
        let start = starts.get(index).copied().unwrap_or(0) as usize;
        let next = starts
            .get(index + 1)
            .map_or(self.text.len(), |&n| n as usize);
        let line = self.text.get(start..next).unwrap_or("");
        let trimmed = line.trim_end_matches(['\n', '\r']);
        Span::new(start, start + trimmed.len())
    }

    /// Start and end positions of a span (the end is the position just past the last byte).
    pub fn range(&self, span: Span) -> (Position, Position) {
        (
            self.position(span.offset()),
            self.position(span.end as usize),
        )
    }

    /// The text a span covers, or `""` when the span does not fit this source.
    pub fn snippet(&self, span: Span) -> &str {
        span.slice(&self.text).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_across_checkpoints() {
        let line = "é".repeat(CHECKPOINT_STRIDE) + "x";
        let text = format!("ab\n{line}\nz");
        let source = Source::new("t", text.as_str());
        let x = text.find('x').unwrap();
        assert_eq!(
            source.position(x),
            Position {
                line: 2,
                column: CHECKPOINT_STRIDE + 1
            }
        );
        let z = text.find('z').unwrap();
        assert_eq!(source.position(z), Position { line: 3, column: 1 });
        assert_eq!(source.char_offset(z), 3 + CHECKPOINT_STRIDE + 2);
        assert_eq!(
            source.char_offset(text.len() + 10),
            3 + CHECKPOINT_STRIDE + 3
        );
        assert_eq!(source.position(0), Position { line: 1, column: 1 });
        assert_eq!(
            source.position(text.len() + 10),
            Position { line: 3, column: 2 }
        );
    }

    #[test]
    fn ascii_positions_are_byte_offsets() {
        let source = Source::new("t", "{\n  \"a\": 1\n}");
        assert_eq!(source.position(4), Position { line: 2, column: 3 });
        assert_eq!(source.line_count(), 3);
        assert_eq!(source.snippet(source.line_span(1)), "  \"a\": 1");
    }
}
