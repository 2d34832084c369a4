//! Two versions of one service's auth policy compared over every request,
//! either of which may be absent (a policy added or removed) or hold values
//! known only at deploy time.
//!
//! An absent version allows nothing: the service's auth type is `AWS_IAM`
//! and no policy is attached (decision `absent-baseline-allows-nothing`).
//! Unknown values are bounded (decision `unknown-values-bounded`): what a
//! change may open is what the new version's permissive bound allows and the
//! old version's restrictive bound denied; what it may close, what the old
//! version's permissive bound allows and the new version's restrictive bound
//! denies. Both over-approximate, so no class that some deployed values open
//! is missed. A class is certain when the other two bounds agree on its
//! witness; otherwise it names the unknowns it depends on, and is never
//! claimed outright.

use super::{Analysis, Budget, Change, Layers, Setups};
use crate::eval::{AuthType, BoundedPolicy, PolicyResult, Request, RequestSpec, Timestamp};
use crate::model::{Bound, Policy};

/// A class of requests whose decision changes between the two versions.
#[derive(Clone, Debug)]
pub struct VersionChange {
    /// The class, with a witness request.
    pub change: Change,
    /// `None` when the change holds whatever the deployed values are; else
    /// the unknowns it depends on, named for a message ("`!Ref Org`").
    pub depends_on: Option<String>,
}

/// What a new version of a policy opens and closes, compared with the old.
#[derive(Clone, Debug, Default)]
pub struct VersionDiff {
    /// Requests the new version allows that the old denied (possibly, when
    /// [`VersionChange::depends_on`] says so).
    pub opened: Vec<VersionChange>,
    /// Requests the old version allowed that the new denies.
    pub closed: Vec<VersionChange>,
    /// Why "no change" may not be exact (empty when it is).
    pub inexact: Vec<String>,
}

/// How to compare: the analysis's budget and time, the most classes listed
/// each way, and why the analysis is not attempted at all (a version over
/// the size quota), when it is not.
#[derive(Clone, Debug)]
pub struct CompareOptions {
    /// The work the analysis may do.
    pub budget: Budget,
    /// The time requests are made at.
    pub now: Timestamp,
    /// The most classes listed each way.
    pub limit: usize,
    /// Why the versions are not analysed (AWS refuses to store one).
    pub not_attempted: Option<String>,
}

/// Compares two versions of a service's auth policy; `None` is a version
/// that does not exist, which allows nothing.
pub fn compare_versions(
    old: Option<&Policy>,
    new: Option<&Policy>,
    options: &CompareOptions,
) -> VersionDiff {
    fn bounded(p: Option<&Policy>, bound: Bound) -> Option<std::borrow::Cow<'_, Policy>> {
        p.map(|p| p.bound(bound))
    }
    fn service(p: Option<&Policy>) -> Layers<'_> {
        Layers {
            network: None,
            service: (AuthType::AwsIam, p),
        }
    }
    let (old_wide, old_narrow) = (
        bounded(old, Bound::Permissive),
        bounded(old, Bound::Restrictive),
    );
    let (new_wide, new_narrow) = (
        bounded(new, Bound::Permissive),
        bounded(new, Bound::Restrictive),
    );
    let unknowns = old.is_some_and(Policy::has_unknowns) || new.is_some_and(Policy::has_unknowns);
    let mut setups = Setups::new();
    let from = setups.add(service(old_narrow.as_deref()));
    let to = setups.add(service(new_wide.as_deref()));
    // Without unknowns each version is its own two bounds: one comparison
    // gives both directions.
    let closing = unknowns.then(|| {
        (
            setups.add(service(old_wide.as_deref())),
            setups.add(service(new_narrow.as_deref())),
        )
    });
    let analysis = match &options.not_attempted {
        Some(reason) => Analysis::not_attempted(setups, options.now, reason.clone()),
        None => Analysis::with_budget(setups, options.now, options.budget),
    };
    let opening = analysis.diff(from, to, options.limit);
    let mut inexact = opening.inexact;
    let closed = match closing {
        None => opening.lost,
        Some((from, to)) => {
            let closing = analysis.diff(from, to, options.limit);
            inexact.extend(closing.inexact);
            closing.lost
        }
    };
    inexact.dedup();
    let old = old.map(BoundedPolicy::compile);
    let new = new.map(BoundedPolicy::compile);
    let weigh = |changes: Vec<Change>, opened: bool| -> Vec<VersionChange> {
        crate::wording::distinct_changes(changes)
            .into_iter()
            .map(|change| {
                let depends_on = depends_on(
                    [(old.as_ref(), !opened), (new.as_ref(), opened)],
                    &change.witness.spec,
                    options.now,
                );
                VersionChange { change, depends_on }
            })
            .collect()
    };
    VersionDiff {
        opened: weigh(opening.gained, true),
        closed: weigh(closed, false),
        inexact,
    }
}

/// The unknowns that decide whether each version gives the request of
/// `spec` the answer wanted (allowed when `true`), named; `None` when every
/// deployed value gives it. An absent version denies everything, whatever
/// is deployed.
fn depends_on(
    versions: [(Option<&BoundedPolicy>, bool); 2],
    spec: &RequestSpec,
    now: Timestamp,
) -> Option<String> {
    let request = Request::resolve(spec.clone(), now).ok()?;
    let mut deciding = Vec::new();
    for (policy, allowed) in versions {
        let Some(policy) = policy else { continue };
        let (permissive, restrictive) = policy.decide_both(&request);
        let sure = if allowed { restrictive } else { permissive };
        if (sure == PolicyResult::Allow) != allowed {
            deciding.extend(policy.deciding(&request));
        }
    }
    (!deciding.is_empty()).then(|| crate::eval::bounded::name_unknowns(&deciding))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::CHECK_TIME;
    use crate::load::{load_str, LoadOptions};

    fn policy(text: &str) -> Policy {
        load_str("p.json", text, LoadOptions::default())
            .policy
            .unwrap()
    }

    fn options() -> CompareOptions {
        CompareOptions {
            budget: Budget::default(),
            now: CHECK_TIME,
            limit: 20,
            not_attempted: None,
        }
    }

    const SIGNED: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"}}}]}"#;

    #[test]
    fn an_added_policy_opens_what_it_allows_and_a_removed_one_closes_it() {
        let signed = policy(SIGNED);
        let added = compare_versions(None, Some(&signed), &options());
        assert!(!added.opened.is_empty());
        assert!(added.closed.is_empty());
        assert!(added.opened.iter().all(|c| c.depends_on.is_none()));
        let removed = compare_versions(Some(&signed), None, &options());
        assert!(removed.opened.is_empty());
        assert!(!removed.closed.is_empty());
        let same = compare_versions(Some(&signed), Some(&signed), &options());
        assert!(same.opened.is_empty() && same.closed.is_empty());
    }
}
