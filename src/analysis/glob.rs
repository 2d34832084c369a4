//! Classes of strings under a set of wildcard patterns.
//!
//! Given patterns `p1 … pn` (IAM wildcards, literal strings, ARN patterns,
//! each case-sensitive or not) and a domain (the strings a request field can
//! hold, such as "an upper-case method name" or "a path starting with `/`"),
//! [`classes`] finds, for every subset `S` of the patterns for which some
//! string of the domain matches exactly the patterns of `S`, one such string:
//! the shortest, or a preferred sample when one falls in the class.
//!
//! It does so exactly, by a breadth-first search over the product of the
//! patterns' automata. Each pattern is a nondeterministic automaton whose
//! states are positions in the pattern; the search moves all of them at once,
//! one character at a time, over an alphabet that holds every literal
//! character and one fresh character per character class: characters that
//! appear in no pattern all behave alike, so one stands for all. The number of
//! product states is finite, so the search ends; a budget bounds it, and when
//! the budget runs out the answer says it is incomplete. A clause with many
//! patterns is one pattern to the search ([`Glob::union`]), and the search
//! stops as soon as every combination of its patterns has a witness.

use std::collections::{HashMap, HashSet, VecDeque};

use crate::wildcard::{chars_eq_ignore_case, ArnWildcard, Segment, Wildcard, ARN_PREFIX_FIELDS};

/// A set of characters a token accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CharClass {
    /// Any character.
    Any,
    /// Any character but `:` (inside the first five fields of an ARN).
    NotColon,
    /// `0`–`9`.
    Digit,
    /// `A`–`Z`.
    Upper,
    /// `a`–`z` and `0`–`9`.
    LowerAlnum,
    /// `a`–`z`, `0`–`9` and `-` (AWS region names).
    Region,
    /// The characters of IAM names and paths: letters, digits, `+=,.@_-/`.
    Name,
    /// Any character but white space and `/` (organization ids, as requests
    /// take them: an id is the first step of its organization paths).
    NotSpaceOrSlash,
    /// `0`–`9` and `a`–`f` (VPC ids).
    LowerHex,
    /// What a tag value may hold ([`crate::keys::Chars::TagValue`]).
    TagValue,
    /// Any character but white space and control characters (paths).
    Visible,
}

impl CharClass {
    fn contains(self, c: char) -> bool {
        match self {
            CharClass::Any => true,
            CharClass::NotColon => c != ':',
            CharClass::Digit => c.is_ascii_digit(),
            CharClass::Upper => c.is_ascii_uppercase(),
            CharClass::LowerAlnum => c.is_ascii_lowercase() || c.is_ascii_digit(),
            CharClass::Region => c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-',
            CharClass::Name => c.is_ascii_alphanumeric() || "+=,.@_-/".contains(c),
            CharClass::NotSpaceOrSlash => !c.is_whitespace() && c != '/',
            CharClass::LowerHex => c.is_ascii_digit() || ('a'..='f').contains(&c),
            CharClass::TagValue => crate::keys::Chars::TagValue.contains(c),
            CharClass::Visible => !c.is_whitespace() && !c.is_control(),
        }
    }
}

/// One piece of a domain (see [`Glob::domain`]).
#[derive(Clone, Copy, Debug)]
pub enum Shape<'a> {
    /// This text.
    Text(&'a str),
    /// One or more characters of the class.
    Run(CharClass),
    /// Exactly this many characters of the class.
    Exactly(CharClass, usize),
    /// From `min` to `max` characters of the class.
    Between(CharClass, usize, usize),
    /// Any run of characters, including none.
    Anything,
    /// Any run of characters of the class, including none.
    Any(CharClass),
}

/// One step of a pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    /// One character equal to this one (ignoring case when the pattern does).
    Literal(char),
    /// One character of the class.
    One(CharClass),
    /// Any run of characters of the class, including none.
    Star(CharClass),
    /// One character of the class, or none.
    Maybe(CharClass),
    /// The end of one pattern of a union ([`Glob::union`]): a string that
    /// reaches it matches; nothing follows it.
    Accept,
}

/// A pattern as an automaton over characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Glob {
    tokens: Vec<Token>,
    ignore_case: bool,
    /// Where matching starts: `{0}`, or the states left after a prefix.
    start: Vec<u16>,
}

/// Longest pattern the automaton takes; longer ones are cut (and the answer
/// marked incomplete by the caller).
const MAX_TOKENS: usize = 4000;

/// Longest union ([`Glob::union`]): positions are `u16`s. A policy within
/// the quota has at most 10,000 characters of patterns.
const MAX_UNION_TOKENS: usize = 60_000;

impl Glob {
    /// A literal string.
    pub fn literal(text: &str, ignore_case: bool) -> Glob {
        Glob::new(text.chars().map(Token::Literal).collect(), ignore_case)
    }

    /// A [wildcard pattern](crate::wildcard): `*` any run, `?` one character.
    pub fn wildcard(text: &str, ignore_case: bool) -> Glob {
        let mut tokens = Vec::new();
        push_tokens(&mut tokens, &Wildcard::parse(text), CharClass::Any);
        Glob::new(tokens, ignore_case)
    }

