//! What gets checked: stdin, directories, and awkward files.

use super::*;

// ---------------------------------------------------------------------------
// Directories
// ---------------------------------------------------------------------------

#[test]
fn directories_are_searched_for_json_in_name_order() {
    let dir = Scratch::new("walk");
    dir.file("z.json", CLEAN);
    dir.file("b.json", CLEAN);
    dir.file("a.json", WARNING_ONLY);
    dir.file("m/c.json", BROKEN);
    dir.file("m/deeper/d.json", CLEAN);
    dir.file(".hidden/e.json", BROKEN);
    dir.file("m/.git/f.json", BROKEN);
    dir.file("notes.txt", BROKEN);
    dir.file("README.md", "# not a policy");
    dir.file("json", BROKEN);
    dir.file("policy.json.bak", BROKEN);
    let (code, report) = check_json(&[&dir.0]);
    assert_eq!(code, 1);
    let root = display(&dir.0);
    let expected: Vec<String> = ["a.json", "b.json", "m/c.json", "m/deeper/d.json", "z.json"]
        .iter()
        .map(|name| display(&Path::new(&root).join(name)))
        .collect();
    assert_eq!(paths(&report), expected);
    assert_eq!(report["summary"]["files"], 5);
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["summary"]["warnings"], 1);
}

#[test]
fn hidden_directory_is_checked_when_named_directly() {
    let dir = Scratch::new("hidden-direct");
    let file = dir.file(".config/p.json", BROKEN);
    let (code, report) = check_json(&[&dir.path(".config")]);
    assert_eq!(code, 1);
    assert_eq!(paths(&report), [display(&file)]);
}

#[test]
fn a_file_named_explicitly_is_checked_whatever_its_extension() {
    let dir = Scratch::new("explicit");
    let file = dir.file("policy.txt", BROKEN);
    let (code, report) = check_json(&[&file]);
    assert_eq!(code, 1);
    assert_eq!(codes(&files(&report)[0]), ["INVALID_EFFECT"]);
}

#[test]
fn without_paths_the_policies_folder_is_checked() {
    let dir = Scratch::new("default-dir");
    dir.file("policies/one/policy.json", BROKEN);
    let run = finish(
        &command(&[&"check"])
            .current_dir(&dir.0)
            .stdin(Stdio::null())
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.contains("INVALID_EFFECT"));
    assert!(run.stdout.contains(&display(
        &Path::new("policies").join("one").join("policy.json")
    )));

    let empty = Scratch::new("default-dir-missing");
    let run = finish(
        &command(&[&"check"])
            .current_dir(&empty.0)
            .stdin(Stdio::null())
            .output()
            .unwrap(),
    );
    // Nothing to check is no unreadable file (issue 12 defect 6; more in no_path.rs).
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr
            .contains("there is no `policies/` here: nothing to check"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "checked 0 files\n");
}

