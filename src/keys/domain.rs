//! The values a request key can take: its **domain**.
//!
//! A domain is what AWS documents a value to look like (an account id is 12
//! digits; an organization id is `o-` and 10 to 32 lower-case letters and
//! digits, as AWS Organizations defines it). The evaluator refuses a request
//! value outside its key's domain, the linter reports a condition value no
//! value of the domain matches, and the analysis builds its requests from
//! values inside the domains: all three ask this module.
//!
//! Text domains are small regular languages written as [`Piece`]s; a
//! value or a [wildcard pattern](crate::wildcard) (`*`, `?`) is matched against them by
//! walking the pattern and the language together, so that "does any value
//! of the domain match this pattern" has an exact answer.

use crate::wildcard::{Segment, Wildcard};

/// A set of characters a domain allows at one place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chars {
    /// Any character.
    Any,
    /// `0`–`9`.
    Digit,
    /// `A`–`Z`.
    Upper,
    /// `a`–`z` and `0`–`9`.
    LowerAlnum,
    /// `0`–`9` and `a`–`f`.
    LowerHex,
    /// `a`–`z`, `0`–`9` and `-` (Region names, partition suffixes).
    LowerAlnumDash,
    /// Any character but white space and control characters (request paths).
    Visible,
    /// What AWS accepts in a tag value: letters, digits, white space and
    /// `_ . : / = + - @` (IAM, STS and VPC Lattice tags alike).
    TagValue,
}

impl Chars {
    /// True when `c` is in the set.
    pub fn contains(self, c: char) -> bool {
        match self {
            Chars::Any => true,
            Chars::Digit => c.is_ascii_digit(),
            Chars::Upper => c.is_ascii_uppercase(),
            Chars::LowerAlnum => c.is_ascii_lowercase() || c.is_ascii_digit(),
            Chars::LowerHex => c.is_ascii_digit() || ('a'..='f').contains(&c),
            Chars::LowerAlnumDash => c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-',
            Chars::Visible => !c.is_whitespace() && !c.is_control(),
            Chars::TagValue => {
                c.is_alphanumeric()
                    || c.is_whitespace()
                    || matches!(c, '_' | '.' | ':' | '/' | '=' | '+' | '-' | '@')
            }
        }
    }
}

/// One step of a text domain's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Exactly this text.
    Text(&'static str),
    /// From `min` to `max` characters of the set ([`UNBOUNDED`] for no limit).
    Run(Chars, usize, usize),
    /// The pieces, any number of times (none included).
    Repeat(&'static [Piece]),
}

/// The `max` of a [`Piece::Run`] without a limit.
pub const UNBOUNDED: usize = usize::MAX;

/// The values of one request key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Domain {
    /// Any text.
    Text,
    /// An AWS account id: 12 digits.
    Account,
    /// The caller's account: an account id, or `anonymous` for anonymous callers.
    CallerAccount,
    /// An AWS Organizations organization id: `o-` and 10 to 32 lower-case
    /// letters and digits.
    OrgId,
    /// An AWS Organizations path: the organization id, the root id
    /// (`r-` and 4 to 32 lower-case letters and digits) and any number of
    /// organizational unit ids (`ou-`, 4 to 32, `-`, 8 to 32), each followed
    /// by `/`.
    OrgPath,
    /// One of the documented values of `aws:PrincipalType`.
    PrincipalType,
    /// An HTTP method: upper-case letters, but not a protocol name.
    Method,
    /// A request path: `/` and characters other than white space and controls.
    Path,
    /// A port: a whole number from 1 to 65535.
    Port,
    /// A VPC id: `vpc-` and 8 or 17 lower-case hexadecimal digits.
    VpcId,
    /// The ARN of a VPC Lattice service: `arn:aws:vpc-lattice:REGION:ACCOUNT:service/svc-`
    /// and 17 lower-case letters and digits.
    ServiceArn,
    /// The ARN of a VPC Lattice service network (`…:servicenetwork/sn-` and 17).
    ServiceNetworkArn,
    /// A tag value: at most 256 of the characters [`Chars::TagValue`] allows.
    TagValue,
    /// `true` or `false`.
    Bool,
    /// A date and time.
    Time,
    /// An IP address.
    Ip,
}

