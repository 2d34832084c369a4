//! Evaluation speed: `Authorizer::decide` (the allocation-free answer) and
//! `Authorizer::explain` (the answer with every statement's outcome) on the
//! project's model policy and on a 10 KB auth policy, over a mixed stream of
//! requests.
//!
//! ```text
//! cargo bench --bench eval
//! ```
//!
//! The model policy is `policies/no-anonymous-no-get/policy.json` (signed
//! callers, every method but GET); the 10 KB policy is
//! `benches/data/policy-10k.json` (20 statements, Allow and Deny); the stream
//! is the 64 requests of `benches/data/requests.txt` (anonymous and signed
//! callers of several accounts, roles and users, several methods, paths,
//! headers, query strings, VPCs and two services). Policies are compiled and
//! requests resolved once, before timing. Each round runs the whole stream
//! enough times to last a few milliseconds; the figure is the median round
//! divided by the decisions it made.
//!
//! The same policies and requests against `cedar-policy` are in
//! `benches/peers`, a crate of its own so that the main build never compiles
//! cedar.

use std::hint::black_box;
use std::time::{Duration, Instant};

use lattice_policy::eval::{
    parse_query, AuthLayer, AuthType, Authorizer, CompiledPolicy, Decision, Request, Timestamp,
};
use lattice_policy::load::{load_str, LoadOptions};
use lattice_policy::model::PolicyKind;

const ROUNDS: usize = 25;
/// How long one round lasts, at least.
const ROUND_TIME: Duration = Duration::from_millis(5);
/// The time every request is sent at (the library reads no clock).
/// 2026-11-22T10:00:00Z.
const NOW: Timestamp = Timestamp::from_millis(1_795_341_600_000);

const MODEL_POLICY: &str = include_str!("../policies/no-anonymous-no-get/policy.json");
const POLICY_10K: &str = include_str!("data/policy-10k.json");
const REQUESTS: &str = include_str!("data/requests.txt");

/// The authorizer of a service with auth type `AWS_IAM` and `text` as its
/// auth policy, reached without a service network policy, with the identity
/// layer assumed to allow: the auth policy alone decides. With the policy's
/// number of statements.
fn authorizer(name: &str, text: &str) -> Result<(Authorizer, usize), String> {
    let options = LoadOptions {
        kind: PolicyKind::Auth,
        ..LoadOptions::default()
    };
    let loaded = load_str(name, text, options);
    match loaded.policy {
        Some(policy) if !loaded.has_errors() => Ok((
            Authorizer {
                network: None,
                service: AuthLayer {
                    auth_type: AuthType::AwsIam,
                    policy: Some(CompiledPolicy::compile(&policy)),
                },
                identity: None,
            },
            policy.statements.len(),
        )),
        _ => Err(format!("{name} does not load: {:?}", loaded.findings)),
    }
}

/// Every request of the stream, resolved.
fn requests() -> Result<Vec<Request>, String> {
    REQUESTS
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let parsed = parse_query(line).map_err(|e| format!("`{line}`: {e:?}"))?;
            Request::resolve(parsed.spec, NOW).map_err(|e| format!("`{line}`: {e:?}"))
        })
        .collect()
}

/// Nanoseconds per request of `run` over `stream`: the median of [`ROUNDS`]
/// rounds, each running the stream as many times as fills [`ROUND_TIME`].
fn ns_per_request(stream: &[Request], mut run: impl FnMut(&Request)) -> f64 {
    let mut pass = |times: usize| {
        let start = Instant::now();
        for _ in 0..times {
            for request in stream {
                run(black_box(request));
            }
        }
        start.elapsed()
    };
    let mut passes = 1;
    while pass(passes) < ROUND_TIME {
        passes *= 2;
    }
    let mut rounds: Vec<Duration> = (0..ROUNDS).map(|_| pass(passes)).collect();
    rounds.sort();
    let median = rounds.get(ROUNDS / 2).copied().unwrap_or_default();
    median.as_secs_f64() * 1e9 / (passes * stream.len().max(1)) as f64
}

fn main() {
    let setup = requests().and_then(|stream| {
        Ok((
            stream,
            authorizer("model policy", MODEL_POLICY)?,
            authorizer("policy-10k.json", POLICY_10K)?,
        ))
    });
    let (stream, model, big) = match setup {
        Ok(setup) => setup,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    println!(
        "{} requests, median of {ROUNDS} rounds of at least {} ms",
        stream.len(),
        ROUND_TIME.as_millis()
    );
    println!(
        "{:<34} {:>7} {:>10} {:>16} {:>17}",
        "policy", "allowed", "statements", "decide ns/req", "explain ns/req"
    );
    for (name, bytes, (authorizer, statements)) in [
        ("model (no-anonymous-no-get)", MODEL_POLICY.len(), &model),
        ("policy-10k.json", POLICY_10K.len(), &big),
    ] {
        let allowed = stream
            .iter()
            .filter(|r| authorizer.decide(r).decision == Decision::Allow)
            .count();
        let decide = ns_per_request(&stream, |r| {
            black_box(authorizer.decide(r));
        });
        let explain = ns_per_request(&stream, |r| {
            black_box(authorizer.explain(r));
        });
        println!(
            "{:<34} {:>7} {:>10} {decide:>16.1} {explain:>17.1}",
            format!("{name}, {bytes} B"),
            format!("{allowed}/{}", stream.len()),
            statements,
        );
    }
}
