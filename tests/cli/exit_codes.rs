//! Exit codes, human output, closed pipes and command-line arguments.

use super::*;

// ---------------------------------------------------------------------------
// Exit codes and human output
// ---------------------------------------------------------------------------

#[test]
fn clean_file_exits_0() {
    let dir = Scratch::new("clean");
    let file = dir.file("clean.json", CLEAN);
    let run = policy(&[&"check", &file]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "checked 1 file: no problems found\n");
    assert_eq!(run.stderr, "");
}

#[test]
fn file_with_an_error_exits_1() {
    let dir = Scratch::new("error");
    let file = dir.file("broken.json", BROKEN);
    let run = policy(&[&"check", &file]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.contains("INVALID_EFFECT"), "{}", run.stdout);
    assert!(
        run.stdout.contains("`allow` is not a valid effect"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("`Effect` is case-sensitive: write `Allow`"),
        "{}",
        run.stdout
    );
    // The snippet is located as path:line:column and shows the offending line.
    assert!(
        run.stdout.contains(&format!("{}:5:17", display(&file))),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(r#""Effect": "allow","#),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .ends_with("checked 1 file: 1 error, 0 warnings, 0 infos in 1 file\n"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn warnings_pass_unless_fail_on_says_otherwise() {
    let dir = Scratch::new("warnings");
    let file = dir.file("warn.json", WARNING_ONLY);
    let run = policy(&[&"check", &file]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("MISSING_VERSION"), "{}", run.stdout);
    assert!(
        run.stdout
            .ends_with("checked 1 file: 0 errors, 1 warning, 0 infos in 1 file\n"),
        "{}",
        run.stdout
    );

    assert_eq!(policy(&[&"check", &"--fail-on", &"warning", &file]).code, 1);
    assert_eq!(policy(&[&"check", &"--fail-on=warning", &file]).code, 1);
    assert_eq!(policy(&[&"check", &"--fail-on", &"info", &file]).code, 1);
    assert_eq!(policy(&[&"check", &"--fail-on", &"error", &file]).code, 0);
}

#[test]
fn fail_on_info_passes_a_clean_file() {
    let dir = Scratch::new("info");
    let file = dir.file("clean.json", CLEAN);
    assert_eq!(policy(&[&"check", &"--fail-on", &"info", &file]).code, 0);
}

#[test]
fn errors_fail_at_every_level() {
    let dir = Scratch::new("levels");
    let file = dir.file("broken.json", BROKEN);
    for level in ["error", "warning", "info"] {
        assert_eq!(
            policy(&[&"check", &"--fail-on", &level, &file]).code,
            1,
            "--fail-on {level}"
        );
    }
}

#[test]
fn exit_code_is_the_worst_over_all_files() {
    let dir = Scratch::new("worst");
    let clean = dir.file("a.json", CLEAN);
    let warn = dir.file("b.json", WARNING_ONLY);
    let broken = dir.file("c.json", BROKEN);
    assert_eq!(policy(&[&"check", &clean, &warn]).code, 0);
    assert_eq!(policy(&[&"check", &clean, &broken, &warn]).code, 1);
    let run = policy(&[&"check", &dir.0]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .ends_with("checked 3 files: 1 error, 1 warning, 0 infos in 2 files\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn nonexistent_path_exits_2_and_the_rest_is_still_reported() {
    let dir = Scratch::new("missing");
    let broken = dir.file("broken.json", BROKEN);
    let clean = dir.file("clean.json", CLEAN);
    let missing = dir.path("no-such-file.json");
    let run = policy(&[&"check", &broken, &missing, &clean]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stdout.contains("INVALID_EFFECT"), "{}", run.stdout);
    assert!(
        run.stdout.ends_with(
            "checked 3 files: 1 error, 0 warnings, 0 infos in 1 file; 1 file could not be read\n"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains(&format!(
            "policy: cannot read `{}`: no such file or directory",
            display(&missing)
        )),
        "{}",
        run.stderr
    );

    // Unreadable beats clean too.
    assert_eq!(policy(&[&"check", &clean, &missing]).code, 2);
}

#[test]
fn unreadable_file_appears_in_json_with_an_error() {
    let dir = Scratch::new("missing-json");
    let clean = dir.file("clean.json", CLEAN);
    let missing = dir.path("gone.json");
    let (code, report) = check_json(&[&clean, &missing]);
    assert_eq!(code, 2);
    let all = files(&report);
    assert_eq!(all.len(), 2);
    let gone = all
        .iter()
        .find(|f| f["path"] == display(&missing))
        .expect("the missing file is listed");
    assert_eq!(gone["error"], "no such file or directory");
    assert_eq!(gone["findings"], serde_json::json!([]));
    let ok = all.iter().find(|f| f["path"] == display(&clean)).unwrap();
    assert!(ok.get("error").is_none(), "{ok}");
    assert_eq!(report["summary"]["unreadable"], 1);
    assert_eq!(report["summary"]["files"], 2);
}

#[test]
fn stdin_is_read_with_a_dash() {
    let run = policy_stdin(&[&"check", &"-"], CLEAN.as_bytes());
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "checked 1 file: no problems found\n");

    let run = policy_stdin(&[&"check", &"--format", &"json", &"-"], BROKEN.as_bytes());
    assert_eq!(run.code, 1, "{run:?}");
    let report = run.json();
    assert_eq!(paths(&report), ["<stdin>"]);
    assert_eq!(codes(&files(&report)[0]), ["INVALID_EFFECT"]);
    assert_eq!(files(&report)[0]["findings"][0]["path"], "<stdin>");
}

#[test]
fn stdin_and_files_together_keep_command_line_order() {
    let dir = Scratch::new("stdin-mix");
    let a = dir.file("a.json", CLEAN);
    let b = dir.file("b.json", WARNING_ONLY);
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"check", &"--format", &"json"];
    args.extend([&b as &dyn AsRef<std::ffi::OsStr>, &"-", &a]);
    let run = policy_stdin(&args, BROKEN.as_bytes());
    assert_eq!(run.code, 1);
    let report = run.json();
    assert_eq!(
        paths(&report),
        [display(&b), "<stdin>".to_string(), display(&a)]
    );
}

#[test]
fn stdin_larger_than_the_limit_is_refused_without_reading_it_all() {
    let input = vec![b' '; 8 << 20];
    let start = Instant::now();
    let run = policy_stdin(
        &[&"check", &"--format", &"json", &"--max-size", &"1000", &"-"],
        &input,
    );
    assert!(start.elapsed() < Duration::from_secs(20));
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(codes(&files(&run.json())[0]), ["FILE_TOO_LARGE"]);
}

#[test]
fn empty_stdin_is_an_empty_file() {
    let run = policy_stdin(&[&"check", &"--format", &"json", &"-"], b"");
    assert_eq!(run.code, 1);
    let report = run.json();
    assert_eq!(
        report["files"][0]["findings"][0]["message"],
        "the file is empty: expected a policy document"
    );
}

// ---------------------------------------------------------------------------

// ---------------------------------------------------------------------------
// Pipes and arguments
// ---------------------------------------------------------------------------

/// Spawns `policy ARGS`, reads a few bytes of stdout and closes it, as `| head -c 10` does.
fn closed_pipe(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Run {
    let mut child = command(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut head = [0u8; 10];
    stdout.read_exact(&mut head).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    finish(&output)
}

#[test]
fn closed_stdout_does_not_panic() {
    let dir = Scratch::new("pipe");
    // Far more output than a pipe buffer holds.
    for i in 0..300 {
        dir.file(&format!("p{i:03}.json"), BROKEN);
    }
    let run = closed_pipe(&[&"check", &dir.0]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(run.stderr, "");
    let run = closed_pipe(&[&"check", &"--format", &"json", &dir.0]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(run.stderr, "");
}

#[test]
fn help_and_version_exit_0() {
    let run = policy(&[&"--help"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("Usage"), "{}", run.stdout);
    assert!(run.stdout.contains("check"), "{}", run.stdout);
    let run = policy(&[&"check", &"--help"]);
    assert_eq!(run.code, 0);
    for flag in ["--format", "--fail-on", "--kind", "--max-size"] {
        assert!(
            run.stdout.contains(flag),
            "`{flag}` missing from:\n{}",
            run.stdout
        );
    }
    assert_eq!(policy(&[&"help", &"check"]).code, 0);
    let run = policy(&[&"--version"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("policy "), "{}", run.stdout);
}

#[test]
fn bad_arguments_exit_2() {
    let dir = Scratch::new("args");
    let clean = dir.file("clean.json", CLEAN);
    for args in [
        vec!["check", "--bogus"],
        vec!["--bogus"],
        vec!["check", "--format", "xml"],
        vec!["check", "--fail-on", "never"],
        vec!["check", "--kind", "network"],
        vec!["check", "--max-size", "ten"],
        vec!["check", "--max-size", "-1"],
        vec!["lint"],
        vec![],
    ] {
        let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = args
            .iter()
            .map(|a| a as &dyn AsRef<std::ffi::OsStr>)
            .collect();
        all.push(&clean);
        let run = policy(&all);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(!run.stderr.is_empty(), "{args:?} printed no error");
        assert_eq!(run.stdout, "", "{args:?}");
    }
    let run = policy(&[&"check", &"--bogus", &clean]);
    assert!(run.stderr.contains("--bogus"), "{}", run.stderr);
}
