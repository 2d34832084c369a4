//! A cube of the request space as a change class ([`Constraint`]s): for
//! each field group it restricts, its values as data: callers as accounts
//! and organizations where the set has that form, services whose every path
//! is in the set, values no policy names marked as such.

use std::collections::{BTreeSet, HashMap};

use super::change::{
    CallerClass, Change, Constraint, OrgPaths, Orgs, TargetClass, Value, ValueSet,
};
use super::region::{BitSet, Coord, Cube};
use super::space::{Dim, Fragment};
use super::statement_cubes::{Group, Pass};
use crate::eval::request::PrincipalDetails;
use crate::eval::Protocol;

impl Pass {
    /// What `cube` restricts, field group by field group. `named` are the
    /// accounts the policies name, `mentioned` the values they write.
    pub(super) fn constraints(
        &self,
        cube: &Cube,
        named: &BTreeSet<String>,
        mentioned: &BTreeSet<String>,
    ) -> Vec<Constraint> {
        let mut out = Vec::new();
        // An anonymous caller has no tags: saying so of each tag field
        // would add nothing.
        let anonymous_only = self.groups.iter().zip(cube).any(|(g, set)| {
            g.dims == [Dim::Principal]
                && set.as_set().into_iter().flat_map(BitSet::iter).all(|i| {
                    g.candidates
                        .get(i)
                        .is_some_and(|c| c.iter().all(Fragment::is_anonymous))
                })
        });
        for (group, coord) in self.groups.iter().zip(cube) {
            if coord.is_full() || group.dims.is_empty() {
                continue;
            }
            if anonymous_only && group.dims.iter().all(|d| matches!(d, Dim::PrincipalTag(_))) {
                continue;
            }
            let set = match coord {
                Coord::Set(set) => set,
                // A text field split by its clauses: its values as the
                // ones that stand for them (absent, and one present).
                Coord::Text(text) => {
                    let values = text
                        .values()
                        .into_iter()
                        .map(|v| {
                            let fragment = text.fragment(v);
                            Value {
                                named: is_mentioned(&fragment, mentioned),
                                fragments: vec![fragment],
                            }
                        })
                        .collect();
                    out.push(Constraint {
                        fields: group.dims.clone(),
                        values: ValueSet::Values(values),
                    });
                    continue;
                }
            };
            let values = if group.dims == [Dim::Principal] {
                ValueSet::Callers(callers(group, set, named))
            } else if group.dims == [Dim::Target] {
                ValueSet::Targets(targets(group, set, mentioned))
            } else if let Some(left_out) = all_but(group, set, mentioned) {
                ValueSet::AllBut(left_out)
            } else {
                ValueSet::Values(
                    set.iter()
                        .filter_map(|i| group.candidates.get(i))
                        .map(|c| Value {
                            fragments: c.clone(),
                            named: c.iter().all(|f| is_mentioned(f, mentioned)),
                        })
                        .collect(),
                )
            };
            out.push(Constraint {
                fields: group.dims.clone(),
                values,
            });
        }
        out
    }
}

/// A set of most values of a group, as the few it leaves out. Only when
/// each value left out is one the policies name: the others stand for every
/// value no policy names.
fn all_but(
    group: &Group,
    set: &BitSet,
    mentioned: &BTreeSet<String>,
) -> Option<Vec<Vec<Fragment>>> {
    let left_out: Vec<&Vec<Fragment>> = (0..group.candidates.len())
        .filter(|&i| !set.contains(i))
        .filter_map(|i| group.candidates.get(i))
        .collect();
    let kept = group.candidates.len() - left_out.len();
    let named = left_out
        .iter()
        .all(|c| c.iter().all(|f| is_mentioned(f, mentioned)));
    (named && kept > left_out.len() && kept > 1).then(|| left_out.into_iter().cloned().collect())
}

/// True when the policies name the value of `fragment` (or it has none to name).
fn is_mentioned(fragment: &Fragment, mentioned: &BTreeSet<String>) -> bool {
    let value = match fragment {
        Fragment::Method(v) | Fragment::Vpc(v) | Fragment::VpcOwner(v) | Fragment::Network(v) => v,
        Fragment::Header(_, Some(v)) | Fragment::ServiceTag(_, Some(v)) => v,
        _ => return true,
    };
    mentioned.contains(&value.to_lowercase())
}