/// Decision `policy-shaped-json`: JSON that is no policy (manifests, data)
/// is skipped and counted, in a walk and when named (pre-commit names every
/// changed file); a policy with misspelt elements is still reported.
#[test]
fn non_policy_json_is_skipped_and_counted_but_misspelt_policies_are_checked() {
    let dir = Scratch::new("not-policies");
    dir.file("package.json", r#"{"name": "web", "version": "1.0.0"}"#);
    dir.file("list.json", "[1, 2, 3]");
    dir.file("string.json", r#""hello""#);
    dir.file("null.json", "null");
    dir.file(
        "tsconfig.json",
        "{\n  // comment\n  \"compilerOptions\": {},\n}\n",
    );
    dir.file(
        "misspelt.json",
        r#"{"Versoin": "2012-10-17", "Statment": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}"#,
    );
    dir.file("empty-object.json", "{}");
    let (code, report) = check_json(&[&dir.0]);
    assert_eq!(code, 1);
    let by_name: Vec<(String, Vec<String>)> = files(&report)
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap();
            let name = Path::new(path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, codes(f))
        })
        .collect();
    let s = |v: &[&str]| v.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    assert_eq!(
        by_name,
        [
            (
                "empty-object.json".to_string(),
                s(&["MISSING_VERSION", "MISSING_STATEMENT"])
            ),
            (
                "misspelt.json".to_string(),
                s(&[
                    "MISSING_VERSION",
                    "MISSING_STATEMENT",
                    "INVALID_POLICY_ELEMENT",
                    "INVALID_POLICY_ELEMENT"
                ])
            ),
        ]
    );
    assert_eq!(report["summary"]["files"], 2);
    assert_eq!(report["summary"]["notPolicies"], 5);

    // The human summary says how many were skipped; named files are skipped too.
    let run = policy(&[
        &"check",
        &dir.path("package.json"),
        &dir.path("misspelt.json"),
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .ends_with("in 1 file; 1 file skipped: not policies\n"),
        "{}",
        run.stdout
    );
    let run = policy(&[&"check", &dir.path("package.json"), &dir.path("list.json")]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stderr,
        "policy: no policy files to check (2 files skipped: not policies)\n"
    );
    // A file too large to read whole is judged by the keys at its start.
    let lock = format!(
        "{{\"name\": \"web\", \"lockfileVersion\": 3, \"packages\": {{\"x\": \"{}\"}}}}",
        "y".repeat(200)
    );
    dir.file("big/package-lock.json", &lock);
    let big_policy = format!(
        "{{\"Version\": \"2012-10-17\", \"Id\": \"{}\", \"Statement\": []}}",
        "y".repeat(200)
    );
    dir.file("big/policy.json", &big_policy);
    let (_, report) = check_json(&[&"--max-size", &"100", &dir.path("big")]);
    assert_eq!(paths(&report).len(), 1, "{report}");
    assert!(paths(&report)[0].ends_with("policy.json"), "{report}");
    assert_eq!(codes(&files(&report)[0]), ["FILE_TOO_LARGE"]);
    assert_eq!(report["summary"]["notPolicies"], 1);

    // Standard input is always read as a policy.
    let run = policy_stdin(&[&"check", &"--format", &"json", &"-"], b"[1]");
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(codes(&files(&run.json())[0]), ["DATA_TYPE_MISMATCH"]);
}

#[test]
fn a_directory_without_json_files_checks_nothing() {
    let dir = Scratch::new("no-json");
    dir.file("README.md", "# nothing here");
    let run = policy(&[&"check", &dir.0]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains("no policy files found"),
        "{}",
        run.stderr
    );
    // Nothing was checked: no "no problems found" to reassure anyone.
    assert_eq!(run.stdout, "checked 0 files\n");
}

// ---------------------------------------------------------------------------
// Awkward inputs
// ---------------------------------------------------------------------------

#[test]
fn empty_and_whitespace_only_files() {
    let dir = Scratch::new("empty");
    let empty = dir.file("empty.json", "");
    let blank = dir.file("blank.json", " \n\t\r\n ");
    let (code, report) = check_json(&[&empty, &blank]);
    assert_eq!(code, 1);
    for file in files(&report) {
        assert_eq!(codes(file), ["JSON_SYNTAX_ERROR"], "{file}");
        assert!(
            file["findings"][0]["message"]
                .as_str()
                .unwrap()
                .contains("empty"),
            "{file}"
        );
    }
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let dir = Scratch::new("utf8");
    let bytes: &[u8] = b"{\"Version\": \"2012-10-17\", \"Id\": \"caf\xe9\"}";
    let file = dir.file("latin1.json", bytes);
    let offset = bytes.iter().position(|&b| b == 0xe9).unwrap();
    assert_eq!(offset, 36);
    let (code, report) = check_json(&[&file]);
    assert_eq!(code, 1);
    let finding = &report["files"][0]["findings"][0];
    assert_eq!(finding["code"], "JSON_SYNTAX_ERROR");
    assert_eq!(finding["message"], "invalid UTF-8 at byte offset 36");
    assert_eq!(finding["span"]["offset"], 36);
    assert_eq!(finding["line"], 1);
    assert_eq!(finding["column"], 37);

    // The human renderer copes with it too.
    let run = policy(&[&"check", &file]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("invalid UTF-8 at byte offset 36"),
        "{}",
        run.stdout
    );
}

#[test]
fn byte_order_mark_is_a_warning() {
    let dir = Scratch::new("bom");
    let file = dir.file("bom.json", format!("\u{feff}{CLEAN}"));
    let (code, report) = check_json(&[&file]);
    assert_eq!(code, 0);
    let finding = &report["files"][0]["findings"][0];
    assert_eq!(codes(&report["files"][0]), ["BYTE_ORDER_MARK"]);
    assert_eq!(finding["severity"], "warning");
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        finding["span"],
        serde_json::json!({"offset": 0, "length": 3})
    );

    let run = policy(&[&"check", &file]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("BYTE_ORDER_MARK"), "{}", run.stdout);
    assert_eq!(policy(&[&"check", &"--fail-on", &"warning", &file]).code, 1);
}

