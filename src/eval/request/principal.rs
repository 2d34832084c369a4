//! The request's `principal` field to a [`Caller`] (docs/requests.md,
//! docs/semantics.md#callers, decision `principal-type-values`, decision
//! `session-principal-arn-without-path`).

use super::error::{Field, RequestError};
use super::fields::impossible;
use super::spec::{PrincipalDetails, PrincipalSpec};
use crate::eval::caller::{Caller, Principal, PrincipalType};
use crate::keys::Domain;

/// The session name given to a role named by its role ARN
/// (`arn:aws:iam::A:role/R` means the session `arn:aws:sts::A:assumed-role/R/session`).
pub const DEFAULT_SESSION_NAME: &str = "session";

const FORMS: &str = "a principal is `anonymous`, a 12-digit account id, or an ARN such as \
`arn:aws:iam::111122223333:role/ops`, `arn:aws:iam::111122223333:user/alice`, \
`arn:aws:sts::111122223333:assumed-role/ops/session` or \
`arn:aws:sts::111122223333:federated-user/bob`";

/// Resolves the `principal` field; `None` is the anonymous caller.
pub(crate) fn resolve(spec: Option<PrincipalSpec>) -> Result<Caller, RequestError> {
    let Some(spec) = spec else {
        return Ok(Caller::Anonymous);
    };
    let details = spec.into_details();
    let Some(arn) = details.arn.as_deref() else {
        return Err(RequestError::invalid(
            Field::Principal,
            "the principal has a type, role, organization or tags but no `arn`",
        )
        .with_help("name the caller: `as PRINCIPAL` in a query, `\"arn\"` in a request file"));
    };
    if arn.eq_ignore_ascii_case("anonymous") {
        return anonymous(&details);
    }
    let mut principal = parse(arn)?;
    let session_role = principal.session_arn.is_some();
    if let Some(kind) = &details.kind {
        principal.kind = principal_type(kind)?;
    }
    if let Some(role_arn) = &details.role_arn {
        if !session_role {
            return Err(RequestError::invalid(
                Field::RoleArn,
                format!("`roleArn` applies only to role sessions, not to `{arn}`"),
            ));
        }
        principal.arn = role_for_session(&principal, role_arn)?;
    }
    if let Some(org_id) = &details.org_id {
        if !Domain::OrgId.contains(org_id) {
            return Err(impossible(Field::OrgId, org_id, Domain::OrgId));
        }
        principal.org_id = Some(org_id.clone());
    }
    if let Some(paths) = &details.org_paths {
        let Some(org_id) = &principal.org_id else {
            return Err(RequestError::invalid(
                Field::OrgPaths,
                "the principal has organization paths but no organization id",
            )
            .with_help("give the organization id too (`org` in a query, `orgId` in a file)"));
        };
        if let Some(bad) = paths.iter().find(|p| !Domain::OrgPath.contains(p)) {
            return Err(impossible(Field::OrgPaths, bad, Domain::OrgPath));
        }
        let prefix = format!("{org_id}/");
        if let Some(bad) = paths.iter().find(|p| !p.starts_with(&prefix)) {
            return Err(RequestError::invalid(
                Field::OrgPaths,
                format!("organization path `{bad}` is not in organization `{org_id}`"),
            )
            .with_help(format!(
                "a path starts with the organization id, as in `{org_id}/r-ab12/ou-ab12-11111111/`"
            )));
        }
        principal.org_paths = paths.clone();
    }
    for (key, value) in &details.tags {
        if key.is_empty() {
            return Err(RequestError::invalid(
                Field::PrincipalTags,
                "a tag key is empty",
            ));
        }
        if !Domain::TagValue.contains(value) {
            return Err(impossible(Field::PrincipalTags, value, Domain::TagValue).at_key(key));
        }
        principal.tags.push((key.clone(), value.clone()));
    }
    Ok(Caller::Authenticated(principal))
}

