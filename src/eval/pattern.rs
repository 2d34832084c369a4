//! IAM wildcard patterns: `*` and `?`, policy variables, and ARN matching.
//!
//! A [`Pattern`] is compiled once from a policy value and then matched against
//! request values without allocating:
//!
//! * `*` matches any run of characters, including none and including `/` and
//!   `:`; `?` matches exactly one character (a Unicode scalar value). Both are
//!   literal unless the pattern is compiled with wildcards (`StringLike`,
//!   `Resource`, ARN operators).
//! * With variables (policy version `2012-10-17` only), `${key}` stands for the
//!   request's value of the single-valued key `key` (names compare
//!   case-insensitively), `${key, 'default'}` for that value or `default` when
//!   the key is missing, and `${*}`, `${?}`, `${$}` for a literal `*`, `?`, `$`.
//!   A substituted value is literal text: its `*` and `?` are not wildcards. A
//!   variable whose key is missing (without a default) or multi-valued is
//!   *unresolved*, and a pattern with an unresolved variable matches nothing
//!   (docs/semantics.md#policy-variables). A `${` without a closing `}`, and an empty `${}`,
//!   are literal text.
//!
//! Matching splits the pattern at its `*`s: the part before the first `*` must
//! match at the start, the part after the last at the end, and each part in
//! between is matched at its leftmost position. Each part has a fixed length
//! in characters, so this greedy search is exact, and it takes at most
//! O(pattern × subject) steps, never exponential time.
//!
//! An [`ArnPattern`] matches ARNs field by field (docs/semantics.md#conditions,
//! decision `non-arn-resource-whole-match`).

use std::fmt;

use super::context::{normalize_key, Context, ContextValue};

/// How letters compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Case {
    /// Exactly (`StringEquals`, `StringLike`, ARNs).
    Sensitive,
    /// Ignoring case, Unicode-aware, one character against one character
    /// (`StringEqualsIgnoreCase`).
    Insensitive,
}

/// A policy variable `${key}` or `${key, 'default'}`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Variable {
    /// The key, normalized for lookups.
    key: String,
    /// The default value, when written.
    default: Option<String>,
    /// The whole variable as written, `${...}`.
    written: String,
}

impl Variable {
    /// The variable's value in `ctx`, or `None` when it is unresolved.
    fn resolve<'a>(&'a self, ctx: &'a Context) -> Option<&'a str> {
        match ctx.get_normalized(&self.key) {
            Some(ContextValue::Single(value)) => Some(value),
            Some(ContextValue::Multi(_)) => None,
            None => self.default.as_deref(),
        }
    }
}

/// One piece of a compiled pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    /// Literal text, with its length in characters.
    Literal(String, usize),
    /// `?`: one character.
    One,
    /// `*`: any run of characters.
    Star,
    /// `${key}`: the key's value, as literal text.
    Variable(Variable),
}

/// A compiled IAM wildcard pattern (see the module docs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    written: String,
    pieces: Vec<Piece>,
    has_star: bool,
    has_variables: bool,
}

