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

/// A file saved with Windows line endings: each CRLF is a line break in the
/// snippet, not a `\x0d` at every line's end; a carriage return elsewhere is
/// still shown escaped.
#[test]
fn crlf_line_ends_are_line_breaks_and_a_lone_carriage_return_is_escaped() {
    let scratch = Scratch::new("crlf");
    let crlf = scratch.file(
        "crlf.json",
        "{\r\n  \"Version\": \"2012-10-17\",\r\n  \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"*\", \"Resource\": \"*\"}]\r\n}\r\n",
    );
    let run = policy(&[&"check", &crlf]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("crlf.json:3:"), "{}", run.stdout);
    assert!(
        !run.stdout.contains("\\x0d") && !run.stdout.contains('\r'),
        "{}",
        run.stdout.escape_debug()
    );
    let lone = scratch.file(
        "lone.json",
        "{\"Version\": \"2012-10-17\",\r \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"*\", \"Resource\": \"*\"}]}\n",
    );
    let run = policy(&[&"check", &lone]);
    assert!(!run.stdout.contains('\r'), "{}", run.stdout.escape_debug());
    assert!(run.stdout.contains("\\x0d"), "{}", run.stdout);
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

/// Runs `policy` in `dir`, killing it (and failing) if it has not ended
/// within 30 seconds: a FIFO or a link loop must never hang a run.
fn policy_bounded(dir: &Path, args: &[&dyn AsRef<std::ffi::OsStr>]) -> Run {
    let child = command(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    // Read the output while waiting: a full pipe must not pass for a hang.
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(child.wait_with_output());
    });
    match receive.recv_timeout(Duration::from_secs(30)) {
        Ok(output) => finish(&output.unwrap()),
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            panic!("`policy` hung in {}", dir.display());
        }
    }
}

/// A tree a pull request could add: a FIFO, links to the process
/// environment, out of the tree, back up the tree and to nothing, beside a
/// policy with one error.
fn hostile_tree(scratch: &Scratch) -> PathBuf {
    use std::os::unix::fs::symlink;
    let root = scratch.path("repo");
    scratch.file("repo/policies/broken.json", BROKEN);
    scratch.file("outside/secret.json", CLEAN);
    let fifo = root.join("policies/fifo.json");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    symlink("/proc/self/environ", root.join("policies/environ.json")).unwrap();
    symlink(
        scratch.path("outside/secret.json"),
        root.join("policies/out.json"),
    )
    .unwrap();
    symlink("nowhere.json", root.join("policies/dangling.json")).unwrap();
    symlink("..", root.join("policies/up")).unwrap();
    symlink(".", root.join("policies/here")).unwrap();
    root
}

