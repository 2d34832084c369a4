//! The request as a user writes it: the JSON request file of docs/requests.md,
//! every field optional.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::error::RequestError;
use crate::eval::context::normalize_key;
use crate::fuzzy::best_match;

/// A request as written: every field optional, nothing checked yet.
/// [`Request::resolve`](super::Request::resolve) applies the defaults and
/// checks it. Field names are those of the JSON request file (docs/requests.md);
/// an unknown field is an error.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RequestSpec {
    /// Who sends the request; anonymous when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal: Option<PrincipalSpec>,
    /// `Invoke` or `Connect`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// `HTTP`, `HTTPS`, `GRPC` or `TLS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// The HTTP method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// The request path, possibly with a query string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Header names and values.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// Query-string keys and their values.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub query: BTreeMap<String, Values>,
    /// The listener port; checked by resolution, so any integer is read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i64>,
    /// The service ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// The service network ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_network: Option<String>,
    /// The service's tags (`aws:ResourceTag/<key>`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub service_tags: BTreeMap<String, String>,
    /// The VPC the request comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_vpc: Option<String>,
    /// The account that owns the source VPC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_vpc_owner_account: Option<String>,
    /// The time of the request, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// The caller's IP address (`aws:SourceIp`); `null` means none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_ip: Option<String>,
    /// Raw condition keys: a value overrides what the other fields produce,
    /// `None` (JSON `null`) removes the key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub context: BTreeMap<String, Option<Values>>,
}

/// One string, or an array of strings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Values {
    /// A single string.
    One(String),
    /// An array of strings.
    Many(Vec<String>),
}

impl Values {
    /// The strings, in order.
    pub fn as_slice(&self) -> &[String] {
        match self {
            Values::One(v) => std::slice::from_ref(v),
            Values::Many(vs) => vs,
        }
    }

    /// Adds `value`, turning a single string into an array.
    pub fn push(&mut self, value: String) {
        match self {
            Values::One(first) => *self = Values::Many(vec![std::mem::take(first), value]),
            Values::Many(vs) => vs.push(value),
        }
    }
}

impl<'de> Deserialize<'de> for Values {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValuesVisitor;

        impl<'de> Visitor<'de> for ValuesVisitor {
            type Value = Values;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an array of strings")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Values, E> {
                Ok(Values::One(v.to_owned()))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Values, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = seq.next_element::<String>()? {
                    out.push(v);
                }
                Ok(Values::Many(out))
            }
        }

        deserializer.deserialize_any(ValuesVisitor)
    }
}

/// The `principal` field: a string (`anonymous`, an account id, an ARN) or
/// an object whose fields fill the matching `aws:` keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum PrincipalSpec {
    /// `"anonymous"`, a 12-digit account id, or an IAM or STS ARN.
    Name(String),
    /// The object form.
    Details(PrincipalDetails),
}

/// The object form of `principal`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PrincipalDetails {
    /// What the string form would say: `anonymous`, an account id or an ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// `aws:PrincipalType`, overriding the one that follows from `arn`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// For a role session: the role's ARN, with its path (`aws:PrincipalArn`,
    /// decision `session-principal-arn-without-path`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// `aws:PrincipalOrgID`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<String>,
    /// `aws:PrincipalOrgPaths`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_paths: Option<Vec<String>>,
    /// `aws:PrincipalTag/<key>`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}

impl PrincipalSpec {
    /// The object form of either form.
    pub fn into_details(self) -> PrincipalDetails {
        match self {
            PrincipalSpec::Name(arn) => PrincipalDetails {
                arn: Some(arn),
                ..PrincipalDetails::default()
            },
            PrincipalSpec::Details(d) => d,
        }
    }
}

impl PrincipalDetails {
    /// Overrides the fields `other` sets; tags merge key by key.
    pub fn merge(&mut self, other: PrincipalDetails) {
        set(&mut self.arn, other.arn);
        set(&mut self.kind, other.kind);
        set(&mut self.role_arn, other.role_arn);
        set(&mut self.org_id, other.org_id);
        set(&mut self.org_paths, other.org_paths);
        self.tags.extend(other.tags);
    }
}

impl<'de> Deserialize<'de> for PrincipalSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PrincipalVisitor;

        impl<'de> Visitor<'de> for PrincipalVisitor {
            type Value = PrincipalSpec;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a principal string or an object with `arn`")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<PrincipalSpec, E> {
                Ok(PrincipalSpec::Name(v.to_owned()))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<PrincipalSpec, A::Error> {
                PrincipalDetails::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(PrincipalSpec::Details)
            }
        }

        deserializer.deserialize_any(PrincipalVisitor)
    }
}

