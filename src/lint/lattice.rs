//! What the Lattice rules know about VPC Lattice requests: their two actions,
//! the shape of their resource ARN, which condition keys they carry, and the
//! values some keys can take.

use crate::keys::{self, Callers, Domain, Presence, Protocol, Protocols, PRINCIPAL_TYPES};
use crate::model::{
    BaseOperator, Clause, ConditionBlock, ConditionValue, Effect, OperatorFamily, Patterns,
    PrincipalKind, Principals, Statement,
};
use crate::wildcard::{split_arn, Case, Wildcard};

pub use crate::eval::request::{CONNECT, INVOKE};

/// True when the action pattern `text` matches `action` (case-insensitive, with wildcards).
pub fn action_matches(text: &str, action: &str) -> bool {
    if text == "*" {
        return true;
    }
    if !text.contains(['*', '?']) {
        return text.eq_ignore_ascii_case(action);
    }
    Wildcard::parse(text).matches(action, Case::Insensitive)
}

/// True when an `Action`/`NotAction` element lets its statement apply to `action`.
pub fn covers(actions: &Patterns, action: &str) -> bool {
    actions
        .items
        .iter()
        .any(|i| action_matches(&i.value, action))
        != actions.negated
}

/// True when an `Action` item names `vpc-lattice-svcs:Connect` without also
/// matching `Invoke` (`vpc-lattice-svcs:Connect`, `vpc-lattice-svcs:Conn*`):
/// the author meant TLS listeners.
pub fn names_connect(text: &str) -> bool {
    action_matches(text, CONNECT) && !action_matches(text, INVOKE)
}

/// True when `text` is the ARN of a VPC Lattice service with no path after
/// it (`arn:aws:vpc-lattice:R:A:service/svc-…`): the resource of `Connect`,
/// never of `Invoke` (decision `bare-service-arn-connect-only`).
pub fn is_bare_service_arn(text: &str) -> bool {
    let Some([arn, _, service, _, _, resource]) = split_arn(text) else {
        return false;
    };
    arn == "arn"
        && service == "vpc-lattice"
        && resource
            .strip_prefix("service/")
            .is_some_and(|id| !id.is_empty() && !id.contains(['/', '*', '?']))
}

/// True for the keys that describe the caller (its type, account, ARN,
/// organization, tags, ids), by the request-key table.
pub fn is_identity_key(key: &str) -> bool {
    keys::lookup(key).is_some_and(|k| k.describes_caller())
}

/// True for the caller keys that some callers lack: anonymous callers lack
/// them all; signed callers outside an organization (`aws:PrincipalOrgID`,
/// `aws:PrincipalOrgPaths`), without a tag (`aws:PrincipalTag/…`) or other
/// than IAM users (`aws:username`) lack some.
pub fn is_optional_identity_key(key: &str) -> bool {
    keys::lookup(key).is_some_and(|k| k.callers == Callers::Signed)
}

/// True for the keys that come from the HTTP request, which TLS connections
/// lack: the keys TLS does not carry that do not describe the caller
/// (method, path, headers, query string, `aws:SecureTransport`, `aws:SourceIp`).
pub fn is_http_key(key: &str) -> bool {
    keys::lookup(key).is_some_and(|k| !k.protocols.contains(Protocol::Tls) && !k.describes_caller())
}

/// True for the keys every request carries whoever sends it (HTTP, gRPC and
/// TLS alike): a `ForAllValues:` condition on one never meets a missing key.
pub fn is_always_present(key: &str) -> bool {
    keys::lookup(key).is_some_and(|k| {
        k.callers == Callers::Everyone
            && k.protocols == Protocols::ALL
            && k.presence == Presence::Always
    })
}

/// The domain of `key` when the linter can check string values against it:
/// a key of the request-key table whose domain is a language of its own
/// (not any text, a number, a time or an address).
pub fn text_domain(key: &str) -> Option<Domain> {
    keys::lookup(key)
        .map(|k| k.domain)
        .filter(|d| d.language().is_some())
}

/// True when a request value of `domain` can match `value` under the string
/// operator `base` (its positive form).
pub fn admits(domain: Domain, value: &str, base: BaseOperator) -> bool {
    let wildcards = matches!(base, BaseOperator::StringLike | BaseOperator::StringNotLike);
    domain.admits(value, wildcards, string_case(base) == Case::Insensitive)
}

/// The value the author probably meant: the one of the domain that equals
/// `value` ignoring case.
pub fn suggestion(domain: Domain, value: &str) -> Option<String> {
    let closed: &[&str] = match domain {
        Domain::PrincipalType => PRINCIPAL_TYPES,
        Domain::Bool => &["true", "false"],
        _ => &[],
    };
    if !closed.is_empty() {
        return closed
            .iter()
            .find(|v| v.eq_ignore_ascii_case(value))
            .map(|v| (*v).to_string());
    }
    [value.to_ascii_uppercase(), value.to_ascii_lowercase()]
        .into_iter()
        .find(|v| v != value && domain.admits(v, true, false))
}

