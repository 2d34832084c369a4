//! `policy rules` and `policy explain CODE`: every code the tool can print,
//! whether found in a policy or in the configuration file, is listed and
//! documented, and the list agrees with the library's registries.

use std::collections::{BTreeSet, HashSet};

use lattice_policy::check::EXPECTATION_CODES;
use lattice_policy::registry;
use lattice_policy::{config, diagnostic, lint};

use super::*;

const HEADINGS: [&str; 4] = [
    "### What it does",
    "### Why is this bad?",
    "### Example",
    "### Use instead",
];

/// `policy rules --format json`.
fn listed() -> Vec<Value> {
    let run = policy(&[&"rules", &"--format", &"json"]);
    assert_eq!(run.code, 0, "{run:?}");
    run.json().as_array().unwrap().clone()
}

fn field<'v>(entry: &'v Value, key: &str) -> &'v str {
    entry[key]
        .as_str()
        .unwrap_or_else(|| panic!("no {key} in {entry}"))
}

#[test]
fn the_list_is_every_registry_in_order_with_its_kind() {
    let listed = listed();
    let expected: Vec<(&str, &str)> = diagnostic::codes::ALL
        .iter()
        .map(|c| (c.code, "grammar"))
        .chain(
            lattice_policy::iac::codes::ALL
                .iter()
                .map(|c| (c.code, "grammar")),
        )
        .chain(
            lattice_policy::iac::yaml::codes::ALL
                .iter()
                .map(|c| (c.code, "grammar")),
        )
        .chain(
            lattice_policy::iac::terraform::codes::ALL
                .iter()
                .map(|c| (c.code, "grammar")),
        )
        .chain(EXPECTATION_CODES.iter().map(|c| (c.code, "expectation")))
        .chain(lint::RULES.iter().map(|r| (r.info.code, "rule")))
        .chain(config::codes::ALL.iter().map(|c| (c.code, "config")))
        .chain(
            lattice_policy::wire::codes::ALL
                .iter()
                .map(|c| (c.code, "request")),
        )
        .collect();
    let got: Vec<(&str, &str)> = listed
        .iter()
        .map(|e| (field(e, "code"), field(e, "kind")))
        .collect();
    assert_eq!(got, expected);
    let library: Vec<(&str, &str)> = registry::all().map(|c| (c.code, c.kind.as_str())).collect();
    assert_eq!(got, library);

    let mut codes = HashSet::new();
    let mut names = HashSet::new();
    for entry in &listed {
        let (code, name) = (field(entry, "code"), field(entry, "name"));
        assert!(codes.insert(code), "code {code} twice");
        assert!(names.insert(name), "name {name} twice");
        assert_eq!(name, code.to_ascii_lowercase().replace('_', "-"));
        let summary = field(entry, "summary");
        assert!(!summary.is_empty() && !summary.ends_with('.'), "{code}");
    }

    // The human list shows each code once, the configuration checks in a
    // section of their own.
    let run = policy(&[&"rules"]);
    assert_eq!(run.code, 0);
    for (code, _) in &expected {
        let lines = run
            .stdout
            .lines()
            .filter(|l| l.split_whitespace().next() == Some(code))
            .count();
        assert_eq!(lines, 1, "{code} in:\n{}", run.stdout);
    }
    let section = run
        .stdout
        .split("configuration checks (lattice-policy.toml):")
        .nth(1)
        .expect("a configuration section");
    for info in config::codes::ALL {
        assert!(section.contains(info.code), "{}", info.code);
    }
}

#[test]
fn explain_knows_every_listed_code_by_code_and_by_name() {
    for entry in listed() {
        let (code, name) = (field(&entry, "code"), field(&entry, "name"));
        let run = policy(&[&"explain", &code]);
        assert_eq!(run.code, 0, "{code}: {run:?}");
        let head = format!(
            "{code} ({name})\nseverity: {}; IAM Access Analyzer category: {}\n\n{}\n",
            field(&entry, "severity"),
            field(&entry, "category"),
            field(&entry, "summary")
        );
        assert!(run.stdout.starts_with(&head), "{code}:\n{}", run.stdout);

        let run = policy(&[&"explain", &name, &"--format", &"json"]);
        assert_eq!(run.code, 0, "{name}: {run:?}");
        let explained = run.json();
        for key in ["code", "name", "severity", "category", "kind", "summary"] {
            assert_eq!(explained[key], entry[key], "{code}: {key}");
        }
        assert!(!field(&explained, "doc").is_empty(), "{code}: no doc");
    }
}

#[test]
fn configuration_codes_are_documented_like_lint_rules() {
    assert_eq!(config::codes::ALL.len(), 4);
    for info in config::codes::ALL {
        let run = policy(&[&"explain", &info.code.to_ascii_lowercase()]);
        assert_eq!(run.code, 0, "{}: {run:?}", info.code);
        for heading in HEADINGS {
            assert!(
                run.stdout.contains(heading),
                "{}: no `{heading}` in:\n{}",
                info.code,
                run.stdout
            );
        }
        assert!(run.stdout.contains("```toml"), "{}", info.code);
        let json = policy(&[&"explain", &info.code, &"--format", &"json"]).json();
        assert_eq!(json["kind"], "config");
        assert_eq!(json["severity"], "error");
    }
}

