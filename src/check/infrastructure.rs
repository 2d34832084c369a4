//! Checking an infrastructure file: each policy extraction found is checked
//! as its own unit, against the original file's text, and the units'
//! findings make one report for the file.
//!
//! A unit is checked exactly as a standalone policy is (lowering, the lint
//! rules, the expectations), so every finding lands where the author wrote
//! it. What differs:
//!
//! * the size quota applies to the policy as deployed (minified JSON, as the
//!   tools send it), not to the text in the template, which holds
//!   intrinsics, indentation and escapes;
//! * one broken policy never hides another: each unit has its own grammar
//!   stage and its own evaluability;
//! * a finding several variants of one policy share (an `Fn::If` checked
//!   both ways) is reported once.

use std::collections::BTreeMap;

use crate::diagnostic::{Finding, Severity};
use crate::iac::file_set::FileSet;
use crate::iac::{self, Extraction, FoundPolicy, SourceKind, TargetRef};
use crate::json::{Node, Value};
use crate::lint::{self, rules::AUTH_POLICY_SIZE_QUOTA};
use crate::lower::{self, Lowered};
use crate::model::{Policy, PolicyKind};
use crate::source::Source;
use crate::span::Span;

use super::{
    expect, not_run, whole_policy_only, Checker, Expectations, Outcome, Report, Stage, StageResult,
};

/// What an infrastructure file held, for the renderers.
#[derive(Clone, Debug)]
pub struct Infrastructure {
    /// Which kind of file it is.
    pub kind: SourceKind,
    /// Every policy found, in file order (a policy checked as several
    /// variants is several units).
    pub units: Vec<Unit>,
    /// The Terraform variable files whose values were used, in the order
    /// they were read (a later one wins): those Terraform loads on its own
    /// from the module's directory, then `--var-file`. Empty for other kinds.
    pub var_files: Vec<String>,
}

/// One policy found in an infrastructure file and checked.
#[derive(Clone, Debug)]
pub struct Unit {
    /// Its name in the file (a logical id, a Terraform address, a
    /// Kubernetes `namespace/name`).
    pub locator: String,
    /// Where it was written.
    pub span: Span,
    /// The lines it was written on, first and last (1-based), kept so that
    /// the report can drop the text of a file without findings.
    pub lines: (usize, usize),
    /// What it says it is attached to: a target's locator, an ARN or id, or
    /// an expression as written.
    pub target: Option<String>,
    /// Whether `policy eval FILE#LOCATOR` takes it.
    pub evaluable: bool,
    /// `FILE#LOCATOR`, as `policy eval` names it.
    pub eval_name: String,
    /// True when the policy holds values known only at deploy time: its
    /// witnesses may hold for some of their values only.
    pub deploy_time: bool,
    /// The flags that gave deploy-time values to the check (` --var
    /// 'a=b'`), repeated in the `policy eval` commands of its witnesses.
    pub eval_flags: String,
    /// The messages and queries of its findings that carry a witness, to
    /// name the unit a finding on text variants share belongs to.
    pub witnesses: Vec<(String, String)>,
}

impl Infrastructure {
    /// The unit `finding` belongs to: the first whose text holds it, or
    /// among variants sharing that text, the one that made its witness.
    pub fn unit_of(&self, finding: &Finding) -> Option<&Unit> {
        let span = finding.span;
        let containing = || {
            self.units
                .iter()
                .filter(move |u| u.span.start <= span.start && span.end <= u.span.end)
        };
        match finding.witness.as_deref() {
            Some(w) => containing()
                .find(|u| {
                    u.witnesses
                        .iter()
                        .any(|(m, q)| *m == finding.message && *q == w.query)
                })
                .or_else(|| containing().next()),
            None => containing().next(),
        }
    }
}

/// Checks every policy of an extraction against `source`, the original file.
pub fn check_extraction(
    source: Source,
    kind: SourceKind,
    extraction: Extraction,
    checker: &Checker<'_>,
) -> Report {
    check_extraction_with(source, kind, extraction, checker, &BTreeMap::new())
}

/// [`check_extraction`], where the policies `own` names by locator have
/// expectations of their own (each its version at a git revision as its
/// baseline, `policy check --baseline-ref`); the others have the checker's.
pub fn check_extraction_with(
    source: Source,
    kind: SourceKind,
    extraction: Extraction,
    checker: &Checker<'_>,
    own: &BTreeMap<String, Expectations>,
) -> Report {
    check_extraction_in(source, kind, extraction, checker, own, None)
}

