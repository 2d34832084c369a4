//! `policy check --baseline-ref REF`: each policy's baseline (`NEW_ACCESS`)
//! is its own version at the git revision REF, paired by (repository path,
//! locator) as `policy diff --git-base` pairs them ([`super::git_base`]).
//!
//! A policy new since REF, or whose version there has errors, is compared
//! with a policy that allows nothing, so everything it allows is new access
//! (decision `absent-baseline-allows-nothing`). A policy unchanged since is
//! not compared again. A file that cannot be read at REF gets
//! `EXPECTATION_NOT_CHECKED` on each of its policies, and the other files
//! are compared as usual.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use lattice_policy::check::{Baseline, Expectations, Report, Stage, EXPECTATION_NOT_CHECKED};
use lattice_policy::diagnostic::Finding;
use lattice_policy::eval::decisions::ABSENT_BASELINE_ALLOWS_NOTHING;
use lattice_policy::iac::ExtractOptions;
use lattice_policy::model::{Policy, PolicyKind};
use lattice_policy::span::Span;

use super::git_base::{policies_in, versions_of, AtBase, Base, Version};
use super::terraform::{GitTree, Modules, Part};

/// A git revision whose policies are the baselines.
pub struct BaselineRef {
    base: Rc<Base>,
    extract: ExtractOptions,
    max_size: usize,
    /// Terraform at the revision, read a module at a time as `check`
    /// reads the working tree.
    modules: Modules<GitTree>,
}

/// The expectations of one file's policies.
pub struct ForFile {
    /// Those of the policies of an infrastructure file with a version at
    /// the revision, by locator.
    pub own: BTreeMap<String, Expectations>,
    /// Those of every other policy of the file: a standalone policy's, or
    /// a policy's new since the revision.
    pub rest: Expectations,
    /// Why the file could not be read at the revision, when it could not.
    pub unreadable: Option<String>,
}

impl BaselineRef {
    /// Opens `rev` in the repository `cwd` is in.
    /// `walked` are the files the run checks: the Terraform modules they
    /// were in at the revision are read as modules there.
    pub fn open(
        cwd: &Path,
        rev: &str,
        extract: ExtractOptions,
        max_size: usize,
        walked: &[PathBuf],
    ) -> Result<BaselineRef, String> {
        let base = Rc::new(Base::open(cwd, rev)?);
        let at_ref: Vec<PathBuf> = walked
            .iter()
            .filter_map(|path| base.repo_path(path))
            .map(|now| PathBuf::from(base.old_path(&now)))
            .collect();
        // The `--var-file` values are in `extract` already.
        let modules = Modules::in_files(
            GitTree(Rc::clone(&base)),
            extract.clone(),
            Vec::new(),
            max_size,
            at_ref,
        );
        Ok(BaselineRef {
            base,
            extract,
            max_size,
            modules,
        })
    }

    /// What is said once, on standard error, so that the baselines are
    /// known.
    pub fn note(&self) -> String {
        format!(
            "note: each policy's baseline is its version at `{}` ({}); a policy new since is compared with one that allows nothing (decision `{ABSENT_BASELINE_ALLOWS_NOTHING}`)",
            self.base.rev,
            self.base.short()
        )
    }

    /// The expectations of the policies of `path` (its bytes now are
    /// `bytes`), `template` holding the run's invariants and budget.
    pub fn for_file(&mut self, path: &Path, bytes: &[u8], template: &Expectations) -> ForFile {
        let Some(repo_path) = self.base.repo_path(path) else {
            return self.unreadable(template, "it is outside the git repository".to_owned());
        };
        let old_path = self.base.old_path(&repo_path).to_owned();
        let old_shown = self.base.shown(&old_path);
        let rev = self.base.rev.clone();
        let before = match self.base.read(&old_path, self.max_size) {
            AtBase::Absent => Vec::new(),
            // The same bytes: nothing of the file is new.
            AtBase::Bytes(old) if old == bytes => {
                return ForFile {
                    own: BTreeMap::new(),
                    rest: with_baseline(template, None),
                    unreadable: None,
                }
            }
            AtBase::Bytes(old) => policies_in(
                &format!("{rev}:{old_shown}"),
                &old,
                &self.extract,
                self.max_size,
            ),
            AtBase::Unreadable(reason) => {
                return self.unreadable(template, format!("`{old_shown}` {reason}"))
            }
        };
        let name = super::inputs::display_path(path);
        let now = policies_in(&name, bytes, &self.extract, self.max_size);
        compared(before, &now, template, &rev)
    }

