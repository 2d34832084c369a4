//! An invalid or unreadable configuration still gives the machine-readable
//! formats their document, carrying the problem (exit status 2 as before):
//! a SARIF upload step or a script must never read an empty stdout (issue
//! 12, defect 8).

use super::*;

/// A configuration with two problems: a misspelt severity (line 1) and an
/// unknown rule (line 3).
const INVALID: &str = "fail-on = \"warn\"\n[rules]\nANON_ACCESS = \"off\"\n";

fn check_in(dir: &Scratch, format: &str, extra: &[&dyn AsRef<std::ffi::OsStr>]) -> Run {
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"check", &"--format", &format];
    args.extend_from_slice(extra);
    args.push(&"policy.json");
    policy_in(&dir.0, &args)
}

fn invalid_repo(test: &str) -> Scratch {
    let dir = Scratch::new(test);
    dir.file("lattice-policy.toml", INVALID);
    dir.file("policy.json", CLEAN);
    dir
}

#[test]
fn json_carries_the_configurations_problems_as_findings() {
    let dir = invalid_repo("config-output-json");
    let run = check_in(&dir, "json", &[]);
    assert_eq!(run.code, 2, "{run:?}");
    let report = run.json();
    assert_eq!(paths(&report), ["lattice-policy.toml"]);
    let file = &files(&report)[0];
    assert_eq!(codes(file), ["INVALID_CONFIG_VALUE", "UNKNOWN_RULE"]);
    let unknown = &file["findings"][1];
    assert_eq!(
        (unknown["line"].as_u64(), unknown["column"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(report["summary"]["errors"], 2);
    // Human output on stderr says the same, as before.
    assert!(
        run.stderr.contains("is not valid (2 problems)"),
        "{}",
        run.stderr
    );
}

#[test]
fn github_annotates_the_configuration_file() {
    let dir = invalid_repo("config-output-github");
    let run = check_in(&dir, "github", &[]);
    assert_eq!(run.code, 2, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(
        lines[1].starts_with("::error file=lattice-policy.toml,line=3,col=1,")
            && lines[1].contains("title=UNKNOWN_RULE (unknown-rule)::"),
        "{}",
        lines[1]
    );
}

#[test]
fn sarif_is_a_valid_log_whose_invocation_failed_with_the_problems() {
    let dir = invalid_repo("config-output-sarif");
    let run = check_in(&dir, "sarif", &[]);
    assert_eq!(run.code, 2, "{run:?}");
    let log = run.json();
    assert_eq!(log["version"], "2.1.0");
    let run0 = &log["runs"][0];
    assert_eq!(run0["results"], json!([]));
    assert!(!run0["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .is_empty());
    let invocation = &run0["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notifications = invocation["toolExecutionNotifications"].as_array().unwrap();
    let ids: Vec<&str> = notifications
        .iter()
        .map(|n| n["descriptor"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["INVALID_CONFIG_VALUE", "UNKNOWN_RULE"]);
    let unknown = &notifications[1];
    assert_eq!(unknown["level"], "error");
    let location = &unknown["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "lattice-policy.toml");
    assert_eq!(location["region"]["startLine"], 3);
    assert!(
        unknown["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("no lint rule has the code `ANON_ACCESS`"),
        "{unknown}"
    );
}

#[test]
fn an_unreadable_configuration_is_a_file_that_could_not_be_read() {
    let dir = Scratch::new("config-output-unreadable");
    dir.file("policy.json", CLEAN);
    for format in ["json", "sarif", "github"] {
        let run = check_in(&dir, format, &[&"--config", &"missing.toml"]);
        assert_eq!(run.code, 2, "{format}: {run:?}");
        assert!(!run.stdout.is_empty(), "{format}: empty stdout");
        assert!(
            run.stdout.contains("missing.toml"),
            "{format}: {}",
            run.stdout
        );
        match format {
            "json" => assert_eq!(run.json()["summary"]["unreadable"], 1),
            "sarif" => assert_eq!(
                run.json()["runs"][0]["invocations"][0]["executionSuccessful"],
                false
            ),
            _ => assert!(
                run.stdout.starts_with("::error file=missing.toml"),
                "{}",
                run.stdout
            ),
        }
    }
}
