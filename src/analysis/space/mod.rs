//! The request space: for each request field the policies read, finitely many
//! values that between them take every path through the policies.
//!
//! Values matter only through the constants and patterns the policies
//! mention. For strings, [`glob`](super::glob) finds one witness per
//! combination of patterns; numbers, dates and addresses need each constant,
//! its neighbours, and one value beyond; optional fields also need "absent".
//! Where the policies use something the space cannot split exactly (policy
//! variables in values, `aws:userid`, binary values, a search that ran out of
//! budget), the space says so in [`Space::inexact`].
mod callers;
mod fields;
mod fragment;
mod mentions;
mod numbers;
mod realistic;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::rc::Rc;

use super::budget::charge;
use super::glob::{classes, classes_tracking, CharClass, Glob, Shape};
use crate::eval::request::{
    DEFAULT_SERVICE, DEFAULT_SERVICE_NETWORK, DEFAULT_SOURCE_VPC, DEFAULT_SOURCE_VPC_OWNER_ACCOUNT,
};
use crate::eval::{Protocol, Timestamp};
use crate::keys::{self, Carried, Chars, Domain, Piece, Source, UNBOUNDED};
use crate::model::Policy;

use super::text_sets::{TextField, TextKind};
use fields::Slot;
pub use fields::{dim_of_key, Dim};
pub use fragment::Fragment;
pub(crate) use mentions::ClauseAt;
use mentions::Mentions;
use numbers::{addresses, ports, times};
use realistic::ArnParts;

/// The values of every dimension the policies read, for one protocol.
pub struct Space {
    /// The protocol.
    pub protocol: Protocol,
    /// For each dimension read, its values; the first is the default.
    pub dims: BTreeMap<Dim, Vec<Fragment>>,
    /// Why the space may miss a class of requests (empty when exact).
    pub inexact: BTreeSet<String>,
    /// Accounts the policies name (in `Principal`, `aws:PrincipalAccount`, `aws:PrincipalArn`).
    pub named_accounts: BTreeSet<String>,
    /// Organizations the policies name (`aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`).
    pub named_orgs: BTreeSet<String>,
    /// Every condition value the policies write, lower-cased: a value of the
    /// space that is not one of them stands for the values no policy names.
    pub mentioned: BTreeSet<String>,
    /// The source VPCs, source VPC owners and service networks of the space
    /// that no value the policies write for them matches: they stand for
    /// requests from networks the policies never mention.
    pub unnamed_networks: BTreeSet<String>,
    /// The text fields split by their clauses instead of into classes
    /// (`analysis::text_sets`): a header, query key, tag or network field
    /// with more than [`TEXT_AT`] distinct clauses, read by no clause
    /// together with another field.
    /// Its values in [`Space::dims`] are only its default ("absent", or
    /// for a network field the request's default network).
    pub(crate) texts: BTreeMap<Dim, Rc<TextField>>,
    /// Each header clause's atom (the union of its patterns; `None` for a
    /// clause that reads presence alone), by where the clause is.
    pub(crate) clause_atoms: BTreeMap<ClauseAt, Option<Glob>>,
}

/// The most distinct clauses on one header, query key or tag that are
/// split into classes: past it the field's classes could be as many as the
/// combinations of its clauses, and it is split by them instead (see
/// [`Space::texts`]).
const TEXT_AT: usize = 12;

/// The most values one dimension may have before the space gives up on it.
const MAX_VALUES: usize = 4096;

/// Which of a dimension's splits `protocol` takes: the protocols with the
/// same variant share it.
fn variant(dim: &Dim, protocol: Protocol) -> u8 {
    let http = matches!(protocol, Protocol::Http | Protocol::Https);
    match dim {
        Dim::Principal | Dim::Target | Dim::Header(_) => u8::from(protocol == Protocol::Tls),
        Dim::Method | Dim::Query(_) => u8::from(http),
        Dim::Port => protocol as u8,
        _ => 0,
    }
}

/// Accounts used for callers no policy names, in order of preference.
const FRESH_ACCOUNTS: [&str; 2] = ["999999999999", "444455556666"];

