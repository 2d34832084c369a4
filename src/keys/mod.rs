//! The condition keys of a VPC Lattice request, in one table.
//!
//! For every key a request can carry ([`LATTICE`]: the `vpc-lattice-svcs:`
//! keys; [`GLOBAL`]: the `aws:` keys Lattice fills) the table gives its name
//! as AWS documents it, its [type](KeyType), whether it is multi-valued,
//! which [callers](Callers) and [protocols](Protocols) carry it and whether
//! always or only [when the request has the value](Presence), the request
//! field behind it ([`Source`]) and its [`Domain`]: the values it can take.
//!
//! Everything else derives from it: the evaluator's request context and its
//! checks of request values, the catalog's entries for these keys, the
//! analysis's request fields and the domains it draws values from, and the
//! lint rules' questions "does this caller carry this key" and "can the key
//! ever have this value". The module is a leaf: it depends on no other part
//! of the crate.
//!
//! Templated keys end in `/` in the table (`aws:PrincipalTag/`): a request
//! carries one key per header, query-string key or tag, named by the suffix.
//!
//! | Key | Type | Callers | Protocols | Present | Request field | Domain |
//! |---|---|---|---|---|---|---|
//! | `vpc-lattice-svcs:Port` | Numeric | everyone | all | always | `port` | 1 to 65535 |
//! | `vpc-lattice-svcs:RequestMethod` | String | everyone | HTTP, HTTPS, gRPC | always | `method` | upper-case letters |
//! | `vpc-lattice-svcs:RequestPath` | String | everyone | HTTP, HTTPS, gRPC | always | `path` | `/…` |
//! | `vpc-lattice-svcs:RequestHeader/<name>` | String | everyone | HTTP, HTTPS, gRPC | when sent | `headers` | any text |
//! | `vpc-lattice-svcs:RequestQueryString/<key>` | String, multi | everyone | HTTP, HTTPS | when sent | `query` | any text |
//! | `vpc-lattice-svcs:ServiceArn` | ARN | everyone | all | always | `service` | `…:service/svc-` + 17 |
//! | `vpc-lattice-svcs:ServiceNetworkArn` | ARN | everyone | all | always | `serviceNetwork` | `…:servicenetwork/sn-` + 17 |
//! | `vpc-lattice-svcs:SourceVpc` | String | everyone | all | always | `sourceVpc` | `vpc-` + 8 or 17 hex |
//! | `vpc-lattice-svcs:SourceVpcOwnerAccount` | String | everyone | all | always | `sourceVpcOwnerAccount` | 12 digits |
//! | `aws:PrincipalType` | String | everyone | all | always | `principal` | `Account`, `User`, `FederatedUser`, `AssumedRole`, `Anonymous` |
//! | `aws:PrincipalAccount` | String | everyone | all | always | `principal` | 12 digits, or `anonymous` |
//! | `aws:PrincipalArn` | ARN | signed | HTTP, HTTPS, gRPC | always | `principal` | any text |
//! | `aws:PrincipalOrgID` | String | signed | HTTP, HTTPS, gRPC | when in an organization | `principal.orgId` | `o-` + 10 to 32 |
//! | `aws:PrincipalOrgPaths` | String, multi | signed | HTTP, HTTPS, gRPC | when in an organization | `principal.orgPaths` | `o-…/r-…/(ou-…/)*` |
//! | `aws:PrincipalTag/<key>` | String | signed | HTTP, HTTPS, gRPC | when tagged | `principal.tags` | tag values |
//! | `aws:PrincipalIsAWSService` | Bool | signed | HTTP, HTTPS, gRPC | always | `principal` | `true`, `false` |
//! | `aws:userid` | String | everyone | HTTP, HTTPS, gRPC | always | `principal` | any text |
//! | `aws:username` | String | signed | HTTP, HTTPS, gRPC | IAM users | `principal` | any text |
//! | `aws:ResourceTag/<key>` | String | everyone | all | when tagged | `serviceTags` | tag values |
//! | `aws:CurrentTime` | Date | everyone | all | always | `time` | RFC 3339 |
//! | `aws:EpochTime` | Date | everyone | all | always | `time` | seconds |
//! | `aws:SecureTransport` | Bool | everyone | HTTP, HTTPS, gRPC | always | `protocol` | `true`, `false` |
//! | `aws:SourceIp` | IP | everyone | HTTP, HTTPS, gRPC | when given | `sourceIp` | IPv4, IPv6 |

