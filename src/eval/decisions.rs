//! The project's decisions where AWS's documentation leaves a question open.
//!
//! Each decision has a stable kebab-case name (`identity-layer-assumed`) and a
//! section of its own in `docs/semantics.md`, which gives the reasoning and
//! the AWS pages it rests on. Explanations cite decisions by name
//! ("decision `identity-layer-assumed`"), and `policy explain NAME` prints
//! the section: the document is compiled in, so the two cannot drift apart
//! (a test holds every name here to a section there and back).

/// `not-principal-evaluated`: `NotPrincipal` is evaluated as IAM defines it.
pub const NOT_PRINCIPAL_EVALUATED: &str = "not-principal-evaluated";
/// `non-arn-resource-whole-match`: a `Resource` that does not start with
/// `arn:` is a wildcard over the whole request ARN.
pub const NON_ARN_RESOURCE_WHOLE_MATCH: &str = "non-arn-resource-whole-match";
/// `resource-is-service-arn-and-path`: the request's resource ARN.
pub const RESOURCE_IS_SERVICE_ARN_AND_PATH: &str = "resource-is-service-arn-and-path";
/// `bare-service-arn-connect-only`: a bare service ARN covers only `Connect`.
pub const BARE_SERVICE_ARN_CONNECT_ONLY: &str = "bare-service-arn-connect-only";
/// `request-path-always-present`: `vpc-lattice-svcs:RequestPath` for HTTP and gRPC.
pub const REQUEST_PATH_ALWAYS_PRESENT: &str = "request-path-always-present";
/// `key-name-case`: how condition key names compare.
pub const KEY_NAME_CASE: &str = "key-name-case";
/// `identity-layer-assumed`: no identity policies given means an allow.
pub const IDENTITY_LAYER_ASSUMED: &str = "identity-layer-assumed";
/// `auth-type-none-allows`: both auth types `NONE` allow unevaluated.
pub const AUTH_TYPE_NONE_ALLOWS: &str = "auth-type-none-allows";
/// `tls-connect-only`: a TLS listener request is an anonymous `Connect`.
pub const TLS_CONNECT_ONLY: &str = "tls-connect-only";
/// `resource-configurations-out-of-scope`: auth policies on resource
/// configurations are checked, never evaluated.
pub const RESOURCE_CONFIGURATIONS_OUT_OF_SCOPE: &str = "resource-configurations-out-of-scope";
/// `smallest-size-limit`: the policy size limit.
pub const SMALLEST_SIZE_LIMIT: &str = "smallest-size-limit";
/// `newlines-allowed`: pretty-printed policies get no finding.
pub const NEWLINES_ALLOWED: &str = "newlines-allowed";
/// `missing-version-is-2008`: no `Version` means `2008-10-17`.
pub const MISSING_VERSION_IS_2008: &str = "missing-version-is-2008";
/// `sid-iam-rule`: `Sid`s follow IAM's rule.
pub const SID_IAM_RULE: &str = "sid-iam-rule";
/// `no-variables-in-bool`: policy variables are not substituted in `Bool`.
pub const NO_VARIABLES_IN_BOOL: &str = "no-variables-in-bool";
/// `unqualified-multivalued-false`: an operator without a set qualifier on a
/// multi-valued key is false.
pub const UNQUALIFIED_MULTIVALUED_FALSE: &str = "unqualified-multivalued-false";
/// `exact-spelling`: names spelt as documented; a policy with errors is not evaluated.
pub const EXACT_SPELLING: &str = "exact-spelling";
/// `lenient-value-spellings`: booleans, numbers and dates in condition values.
pub const LENIENT_VALUE_SPELLINGS: &str = "lenient-value-spellings";
/// `tag-keys-case-sensitive`: tag keys compare case-sensitively.
pub const TAG_KEYS_CASE_SENSITIVE: &str = "tag-keys-case-sensitive";
/// `principal-type-values`: the values of `aws:PrincipalType`.
pub const PRINCIPAL_TYPE_VALUES: &str = "principal-type-values";
/// `network-layer-same-resource`: the network policy sees the service's resource.
pub const NETWORK_LAYER_SAME_RESOURCE: &str = "network-layer-same-resource";
/// `global-keys-lattice-fills`: which `aws:` keys a Lattice request has.
pub const GLOBAL_KEYS_LATTICE_FILLS: &str = "global-keys-lattice-fills";
/// `principal-required`: an auth-policy statement needs `Principal` or `NotPrincipal`.
pub const PRINCIPAL_REQUIRED: &str = "principal-required";
/// `session-principal-arn-without-path`: a session's `aws:PrincipalArn`.
pub const SESSION_PRINCIPAL_ARN_WITHOUT_PATH: &str = "session-principal-arn-without-path";
/// `empty-condition-values-match-nothing`: a clause with no values matches no value.
pub const EMPTY_CONDITION_VALUES_MATCH_NOTHING: &str = "empty-condition-values-match-nothing";
/// `synthetic-user-ids`: `aws:userid` values are made up, the same for the same principal.
pub const SYNTHETIC_USER_IDS: &str = "synthetic-user-ids";
/// `unmodelled-principals-match-nothing`: service, federated and canonical-user
/// principals name no caller a request can be.
pub const UNMODELLED_PRINCIPALS_MATCH_NOTHING: &str = "unmodelled-principals-match-nothing";
/// `source-ip-not-assumed`: private `aws:SourceIp` ranges are warnings.
pub const SOURCE_IP_NOT_ASSUMED: &str = "source-ip-not-assumed";
/// `request-values-in-domain`: a request value outside its key's domain is refused.
pub const REQUEST_VALUES_IN_DOMAIN: &str = "request-values-in-domain";
/// `organization-path-starts-with-id`: an organization path begins with its
/// organization id, and organization ids hold no `/`.
pub const ORGANIZATION_PATH_STARTS_WITH_ID: &str = "organization-path-starts-with-id";
/// `eval-defaults-from-policy`: a request that names no service (or service
/// network) is about the one the service policy names.
pub const EVAL_DEFAULTS_FROM_POLICY: &str = "eval-defaults-from-policy";

