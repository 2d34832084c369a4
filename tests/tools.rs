//! The real components some tests drive, as `.ci/test` installs them.
//!
//! A test that needs one calls these; when the tool is missing the test
//! fails with a message naming `.ci/test`, so a machine without the tool
//! never reports a pass it did not earn.

use std::path::PathBuf;
use std::process::Command;

/// A Python interpreter that can import every module in `modules`:
/// `LATTICE_TEST_PYTHON` when set (`.ci/test` sets it to its virtual
/// environment), else `python3` from PATH.
pub fn python_with(modules: &[&str]) -> PathBuf {
    let python = std::env::var_os("LATTICE_TEST_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("python3"));
    let imports = format!("import {}", modules.join(", "));
    let ok = Command::new(&python)
        .args(["-c", &imports])
        .output()
        .map(|out| out.status.success())
        .unwrap_or(false);
    assert!(
        ok,
        "{} cannot `{imports}`: run the tests with .ci/test, which installs them",
        python.display()
    );
    python
}

/// Neovim: `LATTICE_TEST_NVIM` when set, else `nvim` from PATH.
pub fn nvim() -> PathBuf {
    runnable("LATTICE_TEST_NVIM", "nvim", "Neovim")
}

/// Node.js: `LATTICE_TEST_NODE` when set, else `node` from PATH.
pub fn node() -> PathBuf {
    runnable("LATTICE_TEST_NODE", "node", "Node.js")
}

/// The program `variable` names, else `default` from PATH, after checking
/// that `--version` runs; the failure names .ci/test, which installs `what`.
fn runnable(variable: &str, default: &str, what: &str) -> PathBuf {
    let program = std::env::var_os(variable)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default));
    let ok = Command::new(&program)
        .arg("--version")
        .output()
        .map(|out| out.status.success())
        .unwrap_or(false);
    assert!(
        ok,
        "{} does not run: run the tests with .ci/test, which installs {what}",
        program.display()
    );
    program
}