/// `anonymous`: any other detail is a mistake.
fn anonymous(details: &PrincipalDetails) -> Result<Caller, RequestError> {
    let extra = [
        (
            details.kind.is_some(),
            Field::PrincipalType,
            "principal type",
        ),
        (details.role_arn.is_some(), Field::RoleArn, "role"),
        (details.org_id.is_some(), Field::OrgId, "organization"),
        (
            details.org_paths.is_some(),
            Field::OrgPaths,
            "organization paths",
        ),
        (!details.tags.is_empty(), Field::PrincipalTags, "tags"),
    ];
    match extra.iter().find(|(set, _, _)| *set) {
        Some((_, field, what)) => Err(RequestError::invalid(
            *field,
            format!("an anonymous caller has no {what}"),
        )
        .with_help(
            "only signed callers have a type, a role, an organization or tags; name one with `as PRINCIPAL`",
        )),
        None => Ok(Caller::Anonymous),
    }
}

/// A `type` value (decision `principal-type-values`): one of the documented
/// ones ([`Domain::PrincipalType`]).
fn principal_type(kind: &str) -> Result<PrincipalType, RequestError> {
    Ok(match kind {
        "Account" => PrincipalType::Account,
        "User" => PrincipalType::User,
        "AssumedRole" => PrincipalType::AssumedRole,
        "FederatedUser" => PrincipalType::FederatedUser,
        _ if kind.eq_ignore_ascii_case("anonymous") => {
            return Err(RequestError::invalid(
                Field::PrincipalType,
                "a signed principal cannot have the type `Anonymous`",
            )
            .with_help("for an unsigned request make the principal `anonymous`"))
        }
        _ if kind.is_empty() => {
            return Err(RequestError::invalid(
                Field::PrincipalType,
                "the principal type is empty",
            ))
        }
        other => {
            return Err(impossible(
                Field::PrincipalType,
                other,
                Domain::PrincipalType,
            ))
        }
    })
}

fn bad_principal(text: &str) -> RequestError {
    RequestError::invalid(Field::Principal, format!("`{text}` is not a principal")).with_help(FORMS)
}

/// The parts of an ARN: partition, service, region, account, resource.
struct Arn<'a> {
    partition: &'a str,
    service: &'a str,
    region: &'a str,
    account: &'a str,
    resource: &'a str,
}

/// Splits an ARN into its six `:`-separated fields (the last may hold `:`).
fn split_arn(text: &str) -> Option<Arn<'_>> {
    let [arn, partition, service, region, account, resource] = crate::wildcard::split_arn(text)?;
    if arn != "arn" {
        return None;
    }
    let arn = Arn {
        partition,
        service,
        region,
        account,
        resource,
    };
    let partition_ok = arn.partition.starts_with("aws")
        && arn
            .partition
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'-');
    partition_ok.then_some(arn)
}

/// True for a 12-digit account id.
pub(crate) fn is_account(text: &str) -> bool {
    Domain::Account.contains(text)
}

/// Characters IAM allows in user, role and session names.
fn is_name(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b))
}

/// `path/name` of a user or role: the name, when the path's segments are
/// sensible (IAM paths are printable ASCII without spaces).
fn path_and_name(rest: &str) -> Option<&str> {
    let mut segments = rest.split('/');
    let name = segments.next_back()?;
    let path_ok = segments.all(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic()));
    (path_ok && is_name(name)).then_some(name)
}

/// The principal a string names (not `anonymous`).
pub(crate) fn parse(text: &str) -> Result<Principal, RequestError> {
    if is_account(text) {
        return Ok(root("aws", text));
    }
    let arn = split_arn(text).ok_or_else(|| bad_principal(text))?;
    if !arn.region.is_empty() || !is_account(arn.account) {
        return Err(bad_principal(text).with_help(format!(
            "IAM and STS ARNs have no region and a 12-digit account: `arn:{}:{}::111122223333:…`",
            arn.partition, arn.service
        )));
    }
    let (partition, account, resource) = (arn.partition, arn.account, arn.resource);
    match arn.service {
        "iam" => {
            if resource == "root" {
                return Ok(root(partition, account));
            }
            if let Some(rest) = resource.strip_prefix("user/") {
                let name = path_and_name(rest).ok_or_else(|| bad_principal(text))?;
                return Ok(Principal {
                    user_id: format!("AIDA{}", fake_id(account, name)),
                    username: Some(name.to_owned()),
                    ..principal(PrincipalType::User, account, text)
                });
            }
            if let Some(rest) = resource.strip_prefix("role/") {
                let name = path_and_name(rest).ok_or_else(|| bad_principal(text))?;
                return Ok(session(
                    partition,
                    account,
                    name,
                    DEFAULT_SESSION_NAME,
                    text.to_owned(),
                ));
            }
            Err(bad_principal(text).with_help(format!(
                "only the root user, users and roles sign requests; {FORMS}"
            )))
        }
        "sts" => {
            if let Some(rest) = resource.strip_prefix("assumed-role/") {
                let (role, name) = rest.split_once('/').ok_or_else(|| bad_principal(text))?;
                if !is_name(role) || !is_name(name) {
                    return Err(bad_principal(text));
                }
                let role_arn = format!("arn:{partition}:iam::{account}:role/{role}");
                return Ok(session(partition, account, role, name, role_arn));
            }
            if let Some(name) = resource.strip_prefix("federated-user/") {
                if !is_name(name) {
                    return Err(bad_principal(text));
                }
                return Ok(Principal {
                    user_id: format!("{account}:{name}"),
                    ..principal(PrincipalType::FederatedUser, account, text)
                });
            }
            Err(bad_principal(text))
        }
        _ => Err(bad_principal(text)),
    }
}

