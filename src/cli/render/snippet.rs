//! The source text as miette reads it for snippets.
//!
//! Unlike miette's own `SourceCode` for strings, this one finds lines through
//! the source's line index instead of scanning the text for every label,
//! counts columns in characters (as the JSON output does), and shows only a
//! window of a very long line, so a finding in a minified policy prints the
//! part that matters rather than ten kilobytes of one line.
//!
//! What miette draws is the text as [`clean::Shown`] makes it (secrets
//! masked, control characters escaped), so spans of the original are mapped
//! into it first; positions named in words come from the original.

use lattice_policy::source::Source;
use lattice_policy::span::Span;
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use super::clean::{self, ceil, floor};

/// Lines longer than this many bytes are shown as a window around the label.
pub const LONG_LINE: usize = 160;

/// Bytes of context kept on each side of a label in a long line.
const PAD: usize = 40;

/// Lines around a span that a snippet may show (miette's context, with room).
const REGION_LINES: usize = 3;

/// Bytes around a span that a snippet may show on long lines (the window is
/// [`PAD`] on each side; this leaves room).
const REGION_BYTES: usize = 1024;

/// Spans over this many lines are drawn on their first line only.
const TALL_SPAN: usize = 40;

/// Labels on long lines are cut to this many bytes.
const LONG_LABEL: usize = 60;

/// A [`Source`] for miette, named after its file.
pub struct Snippets {
    /// The text as shown.
    shown_source: Source,
    /// The text as read, for positions.
    original: Source,
    /// Offsets of the original in the shown text.
    shown: clean::Shown,
}

impl Snippets {
    /// Wraps `source`: a cheap clone when nothing needs masking or escaping.
    pub fn new(source: &Source) -> Self {
        Snippets::with(source, clean::Shown::new(source.text()))
    }

    /// Wraps `source` for snippets of `spans` only: masking and escaping
    /// look at the lines around them, not at the whole file.
    pub fn around(source: &Source, spans: impl IntoIterator<Item = Span>) -> Self {
        let text = source.text();
        let mut regions: Vec<(usize, usize)> = spans
            .into_iter()
            .map(|span| {
                let first = source.line_index(span.offset());
                let mut last =
                    source.line_index((span.end as usize).saturating_sub(1).max(span.offset()));
                let mut end = span.end as usize;
                if last - first >= TALL_SPAN {
                    // Drawn on its first line only (`display_span`): the
                    // rest is never shown, so it is neither masked nor
                    // escaped (a 1 MB policy's size finding spans it all).
                    last = first;
                    end = span.offset();
                }
                let top = source
                    .line_span(first.saturating_sub(REGION_LINES))
                    .offset();
                let bottom_line = (last + REGION_LINES).min(source.line_count().saturating_sub(1));
                let bottom = source.line_span(bottom_line).end as usize;
                let from = top.max(span.offset().saturating_sub(REGION_BYTES));
                let to = bottom.min(end + REGION_BYTES);
                (floor(text, from), ceil(text, to.max(from)))
            })
            .collect();
        regions.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(regions.len());
        for (from, to) in regions {
            match merged.last_mut() {
                Some(last) if from <= last.1 => last.1 = last.1.max(to),
                _ => merged.push((from, to)),
            }
        }
        Snippets::with(source, clean::Shown::within(text, &merged))
    }

    fn with(source: &Source, mut shown: clean::Shown) -> Self {
        let display = match shown.text.take() {
            Some(text) => Source::new(source.name(), text),
            None => source.clone(),
        };
        Snippets {
            shown_source: display,
            original: source.clone(),
            shown,
        }
    }

    /// The wrapped source, as read.
    pub fn source(&self) -> &Source {
        &self.original
    }

    /// `span` of the original, in the shown text.
    fn to_shown(&self, span: Span) -> Span {
        if self.shown.is_identity() {
            return span;
        }
        let start = self.shown.map(span.offset());
        let end = self.shown.map(span.end as usize);
        Span::new(start, end.max(start))
    }

