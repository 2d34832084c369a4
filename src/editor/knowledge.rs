//! What the editor says about each thing a policy names, in Markdown: the
//! elements, condition keys, operators, actions and principal forms.
//!
//! The facts come from the tables the linter and the evaluator read: keys
//! from [`crate::keys`] (type, arity, callers, protocols, presence, domain)
//! and [`crate::catalog`] (every other documented key and action),
//! operators from [`crate::model::Operator`], principals from
//! [`AwsPrincipal`], dead values from [`crate::lint::lattice`]. Only the
//! sentences are written here; hover, completion and `policy schema` all
//! quote them, so the three never disagree.

use crate::catalog;
use crate::eval::request::{CONNECT, INVOKE};
use crate::keys::{self, Callers, Domain, KeyType, Presence, Protocol, RequestKey, Source};
use crate::lint::lattice;
use crate::model::{AwsPrincipal, BaseOperator, Operator, OperatorFamily, SetQualifier};
use crate::model::{PrincipalKind, Version};

/// One line about a policy element, or `None` for a name that is not one.
pub fn element_summary(name: &str) -> Option<&'static str> {
    Some(match name {
        "Version" => "The policy language version: `2012-10-17` (current; policy variables such as `${aws:PrincipalTag/team}` are read) or `2008-10-17` (variables are plain text). Without it a policy is read as `2008-10-17`.",
        "Id" => "An optional identifier for the policy. VPC Lattice does not use it.",
        "Statement" => "The statements: one object or an array of them. A request is allowed when some `Allow` statement applies and no `Deny` statement does; their order never matters.",
        "Sid" => "An optional statement id: letters and digits, unique within the policy.",
        "Effect" => "`Allow` or `Deny` (exactly so spelt). An applicable `Deny` wins over every `Allow`.",
        "Principal" => "Who the statement is about: `\"*\"` (every caller, anonymous ones included) or a map such as `{\"AWS\": [\"111122223333\", \"arn:aws:iam::111122223333:role/app\"]}`. A Lattice auth policy needs `Principal` or `NotPrincipal` in every statement.",
        "NotPrincipal" => "Every caller except those listed, anonymous callers included. With `Allow` it opens the service to everyone not named; prefer `Principal` with a condition.",
        "Action" => "The actions the statement covers. A Lattice request is `vpc-lattice-svcs:Invoke` (HTTP, HTTPS, gRPC) or `vpc-lattice-svcs:Connect` (TLS passthrough).",
        "NotAction" => "Every action except those listed. With `Allow` it covers both `Invoke` and `Connect` unless it lists them.",
        "Resource" => "The resources: a service ARN followed by the request path (`arn:aws:vpc-lattice:REGION:ACCOUNT:service/svc-ID/path/*`), `*`, or `*/path`. A bare service ARN covers only TLS `Connect`.",
        "NotResource" => "Every resource except those listed. With `Allow` it covers every path not listed, of every service the policy is attached to.",
        "Condition" => "When the statement applies: `{OPERATOR: {KEY: VALUE-OR-VALUES}}`. Every operator and every key must hold (AND); the values of one key are alternatives (OR), and under a negated operator none may match.",
        _ => return None,
    })
}

/// Hover text for an element name.
pub fn element(name: &str) -> Option<String> {
    let summary = element_summary(name)?;
    Some(format!("**`{name}`**: policy element\n\n{summary}"))
}

/// The words for a key's type.
pub fn type_name(ty: KeyType) -> &'static str {
    match ty {
        KeyType::String => "String",
        KeyType::Numeric => "Numeric",
        KeyType::Date => "Date",
        KeyType::Bool => "Bool",
        KeyType::Arn => "ARN",
        KeyType::Ip => "IP address",
        KeyType::Binary => "Binary",
    }
}

/// The operators that compare a key of this type, in the words of an advice.
fn operators_for(ty: KeyType) -> &'static str {
    match ty {
        KeyType::String => "`String…` operators",
        KeyType::Numeric => "`Numeric…` operators",
        KeyType::Date => "`Date…` operators",
        KeyType::Bool => "`Bool`",
        KeyType::Arn => "`Arn…` operators (or `String…`)",
        KeyType::Ip => "`IpAddress`, `NotIpAddress`",
        KeyType::Binary => "`BinaryEquals`",
    }
}

