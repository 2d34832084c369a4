//! Does a set of requests meet a recorded denial? A 403 message names the
//! caller, service, path, layer and reason, but not the method, headers and
//! the rest: it stands for every request that agrees with it. This asks the
//! analysis whether the given policies deny *every* such request at the
//! recorded layer for the recorded reason, *some* of them (and which not),
//! or *none* (the policy file is stale, or a layer is missing).
//!
//! Each "denied at layer L for reason R" is a set of requests, written as a
//! setup the analysis already compares: the layer's policy turned into one
//! that allows exactly the requests it denies that way (every statement made
//! a `Deny` under an `Allow` of everything, for "no statement allows"; its
//! `Deny` statements alone made `Allow`s, for an explicit deny), behind the
//! layers evaluated before it, which must have let the request through.

use crate::eval::{AuthType, LayerName, Reason};
use crate::load::{load_str, LoadOptions};
use crate::model::{Effect, Policy, Statement};

use super::{Analysis, Answer, Budget, Change, Invariant, Layers, Setups, Witness, CHECK_TIME};

/// How far the given policies reproduce a recorded denial.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reproduction {
    /// Every request the record stands for is denied as recorded; one of them.
    Always(Box<Witness>),
    /// Some are: one that is, and the classes that are not.
    Sometimes {
        /// A request denied as recorded.
        reproduced: Box<Witness>,
        /// The classes of requests that are not (at most 20).
        not: Vec<Change>,
    },
    /// None is, for this reason.
    Never(String),
    /// The analysis cannot say exactly, for these reasons.
    Unknown(Vec<String>),
}

/// The policies behind a denial: the service network's and the service's
/// auth type and policy, as [`Layers`] takes them.
pub fn reproduce(
    requests: &Invariant,
    layers: Layers<'_>,
    layer: LayerName,
    reason: Reason,
    budget: Budget,
) -> Reproduction {
    let blamed = match layer {
        LayerName::ServiceNetwork => match layers.network {
            Some((AuthType::AwsIam, policy)) => policy,
            Some((AuthType::None, _)) => {
                return Reproduction::Never(
                    "the message blames the service network's policy, but its auth type is NONE"
                        .to_owned(),
                )
            }
            None => {
                return Reproduction::Never(
                    "the message blames the service network's policy, and none was given (`--network-policy`)"
                        .to_owned(),
                )
            }
        },
        LayerName::Service => match layers.service {
            (AuthType::AwsIam, policy) => policy,
            (AuthType::None, _) => {
                return Reproduction::Never(
                    "the message blames the service's policy, but its auth type is NONE".to_owned(),
                )
            }
        },
        // The identity layer is not in the analysis: the question left is
        // whether the auth policies let the request reach it.
        LayerName::Identity => None,
    };
    let derived = match layer {
        LayerName::Identity => None,
        _ => match denied_as(blamed, reason) {
            Some(policy) => Some(policy),
            None => return Reproduction::Never(format!("the {} has no `Deny` statement", layer)),
        },
    };
    let recorded = match (layer, &derived) {
        (LayerName::ServiceNetwork, Some(policy)) => Layers {
            network: None,
            service: (AuthType::AwsIam, Some(policy)),
        },
        (LayerName::Service, Some(policy)) => Layers {
            network: layers.network,
            service: (AuthType::AwsIam, Some(policy)),
        },
        _ => layers,
    };
    let mut setups = Setups::new();
    let described = setups.add(Layers::service(&requests.policy));
    let recorded = setups.add(recorded);
    let analysis = Analysis::with_budget(setups, CHECK_TIME, budget);
    let witness = match analysis.allowed_by_both(recorded, described) {
        Answer::Found(w) => w,
        Answer::NoRequest => {
            return Reproduction::Never(match layer {
                LayerName::Identity => {
                    "the auth policies deny every such request, so it never reaches the identity policies".to_owned()
                }
                _ => format!(
                    "the given policies deny no such request {} at the {}",
                    match reason {
                        Reason::ExplicitDeny => "explicitly",
                        _ => "for want of an `Allow`",
                    },
                    layer
                ),
            })
        }
        Answer::Unknown(reasons) => return Reproduction::Unknown(reasons),
    };
    // Requests the record stands for that are not denied so: allowed by
    // the set described, denied by the recorded one.
    let diff = analysis.diff(recorded, described, 20);
    if let Some(spent) = analysis.budget_exceeded() {
        return Reproduction::Unknown(vec![spent]);
    }
    if !diff.gained.is_empty() {
        return Reproduction::Sometimes {
            reproduced: witness,
            not: crate::wording::distinct_changes(diff.gained),
        };
    }
    if !diff.inexact.is_empty() {
        return Reproduction::Unknown(diff.inexact);
    }
    Reproduction::Always(witness)
}