impl Space {
    /// The spaces of each of `protocols`' requests for the dimensions in
    /// `dims`, split by what `policies` mention. `now` is the default time.
    /// The protocols share each dimension's split where the protocol does
    /// not change it, so it is searched once.
    /// `alone` are the dimensions no part reads together with another: a
    /// header among them may be split by its clauses (`Space::texts`).
    pub fn build_all(
        policies: &[&Policy],
        dims: &BTreeSet<Dim>,
        alone: &BTreeSet<Dim>,
        protocols: &[Protocol],
        now: Timestamp,
    ) -> Vec<Space> {
        let m = Mentions::collect(policies);
        // A split, why it may be inexact, and its network values no policy names.
        type Split = (Vec<Fragment>, BTreeSet<String>, Vec<String>);
        let mut known: BTreeMap<(Dim, u8), Split> = BTreeMap::new();
        let mut texts: BTreeMap<Dim, Rc<TextField>> = BTreeMap::new();
        for dim in alone.intersection(dims) {
            let Some((slot, kind, domain)) = text_kind(dim) else {
                continue;
            };
            let Some(atoms) = m.atoms(&slot) else {
                continue;
            };
            if atoms.len() > TEXT_AT {
                let Some(domain) = domain_glob(domain) else {
                    continue;
                };
                texts.insert(dim.clone(), TextField::new(kind, atoms, domain));
            }
        }
        let dim_of = |slot: &Slot| match slot {
            Slot::Header(name) => Some(Dim::Header(name.clone())),
            Slot::Query(key) => Some(Dim::Query(key.clone())),
            Slot::PrincipalTag(key) => Some(Dim::PrincipalTag(key.clone())),
            Slot::ServiceTag(key) => Some(Dim::ServiceTag(key.clone())),
            Slot::Vpc => Some(Dim::Vpc),
            Slot::VpcOwner => Some(Dim::VpcOwner),
            Slot::Network => Some(Dim::Network),
            _ => None,
        };
        let clause_atoms: BTreeMap<ClauseAt, Option<Glob>> = m
            .clause_atoms
            .iter()
            .filter(|(_, (slot, _))| dim_of(slot).is_some_and(|d| texts.contains_key(&d)))
            .map(|(at, (_, atom))| (*at, atom.clone()))
            .collect();
        protocols
            .iter()
            .map(|&protocol| {
                let mut space = Space {
                    protocol,
                    dims: BTreeMap::new(),
                    inexact: m.inexact.clone(),
                    named_accounts: m.named_accounts.clone(),
                    named_orgs: m.named_orgs.clone(),
                    mentioned: m.values.clone(),
                    unnamed_networks: BTreeSet::new(),
                    texts: BTreeMap::new(),
                    clause_atoms: clause_atoms.clone(),
                };
                for dim in dims {
                    if let Some(field) = texts.get(dim) {
                        // Headers and query keys only where the protocol
                        // carries them; tags in every request.
                        let carried = match dim {
                            Dim::Header(_) => carries(Source::Header, protocol),
                            Dim::Query(_) => carries(Source::Query, protocol),
                            _ => true,
                        };
                        if carried {
                            space.texts.insert(dim.clone(), Rc::clone(field));
                            space.dims.insert(dim.clone(), vec![field.fragment(None)]);
                            continue;
                        }
                    }
                    let key = (dim.clone(), variant(dim, protocol));
                    let values = match known.get(&key) {
                        Some((values, reasons, unnamed)) => {
                            space.inexact.extend(reasons.iter().cloned());
                            space.unnamed_networks.extend(unnamed.iter().cloned());
                            values.clone()
                        }
                        None => {
                            let outer = std::mem::take(&mut space.inexact);
                            let values = space.values(&m, dim, protocol, now);
                            let reasons = std::mem::replace(&mut space.inexact, outer);
                            space.inexact.extend(reasons.iter().cloned());
                            let unnamed = unnamed_networks(&m, &values);
                            space.unnamed_networks.extend(unnamed.iter().cloned());
                            known.insert(key, (values.clone(), reasons, unnamed));
                            values
                        }
                    };
                    if !values.is_empty() {
                        space.dims.insert(dim.clone(), values);
                    }
                }
                space
            })
            .collect()
    }

