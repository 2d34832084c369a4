//! Parse throughput on the AWS managed policy corpus: lattice-policy's spanned
//! reader against `serde_json` parsing to `Value`, in the same run.
//!
//! ```text
//! cargo bench --bench parse                 # tests/corpus/aws-managed
//! cargo bench --bench parse -- DIR          # any directory of JSON files
//! ```
//!
//! Each round parses every file once; the figure is the median of the rounds.

mod common;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lattice_policy::load::{load_str, LoadOptions};
use lattice_policy::model::PolicyKind;

const ROUNDS: usize = 25;

fn read_corpus(dir: &Path) -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

fn median_round(texts: &[String], mut parse_one: impl FnMut(&str)) -> Duration {
    for text in texts {
        parse_one(text);
    }
    let mut rounds: Vec<Duration> = (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            for text in texts {
                parse_one(text);
            }
            start.elapsed()
        })
        .collect();
    rounds.sort();
    rounds.get(ROUNDS / 2).copied().unwrap_or_default()
}

fn mb_per_s(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / 1e6 / time.as_secs_f64().max(1e-9)
}

fn main() {
    let Some(dir) = common::corpus_dir(&["tests/corpus/aws-managed"]) else {
        eprintln!("no corpus directory found");
        std::process::exit(2);
    };
    let texts = read_corpus(&dir);
    let bytes: usize = texts.iter().map(String::len).sum();
    println!(
        "corpus: {} ({} files, {:.2} MB), median of {ROUNDS} rounds",
        dir.display(),
        texts.len(),
        bytes as f64 / 1e6
    );

    let serde = median_round(&texts, |t| {
        black_box(serde_json::from_str::<serde_json::Value>(black_box(t)).ok());
    });
    let ours = median_round(&texts, |t| {
        black_box(lattice_policy::json::parse(black_box(t)));
    });
    let options = LoadOptions {
        kind: PolicyKind::Identity,
        ..LoadOptions::default()
    };
    let full = median_round(&texts, |t| {
        black_box(load_str("bench", black_box(t), options));
    });

    let base = mb_per_s(bytes, serde);
    println!(
        "{:<44} {:>9} {:>10} {:>8}",
        "parser", "time", "MB/s", "ratio"
    );
    for (name, time) in [
        ("serde_json::from_str::<Value>", serde),
        ("lattice_policy::json::parse (spanned tree)", ours),
        ("lattice_policy::load::load_str (+ lowering)", full),
    ] {
        let rate = mb_per_s(bytes, time);
        println!(
            "{name:<44} {:>7.2}ms {rate:>10.1} {:>8.2}",
            time.as_secs_f64() * 1e3,
            rate / base
        );
    }
}
