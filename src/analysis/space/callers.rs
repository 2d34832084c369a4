//! The callers of the space: anonymous, then every class of account,
//! identity and organization (with its paths) the policies tell apart.
//! Their tags are fields of their own (`Dim::PrincipalTag`).

use std::collections::{HashMap, HashSet};

use super::fields::Slot;
use super::fragment::Fragment;
use super::mentions::Mentions;
use super::{domain_shapes, Space, FRESH_ACCOUNTS, MAX_VALUES};
use crate::analysis::budget::charge;
use crate::analysis::glob::{classes, classes_tracking, CharClass, Glob, Shape};
use crate::eval::request::PrincipalDetails;
use crate::keys::Domain;

impl Space {
    pub(super) fn principals(&mut self, m: &Mentions, tls: bool) -> Vec<Fragment> {
        let mut out = vec![Fragment::Principal(None)];
        if tls {
            return out;
        }
        // Accounts: one per class of the account patterns, keeping apart the
        // accounts after which principal ARN patterns behave differently.
        let mut account_globs: Vec<Glob> = m.globs(&Slot::Account).to_vec();
        // Every named account is a class of its own, so that an account no
        // policy names is never represented by one that a policy does name.
        account_globs.extend(
            m.principal_accounts
                .union(&m.named_accounts)
                .map(|a| Glob::literal(a, false)),
        );
        let arn_globs: Vec<Glob> = m
            .globs(&Slot::PrincipalArn)
            .iter()
            .cloned()
            .chain(m.principal_arns.iter().map(|a| Glob::literal(a, false)))
            .collect();
        let tracked: Vec<Glob> = arn_globs
            .iter()
            .flat_map(|g| [g.after("arn:aws:iam::"), g.after("arn:aws:sts::")])
            .collect();
        let accounts = classes_tracking(
            &account_globs,
            &tracked,
            &Glob::domain(&domain_shapes(Domain::Account).concat()),
            &FRESH_ACCOUNTS,
        );
        if !accounts.complete {
            self.inexact
                .insert("the account search ran out of budget".to_owned());
        }
        let mut identities: Vec<String> = Vec::new();
        for class in &accounts.classes {
            let a = &class.witness;
            identities.push(a.clone());
            for (prefix, samples) in [
                (format!("arn:aws:iam::{a}:role/"), ["app", "ops"]),
                (format!("arn:aws:iam::{a}:user/"), ["alice", "bob"]),
                (
                    format!("arn:aws:sts::{a}:federated-user/"),
                    ["carol", "dave"],
                ),
            ] {
                let names: Vec<Glob> = arn_globs.iter().map(|g| g.after(&prefix)).collect();
                let found = classes(
                    &names,
                    &Glob::domain(&[Shape::Run(CharClass::Name)]),
                    &samples,
                );
                if !found.complete {
                    self.inexact
                        .insert("the principal name search ran out of budget".to_owned());
                }
                identities.extend(
                    found
                        .classes
                        .into_iter()
                        .map(|c| format!("{prefix}{}", c.witness)),
                );
            }
        }
        // Sessions named in `Principal`, and another session of the same role.
        for arn in &m.principal_arns {
            if let Some((role, _session)) = arn
                .strip_prefix("arn:aws:sts::")
                .and_then(|r| r.rsplit_once('/'))
            {
                identities.push(arn.clone());
                identities.push(format!("arn:aws:sts::{role}/another-session"));
            }
        }
        // Organizations, each with the organization paths a caller in it can
        // have: a path starts with the organization id and `/`, so the
        // organizations are also told apart by the states they leave the
        // path patterns in, and each one's paths are searched after it.
        let path_globs = m.globs(&Slot::OrgPaths);
        type Paths = Option<Vec<String>>;
        let mut orgs: Vec<(Option<String>, Vec<Paths>)> = vec![(None, vec![None])];
        {
            // Named organizations are classes of their own, as named accounts are.
            let mut globs = m.globs(&Slot::Org).to_vec();
            globs.extend(m.named_orgs.iter().map(|o| Glob::literal(o, false)));
            // Organization ids as AWS Organizations gives them out (the
            // request-key table's domain), so that a policy value outside it
            // (`o-EXAMPLE12345`) matches no caller.
            let found = classes_tracking(
                &globs,
                path_globs,
                &Glob::domain(&domain_shapes(Domain::OrgId).concat()),
                &[Domain::OrgId.example()],
            );
            if !found.complete {
                self.inexact
                    .insert("the organization search ran out of budget".to_owned());
            }
            let size = m
                .set_clauses
                .get(&Slot::OrgPaths)
                .copied()
                .unwrap_or(1)
                .max(1);
            let mut paths_after: HashMap<Vec<Vec<u16>>, Vec<String>> = HashMap::new();
            for class in found.classes {
                if !Domain::OrgId.contains(&class.witness) {
                    continue;
                }
                let mut paths = vec![None];
                if !path_globs.is_empty() {
                    let after: Vec<Glob> = path_globs
                        .iter()
                        .zip(&class.states)
                        .map(|(g, states)| g.resume(states).after("/"))
                        .collect();
                    let key: Vec<Vec<u16>> =
                        after.iter().map(|g| g.start_states().to_vec()).collect();
                    let rests = match paths_after.get(&key) {
                        Some(known) => known.clone(),
                        None => {
                            let rests = self.org_path_rests(&after, m.path_units);
                            paths_after.insert(key, rests.clone());
                            rests
                        }
                    };
                    let singles: Vec<String> = rests
                        .iter()
                        .map(|rest| format!("{}/{rest}", class.witness))
                        .collect();
                    paths.extend(self.sets(&singles, size).into_iter().map(Some));
                }
                orgs.push((Some(class.witness), paths));
            }
        }
        'all: for arn in &identities {
            for (org, org_paths) in &orgs {
                for paths in org_paths {
                    if out.len() >= MAX_VALUES || !charge(256) {
                        self.inexact
                            .insert("too many distinct callers to try them all".to_owned());
                        break 'all;
                    }
                    // No tags: each tag is a field of its own (`Dim::PrincipalTag`).
                    out.push(Fragment::Principal(Some(PrincipalDetails {
                        arn: Some(arn.clone()),
                        org_id: org.clone(),
                        org_paths: paths.clone(),
                        ..PrincipalDetails::default()
                    })));
                }
            }
        }
        out
    }

    /// What follows `o-…/` in the organization paths of one organization:
    /// a root id and `/`, then organizational units each followed by `/`
    /// (the domain [`Domain::OrgPath`]), one witness per class of `after`.
    /// A path value that names `k` units tells paths apart down to `k + 1`
    /// units (deeper ones its `*` covers alike), so the search draws that
    /// deep, and at most [`MAX_PATH_DEPTH`].
    fn org_path_rests(&mut self, after: &[Glob], units: usize) -> Vec<String> {
        let id = |min, max| Shape::Between(CharClass::LowerAlnum, min, max);
        // A set, not a list: thousands of classes made the lookups quadratic.
        let mut seen: HashSet<Vec<bool>> = HashSet::new();
        let mut out = Vec::new();
        for depth in 0..=(units + 1).min(MAX_PATH_DEPTH) {
            let mut shapes = vec![Shape::Text("r-"), id(4, 32), Shape::Text("/")];
            for _ in 0..depth {
                shapes.extend([
                    Shape::Text("ou-"),
                    id(4, 32),
                    Shape::Text("-"),
                    id(8, 32),
                    Shape::Text("/"),
                ]);
            }
            let found = classes(after, &Glob::domain(&shapes), &["r-ab12/"]);
            if !found.complete {
                self.inexact
                    .insert("the organization path search ran out of budget".to_owned());
            }
            for class in found.classes {
                if seen.insert(class.matches) {
                    out.push(class.witness);
                }
            }
        }
        out
    }
}

/// The deepest organizational unit the path search draws: patterns that
/// tell deeper paths apart are rare, and a policy that writes one is marked
/// inexact by [`Mentions`].
pub(super) const MAX_PATH_DEPTH: usize = 3;
