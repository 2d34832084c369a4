//! The linter: rules that find what breaks VPC Lattice auth policies, or lets
//! the wrong callers in, in a policy that lowered cleanly.
//!
//! Each rule lives in its own file under [`rules`]: its documentation (what
//! `policy explain CODE` prints), its check, and the policies it must pass and
//! must flag. A rule never builds its own finding type: it asks the
//! [`LintContext`] for a finding at a span, and the context stamps the rule's
//! code and severity on it, so no rule can get its code wrong.

pub mod lattice;
pub mod rules;
mod unknowns;

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::BTreeMap;

use crate::analysis::{Analysis, Budget, Layers, Setup, Setups, CHECK_TIME};
use crate::catalog::{action_verdicts, ActionVerdict};
use crate::diagnostic::{CodeInfo, Finding, Severity};
use crate::model::{Policy, PolicyKind};
use crate::source::Source;
use crate::span::{Span, Spanned};

pub use rules::RULES;

/// One lint rule.
#[derive(Debug)]
pub struct Rule {
    /// Its code, name, default severity, category, summary and documentation.
    pub info: CodeInfo,
    /// The check.
    pub check: fn(&mut LintContext<'_>),
    /// Policies (auth policies unless the rule says otherwise) on which the rule stays silent.
    pub pass: &'static [&'static str],
    /// Policies on which the rule reports at least one finding.
    pub fail: &'static [&'static str],
}

/// Declares a rule: its doc comment becomes the documentation `policy explain`
/// prints; the pass and fail policies are its tests.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis static $id:ident = {
            code: $code:ident,
            name: $name:literal,
            severity: $sev:ident,
            category: $cat:ident,
            summary: $summary:literal,
            check: $check:path,
            pass: [$($pass:expr),* $(,)?],
            fail: [$($fail:expr),* $(,)?] $(,)?
        };
    ) => {
        $(#[doc = $doc])*
        $vis static $id: $crate::lint::Rule = $crate::lint::Rule {
            info: $crate::diagnostic::CodeInfo {
                code: stringify!($code),
                name: $name,
                severity: $crate::diagnostic::Severity::$sev,
                category: $crate::diagnostic::Category::$cat,
                summary: $summary,
                doc: concat!($($doc, "\n"),*),
                kind: $crate::diagnostic::CodeKind::Rule,
            },
            check: $check,
            pass: &[$($pass),*],
            fail: &[$($fail),*],
        };
    };
}

/// What a rule sees: the policy, its source, and where to put findings.
pub struct LintContext<'a> {
    policy: &'a Policy,
    /// What the analysis is made of: the policy itself, or its permissive
    /// bound when it holds values known only at deploy time.
    analysed: &'a Policy,
    source: &'a Source,
    shared: &'a Shared<'a>,
    rule: &'static Rule,
    findings: Vec<Finding>,
    config: &'a LintConfig,
    /// The analysis over all requests, made once per policy for the rules that ask.
    analysis: &'a OnceCell<(Analysis<'a>, Setup)>,
}

/// What several rules ask about the same policy, worked out once per policy
/// on the first rule's request and kept for the others.
#[derive(Default)]
struct Shared<'a> {
    /// The catalog's verdict on every `Action`/`NotAction` item, in policy order.
    actions: OnceCell<Vec<ActionVerdict<'a>>>,
    /// Every condition value its key never takes, with its statement.
    impossible: OnceCell<Vec<(&'a crate::model::Statement, lattice::ImpossibleValue<'a>)>>,
}

/// Every `Action`/`NotAction` item of the policy, in policy order.
fn action_items(policy: &Policy) -> impl Iterator<Item = &Spanned<String>> {
    policy
        .statements
        .iter()
        .flat_map(|statement| statement.action.items.iter())
}

impl<'a> LintContext<'a> {
    /// The policy (only the statements that lowered cleanly).
    pub fn policy(&self) -> &'a Policy {
        self.policy
    }

    /// The analysis of the policy over all requests (as the service's only
    /// auth policy), made when a rule first asks for it, and the policy's
    /// setup in it.
    pub fn analysis(&self) -> (&'a Analysis<'a>, Setup) {
        // The analysis's statements are the rule's only when it sees the
        // policy the analysis is made of (`lint::unknowns::ANALYSED`).
        debug_assert!(std::ptr::eq(self.policy, self.analysed));
        let policy = self.analysed;
        let (analysis, setup) = self.analysis.get_or_init(|| {
            let mut setups = Setups::new();
            let setup = setups.add(Layers::service(policy));
            let text = self.source.snippet(policy.span);
            let analysis = match rules::over_quota(policy.kind, text) {
                Some(reason) => Analysis::not_attempted(setups, CHECK_TIME, reason),
                None => Analysis::with_budget(setups, CHECK_TIME, self.config.analysis_budget),
            };
            (analysis, setup)
        });
        (analysis, *setup)
    }

    /// The configuration the rules run under.
    pub fn config(&self) -> &'a LintConfig {
        self.config
    }

    /// Auth (resource) or identity policy.
    pub fn kind(&self) -> PolicyKind {
        self.policy.kind
    }

    /// The policy's source.
    pub fn source(&self) -> &'a Source {
        self.source
    }

    /// Every `Action`/`NotAction` item of the policy, in policy order, with
    /// [`crate::catalog::action_verdict`]'s answer on it. Four rules judge every action item;
    /// the answers are worked out once per policy, for all of them.
    pub fn action_items(
        &self,
    ) -> impl Iterator<Item = (&'a Spanned<String>, ActionVerdict<'a>)> + 'a {
        let policy = self.policy;
        let verdicts = self
            .shared
            .actions
            .get_or_init(|| action_verdicts(action_items(policy).map(|i| i.value.as_str())));
        action_items(policy).zip(verdicts.iter().copied())
    }

    /// Every string-condition value that its key never takes, with its
    /// statement (the `lint::lattice` pass): two rules report them, one
    /// the values that open access and one the rest; they are found once.
    pub fn impossible_values(
        &self,
    ) -> &'a [(&'a crate::model::Statement, lattice::ImpossibleValue<'a>)] {
        let policy = self.policy;
        self.shared.impossible.get_or_init(|| {
            let variables = policy.variables_enabled();
            policy
                .statements
                .iter()
                .flat_map(|statement| {
                    lattice::impossible_values(statement, variables)
                        .into_iter()
                        .map(move |dead| (statement, dead))
                })
                .collect()
        })
    }

    /// The source text a span covers.
    pub fn text(&self, span: Span) -> &'a str {
        self.source.snippet(span)
    }

    /// A finding of the current rule at `span`.
    pub fn finding(&self, span: Span, message: impl Into<String>) -> Finding {
        Finding::new(&self.rule.info, span, message)
    }

    /// Reports a finding made with [`LintContext::finding`].
    pub fn report(&mut self, finding: Finding) {
        self.findings.push(finding);
    }
}

