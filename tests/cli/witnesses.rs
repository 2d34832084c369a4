//! Every witness `policy check` prints is a `policy eval` command that, run
//! as printed, gives the decision the finding claims.

use super::*;

/// The `policy eval FILE 'QUERY'` commands in a finding's help text.
fn eval_commands(help: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = help;
    while let Some(at) = rest.find("policy eval ") {
        let after = &rest[at + "policy eval ".len()..];
        let Some((file, tail)) = after.split_once(" '") else {
            break;
        };
        let Some((query, tail)) = tail.split_once('\'') else {
            break;
        };
        out.push((file.to_owned(), query.to_owned()));
        rest = tail;
    }
    out
}

#[test]
fn every_printed_witness_replays_through_policy_eval() {
    let corpus = crate::sample::sample_relative("lattice");
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"check", &"policies"];
    args.extend(corpus.iter().map(|p| p as &dyn AsRef<std::ffi::OsStr>));
    args.extend([&"--format" as &dyn AsRef<std::ffi::OsStr>, &"json"]);
    let run = policy(&args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let mut replayed = 0;
    for file in report["files"].as_array().unwrap() {
        for finding in file["findings"].as_array().unwrap() {
            let code = finding["code"].as_str().unwrap();
            let help = finding["help"].as_str().unwrap_or("");
            for (path, query) in eval_commands(help) {
                assert_eq!(path, file["path"].as_str().unwrap(), "{help}");
                let eval = policy(&[&"eval", &path, &query]);
                match code {
                    "ANONYMOUS_ACCESS" | "ANY_ACCOUNT_ACCESS" => {
                        assert_eq!(eval.code, 0, "{code}: {path} '{query}': {}", eval.stdout)
                    }
                    _ => assert!(eval.code <= 1, "{code}: {path} '{query}': {eval:?}"),
                }
                if code == "ANONYMOUS_ACCESS" {
                    assert!(query.contains("from anonymous"), "{query}");
                }
                replayed += 1;
            }
        }
    }
    assert!(replayed >= 5, "only {replayed} witnesses printed");
}

#[test]
fn a_policy_eval_refuses_gets_its_witness_as_a_query_only() {
    // A trailing comma: `check` recovers the policy and finds anonymous
    // access, but `policy eval` refuses a file with errors
    // (decision `exact-spelling`), so the witness is no command to paste.
    let dir = Scratch::new("witness-broken");
    let path = dir.file(
        "policy.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*",}]}"#,
    );
    let run = policy(&[&"check", &path, &"--format", &"json"]);
    assert_eq!(run.code, 1);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let findings = report["files"][0]["findings"].as_array().unwrap();
    let anonymous = findings
        .iter()
        .find(|f| f["code"] == "ANONYMOUS_ACCESS")
        .expect("anonymous access is still reported");
    let help = anonymous["help"].as_str().unwrap();
    assert!(eval_commands(help).is_empty(), "{help}");
    assert!(help.contains("once the errors are fixed"), "{help}");
    assert_eq!(policy(&[&"eval", &path, &"GET / from anonymous"]).code, 2);
}
