//! `policy eval --from-error TEXT`: a 403 message Lattice returned, read
//! back into the request it refused ([`lattice_policy::eval::denial`]), and
//! whether the given policies reproduce that denial at the same layer for
//! every value of what the message does not say, for some, or never
//! ([`lattice_policy::analysis::reproduce`]).

use std::fmt::Write as _;
use std::path::Path;

use lattice_policy::analysis::{self, Budget, Invariant, Layers, Reproduction, Witness};
use lattice_policy::eval::denial::{parse_denial, RecordedDenial};
use lattice_policy::eval::request::RequestSpec;
use lattice_policy::eval::{AuthType, LayerName, Reason};
use lattice_policy::model::Policy;
use serde_json::{json, Value};

use super::output::Out;

/// Reads the message: `-` is standard input, `@FILE` a file, anything else
/// the message itself. An error is the whole line to show (exit status 2).
pub fn read(text: &str) -> Result<RecordedDenial, String> {
    let owned;
    let message = if text == "-" {
        let bytes = lattice_policy::load::read_bounded(
            std::io::stdin().lock(),
            super::inputs::MAX_OPTION_FILE,
        )
        .map_err(|e| {
            format!(
                "cannot read the 403 message from standard input: {}",
                super::inputs::io_reason(&e)
            )
        })?;
        owned = String::from_utf8_lossy(&bytes).into_owned();
        owned.as_str()
    } else if let Some(file) = text.strip_prefix('@') {
        let path = Path::new(file);
        let name = super::inputs::display_path(path);
        let bytes = super::inputs::read_file(path, super::inputs::MAX_OPTION_FILE)
            .map_err(|reason| format!("cannot read `{name}`: {reason}"))?;
        owned = String::from_utf8_lossy(&bytes).into_owned();
        owned.as_str()
    } else {
        text
    };
    parse_denial(message).map_err(|e| format!("--from-error: {e}"))
}

/// The policies behind the answer, as the analysis takes them.
pub struct Given<'a> {
    /// The service network's auth type and policy, when there is a layer to consider.
    pub network: Option<(AuthType, Option<&'a Policy>)>,
    /// The service's auth type and policy.
    pub service: (AuthType, Option<&'a Policy>),
    /// The caller's identity policies given (`--identity-policy`).
    pub identity: Vec<&'a Policy>,
}

/// The answer about the message, before the explanation of one request.
pub struct Answer {
    /// How far the policies reproduce the denial.
    pub reproduction: Reproduction,
    /// The request to explain: one that reproduces the denial when there is
    /// one and the message's own does not stand for all.
    pub explain: Option<RequestSpec>,
    /// The caller as the message names it.
    principal: String,
    /// Whether the command line gave the caller's organization or tags.
    caller_given: bool,
}

/// Asks the analysis. `given` is the request the message and the command
/// line describe, before defaults.
pub fn answer(denial: &RecordedDenial, given: &RequestSpec, policies: &Given<'_>) -> Answer {
    // The set of requests the message stands for: what the message and the
    // command line fix, every other field any value. Time, source address
    // and raw keys cannot be held in the set; a policy testing them is
    // analysed over all their values.
    let mut described = given.clone();
    described.time = None;
    described.source_ip = None;
    described.context.clear();
    let principal = denial.principal.clone();
    let caller_given = given.principal.clone().is_some_and(|p| {
        let details = p.into_details();
        details.org_id.is_some() || !details.tags.is_empty()
    });
    let requests = match Invariant::from_request(&denial.message, described) {
        Ok(requests) => requests,
        Err(reason) => {
            return Answer {
                reproduction: Reproduction::Unknown(vec![reason]),
                explain: None,
                principal,
                caller_given,
            }
        }
    };
    let layers = Layers {
        network: policies.network,
        service: policies.service,
    };
    // A denial blamed on identity policies that were given is checked
    // against them over every request the message stands for; without
    // them, only whether the auth layers let such requests through.
    let reproduction = if denial.layer == LayerName::Identity && !policies.identity.is_empty() {
        analysis::reproduce_identity(
            &requests,
            layers,
            &policies.identity,
            denial.reason,
            Budget::DEFAULT,
        )
    } else {
        analysis::reproduce(
            &requests,
            layers,
            denial.layer,
            denial.reason,
            Budget::DEFAULT,
        )
    };
    let explain = match &reproduction {
        Reproduction::Sometimes { reproduced, .. } => Some(reproduced.spec.clone()),
        _ => None,
    };
    Answer {
        reproduction,
        explain,
        principal,
        caller_given,
    }
}

fn reason_words(reason: Reason) -> &'static str {
    match reason {
        Reason::ExplicitDeny => "an explicit deny",
        _ => "no statement allows it (implicit deny)",
    }
}

/// A class's fields, less those that only repeat what the message fixes
/// (its caller, service and path), which would hide what differs.
fn class_fields(change: &analysis::Change, answer: &Answer) -> Vec<(String, Vec<String>)> {
    lattice_policy::wording::change_fields(change)
        .into_iter()
        .filter(|(k, v)| match k.as_str() {
            "service and path" => false,
            // One caller: the message's, as the message and the command
            // line describe it (its organization and tags when given).
            "caller" => {
                !(v.len() == 1 && (answer.caller_given || v.first() == Some(&answer.principal)))
            }
            _ => true,
        })
        .collect()
}

