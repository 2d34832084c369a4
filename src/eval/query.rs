//! The one-line what-if language: a request in a few words.
//!
//! ```
//! use lattice_policy::eval::{parse_query, Request, Timestamp};
//!
//! let parsed = parse_query("GET /rates as 111122223333 header x-env=prod port 8443").unwrap();
//! let now = Timestamp::parse_rfc3339("2024-05-01T12:00:00Z").unwrap();
//! let request = Request::resolve(parsed.spec, now).unwrap();
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
//! | `role-arn ARN` | a role session's role ARN, with its path (decision `session-principal-arn-without-path`) | no |
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
//! `without` have no field of their own in the JSON request file
//! (docs/requests.md), so that every request
//! can be written as a query ([`Request::describe`](crate::eval::Request::describe)).

mod error;
mod lexer;
mod parser;

/// docs/requests.md, compiled in: the one place the query grammar and the
/// request's defaults are written down ([`reference`]).
const REQUESTS_DOC: &str = include_str!("../../docs/requests.md");

/// The query grammar and the defaults of a request's fields, as
/// docs/requests.md gives them (its `ebnf` block and the request file with
/// every default), for `policy eval --help`.
pub fn reference() -> String {
    let block = |opening: &str| -> &str {
        REQUESTS_DOC
            .split_once(opening)
            .and_then(|(_, rest)| rest.split_once("```"))
            .map_or("", |(block, _)| block)
    };
    let indent = |text: &str| -> String {
        text.lines()
            .map(|l| format!("    {l}\n"))
            .collect::<String>()
    };
    format!(
        "Query grammar (docs/requests.md):\n\n{}\nA request's fields and their defaults, as a request file (`--request`) \
writes them (time: the current time):\n\n{}",
        indent(block("```ebnf\n")),
        indent(block("Every field, with its default:\n\n```json\n")),
    )
}

pub use error::QueryError;

use super::request::{Field, RequestError, RequestSpec};
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

/// A keyword, its spelling, its usage and the field it sets.
type KeywordInfo = (Keyword, &'static str, &'static str, Field);

/// Every keyword.
const KEYWORDS: [KeywordInfo; 21] = [
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

/// Common HTTP methods: a first word near one of these is a method, not a
/// misspelt keyword (and the methods an editor offers for
/// `vpc-lattice-svcs:RequestMethod`).
pub const METHODS: [&str; 9] = [
    "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
];

/// True when `word` is spelt like a clause keyword (in any case).
pub(crate) fn is_keyword(word: &str) -> bool {
    keyword(word).is_some()
}

fn keyword(word: &str) -> Option<KeywordInfo> {
    KEYWORDS
        .iter()
        .find(|(_, name, _, _)| name.eq_ignore_ascii_case(word))
        .copied()
}

/// Reads a one-line query (see the module docs).
pub fn parse_query(text: &str) -> Result<ParsedQuery, QueryError> {
    parser::parse(text, lexer::lex(text)?)
}