/// `unknown-values-bounded`: a policy with deploy-time values lies between two bounds.
pub const UNKNOWN_VALUES_BOUNDED: &str = "unknown-values-bounded";
/// `eval-undetermined`: `policy eval`'s answer when it depends on deploy-time values.
pub const EVAL_UNDETERMINED: &str = "eval-undetermined";
/// `unknown-clause-extremes`: how far one unknown widens or narrows its place.
pub const UNKNOWN_CLAUSE_EXTREMES: &str = "unknown-clause-extremes";
/// `unknown-findings-weighed`: what `policy check` reports on a policy with unknowns.
pub const UNKNOWN_FINDINGS_WEIGHED: &str = "unknown-findings-weighed";
/// `unknown-ids-fixed`: the lint reads an unknown account or organization id
/// as one fresh id, and asks again with each id the policy names.
pub const UNKNOWN_IDS_FIXED: &str = "unknown-ids-fixed";
/// `unknown-version-is-2012`: an unknown `Version` is read as `2012-10-17`.
pub const UNKNOWN_VERSION_IS_2012: &str = "unknown-version-is-2012";
/// `partial-values-wholly-unknown`: a partly unknown string is wholly unknown.
pub const PARTIAL_VALUES_WHOLLY_UNKNOWN: &str = "partial-values-wholly-unknown";
/// `policy-shaped-json`: which `.json` files `policy check` reads as policies
/// (`package.json` is skipped; a policy with misspelt elements is not).
pub const POLICY_SHAPED_JSON: &str = "policy-shaped-json";
/// `absent-baseline-allows-nothing`: a policy with no version to compare with
/// at a git revision is compared with a policy that allows nothing.
pub const ABSENT_BASELINE_ALLOWS_NOTHING: &str = "absent-baseline-allows-nothing";
/// `terraform-var-files-read`: where Terraform variables come from when a
/// module is checked, and that a `default` is not one of them.
pub const TERRAFORM_VAR_FILES_READ: &str = "terraform-var-files-read";
/// `replay-outcome-from-record`: which access log records are denials, at which layer, and which are skipped.
pub const REPLAY_OUTCOME_FROM_RECORD: &str = "replay-outcome-from-record";
/// `replay-caller-from-record`: the caller, protocol and source VPC owner of an access log record.
pub const REPLAY_CALLER_FROM_RECORD: &str = "replay-caller-from-record";
/// `replay-unlogged-values`: a record's answer is exact only where every value of what it lacks agrees.
pub const REPLAY_UNLOGGED_VALUES: &str = "replay-unlogged-values";
/// `replay-layer-not-given`: denials by a layer the replay was not given are disagreements.
pub const REPLAY_LAYER_NOT_GIVEN: &str = "replay-layer-not-given";
/// `authentication-before-policy`: a request read from the wire whose
/// signature Lattice would reject is denied, with the policy's answer shown
/// as what would happen once it is fixed.
pub const AUTHENTICATION_BEFORE_POLICY: &str = "authentication-before-policy";
/// `imds-v1-only-when-asked`: the instance metadata service is spoken to
/// with IMDSv2 sessions only, unless `--imds-v1` allows the fallback.
pub const IMDS_V1_ONLY_WHEN_ASKED: &str = "imds-v1-only-when-asked";
/// `cached-credentials-never-sts`: role and Identity Center profiles use
/// the AWS CLI's cached credentials, never a call to STS or SSO.
pub const CACHED_CREDENTIALS_NEVER_STS: &str = "cached-credentials-never-sts";
/// `analysis-budget-counted`: the analysis's time budget is counted steps
/// of work, the wall clock only a safety net far above it.
pub const ANALYSIS_BUDGET_COUNTED: &str = "analysis-budget-counted";

