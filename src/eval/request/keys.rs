//! The names of the condition keys a Lattice request supplies
//! (docs/semantics.md#condition-keys-a-lattice-request-carries), spelled as AWS
//! documents them. Keys ending in `/` take a suffix: a header name, a
//! query-string key or a tag key.

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
/// `aws:PrincipalServiceNamesList` (multi-valued; never supplied by a request
/// here, listed so that raw context values for it are multi-valued).
pub const PRINCIPAL_SERVICE_NAMES_LIST: &str = "aws:PrincipalServiceNamesList";
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

/// True for a multi-valued key (`aws:PrincipalOrgPaths`,
/// `aws:PrincipalServiceNamesList`, `vpc-lattice-svcs:RequestQueryString/<key>`),
/// in any case.
pub fn is_multi_valued(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    lower == PRINCIPAL_ORG_PATHS.to_ascii_lowercase()
        || lower == PRINCIPAL_SERVICE_NAMES_LIST.to_ascii_lowercase()
        || lower.starts_with(&REQUEST_QUERY_STRING.to_ascii_lowercase())
}
