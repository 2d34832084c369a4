//! A 403 from `policy call`, explained: Lattice's message read back
//! ([`lattice_policy::eval::denial`]), the request as sent evaluated
//! against the policies given, from the caller the credentials name, and
//! whether the policies deny it at the same layer, for the same reason, as
//! Lattice did.

use std::fmt::Write as _;
use std::path::Path;

use lattice_policy::call::caller::{self, Caller};
use lattice_policy::call::prepare::Outgoing;
use lattice_policy::call::transport::Response;
use lattice_policy::eval::denial::{parse_denial, RecordedDenial};
use lattice_policy::eval::request::Request;
use lattice_policy::eval::{
    AuthLayer, AuthType, Authorizer, CompiledPolicy, Decision, Explanation, LayerName, Reason,
};
use lattice_policy::load::Loaded;
use lattice_policy::model::{Bound, PolicyKind};
use serde_json::{json, Value};

use super::output::Out;
use super::render::explain::Policies as Shown;
use super::{assumed, clock, render};

/// The policies `--policy` and `--network-policy` name, read before the
/// call.
pub struct Policies {
    service: Option<Loaded>,
    network: Option<Loaded>,
}

impl Policies {
    /// Reads them; one that cannot be evaluated is an error (its findings
    /// on standard error), as `policy eval` refuses it.
    pub fn load(service: Option<&Path>, network: Option<&Path>) -> Result<Policies, String> {
        let read = |path: &Path| -> Result<Loaded, String> {
            let loaded = super::eval::load_policy(path, PolicyKind::Auth)?;
            if !loaded.evaluable() {
                render::human::render_findings(&[&loaded], &mut Out::stderr());
                return Err(format!(
                    "cannot explain a 403 with `{}`: it has errors (AWS would refuse to store such a policy)",
                    loaded.source.name()
                ));
            }
            Ok(loaded)
        };
        Ok(Policies {
            service: service.map(read).transpose()?,
            network: network.map(read).transpose()?,
        })
    }
}

/// The explanation, for each format.
pub struct Explained {
    /// The text after the response.
    pub human: String,
    /// The `denial` member of the JSON answer.
    pub json: Value,
}

/// Explains a 403 answer to `sent`.
pub fn explain(
    response: &Response,
    sent: &Outgoing,
    caller: &Caller,
    policies: &Policies,
) -> Explained {
    let body = String::from_utf8_lossy(&response.body);
    let denial = match parse_denial(&body) {
        Ok(denial) => denial,
        Err(error) => {
            // The error type comes in a header (`x-amzn-ErrorType`) or the body.
            let kind = response.header("x-amzn-errortype").unwrap_or_default();
            return not_a_denial(&format!("{kind} {body}"), &error.message);
        }
    };
    let mut human = String::new();
    let _ = writeln!(human, "# the 403 explained");
    let _ = writeln!(
        human,
        "Lattice: the {} denied {} ({})",
        denial.layer,
        denial.principal,
        reason_words(denial.reason)
    );
    let _ = writeln!(human, "resource: {}", denial.resource);
    let _ = writeln!(
        human,
        "caller:   {} ({})",
        caller.principal(),
        caller.describe()
    );
    if !same_caller(caller, &denial.principal) {
        let _ = writeln!(
            human,
            "          Lattice named the caller {}; the evaluation below uses the credentials' caller",
            denial.principal
        );
    }
    let mut json = json!({
        "message": denial.message,
        "caller": denial.principal,
        "resource": denial.resource,
        "service": denial.service,
        "layer": denial.layer.as_str(),
        "reason": denial.reason.as_str(),
        "evaluatedCaller": caller.principal(),
        "reproduced": Value::Null,
        "explanation": Value::Null,
    });
    let Some(service) = &policies.service else {
        let _ = writeln!(
            human,
            "give the {} with --policy (and the service network's with --network-policy) to see which statement denies it",
            if denial.layer == LayerName::ServiceNetwork { "service's policy" } else { "policy" }
        );
        return Explained { human, json };
    };
    let spec = caller::request_spec(sent, caller, Some(&denial.service));
    let given = spec.clone();
    let mut filled = spec;
    let from_policy = assumed::fill_from_policy(&mut filled, service.policy.as_ref());
    let request = match Request::resolve(filled, clock::now()) {
        Ok(request) => request,
        Err(error) => {
            let _ = writeln!(human, "the request as sent cannot be evaluated: {error}");
            return Explained { human, json };
        }
    };
    let assumed = assumed::assumed(&given, &from_policy, &request);
    let compile = |l: &Loaded| {
        l.policy
            .as_ref()
            .map(|p| CompiledPolicy::compile(&p.bound(Bound::Permissive)))
    };
    let authorizer = Authorizer {
        network: policies.network.as_ref().map(|n| AuthLayer {
            auth_type: AuthType::AwsIam,
            policy: compile(n),
        }),
        service: AuthLayer {
            auth_type: AuthType::AwsIam,
            policy: compile(service),
        },
        identity: None,
    };
    let explanation = authorizer.explain(&request);
    let shown = Shown {
        network: policies.network.as_ref(),
        service,
        identity: &[],
    };
    let mut text = Out::buffer();
    render::explain::human(&explanation, &request, &shown, &assumed, None, &mut text);
    human.push('\n');
    human.push_str(&text.into_text());
    let (verdict, words) = reproduction(&denial, &explanation, policies.network.is_some());
    let _ = writeln!(human, "\n{words}");
    if let Some(object) = json.as_object_mut() {
        object.insert("reproduced".into(), json!(verdict));
        object.insert("reproducedWords".into(), json!(words));
        object.insert(
            "explanation".into(),
            render::explain::json_value(&explanation, &request, &shown, &assumed, None),
        );
    }
    Explained { human, json }
}

