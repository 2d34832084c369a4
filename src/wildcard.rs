//! Wildcard patterns: the one syntax `Action`, `Resource`, `StringLike` and
//! the ARN operators are matched with, parsed once and matched everywhere
//! from here. The evaluator ([`crate::eval::pattern`]) adds policy variables
//! on top, the catalog matches action names with it, and the analysis builds
//! its automata from the segments it parses.
//!
//! # Syntax
//!
//! A pattern is text in which two characters are wildcards:
//!
//! * `*` matches any run of characters, including none, and including `/`
//!   and `:`;
//! * `?` matches exactly one character (one Unicode scalar value).
//!
//! Every other character matches itself: exactly under [`Case::Sensitive`],
//! or ignoring case one character against one under [`Case::Insensitive`]
//! ([`chars_eq_ignore_case`]). There are no escapes at this level: a literal
//! `*` is written by reading the text with [`Wildcard::literal`] (as
//! `StringEquals` does), or with the evaluator's `${*}`.
//!
//! # ARN patterns
//!
//! Where an ARN is matched (`Resource`, `ArnEquals`, `ArnLike`), a pattern
//! that starts with `arn:` ([`is_arn_pattern`]) is an [`ArnWildcard`],
//! matched field by field: the pattern and the ARN are each split on their
//! first five `:` into six fields (`arn`, partition, service, region,
//! account, resource; [`split_arn`]). The first five are matched each on its
//! own, so a wildcard never crosses a `:` there; the sixth, the resource, is
//! matched as one field, where `*` and `?` also match `/` and `:`. An ARN or
//! a pattern with fewer than six fields matches nothing. Matching is
//! case-sensitive. Any other pattern (`*`, `*/rates`) is a [`Wildcard`]
//! matched against the whole ARN (docs/semantics.md#conditions, decision
//! `non-arn-resource-whole-match`).
//!
//! # Holes
//!
//! A caller with more syntax than this (the evaluator's policy variables,
//! `${aws:username}`) reads it into holes, [`Segment::Hole`], with
//! [`Wildcard::parse_with`], and resolves each hole to literal text at match
//! time ([`Wildcard::matches_with`]): the text's `*` and `?` are then not
//! wildcards, and a hole without a value makes the pattern match nothing.
//!
//! # Matching
//!
//! A pattern is split at its `*`s: the part before the first `*` must match
//! at the start, the part after the last at the end, and each part in between
//! is matched at its leftmost position. Each part has a fixed length in
//! characters, so this greedy search is exact, and it takes at most
//! O(pattern × subject) steps, never exponential time. Matching does not
//! allocate.

/// How letters compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Case {
    /// Exactly (`StringEquals`, `StringLike`, ARNs).
    Sensitive,
    /// Ignoring case, Unicode-aware, one character against one character
    /// (`StringEqualsIgnoreCase`, action names).
    Insensitive,
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

/// A pattern without holes: its [`Segment::Hole`] can never be built.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoHole {}

/// One piece of a parsed pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment<H = NoHole> {
    /// Literal text (never empty), with its length in characters.
    Text {
        /// The text.
        text: String,
        /// Its length in characters.
        chars: usize,
    },
    /// `?`: one character.
    One,
    /// `*`: any run of characters. Never two in a row.
    Star,
    /// A caller's piece of syntax, resolved to literal text when matching.
    Hole(H),
}

/// A parsed wildcard pattern (see the module docs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wildcard<H = NoHole> {
    segments: Vec<Segment<H>>,
    has_star: bool,
    has_holes: bool,
}

impl Wildcard {
    /// `text` with `*` and `?` as wildcards.
    pub fn parse(text: &str) -> Wildcard {
        Wildcard::parse_with(text, true, |_| None)
    }

    /// `text` as literal text: `*` and `?` match only themselves.
    pub fn literal(text: &str) -> Wildcard {
        Wildcard::parse_with(text, false, |_| None)
    }

    /// [`Wildcard::parse`] when `wildcards` is true (`StringLike`),
    /// [`Wildcard::literal`] otherwise (`StringEquals`).
    pub fn new(text: &str, wildcards: bool) -> Wildcard {
        Wildcard::parse_with(text, wildcards, |_| None)
    }