fn protocols(key: &RequestKey) -> String {
    let names: Vec<&str> = Protocol::ALL
        .into_iter()
        .filter(|p| key.protocols.contains(*p))
        .map(|p| match p {
            Protocol::Grpc => "gRPC",
            other => other.as_str(),
        })
        .collect();
    names.join(", ")
}

/// What a templated key's suffix names, and how it compares.
fn suffix_note(key: &RequestKey) -> Option<&'static str> {
    Some(match key.source {
        Source::Header => "One key per request header, named by the header name after the `/` (compared ignoring case; requests carry it in lower case).",
        Source::Query => "One key per query-string key, named after the `/` (compared case-sensitively); multi-valued, since a key may repeat: use `ForAnyValue:`/`ForAllValues:`.",
        Source::PrincipalTag => "One key per tag on the calling role or user, named by the tag key after the `/` (tag keys compare case-sensitively).",
        Source::ServiceTag => "One key per tag on the service, named by the tag key after the `/` (tag keys compare case-sensitively).",
        _ => return None,
    })
}

/// When a key that is not always there is missing.
fn presence_note(key: &RequestKey) -> &'static str {
    match (key.presence, key.source) {
        (Presence::Always, _) => "always, on the protocols above",
        (_, Source::Header) => "only when the request sends the header",
        (_, Source::Query) => "only when the query string has the key",
        (_, Source::OrgId | Source::OrgPaths) => {
            "only when the caller's account is in an organization"
        }
        (_, Source::PrincipalTag) => "only when the caller has the tag",
        (_, Source::ServiceTag) => "only when the service has the tag",
        (_, Source::Username) => "only for IAM users",
        (_, Source::SourceIp) => "only when the request's source address is known",
        _ => "only when the request has the value",
    }
}

/// One line about a Lattice request key, for completion lists.
pub fn key_detail(key: &RequestKey) -> String {
    let arity = if key.multi {
        "multi-valued"
    } else {
        "single-valued"
    };
    let callers = match key.callers {
        Callers::Everyone => "every caller",
        Callers::Signed => "signed callers only",
    };
    format!(
        "{}, {arity}; {callers}; {}",
        type_name(key.ty),
        protocols(key)
    )
}

/// Hover text for a condition key as written (`aws:PrincipalTag/team`).
pub fn condition_key(written: &str) -> Option<String> {
    if let Some((key, suffix)) = keys::lookup_with_suffix(written) {
        return Some(request_key(key, suffix));
    }
    if let Some(info) = catalog::condition_key(written) {
        let arity = if info.multi {
            "multi-valued"
        } else {
            "single-valued"
        };
        let global = info.name.starts_with("aws:");
        let whose = if global {
            "a global condition key".to_owned()
        } else {
            let prefix = info.name.split(':').next().unwrap_or_default();
            let service = catalog::service(prefix).map_or(prefix, |s| s.name());
            format!("a condition key of {service}")
        };
        return Some(format!(
            "**`{}`**: {whose} ({}, {arity})\n\nNo VPC Lattice request carries it: a condition on it sees the key missing (a positive operator is false, a negated one true, `IfExists` true).",
            info.name,
            type_name(info.ty)
        ));
    }
    let hint = catalog::suggest_key(written)
        .map(|s| format!(" Did you mean `{s}`?"))
        .unwrap_or_default();
    (!written.is_empty()).then(|| {
        format!(
            "**`{written}`**: not a condition key AWS documents, so no request carries it.{hint}"
        )
    })
}

/// The Markdown for a key of the request-key table.
pub fn request_key(key: &RequestKey, suffix: &str) -> String {
    let arity = if key.multi {
        "multi-valued: use `ForAnyValue:` or `ForAllValues:`"
    } else {
        "single-valued"
    };
    let callers = match key.callers {
        Callers::Everyone => "every caller, anonymous callers included",
        Callers::Signed => {
            "signed callers only: anonymous callers (and so TLS connections) never carry it"
        }
    };
    let shown = if key.templated() {
        let tail = if suffix.is_empty() { "<name>" } else { suffix };
        format!("{}{tail}", key.name)
    } else {
        key.name.to_owned()
    };
    let mut out = format!(
        "**`{shown}`**: condition key ({}, {arity})\n\n- **Callers**: {callers}\n- **Protocols**: {}\n- **Present**: {}\n- **Values**: {}\n- **Example**: `{}`\n- **Compare with**: {}",
        type_name(key.ty),
        protocols(key),
        presence_note(key),
        key.domain.describe(),
        example(key),
        operators_for(key.ty),
    );
    if let Some(note) = suffix_note(key) {
        out.push_str("\n\n");
        out.push_str(note);
    }
    if let Some(note) = special_note(key) {
        out.push_str("\n\n");
        out.push_str(note);
    }
    out.push_str(&format!(
        "\n\n`policy eval` fills it from the request's `{}` field.",
        key.source.field()
    ));
    out
}