    /// An [ARN pattern](crate::wildcard), matched field by field: in the
    /// first five fields `*` and `?` do not match `:`; the resource is one
    /// field where they do. A pattern with fewer than six fields matches
    /// nothing.
    pub fn arn(text: &str) -> Glob {
        let arn = ArnWildcard::parse(text);
        let Some(fields) = arn.fields() else {
            return Glob::nothing();
        };
        let mut tokens = Vec::new();
        for (i, field) in fields.iter().enumerate() {
            let class = if i < ARN_PREFIX_FIELDS {
                CharClass::NotColon
            } else {
                CharClass::Any
            };
            if i > 0 {
                tokens.push(Token::Literal(':'));
            }
            push_tokens(&mut tokens, field, class);
        }
        Glob::new(tokens, false)
    }

    /// The union of `globs` (a string matches it when it matches one of
    /// them), as one automaton: the patterns side by side, each ended by
    /// an end marker, started together. `None` when they do not all
    /// share a case mode, or the union is too long for the automaton's
    /// positions.
    pub fn union(globs: &[Glob]) -> Option<Glob> {
        let first = globs.first()?;
        if globs.iter().any(|g| g.ignore_case != first.ignore_case) {
            return None;
        }
        let mut tokens = Vec::new();
        let mut start = Vec::new();
        for g in globs {
            let offset = u16::try_from(tokens.len()).ok()?;
            start.extend(g.start.iter().map(|&s| s.saturating_add(offset)));
            tokens.extend(g.tokens.iter().cloned());
            tokens.push(Token::Accept);
        }
        if tokens.len() > MAX_UNION_TOKENS {
            return None;
        }
        start.sort_unstable();
        start.dedup();
        Some(Glob {
            tokens,
            ignore_case: first.ignore_case,
            start,
        })
    }

    /// True for a union of patterns ([`Glob::union`]).
    fn is_union(&self) -> bool {
        self.tokens.contains(&Token::Accept)
    }

    /// The patterns of a union (a single pattern is a union of one), when
    /// matching starts at their beginnings (not resumed, nor after a prefix).
    fn alternatives(&self) -> Option<Vec<&[Token]>> {
        let mut out = Vec::new();
        let mut starts = Vec::new();
        let mut at = 0;
        for piece in self.tokens.split(|t| *t == Token::Accept) {
            out.push(piece);
            starts.push(u16::try_from(at).ok()?);
            at += piece.len() + 1;
        }
        if !self.is_union() {
            out.truncate(1);
            starts.truncate(1);
        } else if self.tokens.last() == Some(&Token::Accept) {
            // The split's empty piece after the last `Accept`.
            out.pop();
            starts.pop();
        }
        (self.close(starts) == self.start).then_some(out)
    }

    /// True when every string `self` matches, `other` matches too, as far
    /// as their patterns show: each pattern of `self` is one of `other`'s,
    /// or matches only strings one of `other`'s matches ([`included`]:
    /// `*a625*b625*c*` is inside `*a62*b62*c*`). False when unsure: the
    /// checks are bounded ([`INCLUSION_CHECKS`]).
    pub(crate) fn implies(&self, other: &Glob) -> bool {
        if self.ignore_case != other.ignore_case {
            return false;
        }
        let (Some(mine), Some(theirs)) = (self.alternatives(), other.alternatives()) else {
            return false;
        };
        let mut checks = 0usize;
        mine.iter().all(|m| {
            theirs.contains(m)
                || theirs.iter().any(|t| {
                    checks += 1;
                    checks <= INCLUSION_CHECKS
                        && included(
                            &Glob::new(m.to_vec(), self.ignore_case),
                            &Glob::new(t.to_vec(), other.ignore_case),
                        )
                })
        })
    }

    /// The pattern no string matches.
    fn nothing() -> Glob {
        Glob {
            tokens: Vec::new(),
            ignore_case: false,
            start: Vec::new(),
        }
    }

