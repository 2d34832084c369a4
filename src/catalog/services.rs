//! AWS services and their actions, looked up case-insensitively in the
//! generated tables.

use std::cmp::Ordering;

use super::generated::NAMESPACES;
use super::keys::KeyInfo;
use crate::eval::{Case, Context, Pattern};

/// One prefix of the tables: a service (with its actions and keys), or a
/// prefix that only condition keys use (`saml:`, `accounts.google.com:`).
#[derive(Debug)]
pub struct Namespace {
    /// The prefix, lower-case.
    pub(super) prefix: &'static str,
    /// The service's name (`Amazon VPC Lattice Services`); empty for a key-only prefix.
    pub(super) name: &'static str,
    /// True for a service, false for a prefix that only keys use.
    pub(super) service: bool,
    /// The action names, sorted ignoring case, joined with `,`; empty when unknown.
    pub(super) actions: &'static str,
    /// The condition keys with this prefix, with their types.
    pub(super) keys: &'static [KeyInfo],
    /// Keys (or suffixed key heads) that exist but are documented with conflicting types.
    pub(super) untyped_keys: &'static [&'static str],
}

/// Services AWS has retired whose prefixes live on in policies (AWS managed
/// policies among them) but are in neither data source. Their actions are
/// unknown, so no action of theirs is reported.
static RETIRED: &[Namespace] = &[
    retired("applicationwizard", "AWS Launch Wizard (former prefix)"),
    retired(
        "catalog-admin",
        "AWS Service Catalog (former administrator prefix)",
    ),
    retired(
        "catalog-user",
        "AWS Service Catalog (former end-user prefix)",
    ),
    retired("crowd", "Amazon Mechanical Turk crowd (retired)"),
    retired("ec2-reports", "Amazon EC2 Reports (retired)"),
    retired("iot1click", "AWS IoT 1-Click (retired)"),
    retired("sumerian", "Amazon Sumerian (retired)"),
    retired("zocalo", "Amazon WorkDocs (former prefix)"),
];

const fn retired(prefix: &'static str, name: &'static str) -> Namespace {
    Namespace {
        prefix,
        name,
        service: true,
        actions: "",
        keys: &[],
        untyped_keys: &[],
    }
}

/// Compares a lower-case table prefix with a prefix as written, ignoring case.
fn cmp_prefix(table: &str, written: &str) -> Ordering {
    table
        .bytes()
        .cmp(written.bytes().map(|b| b.to_ascii_lowercase()))
}

/// The word of `joined` (names sorted ignoring case, joined with `,`) equal to
/// `name` ignoring case. The search range `lo..hi` always starts at a name and
/// ends at the end of one.
fn find_sorted(joined: &'static str, name: &str) -> Option<&'static str> {
    let bytes = joined.as_bytes();
    let (mut lo, mut hi) = (0, bytes.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = bytes
            .get(lo..mid)?
            .iter()
            .rposition(|&b| b == b',')
            .map_or(lo, |p| lo + p + 1);
        let end = bytes
            .get(mid..hi)?
            .iter()
            .position(|&b| b == b',')
            .map_or(hi, |p| mid + p);
        let word = joined.get(start..end)?;
        let lower = |b: u8| b.to_ascii_lowercase();
        match word.bytes().map(lower).cmp(name.bytes().map(lower)) {
            Ordering::Equal => return Some(word),
            Ordering::Less => lo = end + 1,
            Ordering::Greater => hi = start.saturating_sub(1).max(lo),
        }
    }
    None
}

/// The table entry for `prefix` (any case), service or key-only.
pub(super) fn namespace(prefix: &str) -> Option<&'static Namespace> {
    NAMESPACES
        .binary_search_by(|ns| cmp_prefix(ns.prefix, prefix))
        .ok()
        .and_then(|i| NAMESPACES.get(i))
        .or_else(|| {
            RETIRED
                .iter()
                .find(|ns| ns.prefix.eq_ignore_ascii_case(prefix))
        })
}

/// Every table entry: the generated ones, then the retired services.
pub(super) fn namespaces() -> impl Iterator<Item = &'static Namespace> {
    NAMESPACES.iter().chain(RETIRED)
}

/// One AWS service: its prefix, actions and condition keys.
#[derive(Clone, Copy, Debug)]
pub struct Service {
    ns: &'static Namespace,
}

impl PartialEq for Service {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.ns, other.ns)
    }
}

impl Eq for Service {}

/// The service with this prefix (`vpc-lattice-svcs`, any case), if the
/// catalog knows it.
pub fn service(prefix: &str) -> Option<Service> {
    namespace(prefix)
        .filter(|ns| ns.service)
        .map(|ns| Service { ns })
}

/// Every service the catalog knows, sorted by prefix (the retired ones last).
pub fn services() -> impl Iterator<Item = Service> {
    namespaces()
        .filter(|ns| ns.service)
        .map(|ns| Service { ns })
}

