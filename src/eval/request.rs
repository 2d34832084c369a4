//! A request to a Lattice service: who sends it, what it asks for, and the
//! condition keys it supplies.
//!
//! A [`RequestSpec`] is the request as written (a JSON request file, a
//! one-line [query](crate::eval::query), command-line flags, merged with
//! [`RequestSpec::merge`]); [`Request::resolve`] applies the defaults of
//! CONTRACT.md, checks every field and builds the [`Context`] once.
//!
//! # Defaults
//!
//! principal `anonymous`; action `Invoke`; protocol `HTTPS`; method `GET`;
//! path `/`; port 443 (80 for `HTTP`); service [`DEFAULT_SERVICE`]; service
//! network [`DEFAULT_SERVICE_NETWORK`]; source VPC [`DEFAULT_SOURCE_VPC`]
//! owned by [`DEFAULT_SOURCE_VPC_OWNER_ACCOUNT`]; time: the `now` the caller
//! passes (the library reads no clock); no source IP.
//!
//! # Fields
//!
//! * **principal** (SEMANTICS.md §1.3–§1.4, D23): `anonymous` (any case); a
//!   12-digit account id or `arn:aws:iam::A:root` (the root user); an IAM
//!   user `arn:aws:iam::A:user/[path/]N`; a role `arn:aws:iam::A:role/[path/]R`,
//!   meaning a session of it named [`DEFAULT_SESSION_NAME`]; a role session
//!   `arn:aws:sts::A:assumed-role/R/S`, whose `aws:PrincipalArn` is
//!   `arn:aws:iam::A:role/R` (the session ARN does not carry the role's path;
//!   give `roleArn` for that); a federated user `arn:aws:sts::A:federated-user/N`.
//!   Other partitions (`aws-cn`, `aws-us-gov`) work alike. The object form's
//!   `type` replaces `aws:PrincipalType` (D19: another value is used as given),
//!   `roleArn` gives a session's role ARN, `orgId`, `orgPaths` and `tags` fill
//!   the organization and tag keys. Organization paths must start with the
//!   organization id.
//! * **User ids** are made up, since only AWS knows the real ones: an IAM
//!   user's `aws:userid` is `AIDA` and a role's is `AROA`, followed by 17
//!   characters of `A`–`Z`, `2`–`7` computed from the account and the user or
//!   role name, so the same principal always has the same id (a role
//!   session's id then has `:` and the session name). The root user's is the
//!   account id, a federated user's `ACCOUNT:NAME` (§1.4).
//! * **action** and **protocol**: `Invoke` or `Connect`, `HTTP`, `HTTPS`,
//!   `GRPC` or `TLS`, in any case. `TLS` means `Connect` and `Connect` means
//!   `TLS` (D9); other pairs are errors.
//! * **method**: letters only, upper-cased. gRPC requests are always `POST`
//!   (another method is an error).
//! * **path**: taken as written, without percent-decoding or normalisation
//!   (D3); a `/` is put in front when missing. A query string (`/x?a=1&a=2&b`)
//!   is split off and its values put before those of `query` for the same
//!   key; `b` without `=` has the empty value, empty pieces (`&&`) are
//!   skipped. Query keys and values are **not** percent-decoded or `+`-decoded
//!   either: they are compared as written.
//! * **headers**: names are case-insensitive and stored lower-cased; the same
//!   name twice (in different cases) is an error.
//! * **TLS**: a TLS listener passes bytes it cannot read, so a TLS request has
//!   no method, path, headers or query, and its caller is anonymous whatever
//!   the request claims (D9). Those fields are checked and then ignored.
//!
//! # Condition keys
//!
//! What [`Request::context`] holds, in this order. "HTTP" means HTTP and
//! HTTPS listeners; a key not marked for TLS is absent from TLS requests
//! (D9). The request's raw `context` entries are applied last: a value
//! replaces the key's value (or adds the key), `null` removes it.
//!
//! | Key | Value | Present |
//! |---|---|---|
//! | `vpc-lattice-svcs:Port` | the port | always (TLS too) |
//! | `vpc-lattice-svcs:RequestMethod` | the method; `POST` for gRPC | HTTP, gRPC |
//! | `vpc-lattice-svcs:RequestPath` | the path without its query string (D5) | HTTP, gRPC |
//! | `vpc-lattice-svcs:RequestHeader/<name>` | the header's value; name lower-cased (D6) | HTTP, gRPC; one per header |
//! | `vpc-lattice-svcs:RequestQueryString/<key>` | the key's values, multi-valued | HTTP (not gRPC, §1.6); one per key |
//! | `vpc-lattice-svcs:ServiceArn` | the service ARN | always (TLS too) |
//! | `vpc-lattice-svcs:ServiceNetworkArn` | the service network ARN | always (TLS too) |
//! | `vpc-lattice-svcs:SourceVpc` | the source VPC | always (TLS too) |
//! | `vpc-lattice-svcs:SourceVpcOwnerAccount` | the VPC's owner | always (TLS too) |
//! | `aws:PrincipalType` | `Anonymous`, `Account`, `User`, `AssumedRole`, `FederatedUser` or the request's `type` | always (TLS too) |
//! | `aws:PrincipalAccount` | the principal's account; `anonymous` for anonymous callers | always (TLS too) |
//! | `aws:PrincipalArn` | root, user, role (for a session) or federated-user ARN | signed callers |
//! | `aws:PrincipalOrgID` | the organization id | signed callers with `orgId` |
//! | `aws:PrincipalOrgPaths` | the organization paths, multi-valued | signed callers with `orgPaths` |
//! | `aws:PrincipalTag/<key>` | the tag's value | signed callers; one per tag |
//! | `aws:PrincipalIsAWSService` | `false` | signed callers |
//! | `aws:userid` | see User ids above; `anonymous` for anonymous callers | HTTP, gRPC |
//! | `aws:username` | the user name | IAM users |
//! | `aws:ResourceTag/<key>` | the service tag's value | HTTP, gRPC; one per `serviceTags` entry |
//! | `aws:CurrentTime` | the time as written | always (TLS too) |
//! | `aws:EpochTime` | the time in whole seconds since 1970 | always (TLS too) |
//! | `aws:SecureTransport` | `true` for HTTPS and gRPC, `false` for HTTP | HTTP, gRPC |
//! | `aws:SourceIp` | the source IP address | HTTP, gRPC, when `sourceIp` is given |
//!
//! The keys kept for TLS are those SEMANTICS.md §3.2 says every request has
//! whoever sends it: `aws:PrincipalType` and `aws:PrincipalAccount` (as for
//! any anonymous caller), `aws:CurrentTime` and `aws:EpochTime`. The caller is
//! anonymous on TLS, so no principal key follows; `aws:userid`,
//! `aws:SecureTransport`, `aws:SourceIp` and `aws:ResourceTag/*` are left out
//! as D9 lists only the five Lattice keys; a request that needs one gives it as
//! raw context.
//!
//! Raw context values: a string is single-valued and an array multi-valued,
//! except that the multi-valued keys ([`keys::is_multi_valued`]) are always
//! multi-valued.