/// Whether the evaluated caller is the one Lattice named (an account's
/// root stands for any of its principals).
fn same_caller(caller: &Caller, named: &str) -> bool {
    match caller {
        Caller::Anonymous => named == "anonymous",
        // A role stands for its sessions: `arn:aws:iam::A:role/path/R` is
        // `arn:aws:sts::A:assumed-role/R/*`.
        Caller::Principal { arn, .. } => {
            arn == named
                || lattice_policy::sigv4::chain::identity::session_arn(arn, "")
                    .is_some_and(|sessions| named.starts_with(&sessions))
        }
        Caller::Account { account, .. } => named.split(':').nth(4) == Some(account.as_str()),
        Caller::Unknown { .. } => false,
    }
}

fn reason_words(reason: Reason) -> &'static str {
    match reason {
        Reason::ExplicitDeny => "an explicit deny",
        _ => "no statement allows it",
    }
}

/// `same-layer`, `other-layer` or `allowed`, and a sentence.
fn reproduction(
    denial: &RecordedDenial,
    explanation: &Explanation,
    network_given: bool,
) -> (&'static str, String) {
    let verdict = explanation.verdict;
    match (verdict.decision, verdict.layer) {
        (Decision::Deny, Some(layer)) if layer == denial.layer && verdict.reason == denial.reason => (
            "same-layer",
            format!(
                "reproduced: the given policies deny this request at the {} ({}), as Lattice did",
                layer,
                reason_words(verdict.reason)
            ),
        ),
        (Decision::Deny, Some(layer)) => (
            "other-layer",
            format!(
                "not at the same layer: the given policies deny this request at the {} ({}), Lattice at the {} ({})",
                layer,
                reason_words(verdict.reason),
                denial.layer,
                reason_words(denial.reason)
            ),
        ),
        _ => (
            "allowed",
            format!(
                "not reproduced: the given policies allow this request, Lattice denied it at the {}; the policy file may not be the one attached{}",
                denial.layer,
                if denial.layer == LayerName::ServiceNetwork && !network_given {
                    ", and the service network's policy was not given (--network-policy)"
                } else {
                    ""
                }
            ),
        ),
    }
}

/// A 403 that is not a policy denial: an authentication failure (a bad
/// signature, a signed payload), or not from Lattice at all. `text` is the
/// error type and the body.
fn not_a_denial(text: &str, why: &str) -> Explained {
    let authentication = [
        "InvalidSignatureException",
        "IncompleteSignatureException",
        "Signed payloads are not supported",
        "SignatureDoesNotMatch",
        "ExpiredTokenException",
        "UnrecognizedClientException",
    ]
    .iter()
    .find(|marker| text.contains(*marker));
    let (kind, human) = match authentication {
        Some(marker) => (
            "authentication",
            format!(
                "# the 403 explained\nLattice rejected the request at authentication ({marker}), before any auth policy was read: no policy explains it; check the credentials, the region and the signature (`policy eval --http` inspects a captured request)\n"
            ),
        ),
        None => (
            "unknown",
            format!(
                "# the 403 explained\nthe body is not Lattice's `… is not authorized to perform …` message ({why}), so no policy is evaluated\n"
            ),
        ),
    };
    Explained {
        human,
        json: json!({"kind": kind, "detail": why}),
    }
}
