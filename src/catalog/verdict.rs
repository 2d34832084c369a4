//! What the catalog says about one action pattern or one condition key: one
//! answer per item, so that the rules built on it never report the same item
//! twice for overlapping reasons.

use super::keys::{has_untyped_key, key_and_suffix, KeyInfo};
use super::services::{namespace, service, Service};
use super::LATTICE_SERVICE;

/// What an `Action`/`NotAction` item is, as far as the catalog can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionVerdict<'a> {
    /// `*`, or an action the service has (a pattern matching at least one),
    /// or an action of a service whose actions the catalog does not list.
    Known,
    /// Not `service:action`: no `:`, or nothing before or after it.
    Malformed,
    /// More than one `:` (`s3:List:Bucket`). IAM refuses such a policy
    /// ("Actions/Condition can contain only one colon"), whatever the service.
    ExtraColon,
    /// A `*` or `?` in the service prefix (`vpc-lattice-*:Invoke`, `*:Invoke`).
    WildcardInService {
        /// The prefix as written.
        prefix: &'a str,
    },
    /// The prefix is not a known service.
    UnknownService {
        /// The prefix as written.
        prefix: &'a str,
    },
    /// A known service with no such action (for a pattern: no action it matches).
    UnknownAction {
        /// The service.
        service: Service,
        /// The action name (or pattern) as written.
        name: &'a str,
    },
}

/// Judges one action pattern (`vpc-lattice-svcs:Invoke`, `s3:Get*`, `*`).
pub fn action_verdict(text: &str) -> ActionVerdict<'_> {
    judge_action(text, service)
}

/// [`action_verdict`] of each of `texts`, in order. Policies list actions
/// service by service: the service of the previous item is reused when the
/// next has the same prefix.
pub fn action_verdicts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<ActionVerdict<'a>> {
    let mut last: Option<(&'a str, Option<Service>)> = None;
    texts
        .into_iter()
        .map(|text| {
            judge_action(text, |prefix| match last {
                Some((seen, found)) if seen == prefix => found,
                _ => {
                    let found = service(prefix);
                    last = Some((prefix, found));
                    found
                }
            })
        })
        .collect()
}

/// [`action_verdict`], with `service_of` finding the service of a prefix.
fn judge_action<'a>(
    text: &'a str,
    mut service_of: impl FnMut(&'a str) -> Option<Service>,
) -> ActionVerdict<'a> {
    if text == "*" {
        return ActionVerdict::Known;
    }
    let Some((prefix, name)) = text.split_once(':') else {
        return ActionVerdict::Malformed;
    };
    if prefix.is_empty() || name.is_empty() {
        return ActionVerdict::Malformed;
    }
    if name.contains(':') {
        return ActionVerdict::ExtraColon;
    }
    if prefix.contains(['*', '?']) {
        return ActionVerdict::WildcardInService { prefix };
    }
    let Some(service) = service_of(prefix) else {
        return ActionVerdict::UnknownService { prefix };
    };
    let found = if name.contains(['*', '?']) {
        service.matching_actions(name).next().is_some()
    } else {
        service.has_action(name)
    };
    if !service.knows_actions() || found {
        return ActionVerdict::Known;
    }
    ActionVerdict::UnknownAction { service, name }
}

/// What a condition key is, as far as the catalog can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyVerdict<'a> {
    /// A key the catalog knows, or one it cannot judge: a key of an identity
    /// provider (`accounts.google.com:aud`, a prefix with `.` or `/`), of a
    /// retired service, or a service's own tag key (`secretsmanager:ResourceTag/x`,
    /// which older documentation of many services describes).
    Known,
    /// Not `service:keyname`: no `:`, or nothing before or after it.
    Malformed,
    /// A key that takes a suffix, written without one (`aws:PrincipalTag/`,
    /// `aws:ResourceTag`, `vpc-lattice-svcs:RequestHeader/`).
    MissingSuffix {
        /// The key.
        key: &'static KeyInfo,
    },
    /// `aws:ARN`, which AWS has replaced by `aws:PrincipalArn` and `aws:SourceArn`.
    Deprecated,
    /// An `aws:` key that is not a global condition key.
    UnknownGlobal,
    /// The prefix is neither a service nor a key prefix the catalog knows.
    UnknownService {
        /// The prefix as written.
        prefix: &'a str,
    },
    /// A key of a known service that the service does not have.
    UnknownServiceKey {
        /// The service.
        service: Service,
    },
}

