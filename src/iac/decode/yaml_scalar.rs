//! Where each byte of a YAML string scalar's value was written.
//!
//! A policy embedded as a string (`spec.policy: |` in a Kubernetes manifest,
//! `Policy: !Sub |` in a CloudFormation template)
//! is parsed from the scalar's decoded value; [`string_map`] gives the
//! [`OffsetMap`] that moves offsets in that value back to the file. The map
//! is rebuilt from the raw text by the scalar's style and checked against the
//! value the YAML parser decoded. Plain and quoted scalars are rebuilt with
//! their escapes and line folding, block scalars line by line with their
//! indentation stripped. When the rebuilt value and the parser's disagree (a
//! case this module does not rebuild exactly, such as an escaped line break
//! followed by empty lines), every offset maps into the scalar's span, from
//! its start: coarse, but never outside the scalar.

use crate::iac::offsets::OffsetMap;
use crate::span::Span;

/// The map from offsets in `decoded` (the value of the string scalar written
/// at `span` of `text`, as [`crate::iac::yaml::parse`] spans it: a block
/// scalar's span starts at its `|` or `>`) to offsets in `text`.
pub fn string_map(text: &str, span: Span, decoded: &str) -> OffsetMap {
    rebuild(text, span, decoded).unwrap_or_else(|| super::coarse(span, decoded))
}

/// The map of the scalar at `span`, when rebuilding it from the raw text by
/// its style gives `decoded`.
pub fn rebuild(text: &str, span: Span, decoded: &str) -> Option<OffsetMap> {
    let raw = span.slice(text).unwrap_or("");
    let rebuilt = match raw.as_bytes().first() {
        Some(b'|' | b'>') => block(text, span, decoded),
        Some(b'\'') => single_quoted(raw, span.offset()),
        Some(b'"') => double_quoted(raw, span.offset()),
        _ => plain(raw, span.offset()),
    };
    match rebuilt {
        Some((value, map)) if value == decoded => Some(map),
        _ => None,
    }
}

/// How a flow scalar was written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Quotes {
    Plain,
    Single,
    Double,
}

/// A plain scalar, written as is but for its line folding.
fn plain(raw: &str, base: usize) -> Option<(String, OffsetMap)> {
    flow(raw, base, Quotes::Plain)
}

/// A single-quoted scalar: `''` stands for `'`.
fn single_quoted(raw: &str, base: usize) -> Option<(String, OffsetMap)> {
    let inner = raw.strip_prefix('\'')?.strip_suffix('\'')?;
    flow(inner, base + 1, Quotes::Single)
}

/// A double-quoted scalar, with its escapes.
fn double_quoted(raw: &str, base: usize) -> Option<(String, OffsetMap)> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    flow(inner, base + 1, Quotes::Double)
}

/// The content of a flow scalar written at `start`: its escapes, and its
/// line folding (a line break with the blanks around it reads as one space;
/// followed by empty lines, as one line break per empty line; in double
/// quotes, a `\` before the break removes it).
fn flow(inner: &str, start: usize, quotes: Quotes) -> Option<(String, OffsetMap)> {
    let mut out = String::with_capacity(inner.len());
    let mut map = OffsetMap::new();
    let mut i = 0;
    let is_break = |r: &str| r.starts_with('\n') || r.starts_with("\r\n");
    let skip_break = |r: &str| if r.starts_with("\r\n") { 2 } else { 1 };
    let blanks = |r: &str| r.len() - r.trim_start_matches([' ', '\t']).len();
    while i < inner.len() {
        let rest = inner.get(i..)?;
        let ws = blanks(rest);
        if is_break(rest.get(ws..)?) {
            let mut j = i + ws;
            let mut breaks = 0;
            while is_break(inner.get(j..)?) {
                j += skip_break(inner.get(j..)?);
                breaks += 1;
                j += blanks(inner.get(j..)?);
            }
            let folded = if breaks == 1 {
                " ".to_owned()
            } else {
                "\n".repeat(breaks - 1)
            };
            out.push_str(&folded);
            map.push_replaced(folded.len(), start + i, j - i);
            i = j;
            continue;
        }
        if ws > 0 {
            out.push_str(rest.get(..ws)?);
            map.push_verbatim(start + i, ws);
            i += ws;
            continue;
        }
        if quotes == Quotes::Double && rest.starts_with('\\') {
            let after = rest.get(1..)?;
            if is_break(after) {
                // An escaped line break: it and the next line's indentation go.
                let mut j = i + 1 + skip_break(after);
                j += blanks(inner.get(j..)?);
                i = j;
                continue;
            }
            let (decoded, len) = escape(rest)?;
            out.push(decoded);
            map.push_replaced(decoded.len_utf8(), start + i, len);
            i += len;
            continue;
        }
        if quotes == Quotes::Single && rest.starts_with("''") {
            out.push('\'');
            map.push_replaced(1, start + i, 2);
            i += 2;
            continue;
        }
        let special: &[char] = match quotes {
            Quotes::Plain => &[' ', '\t', '\n', '\r'],
            Quotes::Single => &[' ', '\t', '\n', '\r', '\''],
            Quotes::Double => &[' ', '\t', '\n', '\r', '\\'],
        };
        let run = rest.find(special).unwrap_or(rest.len());
        // A lone special character (`'` or `\r`) is copied as it is.
        let run = if run == 0 {
            rest.chars().next()?.len_utf8()
        } else {
            run
        };
        out.push_str(rest.get(..run)?);
        map.push_verbatim(start + i, run);
        i += run;
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
    fn folded_flow_scalars_map_each_line() {
        let text = "p: \"multi  \n  line\\\n   end\n\n  \\u00e9\"";
        let raw = Span::new(3, text.len()).slice(text).unwrap();
        assert_eq!(double_quoted(raw, 3).unwrap().0, "multi lineend\né");
        let map = string_map(text, Span::new(3, text.len()), "multi lineend\né");
        assert_eq!(map.start(6), text.find("line").unwrap());
        assert_eq!(map.start(10), text.find("end").unwrap());
        assert_eq!(map.start(14), text.find("\\u00e9").unwrap());
        let text = "p: plain\n  words  here";
        let map = string_map(text, Span::new(3, text.len()), "plain words  here");
        assert_eq!(map.start(6), text.find("words").unwrap());
        assert_eq!(map.start(13), text.find("here").unwrap());
    }

    #[test]
    fn a_disagreement_maps_everything_to_the_start() {
        let text = "p: \"multi\n  line\"";
        let map = string_map(text, Span::new(3, text.len()), "else");
        assert_eq!(map.start(2), 3);
    }
}