impl Service {
    /// The prefix actions and keys are written with, lower-case (`s3`).
    pub fn prefix(self) -> &'static str {
        self.ns.prefix
    }

    /// The service's name (`Amazon S3`).
    pub fn name(self) -> &'static str {
        self.ns.name
    }

    /// True when the catalog's actions and keys of this service are complete:
    /// only for `vpc-lattice-svcs`, whose two actions and nine keys
    /// SEMANTICS.md §2.4 and §3.1 fix. For every other service the tables are a
    /// snapshot of the Service Authorization Reference, which lags behind AWS
    /// and leaves out actions AWS uses in its own managed policies.
    pub fn is_exact(self) -> bool {
        self.ns.prefix == super::LATTICE_SERVICE
    }

    /// True when the catalog lists the service's actions; false for retired
    /// services, whose actions are unknown.
    pub fn knows_actions(self) -> bool {
        !self.ns.actions.is_empty()
    }

    /// The action names, without the prefix, sorted ignoring case.
    pub fn actions(self) -> impl Iterator<Item = &'static str> {
        self.ns.actions.split(',').filter(|a| !a.is_empty())
    }

    /// The action called `name` (any case), as documented. A binary search
    /// over the sorted, joined names; it does not allocate.
    pub fn action(self, name: &str) -> Option<&'static str> {
        find_sorted(self.ns.actions, name)
    }

    /// True when the service has an action called `name` (any case).
    pub fn has_action(self, name: &str) -> bool {
        self.action(name).is_some()
    }

    /// The actions an action-name pattern (`Get*`, `Inv?ke`; `*` and `?` are
    /// wildcards, letters compare ignoring case) matches.
    pub fn matching_actions(self, pattern: &str) -> impl Iterator<Item = &'static str> {
        let compiled = Pattern::compile(pattern, true, false);
        let context = Context::new();
        self.actions()
            .filter(move |a| compiled.matches(a, &context, Case::Insensitive))
    }

    /// The service's own condition keys (those written with its prefix).
    pub fn condition_keys(self) -> &'static [KeyInfo] {
        self.ns.keys
    }

    /// The condition key `name` (the whole key, `s3:prefix`, any case) when it
    /// is one of this service's keys with a type; a suffixed key needs its suffix.
    pub fn condition_key(self, name: &str) -> Option<&'static KeyInfo> {
        let (prefix, _) = name.split_once(':')?;
        if !prefix.eq_ignore_ascii_case(self.ns.prefix) {
            return None;
        }
        super::condition_key(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_for_binary_search() {
        for pair in NAMESPACES.windows(2) {
            if let [a, b] = pair {
                assert!(a.prefix < b.prefix, "{} {}", a.prefix, b.prefix);
            }
        }
        for ns in NAMESPACES {
            assert_eq!(ns.prefix, ns.prefix.to_ascii_lowercase());
            let actions: Vec<String> = ns.actions.split(',').map(str::to_ascii_lowercase).collect();
            assert!(actions.windows(2).all(|w| w[0] < w[1]), "{}", ns.prefix);
        }
        for ns in RETIRED {
            assert!(
                NAMESPACES.iter().all(|g| g.prefix != ns.prefix),
                "{} is in the data",
                ns.prefix
            );
        }
    }

    #[test]
    fn lattice_data_agrees_with_the_semantics() {
        let lattice = service("VPC-Lattice-Svcs").unwrap();
        assert_eq!(lattice.prefix(), "vpc-lattice-svcs");
        assert_eq!(lattice.actions().collect::<Vec<_>>(), ["Connect", "Invoke"]);
        assert!(lattice.has_action("invoke"));
        assert_eq!(
            lattice.matching_actions("Inv*").collect::<Vec<_>>(),
            ["Invoke"]
        );
        assert_eq!(lattice.matching_actions("*").count(), 2);
        assert_eq!(lattice.matching_actions("Get*").count(), 0);
        // The data's keys are the nine of SEMANTICS.md §3.1, with the same types.
        let data: Vec<_> = namespace("vpc-lattice-svcs").unwrap().keys.iter().collect();
        assert_eq!(data.len(), super::super::LATTICE_KEYS.len());
        for k in data {
            let seed = super::super::LATTICE_KEYS
                .iter()
                .find(|s| s.name == k.name)
                .unwrap();
            assert_eq!((k.ty, k.multi), (seed.ty, seed.multi), "{}", k.name);
        }
        assert_eq!(
            lattice
                .condition_key("vpc-lattice-svcs:requestheader/x-team")
                .map(|k| k.name),
            Some("vpc-lattice-svcs:RequestHeader/")
        );
        assert!(lattice.condition_key("aws:SourceIp").is_none());
    }

    #[test]
    fn services_and_prefixes() {
        assert!(service("s3").is_some_and(|s| s.has_action("GetObject")));
        assert!(service("vpc-lattice").is_some());
        assert!(service("vpc-lattice-svc").is_none());
        assert!(service("saml").is_none(), "a key prefix, not a service");
        let retired = service("zocalo").unwrap();
        assert!(!retired.knows_actions());
        assert_eq!(retired.actions().count(), 0);
        assert!(services().count() > 400);
    }

    #[test]
    fn binary_search_finds_every_action_in_any_case() {
        for ns in NAMESPACES {
            let service = Service { ns };
            for action in service.actions() {
                assert_eq!(service.action(action), Some(action));
                assert_eq!(service.action(&action.to_ascii_uppercase()), Some(action));
                assert_eq!(service.action(&format!("{action}x")), None);
                assert_eq!(service.action(&format!("0{action}")), None);
            }
            assert_eq!(service.action(""), None);
            assert_eq!(service.action("zzzzzzzzzzzz"), None);
        }
    }
}
