//! A command the human report prints is never broken across lines, whatever
//! the width: each is pasted back into a shell and must give the decision
//! the finding claims (issue 12, defect 1).

use super::witnesses::paste;
use super::*;

/// The widths tried: narrower than any command, a common terminal, wide.
const WIDTHS: [&str; 4] = ["40", "60", "80", "200"];

/// Every `policy eval` command in `text`, one per line, from `policy eval` to
/// the end of its line.
fn commands(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|line| line.find("policy eval ").map(|at| &line[at..]))
        .collect()
}

/// `policy check ARGS` in human format at `COLUMNS=width`.
fn check_at(width: &str, args: &[&dyn AsRef<std::ffi::OsStr>]) -> Run {
    let output = command(args)
        .env("COLUMNS", width)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    finish(&output)
}

#[test]
fn the_readme_never_example_prints_a_command_that_runs_at_any_width() {
    for width in WIDTHS {
        let run = check_at(
            width,
            &[
                &"check",
                &"policies/no-anonymous-no-get/policy.json",
                &"--never",
                &"GET /* from anonymous",
                &"--never",
                &"DELETE /admin/* as any-account",
            ],
        );
        assert_eq!(run.code, 1, "{run:?}");
        let printed = commands(&run.stdout);
        // The violated invariant and the any-account warning each print one.
        assert_eq!(printed.len(), 2, "COLUMNS={width}:\n{}", run.stdout);
        assert!(
            printed[0].contains("'DELETE /admin/ as 999999999999 "),
            "COLUMNS={width}: {}",
            printed[0]
        );
        for command in printed {
            assert!(command.ends_with('\''), "COLUMNS={width}: {command}");
            let eval = paste(Path::new("."), command);
            assert_eq!(eval.code, 0, "COLUMNS={width}: {command}: {eval:?}");
            assert!(eval.stdout.starts_with("allow"), "{}", eval.stdout);
        }
    }
}

#[test]
fn a_long_service_arn_and_its_command_stay_whole_at_any_width() {
    let dir = Scratch::new("paste-arn");
    let arn = "arn:aws:vpc-lattice:eu-central-1:444455556666:service/svc-0fedcba9876543210";
    let path = dir.file(
        "open.json",
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"{arn}/*"}}]}}"#
        ),
    );
    for width in WIDTHS {
        let run = check_at(width, &[&"check", &path]);
        assert_eq!(run.code, 1, "{run:?}");
        let printed = commands(&run.stdout);
        assert_eq!(printed.len(), 1, "COLUMNS={width}:\n{}", run.stdout);
        let command = printed[0];
        assert!(command.contains(arn), "COLUMNS={width}: {command}");
        let eval = paste(Path::new("."), command);
        assert_eq!(eval.code, 0, "COLUMNS={width}: {command}: {eval:?}");
        // Nothing in the help is cut at a hyphen or a slash either.
        assert!(
            !run.stdout
                .lines()
                .any(|l| l.ends_with('-') || l.ends_with('/')),
            "COLUMNS={width}:\n{}",
            run.stdout
        );
    }
}