fn principal(kind: PrincipalType, account: &str, arn: &str) -> Principal {
    Principal {
        kind,
        account: account.to_owned(),
        arn: arn.to_owned(),
        session_arn: None,
        user_id: String::new(),
        username: None,
        org_id: None,
        org_paths: Vec::new(),
        tags: Vec::new(),
    }
}

fn root(partition: &str, account: &str) -> Principal {
    Principal {
        user_id: account.to_owned(),
        ..principal(
            PrincipalType::Account,
            account,
            &format!("arn:{partition}:iam::{account}:root"),
        )
    }
}

/// A session `name` of role `role`, whose `aws:PrincipalArn` is `role_arn`.
fn session(partition: &str, account: &str, role: &str, name: &str, role_arn: String) -> Principal {
    Principal {
        session_arn: Some(format!(
            "arn:{partition}:sts::{account}:assumed-role/{role}/{name}"
        )),
        user_id: format!("AROA{}:{name}", fake_id(account, role)),
        arn: role_arn,
        ..principal(PrincipalType::AssumedRole, account, "")
    }
}

/// `roleArn` for a role session: a role ARN of the same account and role name.
fn role_for_session(p: &Principal, role_arn: &str) -> Result<String, RequestError> {
    let bad = |why: String| {
        RequestError::invalid(Field::RoleArn, why).with_help(
            "`roleArn` is the ARN of the session's role, with its path: `arn:aws:iam::111122223333:role/path/ops`",
        )
    };
    let role = split_arn(role_arn)
        .filter(|a| a.service == "iam" && a.region.is_empty() && is_account(a.account))
        .and_then(|a| Some((a.account, path_and_name(a.resource.strip_prefix("role/")?)?)));
    let Some((account, name)) = role else {
        return Err(bad(format!("`{role_arn}` is not a role ARN")));
    };
    let session_role = p
        .session_arn
        .as_deref()
        .and_then(|s| s.split('/').nth(1))
        .unwrap_or_default();
    if account != p.account || name != session_role {
        return Err(bad(format!(
            "`{role_arn}` is not the role of the session `{}`",
            p.session_arn.as_deref().unwrap_or_default()
        )));
    }
    Ok(role_arn.to_owned())
}

/// 17 characters of `A`–`Z` and `2`–`7` that stand for a real IAM unique id:
/// two 64-bit FNV-1a hashes of `account:name`, each mixed by SplitMix64's
/// finalizer, read five bits at a time. The same user or role always gets
/// the same id.
fn fake_id(account: &str, name: &str) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let hash = |seed: u64| {
        let h = format!("{account}:{name}").bytes().fold(seed, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        let h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        let h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        h ^ (h >> 31)
    };
    let bits =
        (u128::from(hash(0xcbf2_9ce4_8422_2325)) << 64) | u128::from(hash(0x8422_2325_cbf2_9ce4));
    (0..17)
        .map(|i| {
            let index = usize::try_from((bits >> (i * 5)) & 31).unwrap_or(0);
            char::from(ALPHABET.get(index).copied().unwrap_or(b'A'))
        })
        .collect()
}
