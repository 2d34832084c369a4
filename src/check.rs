//! Checking a policy: loading (grammar findings) and linting (rule findings).

use crate::diagnostic::{Category, CodeInfo, Severity};
use crate::lint::{self, LintConfig};
use crate::load::{self, LoadOptions, Loaded};

/// Loads a policy and, when it could be read, runs the configured lint rules
/// over the statements that lowered cleanly. Findings come in source order.
pub fn check_bytes(name: &str, bytes: &[u8], options: LoadOptions, config: &LintConfig) -> Loaded {
    let mut loaded = load::load_bytes(name, bytes, options);
    if let Some(policy) = &loaded.policy {
        let more = lint::lint_recovered(policy, &loaded.source, config, !loaded.has_errors());
        loaded.findings.extend(more);
        loaded.findings.sort_by_key(|f| f.span.start);
    }
    loaded
}

/// Every code `check` can report on a policy: the grammar's, the
/// expectations' and the lint rules'.
pub fn all_codes() -> impl Iterator<Item = &'static CodeInfo> {
    crate::diagnostic::codes::ALL
        .iter()
        .copied()
        .chain(EXPECTATION_CODES.iter().copied())
        .chain(lint::RULES.iter().map(|r| &r.info))
}

/// Every code the tool reports: [`all_codes`], then those of the problems
/// found in a configuration file ([`crate::config::codes`]), which are
/// reported before any policy is read.
pub fn every_code() -> impl Iterator<Item = &'static CodeInfo> {
    all_codes().chain(crate::config::codes::ALL.iter().copied())
}

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
finding says the invariant could not be proved, and why.\n",
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
`policy eval` command; `policy diff OLD NEW` lists every change, both ways.\n",
};

/// The codes of [`check_expectations`].
pub static EXPECTATION_CODES: &[&CodeInfo] = &[&INVARIANT_VIOLATED, &NEW_ACCESS];

/// What `policy check` verifies beyond the lint rules, with the analysis over
/// all requests: invariants no allowed request may match, and a baseline the
/// policy must not open access beyond.
#[derive(Debug, Default)]
pub struct Expectations {
    /// `never` invariants.
    pub never: Vec<crate::analysis::Invariant>,
    /// The baseline policy (`--baseline OLD`).
    pub baseline: Option<crate::model::Policy>,
}

impl Expectations {
    /// True when there is nothing to verify.
    pub fn is_empty(&self) -> bool {
        self.never.is_empty() && self.baseline.is_none()
    }
}

/// Adds the findings of `expectations` to an auth policy that loaded without
/// grammar errors (lint findings, errors or not, never hide them).
pub fn check_expectations(loaded: &mut Loaded, expectations: &Expectations) {
    use crate::analysis::{Analysis, Answer, Layers, Setups};
    use crate::diagnostic::Finding;
    if expectations.is_empty() || has_grammar_errors(loaded) {
        return;
    }
    let Some(policy) = &loaded.policy else {
        return;
    };
    if policy.kind != crate::model::PolicyKind::Auth {
        return;
    }
    let file = loaded.source.name().to_owned();
    let hint = |query: &str| format!("policy eval {file} '{query}'");
    let mut found = Vec::new();
    for invariant in &expectations.never {
        let mut setups = Setups::new();
        let checked = setups.add(Layers::service(policy));
        let forbidden = setups.add(Layers::service(&invariant.policy));
        let analysis = Analysis::new(setups, crate::analysis::CHECK_TIME);
        let finding = match analysis.allowed_by_both(checked, forbidden) {
            Answer::Found(w) => Finding::new(
                &INVARIANT_VIOLATED,
                allowing_statement(policy, &w.spec),
                // The request goes in the help, whole: quoted in the
                // message, a long one would be cut short.
                format!(
                    "`{}` is never to be allowed, but this statement allows such a request",
                    invariant.text
                ),
            )
            .with_label("lets the request in")
            .with_help(format!("this request is allowed: {}", hint(&w.query))),
            Answer::NoRequest => continue,
            Answer::Unknown(reasons) => Finding::new(
                &INVARIANT_VIOLATED,
                policy.span,
                format!("cannot prove `{}`: {}", invariant.text, reasons.join("; ")),
            )
            .with_help("the analysis cannot split this policy exactly; check the invariant with `policy eval` on the requests that matter"),
        };
        found.push(finding);
    }
    if let Some(baseline) = &expectations.baseline {
        let mut setups = Setups::new();
        let old = setups.add(Layers::service(baseline));
        let new = setups.add(Layers::service(policy));
        let analysis = Analysis::new(setups, crate::analysis::CHECK_TIME);
        let diff = analysis.diff(old, new, 20);
        for change in &diff.gained {
            let fields: Vec<String> = crate::wording::change_fields(change)
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{k}: {}",
                        v.iter().take(3).cloned().collect::<Vec<_>>().join(" | ")
                    )
                })
                .collect();
            found.push(
                Finding::new(
                    &NEW_ACCESS,
                    allowing_statement(policy, &change.witness.spec),
                    format!(
                        "allows `{}`, which the baseline denied ({})",
                        change.witness.query,
                        fields.join("; ")
                    ),
                )
                .with_label("lets the request in")
                .with_help(format!(
                    "see why: {}; `policy diff` lists every change",
                    hint(&change.witness.query)
                )),
            );
        }
    }
    loaded.findings.extend(found);
    loaded.findings.sort_by_key(|f| f.span.start);
}

/// True when reading the policy found an error (a grammar code at error
/// severity). Lint errors do not count: a policy that lets anonymous callers
/// in (`ANONYMOUS_ACCESS`) is exactly one whose invariants must be checked.
fn has_grammar_errors(loaded: &Loaded) -> bool {
    loaded.findings.iter().any(|f| {
        f.severity == Severity::Error
            && crate::diagnostic::codes::ALL
                .iter()
                .any(|c| c.code == f.code())
    })
}

/// The first `Allow` statement of `policy` that applies to the request of
/// `spec`, or the whole policy.
fn allowing_statement(
    policy: &crate::model::Policy,
    spec: &crate::eval::RequestSpec,
) -> crate::span::Span {
    let compiled = crate::eval::CompiledPolicy::compile(policy);
    let Ok(request) = crate::eval::Request::resolve(
        spec.clone(),
        &crate::eval::time::format_epoch(crate::analysis::CHECK_TIME),
    ) else {
        return policy.span;
    };
    compiled
        .statements()
        .iter()
        .find(|s| s.effect == crate::model::Effect::Allow && s.applies(&request))
        .map_or(policy.span, |s| s.span)
}
