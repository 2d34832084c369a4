//! Clauses: the words of a query to a request spec.

use std::collections::btree_map::Entry;

use super::lexer::Word;
use super::{Clause, Keyword, ParsedQuery, QueryError, KEYWORDS, METHODS};
use crate::eval::context::normalize_key;
use crate::eval::request::{Field, PrincipalDetails, PrincipalSpec, Protocol, RequestSpec, Values};
use crate::fuzzy::best_match;
use crate::span::Span;

/// Reads the words of query `src`.
pub(super) fn parse(src: &str, words: Vec<Word>) -> Result<ParsedQuery, QueryError> {
    let mut parser = Parser {
        src,
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
        // The range is the port's domain, which resolution checks (one
        // place for the query, request files and flags).
        text.parse::<i64>().map_err(|_| {
            self.error(span, format!("port `{text}` is out of range"))
                .with_help("a port is a number from 1 to 65535")
        })
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
                    .with_help("Lattice passes TLS connections through without reading them, so only the port, service, network, VPC, time and anonymous caller apply (decision `tls-connect-only`)"));
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