mod domain;
mod table;

pub use domain::{Chars, Domain, Piece, PRINCIPAL_TYPES, UNBOUNDED};
pub use names::*;
pub use table::{GLOBAL, LATTICE};

/// The key names, spelled as AWS documents them. Templated keys end in `/`.
pub mod names {
    /// `vpc-lattice-svcs:Port`.
    pub const PORT: &str = "vpc-lattice-svcs:Port";
    /// `vpc-lattice-svcs:RequestMethod`.
    pub const REQUEST_METHOD: &str = "vpc-lattice-svcs:RequestMethod";
    /// `vpc-lattice-svcs:RequestPath`.
    pub const REQUEST_PATH: &str = "vpc-lattice-svcs:RequestPath";
    /// `vpc-lattice-svcs:RequestHeader/` + lower-cased header name.
    pub const REQUEST_HEADER: &str = "vpc-lattice-svcs:RequestHeader/";
    /// `vpc-lattice-svcs:RequestQueryString/` + query key (multi-valued).
    pub const REQUEST_QUERY_STRING: &str = "vpc-lattice-svcs:RequestQueryString/";
    /// `vpc-lattice-svcs:ServiceArn`.
    pub const SERVICE_ARN: &str = "vpc-lattice-svcs:ServiceArn";
    /// `vpc-lattice-svcs:ServiceNetworkArn`.
    pub const SERVICE_NETWORK_ARN: &str = "vpc-lattice-svcs:ServiceNetworkArn";
    /// `vpc-lattice-svcs:SourceVpc`.
    pub const SOURCE_VPC: &str = "vpc-lattice-svcs:SourceVpc";
    /// `vpc-lattice-svcs:SourceVpcOwnerAccount`.
    pub const SOURCE_VPC_OWNER_ACCOUNT: &str = "vpc-lattice-svcs:SourceVpcOwnerAccount";
    /// `aws:PrincipalType`.
    pub const PRINCIPAL_TYPE: &str = "aws:PrincipalType";
    /// `aws:PrincipalAccount`.
    pub const PRINCIPAL_ACCOUNT: &str = "aws:PrincipalAccount";
    /// `aws:PrincipalArn`.
    pub const PRINCIPAL_ARN: &str = "aws:PrincipalArn";
    /// `aws:PrincipalOrgID`.
    pub const PRINCIPAL_ORG_ID: &str = "aws:PrincipalOrgID";
    /// `aws:PrincipalOrgPaths` (multi-valued).
    pub const PRINCIPAL_ORG_PATHS: &str = "aws:PrincipalOrgPaths";
    /// `aws:PrincipalTag/` + tag key.
    pub const PRINCIPAL_TAG: &str = "aws:PrincipalTag/";
    /// `aws:PrincipalIsAWSService`.
    pub const PRINCIPAL_IS_AWS_SERVICE: &str = "aws:PrincipalIsAWSService";
    /// `aws:userid`.
    pub const USERID: &str = "aws:userid";
    /// `aws:username`.
    pub const USERNAME: &str = "aws:username";
    /// `aws:ResourceTag/` + tag key.
    pub const RESOURCE_TAG: &str = "aws:ResourceTag/";
    /// `aws:CurrentTime`.
    pub const CURRENT_TIME: &str = "aws:CurrentTime";
    /// `aws:EpochTime`.
    pub const EPOCH_TIME: &str = "aws:EpochTime";
    /// `aws:SecureTransport`.
    pub const SECURE_TRANSPORT: &str = "aws:SecureTransport";
    /// `aws:SourceIp`.
    pub const SOURCE_IP: &str = "aws:SourceIp";
}

/// The type of a condition key's values, as the Service Authorization Reference names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyType {
    /// Text.
    String,
    /// A number.
    Numeric,
    /// A date and time.
    Date,
    /// `true` or `false`.
    Bool,
    /// An ARN.
    Arn,
    /// An IP address.
    Ip,
    /// Base64 bytes.
    Binary,
}

/// The listener protocol a request arrives on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

    const fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// A set of protocols.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Protocols(u8);

