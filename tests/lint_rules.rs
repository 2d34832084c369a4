//! Every lint rule: the registry's invariants, each rule's own pass and fail
//! policies, and one reviewed snapshot per rule of its failing cases'
//! diagnostics as `policy check` renders them.
//!
//! A case is an auth policy, or an identity policy when it starts with
//! `identity:`.

use std::collections::HashSet;
use std::io::Write;
use std::process::{Command, Stdio};

use lattice_policy::lint::{lint, LintConfig, Rule, RULES};
use lattice_policy::load::{load_str, LoadOptions};
use lattice_policy::model::PolicyKind;
use lattice_policy::registry;

const HEADINGS: [&str; 4] = [
    "### What it does",
    "### Why is this bad?",
    "### Example",
    "### Use instead",
];

fn split_case(case: &str) -> (PolicyKind, &str) {
    match case.strip_prefix("identity:") {
        Some(rest) => (PolicyKind::Identity, rest),
        None => (PolicyKind::Auth, case),
    }
}

/// The codes this rule alone reports on a case; the case must be a valid policy.
fn codes_for(rule: &'static Rule, case: &str) -> Vec<String> {
    let (kind, text) = split_case(case);
    let loaded = load_str(
        "case.json",
        text,
        LoadOptions {
            kind,
            ..LoadOptions::default()
        },
    );
    assert!(
        !loaded.has_errors(),
        "{}: case has grammar errors: {text}\n{:?}",
        rule.info.code,
        loaded.findings
    );
    let config = LintConfig {
        select: vec![rule.info.code.to_string()],
        ..LintConfig::default()
    };
    lint(loaded.policy.as_ref().unwrap(), &loaded.source, &config)
        .iter()
        .map(|f| f.code().to_string())
        .collect()
}

#[test]
fn codes_and_names_are_unique() {
    let mut codes = HashSet::new();
    let mut names = HashSet::new();
    for info in registry::policy_codes() {
        assert!(codes.insert(info.code), "code {} twice", info.code);
        assert!(names.insert(info.name), "name {} twice", info.name);
        assert!(
            info.code
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b == b'_'),
            "{}",
            info.code
        );
        assert_eq!(
            info.name,
            info.code.to_ascii_lowercase().replace('_', "-"),
            "name of {}",
            info.code
        );
    }
}

#[test]
fn every_rule_is_documented_and_has_cases() {
    assert!(!RULES.is_empty());
    for rule in RULES {
        let code = rule.info.code;
        for heading in HEADINGS {
            assert!(
                rule.info.doc.contains(heading),
                "{code}: doc lacks `{heading}`"
            );
        }
        assert!(
            !rule.info.summary.is_empty() && !rule.info.summary.ends_with('.'),
            "{code}: summary"
        );
        assert!(!rule.pass.is_empty(), "{code}: no passing case");
        assert!(!rule.fail.is_empty(), "{code}: no failing case");
    }
}

#[test]
fn every_rule_passes_its_passing_cases_and_flags_its_failing_ones() {
    for rule in RULES {
        let code = rule.info.code;
        for case in rule.pass {
            assert_eq!(
                codes_for(rule, case),
                Vec::<String>::new(),
                "{code} flagged a passing case: {case}"
            );
        }
        for case in rule.fail {
            let found = codes_for(rule, case);
            assert!(!found.is_empty(), "{code} missed a failing case: {case}");
            assert!(found.iter().all(|c| c == code), "{code} reported {found:?}");
        }
    }
}

/// `policy check --select CODE` on every failing case, as a user sees it.
fn rendered(rule: &Rule) -> String {
    let mut all = String::new();
    for (i, case) in rule.fail.iter().enumerate() {
        let (kind, text) = split_case(case);
        let kind = if kind == PolicyKind::Identity {
            "identity"
        } else {
            "auth"
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_policy"))
            .args([
                "check",
                "--select",
                rule.info.code,
                "--kind",
                kind,
                "--fail-on",
                "info",
                "-",
            ])
            .env("COLUMNS", "80")
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}: exit code on case {i}",
            rule.info.code
        );
        all.push_str(&format!("── case {} ({kind}): {text}\n", i + 1));
        all.push_str(&String::from_utf8(out.stdout).unwrap());
        all.push('\n');
    }
    all
}

#[test]
fn every_rule_has_a_reviewed_snapshot_of_its_failing_cases() {
    for rule in RULES {
        let text = rendered(rule);
        insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true}, {
            insta::assert_snapshot!(format!("rule__{}", rule.info.code), text);
        });
    }
}
