//! `--format json`: the fields README.md promises.

use super::*;

// ---------------------------------------------------------------------------
// The JSON report
// ---------------------------------------------------------------------------

#[test]
fn json_report_fields() {
    let dir = Scratch::new("json-fields");
    let broken = dir.file("broken.json", BROKEN);
    let clean = dir.file("clean.json", CLEAN);
    let dup = dir.file(
        "dup.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}, {"Sid": "A", "Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}]}"#,
    );
    let (code, report) = check_json(&[&broken, &clean, &dup]);
    assert_eq!(code, 1);
    assert_eq!(
        paths(&report),
        [display(&broken), display(&clean), display(&dup)]
    );

    let finding = &report["files"][0]["findings"][0];
    assert_eq!(finding["code"], "INVALID_EFFECT");
    assert_eq!(finding["name"], "invalid-effect");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["message"], "`allow` is not a valid effect");
    assert_eq!(finding["path"], display(&broken));
    assert_eq!(finding["line"], 5);
    assert_eq!(finding["column"], 17);
    let offset = BROKEN.find("\"allow\"").unwrap();
    assert_eq!(
        finding["span"],
        serde_json::json!({"offset": offset, "length": 7})
    );
    assert_eq!(finding["help"], "`Effect` is case-sensitive: write `Allow`");

    assert_eq!(report["files"][1]["findings"], serde_json::json!([]));

    // The `Deny` of everything also overrides the `Allow` (the analysis says
    // so), and the policy then allows nothing at all.
    let dup_findings = report["files"][2]["findings"].as_array().unwrap();
    let codes: Vec<&str> = dup_findings
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "ALLOW_OVERRIDDEN_BY_DENY",
            "ALLOWS_NOTHING",
            "UNIQUE_SIDS_REQUIRED"
        ]
    );
    let unique = &dup_findings[2];
    assert_eq!(unique["code"], "UNIQUE_SIDS_REQUIRED");
    assert_eq!(unique["severity"], "warning");
    let text = std::fs::read_to_string(&dup).unwrap();
    let first = text.find("\"A\"").unwrap();
    assert_eq!(unique["span"]["offset"], text.rfind("\"A\"").unwrap());
    assert_eq!(
        unique["related"][0]["span"],
        serde_json::json!({"offset": first, "length": 3})
    );

    let summary = &report["summary"];
    assert_eq!(summary["files"], 3);
    assert_eq!(summary["filesWithFindings"], 2);
    assert_eq!(summary["unreadable"], 0);
    assert_eq!(summary["errors"], 1);
    assert_eq!(summary["warnings"], 3);
    assert_eq!(summary["infos"], 0);
}

#[test]
fn every_finding_has_the_contract_fields() {
    let dir = Scratch::new("json-contract");
    dir.file("a.json", BROKEN);
    dir.file("b.json", WARNING_ONLY);
    dir.file(
        "c.json",
        "{\"Version\": 1, \"Statement\": [{\"Efect\": \"Allow\"}], }",
    );
    dir.file("d.json", "");
    let (_, report) = check_json(&[&dir.0]);
    let mut seen = 0;
    for file in files(&report) {
        for f in file["findings"].as_array().unwrap() {
            seen += 1;
            for key in ["code", "name", "severity", "message", "path"] {
                assert!(f[key].is_string(), "`{key}` is not a string in {f}");
            }
            for key in ["line", "column"] {
                assert!(
                    f[key].as_u64().is_some_and(|n| n >= 1),
                    "`{key}` is not a 1-based number in {f}"
                );
            }
            assert!(
                f["span"]["offset"].is_u64() && f["span"]["length"].is_u64(),
                "{f}"
            );
            assert!(
                matches!(f["severity"].as_str(), Some("error" | "warning" | "info")),
                "{f}"
            );
            assert_eq!(f["path"], file["path"]);
            if let Some(help) = f.get("help") {
                assert!(
                    help.is_string() && !help.as_str().unwrap().is_empty(),
                    "{f}"
                );
            }
            let message = f["message"].as_str().unwrap();
            assert!(
                !message.ends_with('.') && !message.contains('\n'),
                "message style: {message:?}"
            );
        }
    }
    assert!(seen >= 8, "only {seen} findings");
}

#[test]
fn json_positions_are_one_based_and_count_characters() {
    let dir = Scratch::new("json-positions");
    let first = dir.file("first.json", "{}");
    let line = "  \"Id\": \"ééé\", \"Version\": \"bad\",";
    let text = format!("{{\n{line}\n  \"Statement\": {{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"*\", \"Resource\": \"*\"}}\n}}\n");
    let wide = dir.file("wide.json", &text);
    let (_, report) = check_json(&[&first, &wide]);

    let at_start = &report["files"][0]["findings"][0];
    assert_eq!(at_start["code"], "MISSING_VERSION");
    assert_eq!(
        (at_start["line"].as_u64(), at_start["column"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        at_start["span"],
        serde_json::json!({"offset": 0, "length": 1})
    );

    let version = &report["files"][1]["findings"][0];
    assert_eq!(version["code"], "INVALID_VERSION");
    assert_eq!(version["line"], 2);
    assert_eq!(version["column"], 27);
    assert_eq!(version["endColumn"], 32);
    assert_eq!(
        version["span"],
        serde_json::json!({"offset": text.find("\"bad\"").unwrap(), "length": 5})
    );
    assert_eq!(version["span"]["offset"], 31);
}

#[test]
fn json_output_of_a_clean_run() {
    let dir = Scratch::new("json-clean");
    let clean = dir.file("clean.json", CLEAN);
    let (code, report) = check_json(&[&clean]);
    assert_eq!(code, 0);
    assert_eq!(
        report,
        serde_json::json!({
            "files": [{"path": display(&clean), "findings": []}],
            "summary": {"files": 1, "filesWithFindings": 0, "unreadable": 0, "errors": 0, "warnings": 0, "infos": 0}
        })
    );
}