    fn is_long(&self, line: usize) -> bool {
        self.shown_source.line_span(line).len() > LONG_LINE
    }

    /// The first and last line a span touches (0-based).
    fn lines_of(&self, span: Span) -> (usize, usize) {
        let first = self.shown_source.line_index(span.offset());
        let last_byte = (span.end as usize).saturating_sub(1).max(span.offset());
        (first, self.shown_source.line_index(last_byte))
    }

    /// True when the span (of the original) touches a long line.
    pub fn touches_long_line(&self, span: Span) -> bool {
        self.touches_long_shown_line(self.to_shown(span))
    }

    /// True when a span of the shown text touches a long line.
    pub fn touches_long_shown_line(&self, span: Span) -> bool {
        let (first, last) = self.lines_of(span);
        (first..=last).any(|line| self.is_long(line))
    }

    /// The span to underline, in the shown text. A span that touches a long
    /// line is cut to its first line and to [`LONG_LABEL`] bytes, so that it
    /// is drawn inside the window [`SourceCode::read_span`] shows.
    pub fn display_span(&self, span: Span) -> Span {
        let span = self.to_shown(span);
        let (first, last) = self.lines_of(span);
        if last - first >= TALL_SPAN && !self.is_long(first) {
            // A whole statement of a pretty-printed policy: its first line
            // says where it is; drawing every line would make the output
            // grow with the statement for each finding on it.
            let line_end = self.shown_source.line_span(first).end as usize;
            return Span::new(span.offset(), line_end.max(span.offset()));
        }
        if !self.touches_long_shown_line(span) {
            return span;
        }
        let (first, _) = self.lines_of(span);
        let line_end = self.shown_source.line_span(first).end as usize;
        let end = floor(
            self.shown_source.text(),
            (span.end as usize)
                .min(line_end)
                .min(span.offset() + LONG_LABEL),
        );
        Span::new(span.offset(), end.max(span.offset()))
    }

    /// True when a related label can be drawn beside the primary one: both on
    /// short lines, or close together on the same line.
    pub fn can_draw_together(&self, primary: Span, related: Span) -> bool {
        if !self.touches_long_line(primary) && !self.touches_long_line(related) {
            return true;
        }
        let (a, b) = (self.display_span(primary), self.display_span(related));
        let (from, to) = (a.offset().min(b.offset()), (a.end.max(b.end)) as usize);
        self.lines_of(a).0 == self.lines_of(b).0 && to - from <= LONG_LABEL + 2 * PAD
    }

    fn contents(
        &self,
        start: usize,
        end: usize,
        line: usize,
        line_count: usize,
    ) -> MietteSpanContents<'_> {
        let text = self.shown_source.text();
        // Columns count the characters of the original, escapes or not.
        let column = self.original.position(self.shown.unmap(start)).column - 1;
        MietteSpanContents::new_named(
            clean::for_terminal(self.shown_source.name()).into_owned(),
            text.get(start..end).unwrap_or("").as_bytes(),
            SourceSpan::from((start, end - start)),
            line,
            column,
            line_count,
        )
    }
}

