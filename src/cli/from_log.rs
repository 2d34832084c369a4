//! `policy eval --from-log LINE`: one access log record as the request, and
//! whether the given policies reproduce what the log recorded, at the same
//! layer.

use lattice_policy::accesslog::request::reason_of;
use lattice_policy::accesslog::{LoggedRequest, Recorded};
use lattice_policy::eval::{Decision, Explanation, LayerName, Reason};
use serde_json::{json, Value};

/// What the log says against what the policies say.
pub struct Comparison {
    /// One paragraph for people, starting `reproduced` or `not reproduced`.
    pub text: String,
    /// The `fromLog` object of `--format json`.
    pub json: Value,
}

/// The 403 message's name of a layer (`service-based`, …).
fn based(layer: LayerName) -> &'static str {
    match layer {
        LayerName::ServiceNetwork => "network-based",
        LayerName::Service => "service-based",
        LayerName::Identity => "identity-based",
    }
}

/// Compares the record's outcome with the explanation of its request.
/// `given` says which layers were given (network, identity).
pub fn compare(
    logged: &LoggedRequest,
    explanation: &Explanation,
    given: (bool, bool),
) -> Comparison {
    let v = explanation.verdict;
    let deciding: Vec<String> = explanation
        .deciding_statements()
        .iter()
        .map(|(layer, _, s)| match &s.sid {
            Some(sid) => format!("statement `{sid}` of the {layer}"),
            None => format!("statement {} of the {layer}", s.index + 1),
        })
        .collect();
    let why = match (v.reason, v.layer) {
        (Reason::ExplicitDeny, Some(layer)) => format!(
            "with an explicit deny in a {} policy ({})",
            based(layer),
            deciding.join(", ")
        ),
        (Reason::ImplicitDeny, Some(layer)) => format!(
            "because no {} policy allows the request (no statement of the {layer} applies)",
            based(layer)
        ),
        _ => format!(
            "allowed by {}",
            if deciding.is_empty() {
                "no policy (auth type NONE)".into()
            } else {
                deciding.join(", ")
            }
        ),
    };
    let not_given = |layer: LayerName| match layer {
        LayerName::ServiceNetwork => !given.0,
        LayerName::Identity => !given.1,
        LayerName::Service => false,
    };
    let (reproduced, text) = match (logged.recorded, v.decision) {
        (Recorded::Allowed, Decision::Allow) => (true, format!("reproduced: the log shows the request allowed, and the policies allow it ({why})")),
        (Recorded::Allowed, Decision::Deny) => (false, format!("not reproduced: the log shows the request allowed, but the policies deny it {why}; the policy file may be newer than the log")),
        (Recorded::Denied(None), Decision::Deny) => (true, format!("reproduced: the log shows a denial (no layer named), and the policies deny it {why}")),
        (Recorded::Denied(Some(l)), Decision::Deny) if v.layer == Some(l) => (true, format!("reproduced: the log shows a denial by the {} policy (`authDeniedReason` {}), and the policies deny it at the same layer {why}", based(l), reason_of(l))),
        (Recorded::Denied(Some(l)), Decision::Deny) => (false, format!("not reproduced at the same layer: the log blames the {} policy (`authDeniedReason` {}), the policies deny it {why}", based(l), reason_of(l))),
        (Recorded::Denied(Some(l)), Decision::Allow) if not_given(l) => (false, format!("not reproduced: the log blames the {} policy (`authDeniedReason` {}), which was not given ({}); the given policies allow the request", based(l), reason_of(l), if l == LayerName::ServiceNetwork { "--network-policy" } else { "--identity-policy" })),
        (Recorded::Denied(l), Decision::Allow) => (false, format!("not reproduced: the log shows a denial{}, but the policies allow the request ({why}); the policy file may be newer than the log", l.map(|l| format!(" by the {} policy", based(l))).unwrap_or_default())),
    };
    let json = json!({
        "recorded": logged.recorded.as_str(),
        "recordedLayer": match logged.recorded { Recorded::Denied(Some(l)) => Some(reason_of(l)), _ => None },
        "requestId": logged.request_id,
        "reproduced": reproduced,
        "explanation": text,
    });
    Comparison { text, json }
}