    /// A domain: the strings a request field can hold, as a sequence of
    /// [`Shape`]s.
    pub fn domain(shapes: &[Shape<'_>]) -> Glob {
        let mut tokens = Vec::new();
        for shape in shapes {
            match *shape {
                Shape::Text(text) => tokens.extend(text.chars().map(Token::Literal)),
                Shape::Run(class) => {
                    tokens.push(Token::One(class));
                    tokens.push(Token::Star(class));
                }
                Shape::Exactly(class, n) => tokens.extend((0..n).map(|_| Token::One(class))),
                Shape::Between(class, min, max) => {
                    tokens.extend((0..min).map(|_| Token::One(class)));
                    tokens.extend((min..max).map(|_| Token::Maybe(class)));
                }
                Shape::Anything => tokens.push(Token::Star(CharClass::Any)),
                Shape::Any(class) => tokens.push(Token::Star(class)),
            }
        }
        Glob::new(tokens, false)
    }

    /// The same pattern, started from `states` (from [`StringClass::states`]).
    pub fn resume(&self, states: &[u16]) -> Glob {
        Glob {
            tokens: self.tokens.clone(),
            ignore_case: self.ignore_case,
            start: states.to_vec(),
        }
    }

    fn new(mut tokens: Vec<Token>, ignore_case: bool) -> Glob {
        tokens.truncate(MAX_TOKENS);
        let mut glob = Glob {
            tokens,
            ignore_case,
            start: Vec::new(),
        };
        glob.start = glob.close(vec![0]);
        glob
    }

    /// The same pattern, matched against what follows `prefix`: a string `s`
    /// matches the result exactly when `prefix + s` matches `self`.
    pub fn after(&self, prefix: &str) -> Glob {
        let mut states = self.start.clone();
        for c in prefix.chars() {
            states = self.step(&states, c);
        }
        Glob {
            tokens: self.tokens.clone(),
            ignore_case: self.ignore_case,
            start: states,
        }
    }

    /// The states matching starts from.
    pub fn start_states(&self) -> &[u16] {
        &self.start
    }

    /// True when `text` matches.
    pub fn matches(&self, text: &str) -> bool {
        let mut states = self.start.clone();
        for c in text.chars() {
            if states.is_empty() {
                return false;
            }
            states = self.step(&states, c);
        }
        self.accepts(&states)
    }

    /// Adds the positions reachable by skipping `*`s.
    fn close(&self, mut states: Vec<u16>) -> Vec<u16> {
        // A table of the positions held, not a scan of the list: a union
        // holds hundreds of positions at once.
        let mut held = vec![false; self.tokens.len() + 1];
        for &s in &states {
            if let Some(h) = held.get_mut(usize::from(s)) {
                *h = true;
            }
        }
        let mut i = 0;
        while let Some(&s) = states.get(i) {
            if let Some(Token::Star(_) | Token::Maybe(_)) = self.tokens.get(usize::from(s)) {
                let next = s + 1;
                if let Some(h) = held.get_mut(usize::from(next)) {
                    if !*h {
                        *h = true;
                        states.push(next);
                    }
                }
            }
            i += 1;
        }
        states.sort_unstable();
        states
    }

    /// A string the pattern matches (a union's: its first pattern's), the
    /// shortest its tokens spell, to try first in the search, which would
    /// otherwise visit every string shorter than the patterns' to find that
    /// a string can match.
    fn member(&self) -> Option<String> {
        spell(self.tokens.get(usize::from(*self.start.first()?)..)?)
    }

    fn step(&self, states: &[u16], c: char) -> Vec<u16> {
        let mut next = Vec::new();
        for &s in states {
            match self.tokens.get(usize::from(s)) {
                Some(Token::Literal(l)) => {
                    let hit = if self.ignore_case {
                        chars_eq_ignore_case(*l, c)
                    } else {
                        *l == c
                    };
                    if hit {
                        next.push(s + 1);
                    }
                }
                Some(Token::One(class) | Token::Maybe(class)) if class.contains(c) => {
                    next.push(s + 1)
                }
                Some(Token::Star(class)) if class.contains(c) => next.push(s),
                _ => {}
            }
        }
        next.sort_unstable();
        next.dedup();
        self.close(next)
    }

    fn accepts(&self, states: &[u16]) -> bool {
        states
            .iter()
            .any(|&s| match self.tokens.get(usize::from(s)) {
                None => usize::from(s) == self.tokens.len(),
                Some(t) => *t == Token::Accept,
            })
    }

    fn literals(&self, out: &mut Vec<char>) {
        for t in &self.tokens {
            if let Token::Literal(c) = t {
                out.push(*c);
                if self.ignore_case {
                    out.extend(c.to_lowercase());
                    out.extend(c.to_uppercase());
                }
            }
        }
    }
}

/// The shortest string `tokens` spell up to their first [`Token::Accept`]
/// (or their end).
fn spell(tokens: &[Token]) -> Option<String> {
    let mut out = String::new();
    for token in tokens {
        match token {
            Token::Literal(c) => out.push(*c),
            Token::One(class) => out.push(FRESH_POOL.chars().find(|&c| class.contains(c))?),
            Token::Star(_) | Token::Maybe(_) => {}
            Token::Accept => return Some(out),
        }
    }
    Some(out)
}

/// The automaton's steps for a parsed wildcard, its wildcards limited to
/// the characters of `class`.
fn push_tokens(tokens: &mut Vec<Token>, wildcard: &Wildcard, class: CharClass) {
    for segment in wildcard.segments() {
        match segment {
            Segment::Text { text, .. } => tokens.extend(text.chars().map(Token::Literal)),
            Segment::One => tokens.push(Token::One(class)),
            Segment::Star => tokens.push(Token::Star(class)),
            Segment::Hole(never) => match *never {},
        }
    }
}

/// One class of strings: which patterns match, and a string that shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringClass {
    /// For each pattern, in order: whether the witness matches it.
    pub matches: Vec<bool>,
    /// For each tracked pattern, in order: its states after the witness, to
    /// [`Glob::resume`] it on what follows.
    pub states: Vec<Vec<u16>>,
    /// A string of the domain that matches exactly those patterns.
    pub witness: String,
}

/// The classes found, and whether they are all of them.
#[derive(Clone, Debug)]
pub struct Classes {
    /// One entry per realisable combination, in the order found.
    pub classes: Vec<StringClass>,
    /// False when the search budget ran out before the search ended.
    pub complete: bool,
}

