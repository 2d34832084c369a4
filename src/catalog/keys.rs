//! Condition keys: the keys a VPC Lattice request carries (the
//! `vpc-lattice-svcs:` keys and the `aws:` keys Lattice fills, from the
//! request-key table in [`crate::keys`]), the other global `aws:` keys (IAM's
//! global condition keys, written by hand), and every other service's keys
//! from the generated tables. The first two take precedence over the
//! generated data.

use std::collections::HashMap;
use std::sync::OnceLock;

pub use crate::keys::KeyType;

/// What the linter knows about one condition key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyInfo {
    /// The key as documented; for keys with a suffix, the part before it,
    /// ending in `/` (`aws:PrincipalTag/`) or, for a few service keys, in `:`
    /// (`kms:EncryptionContext:`).
    pub name: &'static str,
    /// The values' type.
    pub ty: KeyType,
    /// True for multi-valued keys, which need `ForAnyValue:`/`ForAllValues:`.
    pub multi: bool,
    /// True when the key takes a suffix after `/` (a tag key, header name, query
    /// key) or after its second `:`.
    pub suffixed: bool,
    /// True when anonymous callers' requests carry the key.
    pub anonymous: bool,
}

/// A table entry; a name ending in `/` or `:` takes a suffix.
pub(super) const fn key(name: &'static str, ty: KeyType, multi: bool, anonymous: bool) -> KeyInfo {
    let bytes = name.as_bytes();
    let suffixed = matches!(bytes.last(), Some(b'/' | b':'));
    KeyInfo {
        name,
        ty,
        multi,
        suffixed,
        anonymous,
    }
}

use KeyType::{Arn, Bool, Date, Ip, Numeric, String as Str};

/// The `vpc-lattice-svcs:` keys, from the request-key table ([`crate::keys::LATTICE`]).
pub static LATTICE_KEYS: [KeyInfo; crate::keys::LATTICE.len()] = infos(&crate::keys::LATTICE);

/// The global `aws:` keys a Lattice request carries, from the request-key
/// table ([`crate::keys::GLOBAL`]).
pub static REQUEST_GLOBAL_KEYS: [KeyInfo; crate::keys::GLOBAL.len()] = infos(&crate::keys::GLOBAL);

/// The catalog's entries for rows of the request-key table.
// Indexing is bounded by the array's length `N`; a `const fn` cannot iterate.
#[allow(clippy::indexing_slicing)]
const fn infos<const N: usize>(table: &[crate::keys::RequestKey; N]) -> [KeyInfo; N] {
    let mut out = [key("", KeyType::String, false, false); N];
    let mut i = 0;
    while i < N {
        let row = &table[i];
        out[i] = key(
            row.name,
            row.ty,
            row.multi,
            matches!(row.callers, crate::keys::Callers::Everyone),
        );
        i += 1;
    }
    out
}

/// The global `aws:` condition keys (IAM "AWS global condition context keys")
/// that a Lattice request does not carry: a request has them only as raw
/// context. `anonymous` is their availability across AWS.
pub static GLOBAL_KEYS: &[KeyInfo] = &[
    key("aws:CalledVia", Str, true, false),
    key("aws:CalledViaFirst", Str, false, false),
    key("aws:CalledViaLast", Str, false, false),
    key("aws:FederatedProvider", Str, false, false),
    key("aws:MultiFactorAuthAge", Numeric, false, false),
    key("aws:MultiFactorAuthPresent", Bool, false, false),
    key("aws:PrincipalServiceName", Str, false, false),
    key("aws:PrincipalServiceNamesList", Str, true, false),
    key("aws:referer", Str, false, true),
    key("aws:RequestedRegion", Str, false, true),
    key("aws:RequestTag/", Str, false, true),
    key("aws:ResourceAccount", Str, false, true),
    key("aws:ResourceOrgID", Str, false, true),
    key("aws:ResourceOrgPaths", Str, true, true),
    key("aws:SourceAccount", Str, false, false),
    key("aws:SourceArn", Arn, false, false),
    key("aws:SourceIdentity", Str, false, false),
    key("aws:SourceOrgID", Str, false, false),
    key("aws:SourceOrgPaths", Str, true, false),
    key("aws:SourceVpc", Str, false, true),
    key("aws:SourceVpcArn", Arn, false, true),
    key("aws:SourceVpce", Str, false, true),
    key("aws:TagKeys", Str, true, true),
    key("aws:TokenIssueTime", Date, false, false),
    key("aws:UserAgent", Str, false, true),
    key("aws:ViaAWSService", Bool, false, true),
    key("aws:VpcSourceIp", Ip, false, true),
    key("aws:VpceAccount", Str, false, true),
    key("aws:VpceOrgID", Str, false, true),
    key("aws:VpceOrgPaths", Str, true, true),
    key("aws:Ec2InstanceSourceVpc", Str, false, false),
    key("aws:Ec2InstanceSourcePrivateIPv4", Ip, false, false),
    key("aws:AssumedRoot", Bool, false, false),
    key("aws:ChatbotSourceArn", Arn, false, false),
    // Not (yet) on IAM's global keys page, but AWS's own managed policies use
    // them (AWSMcpServiceActionsFullAccess, AWSSSOServiceRolePolicy).
    key("aws:IsMcpServiceAction", Bool, false, false),
    key("aws:PrincipalOrgMasterAccountId", Str, false, false),
];

