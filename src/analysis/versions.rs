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
    /// For the old and the new version: true when it allows no request at
    /// all, whatever its deploy-time values (its permissive bound allows
    /// none), which `policy diff` notes.
    pub allows_nothing: [bool; 2],
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

/// One version of a service's auth layers: its policy (`None`: absent,
/// which allows nothing) and, when the comparison includes one, the service
/// network's policy (its auth type is then `AWS_IAM`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Version<'p> {
    /// The service's auth policy.
    pub service: Option<&'p Policy>,
    /// The service network's auth policy, when it is part of the setup.
    pub network: Option<&'p Policy>,
}

impl<'p> Version<'p> {
    fn policies(self) -> impl Iterator<Item = &'p Policy> {
        self.service.into_iter().chain(self.network)
    }
}

/// A [`Version`] at one bound.
struct BoundVersion<'p> {
    service: Option<std::borrow::Cow<'p, Policy>>,
    network: Option<std::borrow::Cow<'p, Policy>>,
}

impl<'p> BoundVersion<'p> {
    fn of(version: Version<'p>, bound: Bound) -> BoundVersion<'p> {
        BoundVersion {
            service: version.service.map(|p| p.bound(bound)),
            network: version.network.map(|p| p.bound(bound)),
        }
    }

    fn layers(&self) -> Layers<'_> {
        Layers {
            network: self.network.as_deref().map(|n| (AuthType::AwsIam, Some(n))),
            service: (AuthType::AwsIam, self.service.as_deref()),
        }
    }
}

/// Compares two versions of a service's auth policy; `None` is a version
/// that does not exist, which allows nothing.
pub fn compare_versions(
    old: Option<&Policy>,
    new: Option<&Policy>,
    options: &CompareOptions,
) -> VersionDiff {
    let version = |service| Version {
        service,
        network: None,
    };
    compare_layered(version(old), version(new), options)
}

/// [`compare_versions`] with each version's service network policy, when
/// there is one: a request changes decision when the two layers together
/// decide it differently.
pub fn compare_layered(
    old: Version<'_>,
    new: Version<'_>,
    options: &CompareOptions,
) -> VersionDiff {
    let (old_wide, old_narrow) = (
        BoundVersion::of(old, Bound::Permissive),
        BoundVersion::of(old, Bound::Restrictive),
    );
    let (new_wide, new_narrow) = (
        BoundVersion::of(new, Bound::Permissive),
        BoundVersion::of(new, Bound::Restrictive),
    );
    let unknowns = old
        .policies()
        .chain(new.policies())
        .any(Policy::has_unknowns);
    let mut setups = Setups::new();
    let from = setups.add(old_narrow.layers());
    let to = setups.add(new_wide.layers());
    // Without unknowns each version is its own two bounds: one comparison
    // gives both directions.
    let closing = unknowns.then(|| {
        (
            setups.add(old_wide.layers()),
            setups.add(new_narrow.layers()),
        )
    });
    let analysis = match &options.not_attempted {
        Some(reason) => Analysis::not_attempted(setups, options.now, reason.clone()),
        None => Analysis::with_budget(setups, options.now, options.budget),
    };
    let opening = analysis.diff(from, to, options.limit);
    let old_widest = closing.map_or(from, |(old_wide, _)| old_wide);
    let nothing = |setup| analysis.allowed_matching(setup, &|_| true) == super::Answer::NoRequest;
    let allows_nothing = [nothing(old_widest), nothing(to)];
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
    // An absent version denies everything, whatever its network's policy:
    // nothing of it decides.
    let compile = |v: Version<'_>| -> Vec<BoundedPolicy> {
        match v.service {
            Some(_) => v.policies().map(BoundedPolicy::compile).collect(),
            None => Vec::new(),
        }
    };
    let (old, new) = (compile(old), compile(new));
    let weigh = |changes: Vec<Change>, opened: bool| -> Vec<VersionChange> {
        crate::wording::distinct_changes(changes)
            .into_iter()
            .map(|change| {
                let depends_on = depends_on(
                    [(old.as_slice(), !opened), (new.as_slice(), opened)],
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
        allows_nothing,
    }
}

/// The unknowns that decide whether each version (its layers' policies)
/// gives the request of `spec` the answer wanted (allowed when `true`),
/// named; `None` when every deployed value gives it. Layers combine by
/// "all must allow": a version allows for every value when each layer's
/// restrictive bound allows, and denies for every value when some layer's
/// permissive bound denies. An absent version denies everything, whatever
/// is deployed.
fn depends_on(
    versions: [(&[BoundedPolicy], bool); 2],
    spec: &RequestSpec,
    now: Timestamp,
) -> Option<String> {
    let request = Request::resolve(spec.clone(), now).ok()?;
    let mut deciding = Vec::new();
    for (layers, allowed) in versions {
        let answers: Vec<(PolicyResult, PolicyResult)> =
            layers.iter().map(|p| p.decide_both(&request)).collect();
        let sure = if allowed {
            answers.iter().all(|(_, r)| *r == PolicyResult::Allow)
        } else {
            answers.iter().any(|(p, _)| *p != PolicyResult::Allow)
        };
        if sure {
            continue;
        }
        for (policy, (_, restrictive)) in layers.iter().zip(&answers) {
            // Wanted allowed: the layers not sure to allow decide; wanted
            // denied: every layer allows at its widest, and each may decide.
            if !allowed || *restrictive != PolicyResult::Allow {
                deciding.extend(policy.deciding(&request));
            }
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
        assert_eq!(added.allows_nothing, [true, false]);
    }

    #[test]
    fn a_network_layer_refusing_what_the_service_opens_leaves_nothing_opened() {
        let signed = policy(SIGNED);
        let open = policy(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#,
        );
        let version = |service| Version {
            service: Some(service),
            network: Some(&signed),
        };
        // Alone, the open version lets anonymous callers in; behind a network
        // that admits signed callers only, nothing changes.
        assert!(!compare_versions(Some(&signed), Some(&open), &options())
            .opened
            .is_empty());
        let layered = compare_layered(version(&signed), version(&open), &options());
        assert!(layered.opened.is_empty(), "{:?}", layered.opened);
        assert!(layered.closed.is_empty());
    }
}
