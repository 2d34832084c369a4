//! Where each byte of a YAML string scalar's value was written.
//!
//! A policy embedded as a string (`spec.policy: |` in a Kubernetes manifest)
//! is parsed from the scalar's decoded value; [`string_map`] gives the
//! [`OffsetMap`] that moves offsets in that value back to the file. The map
//! is rebuilt from the raw text by the scalar's style and checked against the
//! value the YAML parser decoded: when the two disagree (a style this module
//! does not rebuild exactly, such as a quoted scalar folded over several
//! lines), every offset maps to the scalar's start, which is coarse but never
//! wrong about the file.

use crate::iac::offsets::OffsetMap;
use crate::span::Span;

/// The map from offsets in `decoded` (the value of the string scalar written
/// at `span` of `text`, as [`super::parse`] spans it: a block scalar's span
/// starts at its `|` or `>`) to offsets in `text`.
pub fn string_map(text: &str, span: Span, decoded: &str) -> OffsetMap {
    let raw = span.slice(text).unwrap_or("");
    let rebuilt = match raw.as_bytes().first() {
        Some(b'|' | b'>') => block(text, span, decoded),
        Some(b'\'') => single_quoted(raw, span.offset()),
        Some(b'"') => double_quoted(raw, span.offset()),
        _ if raw == decoded => Some((
            decoded.to_owned(),
            OffsetMap::verbatim(span.offset(), raw.len()),
        )),
        _ => None,
    };
    match rebuilt {
        Some((value, map)) if value == decoded => map,
        _ => {
            let mut map = OffsetMap::new();
            map.push_replaced(decoded.len().max(1), span.offset(), span.len());
            map
        }
    }
}

/// A single-quoted scalar on one line: `''` stands for `'`.
fn single_quoted(raw: &str, base: usize) -> Option<(String, OffsetMap)> {
    let inner = raw.strip_prefix('\'')?.strip_suffix('\'')?;
    if inner.contains('\n') {
        return None;
    }
    let start = base + 1;
    let mut out = String::with_capacity(inner.len());
    let mut map = OffsetMap::new();
    let mut rest = inner;
    let mut at = 0;
    while let Some(quote) = rest.find("''") {
        out.push_str(rest.get(..quote)?);
        map.push_verbatim(start + at, quote);
        out.push('\'');
        map.push_replaced(1, start + at + quote, 2);
        at += quote + 2;
        rest = rest.get(quote + 2..)?;
    }
    out.push_str(rest);
    map.push_verbatim(start + at, rest.len());
    Some((out, map))
}

/// A double-quoted scalar on one line, with its escapes.
fn double_quoted(raw: &str, base: usize) -> Option<(String, OffsetMap)> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    if inner.contains('\n') {
        return None;
    }
    let start = base + 1;
    let mut out = String::with_capacity(inner.len());
    let mut map = OffsetMap::new();
    let mut i = 0;
    while i < inner.len() {
        let rest = inner.get(i..)?;
        if !rest.starts_with('\\') {
            let run = rest.find('\\').unwrap_or(rest.len());
            out.push_str(rest.get(..run)?);
            map.push_verbatim(start + i, run);
            i += run;
            continue;
        }
        let (decoded, len) = escape(rest)?;
        out.push(decoded);
        map.push_replaced(decoded.len_utf8(), start + i, len);
        i += len;
    }
    Some((out, map))
}

/// The character a YAML escape at the start of `rest` stands for, and the
/// escape's length.
fn escape(rest: &str) -> Option<(char, usize)> {
    let code = rest.get(1..2)?;
    let simple = match code {
        "0" => Some('\0'),
        "a" => Some('\x07'),
        "b" => Some('\x08'),
        "t" | "\t" => Some('\t'),
        "n" => Some('\n'),
        "v" => Some('\x0b'),
        "f" => Some('\x0c'),
        "r" => Some('\r'),
        "e" => Some('\x1b'),
        " " => Some(' '),
        "\"" => Some('"'),
        "/" => Some('/'),
        "\\" => Some('\\'),
        "N" => Some('\u{85}'),
        "_" => Some('\u{a0}'),
        "L" => Some('\u{2028}'),
        "P" => Some('\u{2029}'),
        _ => None,
    };
    if let Some(c) = simple {
        return Some((c, 2));
    }
    let digits = match code {
        "x" => 2,
        "u" => 4,
        "U" => 8,
        _ => return None,
    };
    let hex = rest.get(2..2 + digits)?;
    let value = u32::from_str_radix(hex, 16).ok()?;
    Some((char::from_u32(value)?, 2 + digits))
}