/// `(name, one-line summary)` for every decision, in the order of
/// `docs/semantics.md`.
pub const DECISIONS: &[(&str, &str)] = &[
    (IDENTITY_LAYER_ASSUMED, "no identity policies were given, so the caller's identity layer is assumed to allow"),
    (AUTH_TYPE_NONE_ALLOWS, "both auth types are `NONE`: no auth policy applies and the request is allowed unevaluated"),
    (NETWORK_LAYER_SAME_RESOURCE, "the service network policy sees the same resource (service ARN and path) as the service policy"),
    (TLS_CONNECT_ONLY, "a TLS listener request is `Connect` on the bare service ARN from an anonymous caller, with only the TLS keys and the service's tags"),
    (RESOURCE_IS_SERVICE_ARN_AND_PATH, "the request's resource is the service ARN followed by the path as given, without the query string"),
    (BARE_SERVICE_ARN_CONNECT_ONLY, "a bare service ARN as `Resource` covers only `Connect` (TLS) requests, never `Invoke`"),
    (NON_ARN_RESOURCE_WHOLE_MATCH, "a `Resource` that does not start with `arn:` is matched against the whole request ARN, `*` crossing `:` and `/`"),
    (REQUEST_PATH_ALWAYS_PRESENT, "`vpc-lattice-svcs:RequestPath` is present for HTTP and gRPC requests, signed or anonymous"),
    (GLOBAL_KEYS_LATTICE_FILLS, "only the global keys Lattice fills are present; other `aws:` keys exist only when the request supplies them"),
    (PRINCIPAL_TYPE_VALUES, "`aws:PrincipalType` is `Account`, `User`, `FederatedUser`, `AssumedRole` or `Anonymous`; a request names no other"),
    (SESSION_PRINCIPAL_ARN_WITHOUT_PATH, "a role session's `aws:PrincipalArn` is the role ARN without its path"),
    (ORGANIZATION_PATH_STARTS_WITH_ID, "an organization path begins with its organization id, and an organization id holds no `/`"),
    (REQUEST_VALUES_IN_DOMAIN, "a request value outside its key's domain (an organization id that is not `o-` and 10 to 32 lower-case letters and digits, …) is refused, and matches no request in the analysis"),
    (SYNTHETIC_USER_IDS, "`aws:userid` is made up from the account and the name, since only AWS knows the real unique ids"),
    (KEY_NAME_CASE, "condition key names compare case-insensitively, header names included; query-string keys and tag keys compare case-sensitively"),
    (TAG_KEYS_CASE_SENSITIVE, "tag keys compare case-sensitively"),
    (UNQUALIFIED_MULTIVALUED_FALSE, "an operator without `ForAnyValue:`/`ForAllValues:` on a multi-valued key is false"),
    (EMPTY_CONDITION_VALUES_MATCH_NOTHING, "a condition clause with an empty list of values matches no value: a positive operator is false, a negated one true"),
    (NO_VARIABLES_IN_BOOL, "policy variables are not substituted in `Bool` conditions"),
    (MISSING_VERSION_IS_2008, "a policy without `Version` is read as `2008-10-17`: policy variables are plain text"),
    (LENIENT_VALUE_SPELLINGS, "boolean values compare in any case, numbers may be strings, and a date without a time means midnight UTC"),
    (EXACT_SPELLING, "element names, operator names and `Effect` values must be spelt as documented; a policy with an error is not evaluated"),
    (UNMODELLED_PRINCIPALS_MATCH_NOTHING, "service, federated-provider and canonical-user principals, and principal values that are no ARN or account id, match no request"),
    (NOT_PRINCIPAL_EVALUATED, "`NotPrincipal` is evaluated as IAM defines it, although Lattice does not document it"),
    (PRINCIPAL_REQUIRED, "every auth-policy statement needs `Principal` or `NotPrincipal`; identity-policy statements may have neither"),
    (SID_IAM_RULE, "a `Sid` holds letters and digits only and is unique in its policy, as IAM requires; a violation is a warning"),
    (SMALLEST_SIZE_LIMIT, "a policy may hold at most 10,000 characters outside whitespace, the smallest limit AWS documents"),
    (NEWLINES_ALLOWED, "newlines in a policy get no finding, although the API page forbids them"),
    (RESOURCE_CONFIGURATIONS_OUT_OF_SCOPE, "auth policies of resource configurations can be checked but are not evaluated"),
    (SOURCE_IP_NOT_ASSUMED, "what `aws:SourceIp` holds inside a VPC is undocumented, so private ranges in it are warnings, not errors"),
    (EVAL_DEFAULTS_FROM_POLICY, "a request that names no service or service network is about the one the service policy names (the first, when it names several); the answer says which fields were defaulted and to what"),
    (UNKNOWN_VALUES_BOUNDED, "a value known only at deploy time is bounded: the policy is evaluated as the most and the least permissive policy its values could make, and an answer the two disagree on depends on them"),
    (EVAL_UNDETERMINED, "a request allowed for some deploy-time values and denied for others is `undetermined`, names the expressions it depends on and where they are written, and exits 1"),
    (UNKNOWN_CLAUSE_EXTREMES, "an unknown item is `*` or left out, an unknown condition value matches every value of a present key or none, whichever widens or narrows its statement"),
    (UNKNOWN_FINDINGS_WEIGHED, "on a policy with unknowns, access findings use the permissive bound and say when they depend on the unknowns; a finding an unknown could make false becomes `UNRESOLVED_VALUE`"),
    (UNKNOWN_IDS_FIXED, "`policy check` reads an account or organization id known only at deploy time as one id no literal of the policy names, so the rules answer exactly for every such id, and asks again with each id the policy names: a finding that changes then says it depends on the value"),
    (UNKNOWN_VERSION_IS_2012, "a `Version` known only at deploy time is read as `2012-10-17`"),
    (PARTIAL_VALUES_WHOLLY_UNKNOWN, "a string only partly known at deploy time (`arn:aws:iam::${AWS::AccountId}:root`) is wholly unknown"),
    (POLICY_SHAPED_JSON, "a `.json` file whose top level has no key like `Statement` or `Version` (`package.json`) is skipped and counted; a policy with misspelt elements is still checked"),
    (ABSENT_BASELINE_ALLOWS_NOTHING, "comparing with a git revision, a policy that did not exist there (or could not be evaluated there) is compared with one that allows nothing: everything it allows is new access; a policy removed closes everything it allowed"),
    (TERRAFORM_VAR_FILES_READ, "a Terraform module's variables come from its directory's `terraform.tfvars` and `*.auto.tfvars`, then `--var-file`, then `--var`; a variable's `default` is not used"),
    (REPLAY_OUTCOME_FROM_RECORD, "an access log record is a denial when `failureReason` is `ClientAccessDenied` (or 403 with `authDeniedReason`), at that layer; rate-limited and protocol-error records are skipped; the rest passed authorization"),
    (REPLAY_CALLER_FROM_RECORD, "a record's caller is `callerPrincipal`, else an ARN in `resolvedUser`, else anonymous; gRPC by `grpcResponseCode`, TLS without method and path, HTTPS with TLS fields, else HTTP"),
    (REPLAY_UNLOGGED_VALUES, "a replayed record is decided only where every value of what it does not carry (other headers, query, port, tags, role path) gives the same answer; otherwise it is undetermined, naming the keys"),
    (REPLAY_LAYER_NOT_GIVEN, "a record denied by a layer the replay was not given, or by another layer than the policies, is disagreeing; with `--current`, so is any record decided otherwise than logged"),
    (AUTHENTICATION_BEFORE_POLICY, "a request from the wire (`--http`, `--curl`) whose signature Lattice would reject is denied at authentication (exit status 1), and the policy's answer is shown as what would happen once the signature is fixed; a signed request's caller is `--principal`, else the account its access key id encodes"),
    (IMDS_V1_ONLY_WHEN_ASKED, "the instance metadata service is asked with IMDSv2 session tokens only; IMDSv1 only with `--imds-v1`, and never when `AWS_EC2_METADATA_V1_DISABLED` is true; metadata requests never use a proxy"),
    (CACHED_CREDENTIALS_NEVER_STS, "assume-role, web identity and IAM Identity Center profiles use the AWS CLI's cached credentials while they are valid; where a call to STS or SSO would be needed, `policy call` stops and says what to run, and the offline chain skips the source"),
    (ANALYSIS_BUDGET_COUNTED, "the analysis's time budget is counted steps of work (500,000 a second), so that the same policy gets the same answer on any machine at any load; the wall clock stops it only at ten times the budget"),
];

