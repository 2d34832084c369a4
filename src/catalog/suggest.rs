//! "Did you mean …?" for service prefixes, actions and condition keys, with
//! [`crate::fuzzy::best_match`] and two small additions: a prefix written
//! without its hyphens or cut short (`vpclattice`, `vpc-lattice`) still finds
//! `vpc-lattice-svcs`, and a key name that is part of exactly one real key
//! (`Method` in `RequestMethod`) finds it.

use super::keys::{KeyInfo, GLOBAL_KEYS, LATTICE_KEYS, REQUEST_GLOBAL_KEYS};
use super::services::{namespace, namespaces, service, Namespace};
use super::LATTICE_SERVICE;
use crate::fuzzy::{best_match, distance, distance_within};

/// The most edits between a misspelt action name and the suggested one.
const MAX_ACTION_EDITS: usize = 3;

/// The known service prefix closest to `prefix`, when one is close; among
/// close ones, VPC Lattice's data plane `vpc-lattice-svcs` comes first
/// (`vpclattice` gives it rather than the control plane's `vpc-lattice`).
pub fn suggest_service(prefix: &str) -> Option<&'static str> {
    let similar: Vec<&'static Namespace> = similar_namespaces(prefix)
        .into_iter()
        .filter(|ns| ns.service)
        .collect();
    similar
        .iter()
        .find(|ns| ns.prefix == LATTICE_SERVICE)
        .or(similar.first())
        .map(|ns| ns.prefix)
}

/// A real action close to `action` (`service:Action`), written as documented:
/// the closest action of the same service, or the same action name in a
/// service with a similar prefix (`vpc-lattice:Invoke` gives
/// `vpc-lattice-svcs:Invoke`). An action written without a prefix is looked
/// for in VPC Lattice. `None` for patterns with wildcards in the action name.
pub fn suggest_action(action: &str) -> Option<String> {
    let (prefix, name) = action.split_once(':').unwrap_or(("", action));
    if name.is_empty() || name.contains(['*', '?']) {
        return None;
    }
    if prefix.is_empty() {
        let lattice = service(LATTICE_SERVICE)?;
        return lattice
            .action(name)
            .map(|a| format!("{LATTICE_SERVICE}:{a}"));
    }
    if let Some(service) = service(prefix).filter(|s| s.knows_actions()) {
        let actions: Vec<&str> = service.actions().collect();
        // Services have hundreds of similar names (`ListAgentSpaces`,
        // `ListAgentInstances`): a suggestion more than three edits away is a
        // guess, not a spelling fix.
        let close = best_match(name, &actions).filter(|best| {
            distance(&name.to_ascii_lowercase(), &best.to_ascii_lowercase()) <= MAX_ACTION_EDITS
        });
        if let Some(best) = close {
            return Some(format!("{}:{best}", service.prefix()));
        }
    }
    similar_namespaces(prefix).into_iter().find_map(|ns| {
        let service = service(ns.prefix)?;
        service
            .action(name)
            .map(|a| format!("{}:{a}", service.prefix()))
    })
}

/// A real condition key close to `key`, written as documented, keeping the
/// suffix of a suffixed key (`vpc-lattice-svcs:RequestHeaders/x-team` gives
/// `vpc-lattice-svcs:RequestHeader/x-team`). It looks among the keys with
/// the same prefix, then for the same key name with a similar prefix, in VPC
/// Lattice and among the global keys (`vpc-lattice-svcs:PrincipalOrgID` gives
/// `aws:PrincipalOrgID`).
pub fn suggest_key(key: &str) -> Option<String> {
    let (prefix, rest) = key.split_once(':').unwrap_or(("", key));
    if rest.is_empty() {
        return None;
    }
    let own = keys_with_prefix(prefix);
    if let Some(found) = closest_key(rest, &own) {
        return Some(found);
    }
    let mut others: Vec<&'static KeyInfo> = Vec::new();
    for ns in similar_namespaces(prefix) {
        others.extend(keys_with_prefix(ns.prefix));
    }
    if !prefix.eq_ignore_ascii_case(LATTICE_SERVICE) {
        others.extend(&LATTICE_KEYS);
    }
    if !prefix.eq_ignore_ascii_case("aws") {
        others.extend(REQUEST_GLOBAL_KEYS.iter().chain(GLOBAL_KEYS));
    }
    same_key_name(rest, &others)
}

