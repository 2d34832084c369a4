//! How policies written inside infrastructure files are read, through the
//! `policy` binary: policies written as `Fn::Sub` strings, YAML merge keys,
//! and bad input (each a located finding in its file, every other policy
//! and file still checked, the exit status following the findings).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const DATA: &str = "tests/data/iac";

/// Runs `policy ARGS` from the crate root without colour: (exit code,
/// stdout, stderr); never a panic.
fn policy(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_policy"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .output()
        .expect("run policy");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8 output"),
        stderr,
    )
}

fn check_json(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = policy(&all);
    let report = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}{stderr}"));
    (code, report)
}

/// The report's entry for the file whose path ends with `name`.
fn file<'r>(report: &'r Value, name: &str) -> &'r Value {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("no {name} in {report}"))
}

/// (code, line) of every finding of a file's entry.
fn findings(file: &Value) -> Vec<(String, u64)> {
    file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn locators(file: &Value) -> Vec<String> {
    file["policies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["locator"].as_str().unwrap().to_owned())
        .collect()
}

fn has(found: &[(String, u64)], code: &str, line: u64) -> bool {
    found.iter().any(|(c, l)| c == code && *l == line)
}

/// A scratch directory of this test's own, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("iac-input-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn write(&self, name: &str, content: impl AsRef<[u8]>) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, content).unwrap();
        path.to_str().unwrap().to_owned()
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_sub_policy_with_unknown_placeholders_is_checked_at_the_template_lines() {
    let path = format!("{DATA}/cfn/sub-policies.yaml");
    let (code, report) = check_json(&[&path]);
    assert_eq!(code, 1);
    let entry = file(&report, "sub-policies.yaml");
    assert_eq!(locators(entry), ["AccountPolicy", "ListPolicy"]);
    let found = findings(entry);
    assert!(
        !found.iter().any(|(c, _)| c == "POLICY_NOT_RESOLVED"),
        "{found:?}"
    );
    // The misspelt `Effect` inside the `!Sub |` block, at its own line.
    assert!(has(&found, "INVALID_POLICY_ELEMENT", 27), "{found:?}");
    // Each placeholder an unknown value where it is written.
    for line in [21, 23, 24] {
        assert!(has(&found, "UNRESOLVED_VALUE", line), "{line}: {found:?}");
    }
    // The list form: `Path` is literal and substituted, `Arn` stays unknown;
    // the open principal is still reported, on the line of the string.
    assert!(has(&found, "ANONYMOUS_ACCESS", 40), "{found:?}");
    let unknown = entry["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "UNRESOLVED_VALUE" && f["line"] == 40)
        .unwrap();
    assert!(
        unknown["message"]
            .as_str()
            .unwrap()
            .contains("`${Arn}/public/*`"),
        "{unknown}"
    );
}

#[test]
fn given_values_fill_sub_placeholders() {
    let path = format!("{DATA}/cfn/sub-policies.yaml");
    let (_, report) = check_json(&[
        &path,
        "--account",
        "111122223333",
        "--parameter",
        "OrgId=o-abcdef1234",
    ]);
    let found = findings(file(&report, "sub-policies.yaml"));
    // Only the service's ARN is left unknown.
    assert!(has(&found, "UNRESOLVED_VALUE", 23), "{found:?}");
    assert!(!has(&found, "UNRESOLVED_VALUE", 21), "{found:?}");
    assert!(!has(&found, "UNRESOLVED_VALUE", 24), "{found:?}");
}

#[test]
fn an_escaped_sub_policy_in_a_json_template_maps_through_the_escapes() {
    let path = format!("{DATA}/cfn/sub-policy.template.json");
    let (code, report) = check_json(&[&path]);
    assert_eq!(code, 1);
    let entry = file(&report, "sub-policy.template.json");
    let action = entry["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "INVALID_ACTION")
        .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let offset = action["span"]["offset"].as_u64().unwrap() as usize;
    let length = action["span"]["length"].as_u64().unwrap() as usize;
    assert_eq!(
        &text[offset..offset + length],
        r#"\"vpc-lattice-svcs:Invok\""#
    );
}
