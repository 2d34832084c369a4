//! What can be wrong with a policy's JSON text.

use crate::span::Span;

/// One JSON syntax problem, located in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// What is wrong.
    pub kind: SyntaxErrorKind,
    /// The offending text (may be empty, at the place something is missing).
    pub span: Span,
    /// A second place that explains the first (the opening bracket of an unclosed
    /// array, the first occurrence of a duplicate key), with its label.
    pub related: Option<(Span, &'static str)>,
}

/// The kinds of JSON syntax problems. Each has a one-line message and, usually, help.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// The input holds nothing but whitespace.
    Empty,
    /// A character that cannot start or continue anything here.
    UnexpectedChar {
        /// The character found.
        found: char,
        /// What the grammar allows here, in words.
        expected: &'static str,
    },
    /// The input ended inside a value.
    UnexpectedEnd {
        /// What the grammar needed next, in words.
        expected: &'static str,
    },
    /// A string runs into a line break or the end of input.
    UnterminatedString,
    /// `/* ...` with no closing `*/`.
    UnterminatedComment,
    /// A `,` right before `]` or `}`.
    TrailingComma,
    /// `//` or `/* */`.
    Comment,
    /// `'text'`.
    SingleQuotes,
    /// An object key without quotes.
    UnquotedKey(String),
    /// A bare word where a value belongs (`Allow`, `True`, `undefined`).
    BareWord(String),
    /// `NaN`, `Infinity` or `-Infinity`.
    NonFiniteNumber(String),
    /// A number with a leading `+`.
    LeadingPlus,
    /// A number such as `007`.
    LeadingZero,
    /// A number missing digits after `-`, `.` or the exponent mark.
    MalformedNumber,
    /// A raw control character (U+0000 to U+001F) inside a string.
    ControlCharacter(char),
    /// A backslash escape JSON does not define (`\x`, `\'`).
    InvalidEscape(String),
    /// `\u` not followed by four hex digits.
    InvalidUnicodeEscape,
    /// A `\uD800`-`\uDFFF` escape without its partner.
    UnpairedSurrogate(u16),
    /// Two members of one object with the same key.
    DuplicateKey(String),
    /// Two values with no comma between them.
    MissingComma,
    /// A key not followed by `:`.
    MissingColon,
    /// Text after the end of the document.
    TrailingContent,
    /// Objects and arrays nested deeper than the limit.
    TooDeep(usize),
    /// More recoverable errors than the reader reports in one file.
    TooManyErrors(usize),
}

impl SyntaxErrorKind {
    /// The message: lowercase, no final period, user text in backticks.
    pub fn message(&self) -> String {
        match self {
            SyntaxErrorKind::Empty => "the file is empty: expected a policy document".into(),
            SyntaxErrorKind::UnexpectedChar { found, expected } => {
                format!("unexpected {}: expected {expected}", describe_char(*found))
            }
            SyntaxErrorKind::UnexpectedEnd { expected } => {
                format!("unexpected end of input: expected {expected}")
            }
            SyntaxErrorKind::UnterminatedString => "unterminated string".into(),
            SyntaxErrorKind::UnterminatedComment => "unterminated comment".into(),
            SyntaxErrorKind::TrailingComma => "trailing comma is not allowed in JSON".into(),
            SyntaxErrorKind::Comment => "comments are not allowed in JSON".into(),
            SyntaxErrorKind::SingleQuotes => "strings must use double quotes".into(),
            SyntaxErrorKind::UnquotedKey(k) => format!("object key `{k}` is not quoted"),
            SyntaxErrorKind::BareWord(w) => format!("`{w}` is not a JSON value"),
            SyntaxErrorKind::NonFiniteNumber(w) => format!("`{w}` is not a JSON number"),
            SyntaxErrorKind::LeadingPlus => "numbers cannot start with `+`".into(),
            SyntaxErrorKind::LeadingZero => "numbers cannot have leading zeros".into(),
            SyntaxErrorKind::MalformedNumber => "malformed number".into(),
            SyntaxErrorKind::ControlCharacter(c) => format!(
                "control character U+{:04X} must be escaped inside a string",
                u32::from(*c)
            ),
            SyntaxErrorKind::InvalidEscape(e) => format!("invalid escape `{e}` in string"),
            SyntaxErrorKind::InvalidUnicodeEscape => {
                "`\\u` must be followed by four hexadecimal digits".into()
            }
            SyntaxErrorKind::UnpairedSurrogate(u) => {
                format!("unpaired surrogate `\\u{u:04X}` in string")
            }
            SyntaxErrorKind::DuplicateKey(k) => format!("duplicate key `{k}`"),
            SyntaxErrorKind::MissingComma => "missing comma between values".into(),
            SyntaxErrorKind::MissingColon => "missing `:` after object key".into(),
            SyntaxErrorKind::TrailingContent => {
                "unexpected content after the policy document".into()
            }
            SyntaxErrorKind::TooDeep(limit) => {
                format!("objects and arrays are nested more than {limit} levels deep")
            }
            SyntaxErrorKind::TooManyErrors(limit) => {
                format!("more than {limit} syntax errors; stopped reading this file")
            }
        }
    }

