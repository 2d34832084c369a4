//! `policy check` as one pipeline: stages that run in order, each with a
//! result of its own.
//!
//! 1. [`Stage::Grammar`]: bytes to a model ([`crate::load`]): size, encoding,
//!    strict JSON, lowering. This stage alone decides whether the policy can
//!    be evaluated ([`Loaded::evaluable`]): a grammar error stops evaluation,
//!    as `policy eval` refuses such a policy; no later finding changes that.
//! 2. [`Stage::Lint`]: the configured rules ([`crate::lint`]) over the model,
//!    also when grammar errors left only part of it.
//! 3. [`Stage::Expectations`]: the `never` invariants and the baseline
//!    ([`expectations`]), checked over all requests whenever the policy can be
//!    evaluated, whatever the lint rules found. When it cannot be, each
//!    expectation is reported as not checked
//!    ([`EXPECTATION_NOT_CHECKED`]): an expectation is never dropped
//!    silently.
//!
//! An infrastructure file (a CloudFormation template, Terraform) holds
//! several policies: [`infrastructure::check_extraction`] runs these stages
//! on each policy [`crate::iac`] found there, against the original file's
//! text, and merges their findings into one report for the file
//! ([`Report::infrastructure`] lists the policies). The renderers read
//! [`Report::findings`], which merges every stage's findings in source order.

pub mod expectations;
pub mod infrastructure;
mod layers;

use crate::diagnostic::{EvalTarget, Finding, Severity};
use crate::lint::{self, LintConfig};
use crate::load::{self, LoadOptions, Loaded};
use crate::model::{Policy, PolicyKind};
use crate::source::Source;
use crate::span::Span;

pub use infrastructure::{
    check_extraction, check_extraction_in, check_extraction_with, Infrastructure, Unit,
};

pub use expectations::{
    Baseline, Expectations, EXPECTATION_CODES, EXPECTATION_NOT_CHECKED, INVARIANT_VIOLATED,
    NEW_ACCESS,
};

/// The stages of the pipeline, in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Reading the bytes into a model.
    Grammar,
    /// The lint rules.
    Lint,
    /// `never` invariants and the baseline.
    Expectations,
}

/// Whether a stage ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It ran; its findings are all it found.
    Ran,
    /// It did not run, for this reason.
    NotRun(NotRun),
}

/// Why a stage did not run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotRun {
    /// It had nothing to do (no expectations were configured).
    NothingToDo,
    /// The file could not be read into a model at all.
    NoModel,
    /// The grammar stage found errors: the policy cannot be evaluated. The
    /// stage reports each expectation as not checked.
    NotEvaluable,
    /// The policy is an identity policy; expectations are about the requests
    /// a service's auth policy allows. The stage reports each expectation as
    /// not checked.
    NotAnAuthPolicy,
}

/// What one stage did.
#[derive(Clone, Debug)]
pub struct StageResult {
    /// Which stage.
    pub stage: Stage,
    /// Whether it ran.
    pub outcome: Outcome,
    /// Its findings, in the order it made them.
    pub findings: Vec<Finding>,
}

/// The result of checking one policy.
#[derive(Clone, Debug)]
pub struct Report {
    /// The text, for rendering findings.
    pub source: Source,
    /// The model, when the grammar stage could read one (only the statements
    /// that lowered cleanly when it found errors).
    pub policy: Option<Policy>,
    /// Whether the policy can be evaluated, as the grammar stage decided.
    pub evaluable: bool,
    /// Every stage, in the order they ran.
    pub stages: Vec<StageResult>,
    /// The policies found, when the file is an infrastructure file rather
    /// than a standalone policy.
    pub infrastructure: Option<Infrastructure>,
}

impl Report {
    /// The result of `stage`.
    pub fn stage(&self, stage: Stage) -> Option<&StageResult> {
        self.stages.iter().find(|s| s.stage == stage)
    }

    /// Every stage's findings in source order (for one place, in the order
    /// of the stages).
    pub fn findings(&self) -> Vec<&Finding> {
        let mut all: Vec<&Finding> = self.stages.iter().flat_map(|s| &s.findings).collect();
        all.sort_by_key(|f| f.span.start);
        all
    }

