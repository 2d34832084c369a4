//! Help and messages say things one way, and say them right (issue 12,
//! defect 10): `check --help` documents every configuration key, `diff
//! --help` describes its own output, findings name a statement as "statement
//! 2" or by its `Sid`, and a bad `--never` pattern is drawn with a caret and
//! its help as a bad `policy eval` query is.

use super::*;

#[test]
fn check_help_lists_every_configuration_key() {
    let help = policy(&[&"check", &"--help"]).stdout;
    for key in [
        "fail-on =",
        "include =",
        "exclude =",
        "never =",
        "public =",
        "private-to =",
        "analysis-budget =",
        "[rules]",
    ] {
        assert!(help.contains(key), "`{key}` missing from:\n{help}");
    }
}

#[test]
fn diff_help_describes_diffs_not_decisions() {
    let help = policy(&[&"diff", &"--help"]).stdout;
    let human = help
        .lines()
        .find(|l| l.trim_start().starts_with("- human:"))
        .unwrap_or_else(|| panic!("{help}"));
    assert!(
        human.contains("classes of requests whose decision changes"),
        "{human}"
    );
    assert!(!human.contains("its explanation"), "{human}");
}

#[test]
fn findings_name_statements_one_way() {
    let dir = Scratch::new("wording-statements");
    // Statement 1 never applies (no action of a Lattice request); the
    // second, with a `Sid`, is covered by the third.
    let path = dir.file(
        "policy.json",
        r#"{"Version":"2012-10-17","Statement":[
  {"Effect":"Allow","Principal":"*","Action":"vpc-lattice:GetService","Resource":"*"},
  {"Sid":"GetOnly","Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"GET"}}},
  {"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}
]}"#,
    );
    let (_, report) = check_json(&[&"--fail-on", &"info", &path]);
    let messages: Vec<&str> = files(&report)[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    let joined = messages.join("\n");
    assert!(!joined.contains('#'), "{joined}");
    assert!(
        joined.contains("statement `GetOnly` adds nothing: statement 3 already applies"),
        "{joined}"
    );
}

#[test]
fn a_bad_never_pattern_gets_a_caret_and_a_suggestion() {
    let run = policy(&[
        &"check",
        &"policies/role-get/policy.json",
        &"--never",
        &"* /admin/*  form anonymous",
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    let err = &run.stderr;
    assert!(err.contains("unknown word `form`"), "{err}");
    assert!(err.contains("help: did you mean `from`?"), "{err}");
    // The caret is under the word, in the pattern as written.
    let shown = err
        .lines()
        .find(|l| l.contains("* /admin/*  form anonymous"))
        .unwrap_or_else(|| panic!("{err}"));
    let caret = err
        .lines()
        .skip_while(|l| *l != shown)
        .nth(1)
        .unwrap_or_else(|| panic!("{err}"));
    let column = |line: &str, what: &str| line[..line.find(what).unwrap()].chars().count();
    assert_eq!(column(caret, "────"), column(shown, "form"), "{err}");
}
