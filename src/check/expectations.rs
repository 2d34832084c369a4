//! The expectations stage: what `policy check` verifies beyond the lint
//! rules, with the analysis over all requests: invariants no allowed request
//! may match (`--never`), and a baseline the policy must not open access
//! beyond (`--baseline`).

use crate::analysis::{Analysis, Answer, Budget, Invariant, Layers, Setups, CHECK_TIME};
use crate::diagnostic::{Category, CodeInfo, CodeKind, Finding, Severity, Witness};
use crate::eval::{BoundedPolicy, CompiledPolicy, PolicyResult, Request, RequestSpec};
use crate::model::{Bound, Effect, Policy};
use crate::span::Span;

use super::NotRun;

/// A request that a `never` invariant forbids is allowed.
pub static INVARIANT_VIOLATED: CodeInfo = CodeInfo {
    code: "INVARIANT_VIOLATED",
    name: "invariant-violated",
    severity: Severity::Error,
    category: Category::SecurityWarning,
    summary: "the policy allows a request a `never` invariant forbids",
    doc: "A request that a `never` invariant (`policy check --never QUERY`, or `never` in \
`lattice-policy.toml`) forbids is allowed. The analysis over all requests proves an invariant or \
finds a counterexample; the finding shows one such request as a `policy eval` command and points \
at an `Allow` statement that lets it in. When the analysis cannot split the policy exactly, the \
finding says the invariant could not be proved, and why.\n\nInvariants are checked whenever the \
policy can be evaluated, whatever else `policy check` reports on it (`ANONYMOUS_ACCESS` \
included); when it cannot be, `EXPECTATION_NOT_CHECKED` says so.\n",
    kind: CodeKind::Expectation,
};

/// The policy allows requests its baseline denied.
pub static NEW_ACCESS: CodeInfo = CodeInfo {
    code: "NEW_ACCESS",
    name: "new-access",
    severity: Severity::Error,
    category: Category::SecurityWarning,
    summary: "the policy allows requests its baseline denied",
    doc:
        "The policy allows requests that its baseline (`policy check --baseline OLD`) denied: the \
change opens access. One finding per class of new access, each with a request that shows it as a \
`policy eval` command; `policy diff OLD NEW` lists every change, both ways.\n\nThe baseline is \
compared whenever the policy can be evaluated, whatever else `policy check` reports on it; when \
it cannot be, `EXPECTATION_NOT_CHECKED` says so.\n",
    kind: CodeKind::Expectation,
};

/// An expectation could not be checked, because the policy cannot be evaluated.
pub static EXPECTATION_NOT_CHECKED: CodeInfo = CodeInfo {
    code: "EXPECTATION_NOT_CHECKED",
    name: "expectation-not-checked",
    severity: Severity::Error,
    category: Category::Error,
    summary: "a `never` invariant or the baseline could not be checked",
    doc: "A `never` invariant (`--never`, or `never` in `lattice-policy.toml`) or the baseline \
(`--baseline OLD`) was configured, but the policy cannot be evaluated, so it was not checked. \
This happens when reading the policy found errors (the grammar checks, such as \
`JSON_SYNTAX_ERROR` or `INVALID_EFFECT`): AWS refuses to store such a policy, `policy eval` \
refuses to evaluate it, and what it would allow is unknown. One finding per expectation, at the \
first such error.\n\nLint findings never stop the expectations: a policy with `ANONYMOUS_ACCESS` \
is still checked against every invariant.\n\nFix the errors and check again: the expectations then \
run, and either hold or are reported as `INVARIANT_VIOLATED` or `NEW_ACCESS`. The finding is an \
error, so that an expectation that was not verified never passes unnoticed.\n",
    kind: CodeKind::Expectation,
};

/// The codes of the expectations stage.
pub static EXPECTATION_CODES: &[&CodeInfo] =
    &[&INVARIANT_VIOLATED, &NEW_ACCESS, &EXPECTATION_NOT_CHECKED];

/// The expectations configured for a run.
#[derive(Clone, Debug, Default)]
pub struct Expectations {
    /// `never` invariants.
    pub never: Vec<Invariant>,
    /// The baseline (`--baseline OLD`).
    pub baseline: Option<Baseline>,
    /// The work each expectation's analysis may do (`--analysis-budget`).
    pub analysis_budget: Budget,
}