/// The keys written with `prefix`: the request-key table and the
/// hand-written global keys for `aws` and `vpc-lattice-svcs`, the generated
/// one for the rest.
fn keys_with_prefix(prefix: &str) -> Vec<&'static KeyInfo> {
    if prefix.eq_ignore_ascii_case("aws") {
        REQUEST_GLOBAL_KEYS.iter().chain(GLOBAL_KEYS).collect()
    } else if prefix.eq_ignore_ascii_case(LATTICE_SERVICE) {
        LATTICE_KEYS.iter().collect()
    } else {
        namespace(prefix)
            .map(|ns| ns.keys.iter().collect())
            .unwrap_or_default()
    }
}

/// The key name after the prefix (`RequestHeader/` for `vpc-lattice-svcs:RequestHeader/`).
fn key_name(k: &KeyInfo) -> &'static str {
    k.name.split_once(':').map_or(k.name, |(_, rest)| rest)
}

/// `rest` split into the part a key table names and the user's suffix:
/// `RequestHeaders/x-team` is (`RequestHeaders`, `Some("x-team")`).
fn split_suffix(rest: &str) -> (&str, Option<&str>) {
    match rest.split_once('/') {
        Some((head, suffix)) => (head, Some(suffix)),
        None => (rest, None),
    }
}

