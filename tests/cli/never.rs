//! `policy check --never` and `--baseline`, and `never` in the configuration.

use super::*;

const MODEL: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous","vpc-lattice-svcs:RequestMethod":"GET"}}}]}"#;
const SIGNED: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"}}}]}"#;

fn codes(run: &Run) -> Vec<String> {
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .filter(|c| c == "INVARIANT_VIOLATED" || c == "NEW_ACCESS")
        .collect()
}

#[test]
fn an_invariant_that_holds_adds_nothing_and_one_that_fails_is_an_error() {
    let dir = Scratch::new("never");
    let file = dir.file("model.json", MODEL);
    let run = policy(&[
        &"check",
        &file,
        &"--format",
        &"json",
        &"--never",
        &"GET /* from anonymous",
        &"--ignore",
        &"ANY_ACCOUNT_ACCESS",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(codes(&run).is_empty());

    let run = policy(&[
        &"check",
        &file,
        &"--format",
        &"json",
        &"--never",
        &"DELETE /admin/* as any-account",
        &"--ignore",
        &"ANY_ACCOUNT_ACCESS",
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(codes(&run), ["INVARIANT_VIOLATED"]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let help = report["files"][0]["findings"][0]["help"].as_str().unwrap();
    let query = help.split('\'').nth(1).unwrap().to_owned();
    assert!(query.starts_with("DELETE /admin/"), "{query}");
    assert_eq!(policy(&[&"eval", &file, &query]).code, 0, "{query}");
}

#[test]
fn a_bad_invariant_exits_2() {
    let dir = Scratch::new("never-bad");
    let file = dir.file("model.json", MODEL);
    let run = policy(&[&"check", &file, &"--never", &"GET /x as nobody-at-all"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("invalid invariant"), "{}", run.stderr);
}

#[test]
fn baseline_reports_new_access_only() {
    let dir = Scratch::new("baseline");
    let old = dir.file("old.json", MODEL);
    let new = dir.file("new.json", SIGNED);
    let run = policy(&[
        &"check",
        &new,
        &"--baseline",
        &old,
        &"--format",
        &"json",
        &"--ignore",
        &"ANY_ACCOUNT_ACCESS",
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    let found = codes(&run);
    assert!(
        !found.is_empty() && found.iter().all(|c| c == "NEW_ACCESS"),
        "{found:?}"
    );
    // Narrowing access is no finding.
    let run = policy(&[
        &"check",
        &old,
        &"--baseline",
        &new,
        &"--format",
        &"json",
        &"--ignore",
        &"ANY_ACCOUNT_ACCESS",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(codes(&run).is_empty());
}

#[test]
fn never_in_the_configuration_is_checked_and_validated() {
    let dir = Scratch::new("never-config");
    let file = dir.file("model.json", MODEL);
    let config = dir.file(
        "lattice-policy.toml",
        "never = [\"DELETE /* as any-account\"]\n[rules]\nANY_ACCOUNT_ACCESS = \"off\"\n",
    );
    let run = policy(&[&"check", &file, &"--config", &config]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.contains("INVARIANT_VIOLATED"), "{}", run.stdout);
    let bad = dir.file("bad.toml", "never = [\"GET /x as nobody-at-all\"]\n");
    let run = policy(&[&"check", &file, &"--config", &bad]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("invalid invariant"), "{}", run.stderr);
}

const OPEN: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#;
const ORG: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#;

fn findings(run: &Run) -> Vec<(String, String)> {
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap().clone())
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn public_services_are_not_reported_for_anonymous_access() {
    let dir = Scratch::new("public");
    dir.file("open.json", OPEN);
    dir.file("lattice-policy.toml", "public = [\"open.json\"]\n");
    let run = policy_in(&dir.0, &[&"check", &"open.json", &"--format", &"json"]);
    assert!(
        !findings(&run).iter().any(|(c, _)| c == "ANONYMOUS_ACCESS"),
        "{}",
        run.stdout
    );
    let run = policy_in(
        &dir.0,
        &[&"check", &"open.json", &"--format", &"json", &"--no-config"],
    );
    assert!(
        findings(&run).iter().any(|(c, _)| c == "ANONYMOUS_ACCESS"),
        "{}",
        run.stdout
    );
}

#[test]
fn private_to_makes_outside_callers_an_error() {
    let dir = Scratch::new("private-to");
    dir.file("signed.json", SIGNED);
    dir.file("org.json", ORG);
    dir.file("lattice-policy.toml", "private-to = [\"o-a1b2c3d4e5\"]\n");
    let run = policy_in(&dir.0, &[&"check", &"org.json", &"--format", &"json"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(findings(&run).is_empty(), "{}", run.stdout);
    let run = policy_in(&dir.0, &[&"check", &"signed.json", &"--format", &"json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        findings(&run).contains(&("ANY_ACCOUNT_ACCESS".to_owned(), "error".to_owned())),
        "{}",
        run.stdout
    );
    // Without the declaration the same policy is a warning, on purpose (the
    // "allow only authenticated access" template).
    let run = policy_in(
        &dir.0,
        &[
            &"check",
            &"signed.json",
            &"--format",
            &"json",
            &"--no-config",
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        findings(&run).contains(&("ANY_ACCOUNT_ACCESS".to_owned(), "warning".to_owned())),
        "{}",
        run.stdout
    );
    dir.file("bad.toml", "private-to = [\"1234\"]\n");
    let run = policy_in(&dir.0, &[&"check", &"org.json", &"--config", &"bad.toml"]);
    assert_eq!(run.code, 2, "{run:?}");
}

#[test]
fn the_analysis_budget_comes_from_the_flag_then_the_configuration() {
    let dir = Scratch::new("never-budget");
    dir.file("lattice-policy.toml", "analysis-budget = \"1K\"\n");
    dir.file("model.json", MODEL);
    let message = |run: &Run| -> String {
        let report: Value = serde_json::from_str(&run.stdout).unwrap();
        report["files"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == "INVARIANT_VIOLATED")
            .map(|f| f["message"].as_str().unwrap().to_owned())
            .collect()
    };
    let args: [&dyn AsRef<std::ffi::OsStr>; 5] =
        [&"check", &"model.json", &"--format", &"json", &"--never"];
    // The configuration's budget is too small: the invariant is not proved.
    let mut with_config = args.to_vec();
    with_config.push(&"GET /* from anonymous");
    let run = policy_in(&dir.path(""), &with_config);
    assert_eq!(run.code, 1, "{run:?}");
    let said = message(&run);
    assert!(
        said.contains("cannot prove `GET /* from anonymous`"),
        "{said}"
    );
    assert!(
        said.contains("the analysis budget (2s,1K) was exceeded"),
        "{said}"
    );
    // The flag wins over the configuration: now it is proved.
    with_config.extend([
        &"--analysis-budget" as &dyn AsRef<std::ffi::OsStr>,
        &"2s,64M",
    ]);
    let run = policy_in(&dir.path(""), &with_config);
    assert_eq!(message(&run), "", "{run:?}");
}