/// An earlier version of the policy that the checked one may not open access beyond.
#[derive(Clone, Debug)]
pub struct Baseline {
    /// Its file, as given.
    pub name: String,
    /// Its model (it loaded without errors).
    pub policy: Policy,
}

impl Expectations {
    /// True when there is nothing to verify.
    pub fn is_empty(&self) -> bool {
        self.never.is_empty() && self.baseline.is_none()
    }
}

/// The findings of `expectations` on an auth policy that can be evaluated.
/// `over_quota` is why the policy is not analysed (it is over the size
/// quota), when it is not.
pub(super) fn check(
    policy: &Policy,
    expectations: &Expectations,
    over_quota: Option<String>,
) -> Vec<Finding> {
    let analyse = Analyse {
        over_quota: over_quota.as_deref(),
        budget: expectations.analysis_budget,
    };
    let mut found: Vec<Finding> = expectations
        .never
        .iter()
        .filter_map(|invariant| check_invariant(policy, invariant, analyse))
        .collect();
    if let Some(baseline) = &expectations.baseline {
        found.extend(new_access(policy, &baseline.policy, analyse));
    }
    found
}

/// How the expectations' analyses are made: within the budget, or not
/// attempted when the policy is over the size quota.
#[derive(Clone, Copy)]
struct Analyse<'a> {
    over_quota: Option<&'a str>,
    budget: Budget,
}

impl Analyse<'_> {
    fn of<'p>(self, setups: Setups<'p>) -> Analysis<'p> {
        match self.over_quota {
            Some(reason) => Analysis::not_attempted(setups, CHECK_TIME, reason.to_owned()),
            None => Analysis::with_budget(setups, CHECK_TIME, self.budget),
        }
    }
}

/// `INVARIANT_VIOLATED` when `policy` allows a request `invariant` forbids,
/// or when the analysis cannot prove it does not.
fn check_invariant(
    policy: &Policy,
    invariant: &Invariant,
    analyse: Analyse<'_>,
) -> Option<Finding> {
    // Deploy-time values are read as the ones that allow the most (decision
    // `unknown-values-bounded`): an invariant holds only if it holds for all.
    let permissive = policy.bound(Bound::Permissive);
    let mut setups = Setups::new();
    let checked = setups.add(Layers::service(&permissive));
    let forbidden = setups.add(Layers::service(&invariant.policy));
    let analysis = analyse.of(setups);
    match analysis.allowed_by_both(checked, forbidden) {
        Answer::Found(w) => Some(
            Finding::new(
                &INVARIANT_VIOLATED,
                allowing_statement(&permissive, &w.spec),
                // The request goes in the witness, whole: quoted in the
                // message, a long one would be cut short.
                format!(
                    "`{}` is never to be allowed, but this statement allows such a request{}",
                    invariant.text,
                    depending(&[(policy, true)], &w.spec)
                ),
            )
            .with_label("lets the request in")
            .with_witness(Witness::new(w.query, w.spec, "this request is allowed")),
        ),
        Answer::NoRequest => None,
        Answer::Unknown(reasons) => Some(
            Finding::new(
                &INVARIANT_VIOLATED,
                policy.span,
                format!("cannot prove `{}`: {}", invariant.text, reasons.join("; ")),
            )
            .with_help("the analysis cannot split this policy exactly; check the invariant with `policy eval` on the requests that matter"),
        ),
    }
}