/// The keys that take a `/` suffix (when `suffixed`) or take none, each with
/// its name after the prefix and without the `/`.
fn shaped(suffixed: bool, keys: &[&'static KeyInfo]) -> Vec<(&'static str, &'static KeyInfo)> {
    keys.iter()
        .filter(|k| k.suffixed == suffixed && (!k.suffixed || k.name.ends_with('/')))
        .map(|k| (key_name(k).trim_end_matches('/'), *k))
        .collect()
}

fn with_suffix(k: &KeyInfo, suffix: Option<&str>) -> String {
    match suffix {
        Some(suffix) => format!("{}{suffix}", k.name),
        None => k.name.to_string(),
    }
}

/// The key among `keys` closest to `rest`: by edit distance, or the only one
/// whose name contains `rest`'s.
fn closest_key(rest: &str, keys: &[&'static KeyInfo]) -> Option<String> {
    let (head, suffix) = split_suffix(rest);
    let names = shaped(suffix.is_some(), keys);
    let plain: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
    let found = best_match(head, &plain).or_else(|| only_one_containing(head, &plain))?;
    let (_, k) = names.iter().find(|(n, _)| *n == found)?;
    Some(with_suffix(k, suffix))
}

/// The first key among `keys` with exactly `rest`'s name (ignoring case).
fn same_key_name(rest: &str, keys: &[&'static KeyInfo]) -> Option<String> {
    let (head, suffix) = split_suffix(rest);
    let names = shaped(suffix.is_some(), keys);
    let (_, k) = names.iter().find(|(n, _)| n.eq_ignore_ascii_case(head))?;
    Some(with_suffix(k, suffix))
}

/// The only candidate whose name contains `word` (ignoring case), for words of
/// three letters or more.
fn only_one_containing<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    if word.len() < 3 {
        return None;
    }
    let word = word.to_ascii_lowercase();
    let mut found = candidates
        .iter()
        .filter(|c| c.to_ascii_lowercase().contains(&word));
    match (found.next(), found.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// Prefixes similar to `prefix` (not `prefix` itself), closest first: within
/// the fuzzy matcher's edit distance, equal to it up to hyphens, underscores
/// and a missing end (`vpclattice` and `vpc-lattice` for `vpc-lattice-svcs`),
/// or VPC Lattice's for any prefix that says `lattice`.
fn similar_namespaces(prefix: &str) -> Vec<&'static Namespace> {
    let lower = prefix.to_ascii_lowercase();
    if lower.is_empty() {
        return Vec::new();
    }
    let squashed: String = lower.chars().filter(|c| !matches!(c, '-' | '_')).collect();
    // Prefixes people invent for VPC Lattice (`lattice`, `latticesvcs`,
    // `aws-vpc-lattice`) are too far from the real ones by edit distance, but
    // say what they mean.
    let says_lattice = squashed.contains("lattice");
    let length = lower.chars().count();
    let limit = (length / 3).clamp(1, 4);
    let mut found: Vec<(usize, &'static Namespace)> = namespaces()
        .filter(|ns| ns.prefix != lower)
        .filter_map(|ns| {
            let theirs = ns.prefix.chars().filter(|c| *c != '-');
            let extends = (squashed.len() >= 3 && starts_with(theirs, &squashed))
                || (says_lattice && ns.prefix.starts_with("vpc-lattice"));
            // The distance is at least the difference in length: most prefixes
            // are ruled out without computing it.
            if !extends && ns.prefix.chars().count().abs_diff(length) > limit {
                return None;
            }
            let d = if extends {
                distance(&lower, ns.prefix)
            } else {
                distance_within(&lower, ns.prefix, limit)?
            };
            Some((d, ns))
        })
        .collect();
    found.sort_by_key(|(d, ns)| (*d, ns.prefix));
    found.into_iter().map(|(_, ns)| ns).collect()
}

/// True when the characters of `chars` begin with `prefix`.
fn starts_with(mut chars: impl Iterator<Item = char>, prefix: &str) -> bool {
    prefix.chars().all(|p| chars.next() == Some(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services() {
        assert_eq!(suggest_service("vpc-lattice-svc"), Some("vpc-lattice-svcs"));
        assert_eq!(suggest_service("vpclattice"), Some("vpc-lattice-svcs"));
        assert_eq!(suggest_service("lattice"), Some("vpc-lattice-svcs"));
        assert_eq!(
            suggest_service("amazon-vpc-lattice"),
            Some("vpc-lattice-svcs")
        );
        assert_eq!(suggest_service("ec2x"), Some("ec2"));
        assert_eq!(suggest_service("S3"), None, "not itself");
        assert_eq!(suggest_service("qqqqqqqq"), None);
    }

    #[test]
    fn actions() {
        let cases = [
            ("vpc-lattice-svcs:Invok", Some("vpc-lattice-svcs:Invoke")),
            ("vpc-lattice-svcs:invoke", Some("vpc-lattice-svcs:Invoke")),
            ("vpc-lattice-svc:Invoke", Some("vpc-lattice-svcs:Invoke")),
            ("vpclattice:Invoke", Some("vpc-lattice-svcs:Invoke")),
            ("vpc-lattice:Invoke", Some("vpc-lattice-svcs:Invoke")),
            ("Invoke", Some("vpc-lattice-svcs:Invoke")),
            ("s3:ListBuckets", Some("s3:ListBucket")),
            ("s3:GetObjcet", Some("s3:GetObject")),
            ("vpc-lattice-svcs:Get*", None),
            ("vpc-lattice-svcs:Banana", None),
            ("vpclattice:Access", None),
            ("lattice:Invoke", Some("vpc-lattice-svcs:Invoke")),
            ("latticesvcs:Invoke", Some("vpc-lattice-svcs:Invoke")),
            ("aws-vpc-lattice:Connect", Some("vpc-lattice-svcs:Connect")),
            ("VPC_Lattice:invoke", Some("vpc-lattice-svcs:Invoke")),
            ("securityagent:ListAgentInstances", None),
            (
                "ssm:RemoveTagsToResource",
                Some("ssm:RemoveTagsFromResource"),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(suggest_action(text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn keys() {
        let cases = [
            (
                "vpc-lattice-svcs:Method",
                Some("vpc-lattice-svcs:RequestMethod"),
            ),
            (
                "vpc-lattice-svcs:RequestMetod",
                Some("vpc-lattice-svcs:RequestMethod"),
            ),
            (
                "vpc-lattice-svcs:Header/x-team",
                Some("vpc-lattice-svcs:RequestHeader/x-team"),
            ),
            (
                "vpc-lattice-svcs:RequestHeaders/x-team",
                Some("vpc-lattice-svcs:RequestHeader/x-team"),
            ),
            (
                "vpc-lattice-svcs:PrincipalOrgID",
                Some("aws:PrincipalOrgID"),
            ),
            (
                "vpc-lattice-svcs:ResourceTag/env",
                Some("aws:ResourceTag/env"),
            ),
            ("vpclattice:SourceVpc", Some("vpc-lattice-svcs:SourceVpc")),
            ("vpclattice:SourceIp", Some("aws:SourceIp")),
            ("aws:PrincipleArn", Some("aws:PrincipalArn")),
            ("aws:PrincipalTags/team", Some("aws:PrincipalTag/team")),
            ("PrincipalOrgID", Some("aws:PrincipalOrgID")),
            ("SourceVpc", Some("vpc-lattice-svcs:SourceVpc")),
            ("s3:prefx", Some("s3:prefix")),
            ("vpclattice:RequestCount", None),
            ("aws:", None),
        ];
        for (text, want) in cases {
            assert_eq!(suggest_key(text).as_deref(), want, "{text}");
        }
    }
}