/// The policy that allows exactly the requests `policy` denies for
/// `reason`: `None` when it denies none that way (an explicit deny from a
/// policy without `Deny` statements). A layer under `AWS_IAM` with no
/// policy denies every request for want of an `Allow`.
fn denied_as(policy: Option<&Policy>, reason: Reason) -> Option<Policy> {
    let everything = allow_everything();
    match (policy, reason) {
        (Some(policy), Reason::ExplicitDeny) => {
            let mut denies = policy.clone();
            denies.statements.retain(|s| s.effect.value == Effect::Deny);
            if denies.statements.is_empty() {
                return None;
            }
            for s in &mut denies.statements {
                s.effect.value = Effect::Allow;
            }
            Some(denies)
        }
        (None, Reason::ExplicitDeny) => None,
        (Some(policy), _) => {
            let mut none_applies = policy.clone();
            for s in &mut none_applies.statements {
                s.effect.value = Effect::Deny;
            }
            if let Some(mut all) = everything {
                all.index = none_applies.statements.len();
                none_applies.statements.push(all);
            }
            Some(none_applies)
        }
        (None, _) => {
            let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;
            load_str("<every request>", text, LoadOptions::default()).policy
        }
    }
}

/// A statement that applies to every request.
fn allow_everything() -> Option<Statement> {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;
    load_str("<every request>", text, LoadOptions::default())
        .policy?
        .statements
        .into_iter()
        .next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::request::{PrincipalSpec, RequestSpec};

    const SERVICE: &str =
        "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0";

    fn policy(text: &str) -> Policy {
        load_str("p.json", text, LoadOptions::default())
            .policy
            .unwrap()
    }

    fn requests(principal: &str, path: &str) -> Invariant {
        let spec = RequestSpec {
            principal: Some(PrincipalSpec::Name(principal.to_owned())),
            path: Some(path.to_owned()),
            service: Some(SERVICE.to_owned()),
            ..RequestSpec::default()
        };
        Invariant::from_request("the message", spec).unwrap()
    }

    const GET_ONLY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"GET"}}},
      {"Sid":"NoAdmin","Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*/admin*"}]}"#;

    #[test]
    fn always_sometimes_and_never() {
        let p = policy(GET_ONLY);
        let service = Layers::service(&p);
        let budget = Budget::DEFAULT;
        // Another account: nothing allows it, whatever the method.
        let other = requests("arn:aws:sts::444455556666:assumed-role/r/s", "/x");
        assert!(matches!(
            reproduce(
                &other,
                service,
                LayerName::Service,
                Reason::ImplicitDeny,
                budget
            ),
            Reproduction::Always(_)
        ));
        // The account itself: only methods other than GET are refused.
        let own = requests("arn:aws:sts::111122223333:assumed-role/r/s", "/x");
        match reproduce(
            &own,
            service,
            LayerName::Service,
            Reason::ImplicitDeny,
            budget,
        ) {
            Reproduction::Sometimes { reproduced, not } => {
                assert!(
                    !reproduced.query.starts_with("GET "),
                    "{}",
                    reproduced.query
                );
                assert!(!not.is_empty());
                assert!(not.iter().all(|c| c.witness.query.starts_with("GET ")));
            }
            other => panic!("{other:?}"),
        }
        // An explicit deny on /admin: always for /admin, never for /x.
        let admin = requests("arn:aws:sts::111122223333:assumed-role/r/s", "/admin");
        assert!(matches!(
            reproduce(
                &admin,
                service,
                LayerName::Service,
                Reason::ExplicitDeny,
                budget
            ),
            Reproduction::Always(_)
        ));
        assert!(matches!(
            reproduce(
                &own,
                service,
                LayerName::Service,
                Reason::ExplicitDeny,
                budget
            ),
            Reproduction::Never(_)
        ));
        // The network is blamed, but no network policy was given.
        assert!(matches!(
            reproduce(&other, service, LayerName::ServiceNetwork, Reason::ImplicitDeny, budget),
            Reproduction::Never(m) if m.contains("--network-policy")
        ));
    }

    #[test]
    fn a_service_denial_needs_the_network_to_let_the_request_through() {
        let network = policy(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"*","Resource":"*"}]}"#,
        );
        let service = policy(GET_ONLY);
        let layers = Layers {
            network: Some((AuthType::AwsIam, Some(&network))),
            service: (AuthType::AwsIam, Some(&service)),
        };
        let other = requests("arn:aws:sts::444455556666:assumed-role/r/s", "/x");
        // The network refuses the other account first: the service never decides.
        assert!(matches!(
            reproduce(
                &other,
                layers,
                LayerName::Service,
                Reason::ImplicitDeny,
                Budget::DEFAULT
            ),
            Reproduction::Never(_)
        ));
        assert!(matches!(
            reproduce(
                &other,
                layers,
                LayerName::ServiceNetwork,
                Reason::ImplicitDeny,
                Budget::DEFAULT
            ),
            Reproduction::Always(_)
        ));
    }
}
