//! AWS services and their actions, looked up case-insensitively in the
//! generated tables.

use std::cmp::Ordering;
use std::sync::OnceLock;

use super::generated::NAMESPACES;
use super::index::ByHash;
use super::keys::KeyInfo;
use crate::wildcard::{Case, Segment, Wildcard};

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

/// Compares two texts as their ASCII lower-case forms would compare: the
/// order the tables' action names are sorted in.
fn cmp_ignoring_case(a: &str, b: &str) -> Ordering {
    let lower = |b: u8| b.to_ascii_lowercase();
    a.bytes().map(lower).cmp(b.bytes().map(lower))
}

/// The byte range of each name in `joined` (names joined with `,`).
fn name_ranges(joined: &str) -> Box<[(usize, usize)]> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for (comma, _) in joined.match_indices(',') {
        if start < comma {
            ranges.push((start, comma));
        }
        start = comma + 1;
    }
    if start < joined.len() {
        ranges.push((start, joined.len()));
    }
    ranges.into_boxed_slice()
}

/// A service's action names: where each lies in the joined list (sorted
/// ignoring case, as the list is) and which has which hash.
#[derive(Debug)]
struct ActionIndex {
    ranges: Box<[(usize, usize)]>,
    by_hash: ByHash,
}

/// For each table entry (in [`namespaces`] order), the index of its action
/// names, made the first time its actions are searched.
static ACTION_INDEXES: OnceLock<Box<[OnceLock<ActionIndex>]>> = OnceLock::new();

/// Every table entry's prefix, for [`lookup`].
static PREFIXES: OnceLock<ByHash> = OnceLock::new();

/// The table entry at `position` of [`namespaces`].
fn namespace_at(position: usize) -> Option<&'static Namespace> {
    match position.checked_sub(NAMESPACES.len()) {
        None => NAMESPACES.get(position),
        Some(retired) => RETIRED.get(retired),
    }
}

/// The table entry for `prefix` (any case), service or key-only.
pub(super) fn namespace(prefix: &str) -> Option<&'static Namespace> {
    lookup(prefix).map(|(_, ns)| ns)
}

/// The table entry for `prefix` (any case) and its position in [`namespaces`].
fn lookup(prefix: &str) -> Option<(usize, &'static Namespace)> {
    PREFIXES
        .get_or_init(|| ByHash::new(namespaces().map(|ns| ns.prefix)))
        .candidates(prefix)
        .find_map(|position| {
            namespace_at(position)
                .filter(|ns| ns.prefix.eq_ignore_ascii_case(prefix))
                .map(|ns| (position, ns))
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
    /// Its position in [`namespaces`].
    position: usize,
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
    lookup(prefix)
        .filter(|(_, ns)| ns.service)
        .map(|(position, ns)| Service { ns, position })
}

/// Every service the catalog knows, sorted by prefix (the retired ones last).
pub fn services() -> impl Iterator<Item = Service> {
    namespaces()
        .enumerate()
        .filter(|(_, ns)| ns.service)
        .map(|(position, ns)| Service { ns, position })
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
    /// docs/semantics.md (its sections on the request's action and on condition
    /// keys) fixes. For every other service the tables are a
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

    /// The index of the service's action names.
    fn action_index(self) -> Option<&'static ActionIndex> {
        let all = ACTION_INDEXES.get_or_init(|| namespaces().map(|_| OnceLock::new()).collect());
        let cell = all.get(self.position)?;
        Some(cell.get_or_init(|| {
            let ranges = name_ranges(self.ns.actions);
            let names = ranges.iter().map(|&range| self.action_at(range));
            ActionIndex {
                by_hash: ByHash::new(names),
                ranges,
            }
        }))
    }

    /// Where the action names lie in the joined list, sorted ignoring case.
    fn action_ranges(self) -> &'static [(usize, usize)] {
        self.action_index().map_or(&[], |index| &index.ranges)
    }

    /// The action name at `range` of the joined list.
    fn action_at(self, range: (usize, usize)) -> &'static str {
        self.ns.actions.get(range.0..range.1).unwrap_or("")
    }

    /// The action called `name` (any case), as documented.
    pub fn action(self, name: &str) -> Option<&'static str> {
        let index = self.action_index()?;
        index
            .by_hash
            .candidates(name)
            .filter_map(|position| index.ranges.get(position))
            .map(|&range| self.action_at(range))
            .find(|action| action.eq_ignore_ascii_case(name))
    }

    /// True when the service has an action called `name` (any case).
    pub fn has_action(self, name: &str) -> bool {
        self.action(name).is_some()
    }

    /// The actions an action-name pattern (`Get*`, `Inv?ke`; `*` and `?` are
    /// wildcards, letters compare ignoring case) matches.
    pub fn matching_actions(self, pattern: &str) -> impl Iterator<Item = &'static str> {
        let compiled = Wildcard::parse(pattern);
        // Only names that start with the text before the first wildcard can
        // match, and those sit together in the sorted list. (Names are ASCII;
        // a head that is not is matched against every name, since Unicode
        // case mapping can equate a non-ASCII letter with an ASCII one.)
        let head = match compiled.segments().first() {
            Some(Segment::Text { text, .. }) if text.is_ascii() => text.clone(),
            _ => String::new(),
        };
        let ranges = self.action_ranges();
        let first =
            ranges.partition_point(|&r| cmp_ignoring_case(self.action_at(r), &head).is_lt());
        ranges
            .get(first..)
            .unwrap_or(&[])
            .iter()
            .map(move |&range| self.action_at(range))
            .take_while(move |a| {
                a.get(..head.len())
                    .is_some_and(|start| start.eq_ignore_ascii_case(&head))
            })
            .filter(move |a| compiled.matches(a, Case::Insensitive))
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
            // `Service::matching_actions` relies on ASCII names.
            assert!(ns.actions.is_ascii(), "{}", ns.prefix);
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
        // The data's keys are the nine of
        // docs/semantics.md#condition-keys-a-lattice-request-carries, with the
        // same types.
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
        for (position, ns) in NAMESPACES.iter().enumerate() {
            let service = Service { ns, position };
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
