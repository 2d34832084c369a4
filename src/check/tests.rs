//! The pipeline's stages and the one decision of whether a policy can be evaluated.

use super::*;
use crate::analysis::Invariant;
use crate::diagnostic::Severity;

/// `GET /health` for everyone: ANONYMOUS_ACCESS, a lint error.
const OPEN_HEALTH: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"GET"},"StringLike":{"vpc-lattice-svcs:RequestPath":"/health"}}}]}"#;

/// The same with a grammar error (`"Effect": "allow"`).
const BROKEN: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#;

fn never(text: &str) -> Expectations {
    Expectations {
        never: vec![Invariant::parse(text).unwrap()],
        ..Expectations::default()
    }
}

fn check(text: &str, kind: PolicyKind, expectations: &Expectations) -> Report {
    let lint = LintConfig::default();
    let checker = Checker {
        load: LoadOptions {
            kind,
            ..LoadOptions::default()
        },
        lint: &lint,
        expectations,
    };
    check_bytes("policy.json", text.as_bytes(), &checker)
}

fn codes(report: &Report, stage: Stage) -> Vec<&'static str> {
    report
        .stage(stage)
        .unwrap()
        .findings
        .iter()
        .map(|f| f.code())
        .collect()
}

#[test]
fn every_stage_has_a_result_in_order() {
    let report = check(OPEN_HEALTH, PolicyKind::Auth, &Expectations::default());
    let stages: Vec<Stage> = report.stages.iter().map(|s| s.stage).collect();
    assert_eq!(stages, [Stage::Grammar, Stage::Lint, Stage::Expectations]);
    assert_eq!(
        report.stage(Stage::Expectations).unwrap().outcome,
        Outcome::NotRun(NotRun::NothingToDo)
    );
    assert!(codes(&report, Stage::Grammar).is_empty());
    assert_eq!(codes(&report, Stage::Lint), ["ANONYMOUS_ACCESS"]);
}

#[test]
fn a_lint_error_never_stops_the_expectations() {
    let report = check(
        OPEN_HEALTH,
        PolicyKind::Auth,
        &never("GET /* from anonymous"),
    );
    assert!(report.evaluable);
    let expectations = report.stage(Stage::Expectations).unwrap();
    assert_eq!(expectations.outcome, Outcome::Ran);
    assert_eq!(codes(&report, Stage::Expectations), ["INVARIANT_VIOLATED"]);
    let violation = &expectations.findings[0];
    let witness = violation.witness.as_deref().expect("the witness is data");
    assert!(
        witness.query.starts_with("GET /health"),
        "{}",
        witness.query
    );
    assert_eq!(witness.request.method.as_deref(), Some("GET"));
    // Both findings, in source order, in the one list renderers read.
    let all: Vec<&str> = report.findings().iter().map(|f| f.code()).collect();
    assert!(all.contains(&"ANONYMOUS_ACCESS") && all.contains(&"INVARIANT_VIOLATED"));
}

#[test]
fn a_grammar_error_reports_each_expectation_as_not_checked() {
    let mut expectations = never("GET /* from anonymous");
    expectations
        .never
        .push(Invariant::parse("DELETE /* as any-account").unwrap());
    let report = check(BROKEN, PolicyKind::Auth, &expectations);
    assert!(!report.evaluable);
    let stage = report.stage(Stage::Expectations).unwrap();
    assert_eq!(stage.outcome, Outcome::NotRun(NotRun::NotEvaluable));
    assert_eq!(
        codes(&report, Stage::Expectations),
        ["EXPECTATION_NOT_CHECKED", "EXPECTATION_NOT_CHECKED"]
    );
    // At the error that stops evaluation.
    let error = &report.stage(Stage::Grammar).unwrap().findings[0];
    assert_eq!(error.code(), "INVALID_EFFECT");
    for finding in &stage.findings {
        assert_eq!(finding.span, error.span);
        assert_eq!(finding.severity, Severity::Error);
    }
    assert!(stage.findings[1]
        .message
        .contains("DELETE /* as any-account"));
}

