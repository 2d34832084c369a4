//! The request as sent, as the evaluator's request: what explains a 403.
//!
//! The caller is what the credentials say of it, best first: the
//! principal's ARN when the credential chain knows it without calling AWS
//! ([`crate::sigv4::chain::identity`]: an instance profile's session, a
//! container's task role, a cached role session), else the account the
//! source names or the access key id encodes (its root is evaluated, as
//! `policy eval --http` does, and the explanation says so), else an account
//! no policy names; an unsigned request is anonymous. Lattice's message
//! names the caller too, and the command compares the two.

use std::collections::BTreeMap;

use super::prepare::{Outgoing, Signing};
use super::show::masked;
use crate::eval::request::{PrincipalDetails, PrincipalSpec};
use crate::eval::RequestSpec;
use crate::sigv4::chain::identity::Identity;
use crate::wire::account::account_of;
use crate::wire::spec::UNKNOWN_ACCOUNT;

/// Who signed, as far as the command knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    /// Not signed.
    Anonymous,
    /// The principal, from the credential chain.
    Principal {
        /// A role session's ARN, or a role's when the session is unknown.
        arn: String,
        /// A session's role ARN with its path, when known.
        role_arn: Option<String>,
        /// Where the chain found it.
        how: String,
    },
    /// Only the account is known.
    Account {
        /// 12 digits.
        account: String,
        /// Where it came from (`the access key …`, `profile p's
        /// sso_account_id …`), to follow "from".
        how: String,
    },
    /// Signed with a key that encodes no account.
    Unknown {
        /// The key.
        access_key_id: String,
    },
}

impl Caller {
    /// The caller of a request signed (or not) with credentials whose
    /// access key id is `access_key_id` and of whom the chain knows
    /// `identity`.
    pub fn of(signing: Signing, access_key_id: Option<&str>, identity: &Identity) -> Caller {
        let Some(key) = access_key_id.filter(|_| signing != Signing::Unsigned) else {
            return Caller::Anonymous;
        };
        match identity {
            Identity::Principal { arn, role_arn, how } => Caller::Principal {
                arn: arn.clone(),
                role_arn: role_arn.clone(),
                how: how.clone(),
            },
            Identity::Account { account, how } => Caller::Account {
                account: account.clone(),
                how: how.clone(),
            },
            Identity::Unknown => match account_of(key) {
                Some(account) => Caller::Account {
                    account,
                    how: format!("the access key {key}"),
                },
                None => Caller::Unknown {
                    access_key_id: key.to_owned(),
                },
            },
        }
    }

    /// The request's `principal` field.
    pub fn principal(&self) -> String {
        match self {
            Caller::Anonymous => "anonymous".to_owned(),
            Caller::Principal { arn, .. } => arn.clone(),
            Caller::Account { account, .. } => account.clone(),
            Caller::Unknown { .. } => UNKNOWN_ACCOUNT.to_owned(),
        }
    }

    /// One sentence saying how the caller was worked out.
    pub fn describe(&self) -> String {
        match self {
            Caller::Anonymous => "the request was not signed, so the caller is anonymous".to_owned(),
            Caller::Principal { arn, how, .. } => format!(
                "from {how}; evaluated as this principal{}",
                if arn.contains(":assumed-role/") || arn.contains(":role/") {
                    ", aws:PrincipalType AssumedRole and aws:PrincipalArn its role"
                } else {
                    ""
                }
            ),
            Caller::Account { account, how } => format!(
                "only the account {account} is known, from {how}: the credentials' source does not say which principal signed, so the request is evaluated as the account's root"
            ),
            Caller::Unknown { access_key_id } => format!(
                "the access key {access_key_id} encodes no account: the caller is taken as the unknown account {UNKNOWN_ACCOUNT}"
            ),
        }
    }
}

