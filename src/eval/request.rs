//! A request to a Lattice service: who sends it, what it asks for, and the
//! condition keys it supplies.
//!
//! A [`RequestSpec`] is the request as written (a JSON request file, a
//! one-line [query](crate::eval::query), command-line flags, merged with
//! [`RequestSpec::merge`]); [`Request::resolve`] applies the defaults of
//! docs/requests.md, checks every field and builds the [`Context`] once.
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
//! * **principal** (docs/semantics.md#callers, decision
//!   `session-principal-arn-without-path`): `anonymous` (any case); a
//!   12-digit account id or `arn:aws:iam::A:root` (the root user); an IAM
//!   user `arn:aws:iam::A:user/[path/]N`; a role `arn:aws:iam::A:role/[path/]R`,
//!   meaning a session of it named [`DEFAULT_SESSION_NAME`]; a role session
//!   `arn:aws:sts::A:assumed-role/R/S`, whose `aws:PrincipalArn` is
//!   `arn:aws:iam::A:role/R` (the session ARN does not carry the role's path;
//!   give `roleArn` for that); a federated user `arn:aws:sts::A:federated-user/N`.
//!   Other partitions (`aws-cn`, `aws-us-gov`) work alike. The object form's
//!   `type` replaces `aws:PrincipalType` (one of `Account`, `User`,
//!   `FederatedUser`, `AssumedRole`: decision `principal-type-values`), `roleArn` gives a session's role ARN, `orgId`, `orgPaths` and
//!   `tags` fill the organization and tag keys, each within its domain (see
//!   Domains below). Organization paths must start with the organization id.
//! * **User ids** are made up, since only AWS knows the real ones: an IAM
//!   user's `aws:userid` is `AIDA` and a role's is `AROA`, followed by 17
//!   characters of `A`–`Z`, `2`–`7` computed from the account and the user or
//!   role name, so the same principal always has the same id (a role
//!   session's id then has `:` and the session name). The root user's is the
//!   account id, a federated user's `ACCOUNT:NAME` (decision `synthetic-user-ids`).
//! * **action** and **protocol**: `Invoke` or `Connect`, `HTTP`, `HTTPS`,
//!   `GRPC` or `TLS`, in any case. `TLS` means `Connect` and `Connect` means
//!   `TLS` (decision `tls-connect-only`); other pairs are errors.
//! * **method**: letters only, upper-cased. gRPC requests are always `POST`
//!   (another method is an error).
//! * **path**: taken as written, without percent-decoding or normalisation
//!   (decision `resource-is-service-arn-and-path`); a `/` is put in front when
//!   missing. A query string (`/x?a=1&a=2&b`)
//!   is split off and its values put before those of `query` for the same
//!   key; `b` without `=` has the empty value, empty pieces (`&&`) are
//!   skipped. Query keys and values are **not** percent-decoded or `+`-decoded
//!   either: they are compared as written.
//! * **headers**: names are case-insensitive and stored lower-cased; the same
//!   name twice (in different cases) is an error.
//! * **TLS**: a TLS listener passes bytes it cannot read, so a TLS request has
//!   no method, path, headers or query, and its caller is anonymous whatever
//!   the request claims (decision `tls-connect-only`). A request that gives
//!   a method, path, headers or query with TLS is invalid.
//!
//! # Condition keys
//!
//! What [`Request::context`] holds is what the request-key table
//! ([`crate::keys`]) says: each key the request's caller and protocol carry,
//! in the table's order, with its value from the field the table names.
//! A TLS connection is anonymous and Lattice reads none of its HTTP
//! (decision `tls-connect-only`), so it
//! has the port, the service and service network ARNs, the source VPC and
//! its owner, the caller's type and account (`Anonymous`, `anonymous`), the
//! time, and the service's tags (`aws:ResourceTag/<key>`: they belong to the
//! service, not to the request). Anonymous HTTP and gRPC requests also carry
//! the method, path (the 2026 VPC Lattice User Guide lists `RequestPath` for
//! anonymous callers), headers, query string (not gRPC), `aws:userid`,
//! `aws:SecureTransport` and `aws:SourceIp` when given; signed callers add
//! their ARN, organization, tags, `aws:PrincipalIsAWSService` and, for IAM
//! users, `aws:username`.
//!
//! # Domains
//!
//! Every value a request gives for one of the table's keys must lie in that
//! key's [domain](crate::keys::Domain): an organization id is `o-` and 10 to
//! 32 lower-case letters and digits, a port is 1 to 65535, a principal type
//! is one of the five documented ones, and so on. A value outside is an
//! invalid request (no request can carry it), reported with the field, the
//! value and the domain, rather than evaluated. This holds for the raw
//! `context` entries too: they may add or remove keys and set values, but
//! a key of the table only takes a value of its domain.
//!
//! The raw `context` entries are applied last: a value replaces the key's
//! value (or adds the key), `null` removes it. A string is single-valued and
//! an array multi-valued, except that keys documented as multi-valued
//! ([`crate::catalog::is_multi_valued`]) are always multi-valued.