    /// Help text: how to fix it.
    pub fn help(&self) -> Option<String> {
        Some(match self {
            SyntaxErrorKind::Empty => {
                "a policy is a JSON object such as `{\"Version\": \"2012-10-17\", \"Statement\": [...]}`".into()
            }
            SyntaxErrorKind::UnexpectedChar { found: '\'', .. } | SyntaxErrorKind::SingleQuotes => {
                "replace the single quotes with double quotes (`\"`)".into()
            }
            SyntaxErrorKind::UnexpectedChar { .. } | SyntaxErrorKind::UnexpectedEnd { .. } => {
                return None
            }
            SyntaxErrorKind::UnterminatedString => {
                "close the string with `\"`; a line break inside a string must be written `\\n`".into()
            }
            SyntaxErrorKind::UnterminatedComment => "remove the comment".into(),
            SyntaxErrorKind::TrailingComma => "remove the comma".into(),
            SyntaxErrorKind::Comment => {
                "remove the comment; a statement's `Sid` can say what it is for".into()
            }
            SyntaxErrorKind::UnquotedKey(k) => format!("write the key as `\"{k}\"`"),
            SyntaxErrorKind::BareWord(w) => match w.to_ascii_lowercase().as_str() {
                "true" | "false" | "null" => {
                    format!("JSON literals are lowercase: write `{}`", w.to_ascii_lowercase())
                }
                "none" | "nil" | "undefined" => "write `null`, or leave the element out".into(),
                _ => format!("if `{w}` is meant as a string, write `\"{w}\"`"),
            },
            SyntaxErrorKind::NonFiniteNumber(w) => format!("write `\"{w}\"` if a string is meant"),
            SyntaxErrorKind::LeadingPlus => "remove the `+`".into(),
            SyntaxErrorKind::LeadingZero => {
                "remove the leading zeros, or quote the value if it is an identifier".into()
            }
            SyntaxErrorKind::MalformedNumber => {
                "a JSON number has digits after `-`, after `.` and after `e`".into()
            }
            SyntaxErrorKind::ControlCharacter(c) => match c {
                '\t' => "write a tab as `\\t`".into(),
                _ => format!("write it as `\\u{:04x}`", u32::from(*c)),
            },
            SyntaxErrorKind::InvalidEscape(_) => {
                "JSON escapes are `\\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t` and `\\uXXXX`".into()
            }
            SyntaxErrorKind::InvalidUnicodeEscape => "write the escape as `\\uXXXX`".into(),
            SyntaxErrorKind::UnpairedSurrogate(_) => {
                "a character outside the Basic Multilingual Plane is written as a high surrogate followed by a low surrogate, such as `\\uD83D\\uDE00`".into()
            }
            SyntaxErrorKind::DuplicateKey(_) => {
                "the IAM policy grammar allows each key once per object; merge the two or remove one".into()
            }
            SyntaxErrorKind::MissingComma => "add a `,` between the two".into(),
            SyntaxErrorKind::MissingColon => "add a `:` between the key and its value".into(),
            SyntaxErrorKind::TrailingContent => {
                "a policy file holds exactly one JSON object; remove what follows it".into()
            }
            SyntaxErrorKind::TooDeep(_) => "no valid policy nests this deep".into(),
            SyntaxErrorKind::TooManyErrors(_) => "fix the errors above and check again".into(),
        })
    }

    /// True for the problems after which the reader cannot continue.
    pub fn is_fatal(&self) -> bool {
        matches!(
            self,
            SyntaxErrorKind::Empty
                | SyntaxErrorKind::UnexpectedChar { .. }
                | SyntaxErrorKind::UnexpectedEnd { .. }
                | SyntaxErrorKind::UnterminatedString
                | SyntaxErrorKind::MalformedNumber
                | SyntaxErrorKind::TooDeep(_)
                | SyntaxErrorKind::TooManyErrors(_)
        )
    }
}

fn describe_char(c: char) -> String {
    match c {
        '\n' => "line break".into(),
        '\t' => "tab".into(),
        '\u{feff}' => "byte-order mark".into(),
        c if c.is_control() || c.is_whitespace() => format!("character U+{:04X}", u32::from(c)),
        c => format!("character `{c}`"),
    }
}
