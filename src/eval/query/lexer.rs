//! The query split into words, with nom.

use nom::bytes::complete::{take_till, take_till1, take_while};
use nom::character::complete::char;
use nom::error::{Error as NomError, ErrorKind};
use nom::IResult;

use super::{keyword, KeywordInfo, QueryError};
use crate::span::Span;

/// One word of the query, its quotes removed.
#[derive(Debug)]
pub(super) struct Word {
    pub(super) text: String,
    pub(super) span: Span,
    pub(super) quoted: bool,
    /// The first `=` outside quotes: its index in `text` and its offset in the query.
    pub(super) eq: Option<(usize, usize)>,
}

impl Word {
    /// The keyword this word is, unless it is quoted.
    pub(super) fn keyword(&self) -> Option<KeywordInfo> {
        if self.quoted {
            None
        } else {
            keyword(&self.text)
        }
    }

    pub(super) fn is_letters(&self) -> bool {
        !self.quoted && !self.text.is_empty() && self.text.bytes().all(|b| b.is_ascii_alphabetic())
    }

    /// `KEY=VALUE` split at the first `=` outside quotes, with the spans of
    /// key and value.
    pub(super) fn pair(&self) -> Option<(Part<'_>, Part<'_>)> {
        let (at, offset) = self.eq?;
        let key = self.text.get(..at)?;
        let value = self.text.get(at + 1..)?;
        Some((
            (key, Span::new(self.span.offset(), offset)),
            (value, Span::new(offset + 1, self.span.end as usize)),
        ))
    }
}

/// Text and where it was written.
type Part<'a> = (&'a str, Span);

type Lexed<'a, T> = IResult<&'a str, T, NomError<&'a str>>;

/// A double-quoted stretch: `\"` and `\\` are escapes, any other `\` is itself.
fn quoted(i: &str) -> Lexed<'_, String> {
    let (mut i, _) = char('"')(i)?;
    let mut out = String::new();
    loop {
        let (rest, chunk) = take_till(|c| c == '"' || c == '\\')(i)?;
        out.push_str(chunk);
        let mut chars = rest.chars();
        match chars.next() {
            Some('"') => return Ok((chars.as_str(), out)),
            Some(_) => {
                let after = chars.as_str();
                let mut next = after.chars();
                match next.next() {
                    Some(c @ ('"' | '\\')) => {
                        out.push(c);
                        i = next.as_str();
                    }
                    _ => {
                        out.push('\\');
                        i = after;
                    }
                }
            }
            None => return Err(nom::Err::Error(NomError::new(rest, ErrorKind::Char))),
        }
    }
}

/// A stretch without spaces or quotes.
fn bare(i: &str) -> Lexed<'_, &str> {
    take_till1(|c: char| c.is_whitespace() || c == '"')(i)
}

/// Splits the query into words.
pub(super) fn lex(src: &str) -> Result<Vec<Word>, QueryError> {
    let off = |rest: &str| src.len() - rest.len();
    let mut words = Vec::new();
    let mut rest = src;
    loop {
        // Any Unicode space separates words, as `bare` stops at any.
        let skipped: Lexed<'_, &str> = take_while(char::is_whitespace)(rest);
        rest = skipped.map_or(rest, |(r, _)| r);
        if rest.is_empty() {
            return Ok(words);
        }
        let start = off(rest);
        let mut word = Word {
            text: String::new(),
            span: Span::at(start),
            quoted: false,
            eq: None,
        };
        while rest.chars().next().is_some_and(|c| !c.is_whitespace()) {
            if rest.starts_with('"') {
                let at = off(rest);
                let (r, text) = quoted(rest).map_err(|_| {
                    QueryError::new(
                        src,
                        Span::new(at, src.len()),
                        "a quoted value has no closing `\"`",
                    )
                    .with_label("opened here")
                    .with_help("close the value with `\"`; write a quote inside it as `\\\"`")
                })?;
                word.text.push_str(&text);
                word.quoted = true;
                rest = r;
            } else {
                let (r, text) = bare(rest)
                    .map_err(|_| QueryError::new(src, Span::at(off(rest)), "unreadable word"))?;
                if word.eq.is_none() {
                    if let Some(i) = text.find('=') {
                        word.eq = Some((word.text.len() + i, off(rest) + i));
                    }
                }
                word.text.push_str(text);
                rest = r;
            }
        }
        word.span = Span::new(start, off(rest));
        words.push(word);
    }
}