/// Product states the search may visit before it gives up.
const STATE_BUDGET: usize = 40_000;

/// Every combination of `patterns` that some string of `domain` realises, each
/// with a witness (see the module docs). `samples` are tried first, so that
/// witnesses are readable when they can be (`GET` rather than `A`).
pub fn classes(patterns: &[Glob], domain: &Glob, samples: &[&str]) -> Classes {
    classes_tracking(patterns, &[], domain, samples)
}

/// Like [`classes`], but two strings are in the same class only when they
/// also leave every `tracked` pattern in the same states: what follows them
/// then matches the tracked patterns alike.
pub fn classes_tracking(
    patterns: &[Glob],
    tracked: &[Glob],
    domain: &Glob,
    samples: &[&str],
) -> Classes {
    let alphabet = alphabet(patterns.iter().chain(tracked), domain);
    let mut domain = Lazy::new(domain, alphabet.len());
    let mut automata: Vec<Lazy<'_>> = patterns
        .iter()
        .chain(tracked)
        .map(|g| Lazy::new(g, alphabet.len()))
        .collect();
    // A product state: the domain's state number, then each pattern's.
    type Key = (Vec<bool>, Vec<u32>);
    let mut found: HashMap<Key, String> = HashMap::new();
    let mut order: Vec<Key> = Vec::new();
    let mut record = |automata: &[Lazy<'_>], states: &[u32], text: &str| {
        let (matched, after) = states.split_at(patterns.len().min(states.len()));
        let matches = automata.iter().zip(matched).map(|(a, &s)| a.accepts(s));
        let key: Key = (matches.collect(), after.to_vec());
        if !found.contains_key(&key) {
            // The class's key, twice (map and order), and its witness.
            super::budget::charge(2 * (key.0.len() + key.1.len() * 4) + text.len() + 128);
            found.insert(key.clone(), text.to_owned());
            order.push(key);
        }
        found.len()
    };
    // Without tracked patterns a class is only which patterns match: once
    // every combination has its witness, nothing is left to find, and the
    // search stops (a union of hundreds of patterns has two classes, found
    // at once, however many states its automaton could still reach).
    // A pattern that is one of a union's (or a union inside another) is
    // implied by it: the combinations where it matches and the union does
    // not are never found, and not waited for.
    let every_class = (tracked.is_empty() && patterns.len() < 16).then(|| {
        let unions = patterns.iter().any(Glob::is_union);
        let implied: Vec<(usize, usize)> = if unions {
            (0..patterns.len())
                .flat_map(|i| (0..patterns.len()).map(move |j| (i, j)))
                .filter(|&(i, j)| {
                    i != j
                        && patterns
                            .get(i)
                            .zip(patterns.get(j))
                            .is_some_and(|(a, b)| a.implies(b))
                })
                .collect()
        } else {
            Vec::new()
        };
        (0..1usize << patterns.len())
            .filter(|v| {
                implied
                    .iter()
                    .all(|&(i, j)| v & (1 << i) == 0 || v & (1 << j) != 0)
            })
            .count()
    });
    let mut classes_found = 0;
    // With a union among the patterns, a string each pattern matches is
    // tried first: walking to it through the union's automaton would visit
    // every shorter string. (Without one, the search's own shortest
    // witnesses are kept.)
    let members: Vec<String> = if patterns.iter().any(Glob::is_union) {
        let mut members: Vec<String> = patterns.iter().filter_map(Glob::member).collect();
        // And for each union, a string of a pattern of it that no other
        // pattern holds: a union that holds another's patterns and more
        // needs one to show a string matching it and not the other.
        for (i, glob) in patterns.iter().enumerate() {
            let Some(mine) = glob.alternatives() else {
                continue;
            };
            let others: Vec<Vec<&[Token]>> = patterns
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .filter_map(|(_, g)| g.alternatives())
                .collect();
            let own = mine
                .iter()
                .find(|m| !others.iter().any(|o| o.contains(m)))
                .and_then(|m| spell(m));
            members.extend(own);
        }
        members
    } else {
        Vec::new()
    };
    for sample in samples
        .iter()
        .copied()
        .chain(members.iter().map(String::as_str))
    {
        let mut run = |a: &mut Lazy<'_>| {
            let mut set = a.glob.start.clone();
            for c in sample.chars() {
                set = a.glob.step(&set, c);
            }
            a.number(set)
        };
        let end = run(&mut domain);
        if domain.accepts(end) {
            let states: Vec<u32> = automata.iter_mut().map(&mut run).collect();
            classes_found = record(&automata, &states, sample);
        }
    }
    let start: Box<[u32]> = std::iter::once(domain.start)
        .chain(automata.iter().map(|a| a.start))
        .collect();
    let mut seen: HashSet<Box<[u32]>> = HashSet::new();
    let mut queue: VecDeque<(Box<[u32]>, String)> = VecDeque::new();
    seen.insert(start.clone());
    queue.push_back((start, String::new()));
    let mut complete = true;
    let mut next: Vec<u32> = Vec::with_capacity(automata.len() + 1);
    while let Some((states, text)) = queue.pop_front() {
        let Some((&at, rest)) = states.split_first() else {
            continue;
        };
        if domain.accepts(at) {
            classes_found = record(&automata, rest, &text);
        }
        if every_class.is_some_and(|n| classes_found >= n) {
            break;
        }
        for (letter, &c) in alphabet.iter().enumerate() {
            let domain_next = domain.step(at, letter, c);
            if domain_next == Lazy::DEAD {
                continue;
            }
            next.clear();
            next.push(domain_next);
            for (a, &s) in automata.iter_mut().zip(rest) {
                next.push(a.step(s, letter, c));
            }
            if seen.contains(next.as_slice()) {
                continue;
            }
            // The product state (held twice: in `seen` and in the queue)
            // and its text.
            let cost = 2 * (next.len() * 4 + 32) + text.len() + 64;
            if seen.len() >= STATE_BUDGET || !super::budget::charge(cost) {
                complete = false;
                queue.clear();
                break;
            }
            let key: Box<[u32]> = next.as_slice().into();
            seen.insert(key.clone());
            let mut longer = text.clone();
            longer.push(c);
            queue.push_back((key, longer));
        }
    }
    let tracked_automata = automata.get(patterns.len()..).unwrap_or_default();
    let classes: Vec<StringClass> = order
        .into_iter()
        .filter_map(|key| {
            let witness = found.remove(&key)?;
            let states = tracked_automata
                .iter()
                .zip(&key.1)
                .map(|(a, &s)| a.set(s).to_vec())
                .collect();
            Some(StringClass {
                matches: key.0,
                states,
                witness,
            })
        })
        .collect();
    Classes { classes, complete }
}