impl SourceCode for Snippets {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let text = self.shown_source.text();
        let start = span.offset();
        let end = start + span.len();
        if end > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first = self.shown_source.line_index(start);
        let last = self
            .shown_source
            .line_index(end.saturating_sub(1).max(start));
        if before == 0 && after == 0 {
            // The header's `file:line:column`: exactly where the span starts.
            return Ok(Box::new(self.contents(start, end, first, last - first)));
        }
        if first == last && self.is_long(first) {
            let line = self.shown_source.line_span(first);
            let from = ceil(text, start.saturating_sub(PAD).max(line.offset()));
            let to = floor(text, (end + PAD).min(line.end as usize));
            return Ok(Box::new(self.contents(from, to.max(from), first, 0)));
        }
        // Context lines, but never a long one: it would be printed whole.
        let mut top = first;
        while top > 0 && first - top < before && !self.is_long(top - 1) {
            top -= 1;
        }
        let mut bottom = last;
        while bottom + 1 < self.shown_source.line_count()
            && bottom - last < after
            && !self.is_long(bottom + 1)
        {
            bottom += 1;
        }
        let from = self.shown_source.line_span(top).offset();
        let to = self.shown_source.line_span(bottom).end as usize;
        Ok(Box::new(self.contents(from, to, top, bottom - top)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(source: &Source, span: Span, context: usize) -> (String, usize, usize) {
        let snippets = Snippets::new(source);
        let contents = snippets.read_span(&span.into(), context, context).unwrap();
        (
            String::from_utf8(contents.data().to_vec()).unwrap(),
            contents.line(),
            contents.column(),
        )
    }

    #[test]
    fn header_position_counts_characters() {
        let source = Source::new("p.json", "{\n  \"é\": 1, \"x\": 2\n}");
        let at = source.text().find("\"x\"").unwrap();
        let (_, line, column) = read(&source, Span::new(at, at + 3), 0);
        assert_eq!((line, column), (1, 10));
    }

    #[test]
    fn short_lines_come_with_context() {
        let source = Source::new("p.json", "a\nbb\nccc\ndd\ne");
        let at = source.text().find("ccc").unwrap();
        let (data, line, _) = read(&source, Span::new(at, at + 3), 1);
        assert_eq!((data.as_str(), line), ("bb\nccc\ndd", 1));
    }

    #[test]
    fn long_lines_are_windowed() {
        let long = format!(
            "{{\"a\":\"{}\",\"Efect\":\"Allow\",\"b\":\"{}\"}}",
            "x".repeat(300),
            "y".repeat(300)
        );
        let source = Source::new("p.json", long.as_str());
        let at = long.find("\"Efect\"").unwrap();
        let (data, line, _) = read(&source, Span::new(at, at + 7), 1);
        assert!(data.contains("\"Efect\""));
        assert!(data.len() <= 7 + 2 * PAD, "{}", data.len());
        assert_eq!(line, 0);
    }

    #[test]
    fn tall_spans_are_drawn_on_their_first_line() {
        let text = format!("{{\n{}}}", "  \"k\": 1,\n".repeat(50));
        let source = Source::new("p.json", text.as_str());
        let snippets = Snippets::new(&source);
        let shown = snippets.display_span(Span::new(0, text.len()));
        assert_eq!(shown, Span::new(0, 1));
        let short = Span::new(2, 20);
        assert_eq!(snippets.display_span(short), short);
    }

    #[test]
    fn only_the_first_lines_of_a_tall_span_are_cleaned() {
        // A control character far below the first line of a span drawn on
        // its first line only: never shown, so never looked at.
        let text = format!(
            "{{\n{}  \"z\": \"{}\"\n}}",
            "  \"k\": 1,\n".repeat(200),
            '\u{1b}'
        );
        let source = Source::new("p.json", text.as_str());
        let tall = Snippets::around(&source, [Span::new(0, text.len())]);
        assert!(tall.shown.is_identity());
        assert_eq!(tall.display_span(Span::new(0, text.len())), Span::new(0, 1));
        // A short span at the character is still escaped.
        let at = text.find('\u{1b}').unwrap();
        let short = Snippets::around(&source, [Span::new(at, at + 1)]);
        assert!(!short.shown.is_identity());
    }

    #[test]
    fn long_labels_on_long_lines_are_cut() {
        let long = format!("[\"{}\"]", "é".repeat(200));
        let source = Source::new("p.json", long.as_str());
        let span = Span::new(1, long.len() - 1);
        let shown = Snippets::new(&source).display_span(span);
        assert!(
            shown.len() <= LONG_LABEL
                && source
                    .text()
                    .get(shown.offset()..shown.end as usize)
                    .is_some()
        );
    }
}
