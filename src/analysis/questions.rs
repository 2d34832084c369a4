//! The questions asked of an [`Analysis`]: is some request of a kind
//! allowed (anonymous, foreign, through a statement, by two setups at once),
//! what becomes of each statement, what changes between two setups.

use super::answers::{Answer, Change, Diff, StatementFate};
use super::describe::{account_of_arn, merge_protocol};
use super::region::{intersect, is_subset, subtract, BitSet, Cube};
use super::setups::{describe, Analysis, REGION_BUDGET};
use super::space::{Dim, Fragment};
use crate::eval::request::RequestSpec;
use crate::eval::Decision;
use crate::model::Effect;

impl Analysis<'_> {
    /// Is some request from an anonymous caller allowed by setup `setup`?
    pub fn anonymous_allowed(&self, setup: usize) -> Answer {
        self.allowed_where(setup, None, &|f: &Fragment| f.is_anonymous())
    }

    /// Is some request from an anonymous caller allowed by setup `setup` and
    /// applied to by statement `statement` of its service policy?
    pub fn anonymous_allowed_via(&self, setup: usize, statement: usize) -> Answer {
        self.allowed_where(setup, Some(statement), &|f: &Fragment| f.is_anonymous())
    }

    /// Is some request allowed from a signed caller whose account no policy
    /// names, in no organization a policy names?
    pub fn foreign_allowed(&self, setup: usize) -> Answer {
        self.allowed_where(setup, None, &|f: &Fragment| self.is_foreign(f))
    }

    /// [`Analysis::foreign_allowed`], through statement `statement` of the service policy.
    pub fn foreign_allowed_via(&self, setup: usize, statement: usize) -> Answer {
        self.allowed_where(setup, Some(statement), &|f: &Fragment| self.is_foreign(f))
    }

    /// Is some request allowed, through statement `statement` of the service
    /// policy, from a signed caller that is neither in `accounts` nor in an
    /// organization of `orgs`?
    pub fn outsider_allowed_via(
        &self,
        setup: usize,
        statement: usize,
        accounts: &[String],
        orgs: &[String],
    ) -> Answer {
        self.allowed_where(setup, Some(statement), &|f: &Fragment| match f {
            Fragment::Principal(Some(d)) => {
                let account = d.arn.as_deref().map(account_of_arn).unwrap_or_default();
                !accounts.iter().any(|a| a == account)
                    && d.org_id.as_ref().is_none_or(|o| !orgs.contains(o))
            }
            _ => false,
        })
    }

    fn is_foreign(&self, f: &Fragment) -> bool {
        match f {
            Fragment::Principal(Some(d)) => {
                let account = d.arn.as_deref().map(account_of_arn).unwrap_or_default();
                !self.named_accounts.contains(account)
                    && d.org_id
                        .as_ref()
                        .is_none_or(|o| !self.named_orgs.contains(o))
            }
            _ => false,
        }
    }

    /// Is some request allowed by setup `setup` among those `matches` accepts
    /// (checked on every field value of a candidate request)?
    pub fn allowed_matching(&self, setup: usize, matches: &dyn Fn(&RequestSpec) -> bool) -> Answer {
        self.search(setup, None, &|_, _| true, Some(matches))
    }

    fn allowed_where(
        &self,
        setup: usize,
        via: Option<usize>,
        principal: &dyn Fn(&Fragment) -> bool,
    ) -> Answer {
        self.search(
            setup,
            via,
            &|dims: &[Dim], candidate: &[Fragment]| {
                dims.iter()
                    .zip(candidate)
                    .all(|(d, f)| *d != Dim::Principal || principal(f))
            },
            None,
        )
    }

    /// The first allowed request whose group values all pass `keep`, and whose
    /// whole spec passes `spec_filter`.
    fn search(
        &self,
        setup: usize,
        via: Option<usize>,
        keep: &dyn Fn(&[Dim], &[Fragment]) -> bool,
        spec_filter: Option<&dyn Fn(&RequestSpec) -> bool>,
    ) -> Answer {
        let mut inexact = self.inexact.clone();
        let service = self
            .slots
            .get(setup)
            .and_then(|s| s.get(1).copied().flatten());
        for pass in &self.passes {
            let through = match (via, service) {
                (None, _) => None,
                (Some(s), Some(p)) => match pass.cube(p, s) {
                    Some(cube) => Some(cube),
                    None => continue,
                },
                (Some(_), None) => continue,
            };
            let query: Cube = pass
                .groups
                .iter()
                .map(|g| {
                    let mut set = BitSet::empty(g.candidates.len());
                    for (i, c) in g.candidates.iter().enumerate() {
                        if keep(&g.dims, c) {
                            set.insert(i);
                        }
                    }
                    set
                })
                .collect();
            let mut budget = REGION_BUDGET;
            for cube in self.allowed(pass, setup, &mut budget) {
                let Some(mut cube) = intersect(&cube, &query) else {
                    continue;
                };
                if let Some(through) = through {
                    match intersect(&cube, through) {
                        Some(narrower) => cube = narrower,
                        None => continue,
                    }
                }
                let found = match spec_filter {
                    None => Some(pass.spec_at(&cube, &pass.first_point(&cube))),
                    Some(filter) => pass.find_point(&cube, filter),
                };
                if let Some(spec) = found {
                    return match self.replay(setup, &spec, Decision::Allow) {
                        Some(witness) => Answer::Found(Box::new(witness)),
                        None => Answer::Unknown(vec![format!(
                            "internal: a witness did not replay ({})",
                            describe(&spec, &self.now)
                        )]),
                    };
                }
            }
            if budget == 0 {
                inexact.insert("the policy has too many overlapping statements".to_owned());
            }
        }
        if inexact.is_empty() {
            Answer::NoRequest
        } else {
            Answer::Unknown(inexact.into_iter().collect())
        }
    }

    /// Is some request allowed by both setups `a` and `b`? (With `b` an
    /// [`Invariant`](super::Invariant)'s policy: does `a` allow a request the
    /// invariant forbids?) The witness replays as allowed under both.
    pub fn allowed_by_both(&self, a: usize, b: usize) -> Answer {
        let mut budget = REGION_BUDGET;
        for pass in &self.passes {
            let second = self.allowed(pass, b, &mut budget);
            for x in self.allowed(pass, a, &mut budget) {
                for y in &second {
                    let Some(both) = intersect(&x, y) else {
                        continue;
                    };
                    let spec = pass.spec_at(&both, &pass.first_point(&both));
                    let replayed = self
                        .replay(a, &spec, Decision::Allow)
                        .filter(|_| self.replay(b, &spec, Decision::Allow).is_some());
                    return match replayed {
                        Some(w) => Answer::Found(Box::new(w)),
                        None => Answer::Unknown(vec![format!(
                            "internal: a witness did not replay ({})",
                            describe(&spec, &self.now)
                        )]),
                    };
                }
            }
        }
        let mut reasons = self.inexact();
        if budget == 0 {
            reasons.push("the policies have too many overlapping statements".to_owned());
        }
        if reasons.is_empty() {
            Answer::NoRequest
        } else {
            Answer::Unknown(reasons)
        }
    }

    /// What becomes of each statement of the service policy of `setup`,
    /// within that policy alone. Exact claims only: when the analysis is
    /// inexact every statement is reported [`StatementFate::Live`].
    pub fn statement_fates(&self, setup: usize) -> Vec<StatementFate> {
        let Some(policy) = self
            .slots
            .get(setup)
            .and_then(|s| s.get(1).copied().flatten())
        else {
            return Vec::new();
        };
        let statements = self.statements(policy);
        let mut fates = vec![StatementFate::Live; statements.len()];
        if !self.inexact.is_empty() {
            return fates;
        }
        for (s, fate) in fates.iter_mut().enumerate() {
            let Some(statement) = statements.get(s) else {
                continue;
            };
            let cubes: Vec<Option<&Cube>> = self.passes.iter().map(|p| p.cube(policy, s)).collect();
            if cubes.iter().all(Option::is_none) {
                *fate = StatementFate::NeverApplies;
                continue;
            }
            if statement.effect == Effect::Allow {
                let mut budget = REGION_BUDGET;
                let overridden = self.passes.iter().zip(&cubes).all(|(pass, cube)| {
                    let Some(cube) = cube else { return true };
                    let denies: Vec<Cube> = statements
                        .iter()
                        .enumerate()
                        .filter(|(_, t)| t.effect == Effect::Deny)
                        .filter_map(|(t, _)| pass.cube(policy, t).cloned())
                        .collect();
                    subtract((*cube).clone(), &denies, &mut budget).is_empty() && budget > 0
                });
                if overridden {
                    *fate = StatementFate::Overridden;
                    continue;
                }
            }
            let covering = statements.iter().enumerate().find(|(t, other)| {
                *t != s
                    && other.effect == statement.effect
                    && self.passes.iter().all(|pass| {
                        match (pass.cube(policy, s), pass.cube(policy, *t)) {
                            (None, _) => true,
                            (Some(_), None) => false,
                            (Some(a), Some(b)) => {
                                // Of two equal statements, the later one is redundant.
                                is_subset(a, b) && (*t < s || !is_subset(b, a))
                            }
                        }
                    })
            });
            if let Some((t, _)) = covering {
                *fate = StatementFate::RedundantWith(t);
            }
        }
        fates
    }

    /// The requests whose decision differs between setups `old` and `new`.
    /// At most `limit` classes are listed each way.
    pub fn diff(&self, old: usize, new: usize, limit: usize) -> Diff {
        let mut diff = Diff {
            gained: Vec::new(),
            lost: Vec::new(),
            inexact: self.inexact(),
        };
        let mut budget = REGION_BUDGET;
        for pass in &self.passes {
            let before = self.allowed(pass, old, &mut budget);
            let after = self.allowed(pass, new, &mut budget);
            for (from, to, out, want_new) in [
                (&before, &after, &mut diff.gained, Decision::Allow),
                (&after, &before, &mut diff.lost, Decision::Deny),
            ] {
                for cube in to {
                    for piece in subtract(cube.clone(), from, &mut budget) {
                        let fields =
                            pass.describe_cube(&piece, &self.named_accounts, &self.mentioned);
                        if merge_protocol(out, &fields) || out.len() >= limit {
                            continue;
                        }
                        let spec = pass.spec_at(&piece, &pass.first_point(&piece));
                        let (check_new, check_old) = match want_new {
                            Decision::Allow => (Decision::Allow, Decision::Deny),
                            Decision::Deny => (Decision::Deny, Decision::Allow),
                        };
                        let replayed = self
                            .replay(new, &spec, check_new)
                            .and_then(|w| self.replay(old, &spec, check_old).map(|_| w));
                        match replayed {
                            Some(witness) => out.push(Change { fields, witness }),
                            None => diff.inexact.push(format!(
                                "internal: a witness did not replay ({})",
                                describe(&spec, &self.now)
                            )),
                        }
                    }
                }
            }
        }
        if budget == 0 {
            diff.inexact
                .push("the policies have too many overlapping statements".to_owned());
        }
        diff
    }
}