    /// The expectations of the policies of one Terraform file's share of
    /// its module (`part`, read with the module now), each compared with
    /// the policy of the same locator held by the same file at the
    /// revision, read there with its module too.
    pub fn for_part(&mut self, part: &Part, template: &Expectations) -> ForFile {
        let Some(repo_path) = self.base.repo_path(&part.path) else {
            return self.unreadable(template, "it is outside the git repository".to_owned());
        };
        let old_path = self.base.old_path(&repo_path).to_owned();
        if let Some(reason) = self.base.unreadable(&old_path, self.max_size) {
            let old_shown = self.base.shown(&old_path);
            return self.unreadable(template, format!("`{old_shown}` {reason}"));
        }
        let before = match self.modules.take_own(Path::new(&old_path)) {
            Some(old) => versions_of(&old.name, &old.text, old.extraction.policies),
            None => Vec::new(),
        };
        let now = versions_of(&part.name, &part.text, part.extraction.policies.clone());
        compared(before, &now, template, &self.base.rev)
    }

    fn unreadable(&self, template: &Expectations, reason: String) -> ForFile {
        ForFile {
            own: BTreeMap::new(),
            rest: with_baseline(template, None),
            unreadable: Some(format!(
                "the baseline at `{}` was not compared: {reason}",
                self.base.rev
            )),
        }
    }
}

/// Each policy of `before` (a file's policies at the revision `rev`) as
/// the baseline of its version in `now`: none when they say the same, the
/// old one else (one that allows nothing when it has errors); `rest` for a
/// policy new since.
fn compared(before: Vec<Version>, now: &[Version], template: &Expectations, rev: &str) -> ForFile {
    let mut own = BTreeMap::new();
    let mut rest = None;
    for old in before {
        let current = now.iter().find(|n| n.locator == old.locator);
        let expectations = if current.is_some_and(|n| n.same_as(&old)) {
            // Unchanged since: nothing to compare.
            with_baseline(template, None)
        } else {
            let name = old.loaded.source.name().to_owned();
            let evaluable = old.loaded.evaluable();
            let baseline = match old.loaded.policy {
                    Some(policy) if evaluable => Baseline { name, policy },
                    _ => Baseline {
                        name: format!(
                            "{name} (it has errors there, so it is compared as a policy that allows nothing)"
                        ),
                        policy: allows_nothing(),
                    },
                };
            with_baseline(template, Some(baseline))
        };
        match old.locator {
            Some(locator) => {
                own.insert(locator, expectations);
            }
            None => rest = Some(expectations),
        }
    }
    let rest = rest.unwrap_or_else(|| {
        with_baseline(
            template,
            Some(Baseline {
                name: format!("nothing (the policy is new since `{rev}`)"),
                policy: allows_nothing(),
            }),
        )
    });
    ForFile {
        own,
        rest,
        unreadable: None,
    }
}

/// Reports `message` as `EXPECTATION_NOT_CHECKED` on each policy of the
/// report (each unit of an infrastructure file, or the standalone policy,
/// at `policy_span`).
pub fn not_compared(report: &mut Report, policy_span: Option<Span>, message: &str) {
    let spans: Vec<Span> = match &report.infrastructure {
        Some(infrastructure) => infrastructure.units.iter().map(|u| u.span).collect(),
        None => vec![policy_span.unwrap_or(Span::at(0))],
    };
    let findings = spans.into_iter().map(|span| {
        Finding::new(&EXPECTATION_NOT_CHECKED, span, message.to_owned())
            .with_label("not compared with its earlier version")
            .with_help("`git show REV:PATH` shows the file at the revision; compare the two with `policy diff`")
    });
    if let Some(stage) = report
        .stages
        .iter_mut()
        .find(|s| s.stage == Stage::Expectations)
    {
        stage.findings.extend(findings);
    }
}

/// The run's invariants and budget, with this baseline.
fn with_baseline(template: &Expectations, baseline: Option<Baseline>) -> Expectations {
    Expectations {
        never: template.never.clone(),
        baseline,
        analysis_budget: template.analysis_budget,
    }
}

/// A policy without statements: every request is denied, as a service with
/// auth type `AWS_IAM` and no policy denies it.
fn allows_nothing() -> Policy {
    Policy {
        kind: PolicyKind::Auth,
        version: None,
        id: None,
        statements: Vec::new(),
        span: Span::at(0),
        unknowns: Vec::new(),
    }
}