/// The key a condition names, compared case-insensitively (a suffixed key
/// matches by its prefix and needs a non-empty suffix): the hand-written
/// Lattice and global keys first, then the generated service keys. `None` for
/// keys the catalog does not know, and for keys it knows without a type (see
/// [`key_exists`]).
pub fn condition_key(name: &str) -> Option<&'static KeyInfo> {
    key_and_suffix(name).and_then(|(k, suffix)| (!k.suffixed || !suffix.is_empty()).then_some(k))
}

/// Like [`condition_key`], but a suffixed key also matches with an empty
/// suffix (`aws:PrincipalTag/`); returns the suffix as written.
pub fn key_and_suffix(name: &str) -> Option<(&'static KeyInfo, &str)> {
    let prefix = prefix_of(name);
    // The hand-written tables are the whole truth for their prefixes.
    if prefix.eq_ignore_ascii_case("aws") {
        static AWS: OnceLock<KeyIndex> = OnceLock::new();
        let index =
            AWS.get_or_init(|| KeyIndex::new(REQUEST_GLOBAL_KEYS.iter().chain(GLOBAL_KEYS)));
        return index.find(name);
    }
    if prefix.eq_ignore_ascii_case(super::LATTICE_SERVICE) {
        static LATTICE: OnceLock<KeyIndex> = OnceLock::new();
        return LATTICE
            .get_or_init(|| KeyIndex::new(LATTICE_KEYS.iter()))
            .find(name);
    }
    let table: &'static [KeyInfo] = {
        super::services::namespace(prefix)
            .map(|ns| ns.keys)
            .unwrap_or_default()
    };
    table
        .iter()
        .find_map(|k| matches_key(k, name).map(|suffix| (k, suffix)))
}

/// True for the keys of the request-key table and the hand-written global
/// keys ([`LATTICE_KEYS`], [`REQUEST_GLOBAL_KEYS`], [`GLOBAL_KEYS`]), whose
/// types and arity the documentation fixes. The
/// generated keys' arity is less sure: the Service Authorization Reference
/// types some keys `ArrayOf…` that AWS's own policies use as single-valued
/// (`events:detail-type`), and the other way round.
pub fn is_curated(key: &KeyInfo) -> bool {
    LATTICE_KEYS
        .iter()
        .chain(&REQUEST_GLOBAL_KEYS)
        .chain(GLOBAL_KEYS)
        .any(|k| std::ptr::eq(k, key))
}

/// True for a multi-valued key whose arity the documentation fixes
/// ([`is_curated`]): a raw context value for it is always a list.
pub fn is_multi_valued(name: &str) -> bool {
    condition_key(name).is_some_and(|k| k.multi && is_curated(k))
}

/// True when the catalog knows `name`: a key [`condition_key`] finds, or one
/// the data documents with conflicting types.
pub fn key_exists(name: &str) -> bool {
    condition_key(name).is_some() || has_untyped_key(name)
}

/// True when `name` is one of the keys the data documents with conflicting
/// types (which [`condition_key`] does not return).
pub(super) fn has_untyped_key(name: &str) -> bool {
    super::services::namespace(prefix_of(name)).is_some_and(|ns| {
        ns.untyped_keys.iter().any(|head| {
            name.len() > head.len()
                && name
                    .get(..head.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(head))
        })
    })
}

/// The service part of a key, before its first `:` (the whole key when there is none).
/// The hand-written keys of one prefix by their lower-case name (a suffixed
/// key by its name up to and including the `/`), each with its place in the
/// table, so that the first entry that matches wins as in a scan. Every
/// condition of every policy is looked up: a scan compared each with about a
/// hundred names.
struct KeyIndex {
    by_name: HashMap<String, (usize, &'static KeyInfo)>,
}

impl KeyIndex {
    fn new(keys: impl Iterator<Item = &'static KeyInfo>) -> KeyIndex {
        let mut by_name = HashMap::new();
        for (place, k) in keys.enumerate() {
            by_name
                .entry(k.name.to_ascii_lowercase())
                .or_insert((place, k));
        }
        KeyIndex { by_name }
    }

