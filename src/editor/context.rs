//! Where the cursor is in a policy that may be broken while it is typed.
//!
//! An editor asks about a document between keystrokes: a string not yet
//! closed, a comma missing, a key half typed. The strict reader
//! ([`crate::json`]) rightly refuses such text, so this module reads it
//! tolerantly instead: a lexer that never fails (an unterminated string
//! ends at the end of its line, anything else is a bare word) and a
//! stack machine that follows the objects and arrays up to the cursor,
//! stepping over missing colons and commas. The answer is a [`Place`]: the
//! JSON path to the cursor, whether it is on a key or a value, the token
//! under it and the other keys of the enclosing object.
//!
//! A policy that was read into a tree (one extracted from an infrastructure
//! file, whose spans point into that file) is located by [`locate_in_tree`]
//! into the same [`Place`].

use std::ops::Range;

use crate::json::{Node, Value};

/// One step of a JSON path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A member of an object, by key.
    Key(String),
    /// An element of an array, by position.
    Index(usize),
}

/// Whether the cursor is on an object's key or on a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A key of the object the path leads to.
    Key,
    /// The value the path leads to.
    Value,
}

/// The token under the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Its text: a string's content (escapes decoded), a bare word as written.
    pub text: String,
    /// The whole token in the document, quotes included.
    pub range: Range<usize>,
    /// What a completion replaces: a string's content between its quotes
    /// (to the cursor when the string is not closed), a bare word whole.
    pub inner: Range<usize>,
    /// True for a string (the editor shows quotes around it).
    pub quoted: bool,
}

/// Where the cursor is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The path from the document's root to the object whose key, or to the
    /// value, the cursor is on.
    pub path: Vec<Step>,
    /// Key or value.
    pub role: Role,
    /// The token under the cursor, if any (none between tokens).
    pub token: Option<Token>,
    /// The other keys of the object the cursor's key or value is in.
    pub siblings: Vec<String>,
}

/// How a cursor offset meets a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// Hover: the character at the offset (a token holds offsets `start..end`).
    Character,
    /// Completion: the gap before the offset's character (a string holds the
    /// gaps inside its quotes, a bare word the gaps at and inside it).
    Gap,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    Open(u8),
    Close(u8),
    Colon,
    Comma,
    /// A string: decoded text, whether closed.
    Str(String, bool),
    Word(String),
}

#[derive(Clone, Debug)]
struct Lexeme {
    kind: Kind,
    range: Range<usize>,
}

/// Splits `text` into lexemes; never fails.
fn lex(text: &str) -> Vec<Lexeme> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let start = i;
        let kind = match b {
            b'{' | b'[' => {
                i += 1;
                Kind::Open(b)
            }
            b'}' | b']' => {
                i += 1;
                Kind::Close(b)
            }
            b':' => {
                i += 1;
                Kind::Colon
            }
            b',' => {
                i += 1;
                Kind::Comma
            }
            b'"' => {
                let (decoded, end, closed) = string(text, i);
                i = end;
                Kind::Str(decoded, closed)
            }
            _ if b.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            _ => {
                while bytes
                    .get(i)
                    .is_some_and(|c| !c.is_ascii_whitespace() && !b"{}[]:,\"".contains(c))
                {
                    i += 1;
                }
                Kind::Word(text.get(start..i).unwrap_or_default().to_owned())
            }
        };
        out.push(Lexeme {
            kind,
            range: start..i,
        });
    }
    out
}

/// The string starting at the quote at `start`: its decoded text, the
/// offset after it, and whether a closing quote ended it (else the line
/// or the text did).
fn string(text: &str, start: usize) -> (String, usize, bool) {
    let mut decoded = String::new();
    let mut chars = text
        .get(start + 1..)
        .unwrap_or_default()
        .char_indices()
        .peekable();
    while let Some((at, c)) = chars.next() {
        let here = start + 1 + at;
        match c {
            '"' => return (decoded, here + 1, true),
            '\n' | '\r' => return (decoded, here, false),
            '\\' => match chars.next() {
                Some((_, 'n')) => decoded.push('\n'),
                Some((_, 't')) => decoded.push('\t'),
                Some((_, 'r')) => decoded.push('\r'),
                Some((_, 'b')) => decoded.push('\u{8}'),
                Some((_, 'f')) => decoded.push('\u{c}'),
                Some((_, 'u')) => {
                    let hex: String = (0..4)
                        .filter_map(|_| chars.next().map(|(_, h)| h))
                        .collect();
                    if let Some(ch) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        decoded.push(ch);
                    }
                }
                Some((_, '\n' | '\r')) | None => return (decoded, here + 1, false),
                Some((_, other)) => decoded.push(other),
            },
            other => decoded.push(other),
        }
    }
    (decoded, text.len(), false)
}