/// Judges one condition key as written.
pub fn key_verdict(name: &str) -> KeyVerdict<'_> {
    let Some((prefix, rest)) = name.split_once(':') else {
        return KeyVerdict::Malformed;
    };
    if prefix.is_empty() || rest.is_empty() {
        return KeyVerdict::Malformed;
    }
    match key_and_suffix(name) {
        Some((key, "")) if key.suffixed => return KeyVerdict::MissingSuffix { key },
        Some(_) => return KeyVerdict::Known,
        None => {}
    }
    if has_untyped_key(name) {
        return KeyVerdict::Known;
    }
    if let Some(key) = missing_slash(name) {
        return KeyVerdict::MissingSuffix { key };
    }
    if prefix.eq_ignore_ascii_case("aws") {
        return if rest.eq_ignore_ascii_case("ARN") {
            KeyVerdict::Deprecated
        } else {
            KeyVerdict::UnknownGlobal
        };
    }
    if prefix.contains(['.', '/']) {
        return KeyVerdict::Known;
    }
    match (service(prefix), namespace(prefix)) {
        (Some(service), _) if service.knows_actions() => {
            if is_service_tag_key(rest) && !service.prefix().eq_ignore_ascii_case(LATTICE_SERVICE) {
                KeyVerdict::Known
            } else {
                KeyVerdict::UnknownServiceKey { service }
            }
        }
        (Some(_), _) | (None, Some(_)) => KeyVerdict::Known,
        (None, None) => KeyVerdict::UnknownService { prefix },
    }
}

/// `<service>:ResourceTag/<key>`, `<service>:RequestTag/<key>` and
/// `<service>:TagKeys`: the service-prefixed tag keys that predate the global
/// `aws:` ones.
fn is_service_tag_key(rest: &str) -> bool {
    let head = rest.split_once('/').map_or(rest, |(head, _)| head);
    let tag = ["ResourceTag", "RequestTag"]
        .iter()
        .any(|t| head.eq_ignore_ascii_case(t) && rest.len() > head.len() + 1);
    tag || rest.eq_ignore_ascii_case("TagKeys")
}

/// The tag, header or query-string key `name` is when written without its
/// `/` (`aws:ResourceTag`), for a name the catalog does not know as it stands.
fn missing_slash(name: &str) -> Option<&'static KeyInfo> {
    if name.ends_with(['/', ':']) {
        return None;
    }
    match key_and_suffix(&format!("{name}/")) {
        Some((key, "")) if key.suffixed && names_a_tag_or_request_part(key) => Some(key),
        _ => None,
    }
}