/// What [`satisfy`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Satisfied {
    /// A string of the domain that every required pattern matches and no
    /// forbidden one does.
    Found(String),
    /// There is none.
    Empty,
    /// The search reached its bound (or the analysis budget) first.
    Unsure,
}

/// A string of `domain` that every pattern of `required` matches and no
/// pattern of `forbidden` does: one combination of patterns, where
/// [`classes`] finds them all. `tries` are checked first (a string of each
/// required pattern, spelt from its tokens, is often one); then the
/// product of the automata is searched breadth-first, so that "there is
/// none" is exact. Only the patterns named are in the product, which is
/// what keeps it small: a field's clauses are asked about a few at a time.
pub fn satisfy(
    required: &[&Glob],
    forbidden: &[&Glob],
    domain: &Glob,
    tries: &[String],
) -> Satisfied {
    let fits = |text: &str| {
        domain.matches(text)
            && required.iter().all(|g| g.matches(text))
            && !forbidden.iter().any(|g| g.matches(text))
    };
    let spelt: Vec<String> = required.iter().filter_map(|g| g.member()).collect();
    let joined = spelt.concat();
    let merged = merge_members(&spelt);
    if let Some(found) = tries
        .iter()
        .chain(&spelt)
        .chain(std::iter::once(&joined))
        .chain(&merged)
        .find(|t| fits(t))
    {
        return Satisfied::Found(found.clone());
    }
    let alphabet = alphabet(required.iter().chain(forbidden).copied(), domain);
    // A domain of fixed lengths (a VPC id, an account) holds none of those
    // strings as they are, and the breadth-first search below would visit
    // every shorter string's states first (with many forbidden patterns,
    // more than its bound): the same strings padded with a character no
    // pattern writes, which moves no pattern on, often are one.
    let mut written = Vec::new();
    for g in required.iter().chain(forbidden) {
        g.literals(&mut written);
    }
    let fillers: Vec<char> = alphabet
        .iter()
        .copied()
        .filter(|c| !written.iter().any(|&w| chars_eq_ignore_case(w, *c)))
        .collect();
    for base in tries
        .iter()
        .chain(&spelt)
        .chain(std::iter::once(&joined))
        .chain(&merged)
    {
        for &filler in &fillers {
            let mut padded = base.clone();
            while padded.len() < MAX_PADDED {
                padded.push(filler);
                if fits(&padded) {
                    return Satisfied::Found(padded);
                }
            }
        }
    }
    let mut automata: Vec<Lazy<'_>> = std::iter::once(domain)
        .chain(required.iter().copied())
        .chain(forbidden.iter().copied())
        .map(|g| Lazy::new(g, alphabet.len()))
        .collect();
    // The domain and the required patterns must stay alive; a forbidden
    // pattern that dies is satisfied for good.
    let alive = 1 + required.len();
    let start: Box<[u32]> = automata.iter().map(|a| a.start).collect();
    if start.iter().take(alive).any(|&s| s == Lazy::DEAD) {
        return Satisfied::Empty;
    }
    let mut seen: HashSet<Box<[u32]>> = HashSet::from([start.clone()]);
    let mut queue: VecDeque<(Box<[u32]>, String)> = VecDeque::from([(start, String::new())]);
    let mut next: Vec<u32> = Vec::with_capacity(automata.len());
    while let Some((states, text)) = queue.pop_front() {
        let done = automata
            .iter()
            .zip(states.iter())
            .enumerate()
            .all(|(i, (a, &s))| {
                if i < alive {
                    a.accepts(s)
                } else {
                    !a.accepts(s)
                }
            });
        if done {
            return Satisfied::Found(text);
        }
        for (letter, &c) in alphabet.iter().enumerate() {
            next.clear();
            let mut dead = false;
            for (i, (a, &s)) in automata.iter_mut().zip(states.iter()).enumerate() {
                let to = a.step(s, letter, c);
                dead |= i < alive && to == Lazy::DEAD;
                next.push(to);
            }
            if dead || seen.contains(next.as_slice()) {
                continue;
            }
            let cost = 2 * (next.len() * 4 + 32) + text.len() + 64;
            if seen.len() >= STATE_BUDGET || !super::budget::charge(cost) {
                return Satisfied::Unsure;
            }
            let key: Box<[u32]> = next.as_slice().into();
            seen.insert(key.clone());
            let mut longer = text.clone();
            longer.push(c);
            queue.push_back((key, longer));
        }
    }
    Satisfied::Empty
}