/// What an object expects next.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Expect {
    Key,
    Colon(String),
    Value(String),
    /// A value was read; a comma (or, tolerated, a key) follows.
    After,
}

#[derive(Clone, Debug)]
struct Frame {
    /// The step from the parent to this container.
    step: Step,
    object: bool,
    expect: Expect,
    index: usize,
    keys: Vec<String>,
}

impl Frame {
    fn new(step: Step, object: bool) -> Frame {
        Frame {
            step,
            object,
            expect: if object { Expect::Key } else { Expect::After },
            index: 0,
            keys: Vec::new(),
        }
    }

    /// The step to a value that starts here.
    fn child_step(&self) -> Step {
        match (&self.expect, self.object) {
            (Expect::Value(k) | Expect::Colon(k), true) => Step::Key(k.clone()),
            (_, true) => Step::Key(String::new()),
            (_, false) => Step::Index(self.index),
        }
    }
}

/// True when the cursor at `offset` is in the lexeme, as `reach` says.
fn holds(lexeme: &Lexeme, offset: usize, reach: Reach) -> bool {
    let r = &lexeme.range;
    match (&lexeme.kind, reach) {
        (Kind::Str(..) | Kind::Word(_), Reach::Character) => r.start <= offset && offset < r.end,
        (Kind::Str(_, true), Reach::Gap) => r.start < offset && offset < r.end,
        (Kind::Str(_, false), Reach::Gap) => r.start < offset && offset <= r.end,
        (Kind::Word(_), Reach::Gap) => r.start <= offset && offset <= r.end,
        _ => false,
    }
}

/// The token a lexeme is, for the cursor at `offset`.
fn token(lexeme: &Lexeme, offset: usize) -> Option<Token> {
    let r = lexeme.range.clone();
    match &lexeme.kind {
        Kind::Str(text, closed) => {
            let inner_end = if *closed {
                r.end - 1
            } else {
                offset.max(r.start + 1)
            };
            Some(Token {
                text: text.clone(),
                range: r.clone(),
                inner: r.start + 1..inner_end,
                quoted: true,
            })
        }
        Kind::Word(text) => Some(Token {
            text: text.clone(),
            range: r.clone(),
            inner: r,
            quoted: false,
        }),
        _ => None,
    }
}