/// How a string operator compares letters.
pub fn string_case(base: BaseOperator) -> Case {
    match base {
        BaseOperator::StringEqualsIgnoreCase | BaseOperator::StringNotEqualsIgnoreCase => {
            Case::Insensitive
        }
        _ => Case::Sensitive,
    }
}

/// The `IgnoreCase` form of a case-sensitive string operator, if it has one.
pub fn ignore_case_form(base: BaseOperator) -> Option<&'static str> {
    match base {
        BaseOperator::StringEquals => Some("StringEqualsIgnoreCase"),
        BaseOperator::StringNotEquals => Some("StringNotEqualsIgnoreCase"),
        _ => None,
    }
}

/// True when the statement's principal element names every caller, anonymous
/// ones included: `"*"`, `{"AWS": "*"}`, or any `NotPrincipal`.
pub fn names_everyone(statement: &Statement) -> bool {
    statement.principal.as_ref().is_some_and(|p| {
        p.negated
            || match &p.value {
                Principals::Everyone => true,
                Principals::Map(entries) => entries.iter().any(|e| {
                    e.kind.value == PrincipalKind::Aws && e.values.iter().any(|v| v.value == "*")
                }),
            }
    })
}

/// A condition value that the key never takes.
#[derive(Clone, Copy, Debug)]
pub struct ImpossibleValue<'s> {
    /// The block (operator).
    pub block: &'s ConditionBlock,
    /// The clause (key).
    pub clause: &'s Clause,
    /// The value.
    pub value: &'s ConditionValue,
    /// The key's values.
    pub domain: Domain,
    /// True when the dead value opens access: a negated operator in an
    /// `Allow`, or a positive one in a `Deny`, meant to keep callers out
    /// (for `aws:PrincipalType`, only when the statement names every caller).
    pub opens: bool,
}

/// Every string-condition value of `statement` that its key never takes
/// (values with policy variables are skipped when `variables` is true).
pub fn impossible_values(statement: &Statement, variables: bool) -> Vec<ImpossibleValue<'_>> {
    let mut found = Vec::new();
    for crate::model::ClauseRef { block, clause, .. } in statement.clauses() {
        let base = block.operator.value.base;
        if base.family() != OperatorFamily::String {
            continue;
        }
        let Some(domain) = text_domain(&clause.key.value) else {
            continue;
        };
        // A source VPC that is not a VPC id is INVALID_VPC_FORMAT's.
        if domain == Domain::VpcId {
            continue;
        }
        let excluding = base.is_negated() == (statement.effect.value == Effect::Allow);
        let opens = excluding
            && (!clause.key.value.eq_ignore_ascii_case(keys::PRINCIPAL_TYPE)
                || names_everyone(statement));
        for value in &clause.values {
            if (variables && value.text.contains("${")) || admits(domain, &value.text, base) {
                continue;
            }
            found.push(ImpossibleValue {
                block,
                clause,
                value,
                domain,
                opens,
            });
        }
    }
    found
}

/// Why `value` never occurs as `key`'s value (of `domain`), for a message:
/// `` `aws:PrincipalType` is never `anonymous` (it is spelt `Anonymous`) ``.
pub fn never_text(key: &str, value: &str, domain: Domain) -> String {
    let closed = matches!(domain, Domain::PrincipalType | Domain::Bool);
    let why = match suggestion(domain, value) {
        Some(exact) if closed => format!("it is spelt `{exact}`"),
        _ => domain.describe(),
    };
    format!("`{key}` is never `{value}` ({why})")
}

/// How to fix a `value` of `domain` that never occurs under `base`.
pub fn help_text(domain: Domain, value: &str, base: BaseOperator) -> String {
    let suggested = suggestion(domain, value);
    let shaped = !matches!(
        domain,
        Domain::PrincipalType | Domain::Bool | Domain::Method
    );
    if let (true, Some(lower)) = (shaped, &suggested) {
        // Upper-case letters are usually a placeholder (`o-EXAMPLE…`):
        // say both.
        return format!(
            "the ids in it are lower-case: write `{lower}` if that is the value, or replace the placeholder with the real one"
        );
    }
    match (suggested, ignore_case_form(base)) {
        (Some(exact), Some(ignore)) => {
            format!("write `{exact}`, or compare with `{ignore}`")
        }
        (Some(exact), None) => format!("write `{exact}`"),
        (None, _) => match domain {
            Domain::PrincipalType | Domain::Bool => {
                let values: &[&str] = if domain == Domain::Bool {
                    &["true", "false"]
                } else {
                    PRINCIPAL_TYPES
                };
                let list: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                format!("use one of {}", list.join(", "))
            }
            Domain::Method => {
                "write the method in upper case, such as `GET` or `POST`".to_string()
            }
            Domain::OrgId => {
                "write your organization's id, such as `o-a1b2c3d4e5` (`aws organizations describe-organization`)".to_string()
            }
            Domain::OrgPath => {
                "write the path with the real, lower-case ids, such as `o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*`".to_string()
            }
            Domain::TagValue => {
                "write the tag value the callers carry: a template placeholder that was never filled in (`$NAME`, `{{name}}`) is compared as written".to_string()
            }
            Domain::Path => "write the path as requests carry it, starting with `/`, such as `/api/*`".to_string(),
            Domain::ServiceArn | Domain::ServiceNetworkArn => format!(
                "write the ARN as VPC Lattice shows it, such as `{}`",
                domain.example()
            ),
            other => format!("write a value such as `{}`", other.example()),
        },
    }
}

