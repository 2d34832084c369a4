//! The one-line what-if language: a request in a few words.
//!
//! ```
//! use lattice_policy::eval::{parse_query, Request};
//!
//! let parsed = parse_query("GET /rates as 111122223333 header x-env=prod port 8443").unwrap();
//! let request = Request::resolve(parsed.spec, "2024-05-01T12:00:00Z").unwrap();
//! assert_eq!(request.resource(), "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0/rates");
//! assert_eq!(request.port(), 8443);
//! ```
//!
//! # Syntax
//!
//! ```text
//! [METHOD] [PATH] { CLAUSE }
//! ```
//!
//! Words are separated by spaces. A value may be written in double quotes to
//! hold spaces or to be read as a value when it is spelt like a keyword;
//! inside quotes `\"` is a quote and `\\` a backslash (any other `\` is
//! itself). Quotes may cover part of a word: `header x-msg="hello world"`.
//! Keywords are case-insensitive, and no quoted word is a keyword.
//!
//! * **METHOD**: the first word when it is letters only and not a keyword
//!   (or when a path follows it), upper-cased: `GET`, `delete`. Two words in
//!   method position name a protocol instead: `grpc` (protocol `GRPC`, method
//!   `POST`) and `tls` (protocol `TLS`, which has no method, path, headers or
//!   query).
//! * **PATH**: a word that starts with `/`, right after the method or first.
//!   It may carry a query string (`/x?a=1&a=2`), which is added to the query
//!   as written, without percent-decoding.
//! * **CLAUSES**, in any order:
//!
//! | Clause | Sets | Repeatable |
//! |---|---|---|
//! | `as PRINCIPAL` | the caller: an account id, an IAM or STS ARN, or `anonymous` | no |
//! | `from anonymous` | an unsigned request | no (one of `as`/`from`) |
//! | `header NAME=VALUE` | a header | once per name |
//! | `query KEY=VALUE` | a query-string value; repeat for several values of a key | yes |
//! | `vpc VPC` | the source VPC | no |
//! | `vpc-owner ACCOUNT` | the source VPC's owner | no |
//! | `port N` | the port | no |
//! | `org ORG-ID` | the caller's organization | no |
//! | `org-path PATH` | an organization path of the caller | yes |
//! | `tag KEY=VALUE` | a tag of the caller | once per key |
//! | `principal-type TYPE` | `aws:PrincipalType`, overriding the one the ARN gives | no |
//! | `role-arn ARN` | a role session's role ARN, with its path (D23) | no |
//! | `service ARN` | the service | no |
//! | `network ARN` | the service network | no |
//! | `service-tag KEY=VALUE` | a tag of the service | once per key |
//! | `time RFC3339` | the time of the request | no |
//! | `ip ADDRESS` | `aws:SourceIp` | no |
//! | `protocol P` | `http`, `https`, `grpc` or `tls` | no |
//! | `context KEY=VALUE` | a raw condition key; repeat for several values | yes |
//! | `context-list KEY` | makes the raw key multi-valued (empty unless `context` adds values) | yes |
//! | `without KEY` | removes a condition key from the context | yes |
//!
//! The clauses mean what the fields of the JSON request file mean
//! ([`RequestSpec`]); `principal-type`, `role-arn`, `context-list` and
//! `without` go beyond the clauses CONTRACT.md shows, so that every request
//! can be written as a query ([`Request::describe`](crate::eval::Request::describe)).

use std::collections::btree_map::Entry;
use std::fmt;

use nom::bytes::complete::{take_till, take_till1};
use nom::character::complete::{char, multispace0};
use nom::error::{Error as NomError, ErrorKind};
use nom::IResult;

use super::context::normalize_key;
use super::request::{
    Field, PrincipalDetails, PrincipalSpec, Protocol, RequestError, RequestSpec, Values,
};
use crate::fuzzy::best_match;
use crate::span::Span;

/// A parsed query: the request it describes and where each part was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedQuery {
    /// The request the query describes.
    pub spec: RequestSpec,
    /// Every word that set a field, in query order.
    pub clauses: Vec<Clause>,
}

