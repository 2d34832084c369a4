//! Invariants: "no request like this is ever allowed", written in the what-if
//! query language with wildcards and placeholders, for example
//! `GET /admin/* from anonymous` or `DELETE /* as any-account`.
//!
//! An invariant describes a set of requests. It is turned into a policy of
//! one `Allow` statement that applies to exactly those requests (method and
//! path as `StringLike` patterns, the caller as a `Principal` or a condition
//! on `aws:PrincipalType`, headers, query values, VPC and port as conditions),
//! and the analysis asks whether some request is allowed by both that policy
//! and the policy under check: it splits the request space by the patterns
//! of both, so the answer is exact.
//!
//! Placeholders: `as anyone` (any caller, signed or not; the same as leaving
//! the caller out), `as any-account` (any signed caller), a method of `*` or
//! `ANY`. `*` and `?` in the method, path, header, query, VPC and service
//! values are wildcards.

use serde_json::{json, Map, Value};

use crate::eval::query::{parse_query, QueryError};
use crate::eval::request::{PrincipalSpec, RequestSpec};
use crate::keys::Domain;
use crate::load::{load_str, LoadOptions};
use crate::model::Policy;

/// A parsed invariant.
#[derive(Clone, Debug)]
pub struct Invariant {
    /// The invariant as written.
    pub text: String,
    /// The policy whose `Allow` applies to exactly the requests it describes.
    pub policy: Policy,
}

/// Who an invariant is about.
enum Caller {
    Anyone,
    AnySigned,
    Given,
}

/// Why a pattern is not an invariant.
#[derive(Clone, Debug)]
pub struct InvalidInvariant {
    /// What is wrong, in one line, quoting the pattern.
    pub message: String,
    /// The query language's error, located in the pattern as written, when
    /// the pattern does not read as a query: `policy check` draws it with a
    /// caret and its help, as `policy eval` draws a bad query.
    pub query: Option<QueryError>,
}

impl Invariant {
    /// Parses `text`; the error says what is wrong with it.
    pub fn parse(text: &str) -> Result<Invariant, String> {
        Self::parse_located(text).map_err(|e| e.message)
    }

    /// [`Invariant::parse`], with the query error located in `text` when the
    /// pattern does not read as a query.
    pub fn parse_located(text: &str) -> Result<Invariant, InvalidInvariant> {
        let plain = |message: String| InvalidInvariant {
            message,
            query: None,
        };
        if text.trim().is_empty() {
            // An empty pattern would stand for every request: almost surely a
            // mistake (an unset variable in a CI script), never an invariant.
            return Err(plain(
                "the pattern is empty; write a what-if query such as `GET /admin/* from anonymous` (`* /* as anyone` is every request)"
                    .to_string(),
            ));
        }
        // Each word with its offset, so that what the placeholders leave can
        // be parsed in place: the query error then points into `text`.
        let mut words: Vec<(usize, &str)> = text
            .split_whitespace()
            .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
            .collect();
        let mut blanked = Vec::new();
        let mut caller = Caller::Given;
        if let Some(at) = words.windows(2).position(|w| {
            matches!(w, [(_, k), (_, v)] if (*k == "as" || *k == "from")
                && matches!(v.to_ascii_lowercase().as_str(), "anyone" | "any-account" | "anybody"))
        }) {
            let placeholder = words.get(at + 1).map(|(_, w)| w.to_ascii_lowercase());
            caller = if placeholder.as_deref() == Some("any-account") {
                Caller::AnySigned
            } else {
                Caller::Anyone
            };
            blanked.extend(words.drain(at..at + 2));
        }
        let mut any_method = false;
        if words
            .first()
            .is_some_and(|(_, w)| *w == "*" || w.eq_ignore_ascii_case("any"))
        {
            any_method = true;
            blanked.push(words.remove(0));
        }
        // The placeholders become spaces of the same length: every other
        // word keeps its offset.
        let mut rest = text.to_owned();
        for (at, word) in blanked {
            rest.replace_range(at..at + word.len(), &" ".repeat(word.len()));
        }
        let spec = if rest.trim().is_empty() {
            RequestSpec::default()
        } else {
            parse_query(&rest)
                .map_err(|e| InvalidInvariant {
                    message: format!("invalid invariant `{text}`: {e}"),
                    query: Some(e.in_text(text)),
                })?
                .spec
        };
        Self::from_spec(text, spec, caller, any_method).map_err(plain)
    }