impl ImpossibleValue<'_> {
    /// Why the value never occurs, for a message: `` `aws:PrincipalType` is never `anonymous` (…) ``.
    pub fn never(&self) -> String {
        never_text(&self.clause.key.value, &self.value.text, self.domain)
    }

    /// How to fix it.
    pub fn help(&self) -> String {
        help_text(
            self.domain,
            &self.value.text,
            self.block.operator.value.base,
        )
    }

    /// What the value was meant to match, for a message (`anonymous callers`), when that is clear.
    pub fn meant(&self) -> Option<String> {
        let v = suggestion(self.domain, &self.value.text)?;
        Some(match self.domain {
            Domain::PrincipalType if v == "Anonymous" => "anonymous callers".to_string(),
            Domain::PrincipalType => format!("`{v}` callers"),
            Domain::Method => format!("`{v}` requests"),
            Domain::Bool => format!("requests where it is `{v}`"),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_service_arns() {
        let svc = "arn:aws:vpc-lattice:us-east-2:123456789012:service/svc-0285b53b2eEXAMPLE";
        assert!(is_bare_service_arn(svc));
        assert!(!is_bare_service_arn(&format!("{svc}/*")));
        assert!(!is_bare_service_arn(&format!("{svc}*")));
        assert!(!is_bare_service_arn("*"));
        assert!(!is_bare_service_arn(
            "arn:aws:vpc-lattice:r:a:servicenetwork/sn-1"
        ));
    }

    #[test]
    fn actions() {
        assert!(action_matches("*", CONNECT));
        assert!(action_matches("VPC-Lattice-Svcs:invoke", INVOKE));
        assert!(!action_matches("vpc-lattice:Invoke", INVOKE));
        assert!(names_connect("vpc-lattice-svcs:Connect"));
        assert!(!names_connect("vpc-lattice-svcs:*"));
    }

    #[test]
    fn domains_as_the_rules_see_them() {
        use BaseOperator::{StringEquals as Eq, StringEqualsIgnoreCase as EqI, StringLike as Like};
        let types = text_domain("AWS:principaltype").unwrap();
        assert!(!admits(types, "anonymous", Eq));
        assert!(admits(types, "anonymous", EqI));
        assert!(admits(types, "Anon*", Like));
        assert_eq!(suggestion(types, "anonymous").as_deref(), Some("Anonymous"));
        let method = text_domain("vpc-lattice-svcs:RequestMethod").unwrap();
        assert!(!admits(method, "get", Eq));
        assert!(admits(method, "get", EqI));
        assert!(admits(method, "P*", Like));
        assert!(!admits(method, "G*", Eq));
        assert_eq!(suggestion(method, "get").as_deref(), Some("GET"));
        let org = text_domain("aws:PrincipalOrgID").unwrap();
        assert!(admits(org, "o-a1b2c3d4e5", Eq));
        assert!(!admits(org, "o-EXAMPLE12345", Eq));
        assert!(!admits(org, "o-ABC", Eq));
        assert!(admits(org, "o-EXAMPLE12345", EqI));
        assert!(admits(org, "o-*", Like));
        assert!(!admits(org, "O-*", Like));
        assert_eq!(
            suggestion(org, "o-EXAMPLE12345").as_deref(),
            Some("o-example12345")
        );
        let tag = text_domain("aws:PrincipalTag/team").unwrap();
        assert!(!admits(tag, "$SOURCE_CLUSTER", Eq));
        assert!(
            text_domain("vpc-lattice-svcs:RequestHeader/x").is_none(),
            "any text"
        );
        assert!(text_domain("vpc-lattice-svcs:Port").is_none(), "a number");
        assert!(text_domain("aws:SourceVpce").is_none(), "not carried");
    }

    #[test]
    fn presence_from_the_table() {
        assert!(is_identity_key("aws:principalorgid") && is_identity_key("aws:userid"));
        assert!(!is_identity_key("vpc-lattice-svcs:SourceVpc"));
        assert!(is_optional_identity_key("aws:PrincipalTag/team"));
        assert!(!is_optional_identity_key("aws:PrincipalType"));
        assert!(is_http_key("vpc-lattice-svcs:RequestPath"));
        assert!(
            !is_http_key("aws:ResourceTag/env"),
            "the service's tags reach TLS too"
        );
        assert!(is_always_present("vpc-lattice-svcs:SourceVpcOwnerAccount"));
        assert!(!is_always_present("aws:SecureTransport"));
    }
}