/// Where a query set a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    /// The field set.
    pub field: Field,
    /// For map fields: the key set (a header name, query key, tag key or
    /// context key).
    pub key: Option<String>,
    /// The value's word in the query.
    pub span: Span,
}

impl ParsedQuery {
    /// Where the query set the field a [`RequestError`] is about: the last
    /// clause for that field (and key, when the error names one).
    pub fn locate(&self, error: &RequestError) -> Option<Span> {
        let field = error.field()?;
        let key = error.key();
        self.clauses
            .iter()
            .rev()
            .find(|c| c.field == field && (key.is_none() || c.key.as_deref() == key))
            .or_else(|| self.clauses.iter().rev().find(|c| c.field == field))
            .map(|c| c.span)
    }
}

/// A query that cannot be read, pointing at the words at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError(Box<ErrorInner>);

#[derive(Clone, Debug, PartialEq, Eq)]
struct ErrorInner {
    query: String,
    span: Span,
    message: String,
    label: Option<String>,
    related: Option<(Span, String)>,
    help: Option<String>,
}

impl QueryError {
    fn new(query: &str, span: Span, message: impl Into<String>) -> Self {
        QueryError(Box::new(ErrorInner {
            query: query.to_owned(),
            span,
            message: crate::diagnostic::tidy(message.into()),
            label: None,
            related: None,
            help: None,
        }))
    }

    fn with_label(mut self, label: impl Into<String>) -> Self {
        self.0.label = Some(label.into());
        self
    }

    fn with_help(mut self, help: impl Into<String>) -> Self {
        self.0.help = Some(crate::diagnostic::tidy(help.into()));
        self
    }

    fn with_related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.0.related = Some((span, label.into()));
        self
    }

    /// A [`RequestError`] met while resolving `parsed`, pointed at the query
    /// word that set the field at fault; `None` when the query did not set it
    /// (it came from a request file or a flag).
    pub fn from_request_error(
        query: &str,
        parsed: &ParsedQuery,
        error: &RequestError,
    ) -> Option<QueryError> {
        let span = parsed.locate(error)?;
        let mut out = QueryError::new(query, span, error.message());
        out.0.help = error.help().map(str::to_owned);
        Some(out)
    }

    /// The query.
    pub fn query(&self) -> &str {
        &self.0.query
    }

    /// The words at fault (empty at the end of the query when a word is missing).
    pub fn span(&self) -> Span {
        self.0.span
    }

    /// What is wrong, in one line.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// How to fix it.
    pub fn help(&self) -> Option<&str> {
        self.0.help.as_deref()
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for QueryError {}

impl miette::Diagnostic for QueryError {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.0
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.0.query)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let primary = miette::LabeledSpan::new_primary_with_span(self.0.label.clone(), self.0.span);
        let related =
            self.0.related.iter().map(|(span, label)| {
                miette::LabeledSpan::new_with_span(Some(label.clone()), *span)
            });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

/// The clause keywords.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Keyword {
    As,
    From,
    Header,
    Query,
    Vpc,
    VpcOwner,
    Port,
    Org,
    OrgPath,
    Tag,
    PrincipalType,
    RoleArn,
    Service,
    Network,
    ServiceTag,
    Time,
    Ip,
    Protocol,
    Context,
    ContextList,
    Without,
}

