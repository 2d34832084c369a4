//! Evaluating a policy that holds values known only at deploy time (decision
//! `unknown-values-bounded`): the answers of its two bounds, and the
//! unknowns that decide between them.
//!
//! The permissive bound allows every request some deployed value allows and
//! the restrictive bound only requests every deployed value allows. When both
//! answer alike the answer is known; otherwise it depends on the unknowns of
//! the statements that apply to the request under one bound and not the
//! other, and only those are named. A policy without unknowns compiles once
//! and answers [`BoundedOutcome::Allow`] or [`BoundedOutcome::Deny`].

use crate::model::{Bound, Policy, Unknown, UnknownPlace};

use super::policy::{CompiledPolicy, PolicyResult};
use super::request::Request;

/// A policy compiled as its two bounds.
#[derive(Clone, Debug)]
pub struct BoundedPolicy {
    permissive: CompiledPolicy,
    /// `None` when the policy has no unknowns: both bounds are the policy.
    restrictive: Option<CompiledPolicy>,
    unknowns: Vec<Unknown>,
}

/// What a policy with unknowns says about a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BoundedOutcome<'a> {
    /// Allowed whatever the deployed values are.
    Allow,
    /// Denied whatever the deployed values are.
    Deny,
    /// Allowed for some deployed values and denied for others: these
    /// unknowns decide.
    Depends(Vec<&'a Unknown>),
}

impl BoundedPolicy {
    /// Compiles both bounds of `policy`.
    pub fn compile(policy: &Policy) -> BoundedPolicy {
        BoundedPolicy {
            permissive: CompiledPolicy::compile(&policy.bound(Bound::Permissive)),
            restrictive: policy
                .has_unknowns()
                .then(|| CompiledPolicy::compile(&policy.bound(Bound::Restrictive))),
            unknowns: policy.unknowns.clone(),
        }
    }

    /// The compiled policy of one bound, to put in an
    /// [`Authorizer`](super::Authorizer)'s layer.
    pub fn bound(&self, bound: Bound) -> &CompiledPolicy {
        match (bound, &self.restrictive) {
            (Bound::Restrictive, Some(restrictive)) => restrictive,
            _ => &self.permissive,
        }
    }

    /// What each bound says about the request: `(permissive, restrictive)`.
    pub fn decide_both(&self, request: &Request) -> (PolicyResult, PolicyResult) {
        let permissive = self.permissive.decide(request);
        let restrictive = self
            .restrictive
            .as_ref()
            .map_or(permissive, |r| r.decide(request));
        (permissive, restrictive)
    }

    /// The policy's answer, as the only auth policy of a service.
    pub fn decide(&self, request: &Request) -> BoundedOutcome<'_> {
        match self.decide_both(request) {
            (PolicyResult::Allow, PolicyResult::Allow) => BoundedOutcome::Allow,
            (p, _) if p != PolicyResult::Allow => BoundedOutcome::Deny,
            _ => BoundedOutcome::Depends(self.deciding(request)),
        }
    }

    /// The unknowns of the statements the two bounds apply differently to
    /// the request (or with different effects): what a decision that
    /// differs between the bounds depends on.
    pub fn deciding(&self, request: &Request) -> Vec<&Unknown> {
        let Some(restrictive) = &self.restrictive else {
            return Vec::new();
        };
        let applying = |policy: &CompiledPolicy, index: usize| {
            policy
                .statements()
                .iter()
                .filter(|s| s.index == index)
                .find(|s| s.applies(request))
                .map(|s| s.effect)
        };
        let mut differing: Vec<usize> = Vec::new();
        let mut out = Vec::new();
        for unknown in &self.unknowns {
            let Some(index) = unknown.statement else {
                continue;
            };
            let differs = differing.contains(&index)
                || applying(&self.permissive, index) != applying(restrictive, index);
            if differs {
                differing.push(index);
                if unknown.place != UnknownPlace::Version {
                    out.push(unknown);
                }
            }
        }
        out
    }
}

/// The expressions of `unknowns`, each once, for a message: "`!Ref A`,
/// `var.b` and 2 more".
pub fn name_unknowns(unknowns: &[&Unknown]) -> String {
    const MAX_NAMED: usize = 3;
    let mut distinct: Vec<&str> = Vec::new();
    for u in unknowns {
        if !distinct.contains(&u.expression.as_str()) {
            distinct.push(&u.expression);
        }
    }
    let shown: Vec<String> = distinct
        .iter()
        .take(MAX_NAMED)
        .map(|e| format!("`{e}`"))
        .collect();
    match distinct.len().saturating_sub(MAX_NAMED) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}
