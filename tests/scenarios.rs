//! Every scenario in `policies/`: `policy check` output as a reviewed snapshot,
//! and the exit code its README promises.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `policy check <args>` from the crate root, as a user would, at a fixed width without colour.
fn check(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_policy"))
        .arg("check")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("COLUMNS", "80")
        .env("NO_COLOR", "1")
        .output()
        .expect("run policy");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8 output"),
        stderr,
    )
}

macro_rules! scenario {
    ($($test:ident => ($dir:literal, $exit:expr);)*) => {
        $(
            #[test]
            fn $test() {
                let path = concat!("policies/", $dir, "/policy.json");
                let (code, stdout, _) = check(&[path]);
                assert_eq!(code, $exit, "exit code for {path}:\n{stdout}");
                insta::with_settings!({
                    snapshot_path => "../snapshots",
                    prepend_module_to_snapshot => false,
                    description => path,
                }, {
                    insta::assert_snapshot!(concat!("check__", $dir), stdout);
                });
            }
        )*

        /// Every folder under `policies/` has a snapshot test above.
        #[test]
        fn every_scenario_is_tested() {
            let listed = [$($dir),*];
            let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
            let mut missing = Vec::new();
            for entry in std::fs::read_dir(root).unwrap() {
                let entry = entry.unwrap();
                if entry.file_type().unwrap().is_dir() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    // `changes/` holds before/after pairs, tested by `changes!` below;
                    // `iac/` holds infrastructure files, tested in `iac_*.rs`.
                    if name != "changes" && name != "iac" && !listed.contains(&name.as_str()) {
                        missing.push(name);
                    }
                }
            }
            assert!(missing.is_empty(), "scenarios without a test: {missing:?}");
        }
    };
}

scenario! {
    org_only => ("org-only", 0);
    role_get => ("role-get", 0);
    vpc_authenticated => ("vpc-authenticated", 0);
    authenticated_only => ("authenticated-only", 0);
    no_anonymous_no_get => ("no-anonymous-no-get", 0);
    replay_tighten => ("replay-tighten", 0);
    broken_trailing_comma => ("broken-trailing-comma", 1);
    broken_misspelt_elements => ("broken-misspelt-elements", 1);
    broken_condition_operator => ("broken-condition-operator", 1);
    broken_effect_and_version => ("broken-effect-and-version", 1);
    broken_missing_principal => ("broken-missing-principal", 1);
    broken_duplicate_keys => ("broken-duplicate-keys", 1);
    broken_action_and_notaction => ("broken-action-and-notaction", 1);
    broken_wrong_types => ("broken-wrong-types", 1);
    broken_comments_and_quotes => ("broken-comments-and-quotes", 1);
}

/// The README's first command: the whole folder, exit 1 because the broken
/// variants are there on purpose. Every broken variant has an error; the
/// working examples have none (some have security warnings, which their
/// READMEs explain).
#[test]
fn whole_folder_reports_every_broken_variant() {
    let (code, stdout, _) = check(&["policies/", "--format", "json"]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let files: Vec<&serde_json::Value> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        // The infrastructure examples are checked in `iac_*.rs`.
        .filter(|f| !f["path"].as_str().unwrap().starts_with("policies/iac/"))
        .collect();
    // 15 scenarios (replay-tighten has two policies), and the before/after pairs of `policies/changes/`.
    assert_eq!(files.len(), 24);
    for file in files {
        let path = file["path"].as_str().unwrap();
        let findings = file["findings"].as_array().unwrap();
        let errors = findings.iter().any(|f| f["severity"] == "error");
        assert_eq!(path.contains("/broken-"), errors, "{path}: {findings:?}");
    }
}

/// The whole folder in the formats for editors and for an overview: one
/// line per finding (`--format concise`), and the counts per code
/// (`--statistics`), as reviewed snapshots.
#[test]
fn whole_folder_in_concise_and_statistics() {
    let (code, concise, _) = check(&["policies/", "--format", "concise"]);
    assert_eq!(code, 1);
    let (code, statistics, _) = check(&["policies/", "--statistics"]);
    assert_eq!(code, 1);
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("concise__policies", concise);
        insta::assert_snapshot!("statistics__policies", statistics);
    });
}