fn set<T>(slot: &mut Option<T>, value: Option<T>) {
    if value.is_some() {
        *slot = value;
    }
}

/// The request file's field names, for suggestions.
const FIELDS: [&str; 16] = [
    "principal",
    "action",
    "protocol",
    "method",
    "path",
    "headers",
    "query",
    "port",
    "service",
    "serviceNetwork",
    "serviceTags",
    "sourceVpc",
    "sourceVpcOwnerAccount",
    "time",
    "sourceIp",
    "context",
];

/// The principal object's field names, for suggestions.
const PRINCIPAL_FIELDS: [&str; 6] = ["arn", "type", "roleArn", "orgId", "orgPaths", "tags"];

impl RequestSpec {
    /// Reads a JSON request file. Every field is optional; an unknown or
    /// misspelt field, or a value of the wrong type, is an error with its line
    /// and column.
    /// `null` for an optional field means the field is absent.
    pub fn from_json(text: &str) -> Result<RequestSpec, RequestError> {
        // serde would read a struct from an array too (by position); a request is an object.
        let body = text.trim_start_matches(['\u{feff}', ' ', '\t', '\n', '\r']);
        let kind = match body.bytes().next() {
            Some(b'[') => Some("an array"),
            Some(b'"') => Some("a string"),
            Some(b'-' | b'0'..=b'9') => Some("a number"),
            Some(b't' | b'f') => Some("a boolean"),
            Some(b'n') => Some("null"),
            _ => None,
        };
        if let Some(kind) = kind {
            let before = text.get(..text.len() - body.len()).unwrap_or("");
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            return Err(RequestError::Json {
                message: format!("a request must be a JSON object, not {kind}"),
                line,
                column,
                help: Some("write the request as `{\"path\": \"/rates\", ...}`".into()),
            });
        }
        serde_json::from_str(text).map_err(|e| json_error(&e))
    }

    /// Overrides `self` with what `other` sets: a field set in `other`
    /// replaces the same field here. Map fields merge key by key (a header
    /// name ignoring case, a context key as IAM compares key names); a query
    /// key's values are replaced as a whole. A `principal` string replaces the
    /// principal; a principal object overrides only the fields it sets.
    ///
    /// Used to lay command-line flags over a `--request` file over a query.
    pub fn merge(&mut self, other: RequestSpec) {
        if let Some(p) = other.principal {
            self.principal = Some(match (self.principal.take(), p) {
                (Some(old), PrincipalSpec::Details(new)) => {
                    let mut details = old.into_details();
                    details.merge(new);
                    PrincipalSpec::Details(details)
                }
                (_, p) => p,
            });
        }
        set(&mut self.action, other.action);
        set(&mut self.protocol, other.protocol);
        set(&mut self.method, other.method);
        set(&mut self.path, other.path);
        set(&mut self.port, other.port);
        set(&mut self.service, other.service);
        set(&mut self.service_network, other.service_network);
        set(&mut self.source_vpc, other.source_vpc);
        set(
            &mut self.source_vpc_owner_account,
            other.source_vpc_owner_account,
        );
        set(&mut self.time, other.time);
        set(&mut self.source_ip, other.source_ip);
        for (name, value) in other.headers {
            self.headers
                .retain(|old, _| !old.eq_ignore_ascii_case(&name));
            self.headers.insert(name, value);
        }
        self.query.extend(other.query);
        self.service_tags.extend(other.service_tags);
        for (key, value) in other.context {
            let normalized = normalize_key(&key).into_owned();
            self.context
                .retain(|old, _| normalize_key(old) != normalized.as_str());
            self.context.insert(key, value);
        }
    }
}

/// A serde error as a [`RequestError`], with a suggestion for a misspelt field.
fn json_error(e: &serde_json::Error) -> RequestError {
    let full = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&position).unwrap_or(&full);
    let unknown = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split_once('`'))
        .map(|(name, rest)| (name, rest.contains("`arn`")));
    let (message, help) = match unknown {
        Some((name, in_principal)) => {
            let (what, fields): (&str, &[&str]) = if in_principal {
                ("principal field", &PRINCIPAL_FIELDS)
            } else {
                ("request field", &FIELDS)
            };
            let help = match best_match(name, fields) {
                Some(good) => format!("did you mean `{good}`?"),
                None => format!(
                    "the fields are {}",
                    fields
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            (format!("unknown {what} `{name}`"), Some(help))
        }
        None => (message.to_owned(), None),
    };
    RequestError::Json {
        message: crate::diagnostic::tidy(message),
        line: e.line(),
        column: e.column(),
        help,
    }
}