    /// The requests `spec` describes, each field it leaves out standing for
    /// every value it can take (the method too, when it names none): the
    /// requests a 403 message may stand for (`policy eval --from-error`).
    /// `text` names the set in messages.
    pub fn from_request(text: &str, spec: RequestSpec) -> Result<Invariant, String> {
        let any_method = spec.method.is_none();
        Self::from_spec(text, spec, Caller::Given, any_method)
    }

    /// The invariant the query part `spec` of `text` describes, with its caller placeholder and method.
    fn from_spec(
        text: &str,
        spec: RequestSpec,
        caller: Caller,
        any_method: bool,
    ) -> Result<Invariant, String> {
        if let Some(principal) = &spec.principal {
            // The query reads the caller as text; resolving it checks its
            // form. Its organization and tags are patterns here (`org o-a*`),
            // held to their keys' domains as patterns: one no value of the
            // domain matches describes no request.
            let mut details = principal.clone().into_details();
            for (what, domain, value) in details
                .org_id
                .iter()
                .map(|o| ("organization", Domain::OrgId, o))
                .chain(
                    details
                        .tags
                        .values()
                        .map(|v| ("tag value", Domain::TagValue, v)),
                )
            {
                if !domain.admits(value, true, false) {
                    return Err(format!(
                        "invalid invariant `{text}`: no {what} matches `{value}`: {}",
                        domain.describe()
                    ));
                }
            }
            // What is left to check is the rest of the caller, with a value
            // of each domain standing for the patterns.
            if let Some(org) = details.org_id.as_mut() {
                *org = Domain::OrgId.example().to_owned();
            }
            for value in details.tags.values_mut() {
                *value = Domain::TagValue.example().to_owned();
            }
            let only = RequestSpec {
                principal: Some(PrincipalSpec::Details(details)),
                ..RequestSpec::default()
            };
            crate::eval::Request::resolve(only, super::CHECK_TIME)
                .map_err(|e| format!("invalid invariant `{text}`: {e}"))?;
        }
        let anonymous_given = matches!(caller, Caller::Given)
            && spec.principal.is_none()
            && (text.contains(" from anonymous") || text.contains(" as anonymous"));
        let statement = statement(&spec, &caller, any_method, anonymous_given)?;
        let document = json!({"Version": "2012-10-17", "Statement": [statement]});
        let loaded = load_str("<invariant>", &document.to_string(), LoadOptions::default());
        match loaded.policy {
            Some(policy) if !loaded.has_errors() => Ok(Invariant {
                text: text.to_owned(),
                policy,
            }),
            _ => Err(format!(
                "invalid invariant `{text}`: {}",
                loaded.findings.first().map_or_else(
                    || "it describes no request".to_owned(),
                    |f| f.message.clone()
                )
            )),
        }
    }
}