fn example(key: &RequestKey) -> &'static str {
    match key.source {
        Source::Header => "application/json",
        Source::Query => "42",
        Source::PrincipalArn => "arn:aws:iam::111122223333:role/app",
        Source::UserId => "AROAEXAMPLEID:session",
        Source::Username => "alice",
        Source::EpochTime => "1714564800",
        _ => key.domain.example(),
    }
}

/// What the user guide and the semantics add about a few keys.
fn special_note(key: &RequestKey) -> Option<&'static str> {
    Some(match key.source {
        Source::PrincipalType => "`Anonymous` for unsigned requests; `AssumedRole` for role sessions. The usual guard against anonymous access is `\"StringNotEqualsIgnoreCase\": {\"aws:PrincipalType\": \"Anonymous\"}`.",
        Source::PrincipalAccount => "`anonymous` for unsigned requests.",
        Source::PrincipalArn => "A role session carries its role's ARN (`arn:aws:iam::A:role/NAME`), not the session's.",
        Source::Method => "gRPC requests are always `POST`.",
        Source::Path => "The path without its query string, as sent: no decoding. For gRPC, `/package.Service/Method`.",
        Source::PrincipalIsAwsService => "Always `false`: a Lattice request never comes from an AWS service principal.",
        Source::SecureTransport => "`false` for HTTP listeners, `true` for HTTPS and gRPC.",
        _ => return None,
    })
}

/// What `operator` does, including with a missing key.
pub fn operator(written: &str) -> Option<String> {
    let Some(op) = Operator::parse(written) else {
        let hint = crate::fuzzy::best_match(
            written,
            &Operator::all_names()
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
        )
        .map(|s| format!(" Did you mean `{s}`?"))
        .unwrap_or_default();
        return (!written.is_empty()).then(|| {
            format!(
                "**`{written}`**: not a condition operator (operators are case-sensitive).{hint}"
            )
        });
    };
    Some(operator_text(op))
}

/// The Markdown for a parsed operator.
pub fn operator_text(op: Operator) -> String {
    let base = op.base;
    let mut out = format!("**`{op}`**: condition operator\n\n{}", base_summary(base));
    let missing = if base == BaseOperator::Null {
        "`Null` is about the key's presence: `\"true\"` holds when the key is missing, `\"false\"` when it is present."
            .to_owned()
    } else if op.if_exists {
        "A missing key makes this clause **true** (`IfExists`).".to_owned()
    } else if op.qualifier.is_some() {
        // The qualifier decides; said below.
        String::new()
    } else if base.is_negated() {
        "A missing key makes this clause **true** (a negated operator): callers without the key pass. Add `\"Null\": {KEY: \"false\"}` to require the key.".to_owned()
    } else {
        "A missing key makes this clause **false**; `IfExists` would make it true.".to_owned()
    };
    if !missing.is_empty() {
        out.push_str("\n\n");
        out.push_str(&missing);
    }
    if op.if_exists && base == BaseOperator::Null {
        out.push_str("\n\n`NullIfExists` is not an operator IAM accepts.");
    }
    match op.qualifier {
        Some(SetQualifier::ForAnyValue) => out.push_str("\n\n`ForAnyValue:` (for multi-valued keys): true when **at least one** request value matches; false for a missing or empty key."),
        Some(SetQualifier::ForAllValues) => out.push_str("\n\n`ForAllValues:` (for multi-valued keys): true when **every** request value matches, and so **true for a missing or empty key**: pair it with `Null: false` to require the key."),
        None => out.push_str("\n\nOn a multi-valued key (`aws:PrincipalOrgPaths`, `vpc-lattice-svcs:RequestQueryString/…`) an operator needs `ForAnyValue:` or `ForAllValues:`."),
    }
    out
}