    /// The values of `dim` in `protocol` requests (at most [`MAX_VALUES`]).
    fn values(
        &mut self,
        m: &Mentions,
        dim: &Dim,
        protocol: Protocol,
        now: Timestamp,
    ) -> Vec<Fragment> {
        let tls = protocol == Protocol::Tls;
        let mut values = match dim {
            Dim::Principal => self.principals(m, tls),
            Dim::Method => match protocol {
                Protocol::Http | Protocol::Https => self.methods(m),
                _ => Vec::new(),
            },
            Dim::Target => self.targets(m, tls),
            Dim::Network => {
                let parts = ArnParts::collect(m.values.iter().map(String::as_str));
                let globs = m.globs(&Slot::Network);
                self.strings_in(globs, Domain::ServiceNetworkArn, &[DEFAULT_SERVICE_NETWORK])
                    .into_iter()
                    .map(|witness| {
                        let matches: Vec<bool> =
                            globs.iter().map(|g| g.matches(&witness)).collect();
                        let same_class = |candidate: &str| {
                            globs
                                .iter()
                                .map(|g| g.matches(candidate))
                                .eq(matches.iter().copied())
                        };
                        Fragment::Network(parts.realistic(
                            &witness,
                            Domain::ServiceNetworkArn,
                            &same_class,
                        ))
                    })
                    .collect()
            }
            Dim::Vpc => self
                .strings_in(
                    m.globs(&Slot::Vpc),
                    Domain::VpcId,
                    &[DEFAULT_SOURCE_VPC, "vpc-0fedcba9876543210"],
                )
                .into_iter()
                .map(Fragment::Vpc)
                .collect(),
            Dim::VpcOwner => self
                .strings_in(
                    m.globs(&Slot::VpcOwner),
                    Domain::Account,
                    &[DEFAULT_SOURCE_VPC_OWNER_ACCOUNT, FRESH_ACCOUNTS[0]],
                )
                .into_iter()
                .map(Fragment::VpcOwner)
                .collect(),
            Dim::Port => ports(m, protocol),
            Dim::Time => times(m, now),
            Dim::SourceIp => addresses(m),
            // A protocol whose requests carry no headers (TLS): only "absent".
            Dim::Header(name) if !carries(Source::Header, protocol) => {
                vec![Fragment::Header(name.clone(), None)]
            }
            Dim::Header(name) => {
                self.optional_text(m.globs(&Slot::Header(name.clone())), Domain::Text, |v| {
                    Fragment::Header(name.clone(), v)
                })
            }
            Dim::Query(key) => {
                let mut values = vec![Fragment::Query(key.clone(), None)];
                if carries(Source::Query, protocol) {
                    let slot = Slot::Query(key.clone());
                    let singles = self.strings(m.globs(&slot), &[Shape::Anything], &["example"]);
                    let size = m.set_clauses.get(&slot).copied().unwrap_or(1).max(1);
                    values.extend(
                        self.sets(&singles, size)
                            .into_iter()
                            .map(|v| Fragment::Query(key.clone(), Some(v))),
                    );
                }
                values
            }
            Dim::PrincipalTag(key) => self.optional_text(
                m.globs(&Slot::PrincipalTag(key.clone())),
                Domain::TagValue,
                |v| Fragment::PrincipalTag(key.clone(), v),
            ),
            Dim::ServiceTag(key) => self.optional_text(
                m.globs(&Slot::ServiceTag(key.clone())),
                Domain::TagValue,
                |v| Fragment::ServiceTag(key.clone(), v),
            ),
        };
        if values.len() > MAX_VALUES {
            values.truncate(MAX_VALUES);
            self.inexact.insert(format!(
                "too many distinct values of {dim:?} to try them all"
            ));
        }
        values
    }

    /// An optional text field (a header, a service tag): absent, then one
    /// value of `domain` per class of `patterns`.
    fn optional_text(
        &mut self,
        patterns: &[Glob],
        domain: Domain,
        fragment: impl Fn(Option<String>) -> Fragment,
    ) -> Vec<Fragment> {
        let mut values = vec![fragment(None)];
        let present = self.strings_in(patterns, domain, &["example"]);
        values.extend(present.into_iter().map(|v| fragment(Some(v))));
        values
    }