/// `policy eval` for every expectation in a scenario's `requests.txt`, at a
/// fixed time: the exit code must match the expected decision, and the
/// rendered explanations together form the scenario's snapshot.
fn explanations(dir: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("policies")
        .join(dir);
    let requests = std::fs::read_to_string(root.join("requests.txt")).unwrap();
    let mut all = String::new();
    for line in requests
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (expected, query) = line.split_once(char::is_whitespace).unwrap();
        let query = format!("{} time 2026-01-01T00:00:00Z", query.trim());
        let out = Command::new(env!("CARGO_BIN_EXE_policy"))
            .args(["eval", &format!("policies/{dir}/policy.json"), &query])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("COLUMNS", "100")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.is_empty(), "{query}: {stderr}");
        let want = if expected.starts_with("allow") { 0 } else { 1 };
        assert_eq!(out.status.code(), Some(want), "{query}");
        all.push_str(&format!(
            "$ policy eval policies/{dir}/policy.json {query:?}\n"
        ));
        all.push_str(&String::from_utf8(out.stdout).unwrap());
        all.push('\n');
    }
    all
}

macro_rules! explained {
    ($($test:ident => $dir:literal;)*) => {
        $(
            #[test]
            fn $test() {
                let text = explanations($dir);
                insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
                    insta::assert_snapshot!(concat!("eval__", $dir), text);
                });
            }
        )*
    };
}

explained! {
    eval_org_only => "org-only";
    eval_role_get => "role-get";
    eval_vpc_authenticated => "vpc-authenticated";
    eval_authenticated_only => "authenticated-only";
    eval_no_anonymous_no_get => "no-anonymous-no-get";
    eval_replay_tighten => "replay-tighten";
}

/// `policy test` runs every scenario's expectations and they all hold.
#[test]
fn policy_test_passes_on_the_examples() {
    let out = Command::new(env!("CARGO_BIN_EXE_policy"))
        .arg("test")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let last = stdout.lines().last().unwrap();
    assert!(last.ends_with(" passed, 0 failed"), "{last}");
    let passed: usize = last.split(' ').next().unwrap().parse().unwrap();
    assert!(passed >= 30, "{last}");
}

/// The folders of `policies/` that hold a policy (a `.json` file other than
/// a CDK `manifest.json`, or a `.yaml` template), relative to `policies/`.
fn scenario_dirs(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut holds_policy = false;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            scenario_dirs(&path, out);
        } else {
            let name = path.file_name().unwrap().to_str().unwrap();
            holds_policy |=
                (name.ends_with(".json") && name != "manifest.json") || name.ends_with(".yaml");
        }
    }
    if holds_policy {
        out.push(dir.to_path_buf());
    }
}

/// Every scenario of `policies/` has a `*.policytest.toml` (a CDK synth
/// output's, beside its `cdk.out/`), and `policy test policies/` runs them
/// all, every file with at least one case, every case passing.
#[test]
fn every_scenario_has_an_expectation_file_and_it_holds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = Vec::new();
    scenario_dirs(&root.join("policies"), &mut dirs);
    assert!(dirs.len() >= 15, "{dirs:?}");
    let has_toml = |dir: &Path| {
        std::fs::read_dir(dir).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_str()
                .unwrap()
                .ends_with(".policytest.toml")
        })
    };
    for dir in &dirs {
        let home = if dir.ends_with("cdk.out") {
            dir.parent().unwrap()
        } else {
            dir.as_path()
        };
        assert!(
            has_toml(home),
            "{} has no *.policytest.toml",
            home.display()
        );
    }
    let out = Command::new(env!("CARGO_BIN_EXE_policy"))
        .args(["test", "policies/", "--format", "json"])
        .current_dir(root)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{report:#}");
    assert_eq!(report["summary"]["failed"], 0);
    assert_eq!(report["summary"]["invalid"], 0);
    let files = report["files"].as_array().unwrap();
    let tomls: Vec<&serde_json::Value> =
        files.iter().filter(|f| f["kind"] == "policytest").collect();
    assert!(
        tomls.len() >= dirs.len(),
        "{} files for {} scenarios",
        tomls.len(),
        dirs.len()
    );
    for file in tomls {
        let cases = file["cases"].as_array().unwrap();
        assert!(!cases.is_empty(), "{file:#}");
        assert!(cases.iter().all(|c| c["outcome"] == "passed"), "{file:#}");
    }
}