/// What a base operator compares.
fn base_summary(base: BaseOperator) -> &'static str {
    use BaseOperator::*;
    match base {
        StringEquals => "Exact, case-sensitive string match; no wildcards.",
        StringNotEquals => {
            "True when the value equals none of the listed strings (case-sensitive); no wildcards."
        }
        StringEqualsIgnoreCase => "String match ignoring case; no wildcards.",
        StringNotEqualsIgnoreCase => {
            "True when the value equals none of the listed strings, ignoring case."
        }
        StringLike => {
            "Case-sensitive match with wildcards: `*` any run of characters, `?` one character."
        }
        StringNotLike => {
            "True when the value matches none of the patterns (`*`, `?`; case-sensitive)."
        }
        NumericEquals => "Numbers equal.",
        NumericNotEquals => "True when the number equals none of the listed numbers.",
        NumericLessThan => "The request's number is less than the value.",
        NumericLessThanEquals => "The request's number is at most the value.",
        NumericGreaterThan => "The request's number is greater than the value.",
        NumericGreaterThanEquals => "The request's number is at least the value.",
        DateEquals => "Dates equal (ISO 8601 or epoch seconds).",
        DateNotEquals => "True when the date equals none of the listed dates.",
        DateLessThan => "The request's date is before the value.",
        DateLessThanEquals => "The request's date is at or before the value.",
        DateGreaterThan => "The request's date is after the value.",
        DateGreaterThanEquals => "The request's date is at or after the value.",
        Bool => "`true` or `false`.",
        BinaryEquals => "Base64 value compared byte for byte.",
        IpAddress => "The address is in one of the CIDR ranges.",
        NotIpAddress => "The address is in none of the CIDR ranges.",
        ArnEquals | ArnLike => {
            "ARN match field by field, with `*` and `?` (`ArnEquals` and `ArnLike` are the same)."
        }
        ArnNotEquals | ArnNotLike => {
            "True when the ARN matches none of the patterns, field by field with `*` and `?`."
        }
        Null => "Whether the key is present.",
    }
}

/// One line about an operator, for completion lists.
pub fn operator_detail(op: Operator) -> String {
    let family = match op.base.family() {
        OperatorFamily::String => "string",
        OperatorFamily::Numeric => "number",
        OperatorFamily::Date => "date",
        OperatorFamily::Bool => "boolean",
        OperatorFamily::Binary => "binary",
        OperatorFamily::Ip => "IP address",
        OperatorFamily::Arn => "ARN",
        OperatorFamily::Null => "presence",
    };
    let missing = if op.base == BaseOperator::Null {
        "tests presence"
    } else if op.if_exists
        || op.qualifier == Some(SetQualifier::ForAllValues)
        || (op.qualifier.is_none() && op.base.is_negated())
    {
        "missing key: true"
    } else {
        "missing key: false"
    };
    format!("{family} operator; {missing}")
}

/// What an action pattern covers of the Lattice data plane.
pub fn action(written: &str) -> Option<String> {
    if written.is_empty() {
        return None;
    }
    let covers: Vec<&str> = [INVOKE, CONNECT]
        .into_iter()
        .filter(|a| lattice::action_matches(written, a))
        .collect();
    let about = |a: &str| {
        if a == INVOKE {
            "`vpc-lattice-svcs:Invoke`: an HTTP, HTTPS or gRPC request to a service (the resource is the service ARN followed by the path)"
        } else {
            "`vpc-lattice-svcs:Connect`: a TLS passthrough connection (anonymous, on the bare service ARN)"
        }
    };
    let mut out = format!("**`{written}`**: action");
    if covers.is_empty() {
        let prefix = written.split(':').next().unwrap_or_default();
        if prefix.eq_ignore_ascii_case("vpc-lattice") {
            out.push_str("\n\nA control-plane action (`vpc-lattice:`): it is never a request to a service, so in an auth policy it matches nothing. Data-plane actions are `vpc-lattice-svcs:Invoke` and `vpc-lattice-svcs:Connect`.");
        } else {
            let hint = catalog::suggest_action(written)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            out.push_str(&format!("\n\nMatches no VPC Lattice request{hint}: requests are `vpc-lattice-svcs:Invoke` and `vpc-lattice-svcs:Connect`."));
        }
        return Some(out);
    }
    if written.contains(['*', '?']) {
        out.push_str("\n\nMatches:");
        for a in &covers {
            out.push_str(&format!("\n- {}", about(a)));
        }
    } else if let Some(a) = covers.first() {
        out.push_str("\n\n");
        out.push_str(about(a));
    }
    Some(out)
}