/// The longest string [`satisfy`] pads to a domain's length: a service
/// network's ARN is the longest fixed-length domain, well under it.
const MAX_PADDED: usize = 128;

/// The strings `members` (one of each required pattern) run together
/// without repeating a start they share: `vpc-a1b` and `vpc-a21b` make
/// `vpc-a1ba21b` (without `vpc-`), where `joined` would repeat `vpc-`,
/// which a domain of one prefix does not hold. Each shared start is tried,
/// longest first: the longest (`vpc-a`) can cut a member's own text.
fn merge_members(members: &[String]) -> Vec<String> {
    let Some((first, rest)) = members.split_first() else {
        return Vec::new();
    };
    if rest.is_empty() {
        return Vec::new();
    }
    // In characters: the common start of them all.
    let common = rest.iter().fold(first.chars().count(), |n, m| {
        first
            .chars()
            .zip(m.chars())
            .take(n)
            .take_while(|(a, b)| a == b)
            .count()
    });
    (1..=common)
        .rev()
        .map(|cut| {
            let mut out = first.clone();
            for m in rest {
                out.extend(m.chars().skip(cut));
            }
            out
        })
        .collect()
}

/// A pattern's automaton, made deterministic as the search reaches it: each
/// set of positions gets a number once, and each move from a set over a
/// letter of the alphabet is worked out once. Patterns share the product
/// search's letters, so most moves are table lookups.
struct Lazy<'g> {
    glob: &'g Glob,
    letters: usize,
    /// The sets of positions, by number; number 0 is the empty set.
    sets: Vec<Vec<u16>>,
    numbers: HashMap<Vec<u16>, u32>,
    /// `moves[set * letters + letter]`, [`Lazy::UNKNOWN`] until worked out.
    moves: Vec<u32>,
    accepting: Vec<bool>,
    start: u32,
}

impl<'g> Lazy<'g> {
    /// The number of the empty set: no string matches from there.
    const DEAD: u32 = 0;
    const UNKNOWN: u32 = u32::MAX;

