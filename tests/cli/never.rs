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
