//! How human output wraps: at the terminal's width, and only between words
//! that can be separated without changing what they say.
//!
//! miette wraps messages and help with textwrap, which by default breaks
//! after `-` and `/` and splits long words. That broke the `policy eval FILE
//! 'QUERY'` commands the help prints (`'DELETE /` on one line, `admin/ as …`
//! on the next) and the ARNs, VPC ids and paths in messages, so that what the
//! tool printed could not be pasted back. Here lines break at spaces only,
//! words are never split, and a command, a single-quoted shell word or a
//! `` `code` `` span is one word: it moves to a line of its own and runs past
//! the width rather than being broken.

use std::io::IsTerminal;

use textwrap::core::Word;

/// The width when the output is not a terminal and `COLUMNS` is not set.
const DEFAULT_WIDTH: usize = 100;

/// The width to wrap at: the terminal's, when standard output (or, for
/// commands that only complain, standard error) is one; else `COLUMNS`;
/// else 100.
pub fn width() -> usize {
    let terminal = if std::io::stdout().is_terminal() {
        terminal_size::terminal_size_of(std::io::stdout())
    } else if std::io::stderr().is_terminal() {
        terminal_size::terminal_size_of(std::io::stderr())
    } else {
        None
    };
    if let Some((terminal_size::Width(columns), _)) = terminal {
        return usize::from(columns).max(1);
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
        .unwrap_or(DEFAULT_WIDTH)
}

/// The word separator for miette's handler ([`words`]).
pub fn separator() -> textwrap::WordSeparator {
    textwrap::WordSeparator::Custom(words)
}

/// Splits one line into the words textwrap may put on different lines: runs
/// of text between ASCII spaces, except that a `policy eval` command, a
/// single-quoted shell word and a `` `code` `` span are each one word.
fn words(line: &str) -> Box<dyn Iterator<Item = Word<'_>> + '_> {
    let mut found = Vec::new();
    let mut start = 0;
    while start < line.len() {
        let end = unit_end(line, start);
        // The spaces after a word are its whitespace.
        let next = skip_spaces(line, end);
        if let Some(piece) = line.get(start..next) {
            found.push(Word::from(piece));
        }
        start = next;
    }
    Box::new(found.into_iter())
}

/// The end of the unbreakable unit that starts at `start` (a word start).
fn unit_end(line: &str, start: usize) -> usize {
    let rest = line.get(start..).unwrap_or_default();
    let grouped = if rest.starts_with("policy eval ") {
        command_end(line, start)
    } else if rest.starts_with('\'') {
        shell_word_end(line, start)
    } else if rest.starts_with('`') {
        code_end(line, start)
    } else {
        None
    };
    grouped.unwrap_or_else(|| word_end(line, start))
}

/// The end of the run of non-space characters from `start`.
fn word_end(line: &str, start: usize) -> usize {
    line.get(start..)
        .and_then(|rest| rest.find(' '))
        .map_or(line.len(), |at| start + at)
}

/// The first position at or after `at` that is not an ASCII space.
fn skip_spaces(line: &str, at: usize) -> usize {
    line.get(at..).map_or(at, |rest| {
        at + (rest.len() - rest.trim_start_matches(' ').len())
    })
}

/// The end of `policy eval FILE [--network-policy NETWORK] 'QUERY'` as
/// `diagnostic::witness::eval_command` writes it, or `None` when the text
/// from `start` is not such a command (then its words wrap as prose).
fn command_end(line: &str, start: usize) -> Option<usize> {
    let file = skip_spaces(line, start + "policy eval".len());
    let mut next = skip_spaces(line, shell_word_end(line, file)?);
    if line.get(next..)?.starts_with("--network-policy ") {
        let network = skip_spaces(line, next + "--network-policy".len());
        next = skip_spaces(line, shell_word_end(line, network)?);
    }
    if !line.get(next..)?.starts_with('\'') {
        return None;
    }
    shell_word_end(line, next)
}

/// The end of the POSIX shell word that starts at `start` (single quotes and
/// backslashes respected), or `None` when a quote is left open.
fn shell_word_end(line: &str, start: usize) -> Option<usize> {
    let mut chars = line.get(start..)?.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            ' ' => return (at > 0).then_some(start + at),
            '\'' => loop {
                match chars.next() {
                    Some((_, '\'')) => break,
                    Some(_) => {}
                    None => return None,
                }
            },
            '\\' => {
                chars.next();
            }
            _ => {}
        }
    }
    Some(line.len())
}

/// The end of the `` `code` `` span that starts at `start` (then to the end
/// of the word the closing backtick is in, so that punctuation after it
/// stays with it), or `None` when it is not closed on this line.
fn code_end(line: &str, start: usize) -> Option<usize> {
    let close = start + 1 + line.get(start + 1..)?.find('`')?;
    Some(word_end(line, close))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str) -> Vec<&str> {
        words(line).map(|w| w.word).collect()
    }

    #[test]
    fn prose_splits_at_spaces_only() {
        assert_eq!(
            split("see vpc-0123456789abcdef0 and arn:aws:vpc-lattice:us-west-2:1:service/x"),
            [
                "see",
                "vpc-0123456789abcdef0",
                "and",
                "arn:aws:vpc-lattice:us-west-2:1:service/x"
            ]
        );
    }

    #[test]
    fn a_command_is_one_word() {
        assert_eq!(
            split("in: policy eval a/b.json 'DELETE /admin/ as 9 port 443' then"),
            [
                "in:",
                "policy eval a/b.json 'DELETE /admin/ as 9 port 443'",
                "then"
            ]
        );
        assert_eq!(
            split("policy eval 'a b.json' --network-policy n.json 'GET / as it'\\''s'"),
            ["policy eval 'a b.json' --network-policy n.json 'GET / as it'\\''s'"]
        );
    }

    #[test]
    fn quotes_and_code_spans_are_one_word_when_closed() {
        assert_eq!(
            split("'GET / from anonymous' (once fixed, `policy eval x.json` takes it)"),
            [
                "'GET / from anonymous'",
                "(once",
                "fixed,",
                "`policy eval x.json`",
                "takes",
                "it)"
            ]
        );
        // An apostrophe or backtick left open is prose.
        assert_eq!(split("'open quote here"), ["'open", "quote", "here"]);
        assert_eq!(split("`open tick"), ["`open", "tick"]);
        // Not a command: no quoted query after the file.
        assert_eq!(split("policy eval FILE"), ["policy", "eval", "FILE"]);
    }

    #[test]
    fn spaces_stay_with_the_word_before_them() {
        let found: Vec<(&str, &str)> = words("a  b ").map(|w| (w.word, w.whitespace)).collect();
        assert_eq!(found, [("a", "  "), ("b", " ")]);
    }
}
