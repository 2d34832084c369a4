//! Every witness `policy check` prints is a `policy eval` command that, run
//! as printed (pasted into a shell), gives the decision the finding claims.

use super::*;

/// Runs a printed command line as a user pasting it would: through `sh`, in
/// `dir`, with this build of `policy` first on the `PATH`.
pub(super) fn paste(dir: &Path, command: &str) -> Run {
    let bin = Path::new(env!("CARGO_BIN_EXE_policy")).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let output = Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    finish(&output)
}

/// The command at the end of a help text: from `policy eval ` on.
fn printed_command(help: &str) -> &str {
    let at = help
        .find("policy eval ")
        .unwrap_or_else(|| panic!("no command in {help}"));
    &help[at..]
}

#[test]
fn every_printed_witness_replays_through_policy_eval() {
    let corpus = crate::sample::sample_relative("lattice");
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"check", &"policies"];
    args.extend(corpus.iter().map(|p| p as &dyn AsRef<std::ffi::OsStr>));
    args.extend([&"--format" as &dyn AsRef<std::ffi::OsStr>, &"json"]);
    let run = policy(&args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let here = std::env::current_dir().unwrap();
    let mut replayed = 0;
    for file in report["files"].as_array().unwrap() {
        for finding in file["findings"].as_array().unwrap() {
            let code = finding["code"].as_str().unwrap();
            let help = finding["help"].as_str().unwrap_or("");
            let Some(witness) = finding.get("witness") else {
                assert!(!help.contains("policy eval "), "{code}: {help}");
                continue;
            };
            let query = witness["query"].as_str().unwrap();
            let Some(command) = witness["command"].as_str() else {
                // `policy eval` refuses the file, or the policy holds values
                // known only at deploy time (an infrastructure file): the help
                // offers the query alone, and says why.
                assert!(
                    help.contains("once the errors are fixed")
                        || help.contains("values known only at deploy time"),
                    "{help}"
                );
                continue;
            };
            // The help prints the same command, last.
            assert!(help.ends_with(command), "{help}\n{command}");
            assert!(
                command.contains(file["path"].as_str().unwrap()),
                "{command}"
            );
            let eval = paste(&here, command);
            match code {
                "ANONYMOUS_ACCESS" | "ANY_ACCOUNT_ACCESS" => {
                    assert_eq!(eval.code, 0, "{code}: {command}: {}", eval.stdout)
                }
                _ => assert!(eval.code <= 1, "{code}: {command}: {eval:?}"),
            }
            if code == "ANONYMOUS_ACCESS" {
                assert!(query.contains("from anonymous"), "{query}");
            }
            replayed += 1;
        }
    }
    assert!(replayed >= 5, "only {replayed} witnesses printed");
}

#[test]
fn a_printed_command_runs_as_pasted_whatever_the_path() {
    let dir = Scratch::new("witness-paths");
    let open = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;
    for name in ["it's my policy.json", "$HOME `x`.json", "-dash.json"] {
        dir.file(name, open);
        for format in ["json", "human", "github"] {
            // Wide enough that the human report does not wrap the help.
            let output = command(&[
                &"check",
                &"--format",
                &format,
                &"--never",
                &"GET /* from anonymous",
                &"--",
                &name,
            ])
            .current_dir(&dir.0)
            .env("COLUMNS", "1000")
            .stdin(Stdio::null())
            .output()
            .unwrap();
            let run = finish(&output);
            assert_eq!(run.code, 1, "{run:?}");
            let command = match format {
                "json" => {
                    let report = run.json();
                    let finding = &files(&report)[0]["findings"][0];
                    let help = finding["help"].as_str().unwrap();
                    assert_eq!(
                        printed_command(help),
                        finding["witness"]["command"].as_str().unwrap()
                    );
                    printed_command(help).to_owned()
                }
                // One command per line (`%0A` is GitHub's escaped line break).
                "github" => {
                    let line = run.stdout.lines().next().unwrap();
                    printed_command(line).to_owned()
                }
                _ => {
                    let line = run.stdout.lines().find(|l| l.contains("help: ")).unwrap();
                    printed_command(line).to_owned()
                }
            };
            let eval = paste(&dir.0, &command);
            assert_eq!(eval.code, 0, "{name} ({format}): {command}: {eval:?}");
            assert!(
                eval.stdout.starts_with("allow"),
                "{command}: {}",
                eval.stdout
            );
        }
    }
}

#[test]
fn a_policy_eval_refuses_gets_its_witness_as_a_query_only() {
    // A trailing comma: `check` recovers the policy and finds anonymous
    // access, but `policy eval` refuses a file with errors
    // (decision `exact-spelling`), so the witness is no command to paste.
    let dir = Scratch::new("witness-broken");
    let path = dir.file(
        "policy.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*",}]}"#,
    );
    let run = policy(&[&"check", &path, &"--format", &"json"]);
    assert_eq!(run.code, 1);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let findings = report["files"][0]["findings"].as_array().unwrap();
    let anonymous = findings
        .iter()
        .find(|f| f["code"] == "ANONYMOUS_ACCESS")
        .expect("anonymous access is still reported");
    let help = anonymous["help"].as_str().unwrap();
    assert!(!help.contains("policy eval policy"), "{help}");
    assert!(help.contains("once the errors are fixed"), "{help}");
    // The request is still there as data, without a command.
    let witness = &anonymous["witness"];
    assert!(witness["query"]
        .as_str()
        .unwrap()
        .contains("from anonymous"));
    assert!(witness.get("command").is_none(), "{witness}");
    assert_eq!(policy(&[&"eval", &path, &"GET / from anonymous"]).code, 2);
}

#[test]
fn policy_diff_prints_commands_that_run_as_pasted() {
    let dir = Scratch::new("witness-diff");
    dir.file(
        "old policy.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
    );
    dir.file(
        "new 'policy'.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"}}}]}"#,
    );
    let run = policy_in(&dir.0, &[&"diff", &"old policy.json", &"new 'policy'.json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let commands: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.trim().strip_prefix("for example: "))
        .collect();
    assert!(!commands.is_empty(), "{}", run.stdout);
    for command in commands {
        assert!(
            command.starts_with(r"policy eval 'new '\''policy'\''.json' '"),
            "{command}"
        );
        let eval = paste(&dir.0, command);
        assert_eq!(eval.code, 0, "{command}: {eval:?}");
    }
}