    /// What a scan with [`matches_key`] finds first.
    fn find<'n>(&self, name: &'n str) -> Option<(&'static KeyInfo, &'n str)> {
        let lower = name.to_ascii_lowercase();
        let whole = self
            .by_name
            .get(&lower)
            .filter(|(_, k)| !k.suffixed)
            .map(|&(place, k)| (place, k, ""));
        let head = lower.find('/').and_then(|slash| {
            let (place, k) = *self.by_name.get(lower.get(..=slash)?)?;
            k.suffixed
                .then(|| (place, k, name.get(slash + 1..).unwrap_or("")))
        });
        let first = match (whole, head) {
            (Some(w), Some(h)) => Some(if h.0 < w.0 { h } else { w }),
            (w, h) => w.or(h),
        };
        first.map(|(_, k, suffix)| (k, suffix))
    }
}

fn prefix_of(name: &str) -> &str {
    name.split_once(':').map_or(name, |(prefix, _)| prefix)
}

/// The suffix when `name` is `k` (ignoring case); for a suffixed key, any
/// name that starts with it, the suffix possibly empty.
fn matches_key<'n>(k: &KeyInfo, name: &'n str) -> Option<&'n str> {
    if k.suffixed {
        let head = name.get(..k.name.len())?;
        head.eq_ignore_ascii_case(k.name)
            .then(|| name.get(k.name.len()..).unwrap_or(""))
    } else {
        name.eq_ignore_ascii_case(k.name).then_some("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_finds_what_a_scan_finds() {
        let scan = |table: &[&'static KeyInfo], name: &str| {
            table
                .iter()
                .find_map(|k| matches_key(k, name).map(|suffix| (k.name, suffix.to_owned())))
        };
        let aws: Vec<&'static KeyInfo> = REQUEST_GLOBAL_KEYS.iter().chain(GLOBAL_KEYS).collect();
        let lattice: Vec<&'static KeyInfo> = LATTICE_KEYS.iter().collect();
        let mut names: Vec<String> = Vec::new();
        for k in aws.iter().chain(&lattice) {
            for variant in [
                k.name.to_owned(),
                k.name.to_ascii_uppercase(),
                k.name.to_ascii_lowercase(),
            ] {
                names.push(variant.clone());
                names.push(format!("{variant}team/Sub"));
                names.push(format!("{variant}x"));
                names.push(variant.trim_end_matches('/').to_owned());
            }
        }
        names.extend(
            [
                "aws:",
                "aws:/",
                "aws:PrincipalTag",
                "vpc-lattice-svcs:RequestHeader/",
            ]
            .map(String::from),
        );
        for name in &names {
            let (table, index) = if name.to_ascii_lowercase().starts_with("aws:") {
                (&aws, KeyIndex::new(aws.iter().copied()))
            } else {
                (&lattice, KeyIndex::new(lattice.iter().copied()))
            };
            let found = index
                .find(name)
                .map(|(k, suffix)| (k.name, suffix.to_owned()));
            assert_eq!(found, scan(table, name), "{name}");
        }
    }

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

    #[test]
    fn hand_written_keys_take_precedence_over_generated_ones() {
        let port = condition_key("vpc-lattice-svcs:port").unwrap();
        assert!(port.anonymous, "the Lattice table's entry, not the data's");
        let (k, suffix) = key_and_suffix("aws:PrincipalTag/").unwrap();
        assert_eq!((k.name, suffix), ("aws:PrincipalTag/", ""));
    }

    #[test]
    fn generated_keys_are_found_in_any_case() {
        let k = condition_key("S3:x-amz-ACL").unwrap();
        assert_eq!((k.name, k.ty, k.multi), ("s3:x-amz-acl", Str, false));
        let tag = condition_key("s3:ExistingObjectTag/team").unwrap();
        assert!(tag.suffixed);
        assert!(condition_key("s3:ExistingObjectTag/").is_none());
        let ctx = condition_key("kms:EncryptionContext:aws:pi").unwrap();
        assert_eq!(ctx.name, "kms:EncryptionContext:");
        assert!(condition_key("kms:EncryptionContextKeys").is_some_and(|k| k.multi));
        assert_eq!(condition_key("saml:aud").map(|k| k.ty), Some(Str));
        assert!(condition_key("s3:NoSuchKey").is_none());
        assert!(!is_curated(k));
        assert!(is_curated(condition_key("aws:principalorgpaths").unwrap()));
    }

    #[test]
    fn keys_documented_with_two_types_exist_without_a_type() {
        let name = "codebuild:secondarySources/src.insecureSsl";
        assert!(condition_key(name).is_none());
        assert!(key_exists(name));
        assert!(!key_exists("codebuild:secondarySources/"));
    }

    #[test]
    fn the_data_global_keys_are_all_in_the_hand_written_table() {
        for name in super::super::generated::DATA_GLOBAL_KEYS {
            assert!(
                GLOBAL_KEYS
                    .iter()
                    .chain(&REQUEST_GLOBAL_KEYS)
                    .any(|k| k.name.eq_ignore_ascii_case(name)),
                "{name}"
            );
        }
    }
}
