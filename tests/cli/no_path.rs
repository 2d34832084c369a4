//! With no PATH, `policy check` and `policy test` read what the
//! configuration's `include` names, a missing `policies/` is no unreadable
//! file, and the summary never calls a run with an unreadable file clean
//! (issue 12, defect 6).

use super::*;

/// A repository whose policies are under `services/`, named by `include`.
fn services_repo(test: &str) -> Scratch {
    let dir = Scratch::new(test);
    dir.file(
        "lattice-policy.toml",
        "include = [\"services/**/*.json\"]\nexclude = [\"services/drafts\"]\n",
    );
    dir.file("services/rates/policy.json", CLEAN);
    dir.file(
        "services/rates/requests.txt",
        "allow GET / as 111122223333 org o-a1b2c3d4e5\ndeny:implicit-deny GET / from anonymous\n",
    );
    dir.file("services/drafts/policy.json", BROKEN);
    dir.file(
        "services/drafts/requests.txt",
        "allow GET / from anonymous\n",
    );
    // Not named by `include`.
    dir.file("package.json", "{\"name\": \"x\"}");
    dir
}

#[test]
fn check_without_a_path_reads_the_configurations_include() {
    let dir = services_repo("no-path-check");
    let (code, report) = {
        let run = policy_in(&dir.0, &[&"check", &"--format", &"json"]);
        (run.code, run.json())
    };
    assert_eq!(code, 0, "{report}");
    assert_eq!(paths(&report), ["services/rates/policy.json"]);
    let run = policy_in(&dir.0, &[&"check"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "checked 1 file: no problems found\n");
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn test_without_a_path_reads_the_configurations_include() {
    let dir = services_repo("no-path-test");
    let run = policy_in(&dir.0, &[&"test"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.ends_with("2 passed, 0 failed\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("drafts"), "{}", run.stdout);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn a_missing_policies_folder_is_nothing_to_check_not_an_unreadable_file() {
    let dir = Scratch::new("no-path-empty");
    for command in ["check", "test"] {
        let run = policy_in(&dir.0, &[&command]);
        assert_eq!(run.code, 0, "{command}: {run:?}");
        assert!(
            run.stderr
                .contains("there is no `policies/` here: nothing to check"),
            "{command}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("cannot read"), "{}", run.stderr);
        assert!(!run.stdout.contains("no problems found"), "{}", run.stdout);
    }
}

#[test]
fn the_summary_never_says_no_problems_when_a_file_could_not_be_read() {
    let dir = Scratch::new("no-path-unreadable");
    dir.file("clean.json", CLEAN);
    let run = policy_in(&dir.0, &[&"check", &"missing.json"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "checked 1 file: 1 file could not be read\n");
    let run = policy_in(&dir.0, &[&"check", &"missing.json", &"clean.json"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stdout,
        "checked 2 files: no problems found in the 1 file read; 1 file could not be read\n"
    );
}
