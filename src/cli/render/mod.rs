//! Renderers: the same results as text for people, JSON for scripts, SARIF
//! for code scanning, and workflow commands for GitHub Actions.

pub mod clean;
pub mod explain;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
mod snippet;

use std::path::{Path, PathBuf};

use lattice_policy::config::normalize;
use lattice_policy::diagnostic::Severity;
use lattice_policy::load::Loaded;

use super::inputs::{Unusable, STDIN_NAME};

/// The outcome for one input.
pub enum Checked {
    /// It was read and checked.
    Loaded(Loaded),
    /// It could not be read.
    Unreadable(Unusable),
}

/// Counts for the summary line.
#[derive(Default, Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Inputs given or found.
    pub files: usize,
    /// Inputs with at least one finding.
    pub files_with_findings: usize,
    /// Inputs that could not be read.
    pub unreadable: usize,
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Info findings.
    pub infos: usize,
}

impl Summary {
    /// Counts the results.
    pub fn of(results: &[Checked]) -> Summary {
        let mut s = Summary {
            files: results.len(),
            ..Summary::default()
        };
        for result in results {
            match result {
                Checked::Unreadable(_) => s.unreadable += 1,
                Checked::Loaded(loaded) => {
                    if !loaded.findings.is_empty() {
                        s.files_with_findings += 1;
                    }
                    for f in &loaded.findings {
                        match f.severity {
                            Severity::Error => s.errors += 1,
                            Severity::Warning => s.warnings += 1,
                            Severity::Info => s.infos += 1,
                        }
                    }
                }
            }
        }
        s
    }
}

/// Where an input is, for the formats that name files by repository-relative paths.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// Standard input.
    Stdin,
    /// A path under the base directory, relative to it, with `/` between components.
    Relative(String),
    /// A path outside the base directory, absolute.
    Absolute(PathBuf),
}

/// Locates an input shown as `name` against `base` (the current directory).
pub fn locate(name: &str, base: &Path) -> Location {
    if name == STDIN_NAME {
        return Location::Stdin;
    }
    let absolute = normalize(base, Path::new(name));
    match absolute.strip_prefix(base) {
        Ok(relative) if !relative.as_os_str().is_empty() => Location::Relative(
            relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
        ),
        _ => Location::Absolute(absolute),
    }
}

impl Location {
    /// The path as a plain string (`<stdin>` for standard input).
    pub fn path(&self) -> String {
        match self {
            Location::Stdin => STDIN_NAME.to_string(),
            Location::Relative(path) => path.clone(),
            Location::Absolute(path) => path.display().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_relative_to_the_base_when_they_can_be() {
        let base = Path::new("/repo");
        let rel = |s: &str| Location::Relative(s.to_string());
        assert_eq!(locate("policies/a.json", base), rel("policies/a.json"));
        assert_eq!(locate("./policies/../b.json", base), rel("b.json"));
        assert_eq!(locate("/repo/x/c.json", base), rel("x/c.json"));
        assert_eq!(
            locate("../other/d.json", base),
            Location::Absolute(PathBuf::from("/other/d.json"))
        );
        assert_eq!(locate(STDIN_NAME, base), Location::Stdin);
    }
}
