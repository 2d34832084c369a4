//! Each field of a request checked, with its default applied.

use std::collections::BTreeMap;
use std::net::IpAddr;

use super::error::{Field, RequestError};
use super::spec::Values;
use super::Protocol;
use super::{DEFAULT_SOURCE_VPC, DEFAULT_SOURCE_VPC_OWNER_ACCOUNT};
use crate::eval::context::{normalize_key, ContextValue};
use crate::eval::time::Timestamp;
use crate::fuzzy::best_match;
use crate::keys::{self, Domain};

/// The error for a value outside its key's [`Domain`]: no request can carry
/// it, so the request is refused rather than evaluated.
pub(super) fn impossible(field: Field, value: &str, domain: Domain) -> RequestError {
    RequestError::invalid(
        field,
        format!(
            "`{}` `{value}` is impossible: {}",
            field.name(),
            domain.describe()
        ),
    )
    .with_help(format!("give a value such as `{}`", domain.example()))
}

/// `value` when its key's domain holds it.
pub(super) fn within(field: Field, value: String, domain: Domain) -> Result<String, RequestError> {
    if domain.contains(&value) {
        Ok(value)
    } else {
        Err(impossible(field, &value, domain))
    }
}

pub(super) fn protocol(
    protocol: Option<&str>,
    action: Option<&str>,
) -> Result<Protocol, RequestError> {
    let named = match protocol {
        None => None,
        Some(text) => Some(Protocol::from_name(text).ok_or_else(|| {
            let names: Vec<&str> = Protocol::ALL.iter().map(|p| p.as_str()).collect();
            let help = match best_match(text, &names) {
                Some(good) => format!("did you mean `{good}`?"),
                None => "the protocols are `HTTP`, `HTTPS`, `GRPC` and `TLS`".to_owned(),
            };
            RequestError::invalid(Field::Protocol, format!("unknown protocol `{text}`"))
                .with_help(help)
        })?),
    };
    let connect = match action {
        None => None,
        Some(text) => {
            let bare = text.strip_prefix("vpc-lattice-svcs:").unwrap_or(text);
            if bare.eq_ignore_ascii_case("invoke") {
                Some(false)
            } else if bare.eq_ignore_ascii_case("connect") {
                Some(true)
            } else {
                return Err(RequestError::invalid(
                    Field::Action,
                    format!("unknown action `{text}`"),
                )
                .with_help("the actions are `Invoke` (HTTP, HTTPS, gRPC) and `Connect` (TLS)"));
            }
        }
    };
    match (named, connect) {
        (None, None | Some(false)) => Ok(Protocol::Https),
        (None, Some(true)) => Ok(Protocol::Tls),
        (Some(Protocol::Tls), Some(false)) => Err(RequestError::invalid(
            Field::Action,
            "a TLS connection cannot be `Invoke`",
        )
        .with_help("TLS listeners are evaluated as `Connect` (decision `tls-connect-only`); leave out `action`")),
        (Some(p), Some(true)) if p != Protocol::Tls => Err(RequestError::invalid(
            Field::Action,
            format!(
                "`Connect` is the action of TLS connections, not of {} requests",
                p.as_str()
            ),
        )
        .with_help("only TLS listeners are evaluated as `Connect`; use `Invoke`")),
        (Some(p), _) => Ok(p),
    }
}

pub(super) fn method(method: Option<&str>, protocol: Protocol) -> Result<String, RequestError> {
    let Some(text) = method else {
        return Ok(if protocol == Protocol::Grpc {
            "POST"
        } else {
            "GET"
        }
        .to_owned());
    };
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(
            RequestError::invalid(Field::Method, format!("`{text}` is not a method"))
                .with_help("a method is a word of letters, such as `GET` or `POST`"),
        );
    }
    let upper = text.to_ascii_uppercase();
    if Protocol::from_name(&upper).is_some() {
        return Err(RequestError::invalid(
            Field::Method,
            format!("`{text}` is a protocol, not a method"),
        )
        .with_help("set the protocol with `protocol`"));
    }
    if protocol == Protocol::Grpc && upper != "POST" {
        return Err(RequestError::invalid(
            Field::Method,
            format!("a gRPC request cannot be `{upper}`"),
        )
        .with_help("gRPC requests are always `POST`; leave out the method"));
    }
    Ok(upper)
}

