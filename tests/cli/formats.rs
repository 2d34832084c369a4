//! Output for editors, CI and people: `--format concise`, `--format junit`,
//! `--statistics`, `--quiet` and `--color`.

use super::*;

/// The bundled examples' files, with findings of every severity.
fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("policies")
}

/// `policy` with the environment a terminal user might have: neither
/// `NO_COLOR` nor `CLICOLOR_FORCE` unless given.
fn policy_env(args: &[&dyn AsRef<std::ffi::OsStr>], env: &[(&str, &str)]) -> Run {
    let mut cmd = command(args);
    cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    finish(&cmd.stdin(Stdio::null()).output().unwrap())
}

#[test]
fn concise_prints_one_line_per_finding_as_the_json_report_locates_it() {
    let dir = Scratch::new("concise");
    let broken = dir.file("broken.json", BROKEN);
    dir.file("warn.json", WARNING_ONLY);
    let run = policy(&[&"check", &"--format", &"concise", &dir.0]);
    let (code, report) = check_json(&[&dir.0]);
    assert_eq!(run.code, code);
    let expected: Vec<String> = files(&report)
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap().iter())
        .map(|f| {
            format!(
                "{}:{}:{}: {} {} {}",
                f["path"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["severity"].as_str().unwrap(),
                f["code"].as_str().unwrap(),
                f["message"].as_str().unwrap()
            )
        })
        .collect();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[..lines.len() - 1], expected);
    assert_eq!(
        lines.last().copied(),
        Some("checked 2 files: 1 error, 1 warning, 0 infos in 2 files")
    );
    assert!(run
        .stdout
        .starts_with(&format!("{}:5:17: error INVALID_EFFECT ", display(&broken))));

    // --quiet: the findings only, and the same exit status.
    let quiet = policy(&[&"check", &"--format", &"concise", &"--quiet", &dir.0]);
    assert_eq!(quiet.code, 1);
    assert_eq!(quiet.stdout.lines().collect::<Vec<_>>(), expected);
    let quiet = policy(&[&"check", &"-q", &dir.path("warn.json")]);
    assert_eq!(quiet.code, 0);
    assert!(
        quiet.stdout.contains("MISSING_VERSION") && !quiet.stdout.contains("checked 1 file"),
        "{}",
        quiet.stdout
    );
}

