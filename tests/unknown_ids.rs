//! Account and organization ids known only at deploy time, read by
//! `policy check` as one fixed id each (decision `unknown-ids-fixed`):
//! CloudFormation, Terraform and Kubernetes files through the binary, and a
//! property test holding the fresh id's answer to the answers for concrete
//! ids.

use std::borrow::Cow;
use std::process::Command;

use lattice_policy::diagnostic::{Finding, Severity};
use lattice_policy::json::{self, Node, Value};
use lattice_policy::lint::{lint, LintConfig};
use lattice_policy::lower::lower;
use lattice_policy::model::{IdKind, Policy, PolicyKind};
use lattice_policy::source::Source;
use lattice_policy::span::Span;

use crate::rng::Rng;

const DATA: &str = "tests/data/iac/unknown_ids";

/// `policy check --format concise --no-config ARGS` from the crate root:
/// (exit code, one line per finding).
fn check(args: &[&str]) -> (i32, Vec<String>) {
    let out = Command::new(env!("CARGO_BIN_EXE_policy"))
        .args(["check", "--format", "concise", "--no-config"])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("run policy");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    (
        out.status.code().unwrap_or(-1),
        stdout
            .lines()
            .filter(|l| l.starts_with(DATA))
            .map(str::to_owned)
            .collect(),
    )
}

/// The lines of `lines` with `code` in them.
fn with<'a>(lines: &'a [String], code: &str) -> Vec<&'a str> {
    lines
        .iter()
        .filter(|l| l.contains(&format!(" {code} ")))
        .map(String::as_str)
        .collect()
}

#[test]
fn cloudformation_org_and_account_are_one_id_each() {
    let file = format!("{DATA}/org-and-account.yaml");
    let (code, lines) = check(&[&file]);
    // The statement limited to `!Ref AWS::AccountId` lets no caller of any
    // account in; the one that lets in every organization but `!Ref OrgId`
    // does, whatever the organization: a warning, not an information.
    let any = with(&lines, "ANY_ACCOUNT_ACCESS");
    assert_eq!(any.len(), 1, "{lines:#?}");
    assert!(any[0].contains(":28:24: warning"), "{}", any[0]);
    // The Deny names 111122223333, which the deploying account may be.
    assert!(
        lines.iter().any(|l| l.contains(":20:13: info UNRESOLVED_VALUE ALLOW_OVERRIDDEN_BY_DENY cannot decide here: it depends on `!Ref AWS::AccountId` (whether it is `111122223333`)")),
        "{lines:#?}"
    );
    assert!(with(&lines, "ANONYMOUS_ACCESS").is_empty(), "{lines:#?}");
    assert_eq!(code, 0);
    // Given the account, the rule decides either way.
    let (_, named) = check(&[&file, "--account", "111122223333"]);
    assert!(
        named
            .iter()
            .any(|l| l.contains(":20:13: warning ALLOW_OVERRIDDEN_BY_DENY")),
        "{named:#?}"
    );
    let (_, other) = check(&[&file, "--account", "444455556666"]);
    assert!(
        !other.iter().any(|l| l.contains("ALLOW_OVERRIDDEN_BY_DENY")),
        "{other:#?}"
    );
}

#[test]
fn terraform_caller_identity_is_one_account_in_principal_and_condition() {
    let (code, lines) = check(&[&format!("{DATA}/terraform")]);
    // `var.org_id` limits the first statement to one organization; the
    // second's principal and condition name the same account, so it
    // applies (two accounts would make it never apply).
    for rule in [
        "ANY_ACCOUNT_ACCESS",
        "ANONYMOUS_ACCESS",
        "STATEMENT_NEVER_APPLIES",
    ] {
        assert!(with(&lines, rule).is_empty(), "{rule}: {lines:#?}");
    }
    assert_eq!(with(&lines, "UNRESOLVED_VALUE").len(), 3, "{lines:#?}");
    assert_eq!(code, 0);
}

#[test]
fn kubernetes_org_placeholder_limits_callers_unless_negated() {
    let (code, lines) = check(&[&format!("{DATA}/gateway.yaml")]);
    let any = with(&lines, "ANY_ACCOUNT_ACCESS");
    // Only the route's `StringNotEquals` on `$ORG_ID` lets every account in.
    assert_eq!(any.len(), 1, "{lines:#?}");
    assert!(any[0].contains(":65:24: warning"), "{}", any[0]);
    assert_eq!(code, 0);
    // The same with the value given: the placeholder was read as exactly that.
    let (_, given) = check(&[
        &format!("{DATA}/gateway.yaml"),
        "--env",
        "ORG_ID=o-a1b2c3d4e5",
    ]);
    assert_eq!(with(&given, "ANY_ACCOUNT_ACCESS"), any, "{given:#?}");
}

