//! `policy diff OLD NEW`: exit codes, witnesses that `policy eval` reproduces, JSON.

use super::*;

const MODEL: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous","vpc-lattice-svcs:RequestMethod":"GET"}}}]}"#;
const SIGNED: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"}}}]}"#;

#[test]
fn new_access_exits_1_and_its_witnesses_replay() {
    let dir = Scratch::new("diff-gained");
    let old = dir.file("old.json", MODEL);
    let new = dir.file("new.json", SIGNED);
    let run = policy(&[&"diff", &old, &new, &"--format", &"json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["newAccess"], true);
    assert_eq!(report["lost"], json!([]));
    let gained = report["gained"].as_array().unwrap();
    assert!(!gained.is_empty());
    for change in gained {
        let query = change["witness"].as_str().unwrap();
        assert!(query.starts_with("GET"), "{query}");
        assert_eq!(policy(&[&"eval", &new, &query]).code, 0, "{query}");
        assert_eq!(policy(&[&"eval", &old, &query]).code, 1, "{query}");
    }
}

#[test]
fn removed_access_alone_exits_0() {
    let dir = Scratch::new("diff-lost");
    let old = dir.file("old.json", SIGNED);
    let new = dir.file("new.json", MODEL);
    let run = policy(&[&"diff", &old, &new]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("denies requests"), "{}", run.stdout);
    assert!(
        run.stdout.contains("for example: policy eval"),
        "{}",
        run.stdout
    );
}

#[test]
fn same_policy_has_no_change_and_broken_policy_exits_2() {
    let dir = Scratch::new("diff-same");
    let old = dir.file("old.json", MODEL);
    let broken = dir.file("broken.json", BROKEN);
    let run = policy(&[&"diff", &old, &old]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "no request changes decision\n");
    let run = policy(&[&"diff", &old, &broken]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("cannot compare"), "{}", run.stderr);
}
