//! What the Lattice rules know about VPC Lattice requests: their two actions,
//! the shape of their resource ARN, which condition keys they carry, and the
//! values some keys can take.

use crate::eval::request::keys;
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

/// True for the keys that describe the caller's identity: anonymous callers
/// and TLS connections lack all of them but `aws:PrincipalType`,
/// `aws:PrincipalAccount` (and, over HTTP, `aws:userid`).
pub fn is_identity_key(key: &str) -> bool {
    use KeyKind as K;
    matches!(
        key_kind(key),
        K::Caller | K::UserId | K::Signed | K::Org | K::Tag | K::Username
    )
}

/// True for the identity keys that some callers lack: anonymous callers lack
/// them all; signed callers outside an organization (`aws:PrincipalOrgID`,
/// `aws:PrincipalOrgPaths`), without a tag (`aws:PrincipalTag/…`) or other
/// than IAM users (`aws:username`) lack some.
pub fn is_optional_identity_key(key: &str) -> bool {
    use KeyKind as K;
    matches!(key_kind(key), K::Signed | K::Org | K::Tag | K::Username)
}

/// True for the keys that come from the HTTP request, which TLS connections
/// lack (decision `tls-connect-only`): method, path, headers, query string, and
/// the keys Lattice only
/// fills for HTTP and gRPC.
pub fn is_http_key(key: &str) -> bool {
    matches!(key_kind(key), KeyKind::Http | KeyKind::HttpOptional)
}

/// True for the keys every request carries whoever sends it (HTTP, gRPC and
/// TLS alike): a `ForAllValues:` condition on one never meets a missing key.
pub fn is_always_present(key: &str) -> bool {
    matches!(
        key_kind(key),
        KeyKind::Always | KeyKind::Network | KeyKind::Caller
    )
}

/// The condition keys of Lattice requests, by who carries them
/// (docs/semantics.md#condition-keys-a-lattice-request-carries, decision
/// `tls-connect-only`, decision `global-keys-lattice-fills`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    /// Port, service and network ARNs, the time: every request has them.
    Always,
    /// Method, path, `aws:SecureTransport`: every HTTP and gRPC request has them.
    Http,
    /// Headers, query string, source IP, service tags: some HTTP requests have them.
    HttpOptional,
    /// The source VPC and its owner.
    Network,
    /// `aws:PrincipalType`, `aws:PrincipalAccount`: every caller has them.
    Caller,
    /// `aws:userid`.
    UserId,
    /// `aws:PrincipalArn`, `aws:PrincipalIsAWSService`: signed callers only.
    Signed,
    /// `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`: callers in an organization.
    Org,
    /// `aws:PrincipalTag/…`.
    Tag,
    /// `aws:username`: IAM users.
    Username,
    /// Any other key: Lattice fills none (decision `global-keys-lattice-fills`).
    Other,
}

/// The kind of `key` (any case).
pub fn key_kind(key: &str) -> KeyKind {
    let is = |names: &[&str]| names.iter().any(|n| key.eq_ignore_ascii_case(n));
    let has_prefix = |prefixes: &[&str]| {
        prefixes.iter().any(|p| {
            key.len() > p.len()
                && key
                    .get(..p.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(p))
        })
    };
    if is(&[
        keys::PORT,
        keys::SERVICE_ARN,
        keys::SERVICE_NETWORK_ARN,
        keys::CURRENT_TIME,
        keys::EPOCH_TIME,
    ]) {
        KeyKind::Always
    } else if is(&[
        keys::REQUEST_METHOD,
        keys::REQUEST_PATH,
        keys::SECURE_TRANSPORT,
    ]) {
        KeyKind::Http
    } else if is(&[keys::SOURCE_IP])
        || has_prefix(&[
            keys::REQUEST_HEADER,
            keys::REQUEST_QUERY_STRING,
            keys::RESOURCE_TAG,
        ])
    {
        KeyKind::HttpOptional
    } else if is(&[keys::SOURCE_VPC, keys::SOURCE_VPC_OWNER_ACCOUNT]) {
        KeyKind::Network
    } else if is(&[keys::PRINCIPAL_TYPE, keys::PRINCIPAL_ACCOUNT]) {
        KeyKind::Caller
    } else if is(&[keys::USERID]) {
        KeyKind::UserId
    } else if is(&[keys::PRINCIPAL_ARN, keys::PRINCIPAL_IS_AWS_SERVICE]) {
        KeyKind::Signed
    } else if is(&[keys::PRINCIPAL_ORG_ID, keys::PRINCIPAL_ORG_PATHS]) {
        KeyKind::Org
    } else if has_prefix(&[keys::PRINCIPAL_TAG]) {
        KeyKind::Tag
    } else if is(&[keys::USERNAME]) {
        KeyKind::Username
    } else {
        KeyKind::Other
    }
}