    /// True when `subject` matches the whole pattern.
    pub fn matches(&self, subject: &str, case: Case) -> bool {
        self.matches_with(subject, case, |hole| match *hole {})
    }
}

impl<H> Wildcard<H> {
    /// Parses `text`: `*` and `?` are wildcards when `wildcards` is true.
    /// Before each character that is not a wildcard, `special` is shown the
    /// rest of the text; when it returns a segment (a hole, or text it read
    /// as an escape) and the text after it, that segment is taken instead.
    pub fn parse_with<'t>(
        text: &'t str,
        wildcards: bool,
        mut special: impl FnMut(&'t str) -> Option<(Segment<H>, &'t str)>,
    ) -> Wildcard<H> {
        let mut builder = Builder::default();
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            match c {
                '*' if wildcards => builder.push(Segment::Star),
                '?' if wildcards => builder.push(Segment::One),
                c => {
                    if let Some((segment, tail)) = special(rest) {
                        builder.push(segment);
                        rest = tail;
                        continue;
                    }
                    builder.text.push(c);
                }
            }
            rest = rest.get(c.len_utf8()..).unwrap_or("");
        }
        let segments = builder.finish();
        Wildcard {
            has_star: segments.iter().any(|s| matches!(s, Segment::Star)),
            has_holes: segments.iter().any(|s| matches!(s, Segment::Hole(_))),
            segments,
        }
    }

    /// The pattern's segments, in order.
    pub fn segments(&self) -> &[Segment<H>] {
        &self.segments
    }

    /// True when the pattern holds a `*` or `?` wildcard.
    pub fn has_wildcards(&self) -> bool {
        self.segments
            .iter()
            .any(|s| matches!(s, Segment::Star | Segment::One))
    }

    /// True when the pattern holds a hole.
    pub fn has_holes(&self) -> bool {
        self.has_holes
    }

    /// The pattern's holes, in order.
    pub fn holes(&self) -> impl Iterator<Item = &H> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Hole(h) => Some(h),
            _ => None,
        })
    }

    /// The plain text the pattern matches when it is nothing else (no
    /// wildcard, no hole); `""` for the empty pattern.
    pub fn as_text(&self) -> Option<&str> {
        match self.segments.as_slice() {
            [] => Some(""),
            [Segment::Text { text, .. }] => Some(text),
            _ => None,
        }
    }

    /// True when `subject` matches the whole pattern, each hole replaced by
    /// the literal text `resolve` gives it; when it gives none, nothing
    /// matches. Does not allocate.
    pub fn matches_with<'a>(
        &'a self,
        subject: &str,
        case: Case,
        resolve: impl Fn(&'a H) -> Option<&'a str>,
    ) -> bool {
        let m = Matcher { case, resolve };
        // The common shapes first: `*` alone, and plain text (neither holds a hole).
        match self.segments.as_slice() {
            [Segment::Star] => return true,
            [Segment::Text { text, .. }] => return m.eat(text, subject) == Some(subject.len()),
            [Segment::Text { text, .. }, Segment::Star] => return m.eat(text, subject).is_some(),
            [] => return subject.is_empty(),
            _ => {}
        }
        if self.has_holes && self.holes().any(|h| (m.resolve)(h).is_none()) {
            return false;
        }
        if !self.has_star {
            return m.match_at(&self.segments, subject, 0) == Some(subject.len());
        }
        let mut runs = self.segments.split(|s| matches!(s, Segment::Star));
        let (Some(first), Some(last)) = (runs.next(), runs.next_back()) else {
            return false;
        };
        let Some(mut pos) = m.match_at(first, subject, 0) else {
            return false;
        };
        for middle in runs {
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

/// Collects segments, merging adjacent text and adjacent stars.
struct Builder<H> {
    segments: Vec<Segment<H>>,
    text: String,
}

impl<H> Default for Builder<H> {
    fn default() -> Self {
        Builder {
            segments: Vec::new(),
            text: String::new(),
        }
    }
}

impl<H> Builder<H> {
    fn push(&mut self, segment: Segment<H>) {
        match segment {
            Segment::Text { text, .. } => self.text.push_str(&text),
            Segment::Star
                if matches!(self.segments.last(), Some(Segment::Star)) && self.text.is_empty() => {}
            segment => {
                self.flush();
                self.segments.push(segment);
            }
        }
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            let text = std::mem::take(&mut self.text);
            let chars = text.chars().count();
            self.segments.push(Segment::Text { text, chars });
        }
    }

    fn finish(mut self) -> Vec<Segment<H>> {
        self.flush();
        self.segments
    }
}

/// The steps of one match, with the caller's way of resolving holes.
struct Matcher<F> {
    case: Case,
    resolve: F,
}

impl<'a, F> Matcher<F> {
    /// Matches a star-free run of segments at byte `start` of `subject`; the
    /// byte offset where the match ends.
    fn match_at<H>(&self, segments: &'a [Segment<H>], subject: &str, start: usize) -> Option<usize>
    where
        F: Fn(&'a H) -> Option<&'a str>,
    {
        let mut pos = start;
        for segment in segments {
            let rest = subject.get(pos..)?;
            pos += match segment {
                Segment::Text { text, .. } => self.eat(text, rest)?,
                Segment::One => rest.chars().next()?.len_utf8(),
                Segment::Hole(h) => self.eat((self.resolve)(h)?, rest)?,
                Segment::Star => return None,
            };
        }
        Some(pos)
    }

    /// The leftmost match of a star-free run at or after byte `from`; the byte
    /// offset where it ends.
    fn find<H>(&self, segments: &'a [Segment<H>], subject: &str, from: usize) -> Option<usize>
    where
        F: Fn(&'a H) -> Option<&'a str>,
    {
        let tail = subject.get(from..)?;
        tail.char_indices()
            .map(|(i, _)| from + i)
            .chain(std::iter::once(subject.len()))
            .find_map(|start| self.match_at(segments, subject, start))
    }

    /// The length in characters of a star-free run.
    fn char_len<H>(&self, segments: &'a [Segment<H>]) -> Option<usize>
    where
        F: Fn(&'a H) -> Option<&'a str>,
    {
        segments.iter().try_fold(0usize, |acc, segment| {
            Some(
                acc + match segment {
                    Segment::Text { chars, .. } => *chars,
                    Segment::One => 1,
                    Segment::Hole(h) => (self.resolve)(h)?.chars().count(),
                    Segment::Star => 0,
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

/// The number of `:`-separated fields of an ARN before its resource part.
pub const ARN_PREFIX_FIELDS: usize = 5;

/// True when `text`, where an ARN is matched, is an ARN pattern (matched
/// field by field) rather than a pattern over the whole ARN.
pub fn is_arn_pattern(text: &str) -> bool {
    text.starts_with("arn:")
}

/// The six fields of an ARN (`arn`, partition, service, region, account,
/// resource): `text` split on its first five `:`. `None` when it has fewer.
pub fn split_arn(text: &str) -> Option<[&str; ARN_PREFIX_FIELDS + 1]> {
    split_arn_with(text, |_| None)
}

/// [`split_arn`], where `opaque` is shown the text at each position and
/// returns the length in bytes of a run that holds no field boundary (a
/// policy variable, whose `:` does not split the pattern).
pub fn split_arn_with(
    text: &str,
    opaque: impl Fn(&str) -> Option<usize>,
) -> Option<[&str; ARN_PREFIX_FIELDS + 1]> {
    let ranges = arn_field_ranges(text, opaque).ok()?;
    let mut fields = [""; ARN_PREFIX_FIELDS + 1];
    for (field, range) in fields.iter_mut().zip(ranges) {
        *field = text.get(range)?;
    }
    Some(fields)
}

/// Where the six fields of [`split_arn_with`] lie in `text`, as byte ranges;
/// when `text` has fewer, `Err` with the number of fields it has (1 to 5).
pub fn arn_field_ranges(
    text: &str,
    opaque: impl Fn(&str) -> Option<usize>,
) -> Result<[std::ops::Range<usize>; ARN_PREFIX_FIELDS + 1], usize> {
    let mut ranges: [std::ops::Range<usize>; ARN_PREFIX_FIELDS + 1] = Default::default();
    let (mut start, mut at, mut found) = (0, 0, 0);
    while found < ARN_PREFIX_FIELDS {
        let Some(rest) = text.get(at..) else {
            return Err(found + 1);
        };
        if let Some(len) = opaque(rest).filter(|&len| len > 0) {
            at += len;
            continue;
        }
        let Some(c) = rest.chars().next() else {
            return Err(found + 1);
        };
        if c == ':' {
            if let Some(range) = ranges.get_mut(found) {
                *range = start..at;
            }
            found += 1;
            start = at + 1;
        }
        at += c.len_utf8();
    }
    if let Some(range) = ranges.get_mut(ARN_PREFIX_FIELDS) {
        *range = start..text.len();
    }
    Ok(ranges)
}

/// An ARN pattern, matched field by field (see the module docs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArnWildcard<H = NoHole> {
    /// The six fields, or `None` when the pattern has fewer.
    fields: Option<Vec<Wildcard<H>>>,
    /// When the first five fields are plain text (no wildcard, no hole, no
    /// `:`), the text they match with their five `:`: an ARN matches them
    /// exactly when it starts with it, and its resource part is the rest.
    prefix: Option<String>,
}

impl ArnWildcard {
    /// `text`, each field with `*` and `?` as wildcards.
    pub fn parse(text: &str) -> ArnWildcard {
        ArnWildcard::parse_with(text, |_| None, Wildcard::parse)
    }

    /// True when the ARN `arn` matches.
    pub fn matches(&self, arn: &str) -> bool {
        self.matches_with(arn, |hole| match *hole {})
    }
}

impl<H> ArnWildcard<H> {
    /// Splits `text` into its six fields ([`split_arn_with`] with `opaque`)
    /// and parses each with `field`.
    pub fn parse_with(
        text: &str,
        opaque: impl Fn(&str) -> Option<usize>,
        field: impl FnMut(&str) -> Wildcard<H>,
    ) -> ArnWildcard<H> {
        let fields: Option<Vec<Wildcard<H>>> =
            split_arn_with(text, opaque).map(|fields| fields.into_iter().map(field).collect());
        let prefix = fields.as_ref().and_then(|fields| {
            let mut prefix = String::new();
            for field in fields.iter().take(ARN_PREFIX_FIELDS) {
                let text = field.as_text().filter(|t| !t.contains(':'))?;
                prefix.push_str(text);
                prefix.push(':');
            }
            Some(prefix)
        });
        ArnWildcard { fields, prefix }
    }

    /// The six fields, or `None` when the pattern has fewer (it then matches
    /// nothing).
    pub fn fields(&self) -> Option<&[Wildcard<H>]> {
        self.fields.as_deref()
    }

    /// True when the ARN `arn` matches, each hole replaced by the literal text
    /// `resolve` gives it. Does not allocate.
    pub fn matches_with<'a>(
        &'a self,
        arn: &str,
        resolve: impl Fn(&'a H) -> Option<&'a str>,
    ) -> bool {
        let Some(fields) = &self.fields else {
            return false;
        };
        if let (Some(prefix), Some(resource)) = (&self.prefix, fields.last()) {
            return arn
                .strip_prefix(prefix.as_str())
                .is_some_and(|rest| resource.matches_with(rest, Case::Sensitive, &resolve));
        }
        let mut parts = arn.splitn(ARN_PREFIX_FIELDS + 1, ':');
        fields.iter().all(|field| {
            parts
                .next()
                .is_some_and(|part| field.matches_with(part, Case::Sensitive, &resolve))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn like(pattern: &str, subject: &str) -> bool {
        Wildcard::parse(pattern).matches(subject, Case::Sensitive)
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

    #[test]
    fn parsing_merges_text_and_stars() {
        let w = Wildcard::parse("ab**c?*");
        assert_eq!(
            w.segments(),
            [
                Segment::Text {
                    text: "ab".into(),
                    chars: 2
                },
                Segment::Star,
                Segment::Text {
                    text: "c".into(),
                    chars: 1
                },
                Segment::One,
                Segment::Star,
            ]
        );
        assert!(w.has_wildcards());
        assert_eq!(w.as_text(), None);
        let literal = Wildcard::literal("a*?é");
        assert_eq!(literal.as_text(), Some("a*?é"));
        assert!(!literal.has_wildcards());
        assert!(literal.matches("a*?é", Case::Sensitive));
        assert!(!literal.matches("abcé", Case::Sensitive));
        assert_eq!(Wildcard::parse("").as_text(), Some(""));
    }

    /// The obvious exponential matcher, as a reference, with `eq` comparing
    /// a pattern character with a subject character.
    fn naive(p: &[char], s: &[char], eq: fn(char, char) -> bool) -> bool {
        match p.split_first() {
            None => s.is_empty(),
            Some(('*', rest)) => (0..=s.len()).any(|i| naive(rest, &s[i..], eq)),
            Some(('?', rest)) => !s.is_empty() && naive(rest, &s[1..], eq),
            Some((c, rest)) => s.first().is_some_and(|f| eq(*c, *f)) && naive(rest, &s[1..], eq),
        }
    }

    /// One character against one, with the Unicode mappings alone (no ASCII
    /// shortcut).
    fn unicode_eq_ignore_case(a: char, b: char) -> bool {
        a == b || a.to_lowercase().eq(b.to_lowercase()) || a.to_uppercase().eq(b.to_uppercase())
    }

    /// Numbers below `n` from a small linear congruential generator seeded
    /// with `state`: deterministic, no dependency.
    fn numbers(mut state: u64) -> impl FnMut(u64) -> u64 {
        move |n| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % n
        }
    }

    #[test]
    fn agrees_with_the_naive_matcher() {
        let mut next = numbers(0x2545_f491_4f6c_dd1d);
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
                naive(&p, &s, |a, b| a == b),
                "{pattern} {subject}"
            );
        }
    }

    #[test]
    fn ignoring_case_agrees_with_the_naive_matcher() {
        // ASCII and non-ASCII letters that fold onto each other: `K` (Kelvin
        // sign) onto `k`, `ſ` onto `s`, `É` onto `é`; and the shapes the
        // matcher takes shortcuts for (`*` alone, text alone, text then `*`).
        let mut next = numbers(0x9e37_79b9_7f4a_7c15);
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
            assert_eq!(
                Wildcard::parse(&pattern).matches(&subject, Case::Insensitive),
                naive(&p, &s, unicode_eq_ignore_case),
                "{pattern} {subject}"
            );
        }
        let get = Wildcard::literal("GET");
        assert!(get.matches("get", Case::Insensitive));
        assert!(!get.matches("gets", Case::Insensitive));
        assert!(!get.matches("ge", Case::Insensitive));
        assert!(Wildcard::literal("k").matches("\u{212A}", Case::Insensitive));
        assert!(Wildcard::parse("ab*").matches("ABC", Case::Insensitive));
        assert!(!Wildcard::parse("ab*").matches("ABC", Case::Sensitive));
    }

    #[test]
    fn ignore_case_is_unicode_aware() {
        let p = Wildcard::literal("ÉTÉ-Straße");
        assert!(!p.matches("été-strasse", Case::Insensitive));
        assert!(p.matches("été-straße", Case::Insensitive));
        assert!(!p.matches("été-straße", Case::Sensitive));
        assert!(Wildcard::parse("Σ*").matches("ςx", Case::Insensitive));
    }

    #[test]
    fn never_exponential() {
        let subject = "a".repeat(10_000);
        assert!(!like("a*a*a*a*a*b", &subject));
        assert!(!like("*a*a*a*a*a*a*a*a*a*b*", &subject));
    }

    /// Holes: `<name>` stands for a value, resolved at match time.
    fn angle_holes(text: &str) -> Wildcard<String> {
        Wildcard::parse_with(text, true, |rest| {
            let body = rest.strip_prefix('<')?;
            let close = body.find('>')?;
            Some((
                Segment::Hole(body.get(..close)?.to_string()),
                body.get(close + 1..)?,
            ))
        })
    }

    #[test]
    fn holes_are_literal_text_resolved_when_matching() {
        let w = angle_holes("home/<user>/*");
        assert_eq!(w.holes().collect::<Vec<_>>(), ["user"]);
        let bob = |h: &String| (h == "user").then_some("bob*");
        assert!(w.matches_with("home/bob*/x", Case::Sensitive, bob));
        // The resolved text's `*` is literal.
        assert!(!w.matches_with("home/bobby/x", Case::Sensitive, bob));
        // A hole without a value matches nothing, even `*`-like subjects.
        assert!(!w.matches_with("home//x", Case::Sensitive, |_| None));
        let ignoring = angle_holes("<a>?<a>");
        assert!(ignoring.matches_with("XyX", Case::Insensitive, |_| Some("x")));
        assert!(!ignoring.matches_with("Xy", Case::Insensitive, |_| Some("x")));
    }

    #[test]
    fn arns_split_on_their_first_five_colons() {
        assert_eq!(
            split_arn("arn:aws:iam::123456789012:role/a:b"),
            Some(["arn", "aws", "iam", "", "123456789012", "role/a:b"])
        );
        assert_eq!(split_arn("arn:aws:iam::123456789012"), None);
        assert_eq!(
            arn_field_ranges("arn:aws:iam::123456789012", |_| None),
            Err(5)
        );
        assert_eq!(arn_field_ranges("arn", |_| None), Err(1));
        assert_eq!(
            arn_field_ranges("arn:p:s:r:a:x:y", |_| None),
            Ok([0..3, 4..5, 6..7, 8..9, 10..11, 12..15])
        );
        assert_eq!(
            split_arn("arn:aws:s3:::"),
            Some(["arn", "aws", "s3", "", "", ""])
        );
        // An opaque run keeps its `:` out of the split.
        let braces = |rest: &str| {
            rest.strip_prefix('{')
                .and_then(|b| b.find('}'))
                .map(|close| close + 2)
        };
        assert_eq!(
            split_arn_with("arn:aws:iam::{a:b}:role/x", braces),
            Some(["arn", "aws", "iam", "", "{a:b}", "role/x"])
        );
        assert!(is_arn_pattern("arn:aws:*"));
        assert!(!is_arn_pattern("*:service/*"));
    }

    #[test]
    fn arn_fields_do_not_cross_colons() {
        let p = ArnWildcard::parse("arn:aws:someservice:*:111122223333:finance/*");
        let v = "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt";
        assert!(!p.matches(v));
        assert!(p.matches("arn:aws:someservice:us-east-2:111122223333:finance/a:b/c"));
        // The same text as a whole-ARN pattern crosses the colons.
        assert!(like("arn:aws:someservice:*:111122223333:finance/*", v));
        assert!(!p.matches("arn:aws:someservice:us-east-2"));
        assert!(ArnWildcard::parse("*").fields().is_none());
        assert!(!ArnWildcard::parse("arn:aws:*").matches("arn:aws:x:y:z:w"));
    }

    #[test]
    fn arns_with_plain_fields_match_as_prefix_and_resource() {
        let p =
            ArnWildcard::parse("arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-1/api/*");
        assert!(p.matches("arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-1/api/x:y"));
        assert!(!p.matches("arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-2/api/x"));
        assert!(!p.matches("arn:aws:vpc-lattice:us-west-2:999999999999:service/svc-1/api/x"));
        // The resource part may be empty, but it must be there.
        let any = ArnWildcard::parse("arn:aws:iam::123456789012:*");
        assert!(any.matches("arn:aws:iam::123456789012:"));
        assert!(!any.matches("arn:aws:iam::123456789012"));
        // Empty fields (IAM ARNs have no region) are plain text too.
        let role = ArnWildcard::parse("arn:aws:iam::123456789012:role/ops");
        assert!(role.matches("arn:aws:iam::123456789012:role/ops"));
        assert!(!role.matches("arn:aws:iam:x:123456789012:role/ops"));
        // Wildcards in the first fields stay within them.
        let region = ArnWildcard::parse("arn:aws:iam:?:123456789012:role/ops");
        assert!(region.matches("arn:aws:iam:x:123456789012:role/ops"));
        assert!(!region.matches("arn:aws:iam::123456789012:role/ops"));
    }
}