    /// The file as `policy eval` commands name it, to replay witnesses.
    pub fn eval_target(&self) -> EvalTarget<'_> {
        EvalTarget::new(self.source.name(), self.evaluable)
    }
}

/// What to check, beyond the bytes.
#[derive(Clone, Copy, Debug)]
pub struct Checker<'a> {
    /// How to read the policy.
    pub load: LoadOptions,
    /// Which lint rules run, and how.
    pub lint: &'a LintConfig,
    /// The invariants and the baseline.
    pub expectations: &'a Expectations,
}

/// Checks one policy given as bytes: every stage, in order.
pub fn check_bytes(name: &str, bytes: &[u8], checker: &Checker<'_>) -> Report {
    check_loaded(load::load_bytes(name, bytes, checker.load), checker)
}

/// Checks a policy whose grammar stage has run: the later stages.
pub fn check_loaded(loaded: Loaded, checker: &Checker<'_>) -> Report {
    let evaluable = loaded.evaluable();
    let Loaded {
        source,
        policy,
        findings,
    } = loaded;
    let grammar = StageResult {
        stage: Stage::Grammar,
        outcome: Outcome::Ran,
        findings,
    };
    let lint = match &policy {
        Some(policy) => StageResult {
            stage: Stage::Lint,
            outcome: Outcome::Ran,
            findings: whole_policy_only(lint::lint(policy, &source, checker.lint), evaluable),
        },
        None => not_run(Stage::Lint, NotRun::NoModel, Vec::new()),
    };
    let over_quota = policy
        .as_ref()
        .and_then(|p| lint::rules::over_quota(p.kind, source.snippet(p.span)));
    let expectations = expect(
        policy.as_ref(),
        evaluable,
        &grammar,
        checker.expectations,
        over_quota,
    );
    Report {
        source,
        policy,
        evaluable,
        stages: vec![grammar, lint, expectations],
        infrastructure: None,
    }
}

/// The expectations stage: run whenever the policy can be evaluated;
/// otherwise each expectation is reported as not checked.
fn expect(
    policy: Option<&Policy>,
    evaluable: bool,
    grammar: &StageResult,
    expectations: &Expectations,
    over_quota: Option<String>,
) -> StageResult {
    let stage = Stage::Expectations;
    if expectations.is_empty() {
        return not_run(stage, NotRun::NothingToDo, Vec::new());
    }
    match policy {
        Some(policy) if evaluable && policy.kind == PolicyKind::Auth => StageResult {
            stage,
            outcome: Outcome::Ran,
            findings: expectations::check(policy, expectations, over_quota),
        },
        Some(policy) if evaluable => {
            let why = NotRun::NotAnAuthPolicy;
            let unchecked = expectations::not_checked(expectations, policy.span, why);
            not_run(stage, why, unchecked)
        }
        _ => {
            let why = NotRun::NotEvaluable;
            let at = first_error(grammar).unwrap_or(Span::at(0));
            not_run(stage, why, expectations::not_checked(expectations, at, why))
        }
    }
}

/// The lint findings of a policy, without those about the policy as a whole
/// when lowering dropped part of it: "allows no request" is only known of a
/// whole policy, and a dropped statement may have allowed some.
fn whole_policy_only(mut findings: Vec<Finding>, evaluable: bool) -> Vec<Finding> {
    if !evaluable {
        findings.retain(|f| f.info.code != lint::rules::ALLOWS_NOTHING.info.code);
    }
    findings
}

/// Where the first error of a stage is: the one to fix first.
fn first_error(stage: &StageResult) -> Option<Span> {
    stage
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.span)
        .min_by_key(|span| span.start)
}

fn not_run(stage: Stage, why: NotRun, findings: Vec<Finding>) -> StageResult {
    StageResult {
        stage,
        outcome: Outcome::NotRun(why),
        findings,
    }
}

#[cfg(test)]
mod tests;