#[test]
fn a_concise_line_never_breaks_on_what_a_policy_holds() {
    let dir = Scratch::new("concise-hostile");
    dir.file(
        "p.json",
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"vpc-lattice-svcs:Invoke\", \"Resource\": \"*\", \"Bad\\nKey\\u001b[31m\": 1}]}",
    );
    let run = policy(&[&"check", &"--format", &"concise", &"--quiet", &dir.0]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(!run.stdout.contains('\u{1b}'), "{:?}", run.stdout);
    for line in run.stdout.lines() {
        assert!(
            line.contains(": error ") || line.contains(": warning ") || line.contains(": info "),
            "{line:?}"
        );
    }
}

/// Parses XML with python3's `xml.etree` and returns, per test case, its
/// name, its failures' types and whether it has `<system-out>` or `<error>`.
fn parse_junit(xml: &str) -> Vec<String> {
    let script = r#"
import sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.read())
suite = root.find('testsuite')
print('suite', root.get('tests'), root.get('failures'), root.get('errors'), suite.get('tests'))
for case in suite.findall('testcase'):
    failures = [f.get('type') + '|' + f.get('message') for f in case.findall('failure')]
    out = case.find('system-out')
    print(repr(case.get('name')), failures, 'out' if out is not None else '', 'error' if case.find('error') is not None else '')
    for f in case.findall('failure'):
        print('text', repr(f.text))
"#;
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 is needed to read the JUnit XML");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(xml.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "not XML python3 reads: {}\n{xml}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn junit_is_xml_with_a_case_per_file_and_a_failure_per_failing_finding() {
    let dir = Scratch::new("junit");
    // A name and a message full of what XML must escape, and a control character.
    dir.file(
        "a&<b>.json",
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"allow\", \"Principal\": \"*\", \"Action\": \"vpc-lattice-svcs:Invoke\", \"Resource\": \"*\", \"<x> & \\\"y\\\" ']]>\\u0007\": 1}]}",
    );
    dir.file("clean.json", CLEAN);
    dir.file("warn.json", WARNING_ONLY);
    let run = policy(&[&"check", &"--format", &"junit", &dir.0]);
    assert_eq!(run.code, 1, "{run:?}");
    let parsed = parse_junit(&run.stdout);
    assert_eq!(parsed[0], "suite 3 1 0 3");
    assert!(parsed[1].contains("a&<b>.json'"), "{parsed:?}");
    assert!(
        parsed[1].contains("'INVALID_EFFECT|`allow` is not a valid effect'"),
        "{parsed:?}"
    );
    assert!(parsed[1].contains("INVALID_POLICY_ELEMENT|"), "{parsed:?}");
    assert!(
        parsed
            .iter()
            .any(|l| l.starts_with("text ") && l.contains("<x> & \"y\" \\']]>")),
        "{parsed:?}"
    );
    assert!(!run.stdout.contains('\u{7}'), "{}", run.stdout);
    assert!(
        parsed
            .iter()
            .any(|l| l.contains("clean.json'") && l.ends_with("[]  ")),
        "{parsed:?}"
    );
    // A warning fails nothing by default: it is in the case's output.
    assert!(
        parsed
            .iter()
            .any(|l| l.contains("warn.json'") && l.contains("[] out")),
        "{parsed:?}"
    );

    // With --fail-on warning, the warning is a failure too.
    let run = policy(&[
        &"check",
        &"--format",
        &"junit",
        &"--fail-on",
        &"warning",
        &dir.path("warn.json"),
    ]);
    assert_eq!(run.code, 1);
    let parsed = parse_junit(&run.stdout);
    assert_eq!(parsed[0], "suite 1 1 0 1");
    assert!(parsed[1].contains("'MISSING_VERSION|"), "{parsed:?}");

    // A file that cannot be read is an error of its case.
    let run = policy(&[&"check", &"--format", &"junit", &dir.path("missing.json")]);
    assert_eq!(run.code, 2);
    let parsed = parse_junit(&run.stdout);
    assert_eq!(parsed[0], "suite 1 0 1 1");
    assert!(parsed[1].ends_with("error"), "{parsed:?}");
}

#[test]
fn statistics_count_each_code_most_frequent_first() {
    let dir = Scratch::new("statistics");
    dir.file("a.json", BROKEN);
    dir.file("b.json", BROKEN);
    dir.file("c.json", WARNING_ONLY);
    let run = policy(&[&"check", &"--statistics", &dir.0]);
    assert_eq!(run.code, 1);
    let lines: Vec<Vec<&str>> = run
        .stdout
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(lines[0][..3], ["2", "INVALID_EFFECT", "invalid-effect"]);
    assert_eq!(lines[1][..3], ["1", "MISSING_VERSION", "missing-version"]);
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert!(run
        .stdout
        .ends_with("checked 3 files: 2 errors, 1 warning, 0 infos in 3 files\n"));

    let run = policy(&[&"check", &"--statistics", &"--format", &"json", &dir.0]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.json()
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (
                c["code"].as_str().unwrap().to_string(),
                c["count"].as_u64().unwrap()
            ))
            .collect::<Vec<_>>(),
        [
            ("INVALID_EFFECT".to_string(), 2),
            ("MISSING_VERSION".to_string(), 1)
        ]
    );
    let run = policy(&[&"check", &"--statistics", &"--format", &"sarif", &dir.0]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`--statistics`"), "{}", run.stderr);
}

#[test]
fn colour_follows_the_flag_then_no_color_then_clicolor_force() {
    let example = examples().join("broken-effect-and-version/policy.json");
    let args: [&dyn AsRef<std::ffi::OsStr>; 4] = [&"check", &"--format", &"concise", &example];
    let coloured = |run: &Run| run.stdout.contains("\u{1b}[");
    // Not a terminal: no colour by default.
    assert!(!coloured(&policy_env(&args, &[])));
    assert!(coloured(&policy_env(&args, &[("CLICOLOR_FORCE", "1")])));
    assert!(!coloured(&policy_env(&args, &[("CLICOLOR_FORCE", "0")])));
    assert!(!coloured(&policy_env(
        &args,
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
    )));
    let always: [&dyn AsRef<std::ffi::OsStr>; 6] = [
        &"check",
        &"--color",
        &"always",
        &"--format",
        &"concise",
        &example,
    ];
    let run = policy_env(&always, &[("NO_COLOR", "1")]);
    assert!(coloured(&run));
    assert!(
        run.stdout
            .contains("\u{1b}[1;31merror\u{1b}[0m \u{1b}[1mINVALID_VERSION\u{1b}[0m"),
        "{:?}",
        run.stdout
    );
    let never: [&dyn AsRef<std::ffi::OsStr>; 6] = [
        &"check",
        &"--color",
        &"never",
        &"--format",
        &"concise",
        &example,
    ];
    assert!(!coloured(&policy_env(&never, &[("CLICOLOR_FORCE", "1")])));
    // The human diagnostics are coloured the same way.
    assert!(coloured(&policy_env(
        &[&"check", &example],
        &[("CLICOLOR_FORCE", "1")]
    )));
}

#[test]
fn eval_diff_and_test_colour_their_answers_and_keep_commands_plain() {
    let org = examples().join("org-only/policy.json");
    let run = policy_env(
        &[
            &"eval",
            &"--color",
            &"always",
            &org,
            &"GET / from anonymous",
        ],
        &[],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.starts_with("\u{1b}[1;31mdeny (implicit-deny)"),
        "{:?}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\u{1b}[1;31m✗\u{1b}[0m"),
        "{:?}",
        run.stdout
    );
    let plain = policy(&[&"eval", &org, &"GET / from anonymous"]);
    assert!(!plain.stdout.contains('\u{1b}'));

    let open = examples().join("authenticated-only/policy.json");
    let run = policy_env(&[&"diff", &"--color", &"always", &org, &open], &[]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.starts_with("\u{1b}[1;31m"), "{:?}", run.stdout);
    // The replay command is not coloured: it pastes as it is.
    let command = run
        .stdout
        .lines()
        .find(|l| l.contains("for example: "))
        .unwrap();
    assert!(!command.contains('\u{1b}'), "{command:?}");

    let run = policy_env(
        &[&"test", &"--color", &"always", &examples().join("org-only")],
        &[],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.starts_with("\u{1b}[1;32mok     \u{1b}[0m "),
        "{:?}",
        run.stdout
    );
}

/// An invalid configuration stops the run (exit 2), and the formats for
/// machines still write their document: JUnit a valid report whose one case
/// is the configuration file with its problem, concise its located line.
#[test]
fn an_invalid_configuration_still_gives_junit_and_concise_their_output() {
    let dir = Scratch::new("formats-bad-config");
    dir.file("lattice-policy.toml", "fail_on = \"warning\"\n");
    dir.file("a.json", CLEAN);
    let run = policy_in(&dir.0, &[&"check", &"--format", &"junit", &"a.json"]);
    assert_eq!(run.code, 2, "{run:?}");
    let parsed = parse_junit(&run.stdout);
    assert_eq!(parsed[0], "suite 1 1 0 1");
    assert!(
        parsed[1].contains("lattice-policy.toml'") && parsed[1].contains("'UNKNOWN_CONFIG_KEY|"),
        "{parsed:?}"
    );
    let run = policy_in(&dir.0, &[&"check", &"--format", &"concise", &"a.json"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stdout
            .starts_with("lattice-policy.toml:1:1: error UNKNOWN_CONFIG_KEY unknown key `fail_on`"),
        "{}",
        run.stdout
    );
}