/// A literal (`|`) or folded (`>`) block scalar: the lines after the header,
/// each with the block's indentation stripped; a line break in the value
/// (or a space a folded block put in place of one) stands for the line
/// break it was written as.
fn block(text: &str, span: Span, decoded: &str) -> Option<(String, OffsetMap)> {
    let header_end = text.get(span.offset()..)?.find('\n')? + span.offset() + 1;
    let mut lines = Vec::new();
    let mut at = header_end;
    while at < text.len() {
        let rest = text.get(at..)?;
        let (line, terminator) = match rest.find('\n') {
            Some(n) => (rest.get(..n)?, 1),
            None => (rest, 0),
        };
        let (line, terminator) = match line.strip_suffix('\r') {
            Some(stripped) => (stripped, terminator + 1),
            None => (line, terminator),
        };
        lines.push((at, line, terminator));
        at += line.len() + terminator;
        if at >= span.offset() + span.len() {
            break;
        }
    }
    // The indentation is what the first line with content has in front of
    // what the value holds of it.
    let first = decoded.trim_start_matches('\n');
    let indent = lines.iter().find_map(|(_, line, _)| {
        let spaces = line.len() - line.trim_start_matches(' ').len();
        if spaces == line.len() {
            return None;
        }
        (0..=spaces).rev().find(|&k| {
            line.get(k..)
                .is_some_and(|content| first.starts_with(content))
        })
    })?;
    let mut out = String::with_capacity(decoded.len());
    let mut map = OffsetMap::new();
    for (start, line, terminator) in lines {
        if out.len() >= decoded.len() {
            break;
        }
        let leading = line.len() - line.trim_start_matches(' ').len();
        let strip = indent.min(leading).min(line.len());
        let content = line.get(strip..)?;
        let remaining = decoded.get(out.len()..)?;
        // A line shorter than the indentation, or spaces the value dropped.
        let content = if remaining.starts_with(content) {
            content
        } else if content.trim().is_empty() {
            ""
        } else {
            return None;
        };
        out.push_str(content);
        map.push_verbatim(start + strip, content.len());
        let separator = decoded.get(out.len()..)?.chars().next();
        if let Some(c @ ('\n' | ' ')) = separator {
            out.push(c);
            map.push_replaced(1, start + line.len(), terminator);
        }
    }
    Some((out, map))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where each byte of `decoded` maps, as the text found there.
    fn at<'t>(text: &'t str, map: &OffsetMap, decoded_offset: usize) -> &'t str {
        let start = map.start(decoded_offset);
        text.get(start..start + 1).unwrap_or("")
    }

    #[test]
    fn single_and_double_quoted_escapes_map_to_their_text() {
        let text = r#"a: 'it''s x'"#;
        let map = string_map(text, Span::new(3, text.len()), "it's x");
        assert_eq!(map.start(5), 10);
        assert_eq!(map.span(Span::new(2, 3)), Span::new(6, 8));
        let text = r#"b: "t\u00e9\tx""#;
        let map = string_map(text, Span::new(3, text.len()), "té\tx");
        assert_eq!(at(text, &map, 0), "t");
        assert_eq!(map.span(Span::new(1, 3)), Span::new(5, 11));
        assert_eq!(at(text, &map, 4), "x");
    }

    #[test]
    fn literal_blocks_strip_indentation_and_crlf() {
        let text = "p: |\r\n  {\"a\":\r\n    1}\r\n";
        let map = string_map(text, Span::new(3, text.len() - 2), "{\"a\":\n  1}\n");
        assert_eq!(at(text, &map, 0), "{");
        // `1` is the 9th byte of the value, written after four spaces.
        assert_eq!(at(text, &map, 8), "1");
        assert_eq!(map.start(8), text.find('1').unwrap());
    }

    #[test]
    fn folded_blocks_map_spaces_to_line_breaks() {
        let text = "p: >-\n  one\n  two\n";
        let map = string_map(text, Span::new(3, text.len() - 1), "one two");
        assert_eq!(map.start(4), text.find("two").unwrap());
        assert_eq!(map.start(3), text.find("one").unwrap() + 3);
    }

    #[test]
    fn a_disagreement_maps_everything_to_the_start() {
        let text = "p: \"multi\n  line\"";
        let map = string_map(text, Span::new(3, text.len()), "multi line");
        assert_eq!(map.start(6), 3);
    }
}