impl Pattern {
    /// Compiles `text`: `*` and `?` are wildcards when `wildcards` is true, and
    /// `${...}` are policy variables when `variables` is true (policy version
    /// `2012-10-17`); otherwise they are literal text.
    pub fn compile(text: &str, wildcards: bool, variables: bool) -> Pattern {
        let mut builder = Builder::default();
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            let after = rest.get(c.len_utf8()..).unwrap_or("");
            match c {
                '*' if wildcards => builder.push(Piece::Star),
                '?' if wildcards => builder.push(Piece::One),
                '$' if variables => {
                    if let Some((piece, tail)) = parse_variable(rest) {
                        builder.push(piece);
                        rest = tail;
                        continue;
                    }
                    builder.literal('$');
                }
                c => builder.literal(c),
            }
            rest = after;
        }
        let pieces = builder.finish();
        Pattern {
            written: text.to_string(),
            has_star: pieces.iter().any(|p| matches!(p, Piece::Star)),
            has_variables: pieces.iter().any(|p| matches!(p, Piece::Variable(_))),
            pieces,
        }
    }

    /// The pattern as written in the policy.
    pub fn as_written(&self) -> &str {
        &self.written
    }

    /// True when the pattern holds at least one policy variable (not counting
    /// the escapes `${*}`, `${?}`, `${$}`).
    pub fn has_variables(&self) -> bool {
        self.has_variables
    }

    /// True when the pattern holds a `*` or `?` wildcard.
    pub fn has_wildcards(&self) -> bool {
        self.pieces
            .iter()
            .any(|p| matches!(p, Piece::Star | Piece::One))
    }

    /// The keys (normalized) of the pattern's policy variables.
    pub fn variable_keys(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Variable(v) => Some(v.key.as_str()),
            _ => None,
        })
    }

    /// The first variable (as written, `${...}`) that has no value in `ctx`:
    /// while there is one, the pattern matches nothing.
    pub fn unresolved_variable(&self, ctx: &Context) -> Option<&str> {
        if !self.has_variables {
            return None;
        }
        self.pieces.iter().find_map(|p| match p {
            Piece::Variable(v) if v.resolve(ctx).is_none() => Some(v.written.as_str()),
            _ => None,
        })
    }

    /// True when `subject` matches the whole pattern, with the variables taken
    /// from `ctx`. Does not allocate.
    pub fn matches(&self, subject: &str, ctx: &Context, case: Case) -> bool {
        let m = Matcher { ctx, case };
        // The common shapes first: `*` alone, and plain text (neither holds a variable).
        match self.pieces.as_slice() {
            [Piece::Star] => return true,
            [Piece::Literal(text, _)] => return m.eat(text, subject) == Some(subject.len()),
            [Piece::Literal(text, _), Piece::Star] => return m.eat(text, subject).is_some(),
            [] => return subject.is_empty(),
            _ => {}
        }
        if self.unresolved_variable(ctx).is_some() {
            return false;
        }
        if !self.has_star {
            return m.match_at(&self.pieces, subject, 0) == Some(subject.len());
        }
        let mut segments = self.pieces.split(|p| matches!(p, Piece::Star));
        let (Some(first), Some(last)) = (segments.next(), segments.next_back()) else {
            return false;
        };
        let Some(mut pos) = m.match_at(first, subject, 0) else {
            return false;
        };
        for middle in segments {
            match m.find(middle, subject, pos) {
                Some(end) => pos = end,
                None => return false,
            }
        }
        let Some(len) = m.char_len(last) else {
            return false;
        };
        let start = if len == 0 {
            subject.len()
        } else {
            match subject.char_indices().rev().nth(len - 1) {
                Some((i, _)) => i,
                None => return false,
            }
        };
        start >= pos && m.match_at(last, subject, start) == Some(subject.len())
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written)
    }
}

/// Collects pieces, merging adjacent literal characters and adjacent stars.
#[derive(Default)]
struct Builder {
    pieces: Vec<Piece>,
    literal: String,
}

impl Builder {
    fn literal(&mut self, c: char) {
        self.literal.push(c);
    }

    fn push(&mut self, piece: Piece) {
        match piece {
            Piece::Literal(text, _) => self.literal.push_str(&text),
            piece => {
                self.flush();
                if !(piece == Piece::Star && self.pieces.last() == Some(&Piece::Star)) {
                    self.pieces.push(piece);
                }
            }
        }
    }

    fn flush(&mut self) {
        if !self.literal.is_empty() {
            let text = std::mem::take(&mut self.literal);
            let len = text.chars().count();
            self.pieces.push(Piece::Literal(text, len));
        }
    }

    fn finish(mut self) -> Vec<Piece> {
        self.flush();
        self.pieces
    }
}

