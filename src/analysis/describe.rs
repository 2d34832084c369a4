//! Changes described for people: a cube's field values as labels ("any
//! signed caller of account A", "paths such as /public/").

use std::collections::BTreeSet;

use super::answers::Change;
use super::region::{BitSet, Cube};
use super::space::{Dim, Fragment};
use super::statement_cubes::{Group, Pass};
use crate::eval::request::PrincipalDetails;

impl Pass {
    pub(super) fn describe_cube(
        &self,
        cube: &Cube,
        named: &BTreeSet<String>,
        mentioned: &BTreeSet<String>,
    ) -> Vec<(String, Vec<String>)> {
        let mut out = vec![(
            "protocol".to_owned(),
            vec![self.protocol.as_str().to_owned()],
        )];
        for (group, set) in self.groups.iter().zip(cube) {
            if set.is_full() || group.dims.is_empty() {
                continue;
            }
            let name = group
                .dims
                .iter()
                .map(dim_name)
                .collect::<Vec<_>>()
                .join(" + ");
            let labels = if group.dims == [Dim::Principal] {
                callers(group, set, named)
            } else if group.dims == [Dim::Target] {
                targets(group, set, mentioned)
            } else if let Some(but) = all_but(group, set, mentioned) {
                but
            } else {
                let mut labels: Vec<String> = Vec::new();
                for i in set.iter() {
                    let Some(candidate) = group.candidates.get(i) else {
                        continue;
                    };
                    let label = value_label(candidate, mentioned);
                    if !labels.contains(&label) {
                        labels.push(label);
                    }
                }
                labels
            };
            out.push((name, labels));
        }
        out
    }
}

/// A set of most values of a group, as the few it leaves out: "any but
/// GET". Only when each value left out is one the policies name: the others
/// stand for every value no policy names.
fn all_but(group: &Group, set: &BitSet, mentioned: &BTreeSet<String>) -> Option<Vec<String>> {
    let left_out: Vec<&Vec<Fragment>> = (0..group.candidates.len())
        .filter(|&i| !set.contains(i))
        .filter_map(|i| group.candidates.get(i))
        .collect();
    let kept = group.candidates.len() - left_out.len();
    let named = left_out
        .iter()
        .all(|c| c.iter().all(|f| is_mentioned(f, mentioned)));
    (named && kept > left_out.len() && kept > 1).then(|| {
        let labels: Vec<String> = left_out.iter().map(|c| label_of(c)).collect();
        vec![format!("any but {}", labels.join(" or "))]
    })
}

/// A value's label, saying so when it stands for every value no policy names.
fn value_label(candidate: &[Fragment], mentioned: &BTreeSet<String>) -> String {
    let label = label_of(candidate);
    if candidate.iter().all(|f| is_mentioned(f, mentioned)) {
        label
    } else {
        format!("one no policy names, such as {label}")
    }
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
/// the set is one entry ("service S, any path"); the others are listed, a
/// path no policy writes as one of its class ("paths such as /public/x").
fn targets(group: &Group, set: &BitSet, mentioned: &BTreeSet<String>) -> Vec<String> {
    let service = |i: usize| match group.candidates.get(i)?.first()? {
        Fragment::Target(service, _) => Some(service.as_str()),
        _ => None,
    };
    let mut labels = Vec::new();
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
                labels.push(format!("{s} (any path)"));
                done.insert(s);
            }
            _ => {
                let written = candidate.iter().all(|f| match f {
                    Fragment::Target(_, Some(path)) => mentioned.contains(&path.to_lowercase()),
                    _ => true,
                });
                let label = label_of(candidate);
                labels.push(if written {
                    label
                } else {
                    format!("paths such as {label}")
                });
            }
        }
    }
    labels
}

/// Adds the protocol of `fields` to a change that differs from it only in
/// the protocol, or that is the same; true when there was one.
pub(super) fn merge_protocol(changes: &mut [Change], fields: &[(String, Vec<String>)]) -> bool {
    let Some(((_, protocols), rest)) = fields.split_first() else {
        return false;
    };
    for change in changes.iter_mut() {
        let Some(((_, known), known_rest)) = change.fields.split_first_mut() else {
            continue;
        };
        if known_rest == rest {
            for p in protocols {
                if !known.contains(p) {
                    known.push(p.clone());
                }
            }
            return true;
        }
    }
    false
}

fn label_of(candidate: &[Fragment]) -> String {
    candidate
        .iter()
        .map(fragment_label)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The callers of a set, readably: every signed caller is one entry, so is an
/// account whose every caller class is in the set ("any signed caller of
/// account A"), and an identity whose every organization and tag variant is
/// (its ARN); the others are listed.
fn callers(group: &Group, set: &BitSet, named: &BTreeSet<String>) -> Vec<String> {
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
    let mut labels: Vec<String> = Vec::new();
    if all
        .clone()
        .any(|i| identity(i).is_none() && set.contains(i))
    {
        labels.push("anonymous".to_owned());
    }
    if !signed.is_empty() && signed.iter().all(|&i| set.contains(i)) {
        labels.push("any signed caller".to_owned());
        return labels;
    }
    if let Some(by_account_and_org) = callers_by_account_and_org(group, set, named) {
        labels.extend(by_account_and_org);
        return labels;
    }
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
        let every = |same: &dyn Fn(usize) -> bool| {
            all.clone().filter(|&j| same(j)).all(|j| set.contains(j))
        };
        if every(&|j| account(j) == Some(a)) {
            labels.push(if named.contains(a) {
                format!("any signed caller of account {a}")
            } else {
                format!("any signed caller of an account the policies never name (such as {a})")
            });
            done_accounts.insert(a);
        } else if every(&|j| arn(j) == Some(arn_i)) {
            labels.push(arn_i.to_owned());
            done_arns.insert(arn_i);
        } else {
            labels.push(label_of(candidate));
        }
    }
    labels
}