/// [`check_extraction_with`], the file being one of `set` (a Terraform
/// module's files, the manifests and templates of a run): a policy's other
/// auth layer may be in another file of it.
pub fn check_extraction_in(
    source: Source,
    kind: SourceKind,
    extraction: Extraction,
    checker: &Checker<'_>,
    own: &BTreeMap<String, Expectations>,
    set: Option<&FileSet>,
) -> Report {
    let mut grammar = extraction.findings.clone();
    // Terraform pairs a module's policies and targets across its files, and
    // its extraction holds the findings already (`terraform::module::read`).
    if kind != SourceKind::Terraform {
        grammar.extend(iac::pairing::pair(&extraction));
    }
    let neighbours = set
        .map(|set| set.neighbours(source.name(), kind, &extraction))
        .unwrap_or_default();
    let others = iac::layers::other_layers_in(&extraction, kind, &neighbours);
    let mut lints = Vec::new();
    let mut expectations = Vec::new();
    let mut units = Vec::with_capacity(extraction.policies.len());
    let mut all_evaluable = true;
    let mut checked: Vec<Checked> = extraction
        .policies
        .into_iter()
        .map(|found| {
            let checker = &Checker {
                expectations: own.get(&found.locator).unwrap_or(checker.expectations),
                ..*checker
            };
            check_unit(&source, found, checker)
        })
        .collect();
    super::layers::weigh(
        &mut checked,
        &others,
        &neighbours,
        &extraction.targets,
        &source,
        checker.lint,
    );
    for checked in checked {
        all_evaluable &= checked.unit.evaluable;
        grammar.extend(checked.grammar);
        lints.extend(checked.lint);
        expectations.extend(checked.expectations);
        units.push(checked.unit);
    }
    // `--fix` edits standalone policies only (a policy here may be an
    // escaped string or computed): no finding offers a fix.
    let stage = |stage, findings: Vec<Finding>| StageResult {
        stage,
        outcome: Outcome::Ran,
        findings: dedup(findings)
            .into_iter()
            .map(|mut f| {
                f.fix = None;
                f
            })
            .collect(),
    };
    let expectations_stage =
        if checker.expectations.is_empty() && own.values().all(Expectations::is_empty) {
            not_run(Stage::Expectations, super::NotRun::NothingToDo, Vec::new())
        } else {
            stage(Stage::Expectations, expectations)
        };
    Report {
        source,
        policy: None,
        evaluable: all_evaluable && !units.is_empty(),
        stages: vec![
            stage(Stage::Grammar, grammar),
            stage(Stage::Lint, lints),
            expectations_stage,
        ],
        infrastructure: Some(Infrastructure {
            kind,
            units,
            var_files: Vec::new(),
        }),
    }
}

/// One policy of the file, checked on its own.
pub(super) struct Checked {
    pub(super) unit: Unit,
    grammar: Vec<Finding>,
    pub(super) lint: Vec<Finding>,
    expectations: Vec<Finding>,
    /// The policy as lowered.
    pub(super) policy: Option<Policy>,
    /// True when the analysis may be asked about it: an auth policy that
    /// can be evaluated and is within the size quota.
    pub(super) analysable: bool,
}

/// One policy through the stages of [`super::check_loaded`].
fn check_unit(source: &Source, found: FoundPolicy, checker: &Checker<'_>) -> Checked {
    let FoundPolicy {
        locator,
        span,
        root,
        findings: mut grammar,
        attached_to,
    } = found;
    let rendered = root.as_ref().map(rendered_size);
    let policy = root.as_ref().map(|root| {
        let Lowered { policy, findings } = lower::lower(root, checker.load.kind);
        grammar.extend(findings);
        policy
    });
    let evaluable = policy.is_some() && grammar.iter().all(|f| f.severity != Severity::Error);
    let over_quota = match (&policy, rendered) {
        (Some(p), Some(size)) if p.kind == PolicyKind::Auth && size > AUTH_POLICY_SIZE_QUOTA => {
            Some(format!(
                "the policy is over the quota of {AUTH_POLICY_SIZE_QUOTA} characters, so it is not analysed"
            ))
        }
        _ => None,
    };
    let mut lint_findings = match &policy {
        Some(policy) => whole_policy_only(lint::lint(policy, source, checker.lint), evaluable),
        None => Vec::new(),
    };
    // The rule measured the text in the file; the quota is on the policy as
    // deployed.
    let size_rule = &lint::rules::POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA;
    lint_findings.retain(|f| f.info.code != size_rule.info.code);
    if let (Some(policy), Some(size), lint::Level::On(severity)) =
        (&policy, rendered, checker.lint.level(size_rule))
    {
        if policy.kind == PolicyKind::Auth && size > AUTH_POLICY_SIZE_QUOTA {
            let mut finding = lint::rules::size_finding(policy.span, size);
            finding.severity = severity;
            lint_findings.push(finding);
        }
    }
    let grammar_stage = StageResult {
        stage: Stage::Grammar,
        outcome: Outcome::Ran,
        findings: grammar,
    };
    let over_quota_reason = over_quota.clone();
    let expectations = expect(
        policy.as_ref(),
        evaluable,
        &grammar_stage,
        checker.expectations,
        over_quota,
    )
    .findings;
    let deploy_time = policy.as_ref().is_some_and(|p| p.has_unknowns());
    let witnesses = lint_findings
        .iter()
        .chain(&expectations)
        .filter_map(|f| {
            f.witness
                .as_ref()
                .map(|w| (f.message.clone(), w.query.clone()))
        })
        .collect();
    Checked {
        unit: Unit {
            eval_name: format!("{}#{locator}", source.name()),
            locator,
            span,
            lines: {
                let (start, end) = source.range(span);
                (start.line, end.line)
            },
            target: attached_to.map(|t| match t {
                TargetRef::Local(name)
                | TargetRef::Literal(name)
                | TargetRef::Unknown(name)
                | TargetRef::Imported { written: name, .. } => name,
            }),
            evaluable,
            deploy_time,
            eval_flags: String::new(),
            witnesses,
        },
        grammar: grammar_stage.findings,
        lint: lint_findings,
        expectations,
        analysable: evaluable
            && over_quota_reason.is_none()
            && policy.as_ref().is_some_and(|p| p.kind == PolicyKind::Auth),
        policy,
    }
}

