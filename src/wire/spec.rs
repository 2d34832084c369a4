//! A [`WireRequest`] as a [`RequestSpec`]: what `policy eval --http/--curl`
//! evaluates, before the query and flags are put on top.
//!
//! * **method** and **path** (with its query string, as written) from the
//!   request line or the URL;
//! * **headers**: every header, names as written; a header sent more than
//!   once has its values joined with `,` in order, as HTTP combines them;
//! * **port**: from the `Host` header or the URL, when it gives one;
//! * **protocol**: `GRPC` when `content-type` is `application/grpc…`,
//!   else `HTTP` or `HTTPS` from the URL's scheme (unset for a raw request
//!   in origin form, which then has the default, `HTTPS`);
//! * **principal**: see [`Caller`].

use std::collections::BTreeMap;

use super::inspect::Inspection;
use super::{Scheme, WireRequest};
use crate::eval::request::PrincipalSpec;
use crate::eval::RequestSpec;

/// The account a signed request is taken to come from when its access key
/// id encodes none and no `--principal` is given: an account no policy
/// names, so that only what a policy grants any signed caller applies.
pub const UNKNOWN_ACCOUNT: &str = "000000000000";

/// Who the request is from, as far as the request itself says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    /// Unsigned: anonymous.
    Anonymous,
    /// Signed with a key id that encodes this account; only the account is
    /// known (its root is the principal evaluated).
    Account {
        /// The 12-digit account.
        account: String,
        /// The access key id it was decoded from.
        access_key_id: String,
    },
    /// Signed, but the key id encodes no account (or there is none): the
    /// caller is [`UNKNOWN_ACCOUNT`].
    Unknown {
        /// The access key id, when there is one.
        access_key_id: Option<String>,
    },
}

impl Caller {
    /// What the request's signature says about its caller.
    pub fn of(inspection: &Inspection) -> Caller {
        if !inspection.is_signed() {
            return Caller::Anonymous;
        }
        match (&inspection.access_key_id, inspection.account()) {
            (Some(key), Some(account)) => Caller::Account {
                account,
                access_key_id: key.clone(),
            },
            (key, _) => Caller::Unknown {
                access_key_id: key.clone(),
            },
        }
    }

    /// The request's `principal` field for this caller.
    pub fn principal(&self) -> String {
        match self {
            Caller::Anonymous => "anonymous".into(),
            Caller::Account { account, .. } => account.clone(),
            Caller::Unknown { .. } => UNKNOWN_ACCOUNT.into(),
        }
    }

    /// One sentence saying how the caller was worked out.
    pub fn describe(&self) -> String {
        match self {
            Caller::Anonymous => "the request is not signed, so the caller is anonymous".into(),
            Caller::Account { account, access_key_id } => format!(
                "the request is signed with the access key `{access_key_id}`, which belongs to the account {account}: only the account is known, so its root is evaluated (give --principal to name the user or role that signed)"
            ),
            Caller::Unknown { access_key_id: Some(key) } => format!(
                "the request is signed with the access key `{key}`, which encodes no account: the caller is taken as the unknown account {UNKNOWN_ACCOUNT} (give --principal to name who signed)"
            ),
            Caller::Unknown { access_key_id: None } => format!(
                "the request is signed, but its access key id cannot be read: the caller is taken as the unknown account {UNKNOWN_ACCOUNT} (give --principal to name who signed)"
            ),
        }
    }
}

/// The request `wire` describes, from `caller`.
pub fn to_spec(wire: &WireRequest, caller: &Caller) -> RequestSpec {
    let mut headers: BTreeMap<String, String> = BTreeMap::new();
    let mut names: Vec<String> = Vec::new();
    for h in &wire.headers {
        let lower = h.name.value.to_ascii_lowercase();
        match names.iter().position(|n| n.to_ascii_lowercase() == lower) {
            Some(i) => {
                if let Some(value) = names.get(i).and_then(|n| headers.get_mut(n)) {
                    value.push(',');
                    value.push_str(&h.value.value);
                }
            }
            None => {
                names.push(h.name.value.clone());
                headers.insert(h.name.value.clone(), h.value.value.clone());
            }
        }
    }
    let grpc = wire.header("content-type").is_some_and(|h| {
        h.value
            .value
            .to_ascii_lowercase()
            .starts_with("application/grpc")
    });
    let protocol = if grpc {
        Some("GRPC")
    } else {
        wire.scheme.map(|s| match s {
            Scheme::Http => "HTTP",
            Scheme::Https => "HTTPS",
        })
    };
    RequestSpec {
        principal: Some(PrincipalSpec::Name(caller.principal())),
        protocol: protocol.map(str::to_string),
        method: Some(wire.method.value.clone()),
        path: Some(wire.target.value.clone()),
        headers,
        port: wire.port.map(i64::from),
        ..RequestSpec::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::Timestamp;

    #[test]
    fn repeated_headers_join_and_the_caller_follows_the_signature() {
        let wire = super::super::http::parse(
            "r",
            b"GET /x?a=1 HTTP/1.1\r\nHost: h:8080\r\nX-A: 1\r\nx-a: 2\r\nContent-Type: application/grpc\r\n\r\n",
        );
        let Ok(wire) = wire else { panic!("{wire:?}") };
        let inspection = super::super::inspect::inspect(&wire, Timestamp::from_millis(0));
        let caller = Caller::of(&inspection);
        assert_eq!(caller, Caller::Anonymous);
        let spec = to_spec(&wire, &caller);
        assert_eq!(spec.headers.get("X-A").map(String::as_str), Some("1,2"));
        assert_eq!(spec.port, Some(8080));
        assert_eq!(spec.protocol.as_deref(), Some("GRPC"));
        assert_eq!(spec.path.as_deref(), Some("/x?a=1"));
    }
}