mod error;
pub mod keys;
mod principal;
mod spec;

use std::collections::BTreeMap;
use std::net::IpAddr;

pub use error::{Field, RequestError};
pub use principal::DEFAULT_SESSION_NAME;
pub use spec::{PrincipalDetails, PrincipalSpec, RequestSpec, Values};

use super::caller::{Caller, Principal};
use super::context::{normalize_key, Context, ContextValue};
use super::time::rfc3339_epoch;
use crate::fuzzy::best_match;

/// The service a request goes to when it names none.
pub const DEFAULT_SERVICE: &str =
    "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0";
/// The service network a request goes through when it names none.
pub const DEFAULT_SERVICE_NETWORK: &str =
    "arn:aws:vpc-lattice:us-west-2:123456789012:servicenetwork/sn-0123456789abcdef0";
/// The VPC a request comes from when it names none.
pub const DEFAULT_SOURCE_VPC: &str = "vpc-0123456789abcdef0";
/// The owner of the source VPC when the request names none.
pub const DEFAULT_SOURCE_VPC_OWNER_ACCOUNT: &str = "123456789012";

/// The action of HTTP, HTTPS and gRPC requests.
pub const INVOKE: &str = "vpc-lattice-svcs:Invoke";
/// The action of TLS connections (D9).
pub const CONNECT: &str = "vpc-lattice-svcs:Connect";