/// The signed callers of a set as accounts and organizations, when the set
/// holds a caller exactly when its account is one of some accounts and its
/// organization one of some organizations: "signed callers of account A
/// outside organization O". `None` when the set is not of that form.
fn callers_by_account_and_org(
    group: &Group,
    set: &BitSet,
    named: &BTreeSet<String>,
) -> Option<Vec<String>> {
    let signed: Vec<(usize, &str, Option<&str>)> = (0..group.candidates.len())
        .filter_map(|i| match group.candidates.get(i)?.first()? {
            Fragment::Principal(Some(d)) => {
                Some((i, account_of_arn(d.arn.as_deref()?), d.org_id.as_deref()))
            }
            _ => None,
        })
        .collect();
    let chosen: Vec<&(usize, &str, Option<&str>)> =
        signed.iter().filter(|(i, _, _)| set.contains(*i)).collect();
    if chosen.is_empty() {
        return None;
    }
    let accounts: BTreeSet<&str> = chosen.iter().map(|(_, a, _)| *a).collect();
    let orgs: BTreeSet<Option<&str>> = chosen.iter().map(|(_, _, o)| *o).collect();
    let product = signed
        .iter()
        .all(|(i, a, o)| set.contains(*i) == (accounts.contains(a) && orgs.contains(o)));
    if !product {
        return None;
    }
    let all_orgs: BTreeSet<Option<&str>> = signed.iter().map(|(_, _, o)| *o).collect();
    let org_text = |o: &Option<&str>| o.map_or("none".to_owned(), str::to_owned);
    let in_orgs = if orgs == all_orgs {
        String::new()
    } else {
        let left_out: Vec<String> = all_orgs.difference(&orgs).map(org_text).collect();
        let kept: Vec<String> = orgs.iter().map(org_text).collect();
        if orgs.len() > 1 && left_out.len() < kept.len() {
            format!(", organization not {}", left_out.join(" or "))
        } else {
            format!(", organization {}", kept.join(" or "))
        }
    };
    let all_accounts: BTreeSet<&str> = signed.iter().map(|(_, a, _)| *a).collect();
    if accounts == all_accounts {
        return Some(vec![format!("any signed caller{in_orgs}")]);
    }
    Some(
        accounts
            .iter()
            .map(|a| {
                if named.contains(*a) {
                    format!("any signed caller of account {a}{in_orgs}")
                } else {
                    format!("any signed caller of an account the policies never name (such as {a}){in_orgs}")
                }
            })
            .collect(),
    )
}

pub(super) fn account_of_arn(arn: &str) -> &str {
    if crate::model::is_account_id(arn) {
        return arn;
    }
    arn.split(':').nth(4).unwrap_or("")
}

fn dim_name(dim: &Dim) -> String {
    match dim {
        Dim::Principal => "caller".into(),
        Dim::Method => "method".into(),
        Dim::Target => "service and path".into(),
        Dim::Network => "service network".into(),
        Dim::Vpc => "source VPC".into(),
        Dim::VpcOwner => "source VPC owner".into(),
        Dim::Port => "port".into(),
        Dim::Time => "time".into(),
        Dim::SourceIp => "source IP".into(),
        Dim::Header(h) => format!("header {h}"),
        Dim::Query(k) => format!("query {k}"),
        Dim::ServiceTag(k) => format!("service tag {k}"),
    }
}

fn fragment_label(f: &Fragment) -> String {
    match f {
        Fragment::Principal(None) => "anonymous".into(),
        Fragment::Principal(Some(d)) => {
            let mut label = d.arn.clone().unwrap_or_default();
            if let Some(org) = &d.org_id {
                label.push_str(&format!(" (org {org})"));
            }
            for (k, v) in &d.tags {
                label.push_str(&format!(" (tag {k}={v})"));
            }
            label
        }
        Fragment::Method(m) => m.clone(),
        Fragment::Target(service, path) => match path {
            Some(p) if service == crate::eval::request::DEFAULT_SERVICE => p.clone(),
            Some(p) => format!("{service}{p}"),
            None => service.clone(),
        },
        Fragment::Network(n) | Fragment::Vpc(n) | Fragment::VpcOwner(n) | Fragment::Time(n) => {
            n.clone()
        }
        Fragment::Port(p) => p.to_string(),
        Fragment::SourceIp(ip) => ip.clone().unwrap_or_else(|| "none".into()),
        Fragment::Header(_, v) | Fragment::ServiceTag(_, v) => v
            .as_ref()
            .map_or_else(|| "absent".into(), |v| format!("{v:?}")),
        Fragment::Query(_, v) => v
            .as_ref()
            .map_or_else(|| "absent".into(), |v| format!("{v:?}")),
    }
}