/// A class of requests in words: `protocol: HTTPS; method: any but GET`.
fn class_words(change: &analysis::Change, answer: &Answer) -> String {
    class_fields(change, answer)
        .iter()
        .map(|(k, v)| format!("{k}: {}", v.join(" | ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The fields the denial depends on: those the classes not reproduced
/// restrict, the protocol only when nothing else tells them apart.
fn depends_on(not: &[analysis::Change], answer: &Answer) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for change in not {
        for (name, _) in class_fields(change, answer) {
            // The message fixes the caller's ARN: a class that restricts
            // the caller restricts what the message does not say of it.
            let name = if name == "caller" {
                "the caller's organization or tags".to_owned()
            } else {
                name
            };
            if name != "protocol" && !names.contains(&name) {
                names.push(name);
            }
        }
    }
    if names.is_empty() {
        names.push("protocol".to_owned());
    }
    names
}

/// `always`, `sometimes`, `never` or `unknown`.
fn verdict_word(reproduction: &Reproduction) -> &'static str {
    match reproduction {
        Reproduction::Always(_) => "always",
        Reproduction::Sometimes { .. } => "sometimes",
        Reproduction::Never(_) => "never",
        Reproduction::Unknown(_) => "unknown",
    }
}

/// The human part that comes before the explanation of one request.
pub fn human(denial: &RecordedDenial, answer: &Answer, given: &Given<'_>, out: &mut Out) {
    let mut text = String::new();
    let _ = writeln!(text, "403 message  {}", denial.message);
    let _ = writeln!(text, "caller       {}", denial.principal);
    let _ = writeln!(text, "resource     {}", denial.resource);
    let _ = writeln!(
        text,
        "denied by    the {}: {}",
        denial.layer,
        reason_words(denial.reason)
    );
    let _ = writeln!(
        text,
        "not in the message, so any value: {}\n",
        RecordedDenial::UNKNOWN.join(", ")
    );
    let layer = denial.layer;
    match &answer.reproduction {
        Reproduction::Always(_) if layer == LayerName::Identity && given.identity.is_empty() => {
            let _ = writeln!(
                text,
                "consistent: the auth policies let every such request through to the identity policies"
            );
        }
        Reproduction::Always(_) => {
            let _ = writeln!(
                text,
                "reproduced: the given policies deny every such request at the {} ({}), whatever the values the message does not carry",
                layer,
                reason_words(denial.reason)
            );
        }
        Reproduction::Sometimes { reproduced, not } => {
            let _ = writeln!(
                text,
                "reproduced only for some requests: the given policies deny `{}` at the {} as recorded, but not these:",
                reproduced.query, layer
            );
            for change in not {
                let _ = writeln!(
                    text,
                    "  - {}  (e.g. `{}`)",
                    class_words(change, answer),
                    change.witness.query
                );
            }
            let _ = writeln!(
                text,
                "  so the denial depends on what the message does not say ({}); the request explained below is one that reproduces it",
                depends_on(not, answer).join(", ")
            );
        }
        Reproduction::Never(why) => {
            let _ = writeln!(
                text,
                "not reproduced: {why}; the policy file may be stale, or a layer missing (`--network-policy`, `--identity-policy`)"
            );
        }
        Reproduction::Unknown(reasons) => {
            let _ = writeln!(
                text,
                "cannot tell for every value of what the message does not say: {}; the request below is the message's with the defaults",
                reasons.join("; ")
            );
        }
    }
    if layer == LayerName::Identity && given.identity.is_empty() {
        let _ = writeln!(
            text,
            "the message blames the caller's identity policies, and none was given (`--identity-policy`): they are assumed to allow below"
        );
    }
    text.push('\n');
    out.write(&super::render::clean::for_terminal(&text));
}

/// The `fromError` object of the JSON answer (docs/from-error.md).
pub fn json(denial: &RecordedDenial, answer: &Answer) -> Value {
    let witness = |w: &Witness| json!({"query": w.query, "request": w.spec});
    let (detail, reproduced_by, not): (Option<String>, Option<Value>, Vec<Value>) =
        match &answer.reproduction {
            Reproduction::Always(w) => (None, Some(witness(w)), Vec::new()),
            Reproduction::Sometimes { reproduced, not } => (
                None,
                Some(witness(reproduced)),
                not.iter()
                    .map(|c| {
                        json!({
                            "fields": class_fields(c, answer)
                                .into_iter()
                                .map(|(k, v)| (k, json!(v)))
                                .collect::<serde_json::Map<String, Value>>(),
                            "example": witness(&c.witness),
                        })
                    })
                    .collect(),
            ),
            Reproduction::Never(why) => (Some(why.clone()), None, Vec::new()),
            Reproduction::Unknown(reasons) => (Some(reasons.join("; ")), None, Vec::new()),
        };
    json!({
        "message": denial.message,
        "caller": denial.principal,
        "action": denial.action,
        "resource": denial.resource,
        "service": denial.service,
        "path": denial.path,
        "layer": denial.layer.as_str(),
        "reason": denial.reason.as_str(),
        "unknown": RecordedDenial::UNKNOWN,
        "reproduced": verdict_word(&answer.reproduction),
        "detail": detail,
        "reproducedBy": reproduced_by,
        "dependsOn": match &answer.reproduction {
            Reproduction::Sometimes { not, .. } => depends_on(not, answer),
            _ => Vec::new(),
        },
        "notReproducedFor": not,
    })
}