/// The values a key can take, for the keys whose values are a small known set
/// or have a known shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueSpace {
    /// One of these exact strings.
    OneOf(&'static [&'static str]),
    /// An HTTP method: upper-case letters.
    Method,
    /// An AWS Organizations id: `o-` and 10 to 32 lower-case letters and digits.
    OrgId,
    /// An organization path (`o-…/r-…/ou-…/`): lower-case letters, digits, `-` and `/`.
    OrgPath,
    /// The value of an IAM or session tag: letters, digits, spaces and
    /// `_ . : / = + - @`, at most 256 characters (IAM and STS `Tag`).
    TagValue,
    /// The ARN of a VPC Lattice resource whose resource part is this prefix
    /// (`service/svc-`, `servicenetwork/sn-`) and 17 lower-case letters and digits.
    LatticeArn(&'static str),
}

/// `aws:PrincipalType`'s values (docs/semantics.md#callers, decision `principal-type-values`).
pub const PRINCIPAL_TYPES: &[&str] = &[
    "Account",
    "User",
    "FederatedUser",
    "AssumedRole",
    "Anonymous",
];

const BOOLEANS: &[&str] = &["true", "false"];

/// The value space of `key`, when the linter knows it.
pub fn value_space(key: &str) -> Option<ValueSpace> {
    let is = |name: &str| key.eq_ignore_ascii_case(name);
    if is(keys::PRINCIPAL_TYPE) {
        Some(ValueSpace::OneOf(PRINCIPAL_TYPES))
    } else if is(keys::REQUEST_METHOD) {
        Some(ValueSpace::Method)
    } else if is(keys::SECURE_TRANSPORT) || is(keys::PRINCIPAL_IS_AWS_SERVICE) {
        Some(ValueSpace::OneOf(BOOLEANS))
    } else if is(keys::PRINCIPAL_ORG_ID) {
        Some(ValueSpace::OrgId)
    } else if is(keys::PRINCIPAL_ORG_PATHS) {
        Some(ValueSpace::OrgPath)
    } else if key_kind(key) == KeyKind::Tag {
        Some(ValueSpace::TagValue)
    } else if is(keys::SERVICE_ARN) {
        Some(ValueSpace::LatticeArn(SERVICE_ID_PREFIX))
    } else if is(keys::SERVICE_NETWORK_ARN) {
        Some(ValueSpace::LatticeArn(NETWORK_ID_PREFIX))
    } else {
        None
    }
}

/// The resource part of a service ARN, before the id.
const SERVICE_ID_PREFIX: &str = "service/svc-";
/// The resource part of a service network ARN, before the id.
const NETWORK_ID_PREFIX: &str = "servicenetwork/sn-";

/// True for the characters IAM and STS accept in a tag value.
fn is_tag_char(c: char) -> bool {
    c.is_alphanumeric() || c.is_whitespace() || "_.:/=+-@".contains(c)
}

/// True when every character of `value` other than the wildcards (when
/// `wildcards`) is one that `allowed` accepts; with `Case::Insensitive` a
/// letter passes when either of its cases does.
fn literal_chars_in(value: &str, wildcards: bool, case: Case, allowed: fn(char) -> bool) -> bool {
    value.chars().all(|c| {
        (wildcards && matches!(c, '*' | '?'))
            || allowed(c)
            || (case == Case::Insensitive
                && (allowed(c.to_ascii_lowercase()) || allowed(c.to_ascii_uppercase())))
    })
}