/// `aws:PrincipalType`'s values: those IAM documents for the callers a
/// Lattice request can have.
pub const PRINCIPAL_TYPES: &[&str] = &[
    "Account",
    "User",
    "FederatedUser",
    "AssumedRole",
    "Anonymous",
];

/// The listener protocol names, which a method cannot be.
const PROTOCOL_NAMES: &[&str] = &["HTTP", "HTTPS", "GRPC", "TLS"];

const ORG_ID: &[Piece] = &[Piece::Text("o-"), Piece::Run(Chars::LowerAlnum, 10, 32)];
const OU: &[Piece] = &[
    Piece::Text("ou-"),
    Piece::Run(Chars::LowerAlnum, 4, 32),
    Piece::Text("-"),
    Piece::Run(Chars::LowerAlnum, 8, 32),
    Piece::Text("/"),
];
const ORG_PATH: &[Piece] = &[
    Piece::Text("o-"),
    Piece::Run(Chars::LowerAlnum, 10, 32),
    Piece::Text("/r-"),
    Piece::Run(Chars::LowerAlnum, 4, 32),
    Piece::Text("/"),
    Piece::Repeat(OU),
];
const ACCOUNT: &[Piece] = &[Piece::Run(Chars::Digit, 12, 12)];
const METHOD: &[Piece] = &[Piece::Run(Chars::Upper, 1, UNBOUNDED)];
const PATH: &[Piece] = &[Piece::Text("/"), Piece::Run(Chars::Visible, 0, UNBOUNDED)];
const VPC_8: &[Piece] = &[Piece::Text("vpc-"), Piece::Run(Chars::LowerHex, 8, 8)];
const VPC_17: &[Piece] = &[Piece::Text("vpc-"), Piece::Run(Chars::LowerHex, 17, 17)];
const TAG_VALUE: &[Piece] = &[Piece::Run(Chars::TagValue, 0, 256)];

/// The pieces of a Lattice ARN up to its resource id, and the id.
macro_rules! lattice_arn {
    ($kind:literal) => {
        &[
            Piece::Text("arn:aws"),
            Piece::Run(Chars::LowerAlnumDash, 0, UNBOUNDED),
            Piece::Text(":vpc-lattice:"),
            Piece::Run(Chars::LowerAlnumDash, 1, UNBOUNDED),
            Piece::Text(":"),
            Piece::Run(Chars::Digit, 12, 12),
            Piece::Text($kind),
            Piece::Run(Chars::LowerAlnum, 17, 17),
        ]
    };
}
const SERVICE_ARN: &[Piece] = lattice_arn!(":service/svc-");
const NETWORK_ARN: &[Piece] = lattice_arn!(":servicenetwork/sn-");