/// The path with a leading `/`, and its query string if it has one.
pub(super) fn path(path: Option<&str>) -> Result<(String, Option<String>), RequestError> {
    let text = path.unwrap_or("/");
    if let Some(c) = text.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(RequestError::invalid(
            Field::Path,
            format!("the path `{text}` holds {}", describe_char(c)),
        )
        .with_help("write a space as `%20`; the path is compared as written"));
    }
    let (path, query) = match text.split_once('?') {
        Some((p, q)) => (p, Some(q.to_owned())),
        None => (text, None),
    };
    let path = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    };
    Ok((path, query))
}

fn describe_char(c: char) -> String {
    if c == ' ' {
        "a space".to_owned()
    } else {
        format!("the character `{}`", c.escape_default())
    }
}

/// The path's query string then the `query` field, as sorted keys with values.
pub(super) fn query(
    from_path: Option<String>,
    field: BTreeMap<String, Values>,
) -> Result<Vec<(String, Vec<String>)>, RequestError> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for piece in from_path.iter().flat_map(|q| q.split('&')) {
        let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
        if !key.is_empty() {
            out.entry(key.to_owned())
                .or_default()
                .push(value.to_owned());
        }
    }
    for (key, values) in field {
        if key.is_empty() {
            return Err(RequestError::invalid(Field::Query, "a query key is empty"));
        }
        if values.as_slice().is_empty() {
            return Err(RequestError::invalid(
                Field::Query,
                format!("query key `{key}` has no values"),
            )
            .at_key(&key)
            .with_help("a query key has at least one value; `?a` gives `a` the empty value"));
        }
        out.entry(key)
            .or_default()
            .extend(values.as_slice().iter().cloned());
    }
    Ok(out.into_iter().collect())
}

/// True for a character HTTP allows in a header name (RFC 9110 `tchar`).
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

pub(super) fn headers(
    headers: BTreeMap<String, String>,
) -> Result<Vec<(String, String)>, RequestError> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in headers {
        if name.is_empty() || !name.chars().all(is_token_char) {
            return Err(RequestError::invalid(
                Field::Headers,
                format!("`{name}` is not a header name"),
            )
            .at_key(&name)
            .with_help("header names are letters, digits and `-`, as in `x-env`"));
        }
        let lower = name.to_ascii_lowercase();
        if out.contains_key(&lower) {
            return Err(RequestError::invalid(
                Field::Headers,
                format!("header `{lower}` is given twice"),
            )
            .at_key(&name)
            .with_help("header names are case-insensitive; give each header once"));
        }
        out.insert(lower, value);
    }
    Ok(out.into_iter().collect())
}

pub(super) fn port(port: Option<i64>, protocol: Protocol) -> Result<u16, RequestError> {
    match port {
        None => Ok(protocol.default_port()),
        Some(n) => u16::try_from(n)
            .ok()
            .filter(|p| Domain::Port.contains(&p.to_string()))
            .ok_or_else(|| impossible(Field::Port, &n.to_string(), Domain::Port)),
    }
}

/// A Lattice service or service network ARN, in its key's domain.
pub(super) fn arn_of(
    text: Option<String>,
    default: &str,
    field: Field,
    domain: Domain,
) -> Result<String, RequestError> {
    let Some(text) = text else {
        return Ok(default.to_owned());
    };
    if domain.contains(&text) {
        return Ok(text);
    }
    let mut error = impossible(field, &text, domain);
    if field == Field::Service && text.contains("/svc-") && text.rsplit('/').count() > 2 {
        error = error.with_help("give the path in `path`, not in the service ARN");
    }
    Err(error)
}

/// Tags: non-empty keys, values in the tag-value domain.
pub(super) fn tags(
    tags: BTreeMap<String, String>,
    field: Field,
) -> Result<Vec<(String, String)>, RequestError> {
    if tags.keys().any(String::is_empty) {
        return Err(RequestError::invalid(field, "a tag key is empty"));
    }
    if let Some((key, value)) = tags.iter().find(|(_, v)| !Domain::TagValue.contains(v)) {
        return Err(impossible(field, value, Domain::TagValue).at_key(key));
    }
    Ok(tags.into_iter().collect())
}

