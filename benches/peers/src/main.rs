//! lattice-policy against cedar-policy, in the same run, on the same requests.
//!
//! ```text
//! cargo run --release --manifest-path benches/peers/Cargo.toml
//! ```
//!
//! Two policies, each written twice: the project's model policy
//! (`policies/no-anonymous-no-get/policy.json`, `cedar/model.cedar`) and a
//! 10 KB auth policy (`benches/data/policy-10k.json`,
//! `cedar/policy-10k.cedar`). One list of request descriptions,
//! `benches/data/requests.txt` (the stream of `cargo bench --bench eval`),
//! is resolved once into lattice-policy requests, and each resolved request is
//! turned into a Cedar request (see `README.md` for the encoding).
//!
//! First the check: on every request, both engines must give the same
//! decision, decided by the same statements (IAM `Sid` = Cedar `@id`), and
//! Cedar must report no evaluation error. Any difference is printed and the
//! program exits with status 1 before timing anything: the comparison means
//! something only for equivalent policies.
//!
//! Then the timing: `Authorizer::decide` against
//! `cedar_policy::Authorizer::is_authorized`, with policies parsed and
//! compiled and requests (and Cedar's empty entity store) built beforehand.
//! Each round runs the whole stream enough times to last a few milliseconds,
//! the rounds of the two engines alternating; the figure is the median of an
//! engine's rounds divided by the decisions made.

use std::collections::BTreeSet;
use std::hint::black_box;
use std::str::FromStr;
use std::time::{Duration, Instant};

use cedar_policy as cedar;
use lattice_policy::eval::{
    parse_query, AuthLayer, AuthType, Authorizer, Caller, CompiledPolicy, Decision, LayerState,
    Request, Timestamp,
};
use lattice_policy::load::{load_str, LoadOptions};
use lattice_policy::model::PolicyKind;

const ROUNDS: usize = 25;
const ROUND_TIME: Duration = Duration::from_millis(5);
/// 2026-11-22T10:00:00Z.
const NOW: Timestamp = Timestamp::from_millis(1_795_341_600_000);

const REQUESTS: &str = include_str!("../../data/requests.txt");
const MODEL_IAM: &str = include_str!("../../../policies/no-anonymous-no-get/policy.json");
const MODEL_CEDAR: &str = include_str!("../cedar/model.cedar");
const BIG_IAM: &str = include_str!("../../data/policy-10k.json");
const BIG_CEDAR: &str = include_str!("../cedar/policy-10k.cedar");

/// One policy in both languages, ready to evaluate.
struct Case {
    name: &'static str,
    bytes: usize,
    ours: Authorizer,
    cedar: cedar::PolicySet,
}

/// One request of the stream, for both engines.
struct Both {
    line: String,
    ours: Request,
    cedar: cedar::Request,
}

fn case(name: &'static str, iam: &str, cedar_text: &str) -> Result<Case, String> {
    let options = LoadOptions {
        kind: PolicyKind::Auth,
        ..LoadOptions::default()
    };
    let loaded = load_str(name, iam, options);
    let policy = match loaded.policy {
        Some(policy) if !loaded.has_errors() => policy,
        _ => return Err(format!("{name}: {:?}", loaded.findings)),
    };
    let cedar = cedar::PolicySet::from_str(cedar_text).map_err(|e| format!("{name}: {e:?}"))?;
    Ok(Case {
        name,
        bytes: iam.len(),
        ours: Authorizer {
            network: None,
            service: AuthLayer {
                auth_type: AuthType::AwsIam,
                policy: Some(CompiledPolicy::compile(&policy)),
            },
            identity: None,
        },
        cedar,
    })
}

fn uid(kind: &str, id: &str) -> Result<cedar::EntityUid, String> {
    let kind = cedar::EntityTypeName::from_str(kind).map_err(|e| format!("{kind}: {e}"))?;
    Ok(cedar::EntityUid::from_type_name_and_id(
        kind,
        cedar::EntityId::new(id),
    ))
}

fn string(value: &str) -> cedar::RestrictedExpression {
    cedar::RestrictedExpression::new_string(value.to_owned())
}