/// Each keyword, its spelling, its usage and the field it sets.
const KEYWORDS: [(Keyword, &str, &str, Field); 21] = [
    (Keyword::As, "as", "as PRINCIPAL", Field::Principal),
    (Keyword::From, "from", "from anonymous", Field::Principal),
    (
        Keyword::Header,
        "header",
        "header NAME=VALUE",
        Field::Headers,
    ),
    (Keyword::Query, "query", "query KEY=VALUE", Field::Query),
    (Keyword::Vpc, "vpc", "vpc vpc-1a2b3c4d", Field::SourceVpc),
    (
        Keyword::VpcOwner,
        "vpc-owner",
        "vpc-owner 111122223333",
        Field::SourceVpcOwnerAccount,
    ),
    (Keyword::Port, "port", "port 443", Field::Port),
    (Keyword::Org, "org", "org o-a1b2c3d4e5", Field::OrgId),
    (
        Keyword::OrgPath,
        "org-path",
        "org-path o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/",
        Field::OrgPaths,
    ),
    (Keyword::Tag, "tag", "tag KEY=VALUE", Field::PrincipalTags),
    (
        Keyword::PrincipalType,
        "principal-type",
        "principal-type AssumedRole",
        Field::PrincipalType,
    ),
    (
        Keyword::RoleArn,
        "role-arn",
        "role-arn arn:aws:iam::111122223333:role/path/ops",
        Field::RoleArn,
    ),
    (
        Keyword::Service,
        "service",
        "service arn:aws:vpc-lattice:REGION:ACCOUNT:service/svc-ID",
        Field::Service,
    ),
    (
        Keyword::Network,
        "network",
        "network arn:aws:vpc-lattice:REGION:ACCOUNT:servicenetwork/sn-ID",
        Field::ServiceNetwork,
    ),
    (
        Keyword::ServiceTag,
        "service-tag",
        "service-tag KEY=VALUE",
        Field::ServiceTags,
    ),
    (
        Keyword::Time,
        "time",
        "time 2024-05-01T12:00:00Z",
        Field::Time,
    ),
    (Keyword::Ip, "ip", "ip 203.0.113.7", Field::SourceIp),
    (
        Keyword::Protocol,
        "protocol",
        "protocol https",
        Field::Protocol,
    ),
    (
        Keyword::Context,
        "context",
        "context KEY=VALUE",
        Field::Context,
    ),
    (
        Keyword::ContextList,
        "context-list",
        "context-list KEY",
        Field::Context,
    ),
    (Keyword::Without, "without", "without KEY", Field::Context),
];

/// Common methods: a first word near one of these is a method, not a misspelt keyword.
const METHODS: [&str; 9] = [
    "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
];

/// True when `word` is spelt like a clause keyword (in any case).
pub(crate) fn is_keyword(word: &str) -> bool {
    keyword(word).is_some()
}

fn keyword(word: &str) -> Option<(Keyword, &'static str, &'static str, Field)> {
    KEYWORDS
        .iter()
        .find(|(_, name, _, _)| name.eq_ignore_ascii_case(word))
        .copied()
}

/// Reads a one-line query (see the module docs).
pub fn parse_query(text: &str) -> Result<ParsedQuery, QueryError> {
    let words = lex(text)?;
    let mut parser = Parser {
        src: text,
        words,
        pos: 0,
        spec: RequestSpec::default(),
        clauses: Vec::new(),
        principal: PrincipalDetails::default(),
        seen: Vec::new(),
    };
    parser.method_and_path()?;
    while parser.pos < parser.words.len() {
        parser.clause()?;
    }
    parser.finish()
}

// ---------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------

/// One word of the query, its quotes removed.
#[derive(Debug)]
struct Word {
    text: String,
    span: Span,
    quoted: bool,
    /// The first `=` outside quotes: its index in `text` and its offset in the query.
    eq: Option<(usize, usize)>,
}

impl Word {
    /// The keyword this word is, unless it is quoted.
    fn keyword(&self) -> Option<(Keyword, &'static str, &'static str, Field)> {
        if self.quoted {
            None
        } else {
            keyword(&self.text)
        }
    }

    fn is_letters(&self) -> bool {
        !self.quoted && !self.text.is_empty() && self.text.bytes().all(|b| b.is_ascii_alphabetic())
    }

