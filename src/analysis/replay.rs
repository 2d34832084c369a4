//! Replaying the analysis's witnesses outside it: for the property tests
//! and the fuzz targets that hold the analysis to the evaluator. A witness
//! is a request (its spec) and the what-if query that describes it; replayed,
//! the two must be the same request, and the evaluator's decision on it the
//! one the analysis claimed.

use super::answers::Witness;
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
}