impl Protocols {
    /// Every protocol, TLS passthrough included.
    pub const ALL: Protocols = Protocols(
        Protocol::Http.bit() | Protocol::Https.bit() | Protocol::Grpc.bit() | Protocol::Tls.bit(),
    );
    /// HTTP, HTTPS and gRPC: the listeners whose requests Lattice reads.
    pub const READABLE: Protocols =
        Protocols(Protocol::Http.bit() | Protocol::Https.bit() | Protocol::Grpc.bit());
    /// HTTP and HTTPS.
    pub const HTTP: Protocols = Protocols(Protocol::Http.bit() | Protocol::Https.bit());

    /// True when `protocol` is in the set.
    pub fn contains(self, protocol: Protocol) -> bool {
        self.0 & protocol.bit() != 0
    }
}

/// Which callers' requests carry a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Callers {
    /// Anonymous and signed callers alike.
    Everyone,
    /// Signed callers only (anonymous callers, TLS connections included, lack it).
    Signed,
}

/// Whether a request that can carry a key always does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Presence {
    /// Every such request carries it.
    Always,
    /// Only when the request has the value: a header sent, a query key, a
    /// tag, an organization, a source address, an IAM user's name.
    WhenGiven,
}

/// Whether one request carries a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Carried {
    /// Never.
    Never,
    /// Always.
    Always,
    /// Depending on the request.
    Sometimes,
}

/// The request field a key's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    /// `port`.
    Port,
    /// `method`.
    Method,
    /// `path`, without its query string.
    Path,
    /// `headers`: one key per header, named in lower case.
    Header,
    /// `query` and the path's query string: one key per query key.
    Query,
    /// `service`.
    Service,
    /// `serviceNetwork`.
    ServiceNetwork,
    /// `sourceVpc`.
    SourceVpc,
    /// `sourceVpcOwnerAccount`.
    SourceVpcOwner,
    /// `principal`: its type.
    PrincipalType,
    /// `principal`: its account.
    PrincipalAccount,
    /// `principal`: its ARN (the role's for a role session).
    PrincipalArn,
    /// `principal.orgId`.
    OrgId,
    /// `principal.orgPaths`.
    OrgPaths,
    /// `principal.tags`: one key per tag.
    PrincipalTag,
    /// `principal`: `false`, since a Lattice request never comes from an AWS service principal.
    PrincipalIsAwsService,
    /// `principal`: its unique id.
    UserId,
    /// `principal`: an IAM user's name.
    Username,
    /// `serviceTags`: one key per tag.
    ServiceTag,
    /// `time`.
    Time,
    /// `time`, in seconds since 1970.
    EpochTime,
    /// `protocol`: `false` for HTTP, `true` otherwise.
    SecureTransport,
    /// `sourceIp`.
    SourceIp,
}

impl Source {
    /// The request JSON field (`principal.orgId` for a field of the principal object).
    pub fn field(self) -> &'static str {
        match self {
            Source::Port => "port",
            Source::Method => "method",
            Source::Path => "path",
            Source::Header => "headers",
            Source::Query => "query",
            Source::Service => "service",
            Source::ServiceNetwork => "serviceNetwork",
            Source::SourceVpc => "sourceVpc",
            Source::SourceVpcOwner => "sourceVpcOwnerAccount",
            Source::PrincipalType => "principal.type",
            Source::PrincipalAccount
            | Source::PrincipalArn
            | Source::PrincipalIsAwsService
            | Source::UserId
            | Source::Username => "principal",
            Source::OrgId => "principal.orgId",
            Source::OrgPaths => "principal.orgPaths",
            Source::PrincipalTag => "principal.tags",
            Source::ServiceTag => "serviceTags",
            Source::Time | Source::EpochTime => "time",
            Source::SecureTransport => "protocol",
            Source::SourceIp => "sourceIp",
        }
    }
}

/// One condition key a Lattice request carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestKey {
    /// The name as documented; a templated key's ends in `/`.
    pub name: &'static str,
    /// The values' type.
    pub ty: KeyType,
    /// True for multi-valued keys.
    pub multi: bool,
    /// Which callers carry it.
    pub callers: Callers,
    /// Which protocols' requests carry it.
    pub protocols: Protocols,
    /// Whether those requests always carry it.
    pub presence: Presence,
    /// The request field behind it.
    pub source: Source,
    /// The values it can take.
    pub domain: Domain,
}

impl RequestKey {
    /// True for a templated key (`aws:PrincipalTag/<key>`).
    pub const fn templated(&self) -> bool {
        matches!(self.name.as_bytes().last(), Some(b'/'))
    }

    /// True when anonymous callers' requests can carry it.
    pub fn anonymous(&self) -> bool {
        self.callers == Callers::Everyone
    }

