//! A document's text as the editor holds it, and LSP positions in it.
//!
//! LSP addresses text by line and column, where the column counts UTF-16
//! code units unless the client and server agreed on UTF-8 bytes
//! ([`Encoding`]); the library works in byte offsets. Every conversion here
//! is total: a line past the end is the end of the text, a column past the
//! end of its line is the end of the line (before its line break), and a
//! column inside a character (between the two halves of a surrogate pair,
//! or inside a multi-byte UTF-8 sequence) is the start of that character.
//! An editor never sees the server panic or drift from its text because a
//! position was out of range.

use lsp_types::{Position, Range};

/// What a position's `character` counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-16 code units: LSP's default, what every client supports.
    Utf16,
    /// UTF-8 bytes, when the client offers them (no conversion needed).
    Utf8,
}

/// Where each line of a text starts, to convert offsets and positions.
/// Lines end at `\n`, `\r\n` or a lone `\r`, as LSP counts them.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// The byte offset at which each line starts; the first is 0.
    starts: Vec<usize>,
    /// The length of the text.
    len: usize,
}

impl LineIndex {
    /// The index of `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            match b {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 1;
                }
                b'\r' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// The bytes of line `line` without its line break.
    fn line<'t>(&self, text: &'t str, line: usize) -> (usize, &'t str) {
        let start = self.starts.get(line).copied().unwrap_or(self.len);
        let next = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let content = text.get(start..next).unwrap_or("");
        let content = content
            .strip_suffix("\r\n")
            .or_else(|| content.strip_suffix('\n'))
            .or_else(|| content.strip_suffix('\r'))
            .unwrap_or(content);
        (start, content)
    }

    /// The byte offset of `position` in `text` (which this index was made
    /// of), clamped as the module says.
    pub fn offset(&self, text: &str, position: Position, encoding: Encoding) -> usize {
        let line = position.line as usize;
        if line >= self.starts.len() {
            return self.len;
        }
        let (start, content) = self.line(text, line);
        let wanted = position.character as usize;
        let mut counted = 0;
        for (at, c) in content.char_indices() {
            let width = match encoding {
                Encoding::Utf16 => c.len_utf16(),
                Encoding::Utf8 => c.len_utf8(),
            };
            // A column inside this character is its start.
            if counted + width > wanted {
                return start + at;
            }
            counted += width;
        }
        start + content.len()
    }

    /// The position of byte `offset` in `text`; an offset inside a
    /// character is its start, one past the end is the end.
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let offset = floor_char_boundary(text, offset.min(self.len));
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let (start, content) = self.line(text, line);
        // An offset inside a `\r\n` break is the end of the line.
        let within = offset.saturating_sub(start).min(content.len());
        let before = content.get(..within).unwrap_or("");
        let character = match encoding {
            Encoding::Utf16 => before.encode_utf16().count(),
            Encoding::Utf8 => before.len(),
        };
        Position::new(to_u32(line), to_u32(character))
    }

    /// The LSP range of a byte range.
    pub fn range(&self, text: &str, start: usize, end: usize, encoding: Encoding) -> Range {
        Range::new(
            self.position(text, start, encoding),
            self.position(text, end.max(start), encoding),
        )
    }
}

/// The largest character boundary of `text` at or before `offset`.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Applies one change of `textDocument/didChange` to `text`: a whole new
/// text when `range` is `None`, else `range` (clamped) replaced with
/// `new_text`. A range whose end comes before its start replaces nothing.
pub fn apply_change(text: &mut String, range: Option<Range>, new_text: &str, encoding: Encoding) {
    let Some(range) = range else {
        text.clear();
        text.push_str(new_text);
        return;
    };
    let index = LineIndex::new(text);
    let start = index.offset(text, range.start, encoding);
    let end = index.offset(text, range.end, encoding).max(start);
    text.replace_range(start..end, new_text);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs_twice() {
        let text = "a😀b\nx";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(text, pos(0, 3), Encoding::Utf16), 5);
        assert_eq!(index.position(text, 5, Encoding::Utf16), pos(0, 3));
        // Between the two halves of the pair: the start of the emoji.
        assert_eq!(index.offset(text, pos(0, 2), Encoding::Utf16), 1);
        assert_eq!(index.offset(text, pos(0, 2), Encoding::Utf8), 1);
        assert_eq!(index.offset(text, pos(0, 5), Encoding::Utf8), 5);
        assert_eq!(index.position(text, 5, Encoding::Utf8), pos(0, 5));
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "ab\r\ncd";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(text, pos(0, 99), Encoding::Utf16), 2);
        assert_eq!(index.offset(text, pos(9, 0), Encoding::Utf16), text.len());
        assert_eq!(index.position(text, 3, Encoding::Utf16), pos(0, 2));
        assert_eq!(index.position(text, 99, Encoding::Utf16), pos(1, 2));
    }

    #[test]
    fn every_line_break_counts() {
        let text = "a\rb\nc\r\nd";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(text, pos(1, 0), Encoding::Utf16), 2);
        assert_eq!(index.offset(text, pos(2, 0), Encoding::Utf16), 4);
        assert_eq!(index.offset(text, pos(3, 0), Encoding::Utf16), 7);
    }

    #[test]
    fn changes_apply_in_place() {
        let mut text = String::from("{\n  \"Efect\": 1\n}");
        let range = Range::new(pos(1, 3), pos(1, 8));
        apply_change(&mut text, Some(range), "Effect", Encoding::Utf16);
        assert_eq!(text, "{\n  \"Effect\": 1\n}");
        let backwards = Range::new(pos(1, 8), pos(1, 3));
        apply_change(&mut text, Some(backwards), "!", Encoding::Utf16);
        assert_eq!(text, "{\n  \"Effec!t\": 1\n}");
        apply_change(&mut text, None, "new", Encoding::Utf16);
        assert_eq!(text, "new");
    }
}