/// True for the suffixed keys whose suffix is a tag key, a header name or a
/// query-string key.
fn names_a_tag_or_request_part(key: &KeyInfo) -> bool {
    let head = key.name.trim_end_matches('/');
    ["Tag", "RequestHeader", "RequestQueryString"]
        .iter()
        .any(|end| head.ends_with(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions() {
        use ActionVerdict as V;
        let lattice = service("vpc-lattice-svcs").unwrap();
        let cases = [
            ("*", V::Known),
            ("vpc-lattice-svcs:Invoke", V::Known),
            ("VPC-LATTICE-SVCS:invoke", V::Known),
            ("vpc-lattice-svcs:Inv*", V::Known),
            ("vpc-lattice-svcs:*", V::Known),
            ("zocalo:Anything", V::Known),
            ("Invoke", V::Malformed),
            ("vpc-lattice-svcs:", V::Malformed),
            (":Invoke", V::Malformed),
            ("s3:List:Bucket", V::ExtraColon),
            ("vpc-lattice-svcs:Invoke:", V::ExtraColon),
            ("vpc-lattice-svcs:*:Invoke", V::ExtraColon),
            (
                "vpc-lattice-*:Invoke",
                V::WildcardInService {
                    prefix: "vpc-lattice-*",
                },
            ),
            ("*:Invoke", V::WildcardInService { prefix: "*" }),
            (
                "vpc-lattice-svc:Invoke",
                V::UnknownService {
                    prefix: "vpc-lattice-svc",
                },
            ),
            (
                "vpc-lattice-svcs:Get*",
                V::UnknownAction {
                    service: lattice,
                    name: "Get*",
                },
            ),
        ];
        for (text, want) in cases {
            assert_eq!(action_verdict(text), want, "{text}");
        }
        assert!(matches!(
            action_verdict("s3:Get*Foo"),
            V::UnknownAction {
                name: "Get*Foo",
                ..
            }
        ));
    }

    #[test]
    fn verdicts_of_a_list_agree_with_one_by_one() {
        let texts = [
            "s3:GetObject",
            "s3:Get*",
            "S3:ListBucket",
            "s3:NoSuchAction",
            "ec2:Describe*",
            "nosuchservice:Get",
            "nosuchservice:Put",
            "vpc-lattice-svcs:Invoke",
            "*",
            "s3",
            "s*:Get",
            "s3:GetObject",
        ];
        let one_by_one: Vec<_> = texts.iter().map(|t| action_verdict(t)).collect();
        assert_eq!(action_verdicts(texts), one_by_one);
    }

    #[test]
    fn keys() {
        use KeyVerdict as V;
        let known = [
            "aws:PrincipalTag/team",
            "AWS:principalorgid",
            "vpc-lattice-svcs:RequestQueryString/q",
            "vpc-lattice-svcs:RequestPath",
            "s3:ExistingObjectTag/team",
            "secretsmanager:ResourceTag/owner",
            "ec2:TagKeys",
            "accounts.google.com:aud",
            "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub",
            "saml:aud",
            "zocalo:Anything",
            "kms:EncryptionContext:aws:pi",
            "kms:EncryptionContextKeys",
        ];
        for key in known {
            assert_eq!(key_verdict(key), V::Known, "{key}");
        }
        assert_eq!(key_verdict("PrincipalOrgID"), V::Malformed);
        assert_eq!(key_verdict("aws:"), V::Malformed);
        for key in [
            "aws:PrincipalTag/",
            "aws:ResourceTag",
            "vpc-lattice-svcs:RequestHeader/",
            "vpc-lattice-svcs:RequestQueryString",
            "s3:ExistingObjectTag/",
        ] {
            assert!(
                matches!(key_verdict(key), V::MissingSuffix { .. }),
                "{key}: {:?}",
                key_verdict(key)
            );
        }
        assert_eq!(key_verdict("aws:ARN"), V::Deprecated);
        assert_eq!(key_verdict("aws:PrincipleArn"), V::UnknownGlobal);
        assert_eq!(
            key_verdict("vpc-lattice-svc:Port"),
            V::UnknownService {
                prefix: "vpc-lattice-svc"
            }
        );
        assert!(matches!(
            key_verdict("vpc-lattice-svcs:Method"),
            V::UnknownServiceKey { .. }
        ));
        assert!(matches!(
            key_verdict("vpc-lattice-svcs:ResourceTag/env"),
            V::UnknownServiceKey { .. }
        ));
        assert!(matches!(
            key_verdict("s3:NoSuchKey"),
            V::UnknownServiceKey { .. }
        ));
    }
}