/// The services and paths of a set: a service whose every path class is in
/// the set is one entry; the others are listed, each path marked with
/// whether a policy writes it.
fn targets(group: &Group, set: &BitSet, mentioned: &BTreeSet<String>) -> Vec<TargetClass> {
    let service = |i: usize| match group.candidates.get(i)?.first()? {
        Fragment::Target(service, _) => Some(service.as_str()),
        _ => None,
    };
    let mut out = Vec::new();
    let mut done = BTreeSet::new();
    for i in set.iter() {
        let Some(candidate) = group.candidates.get(i) else {
            continue;
        };
        match service(i) {
            Some(s) if done.contains(s) => {}
            Some(s)
                if (0..group.candidates.len())
                    .filter(|&j| service(j) == Some(s))
                    .all(|j| set.contains(j)) =>
            {
                out.push(TargetClass::AnyPath(s.to_owned()));
                done.insert(s);
            }
            _ => {
                let written = candidate.iter().all(|f| match f {
                    Fragment::Target(_, Some(path)) => mentioned.contains(&path.to_lowercase()),
                    _ => true,
                });
                out.push(TargetClass::Value(Value {
                    fragments: candidate.clone(),
                    named: written,
                }));
            }
        }
    }
    out
}

/// Adds `protocol` to the change whose constraints are `constraints`, if
/// there is one (the class differs from it only in the protocol, or not at
/// all); true when there was one.
pub(super) fn merge_protocol(
    changes: &mut [Change],
    protocol: Protocol,
    constraints: &[Constraint],
) -> bool {
    let Some(known) = changes.iter_mut().find(|c| c.constraints == constraints) else {
        return false;
    };
    if !known.protocols.contains(&protocol) {
        known.protocols.push(protocol);
    }
    true
}

/// The callers of a set: every signed caller is one class, so is an account
/// whose every caller class is in the set, and an identity whose every
/// organization and tag variant is (its ARN); the others are listed.
fn callers(group: &Group, set: &BitSet, named: &BTreeSet<String>) -> Vec<CallerClass> {
    let identity = |i: usize| -> Option<&PrincipalDetails> {
        match group.candidates.get(i)?.first()? {
            Fragment::Principal(Some(d)) => Some(d),
            _ => None,
        }
    };
    let arn = |i: usize| identity(i).and_then(|d| d.arn.as_deref());
    let account = |i: usize| arn(i).map(account_of_arn);
    let all = 0..group.candidates.len();
    let signed: Vec<usize> = all.clone().filter(|&i| identity(i).is_some()).collect();
    let mut out = Vec::new();
    if all
        .clone()
        .any(|i| identity(i).is_none() && set.contains(i))
    {
        out.push(CallerClass::Anonymous);
    }
    if !signed.is_empty() && signed.iter().all(|&i| set.contains(i)) {
        out.push(CallerClass::AnySigned(None));
        return out;
    }
    if let Some(by_account_and_org) = callers_by_account_and_org(group, set, named) {
        out.extend(by_account_and_org);
        return out;
    }
    // How many caller classes each account and each identity has, and how
    // many of them the set holds: counted once, not once per caller of the
    // set (thousands of callers made this quadratic).
    let mut per_account: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut per_arn: HashMap<&str, (usize, usize)> = HashMap::new();
    for j in all.clone() {
        let held = usize::from(set.contains(j));
        if let (Some(a), Some(arn_j)) = (account(j), arn(j)) {
            for (map, key) in [(&mut per_account, a), (&mut per_arn, arn_j)] {
                let counts = map.entry(key).or_default();
                counts.0 += 1;
                counts.1 += held;
            }
        }
    }
    let every = |map: &HashMap<&str, (usize, usize)>, key: &str| {
        map.get(key).is_some_and(|(total, held)| total == held)
    };
    let (mut done_accounts, mut done_arns) = (BTreeSet::new(), BTreeSet::new());
    for i in set.iter() {
        let (Some(a), Some(arn_i)) = (account(i), arn(i)) else {
            continue;
        };
        let Some(candidate) = group.candidates.get(i) else {
            continue;
        };
        if done_arns.contains(arn_i) || done_accounts.contains(a) {
            continue;
        }
        if every(&per_account, a) {
            out.push(CallerClass::Account {
                id: a.to_owned(),
                named: named.contains(a),
                orgs: None,
            });
            done_accounts.insert(a);
        } else if every(&per_arn, arn_i) {
            out.push(CallerClass::Identity(arn_i.to_owned()));
            done_arns.insert(arn_i);
        } else {
            out.push(CallerClass::Caller(candidate.clone()));
        }
    }
    out
}

