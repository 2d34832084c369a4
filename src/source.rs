//! A policy's text with its name, and conversion from byte offsets to lines and columns.

use std::sync::Arc;

use crate::span::Span;

/// The text of one input (a file or standard input) and the name to show for it.
#[derive(Clone, Debug)]
pub struct Source {
    name: Arc<str>,
    text: Arc<str>,
    line_starts: Arc<[u32]>,
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
        let text: Arc<str> = text.into();
        let mut starts = vec![0u32];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX)),
        );
        Source {
            name: name.into(),
            text,
            line_starts: starts.into(),
        }
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
    /// an offset inside a multi-byte character maps to that character.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line_index = self.line_index(offset);
        let line_start = self.line_starts.get(line_index).copied().unwrap_or(0) as usize;
        let prefix = self.text.get(line_start..).unwrap_or("");
        let column = prefix
            .char_indices()
            .take_while(|&(i, _)| line_start + i < offset)
            .count();
        Position {
            line: line_index + 1,
            column: column + 1,
        }
    }

    /// The 0-based index of the line holding byte `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        let offset = u32::try_from(offset.min(self.text.len())).unwrap_or(u32::MAX);
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// The number of lines (a final line without a newline counts; an empty text has one).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The span of line `index` (0-based), without its line break.
    pub fn line_span(&self, index: usize) -> Span {
        let start = self.line_starts.get(index).copied().unwrap_or(0) as usize;
        let next = self
            .line_starts
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
