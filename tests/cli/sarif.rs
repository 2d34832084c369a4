//! `--format sarif`: SARIF 2.1.0 for code scanning. The schema itself is
//! checked by `.ci/validate-sarif.py` in CI; these tests pin the fields.

use super::*;

/// `policy check --format sarif ARGS...` run in `dir`: the exit code and the log.
fn sarif_in(dir: &Path, args: &[&dyn AsRef<std::ffi::OsStr>]) -> (i32, Value) {
    let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"check", &"--format", &"sarif"];
    all.extend_from_slice(args);
    let run = policy_in(dir, &all);
    (run.code, run.json())
}

fn run0(log: &Value) -> &Value {
    &log["runs"][0]
}

fn results(log: &Value) -> &Vec<Value> {
    run0(log)["results"]
        .as_array()
        .expect("`results` is an array")
}

fn fingerprint(result: &Value) -> String {
    result["partialFingerprints"]["latticePolicyFinding/v1"]
        .as_str()
        .unwrap()
        .to_string()
}

fn region(result: &Value) -> &Value {
    &result["locations"][0]["physicalLocation"]["region"]
}

#[test]
fn sarif_log_has_the_tool_and_every_rule() {
    let dir = Scratch::new("sarif-rules");
    dir.file("clean.json", CLEAN);
    let (code, log) = sarif_in(&dir.0, &[&"clean.json"]);
    assert_eq!(code, 0);
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    assert_eq!(log["runs"].as_array().unwrap().len(), 1);
    let run = run0(&log);
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["results"], json!([]));
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "lattice-policy");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));

    // Every code `policy rules` lists for policies (not the configuration
    // file's, which reach a log only as notifications of a run they stopped,
    // nor a request's signature's, which `policy eval` reports), in the same
    // order, with its metadata.
    let listed = policy(&[&"rules", &"--format", &"json"]).json();
    let listed: Vec<&Value> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|info| info["kind"] != "config" && info["kind"] != "request")
        .collect();
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), listed.len());
    for (rule, info) in rules.iter().zip(listed) {
        assert_eq!(rule["id"], info["code"]);
        assert_eq!(rule["name"], info["name"]);
        assert_eq!(rule["shortDescription"]["text"], info["summary"]);
        let level = match info["severity"].as_str().unwrap() {
            "info" => "note",
            other => other,
        };
        assert_eq!(rule["defaultConfiguration"]["level"], level, "{rule}");
        assert_eq!(rule["properties"]["category"], info["category"]);
        for key in ["fullDescription", "help"] {
            let text = rule[key]["text"].as_str().unwrap_or("");
            assert!(!text.is_empty(), "{key} of {rule}");
        }
        assert_eq!(rule["help"]["markdown"], rule["help"]["text"]);
    }
    let security = rules
        .iter()
        .find(|r| r["id"] == "ALLOW_WITH_NOT_PRINCIPAL")
        .unwrap();
    assert_eq!(security["properties"]["tags"], json!(["security"]));
    assert!(security["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("### What it does"));
}

#[test]
fn sarif_results_carry_rule_level_message_and_region() {
    let dir = Scratch::new("sarif-results");
    dir.file("broken.json", BROKEN);
    dir.file("warn.json", WARNING_ONLY);
    let dup = dir.file(
        "dup.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}, {"Sid": "A", "Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}]}"#,
    );
    let (code, log) = sarif_in(&dir.0, &[&"broken.json", &"warn.json", &"dup.json"]);
    assert_eq!(code, 1);
    let rules = run0(&log)["tool"]["driver"]["rules"].as_array().unwrap();
    let all = results(&log);
    // broken.json, warn.json, and in dup.json the overridden `Allow`, the
    // policy that therefore allows nothing, and the repeated Sid.
    assert_eq!(all.len(), 5, "{all:#?}");

    let effect = &all[0];
    assert_eq!(effect["ruleId"], "INVALID_EFFECT");
    let index = effect["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "INVALID_EFFECT");
    assert_eq!(effect["level"], "error");
    assert_eq!(
        effect["message"]["text"],
        "`allow` is not a valid effect\nhelp: `Effect` is case-sensitive: write `Allow`"
    );
    let location = &effect["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"],
        json!({"uri": "broken.json", "uriBaseId": "%SRCROOT%"})
    );
    let offset = BROKEN.find("\"allow\"").unwrap();
    assert_eq!(
        location["region"],
        json!({"startLine": 5, "startColumn": 17, "endLine": 5, "endColumn": 24, "charOffset": offset, "charLength": 7})
    );
    assert!(fingerprint(effect).ends_with(":1"), "{effect}");

    let version = &all[1];
    assert_eq!(version["ruleId"], "MISSING_VERSION");
    assert_eq!(version["level"], "warning");
    assert_eq!(region(version)["startLine"], 1);
    assert_eq!(region(version)["startColumn"], 1);

    assert_eq!(all[2]["ruleId"], "ALLOW_OVERRIDDEN_BY_DENY");
    assert_eq!(all[3]["ruleId"], "ALLOWS_NOTHING");
    let sid = &all[4];
    assert_eq!(sid["ruleId"], "UNIQUE_SIDS_REQUIRED");
    let text = std::fs::read_to_string(&dup).unwrap();
    let related = &sid["relatedLocations"][0];
    assert_eq!(related["id"], 1);
    assert!(related["message"]["text"].is_string());
    assert_eq!(
        related["physicalLocation"]["region"]["charOffset"],
        text.find("\"A\"").unwrap()
    );
    assert_eq!(
        related["physicalLocation"]["artifactLocation"]["uri"],
        "dup.json"
    );
}

