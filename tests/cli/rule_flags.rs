//! `--select` and `--ignore` take the rule names every output prints (and
//! `policy explain` takes) as well as the codes, and say what is wrong with
//! anything else (issue 12, defect 9).

use super::*;

/// Any account may call: `ANY_ACCOUNT_ACCESS` (a warning), and nothing else.
const ANY_ACCOUNT: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"Anonymous"}}}]}"#;

#[test]
fn a_rule_is_named_by_its_code_or_its_name() {
    let dir = Scratch::new("rule-flags-names");
    let path = dir.file("policy.json", ANY_ACCOUNT);
    let (code, report) = check_json(&[&"--fail-on", &"warning", &path]);
    assert_eq!(code, 1);
    let name = files(&report)[0]["findings"][0]["name"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(name, "any-account-access");
    for given in [name.as_str(), "ANY_ACCOUNT_ACCESS", "any_account_access"] {
        let (code, report) = check_json(&[&"--fail-on", &"warning", &"--ignore", &given, &path]);
        assert_eq!(code, 0, "--ignore {given}: {report}");
        assert!(codes(&files(&report)[0]).is_empty(), "{report}");
        let (code, report) = check_json(&[&"--fail-on", &"warning", &"--select", &given, &path]);
        assert_eq!(code, 1, "--select {given}");
        assert_eq!(codes(&files(&report)[0]), ["ANY_ACCOUNT_ACCESS"]);
    }
}

#[test]
fn a_grammar_check_is_said_to_always_run() {
    let run = policy(&[&"check", &"--select", &"JSON_SYNTAX_ERROR", &"policies"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains("grammar checks always run"),
        "{}",
        run.stderr
    );
    let run = policy(&[&"check", &"--ignore", &"invalid-effect", &"policies"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`INVALID_EFFECT` is a grammar check"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_code_gets_a_did_you_mean() {
    for (given, meant) in [
        ("ANON_ACCESS", "ANONYMOUS_ACCESS"),
        ("anonymous-acess", "ANONYMOUS_ACCESS"),
        ("ANY_ACCOUNT", "ANY_ACCOUNT_ACCESS"),
    ] {
        let run = policy(&[&"check", &"--ignore", &given, &"policies"]);
        assert_eq!(run.code, 2, "{given}");
        assert!(
            run.stderr.contains(&format!("did you mean `{meant}`?")),
            "{given}: {}",
            run.stderr
        );
    }
}
