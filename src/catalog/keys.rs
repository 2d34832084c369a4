//! Condition keys: the VPC Lattice service keys (SEMANTICS.md §3.1, §9) and
//! the global `aws:` keys (§3.2, IAM's global condition keys).

/// The type of a condition key's values, as the Service Authorization Reference names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyType {
    /// Text.
    String,
    /// A number.
    Numeric,
    /// A date and time.
    Date,
    /// `true` or `false`.
    Bool,
    /// An ARN.
    Arn,
    /// An IP address.
    Ip,
    /// Base64 bytes.
    Binary,
}

/// What the linter knows about one condition key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyInfo {
    /// The key as documented; for keys with a suffix, the part before it,
    /// ending in `/` (`aws:PrincipalTag/`).
    pub name: &'static str,
    /// The values' type.
    pub ty: KeyType,
    /// True for multi-valued keys, which need `ForAnyValue:`/`ForAllValues:`.
    pub multi: bool,
    /// True when the key takes a suffix after `/` (a tag key, header name, query key).
    pub suffixed: bool,
    /// True when anonymous callers' requests carry the key.
    pub anonymous: bool,
}

const fn key(name: &'static str, ty: KeyType, multi: bool, anonymous: bool) -> KeyInfo {
    let bytes = name.as_bytes();
    let suffixed = matches!(bytes.last(), Some(b'/'));
    KeyInfo {
        name,
        ty,
        multi,
        suffixed,
        anonymous,
    }
}

use KeyType::{Arn, Bool, Date, Ip, Numeric, String as Str};

/// The `vpc-lattice-svcs:` keys (SEMANTICS.md §9).
pub static LATTICE_KEYS: &[KeyInfo] = &[
    key("vpc-lattice-svcs:Port", Numeric, false, true),
    key("vpc-lattice-svcs:RequestMethod", Str, false, true),
    key("vpc-lattice-svcs:RequestPath", Str, false, true),
    key("vpc-lattice-svcs:RequestHeader/", Str, false, true),
    key("vpc-lattice-svcs:RequestQueryString/", Str, true, true),
    key("vpc-lattice-svcs:ServiceArn", Arn, false, true),
    key("vpc-lattice-svcs:ServiceNetworkArn", Arn, false, true),
    key("vpc-lattice-svcs:SourceVpc", Str, false, true),
    key("vpc-lattice-svcs:SourceVpcOwnerAccount", Str, false, true),
];

/// The global `aws:` condition keys (IAM "AWS global condition context keys").
/// `anonymous` follows SEMANTICS.md §1.3 and D21.
pub static GLOBAL_KEYS: &[KeyInfo] = &[
    key("aws:CalledVia", Str, true, false),
    key("aws:CalledViaFirst", Str, false, false),
    key("aws:CalledViaLast", Str, false, false),
    key("aws:CurrentTime", Date, false, true),
    key("aws:EpochTime", Date, false, true),
    key("aws:FederatedProvider", Str, false, false),
    key("aws:MultiFactorAuthAge", Numeric, false, false),
    key("aws:MultiFactorAuthPresent", Bool, false, false),
    key("aws:PrincipalAccount", Str, false, true),
    key("aws:PrincipalArn", Arn, false, false),
    key("aws:PrincipalIsAWSService", Bool, false, false),
    key("aws:PrincipalOrgID", Str, false, false),
    key("aws:PrincipalOrgPaths", Str, true, false),
    key("aws:PrincipalServiceName", Str, false, false),
    key("aws:PrincipalServiceNamesList", Str, true, false),
    key("aws:PrincipalTag/", Str, false, false),
    key("aws:PrincipalType", Str, false, true),
    key("aws:referer", Str, false, true),
    key("aws:RequestedRegion", Str, false, true),
    key("aws:RequestTag/", Str, false, true),
    key("aws:ResourceAccount", Str, false, true),
    key("aws:ResourceOrgID", Str, false, true),
    key("aws:ResourceOrgPaths", Str, true, true),
    key("aws:ResourceTag/", Str, false, true),
    key("aws:SecureTransport", Bool, false, true),
    key("aws:SourceAccount", Str, false, false),
    key("aws:SourceArn", Arn, false, false),
    key("aws:SourceIdentity", Str, false, false),
    key("aws:SourceIp", Ip, false, true),
    key("aws:SourceOrgID", Str, false, false),
    key("aws:SourceOrgPaths", Str, true, false),
    key("aws:SourceVpc", Str, false, true),
    key("aws:SourceVpcArn", Arn, false, true),
    key("aws:SourceVpce", Str, false, true),
    key("aws:TagKeys", Str, true, true),
    key("aws:TokenIssueTime", Date, false, false),
    key("aws:UserAgent", Str, false, true),
    key("aws:userid", Str, false, true),
    key("aws:username", Str, false, false),
    key("aws:ViaAWSService", Bool, false, true),
    key("aws:VpcSourceIp", Ip, false, true),
    key("aws:VpceAccount", Str, false, true),
    key("aws:VpceOrgID", Str, false, true),
    key("aws:VpceOrgPaths", Str, true, true),
    key("aws:Ec2InstanceSourceVpc", Str, false, false),
    key("aws:Ec2InstanceSourcePrivateIPv4", Ip, false, false),
];

/// The key a condition names, compared case-insensitively (a suffixed key
/// matches by its prefix); `None` for keys not in these tables.
pub fn condition_key(name: &str) -> Option<&'static KeyInfo> {
    LATTICE_KEYS.iter().chain(GLOBAL_KEYS).find(|k| {
        if k.suffixed {
            name.len() > k.name.len()
                && name
                    .get(..k.name.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(k.name))
        } else {
            name.eq_ignore_ascii_case(k.name)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_in_any_case_and_by_prefix() {
        assert_eq!(
            condition_key("AWS:principaltype").map(|k| k.name),
            Some("aws:PrincipalType")
        );
        let q = condition_key("vpc-lattice-svcs:RequestQueryString/page").unwrap();
        assert!(q.multi && q.suffixed);
        assert!(
            condition_key("vpc-lattice-svcs:RequestQueryString/").is_none(),
            "a suffix is required"
        );
        assert_eq!(condition_key("aws:SourceIp").map(|k| k.ty), Some(Ip));
        assert!(condition_key("vpc-lattice-svcs:Method").is_none());
    }
}
