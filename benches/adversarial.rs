//! Adversarial but valid auth policies within the VPC Lattice quota
//! (10,000 characters), each shape known to have made the analysis blow up,
//! grown until it fills the quota: `check`'s whole pipeline (the lint rules
//! and a `--never` invariant) and `diff` against a variant of itself, each
//! case in a child process so that its peak memory (VmHWM) is its own.
//!
//! ```text
//! cargo bench --bench adversarial              # every case
//! cargo bench --bench adversarial -- tags      # the cases whose name contains `tags`
//! ```
//!
//! Goal (issue 11): under 1 s and 256 MB per case, for `check` and `diff`;
//! a case that needs more is stopped by the analysis budget (the `budget`
//! column says so), never by the machine.

use std::process::Command;
use std::time::Instant;

use lattice_policy::analysis::{Analysis, Invariant, Layers, Setups, CHECK_TIME};
use lattice_policy::check::{check_bytes, Checker, Expectations};
use lattice_policy::lint::rules::AUTH_POLICY_SIZE_QUOTA;
use lattice_policy::lint::LintConfig;
use lattice_policy::load::{load_str, LoadOptions};

/// A statement letting anyone in under `condition` (a JSON object).
fn statement(effect: &str, condition: &str) -> String {
    format!(
        r#"{{"Effect":"{effect}","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{condition}}}"#
    )
}

fn policy(statements: &[String]) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statements.join(",")
    )
}

/// The most items `make` can take with the policy still within the quota.
fn fill(make: &dyn Fn(usize) -> String) -> String {
    let mut n = 1;
    while make(n + 1).len() <= AUTH_POLICY_SIZE_QUOTA {
        n += 1;
    }
    make(n)
}

