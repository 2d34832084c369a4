//! `policy check --fix`, `--diff` and `--unsafe-fixes` (README.md, "Fixing
//! what can be fixed"): on every `broken-*` example, on files with unsafe
//! fixes, through links and on standard input.

use super::*;

/// A bare service ARN (unsafe fix) and `StringNotEquals` on a lower-case
/// `aws:PrincipalType` (unsafe fix), nothing safe to fix.
const UNSAFE_ONLY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": "vpc-lattice-svcs:Invoke",
      "Resource": "arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0",
      "Condition": {
        "StringNotEquals": {
          "aws:PrincipalType": "anonymous"
        }
      }
    }
  ]
}
"#;

/// Every `policies/broken-*` example: its folder name and text.
fn broken_examples() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("broken-")
        })
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (
                name,
                std::fs::read_to_string(p.join("policy.json")).unwrap(),
            )
        })
        .collect();
    out.sort();
    assert!(out.len() >= 9, "the broken examples are missing: {out:?}");
    out
}

/// Every finding of a JSON report, flattened.
fn findings(report: &Value) -> Vec<Value> {
    files(report)
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap().clone())
        .collect()
}

fn applicability(finding: &Value) -> Option<&str> {
    finding["fix"]["applicability"].as_str()
}

/// Applies the edits of these fixes as the JSON report gives them.
fn apply_edits(text: &str, fixes: &[&Value]) -> String {
    let mut edits: Vec<(usize, usize, String)> = fixes
        .iter()
        .flat_map(|fix| fix["edits"].as_array().unwrap())
        .map(|e| {
            let offset = e["span"]["offset"].as_u64().unwrap() as usize;
            let length = e["span"]["length"].as_u64().unwrap() as usize;
            (
                offset,
                offset + length,
                e["replacement"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort();
    let mut out = String::new();
    let mut at = 0;
    for (start, end, replacement) in edits {
        assert!(start >= at, "overlapping edits in one pass");
        out.push_str(&text[at..start]);
        out.push_str(&replacement);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

#[test]
fn every_broken_example_is_fixed_to_a_fixed_point() {
    let dir = Scratch::new("fix-broken");
    let mut fixed_any = 0;
    for (name, text) in broken_examples() {
        let file = format!("{name}.json");
        dir.file(&file, &text);
        let (_, before) = check_json(&[&"--no-config", &dir.path(&file)]);
        let before_findings = findings(&before);
        let safe: Vec<&Value> = before_findings
            .iter()
            .filter(|f| applicability(f) == Some("safe"))
            .map(|f| &f["fix"])
            .collect();

        let run = policy_in(
            &dir.0,
            &[
                &"check",
                &"--no-config",
                &"--format",
                &"json",
                &"--fix",
                &file,
            ],
        );
        let after = run.json();
        let fixed = std::fs::read_to_string(dir.path(&file)).unwrap();
        // The file is the original with exactly the edits the report gave:
        // every byte outside them is kept, indentation included.
        assert_eq!(fixed, apply_edits(&text, &safe), "{name}");
        fixed_any += usize::from(fixed != text);
        // What remains has no safe fix.
        for finding in findings(&after) {
            assert_ne!(applicability(&finding), Some("safe"), "{name}: {finding}");
        }
        // A second --fix changes nothing.
        let again = policy_in(&dir.0, &[&"check", &"--no-config", &"--fix", &file]);
        assert_eq!(
            std::fs::read_to_string(dir.path(&file)).unwrap(),
            fixed,
            "{name}"
        );
        assert!(
            again.stdout.contains("0 fixes applied"),
            "{name}: {}",
            again.stdout
        );

        // With --unsafe-fixes, nothing with a fix is left at all.
        let run = policy_in(
            &dir.0,
            &[
                &"check",
                &"--no-config",
                &"--format",
                &"json",
                &"--fix",
                &"--unsafe-fixes",
                &file,
            ],
        );
        for finding in findings(&run.json()) {
            assert!(finding.get("fix").is_none(), "{name}: {finding}");
        }
    }
    // Comments and quotes, condition operator, effect and version,
    // misspelt elements, trailing comma.
    assert!(fixed_any >= 5, "only {fixed_any} examples had a safe fix");
}

#[test]
fn the_examples_with_only_mechanical_mistakes_check_clean_after_fix() {
    let dir = Scratch::new("fix-clean");
    for name in ["broken-effect-and-version", "broken-misspelt-elements"] {
        let (_, text) = broken_examples()
            .into_iter()
            .find(|(n, _)| n == name)
            .unwrap();
        let file = dir.file(&format!("{name}.json"), text);
        let run = policy(&[
            &"check",
            &"--no-config",
            &"--format",
            &"json",
            &"--fix",
            &file,
        ]);
        let codes: Vec<String> = findings(&run.json())
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect();
        // What is left is about what the policy allows, which no fix
        // decides: the grammar is clean and the file can be evaluated.
        assert!(
            !codes
                .iter()
                .any(|c| c.starts_with("INVALID_") || c.starts_with("MISSING_")),
            "{name}: {codes:?}"
        );
    }
}

#[test]
fn diff_is_a_patch_that_gives_what_fix_writes() {
    let dir = Scratch::new("fix-diff");
    // One line without a final line break: `patch` needs the marker.
    let one_line = ("one-line".to_string(), WARNING_ONLY.to_string());
    assert!(!WARNING_ONLY.ends_with('\n'));
    for (name, text) in broken_examples().into_iter().chain([one_line]) {
        let file = format!("{name}.json");
        dir.file(&file, &text);
        let diff = policy_in(&dir.0, &[&"check", &"--no-config", &"--diff", &file]);
        // --diff writes nothing.
        assert_eq!(std::fs::read_to_string(dir.path(&file)).unwrap(), text);
        let fix = policy_in(&dir.0, &[&"check", &"--no-config", &"--fix", &file]);
        let fixed = std::fs::read_to_string(dir.path(&file)).unwrap();
        if fixed == text {
            assert_eq!(diff.code, 0, "{name}");
            assert_eq!(diff.stdout, "", "{name}");
            continue;
        }
        assert_eq!(diff.code, 1, "{name}: {}", diff.stderr);
        assert!(
            diff.stdout
                .starts_with(&format!("--- {file}\n+++ {file}\n@@ ")),
            "{}",
            diff.stdout
        );
        assert!(
            diff.stderr.contains("would be applied to 1 file"),
            "{}",
            diff.stderr
        );
        assert!(fix.code <= 1, "{}", fix.stderr);
        // `patch` applies the diff to the original and gives the fixed file.
        let copy = format!("{name}.copy.json");
        dir.file(&copy, &text);
        let patched = Command::new("patch")
            .current_dir(&dir.0)
            .args(["--quiet", "--output=-", &copy])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                child
                    .stdin
                    .take()
                    .unwrap()
                    .write_all(diff.stdout.as_bytes())?;
                child.wait_with_output()
            })
            .unwrap();
        assert!(
            patched.status.success(),
            "{name}: patch refused:\n{}",
            diff.stdout
        );
        assert_eq!(String::from_utf8(patched.stdout).unwrap(), fixed, "{name}");
    }
}

#[test]
fn unsafe_fixes_wait_for_the_flag() {
    let dir = Scratch::new("fix-unsafe");
    let file = dir.file("p.json", UNSAFE_ONLY);
    let run = policy(&[&"check", &"--no-config", &"--fix", &file]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), UNSAFE_ONLY);
    assert!(
        run.stdout
            .contains("0 fixes applied (2 more with --unsafe-fixes)"),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("fixable with `--fix --unsafe-fixes`: add `/*`"));
    assert!(!run.stdout.contains("[*]"), "{}", run.stdout);

    let run = policy(&[&"check", &"--no-config", &"--fix", &"--unsafe-fixes", &file]);
    assert!(run.stdout.contains("2 fixes applied\n"), "{}", run.stdout);
    let fixed = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        fixed,
        UNSAFE_ONLY
            .replace("svc-0123456789abcdef0\"", "svc-0123456789abcdef0/*\"")
            .replace("\"StringNotEquals\"", "\"StringNotEqualsIgnoreCase\"")
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn fixable_findings_are_marked_and_carry_their_fix() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("policies/broken-effect-and-version/policy.json");
    let run = policy(&[&"check", &"--no-config", &file]);
    assert!(
        run.stdout
            .contains("[*] fixable with `--fix`: write `Allow`"),
        "{}",
        run.stdout
    );
    let (_, report) = check_json(&[&"--no-config", &file]);
    let effect = findings(&report)
        .into_iter()
        .find(|f| f["code"] == "INVALID_EFFECT")
        .unwrap();
    assert_eq!(
        effect["fix"],
        json!({
            "applicability": "safe",
            "description": "write `Allow`",
            "edits": [{
                "span": {"offset": 68, "length": 7},
                "line": 5, "column": 17, "endLine": 5, "endColumn": 24,
                "replacement": "\"Allow\"",
            }],
        })
    );
    let run = policy(&[&"check", &"--no-config", &"--format", &"sarif", &file]);
    let log = run.json();
    let result = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "INVALID_EFFECT")
        .unwrap();
    let change = &result["fixes"][0]["artifactChanges"][0];
    assert_eq!(
        change["replacements"][0]["insertedContent"]["text"],
        "\"Allow\""
    );
    assert_eq!(
        change["replacements"][0]["deletedRegion"]["startColumn"],
        17
    );
    assert_eq!(result["fixes"][0]["properties"]["applicability"], "safe");
}

#[test]
fn fix_refuses_standard_input_and_diff_takes_it() {
    let run = policy_stdin(
        &[&"check", &"--no-config", &"--fix", &"-"],
        BROKEN.as_bytes(),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("`--fix` cannot write back to standard input"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
    let run = policy_stdin(
        &[&"check", &"--no-config", &"--diff", &"-"],
        BROKEN.as_bytes(),
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("-      \"Effect\": \"allow\",\n+      \"Effect\": \"Allow\",\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn fix_keeps_crlf_permissions_and_links() {
    use std::os::unix::fs::PermissionsExt;
    let dir = Scratch::new("fix-files");
    let crlf = BROKEN.replace('\n', "\r\n");
    let file = dir.file("crlf.json", &crlf);
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    let run = policy_in(&dir.0, &[&"check", &"--no-config", &"--fix", &"crlf.json"]);
    assert!(run.stdout.contains("1 fix applied"), "{}", run.stdout);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        crlf.replace("\"allow\"", "\"Allow\"")
    );
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);

    // A read-only file is left as it is.
    let locked = dir.file("locked.json", BROKEN);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
    let run = policy_in(
        &dir.0,
        &[&"check", &"--no-config", &"--fix", &"locked.json"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("cannot fix `locked.json`: it is read-only"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&locked).unwrap(), BROKEN);

    // A link inside the tree is written through and stays a link.
    let target = dir.file("real/target.json", BROKEN);
    std::os::unix::fs::symlink(&target, dir.path("link.json")).unwrap();
    policy_in(&dir.0, &[&"check", &"--no-config", &"--fix", &"link.json"]);
    assert!(std::fs::symlink_metadata(dir.path("link.json"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&target)
        .unwrap()
        .contains("\"Allow\""));

    // A link out of the tree is read with --follow, never written.
    let outside = Scratch::new("fix-outside");
    let away = outside.file("away.json", BROKEN);
    let inner = dir.path("inner");
    std::fs::create_dir_all(&inner).unwrap();
    std::os::unix::fs::symlink(&away, inner.join("away.json")).unwrap();
    let run = policy_in(
        &inner,
        &[
            &"check",
            &"--no-config",
            &"--follow",
            &"--fix",
            &"away.json",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("outside the current directory; not written"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&away).unwrap(), BROKEN);
}

#[test]
fn explain_says_whether_a_check_has_a_fix() {
    // Every code that carries a fix on the examples documents it.
    let dir = Scratch::new("fix-explain");
    let mut fixable = std::collections::BTreeSet::new();
    for (name, text) in broken_examples()
        .into_iter()
        .chain([("unsafe".to_string(), UNSAFE_ONLY.to_string())])
    {
        let file = dir.file(&format!("{name}.json"), text);
        let (_, report) = check_json(&[&"--no-config", &file]);
        for finding in findings(&report) {
            if finding.get("fix").is_some() {
                fixable.insert(finding["code"].as_str().unwrap().to_string());
            }
        }
    }
    assert!(fixable.len() >= 7, "{fixable:?}");
    for code in &fixable {
        let run = policy(&[&"explain", code]);
        assert!(run.stdout.contains("### Fix"), "{code}: {}", run.stdout);
        assert!(
            run.stdout.contains("Safe")
                || run.stdout.contains("Unsafe")
                || run.stdout.contains("safe"),
            "{code}: {}",
            run.stdout
        );
        assert!(!run.stdout.contains("None: `policy check --fix`"), "{code}");
    }
    let run = policy(&[&"explain", &"DUPLICATE_KEY"]);
    assert!(
        run.stdout
            .contains("### Fix\n\nNone: `policy check --fix` leaves this to the author."),
        "{}",
        run.stdout
    );
}

#[test]
fn misspelt_condition_keys_are_renamed_only_when_asked() {
    let dir = Scratch::new("fix-keys");
    let text = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "111122223333"},
      "Action": "vpc-lattice-svcs:Invoke",
      "Resource": "*",
      "Condition": {
        "ArnLike": {"aws:PrincipleArn": "arn:aws:iam::111122223333:role/app-*"},
        "StringEquals": {"vpc-lattice-svcs:RequestMethd": "GET"}
      }
    }
  ]
}
"#;
    let file = dir.file("keys.json", text);
    let run = policy(&[&"check", &"--no-config", &"--fix", &file]);
    assert!(
        run.stdout
            .contains("0 fixes applied (2 more with --unsafe-fixes)"),
        "{}",
        run.stdout
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    let run = policy(&[&"check", &"--no-config", &"--fix", &"--unsafe-fixes", &file]);
    assert!(run.stdout.contains("2 fixes applied"), "{}", run.stdout);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        text.replace("PrincipleArn", "PrincipalArn")
            .replace("RequestMethd", "RequestMethod")
    );
    // Alone, --unsafe-fixes would do nothing: it is refused.
    let run = policy(&[&"check", &"--no-config", &"--unsafe-fixes", &file]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("`--unsafe-fixes` goes with `--fix` or `--diff`"),
        "{}",
        run.stderr
    );
}
