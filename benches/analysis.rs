//! Analysis over all requests: the time of a full analysis of one auth
//! policy, as `policy check` makes it: `Analysis::of`, then
//! `anonymous_allowed`, `foreign_allowed` and `statement_fates`.
//!
//! ```text
//! cargo bench --bench analysis              # tests/corpus/lattice
//! cargo bench --bench analysis -- DIR       # any directory of JSON policies
//! ```
//!
//! Inputs: the 10 KB policy `benches/data/policy-10k.json`, and every policy
//! of the corpus directory that loads (files whose JSON cannot be read are
//! skipped). Each policy is analysed [`ROUNDS`] times; its figure is the
//! median. For the corpus the median, the largest and the sum of those
//! figures are printed, with how many answers were exact ("no request" or a
//! witness) and how many unknown.

mod common;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lattice_policy::analysis::{Analysis, Answer, Layers};
use lattice_policy::eval::Timestamp;
use lattice_policy::load::{load_str, LoadOptions};
use lattice_policy::model::Policy;

const ROUNDS: usize = 15;
/// The time of the requests no policy constrains (the library reads no clock).
const NOW: Timestamp = Timestamp::from_millis(1_790_000_000_000);

const POLICY_10K: &str = include_str!("data/policy-10k.json");

/// The policies of `dir` that load, with their file names; and how many did not.
fn read_corpus(dir: &Path) -> (Vec<(String, Policy)>, usize) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    let mut policies = Vec::new();
    let mut skipped = 0;
    for path in &files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let policy = std::fs::read_to_string(path)
            .ok()
            .and_then(|text| load_str(&name, &text, LoadOptions::default()).policy);
        match policy {
            Some(policy) => policies.push((name, policy)),
            None => skipped += 1,
        }
    }
    (policies, skipped)
}

/// What one full analysis answers: the two questions and the fates.
struct Answers {
    exact: usize,
    unknown: usize,
}

fn analyse(policy: &Policy) -> Answers {
    let (analysis, setup) = Analysis::of(Layers::service(policy), NOW);
    let answers = [
        analysis.anonymous_allowed(setup),
        analysis.foreign_allowed(setup),
    ];
    black_box(analysis.statement_fates(setup));
    let unknown = answers
        .iter()
        .filter(|a| matches!(a, Answer::Unknown(_)))
        .count();
    Answers {
        exact: answers.len() - unknown,
        unknown,
    }
}

/// The median time of a full analysis of `policy`, and its answers.
fn median_analysis(policy: &Policy) -> (Duration, Answers) {
    let answers = analyse(policy);
    let mut rounds: Vec<Duration> = (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            black_box(analyse(black_box(policy)));
            start.elapsed()
        })
        .collect();
    rounds.sort();
    (rounds.get(ROUNDS / 2).copied().unwrap_or_default(), answers)
}

fn ms(time: Duration) -> f64 {
    time.as_secs_f64() * 1e3
}

fn main() {
    let big = match load_str("policy-10k.json", POLICY_10K, LoadOptions::default()).policy {
        Some(policy) => policy,
        None => {
            eprintln!("benches/data/policy-10k.json does not load");
            std::process::exit(2);
        }
    };
    println!("full analysis: Analysis::of + anonymous_allowed + foreign_allowed + statement_fates, median of {ROUNDS} rounds");
    let (time, answers) = median_analysis(&big);
    println!(
        "policy-10k.json ({} B, {} statements): {:.2} ms ({} exact answers, {} unknown)",
        POLICY_10K.len(),
        big.statements.len(),
        ms(time),
        answers.exact,
        answers.unknown
    );

    let Some(dir) = common::corpus_dir(&["tests/corpus/lattice"]) else {
        eprintln!("no corpus directory found");
        std::process::exit(2);
    };
    let (policies, skipped) = read_corpus(&dir);
    let mut times: Vec<(Duration, &str)> = Vec::new();
    let (mut exact, mut unknown) = (0, 0);
    for (name, policy) in &policies {
        let (time, answers) = median_analysis(policy);
        exact += answers.exact;
        unknown += answers.unknown;
        times.push((time, name));
    }
    times.sort();
    let total: Duration = times.iter().map(|(t, _)| *t).sum();
    let median = times
        .get(times.len() / 2)
        .map(|(t, _)| *t)
        .unwrap_or_default();
    let (max, slowest) = times.last().copied().unwrap_or_default();
    println!(
        "corpus: {} ({} policies, {} files skipped): median {:.3} ms, max {:.2} ms ({slowest}), total {:.1} ms; {exact} exact answers, {unknown} unknown",
        dir.display(),
        policies.len(),
        skipped,
        ms(median),
        ms(max),
        ms(total),
    );
}