    /// One witness per class of `patterns` over `domain`.
    pub(super) fn strings(
        &mut self,
        patterns: &[Glob],
        domain: &[Shape<'_>],
        samples: &[&str],
    ) -> Vec<String> {
        let found = classes(patterns, &Glob::domain(domain), samples);
        if !found.complete {
            self.inexact
                .insert("a pattern search ran out of budget".to_owned());
        }
        found.classes.into_iter().map(|c| c.witness).collect()
    }

    /// One witness per class of `patterns` over the values of a request
    /// key's [`Domain`] (the request-key table's): the domain's alternatives
    /// are searched one by one and their classes merged, and a witness
    /// outside the domain (a bound the shapes cannot say) is dropped, so
    /// that every value the space holds is one a request can carry.
    pub(super) fn strings_in(
        &mut self,
        patterns: &[Glob],
        domain: Domain,
        samples: &[&str],
    ) -> Vec<String> {
        // A set, not a list: thousands of classes made the lookups quadratic.
        let mut seen: HashSet<Vec<bool>> = HashSet::new();
        let mut out = Vec::new();
        for shapes in domain_shapes(domain) {
            let found = classes(patterns, &Glob::domain(&shapes), samples);
            if !found.complete {
                self.inexact
                    .insert("a pattern search ran out of budget".to_owned());
            }
            for class in found.classes {
                if domain.contains(&class.witness) && seen.insert(class.matches) {
                    out.push(class.witness);
                }
            }
        }
        out
    }

    /// The methods: upper-case words, but not the protocol names, which a
    /// request cannot have as its method. Each of those is a class of its
    /// own, and left out.
    fn methods(&mut self, m: &Mentions) -> Vec<Fragment> {
        let mut patterns = m.globs(&Slot::Method).to_vec();
        let own = patterns.len();
        patterns.extend(
            Protocol::ALL
                .iter()
                .map(|p| Glob::literal(p.as_str(), false)),
        );
        let found = classes(
            &patterns,
            &Glob::domain(&[Shape::Run(CharClass::Upper)]),
            &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"],
        );
        if !found.complete {
            self.inexact
                .insert("a pattern search ran out of budget".to_owned());
        }
        found
            .classes
            .into_iter()
            .filter(|c| !c.matches.iter().skip(own).any(|&hit| hit))
            .map(|c| Fragment::Method(c.witness))
            .collect()
    }

    /// Sets of up to `size` distinct values drawn from `singles`.
    pub(super) fn sets(&mut self, singles: &[String], size: usize) -> Vec<Vec<String>> {
        // Sets are built as increasing indices into `singles`, and never more
        // than MAX_VALUES of them: a level that would pass the bound is
        // dropped as soon as it does (not after it is whole, which for
        // thousands of singles was millions of sets).
        let mut out: Vec<Vec<usize>> = (0..singles.len()).map(|i| vec![i]).collect();
        let mut frontier = out.clone();
        'levels: for _ in 1..size {
            let mut next: Vec<Vec<usize>> = Vec::new();
            for set in &frontier {
                let after = set.last().map_or(0, |&i| i + 1);
                for s in after..singles.len() {
                    if out.len() + next.len() >= MAX_VALUES {
                        self.inexact
                            .insert("too many combinations of multi-valued keys".to_owned());
                        break 'levels;
                    }
                    if !charge((set.len() + 1) * 8 + 64) {
                        break 'levels;
                    }
                    let mut bigger = set.clone();
                    bigger.push(s);
                    next.push(bigger);
                }
            }
            out.extend(next.iter().cloned());
            frontier = next;
        }
        out.into_iter()
            .map(|set| {
                set.into_iter()
                    .filter_map(|i| singles.get(i).cloned())
                    .collect()
            })
            .collect()
    }