    fn new(glob: &'g Glob, letters: usize) -> Lazy<'g> {
        let mut lazy = Lazy {
            glob,
            letters,
            sets: vec![Vec::new()],
            numbers: HashMap::new(),
            moves: vec![Lazy::DEAD; letters],
            accepting: vec![false],
            start: Lazy::DEAD,
        };
        lazy.start = lazy.number(glob.start.clone());
        lazy
    }

    fn number(&mut self, set: Vec<u16>) -> u32 {
        if set.is_empty() {
            return Lazy::DEAD;
        }
        if let Some(&n) = self.numbers.get(&set) {
            return n;
        }
        // Its row of moves and its set: counted against the budget, which
        // the search checks at its next state.
        super::budget::charge(self.letters * 4 + set.len() * 2 + 64);
        let n = u32::try_from(self.sets.len()).unwrap_or(u32::MAX - 1);
        self.accepting.push(self.glob.accepts(&set));
        self.moves
            .extend(std::iter::repeat_n(Lazy::UNKNOWN, self.letters));
        self.numbers.insert(set.clone(), n);
        self.sets.push(set);
        n
    }

    fn step(&mut self, state: u32, letter: usize, c: char) -> u32 {
        if state == Lazy::DEAD {
            return Lazy::DEAD;
        }
        let slot = state as usize * self.letters + letter;
        match self.moves.get(slot) {
            Some(&Lazy::UNKNOWN) => {
                let set = self.glob.step(self.set(state), c);
                let n = self.number(set);
                if let Some(known) = self.moves.get_mut(slot) {
                    *known = n;
                }
                n
            }
            Some(&known) => known,
            None => Lazy::DEAD,
        }
    }

    fn set(&self, state: u32) -> &[u16] {
        self.sets.get(state as usize).map_or(&[], Vec::as_slice)
    }

    fn accepts(&self, state: u32) -> bool {
        self.accepting.get(state as usize).copied().unwrap_or(false)
    }
}

/// Pattern pairs [`Glob::implies`] compares by their strings before it
/// answers "unsure": a union of hundreds of patterns against another is
/// hundreds of pairs for each pattern not written the same in both.
const INCLUSION_CHECKS: usize = 4096;

/// Product states one inclusion check ([`included`]) may visit: two plain
/// wildcards take a few dozen.
const INCLUSION_STATES: usize = 4096;

/// True when every string `sub` matches, `sup` matches too: a search of
/// the pair's product for a string `sub` accepts and `sup` does not,
/// which ends, since both automata are finite. False when it finds one, or
/// when it reaches [`INCLUSION_STATES`] first (unsure).
fn included(sub: &Glob, sup: &Glob) -> bool {
    let anything = Glob::domain(&[Shape::Anything]);
    let alphabet = alphabet([sub, sup].into_iter(), &anything);
    let mut a = Lazy::new(sub, alphabet.len());
    let mut b = Lazy::new(sup, alphabet.len());
    let start = (a.start, b.start);
    let mut seen: HashSet<(u32, u32)> = HashSet::from([start]);
    let mut queue = VecDeque::from([start]);
    while let Some((x, y)) = queue.pop_front() {
        if a.accepts(x) && !b.accepts(y) {
            return false;
        }
        for (letter, &c) in alphabet.iter().enumerate() {
            let next = (a.step(x, letter, c), b.step(y, letter, c));
            if next.0 == Lazy::DEAD || seen.contains(&next) {
                continue;
            }
            if seen.len() >= INCLUSION_STATES || !super::budget::charge(48) {
                return false;
            }
            seen.insert(next);
            queue.push_back(next);
        }
    }
    true
}

/// Characters that may stand for all the characters no pattern names, most
/// readable first; together they cover every combination of character classes.
const FRESH_POOL: &str =
    "xqzjkwvyubcdefghilmnoprsta9876543210XQZJKWVYUBCDEFGHILMNOPRSTA-_.+=,@/:~!";

/// Every literal character of the patterns, and one fresh character for each
/// way a character outside them can relate to the character classes (all such
/// characters behave alike).
fn alphabet<'a>(patterns: impl Iterator<Item = &'a Glob>, domain: &'a Glob) -> Vec<char> {
    let mut literals = Vec::new();
    for g in patterns.chain(std::iter::once(domain)) {
        g.literals(&mut literals);
    }
    literals.sort_unstable();
    literals.dedup();
    let is_literal = |c: char| literals.iter().any(|&l| chars_eq_ignore_case(l, c));
    let mut alphabet = literals.clone();
    let mut signatures = Vec::new();
    for c in FRESH_POOL.chars().filter(|&c| !is_literal(c)) {
        let signature = [
            CharClass::Digit,
            CharClass::Upper,
            CharClass::LowerAlnum,
            CharClass::Region,
            CharClass::Name,
            CharClass::NotColon,
            CharClass::NotSpaceOrSlash,
            CharClass::Visible,
            CharClass::LowerHex,
            CharClass::TagValue,
        ]
        .map(|k| k.contains(c));
        if !signatures.contains(&signature) {
            signatures.push(signature);
            alphabet.push(c);
        }
    }
    // Readable witnesses first: the search prefers earlier characters.
    alphabet.sort_by_key(|c| (!c.is_ascii_alphanumeric(), *c));
    alphabet
}

#[cfg(test)]
mod tests {
    use super::*;

    fn witnesses(patterns: &[Glob], domain: &Glob) -> Vec<(Vec<bool>, String)> {
        let found = classes(patterns, domain, &[]);
        assert!(found.complete);
        found
            .classes
            .into_iter()
            .map(|c| (c.matches, c.witness))
            .collect()
    }

    #[test]
    fn a_union_matches_what_one_of_its_patterns_matches() {
        let parts: Vec<Glob> = (0..300)
            .map(|i| Glob::wildcard(&format!("*a{i}*b{i}*c*"), false))
            .collect();
        let union = Glob::union(&parts).unwrap();
        for text in ["a7b7c", "xa12yb12zc", "a7b8c", "", "a299b299c", "a300b300c"] {
            assert_eq!(
                union.matches(text),
                parts.iter().any(|p| p.matches(text)),
                "{text}"
            );
        }
        // Two classes, found at once, though the union's automaton could
        // reach more sets of positions than there are atoms.
        let found = witnesses(
            std::slice::from_ref(&union),
            &Glob::domain(&[Shape::Anything]),
        );
        assert_eq!(found.len(), 2, "{found:?}");
        for (vector, witness) in &found {
            assert_eq!(union.matches(witness), vector[0], "{witness}");
        }
        // A union resumes and skips a prefix as its patterns do.
        let after = union.after("xa5");
        assert!(after.matches("b5c") && !after.matches("b6c"));
        // A union inside another: three classes, each shown by a pattern's
        // own string, and the search stops there.
        let parts: Vec<Glob> = (0..300)
            .map(|i| Glob::wildcard(&format!("*a{i}x*b{i}x*c*"), false))
            .collect();
        let (union, smaller) = (
            Glob::union(&parts).unwrap(),
            Glob::union(parts.get(..299).unwrap()).unwrap(),
        );
        assert!(smaller.implies(&union) && !union.implies(&smaller));
        let found = witnesses(&[union, smaller], &Glob::domain(&[Shape::Anything]));
        assert_eq!(found.len(), 3, "{found:?}");
        // A union whose extra pattern lies inside one of the other's
        // patterns (`a625` holds `a62`): the same strings, so two classes,
        // found at once, not a search for a third to its bound.
        let parts: Vec<Glob> = (0..=625)
            .map(|i| Glob::wildcard(&format!("*a{i}*b{i}*c*"), false))
            .collect();
        let (more, fewer) = (
            Glob::union(&parts).unwrap(),
            Glob::union(parts.get(..625).unwrap()).unwrap(),
        );
        assert!(more.implies(&fewer) && fewer.implies(&more));
        let found = witnesses(&[more, fewer], &Glob::domain(&[Shape::Anything]));
        assert_eq!(found.len(), 2, "{found:?}");
        // Inclusion is by strings: `?` is one character, `*` any run.
        let glob = |p: &str| Glob::wildcard(p, false);
        assert!(included(&glob("a?c"), &glob("a*c")));
        assert!(!included(&glob("a*c"), &glob("a?c")));
        assert!(included(&glob("*ab*ab*"), &glob("*a*b*")));
        assert!(!included(&glob("*a*b*"), &glob("*b*a*")));
        // Patterns of different case modes are not one union.
        assert!(Glob::union(&[Glob::literal("a", true), Glob::literal("b", false)]).is_none());
    }