/// Reads a `${...}` at the start of `text`: the piece and the text after it,
/// or `None` when `text` does not start with a well-formed variable.
fn parse_variable(text: &str) -> Option<(Piece, &str)> {
    let body_and_rest = text.strip_prefix("${")?;
    let close = body_and_rest.find('}')?;
    let body = body_and_rest.get(..close)?;
    let rest = body_and_rest.get(close + 1..)?;
    let written_len = close + 3;
    let piece = match body {
        "*" | "?" | "$" => Piece::Literal(body.to_string(), 1),
        _ => {
            let (key, default) = match body.split_once(',') {
                Some((key, default)) => (key.trim(), Some(unquote(default.trim()))),
                None => (body.trim(), None),
            };
            if key.is_empty() {
                return None;
            }
            Piece::Variable(Variable {
                key: normalize_key(key).into_owned(),
                default: default.map(str::to_string),
                written: text.get(..written_len)?.to_string(),
            })
        }
    };
    Some((piece, rest))
}

/// `'text'` to `text`; other text is taken as it is.
fn unquote(text: &str) -> &str {
    text.strip_prefix('\'')
        .and_then(|t| t.strip_suffix('\''))
        .unwrap_or(text)
}

/// Matching state shared by the steps of one match.
struct Matcher<'a> {
    ctx: &'a Context,
    case: Case,
}

impl Matcher<'_> {
    /// Matches a star-free run of pieces at byte `start` of `subject`; the
    /// byte offset where the match ends.
    fn match_at(&self, pieces: &[Piece], subject: &str, start: usize) -> Option<usize> {
        let mut pos = start;
        for piece in pieces {
            let rest = subject.get(pos..)?;
            pos += match piece {
                Piece::Literal(text, _) => self.eat(text, rest)?,
                Piece::One => rest.chars().next()?.len_utf8(),
                Piece::Variable(v) => self.eat(v.resolve(self.ctx)?, rest)?,
                Piece::Star => return None,
            };
        }
        Some(pos)
    }

    /// The leftmost match of a star-free run at or after byte `from`; the byte
    /// offset where it ends.
    fn find(&self, pieces: &[Piece], subject: &str, from: usize) -> Option<usize> {
        let tail = subject.get(from..)?;
        tail.char_indices()
            .map(|(i, _)| from + i)
            .chain(std::iter::once(subject.len()))
            .find_map(|start| self.match_at(pieces, subject, start))
    }

    /// The length in characters of a star-free run.
    fn char_len(&self, pieces: &[Piece]) -> Option<usize> {
        pieces.iter().try_fold(0usize, |acc, piece| {
            Some(
                acc + match piece {
                    Piece::Literal(_, len) => *len,
                    Piece::One => 1,
                    Piece::Variable(v) => v.resolve(self.ctx)?.chars().count(),
                    Piece::Star => 0,
                },
            )
        })
    }

    /// Matches literal `text` at the start of `rest`: the bytes of `rest` consumed.
    fn eat(&self, text: &str, rest: &str) -> Option<usize> {
        match self.case {
            Case::Sensitive => rest.starts_with(text).then_some(text.len()),
            Case::Insensitive => {
                // While both sides are ASCII, characters are bytes and
                // `chars_eq_ignore_case` is `eq_ignore_ascii_case`: a
                // difference there is the answer. At the first non-ASCII
                // byte, compare character by character from the start.
                if let Some(head) = rest.as_bytes().get(..text.len()) {
                    let mut ascii = true;
                    for (&want, &got) in text.as_bytes().iter().zip(head) {
                        if !(want | got).is_ascii() {
                            ascii = false;
                            break;
                        }
                        if !want.eq_ignore_ascii_case(&got) {
                            return None;
                        }
                    }
                    if ascii {
                        return Some(text.len());
                    }
                }
                let mut subject = rest.chars();
                let mut used = 0;
                for want in text.chars() {
                    let got = subject.next()?;
                    if !chars_eq_ignore_case(want, got) {
                        return None;
                    }
                    used += got.len_utf8();
                }
                Some(used)
            }
        }
    }
}