    fn targets(&mut self, m: &Mentions, tls: bool) -> Vec<Fragment> {
        let shape = domain_shapes(Domain::ServiceArn).concat();
        let services = classes_tracking(
            m.globs(&Slot::Service),
            &m.resources,
            &Glob::domain(&shape),
            &[DEFAULT_SERVICE],
        );
        if !services.complete {
            self.inexact
                .insert("the service search ran out of budget".to_owned());
        }
        // A class no sample falls in has the search's shortest witness
        // (region `0`): it takes the fields the policies write instead.
        let parts = ArnParts::collect(m.resource_texts.iter().chain(&m.values).map(String::as_str));
        let mut out = Vec::new();
        for mut service in services.classes {
            if !charge(1024) {
                break;
            }
            let same_class = |candidate: &str| {
                m.globs(&Slot::Service)
                    .iter()
                    .zip(&service.matches)
                    .all(|(g, &hit)| g.matches(candidate) == hit)
                    && m.resources
                        .iter()
                        .zip(&service.states)
                        .all(|(g, states)| g.after(candidate).start_states() == states.as_slice())
            };
            let witness = parts.realistic(&service.witness, Domain::ServiceArn, &same_class);
            service.witness = witness;
            if tls {
                out.push(Fragment::Target(service.witness, None));
                continue;
            }
            let mut patterns: Vec<Glob> = m
                .resources
                .iter()
                .zip(&service.states)
                .map(|(g, states)| g.resume(states))
                .collect();
            patterns.extend(m.globs(&Slot::Path).iter().cloned());
            let paths = classes(
                &patterns,
                &Glob::domain(&domain_shapes(Domain::Path).concat()),
                &["/", "/index.html"],
            );
            if !paths.complete {
                self.inexact
                    .insert("the path search ran out of budget".to_owned());
            }
            out.extend(
                paths
                    .classes
                    .into_iter()
                    .map(|p| Fragment::Target(service.witness.clone(), Some(p.witness))),
            );
        }
        out
    }
}

/// The optional text fields that may be split by their clauses (see
/// [`Space::texts`]): the slot of their patterns, their kind, and the
/// domain of their present values.
fn text_kind(dim: &Dim) -> Option<(Slot, TextKind, Domain)> {
    Some(match dim {
        Dim::Header(name) => (
            Slot::Header(name.clone()),
            TextKind::Header(name.clone()),
            Domain::Text,
        ),
        Dim::Query(key) => (
            Slot::Query(key.clone()),
            TextKind::Query(key.clone()),
            Domain::Text,
        ),
        Dim::PrincipalTag(key) => (
            Slot::PrincipalTag(key.clone()),
            TextKind::PrincipalTag(key.clone()),
            Domain::TagValue,
        ),
        Dim::ServiceTag(key) => (
            Slot::ServiceTag(key.clone()),
            TextKind::ServiceTag(key.clone()),
            Domain::TagValue,
        ),
        Dim::Vpc => (Slot::Vpc, TextKind::Vpc, Domain::VpcId),
        Dim::VpcOwner => (Slot::VpcOwner, TextKind::VpcOwner, Domain::Account),
        Dim::Network => (Slot::Network, TextKind::Network, Domain::ServiceNetworkArn),
        _ => return None,
    })
}

/// A key's domain as one automaton: its one alternative, or the union of
/// its alternatives (a VPC id has two lengths). `None` when the union is
/// too long for one automaton.
fn domain_glob(domain: Domain) -> Option<Glob> {
    let alternatives: Vec<Glob> = domain_shapes(domain)
        .iter()
        .map(|shapes| Glob::domain(shapes))
        .collect();
    match alternatives.as_slice() {
        [one] => Some(one.clone()),
        _ => Glob::union(&alternatives),
    }
}

/// True when some request of `protocol` carries the key read from `source`
/// (the request-key table's protocols).
fn carries(source: Source, protocol: Protocol) -> bool {
    keys::all()
        .find(|row| row.source == source)
        .is_some_and(|row| row.carried(false, protocol) != Carried::Never)
}

/// The shapes of a key's domain for the pattern search, one sequence per
/// alternative of its language (the request-key table's [`Piece`]s). A
/// domain that is any text is [`Shape::Anything`]; a repeated group (only
/// organization paths have one, which [`Space::principals`] draws itself)
/// is any run of visible characters, and [`Space::strings_in`] drops the
/// witnesses outside the domain.
fn domain_shapes(domain: Domain) -> Vec<Vec<Shape<'static>>> {
    let Some(language) = domain.language() else {
        return vec![vec![Shape::Anything]];
    };
    language
        .iter()
        .map(|pieces| pieces.iter().flat_map(|p| piece_shapes(*p)).collect())
        .collect()
}

