//! The `Principal` and `NotPrincipal` elements.

use crate::span::{Span, Spanned};

/// `Principal` or `NotPrincipal`.
#[derive(Clone, Debug)]
pub struct PrincipalElement {
    /// True for `NotPrincipal`.
    pub negated: bool,
    /// The element's key.
    pub key_span: Span,
    /// The element's value.
    pub span: Span,
    /// What it names.
    pub value: Principals,
}

/// The value of a principal element.
#[derive(Clone, Debug, PartialEq)]
pub enum Principals {
    /// `"*"`: everyone, including anonymous callers (equivalent to `{"AWS": "*"}`).
    Everyone,
    /// `{"AWS": ..., "Service": ...}`: any of the listed principals.
    Map(Vec<PrincipalEntry>),
}

/// One key of a principal map and its values.
#[derive(Clone, Debug, PartialEq)]
pub struct PrincipalEntry {
    /// `AWS`, `Service`, `Federated` or `CanonicalUser`.
    pub kind: Spanned<PrincipalKind>,
    /// The values (a single string becomes one item).
    pub values: Vec<Spanned<String>>,
}

/// The keys a principal map may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PrincipalKind {
    /// `AWS`: accounts, IAM users and roles, sessions, or `*`.
    Aws,
    /// `Service`: AWS service principals.
    Service,
    /// `Federated`: identity providers.
    Federated,
    /// `CanonicalUser`: S3 canonical user ids.
    CanonicalUser,
}

impl PrincipalKind {
    /// Every kind, as written.
    pub const NAMES: [&'static str; 4] = ["AWS", "Service", "Federated", "CanonicalUser"];

    /// The key as written.
    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalKind::Aws => "AWS",
            PrincipalKind::Service => "Service",
            PrincipalKind::Federated => "Federated",
            PrincipalKind::CanonicalUser => "CanonicalUser",
        }
    }

    /// The kind a key names (case-sensitive).
    pub fn parse(s: &str) -> Option<PrincipalKind> {
        match s {
            "AWS" => Some(PrincipalKind::Aws),
            "Service" => Some(PrincipalKind::Service),
            "Federated" => Some(PrincipalKind::Federated),
            "CanonicalUser" => Some(PrincipalKind::CanonicalUser),
            _ => None,
        }
    }
}

/// What an `AWS` principal value names (docs/semantics.md#statements).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AwsPrincipal<'a> {
    /// `*`: everyone, including anonymous callers.
    Everyone,
    /// `123456789012` or `arn:aws:iam::123456789012:root`: every identity of the account.
    Account(&'a str),
    /// `arn:aws:iam::A:role/[path/]NAME`: sessions of the role.
    Role {
        /// The account.
        account: &'a str,
        /// The role's full ARN.
        arn: &'a str,
    },
    /// `arn:aws:iam::A:user/[path/]NAME`.
    User {
        /// The account.
        account: &'a str,
        /// The user's full ARN.
        arn: &'a str,
    },
    /// `arn:aws:sts::A:assumed-role/ROLE/SESSION`: one role session.
    AssumedRole {
        /// The account.
        account: &'a str,
        /// The session's full ARN.
        arn: &'a str,
    },
    /// `arn:aws:sts::A:federated-user/NAME`.
    FederatedUser {
        /// The account.
        account: &'a str,
        /// The federated user's full ARN.
        arn: &'a str,
    },
    /// Anything else (a unique id, a malformed ARN): it names no caller the tool can model.
    Other(&'a str),
}

impl<'a> AwsPrincipal<'a> {
    /// Classifies an `AWS` principal value.
    pub fn parse(value: &'a str) -> AwsPrincipal<'a> {
        if value == "*" {
            return AwsPrincipal::Everyone;
        }
        if is_account_id(value) {
            return AwsPrincipal::Account(value);
        }
        let Some([arn, partition, service, region, account, resource]) =
            crate::wildcard::split_arn(value)
        else {
            return AwsPrincipal::Other(value);
        };
        if arn != "arn" || partition.is_empty() || !region.is_empty() || !is_account_id(account) {
            return AwsPrincipal::Other(value);
        }
        match (service, resource) {
            ("iam", "root") => AwsPrincipal::Account(account),
            ("iam", r) if r.starts_with("role/") => AwsPrincipal::Role {
                account,
                arn: value,
            },
            ("iam", r) if r.starts_with("user/") => AwsPrincipal::User {
                account,
                arn: value,
            },
            ("sts", r) if r.starts_with("assumed-role/") => AwsPrincipal::AssumedRole {
                account,
                arn: value,
            },
            ("sts", r) if r.starts_with("federated-user/") => AwsPrincipal::FederatedUser {
                account,
                arn: value,
            },
            _ => AwsPrincipal::Other(value),
        }
    }
}

/// Twelve ASCII digits: an account id (the request-key table's
/// [`Domain::Account`](crate::keys::Domain::Account)).
pub fn is_account_id(s: &str) -> bool {
    crate::keys::Domain::Account.contains(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_principal_forms() {
        use AwsPrincipal::*;
        assert_eq!(AwsPrincipal::parse("*"), Everyone);
        assert_eq!(AwsPrincipal::parse("123456789012"), Account("123456789012"));
        assert_eq!(
            AwsPrincipal::parse("arn:aws:iam::123456789012:root"),
            Account("123456789012")
        );
        let role = "arn:aws:iam::123456789012:role/path/ops";
        assert_eq!(
            AwsPrincipal::parse(role),
            Role {
                account: "123456789012",
                arn: role
            }
        );
        let session = "arn:aws:sts::123456789012:assumed-role/ops/s1";
        assert_eq!(
            AwsPrincipal::parse(session),
            AssumedRole {
                account: "123456789012",
                arn: session
            }
        );
        assert_eq!(AwsPrincipal::parse("1234567890"), Other("1234567890"));
        assert_eq!(AwsPrincipal::parse("AROAEXAMPLEID"), Other("AROAEXAMPLEID"));
        assert_eq!(
            AwsPrincipal::parse("arn:aws:iam::xxxxxx:role/r"),
            Other("arn:aws:iam::xxxxxx:role/r")
        );
    }
}