/// One character against one, ignoring case: equal, or equal once both are
/// lower-cased, or once both are upper-cased (which pairs `ſ` with `s` and
/// `ς` with `σ`).
pub fn chars_eq_ignore_case(a: char, b: char) -> bool {
    if a.is_ascii() && b.is_ascii() {
        // Both mappings keep ASCII letters ASCII and leave other ASCII alone.
        return a.eq_ignore_ascii_case(&b);
    }
    a == b || a.to_lowercase().eq(b.to_lowercase()) || a.to_uppercase().eq(b.to_uppercase())
}

/// The number of `:`-separated fields in an ARN before its resource part.
const ARN_PREFIX_FIELDS: usize = 5;

/// An ARN pattern for `ArnEquals`/`ArnLike` (which behave identically) and for
/// `Resource` patterns that start with `arn:` (docs/semantics.md#conditions,
/// decision `non-arn-resource-whole-match`).
///
/// The pattern and the ARN are each split on their first five `:` into six
/// fields (`arn`, partition, service, region, account, resource). The first
/// five are matched each on its own, so a wildcard never crosses a `:`; the
/// sixth, the rest of the ARN, is matched as one wildcard string in which `*`
/// and `?` also match `/` and `:`. Matching is case-sensitive. An ARN with
/// fewer than six fields matches nothing, and so does a pattern with fewer
/// than six fields. A `:` inside a policy variable does not split the pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArnPattern {
    written: String,
    /// The six fields, or `None` when the pattern has fewer.
    fields: Option<Vec<Pattern>>,
    /// When the first five fields are plain text (no wildcard, no variable,
    /// no `:`), the text they match with their five `:`: an ARN matches them
    /// exactly when it starts with it, and its resource part is the rest.
    prefix: Option<String>,
}

impl ArnPattern {
    /// Compiles `text`; `variables` as for [`Pattern::compile`].
    pub fn compile(text: &str, variables: bool) -> ArnPattern {
        let mut fields = Vec::with_capacity(ARN_PREFIX_FIELDS + 1);
        let mut rest = text;
        while fields.len() < ARN_PREFIX_FIELDS {
            let Some(colon) = find_field_end(rest, variables) else {
                break;
            };
            let (field, tail) = (rest.get(..colon), rest.get(colon + 1..));
            let (Some(field), Some(tail)) = (field, tail) else {
                break;
            };
            fields.push(Pattern::compile(field, true, variables));
            rest = tail;
        }
        let fields = (fields.len() == ARN_PREFIX_FIELDS).then(|| {
            fields.push(Pattern::compile(rest, true, variables));
            fields
        });
        let prefix = fields.as_ref().and_then(|fields| {
            let mut prefix = String::new();
            for field in fields.iter().take(ARN_PREFIX_FIELDS) {
                match field.pieces.as_slice() {
                    [] => {}
                    [Piece::Literal(text, _)] if !text.contains(':') => prefix.push_str(text),
                    _ => return None,
                }
                prefix.push(':');
            }
            Some(prefix)
        });
        ArnPattern {
            written: text.to_string(),
            fields,
            prefix,
        }
    }

    /// The pattern as written in the policy.
    pub fn as_written(&self) -> &str {
        &self.written
    }

    /// True when the pattern has the six fields of an ARN; otherwise it matches nothing.
    pub fn is_well_formed(&self) -> bool {
        self.fields.is_some()
    }

    /// True when the pattern holds at least one policy variable.
    pub fn has_variables(&self) -> bool {
        self.fields
            .iter()
            .flatten()
            .any(|field| field.has_variables())
    }

    /// The keys (normalized) of the pattern's policy variables.
    pub fn variable_keys(&self) -> impl Iterator<Item = &str> {
        self.fields
            .iter()
            .flatten()
            .flat_map(|field| field.variable_keys())
    }

    /// The first variable (as written) that has no value in `ctx`.
    pub fn unresolved_variable(&self, ctx: &Context) -> Option<&str> {
        self.fields
            .iter()
            .flatten()
            .find_map(|field| field.unresolved_variable(ctx))
    }