impl Domain {
    /// The language of a text domain, as alternatives of piece sequences;
    /// `None` for the domains that are not text ([`Domain::Port`],
    /// [`Domain::Time`], [`Domain::Ip`]) and for [`Domain::Text`], which
    /// holds everything.
    pub fn language(self) -> Option<&'static [&'static [Piece]]> {
        Some(match self {
            Domain::Text | Domain::Port | Domain::Time | Domain::Ip => return None,
            Domain::Account => &[ACCOUNT],
            Domain::CallerAccount => &[ACCOUNT, &[Piece::Text("anonymous")]],
            Domain::OrgId => &[ORG_ID],
            Domain::OrgPath => &[ORG_PATH],
            Domain::PrincipalType => &[
                &[Piece::Text("Account")],
                &[Piece::Text("User")],
                &[Piece::Text("FederatedUser")],
                &[Piece::Text("AssumedRole")],
                &[Piece::Text("Anonymous")],
            ],
            Domain::Method => &[METHOD],
            Domain::Path => &[PATH],
            // The current 17-digit form first: the analysis draws from the
            // alternatives in order, and its default VPC has that form.
            Domain::VpcId => &[VPC_17, VPC_8],
            Domain::ServiceArn => &[SERVICE_ARN],
            Domain::ServiceNetworkArn => &[NETWORK_ARN],
            Domain::TagValue => &[TAG_VALUE],
            Domain::Bool => &[&[Piece::Text("true")], &[Piece::Text("false")]],
        })
    }

    /// True when `value` is in the domain.
    pub fn contains(self, value: &str) -> bool {
        match self {
            Domain::Text => true,
            Domain::Port => value
                .parse::<u32>()
                .is_ok_and(|p| (1..=65535).contains(&p) && !value.starts_with('0')),
            // Times are read by the evaluator's calendar, which reports its
            // own errors; this module stays a leaf.
            Domain::Time => true,
            Domain::Ip => value.parse::<std::net::IpAddr>().is_ok(),
            // Exact values take the direct walk (no automaton to build):
            // requests are checked on every resolution.
            Domain::Method if PROTOCOL_NAMES.contains(&value) => false,
            _ => self
                .language()
                .is_some_and(|language| language.iter().any(|pieces| spells(pieces, value))),
        }
    }

    /// True when some value of the domain matches `pattern`: with
    /// `wildcards`, `*` matches any run of characters and `?` one character
    /// (IAM's `StringLike`); with `ignore_case`, letters match in either case.
    /// Domains that are not text admit every pattern.
    pub fn admits(self, pattern: &str, wildcards: bool, ignore_case: bool) -> bool {
        let Some(language) = self.language() else {
            return true;
        };
        // Most policy values are plain values of their domain: the direct
        // walk answers them without building an automaton.
        let literal = !wildcards || !pattern.contains(['*', '?']);
        if literal && self.contains(pattern) {
            return true;
        }
        let mut tokens: Vec<Token> = Vec::new();
        for segment in Wildcard::new(pattern, wildcards).segments() {
            match segment {
                Segment::Text { text, .. } => tokens.extend(text.chars().map(Token::Literal)),
                Segment::One => tokens.push(Token::One),
                Segment::Star => tokens.push(Token::Star),
                Segment::Hole(never) => match *never {},
            }
        }
        let hit = language
            .iter()
            .any(|alternative| Nfa::build(alternative).meets(&tokens, ignore_case));
        // A method pattern that only a protocol name matches admits nothing.
        if hit && self == Domain::Method && !pattern.contains(['*', '?']) {
            let upper = pattern.to_ascii_uppercase();
            let name = if ignore_case { upper.as_str() } else { pattern };
            return !PROTOCOL_NAMES.contains(&name);
        }
        hit
    }

    /// What the domain's values look like, for messages:
    /// "organization ids are `o-` followed by 10 to 32 lower-case letters and digits".
    pub fn describe(self) -> String {
        match self {
            Domain::Text => "any text".to_owned(),
            Domain::Account => "account ids are 12 digits".to_owned(),
            Domain::CallerAccount => {
                "its values are 12-digit account ids and `anonymous`".to_owned()
            }
            Domain::OrgId => {
                "organization ids are `o-` followed by 10 to 32 lower-case letters and digits"
                    .to_owned()
            }
            Domain::OrgPath => "organization paths are the organization id, the root id and any organizational unit ids, each lower-case and followed by `/`, as in `o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/`".to_owned(),
            Domain::PrincipalType => {
                let list: Vec<String> = PRINCIPAL_TYPES.iter().map(|v| format!("`{v}`")).collect();
                format!("its values are {}", list.join(", "))
            }
            Domain::Method => "HTTP methods are upper-case".to_owned(),
            Domain::Path => "paths start with `/` and hold no white space or control characters".to_owned(),
            Domain::Port => "ports are whole numbers from 1 to 65535".to_owned(),
            Domain::VpcId => "VPC ids are `vpc-` followed by 8 or 17 lower-case hexadecimal digits".to_owned(),
            Domain::ServiceArn => "service ARNs are `arn:aws:vpc-lattice:REGION:ACCOUNT:service/svc-` followed by 17 lower-case letters and digits".to_owned(),
            Domain::ServiceNetworkArn => "service network ARNs are `arn:aws:vpc-lattice:REGION:ACCOUNT:servicenetwork/sn-` followed by 17 lower-case letters and digits".to_owned(),
            Domain::TagValue => "tag values are at most 256 letters, digits, spaces and `_ . : / = + - @`".to_owned(),
            Domain::Bool => "its values are `true` and `false`".to_owned(),
            Domain::Time => "times are RFC 3339 timestamps, from the year 0000 to 9999 in UTC".to_owned(),
            Domain::Ip => "IP addresses are IPv4 or IPv6 addresses".to_owned(),
        }
    }

    /// A value of the domain, for help texts and as the analysis's sample.
    pub fn example(self) -> &'static str {
        match self {
            Domain::Text => "example",
            Domain::Account | Domain::CallerAccount => "111122223333",
            Domain::OrgId => "o-a1b2c3d4e5",
            Domain::OrgPath => "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/",
            Domain::PrincipalType => "AssumedRole",
            Domain::Method => "GET",
            Domain::Path => "/",
            Domain::Port => "443",
            Domain::VpcId => "vpc-0123456789abcdef0",
            Domain::ServiceArn => {
                "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0"
            }
            Domain::ServiceNetworkArn => {
                "arn:aws:vpc-lattice:us-west-2:123456789012:servicenetwork/sn-0123456789abcdef0"
            }
            Domain::TagValue => "payments",
            Domain::Bool => "true",
            Domain::Time => "2024-05-01T12:00:00Z",
            Domain::Ip => "203.0.113.7",
        }
    }
}

