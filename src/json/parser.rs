//! The nom reader: text to a spanned [`Node`] tree.
//!
//! Each function takes the remaining input and returns the rest, as nom
//! parsers do; a byte offset is always `source.len() - rest.len()`, so spans
//! come for free. Errors the reader can step over are recorded and reading
//! continues; the others end it with `nom::Err::Failure`.

use std::borrow::Cow;

use nom::bytes::complete::tag;
use nom::character::complete::{char, digit1, one_of};
use nom::combinator::opt;
use nom::error::{ErrorKind, ParseError};
use nom::{IResult, Parser as _};

use super::error::{SyntaxError, SyntaxErrorKind};
use super::tree::{Member, Node, Value};
use crate::span::Span;

/// The deepest nesting of objects and arrays the reader accepts. Real policies
/// nest six levels at most; the limit keeps recursion far from the stack's end.
pub const MAX_DEPTH: usize = 64;

/// The most syntax errors reported for one file before the reader gives up.
pub const MAX_SYNTAX_ERRORS: usize = 50;

/// The result of reading a document.
#[derive(Debug)]
pub struct Parsed<'a> {
    /// The tree, unless an error stopped the reader.
    pub root: Option<Node<'a>>,
    /// Every syntax error found, in source order.
    pub errors: Vec<SyntaxError>,
    /// The text began with a UTF-8 byte-order mark (skipped).
    pub bom: bool,
}

/// Reads `text` as one JSON document.
pub fn parse(text: &str) -> Parsed<'_> {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut reader = Reader {
        src: text,
        errors: Vec::new(),
        depth: 0,
    };
    let root = match reader.document(body) {
        Ok(node) => Some(node),
        Err(fail) => {
            let error = reader.to_error(fail);
            reader.errors.push(error);
            None
        }
    };
    let mut errors = reader.errors;
    errors.sort_by_key(|e| e.span.start);
    Parsed { root, errors, bom }
}

/// An error that ends reading, located by the length of the input left.
#[derive(Debug)]
struct Fail {
    rest_len: usize,
    len: usize,
    kind: SyntaxErrorKind,
    related: Option<(Span, &'static str)>,
}

impl<'a> ParseError<&'a str> for Fail {
    fn from_error_kind(input: &'a str, _: ErrorKind) -> Self {
        Fail {
            rest_len: input.len(),
            len: 0,
            kind: SyntaxErrorKind::MalformedNumber,
            related: None,
        }
    }

    fn append(_: &'a str, _: ErrorKind, other: Self) -> Self {
        other
    }
}

type PResult<'a, T> = IResult<&'a str, T, Fail>;
type Step<T> = Result<T, nom::Err<Fail>>;

struct Reader<'a> {
    src: &'a str,
    errors: Vec<SyntaxError>,
    depth: usize,
}

fn first(i: &str) -> Option<u8> {
    i.as_bytes().first().copied()
}

/// `i` without its first `n` bytes (`n` always ends on a character boundary here).
fn skip(i: &str, n: usize) -> &str {
    i.get(n..).unwrap_or("")
}