/// The listener protocol a request arrives on (SEMANTICS.md §1.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Protocol {
    /// Plain HTTP.
    Http,
    /// HTTP over TLS that Lattice terminates.
    Https,
    /// gRPC (over HTTPS).
    Grpc,
    /// TLS passthrough: Lattice sees a connection, not requests.
    Tls,
}

impl Protocol {
    /// Every protocol.
    pub const ALL: [Protocol; 4] = [
        Protocol::Http,
        Protocol::Https,
        Protocol::Grpc,
        Protocol::Tls,
    ];

    /// `HTTP`, `HTTPS`, `GRPC` or `TLS`.
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Http => "HTTP",
            Protocol::Https => "HTTPS",
            Protocol::Grpc => "GRPC",
            Protocol::Tls => "TLS",
        }
    }

    /// The protocol named `text`, in any case.
    pub fn from_name(text: &str) -> Option<Protocol> {
        Protocol::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(text))
    }

    /// The port a request uses when it names none: 80 for HTTP, else 443.
    pub fn default_port(self) -> u16 {
        match self {
            Protocol::Http => 80,
            _ => 443,
        }
    }
}

/// A checked request with its defaults applied and its condition keys built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    caller: Caller,
    protocol: Protocol,
    method: Option<String>,
    path: Option<String>,
    headers: Vec<(String, String)>,
    query: Vec<(String, Vec<String>)>,
    port: u16,
    service: String,
    service_network: String,
    service_tags: Vec<(String, String)>,
    source_vpc: String,
    source_vpc_owner_account: String,
    time: String,
    epoch_time: i64,
    source_ip: Option<String>,
    overrides: Vec<(String, Option<ContextValue>)>,
    resource: String,
    context: Context,
}

impl Request {
    /// Applies the defaults to `spec`, checks it and builds its context.
    /// `now` is the current time in RFC 3339, used when `spec` gives no
    /// `time`.
    pub fn resolve(spec: RequestSpec, now: &str) -> Result<Request, RequestError> {
        let protocol = protocol(spec.protocol.as_deref(), spec.action.as_deref())?;
        let tls = protocol == Protocol::Tls;
        let method = method(spec.method.as_deref(), protocol)?;
        let (path, path_query) = path(spec.path.as_deref())?;
        let query = query(path_query, spec.query)?;
        let headers = headers(spec.headers)?;
        let port = port(spec.port, protocol)?;
        let service = arn_of(
            spec.service,
            DEFAULT_SERVICE,
            Field::Service,
            "service/svc-",
        )?;
        let service_network = arn_of(
            spec.service_network,
            DEFAULT_SERVICE_NETWORK,
            Field::ServiceNetwork,
            "servicenetwork/sn-",
        )?;
        let service_tags = tags(spec.service_tags, Field::ServiceTags)?;
        let source_vpc = source_vpc(spec.source_vpc)?;
        let source_vpc_owner_account = vpc_owner(spec.source_vpc_owner_account)?;
        let (time, epoch_time) = time(spec.time, now)?;
        let source_ip = source_ip(spec.source_ip)?;
        let caller = principal::resolve(spec.principal)?;
        let overrides = overrides(spec.context)?;
        let mut request = Request {
            caller: if tls { Caller::Anonymous } else { caller },
            protocol,
            method: (!tls).then_some(method),
            path: (!tls).then(|| path.clone()),
            headers: if tls { Vec::new() } else { headers },
            query: if tls { Vec::new() } else { query },
            port,
            resource: if tls {
                service.clone()
            } else {
                format!("{service}{path}")
            },
            service,
            service_network,
            service_tags,
            source_vpc,
            source_vpc_owner_account,
            time,
            epoch_time,
            source_ip,
            overrides,
            context: Context::new(),
        };
        request.context = request.build_context();
        Ok(request)
    }