/// True when `text` is one of the strings `pieces` spell: a walk along the
/// pieces, trying each length a run may take.
fn spells(pieces: &[Piece], text: &str) -> bool {
    let Some((first, tail)) = pieces.split_first() else {
        return text.is_empty();
    };
    match *first {
        Piece::Text(t) => text.strip_prefix(t).is_some_and(|rest| spells(tail, rest)),
        Piece::Run(chars, min, max) => {
            // The run may end after `taken` characters, at byte `at`.
            let ends_here = |taken: usize, at: usize| {
                taken >= min
                    && text.get(at..).is_some_and(|rest| {
                        // Text after the run must start here: skip the
                        // positions where it cannot (most of them).
                        let may_follow = match tail.first() {
                            Some(Piece::Text(t)) => rest.starts_with(t),
                            None => rest.is_empty(),
                            _ => true,
                        };
                        may_follow && spells(tail, rest)
                    })
            };
            if ends_here(0, 0) {
                return true;
            }
            for (taken, (at, c)) in (1..).zip(text.char_indices()) {
                if taken > max || !chars.contains(c) {
                    return false;
                }
                if ends_here(taken, at + c.len_utf8()) {
                    return true;
                }
            }
            false
        }
        Piece::Repeat(inner) => {
            if spells(tail, text) {
                return true;
            }
            // One more round of `inner`, then the repeat again; every
            // repeated group here starts with text, so each round consumes.
            let mut again: Vec<Piece> = inner.to_vec();
            again.push(*first);
            again.extend_from_slice(tail);
            !inner.is_empty() && spells(&again, text)
        }
    }
}

/// One step of a pattern.
#[derive(Clone, Copy, Debug)]
enum Token {
    Literal(char),
    One,
    Star,
}

/// A state of a domain's automaton.
#[derive(Clone, Debug)]
enum Node {
    /// One character of the set, then the state.
    Char(Chars, usize),
    /// One character equal to this one, then the state.
    Exact(char, usize),
    /// Any of the states, without reading.
    Split(Vec<usize>),
    /// The end of a value.
    Accept,
}

/// A domain's language as an automaton (Thompson's construction).
struct Nfa {
    nodes: Vec<Node>,
    start: usize,
}

impl Nfa {
    fn build(pieces: &[Piece]) -> Nfa {
        let mut nfa = Nfa {
            nodes: vec![Node::Accept],
            start: 0,
        };
        nfa.start = nfa.sequence(pieces, 0);
        nfa
    }

