//! `policy check --fix`, `--diff` and `--unsafe-fixes`: apply the fixes the
//! findings carry, re-check, and write the file back (or show the change).
//!
//! A file is fixed in passes: check, apply every allowed fix that does not
//! overlap another ([`lattice_policy::diagnostic::fix::apply`]), check again,
//! until no fix applies or [`MAX_PASSES`] passes have run. The file is then
//! written atomically (a temporary file in the same directory, renamed over
//! it, with the original permissions), through a symbolic link only when the
//! link's target is inside the current directory. Standard input is never
//! written: `--fix` refuses `-` (use `--diff`).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use lattice_policy::check::{check_bytes, Checker, Report};
use lattice_policy::config::normalize;
use lattice_policy::diagnostic::fix::apply;
use lattice_policy::diagnostic::Applicability;

use super::inputs::{self, Input};
use super::output::{self, Out};
use super::Exit;

/// Enough for fixes that uncover others (a renamed element whose value then
/// has a fixable problem), and a bound on fixes that keep changing the text.
pub const MAX_PASSES: usize = 10;

/// What to do with the fixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Write them into the files (`--fix`).
    Write,
    /// Print a unified diff of them, write nothing (`--diff`).
    Diff,
}

/// Applies fixes to the files `policy check` reads, and counts them.
pub struct Fixer {
    mode: Mode,
    allowed: Applicability,
    cwd: PathBuf,
    out: Out,
    /// Fixes applied (or, with `--diff`, that would be).
    pub applied: usize,
    /// Unsafe fixes left in the checked files, for "M more with `--unsafe-fixes`".
    pub unsafe_left: usize,
    /// Files changed (or, with `--diff`, that would be).
    pub files_changed: usize,
    /// Files whose fixes could not be written.
    pub failures: usize,
}

impl Fixer {
    /// A fixer for `mode`, taking unsafe fixes too when `unsafe_fixes`.
    pub fn new(mode: Mode, unsafe_fixes: bool, cwd: &Path) -> Self {
        Fixer {
            mode,
            allowed: if unsafe_fixes {
                Applicability::Unsafe
            } else {
                Applicability::Safe
            },
            cwd: cwd.to_path_buf(),
            out: Out::stdout(),
            applied: 0,
            unsafe_left: 0,
            files_changed: 0,
            failures: 0,
        }
    }

    /// The mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Checks `bytes` read from `input`, fixing them as far as the allowed
    /// fixes go; returns the report of the fixed text (of the text as read
    /// when the fixed one could not be written).
    pub fn check(&mut self, input: &Input, bytes: Vec<u8>, checker: &Checker<'_>) -> Report {
        let name = input.display();
        let mut report = check_bytes(&name, &bytes, checker);
        let Ok(original) = String::from_utf8(bytes) else {
            return report;
        };
        let mut text = original.clone();
        let mut applied = 0;
        for _ in 0..MAX_PASSES {
            let findings = report.findings();
            let fixes = findings
                .iter()
                .filter_map(|f| f.fix.as_deref())
                .filter(|fix| fix.applies_under(self.allowed));
            let pass = apply(&text, fixes);
            if pass.applied == 0 || pass.text == text {
                break;
            }
            applied += pass.applied;
            text = pass.text;
            report = check_bytes(&name, text.as_bytes(), checker);
        }
        if text != original {
            match (self.mode, input) {
                (Mode::Diff, _) => self.out.write(&unified_diff(&name, &original, &text)),
                (Mode::Write, Input::File(path)) => {
                    if let Err(reason) = self.write(path, &text) {
                        output::complain(&format!("cannot fix `{name}`: {reason}"));
                        self.failures += 1;
                        return check_bytes(&name, original.as_bytes(), checker);
                    }
                }
                // `run` refuses `--fix` on standard input before reading it.
                (Mode::Write, Input::Stdin) => {
                    return check_bytes(&name, original.as_bytes(), checker)
                }
            }
            self.files_changed += 1;
            self.applied += applied;
        }
        self.unsafe_left += report
            .findings()
            .iter()
            .filter_map(|f| f.fix.as_deref())
            .filter(|fix| !fix.applies_under(self.allowed))
            .count();
        report
    }