fn is_lower_id_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

/// True when `id` is `len` lower-case letters and digits (`min..=max` of them).
fn is_lower_id(id: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&id.len()) && id.chars().all(is_lower_id_char)
}

/// True when `text` is the ARN of a VPC Lattice resource whose resource part
/// is `prefix` and a 17-character id.
fn is_lattice_arn(text: &str, prefix: &str) -> bool {
    let Some([arn, partition, service, region, account, resource]) = split_arn(text) else {
        return false;
    };
    arn == "arn"
        && partition.starts_with("aws")
        && service == "vpc-lattice"
        && !region.is_empty()
        && region
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && account.len() == 12
        && account.chars().all(|c| c.is_ascii_digit())
        && resource
            .strip_prefix(prefix)
            .is_some_and(|id| is_lower_id(id, 17, 17))
}

impl ValueSpace {
    /// True when a request value of this space can match `value` under the
    /// string operator `base` (its positive form).
    pub fn admits(self, value: &str, base: BaseOperator) -> bool {
        let case = string_case(base);
        let wildcards = matches!(base, BaseOperator::StringLike | BaseOperator::StringNotLike);
        match self {
            ValueSpace::OneOf(values) => {
                let pattern = Wildcard::new(value, wildcards);
                values.iter().any(|v| pattern.matches(v, case))
            }
            ValueSpace::Method => {
                !value.is_empty()
                    && value.chars().all(|c| {
                        (wildcards && matches!(c, '*' | '?'))
                            || c.is_ascii_uppercase()
                            || (case == Case::Insensitive && c.is_ascii_lowercase())
                    })
            }
            // With wildcards only the characters can be checked; an exact
            // value must have the whole shape.
            ValueSpace::OrgId => {
                if wildcards && value.contains(['*', '?']) {
                    literal_chars_in(value, true, case, |c| is_lower_id_char(c) || c == '-')
                } else {
                    let value = lower_if(value, case);
                    value
                        .strip_prefix("o-")
                        .is_some_and(|id| is_lower_id(id, 10, 32))
                }
            }
            ValueSpace::OrgPath => literal_chars_in(value, wildcards, case, |c| {
                is_lower_id_char(c) || matches!(c, '-' | '/')
            }),
            ValueSpace::TagValue => {
                literal_chars_in(value, wildcards, case, is_tag_char)
                    && (wildcards || value.chars().count() <= 256)
            }
            ValueSpace::LatticeArn(prefix) => {
                if wildcards && value.contains(['*', '?']) {
                    literal_chars_in(value, true, case, |c| {
                        is_lower_id_char(c) || matches!(c, '-' | ':' | '/')
                    })
                } else {
                    is_lattice_arn(&lower_if(value, case), prefix)
                }
            }
        }
    }

    /// The value the author probably meant: the one that matches ignoring case.
    pub fn suggestion(self, value: &str) -> Option<String> {
        match self {
            ValueSpace::OneOf(values) => values
                .iter()
                .find(|v| v.eq_ignore_ascii_case(value))
                .map(|v| (*v).to_string()),
            ValueSpace::Method => {
                let upper = value.to_ascii_uppercase();
                ValueSpace::Method
                    .admits(&upper, BaseOperator::StringLike)
                    .then_some(upper)
            }
            ValueSpace::OrgId | ValueSpace::OrgPath | ValueSpace::LatticeArn(_) => {
                let lower = value.to_ascii_lowercase();
                (lower != value && self.admits(&lower, BaseOperator::StringLike)).then_some(lower)
            }
            ValueSpace::TagValue => None,
        }
    }