/// The request `sent` was, from `caller`, to `service` (the service ARN,
/// which only Lattice's answer gives): method, path and query, headers
/// (the signature and token masked; a repeated header's values joined
/// with `,`), port, protocol.
pub fn request_spec(sent: &Outgoing, caller: &Caller, service: Option<&str>) -> RequestSpec {
    let request = masked(&sent.request);
    let mut headers: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in &request.headers {
        let existing = headers
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name));
        match existing {
            Some((_, joined)) => {
                joined.push(',');
                joined.push_str(value);
            }
            None => {
                headers.insert(name.clone(), value.clone());
            }
        }
    }
    let grpc = request
        .header("content-type")
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("application/grpc"));
    let protocol = if grpc {
        "GRPC"
    } else if sent.target.scheme == "http" {
        "HTTP"
    } else {
        "HTTPS"
    };
    let port = sent
        .target
        .authority
        .rsplit_once(':')
        .and_then(|(_, p)| p.parse::<i64>().ok());
    let principal = match caller {
        Caller::Principal {
            arn,
            role_arn: Some(role_arn),
            ..
        } => PrincipalSpec::Details(PrincipalDetails {
            arn: Some(arn.clone()),
            role_arn: Some(role_arn.clone()),
            ..PrincipalDetails::default()
        }),
        _ => PrincipalSpec::Name(caller.principal()),
    };
    RequestSpec {
        principal: Some(principal),
        protocol: Some(protocol.to_owned()),
        method: Some(request.method.clone()),
        path: Some(request.target()),
        headers,
        port,
        service: service.map(str::to_owned),
        ..RequestSpec::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::{prepare, target};

    #[test]
    fn the_caller_follows_the_credentials() {
        assert_eq!(
            Caller::of(Signing::Unsigned, Some("AKIAEXAMPLE"), &Identity::Unknown),
            Caller::Anonymous
        );
        let role = "arn:aws:sts::123456789012:assumed-role/app/i-0abc";
        let session = Identity::Principal {
            arn: role.to_owned(),
            role_arn: None,
            how: "IMDS".to_owned(),
        };
        let caller = Caller::of(Signing::Header, Some("ASIAEXAMPLE"), &session);
        assert_eq!(caller.principal(), role);
        assert!(
            caller.describe().contains("AssumedRole"),
            "{}",
            caller.describe()
        );
        assert_eq!(
            Caller::of(Signing::Header, Some("AKIDEXAMPLE"), &Identity::Unknown).principal(),
            UNKNOWN_ACCOUNT
        );
        // A key that encodes an account: only the account, and said so.
        let by_key = Caller::of(
            Signing::Header,
            Some("AKIARZPUZDIKAAEXAMPL"),
            &Identity::Unknown,
        );
        assert_eq!(by_key.principal(), "123456789012");
        assert!(by_key
            .describe()
            .contains("only the account 123456789012 is known"));
        // An account the source names wins over the key's.
        let named = Identity::Account {
            account: "111122223333".to_owned(),
            how: "sso".to_owned(),
        };
        assert_eq!(
            Caller::of(Signing::Header, Some("AKIARZPUZDIKAAEXAMPL"), &named).principal(),
            "111122223333"
        );
    }

    #[test]
    fn the_sent_request_becomes_the_evaluators() {
        let target = target::parse("http://127.0.0.1:8080/orders?x=1").unwrap();
        let mut request = prepare::unsigned(
            &target,
            "post",
            &[
                ("X-A".to_owned(), "1".to_owned()),
                ("x-a".to_owned(), "2".to_owned()),
            ],
            Vec::new(),
        );
        request
            .headers
            .push(("X-Amz-Security-Token".to_owned(), "secret".to_owned()));
        let spec = request_spec(
            &Outgoing { target, request },
            &Caller::Anonymous,
            Some("arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0"),
        );
        assert_eq!(spec.method.as_deref(), Some("POST"));
        assert_eq!(spec.path.as_deref(), Some("/orders?x=1"));
        assert_eq!(spec.port, Some(8080));
        assert_eq!(spec.protocol.as_deref(), Some("HTTP"));
        assert_eq!(spec.headers.get("X-A").map(String::as_str), Some("1,2"));
        assert_eq!(
            spec.headers.get("X-Amz-Security-Token").map(String::as_str),
            Some("****")
        );
    }
}