/// What a `Resource` pattern covers of a Lattice request's resource (the
/// service ARN followed by the path; decisions
/// `resource-is-service-arn-and-path`, `bare-service-arn-connect-only`,
/// `network-layer-same-resource`).
pub fn resource(written: &str) -> Option<String> {
    if written.is_empty() {
        return None;
    }
    let text = if written == "*" {
        "every request to every service the policy covers (any path; TLS connections too)."
            .to_owned()
    } else if lattice::is_bare_service_arn(written) {
        format!("a bare service ARN: the resource of TLS `Connect` only, never of an HTTP or gRPC request (whose resource is the ARN followed by the path). For every path write `{written}/*`.")
    } else if crate::wildcard::split_arn(written)
        .is_some_and(|[.., resource]| resource.starts_with("servicenetwork/"))
    {
        "a service network ARN: no request has it as its resource (even in the service network's policy, the resource is the service's ARN and the path), so it matches nothing. Scope to a network with the `vpc-lattice-svcs:ServiceNetworkArn` condition key instead.".to_owned()
    } else if let Some((_, path)) = written
        .split_once(":service/")
        .and_then(|(_, rest)| rest.split_once('/'))
    {
        format!("requests whose path matches `/{path}` (case-sensitive; `*` spans `/`).")
    } else if written.starts_with("arn:") && !written.contains(['*', '?']) {
        "an ARN that is not a VPC Lattice service's: it matches no request.".to_owned()
    } else {
        "a wildcard pattern over the whole request resource (the service ARN followed by the path)."
            .to_owned()
    };
    Some(format!("**`{written}`**: resource\n\nCovers {text}"))
}

/// What a principal value means: `kind` is the map's key (`AWS`, ...), or
/// `None` for the string form.
pub fn principal(kind: Option<&str>, written: &str) -> Option<String> {
    let text = match kind {
        None if written == "*" => "**`\"*\"`**: every caller, **anonymous (unsigned) callers included**. Pair it with a condition such as `\"StringNotEqualsIgnoreCase\": {\"aws:PrincipalType\": \"Anonymous\"}` to admit only signed callers.".to_owned(),
        None => format!("**`{written}`**: `Principal` as a string must be `\"*\"`; other principals go in a map such as `{{\"AWS\": \"{written}\"}}`."),
        Some("AWS") => match AwsPrincipal::parse(written) {
            AwsPrincipal::Everyone => "**`{\"AWS\": \"*\"}`**: every caller, anonymous callers included (the same as `\"*\"`).".to_owned(),
            AwsPrincipal::Account(a) => format!("**account `{a}`**: every signed identity of account {a} (its users, roles' sessions and root user), not only the root user. The account's IAM policies must also allow the call."),
            AwsPrincipal::Role { arn, .. } => format!("**role**: the sessions of `{arn}` (requests signed with credentials from assuming it)."),
            AwsPrincipal::User { arn, .. } => format!("**IAM user** `{arn}`."),
            AwsPrincipal::AssumedRole { arn, .. } => format!("**role session** `{arn}`: exactly this session. Name the role (`arn:aws:iam::ACCOUNT:role/NAME`) to admit all its sessions."),
            AwsPrincipal::FederatedUser { arn, .. } => format!("**federated user** `{arn}`."),
            AwsPrincipal::Other(v) => format!("**`{v}`**: not an account id, `*`, or an IAM role, user or session ARN: it names no caller this tool can model, so it matches no request."),
        },
        Some(k) => match PrincipalKind::parse(k) {
            Some(PrincipalKind::Service) => format!("**service principal `{written}`**: VPC Lattice requests never come from an AWS service principal, so it matches nothing."),
            Some(PrincipalKind::Federated | PrincipalKind::CanonicalUser) => format!("**`{k}` principal `{written}`**: names no caller of a VPC Lattice request, so it matches nothing."),
            Some(PrincipalKind::Aws) | None => return None,
        },
    };
    Some(text)
}

/// What a principal map's key means.
pub fn principal_kind(kind: &str) -> Option<String> {
    let text = match PrincipalKind::parse(kind)? {
        PrincipalKind::Aws => "accounts (`111122223333`, `arn:aws:iam::111122223333:root`), IAM roles, users, role sessions, or `\"*\"` for everyone",
        PrincipalKind::Service => "AWS service principals (`ec2.amazonaws.com`): never the caller of a Lattice request",
        PrincipalKind::Federated => "identity providers: never the caller of a Lattice request",
        PrincipalKind::CanonicalUser => "S3 canonical user ids: never the caller of a Lattice request",
    };
    Some(format!("**`{kind}`**: principal type\n\n{text}."))
}