/// One shape: its name, and the policy with `n` items.
type Shape = (&'static str, fn(usize) -> String);

fn shapes() -> Vec<Shape> {
    vec![
        // Distinct principal tag keys in one statement (issue 11: 14 keys, 4 GiB).
        ("tags-one-statement", |n| {
            let keys: Vec<String> = (0..n)
                .map(|i| format!(r#""aws:PrincipalTag/k{i}":"v{i}""#))
                .collect();
            policy(&[statement(
                "Allow",
                &format!(r#"{{"StringEquals":{{{}}}}}"#, keys.join(",")),
            )])
        }),
        // The same keys, one statement each.
        ("tags-one-each", |n| {
            let statements: Vec<String> = (0..n)
                .map(|i| {
                    statement(
                        "Allow",
                        &format!(r#"{{"StringEquals":{{"aws:PrincipalTag/k{i}":"v"}}}}"#),
                    )
                })
                .collect();
            policy(&statements)
        }),
        // StringLike patterns with several `*` on one header.
        ("stars-one-header", |n| {
            let patterns: Vec<String> = (0..n).map(|i| format!(r#""*a{i}*b{i}*c*""#)).collect();
            policy(&[statement(
                "Allow",
                &format!(
                    r#"{{"StringLike":{{"vpc-lattice-svcs:RequestHeader/x":[{}]}}}}"#,
                    patterns.join(",")
                ),
            )])
        }),
        // The same patterns, one statement each (each its own class).
        ("stars-one-each", |n| {
            let statements: Vec<String> = (0..n)
                .map(|i| {
                    statement(
                        if i % 3 == 0 { "Deny" } else { "Allow" },
                        &format!(
                            r#"{{"StringLike":{{"vpc-lattice-svcs:RequestHeader/x":"*a{i}*b*{i}*"}}}}"#
                        ),
                    )
                })
                .collect();
            policy(&statements)
        }),
        // ForAnyValue: and ForAllValues: on one query key.
        ("for-any-all-query", |n| {
            let statements: Vec<String> = (0..n)
                .map(|i| {
                    let set = if i % 2 == 0 { "ForAnyValue" } else { "ForAllValues" };
                    statement(
                        "Allow",
                        &format!(
                            r#"{{"{set}:StringLike":{{"vpc-lattice-svcs:RequestQueryString/q":["*x{i}*","y{i}*"]}}}}"#
                        ),
                    )
                })
                .collect();
            policy(&statements)
        }),
        // Many small statements (anonymous and any-account questions).
        ("statements-methods", |n| {
            let statements: Vec<String> = (0..n)
                .map(|i| {
                    statement(
                        if i % 4 == 0 { "Deny" } else { "Allow" },
                        &format!(
                            r#"{{"StringEquals":{{"vpc-lattice-svcs:RequestMethod":"M{i}"}}}}"#
                        ),
                    )
                })
                .collect();
            policy(&statements)
        }),
        // Distinct path patterns.
        ("paths", |n| {
            let statements: Vec<String> = (0..n)
                .map(|i| {
                    statement(
                        if i % 5 == 0 { "Deny" } else { "Allow" },
                        &format!(
                            r#"{{"StringLike":{{"vpc-lattice-svcs:RequestPath":"/p{i}/*"}}}}"#
                        ),
                    )
                })
                .collect();
            policy(&statements)
        }),
        // Distinct headers, each its own field.
        ("headers", |n| {
            let statements: Vec<String> = (0..n)
                .map(|i| {
                    statement(
                        "Allow",
                        &format!(
                            r#"{{"StringEquals":{{"vpc-lattice-svcs:RequestHeader/h{i}":"v"}}}}"#
                        ),
                    )
                })
                .collect();
            policy(&statements)
        }),
        // Distinct principals (accounts and roles).
        ("principals", |n| {
            let statements: Vec<String> = (0..n)
                .map(|i| {
                    format!(
                        r#"{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{:012}:role/r{i}"}},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}}"#,
                        100_000_000_000u64 + i as u64
                    )
                })
                .collect();
            policy(&statements)
        }),
        // Header and path read together in one clause set, crossing fields.
        ("paths-times-headers", |n| {
            let statements: Vec<String> = (0..n)
                .map(|i| {
                    statement(
                        "Allow",
                        &format!(
                            r#"{{"StringLike":{{"vpc-lattice-svcs:RequestPath":"/p{i}*","vpc-lattice-svcs:RequestHeader/h{}":"*v{i}*"}}}}"#,
                            i % 4
                        ),
                    )
                })
                .collect();
            policy(&statements)
        }),
        // Organization paths with wildcards.
        ("org-paths", |n| {
            let paths: Vec<String> = (0..n)
                .map(|i| format!(r#""o-a1b2c3d4e5/r-ab12/ou-ab12-{i:08}/*""#))
                .collect();
            policy(&[statement(
                "Allow",
                &format!(
                    r#"{{"ForAnyValue:StringLike":{{"aws:PrincipalOrgPaths":[{}]}}}}"#,
                    paths.join(",")
                ),
            )])
        }),
    ]
}

/// The variant of a policy `diff` compares it with: its last statement gone.
fn variant(text: &str) -> String {
    match text.rfind(",{\"Effect\"") {
        Some(at) => format!("{}]}}", &text[..at]),
        None => text.replace("\"Allow\"", "\"Deny\""),
    }
}

fn peak_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// Runs one case in this process and prints `millis peak_kb answer bytes`:
/// the answer is `exact`, `inexact` (the split is not exact, for a reason
/// other than the budget: a search bound) or `budget` (the analysis budget
/// ran out).
fn child(name: &str, op: &str) {
    let Some((_, make)) = shapes().into_iter().find(|(n, _)| *n == name) else {
        eprintln!("no case {name}");
        std::process::exit(2);
    };
    let text = fill(&|n| make(n));
    let started = Instant::now();
    let note = match op {
        "check" => {
            let lint = LintConfig::default();
            let expectations = Expectations {
                never: Invariant::parse("* /admin/* from anonymous")
                    .into_iter()
                    .collect(),
                ..Expectations::default()
            };
            let checker = Checker {
                load: LoadOptions::default(),
                lint: &lint,
                expectations: &expectations,
            };
            let report = check_bytes("case.json", text.as_bytes(), &checker);
            let (millis, peak) = (started.elapsed().as_millis(), peak_kb());
            // What the rules' analysis answered (the rules are silent on an
            // unknown answer): made again, after the figures are taken.
            let note = match &report.policy {
                Some(policy) => {
                    let (analysis, _) = Analysis::of(Layers::service(policy), CHECK_TIME);
                    if analysis.budget_exceeded().is_some() {
                        "budget"
                    } else if analysis.inexact().is_empty() {
                        "exact"
                    } else {
                        "inexact"
                    }
                }
                None => "no policy",
            };
            println!("{millis} {peak} {note} {}", text.len());
            return;
        }
        _ => {
            let new = load_str("new.json", &text, LoadOptions::default());
            let old_text = variant(&text);
            let old = load_str("old.json", &old_text, LoadOptions::default());
            let (Some(new), Some(old)) = (new.policy, old.policy) else {
                eprintln!("{name}: a policy did not load");
                std::process::exit(2);
            };
            let mut setups = Setups::new();
            let a = setups.add(Layers::service(&old));
            let b = setups.add(Layers::service(&new));
            let analysis = Analysis::new(setups, CHECK_TIME);
            let diff = analysis.diff(a, b, 20);
            if analysis.budget_exceeded().is_some() {
                "budget"
            } else if diff.inexact.is_empty() {
                "exact"
            } else {
                "inexact"
            }
        }
    };
    println!(
        "{} {} {} {}",
        started.elapsed().as_millis(),
        peak_kb(),
        note,
        text.len()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let (Some(flag), Some(name), Some(op)) = (args.first(), args.get(1), args.get(2)) {
        if flag == "--case" {
            child(name, op);
            return;
        }
    }
    let filter = args.iter().find(|a| !a.starts_with('-')).cloned();
    let Ok(exe) = std::env::current_exe() else {
        eprintln!("cannot find the benchmark's own path");
        std::process::exit(2);
    };
    println!("| case | op | bytes | time | peak memory | answer |");
    println!("|---|---|---:|---:|---:|---|");
    let mut worst_time = (0u64, String::new());
    let mut worst_memory = (0u64, String::new());
    for (name, _) in shapes() {
        if filter.as_deref().is_some_and(|f| !name.contains(f)) {
            continue;
        }
        for op in ["check", "diff"] {
            let Ok(out) = Command::new(&exe).args(["--case", name, op]).output() else {
                println!("| {name} | {op} | | could not start | | |");
                continue;
            };
            let text = String::from_utf8_lossy(&out.stdout);
            let fields: Vec<&str> = text.split_whitespace().collect();
            let (Some(ms), Some(kb), Some(note), Some(bytes)) =
                (fields.first(), fields.get(1), fields.get(2), fields.get(3))
            else {
                println!(
                    "| {name} | {op} | | failed: {} | | |",
                    String::from_utf8_lossy(&out.stderr).trim()
                );
                continue;
            };
            let (ms, kb): (u64, u64) = (ms.parse().unwrap_or(0), kb.parse().unwrap_or(0));
            println!(
                "| {name} | {op} | {bytes} | {ms} ms | {:.1} MB | {note} |",
                kb as f64 / 1024.0
            );
            if ms > worst_time.0 {
                worst_time = (ms, format!("{name} ({op})"));
            }
            if kb > worst_memory.0 {
                worst_memory = (kb, format!("{name} ({op})"));
            }
        }
    }
    println!();
    println!("slowest: {} ms, {}", worst_time.0, worst_time.1);
    println!(
        "largest: {:.1} MB, {}",
        worst_memory.0 as f64 / 1024.0,
        worst_memory.1
    );
}
