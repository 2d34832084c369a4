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
//!
//! The identity layer ([`reproduce_identity`]) is not a layer of the
//! analysis, so it is folded into the service's: the service policy gains
//! `Deny` statements for every request outside the described set (each
//! part of the message's statement negated) and the identity statements
//! that decide the recorded reason, made `Deny`s that apply to any caller.
//! What that setup still allows, and what the described service policy
//! allows beyond it, split the described requests into those the identity
//! policies deny as recorded and those they do not.

use serde_json::{json, Value};

use crate::eval::{AuthType, LayerName, Reason};
use crate::load::{load_str, LoadOptions};
use crate::model::{
    BaseOperator, Effect, Operator, Policy, PrincipalKind, Principals, SetQualifier, Statement,
};

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

/// [`reproduce`] for a denial the message blames on the caller's identity
/// policies, when they are given: over every request the message stands
/// for, do the auth layers let it through and the identity policies then
/// deny it for `reason` (no statement allows it, or a `Deny` applies)?
/// Identity policies are combined as IAM combines them: any `Allow`
/// allows, any `Deny` overrides.
pub fn reproduce_identity(
    requests: &Invariant,
    layers: Layers<'_>,
    identity: &[&Policy],
    reason: Reason,
    budget: Budget,
) -> Reproduction {
    let service = match layers.service {
        (AuthType::AwsIam, Some(policy)) => policy.clone(),
        (AuthType::AwsIam, None) => {
            return Reproduction::Never(
                "the service's auth type is AWS_IAM and it has no policy: every request is denied there, before the identity policies".to_owned(),
            )
        }
        (AuthType::None, _) => match everything_policy() {
            Some(policy) => policy,
            None => return Reproduction::Unknown(vec!["internal: no policy allows everything".to_owned()]),
        },
    };
    let outside = match outside_of(&requests.policy) {
        Ok(statements) => statements,
        Err(why) => return Reproduction::Unknown(vec![why]),
    };
    let Some(anyone) = allow_everything().and_then(|s| s.principal) else {
        return Reproduction::Unknown(
            vec!["internal: no principal stands for everyone".to_owned()],
        );
    };
    // The identity statements that decide `reason`, as `Deny`s of any caller.
    let explicit = reason == Reason::ExplicitDeny;
    let deciding: Vec<Statement> = identity
        .iter()
        .flat_map(|p| p.statements.iter())
        .filter(|s| !explicit || s.effect.value == Effect::Deny)
        .map(|s| {
            let mut s = s.clone();
            s.effect.value = Effect::Deny;
            s.principal = Some(anyone.clone());
            s
        })
        .collect();
    if explicit && deciding.is_empty() {
        return Reproduction::Never("the identity policies have no `Deny` statement".to_owned());
    }
    // The described requests the auth layers let through (Y), and those of
    // them to which no deciding identity statement applies (X).
    let described = with_statements(service, outside);
    let folded = with_statements(described.clone(), deciding);
    let mut setups = Setups::new();
    let nothing = setups.add(Layers {
        network: None,
        service: (AuthType::AwsIam, None),
    });
    let through = setups.add(Layers {
        network: layers.network,
        service: (AuthType::AwsIam, Some(&described)),
    });
    let undecided = setups.add(Layers {
        network: layers.network,
        service: (AuthType::AwsIam, Some(&folded)),
    });
    let analysis = Analysis::with_budget(setups, CHECK_TIME, budget);
    let within = analysis.diff(nothing, undecided, 20);
    let beyond = analysis.diff(undecided, through, 20);
    if let Some(spent) = analysis.budget_exceeded() {
        return Reproduction::Unknown(vec![spent]);
    }
    let mut inexact = within.inexact;
    for reason in beyond.inexact {
        if !inexact.contains(&reason) {
            inexact.push(reason);
        }
    }
    // No statement applies: an implicit deny. A `Deny` applies: an explicit one.
    let (reproduced, not) = if explicit {
        (beyond.gained, within.gained)
    } else {
        (within.gained, beyond.gained)
    };
    match (reproduced.into_iter().next(), not.is_empty()) {
        _ if !inexact.is_empty() && not.is_empty() => Reproduction::Unknown(inexact),
        (None, _) if !inexact.is_empty() => Reproduction::Unknown(inexact),
        (None, true) => Reproduction::Never(
            "the auth policies deny every such request, so it never reaches the identity policies"
                .to_owned(),
        ),
        (None, false) => Reproduction::Never(format!(
            "the identity policies deny no such request {}",
            if explicit {
                "explicitly"
            } else {
                "for want of an `Allow`"
            }
        )),
        (Some(first), true) => Reproduction::Always(Box::new(first.witness)),
        (Some(first), false) => Reproduction::Sometimes {
            reproduced: Box::new(first.witness),
            not: crate::wording::distinct_changes(not),
        },
    }
}