#[test]
fn file_over_max_size_is_refused_quickly() {
    let dir = Scratch::new("large");
    let path = dir.path("huge.json");
    // A sparse 4 GiB file: reading it all would take long and need memory.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(4 << 30).unwrap();
    drop(file);
    let start = Instant::now();
    let (code, report) = check_json(&[&"--max-size", &"1000", &path]);
    let elapsed = start.elapsed();
    assert_eq!(code, 1);
    assert!(elapsed < Duration::from_secs(20), "took {elapsed:?}");
    let finding = &report["files"][0]["findings"][0];
    assert_eq!(finding["code"], "FILE_TOO_LARGE");
    assert_eq!(
        finding["message"],
        "the file is larger than 1000 bytes and was not read"
    );

    // The default limit (1 MiB) applies without the flag.
    let start = Instant::now();
    let (code, report) = check_json(&[&path]);
    assert!(start.elapsed() < Duration::from_secs(20));
    assert_eq!(code, 1);
    assert_eq!(codes(&report["files"][0]), ["FILE_TOO_LARGE"]);
}

#[test]
fn file_at_max_size_is_read() {
    let dir = Scratch::new("at-limit");
    let file = dir.file("p.json", CLEAN);
    let limit = CLEAN.len().to_string();
    assert_eq!(policy(&[&"check", &"--max-size", &limit, &file]).code, 0);
    let under = (CLEAN.len() - 1).to_string();
    assert_eq!(policy(&[&"check", &"--max-size", &under, &file]).code, 1);
}

#[test]
fn deep_nesting_does_not_crash() {
    let dir = Scratch::new("deep");
    // Exactly the default limit, then twice it with a raised limit.
    let at_limit = dir.file("deep.json", "[".repeat(1 << 20));
    let bigger = dir.file("deeper.json", "[{\"a\":".repeat(2 << 20));
    let (code, report) = check_json(&[&at_limit]);
    assert_eq!(code, 1);
    assert_eq!(codes(&report["files"][0]), ["JSON_SYNTAX_ERROR"]);
    let (code, report) = check_json(&[&"--max-size", &"67108864", &bigger]);
    assert_eq!(code, 1);
    assert_eq!(codes(&report["files"][0]), ["JSON_SYNTAX_ERROR"]);

    let run = policy(&[&"check", &at_limit]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("nested more than 64 levels"),
        "{}",
        run.stdout
    );
}

#[test]
fn kind_identity() {
    let dir = Scratch::new("kind");
    let identity = dir.file("identity.json", IDENTITY);
    let auth = dir.file("auth.json", CLEAN);
    assert_eq!(
        policy(&[&"check", &"--kind", &"identity", &identity]).code,
        0
    );
    let (code, report) = check_json(&[&"--kind", &"identity", &auth]);
    assert_eq!(code, 1);
    assert_eq!(codes(&report["files"][0]), ["UNSUPPORTED_PRINCIPAL"]);
    let (code, report) = check_json(&[&identity]);
    assert_eq!(code, 1);
    assert_eq!(codes(&report["files"][0]), ["MISSING_PRINCIPAL"]);
    assert_eq!(policy(&[&"check", &"--kind", &"auth", &auth]).code, 0);
}

