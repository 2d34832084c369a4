//! The request as sent, as the evaluator's request: what explains a 403.
//!
//! The caller is what the credentials say of it, best first: the
//! principal's ARN when the credential chain knows it (an instance
//! profile's session is its role's), else the account the access key id
//! encodes (its root is evaluated, as `policy eval --http` does), else an
//! account no policy names; an unsigned request is anonymous. Lattice's
//! message names the caller too, and the command compares the two.

use std::collections::BTreeMap;

use super::prepare::{Outgoing, Signing};
use super::show::masked;
use crate::eval::request::PrincipalSpec;
use crate::eval::RequestSpec;
use crate::wire::account::account_of;
use crate::wire::spec::UNKNOWN_ACCOUNT;

/// Who signed, as far as the command knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    /// Not signed.
    Anonymous,
    /// The principal's ARN, from the credential chain.
    Principal(String),
    /// The account decoded from the access key id.
    Account {
        /// 12 digits.
        account: String,
        /// The key it was decoded from.
        access_key_id: String,
    },
    /// Signed with a key that encodes no account.
    Unknown {
        /// The key.
        access_key_id: String,
    },
}

impl Caller {
    /// The caller of a request signed (or not) with these credentials.
    pub fn of(signing: Signing, access_key_id: Option<&str>, principal: Option<&str>) -> Caller {
        match (signing, access_key_id, principal) {
            (Signing::Unsigned, _, _) | (_, None, None) => Caller::Anonymous,
            (_, _, Some(arn)) => Caller::Principal(arn.to_owned()),
            (_, Some(key), None) => match account_of(key) {
                Some(account) => Caller::Account {
                    account,
                    access_key_id: key.to_owned(),
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
            Caller::Principal(arn) => arn.clone(),
            Caller::Account { account, .. } => account.clone(),
            Caller::Unknown { .. } => UNKNOWN_ACCOUNT.to_owned(),
        }
    }

    /// One sentence saying how the caller was worked out.
    pub fn describe(&self) -> String {
        match self {
            Caller::Anonymous => "the request was not signed, so the caller is anonymous".to_owned(),
            Caller::Principal(arn) => format!("the credentials are {arn}'s"),
            Caller::Account { account, access_key_id } => format!(
                "the access key {access_key_id} belongs to the account {account}: only the account is known, so its root is evaluated"
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
    RequestSpec {
        principal: Some(PrincipalSpec::Name(caller.principal())),
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
            Caller::of(Signing::Unsigned, Some("AKIAEXAMPLE"), None),
            Caller::Anonymous
        );
        let role = "arn:aws:sts::123456789012:assumed-role/app/i-0abc";
        assert_eq!(
            Caller::of(Signing::Header, Some("ASIAEXAMPLE"), Some(role)).principal(),
            role
        );
        assert_eq!(
            Caller::of(Signing::Header, Some("AKIDEXAMPLE"), None).principal(),
            UNKNOWN_ACCOUNT
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