fn starts_value(b: u8) -> bool {
    matches!(
        b,
        b'"' | b'{' | b'[' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n' | b'\''
    )
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

impl<'a> Reader<'a> {
    fn off(&self, rest: &str) -> usize {
        self.src.len() - rest.len()
    }

    /// The span from the start of `from` to the start of `to`.
    fn span(&self, from: &str, to: &str) -> Span {
        Span::new(self.off(from), self.off(to))
    }

    fn to_error(&self, fail: nom::Err<Fail>) -> SyntaxError {
        let fail = match fail {
            nom::Err::Error(f) | nom::Err::Failure(f) => f,
            nom::Err::Incomplete(_) => Fail {
                rest_len: 0,
                len: 0,
                kind: SyntaxErrorKind::UnexpectedEnd {
                    expected: "more input",
                },
                related: None,
            },
        };
        let start = self.src.len() - fail.rest_len.min(self.src.len());
        SyntaxError {
            kind: fail.kind,
            span: Span::new(start, (start + fail.len).min(self.src.len())),
            related: fail.related,
        }
    }

    fn fatal<T>(&self, at: &str, len: usize, kind: SyntaxErrorKind) -> Step<T> {
        Err(nom::Err::Failure(Fail {
            rest_len: at.len(),
            len,
            kind,
            related: None,
        }))
    }

    /// Records an error the reader steps over; gives up once there are too many.
    fn recover(
        &mut self,
        kind: SyntaxErrorKind,
        span: Span,
        related: Option<(Span, &'static str)>,
    ) -> Step<()> {
        if self.errors.len() >= MAX_SYNTAX_ERRORS {
            return Err(nom::Err::Failure(Fail {
                rest_len: self.src.len() - span.offset().min(self.src.len()),
                len: span.len(),
                kind: SyntaxErrorKind::TooManyErrors(MAX_SYNTAX_ERRORS),
                related: None,
            }));
        }
        self.errors.push(SyntaxError {
            kind,
            span,
            related,
        });
        Ok(())
    }

    /// "found X, expected Y" at the start of `i`, or "unexpected end" when `i` is empty.
    fn unexpected<T>(&self, i: &str, expected: &'static str) -> Step<T> {
        match i.chars().next() {
            Some(found) => self.fatal(
                i,
                found.len_utf8(),
                SyntaxErrorKind::UnexpectedChar { found, expected },
            ),
            None => self.fatal(i, 0, SyntaxErrorKind::UnexpectedEnd { expected }),
        }
    }

    fn document(&mut self, i: &'a str) -> Step<Node<'a>> {
        let i = self.ws(i)?;
        if i.is_empty() {
            return self.fatal(i, 0, SyntaxErrorKind::Empty);
        }
        let (rest, node) = self.value(i)?;
        let rest = self.ws(rest)?;
        if !rest.is_empty() {
            let span = Span::new(self.off(rest), self.src.len());
            self.recover(SyntaxErrorKind::TrailingContent, span, None)?;
        }
        Ok(node)
    }

    /// Skips whitespace; reports and skips comments.
    fn ws(&mut self, mut i: &'a str) -> Step<&'a str> {
        loop {
            // A byte loop: JSON whitespace is ASCII, and indentation is
            // most of a pretty-printed policy's bytes.
            let blank = i
                .bytes()
                .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
                .count();
            i = skip(i, blank);
            if i.starts_with("//") {
                let end = i.find('\n').unwrap_or(i.len());
                let after = skip(i, end);
                self.recover(SyntaxErrorKind::Comment, self.span(i, after), None)?;
                i = after;
            } else if i.starts_with("/*") {
                match skip(i, 2).find("*/") {
                    Some(n) => {
                        let after = skip(i, n + 4);
                        self.recover(SyntaxErrorKind::Comment, self.span(i, after), None)?;
                        i = after;
                    }
                    None => {
                        let span = Span::new(self.off(i), self.src.len());
                        self.recover(SyntaxErrorKind::UnterminatedComment, span, None)?;
                        i = skip(i, i.len());
                    }
                }
            } else {
                return Ok(i);
            }
        }
    }

    fn value(&mut self, i: &'a str) -> PResult<'a, Node<'a>> {
        match first(i) {
            Some(b'{') => self.object(i),
            Some(b'[') => self.array(i),
            Some(b'"') => {
                let (rest, s) = self.string(i)?;
                Ok((rest, self.node(i, rest, Value::String(s))))
            }
            Some(b'\'') => {
                let (rest, s) = self.single_quoted(i)?;
                Ok((rest, self.node(i, rest, Value::String(s))))
            }
            Some(b'-' | b'0'..=b'9') => self.number(i),
            Some(b'+') => {
                self.recover(
                    SyntaxErrorKind::LeadingPlus,
                    Span::new(self.off(i), self.off(i) + 1),
                    None,
                )?;
                let (rest, node) = self.number(skip(i, 1))?;
                Ok((rest, self.node(i, rest, node.value)))
            }
            Some(b) if b.is_ascii_alphabetic() || b == b'_' || b == b'$' => self.word(i),
            _ => self.unexpected(i, "a value"),
        }
    }

    fn node(&self, from: &str, to: &str, value: Value<'a>) -> Node<'a> {
        Node {
            span: self.span(from, to),
            value,
        }
    }

    /// `true`, `false`, `null`, and the bare words people write instead.
    fn word(&mut self, i: &'a str) -> PResult<'a, Node<'a>> {
        for (literal, value) in [
            ("true", Value::Bool(true)),
            ("false", Value::Bool(false)),
            ("null", Value::Null),
        ] {
            if let Ok((rest, _)) = tag::<_, _, Fail>(literal)(i) {
                if !first(rest).is_some_and(is_word_byte) {
                    return Ok((rest, self.node(i, rest, value)));
                }
            }
        }
        let len = i.bytes().take_while(|&b| is_word_byte(b)).count();
        let (word, rest) = (i.get(..len).unwrap_or(""), skip(i, len));
        let span = self.span(i, rest);
        let value = match word {
            "NaN" | "Infinity" => {
                self.recover(SyntaxErrorKind::NonFiniteNumber(word.into()), span, None)?;
                Value::Number(Cow::Borrowed(word))
            }
            _ => {
                self.recover(SyntaxErrorKind::BareWord(word.into()), span, None)?;
                match word.to_ascii_lowercase().as_str() {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    "null" | "none" | "nil" | "undefined" => Value::Null,
                    _ => Value::String(Cow::Borrowed(word)),
                }
            }
        };
        Ok((rest, Node { span, value }))
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept as text.
    fn number(&mut self, i: &'a str) -> PResult<'a, Node<'a>> {
        let (r, minus) = opt(char::<_, Fail>('-')).parse_complete(i)?;
        if minus.is_some() && r.starts_with("Infinity") {
            let rest = skip(r, "Infinity".len());
            let span = self.span(i, rest);
            self.recover(
                SyntaxErrorKind::NonFiniteNumber("-Infinity".into()),
                span,
                None,
            )?;
            let text = i.get(..span.len()).unwrap_or("");
            return Ok((
                rest,
                Node {
                    span,
                    value: Value::Number(Cow::Borrowed(text)),
                },
            ));
        }
        let digits = r;
        let (r, int) = match digit1::<_, Fail>(r) {
            Ok(ok) => ok,
            Err(_) => return self.fatal(r, 0, SyntaxErrorKind::MalformedNumber),
        };
        if int.len() > 1 && int.starts_with('0') {
            let at = self.off(digits);
            self.recover(
                SyntaxErrorKind::LeadingZero,
                Span::new(at, at + int.len()),
                None,
            )?;
        }
        let r = match char::<_, Fail>('.')(r) {
            Ok((after_dot, _)) => match digit1::<_, Fail>(after_dot) {
                Ok((r, _)) => r,
                Err(_) => return self.fatal(after_dot, 0, SyntaxErrorKind::MalformedNumber),
            },
            Err(_) => r,
        };
        let r = match one_of::<_, _, Fail>("eE")(r) {
            Ok((after_e, _)) => {
                let (after_sign, _) = opt(one_of::<_, _, Fail>("+-")).parse_complete(after_e)?;
                match digit1::<_, Fail>(after_sign) {
                    Ok((r, _)) => r,
                    Err(_) => return self.fatal(after_sign, 0, SyntaxErrorKind::MalformedNumber),
                }
            }
            Err(_) => r,
        };
        let text = i.get(..i.len() - r.len()).unwrap_or("");
        Ok((r, self.node(i, r, Value::Number(Cow::Borrowed(text)))))
    }

    /// A double-quoted string; `i` starts at the opening quote.
    fn string(&mut self, i: &'a str) -> PResult<'a, Cow<'a, str>> {
        let body = skip(i, 1);
        let bytes = body.as_bytes();
        let stop = bytes
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20);
        match stop {
            Some(p) if bytes.get(p) == Some(&b'"') => Ok((
                skip(body, p + 1),
                Cow::Borrowed(body.get(..p).unwrap_or("")),
            )),
            Some(p) => self.string_slow(i, body, p),
            None => self.unterminated(i, skip(body, body.len())),
        }
    }

    fn unterminated<T>(&self, open: &str, at: &str) -> Step<T> {
        Err(nom::Err::Failure(Fail {
            rest_len: open.len(),
            len: open.len() - at.len(),
            kind: SyntaxErrorKind::UnterminatedString,
            related: None,
        }))
    }

    /// The general case: escapes and control characters. `p` is the first byte
    /// of `body` that is not plain text.
    fn string_slow(
        &mut self,
        open: &'a str,
        body: &'a str,
        mut p: usize,
    ) -> PResult<'a, Cow<'a, str>> {
        let bytes = body.as_bytes();
        let mut out = String::with_capacity(body.len().min(64));
        out.push_str(body.get(..p).unwrap_or(""));
        loop {
            let Some(&b) = bytes.get(p) else {
                return self.unterminated(open, skip(body, body.len()));
            };
            match b {
                b'"' => return Ok((skip(body, p + 1), Cow::Owned(out))),
                b'\\' => p = self.escape(open, body, p, &mut out)?,
                b'\n' | b'\r' => return self.unterminated(open, skip(body, p)),
                b if b < 0x20 => {
                    let at = self.off(skip(body, p));
                    self.recover(
                        SyntaxErrorKind::ControlCharacter(char::from(b)),
                        Span::new(at, at + 1),
                        None,
                    )?;
                    out.push(char::from(b));
                    p += 1;
                }
                _ => {
                    let run = bytes
                        .get(p..)
                        .unwrap_or(&[])
                        .iter()
                        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                        .unwrap_or(bytes.len() - p);
                    out.push_str(body.get(p..p + run).unwrap_or(""));
                    p += run;
                }
            }
        }
    }

    /// One backslash escape at `body[p]` of the string opened at `open`;
    /// returns the index after it.
    fn escape(&mut self, open: &str, body: &'a str, p: usize, out: &mut String) -> Step<usize> {
        let at = skip(body, p);
        let Some(c) = skip(at, 1).chars().next() else {
            return self.unterminated(open, skip(at, at.len()));
        };
        let simple = match c {
            '"' => Some('"'),
            '\\' => Some('\\'),
            '/' => Some('/'),
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            _ => None,
        };
        if let Some(ch) = simple {
            out.push(ch);
            return Ok(p + 2);
        }
        if c != 'u' {
            let span = Span::new(self.off(at), self.off(at) + 1 + c.len_utf8());
            let text = format!("\\{c}");
            if c == '\n' || c == '\r' {
                return self.unterminated(open, skip(at, 1));
            }
            self.recover(SyntaxErrorKind::InvalidEscape(text), span, None)?;
            out.push(c);
            return Ok(p + 1 + c.len_utf8());
        }
        let Some(unit) = hex4(skip(at, 2)) else {
            let span = Span::new(self.off(at), self.off(at) + 2);
            self.recover(SyntaxErrorKind::InvalidUnicodeEscape, span, None)?;
            out.push_str("\\u");
            return Ok(p + 2);
        };
        let here = Span::new(self.off(at), self.off(at) + 6);
        match unit {
            0xD800..=0xDBFF => {
                let next = skip(at, 6);
                let low = next.strip_prefix("\\u").and_then(hex4);
                match low {
                    Some(low @ 0xDC00..=0xDFFF) => {
                        let code = 0x10000
                            + ((u32::from(unit) - 0xD800) << 10)
                            + (u32::from(low) - 0xDC00);
                        out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                        Ok(p + 12)
                    }
                    _ => {
                        self.recover(SyntaxErrorKind::UnpairedSurrogate(unit), here, None)?;
                        out.push('\u{fffd}');
                        Ok(p + 6)
                    }
                }
            }
            0xDC00..=0xDFFF => {
                self.recover(SyntaxErrorKind::UnpairedSurrogate(unit), here, None)?;
                out.push('\u{fffd}');
                Ok(p + 6)
            }
            _ => {
                out.push(char::from_u32(u32::from(unit)).unwrap_or('\u{fffd}'));
                Ok(p + 6)
            }
        }
    }

    /// `'text'`: reported, then read up to the closing quote.
    fn single_quoted(&mut self, i: &'a str) -> PResult<'a, Cow<'a, str>> {
        let body = skip(i, 1);
        let mut escaped = false;
        let end = body.char_indices().find(|&(_, c)| {
            let stop = (c == '\'' && !escaped) || c == '\n' || c == '\r';
            escaped = c == '\\' && !escaped;
            stop
        });
        match end {
            Some((p, '\'')) => {
                let rest = skip(body, p + 1);
                self.recover(SyntaxErrorKind::SingleQuotes, self.span(i, rest), None)?;
                Ok((rest, Cow::Borrowed(body.get(..p).unwrap_or(""))))
            }
            Some((p, _)) => self.unterminated(i, skip(body, p)),
            None => self.unterminated(i, skip(body, body.len())),
        }
    }

    fn enter(&mut self, i: &str) -> Step<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.fatal(i, 1, SyntaxErrorKind::TooDeep(MAX_DEPTH));
        }
        Ok(())
    }

    fn unclosed<T>(
        &self,
        open: &str,
        rest: &str,
        expected: &'static str,
        what: &'static str,
    ) -> Step<T> {
        let open_at = self.off(open);
        match self.unexpected::<T>(rest, expected) {
            Err(nom::Err::Failure(mut f)) => {
                f.related = Some((Span::new(open_at, open_at + 1), what));
                Err(nom::Err::Failure(f))
            }
            other => other,
        }
    }

    /// A value inside the array or object opened at `open`; when the input
    /// ends instead, the error points back at the opening bracket.
    fn item(&mut self, open: &str, r: &'a str, what: &'static str) -> PResult<'a, Node<'a>> {
        if r.is_empty() {
            return self.unclosed(open, r, "a value", what);
        }
        self.value(r)
    }

    fn array(&mut self, i: &'a str) -> PResult<'a, Node<'a>> {
        self.enter(i)?;
        let mut r = self.ws(skip(i, 1))?;
        let mut items = Vec::new();
        if first(r) != Some(b']') {
            loop {
                let (after, node) = self.item(i, r, "the array starts here")?;
                let end = node.span.end as usize;
                items.push(node);
                let (next, more) = self.separator(i, after, end, b']')?;
                r = next;
                if !more {
                    break;
                }
            }
        }
        let rest = skip(r, 1);
        self.depth -= 1;
        Ok((rest, self.node(i, rest, Value::Array(items))))
    }

    /// What follows an array item or object member: `,` and more (`true`), or
    /// the closing bracket `close` (`false`, with the input left at it). A
    /// trailing comma and a missing comma are reported and stepped over.
    /// `open` is the container's start, `end` the end of the value just read.
    fn separator(
        &mut self,
        open: &'a str,
        after: &'a str,
        end: usize,
        close: u8,
    ) -> Step<(&'a str, bool)> {
        let (expected, what) = if close == b']' {
            ("`,` or `]`", "the array starts here")
        } else {
            ("`,` or `}`", "the object starts here")
        };
        let r = self.ws(after)?;
        match first(r) {
            Some(b',') => {
                let rest = self.ws(skip(r, 1))?;
                if first(rest) == Some(close) {
                    let at = self.off(r);
                    self.recover(SyntaxErrorKind::TrailingComma, Span::new(at, at + 1), None)?;
                    return Ok((rest, false));
                }
                Ok((rest, true))
            }
            Some(b) if b == close => Ok((r, false)),
            // In an object only a `"` can start the next member; in an array any value.
            Some(b) if (close == b']' && starts_value(b)) || b == b'"' => {
                self.recover(SyntaxErrorKind::MissingComma, Span::at(end), None)?;
                Ok((r, true))
            }
            _ => self.unclosed(open, r, expected, what),
        }
    }

    fn object(&mut self, i: &'a str) -> PResult<'a, Node<'a>> {
        self.enter(i)?;
        let mut r = self.ws(skip(i, 1))?;
        let mut members = Vec::new();
        if first(r) != Some(b'}') {
            loop {
                let (after_key, key) = match first(r) {
                    Some(b'"') => self.string(r)?,
                    Some(b'\'') => self.single_quoted(r)?,
                    Some(b) if b.is_ascii_alphabetic() || b == b'_' || b == b'$' => {
                        let len = r
                            .bytes()
                            .take_while(|&b| is_word_byte(b) || b == b'-')
                            .count();
                        let (word, rest) = (r.get(..len).unwrap_or(""), skip(r, len));
                        self.recover(
                            SyntaxErrorKind::UnquotedKey(word.into()),
                            self.span(r, rest),
                            None,
                        )?;
                        (rest, Cow::Borrowed(word))
                    }
                    _ => {
                        return self.unclosed(i, r, "a quoted key or `}`", "the object starts here")
                    }
                };
                let key_span = self.span(r, after_key);
                r = self.ws(after_key)?;
                match first(r) {
                    Some(b':') => r = self.ws(skip(r, 1))?,
                    Some(b) if starts_value(b) => {
                        self.recover(
                            SyntaxErrorKind::MissingColon,
                            Span::at(key_span.end as usize),
                            None,
                        )?;
                    }
                    _ => return self.unclosed(i, r, "`:`", "the object starts here"),
                }
                let (after, value) = self.item(i, r, "the object starts here")?;
                let end = value.span.end as usize;
                members.push(Member {
                    key,
                    key_span,
                    value,
                });
                let (next, more) = self.separator(i, after, end, b'}')?;
                r = next;
                if !more {
                    break;
                }
            }
        }
        self.remove_duplicates(&mut members)?;
        let rest = skip(r, 1);
        self.depth -= 1;
        Ok((rest, self.node(i, rest, Value::Object(members))))
    }

    /// Reports each repeated key (pointing back at the first) and keeps the first.
    fn remove_duplicates(&mut self, members: &mut Vec<Member<'a>>) -> Step<()> {
        let mut duplicates: Vec<(usize, usize)> = Vec::new();
        if members.len() <= 16 {
            for (j, m) in members.iter().enumerate() {
                if let Some(k) = members.iter().take(j).position(|o| o.key == m.key) {
                    duplicates.push((j, k));
                }
            }
        } else {
            let mut order: Vec<usize> = (0..members.len()).collect();
            order.sort_by(|&a, &b| {
                let (ka, kb) = (
                    members.get(a).map(|m| &m.key),
                    members.get(b).map(|m| &m.key),
                );
                ka.cmp(&kb).then(a.cmp(&b))
            });
            let mut run_first = None;
            for pair in order.windows(2) {
                if let [a, b] = *pair {
                    if members.get(a).map(|m| &m.key) == members.get(b).map(|m| &m.key) {
                        duplicates.push((b, *run_first.get_or_insert(a)));
                    } else {
                        run_first = None;
                    }
                }
            }
            duplicates.sort_unstable();
        }
        if duplicates.is_empty() {
            return Ok(());
        }
        for &(dup, orig) in &duplicates {
            if let (Some(d), Some(o)) = (members.get(dup), members.get(orig)) {
                let kind = SyntaxErrorKind::DuplicateKey(d.key.to_string());
                let (span, related) = (d.key_span, Some((o.key_span, "first written here")));
                self.recover(kind, span, related)?;
            }
        }
        // `duplicates` is sorted by its first field.
        let mut index = 0;
        members.retain(|_| {
            let keep = duplicates
                .binary_search_by_key(&index, |&(d, _)| d)
                .is_err();
            index += 1;
            keep
        });
        Ok(())
    }
}

fn hex4(s: &str) -> Option<u16> {
    let digits = s.get(..4)?;
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u16::from_str_radix(digits, 16).ok()
}