/// The Cedar request for a resolved lattice-policy request: the same caller,
/// service, method, path, VPC, headers and query, read from the resolved
/// request and its context.
fn cedar_request(request: &Request) -> Result<cedar::Request, String> {
    let ctx = request.context();
    let single = |key: &str| match ctx.get(key).map(|v| v.values()) {
        Some([value]) => Some(value.as_str()),
        _ => None,
    };
    let principal = match request.caller() {
        Caller::Anonymous => uid("Anonymous", "anonymous")?,
        Caller::Authenticated(p) => uid("Principal", &p.arn)?,
    };
    let action = uid("Action", request.action().rsplit(':').next().unwrap_or(""))?;
    let service_id = request.service().rsplit('/').next().unwrap_or("");
    let resource = uid("Service", service_id)?;

    let mut pairs: Vec<(String, cedar::RestrictedExpression)> = Vec::new();
    for (name, key) in [
        ("principalType", "aws:PrincipalType"),
        ("principalAccount", "aws:PrincipalAccount"),
        ("principalArn", "aws:PrincipalArn"),
        ("principalOrgId", "aws:PrincipalOrgID"),
        ("method", "vpc-lattice-svcs:RequestMethod"),
        ("path", "vpc-lattice-svcs:RequestPath"),
        ("sourceVpc", "vpc-lattice-svcs:SourceVpc"),
    ] {
        if let Some(value) = single(key) {
            pairs.push((name.to_owned(), string(value)));
        }
    }
    let headers = request
        .headers()
        .iter()
        .map(|(name, value)| (name.clone(), string(value)));
    let query = request.query().iter().map(|(key, values)| {
        let set = values.iter().map(|v| string(v));
        (key.clone(), cedar::RestrictedExpression::new_set(set))
    });
    let record = |fields: Vec<(String, cedar::RestrictedExpression)>| {
        cedar::RestrictedExpression::new_record(fields).map_err(|e| e.to_string())
    };
    pairs.push(("headers".to_owned(), record(headers.collect())?));
    pairs.push(("query".to_owned(), record(query.collect())?));
    let context = cedar::Context::from_pairs(pairs).map_err(|e| e.to_string())?;
    cedar::Request::new(principal, action, resource, context, None).map_err(|e| e.to_string())
}

fn stream() -> Result<Vec<Both>, String> {
    REQUESTS
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let parsed = parse_query(line).map_err(|e| format!("`{line}`: {e:?}"))?;
            let ours =
                Request::resolve(parsed.spec, NOW).map_err(|e| format!("`{line}`: {e:?}"))?;
            let cedar = cedar_request(&ours).map_err(|e| format!("`{line}`: {e}"))?;
            Ok(Both {
                line: line.to_owned(),
                ours,
                cedar,
            })
        })
        .collect()
}

/// What the check found for one policy.
struct Check {
    /// Every request on which the engines differ, described.
    differences: Vec<String>,
    /// Requests allowed.
    allowed: usize,
    /// Statements that applied to at least one request, and all statements.
    exercised: (usize, usize),
}

fn check(case: &Case, stream: &[Both], entities: &cedar::Entities) -> Check {
    let authorizer = cedar::Authorizer::new();
    let mut out = Vec::new();
    let mut allowed = 0;
    let mut applied = BTreeSet::new();
    let mut statements = 0;
    for request in stream {
        let explanation = case.ours.explain(&request.ours);
        for layer in &explanation.layers {
            if let LayerState::Evaluated { policies, .. } = &layer.state {
                for (_, outcomes) in policies {
                    statements = outcomes.len();
                    applied.extend(outcomes.iter().filter(|s| s.applies).map(|s| s.index));
                }
            }
        }
        let ours_allow = explanation.verdict.decision == Decision::Allow;
        let ours_by: BTreeSet<String> = explanation
            .deciding_statements()
            .iter()
            .map(|(_, _, s)| {
                s.sid
                    .clone()
                    .unwrap_or_else(|| format!("statement {}", s.index))
            })
            .collect();
        let fast = case.ours.decide(&request.ours).decision == Decision::Allow;
        let response = authorizer.is_authorized(&request.cedar, &case.cedar, entities);
        let cedar_allow = response.decision() == cedar::Decision::Allow;
        let cedar_by: BTreeSet<String> = response
            .diagnostics()
            .reason()
            .map(|id| {
                case.cedar
                    .policy(id)
                    .and_then(|p| p.annotation("id"))
                    .map_or_else(|| id.to_string(), str::to_owned)
            })
            .collect();
        let errors: Vec<String> = response
            .diagnostics()
            .errors()
            .map(|e| e.to_string())
            .collect();
        allowed += usize::from(ours_allow);
        if ours_allow != cedar_allow
            || fast != ours_allow
            || ours_by != cedar_by
            || !errors.is_empty()
        {
            out.push(format!(
                "{}: `{}`\n  lattice-policy: {} by {:?} (decide: {})\n  cedar-policy:   {} by {:?}{}",
                case.name,
                request.line,
                if ours_allow { "allow" } else { "deny" },
                ours_by,
                if fast { "allow" } else { "deny" },
                if cedar_allow { "allow" } else { "deny" },
                cedar_by,
                if errors.is_empty() {
                    String::new()
                } else {
                    format!("; errors: {errors:?}")
                },
            ));
        }
    }
    Check {
        differences: out,
        allowed,
        exercised: (applied.len(), statements),
    }
}