#[test]
fn sarif_exit_codes_follow_fail_on() {
    let dir = Scratch::new("sarif-exit");
    dir.file("warn.json", WARNING_ONLY);
    dir.file("broken.json", BROKEN);
    assert_eq!(sarif_in(&dir.0, &[&"warn.json"]).0, 0);
    assert_eq!(
        sarif_in(&dir.0, &[&"--fail-on", &"warning", &"warn.json"]).0,
        1
    );
    assert_eq!(sarif_in(&dir.0, &[&"broken.json"]).0, 1);
}

#[test]
fn sarif_paths_are_relative_encoded_and_use_slashes() {
    let dir = Scratch::new("sarif-paths");
    let spaced = dir.file("sub dir/a#1.json", BROKEN);
    // An absolute path under the current directory is made relative too.
    let (_, log) = sarif_in(&dir.0, &[&spaced, &"./sub dir/../sub dir/a#1.json"]);
    for result in results(&log) {
        assert_eq!(
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "sub%20dir/a%231.json"
        );
    }
    assert_eq!(results(&log).len(), 2);

    // Outside the current directory: an absolute file URI, without a base.
    let inner = dir.file("inner/x.txt", "");
    let (_, log) = sarif_in(inner.parent().unwrap(), &[&"../sub dir/a#1.json"]);
    let artifact = &results(&log)[0]["locations"][0]["physicalLocation"]["artifactLocation"];
    let uri = artifact["uri"].as_str().unwrap();
    assert!(
        uri.starts_with("file:///") && uri.ends_with("/sub%20dir/a%231.json"),
        "{uri}"
    );
    assert!(artifact.get("uriBaseId").is_none());
}

#[test]
fn sarif_regions_count_code_points() {
    let dir = Scratch::new("sarif-unicode");
    let line = "  \"Id\": \"ééé\", \"Version\": \"bad\",";
    let text = format!("{{\n{line}\n  \"Statement\": {{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"*\", \"Resource\": \"*\"}}\n}}\n");
    dir.file("wide.json", &text);
    let (_, log) = sarif_in(&dir.0, &[&"wide.json"]);
    let version = results(&log)
        .iter()
        .find(|r| r["ruleId"] == "INVALID_VERSION")
        .unwrap();
    let byte_offset = text.find("\"bad\"").unwrap();
    assert_eq!(
        region(version),
        &json!({
            "startLine": 2, "startColumn": 27, "endLine": 2, "endColumn": 32,
            "charOffset": text[..byte_offset].chars().count(), "charLength": 5
        })
    );
}

#[test]
fn sarif_fingerprints_survive_unrelated_edits() {
    let dir = Scratch::new("sarif-fingerprints");
    dir.file("p.json", BROKEN);
    let (_, before) = sarif_in(&dir.0, &[&"p.json"]);
    let first = fingerprint(&results(&before)[0]);

    // Lines and a statement added above the finding move it, but do not change it.
    let edited = BROKEN.replacen(
        "\"Statement\": [",
        "\"Id\": \"rates\",\n\n  \"Statement\": [\n    {\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"*\", \"Resource\": \"*\"},",
        1,
    );
    dir.file("p.json", &edited);
    let (_, after) = sarif_in(&dir.0, &[&"p.json"]);
    let moved = &results(&after)[0];
    assert_eq!(moved["ruleId"], "INVALID_EFFECT");
    assert_eq!(region(moved)["startLine"], 8);
    assert_eq!(fingerprint(moved), first);

    // The same mistake twice: two fingerprints, told apart by their order.
    let twice = edited.replacen(
        "\n  ]\n}",
        ",\n    {\"Effect\": \"allow\", \"Principal\": \"*\", \"Action\": \"*\", \"Resource\": \"*\"}\n  ]\n}",
        1,
    );
    dir.file("p.json", &twice);
    let (_, log) = sarif_in(&dir.0, &[&"p.json"]);
    let prints: Vec<String> = results(&log)
        .iter()
        .filter(|r| r["ruleId"] == "INVALID_EFFECT")
        .map(fingerprint)
        .collect();
    assert_eq!(prints.len(), 2, "{log:#}");
    assert_eq!(prints[0], first);
    assert_eq!(prints[1], first.replace(":1", ":2"));

    // Another file with the same mistake has another fingerprint.
    dir.file("q.json", BROKEN);
    let (_, log) = sarif_in(&dir.0, &[&"q.json"]);
    assert_ne!(fingerprint(&results(&log)[0]), first);
}

#[test]
fn sarif_reports_unreadable_files_as_notifications() {
    let dir = Scratch::new("sarif-unreadable");
    dir.file("clean.json", CLEAN);
    let run = policy_in(
        &dir.0,
        &[
            &"check",
            &"--format",
            &"sarif",
            &"clean.json",
            &"missing.json",
        ],
    );
    assert_eq!(run.code, 2);
    let log = run.json();
    let invocation = &run0(&log)["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    assert_eq!(
        notification["message"]["text"],
        "cannot read `missing.json`: no such file or directory"
    );
    assert_eq!(
        notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "missing.json"
    );
    assert!(run.stderr.contains("cannot read `missing.json`"));
}

#[test]
fn sarif_names_standard_input_without_a_path() {
    let run = policy_stdin(&[&"check", &"--format", &"sarif", &"-"], BROKEN.as_bytes());
    assert_eq!(run.code, 1);
    let log = run.json();
    let artifact = &results(&log)[0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(
        artifact,
        &json!({"description": {"text": "standard input"}})
    );
}
