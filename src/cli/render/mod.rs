//! Renderers: the same results as text for people or JSON for scripts.

pub mod explain;
pub mod human;
pub mod json;
mod snippet;

use lattice_policy::diagnostic::Severity;
use lattice_policy::load::Loaded;

use super::inputs::Unusable;

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