/// Findings in source order, each once: variants of one policy share most of
/// their text, and so most of their findings.
fn dedup(mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.sort_by_key(|f| f.span.start);
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    for finding in findings {
        let seen = out
            .iter()
            .rev()
            .take_while(|f| f.span.start == finding.span.start)
            .any(|f| {
                f.info.code == finding.info.code
                    && f.span == finding.span
                    && f.message == finding.message
            });
        if !seen {
            out.push(finding);
        }
    }
    out
}

/// The policy's size as deployed: minified JSON, counted as the quota rule
/// counts (characters, no whitespace between tokens). An unknown value counts
/// as its expression, a string of about the size it will have.
pub fn rendered_size(node: &Node<'_>) -> usize {
    let string = |s: &str| {
        serde_json::to_string(s)
            .map(|q| q.chars().count())
            .unwrap_or(s.len() + 2)
    };
    match &node.value {
        Value::Null => 4,
        Value::Bool(true) => 4,
        Value::Bool(false) => 5,
        Value::Number(n) => n.len(),
        Value::String(s) | Value::Unknown(s) => string(s),
        Value::Array(items) => {
            2 + items.iter().map(rendered_size).sum::<usize>() + items.len().saturating_sub(1)
        }
        Value::Object(members) => {
            2 + members
                .iter()
                .map(|m| string(&m.key) + 1 + rendered_size(&m.value))
                .sum::<usize>()
                + members.len().saturating_sub(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Expectations;
    use crate::iac::{cloudformation, ExtractOptions};
    use crate::lint::LintConfig;
    use crate::load::LoadOptions;

    fn check(text: &str) -> Report {
        let lint = LintConfig::default();
        let expectations = Expectations::default();
        let checker = Checker {
            load: LoadOptions::default(),
            lint: &lint,
            expectations: &expectations,
        };
        let extraction = cloudformation::extract(text, &ExtractOptions::default());
        check_extraction(
            Source::new("t.json", text),
            SourceKind::CloudFormation,
            extraction,
            &checker,
        )
    }

    #[test]
    fn each_policy_is_checked_and_one_broken_policy_hides_no_other() {
        let text = r#"{"Resources": {
  "Broken": {"Type": "AWS::VpcLattice::AuthPolicy", "Properties": {"Policy": {"Statement": [{"Effect": "Alow", "Principal": "*", "Action": "*", "Resource": "*"}]}}},
  "Open": {"Type": "AWS::VpcLattice::AuthPolicy", "Properties": {"Policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}]}}}
}}"#;
        let report = check(text);
        let units = &report.infrastructure.as_ref().unwrap().units;
        assert_eq!(units.len(), 2);
        assert!(!units[0].evaluable);
        assert!(units[1].evaluable);
        let codes: Vec<&str> = report.findings().iter().map(|f| f.info.code).collect();
        assert!(codes.contains(&"INVALID_EFFECT"), "{codes:?}");
        assert!(codes.contains(&"ANONYMOUS_ACCESS"), "{codes:?}");
        // The open policy's finding is on its own line, in the template.
        let open = report
            .findings()
            .into_iter()
            .find(|f| f.info.code == "ANONYMOUS_ACCESS")
            .unwrap();
        assert_eq!(report.source.position(open.span.offset()).line, 3);
    }

    #[test]
    fn the_rendered_size_is_the_minified_json() {
        let text = r#"{ "a" : [ 1, true, null, "x y" ] }"#;
        let root = crate::json::parse(text).root.unwrap();
        assert_eq!(rendered_size(&root), r#"{"a":[1,true,null,"x y"]}"#.len());
    }
}
