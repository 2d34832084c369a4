//! The project's decisions where AWS's documentation leaves a question open
//! (SEMANTICS.md §10), for explanations that rest on one.

/// `(id, one-line summary)` for every decision an explanation can cite.
pub const DECISIONS: &[(&str, &str)] = &[
    ("D1", "`NotPrincipal` is evaluated as IAM defines it, although Lattice does not document it"),
    ("D2", "a `Resource` that does not start with `arn:` is matched against the whole request ARN, `*` crossing `:` and `/`"),
    ("D3", "the request's resource is the service ARN followed by the path as given, without the query string"),
    ("D4", "a bare service ARN as `Resource` covers only `Connect` (TLS) requests, never `Invoke`"),
    ("D5", "`vpc-lattice-svcs:RequestPath` is present for HTTP and gRPC requests, signed or anonymous"),
    ("D6", "condition key names compare case-insensitively, header names included; query-string keys and tag keys compare case-sensitively"),
    ("D7", "no identity policies were given, so the caller's identity layer is assumed to allow"),
    ("D8", "both auth types are `NONE`: no auth policy applies and the request is allowed unevaluated"),
    ("D9", "a TLS listener request is `Connect` on the bare service ARN from an anonymous caller, with only the TLS keys"),
    ("D13", "a policy without `Version` is read as `2008-10-17`: policy variables are plain text"),
    ("D15", "policy variables are not substituted in `Bool` conditions"),
    ("D16", "an operator without `ForAnyValue:`/`ForAllValues:` on a multi-valued key is false"),
    ("D17", "boolean values compare in any case; a date without a time means midnight UTC"),
    ("D18", "tag keys compare case-sensitively"),
    ("D19", "`aws:PrincipalType` is `Account`, `User`, `FederatedUser`, `AssumedRole` or `Anonymous`, or a value the request names"),
    ("D20", "the service network policy sees the same resource (service ARN and path) as the service policy"),
    ("D21", "only the global keys Lattice fills are present; other `aws:` keys exist only when the request supplies them"),
    ("D23", "a role session's `aws:PrincipalArn` is the role ARN without its path"),
];

/// The summary of decision `id` (`"D7"`), if it is one explanations cite.
pub fn describe(id: &str) -> Option<&'static str> {
    DECISIONS
        .iter()
        .find(|(d, _)| *d == id)
        .map(|(_, text)| *text)
}