/// The signed callers of a set as accounts and organizations, when the set
/// holds a caller exactly when its account is one of some accounts and its
/// organization (with its organization paths) one of some organizations.
/// `None` when the set is not of that form.
fn callers_by_account_and_org(
    group: &Group,
    set: &BitSet,
    named: &BTreeSet<String>,
) -> Option<Vec<CallerClass>> {
    // Where a caller sits: its organization and its organization paths.
    type Unit<'a> = (Option<&'a str>, Option<&'a [String]>);
    let signed: Vec<(usize, &str, Unit<'_>)> = (0..group.candidates.len())
        .filter_map(|i| match group.candidates.get(i)?.first()? {
            Fragment::Principal(Some(d)) => Some((
                i,
                account_of_arn(d.arn.as_deref()?),
                (d.org_id.as_deref(), d.org_paths.as_deref()),
            )),
            _ => None,
        })
        .collect();
    let chosen: Vec<&(usize, &str, Unit<'_>)> =
        signed.iter().filter(|(i, _, _)| set.contains(*i)).collect();
    if chosen.is_empty() {
        return None;
    }
    let accounts: BTreeSet<&str> = chosen.iter().map(|(_, a, _)| *a).collect();
    let units: BTreeSet<Unit<'_>> = chosen.iter().map(|(_, _, u)| *u).collect();
    let product = signed
        .iter()
        .all(|(i, a, u)| set.contains(*i) == (accounts.contains(a) && units.contains(u)));
    if !product {
        return None;
    }
    let all_units: BTreeSet<Unit<'_>> = signed.iter().map(|(_, _, u)| *u).collect();
    let orgs: BTreeSet<Option<&str>> = units.iter().map(|(o, _)| *o).collect();
    let whole = |org: Option<&str>| {
        all_units
            .iter()
            .filter(|(o, _)| *o == org)
            .all(|u| units.contains(u))
    };
    let all_orgs: BTreeSet<Option<&str>> = all_units.iter().map(|(o, _)| *o).collect();
    let owned = |set: &mut dyn Iterator<Item = &Option<&str>>| -> Vec<Option<String>> {
        set.map(|o| o.map(str::to_owned)).collect()
    };
    let in_orgs = if !orgs.iter().all(|o| whole(*o)) {
        // Some organization is in the class only with some of its paths.
        Some(Orgs::WithPaths(
            orgs.iter()
                .map(|&org| OrgPaths {
                    org: org.map(str::to_owned),
                    paths: (!whole(org)).then(|| {
                        units
                            .iter()
                            .filter(|(o, _)| *o == org)
                            .map(|(_, paths)| paths.map(<[String]>::to_vec).unwrap_or_default())
                            .collect()
                    }),
                })
                .collect(),
        ))
    } else if orgs == all_orgs {
        None
    } else {
        let left_out = owned(&mut all_orgs.difference(&orgs));
        let kept = owned(&mut orgs.iter());
        // "not X" only when it is the shorter way to say it.
        Some(if orgs.len() > 1 && left_out.len() < kept.len() {
            Orgs::NotIn(left_out)
        } else {
            Orgs::In(kept)
        })
    };
    let all_accounts: BTreeSet<&str> = signed.iter().map(|(_, a, _)| *a).collect();
    if accounts == all_accounts {
        return Some(vec![CallerClass::AnySigned(in_orgs)]);
    }
    Some(
        accounts
            .iter()
            .map(|a| CallerClass::Account {
                id: (*a).to_owned(),
                named: named.contains(*a),
                orgs: in_orgs.clone(),
            })
            .collect(),
    )
}

/// The account of a principal ARN (or of a bare account id).
pub(super) fn account_of_arn(arn: &str) -> &str {
    if arn.len() == 12 && arn.bytes().all(|b| b.is_ascii_digit()) {
        return arn;
    }
    arn.split(':').nth(4).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(arn: &str, org: Option<&str>) -> Vec<Fragment> {
        vec![Fragment::Principal(Some(PrincipalDetails {
            arn: Some(arn.to_owned()),
            org_id: org.map(str::to_owned),
            ..PrincipalDetails::default()
        }))]
    }

    /// Anonymous, then two accounts, each in organization o-1 or in none.
    fn group() -> Group {
        let mut candidates = vec![vec![Fragment::Principal(None)]];
        for account in ["111122223333", "999999999999"] {
            for org in [Some("o-1"), None] {
                candidates.push(caller(account, org));
            }
        }
        Group {
            dims: vec![Dim::Principal],
            candidates,
            text: None,
        }
    }

    fn set(members: &[usize]) -> BitSet {
        let mut set = BitSet::empty(5);
        for &i in members {
            set.insert(i);
        }
        set
    }

    #[test]
    fn callers_read_as_accounts_and_organizations() {
        let named: BTreeSet<String> = ["111122223333".to_owned()].into();
        let g = group();
        assert_eq!(
            callers(&g, &set(&[0, 1, 2, 3, 4]), &named),
            [CallerClass::Anonymous, CallerClass::AnySigned(None)]
        );
        assert_eq!(
            callers(&g, &set(&[3, 4]), &named),
            [CallerClass::Account {
                id: "999999999999".into(),
                named: false,
                orgs: None
            }]
        );
        assert_eq!(
            callers(&g, &set(&[1, 3]), &named),
            [CallerClass::AnySigned(Some(Orgs::In(vec![Some(
                "o-1".into()
            )])))]
        );
        assert_eq!(
            callers(&g, &set(&[2]), &named),
            [CallerClass::Account {
                id: "111122223333".into(),
                named: true,
                orgs: Some(Orgs::In(vec![None]))
            }]
        );
        // Not of the account-and-organization form, and neither identity
        // whole (each is in one of its two organizations): listed one by one.
        assert_eq!(
            callers(&g, &set(&[1, 4]), &named),
            [
                CallerClass::Caller(caller("111122223333", Some("o-1"))),
                CallerClass::Caller(caller("999999999999", None))
            ]
        );
    }

    #[test]
    fn an_organization_path_that_tells_callers_apart_is_kept() {
        // Two accounts in o-1, each at the root or under one unit.
        let at = |account: &str, path: &str| {
            vec![Fragment::Principal(Some(PrincipalDetails {
                arn: Some(account.to_owned()),
                org_id: Some("o-1".to_owned()),
                org_paths: Some(vec![path.to_owned()]),
                ..PrincipalDetails::default()
            }))]
        };
        let mut candidates = vec![vec![Fragment::Principal(None)]];
        for account in ["111122223333", "999999999999"] {
            candidates.push(at(account, "o-1/r-ab12/"));
            candidates.push(at(account, "o-1/r-ab12/ou-ab12-11111111/"));
        }
        let g = Group {
            dims: vec![Dim::Principal],
            candidates,
            text: None,
        };
        assert_eq!(
            callers(&g, &set(&[2, 4]), &BTreeSet::new()),
            [CallerClass::AnySigned(Some(Orgs::WithPaths(vec![
                OrgPaths {
                    org: Some("o-1".into()),
                    paths: Some(vec![vec!["o-1/r-ab12/ou-ab12-11111111/".into()]]),
                }
            ])))]
        );
    }

    #[test]
    fn most_values_read_as_the_few_left_out() {
        let methods = |names: &[&str]| Group {
            dims: vec![Dim::Method],
            candidates: names
                .iter()
                .map(|m| vec![Fragment::Method((*m).to_owned())])
                .collect(),
            text: None,
        };
        let mentioned: BTreeSet<String> = ["get".to_owned()].into();
        let g = methods(&["GET", "POST", "PUT"]);
        let mut all_but_get = BitSet::empty(3);
        all_but_get.insert(1);
        all_but_get.insert(2);
        assert_eq!(
            all_but(&g, &all_but_get, &mentioned),
            Some(vec![vec![Fragment::Method("GET".into())]])
        );
        // POST is no value a policy names: it stands for all of them, and
        // "any but POST" would say too much.
        let mut all_but_post = BitSet::empty(3);
        all_but_post.insert(0);
        all_but_post.insert(2);
        assert_eq!(all_but(&g, &all_but_post, &mentioned), None);
    }

    #[test]
    fn classes_that_differ_in_protocol_only_merge() {
        let constraints = vec![Constraint {
            fields: vec![Dim::Method],
            values: ValueSet::AllBut(vec![vec![Fragment::Method("GET".into())]]),
        }];
        let mut changes = vec![Change {
            protocols: vec![Protocol::Https],
            constraints: constraints.clone(),
            witness: crate::analysis::Witness {
                query: "POST /".into(),
                spec: crate::eval::RequestSpec::default(),
            },
        }];
        assert!(merge_protocol(&mut changes, Protocol::Http, &constraints));
        assert!(merge_protocol(&mut changes, Protocol::Http, &constraints));
        assert_eq!(
            changes.first().map(|c| c.protocols.clone()),
            Some(vec![Protocol::Https, Protocol::Http])
        );
        assert!(!merge_protocol(&mut changes, Protocol::Grpc, &[]));
    }
}