/// Every string `{{EXPR}}` in the tree becomes the unknown `EXPR`.
fn mark_unknowns(node: &mut Node<'_>) {
    match &mut node.value {
        Value::String(s) => {
            if let Some(inner) = s.strip_prefix("{{").and_then(|r| r.strip_suffix("}}")) {
                node.value = Value::Unknown(Cow::Owned(inner.to_string()));
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mark_unknowns),
        Value::Object(members) => members.iter_mut().for_each(|m| mark_unknowns(&mut m.value)),
        _ => {}
    }
}

fn policy(text: &str) -> Policy {
    let parsed = json::parse(text);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let mut root = parsed.root.expect("a tree");
    mark_unknowns(&mut root);
    let lowered = lower(&root, PolicyKind::Auth);
    assert!(
        lowered
            .findings
            .iter()
            .all(|f| f.info.code == "UNRESOLVED_VALUE"),
        "{text}: {:#?}",
        lowered.findings
    );
    lowered.policy
}

const ACCOUNT: &str = "{{!Ref AWS::AccountId}}";
const ORG: &str = "{{!Ref OrgId}}";
const NAMED_ACCOUNT: &str = "111122223333";
const NAMED_ORG: &str = "o-a1b2c3d4e5";

/// A random statement over the deploying account, an organization
/// parameter, one named account and one named organization.
fn statement(rng: &mut Rng) -> String {
    let effect = if rng.chance(1, 3) { "Deny" } else { "Allow" };
    let principal = match rng.below(3) {
        0 => r#""*""#.to_owned(),
        1 => r#"{"AWS":"{{!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root}}"}"#.to_owned(),
        _ => format!(r#"{{"AWS":"{NAMED_ACCOUNT}"}}"#),
    };
    // Operator to its clauses; a key at most once per operator.
    let mut blocks: Vec<(&str, Vec<String>)> = Vec::new();
    let mut add = |op: &'static str, clause: String| match blocks.iter_mut().find(|(o, _)| *o == op)
    {
        Some((_, clauses))
            if !clauses
                .iter()
                .any(|c| c.split(':').next() == clause.split(':').next()) =>
        {
            clauses.push(clause)
        }
        Some(_) => {}
        None => blocks.push((op, vec![clause])),
    };
    for _ in 0..rng.below(3) {
        let op = rng.pick(&["StringEquals", "StringNotEquals"]);
        match rng.below(5) {
            0 | 1 => {
                let value = rng.pick(&[ACCOUNT, ACCOUNT, NAMED_ACCOUNT]);
                add(op, format!(r#""aws:PrincipalAccount":"{value}""#));
            }
            2 | 3 => {
                let value = rng.pick(&[ORG, ORG, NAMED_ORG]);
                add(op, format!(r#""aws:PrincipalOrgID":"{value}""#));
            }
            _ => add(
                "StringNotEqualsIgnoreCase",
                r#""aws:PrincipalType":"Anonymous""#.to_owned(),
            ),
        }
    }
    let condition = if blocks.is_empty() {
        String::new()
    } else {
        let inner: Vec<String> = blocks
            .iter()
            .map(|(op, clauses)| format!(r#""{op}":{{{}}}"#, clauses.join(",")))
            .collect();
        format!(r#","Condition":{{{}}}"#, inner.join(","))
    };
    format!(
        r#"{{"Effect":"{effect}","Principal":{principal},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"{condition}}}"#
    )
}

/// The findings of the rules that ask who gets in, as (code, span).
fn answers(findings: &[Finding]) -> Vec<(&'static str, Span)> {
    const ASKED: [&str; 5] = [
        "ANONYMOUS_ACCESS",
        "ANY_ACCOUNT_ACCESS",
        "ALLOWS_NOTHING",
        "ALLOW_OVERRIDDEN_BY_DENY",
        "STATEMENT_NEVER_APPLIES",
    ];
    let mut out: Vec<(&'static str, Span)> = findings
        .iter()
        .filter(|f| ASKED.contains(&f.info.code))
        .map(|f| (f.info.code, f.span))
        .collect();
    out.sort_by_key(|(c, s)| (*c, s.start, s.end));
    out
}

/// The policy with the account and the organization set to these ids.
fn concrete(policy: &Policy, account: &str, org: &str) -> Policy {
    let slots = policy.id_slots();
    let kind = |reference: &str| {
        slots
            .iter()
            .find(|s| s.reference == reference)
            .map(|s| s.kind)
    };
    let fixed = policy.with_ids(&slots, &|r| match kind(r) {
        Some(IdKind::Account) => Some(account.to_owned()),
        Some(IdKind::Org) => Some(org.to_owned()),
        None => None,
    });
    assert!(!fixed.has_unknowns(), "{:#?}", fixed.unknowns);
    fixed
}

#[test]
fn the_fresh_id_answers_as_every_id_the_policy_does_not_name() {
    let config = LintConfig::default();
    let mut rng = Rng(0x1d5_f1e5);
    let mut decided = 0;
    for case in 0..48 {
        let count = 1 + rng.below(3);
        let body: Vec<String> = (0..count).map(|_| statement(&mut rng)).collect();
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
            body.join(",")
        );
        let p = policy(&text);
        let source = Source::new("template.yaml", text.as_str());
        let slots = p.id_slots();
        // Every unknown here is an id.
        assert_eq!(slots.len(), p.unknowns.len(), "{text}");
        // What the rules see with the fresh ids.
        let fresh_account = p.fresh_id(IdKind::Account, &[]);
        let fresh_org = p.fresh_id(IdKind::Org, &[]);
        assert!(!text.contains(&fresh_account) && !text.contains(&fresh_org));
        let fresh = lint(&concrete(&p, &fresh_account, &fresh_org), &source, &config);
        // The same as for any other id the policy does not name.
        for (account, org) in [
            ("555566667777", "o-zzzzzzzzzz"),
            ("123456789012", "o-q1w2e3r4t5"),
        ] {
            let other = lint(&concrete(&p, account, org), &source, &config);
            assert_eq!(
                answers(&fresh),
                answers(&other),
                "case {case}, {account} {org}: {text}"
            );
        }
        // What `policy check` reports holds for every id, the named ones
        // included: no certain finding that some id makes false, and no
        // access finding of some id left unsaid.
        let reported = lint(&p, &source, &config);
        for (account, org) in [
            ("555566667777", "o-zzzzzzzzzz"),
            (NAMED_ACCOUNT, "o-zzzzzzzzzz"),
            ("555566667777", NAMED_ORG),
            (NAMED_ACCOUNT, NAMED_ORG),
        ] {
            let deployed = lint(&concrete(&p, account, org), &source, &config);
            let found = answers(&deployed);
            for f in reported.iter().filter(|f| f.severity != Severity::Info) {
                if answers(std::slice::from_ref(f)).is_empty() {
                    continue;
                }
                decided += 1;
                // A statement that never applies may be said by a more
                // specific finding in it instead (the rules that read the
                // text see the deployed id, which they do not see offline).
                let statement = p
                    .statements
                    .iter()
                    .find(|s| s.span.start <= f.span.start && f.span.end <= s.span.end)
                    .map(|s| s.span);
                let folded = f.info.code == "STATEMENT_NEVER_APPLIES"
                    && deployed.iter().any(|d| {
                        d.severity != Severity::Info
                            && statement
                                .is_some_and(|s| s.start <= d.span.start && d.span.end <= s.end)
                    });
                assert!(
                    folded || found.contains(&(f.info.code, f.span)),
                    "case {case}: {} at {:?} claimed, false for {account} {org}: {text}\n{:?}\n{:?}",
                    f.info.code,
                    f.span,
                    answers(&reported),
                    found
                );
            }
            for (code, span) in found {
                if code != "ANONYMOUS_ACCESS" && code != "ANY_ACCOUNT_ACCESS" {
                    continue;
                }
                assert!(
                    reported.iter().any(|f| f.span == span
                        && (f.info.code == code || f.info.code == "UNRESOLVED_VALUE")),
                    "case {case}: {code} for {account} {org} unsaid: {text}\n{reported:#?}"
                );
            }
        }
    }
    // The cases decide something.
    assert!(decided > 10, "{decided}");
}
