//! `--format json` and `--format sarif` are written file by file as `check`
//! goes: the document must still be one valid, complete report.

use std::collections::BTreeSet;

use super::*;

/// The kinds of file the runs mix, each with its own findings.
const KINDS: [(&str, &str); 3] = [
    ("broken", BROKEN),
    ("clean", CLEAN),
    ("warning", WARNING_ONLY),
];

/// A directory of `n` files cycling through [`KINDS`], named `p000-broken.json`…
fn many_files(dir: &Scratch, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let (kind, text) = KINDS[i % KINDS.len()];
            let name = format!("many/p{i:03}-{kind}.json");
            dir.file(&name, text);
            name
        })
        .collect()
}

/// The codes and severities of a JSON file entry's findings, without paths.
fn shape(file: &Value) -> Vec<(String, String)> {
    file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn json_report_of_many_files_is_complete_and_counted() {
    let dir = Scratch::new("json-many");
    let names = many_files(&dir, 90);
    // Each kind checked alone: the findings every copy must have in the big run.
    let alone: Vec<Vec<(String, String)>> = KINDS
        .iter()
        .map(|(kind, text)| {
            let path = dir.file(&format!("alone-{kind}.json"), text);
            let (_, report) = check_json(&[&path]);
            shape(&report["files"][0])
        })
        .collect();
    assert!(alone.iter().any(|f| !f.is_empty()) && alone.iter().any(Vec::is_empty));

    let run = policy_in(&dir.0, &[&"check", &"--format", &"json", &"many"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    let got: Vec<String> = paths(&report);
    let mut expected: Vec<String> = names.clone();
    expected.sort();
    assert_eq!(got, expected, "every file once, in walk order");

    let (mut errors, mut warnings, mut infos, mut with_findings) = (0, 0, 0, 0);
    for (i, file) in files(&report).iter().enumerate() {
        let found = shape(file);
        assert_eq!(found, alone[i % KINDS.len()], "{}", file["path"]);
        with_findings += usize::from(!found.is_empty());
        for (_, severity) in &found {
            match severity.as_str() {
                "error" => errors += 1,
                "warning" => warnings += 1,
                _ => infos += 1,
            }
        }
    }
    assert_eq!(
        report["summary"],
        json!({"files": 90, "filesWithFindings": with_findings, "unreadable": 0,
               "errors": errors, "warnings": warnings, "infos": infos})
    );
    assert!(run.stdout.ends_with("}\n"));
}

#[test]
fn sarif_log_of_many_files_is_complete_and_consistent() {
    let dir = Scratch::new("sarif-many");
    let names = many_files(&dir, 90);
    let json_run = policy_in(&dir.0, &[&"check", &"--format", &"json", &"many"]);
    let report = json_run.json();
    let run = policy_in(&dir.0, &[&"check", &"--format", &"sarif", &"many"]);
    assert_eq!(run.code, json_run.code);
    let log: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run0 = &runs[0];
    assert_eq!(run0["invocations"], json!([{"executionSuccessful": true}]));
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run0["results"].as_array().unwrap();

    // One result per finding of the JSON report, file by file, in the same order.
    let expected: Vec<(String, String)> = files(&report)
        .iter()
        .flat_map(|file| {
            let path = file["path"].as_str().unwrap().to_owned();
            shape(file)
                .into_iter()
                .map(move |(code, _)| (path.clone(), code))
        })
        .collect();
    let got: Vec<(String, String)> = results
        .iter()
        .map(|r| {
            let location = &r["locations"][0]["physicalLocation"]["artifactLocation"];
            assert_eq!(location["uriBaseId"], "%SRCROOT%");
            let index = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], r["ruleId"]);
            (
                location["uri"].as_str().unwrap().to_owned(),
                r["ruleId"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(!got.is_empty());
    assert_eq!(got, expected);
    // Every file with findings is there.
    let with_findings: BTreeSet<&str> = got.iter().map(|(p, _)| p.as_str()).collect();
    let expected_files: BTreeSet<&str> = names
        .iter()
        .filter(|n| !n.contains("clean"))
        .map(String::as_str)
        .collect();
    assert_eq!(with_findings, expected_files);
}

#[test]
fn an_unreadable_file_named_on_the_command_line_is_in_the_json_and_sarif_reports() {
    let dir = Scratch::new("unreadable-documents");
    dir.file("a.json", BROKEN);
    dir.file("c.json", WARNING_ONLY);
    let run_as = |format: &str| {
        policy_in(
            &dir.0,
            &[
                &"check",
                &"--format",
                &format,
                &"a.json",
                &"missing.json",
                &"c.json",
            ],
        )
    };

    let run = run_as("json");
    assert_eq!(run.code, 2);
    let report = run.json();
    assert_eq!(paths(&report), ["a.json", "missing.json", "c.json"]);
    let missing = &report["files"][1];
    assert_eq!(missing["error"], "no such file or directory");
    assert_eq!(missing["findings"], json!([]));
    assert!(!codes(&report["files"][0]).is_empty());
    assert!(!codes(&report["files"][2]).is_empty());
    assert_eq!(report["summary"]["files"], 3);
    assert_eq!(report["summary"]["unreadable"], 1);
    assert_eq!(report["summary"]["filesWithFindings"], 2);

    let run = run_as("sarif");
    assert_eq!(run.code, 2);
    let log: Value = serde_json::from_str(&run.stdout).unwrap();
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["level"], "error");
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "missing.json"
    );
    assert!(notes[0]["message"]["text"]
        .as_str()
        .unwrap()
        .contains("missing.json"));
    // The files after it are still reported.
    let uris: BTreeSet<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(uris, BTreeSet::from(["a.json", "c.json"]));
}
