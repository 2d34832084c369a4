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

/// The messages of one rule on an auth policy.
fn messages(code: &str, text: &str) -> Vec<String> {
    let loaded = load_str("case.json", text, LoadOptions::default());
    let config = LintConfig {
        select: vec![code.to_string()],
        ..LintConfig::default()
    };
    lint(loaded.policy.as_ref().unwrap(), &loaded.source, &config)
        .iter()
        .map(|f| f.message.clone())
        .collect()
}

#[test]
fn any_account_access_says_when_only_the_network_limits_the_caller() {
    // The analysis answers whether a caller of another account gets in from
    // a network no policy names: a service network condition (as in corpus
    // file 011) limits where requests come from, not who signs them.
    let network_only = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"},"StringEquals":{"vpc-lattice-svcs:ServiceNetworkArn":"arn:aws:vpc-lattice:us-west-2:111122223333:servicenetwork/sn-0123456789abcdef0"}}}]}"#;
    let messages_of = messages("ANY_ACCOUNT_ACCESS", network_only);
    assert_eq!(messages_of.len(), 1, "{messages_of:?}");
    assert!(
        messages_of[0].contains("from the networks it names"),
        "{messages_of:?}"
    );
    // A VPC it shuts out still leaves every other VPC: nothing limits the caller.
    let all_but_one_vpc = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"},"StringNotEquals":{"vpc-lattice-svcs:SourceVpc":"vpc-1a2b3c4d"}}}]}"#;
    let messages_of = messages("ANY_ACCOUNT_ACCESS", all_but_one_vpc);
    assert_eq!(messages_of.len(), 1, "{messages_of:?}");
    assert!(
        messages_of[0].contains("no condition limits their account"),
        "{messages_of:?}"
    );
}

#[test]
fn anonymous_access_counts_http_and_grpc_requests_only() {
    // A statement that only TLS connections (never signed) pass is not
    // anonymous access; one that HTTP requests pass as well is, whatever
    // order the protocols are tried in.
    let tls = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:*","Resource":"*","Condition":{"Null":{"vpc-lattice-svcs:RequestMethod":"true"}}}]}"#;
    assert_eq!(messages("ANONYMOUS_ACCESS", tls), Vec::<String>::new());
    let both = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:*","Resource":"*"}]}"#;
    assert_eq!(messages("ANONYMOUS_ACCESS", both).len(), 1);
}