    /// Why a value outside the space never occurs, for a message.
    pub fn why(self) -> String {
        match self {
            ValueSpace::OneOf(values) => {
                let list: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                format!("its values are {}", list.join(", "))
            }
            ValueSpace::Method => "HTTP methods are upper-case".to_string(),
            ValueSpace::OrgId => {
                "organization ids are `o-` followed by 10 to 32 lower-case letters and digits"
                    .to_string()
            }
            ValueSpace::OrgPath => {
                "organization paths hold only lower-case letters, digits, `-` and `/`".to_string()
            }
            ValueSpace::TagValue => {
                "tag values hold only letters, digits, spaces and `_ . : / = + - @`".to_string()
            }
            ValueSpace::LatticeArn(prefix) => format!(
                "the ARN ends in `{prefix}` followed by 17 lower-case letters and digits, after a Region and a 12-digit account"
            ),
        }
    }
}

/// `value` lower-cased when compared without case.
fn lower_if(value: &str, case: Case) -> std::borrow::Cow<'_, str> {
    if case == Case::Insensitive {
        std::borrow::Cow::Owned(value.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(value)
    }
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
    pub space: ValueSpace,
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
        let Some(space) = value_space(&clause.key.value) else {
            continue;
        };
        let excluding = base.is_negated() == (statement.effect.value == Effect::Allow);
        let opens = excluding
            && (!clause.key.value.eq_ignore_ascii_case(keys::PRINCIPAL_TYPE)
                || names_everyone(statement));
        for value in &clause.values {
            if (variables && value.text.contains("${")) || space.admits(&value.text, base) {
                continue;
            }
            found.push(ImpossibleValue {
                block,
                clause,
                value,
                space,
                opens,
            });
        }
    }
    found
}

