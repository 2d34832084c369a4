//! Input written to hurt: closed streams, terminal escapes and secrets in
//! the files a pull request brings.

use super::*;

/// AWS's documented example secret access key.
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

/// Runs `policy` with stdout and/or stderr connected to pipes whose reading
/// end is already closed, and returns the exit code.
fn with_closed(args: &[&str], stdout: bool, stderr: bool) -> i32 {
    let mut cmd = command(
        &args
            .iter()
            .map(|a| a as &dyn AsRef<std::ffi::OsStr>)
            .collect::<Vec<_>>(),
    );
    cmd.stdin(Stdio::null());
    let closed = || {
        // A pipe whose reader is gone: every write fails with EPIPE.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        Stdio::from(writer)
    };
    cmd.stdout(if stdout { closed() } else { Stdio::null() });
    cmd.stderr(if stderr { closed() } else { Stdio::null() });
    let status = cmd.status().unwrap();
    status
        .code()
        .unwrap_or_else(|| panic!("`policy {}` was killed: {status:?}", args.join(" ")))
}

#[test]
fn closed_streams_end_quietly_with_the_same_exit_code() {
    let scratch = Scratch::new("closed-streams");
    let broken = scratch.file("broken.json", BROKEN);
    let clean = scratch.file("clean.json", CLEAN);
    let (broken, clean) = (display(&broken), display(&clean));
    let cases: Vec<Vec<&str>> = vec![
        vec!["check", "no-such-file.json"],
        vec!["check", &broken],
        vec!["check", &clean, "--format", "json"],
        vec!["check", &broken, "--format", "sarif"],
        vec!["check", &broken, "--format", "github"],
        vec!["check", &clean, "--never", "GET / nonsense"],
        vec!["eval", "no-such-file.json", "GET /"],
        vec!["eval", &clean, "GET / as 111122223333"],
        vec!["eval", &clean, "GET / fro"],
        vec!["diff", &clean, "no-such-file.json"],
        vec!["test", "no-such-dir"],
        vec!["rules"],
        vec!["explain", "NO_SUCH_CODE"],
        vec!["explain", "INVALID_ACTION"],
        vec!["no-such-command"],
    ];
    for args in cases {
        let open = with_closed(&args, false, false);
        assert!(matches!(open, 0..=2), "{args:?}: {open}");
        for (stdout, stderr) in [(true, false), (false, true), (true, true)] {
            assert_eq!(
                with_closed(&args, stdout, stderr),
                open,
                "`policy {}` with stdout closed: {stdout}, stderr closed: {stderr}",
                args.join(" ")
            );
        }
    }
}

/// A policy whose element name and condition key hold terminal escapes
/// (written as JSON escapes, so the file is valid JSON) and a raw one in a
/// place the JSON reader rejects.
#[test]
fn terminal_escapes_from_a_policy_are_shown_escaped() {
    let scratch = Scratch::new("escapes");
    let escaped = scratch.file(
        "escaped.json",
        r#"{"Version": "2012-10-17", "Statement": [{"\u001b[2J\u001b]0;pwned\u0007Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}]}"#,
    );
    let raw = scratch.file(
        "raw.json",
        "{\"Version\": \"2012-10-17\", \u{1b}[31m \"Statement\": []}",
    );
    for format in ["human", "github"] {
        let run = policy(&[&"check", &escaped, &raw, &"--format", &format]);
        assert_eq!(run.code, 1, "{format}: {}", run.stdout);
        assert!(
            !run.stdout.contains('\u{1b}') && !run.stdout.contains('\u{7}'),
            "{format} output holds a raw escape:\n{}",
            run.stdout.escape_debug()
        );
        assert!(
            run.stdout.contains("\\x1b") || run.stdout.contains("\\u{1b}"),
            "{format}: {}",
            run.stdout
        );
    }
    // The snippet still points at the right place: the column counts the
    // raw character once.
    let run = policy(&[&"check", &raw]);
    assert!(run.stdout.contains("raw.json:1:27"), "{}", run.stdout);
    assert!(run.stdout.contains("\\x1b[31m"), "{}", run.stdout);
    // JSON escapes by its own rules: no raw control character either.
    let run = policy(&[&"check", &escaped, &raw, &"--format", &"json"]);
    assert!(!run.stdout.contains('\u{1b}'), "{}", run.stdout);
    assert_eq!(files(&run.json()).len(), 2);
}

#[test]
fn secrets_in_a_policy_are_never_printed() {
    let scratch = Scratch::new("secrets");
    let policy_text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Sid": "{SECRET}", "Efect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*", "Condition": {{"StringEquals": {{"aws:PrincipalTag/{SECRET}": "AWS_SECRET_ACCESS_KEY=hunter2hunter2"}}}}}}]}}"#
    );
    let file = scratch.file("leaky.json", &policy_text);
    let not_json = scratch.file(
        "environ.json",
        format!("HOME=/root\0AWS_SECRET_ACCESS_KEY={SECRET}\0AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjEHYaCXVz\0"),
    );
    for format in ["human", "json", "sarif", "github"] {
        let run = policy(&[&"check", &file, &not_json, &"--format", &format]);
        assert_eq!(run.code, 1, "{format}");
        for secret in [SECRET, "hunter2hunter2", "IQoJb3JpZ2luX2VjEHYaCXVz"] {
            assert!(
                !run.stdout.contains(secret) && !run.stderr.contains(secret),
                "{format} output shows `{secret}`:\n{}",
                run.stdout
            );
        }
    }
    let run = policy(&[&"eval", &file, &"GET / as 111122223333"]);
    assert!(!run.stdout.contains(SECRET) && !run.stderr.contains(SECRET));
}