#[test]
fn a_warning_from_reading_leaves_the_policy_evaluable() {
    // No `Version`: MISSING_VERSION is a warning, and `policy eval` takes the file.
    let text = OPEN_HEALTH.replacen(r#""Version":"2012-10-17","#, "", 1);
    let report = check(&text, PolicyKind::Auth, &never("GET /* from anonymous"));
    assert_eq!(codes(&report, Stage::Grammar), ["MISSING_VERSION"]);
    assert!(report.evaluable);
    assert_eq!(codes(&report, Stage::Expectations), ["INVARIANT_VIOLATED"]);
}

#[test]
fn unreadable_json_has_no_lint_stage_and_no_silent_expectations() {
    let report = check("{", PolicyKind::Auth, &never("GET /* from anonymous"));
    assert_eq!(
        report.stage(Stage::Lint).unwrap().outcome,
        Outcome::NotRun(NotRun::NoModel)
    );
    assert_eq!(
        codes(&report, Stage::Expectations),
        ["EXPECTATION_NOT_CHECKED"]
    );
}

#[test]
fn identity_policies_are_not_checked_against_expectations_and_say_so() {
    let identity = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#;
    let report = check(identity, PolicyKind::Identity, &never("GET /*"));
    assert!(report.evaluable);
    assert_eq!(
        report.stage(Stage::Expectations).unwrap().outcome,
        Outcome::NotRun(NotRun::NotAnAuthPolicy)
    );
    assert_eq!(
        codes(&report, Stage::Expectations),
        ["EXPECTATION_NOT_CHECKED"]
    );
}

#[test]
fn a_baseline_that_denied_the_access_gives_new_access_with_its_witness() {
    let closed = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#;
    let baseline = load::load_str("old.json", closed, LoadOptions::default());
    let expectations = Expectations {
        never: Vec::new(),
        baseline: Some(Baseline {
            name: "old.json".into(),
            policy: baseline.policy.unwrap(),
        }),
        ..Expectations::default()
    };
    let report = check(OPEN_HEALTH, PolicyKind::Auth, &expectations);
    let found = codes(&report, Stage::Expectations);
    assert!(
        !found.is_empty() && found.iter().all(|c| *c == "NEW_ACCESS"),
        "{found:?}"
    );
    let first = &report.stage(Stage::Expectations).unwrap().findings[0];
    let target = report.eval_target();
    let help = first.help_for(&target).unwrap();
    assert!(
        help.contains("see why this request is allowed: policy eval policy.json 'GET /health"),
        "{help}"
    );

    let broken = check(BROKEN, PolicyKind::Auth, &expectations);
    let stage = broken.stage(Stage::Expectations).unwrap();
    assert_eq!(stage.findings.len(), 1);
    assert!(stage.findings[0]
        .message
        .contains("the baseline `old.json`"));
}

/// `policy` with its statement repeated until it is over the 10,000
/// character quota.
fn over_the_quota(statement: &str) -> String {
    let statements = vec![statement; 10_001 / statement.len() + 1].join(",");
    format!(r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#)
}

#[test]
fn a_policy_over_the_quota_is_not_analysed_and_its_expectations_say_why() {
    let text = over_the_quota(
        r#"{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringLike":{"vpc-lattice-svcs:RequestHeader/x":"*a*b*c*"}}}"#,
    );
    let report = check(
        &text,
        PolicyKind::Auth,
        &never("GET /admin/* from anonymous"),
    );
    let lint = codes(&report, Stage::Lint);
    assert!(
        lint.contains(&"POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA"),
        "{lint:?}"
    );
    // Over the quota, nothing is proved: the invariant is not claimed to hold.
    let found = &report.stage(Stage::Expectations).unwrap().findings;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].code(), "INVARIANT_VIOLATED");
    assert!(
        found[0]
            .message
            .contains("over the quota of 10,000 characters, so it is not analysed"),
        "{}",
        found[0].message
    );
}

#[test]
fn past_the_analysis_budget_an_expectation_says_it_could_not_decide() {
    let expectations = Expectations {
        analysis_budget: "1K".parse().unwrap(),
        ..never("GET /admin/* from anonymous")
    };
    let report = check(OPEN_HEALTH, PolicyKind::Auth, &expectations);
    let found = &report.stage(Stage::Expectations).unwrap().findings;
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .message
            .contains("the analysis budget (2s,1K) was exceeded"),
        "{}",
        found[0].message
    );
    // With the default budget the same invariant is proved.
    let report = check(
        OPEN_HEALTH,
        PolicyKind::Auth,
        &never("GET /admin/* from anonymous"),
    );
    assert!(report
        .stage(Stage::Expectations)
        .unwrap()
        .findings
        .is_empty());
}