    /// Who sends the request (anonymous for TLS, D9).
    pub fn caller(&self) -> &Caller {
        &self.caller
    }

    /// `vpc-lattice-svcs:Invoke`, or `vpc-lattice-svcs:Connect` for TLS.
    pub fn action(&self) -> &'static str {
        match self.protocol {
            Protocol::Tls => CONNECT,
            _ => INVOKE,
        }
    }

    /// The resource ARN: the service ARN and the path without its query
    /// string for `Invoke` (D3), the bare service ARN for `Connect` (D9).
    pub fn resource(&self) -> &str {
        &self.resource
    }

    /// The condition keys the request supplies (see the module docs).
    pub fn context(&self) -> &Context {
        &self.context
    }

    /// The listener protocol.
    pub fn protocol(&self) -> Protocol {
        self.protocol
    }

    /// The method, upper-cased; `None` for TLS.
    pub fn method(&self) -> Option<&str> {
        self.method.as_deref()
    }

    /// The path without its query string; `None` for TLS.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// Header names (lower-cased) and values, by name.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// Query-string keys and their values, by key.
    pub fn query(&self) -> &[(String, Vec<String>)] {
        &self.query
    }

    /// The destination port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The service ARN.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// The service network ARN.
    pub fn service_network(&self) -> &str {
        &self.service_network
    }

    /// The service's tags, by key.
    pub fn service_tags(&self) -> &[(String, String)] {
        &self.service_tags
    }

    /// The VPC the request comes from.
    pub fn source_vpc(&self) -> &str {
        &self.source_vpc
    }

    /// The account that owns the source VPC.
    pub fn source_vpc_owner_account(&self) -> &str {
        &self.source_vpc_owner_account
    }

    /// The time of the request as written (RFC 3339).
    pub fn time(&self) -> &str {
        &self.time
    }

    /// The time of the request in whole seconds since 1970-01-01T00:00:00Z.
    pub fn epoch_time(&self) -> i64 {
        self.epoch_time
    }

    /// The source IP address, when given.
    pub fn source_ip(&self) -> Option<&str> {
        self.source_ip.as_deref()
    }

    /// The raw context entries, by key as written: a value, or `None` for a
    /// removed key.
    pub fn context_overrides(&self) -> &[(String, Option<ContextValue>)] {
        &self.overrides
    }

    /// The request as a one-line query (see [`crate::eval::query`]) that
    /// resolves to an equal request, for example
    /// `GET /rates as arn:aws:iam::111122223333:role/ops vpc vpc-0123456789abcdef0 port 443 time 2024-05-01T12:00:00Z`.
    /// The method, path, caller, VPC, port and time are always given; other
    /// fields only when they differ from the defaults.
    pub fn describe(&self) -> String {
        let mut words: Vec<String> = Vec::new();
        match (self.protocol, &self.method) {
            (Protocol::Grpc, _) => words.push("grpc".into()),
            (Protocol::Tls, _) => words.push("tls".into()),
            (_, Some(method)) => words.push(method.clone()),
            (_, None) => {}
        }
        if let Some(path) = &self.path {
            words.push(quote(path));
        }
        self.describe_caller(&mut words);
        for (name, value) in &self.headers {
            words.push(format!("header {}", pair(name, value)));
        }
        for (key, values) in &self.query {
            for value in values {
                words.push(format!("query {}", pair(key, value)));
            }
        }
        if self.protocol == Protocol::Http {
            words.push("protocol http".into());
        }
        words.push(format!("vpc {}", quote(&self.source_vpc)));
        if self.source_vpc_owner_account != DEFAULT_SOURCE_VPC_OWNER_ACCOUNT {
            words.push(format!(
                "vpc-owner {}",
                quote(&self.source_vpc_owner_account)
            ));
        }
        words.push(format!("port {}", self.port));
        if self.service != DEFAULT_SERVICE {
            words.push(format!("service {}", quote(&self.service)));
        }
        if self.service_network != DEFAULT_SERVICE_NETWORK {
            words.push(format!("network {}", quote(&self.service_network)));
        }
        for (key, value) in &self.service_tags {
            words.push(format!("service-tag {}", pair(key, value)));
        }
        if let Some(ip) = &self.source_ip {
            words.push(format!("ip {}", quote(ip)));
        }
        words.push(format!("time {}", quote(&self.time)));
        for (key, value) in &self.overrides {
            match value {
                None => words.push(format!("without {}", quote(key))),
                Some(ContextValue::Single(v)) => words.push(format!("context {}", pair(key, v))),
                Some(ContextValue::Multi(vs)) => {
                    if vs.is_empty() || (vs.len() == 1 && !keys::is_multi_valued(key)) {
                        words.push(format!("context-list {}", quote(key)));
                    }
                    for v in vs {
                        words.push(format!("context {}", pair(key, v)));
                    }
                }
            }
        }
        words.join(" ")
    }

    fn describe_caller(&self, words: &mut Vec<String>) {
        let p = match &self.caller {
            Caller::Anonymous => {
                words.push("from anonymous".into());
                return;
            }
            Caller::Authenticated(p) => p,
        };
        let default_session = p
            .session_arn
            .as_deref()
            .is_some_and(|s| s.ends_with(&format!("/{DEFAULT_SESSION_NAME}")));
        let name = match &p.session_arn {
            Some(_) if default_session => p.arn.clone(),
            Some(session) => session.clone(),
            None if p.arn.ends_with(":root") && p.arn.starts_with("arn:aws:") => p.account.clone(),
            None => p.arn.clone(),
        };
        words.push(format!("as {}", quote(&name)));
        if let Ok(plain) = principal::parse(&name) {
            if plain.kind != p.kind {
                words.push(format!("principal-type {}", quote(p.kind.as_str())));
            }
            if plain.arn != p.arn {
                words.push(format!("role-arn {}", quote(&p.arn)));
            }
        }
        if let Some(org) = &p.org_id {
            words.push(format!("org {}", quote(org)));
        }
        for path in &p.org_paths {
            words.push(format!("org-path {}", quote(path)));
        }
        for (key, value) in &p.tags {
            words.push(format!("tag {}", pair(key, value)));
        }
    }

    fn build_context(&self) -> Context {
        let mut ctx = Context::new();
        let one = |v: &str| ContextValue::Single(v.to_owned());
        let tls = self.protocol == Protocol::Tls;
        ctx.insert(keys::PORT, one(&self.port.to_string()));
        if let Some(method) = &self.method {
            ctx.insert(keys::REQUEST_METHOD, one(method));
        }
        if let Some(path) = &self.path {
            ctx.insert(keys::REQUEST_PATH, one(path));
        }
        for (name, value) in &self.headers {
            ctx.insert(&format!("{}{name}", keys::REQUEST_HEADER), one(value));
        }
        if matches!(self.protocol, Protocol::Http | Protocol::Https) {
            for (key, values) in &self.query {
                let name = format!("{}{key}", keys::REQUEST_QUERY_STRING);
                ctx.insert(&name, ContextValue::Multi(values.clone()));
            }
        }
        ctx.insert(keys::SERVICE_ARN, one(&self.service));
        ctx.insert(keys::SERVICE_NETWORK_ARN, one(&self.service_network));
        ctx.insert(keys::SOURCE_VPC, one(&self.source_vpc));
        ctx.insert(
            keys::SOURCE_VPC_OWNER_ACCOUNT,
            one(&self.source_vpc_owner_account),
        );
        match &self.caller {
            Caller::Anonymous => {
                ctx.insert(keys::PRINCIPAL_TYPE, one("Anonymous"));
                ctx.insert(keys::PRINCIPAL_ACCOUNT, one("anonymous"));
                if !tls {
                    ctx.insert(keys::USERID, one("anonymous"));
                }
            }
            Caller::Authenticated(p) => insert_principal(&mut ctx, p),
        }
        if !tls {
            for (key, value) in &self.service_tags {
                ctx.insert(&format!("{}{key}", keys::RESOURCE_TAG), one(value));
            }
        }
        ctx.insert(keys::CURRENT_TIME, one(&self.time));
        ctx.insert(keys::EPOCH_TIME, one(&self.epoch_time.to_string()));
        if !tls {
            let secure = if self.protocol == Protocol::Http {
                "false"
            } else {
                "true"
            };
            ctx.insert(keys::SECURE_TRANSPORT, one(secure));
            if let Some(ip) = &self.source_ip {
                ctx.insert(keys::SOURCE_IP, one(ip));
            }
        }
        for (key, value) in &self.overrides {
            match value {
                Some(v) => ctx.insert(key, v.clone()),
                None => ctx.remove(key),
            }
        }
        ctx
    }
}