fn piece_shapes(piece: Piece) -> Vec<Shape<'static>> {
    match piece {
        Piece::Text(text) => vec![Shape::Text(text)],
        Piece::Run(chars, 0, UNBOUNDED) => vec![Shape::Any(char_class(chars))],
        Piece::Run(chars, min, UNBOUNDED) => vec![
            Shape::Exactly(char_class(chars), min - 1),
            Shape::Run(char_class(chars)),
        ],
        Piece::Run(chars, min, max) if min == max => vec![Shape::Exactly(char_class(chars), min)],
        // A bounded run (an organization id's 10 to 32 characters, a tag
        // value's 256) spelt out as optional characters would make the
        // search's automata as long: any run stands for it, and
        // `Space::strings_in` drops a witness over the bound. That loses no
        // class: the search finds each class's shortest witness, so a class
        // whose witness is too long has no member short enough.
        Piece::Run(chars, min, _) => vec![
            Shape::Exactly(char_class(chars), min),
            Shape::Any(char_class(chars)),
        ],
        Piece::Repeat(_) => vec![Shape::Any(CharClass::Visible)],
    }
}

/// The search's class for a set of characters of the table.
fn char_class(chars: Chars) -> CharClass {
    match chars {
        Chars::Any => CharClass::Any,
        Chars::Digit => CharClass::Digit,
        Chars::Upper => CharClass::Upper,
        Chars::LowerAlnum => CharClass::LowerAlnum,
        Chars::LowerHex => CharClass::LowerHex,
        Chars::LowerAlnumDash => CharClass::Region,
        Chars::Visible => CharClass::Visible,
        Chars::TagValue => CharClass::TagValue,
    }
}

/// The network values among `values` (source VPCs, their owners, service
/// networks) that no pattern the policies write for their field matches.
fn unnamed_networks(m: &Mentions, values: &[Fragment]) -> Vec<String> {
    // Only network fields hold network values: the others are not looked at.
    if !matches!(
        values.first(),
        Some(Fragment::Vpc(_) | Fragment::VpcOwner(_) | Fragment::Network(_))
    ) {
        return Vec::new();
    }
    values
        .iter()
        .filter_map(|f| {
            let (slot, value) = match f {
                Fragment::Vpc(v) => (Slot::Vpc, v),
                Fragment::VpcOwner(v) => (Slot::VpcOwner, v),
                Fragment::Network(v) => (Slot::Network, v),
                _ => return None,
            };
            let named = m.globs(&slot).iter().any(|g| g.matches(value));
            (!named).then(|| value.clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load_str, LoadOptions};

    #[test]
    fn each_field_splits_by_what_the_policies_write() {
        let policy = load_str(
            "t.json",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:SourceVpc":"vpc-1a2b3c4d","vpc-lattice-svcs:RequestMethod":"GET"}}}]}"#,
            LoadOptions::default(),
        )
        .policy
        .unwrap();
        let dims: BTreeSet<Dim> = [Dim::Vpc, Dim::Method, Dim::Principal].into();
        let spaces = Space::build_all(
            &[&policy],
            &dims,
            &dims,
            &Protocol::ALL,
            Timestamp::from_millis(0),
        );
        assert_eq!(spaces.len(), Protocol::ALL.len());
        let https = spaces
            .iter()
            .find(|s| s.protocol == Protocol::Https)
            .unwrap();
        let vpcs = https.dims.get(&Dim::Vpc).unwrap();
        // vpc-1a2b3c4d, and one VPC for every other.
        assert_eq!(vpcs.len(), 2, "{vpcs:?}");
        assert!(vpcs.contains(&Fragment::Vpc("vpc-1a2b3c4d".into())));
        assert!(!https.unnamed_networks.contains("vpc-1a2b3c4d"));
        assert_eq!(https.unnamed_networks.len(), 1);
        let methods = https.dims.get(&Dim::Method).unwrap();
        assert!(methods.contains(&Fragment::Method("GET".into())));
        assert!(methods.len() >= 2);
        // TLS connections have no method, and an anonymous caller only.
        let tls = spaces.iter().find(|s| s.protocol == Protocol::Tls).unwrap();
        assert!(!tls.dims.contains_key(&Dim::Method));
        assert_eq!(
            tls.dims.get(&Dim::Principal),
            Some(&vec![Fragment::Principal(None)])
        );
        assert!(https.inexact.is_empty());
    }
}