    fn push(&mut self, node: Node) -> usize {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    /// The start of `pieces` followed by the state `then`.
    fn sequence(&mut self, pieces: &[Piece], then: usize) -> usize {
        pieces
            .iter()
            .rev()
            .fold(then, |next, piece| self.piece(*piece, next))
    }

    fn piece(&mut self, piece: Piece, then: usize) -> usize {
        match piece {
            Piece::Text(text) => text
                .chars()
                .rev()
                .fold(then, |next, c| self.push(Node::Exact(c, next))),
            Piece::Run(chars, min, max) => {
                let mut next = then;
                if max == UNBOUNDED {
                    let split = self.push(Node::Split(Vec::new()));
                    let char = self.push(Node::Char(chars, split));
                    if let Some(Node::Split(targets)) = self.nodes.get_mut(split) {
                        *targets = vec![char, then];
                    }
                    next = split;
                } else {
                    for _ in min..max {
                        let char = self.push(Node::Char(chars, next));
                        next = self.push(Node::Split(vec![char, then]));
                    }
                }
                for _ in 0..min {
                    next = self.push(Node::Char(chars, next));
                }
                next
            }
            Piece::Repeat(inner) => {
                let split = self.push(Node::Split(Vec::new()));
                let body = self.sequence(inner, split);
                if let Some(Node::Split(targets)) = self.nodes.get_mut(split) {
                    *targets = vec![body, then];
                }
                split
            }
        }
    }

    /// The states reachable from `state` without reading, that read or accept.
    fn close(&self, state: usize, out: &mut Vec<usize>, seen: &mut [bool]) {
        let mut stack = vec![state];
        while let Some(s) = stack.pop() {
            if seen.get(s).copied().unwrap_or(true) {
                continue;
            }
            if let Some(flag) = seen.get_mut(s) {
                *flag = true;
            }
            match self.nodes.get(s) {
                Some(Node::Split(targets)) => stack.extend(targets.iter().rev()),
                Some(_) => out.push(s),
                None => {}
            }
        }
    }

    /// True when some string of the language matches the pattern `tokens`:
    /// a search over (pattern position, automaton state) pairs.
    fn meets(&self, tokens: &[Token], ignore_case: bool) -> bool {
        let width = self.nodes.len();
        let mut visited = vec![false; (tokens.len() + 1) * width];
        let mut stack: Vec<(usize, usize)> = Vec::new();
        let mut start = Vec::new();
        self.close(self.start, &mut start, &mut vec![false; width]);
        stack.extend(start.into_iter().map(|s| (0, s)));
        while let Some((at, state)) = stack.pop() {
            let Some(flag) = visited.get_mut(at * width + state) else {
                continue;
            };
            if *flag {
                continue;
            }
            *flag = true;
            let node = self.nodes.get(state);
            let Some(token) = tokens.get(at) else {
                if matches!(node, Some(Node::Accept)) {
                    return true;
                }
                continue;
            };
            // Where the automaton goes on a character the token allows.
            let next = match node {
                Some(Node::Char(chars, next)) => {
                    let ok = match token {
                        Token::Literal(c) => {
                            chars.contains(*c)
                                || (ignore_case
                                    && (chars.contains(c.to_ascii_lowercase())
                                        || chars.contains(c.to_ascii_uppercase())))
                        }
                        Token::One | Token::Star => true,
                    };
                    ok.then_some(*next)
                }
                Some(Node::Exact(e, next)) => {
                    let ok = match token {
                        Token::Literal(c) => c == e || (ignore_case && c.eq_ignore_ascii_case(e)),
                        Token::One | Token::Star => true,
                    };
                    ok.then_some(*next)
                }
                _ => None,
            };
            if let Token::Star = token {
                // `*` may match nothing...
                stack.push((at + 1, state));
            }
            if let Some(next) = next {
                let mut reached = Vec::new();
                self.close(next, &mut reached, &mut vec![false; width]);
                // ...or one more character, staying on the `*`.
                let to = if let Token::Star = token { at } else { at + 1 };
                stack.extend(reached.into_iter().map(|s| (to, s)));
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organization_ids() {
        let d = Domain::OrgId;
        assert!(d.contains("o-a1b2c3d4e5"));
        assert!(d.contains(&format!("o-{}", "a".repeat(32))));
        assert!(!d.contains(&format!("o-{}", "a".repeat(33))));
        assert!(!d.contains("o-a1b2c3d4e"), "nine characters");
        assert!(!d.contains("o-ABC"));
        assert!(!d.contains("o-EXAMPLE12345"));
        assert!(d.admits("o-EXAMPLE12345", false, true));
        assert!(d.admits("o-*", true, false));
        assert!(!d.admits("O-*", true, false));
        assert!(!d.admits("o-ab?", true, false), "too short whatever `?` is");
        assert!(d.admits("*", true, false));
    }

    #[test]
    fn organization_paths() {
        let d = Domain::OrgPath;
        assert!(d.contains("o-a1b2c3d4e5/r-ab12/"));
        assert!(d.contains("o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/"));
        assert!(
            !d.contains("o-a1b2c3d4e5/r-ab12"),
            "each id is followed by `/`"
        );
        assert!(
            !d.contains("o-a1b2c3d4e5/ou-ab12-11111111/"),
            "the root comes first"
        );
        assert!(d.admits("o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*", true, false));
        assert!(d.admits("o-a1b2c3d4e5/*", true, false));
        assert!(!d.admits("o-EXAMPLE12345/*/ou-EXAMPLE-dev0000/*", true, false));
    }

    #[test]
    fn small_closed_sets_and_methods() {
        assert!(Domain::PrincipalType.contains("Anonymous"));
        assert!(!Domain::PrincipalType.contains("anonymous"));
        assert!(Domain::PrincipalType.admits("anonymous", false, true));
        assert!(Domain::PrincipalType.admits("Anon*", true, false));
        assert!(!Domain::PrincipalType.contains("Role"));
        assert!(Domain::Method.contains("GET"));
        assert!(!Domain::Method.contains("get"));
        assert!(!Domain::Method.contains("HTTP"));
        assert!(!Domain::Method.admits("tls", false, true));
        assert!(Domain::Method.admits("P*", true, false));
        assert!(!Domain::Method.admits("G*", false, false));
        assert!(Domain::Bool.contains("true") && !Domain::Bool.contains("yes"));
    }

    #[test]
    fn numbers_ids_and_arns() {
        assert!(Domain::Port.contains("1") && Domain::Port.contains("65535"));
        assert!(!Domain::Port.contains("0") && !Domain::Port.contains("65536"));
        assert!(!Domain::Port.contains("080"));
        assert!(Domain::Account.contains("000000000000"));
        assert!(!Domain::Account.contains("11112222333"));
        assert!(Domain::VpcId.contains("vpc-1a2b3c4d"));
        assert!(Domain::VpcId.contains("vpc-0123456789abcdef0"));
        assert!(!Domain::VpcId.contains("vpc-1a2b3c4d5"));
        assert!(!Domain::VpcId.contains("vpc-backend001"));
        let sn = "arn:aws:vpc-lattice:us-east-1:111122223333:servicenetwork/sn-0123456789abcdef0";
        assert!(Domain::ServiceNetworkArn.contains(sn));
        assert!(!Domain::ServiceArn.contains(sn));
        assert!(Domain::ServiceNetworkArn.admits(
            "arn:aws:vpc-lattice:*:111122223333:servicenetwork/*",
            true,
            false
        ));
        assert!(!Domain::ServiceArn
            .contains("arn:aws:vpc-lattice:us-east-2:123456789012:service/svc-0285b53b2eEXAMPLE"));
        assert!(Domain::ServiceArn.contains(
            "arn:aws-us-gov:vpc-lattice:us-gov-west-1:123456789012:service/svc-0285b53b2e0000000"
        ));
    }

    #[test]
    fn the_direct_walk_and_the_automaton_agree() {
        let values = [
            "o-a1b2c3d4e5",
            "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/",
            "o-a1b2c3d4e5/r-ab12/ou-ab12-1111111/",
            "vpc-1a2b3c4d",
            "vpc-1a2b3c4d5",
            "GET",
            "get",
            "Anonymous",
            "/a b",
            "/a",
            "111122223333",
            "anonymous",
            "payments team",
            "$X",
            "",
        ];
        let domains = [
            Domain::OrgId,
            Domain::OrgPath,
            Domain::VpcId,
            Domain::Method,
            Domain::PrincipalType,
            Domain::Path,
            Domain::Account,
            Domain::CallerAccount,
            Domain::TagValue,
            Domain::Bool,
            Domain::ServiceArn,
        ];
        for d in domains {
            for v in values {
                let by_automaton = d.admits(v, false, false)
                    && !(d == Domain::Method && PROTOCOL_NAMES.contains(&v));
                assert_eq!(d.contains(v), by_automaton, "{d:?} {v}");
            }
        }
    }

    #[test]
    fn tag_values() {
        let d = Domain::TagValue;
        assert!(d.contains("payments team:a/b=c+d-e@f_g.h"));
        assert!(d.contains("équipe") && d.contains(""));
        assert!(d.admits("pay*", true, false));
        assert!(!d.contains("$SOURCE_CLUSTER"));
        assert!(!d.admits("{{team}}", true, false));
        assert!(!d.contains(&"a".repeat(257)));
    }
}
