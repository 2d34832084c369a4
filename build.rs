//! Stamps `policy --version` with the commit the binary was built from.
//!
//! A bug report that quotes `policy 0.1.0 (abcdef1 2026-12-01)` names the
//! exact source. The commit comes from `LATTICE_POLICY_COMMIT` when it is set
//! (a Docker build has no git: `--build-arg LATTICE_POLICY_COMMIT=...`), else
//! from git when this crate is the top of a git checkout. A build from a
//! tarball or from crates.io has neither and prints the bare version: nothing
//! here may fail the build, so every failure means "no commit".

use std::path::{Path, PathBuf};
use std::process::Command;

/// Set to `abcdef1 2026-12-01` to stamp a build made without git.
const OVERRIDE: &str = "LATTICE_POLICY_COMMIT";

fn main() {
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let crate_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    // Without a rerun-if line cargo reruns this script whenever any file of
    // the package changes; with them, only when the commit can have changed.
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed={OVERRIDE}");
    let commit = match std::env::var(OVERRIDE) {
        // One line whatever was given: the value ends up in `--version`.
        Ok(given) if !given.trim().is_empty() => {
            Some(given.split_whitespace().collect::<Vec<_>>().join(" "))
        }
        _ => from_git(&crate_dir),
    };
    let long = match &commit {
        Some(commit) => format!("{version} ({commit})"),
        None => version,
    };
    println!("cargo:rustc-env=LATTICE_POLICY_VERSION={long}");
    // The man page's date: the commit's, so that the same source always
    // renders the same page.
    let date = commit
        .as_deref()
        .and_then(|c| c.split_whitespace().nth(1))
        .unwrap_or_default();
    println!("cargo:rustc-env=LATTICE_POLICY_DATE={date}");
}

/// `abcdef1 2026-12-01` for the checkout at `crate_dir`, or `None` when it is
/// not the top of a git work tree (a crate unpacked inside another
/// repository must not take that repository's commit) or git is missing.
fn from_git(crate_dir: &Path) -> Option<String> {
    let top = git(crate_dir, &["rev-parse", "--show-toplevel"])?;
    if !same_dir(Path::new(&top), crate_dir) {
        return None;
    }
    let commit = git(crate_dir, &["log", "-1", "--format=%h %cs"])?;
    // A checkout of another branch or commit rewrites HEAD (and a commit on
    // a detached HEAD); a commit on a branch writes the branch's loose ref.
    // Only files that exist are watched: cargo reruns a script on every
    // build while a watched path is missing.
    for name in ["HEAD", "packed-refs"] {
        if let Some(path) = git_path(crate_dir, name).filter(|p| p.is_file()) {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    if let Some(branch) = git(crate_dir, &["symbolic-ref", "-q", "HEAD"]) {
        // A fresh clone keeps the ref in packed-refs: the first commit then
        // creates the loose file, so watch the nearest directory that exists
        // (not the whole refs/heads when the file exists: other branches'
        // commits must not rebuild this one).
        let mut watched = git_path(crate_dir, &branch);
        while let Some(path) = watched.as_ref().filter(|p| !p.exists()) {
            watched = path.parent().map(Path::to_path_buf);
        }
        if let Some(path) = watched {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    Some(commit)
}

/// Where git keeps `name` (`HEAD`, `refs/heads/main`) for the checkout at
/// `crate_dir`, which a linked work tree keeps apart from the main one.
fn git_path(crate_dir: &Path, name: &str) -> Option<PathBuf> {
    git(crate_dir, &["rev-parse", "--git-path", name]).map(|p| crate_dir.join(p))
}

/// Whether `a` and `b` are the same directory.
fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The trimmed output of `git ARGS` run in `dir`, or `None` when it fails.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        // A build started from a git hook (pre-commit's `cargo install`)
        // inherits the hook's repository; ask about this directory instead.
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_COMMON_DIR")
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    let text = text.trim();
    (output.status.success() && !text.is_empty()).then(|| text.to_owned())
}