/// The keys of a signed caller, in the documented order.
fn insert_principal(ctx: &mut Context, p: &Principal) {
    let one = |v: &str| ContextValue::Single(v.to_owned());
    ctx.insert(keys::PRINCIPAL_TYPE, one(p.kind.as_str()));
    ctx.insert(keys::PRINCIPAL_ACCOUNT, one(&p.account));
    ctx.insert(keys::PRINCIPAL_ARN, one(&p.arn));
    if let Some(org) = &p.org_id {
        ctx.insert(keys::PRINCIPAL_ORG_ID, one(org));
    }
    if !p.org_paths.is_empty() {
        ctx.insert(
            keys::PRINCIPAL_ORG_PATHS,
            ContextValue::Multi(p.org_paths.clone()),
        );
    }
    for (key, value) in &p.tags {
        ctx.insert(&format!("{}{key}", keys::PRINCIPAL_TAG), one(value));
    }
    ctx.insert(keys::PRINCIPAL_IS_AWS_SERVICE, one("false"));
    ctx.insert(keys::USERID, one(&p.user_id));
    if let Some(name) = &p.username {
        ctx.insert(keys::USERNAME, one(name));
    }
}

/// `text` as one query word: quoted when it is empty, is spelt like a
/// keyword, or holds spaces, quotes or control characters.
pub(crate) fn quote(text: &str) -> String {
    quote_if(text, false)
}