/// Where the cursor at byte `offset` of `text`, a JSON policy possibly
/// broken, is.
pub fn locate(text: &str, offset: usize, reach: Reach) -> Place {
    let lexemes = lex(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut found: Option<(Vec<Step>, Role, Option<Token>, usize)> = None;
    for (n, lexeme) in lexemes.iter().enumerate() {
        let here = holds(lexeme, offset, reach);
        let past = lexeme.range.start >= offset && !here;
        if here || past {
            let (role, step) = match stack.last() {
                Some(f) if f.object => match &f.expect {
                    Expect::Key | Expect::After => (Role::Key, None),
                    // `"Effect" |`: a colon is missing; the user is on the value.
                    Expect::Colon(k) | Expect::Value(k) => {
                        (Role::Value, Some(Step::Key(k.clone())))
                    }
                },
                Some(f) => (Role::Value, Some(Step::Index(f.index))),
                None => (Role::Value, None),
            };
            let mut path: Vec<Step> = stack.iter().skip(1).map(|f| f.step.clone()).collect();
            path.extend(step);
            let token = if here { token(lexeme, offset) } else { None };
            found = Some((path, role, token, n));
            break;
        }
        step(&mut stack, lexeme);
    }
    let (path, role, token, next) = found.unwrap_or_else(|| {
        let mut path: Vec<Step> = stack.iter().skip(1).map(|f| f.step.clone()).collect();
        let role = match stack.last() {
            Some(f) if f.object => match &f.expect {
                Expect::Colon(k) | Expect::Value(k) => {
                    path.push(Step::Key(k.clone()));
                    Role::Value
                }
                _ => Role::Key,
            },
            Some(f) => {
                path.push(Step::Index(f.index));
                Role::Value
            }
            None => Role::Value,
        };
        (path, role, None, lexemes.len())
    });
    let siblings = siblings(&stack, &lexemes, next, token.as_ref(), role);
    Place {
        path,
        role,
        token,
        siblings,
    }
}

/// The keys of the object the cursor is in: those before it, and those
/// after it up to the object's end (the key under the cursor excluded).
fn siblings(
    stack: &[Frame],
    lexemes: &[Lexeme],
    next: usize,
    under: Option<&Token>,
    role: Role,
) -> Vec<String> {
    let Some(top) = stack.last().filter(|f| f.object) else {
        return Vec::new();
    };
    let mut keys = top.keys.clone();
    let mut rest = vec![Frame::new(Step::Key(String::new()), true)];
    if let Some(f) = rest.last_mut() {
        f.expect = top.expect.clone();
    }
    for (n, lexeme) in lexemes.iter().enumerate().skip(next) {
        // The token under the cursor is not a sibling of itself.
        if n == next && under.is_some() {
            if let Some(f) = rest.last_mut() {
                f.expect = match (&f.expect, role) {
                    (Expect::Key | Expect::After, Role::Key) => Expect::Colon(String::new()),
                    _ => Expect::After,
                };
            }
            continue;
        }
        step(&mut rest, lexeme);
        match rest.first() {
            None => break,
            Some(f) if rest.len() == 1 => {
                if let Some(k) = f.keys.last() {
                    if !keys.contains(k) && !k.is_empty() {
                        keys.push(k.clone());
                    }
                }
            }
            _ => {}
        }
    }
    keys
}

/// Moves the machine over one lexeme.
fn step(stack: &mut Vec<Frame>, lexeme: &Lexeme) {
    match &lexeme.kind {
        Kind::Open(b) => {
            let step = stack
                .last()
                .map_or(Step::Key(String::new()), Frame::child_step);
            stack.push(Frame::new(step, *b == b'{'));
        }
        Kind::Close(_) => {
            stack.pop();
            if let Some(f) = stack.last_mut() {
                f.expect = Expect::After;
            }
        }
        Kind::Colon => {
            if let Some(f) = stack.last_mut() {
                if let Expect::Colon(k) = &f.expect {
                    f.expect = Expect::Value(k.clone());
                }
            }
        }
        Kind::Comma => {
            if let Some(f) = stack.last_mut() {
                if f.object {
                    f.expect = Expect::Key;
                } else {
                    f.index += 1;
                }
            }
        }
        Kind::Str(text, _) | Kind::Word(text) => {
            if let Some(f) = stack.last_mut() {
                if f.object {
                    f.expect = match &f.expect {
                        // A key, or (a comma missing) the next key.
                        Expect::Key | Expect::After => {
                            f.keys.push(text.clone());
                            Expect::Colon(text.clone())
                        }
                        Expect::Colon(_) | Expect::Value(_) => Expect::After,
                    };
                }
            }
        }
    }
}

/// Where the cursor at `offset` is in a policy read into `root`, whose
/// spans point into the document: the same answer [`locate`] gives for
/// JSON text, for a policy written as YAML or HCL. `None` when the offset
/// is outside the policy or on a value known only at deploy time.
pub fn locate_in_tree(root: &Node<'_>, text: &str, offset: usize, reach: Reach) -> Option<Place> {
    let inside = |r: Range<usize>| match reach {
        Reach::Character => r.start <= offset && offset < r.end,
        Reach::Gap => r.start <= offset && offset <= r.end,
    };
    let span = |s: crate::span::Span| s.offset()..s.offset() + s.len();
    if !inside(span(root.span)) {
        return None;
    }
    let mut path = Vec::new();
    let mut node = root;
    loop {
        match &node.value {
            Value::Object(members) => {
                let keys: Vec<String> = members.iter().map(|m| m.key.to_string()).collect();
                if let Some(m) = members.iter().find(|m| inside(span(m.key_span))) {
                    let siblings = keys.into_iter().filter(|k| *k != m.key).collect();
                    return Some(Place {
                        path,
                        role: Role::Key,
                        token: tree_token(text, span(m.key_span), &m.key),
                        siblings,
                    });
                }
                match members.iter().find(|m| inside(span(m.value.span))) {
                    Some(m) => {
                        path.push(Step::Key(m.key.to_string()));
                        node = &m.value;
                    }
                    None => {
                        return Some(Place {
                            path,
                            role: Role::Key,
                            token: None,
                            siblings: keys,
                        })
                    }
                }
            }
            Value::Array(items) => match items.iter().position(|n| inside(span(n.span))) {
                Some(i) => {
                    path.push(Step::Index(i));
                    node = items.get(i)?;
                }
                None => {
                    return Some(Place {
                        path,
                        role: Role::Value,
                        token: None,
                        siblings: Vec::new(),
                    })
                }
            },
            Value::String(s) => {
                return Some(Place {
                    path,
                    role: Role::Value,
                    token: tree_token(text, span(node.span), s),
                    siblings: Vec::new(),
                })
            }
            // A value known only at deploy time (`!Sub`, `var.x`): there
            // is nothing to say of it, and nothing to replace it with.
            Value::Unknown(_) => return None,
            Value::Bool(_) | Value::Number(_) | Value::Null => {
                let written = text.get(span(node.span)).unwrap_or_default().to_owned();
                return Some(Place {
                    path,
                    role: Role::Value,
                    token: tree_token(text, span(node.span), &written),
                    siblings: Vec::new(),
                });
            }
        }
    }
}

/// The token for a key or string written at `range` of `text` whose value
/// is `value`. A completion may replace it only where the value is written
/// as it is (bare, or between one pair of quotes); where it is escaped, the
/// token has an empty `inner` at its start, and completion offers nothing
/// there rather than a wrong edit.
fn tree_token(text: &str, range: Range<usize>, value: &str) -> Option<Token> {
    let written = text.get(range.clone())?;
    let quoted = written.len() >= 2
        && (written.starts_with('"') && written.ends_with('"')
            || written.starts_with('\'') && written.ends_with('\''));
    let inner = if written == value {
        range.clone()
    } else if quoted && written.get(1..written.len() - 1) == Some(value) {
        range.start + 1..range.end - 1
    } else {
        range.start..range.start
    };
    Some(Token {
        text: value.to_owned(),
        range,
        inner,
        quoted: quoted || written != value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, reach: Reach) -> Place {
        let offset = text.find('|').unwrap();
        let text = text.replacen('|', "", 1);
        locate(&text, offset, reach)
    }

    fn keys(path: &[Step]) -> Vec<String> {
        path.iter()
            .map(|s| match s {
                Step::Key(k) => k.clone(),
                Step::Index(i) => i.to_string(),
            })
            .collect()
    }

    #[test]
    fn a_half_typed_key_in_a_statement() {
        let p = at(
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Cond|"#,
            Reach::Gap,
        );
        assert_eq!(keys(&p.path), ["Statement", "0"]);
        assert_eq!(p.role, Role::Key);
        let t = p.token.unwrap();
        assert_eq!(t.text, "Cond");
        assert_eq!(p.siblings, ["Effect"]);
    }

    #[test]
    fn a_value_with_a_missing_comma_before_it() {
        let p = at(
            "{\"Statement\": {\"Effect\": \"Allow\"\n \"Condition\": {\"StringEquals\": {\"aws:PrincipalType\": \"Ano|\"}}}}",
            Reach::Gap,
        );
        assert_eq!(
            keys(&p.path),
            [
                "Statement",
                "Condition",
                "StringEquals",
                "aws:PrincipalType"
            ]
        );
        assert_eq!(p.role, Role::Value);
        assert_eq!(p.token.unwrap().text, "Ano");
    }

    #[test]
    fn siblings_after_the_cursor_count() {
        let p = at(
            r#"{"Statement": [{"Effect": "Allow", |, "Action": "*", "Resource": {"Nested": 1}}], "Version": "x"}"#,
            Reach::Gap,
        );
        assert_eq!(p.role, Role::Key);
        assert_eq!(p.siblings, ["Effect", "Action", "Resource"]);
        assert!(p.token.is_none());
    }

    #[test]
    fn second_array_element() {
        let p = at(r#"{"Action": ["a", "b|"]}"#, Reach::Gap);
        assert_eq!(keys(&p.path), ["Action", "1"]);
        let t = p.token.unwrap();
        assert_eq!((t.text.as_str(), t.inner), ("b", 18..19));
    }

    #[test]
    fn hover_reaches_the_opening_quote_and_not_past_the_closing_one() {
        let text = r#"{"Effect": "Allow"}"#;
        let p = locate(text, 1, Reach::Character);
        assert_eq!(
            (p.role, p.token.map(|t| t.text)),
            (Role::Key, Some("Effect".into()))
        );
        let p = locate(text, 9, Reach::Character);
        assert!(p.token.is_none());
    }

    #[test]
    fn an_unterminated_string_ends_at_its_line() {
        let p = at("{\"Version\": \"2012|\n}", Reach::Gap);
        assert_eq!(keys(&p.path), ["Version"]);
        assert_eq!(p.token.unwrap().inner, 13..17);
    }

    #[test]
    fn offsets_anywhere_never_panic() {
        let text = "{\"é\": [\"\\u00e9\", tru, {\"a\" \"b\"}]]} \"x";
        for offset in 0..text.len() + 3 {
            let _ = locate(text, offset, Reach::Gap);
            let _ = locate(text, offset, Reach::Character);
        }
    }
}
