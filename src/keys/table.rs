//! The table itself: one row per condition key a Lattice request carries.

use super::domain::Domain;
use super::names::*;
use super::{Callers, KeyType, Presence, Protocols, RequestKey, Source};

/// A row of the table.
#[allow(clippy::too_many_arguments)]
const fn row(
    name: &'static str,
    ty: KeyType,
    multi: bool,
    callers: Callers,
    protocols: Protocols,
    presence: Presence,
    source: Source,
    domain: Domain,
) -> RequestKey {
    RequestKey {
        name,
        ty,
        multi,
        callers,
        protocols,
        presence,
        source,
        domain,
    }
}

use Callers::{Everyone, Signed};
use KeyType::{Arn, Bool, Date, Ip, Numeric, String as Str};
use Presence::{Always, WhenGiven};

/// Every protocol.
const ALL: Protocols = Protocols::ALL;
/// HTTP, HTTPS and gRPC: the listeners whose requests Lattice reads.
const READ: Protocols = Protocols::READABLE;
/// HTTP and HTTPS (query strings are not available to gRPC).
const HTTP: Protocols = Protocols::HTTP;

/// The `vpc-lattice-svcs:` keys, in the order of the VPC Lattice User
/// Guide's table. The 2026 edition lists `RequestPath` as available to
/// anonymous callers and to gRPC, as this table has it.
pub static LATTICE: [RequestKey; 9] = [
    row(
        PORT,
        Numeric,
        false,
        Everyone,
        ALL,
        Always,
        Source::Port,
        Domain::Port,
    ),
    row(
        REQUEST_METHOD,
        Str,
        false,
        Everyone,
        READ,
        Always,
        Source::Method,
        Domain::Method,
    ),
    row(
        REQUEST_PATH,
        Str,
        false,
        Everyone,
        READ,
        Always,
        Source::Path,
        Domain::Path,
    ),
    row(
        REQUEST_HEADER,
        Str,
        false,
        Everyone,
        READ,
        WhenGiven,
        Source::Header,
        Domain::Text,
    ),
    row(
        REQUEST_QUERY_STRING,
        Str,
        true,
        Everyone,
        HTTP,
        WhenGiven,
        Source::Query,
        Domain::Text,
    ),
    row(
        SERVICE_ARN,
        Arn,
        false,
        Everyone,
        ALL,
        Always,
        Source::Service,
        Domain::ServiceArn,
    ),
    row(
        SERVICE_NETWORK_ARN,
        Arn,
        false,
        Everyone,
        ALL,
        Always,
        Source::ServiceNetwork,
        Domain::ServiceNetworkArn,
    ),
    row(
        SOURCE_VPC,
        Str,
        false,
        Everyone,
        ALL,
        Always,
        Source::SourceVpc,
        Domain::VpcId,
    ),
    row(
        SOURCE_VPC_OWNER_ACCOUNT,
        Str,
        false,
        Everyone,
        ALL,
        Always,
        Source::SourceVpcOwner,
        Domain::Account,
    ),
];

/// The global `aws:` keys a Lattice request carries (every other `aws:` key
/// is absent unless a request supplies it as raw context). Anonymous callers
/// have the caller's type and account and, except over TLS, `aws:userid`;
/// the other principal keys belong to signed callers, who never arrive over
/// TLS. The service's tags are the service's, whoever calls and however.
pub static GLOBAL: [RequestKey; 14] = [
    row(
        PRINCIPAL_TYPE,
        Str,
        false,
        Everyone,
        ALL,
        Always,
        Source::PrincipalType,
        Domain::PrincipalType,
    ),
    row(
        PRINCIPAL_ACCOUNT,
        Str,
        false,
        Everyone,
        ALL,
        Always,
        Source::PrincipalAccount,
        Domain::CallerAccount,
    ),
    row(
        PRINCIPAL_ARN,
        Arn,
        false,
        Signed,
        READ,
        Always,
        Source::PrincipalArn,
        Domain::Text,
    ),
    row(
        PRINCIPAL_ORG_ID,
        Str,
        false,
        Signed,
        READ,
        WhenGiven,
        Source::OrgId,
        Domain::OrgId,
    ),
    row(
        PRINCIPAL_ORG_PATHS,
        Str,
        true,
        Signed,
        READ,
        WhenGiven,
        Source::OrgPaths,
        Domain::OrgPath,
    ),
    row(
        PRINCIPAL_TAG,
        Str,
        false,
        Signed,
        READ,
        WhenGiven,
        Source::PrincipalTag,
        Domain::TagValue,
    ),
    row(
        PRINCIPAL_IS_AWS_SERVICE,
        Bool,
        false,
        Signed,
        READ,
        Always,
        Source::PrincipalIsAwsService,
        Domain::Bool,
    ),
    row(
        USERID,
        Str,
        false,
        Everyone,
        READ,
        Always,
        Source::UserId,
        Domain::Text,
    ),
    row(
        USERNAME,
        Str,
        false,
        Signed,
        READ,
        WhenGiven,
        Source::Username,
        Domain::Text,
    ),
    row(
        RESOURCE_TAG,
        Str,
        false,
        Everyone,
        ALL,
        WhenGiven,
        Source::ServiceTag,
        Domain::TagValue,
    ),
    row(
        CURRENT_TIME,
        Date,
        false,
        Everyone,
        ALL,
        Always,
        Source::Time,
        Domain::Time,
    ),
    row(
        EPOCH_TIME,
        Date,
        false,
        Everyone,
        ALL,
        Always,
        Source::EpochTime,
        Domain::Text,
    ),
    row(
        SECURE_TRANSPORT,
        Bool,
        false,
        Everyone,
        READ,
        Always,
        Source::SecureTransport,
        Domain::Bool,
    ),
    row(
        SOURCE_IP,
        Ip,
        false,
        Everyone,
        READ,
        WhenGiven,
        Source::SourceIp,
        Domain::Ip,
    ),
];