/// `NEW_ACCESS` for each class of requests `policy` allows and `baseline` denied.
fn new_access(policy: &Policy, baseline: &Policy, analyse: Analyse<'_>) -> Vec<Finding> {
    // Access some deployed values open now that some deployed values of the
    // baseline kept shut (decision `unknown-values-bounded`).
    let restrictive_baseline = baseline.bound(Bound::Restrictive);
    let permissive = policy.bound(Bound::Permissive);
    let mut setups = Setups::new();
    let old = setups.add(Layers::service(&restrictive_baseline));
    let new = setups.add(Layers::service(&permissive));
    let analysis = analyse.of(setups);
    let diff = analysis.diff(old, new, 20);
    // Past the budget, what was found is kept, and that more may exist is said.
    let unknown = analysis.budget_exceeded().map(|reason| {
        Finding::new(
            &NEW_ACCESS,
            policy.span,
            format!("cannot prove that this policy allows nothing the baseline denied: {reason}"),
        )
        .with_help("raise `--analysis-budget`, or compare the two with `policy diff`")
    });
    crate::wording::distinct_changes(diff.gained)
        .into_iter()
        .map(|change| {
            let fields: Vec<String> = crate::wording::change_fields(&change)
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{k}: {}",
                        v.iter().take(3).cloned().collect::<Vec<_>>().join(" | ")
                    )
                })
                .collect();
            let witness = change.witness;
            Finding::new(
                &NEW_ACCESS,
                allowing_statement(&permissive, &witness.spec),
                format!(
                    "allows `{}`, which the baseline denied ({}){}",
                    witness.query,
                    fields.join("; "),
                    depending(&[(policy, true), (baseline, false)], &witness.spec)
                ),
            )
            .with_label("lets the request in")
            .with_help("`policy diff` lists every change")
            .with_witness(Witness::new(
                witness.query,
                witness.spec,
                "see why this request is allowed",
            ))
        })
        .chain(unknown)
        .collect()
}

/// One `EXPECTATION_NOT_CHECKED` per expectation, at `at`.
pub(super) fn not_checked(expectations: &Expectations, at: Span, why: NotRun) -> Vec<Finding> {
    let (reason, label, help) = match why {
        NotRun::NotAnAuthPolicy => (
            "identity policies are not checked against expectations",
            "an identity policy",
            "expectations are about the requests a service's auth policy allows: check auth policies (`--kind auth`)",
        ),
        _ => (
            "the policy cannot be evaluated while it has errors",
            "this error stops evaluation",
            "fix the errors and check again; `policy eval` refuses such a policy too, as AWS refuses to store it",
        ),
    };
    let never = expectations
        .never
        .iter()
        .map(|invariant| format!("`{}` was not checked: {reason}", invariant.text));
    let baseline = expectations
        .baseline
        .iter()
        .map(|b| format!("the baseline `{}` was not compared: {reason}", b.name));
    never
        .chain(baseline)
        .map(|message| {
            Finding::new(&EXPECTATION_NOT_CHECKED, at, message)
                .with_label(label)
                .with_help(help)
        })
        .collect()
}

/// ", depending on deploy-time values: `X`" when some deployed values of the
/// policies would not give each the answer wanted (allowed when `true`,
/// denied when `false`) on the request of `spec`; empty when every value
/// would, as always for policies without unknowns.
fn depending(policies: &[(&Policy, bool)], spec: &RequestSpec) -> String {
    if policies.iter().all(|(p, _)| !p.has_unknowns()) {
        return String::new();
    }
    let Ok(request) = Request::resolve(spec.clone(), CHECK_TIME) else {
        return String::new();
    };
    let bounded: Vec<(BoundedPolicy, bool)> = policies
        .iter()
        .map(|(p, allowed)| (BoundedPolicy::compile(p), *allowed))
        .collect();
    let mut deciding = Vec::new();
    for (policy, allowed) in &bounded {
        let (permissive, restrictive) = policy.decide_both(&request);
        let sure = if *allowed { restrictive } else { permissive };
        if (sure == PolicyResult::Allow) != *allowed {
            deciding.extend(policy.deciding(&request));
        }
    }
    if deciding.is_empty() {
        return String::new();
    }
    format!(
        ", depending on deploy-time values: {}",
        crate::eval::bounded::name_unknowns(&deciding)
    )
}

/// The first `Allow` statement of `policy` that applies to the request of
/// `spec`, or the whole policy.
fn allowing_statement(policy: &Policy, spec: &RequestSpec) -> Span {
    let compiled = CompiledPolicy::compile(policy);
    let Ok(request) = Request::resolve(spec.clone(), CHECK_TIME) else {
        return policy.span;
    };
    compiled
        .statements()
        .iter()
        .find(|s| s.effect == Effect::Allow && s.applies(&request))
        .map_or(policy.span, |s| s.span)
}