fn statement(
    spec: &RequestSpec,
    caller: &Caller,
    any_method: bool,
    anonymous: bool,
) -> Result<Value, String> {
    let mut like = Map::new();
    let mut equals = Map::new();
    let mut principal = json!("*");
    let tls = spec
        .protocol
        .as_deref()
        .is_some_and(|p| p.eq_ignore_ascii_case("tls"));
    if let Some(method) = spec.method.as_ref().filter(|_| !any_method) {
        like.insert("vpc-lattice-svcs:RequestMethod".into(), json!(method));
    }
    if let Some(path) = &spec.path {
        like.insert("vpc-lattice-svcs:RequestPath".into(), json!(path));
    }
    for (name, value) in &spec.headers {
        like.insert(
            format!("vpc-lattice-svcs:RequestHeader/{name}"),
            json!(value),
        );
    }
    if let Some(vpc) = &spec.source_vpc {
        like.insert("vpc-lattice-svcs:SourceVpc".into(), json!(vpc));
    }
    if let Some(owner) = &spec.source_vpc_owner_account {
        like.insert(
            "vpc-lattice-svcs:SourceVpcOwnerAccount".into(),
            json!(owner),
        );
    }
    if let Some(service) = &spec.service {
        like.insert("vpc-lattice-svcs:ServiceArn".into(), json!(service));
    }
    if let Some(network) = &spec.service_network {
        like.insert("vpc-lattice-svcs:ServiceNetworkArn".into(), json!(network));
    }
    for (key, value) in &spec.service_tags {
        like.insert(format!("aws:ResourceTag/{key}"), json!(value));
    }
    let mut numeric = Map::new();
    if let Some(port) = spec.port {
        // The query leaves a port's range to its domain.
        if !Domain::Port.contains(&port.to_string()) {
            return Err(format!(
                "no request has port `{port}`: {}",
                Domain::Port.describe()
            ));
        }
        numeric.insert("vpc-lattice-svcs:Port".into(), json!(port.to_string()));
    }
    let mut any_value = Map::new();
    for (key, values) in &spec.query {
        any_value.insert(
            format!("vpc-lattice-svcs:RequestQueryString/{key}"),
            json!(values.as_slice()),
        );
    }
    match (caller, &spec.principal) {
        (Caller::Anyone, _) => {}
        (Caller::AnySigned, _) => {
            equals.insert("aws:PrincipalType".into(), json!("Anonymous"));
        }
        (Caller::Given, None) if anonymous => {
            like.insert("aws:PrincipalType".into(), json!("Anonymous"));
        }
        (Caller::Given, None) => {}
        (Caller::Given, Some(p)) => {
            let details = p.clone().into_details();
            let arn = details.arn.clone().unwrap_or_default();
            if arn.eq_ignore_ascii_case("anonymous") {
                like.insert("aws:PrincipalType".into(), json!("Anonymous"));
            } else {
                principal = json!({"AWS": arn});
            }
            if let Some(org) = &details.org_id {
                like.insert("aws:PrincipalOrgID".into(), json!(org));
            }
            for (key, value) in &details.tags {
                like.insert(format!("aws:PrincipalTag/{key}"), json!(value));
            }
            if details.kind.is_some() || details.role_arn.is_some() || details.org_paths.is_some() {
                return Err("an invariant names the caller by `as`, `org` and `tag` only".into());
            }
        }
    }
    if spec.time.is_some() || spec.source_ip.is_some() || !spec.context.is_empty() {
        return Err(
            "an invariant cannot constrain the time, the source IP or raw context keys".into(),
        );
    }
    let mut condition = Map::new();
    if !like.is_empty() {
        condition.insert("StringLike".into(), Value::Object(like));
    }
    if !equals.is_empty() {
        condition.insert("StringNotEquals".into(), Value::Object(equals));
    }
    if !numeric.is_empty() {
        condition.insert("NumericEquals".into(), Value::Object(numeric));
    }
    if !any_value.is_empty() {
        condition.insert("ForAnyValue:StringLike".into(), Value::Object(any_value));
    }
    let action = if tls {
        "vpc-lattice-svcs:Connect"
    } else if spec.method.is_some() || spec.path.is_some() || !spec.query.is_empty() {
        "vpc-lattice-svcs:Invoke"
    } else {
        "*"
    };
    let mut statement = json!({
        "Effect": "Allow",
        "Principal": principal,
        "Action": action,
        "Resource": "*",
    });
    if !condition.is_empty() {
        if let Some(object) = statement.as_object_mut() {
            object.insert("Condition".into(), Value::Object(condition));
        }
    }
    Ok(statement)
}
