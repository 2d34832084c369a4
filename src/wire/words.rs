//! A command line split into words as a POSIX shell splits it: blanks
//! separate words; `'…'` keeps everything; `"…"` keeps everything but
//! `\"`, `\\`, `\$`, `` \` `` and a `\` line continuation; `$'…'` reads C
//! escapes; an unquoted `\` escapes the next character, and `\` before a
//! line break joins the lines. An unquoted `|`, `;`, `&` or `>` ends the
//! command (a pasted `curl … | jq` is the curl part). Nothing is expanded:
//! `$VAR` stays as written.

use super::{Piece, WireError};
use crate::span::Span;

/// The words of `text`, each a [`Piece`] that knows where each byte came
/// from; and where the command ended early, if it did.
pub(crate) fn split(text: &str) -> Result<(Vec<Piece>, Option<usize>), WireError> {
    let bytes = text.as_bytes();
    let mut words = Vec::new();
    let mut i = 0;
    let mut current: Option<(usize, Vec<u8>, Vec<u32>)> = None;
    let at = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
    let finish =
        |current: &mut Option<(usize, Vec<u8>, Vec<u32>)>, end: usize, words: &mut Vec<Piece>| {
            if let Some((start, value, offsets)) = current.take() {
                let value = String::from_utf8_lossy(&value).into_owned();
                words.push(Piece::mapped(value, Span::new(start, end), offsets));
            }
        };
    while let Some(&b) = bytes.get(i) {
        match b {
            b' ' | b'\t' | b'\n' | b'\r' => {
                finish(&mut current, i, &mut words);
                i += 1;
            }
            b'|' | b';' | b'&' | b'>' | b'<' => {
                finish(&mut current, i, &mut words);
                return Ok((words, Some(i)));
            }
            b'\\' => {
                let next = bytes.get(i + 1).copied();
                match next {
                    Some(b'\n') => i += 2,
                    Some(b'\r') if bytes.get(i + 2) == Some(&b'\n') => i += 3,
                    Some(c) => {
                        let w = current.get_or_insert_with(|| (i, Vec::new(), Vec::new()));
                        w.1.push(c);
                        w.2.push(at(i + 1));
                        i += 2;
                    }
                    None => i += 1,
                }
            }
            b'\'' => {
                let w = current.get_or_insert_with(|| (i, Vec::new(), Vec::new()));
                let close = find_from(bytes, i + 1, b'\'').ok_or_else(|| unterminated(i, '\''))?;
                for j in i + 1..close {
                    w.1.push(bytes.get(j).copied().unwrap_or(b' '));
                    w.2.push(at(j));
                }
                i = close + 1;
            }
            b'"' => {
                let w = current.get_or_insert_with(|| (i, Vec::new(), Vec::new()));
                let mut j = i + 1;
                loop {
                    match bytes.get(j).copied() {
                        None => return Err(unterminated(i, '"')),
                        Some(b'"') => break,
                        Some(b'\\') => match bytes.get(j + 1).copied() {
                            Some(c @ (b'"' | b'\\' | b'$' | b'`')) => {
                                w.1.push(c);
                                w.2.push(at(j + 1));
                                j += 2;
                            }
                            Some(b'\n') => j += 2,
                            _ => {
                                w.1.push(b'\\');
                                w.2.push(at(j));
                                j += 1;
                            }
                        },
                        Some(c) => {
                            w.1.push(c);
                            w.2.push(at(j));
                            j += 1;
                        }
                    }
                }
                i = j + 1;
            }
            b'$' if bytes.get(i + 1) == Some(&b'\'') => {
                let w = current.get_or_insert_with(|| (i, Vec::new(), Vec::new()));
                let mut j = i + 2;
                loop {
                    match bytes.get(j).copied() {
                        None => return Err(unterminated(i + 1, '\'')),
                        Some(b'\'') => break,
                        Some(b'\\') => {
                            let (c, used) = c_escape(bytes.get(j + 1..).unwrap_or_default());
                            w.1.push(c);
                            w.2.push(at(j));
                            j += 1 + used;
                        }
                        Some(c) => {
                            w.1.push(c);
                            w.2.push(at(j));
                            j += 1;
                        }
                    }
                }
                i = j + 1;
            }
            _ => {
                let w = current.get_or_insert_with(|| (i, Vec::new(), Vec::new()));
                w.1.push(b);
                w.2.push(at(i));
                i += 1;
            }
        }
    }
    finish(&mut current, i, &mut words);
    Ok((words, None))
}

fn find_from(bytes: &[u8], from: usize, wanted: u8) -> Option<usize> {
    bytes
        .get(from..)?
        .iter()
        .position(|&b| b == wanted)
        .map(|p| from + p)
}

fn unterminated(at: usize, quote: char) -> WireError {
    WireError::new(
        Span::new(at, at + 1),
        format!("this {quote} quote is never closed"),
    )
}

/// The byte a C escape after `\` stands for, and how many bytes it used.
fn c_escape(rest: &[u8]) -> (u8, usize) {
    match rest.first().copied() {
        Some(b'n') => (b'\n', 1),
        Some(b't') => (b'\t', 1),
        Some(b'r') => (b'\r', 1),
        Some(b'x') => {
            let hex: Vec<u32> = rest
                .iter()
                .skip(1)
                .take(2)
                .map_while(|b| (*b as char).to_digit(16))
                .collect();
            let value = hex.iter().fold(0u32, |acc, d| acc * 16 + d);
            (u8::try_from(value).unwrap_or(b'?'), 1 + hex.len())
        }
        Some(c) => (c, 1),
        None => (b'\\', 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<String> {
        split(text)
            .map(|(w, _)| w.into_iter().map(|p| p.value).collect())
            .unwrap_or_default()
    }

    #[test]
    fn splits_like_a_shell() {
        assert_eq!(
            values("curl  -H 'a: b c' \"x\\\"y\" z\\ w"),
            ["curl", "-H", "a: b c", "x\"y", "z w"]
        );
        assert_eq!(values("curl \\\n  -v \\\r\n -s"), ["curl", "-v", "-s"]);
        assert_eq!(values("a'b'\"c\"d"), ["abcd"]);
        assert_eq!(values("$'a\\nb\\x41'"), ["a\nbA"]);
        assert_eq!(values("echo \"$HOME\""), ["echo", "$HOME"]);
    }

    #[test]
    fn a_pipe_ends_the_command_and_quotes_must_close() {
        let (words, end) = split("curl x | jq .").unwrap_or_default();
        assert_eq!(words.len(), 2);
        assert_eq!(end, Some(7));
        assert!(split("curl 'x").is_err_and(|e| e.span.offset() == 5));
        assert!(split("curl \"x").is_err());
    }

    #[test]
    fn each_byte_knows_where_it_was_written() {
        let (words, _) = split("curl -H 'x-a: 1'").unwrap_or_default();
        let header = &words[2];
        assert_eq!(header.span, Span::new(8, 16));
        // "1" is at offset 14 in the command line.
        assert_eq!(header.sub_span(5..6), Span::new(14, 15));
    }
}