pub(super) fn source_vpc(vpc: Option<String>) -> Result<String, RequestError> {
    let vpc = vpc.unwrap_or_else(|| DEFAULT_SOURCE_VPC.to_owned());
    within(Field::SourceVpc, vpc, Domain::VpcId)
}

pub(super) fn vpc_owner(owner: Option<String>) -> Result<String, RequestError> {
    let owner = owner.unwrap_or_else(|| DEFAULT_SOURCE_VPC_OWNER_ACCOUNT.to_owned());
    within(Field::SourceVpcOwnerAccount, owner, Domain::Account)
}

/// The request's time, or `now` when it gives none. The instant must fall
/// in the years 0000 to 9999 in UTC, where `aws:CurrentTime` can write it
/// (an offset can move a time written in 9999 into 10000).
pub(super) fn time(time: Option<&str>, now: Timestamp) -> Result<Timestamp, RequestError> {
    let Some(text) = time else {
        return Ok(now);
    };
    let Some(instant) = Timestamp::parse_rfc3339(text) else {
        return Err(RequestError::invalid(
            Field::Time,
            format!("the time `{text}` is not an RFC 3339 timestamp"),
        )
        .with_help("write a time such as `2024-05-01T12:00:00Z` or `2024-05-01T14:00:00+02:00`"));
    };
    if !instant.is_writable() {
        return Err(RequestError::invalid(
            Field::Time,
            format!("the time `{text}` is {instant} in UTC, outside the years 0000 to 9999"),
        )
        .with_help("`aws:CurrentTime` holds a time in UTC with a four-digit year"));
    }
    Ok(instant)
}

pub(super) fn source_ip(ip: Option<String>) -> Result<Option<String>, RequestError> {
    match ip {
        Some(text) if text.parse::<IpAddr>().is_err() => Err(RequestError::invalid(
            Field::SourceIp,
            format!("`{text}` is not an IP address"),
        )
        .with_help(
            "give one IPv4 or IPv6 address, such as `203.0.113.7`, without a prefix length",
        )),
        other => Ok(other),
    }
}

/// The raw context entries with their values typed.
pub(super) fn overrides(
    context: BTreeMap<String, Option<Values>>,
) -> Result<Vec<(String, Option<ContextValue>)>, RequestError> {
    let mut out: Vec<(String, Option<ContextValue>)> = Vec::new();
    for (key, value) in context {
        let prefix_ok = key
            .split_once(':')
            .is_some_and(|(service, name)| !service.is_empty() && !name.is_empty());
        if !prefix_ok || key.contains(char::is_whitespace) {
            return Err(RequestError::invalid(
                Field::Context,
                format!("`{key}` is not a condition key"),
            )
            .at_key(&key)
            .with_help("condition keys look like `aws:SourceIp` or `vpc-lattice-svcs:Port`"));
        }
        let normalized = normalize_key(&key);
        if let Some((first, _)) = out.iter().find(|(k, _)| normalize_key(k) == normalized) {
            return Err(RequestError::invalid(
                Field::Context,
                format!("context key `{key}` is also given as `{first}`"),
            )
            .at_key(&key)
            .with_help("key names are case-insensitive; give each key once"));
        }
        // A value a request of the table's keys can never carry is refused
        // here as it is in the fields, so that raw context cannot make up an
        // impossible request.
        if let (Some(row), Some(v)) = (keys::lookup(&key), &value) {
            if let Some(bad) = v.as_slice().iter().find(|x| !row.domain.contains(x)) {
                return Err(RequestError::invalid(
                    Field::Context,
                    format!(
                        "`context` `{key}` `{bad}` is impossible: {}",
                        row.domain.describe()
                    ),
                )
                .at_key(&key)
                .with_help(format!(
                    "give a value such as `{}`, or leave the key to the request's fields",
                    row.domain.example()
                )));
            }
        }
        let value = value.map(|v| match v {
            Values::One(s) if !crate::catalog::is_multi_valued(&key) => ContextValue::Single(s),
            Values::One(s) => ContextValue::Multi(vec![s]),
            Values::Many(vs) => ContextValue::Multi(vs),
        });
        out.push((key, value));
    }
    Ok(out)
}
