//! Who the credentials belong to, as far as the chain can know it without
//! calling AWS (there is no `sts:GetCallerIdentity` here). `policy call`
//! evaluates a 403 with this caller:
//!
//! * the instance profile: `iam/info` names the instance profile's
//!   account, the credentials listing names the role, and the session is
//!   the instance id, as EC2 names it:
//!   `arn:aws:sts::ACCOUNT:assumed-role/ROLE/i-…`;
//! * container credentials: the answer's `RoleArn`, when it has one (the
//!   session's name, ECS's task id, is not given);
//! * the AWS CLI's cached role credentials: the cached answer's
//!   `AssumedRoleUser.Arn`, else the profile's `role_arn` and
//!   `role_session_name`;
//! * IAM Identity Center: only the account (`sso_account_id`): the role's
//!   ARN has a suffix IAM chose;
//! * a `credential_process`: its `AccountId`, when it prints one;
//! * keys (command line, environment, shared files): nothing.

/// What the chain knows of the caller.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Identity {
    /// The principal: a role session's ARN
    /// (`arn:aws:sts::A:assumed-role/R/S`), or the role's ARN
    /// (`arn:aws:iam::A:role/path/R`) when the session's name is unknown.
    Principal {
        /// The ARN.
        arn: String,
        /// For a session, its role's ARN with the role's path, when known.
        role_arn: Option<String>,
        /// Where the ARN came from, for a person.
        how: String,
    },
    /// Only the account.
    Account {
        /// 12 digits.
        account: String,
        /// Where it came from, for a person, to follow "from".
        how: String,
    },
    /// The source says nothing of who the caller is.
    #[default]
    Unknown,
}

/// The account of an ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:…`), when
/// it is 12 digits.
pub fn arn_account(arn: &str) -> Option<&str> {
    arn.split(':')
        .nth(4)
        .filter(|a| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()))
}

/// The partition of an ARN (`aws`, `aws-cn`, `aws-us-gov`).
pub fn arn_partition(arn: &str) -> Option<&str> {
    let mut parts = arn.split(':');
    (parts.next() == Some("arn"))
        .then(|| parts.next())
        .flatten()
        .filter(|p| !p.is_empty())
}

/// The session ARN of `session` of the role `role_arn`
/// (`arn:aws:iam::A:role/path/R` gives `arn:aws:sts::A:assumed-role/R/S`:
/// a session's ARN has no path).
pub fn session_arn(role_arn: &str, session: &str) -> Option<String> {
    let partition = arn_partition(role_arn)?;
    let account = arn_account(role_arn)?;
    let resource = role_arn.splitn(6, ':').nth(5)?.strip_prefix("role/")?;
    let name = resource.rsplit('/').next().filter(|n| !n.is_empty())?;
    Some(format!(
        "arn:{partition}:sts::{account}:assumed-role/{name}/{session}"
    ))
}

/// The caller a cached role answer gives: its `AssumedRoleUser.Arn`, else
/// the session the profile names, else the role.
pub fn cached_role(
    assumed_role_user: Option<&str>,
    role_arn: &str,
    session_name: Option<&str>,
    cache: &str,
) -> Identity {
    let role = Some(role_arn.to_owned()).filter(|r| r.contains(":role/"));
    if let Some(arn) = assumed_role_user.filter(|a| a.contains(":assumed-role/")) {
        return Identity::Principal {
            arn: arn.to_owned(),
            role_arn: role,
            how: format!("the AWS CLI's cached answer for {role_arn} ({cache}) names the session"),
        };
    }
    if let Some(arn) = session_name.and_then(|s| session_arn(role_arn, s)) {
        return Identity::Principal {
            arn,
            role_arn: role,
            how: format!("the profile's role_arn {role_arn} and role_session_name"),
        };
    }
    Identity::Principal {
        arn: role_arn.to_owned(),
        role_arn: None,
        how: "the profile's role_arn (the session's name is not known: the evaluator names it `session`)"
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_of_roles() {
        assert_eq!(
            session_arn("arn:aws:iam::111122223333:role/path/app", "i-0abc").as_deref(),
            Some("arn:aws:sts::111122223333:assumed-role/app/i-0abc")
        );
        assert_eq!(
            session_arn("arn:aws-cn:iam::111122223333:role/app", "s").as_deref(),
            Some("arn:aws-cn:sts::111122223333:assumed-role/app/s")
        );
        assert_eq!(session_arn("arn:aws:iam::111122223333:user/u", "s"), None);
        assert_eq!(arn_account("arn:aws:iam::12:role/r"), None);
    }

    #[test]
    fn a_cached_answer_names_the_session_first() {
        let role = "arn:aws:iam::111122223333:role/ops/app";
        let cached = cached_role(
            Some("arn:aws:sts::111122223333:assumed-role/app/botocore-session-1"),
            role,
            Some("mine"),
            "f.json",
        );
        assert!(
            matches!(&cached, Identity::Principal { arn, role_arn: Some(r), .. }
            if arn.ends_with("app/botocore-session-1") && r == role)
        );
        let named = cached_role(None, role, Some("mine"), "f.json");
        assert!(matches!(&named, Identity::Principal { arn, .. }
            if arn == "arn:aws:sts::111122223333:assumed-role/app/mine"));
        let bare = cached_role(None, role, None, "f.json");
        assert!(matches!(&bare, Identity::Principal { arn, role_arn: None, .. } if arn == role));
    }
}