/// `policy diff` on a before/after pair of `policies/changes/`, from the crate
/// root at a fixed width: exit code and output.
/// A pair may also change the service network's policy: `network-before.json`
/// and `network-after.json` are then passed as `--old-network`/`--new-network`.
fn diff(dir: &str) -> (i32, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_policy"));
    command
        .arg("diff")
        .arg(format!("policies/changes/{dir}/before.json"))
        .arg(format!("policies/changes/{dir}/after.json"));
    for (flag, file) in [
        ("--old-network", "network-before.json"),
        ("--new-network", "network-after.json"),
    ] {
        let path = format!("policies/changes/{dir}/{file}");
        if Path::new(env!("CARGO_MANIFEST_DIR")).join(&path).exists() {
            command.arg(flag).arg(path);
        }
    }
    let out = command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("COLUMNS", "80")
        .env("NO_COLOR", "1")
        .output()
        .expect("run policy");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(stderr.is_empty(), "{stderr}");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8 output"),
    )
}

macro_rules! changes {
    ($($test:ident => ($dir:literal, $exit:expr);)*) => {
        $(
            #[test]
            fn $test() {
                let (code, stdout) = diff($dir);
                assert_eq!(code, $exit, "{stdout}");
                insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
                    insta::assert_snapshot!(concat!("diff__", $dir), stdout);
                });
            }
        )*

        /// Every pair under `policies/changes/` has a test above.
        #[test]
        fn every_change_is_tested() {
            let listed = [$($dir),*];
            let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/changes");
            for entry in std::fs::read_dir(root).unwrap() {
                let entry = entry.unwrap();
                if entry.file_type().unwrap().is_dir() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    assert!(listed.contains(&name.as_str()), "untested pair: {name}");
                }
            }
        }
    };
}

changes! {
    diff_allow_signed_get => ("allow-signed-get", 1);
    diff_partner_public_path => ("partner-public-path", 1);
    diff_network_opens_to_any_account => ("network-opens-to-any-account", 1);
}

/// `policy check --baseline before.json after.json` on a pair of
/// `policies/changes/`: the new access as NEW_ACCESS errors.
#[test]
fn check_baseline_reports_new_access() {
    let out = Command::new(env!("CARGO_BIN_EXE_policy"))
        .args([
            "check",
            "--baseline",
            "policies/changes/partner-public-path/before.json",
            "policies/changes/partner-public-path/after.json",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("COLUMNS", "80")
        .env("NO_COLOR", "1")
        .output()
        .expect("run policy");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).expect("utf-8 output");
    assert!(stdout.contains("NEW_ACCESS"), "{stdout}");
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("baseline__partner-public-path", stdout);
    });
}

/// `policy check --never QUERY`: a counterexample for an invariant that does
/// not hold; none for one that does.
#[test]
fn check_never_shows_a_counterexample() {
    let run = |invariant: &str| {
        Command::new(env!("CARGO_BIN_EXE_policy"))
            .args([
                "check",
                "--never",
                invariant,
                "policies/changes/partner-public-path/after.json",
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("COLUMNS", "80")
            .env("NO_COLOR", "1")
            .output()
            .expect("run policy")
    };
    let holds = run("DELETE /* as anyone");
    let holds_out = String::from_utf8(holds.stdout).expect("utf-8 output");
    assert!(!holds_out.contains("INVARIANT_VIOLATED"), "{holds_out}");
    let broken = run("POST /public/* as any-account");
    assert_eq!(broken.status.code(), Some(1));
    let stdout = String::from_utf8(broken.stdout).expect("utf-8 output");
    assert!(stdout.contains("INVARIANT_VIOLATED"), "{stdout}");
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("never__partner-public-path", stdout);
    });
}

/// `policy check --never QUERY` on a broken scenario: the invariant is
/// reported as not checked, at the error that stops evaluation, and the
/// anonymous-access witness is offered as a query for once it is fixed.
#[test]
fn check_never_on_a_broken_policy_says_it_was_not_checked() {
    let out = Command::new(env!("CARGO_BIN_EXE_policy"))
        .args([
            "check",
            "--never",
            "GET /* from anonymous",
            "policies/broken-trailing-comma/policy.json",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("COLUMNS", "80")
        .env("NO_COLOR", "1")
        .output()
        .expect("run policy");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).expect("utf-8 output");
    assert!(stdout.contains("EXPECTATION_NOT_CHECKED"), "{stdout}");
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("never__broken-trailing-comma", stdout);
    });
}