    /// Whether a request of `protocol` from an anonymous (or signed) caller
    /// carries the key. TLS connections are always anonymous.
    pub fn carried(&self, anonymous: bool, protocol: Protocol) -> Carried {
        let anonymous = anonymous || protocol == Protocol::Tls;
        if !self.protocols.contains(protocol) || (anonymous && self.callers == Callers::Signed) {
            Carried::Never
        } else if self.presence == Presence::Always {
            Carried::Always
        } else {
            Carried::Sometimes
        }
    }

    /// True for the keys that describe the caller (its type, account, ARN,
    /// organization, tags, ids).
    pub fn describes_caller(&self) -> bool {
        matches!(
            self.source,
            Source::PrincipalType
                | Source::PrincipalAccount
                | Source::PrincipalArn
                | Source::OrgId
                | Source::OrgPaths
                | Source::PrincipalTag
                | Source::PrincipalIsAwsService
                | Source::UserId
                | Source::Username
        )
    }

    /// True for the keys only an HTTP request read by Lattice carries (the
    /// method, path, headers, query string; not the keys of the caller).
    pub fn describes_http(&self) -> bool {
        matches!(
            self.source,
            Source::Method | Source::Path | Source::Header | Source::Query
        )
    }
}

/// Every key of the table.
pub fn all() -> impl Iterator<Item = &'static RequestKey> {
    LATTICE.iter().chain(GLOBAL.iter())
}

/// The key `name` (any case) and its suffix (for a templated key, the part
/// after the `/`, possibly empty); `None` for a key no Lattice request carries.
pub fn lookup_with_suffix(name: &str) -> Option<(&'static RequestKey, &str)> {
    all().find_map(|k| {
        let head = name.get(..k.name.len())?;
        if !head.eq_ignore_ascii_case(k.name) {
            return None;
        }
        let suffix = name.get(k.name.len()..).unwrap_or("");
        (k.templated() || suffix.is_empty()).then_some((k, suffix))
    })
}

/// The key `name` (any case; a templated key needs its suffix); `None` for a
/// key no Lattice request carries.
pub fn lookup(name: &str) -> Option<&'static RequestKey> {
    lookup_with_suffix(name)
        .and_then(|(k, suffix)| (!k.templated() || !suffix.is_empty()).then_some(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_in_any_case_and_templated_ones_by_their_head() {
        assert_eq!(
            lookup("AWS:principaltype").map(|k| k.name),
            Some(PRINCIPAL_TYPE)
        );
        let q = lookup("vpc-lattice-svcs:RequestQueryString/page").unwrap();
        assert!(q.multi && q.templated());
        assert!(lookup("vpc-lattice-svcs:RequestQueryString/").is_none());
        assert_eq!(
            lookup_with_suffix("aws:PrincipalTag/").map(|(k, s)| (k.name, s)),
            Some((PRINCIPAL_TAG, ""))
        );
        assert!(lookup("aws:PrincipalTypeX").is_none());
        assert!(lookup("aws:SourceVpce").is_none());
    }

    #[test]
    fn who_carries_what() {
        let path = lookup(REQUEST_PATH).unwrap();
        assert_eq!(path.carried(true, Protocol::Https), Carried::Always);
        assert_eq!(path.carried(true, Protocol::Grpc), Carried::Always);
        assert_eq!(path.carried(true, Protocol::Tls), Carried::Never);
        let tag = lookup("aws:PrincipalTag/team").unwrap();
        assert_eq!(tag.carried(true, Protocol::Https), Carried::Never);
        assert_eq!(tag.carried(false, Protocol::Https), Carried::Sometimes);
        let resource_tag = lookup("aws:ResourceTag/env").unwrap();
        for p in Protocol::ALL {
            assert_eq!(resource_tag.carried(true, p), Carried::Sometimes);
        }
        let query = lookup("vpc-lattice-svcs:RequestQueryString/a").unwrap();
        assert_eq!(query.carried(false, Protocol::Grpc), Carried::Never);
        let arn = lookup(PRINCIPAL_ARN).unwrap();
        assert_eq!(
            arn.carried(false, Protocol::Tls),
            Carried::Never,
            "TLS is anonymous"
        );
    }

    #[test]
    fn every_example_is_in_its_domain() {
        for key in all() {
            assert!(key.domain.contains(key.domain.example()), "{}", key.name);
        }
    }
}
