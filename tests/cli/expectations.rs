//! Expectations (`--never`, `never = [...]`, `--baseline`) run whenever the
//! policy can be evaluated, next to any lint error, and are reported as not
//! checked when it cannot be: in every output format, with the exit code
//! each case calls for.

use super::*;

/// `GET /health` for every caller, signed or not: ANONYMOUS_ACCESS (an error).
const OPEN_HEALTH: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"GET","vpc-lattice-svcs:RequestPath":"/health"}}}]}"#;

/// Every signed caller of any account: ANY_ACCOUNT_ACCESS, an error under `private-to`.
const SIGNED: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"}}}]}"#;

/// Only callers of one organization: the baseline that denied everyone else.
const ORG: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#;

const FORMATS: [&str; 4] = ["human", "json", "sarif", "github"];

/// The codes one run reports, read from its output in `format`.
fn reported(format: &str, stdout: &str) -> Vec<String> {
    match format {
        "json" => {
            let report: Value = serde_json::from_str(stdout).unwrap();
            files(&report).iter().flat_map(codes).collect()
        }
        "sarif" => {
            let log: Value = serde_json::from_str(stdout).unwrap();
            log["runs"][0]["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["ruleId"].as_str().unwrap().to_owned())
                .collect()
        }
        "github" => stdout
            .lines()
            .filter_map(|l| l.split_once("title=")?.1.split_once(' '))
            .map(|(code, _)| code.to_owned())
            .collect(),
        _ => stdout
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
            .map(str::to_owned)
            .collect(),
    }
}

/// Runs `policy check` in `dir` in every format; each must report all of
/// `expected` and exit with `code`.
fn in_every_format(dir: &Path, args: &[&dyn AsRef<std::ffi::OsStr>], expected: &[&str], code: i32) {
    for format in FORMATS {
        let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"check", &"--format", &format];
        all.extend_from_slice(args);
        let run = policy_in(dir, &all);
        assert_eq!(run.code, code, "{format}: {run:?}");
        let found = reported(format, &run.stdout);
        for code in expected {
            assert!(
                found.iter().any(|c| c == code),
                "{format}: {code} missing from {found:?}\n{}",
                run.stdout
            );
        }
    }
}

/// `policy check --format json ARGS...` in `dir`: the exit code and the
/// findings of the one file checked.
fn findings_in(dir: &Path, args: &[&dyn AsRef<std::ffi::OsStr>]) -> (i32, Vec<Value>) {
    let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"check", &"--format", &"json"];
    all.extend_from_slice(args);
    let run = policy_in(dir, &all);
    let report = run.json();
    let findings = files(&report)[0]["findings"].as_array().unwrap().clone();
    (run.code, findings)
}

/// The first finding with this code.
fn first<'f>(findings: &'f [Value], code: &str) -> &'f Value {
    findings
        .iter()
        .find(|f| f["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {findings:?}"))
}

#[test]
fn an_invariant_is_checked_next_to_anonymous_access_in_every_format() {
    let dir = Scratch::new("expect-anonymous");
    dir.file("health.json", OPEN_HEALTH);
    in_every_format(
        &dir.0,
        &[
            &"health.json",
            &"--never",
            &"GET /* from anonymous",
            &"--no-config",
        ],
        &["ANONYMOUS_ACCESS", "INVARIANT_VIOLATED"],
        1,
    );
    // The same invariant from the configuration.
    dir.file(
        "lattice-policy.toml",
        "never = [\"GET /* from anonymous\"]\n",
    );
    in_every_format(
        &dir.0,
        &[&"health.json"],
        &["ANONYMOUS_ACCESS", "INVARIANT_VIOLATED"],
        1,
    );
}

#[test]
fn the_violation_carries_its_request_as_data_that_replays() {
    let dir = Scratch::new("expect-witness");
    dir.file("health.json", OPEN_HEALTH);
    let (code, findings) = findings_in(
        &dir.0,
        &[&"health.json", &"--never", &"GET /* from anonymous"],
    );
    assert_eq!(code, 1);
    let violation = first(&findings, "INVARIANT_VIOLATED");
    let witness = &violation["witness"];
    let query = witness["query"].as_str().unwrap();
    assert!(query.starts_with("GET /health from anonymous"), "{query}");
    assert_eq!(
        witness["command"],
        json!(format!("policy eval health.json '{query}'"))
    );
    // The request, as `--request` reads it, gets the same answer as the query.
    dir.file("request.json", witness["request"].to_string());
    let eval = policy_in(
        &dir.0,
        &[&"eval", &"health.json", &"--request", &"request.json"],
    );
    assert_eq!(eval.code, 0, "{eval:?}");
    assert!(eval.stdout.starts_with("allow"), "{}", eval.stdout);

    // SARIF keeps it in the result's properties.
    let run = policy_in(
        &dir.0,
        &[
            &"check",
            &"health.json",
            &"--never",
            &"GET /* from anonymous",
            &"--format",
            &"sarif",
        ],
    );
    let log = run.json();
    let results = log["runs"][0]["results"].as_array().unwrap();
    for result in results {
        let witness = &result["properties"]["witness"];
        assert_eq!(witness["query"].as_str(), Some(query), "{result}");
        assert_eq!(witness["request"]["path"], "/health", "{result}");
    }
}

