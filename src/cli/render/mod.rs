//! Renderers: the same results as text for people, JSON for scripts, SARIF
//! for code scanning, workflow commands for GitHub Actions, one line per
//! finding for editors (concise), JUnit XML for CI test reports, and counts
//! per code (`--statistics`).

pub mod clean;
pub mod concise;
pub mod explain;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
mod pretty;
pub mod sarif;
mod snippet;
pub mod statistics;
pub mod test_report;
pub mod wrap;

use std::path::{Path, PathBuf};

use std::borrow::Cow;

use lattice_policy::check::{Infrastructure, Report, Unit};
use lattice_policy::config::normalize;
use lattice_policy::diagnostic::witness::eval_command;
use lattice_policy::diagnostic::{EvalTarget, Finding, Severity, Witness};
use lattice_policy::eval::RequestSpec;
use lattice_policy::load::Loaded;
use lattice_policy::source::Source;

use super::inputs::{Unusable, STDIN_NAME};
use super::output::Out;

/// The outcome for one input.
pub enum Checked {
    /// It was read and checked, stage by stage.
    Report(Report),
    /// It could not be read.
    Unreadable(Unusable),
}

/// A format as `policy check` writes it: each file's results as soon as the
/// file is checked (so that nothing of a file is kept once the next one is
/// read), then what needs every file: the summary, or the end of a document.
///
/// Memory stays independent of the number of files as long as an
/// implementation keeps no more than counts across calls.
pub trait Renderer {
    /// Writes one file's results.
    fn file(&mut self, checked: &Checked, out: &mut Out);
    /// Writes what comes after the last file.
    fn finish(&mut self, summary: &Summary, out: &mut Out);
}

/// A witness as the JSON and SARIF reports carry it.
#[derive(Debug, serde::Serialize)]
pub struct WitnessData<'a> {
    /// The request as a one-line query.
    pub query: &'a str,
    /// The request as `policy eval --request FILE` reads it.
    pub request: &'a RequestSpec,
    /// `policy eval FILE 'QUERY'`, when `policy eval` takes the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
}

/// One file's findings as every renderer reads them: in source order, with
/// the file as `policy eval` names it, for the witnesses.
pub struct FileView<'a> {
    /// The text.
    pub source: &'a Source,
    /// Every finding, in source order.
    pub findings: Vec<&'a Finding>,
    /// The file in a `policy eval` command.
    pub target: EvalTarget<'a>,
    /// The policies found, when the file is an infrastructure file.
    pub infrastructure: Option<&'a Infrastructure>,
}

impl<'a> FileView<'a> {
    /// The findings of every stage of a check.
    pub fn of_report(report: &'a Report) -> Self {
        FileView {
            source: &report.source,
            findings: report.findings(),
            target: report.eval_target(),
            infrastructure: report.infrastructure.as_ref(),
        }
    }

    /// The findings of loading alone (a policy `eval` or `diff` refuses).
    pub fn of_loaded(loaded: &'a Loaded) -> Self {
        FileView {
            source: &loaded.source,
            findings: loaded.findings.iter().collect(),
            target: EvalTarget::new(loaded.source.name(), loaded.evaluable()),
            infrastructure: None,
        }
    }

    /// The policy of an infrastructure file a finding is about, if any.
    pub fn unit(&self, finding: &Finding) -> Option<&'a Unit> {
        self.infrastructure?.unit_of(finding)
    }

    /// The policy a finding's witness is replayed on: the file, or in an
    /// infrastructure file `FILE#LOCATOR`.
    fn target_of(&self, finding: &Finding) -> EvalTarget<'a> {
        match self.unit(finding) {
            Some(unit) => EvalTarget {
                deploy_time: unit.deploy_time,
                flags: &unit.eval_flags,
                ..EvalTarget::new(&unit.eval_name, unit.evaluable)
            },
            None => self.target,
        }
    }

    /// A finding's help with its witness, as every format shows it.
    pub fn help(&self, finding: &'a Finding) -> Option<Cow<'a, str>> {
        finding.help_for(&self.target_of(finding))
    }

    /// A finding's witness with the command that replays it (when `policy
    /// eval` takes the file), for the formats that carry data.
    pub fn witness(&self, finding: &'a Finding) -> Option<WitnessData<'a>> {
        let witness: &Witness = finding.witness.as_deref()?;
        let base = self.target_of(finding);
        let target = witness.target(&base);
        Some(WitnessData {
            query: &witness.query,
            request: &witness.request,
            command: (target.evaluable && !target.deploy_time)
                .then(|| eval_command(&target, &witness.query)),
        })
    }
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
    /// `.json` files skipped because they are not policies (`package.json`).
    #[serde(rename = "notPolicies", skip_serializing_if = "is_zero")]
    pub skipped: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Summary {
    /// Counts one more result: `check` counts each file as it goes and keeps
    /// nothing else of it.
    pub fn add(&mut self, result: &Checked) {
        self.files += 1;
        match result {
            Checked::Unreadable(_) => self.unreadable += 1,
            Checked::Report(report) => {
                let findings = report.findings();
                if !findings.is_empty() {
                    self.files_with_findings += 1;
                }
                for f in findings {
                    match f.severity {
                        Severity::Error => self.errors += 1,
                        Severity::Warning => self.warnings += 1,
                        Severity::Info => self.infos += 1,
                    }
                }
            }
        }
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