    /// Replaces the file at `path` with `text`: written beside it and
    /// renamed over it, keeping its permissions. A symbolic link is followed
    /// only to a target inside the current directory, and stays a link.
    fn write(&self, path: &Path, text: &str) -> Result<(), String> {
        let target = fs::canonicalize(path).map_err(|e| inputs::io_reason(&e))?;
        let lexical = normalize(&self.cwd, path);
        let cwd = fs::canonicalize(&self.cwd).unwrap_or_else(|_| self.cwd.clone());
        if target != lexical && !target.starts_with(&cwd) {
            return Err(format!(
                "it leads through a symbolic link to `{}`, outside the current directory; not written",
                inputs::display_path(&target)
            ));
        }
        let permissions = fs::metadata(&target)
            .map_err(|e| inputs::io_reason(&e))?
            .permissions();
        // Renaming over a read-only file would succeed: its mode says no.
        if permissions.readonly() {
            return Err("it is read-only; not written".to_string());
        }
        let dir = target.parent().unwrap_or(Path::new("."));
        let file_name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = dir.join(format!(
            ".{file_name}.policy-fix-{}.tmp",
            std::process::id()
        ));
        let written = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
            .and_then(|mut file| {
                file.write_all(text.as_bytes())?;
                file.set_permissions(permissions)?;
                file.sync_all()
            })
            .and_then(|()| fs::rename(&temp, &target));
        written.map_err(|e| {
            let _ = fs::remove_file(&temp);
            inputs::io_reason(&e)
        })
    }

    /// Writes the closing line: on stdout after the human report, on stderr
    /// beside a diff or a document, which it would spoil.
    pub fn summarize(&self, human: bool, out: &mut Out) {
        let line = self.summary();
        if human && self.mode == Mode::Write {
            out.write(&line);
        } else {
            Out::stderr().write(&line);
        }
    }

    /// The exit status the fixes decide: 2 when a file could not be read or
    /// written; with `--diff`, as ruff, 1 when there is something to fix and
    /// 0 when not (with `--fix`, the findings left decide, as without it).
    /// `unreadable` says whether an input could not be read (`check` keeps
    /// no more of the files than that).
    pub fn finish(&self, unreadable: bool) -> Exit {
        if self.failures > 0 || unreadable {
            Exit::Trouble
        } else if self.mode == Mode::Diff && self.files_changed > 0 {
            Exit::No
        } else {
            Exit::Success
        }
    }

    /// The closing line: `N fixes applied (M more with --unsafe-fixes)`.
    pub fn summary(&self) -> String {
        let fixes = |n: usize| if n == 1 { "fix" } else { "fixes" };
        let mut line = match self.mode {
            Mode::Write => format!("{} {} applied", self.applied, fixes(self.applied)),
            Mode::Diff => format!(
                "{} {} would be applied to {} {}",
                self.applied,
                fixes(self.applied),
                self.files_changed,
                if self.files_changed == 1 {
                    "file"
                } else {
                    "files"
                }
            ),
        };
        if self.unsafe_left > 0 {
            line.push_str(&format!(" ({} more with --unsafe-fixes)", self.unsafe_left));
        }
        line.push('\n');
        line
    }
}

/// A unified diff of one file, as `diff -u` and `patch` read it: a last
/// line without a line break is marked `\ No newline at end of file`.
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::configure()
        .newline_terminated(true)
        .diff_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(name, name)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_names_the_file_and_marks_changed_lines() {
        let diff = unified_diff("p.json", "{\n  \"a\": 1,\n}\n", "{\n  \"a\": 1\n}\n");
        assert!(diff.starts_with("--- p.json\n+++ p.json\n@@ -1,3 +1,3 @@\n"));
        assert!(diff.contains("\n-  \"a\": 1,\n+  \"a\": 1\n"));
    }

    #[test]
    fn a_last_line_without_a_break_is_marked() {
        let diff = unified_diff("p.json", "{\"a\": 1,}", "{\"a\": 1}");
        assert_eq!(
            diff,
            "--- p.json\n+++ p.json\n@@ -1 +1 @@\n-{\"a\": 1,}\n\\ No newline at end of file\n+{\"a\": 1}\n\\ No newline at end of file\n"
        );
    }
}
