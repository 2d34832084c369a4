//! Adversarial but valid auth policies within the VPC Lattice quota
//! (10,000 characters), each shape known to have made the analysis blow up,
//! grown until it fills the quota: `check`'s whole pipeline (the lint rules
//! and a `--never` invariant) and `diff` against a variant of itself, each
//! case in a child process so that its peak memory (VmHWM) is its own.
//!
//! ```text
//! cargo bench --bench adversarial              # every case
//! cargo bench --bench adversarial -- tags      # the cases whose name contains `tags`
//! cargo bench --bench adversarial -- --pairs 300 1800   # diff 300 random pairs of ~1.8 KB
//! cargo bench --bench adversarial -- --write-pair SEED DIR 1800   # one pair as files
//! ```
//!
//! The random pairs mix principal tags, star patterns on headers, paths,
//! principal ARNs, organization ids and paths, query keys, negated
//! operators, `IfExists` and `Null`; the second policy is the first with
//! one statement replaced and one effect flipped.
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

/// `n` statements, each under its own `condition(i)`, every third a `Deny`.
fn stars_each(n: usize, condition: impl Fn(usize) -> String) -> String {
    let statements: Vec<String> = (0..n)
        .map(|i| statement(if i % 3 == 0 { "Deny" } else { "Allow" }, &condition(i)))
        .collect();
    policy(&statements)
}

/// The most items `make` can take with the policy still within the quota.
fn fill(make: &dyn Fn(usize) -> String) -> String {
    let mut n = 1;
    // A shape of a fixed size (the issue's own inputs) does not grow.
    while make(n + 1).len() <= AUTH_POLICY_SIZE_QUOTA && make(n + 1).len() > make(n).len() {
        n += 1;
    }
    make(n)
}