/// `text` as one query word, quoted when `force` is true or when it must be.
fn quote_if(text: &str, force: bool) -> String {
    let plain = !force
        && !text.is_empty()
        && !crate::eval::query::is_keyword(text)
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"');
    if plain {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// `KEY=VALUE` as one query word; a key holding `=` is quoted.
fn pair(key: &str, value: &str) -> String {
    format!("{}={}", quote_if(key, key.contains('=')), quote(value))
}

fn protocol(protocol: Option<&str>, action: Option<&str>) -> Result<Protocol, RequestError> {
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
        .with_help("TLS listeners are evaluated as `Connect` (D9); leave out `action`")),
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

fn method(method: Option<&str>, protocol: Protocol) -> Result<String, RequestError> {
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
fn path(path: Option<&str>) -> Result<(String, Option<String>), RequestError> {
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
fn query(
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

fn headers(headers: BTreeMap<String, String>) -> Result<Vec<(String, String)>, RequestError> {
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

fn port(port: Option<i64>, protocol: Protocol) -> Result<u16, RequestError> {
    match port {
        None => Ok(protocol.default_port()),
        Some(n) => u16::try_from(n).ok().filter(|&p| p > 0).ok_or_else(|| {
            RequestError::invalid(Field::Port, format!("port `{n}` is out of range"))
                .with_help("a port is a number from 1 to 65535")
        }),
    }
}

/// A Lattice service or service network ARN: `arn:aws:vpc-lattice:REGION:ACCOUNT:` +
/// `kind` + id characters.
fn arn_of(
    text: Option<String>,
    default: &str,
    field: Field,
    kind: &str,
) -> Result<String, RequestError> {
    let Some(text) = text else {
        return Ok(default.to_owned());
    };
    let mut parts = text.splitn(6, ':');
    let fields: [Option<&str>; 6] = std::array::from_fn(|_| parts.next());
    let ok = match fields {
        [Some("arn"), Some(partition), Some("vpc-lattice"), Some(region), Some(account), Some(resource)] => {
            partition.starts_with("aws")
                && !region.is_empty()
                && region
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && principal::is_account(account)
                && resource.strip_prefix(kind).is_some_and(|id| {
                    !id.is_empty()
                        && id
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                })
        }
        _ => false,
    };
    if ok {
        return Ok(text);
    }
    let what = if field == Field::Service {
        "service"
    } else {
        "service network"
    };
    let mut help = format!("a {what} ARN looks like `{default}`");
    if field == Field::Service && text.contains("/svc-") && text.rsplit('/').count() > 2 {
        help.push_str("; give the path in `path`, not in the service ARN");
    }
    Err(RequestError::invalid(field, format!("`{text}` is not a {what} ARN")).with_help(help))
}

fn tags(
    tags: BTreeMap<String, String>,
    field: Field,
) -> Result<Vec<(String, String)>, RequestError> {
    if tags.keys().any(String::is_empty) {
        return Err(RequestError::invalid(field, "a tag key is empty"));
    }
    Ok(tags.into_iter().collect())
}

fn source_vpc(vpc: Option<String>) -> Result<String, RequestError> {
    let vpc = vpc.unwrap_or_else(|| DEFAULT_SOURCE_VPC.to_owned());
    let ok = vpc.strip_prefix("vpc-").is_some_and(|id| {
        !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    });
    if ok {
        Ok(vpc)
    } else {
        Err(
            RequestError::invalid(Field::SourceVpc, format!("`{vpc}` is not a VPC id"))
                .with_help("a VPC id is `vpc-` and hexadecimal digits, as in `vpc-1a2b3c4d`"),
        )
    }
}

fn vpc_owner(owner: Option<String>) -> Result<String, RequestError> {
    let owner = owner.unwrap_or_else(|| DEFAULT_SOURCE_VPC_OWNER_ACCOUNT.to_owned());
    if principal::is_account(&owner) {
        Ok(owner)
    } else {
        Err(RequestError::invalid(
            Field::SourceVpcOwnerAccount,
            format!("`{owner}` is not an account id"),
        )
        .with_help("an account id is 12 digits"))
    }
}

fn time(time: Option<String>, now: &str) -> Result<(String, i64), RequestError> {
    let (text, given) = match time {
        Some(t) => (t, true),
        None => (now.to_owned(), false),
    };
    match rfc3339_epoch(&text) {
        Some(epoch) => Ok((text, epoch)),
        None => {
            let what = if given { "time" } else { "current time" };
            Err(RequestError::invalid(
                Field::Time,
                format!("the {what} `{text}` is not an RFC 3339 timestamp"),
            )
            .with_help(
                "write a time such as `2024-05-01T12:00:00Z` or `2024-05-01T14:00:00+02:00`",
            ))
        }
    }
}

fn source_ip(ip: Option<String>) -> Result<Option<String>, RequestError> {
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
fn overrides(
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
        let value = value.map(|v| match v {
            Values::One(s) if !keys::is_multi_valued(&key) => ContextValue::Single(s),
            Values::One(s) => ContextValue::Multi(vec![s]),
            Values::Many(vs) => ContextValue::Multi(vs),
        });
        out.push((key, value));
    }
    Ok(out)
}
