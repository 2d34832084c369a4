//! `lattice-policy.toml`: rule levels, `fail-on`, include and exclude globs,
//! located errors, and how command-line flags override the file.

use super::*;

/// Allows everyone but one role: `ALLOW_WITH_NOT_PRINCIPAL`, an error by default.
const NOT_PRINCIPAL: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:role/blocked"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#;

fn json_in(dir: &Path, args: &[&dyn AsRef<std::ffi::OsStr>]) -> (i32, Value) {
    let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"check", &"--format", &"json"];
    all.extend_from_slice(args);
    let run = policy_in(dir, &all);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    (run.code, run.json())
}

fn severities(report: &Value) -> Vec<(String, String)> {
    files(report)
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap().iter())
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_nearest_config_above_the_current_directory_applies() {
    let dir = Scratch::new("config-walk");
    dir.file(
        "lattice-policy.toml",
        "[rules]\nALLOW_WITH_NOT_PRINCIPAL = \"off\"\n",
    );
    dir.file("deep/er/np.json", NOT_PRINCIPAL);
    let inner = dir.path("deep/er");
    let (code, report) = json_in(&inner, &[&"np.json"]);
    assert_eq!(code, 0);
    assert_eq!(severities(&report), []);

    // --no-config ignores it; --config names one explicitly.
    let (code, report) = json_in(&inner, &[&"--no-config", &"np.json"]);
    assert_eq!(code, 1);
    assert_eq!(
        severities(&report),
        [("ALLOW_WITH_NOT_PRINCIPAL".into(), "error".into())]
    );
    let other = dir.file(
        "other.toml",
        "[rules]\nALLOW_WITH_NOT_PRINCIPAL = \"warning\"\n",
    );
    let (code, report) = json_in(&inner, &[&"--config", &other, &"np.json"]);
    assert_eq!(code, 0);
    assert_eq!(
        severities(&report),
        [("ALLOW_WITH_NOT_PRINCIPAL".into(), "warning".into())]
    );

    // A nearer file wins over one further up.
    dir.file("deep/lattice-policy.toml", "");
    let (code, _) = json_in(&inner, &[&"np.json"]);
    assert_eq!(code, 1);
}

#[test]
fn flags_override_the_file() {
    let dir = Scratch::new("config-flags");
    dir.file(
        "lattice-policy.toml",
        "fail-on = \"warning\"\n\n[rules]\nALLOW_WITH_NOT_PRINCIPAL = \"warning\"\n",
    );
    dir.file("np.json", NOT_PRINCIPAL);
    dir.file("warn.json", WARNING_ONLY);

    // fail-on from the file; --fail-on on the command line wins.
    assert_eq!(json_in(&dir.0, &[&"warn.json"]).0, 1);
    assert_eq!(
        json_in(&dir.0, &[&"--fail-on", &"error", &"warn.json"]).0,
        0
    );

    let (code, report) = json_in(&dir.0, &[&"np.json"]);
    assert_eq!(code, 1);
    assert_eq!(
        severities(&report),
        [("ALLOW_WITH_NOT_PRINCIPAL".into(), "warning".into())]
    );
    let (code, report) = json_in(
        &dir.0,
        &[&"--ignore", &"ALLOW_WITH_NOT_PRINCIPAL", &"np.json"],
    );
    assert_eq!((code, severities(&report)), (0, vec![]));

    // --select runs a rule the file turns off.
    dir.file(
        "lattice-policy.toml",
        "[rules]\nALLOW_WITH_NOT_PRINCIPAL = \"off\"\n",
    );
    assert_eq!(json_in(&dir.0, &[&"np.json"]).0, 0);
    assert_eq!(
        json_in(
            &dir.0,
            &[&"--select", &"ALLOW_WITH_NOT_PRINCIPAL", &"np.json"]
        )
        .0,
        1
    );
}