/// What a `Version` value means.
pub fn version(written: &str) -> Option<String> {
    Some(match Version::parse(written)? {
        Version::V2012_10_17 => "**`2012-10-17`**: the current policy language; policy variables (`${aws:PrincipalTag/team}`) are substituted.".to_owned(),
        Version::V2008_10_17 => "**`2008-10-17`**: the old policy language; `${…}` is plain text, not a policy variable.".to_owned(),
    })
}

/// Why a condition value can never match, when it cannot: the linter's
/// reasoning for `IMPOSSIBLE_CONDITION_VALUE`, for one value.
pub fn impossible_value(operator: &str, key: &str, value: &str) -> Option<String> {
    let op = Operator::parse(operator)?;
    if op.base.family() != OperatorFamily::String {
        return None;
    }
    let domain = lattice::text_domain(key)?;
    if domain == Domain::VpcId || lattice::admits(domain, value, op.base) {
        return None;
    }
    let never = lattice::never_text(key, value, domain);
    let help = lattice::help_text(domain, value, op.base);
    let consequence = if op.base.is_negated() {
        format!("`{op}` excludes nothing with it")
    } else {
        format!("`{op}` never matches it")
    };
    Some(format!(
        "**A value no request has**: {never}, so {consequence}.\n\nFix: {help}."
    ))
}

/// The documentation of a finding's code (what `policy explain CODE` prints), in Markdown.
pub fn code(code: &str) -> Option<String> {
    let info = crate::registry::find(code)?;
    Some(format!(
        "**{}** (`{}`, {})\n\n{}\n\n{}",
        info.code,
        info.name,
        info.severity.as_str(),
        info.summary,
        crate::registry::explanation(info)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_element_has_a_summary() {
        for name in crate::lower::POLICY_ELEMENTS
            .iter()
            .chain(&crate::lower::STATEMENT_ELEMENTS)
        {
            assert!(element(name).is_some(), "{name}");
        }
        assert!(element("Statment").is_none());
    }

    #[test]
    fn keys_say_who_carries_them() {
        let tag = condition_key("aws:PrincipalTag/team").unwrap();
        assert!(tag.contains("aws:PrincipalTag/team"), "{tag}");
        assert!(tag.contains("signed callers only"), "{tag}");
        let vpce = condition_key("aws:SourceVpce").unwrap();
        assert!(vpce.contains("No VPC Lattice request carries it"), "{vpce}");
        let typo = condition_key("aws:PrincipalTyp").unwrap();
        assert!(typo.contains("aws:PrincipalType"), "{typo}");
    }

    #[test]
    fn operators_say_what_a_missing_key_does() {
        assert!(operator("StringNotEquals")
            .unwrap()
            .contains("**true** (a negated"));
        assert!(operator("StringEqualsIfExists")
            .unwrap()
            .contains("**true** (`IfExists`)"));
        assert!(operator("ForAllValues:StringLike")
            .unwrap()
            .contains("true for a missing"));
        assert!(operator("Stringequals")
            .unwrap()
            .contains("Did you mean `StringEquals`"));
    }

    #[test]
    fn resources_say_what_they_cover() {
        let svc = "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0";
        assert!(resource(svc).unwrap().contains("TLS `Connect` only"));
        let sn = "arn:aws:vpc-lattice:us-west-2:111122223333:servicenetwork/sn-0123456789abcdef0";
        assert!(resource(sn).unwrap().contains("matches nothing"));
        let any = "arn:aws:vpc-lattice:*:*:*";
        assert!(!resource(any).unwrap().contains("matches no"));
    }

    #[test]
    fn dead_values_say_why() {
        let text =
            impossible_value("StringEquals", "vpc-lattice-svcs:RequestMethod", "get").unwrap();
        assert!(text.contains("`GET`"), "{text}");
        assert!(impossible_value(
            "StringEqualsIgnoreCase",
            "vpc-lattice-svcs:RequestMethod",
            "get"
        )
        .is_none());
        assert!(impossible_value("StringEquals", "aws:PrincipalType", "Role").is_some());
    }
}