/// How one rule is configured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// The rule does not run.
    Off,
    /// The rule runs and reports at this severity.
    On(Severity),
}

/// Which rules run, and at what severity.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LintConfig {
    /// Per-code levels; codes not listed run at their default severity.
    pub levels: BTreeMap<String, Level>,
    /// When not empty, only these codes run (`--select`).
    pub select: Vec<String>,
    /// The service is public on purpose (`public` in the configuration):
    /// anonymous access is not a finding.
    pub public: bool,
    /// Accounts and organizations the service is private to (`private-to`):
    /// when not empty, an `Allow` that lets any other signed caller in is an error.
    pub private_to: Vec<String>,
    /// The work the analysis the rules ask may do (`--analysis-budget`).
    pub analysis_budget: Budget,
}

impl LintConfig {
    /// The level of `rule` under this configuration.
    pub fn level(&self, rule: &Rule) -> Level {
        let code = rule.info.code;
        if !self.select.is_empty() && !self.select.iter().any(|c| c == code) {
            return Level::Off;
        }
        self.levels
            .get(code)
            .copied()
            .unwrap_or(Level::On(rule.info.severity))
    }
}

/// The rule with this code, if any.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.info.code == code)
}

/// Runs every configured rule over a policy (also one recovered from a file
/// with errors); findings in source order. Witnesses are attached as data:
/// whether they can be replayed with `policy eval` is the renderer's to say.
///
/// A policy holding values known only at deploy time is linted as
/// `lint::unknowns` says (decision `unknown-values-bounded`); one without
/// takes no step more.
pub fn lint(policy: &Policy, source: &Source, config: &LintConfig) -> Vec<Finding> {
    let mut all = if policy.has_unknowns() {
        unknowns::lint(policy, source, config)
    } else {
        run(policy, policy, source, config)
    };
    rules::fold_into_specific(&mut all, policy);
    all.sort_by_key(|f| f.span.start);
    all
}

/// The policy the rules that ask the analysis see: `policy` itself or, for
/// a policy holding deploy-time values, its permissive bound with its
/// account and organization ids fixed (decision `unknown-ids-fixed`). Code
/// lenses and hovers ask their questions of it, so that they agree with
/// `policy check`.
pub fn analysed(policy: &Policy) -> Cow<'_, Policy> {
    if policy.has_unknowns() {
        Cow::Owned(unknowns::analysed(policy))
    } else {
        Cow::Borrowed(policy)
    }
}

/// Runs every configured rule: those that ask the analysis
/// (`unknowns::ANALYSED`) on `analysed`, which the analysis is made of, the
/// others on `policy`. The two differ only for a policy with unknowns.
fn run(policy: &Policy, analysed: &Policy, source: &Source, config: &LintConfig) -> Vec<Finding> {
    let mut all = Vec::new();
    let analysis = OnceCell::new();
    // What the rules share is worked out per policy they see.
    let shared = Shared::default();
    let shared_analysed = Shared::default();
    for rule in RULES.iter().copied() {
        let Level::On(severity) = config.level(rule) else {
            continue;
        };
        let (seen, shared) =
            if unknowns::ANALYSED.contains(&rule.info.code) && !std::ptr::eq(policy, analysed) {
                (analysed, &shared_analysed)
            } else {
                (policy, &shared)
            };
        let mut cx = LintContext {
            policy: seen,
            analysed,
            source,
            shared,
            rule,
            findings: Vec::new(),
            config,
            analysis: &analysis,
        };
        (rule.check)(&mut cx);
        // A severity set in the configuration wins; otherwise a rule may
        // raise its own (ANY_ACCOUNT_ACCESS under `private-to`).
        let configured = config.levels.contains_key(rule.info.code);
        all.extend(cx.findings.into_iter().map(|mut f| {
            if configured || f.severity == rule.info.severity {
                f.severity = severity;
            }
            f
        }));
    }
    all
}