    /// True when the ARN `subject` matches, with variables taken from `ctx`.
    /// Does not allocate.
    pub fn matches(&self, subject: &str, ctx: &Context) -> bool {
        let Some(fields) = &self.fields else {
            return false;
        };
        if let (Some(prefix), Some(resource)) = (&self.prefix, fields.last()) {
            return subject
                .strip_prefix(prefix.as_str())
                .is_some_and(|rest| resource.matches(rest, ctx, Case::Sensitive));
        }
        let mut parts = subject.splitn(ARN_PREFIX_FIELDS + 1, ':');
        fields.iter().all(|field| {
            parts
                .next()
                .is_some_and(|part| field.matches(part, ctx, Case::Sensitive))
        })
    }
}

impl fmt::Display for ArnPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written)
    }
}

/// The byte offset of the first `:` in `text` that is not inside a
/// well-formed `${...}` (when `variables` is true).
fn find_field_end(text: &str, variables: bool) -> Option<usize> {
    let mut offset = 0;
    while let Some(rest) = text.get(offset..) {
        let colon = rest.find(':')?;
        let open = if variables { rest.find("${") } else { None };
        match open {
            Some(open) if open < colon => {
                let body = rest.get(open + 2..)?;
                match body.find('}') {
                    // Skip the variable and look again after it.
                    Some(close) => offset += open + 2 + close + 1,
                    // No closing brace: the rest is literal.
                    None => return Some(offset + colon),
                }
            }
            _ => return Some(offset + colon),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(pairs: &[(&str, &str)]) -> Context {
        let mut ctx = Context::new();
        for (k, v) in pairs {
            ctx.insert(k, ContextValue::Single((*v).to_string()));
        }
        ctx
    }

    fn like(pattern: &str, subject: &str) -> bool {
        Pattern::compile(pattern, true, true).matches(subject, &Context::new(), Case::Sensitive)
    }

    #[test]
    fn globs() {
        assert!(like("*", ""));
        assert!(like("*", "a/b:c"));
        assert!(like("a*", "a"));
        assert!(like("*a", "ba"));
        assert!(!like("*a", "ab"));
        assert!(like("a?c", "abc"));
        assert!(like("a?c", "aéc"));
        assert!(!like("a?c", "ac"));
        assert!(like("a*b*c", "aXbYc"));
        assert!(like("a*b*c", "abc"));
        assert!(!like("a*b*c", "acb"));
        assert!(!like("ab*ba", "aba"));
        assert!(like("ab*ba", "abba"));
        assert!(like("*?", "x"));
        assert!(!like("*?", ""));
        assert!(like("**", "anything"));
        assert!(!like("abc", "abcd"));
        assert!(!like("", "a"));
        assert!(like("", ""));
    }

    /// The obvious exponential matcher, as a reference.
    fn naive(p: &[char], s: &[char]) -> bool {
        match p.split_first() {
            None => s.is_empty(),
            Some(('*', rest)) => (0..=s.len()).any(|i| naive(rest, &s[i..])),
            Some(('?', rest)) => !s.is_empty() && naive(rest, &s[1..]),
            Some((c, rest)) => s.first() == Some(c) && naive(rest, &s[1..]),
        }
    }

    #[test]
    fn agrees_with_the_naive_matcher() {
        // A small linear congruential generator: deterministic, no dependency.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % n
        };
        for _ in 0..20_000 {
            let pattern: String = (0..next(7))
                .map(|_| ['a', 'b', '*', '?', 'é'][next(5) as usize])
                .collect();
            let subject: String = (0..next(9))
                .map(|_| ['a', 'b', 'é'][next(3) as usize])
                .collect();
            let p: Vec<char> = pattern.chars().collect();
            let s: Vec<char> = subject.chars().collect();
            assert_eq!(
                like(&pattern, &subject),
                naive(&p, &s),
                "{pattern} {subject}"
            );
        }
    }

    /// The obvious exponential matcher ignoring case, one character against
    /// one, with the Unicode mappings alone (no ASCII shortcut), as a reference.
    fn naive_ignore_case(p: &[char], s: &[char]) -> bool {
        let eq = |a: char, b: char| {
            a == b || a.to_lowercase().eq(b.to_lowercase()) || a.to_uppercase().eq(b.to_uppercase())
        };
        match p.split_first() {
            None => s.is_empty(),
            Some(('*', rest)) => (0..=s.len()).any(|i| naive_ignore_case(rest, &s[i..])),
            Some(('?', rest)) => !s.is_empty() && naive_ignore_case(rest, &s[1..]),
            Some((c, rest)) => {
                s.first().is_some_and(|f| eq(*c, *f)) && naive_ignore_case(rest, &s[1..])
            }
        }
    }

    #[test]
    fn ignoring_case_agrees_with_the_naive_matcher() {
        // ASCII and non-ASCII letters that fold onto each other: `K` (Kelvin
        // sign) onto `k`, `ſ` onto `s`, `É` onto `é`; and the shapes the
        // matcher takes shortcuts for (`*` alone, text alone, text then `*`).
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % n
        };
        let letters = ['a', 'A', 'k', 'K', '\u{212A}', 's', 'S', 'ſ', 'é', 'É'];
        for _ in 0..20_000 {
            let mut pattern: String = (0..next(5))
                .map(|_| letters[next(letters.len() as u64) as usize])
                .collect();
            match next(4) {
                0 => pattern.push('*'),
                1 => pattern.insert(0, '*'),
                2 => pattern.push('?'),
                _ => {}
            }
            let subject: String = (0..next(6))
                .map(|_| letters[next(letters.len() as u64) as usize])
                .collect();
            let p: Vec<char> = pattern.chars().collect();
            let s: Vec<char> = subject.chars().collect();
            let compiled = Pattern::compile(&pattern, true, false);
            assert_eq!(
                compiled.matches(&subject, &Context::new(), Case::Insensitive),
                naive_ignore_case(&p, &s),
                "{pattern} {subject}"
            );
        }
        let c = Context::new();
        let get = Pattern::compile("GET", false, false);
        assert!(get.matches("get", &c, Case::Insensitive));
        assert!(!get.matches("gets", &c, Case::Insensitive));
        assert!(!get.matches("ge", &c, Case::Insensitive));
        assert!(Pattern::compile("k", false, false).matches("\u{212A}", &c, Case::Insensitive));
        assert!(Pattern::compile("ab*", true, false).matches("ABC", &c, Case::Insensitive));
        assert!(!Pattern::compile("ab*", true, false).matches("ABC", &c, Case::Sensitive));
    }

    #[test]
    fn literal_when_wildcards_are_off() {
        let p = Pattern::compile("a*", false, false);
        assert!(p.matches("a*", &Context::new(), Case::Sensitive));
        assert!(!p.matches("ab", &Context::new(), Case::Sensitive));
        assert!(!p.has_wildcards());
    }

    #[test]
    fn never_exponential() {
        let subject = "a".repeat(10_000);
        let p = Pattern::compile("a*a*a*a*a*b", true, false);
        assert!(!p.matches(&subject, &Context::new(), Case::Sensitive));
        let p = Pattern::compile("*a*a*a*a*a*a*a*a*a*b*", true, false);
        assert!(!p.matches(&subject, &Context::new(), Case::Sensitive));
    }

    #[test]
    fn variables_resolve_with_defaults_and_escapes() {
        let c = ctx(&[("aws:username", "bob*")]);
        let p = Pattern::compile("home/${AWS:UserName}/*", true, true);
        assert!(p.has_variables());
        assert!(p.matches("home/bob*/x", &c, Case::Sensitive));
        // The substituted `*` is literal.
        assert!(!p.matches("home/bobby/x", &c, Case::Sensitive));
        let p = Pattern::compile("${aws:PrincipalTag/team, 'all'}", false, true);
        assert!(p.matches("all", &c, Case::Sensitive));
        let p = Pattern::compile("${aws:PrincipalTag/team,'all'}", false, true);
        assert!(p.matches("all", &c, Case::Sensitive));
        let p = Pattern::compile("a${*}${?}${$}", true, true);
        assert!(!p.has_variables());
        assert!(p.matches("a*?$", &c, Case::Sensitive));
        assert!(!p.matches("ab?$", &c, Case::Sensitive));
        let p = Pattern::compile("${aws:missing}", true, true);
        assert_eq!(p.unresolved_variable(&c), Some("${aws:missing}"));
        assert!(!p.matches("", &c, Case::Sensitive));
    }

    #[test]
    fn malformed_variables_are_literal() {
        let c = Context::new();
        assert!(Pattern::compile("a${b", true, true).matches("a${b", &c, Case::Sensitive));
        assert!(Pattern::compile("${}", true, true).matches("${}", &c, Case::Sensitive));
        assert!(Pattern::compile("${ }", true, true).matches("${ }", &c, Case::Sensitive));
        assert!(Pattern::compile("${x}", true, false).matches("${x}", &c, Case::Sensitive));
    }

    #[test]
    fn ignore_case_is_unicode_aware() {
        let c = Context::new();
        let p = Pattern::compile("ÉTÉ-Straße", false, false);
        assert!(!p.matches("été-strasse", &c, Case::Insensitive));
        assert!(p.matches("été-straße", &c, Case::Insensitive));
        assert!(!p.matches("été-straße", &c, Case::Sensitive));
        let p = Pattern::compile("Σ*", true, false);
        assert!(p.matches("ςx", &c, Case::Insensitive));
    }

    #[test]
    fn arn_fields_do_not_cross_colons() {
        let c = Context::new();
        let p = ArnPattern::compile("arn:aws:someservice:*:111122223333:finance/*", true);
        let v = "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt";
        assert!(!p.matches(v, &c));
        assert!(p.matches(
            "arn:aws:someservice:us-east-2:111122223333:finance/a:b/c",
            &c
        ));
        assert!(Pattern::compile(p.as_written(), true, true).matches(v, &c, Case::Sensitive));
        assert!(!p.matches("arn:aws:someservice:us-east-2", &c));
        assert!(!ArnPattern::compile("*", true).is_well_formed());
    }

    #[test]
    fn arns_with_plain_fields_match_as_prefix_and_resource() {
        let c = Context::new();
        let p = ArnPattern::compile(
            "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-1/api/*",
            true,
        );
        assert!(p.matches(
            "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-1/api/x:y",
            &c
        ));
        assert!(!p.matches(
            "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-2/api/x",
            &c
        ));
        assert!(!p.matches(
            "arn:aws:vpc-lattice:us-west-2:999999999999:service/svc-1/api/x",
            &c
        ));
        // The resource part may be empty, but it must be there.
        let any = ArnPattern::compile("arn:aws:iam::123456789012:*", true);
        assert!(any.matches("arn:aws:iam::123456789012:", &c));
        assert!(!any.matches("arn:aws:iam::123456789012", &c));
        // Empty fields (IAM ARNs have no region) are plain text too.
        let role = ArnPattern::compile("arn:aws:iam::123456789012:role/ops", true);
        assert!(role.matches("arn:aws:iam::123456789012:role/ops", &c));
        assert!(!role.matches("arn:aws:iam:x:123456789012:role/ops", &c));
        // A field whose text holds a `:` (a malformed variable kept as text)
        // never equals a field of the ARN, which cannot.
        let odd = ArnPattern::compile("arn:${,:}:s:r:a:res", true);
        assert!(odd.is_well_formed());
        assert!(!odd.matches("arn:${,:}:s:r:a:res", &c));
    }

    #[test]
    fn arn_variables_may_hold_colons() {
        let c = ctx(&[("aws:PrincipalAccount", "111122223333")]);
        let p = ArnPattern::compile("arn:aws:iam::${aws:PrincipalAccount}:role/*", true);
        assert!(p.is_well_formed());
        assert!(p.has_variables());
        assert!(p.matches("arn:aws:iam::111122223333:role/x", &c));
        assert!(!p.matches("arn:aws:iam::999999999999:role/x", &c));
        assert!(!p.matches("arn:aws:iam::111122223333:role/x", &Context::new()));
    }
}