/// `policy` with `extra` statements after its own.
fn with_statements(mut policy: Policy, extra: Vec<Statement>) -> Policy {
    let first = policy
        .statements
        .iter()
        .map(|s| s.index + 1)
        .max()
        .unwrap_or(0);
    for (index, mut s) in (first..).zip(extra) {
        s.index = index;
        policy.statements.push(s);
    }
    policy
}

/// `Deny` statements that apply to exactly the requests outside the set an
/// invariant's one statement describes: one per part of it (the caller,
/// the action, the resource, each condition), negated.
fn outside_of(invariant: &Policy) -> Result<Vec<Statement>, String> {
    let unsure = |what: &str| format!("cannot describe the requests outside the message's: {what}");
    let [statement] = invariant.statements.as_slice() else {
        return Err(unsure("not one statement"));
    };
    let deny = |part: (&str, Value)| {
        let mut s = serde_json::Map::new();
        s.insert("Effect".into(), json!("Deny"));
        s.insert("Principal".into(), json!("*"));
        s.insert("Action".into(), json!("*"));
        s.insert("Resource".into(), json!("*"));
        let (key, value) = part;
        if key.starts_with("Not") {
            s.remove(key.trim_start_matches("Not"));
        }
        s.insert(key.into(), value);
        Value::Object(s)
    };
    let mut out: Vec<Value> = Vec::new();
    if let Some(principal) = &statement.principal {
        match &principal.value {
            Principals::Everyone if !principal.negated => {}
            Principals::Map(entries) if !principal.negated => {
                let mut values: Vec<&str> = Vec::new();
                for e in entries {
                    if e.kind.value != PrincipalKind::Aws {
                        return Err(unsure("a caller that is not an AWS principal"));
                    }
                    values.extend(e.values.iter().map(|v| v.value.as_str()));
                }
                out.push(deny(("NotPrincipal", json!({ "AWS": values }))));
            }
            _ => return Err(unsure("a negated caller")),
        }
    }
    for (patterns, name) in [
        (&statement.action, "Action"),
        (&statement.resource, "Resource"),
    ] {
        let items: Vec<&str> = patterns.items.iter().map(|i| i.value.as_str()).collect();
        if patterns.negated {
            return Err(unsure("a negated action or resource"));
        }
        if items != ["*"] {
            out.push(deny((&format!("Not{name}"), json!(items))));
        }
    }
    for c in statement.clauses() {
        let negated = negate(c.operator())
            .ok_or_else(|| unsure(&format!("the operator `{}`", c.operator())))?;
        let values: Vec<&str> = c.clause.values.iter().map(|v| v.text.as_str()).collect();
        out.push(deny((
            "Condition",
            json!({ negated.to_string(): { c.clause.key.value.clone(): values } }),
        )));
    }
    if out.is_empty() {
        return Ok(Vec::new());
    }
    let text = json!({"Version": "2012-10-17", "Statement": out}).to_string();
    let loaded = load_str("<outside the message>", &text, LoadOptions::default());
    match loaded.policy {
        Some(policy) if !loaded.has_errors() => Ok(policy.statements),
        _ => Err(unsure("its negation is not a policy")),
    }
}

/// The operator that holds exactly where `op` does not, missing keys
/// included (a negated operator holds on a missing key, its positive form
/// does not; `ForAnyValue` of none holds nowhere, `ForAllValues` of none
/// everywhere). `None` for the forms an invariant never writes.
fn negate(op: Operator) -> Option<Operator> {
    use BaseOperator as B;
    if op.if_exists {
        return None;
    }
    let base = match op.base {
        B::StringEquals => B::StringNotEquals,
        B::StringNotEquals => B::StringEquals,
        B::StringEqualsIgnoreCase => B::StringNotEqualsIgnoreCase,
        B::StringNotEqualsIgnoreCase => B::StringEqualsIgnoreCase,
        B::StringLike => B::StringNotLike,
        B::StringNotLike => B::StringLike,
        B::NumericEquals => B::NumericNotEquals,
        B::NumericNotEquals => B::NumericEquals,
        B::ArnLike => B::ArnNotLike,
        B::ArnNotLike => B::ArnLike,
        B::ArnEquals => B::ArnNotEquals,
        B::ArnNotEquals => B::ArnEquals,
        _ => return None,
    };
    let qualifier = match op.qualifier {
        None => None,
        Some(SetQualifier::ForAnyValue) if base.is_negated() => Some(SetQualifier::ForAllValues),
        Some(SetQualifier::ForAllValues) if !base.is_negated() => Some(SetQualifier::ForAnyValue),
        Some(_) => return None,
    };
    Some(Operator {
        qualifier,
        base,
        if_exists: false,
    })
}

/// A policy whose one statement allows every request.
fn everything_policy() -> Option<Policy> {
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;
    load_str("<every request>", text, LoadOptions::default()).policy
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