impl ImpossibleValue<'_> {
    /// Why the value never occurs, for a message: `` `aws:PrincipalType` is never `anonymous` (…) ``.
    pub fn never(&self) -> String {
        let why = match (self.space, self.space.suggestion(&self.value.text)) {
            (ValueSpace::OneOf(_), Some(exact)) => format!("it is spelt `{exact}`"),
            (space, _) => space.why(),
        };
        format!(
            "`{}` is never `{}` ({why})",
            self.clause.key.value, self.value.text
        )
    }

    /// How to fix it.
    pub fn help(&self) -> String {
        let base = self.block.operator.value.base;
        let shape = matches!(
            self.space,
            ValueSpace::OrgId | ValueSpace::OrgPath | ValueSpace::LatticeArn(_)
        );
        if let (true, Some(lower)) = (shape, self.space.suggestion(&self.value.text)) {
            // Upper-case letters are usually a placeholder (`o-EXAMPLE…`):
            // say both.
            return format!(
                "the ids in it are lower-case: write `{lower}` if that is the value, or replace the placeholder with the real one"
            );
        }
        match (
            self.space.suggestion(&self.value.text),
            ignore_case_form(base),
        ) {
            (Some(exact), Some(ignore)) => {
                format!("write `{exact}`, or compare with `{ignore}`")
            }
            (Some(exact), None) => format!("write `{exact}`"),
            (None, _) => match self.space {
                ValueSpace::OneOf(values) => {
                    let list: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                    format!("use one of {}", list.join(", "))
                }
                ValueSpace::Method => {
                    "write the method in upper case, such as `GET` or `POST`".to_string()
                }
                ValueSpace::OrgId => {
                    "write your organization's id, such as `o-a1b2c3d4e5` (`aws organizations describe-organization`)".to_string()
                }
                ValueSpace::OrgPath => {
                    "write the path with the real, lower-case ids, such as `o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*`".to_string()
                }
                ValueSpace::TagValue => {
                    "write the tag value the callers carry: a template placeholder that was never filled in (`$NAME`, `{{name}}`) is compared as written".to_string()
                }
                ValueSpace::LatticeArn(prefix) => format!(
                    "write the ARN as VPC Lattice shows it, such as `arn:aws:vpc-lattice:us-west-2:111122223333:{prefix}0123456789abcdef0`"
                ),
            },
        }
    }

    /// What the value was meant to match, for a message (`anonymous callers`), when that is clear.
    pub fn meant(&self) -> Option<String> {
        let principal_type = self
            .clause
            .key
            .value
            .eq_ignore_ascii_case(keys::PRINCIPAL_TYPE);
        let v = self.space.suggestion(&self.value.text)?;
        Some(match self.space {
            _ if principal_type && v == "Anonymous" => "anonymous callers".to_string(),
            _ if principal_type => format!("`{v}` callers"),
            ValueSpace::Method => format!("`{v}` requests"),
            ValueSpace::OneOf(_) => format!("requests where it is `{v}`"),
            ValueSpace::OrgId
            | ValueSpace::OrgPath
            | ValueSpace::TagValue
            | ValueSpace::LatticeArn(_) => return None,
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
    fn value_spaces() {
        let types = value_space("AWS:principaltype").unwrap();
        assert!(!types.admits("anonymous", BaseOperator::StringEquals));
        assert!(types.admits("anonymous", BaseOperator::StringEqualsIgnoreCase));
        assert!(types.admits("Anon*", BaseOperator::StringLike));
        assert_eq!(types.suggestion("anonymous").as_deref(), Some("Anonymous"));
        let method = value_space("vpc-lattice-svcs:RequestMethod").unwrap();
        assert!(!method.admits("get", BaseOperator::StringEquals));
        assert!(method.admits("get", BaseOperator::StringEqualsIgnoreCase));
        assert!(method.admits("P*", BaseOperator::StringLike));
        assert!(!method.admits("G*", BaseOperator::StringEquals));
        assert_eq!(method.suggestion("get").as_deref(), Some("GET"));
        let org = value_space("aws:PrincipalOrgID").unwrap();
        assert!(org.admits("o-a1b2c3d4e5", BaseOperator::StringEquals));
        assert!(!org.admits("o-EXAMPLE12345", BaseOperator::StringEquals));
        assert!(org.admits("o-EXAMPLE12345", BaseOperator::StringEqualsIgnoreCase));
        assert!(!org.admits("o-abc", BaseOperator::StringEquals));
        assert!(org.admits("o-*", BaseOperator::StringLike));
        assert!(!org.admits("O-*", BaseOperator::StringLike));
        assert_eq!(
            org.suggestion("o-EXAMPLE12345").as_deref(),
            Some("o-example12345")
        );
        let paths = value_space("aws:PrincipalOrgPaths").unwrap();
        assert!(paths.admits(
            "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*",
            BaseOperator::StringLike
        ));
        assert!(!paths.admits(
            "o-EXAMPLE12345/*/ou-EXAMPLE-dev0000/*",
            BaseOperator::StringLike
        ));
        let tag = value_space("aws:PrincipalTag/team").unwrap();
        assert!(tag.admits("payments team:a/b=c+d-e@f_g.h", BaseOperator::StringEquals));
        assert!(tag.admits("équipe", BaseOperator::StringEquals));
        assert!(tag.admits("pay*", BaseOperator::StringLike));
        assert!(!tag.admits("$SOURCE_CLUSTER", BaseOperator::StringEquals));
        assert!(!tag.admits("{{team}}", BaseOperator::StringLike));
        assert!(!tag.admits(&"a".repeat(257), BaseOperator::StringEquals));
        let network = value_space("vpc-lattice-svcs:ServiceNetworkArn").unwrap();
        let sn = "arn:aws:vpc-lattice:us-east-1:111122223333:servicenetwork/sn-0123456789abcdef0";
        assert!(network.admits(sn, BaseOperator::StringEquals));
        assert!(!network.admits(
            "arn:aws:vpc-lattice:us-east-1:001122334455:servicenetwork/your-service-network-id",
            BaseOperator::StringEquals
        ));
        assert!(!network.admits(
            "arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-0123456789abcdef0",
            BaseOperator::StringEquals
        ));
        assert!(network.admits(
            "arn:aws:vpc-lattice:*:111122223333:servicenetwork/*",
            BaseOperator::StringLike
        ));
        let service = value_space("vpc-lattice-svcs:ServiceArn").unwrap();
        assert!(!service.admits(
            "arn:aws:vpc-lattice:us-east-2:123456789012:service/svc-0285b53b2eEXAMPLE",
            BaseOperator::StringEquals
        ));
        assert!(service.admits(
            "arn:aws:vpc-lattice:us-east-2:123456789012:service/svc-0285b53b2eEXAMPLE",
            BaseOperator::StringEqualsIgnoreCase
        ));
    }
}
