//! The `policy` binary, run as users and scripts run it: exit codes, stdout,
//! stderr and the JSON report (README.md).
//!
//! Every run goes through [`Run`], which checks that the process exited
//! normally and never panicked.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

const CLEAN: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": "vpc-lattice-svcs:Invoke",
      "Resource": "*",
      "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
    }
  ]
}
"#;

/// One error: `"Effect": "allow"`.
const BROKEN: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "allow",
      "Principal": "*",
      "Action": "vpc-lattice-svcs:Invoke",
      "Resource": "*"
    }
  ]
}
"#;

/// One warning: no `Version` (otherwise like [`CLEAN`], whose condition keeps
/// the lint rules about open principals quiet).
const WARNING_ONLY: &str = r#"{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}}"#;

const IDENTITY: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}]}"#;

/// A scratch directory under the system temp dir, unique to one test, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Scratch {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir()
            .join("lattice-policy-cli-tests")
            .join(format!("{test}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    /// Writes `contents` to `name` (creating parent folders) and returns its path.
    fn file(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The outcome of one run of the binary.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

fn command(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_policy"));
    cmd.args(args.iter().map(|a| a.as_ref()));
    cmd.env_remove("COLUMNS").env("NO_COLOR", "1");
    cmd
}

/// Checks what every run must satisfy: a normal exit with a contract exit code, no panic.
fn finish(output: &std::process::Output) -> Run {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        !stderr.contains("panicked"),
        "the binary panicked:\n{stderr}"
    );
    let code = output
        .status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal: {:?}\nstderr:\n{stderr}", output.status));
    assert!(
        matches!(code, 0..=2),
        "exit code {code} is not 0, 1 or 2\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    Run {
        code,
        stdout,
        stderr,
    }
}

/// Runs `policy` with these arguments and no stdin.
fn policy(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Run {
    let output = command(args).stdin(Stdio::null()).output().unwrap();
    finish(&output)
}

/// Runs `policy` in `dir` with these arguments and no stdin.
fn policy_in(dir: &Path, args: &[&dyn AsRef<std::ffi::OsStr>]) -> Run {
    let output = command(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    finish(&output)
}

/// Runs `policy` with these arguments and `input` on stdin.
fn policy_stdin(args: &[&dyn AsRef<std::ffi::OsStr>], input: &[u8]) -> Run {
    let mut child = command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    // Write from a thread: the child may stop reading (or exit) before taking it all.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    finish(&output)
}

/// The JSON report of `policy check --format json ARGS...`.
fn check_json(args: &[&dyn AsRef<std::ffi::OsStr>]) -> (i32, Value) {
    let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"check", &"--format", &"json"];
    all.extend_from_slice(args);
    let run = policy(&all);
    (run.code, run.json())
}

fn files(report: &Value) -> &Vec<Value> {
    report["files"].as_array().expect("`files` is an array")
}

fn paths(report: &Value) -> Vec<String> {
    files(report)
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

/// The codes of one file's findings, in order.
fn codes(file: &Value) -> Vec<String> {
    file["findings"]
        .as_array()
        .expect("`findings` is an array")
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

// `policy call` needs the network stack, the `call` feature (default on);
// without it the command only says so.
#[cfg(feature = "call")]
mod call;
#[cfg(not(feature = "call"))]
mod call_off;
mod config;
mod config_output;
mod diff;
mod diff_witnesses;
mod documents;
mod eval;
mod eval_defaults;
mod exit_codes;
mod expectations;
mod explain;
mod fix;
mod formats;
mod from_error;
mod git_base;
mod github;
mod hostile;
mod inputs;
mod install;
mod json_report;
mod keys;
mod never;
mod never_applies;
mod no_path;
mod paste;
mod policytest;
mod replay;
mod requests_lines;
mod rule_flags;
mod sarif;
mod scoped;
mod wire;
mod witnesses;
mod wording;