    #[test]
    fn overlapping_wildcards_have_every_combination() {
        let patterns = [
            Glob::wildcard("/admin/*", false),
            Glob::wildcard("*/delete", false),
        ];
        let found = witnesses(
            &patterns,
            &Glob::domain(&[Shape::Text("/"), Shape::Anything]),
        );
        let mut vectors: Vec<Vec<bool>> = found.iter().map(|(v, _)| v.clone()).collect();
        vectors.sort();
        assert_eq!(
            vectors,
            vec![
                vec![false, false],
                vec![false, true],
                vec![true, false],
                vec![true, true]
            ]
        );
        for (vector, witness) in &found {
            for (p, want) in patterns.iter().zip(vector) {
                assert_eq!(p.matches(witness), *want, "{witness}");
            }
        }
    }

    #[test]
    fn ignore_case_literal_has_two_classes_for_upper_case_methods() {
        let patterns = [Glob::literal("get", true), Glob::literal("get", false)];
        let found = witnesses(&patterns, &Glob::domain(&[Shape::Run(CharClass::Upper)]));
        let vectors: Vec<Vec<bool>> = found.iter().map(|(v, _)| v.clone()).collect();
        assert!(vectors.contains(&vec![true, false]));
        assert!(vectors.contains(&vec![false, false]));
        // An upper-case method can never equal "get" exactly.
        assert!(!vectors.contains(&vec![true, true]));
    }

    #[test]
    fn arn_fields_keep_colons_out_of_stars() {
        let arn = Glob::arn("arn:aws:iam::*:role/ops");
        assert!(arn.matches("arn:aws:iam::111122223333:role/ops"));
        assert!(!arn.matches("arn:aws:iam::1:2:role/ops"));
        let after = Glob::wildcard("arn:aws:x:*/admin/*", false).after("arn:aws:x:svc");
        assert!(after.matches("/admin/a"));
        assert!(!after.matches("/public"));
    }

    /// The automata answer as the wildcard matcher they are built from.
    #[test]
    fn automata_agree_with_the_wildcard_matcher() {
        let arns = [
            "arn:aws:iam::111122223333:role/ops",
            "arn:aws:iam::1:2:role/ops",
            "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-1/a:b",
            "arn:aws:iam::111122223333",
            "arn:aws:iam:::",
        ];
        for pattern in [
            "arn:aws:iam::*:role/*",
            "arn:aws:*:*:*:*",
            "arn:aws:iam:?:*:*",
            "arn:*:*",
            "arn:aws:*:*:111122223333:service/*/a:?",
        ] {
            let glob = Glob::arn(pattern);
            let arn = ArnWildcard::parse(pattern);
            let whole = Glob::wildcard(pattern, true);
            let wildcard = Wildcard::parse(pattern);
            for subject in arns {
                assert_eq!(
                    glob.matches(subject),
                    arn.matches(subject),
                    "{pattern} {subject}"
                );
                assert_eq!(
                    whole.matches(subject),
                    wildcard.matches(subject, crate::wildcard::Case::Insensitive),
                    "{pattern} {subject}"
                );
            }
        }
        // Fewer than six fields: nothing, not even the text itself.
        assert!(!Glob::arn("arn:*").matches("arn:*"));
        assert!(!Glob::arn("arn:aws:iam::1").matches("arn:aws:iam::1"));
    }

    #[test]
    fn samples_are_preferred_witnesses() {
        let patterns = [Glob::literal("GET", false)];
        let found = classes(
            &patterns,
            &Glob::domain(&[Shape::Run(CharClass::Upper)]),
            &["GET", "POST"],
        );
        let witnesses: Vec<&str> = found.classes.iter().map(|c| c.witness.as_str()).collect();
        assert_eq!(witnesses, vec!["GET", "POST"]);
    }

    #[test]
    fn twelve_digit_accounts_outside_a_wildcard() {
        let patterns = [Glob::wildcard("1111*", false)];
        let found = witnesses(
            &patterns,
            &Glob::domain(&[Shape::Exactly(CharClass::Digit, 12)]),
        );
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|(_, w)| w.len() == 12));
    }
}