#[test]
fn every_cut_of_a_policy_renders_without_panicking() {
    let dir = Scratch::new("cuts");
    let text = format!("\u{feff}{}", BROKEN.replace("\"*\"", "\"Zürich ☃\""));
    let bytes = text.as_bytes();
    // Cut at every byte, also inside multi-byte characters.
    for end in 0..bytes.len() {
        dir.file(&format!("cut{end:04}.json"), &bytes[..end]);
    }
    for format in ["human", "json"] {
        let run = policy(&[&"check", &"--format", &format, &dir.0]);
        assert_eq!(run.code, 1, "--format {format}");
    }
    let (_, report) = check_json(&[&dir.0]);
    assert_eq!(report["summary"]["files"], bytes.len());
    for file in files(&report) {
        assert!(!codes(file).is_empty(), "{file}");
    }
}

#[test]
fn results_keep_the_command_line_order_even_for_missing_paths() {
    let dir = Scratch::new("order");
    let a = dir.file("a.json", CLEAN);
    let missing = dir.path("missing.json");
    let b = dir.file("b.json", BROKEN);
    let (code, report) = check_json(&[&a, &missing, &b]);
    assert_eq!(code, 2);
    assert_eq!(
        paths(&report),
        [display(&a), display(&missing), display(&b)]
    );
    assert!(files(&report)[1]["error"].is_string());
    assert_eq!(codes(&files(&report)[2]), ["INVALID_EFFECT"]);
}

/// A 4 MB single-line policy with 20,000 findings: every format finishes, in
/// linear time (this took minutes when columns were counted from the line start).
#[test]
fn thousands_of_findings_on_one_huge_line_finish() {
    let dir = Scratch::new("huge-line");
    let statements: Vec<String> = (0..20_000)
        .map(|i| {
            format!(r#"{{"Sid":"s{}","Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{{"StringEquals":{{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}}}}"#, i % 10)
        })
        .collect();
    let text = format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statements.join(",")
    );
    let file = dir.file("huge.json", &text);
    // This test is about the 19,990 duplicate-Sid warnings (a grammar check,
    // which always runs): the lint rules that the 20,000 copies also trip are
    // left out by selecting one rule that does not fire here.
    let only = "ALLOW_WITH_NOT_PRINCIPAL";
    let start = Instant::now();
    let (code, report) = check_json(&[&"--select", &only, &"--max-size", &"100000000", &file]);
    assert_eq!(code, 0, "duplicate Sids are warnings");
    assert_eq!(report["summary"]["warnings"], 19_990);
    let human = policy(&[
        &"check",
        &"--select",
        &only,
        &"--max-size",
        &"100000000",
        &file,
    ]);
    assert!(human
        .stdout
        .ends_with("checked 1 file: 0 errors, 19990 warnings, 0 infos in 1 file\n"));
    // Every snippet shows a window of the line, never the whole 4 MB line.
    assert!(human.stdout.lines().all(|l| l.len() < 400));
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn user_text_with_line_breaks_stays_on_one_line() {
    let dir = Scratch::new("newline-sid");
    let file = dir.file(
        "p.json",
        CLEAN.replace("\"Effect\"", "\"Sid\": \"a\\nb\\tc\",\n      \"Effect\""),
    );
    let (_, report) = check_json(&[&file]);
    let finding = &files(&report)[0]["findings"][0];
    assert_eq!(finding["code"], "UNSUPPORTED_SID");
    let message = finding["message"].as_str().unwrap();
    assert!(
        message.contains(r"`a\nb\tc`") && !message.contains('\n'),
        "{message}"
    );
}