#[test]
fn new_access_is_reported_next_to_a_private_to_error_in_every_format() {
    let dir = Scratch::new("expect-baseline");
    dir.file("new.json", SIGNED);
    dir.file("old.json", ORG);
    dir.file("lattice-policy.toml", "private-to = [\"o-a1b2c3d4e5\"]\n");
    in_every_format(
        &dir.0,
        &[&"new.json", &"--baseline", &"old.json"],
        &["ANY_ACCOUNT_ACCESS", "NEW_ACCESS"],
        1,
    );
    let (_, findings) = findings_in(&dir.0, &[&"new.json", &"--baseline", &"old.json"]);
    let private = first(&findings, "ANY_ACCOUNT_ACCESS");
    assert_eq!(private["severity"], "error", "{private}");
    for finding in findings.iter().filter(|f| f["code"] == "NEW_ACCESS") {
        let command = finding["witness"]["command"].as_str().unwrap();
        assert!(command.starts_with("policy eval new.json '"), "{command}");
    }
    // The old policy opens nothing the new one did not: no NEW_ACCESS.
    let (code, findings) = findings_in(&dir.0, &[&"old.json", &"--baseline", &"new.json"]);
    assert_eq!(code, 0, "{findings:?}");
    assert!(
        findings.iter().all(|f| f["code"] != "NEW_ACCESS"),
        "{findings:?}"
    );
}

#[test]
fn a_policy_that_cannot_be_evaluated_reports_its_expectations_as_not_checked() {
    let dir = Scratch::new("expect-broken");
    dir.file("broken.json", BROKEN);
    dir.file("old.json", ORG);
    let args: [&dyn AsRef<std::ffi::OsStr>; 5] = [
        &"broken.json",
        &"--never",
        &"GET /* from anonymous",
        &"--baseline",
        &"old.json",
    ];
    in_every_format(
        &dir.0,
        &args,
        &["INVALID_EFFECT", "EXPECTATION_NOT_CHECKED"],
        1,
    );
    let (_, findings) = findings_in(&dir.0, &args);
    let effect = first(&findings, "INVALID_EFFECT");
    let unchecked: Vec<&Value> = findings
        .iter()
        .filter(|f| f["code"] == "EXPECTATION_NOT_CHECKED")
        .collect();
    // One per expectation, at the error that stops evaluation.
    assert_eq!(unchecked.len(), 2, "{findings:?}");
    for finding in &unchecked {
        assert_eq!(finding["severity"], "error");
        assert_eq!(finding["span"], effect["span"]);
    }
    assert!(unchecked.iter().any(|f| f["message"]
        .as_str()
        .unwrap()
        .contains("`GET /* from anonymous` was not checked")));
    assert!(unchecked.iter().any(|f| f["message"]
        .as_str()
        .unwrap()
        .contains("the baseline `old.json` was not compared")));
    // Without expectations, nothing is said about them.
    let (code, report) = check_json(&[&dir.path("broken.json")]);
    assert_eq!(code, 1);
    assert!(!codes(&files(&report)[0]).contains(&"EXPECTATION_NOT_CHECKED".to_owned()));
}

#[test]
fn expectations_on_identity_policies_are_refused() {
    let dir = Scratch::new("expect-identity");
    dir.file("identity.json", IDENTITY);
    let run = policy_in(
        &dir.0,
        &[
            &"check",
            &"--kind",
            &"identity",
            &"identity.json",
            &"--never",
            &"GET /*",
        ],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("--kind identity"), "{}", run.stderr);
    // The configuration's invariants are about the auth policies beside them.
    dir.file(
        "lattice-policy.toml",
        "never = [\"GET /* from anonymous\"]\n",
    );
    let run = policy_in(
        &dir.0,
        &[&"check", &"--kind", &"identity", &"identity.json"],
    );
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn every_policy_that_lets_anonymous_callers_in_breaks_the_invariant_against_them() {
    // The rule and the invariant ask the same question two ways; on every
    // sample, with whatever else is wrong with it, the invariant is either
    // broken or reported as not checked: never silently skipped.
    let corpus = crate::sample::sample_relative("lattice");
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![
        &"--never",
        &"* /* from anonymous",
        &"--no-config",
        &"policies",
    ];
    args.extend(corpus.iter().map(|p| p as &dyn AsRef<std::ffi::OsStr>));
    let (code, report) = check_json(&args);
    assert_eq!(code, 1);
    let mut anonymous = 0;
    for file in files(&report) {
        let found = codes(file);
        if found.iter().any(|c| c == "ANONYMOUS_ACCESS") {
            anonymous += 1;
            assert!(
                found
                    .iter()
                    .any(|c| c == "INVARIANT_VIOLATED" || c == "EXPECTATION_NOT_CHECKED"),
                "{}: {found:?}",
                file["path"]
            );
        }
    }
    assert!(
        anonymous >= 5,
        "only {anonymous} samples let anonymous callers in"
    );
}
