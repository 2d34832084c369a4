//! Replaying the analysis's witnesses outside it: for the property tests
//! and the fuzz targets that hold the analysis to the evaluator. A witness
//! is a request (its spec) and the what-if query that describes it; replayed,
//! the two must be the same request, and the evaluator's decision on it the
//! one the analysis claimed.

use super::answers::{Diff, Witness};
use crate::eval::query::parse_query;
use crate::eval::{AuthLayer, AuthType, Authorizer, CompiledPolicy, Decision, Request, Timestamp};
use crate::model::Policy;

/// The evaluator for one service policy under `AWS_IAM`, with no service
/// network layer: what [`Layers::service`](super::Layers::service) asks the
/// analysis about.
pub fn service_authorizer(policy: &Policy) -> Authorizer {
    Authorizer {
        network: None,
        service: AuthLayer {
            auth_type: AuthType::AwsIam,
            policy: Some(CompiledPolicy::compile(policy)),
        },
        identity: None,
    }
}

/// True when `authorizer` allows `request`.
pub fn allows(authorizer: &Authorizer, request: &Request) -> bool {
    authorizer.decide(request).decision == Decision::Allow
}

/// The request of `witness` at time `now`, checked to be the request its
/// query describes; the error says which step failed.
pub fn witness_request(witness: &Witness, now: Timestamp) -> Result<Request, String> {
    let request = Request::resolve(witness.spec.clone(), now)
        .map_err(|e| format!("witness {:?} does not resolve: {e}", witness.spec))?;
    let parsed = parse_query(&witness.query)
        .map_err(|e| format!("witness query `{}`: {e}", witness.query))?;
    let again = Request::resolve(parsed.spec, now)
        .map_err(|e| format!("witness query `{}`: {e}", witness.query))?;
    if again != request {
        return Err(format!(
            "the witness query `{}` is another request",
            witness.query
        ));
    }
    Ok(request)
}

/// The caller's account, for a signed caller.
pub fn caller_account(request: &Request) -> Option<String> {
    if request.is_anonymous() {
        return None;
    }
    request
        .context()
        .get("aws:PrincipalAccount")
        .map(|v| v.values().concat())
}

/// True for a signed caller whose account and organization `text` (a
/// policy's) never mentions: a subset of the callers the analysis calls
/// foreign, which a sampler can tell without the analysis.
pub fn foreign_to(request: &Request, text: &str) -> bool {
    let Some(account) = caller_account(request) else {
        return false;
    };
    let org = request
        .context()
        .get("aws:PrincipalOrgID")
        .map(|v| v.values().concat());
    !text.contains(&account) && org.is_none_or(|o| !text.contains(&o))
}

/// Where `diff` (from the policy `old` decides with to the one `new` decides
/// with) disagrees with the evaluator: a witness that does not replay, or
/// does not get the decisions its change claims; and, when the diff is
/// exact, a sample request whose decision changed in a direction the diff
/// says nothing about. Empty when the two agree.
pub fn diff_contradictions(
    diff: &Diff,
    old: &Authorizer,
    new: &Authorizer,
    samples: &[Request],
    now: Timestamp,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (changes, was, is) in [(&diff.gained, false, true), (&diff.lost, true, false)] {
        for change in changes {
            match witness_request(&change.witness, now) {
                Err(e) => problems.push(e),
                Ok(request) => {
                    let got = (allows(old, &request), allows(new, &request));
                    if got != (was, is) {
                        problems.push(format!(
                            "the witness `{}` is allowed {got:?} (before, after), not {:?}",
                            change.witness.query,
                            (was, is)
                        ));
                    }
                }
            }
        }
    }
    if !diff.inexact.is_empty() {
        return problems;
    }
    for request in samples {
        match (allows(old, request), allows(new, request)) {
            (false, true) if diff.gained.is_empty() => problems.push(format!(
                "`{}` is newly allowed, but nothing is gained",
                request.describe()
            )),
            (true, false) if diff.lost.is_empty() => problems.push(format!(
                "`{}` is no longer allowed, but nothing is lost",
                request.describe()
            )),
            _ => {}
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Analysis, Answer, Layers, CHECK_TIME};
    use crate::load::{load_str, LoadOptions};

    #[test]
    fn a_witness_replays_to_its_request_and_decision() {
        let policy = load_str(
            "t.json",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"*","Resource":"*"}]}"#,
            LoadOptions::default(),
        )
        .policy
        .unwrap();
        let (analysis, setup) = Analysis::of(Layers::service(&policy), CHECK_TIME);
        let Answer::Found(witness) = analysis.ask(
            setup,
            &crate::analysis::Question::new(crate::analysis::Callers::Anyone),
        ) else {
            panic!("the account's callers get in");
        };
        let request = witness_request(&witness, CHECK_TIME).unwrap();
        assert!(allows(&service_authorizer(&policy), &request));
        assert_eq!(caller_account(&request).as_deref(), Some("111122223333"));
        assert!(!foreign_to(&request, "111122223333"));
        assert!(foreign_to(&request, "444455556666"));
        let mut other = (*witness).clone();
        other.query = "GET /elsewhere from anonymous".into();
        assert!(witness_request(&other, CHECK_TIME).is_err());
    }

    #[test]
    fn a_diff_agrees_with_the_evaluator_and_a_reversed_one_does_not() {
        let load = |text: &str| {
            load_str("t.json", text, LoadOptions::default())
                .policy
                .unwrap()
        };
        let old = load(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"*","Resource":"*"}]}"#,
        );
        let new = load(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#,
        );
        let mut setups = crate::analysis::Setups::new();
        let (a, b) = (
            setups.add(Layers::service(&old)),
            setups.add(Layers::service(&new)),
        );
        let diff = Analysis::new(setups, CHECK_TIME).diff(a, b, 8);
        assert!(!diff.gained.is_empty());
        let (was, now) = (service_authorizer(&old), service_authorizer(&new));
        assert_eq!(
            diff_contradictions(&diff, &was, &now, &[], CHECK_TIME),
            Vec::<String>::new()
        );
        // Read backwards, every gained witness loses access instead.
        let reversed = diff_contradictions(&diff, &now, &was, &[], CHECK_TIME);
        assert_eq!(
            reversed.len(),
            diff.gained.len() + diff.lost.len(),
            "{reversed:?}"
        );
    }
}
