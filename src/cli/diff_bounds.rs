//! `policy diff` on policies holding values known only at deploy time
//! (decision `unknown-values-bounded`): each side at its two bounds, and
//! for each class of changed requests whether it changes for every value or
//! only for some, and then which expressions it depends on.

use lattice_policy::analysis::Change;
use lattice_policy::eval::{
    AuthLayer, AuthType, Authorizer, BoundedPolicy, CompiledPolicy, Decision, Request,
};
use lattice_policy::load::Loaded;
use lattice_policy::model::{Bound, Policy};

use super::clock;

/// A policy at its two bounds (both the policy itself when it has no unknowns).
pub struct BoundPair {
    permissive: Option<Policy>,
    restrictive: Option<Policy>,
    unknowns: bool,
}

impl BoundPair {
    /// The bounds of `policy`.
    pub fn of(policy: Option<&Policy>) -> BoundPair {
        BoundPair {
            permissive: policy.map(|p| p.bound(Bound::Permissive).into_owned()),
            restrictive: policy.map(|p| p.bound(Bound::Restrictive).into_owned()),
            unknowns: policy.is_some_and(Policy::has_unknowns),
        }
    }

    /// The policy at `bound`.
    pub fn get(&self, bound: Bound) -> Option<&Policy> {
        match bound {
            Bound::Restrictive => self.restrictive.as_ref(),
            _ => self.permissive.as_ref(),
        }
    }

    /// True when the policy holds unknowns.
    pub fn has_unknowns(&self) -> bool {
        self.unknowns
    }
}

/// One side of the comparison: the service policy and, when given, the
/// service network's, each as loaded and at its bounds.
pub type Side<'a> = (
    &'a Loaded,
    &'a BoundPair,
    Option<(&'a Loaded, &'a BoundPair)>,
);

/// The two sides of the comparison.
pub struct Sides<'a> {
    /// OLD.
    pub old: Side<'a>,
    /// NEW.
    pub new: Side<'a>,
}

/// The evaluator of one side at one bound.
fn authorizer(side: &Side<'_>, bound: Bound) -> Authorizer {
    let layer = |pair: &BoundPair| AuthLayer {
        auth_type: AuthType::AwsIam,
        policy: pair.get(bound).map(CompiledPolicy::compile),
    };
    Authorizer {
        network: side.2.map(|(_, pair)| layer(pair)),
        service: layer(side.1),
        identity: None,
    }
}

fn allows(side: &Side<'_>, bound: Bound, request: &Request) -> bool {
    authorizer(side, bound).decide(request).decision == Decision::Allow
}

impl Sides<'_> {
    /// What a changed class depends on: nothing (empty) when its witness
    /// changes decision for every deploy-time value, else each unknown that
    /// decides it on either side, as "`EXPR` at FILE:LINE". `gained` says
    /// which way the class changed (NEW allows what OLD denied).
    pub fn depends(&self, change: &Change, gained: bool, deploy_time: bool) -> Vec<String> {
        if !deploy_time {
            return Vec::new();
        }
        let Ok(request) = Request::resolve(change.witness.spec.clone(), clock::now()) else {
            return vec!["deploy-time values".to_owned()];
        };
        // The side that must allow, and the side that must deny.
        let (allowing, denying) = if gained {
            (&self.new, &self.old)
        } else {
            (&self.old, &self.new)
        };
        let allowed = allows(allowing, Bound::Restrictive, &request);
        let denied = !allows(denying, Bound::Permissive, &request);
        if allowed && denied {
            return Vec::new();
        }
        let mut names = Vec::new();
        let mut deciding = |side: &Side<'_>| {
            let layers = std::iter::once((side.0, side.1)).chain(side.2);
            for (loaded, _) in layers {
                let Some(policy) = loaded.policy.as_ref().filter(|p| p.has_unknowns()) else {
                    continue;
                };
                let bounded = BoundedPolicy::compile(policy);
                let mut unknowns = bounded.deciding(&request);
                if unknowns.is_empty() {
                    unknowns = policy.unknowns.iter().collect();
                }
                for unknown in unknowns {
                    let file = lattice_policy::iac::split_locator(loaded.source.name()).0;
                    let line = loaded.source.position(unknown.span.offset()).line;
                    let name = format!("`{}` at {file}:{line}", unknown.expression);
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
            }
        };
        if !allowed {
            deciding(allowing);
        }
        if !denied {
            deciding(denying);
        }
        if names.is_empty() {
            names.push("deploy-time values".to_owned());
        }
        names
    }
}