/// One shape: its name, and the policy with `n` items.
type Shape = (&'static str, fn(usize) -> String);

fn shapes() -> Vec<Shape> {
    vec![
        // The issue's own input: 14 distinct principal tag keys in one
        // statement (654 bytes; 4 GiB when tags were combined in the caller).
        ("tags-14-keys", |_| {
            let keys: Vec<String> = (0..14)
                .map(|i| format!(r#""aws:PrincipalTag/team-{i:02}":"value-{i:02}""#))
                .collect();
            policy(&[statement(
                "Allow",
                &format!(r#"{{"StringEquals":{{{}}}}}"#, keys.join(",")),
            )])
        }),
        // Distinct principal tag keys in one statement, filling the quota.
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
        // Two unions that differ only in a pattern inside another of
        // theirs (`*a{m}5*b{m}5*c*` inside `*a{m}*b{m}*c*`): `diff`
        // compares this with the same less its last pattern (see
        // `variant_of`), the same strings written two ways.
        ("stars-implied-union", |n| {
            let mut patterns: Vec<String> = (0..n).map(|i| format!(r#""*a{i}*b{i}*c*""#)).collect();
            let m = n.saturating_sub(1);
            patterns.push(format!(r#""*a{m}5*b{m}5*c*""#));
            policy(&[statement(
                "Allow",
                &format!(
                    r#"{{"StringLike":{{"vpc-lattice-svcs:RequestHeader/x":[{}]}}}}"#,
                    patterns.join(",")
                ),
            )])
        }),
        // The same on a principal tag, with `IfExists` and a `Deny` of
        // the negation: the union on a field of its own.
        ("stars-one-tag", |n| {
            let patterns: Vec<String> = (0..n).map(|i| format!(r#""*a{i}*b{i}*c*""#)).collect();
            policy(&[
                statement(
                    "Allow",
                    &format!(
                        r#"{{"StringLikeIfExists":{{"aws:PrincipalTag/team":[{}]}}}}"#,
                        patterns.join(",")
                    ),
                ),
                statement(
                    "Deny",
                    r#"{"StringNotLike":{"aws:PrincipalTag/team":["*a1*b1*c*"]}}"#,
                ),
            ])
        }),
        // ForAnyValue: with hundreds of patterns in one clause on a query key.
        ("for-any-one-clause", |n| {
            let patterns: Vec<String> = (0..n).map(|i| format!(r#""*x{i}*y*""#)).collect();
            policy(&[statement(
                "Allow",
                &format!(
                    r#"{{"ForAnyValue:StringLike":{{"vpc-lattice-svcs:RequestQueryString/q":[{}]}}}}"#,
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
        // The same shape on every other string field the analysis splits
        // (issue 11, fourth part): one three-star `StringLike` pattern
        // per statement, a third `Deny`, on a caller's tag, the service's
        // tag, the path, the caller's ARN, the organization paths and the
        // source VPC.
        ("stars-tag-each", |n| {
            stars_each(n, |i| {
                format!(r#"{{"StringLike":{{"aws:PrincipalTag/team":"*a{i}*b*{i}*"}}}}"#)
            })
        }),
        ("stars-resource-tag-each", |n| {
            stars_each(n, |i| {
                format!(r#"{{"StringLike":{{"aws:ResourceTag/env":"*a{i}*b*{i}*"}}}}"#)
            })
        }),
        ("stars-path-each", |n| {
            stars_each(n, |i| {
                format!(r#"{{"StringLike":{{"vpc-lattice-svcs:RequestPath":"/*a{i}*b*{i}*"}}}}"#)
            })
        }),
        ("stars-principal-arn-each", |n| {
            stars_each(n, |i| {
                format!(
                    r#"{{"StringLike":{{"aws:PrincipalArn":"arn:aws:iam::*:role/*a{i}*b*{i}*"}}}}"#
                )
            })
        }),
        ("org-paths-each", |n| {
            stars_each(n, |i| {
                format!(
                    r#"{{"ForAnyValue:StringLike":{{"aws:PrincipalOrgPaths":"o-a1b2c3d4e5/r-ab12/*ou-ab12-*{i}*/*"}}}}"#
                )
            })
        }),
        ("stars-vpc-each", |n| {
            stars_each(n, |i| {
                format!(r#"{{"StringLike":{{"vpc-lattice-svcs:SourceVpc":"vpc-*a{i}*b*"}}}}"#)
            })
        }),
        // The other network fields (issue 11, fifth part): the VPC's
        // owner account and the service network, and the caller's
        // organization id, which is part of the caller.
        ("stars-vpc-owner-each", |n| {
            stars_each(n, |i| {
                format!(
                    r#"{{"StringLike":{{"vpc-lattice-svcs:SourceVpcOwnerAccount":"*1{i}*2*"}}}}"#
                )
            })
        }),
        ("stars-network-each", |n| {
            stars_each(n, |i| {
                format!(
                    r#"{{"StringLike":{{"vpc-lattice-svcs:ServiceNetworkArn":"arn:aws:vpc-lattice:*:*:servicenetwork/sn-*a{i}*b*"}}}}"#
                )
            })
        }),
        ("stars-org-id-each", |n| {
            stars_each(n.min(40), |i| {
                format!(r#"{{"StringLike":{{"aws:PrincipalOrgID":"o-*a{i}*b*"}}}}"#)
            })
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

// ---------------------------------------------------------------------------
// Random pairs (issue 11 finding 9: a 1.8 KB pair took `diff` 4–5 s)

/// A small seeded generator (xorshift), so that a pair is named by its seed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = self.below(items.len());
        items.get(i).copied().unwrap_or_default()
    }
}

/// Values with stars, literals and the empty string, colliding often.
fn values(rng: &mut Rng, pool: &[&str], most: usize) -> String {
    let n = 1 + rng.below(most);
    let items: Vec<String> = (0..n)
        .map(|_| {
            let v = rng.pick(pool);
            let i = rng.below(40);
            format!("{:?}", v.replace('#', &i.to_string()))
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// One clause: operator, key, values (a JSON list): tags, headers, paths,
/// principal ARNs, organization ids and paths, query keys; negated
/// operators and `IfExists` among them.
fn random_clause(rng: &mut Rng) -> (String, String, String) {
    let suffix = if rng.below(4) == 0 { "IfExists" } else { "" };
    let string_op = |rng: &mut Rng| {
        format!(
            "{}{suffix}",
            rng.pick(&[
                "StringEquals",
                "StringLike",
                "StringNotEquals",
                "StringNotLike"
            ])
        )
    };
    let stars = ["*a#*", "a#*", "*#b*c*", "v#", "", "*", "x*y#*z"];
    match rng.below(9) {
        0 | 1 => (
            string_op(rng),
            format!("aws:PrincipalTag/t{}", rng.below(16)),
            values(rng, &stars, 3),
        ),
        2 => (
            string_op(rng),
            format!("vpc-lattice-svcs:RequestHeader/h{}", rng.below(4)),
            values(rng, &stars, 12),
        ),
        3 => (
            string_op(rng),
            "vpc-lattice-svcs:RequestPath".into(),
            values(rng, &["/p#/*", "/p#", "*/#*", "/a*b#"], 6),
        ),
        4 => (
            rng.pick(&["ArnLike", "ArnNotLike"]).into(),
            "aws:PrincipalArn".into(),
            values(
                rng,
                &[
                    "arn:aws:iam::1111222233#3:role/*",
                    "arn:aws:iam::*:role/r#*",
                    "arn:aws:sts::*:assumed-role/*/s#",
                ],
                4,
            ),
        ),
        5 => (
            format!("{}:StringLike", rng.pick(&["ForAnyValue", "ForAllValues"])),
            "aws:PrincipalOrgPaths".into(),
            values(
                rng,
                &[
                    "o-a1b2c3d4e5/r-ab12/ou-ab12-000000#*/*",
                    "o-a1b2c3d4e5/*",
                    "*/ou-ab12-1111111#/*",
                ],
                4,
            ),
        ),
        6 => (
            string_op(rng),
            "aws:PrincipalOrgID".into(),
            values(rng, &["o-a1b2c3d4e#", "o-*", "o-x#*"], 3),
        ),
        7 => (
            format!(
                "{}:{}",
                rng.pick(&["ForAnyValue", "ForAllValues"]),
                string_op(rng)
            ),
            "vpc-lattice-svcs:RequestQueryString/q".into(),
            values(rng, &stars, 6),
        ),
        _ => (
            "Null".into(),
            format!("aws:PrincipalTag/t{}", rng.below(16)),
            format!("{:?}", rng.pick(&["true", "false"])),
        ),
    }
}

fn random_statement(rng: &mut Rng) -> String {
    let effect = if rng.below(3) == 0 { "Deny" } else { "Allow" };
    let principal = match rng.below(4) {
        0 => format!(
            r#"{{"AWS":"arn:aws:iam::11112222333{}:role/r{}"}}"#,
            rng.below(10),
            rng.below(40)
        ),
        1 => format!(r#"{{"AWS":"11112222333{}"}}"#, rng.below(10)),
        _ => r#""*""#.to_owned(),
    };
    let mut blocks: std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>> =
        Default::default();
    for _ in 0..1 + rng.below(4) {
        let (op, key, values) = random_clause(rng);
        blocks.entry(op).or_default().insert(key, values);
    }
    let blocks: Vec<String> = blocks
        .iter()
        .map(|(op, clauses)| {
            let clauses: Vec<String> = clauses.iter().map(|(k, v)| format!("{k:?}:{v}")).collect();
            format!("{op:?}:{{{}}}", clauses.join(","))
        })
        .collect();
    format!(
        r#"{{"Effect":"{effect}","Principal":{principal},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{{{}}}}}"#,
        blocks.join(",")
    )
}

/// A random pair of policies of about `size` bytes each (within the
/// quota): the second is the first with one statement replaced and one
/// effect flipped.
fn random_pair(seed: u64, size: usize) -> (String, String) {
    let mut rng = Rng::new(seed);
    let mut statements: Vec<String> = Vec::new();
    loop {
        let next = random_statement(&mut rng);
        let mut longer = statements.clone();
        longer.push(next);
        if policy(&longer).len() > size.min(AUTH_POLICY_SIZE_QUOTA) && !statements.is_empty() {
            break;
        }
        statements = longer;
    }
    let old = policy(&statements);
    let i = rng.below(statements.len());
    let fresh = random_statement(&mut rng);
    if let Some(s) = statements.get_mut(i) {
        *s = fresh;
    }
    let j = rng.below(statements.len());
    if let Some(s) = statements.get_mut(j) {
        *s = if s.contains(r#""Allow""#) {
            s.replacen(r#""Allow""#, r#""Deny""#, 1)
        } else {
            s.replacen(r#""Deny""#, r#""Allow""#, 1)
        };
    }
    let mut new = policy(&statements);
    if new.len() > AUTH_POLICY_SIZE_QUOTA {
        new = old.clone();
    }
    (old, new)
}

/// Runs `diff` on the pair of `seed` in this process and prints
/// `millis peak_kb answer bytes`.
fn pair_child(seed: u64, size: usize) {
    let (old_text, new_text) = random_pair(seed, size);
    let started = Instant::now();
    let new = load_str("new.json", &new_text, LoadOptions::default());
    let old = load_str("old.json", &old_text, LoadOptions::default());
    let (Some(new), Some(old)) = (new.policy, old.policy) else {
        println!("0 0 invalid {}", old_text.len() + new_text.len());
        return;
    };
    let mut setups = Setups::new();
    let a = setups.add(Layers::service(&old));
    let b = setups.add(Layers::service(&new));
    let analysis = Analysis::new(setups, CHECK_TIME);
    let diff = analysis.diff(a, b, 20);
    let note = if analysis.budget_exceeded().is_some() {
        "budget"
    } else if diff.inexact.is_empty() {
        "exact"
    } else {
        "inexact"
    };
    println!(
        "{} {} {note} {}",
        started.elapsed().as_millis(),
        peak_kb(),
        old_text.len() + new_text.len()
    );
}

/// Diffs `count` random pairs of about `size` bytes each, each in a child
/// process, and prints the slowest and largest with the seeds that remake them.
fn pairs(exe: &std::path::Path, count: u64, size: usize) {
    let mut results: Vec<(u64, u64, u64, String)> = Vec::new();
    let mut answers: std::collections::BTreeMap<String, usize> = Default::default();
    for seed in 0..count {
        let Ok(out) = Command::new(exe)
            .args(["--pair", &seed.to_string(), &size.to_string()])
            .output()
        else {
            continue;
        };
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        let fields: Vec<&str> = text.split_whitespace().collect();
        let (Some(ms), Some(kb), Some(note)) = (fields.first(), fields.get(1), fields.get(2))
        else {
            println!(
                "seed {seed}: failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
            continue;
        };
        *answers.entry((*note).to_owned()).or_default() += 1;
        results.push((
            seed,
            ms.parse().unwrap_or(0),
            kb.parse().unwrap_or(0),
            (*note).to_owned(),
        ));
    }
    println!("{count} random pairs of about {size} bytes each: {answers:?}");
    results.sort_by_key(|r| std::cmp::Reverse(r.1));
    for (seed, ms, kb, note) in results.iter().take(5) {
        println!(
            "slow: seed {seed}: {ms} ms, {:.1} MB, {note}",
            *kb as f64 / 1024.0
        );
    }
    results.sort_by_key(|r| std::cmp::Reverse(r.2));
    for (seed, ms, kb, note) in results.iter().take(5) {
        println!(
            "large: seed {seed}: {ms} ms, {:.1} MB, {note}",
            *kb as f64 / 1024.0
        );
    }
}

/// The variant of case `name`'s policy that `diff` compares it with: its
/// last statement gone, or (`stars-implied-union`) its last pattern.
fn variant_of(name: &str, text: &str) -> String {
    if name == "stars-implied-union" {
        // The pattern list closes at the first `]` after its last pattern.
        if let Some(from) = text.rfind(r#","*a"#) {
            if let Some(to) = text[from..].find(']') {
                return format!("{}{}", &text[..from], &text[from + to..]);
            }
        }
    }
    variant(text)
}

/// The variant of a policy `diff` compares it with: its last statement gone.
fn variant(text: &str) -> String {
    match text.rfind(",{\"Effect\"") {
        Some(at) => format!("{}]}}", &text[..at]),
        None => text.replace("\"Allow\"", "\"Deny\""),
    }
}

/// The child's CPU time (user and system), which it prints on standard
/// error as its last act: unlike the wall-clock time, it does not grow with
/// the machine's load.
fn child_cpu(stderr: &[u8]) -> String {
    String::from_utf8_lossy(stderr)
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("cpu "))
        .map_or_else(|| "?".to_owned(), |ms| format!("{ms} ms"))
}

/// This process's CPU time so far, in milliseconds (`/proc/self/stat`'s
/// `utime` and `stime`, in clock ticks of 10 ms).
fn cpu_ms() -> u64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // After the command name in parentheses: state is field 3, utime 14.
            let rest = s.rsplit_once(')')?.1;
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let utime: u64 = fields.get(11)?.parse().ok()?;
            let stime: u64 = fields.get(12)?.parse().ok()?;
            Some((utime + stime) * 10)
        })
        .unwrap_or(0)
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
            let (note, steps) = match &report.policy {
                Some(policy) => {
                    let (analysis, setup) = Analysis::of(Layers::service(policy), CHECK_TIME);
                    // The questions the rules ask, so that the steps
                    // counted are the analysis's whole work.
                    let _ = analysis.statement_fates(setup);
                    let _ = analysis.anonymous_allowed(setup);
                    let note = if analysis.budget_exceeded().is_some() {
                        "budget"
                    } else if analysis.inexact().is_empty() {
                        "exact"
                    } else {
                        "inexact"
                    };
                    (note, analysis.work().0)
                }
                None => ("no policy", 0),
            };
            println!("{millis} {peak} {note} {} {steps}", text.len());
            return;
        }
        _ => {
            let new = load_str("new.json", &text, LoadOptions::default());
            let old_text = variant_of(name, &text);
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
            let note = if analysis.budget_exceeded().is_some() {
                "budget"
            } else if diff.inexact.is_empty() {
                "exact"
            } else {
                "inexact"
            };
            (note, analysis.work().0)
        }
    };
    println!(
        "{} {} {} {} {}",
        started.elapsed().as_millis(),
        peak_kb(),
        note.0,
        text.len(),
        note.1
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize, default: u64| {
        args.get(i)
            .and_then(|a| a.parse::<u64>().ok())
            .unwrap_or(default)
    };
    if let (Some(flag), Some(name), Some(op)) = (args.first(), args.get(1), args.get(2)) {
        if flag == "--case" {
            child(name, op);
            eprintln!("cpu {}", cpu_ms());
            return;
        }
        if flag == "--pair" {
            pair_child(number(1, 0), number(2, 1800) as usize);
            return;
        }
    }
    if let (Some(flag), Some(dir)) = (args.first(), args.get(2)) {
        if flag == "--write-pair" {
            let (old, new) = random_pair(number(1, 0), number(3, 1800) as usize);
            let dir = std::path::Path::new(dir);
            let written = std::fs::write(dir.join("old.json"), old)
                .and_then(|()| std::fs::write(dir.join("new.json"), new));
            if let Err(e) = written {
                eprintln!("cannot write the pair: {e}");
                std::process::exit(2);
            }
            return;
        }
    }
    let Ok(exe) = std::env::current_exe() else {
        eprintln!("cannot find the benchmark's own path");
        std::process::exit(2);
    };
    if let Some(at) = args.iter().position(|a| a == "--pairs") {
        pairs(&exe, number(at + 1, 200), number(at + 2, 1800) as usize);
        return;
    }
    let filter = args.iter().find(|a| !a.starts_with('-')).cloned();
    println!("| case | op | bytes | time | CPU | steps | peak memory | answer |");
    println!("|---|---|---:|---:|---:|---:|---:|---|");
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
            let steps = fields.get(4).copied().unwrap_or("?");
            println!(
                "| {name} | {op} | {bytes} | {ms} ms | {} | {steps} | {:.1} MB | {note} |",
                child_cpu(&out.stderr),
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