#[test]
fn walks_skip_special_files_report_links_and_keep_other_results() {
    let scratch = Scratch::new("hostile-tree");
    let root = hostile_tree(&scratch);
    let run = policy_bounded(&root, &[&"check", &"policies", &"--format", &"json"]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    let report = run.json();
    let broken = files(&report)
        .iter()
        .find(|f| f["path"] == "policies/broken.json")
        .expect("the policy's results are kept");
    assert_eq!(codes(broken), ["INVALID_EFFECT"]);
    let errors: Vec<(String, String)> = files(&report)
        .iter()
        .filter_map(|f| {
            Some((
                f["path"].as_str()?.to_string(),
                f["error"].as_str()?.to_string(),
            ))
        })
        .collect();
    let reason = |name: &str| {
        errors
            .iter()
            .find(|(path, _)| path.ends_with(name))
            .map(|(_, reason)| reason.clone())
            .unwrap_or_else(|| panic!("`{name}` is not reported: {errors:?}"))
    };
    assert!(reason("environ.json").contains("/proc"));
    assert!(reason("out.json").contains("--follow"));
    assert!(reason("dangling.json").contains("leads nowhere"));
    assert!(
        errors.iter().all(|(path, _)| !path.ends_with("fifo.json")),
        "a FIFO in a walk is skipped"
    );
    assert!(
        !run.stdout.contains("o-a1b2c3d4e5"),
        "the outside file was read"
    );
    // Without --follow, links to directories are not walked.
    assert!(errors
        .iter()
        .all(|(path, _)| !path.contains("/up") && !path.contains("/here")));

    // --follow reads the outside file and walks the links, reporting the loops.
    let run = policy_bounded(
        &root,
        &[&"check", &"policies", &"--follow", &"--format", &"json"],
    );
    let report = run.json();
    let listed = paths(&report);
    assert!(listed.iter().any(|p| p.ends_with("out.json")), "{listed:?}");
    assert!(
        listed.iter().any(|p| p.ends_with("here")),
        "the loop is reported: {listed:?}"
    );
    // `up` leads to the repository, whose `policies` was walked already: its
    // files are not listed twice.
    let broken = listed.iter().filter(|p| p.ends_with("broken.json")).count();
    assert_eq!(broken, 1, "{listed:?}");
    assert!(run.stderr.contains("loop"), "{}", run.stderr);
    assert!(
        listed.iter().any(|p| p.ends_with("environ.json")),
        "{listed:?}"
    );
    assert!(!run.stdout.contains("HOME="), "/proc is never read");
}

#[test]
fn special_files_named_on_the_command_line_are_refused() {
    let scratch = Scratch::new("hostile-named");
    let root = hostile_tree(&scratch);
    let run = policy_bounded(
        &root,
        &[
            &"check",
            &"policies/fifo.json",
            &"policies/environ.json",
            &"policies/out.json",
            &"policies/broken.json",
            &"/dev/zero",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("INVALID_EFFECT"), "{}", run.stdout);
    for (name, why) in [
        ("fifo.json", "FIFO"),
        ("environ.json", "/proc"),
        ("out.json", "outside the current directory"),
        ("/dev/zero", "/dev"),
    ] {
        let line = run
            .stderr
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("`{name}` not reported:\n{}", run.stderr));
        assert!(line.contains(why), "{line}");
    }
    // Named explicitly with --follow, a link out of the tree is read.
    let run = policy_bounded(&root, &[&"check", &"--follow", &"policies/out.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // eval and --request refuse special files too, without hanging.
    let run = policy_bounded(&root, &[&"eval", &"policies/fifo.json", &"GET /"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("FIFO"), "{}", run.stderr);
    let run = policy_bounded(
        &root,
        &[
            &"eval",
            &"policies/broken.json",
            &"--request",
            &"policies/fifo.json",
        ],
    );
    assert_eq!(run.code, 2);
}

#[test]
fn standard_input_named_twice_is_an_argument_error() {
    let run = policy_stdin(&[&"check", &"-", &"-"], CLEAN.as_bytes());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("only once"), "{}", run.stderr);
}

#[test]
fn non_utf8_file_names_are_shown_by_their_bytes() {
    use std::os::unix::ffi::OsStrExt;
    let scratch = Scratch::new("non-utf8");
    let name = std::ffi::OsStr::from_bytes(b"bad\xffname.json");
    std::fs::write(scratch.path("x").with_file_name(name), BROKEN).unwrap();
    let run = policy_in(&scratch.0, &[&"check", &".", &"--format", &"json"]);
    assert_eq!(paths(&run.json()), ["./bad\\xffname.json"]);
}

#[test]
fn policy_test_reports_what_it_cannot_read_and_never_loops() {
    use std::os::unix::fs::symlink;
    let scratch = Scratch::new("test-links");
    let dir = scratch.path("suite");
    scratch.file("suite/svc/policy.json", CLEAN);
    scratch.file("suite/svc/requests.txt", "deny GET / from anonymous\n");
    scratch.file("elsewhere/requests.txt", "allow GET / from anonymous\n");
    symlink(".", dir.join("again")).unwrap();
    symlink(".", dir.join("more")).unwrap();
    symlink(
        scratch.path("elsewhere/requests.txt"),
        dir.join("svc/../requests.txt"),
    )
    .unwrap();
    let run = policy_bounded(&dir, &[&"test", &"."]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("1 passed, 0 failed"), "{}", run.stdout);
    assert!(run.stderr.contains("--follow"), "{}", run.stderr);
    let run = policy_bounded(&dir, &[&"test", &".", &"--follow"]);
    assert!(run.stderr.contains("loop"), "{}", run.stderr);
}

/// A one-line policy of many statements with long value lists: the human
/// explanation stays small (values and statements past a few are counted),
/// while `--format json` keeps every value.
#[test]
fn eval_output_is_bounded_by_the_policy_not_its_square() {
    let scratch = Scratch::new("eval-bounded");
    let paths: Vec<String> = (0..2000).map(|i| format!("/p{i:05}/*")).collect();
    let statement = json!({
        "Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
        "Condition": {"StringLike": {"vpc-lattice-svcs:RequestPath": paths}},
    });
    let policy = json!({"Version": "2012-10-17", "Statement": vec![statement; 30]}).to_string();
    assert!(policy.len() > 500_000);
    let file = scratch.file("wide.json", &policy);
    let run = policy_bounded(&scratch.0, &[&"eval", &file, &"GET /x"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.len() < 64 * 1024,
        "{} bytes of human output for a {} byte policy",
        run.stdout.len(),
        policy.len()
    );
    assert!(run
        .stdout
        .contains("… and 1990 more (all in --format json)"));
    assert!(run.stdout.contains("… and 20 more statements"));
    let run = policy_bounded(
        &scratch.0,
        &[&"eval", &file, &"GET /x", &"--format", &"json"],
    );
    assert!(run.stdout.contains("/p01999/*"));
}

#[test]
fn options_that_would_check_nothing_are_argument_errors() {
    let scratch = Scratch::new("oddities");
    let clean = scratch.file("clean.json", CLEAN);
    let identity = scratch.file("identity.json", IDENTITY);
    let run = policy(&[&"check", &clean, &"--never", &""]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("empty"), "{}", run.stderr);
    let run = policy(&[&"check", &clean, &"--never", &"   "]);
    assert_eq!(run.code, 2);
    scratch.file("cfg/lattice-policy.toml", "never = [\"\"]\n");
    let run = policy(&[
        &"check",
        &clean,
        &"--config",
        &scratch.path("cfg/lattice-policy.toml"),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("INVALID_CONFIG_VALUE"),
        "{}",
        run.stderr
    );
    for flag in [["--never", "GET / from anonymous"], ["--baseline", "x"]] {
        let run = policy(&[
            &"check",
            &"--kind",
            &"identity",
            &identity,
            &flag[0],
            &flag[1],
        ]);
        assert_eq!(run.code, 2, "{flag:?}");
        assert!(run.stderr.contains("identity policies"), "{}", run.stderr);
    }
    scratch.file(
        "cfg2/lattice-policy.toml",
        "never = [\"GET / from anonymous\"]\n",
    );
    let run = policy(&[
        &"check",
        &"--kind",
        &"identity",
        &identity,
        &"--config",
        &scratch.path("cfg2/lattice-policy.toml"),
    ]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr.contains("not checked on identity policies"),
        "{}",
        run.stderr
    );
    let run = policy(&[
        &"eval",
        &clean,
        &"GET /",
        &"--network-auth-type",
        &"NONE",
        &"--network-policy",
        &clean,
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--network-auth-type NONE"),
        "{}",
        run.stderr
    );
}

/// A policy whose analysis runs out of its budget before the request space
/// is built: every statement names `*` but reads a principal tag, which an
/// anonymous caller never has, so none lets anonymous callers in. The rule's
/// fallback (no answer from the analysis) must still see that the tag
/// condition shuts them out, instead of reporting every statement.
#[test]
fn an_exhausted_budget_never_claims_anonymous_access_a_tag_shuts_out() {
    let scratch = Scratch::new("budget-tags");
    let statements: Vec<String> = (0..60)
        .map(|i| {
            format!(
                r#"{{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{{"StringLike":{{"aws:PrincipalTag/team":"*a{i}*b{i}*c*"}}}}}}"#
            )
        })
        .collect();
    let file = scratch.file(
        "tags.json",
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
            statements.join(",")
        ),
    );
    let run = policy(&[
        &"check",
        &file,
        &"--analysis-budget",
        &"1ms,1M",
        &"--format",
        &"concise",
    ]);
    assert!(!run.stdout.contains("ANONYMOUS_ACCESS"), "{}", run.stdout);
    // The same statement without the tag condition is still reported on
    // the same budget: the fallback did not go silent.
    let open = scratch.file(
        "open.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
    );
    let run = policy(&[
        &"check",
        &open,
        &"--analysis-budget",
        &"1ms,1M",
        &"--format",
        &"concise",
    ]);
    assert!(run.stdout.contains("ANONYMOUS_ACCESS"), "{}", run.stdout);
}