    /// `KEY=VALUE` split at the first `=` outside quotes, with the spans of
    /// key and value.
    fn pair(&self) -> Option<(Part<'_>, Part<'_>)> {
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
fn lex(src: &str) -> Result<Vec<Word>, QueryError> {
    let off = |rest: &str| src.len() - rest.len();
    let mut words = Vec::new();
    let mut rest = src;
    loop {
        let skipped: Lexed<'_, &str> = multispace0(rest);
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

// ---------------------------------------------------------------------------
// Clauses
// ---------------------------------------------------------------------------

struct Parser<'a> {
    src: &'a str,
    words: Vec<Word>,
    pos: usize,
    spec: RequestSpec,
    clauses: Vec<Clause>,
    principal: PrincipalDetails,
    /// Single-valued clauses already given (`as` and `from` count as one), with their spans.
    seen: Vec<(Field, Span)>,
}

impl Parser<'_> {
    fn error(&self, span: Span, message: impl Into<String>) -> QueryError {
        QueryError::new(self.src, span, message)
    }

    fn record(&mut self, field: Field, key: Option<&str>, span: Span) {
        self.clauses.push(Clause {
            field,
            key: key.map(str::to_owned),
            span,
        });
    }

    /// The optional method (or `grpc` / `tls`) and path at the start.
    fn method_and_path(&mut self) -> Result<(), QueryError> {
        let next_is_path =
            |p: &Self, at: usize| p.words.get(at).is_some_and(|w| w.text.starts_with('/'));
        if let Some(first) = self.words.first().filter(|w| w.is_letters()) {
            let path_follows = next_is_path(self, 1);
            if first.keyword().is_none() || path_follows {
                let span = first.span;
                let lower = first.text.to_ascii_lowercase();
                match lower.as_str() {
                    "grpc" => {
                        self.spec.protocol = Some(Protocol::Grpc.as_str().into());
                        self.spec.method = Some("POST".into());
                        self.once(Field::Protocol, span, "the protocol")?;
                    }
                    "tls" => {
                        self.spec.protocol = Some(Protocol::Tls.as_str().into());
                        self.once(Field::Protocol, span, "the protocol")?;
                    }
                    "http" | "https" => {
                        return Err(self
                            .error(span, format!("`{}` is a protocol, not a method", first.text))
                            .with_help(format!("write the method first and `protocol {lower}` later, as in `GET / protocol {lower}`")));
                    }
                    _ => {
                        let upper = first.text.to_ascii_uppercase();
                        if !path_follows && !METHODS.contains(&upper.as_str()) {
                            let mut candidates: Vec<&str> = KEYWORDS.iter().map(|k| k.1).collect();
                            candidates.extend(["grpc", "tls"]);
                            candidates.extend(METHODS);
                            if let Some(good) = best_match(&lower, &candidates) {
                                if !METHODS.contains(&good) {
                                    return Err(self
                                        .error(span, format!("unknown word `{}`", first.text))
                                        .with_help(format!("did you mean `{good}`?")));
                                }
                            }
                        }
                        self.spec.method = Some(upper);
                        self.record(Field::Method, None, span);
                    }
                }
                self.pos = 1;
            }
        }
        if let Some(word) = self.words.get(self.pos).filter(|w| w.text.starts_with('/')) {
            self.spec.path = Some(word.text.clone());
            let span = word.span;
            self.record(Field::Path, None, span);
            self.pos += 1;
        }
        Ok(())
    }

    /// A single-valued field given a second time is an error.
    fn once(&mut self, field: Field, span: Span, what: &str) -> Result<(), QueryError> {
        if let Some((_, first)) = self.seen.iter().find(|(f, _)| *f == field) {
            return Err(self
                .error(span, format!("{what} is given twice"))
                .with_label("given again here")
                .with_related(*first, "first given here")
                .with_help("give it once"));
        }
        self.seen.push((field, span));
        self.record(field, None, span);
        Ok(())
    }

    /// An unexpected word where a clause should start.
    fn unexpected(&self, word: &Word) -> QueryError {
        let err = self.error(word.span, format!("unknown word `{}`", word.text));
        if word.text.starts_with('/') {
            return self
                .error(
                    word.span,
                    format!("the path `{}` is out of place", word.text),
                )
                .with_help("the path comes first, after the method: `GET /rates as …`");
        }
        if !word.quoted && METHODS.iter().any(|m| m.eq_ignore_ascii_case(&word.text)) {
            return err.with_help("the method comes first: `GET /rates as …`");
        }
        let mut candidates: Vec<&str> = KEYWORDS.iter().map(|k| k.1).collect();
        if self.pos == 0 {
            candidates.extend(["grpc", "tls"]);
        }
        let name = word.pair().map_or(word.text.as_str(), |((k, _), _)| k);
        if !word.quoted && word.eq.is_none() {
            if let Some(good) = best_match(name, &candidates) {
                return err.with_help(format!("did you mean `{good}`?"));
            }
        }
        if word.eq.is_some() {
            return err.with_help(format!(
                "say what `{}` sets: `header {0}`, `query {0}`, `tag {0}`, `service-tag {0}` or `context {0}`",
                word.text
            ));
        }
        let list: Vec<String> = KEYWORDS.iter().map(|k| format!("`{}`", k.1)).collect();
        err.with_help(format!("a clause starts with {}", list.join(", ")))
    }

    fn clause(&mut self) -> Result<(), QueryError> {
        let Some(word) = self.words.get(self.pos) else {
            return Ok(());
        };
        let Some((kw, name, usage, field)) = word.keyword() else {
            return Err(self.unexpected(word));
        };
        let kw_span = word.span;
        let Some(value) = self.words.get(self.pos + 1) else {
            let end = self.src.len();
            return Err(self
                .error(Span::at(end), format!("`{name}` needs a value"))
                .with_label("expected a value")
                .with_related(kw_span, format!("`{name}`"))
                .with_help(format!("write `{usage}`")));
        };
        if let Some((_, other, _, _)) = value.keyword() {
            return Err(self
                .error(
                    value.span,
                    format!("`{name}` needs a value before `{other}`"),
                )
                .with_help(format!(
                    "write `{usage}`; quote a value spelt like a keyword: `\"{other}\"`"
                )));
        }
        self.pos += 2;
        let text = value.text.clone();
        let span = value.span;
        let single = |p: &mut Self, what: &str| p.once(field, span, what);
        match kw {
            Keyword::As | Keyword::From => {
                if kw == Keyword::From && !text.eq_ignore_ascii_case("anonymous") {
                    return Err(self
                        .error(span, "`from` takes only `anonymous`")
                        .with_help(format!("for a signed caller write `as {text}`")));
                }
                single(self, "the principal")?;
                self.principal.arn = Some(text);
            }
            Keyword::Vpc => {
                single(self, "the source VPC")?;
                self.spec.source_vpc = Some(text);
            }
            Keyword::VpcOwner => {
                single(self, "the source VPC owner")?;
                self.spec.source_vpc_owner_account = Some(text);
            }
            Keyword::Port => {
                let port = self.port(&text, span)?;
                single(self, "the port")?;
                self.spec.port = Some(port);
            }
            Keyword::Org => {
                single(self, "the organization")?;
                self.principal.org_id = Some(text);
            }
            Keyword::OrgPath => {
                self.record(field, None, span);
                self.principal
                    .org_paths
                    .get_or_insert_with(Vec::new)
                    .push(text);
            }
            Keyword::PrincipalType => {
                single(self, "the principal type")?;
                self.principal.kind = Some(text);
            }
            Keyword::RoleArn => {
                single(self, "the role ARN")?;
                self.principal.role_arn = Some(text);
            }
            Keyword::Service => {
                single(self, "the service")?;
                self.spec.service = Some(text);
            }
            Keyword::Network => {
                single(self, "the service network")?;
                self.spec.service_network = Some(text);
            }
            Keyword::Time => {
                single(self, "the time")?;
                self.spec.time = Some(text);
            }
            Keyword::Ip => {
                single(self, "the source IP")?;
                self.spec.source_ip = Some(text);
            }
            Keyword::Protocol => {
                let Some(protocol) = Protocol::from_name(&text) else {
                    let names = ["http", "https", "grpc", "tls"];
                    let help = match best_match(&text, &names) {
                        Some(good) => format!("did you mean `{good}`?"),
                        None => "the protocols are `http`, `https`, `grpc` and `tls`".to_owned(),
                    };
                    return Err(self
                        .error(span, format!("unknown protocol `{text}`"))
                        .with_help(help));
                };
                single(self, "the protocol")?;
                self.spec.protocol = Some(protocol.as_str().into());
            }
            Keyword::Header
            | Keyword::Query
            | Keyword::Tag
            | Keyword::ServiceTag
            | Keyword::Context => {
                self.pair_clause(kw, name, usage, field)?;
            }
            Keyword::ContextList | Keyword::Without => {
                self.context_key(kw, &text, span)?;
            }
        }
        Ok(())
    }

    fn port(&self, text: &str, span: Span) -> Result<i64, QueryError> {
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(self
                .error(span, format!("`{text}` is not a port number"))
                .with_help("a port is a number from 1 to 65535"));
        }
        match text.parse::<u16>() {
            Ok(port) if port > 0 => Ok(i64::from(port)),
            _ => Err(self
                .error(span, format!("port `{text}` is out of range"))
                .with_help("a port is a number from 1 to 65535")),
        }
    }

    /// `header`, `query`, `tag`, `service-tag` and `context`: `KEY=VALUE`.
    fn pair_clause(
        &mut self,
        kw: Keyword,
        name: &str,
        usage: &str,
        field: Field,
    ) -> Result<(), QueryError> {
        let Some(word) = self.pos.checked_sub(1).and_then(|i| self.words.get(i)) else {
            return Ok(());
        };
        let Some(((key, key_span), (value, _))) = word.pair() else {
            let help = match word.text.split_once('=') {
                Some((k, v)) if word.quoted => format!(
                    "an `=` inside quotes is part of the key or value; quote only the value: `{name} {}={}`",
                    crate::eval::request::quote(k),
                    crate::eval::request::quote(v)
                ),
                _ => format!("write `{usage}`"),
            };
            return Err(self
                .error(word.span, format!("expected `KEY=VALUE` after `{name}`"))
                .with_label("expected `KEY=VALUE`")
                .with_help(help));
        };
        if key.is_empty() {
            return Err(self
                .error(key_span, format!("the key before `=` in `{name}` is empty"))
                .with_help(format!("write `{usage}`")));
        }
        let (key, value, span) = (key.to_owned(), value.to_owned(), word.span);
        let twice = |p: &Self, first: Option<Span>, what: &str| {
            let err = p
                .error(key_span, format!("{what} `{key}` is given twice"))
                .with_label("given again here")
                .with_help(format!("give each {what} once"));
            match first {
                Some(first) => err.with_related(first, "first given here"),
                None => err,
            }
        };
        let first_span = |p: &Self, same: &dyn Fn(&str) -> bool| {
            p.clauses
                .iter()
                .find(|c| c.field == field && c.key.as_deref().is_some_and(same))
                .map(|c| c.span)
        };
        match kw {
            Keyword::Header => {
                if let Some(first) = first_span(self, &|k: &str| k.eq_ignore_ascii_case(&key)) {
                    return Err(twice(self, Some(first), "header"));
                }
                self.spec.headers.insert(key.clone(), value);
            }
            Keyword::Query => match self.spec.query.entry(key.clone()) {
                Entry::Vacant(e) => {
                    e.insert(Values::One(value));
                }
                Entry::Occupied(mut e) => e.get_mut().push(value),
            },
            Keyword::Tag | Keyword::ServiceTag => {
                let (tags, what) = if kw == Keyword::Tag {
                    (&self.principal.tags, "tag")
                } else {
                    (&self.spec.service_tags, "service tag")
                };
                if tags.contains_key(&key) {
                    let first = first_span(self, &|k: &str| k == key);
                    return Err(twice(self, first, what));
                }
                if kw == Keyword::Tag {
                    self.principal.tags.insert(key.clone(), value);
                } else {
                    self.spec.service_tags.insert(key.clone(), value);
                }
            }
            _ => {
                let stored = self.context_entry(&key, span)?;
                match self.spec.context.entry(stored.clone()) {
                    Entry::Occupied(mut e) => match e.get_mut() {
                        Some(values) => values.push(value),
                        slot => *slot = Some(Values::One(value)),
                    },
                    Entry::Vacant(e) => {
                        e.insert(Some(Values::One(value)));
                    }
                }
            }
        }
        self.record(field, Some(&key), span);
        Ok(())
    }

    /// The spelling under which a context key is stored: the first one
    /// written for the same key name; a key both set and removed is an error.
    fn context_entry(&self, key: &str, span: Span) -> Result<String, QueryError> {
        let normalized = normalize_key(key);
        let existing = self
            .spec
            .context
            .iter()
            .find(|(k, _)| normalize_key(k) == normalized);
        match existing {
            Some((k, None)) => {
                let first = self
                    .clauses
                    .iter()
                    .find(|c| c.field == Field::Context && c.key.as_deref() == Some(k.as_str()))
                    .map(|c| c.span);
                let err = self
                    .error(span, format!("context key `{key}` is both removed and set"))
                    .with_help("use either `without KEY` or `context KEY=VALUE`");
                Err(match first {
                    Some(first) => err.with_related(first, "removed here"),
                    None => err,
                })
            }
            Some((k, Some(_))) => Ok(k.clone()),
            None => Ok(key.to_owned()),
        }
    }

    /// `context-list KEY` and `without KEY`.
    fn context_key(&mut self, kw: Keyword, key: &str, span: Span) -> Result<(), QueryError> {
        if kw == Keyword::Without {
            let normalized = normalize_key(key);
            let set = self
                .spec
                .context
                .iter()
                .find(|(k, v)| v.is_some() && normalize_key(k) == normalized)
                .map(|(k, _)| k.clone());
            if let Some(k) = set {
                let first = self
                    .clauses
                    .iter()
                    .find(|c| c.field == Field::Context && c.key.as_deref() == Some(k.as_str()))
                    .map(|c| c.span);
                let err = self
                    .error(span, format!("context key `{key}` is both set and removed"))
                    .with_help("use either `without KEY` or `context KEY=VALUE`");
                return Err(match first {
                    Some(first) => err.with_related(first, "set here"),
                    None => err,
                });
            }
            let stored = self
                .spec
                .context
                .keys()
                .find(|k| normalize_key(k) == normalized)
                .cloned()
                .unwrap_or_else(|| key.to_owned());
            self.spec.context.insert(stored.clone(), None);
            self.record(Field::Context, Some(&stored), span);
            return Ok(());
        }
        let stored = self.context_entry(key, span)?;
        let entry = self
            .spec
            .context
            .entry(stored.clone())
            .or_insert_with(|| Some(Values::Many(Vec::new())));
        if let Some(Values::One(v)) = entry {
            *entry = Some(Values::Many(vec![std::mem::take(v)]));
        }
        self.record(Field::Context, Some(&stored), span);
        Ok(())
    }

    /// Checks what only the whole query shows, and builds the result.
    fn finish(mut self) -> Result<ParsedQuery, QueryError> {
        if self.spec.protocol.as_deref() == Some(Protocol::Tls.as_str()) {
            let http_only = [
                (Field::Method, "method"),
                (Field::Path, "path"),
                (Field::Headers, "headers"),
                (Field::Query, "query string"),
            ];
            let found = self.clauses.iter().find_map(|c| {
                http_only
                    .iter()
                    .find(|(f, _)| *f == c.field)
                    .map(|(_, what)| (c.span, *what))
            });
            if let Some((span, what)) = found {
                return Err(self
                    .error(span, format!("a TLS connection has no {what}"))
                    .with_help("Lattice passes TLS connections through without reading them, so only the port, service, network, VPC, time and anonymous caller apply (D9)"));
            }
        }
        let details = std::mem::take(&mut self.principal);
        if details != PrincipalDetails::default() {
            self.spec.principal = Some(match details {
                PrincipalDetails {
                    arn: Some(arn),
                    kind: None,
                    role_arn: None,
                    org_id: None,
                    org_paths: None,
                    tags,
                } if tags.is_empty() => PrincipalSpec::Name(arn),
                other => PrincipalSpec::Details(other),
            });
        }
        Ok(ParsedQuery {
            spec: self.spec,
            clauses: self.clauses,
        })
    }
}