mod context;
mod describe;
mod error;
mod fields;
mod principal;
mod spec;

pub(crate) use describe::quote;

pub use error::{Field, RequestError};
pub use principal::DEFAULT_SESSION_NAME;
pub use spec::{PrincipalDetails, PrincipalSpec, RequestSpec, Values};

use super::caller::Caller;
use super::context::{Context, ContextValue};
use super::time::Timestamp;

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
/// The action of TLS connections (decision `tls-connect-only`).
pub const CONNECT: &str = "vpc-lattice-svcs:Connect";

pub use crate::keys::Protocol;

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
    time: Timestamp,
    source_ip: Option<String>,
    overrides: Vec<(String, Option<ContextValue>)>,
    resource: String,
    context: Context,
}

/// True when `path` is a path a request may have (`requestPath` of an
/// access log record is checked with it), by the rule [`Request::resolve`]
/// applies.
pub fn path_is_valid(path: &str) -> bool {
    fields::path(Some(path)).is_ok()
}

impl Request {
    /// Applies the defaults to `spec`, checks it and builds its context.
    /// `now` is the time of a request whose `spec` gives none.
    pub fn resolve(spec: RequestSpec, now: Timestamp) -> Result<Request, RequestError> {
        let protocol = fields::protocol(spec.protocol.as_deref(), spec.action.as_deref())?;
        let tls = protocol == Protocol::Tls;
        if tls {
            // A TLS passthrough listener sees a connection, not an HTTP
            // request: a method, path, header or query given with it would
            // read as if it were checked, and it never is.
            let given = [
                (spec.method.is_some(), Field::Method, "method"),
                (spec.path.is_some(), Field::Path, "path"),
                (!spec.headers.is_empty(), Field::Headers, "headers"),
                (!spec.query.is_empty(), Field::Query, "query string"),
            ];
            if let Some((_, field, what)) = given.into_iter().find(|(set, _, _)| *set) {
                // The query language says the same (src/eval/query/parser.rs).
                return Err(RequestError::invalid(field, format!("a TLS connection has no {what}"))
                    .with_help("Lattice passes TLS connections through without reading them, so only the port, service, network, VPC, time and anonymous caller apply (decision `tls-connect-only`); drop the field, or use protocol HTTPS, HTTP or GRPC"));
            }
        }
        let method = fields::method(spec.method.as_deref(), protocol)?;
        let (path, path_query) = fields::path(spec.path.as_deref())?;
        let query = fields::query(path_query, spec.query)?;
        let headers = fields::headers(spec.headers)?;
        let port = fields::port(spec.port, protocol)?;
        let service = fields::arn_of(
            spec.service,
            DEFAULT_SERVICE,
            Field::Service,
            crate::keys::Domain::ServiceArn,
        )?;
        let service_network = fields::arn_of(
            spec.service_network,
            DEFAULT_SERVICE_NETWORK,
            Field::ServiceNetwork,
            crate::keys::Domain::ServiceNetworkArn,
        )?;
        let service_tags = fields::tags(spec.service_tags, Field::ServiceTags)?;
        let source_vpc = fields::source_vpc(spec.source_vpc)?;
        let source_vpc_owner_account = fields::vpc_owner(spec.source_vpc_owner_account)?;
        let time = fields::time(spec.time.as_deref(), now)?;
        let source_ip = fields::source_ip(spec.source_ip)?;
        let caller = principal::resolve(spec.principal)?;
        let overrides = fields::overrides(spec.context)?;
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
            source_ip,
            overrides,
            context: Context::new(),
        };
        request.context = request.build_context();
        Ok(request)
    }

    /// True for an unsigned request (including every TLS-listener request,
    /// decision `tls-connect-only`).
    pub fn is_anonymous(&self) -> bool {
        matches!(self.caller(), Caller::Anonymous)
    }

    /// True for a request through a TLS (passthrough) listener.
    pub fn is_tls(&self) -> bool {
        self.protocol() == Protocol::Tls
    }

    /// Who sends the request (anonymous for TLS, decision `tls-connect-only`).
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
    /// string for `Invoke` (decision `resource-is-service-arn-and-path`), the
    /// bare service ARN for `Connect` (decision `tls-connect-only`).
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

    /// The time of the request.
    pub fn time(&self) -> Timestamp {
        self.time
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
}