/// One pass of `run` over the stream, `times` times.
fn pass(stream: &[Both], times: usize, run: &mut impl FnMut(&Both)) -> Duration {
    let start = Instant::now();
    for _ in 0..times {
        for request in stream {
            run(black_box(request));
        }
    }
    start.elapsed()
}

/// How many passes over the stream fill [`ROUND_TIME`].
fn calibrate(stream: &[Both], run: &mut impl FnMut(&Both)) -> usize {
    let mut passes = 1;
    while pass(stream, passes, run) < ROUND_TIME {
        passes *= 2;
    }
    passes
}

/// Nanoseconds per request of `ours` and `theirs` over `stream`: the median
/// of [`ROUNDS`] rounds each, the rounds of the two alternating so that both
/// see the same machine (a busy moment slows both, not one).
fn ns_per_request(
    stream: &[Both],
    mut ours: impl FnMut(&Both),
    mut theirs: impl FnMut(&Both),
) -> (f64, f64) {
    let passes = (calibrate(stream, &mut ours), calibrate(stream, &mut theirs));
    let mut rounds: (Vec<Duration>, Vec<Duration>) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        rounds.0.push(pass(stream, passes.0, &mut ours));
        rounds.1.push(pass(stream, passes.1, &mut theirs));
    }
    let per_request = |mut rounds: Vec<Duration>, passes: usize| {
        rounds.sort();
        let median = rounds.get(ROUNDS / 2).copied().unwrap_or_default();
        median.as_secs_f64() * 1e9 / (passes * stream.len().max(1)) as f64
    };
    (
        per_request(rounds.0, passes.0),
        per_request(rounds.1, passes.1),
    )
}

fn main() {
    let setup = stream().and_then(|stream| {
        Ok((
            stream,
            [
                case("model policy", MODEL_IAM, MODEL_CEDAR)?,
                case("policy-10k", BIG_IAM, BIG_CEDAR)?,
            ],
        ))
    });
    let (stream, cases) = match setup {
        Ok(setup) => setup,
        Err(message) => {
            eprintln!("setup failed: {message}");
            std::process::exit(2);
        }
    };
    let entities = cedar::Entities::empty();

    let mut failed = false;
    for case in &cases {
        let Check {
            differences: diffs,
            allowed,
            exercised,
        } = check(case, &stream, &entities);
        if diffs.is_empty() {
            println!(
                "equivalent on all {} requests: {} ({} allowed, {} denied; {} of {} statements applied to some request)",
                stream.len(),
                case.name,
                allowed,
                stream.len() - allowed,
                exercised.0,
                exercised.1,
            );
        } else {
            failed = true;
            for diff in &diffs {
                eprintln!("{diff}");
            }
            eprintln!(
                "{}: the engines differ on {} of {} requests",
                case.name,
                diffs.len(),
                stream.len()
            );
        }
    }
    if failed {
        eprintln!("not equivalent: no timing");
        std::process::exit(1);
    }

    println!(
        "\n{} requests, median of {ROUNDS} rounds of at least {} ms",
        stream.len(),
        ROUND_TIME.as_millis()
    );
    println!(
        "{:<16} {:<22} {:>13} {:>8}",
        "engine", "policy", "ns/decision", "ratio"
    );
    let authorizer = cedar::Authorizer::new();
    for case in &cases {
        let (ours, theirs) = ns_per_request(
            &stream,
            |r| {
                black_box(case.ours.decide(&r.ours));
            },
            |r| {
                black_box(authorizer.is_authorized(&r.cedar, &case.cedar, &entities));
            },
        );
        let policy = format!("{} ({} B)", case.name, case.bytes);
        println!(
            "{:<16} {policy:<22} {theirs:>13.1} {:>8.2}",
            "cedar-policy", 1.0
        );
        println!(
            "{:<16} {policy:<22} {ours:>13.1} {:>7.1}x",
            "lattice-policy",
            theirs / ours.max(1e-9)
        );
    }
}