/// The codes printed as the heading line of human diagnostics.
fn heading_codes(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|l| {
            !l.is_empty()
                && l.bytes().all(|b| b.is_ascii_uppercase() || b == b'_')
                && l.contains('_')
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn every_code_the_tool_prints_can_be_explained() {
    let mut seen = BTreeSet::new();

    // The configuration file: every kind of problem it can have.
    let dir = Scratch::new("explain-config-codes");
    dir.file("clean.json", CLEAN);
    dir.file(
        "lattice-policy.toml",
        "fail_on = \"warning\"\nfail-on = 1\ninclude = [\"[\"]\n[rules]\nALLOW_WITH_NOT_PRINCIPLE = \"off\"\nALLOW_WITH_NOT_PRINCIPAL = \"warn\"\n",
    );
    let run = policy_in(&dir.0, &[&"check", &"clean.json"]);
    assert_eq!(run.code, 2, "{run:?}");
    seen.extend(heading_codes(&run.stderr));
    dir.file("broken.toml", "include = [\"policies\"\n");
    let run = policy_in(
        &dir.0,
        &[&"check", &"--config", &"broken.toml", &"clean.json"],
    );
    assert_eq!(run.code, 2, "{run:?}");
    seen.extend(heading_codes(&run.stderr));
    let expected: BTreeSet<String> = config::codes::ALL
        .iter()
        .map(|c| c.code.to_string())
        .collect();
    assert_eq!(seen, expected, "the configuration codes shown");

    // Policies: the scenarios and the corpus samples, as auth and identity policies.
    for kind in ["auth", "identity"] {
        for path in ["policies", "tests/data"] {
            let (_, report) = check_json(&[&"--kind", &kind, &path]);
            for file in files(&report) {
                seen.extend(codes(file));
            }
        }
    }
    // The expectations: a `never` invariant broken, access a baseline denied,
    // and an invariant a policy with errors cannot be checked against.
    let model = dir.file(
        "model.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous","vpc-lattice-svcs:RequestMethod":"GET"}}}]}"#,
    );
    let signed = dir.file(
        "signed.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"}}}]}"#,
    );
    // A grammar error: the invariant is reported as not checked.
    let broken = dir.file(
        "broken.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"allow","Principal":"*","Action":"*","Resource":"*"}]}"#,
    );
    let runs = [
        policy(&[
            &"check",
            &model,
            &"--never",
            &"DELETE /admin/* as any-account",
        ]),
        policy(&[&"check", &signed, &"--baseline", &model]),
        policy(&[&"check", &broken, &"--never", &"GET /* from anonymous"]),
    ];
    for run in runs {
        assert_eq!(run.code, 1, "{run:?}");
        seen.extend(heading_codes(&run.stdout));
    }
    for info in EXPECTATION_CODES {
        assert!(seen.contains(info.code), "{} not shown", info.code);
    }
    assert!(seen.len() > expected.len() + 10, "{seen:?}");

    for code in &seen {
        let run = policy(&[&"explain", &code]);
        assert_eq!(run.code, 0, "`policy explain {code}`: {run:?}");
        assert!(run.stdout.starts_with(&format!("{code} (")), "{code}");
    }
}

#[test]
fn an_unknown_code_is_refused_with_a_suggestion() {
    let run = policy(&[&"explain", &"UNKNOWN_RULES"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("did you mean `UNKNOWN_RULE`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn decisions_are_listed_and_explained_by_name() {
    let run = policy(&[&"rules", &"--decisions", &"--format", &"json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let listed: Vec<String> = run
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|d| field(d, "name").to_owned())
        .collect();
    let library: Vec<&str> = lattice_policy::eval::decisions::DECISIONS
        .iter()
        .map(|(d, _)| *d)
        .collect();
    assert_eq!(listed, library);
    // A decision is explained by its name, not shadowed by a check's name.
    let checks: HashSet<String> = listed_checks_names();
    for name in &listed {
        assert!(!checks.contains(name), "{name} is also a check's name");
        let run = policy(&[&"explain", name]);
        assert_eq!(run.code, 0, "{run:?}");
        assert!(
            run.stdout.starts_with(&format!("decision `{name}`")),
            "{}",
            run.stdout
        );
        assert!(run.stdout.contains("**Why.**"), "{name}: {}", run.stdout);
        assert!(
            run.stdout.contains("https://docs.aws.amazon.com/"),
            "{name}"
        );
    }
    let run = policy(&[&"explain", &"tls-connect-only", &"--format", &"json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let doc = run.json();
    assert_eq!(doc["kind"], "decision");
    assert!(field(&doc, "doc").contains("`Connect`"), "{doc}");

    let human = policy(&[&"rules", &"--decisions"]);
    assert!(
        human.stdout.contains("identity-layer-assumed"),
        "{}",
        human.stdout
    );
    let rules = policy(&[&"rules"]);
    assert!(
        rules.stdout.contains("policy rules --decisions"),
        "{}",
        rules.stdout
    );
}

fn listed_checks_names() -> HashSet<String> {
    listed()
        .iter()
        .map(|e| field(e, "name").to_owned())
        .collect()
}

#[test]
fn decision_ids_are_not_names_and_near_misses_are_suggested() {
    // The notes the project started from numbered their decisions; the
    // repository names them, and a number is no name.
    let id = format!("D{}", 7);
    let run = policy(&[&"explain", &id]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("no decision"), "{}", run.stderr);
    let run = policy(&[&"explain", &"identity-layer-asumed"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("did you mean `identity-layer-assumed`?"),
        "{}",
        run.stderr
    );
    // Spelt as a code, a decision's name is still found.
    let run = policy(&[&"explain", &"TLS_CONNECT_ONLY"]);
    assert_eq!(run.code, 0, "{run:?}");
}