/// The whole of `docs/semantics.md`, compiled in.
pub const SEMANTICS: &str = include_str!("../../docs/semantics.md");

/// The summary of the decision called `name` (`"identity-layer-assumed"`),
/// if there is one.
pub fn describe(name: &str) -> Option<&'static str> {
    DECISIONS
        .iter()
        .find(|(d, _)| *d == name)
        .map(|(_, text)| *text)
}

/// The decision called `name`, compared ignoring case and with `_` read as
/// `-`, as the name is spelt in [`DECISIONS`].
pub fn find(name: &str) -> Option<&'static str> {
    let wanted = name.trim().to_ascii_lowercase().replace('_', "-");
    DECISIONS.iter().map(|(d, _)| *d).find(|d| *d == wanted)
}

/// The section of `docs/semantics.md` that states the decision called `name`: the text
/// under its heading (`` ### `name` ``), up to the next heading.
pub fn document(name: &str) -> Option<&'static str> {
    let heading = format!("### `{name}`");
    let start = SEMANTICS.find(&heading)? + heading.len();
    let rest = SEMANTICS.get(start..)?;
    let end = rest.find("\n#").map_or(rest.len(), |at| at + 1);
    rest.get(..end).map(str::trim)
}

/// Every decision name `docs/semantics.md` defines, in order: the headings
/// of the form `` ### `name` ``.
pub fn documented_names() -> impl Iterator<Item = &'static str> {
    SEMANTICS.lines().filter_map(|line| {
        line.strip_prefix("### `")
            .and_then(|rest| rest.strip_suffix('`'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_decision_has_a_section_and_every_section_a_decision() {
        let named: Vec<&str> = DECISIONS.iter().map(|(d, _)| *d).collect();
        let documented: Vec<&str> = documented_names().collect();
        assert_eq!(named, documented, "DECISIONS and docs/semantics.md differ");
        for name in named {
            let text = document(name).unwrap_or_default();
            assert!(text.len() > 200, "{name}: {text:?}");
            assert!(
                text.contains("https://docs.aws.amazon.com/"),
                "{name} cites no AWS page"
            );
        }
    }

    #[test]
    fn names_are_kebab_case_and_found_in_any_spelling() {
        for (name, _) in DECISIONS {
            assert!(name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
            assert_eq!(
                find(&name.to_ascii_uppercase().replace('-', "_")),
                Some(*name)
            );
        }
        // Decisions have names, not the numbers of the notes they came from.
        assert_eq!(find(&format!("D{}", 7)), None);
    }
}
