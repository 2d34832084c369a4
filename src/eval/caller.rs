//! Who sends a request: an anonymous caller or an authenticated principal.

/// The caller of a request, resolved from the request's `principal` field
/// (docs/requests.md, docs/semantics.md#callers, decision `session-principal-arn-without-path`).
// A request has one caller, read far more often than moved: boxing the
// principal would add an indirection for nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    /// An unsigned request.
    Anonymous,
    /// A request signed by an IAM principal.
    Authenticated(Principal),
}

/// What kind of IAM principal signed a request (`aws:PrincipalType`, decision
/// `principal-type-values`): the documented values
/// ([`crate::keys::PRINCIPAL_TYPES`]) for signed callers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrincipalType {
    /// The account's root user: `Account`.
    Account,
    /// An IAM user: `User`.
    User,
    /// A role session: `AssumedRole`.
    AssumedRole,
    /// An STS federated user: `FederatedUser`.
    FederatedUser,
}

impl PrincipalType {
    /// The value of `aws:PrincipalType`.
    pub fn as_str(&self) -> &'static str {
        match self {
            PrincipalType::Account => "Account",
            PrincipalType::User => "User",
            PrincipalType::AssumedRole => "AssumedRole",
            PrincipalType::FederatedUser => "FederatedUser",
        }
    }
}

/// An authenticated caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    /// `aws:PrincipalType`.
    pub kind: PrincipalType,
    /// The 12-digit account (`aws:PrincipalAccount`).
    pub account: String,
    /// `aws:PrincipalArn`: the root, user, role (for a role session) or federated-user ARN.
    pub arn: String,
    /// For a role session: the session's own ARN (`arn:aws:sts::A:assumed-role/R/S`), when known.
    pub session_arn: Option<String>,
    /// `aws:userid`.
    pub user_id: String,
    /// `aws:username`, for IAM users only.
    pub username: Option<String>,
    /// `aws:PrincipalOrgID`, when the account is in an organization.
    pub org_id: Option<String>,
    /// `aws:PrincipalOrgPaths`.
    pub org_paths: Vec<String>,
    /// `aws:PrincipalTag/<key>`: tag keys and values, in the request's order.
    pub tags: Vec<(String, String)>,
}
