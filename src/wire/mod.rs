//! Requests from the wire: a raw HTTP/1.1 request as captured, or a curl
//! command line as people paste it, read into one [`WireRequest`] that
//! remembers where each part was written, and inspected for what VPC Lattice
//! checks before any policy is read: whether the request is signed, and
//! whether its SigV4 or SigV4A signature can pass authentication
//! ([`inspect`]).
//!
//! * [`http`] reads a raw request (request line, headers; the body is
//!   ignored), CRLF or LF line ends, within fixed bounds.
//! * [`curl`] splits a curl command line into words as a POSIX shell would
//!   (quotes, `\` line continuations) and reads the options that shape the
//!   request; options it does not know are kept as notes, not errors.
//! * [`inspect`] finds the signature (header or presigned query), reads it
//!   and reports each problem as a [`Finding`](crate::diagnostic::Finding)
//!   whose span is the exact header or query parameter in
//!   [`WireRequest::text`]; [`codes`] declares those codes for
//!   `policy explain`.
//! * [`account`] decodes the account an access key id belongs to, offline.
//!
//! Nothing here sends a request, and no secret is kept in a form that
//! prints: [`Secret`]'s `Debug` is masked.

pub mod account;
pub mod codes;
pub mod curl;
pub mod http;
pub mod inspect;
mod piece;
pub mod query;
pub mod spec;
mod words;

pub use piece::Piece;

use crate::span::Span;

/// Requests larger than this (raw HTTP text or a curl command line) are
/// refused before they are read: a request head is a few kilobytes.
pub const MAX_REQUEST_BYTES: usize = 1024 * 1024;
/// Headers after this many are refused, at the first one too many.
pub const MAX_HEADERS: usize = 1000;
/// A request line or header line longer than this is refused, where it starts.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// One header as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireHeader {
    /// The name, as written (case kept).
    pub name: Piece,
    /// The value, without the whitespace around it; a folded value (a line
    /// continued by lines starting with a space) keeps its line breaks.
    pub value: Piece,
    /// The whole header (`Name: value`), what a finding about it highlights.
    pub span: Span,
}

/// `http` or `https`, when the request says which.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// Plain HTTP.
    Http,
    /// HTTP over TLS.
    Https,
}

/// A secret access key given on a curl line (`--user KEY:SECRET`). Its
/// `Debug` never shows it; only a signer reads it, through [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(secret: String) -> Self {
        Secret(secret)
    }

    /// The secret itself, for signing. Never print it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(****)")
    }
}

/// What curl's `--aws-sigv4` and `--user` asked for: curl signs the request
/// when it sends it, so the signature is not in the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurlSigning {
    /// The provider string (`aws:amz:us-west-2:vpc-lattice-svcs`).
    pub provider: Piece,
    /// The region it names, when it names one.
    pub region: Option<String>,
    /// The signing name it names, when it names one.
    pub service: Option<String>,
    /// The access key id of `--user KEY:SECRET`, when given.
    pub access_key_id: Option<Piece>,
    /// The secret of `--user KEY:SECRET`, when given (never printed).
    pub secret: Option<Secret>,
    /// A session token curl was told to send (`-H 'x-amz-security-token: …'`).
    pub session_token: bool,
}

/// A request read from the wire: the raw material of a
/// [`RequestSpec`](crate::eval::RequestSpec) and of a signature check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireRequest {
    /// A name for the request text in messages (`request.http`, `curl`).
    pub name: String,
    /// The request text every span points into: the raw HTTP request, or
    /// the curl command line.
    pub text: String,
    /// The method, upper-cased as HTTP requires (`GET`); for curl, where it
    /// was given (`-X`), or where the URL is when it was implied.
    pub method: Piece,
    /// The path and raw query as written, `/path?a=1&b` (never
    /// percent-decoded): what a signer canonicalises.
    pub target: Piece,
    /// The headers in order, as written (repeats kept).
    pub headers: Vec<WireHeader>,
    /// The host, without its port (from the `Host` header, else the URL).
    pub host: Option<String>,
    /// The port, when the host or URL gives one.
    pub port: Option<u16>,
    /// The scheme, when the URL gives one (a raw request in origin form does not).
    pub scheme: Option<Scheme>,
    /// curl's own signing options, for a curl line with `--aws-sigv4`.
    pub curl_signing: Option<CurlSigning>,
    /// Things worth saying that are not problems with the request (curl
    /// options that do not shape it, a body that was ignored).
    pub notes: Vec<String>,
}

impl WireRequest {
    /// The path, without the query string.
    pub fn path(&self) -> &str {
        let t = self.target.value.as_str();
        t.split_once('?').map_or(t, |(p, _)| p)
    }

    /// The raw query string after `?` (empty when there is none), and its
    /// offset in [`WireRequest::target`].
    pub fn raw_query(&self) -> (&str, usize) {
        match self.target.value.split_once('?') {
            Some((path, query)) => (query, path.len() + 1),
            None => ("", self.target.value.len()),
        }
    }

    /// The query parameters, raw (not percent-decoded), each with the span
    /// of `name=value` in [`WireRequest::text`].
    pub fn query_params(&self) -> Vec<query::Param> {
        let (raw, offset) = self.raw_query();
        query::split(raw)
            .into_iter()
            .map(|(name, value, range)| query::Param {
                name: name.to_string(),
                value: value.to_string(),
                span: self
                    .target
                    .sub_span(range.start + offset..range.end + offset),
            })
            .collect()
    }

    /// The value of the first query parameter named `name` (any case),
    /// percent-decoded, with where each of its bytes was written.
    pub fn query_value(&self, name: &str) -> Option<Piece> {
        let (raw, offset) = self.raw_query();
        query::split(raw)
            .into_iter()
            .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
            .map(|(n, _, range)| {
                let start = offset + range.start + n.len() + 1;
                let end = (offset + range.end).max(start);
                query::decode_piece(&self.target.slice(start..end))
            })
    }

    /// The headers named `name` (any case), in order.
    pub fn headers_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a WireHeader> {
        self.headers
            .iter()
            .filter(move |h| h.name.value.eq_ignore_ascii_case(name))
    }

    /// The first header named `name` (any case).
    pub fn header(&self, name: &str) -> Option<&WireHeader> {
        self.headers
            .iter()
            .find(|h| h.name.value.eq_ignore_ascii_case(name))
    }
}

/// Why a request could not be read, with where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireError {
    /// What is wrong.
    pub message: String,
    /// Where, in the request text.
    pub span: Span,
    /// How to fix it, when that is not obvious.
    pub help: Option<String>,
}

impl WireError {
    pub(crate) fn new(span: Span, message: impl Into<String>) -> Self {
        WireError {
            message: message.into(),
            span,
            help: None,
        }
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for WireError {}

/// Splits `host[:port]` (or `[v6]:port`) into the host and its port.
pub(crate) fn split_host_port(authority: &str) -> (String, Option<Result<u16, ()>>) {
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if let Some(rest) = authority.strip_prefix('[') {
        if let Some((host, after)) = rest.split_once(']') {
            let port = after
                .strip_prefix(':')
                .map(|p| p.parse::<u16>().map_err(|_| ()));
            return (format!("[{host}]"), port);
        }
    }
    match authority.rsplit_once(':') {
        Some((host, port)) => (host.to_string(), Some(port.parse::<u16>().map_err(|_| ()))),
        None => (authority.to_string(), None),
    }
}