#[test]
fn include_and_exclude_filter_every_file() {
    let dir = Scratch::new("config-globs");
    dir.file(
        "lattice-policy.toml",
        "include = [\"policies\", \"extra/*.json\"]\nexclude = [\"**/drafts\"]\n",
    );
    dir.file("policies/a.json", BROKEN);
    dir.file("policies/team/b.json", CLEAN);
    dir.file("policies/team/drafts/c.json", BROKEN);
    dir.file("extra/d.json", CLEAN);
    dir.file("extra/deeper/e.json", BROKEN);
    dir.file("package.json", r#"{"name": "web"}"#);

    let (code, report) = json_in(&dir.0, &[&"."]);
    assert_eq!(code, 1);
    assert_eq!(
        paths(&report),
        [
            "./extra/d.json",
            "./policies/a.json",
            "./policies/team/b.json"
        ]
    );

    // Files named on the command line are filtered too (pre-commit names every changed file).
    let (code, report) = json_in(
        &dir.0,
        &[
            &"package.json",
            &"policies/team/b.json",
            &"policies/team/drafts/c.json",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(paths(&report), ["policies/team/b.json"]);

    // Nothing left: exit 0, and stderr says why.
    let run = policy_in(&dir.0, &[&"check", &"package.json"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stderr,
        "policy: no policy files to check (1 excluded by `lattice-policy.toml`)\n"
    );

    // From a subdirectory, globs stay relative to the file's directory.
    let (code, report) = json_in(&dir.path("policies"), &[&"."]);
    assert_eq!(code, 1);
    assert_eq!(paths(&report), ["./a.json", "./team/b.json"]);

    // --no-config checks everything.
    let (_, report) = json_in(&dir.0, &[&"--no-config", &"policies/team/drafts/c.json"]);
    assert_eq!(paths(&report), ["policies/team/drafts/c.json"]);
}

#[test]
fn standard_input_is_never_filtered() {
    let dir = Scratch::new("config-stdin");
    dir.file("lattice-policy.toml", "include = [\"policies\"]\n");
    let output = command(&[&"check", &"-"])
        .current_dir(&dir.0)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child.stdin.take().unwrap().write_all(BROKEN.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    assert_eq!(finish(&output).code, 1);
}

#[test]
fn config_errors_are_located_and_exit_2() {
    let dir = Scratch::new("config-errors");
    dir.file("clean.json", CLEAN);
    dir.file(
        "lattice-policy.toml",
        "fail_on = \"warning\"\n\n[rules]\nALLOW_WITH_NOT_PRINCIPLE = \"off\"\nMISSING_VERSION = \"off\"\n",
    );
    let run = policy_in(&dir.0, &[&"check", &"--format", &"json", &"clean.json"]);
    assert_eq!(run.code, 2, "{run:?}");
    // The JSON report carries the problems too (more in config_output.rs).
    assert_eq!(
        codes(&files(&run.json())[0]),
        ["UNKNOWN_CONFIG_KEY", "UNKNOWN_RULE", "UNKNOWN_RULE"]
    );
    let err = &run.stderr;
    for expected in [
        "UNKNOWN_CONFIG_KEY",
        "unknown key `fail_on`",
        "[lattice-policy.toml:1:1]",
        "did you mean `fail-on`?",
        "no lint rule has the code `ALLOW_WITH_NOT_PRINCIPLE`",
        "[lattice-policy.toml:4:1]",
        "did you mean `ALLOW_WITH_NOT_PRINCIPAL`?",
        "`MISSING_VERSION` is a grammar check, which cannot be configured",
        "[lattice-policy.toml:5:1]",
        "policy: the configuration `lattice-policy.toml` is not valid (3 problems)",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }

    // Found further up, the file is named by its path.
    dir.file("sub/clean.json", CLEAN);
    let run = policy_in(&dir.path("sub"), &[&"check", &"clean.json"]);
    assert_eq!(run.code, 2);
    let shown = display(&dir.path("lattice-policy.toml"));
    assert!(
        run.stderr.contains(&format!("[{shown}:1:1]")),
        "{}",
        run.stderr
    );
}

#[test]
fn config_syntax_errors_and_bad_values_are_located() {
    let dir = Scratch::new("config-syntax");
    dir.file("clean.json", CLEAN);
    dir.file("bad.toml", "include = [\"policies\"\n");
    let run = policy_in(&dir.0, &[&"check", &"--config", &"bad.toml", &"clean.json"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("CONFIG_SYNTAX_ERROR"), "{}", run.stderr);
    assert!(run.stderr.contains("[bad.toml:"), "{}", run.stderr);

    dir.file(
        "values.toml",
        "fail-on = 1\nexclude = [\"[\"]\n[rules]\nALLOW_WITH_NOT_PRINCIPAL = \"warn\"\n",
    );
    let run = policy_in(
        &dir.0,
        &[&"check", &"--config", &"values.toml", &"clean.json"],
    );
    assert_eq!(run.code, 2);
    for expected in [
        "`fail-on` is a string, not an integer",
        "[values.toml:1:11]",
        "`[` is not a valid glob",
        "`warn` is not a rule level",
        "did you mean `warning`?",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?} in:\n{}",
            run.stderr
        );
    }
}

#[test]
fn config_flag_problems_exit_2() {
    let dir = Scratch::new("config-flags-bad");
    dir.file("clean.json", CLEAN);
    let run = policy_in(
        &dir.0,
        &[&"check", &"--config", &"nope.toml", &"clean.json"],
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "policy: cannot read the configuration `nope.toml`: no such file or directory\n"
    );
    let run = policy_in(
        &dir.0,
        &[
            &"check",
            &"--config",
            &"x.toml",
            &"--no-config",
            &"clean.json",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot be used with"), "{}", run.stderr);
}

#[test]
fn check_help_documents_the_config_file() {
    let run = policy(&[&"check", &"--help"]);
    assert_eq!(run.code, 0);
    for expected in [
        "lattice-policy.toml",
        "--config",
        "--no-config",
        "[rules]",
        "    ALLOW_WITH_NOT_PRINCIPAL = \"warning\"",
        "exclude = [",
        "sarif",
        "github",
    ] {
        assert!(run.stdout.contains(expected), "missing {expected:?}");
    }
}
