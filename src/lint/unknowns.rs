//! The rules on a policy with values known only at deploy time (decision
//! `unknown-values-bounded`).
//!
//! The rules that read the model's text see the policy as lowered, with each
//! unknown left out, so none judges text that is not there. The rules that ask
//! the analysis who gets in see the policy with each unknown account or
//! organization id fixed to a fresh id (decision `unknown-ids-fixed`,
//! [`Policy::id_slots`]), at the permissive bound of its other unknowns,
//! which lets in every request some deployed value would: a security rule
//! stays loud when the policy is open for a value the unknown could take.
//! They are asked again with each fixed id set to each literal id the
//! policy names; a finding that changes says it depends on the id. Each
//! finding is then weighed against the unknowns left:
//!
//! * access found open (`ANONYMOUS_ACCESS`, `ANY_ACCOUNT_ACCESS`) stands when
//!   it is open for every value: the restrictive bound allows its witness, or
//!   the rule finds it again on the adaptive bound ([`Bound::Adaptive`]).
//!   Otherwise it is an information whose message says which unknowns it
//!   depends on;
//! * a claim the permissive bound proves for every value (`ALLOWS_NOTHING`,
//!   `ALLOW_OVERRIDDEN_BY_DENY`, `STATEMENT_NEVER_APPLIES` on an `Allow`)
//!   stands;
//! * an empty element or value list that is empty only because its items are
//!   unknown is no finding;
//! * any other finding at an unknown, or about a whole statement (or
//!   condition) holding one, could be made false by the deployed value: it
//!   becomes an `UNRESOLVED_VALUE` information saying which rule cannot
//!   decide, and why.

use std::cell::OnceCell;

use crate::analysis::CHECK_TIME;
use crate::diagnostic::{codes, Finding, Severity};
use crate::eval::bounded::name_unknowns as names;
use crate::eval::{CompiledPolicy, PolicyResult, Request};
use crate::model::{Bound, Effect, IdKind, IdSlot, Policy, Statement, Unknown, UnknownPlace};
use crate::source::Source;
use crate::span::Span;

use super::LintConfig;

/// The rules that ask the analysis: they see the permissive bound.
pub(super) const ANALYSED: [&str; 9] = [
    "ACTION_WILDCARD_IN_AUTH_POLICY",
    "ANONYMOUS_ACCESS",
    "ANY_ACCOUNT_ACCESS",
    "IF_EXISTS_ON_IDENTITY_KEY",
    "LATTICE_TLS_IDENTITY_CONDITION",
    "STATEMENT_NEVER_APPLIES",
    "ALLOW_OVERRIDDEN_BY_DENY",
    "STATEMENT_COVERED_BY_ANOTHER",
    "ALLOWS_NOTHING",
];

/// Rules that find access open: they stay, and say when it depends on unknowns.
const OPEN: [&str; 2] = ["ANONYMOUS_ACCESS", "ANY_ACCOUNT_ACCESS"];

/// Claims that hold for every value when the permissive bound proves them:
/// nothing is allowed, or an `Allow` at its widest is overridden by a `Deny`
/// at its narrowest.
const PROVED_FOR_EVERY_VALUE: [&str; 2] = ["ALLOWS_NOTHING", "ALLOW_OVERRIDDEN_BY_DENY"];

/// Rules whose claims are about a whole statement (or its relation to
/// another): an unknown anywhere in the statements concerned can falsify them.
const STATEMENT_CLAIMS: [&str; 5] = [
    "STATEMENT_COVERED_BY_ANOTHER",
    "REDUNDANT_STATEMENT",
    "STATEMENT_NEVER_APPLIES",
    // Whether the statement reaches TLS or signed callers depends on its
    // action and principal.
    "LATTICE_TLS_IDENTITY_CONDITION",
    "IF_EXISTS_ON_IDENTITY_KEY",
];

/// Rules whose claims are about what a whole condition lets through: an
/// unknown condition value of the statement can falsify them.
const CONDITION_CLAIMS: [&str; 1] = ["IMPOSSIBLE_VALUE_OPENS_ACCESS"];

/// Rules whose claims are about an `Allow`: only an unknown `Effect` can falsify them.
const ALLOW_CLAIMS: [&str; 3] = [
    "ALLOW_WITH_NOT_PRINCIPAL",
    "ALLOW_WITH_NOT_ACTION",
    "ALLOW_WITH_NOT_RESOURCE",
];

/// The most policies with one id set to a literal that one policy is
/// linted on again: past it, every finding of the rules that ask the
/// analysis on a statement holding a fixed id is said to depend on it.
const MAX_ALTERNATIVES: usize = 12;

/// Lints a policy holding unknowns: the text rules on the policy as
/// lowered, the rules that ask the analysis on the permissive bound of the
/// policy with its account and organization ids fixed (decision
/// `unknown-ids-fixed`), each finding then weighed as the module
/// documentation says.
pub(super) fn lint(policy: &Policy, source: &Source, config: &LintConfig) -> Vec<Finding> {
    let ids = FixedIds::of(policy);
    let fixed = policy.with_ids(&ids.slots, &|r| ids.fresh(r).map(str::to_owned));
    let findings = super::run(policy, &fixed.bound(Bound::Permissive), source, config);
    let (depends, extra) = ids.compare(policy, &findings, source, config);
    let mut out = weigh(findings, policy, &fixed, &depends, source, config);
    out.extend(extra);
    out
}

/// What the rules that ask the analysis see of a policy holding unknowns:
/// its permissive bound with its account and organization ids fixed.
pub(super) fn analysed(policy: &Policy) -> Policy {
    let ids = FixedIds::of(policy);
    let fixed = policy.with_ids(&ids.slots, &|r| ids.fresh(r).map(str::to_owned));
    fixed.bound(Bound::Permissive).into_owned()
}

/// The unknowns of a policy that the lint reads as fixed ids, and the
/// fresh id each reference takes.
struct FixedIds<'p> {
    slots: Vec<IdSlot>,
    /// Reference, kind, fresh id, and the expression to name it by.
    fresh: Vec<(String, IdKind, String, &'p str)>,
}

/// A finding of the rules that ask the analysis that changes when a fixed
/// id is one of the policy's literals: (code, span, expression, literal).
type Dependence = (&'static str, Span, String, String);

impl<'p> FixedIds<'p> {
    fn of(policy: &'p Policy) -> FixedIds<'p> {
        let slots = policy.id_slots();
        let mut fresh: Vec<(String, IdKind, String, &str)> = Vec::new();
        for slot in &slots {
            if slot.is_constant() || fresh.iter().any(|(r, ..)| *r == slot.reference) {
                continue;
            }
            let taken: Vec<String> = fresh.iter().map(|(_, _, id, _)| id.clone()).collect();
            let id = policy.fresh_id(slot.kind, &taken);
            let expression = policy
                .unknowns
                .get(slot.unknown)
                .map_or("", |u| u.expression.as_str());
            fresh.push((slot.reference.clone(), slot.kind, id, expression));
        }
        FixedIds { slots, fresh }
    }

    /// The fresh id of a reference.
    fn fresh(&self, reference: &str) -> Option<&str> {
        self.fresh
            .iter()
            .find(|(r, ..)| r == reference)
            .map(|(_, _, id, _)| id.as_str())
    }

    /// Lints the policy again with each fixed id set to each literal id of
    /// its kind the policy names (and to each other fixed id's fresh value:
    /// two references may be one id), and compares what the rules that ask
    /// the analysis find with `findings`, found with the fresh ids: the
    /// findings that change, and those found only for a literal (as
    /// informations saying so).
    fn compare(
        &self,
        policy: &Policy,
        findings: &[Finding],
        source: &Source,
        config: &LintConfig,
    ) -> (Vec<Dependence>, Vec<Finding>) {
        let select: Vec<String> = ANALYSED
            .iter()
            .filter(|code| super::rule(code).is_some_and(|r| config.level(r) != super::Level::Off))
            .map(|c| (*c).to_string())
            .collect();
        if self.fresh.is_empty() || select.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let analysed = LintConfig {
            select,
            ..config.clone()
        };
        let key = |f: &Finding| (f.info.code, f.span);
        let fresh_keys: Vec<(&str, Span)> = findings
            .iter()
            .filter(|f| ANALYSED.contains(&f.info.code))
            .map(key)
            .collect();
        let mut alternatives: Vec<(&str, &str, String)> = Vec::new();
        for (reference, kind, _, expression) in &self.fresh {
            let mut values: Vec<String> = policy.literal_ids(*kind).into_iter().collect();
            values.extend(
                self.fresh
                    .iter()
                    .filter(|(r, k, ..)| r != reference && k == kind)
                    .map(|(_, _, id, _)| id.clone()),
            );
            for value in values {
                alternatives.push((reference, expression, value));
            }
        }
        let mut depends: Vec<Dependence> = Vec::new();
        let mut extra: Vec<Finding> = Vec::new();
        if alternatives.len() > MAX_ALTERNATIVES {
            // Too many to try: every such finding may change.
            for (code, span) in fresh_keys {
                if let Some((_, expression, _)) = alternatives.first() {
                    depends.push((code_of(code), span, (*expression).to_owned(), String::new()));
                }
            }
            return (depends, extra);
        }
        for (reference, expression, value) in alternatives {
            let other = policy.with_ids(&self.slots, &|r| {
                if r == reference {
                    Some(value.clone())
                } else {
                    self.fresh(r).map(str::to_owned)
                }
            });
            let found = super::run(policy, &other.bound(Bound::Permissive), source, &analysed);
            for &(code, span) in &fresh_keys {
                if !found.iter().any(|f| key(f) == (code, span)) {
                    depends.push((code_of(code), span, expression.to_owned(), value.clone()));
                }
            }
            for f in found {
                if !fresh_keys.contains(&key(&f))
                    && !extra
                        .iter()
                        .any(|e| e.span == f.span && e.message.contains(f.info.code))
                {
                    extra.push(only_for(f, expression, &value));
                }
            }
        }
        (depends, extra)
    }
}

/// The code of a rule, as the `'static` text the rule declares.
fn code_of(code: &str) -> &'static str {
    ANALYSED
        .iter()
        .copied()
        .find(|c| *c == code)
        .unwrap_or("UNRESOLVED_VALUE")
}

/// A finding made only when the fixed id `expression` is the policy's
/// literal `value`: an open-access one stays an information of its rule (a
/// security rule does not go silent), any other becomes an
/// `UNRESOLVED_VALUE` information.
fn only_for(mut finding: Finding, expression: &str, value: &str) -> Finding {
    if OPEN.contains(&finding.info.code) {
        finding.message = format!(
            "{}, depending on deploy-time values: `{expression}` (if it is `{value}`)",
            finding.message
        );
        finding.severity = Severity::Info;
        if let Some(witness) = finding.witness.as_mut() {
            witness.every_value = false;
        }
        return finding;
    }
    let mut out = Finding::new(
        &codes::UNRESOLVED_VALUE,
        finding.span,
        format!(
            "{} cannot decide here: it depends on `{expression}` (whether it is `{value}`), known only at deploy time",
            finding.info.code
        ),
    )
    .with_help(format!(
        "if it is `{value}` it would say: {}; give the values to check the policy as deployed",
        finding.message
    ));
    out.severity = Severity::Info;
    out
}

/// The fixed ids a finding depends on, for a message: "`${X}` (not if it
/// is `111122223333`)".
fn dependence(depends: &[Dependence], finding: &Finding) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for (code, span, expression, value) in depends {
        if *code != finding.info.code || *span != finding.span {
            continue;
        }
        let part = if value.is_empty() {
            format!("`{expression}`")
        } else {
            format!("`{expression}` (not if it is `{value}`)")
        };
        if !parts.contains(&part) {
            parts.push(part);
        }
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// Weighs each finding of the rules on `policy` (which holds unknowns)
/// against them, as the module documentation says. The rules that ask the
/// analysis saw `fixed` (`policy` with its ids fixed): their findings are
/// weighed against its unknowns, and against `depends`.
fn weigh(
    findings: Vec<Finding>,
    policy: &Policy,
    fixed: &Policy,
    depends: &[Dependence],
    source: &Source,
    config: &LintConfig,
) -> Vec<Finding> {
    // Whether every deployed value replays a witness is asked of the policy
    // itself; whether the rule's answer holds for the fresh ids, of `fixed`.
    let restrictive = policy.bound(Bound::Restrictive);
    let fixed_restrictive = fixed.bound(Bound::Restrictive);
    // The open-access findings on the adaptive bound, made when first needed.
    let adaptive: OnceCell<Vec<Finding>> = OnceCell::new();
    let certain_elsewhere = |code: &str, statement: Option<&Statement>| {
        let found = adaptive.get_or_init(|| {
            let open_only = LintConfig {
                select: OPEN.iter().map(|c| (*c).to_string()).collect(),
                ..config.clone()
            };
            super::lint(&fixed.bound(Bound::Adaptive), source, &open_only)
        });
        statement.is_some_and(|s| {
            found.iter().any(|f| {
                f.info.code == code && s.span.start <= f.span.start && f.span.end <= s.span.end
            })
        })
    };
    let mut out = Vec::with_capacity(findings.len());
    for finding in findings {
        let code = finding.info.code;
        // The unknowns the rule saw: those left after fixing the ids, for
        // the rules that ask the analysis.
        let seen = if ANALYSED.contains(&code) {
            fixed
        } else {
            policy
        };
        let statement = statement_at(policy, finding.span);
        let in_statement: Vec<&Unknown> = statement
            .map(|s| seen.unknowns_in(s.index).collect())
            .unwrap_or_default();
        if let Some(ids) = dependence(depends, &finding) {
            // The answer for the fresh ids is not the answer for every id.
            out.push(if OPEN.contains(&code) {
                let mut finding = finding;
                finding.message = format!(
                    "{}, depending on deploy-time values: {ids}",
                    finding.message
                );
                finding.severity = Severity::Info;
                finding
            } else {
                undecided_on(finding, &ids)
            });
            continue;
        }
        if OPEN.contains(&code) {
            if replays(&finding, &restrictive) {
                // Its request gets in whatever the values are: `policy
                // eval`, which bounds them, replays it.
                let mut finding = finding;
                if let Some(witness) = finding.witness.as_mut() {
                    witness.every_value = true;
                }
                out.push(finding);
            } else if replays(&finding, &fixed_restrictive) || certain_elsewhere(code, statement) {
                out.push(finding);
            } else {
                out.push(possible(finding, &in_statement, fixed));
            }
            continue;
        }
        if PROVED_FOR_EVERY_VALUE.contains(&code) {
            out.push(finding);
            continue;
        }
        let at: Vec<&Unknown> = seen
            .unknowns
            .iter()
            .filter(|u| overlaps(u.span, finding.span))
            .collect();
        if !at.is_empty() || in_statement.iter().any(|u| empties(code, u.place)) {
            // The list is empty only in the model, where its unknown items are left out.
            if code.starts_with("EMPTY_") && code != "EMPTY_SID_VALUE" {
                continue;
            }
        }
        // An `Allow` at its widest never applying never applies for any value.
        // (A principal naming one account, which `Policy::bound` widens into
        // two statements, is a fixed id here: no such widening is seen.)
        let proved = code == "STATEMENT_NEVER_APPLIES"
            && statement.is_some_and(|s| {
                s.effect.value == Effect::Allow
                    && !in_statement.iter().any(|u| u.place == UnknownPlace::Effect)
            });
        let concerned = if proved {
            Vec::new()
        } else if !at.is_empty() {
            at
        } else if ALLOW_CLAIMS.contains(&code) {
            in_statement
                .into_iter()
                .filter(|u| u.place == UnknownPlace::Effect)
                .collect()
        } else if CONDITION_CLAIMS.contains(&code) {
            in_statement
                .into_iter()
                .filter(|u| {
                    matches!(
                        u.place,
                        UnknownPlace::Condition | UnknownPlace::Block(_) | UnknownPlace::Values(..)
                    )
                })
                .collect()
        } else if STATEMENT_CLAIMS.contains(&code) {
            let mut all = in_statement;
            for related in &finding.related {
                if let Some(s) = statement_at(policy, related.span) {
                    all.extend(seen.unknowns_in(s.index));
                }
            }
            all
        } else {
            Vec::new()
        };
        if concerned.is_empty() {
            out.push(finding);
        } else {
            out.push(undecided(finding, &concerned));
        }
    }
    out
}

/// True when the restrictive bound allows the finding's witness request
/// through the finding's own statement: every deployed value lets it in
/// there. (Through another statement would not do: the finding says what
/// its statement lets in.)
fn replays(finding: &Finding, restrictive: &Policy) -> bool {
    let Some(request) = finding
        .witness
        .as_ref()
        .and_then(|w| Request::resolve(w.request.clone(), CHECK_TIME).ok())
    else {
        return false;
    };
    let mut through = restrictive.clone();
    through.statements.retain(|s| {
        s.effect.value == Effect::Deny
            || (s.span.start <= finding.span.start && finding.span.end <= s.span.end)
    });
    CompiledPolicy::compile(&through).decide(&request) == PolicyResult::Allow
}

/// An open-access finding that some deployed values may close: an
/// information saying which unknowns it depends on (decision
/// `unknown-findings-weighed`).
fn possible(mut finding: Finding, in_statement: &[&Unknown], policy: &Policy) -> Finding {
    // Its own statement's unknowns, and those that could add a `Deny`.
    let denies = |u: &&Unknown| {
        matches!(u.place, UnknownPlace::Statement | UnknownPlace::Effect)
            || u.statement.is_some_and(|i| {
                policy
                    .statements
                    .iter()
                    .any(|s| s.index == i && s.effect.value == Effect::Deny)
            })
    };
    let mut concerned: Vec<&Unknown> = in_statement.to_vec();
    concerned.extend(policy.unknowns.iter().filter(denies));
    if concerned.is_empty() {
        concerned = policy.unknowns.iter().collect();
    }
    finding.message = match finding.info.code {
        // "No condition limits their account" is what the rule says of the
        // bound; with an unknown organization or account in the condition
        // (or a `Deny` that may shut them out), it is not said of the policy.
        "ANY_ACCOUNT_ACCESS" => {
            let head = finding
                .message
                .split_once(':')
                .map_or(finding.message.as_str(), |(head, _)| head);
            format!(
                "{}: whether anything limits their account or organization depends on deploy-time values: {}",
                head.replacen(" pass ", " may pass ", 1),
                names(&concerned)
            )
        }
        _ => format!(
            "{}, depending on deploy-time values: {}",
            finding.message,
            names(&concerned)
        ),
    };
    finding.severity = Severity::Info;
    finding
}

/// `finding` turned into the information that its rule cannot decide here.
fn undecided(finding: Finding, concerned: &[&Unknown]) -> Finding {
    let mut out = Finding::new(
        &codes::UNRESOLVED_VALUE,
        finding.span,
        format!(
            "{} cannot decide here: it depends on {}, known only at deploy time",
            finding.info.code,
            names(concerned)
        ),
    )
    .with_help(format!(
        "for some values it would say: {}; give the values to check the policy as deployed",
        finding.message
    ));
    out.severity = Severity::Info;
    out
}

/// `finding` turned into the information that its rule cannot decide
/// because of the fixed ids `ids` (named as [`dependence`] names them).
fn undecided_on(finding: Finding, ids: &str) -> Finding {
    let mut out = Finding::new(
        &codes::UNRESOLVED_VALUE,
        finding.span,
        format!(
            "{} cannot decide here: it depends on {ids}, known only at deploy time",
            finding.info.code
        ),
    )
    .with_help(format!(
        "for the other values it says: {}; give the values to check the policy as deployed",
        finding.message
    ));
    out.severity = Severity::Info;
    out
}

/// True when an unknown at `place` may be why the `EMPTY_*` rule `code`
/// found its element empty: the model leaves the unknown out.
fn empties(code: &str, place: UnknownPlace) -> bool {
    match place {
        UnknownPlace::Action => code == "EMPTY_ARRAY_ACTION",
        UnknownPlace::Resource => code == "EMPTY_ARRAY_RESOURCE",
        UnknownPlace::Principal | UnknownPlace::PrincipalValues(_) => code.ends_with("_PRINCIPAL"),
        UnknownPlace::Condition | UnknownPlace::Block(_) | UnknownPlace::Values(..) => {
            code.contains("_CONDITION")
        }
        UnknownPlace::Version | UnknownPlace::Statement | UnknownPlace::Effect => false,
    }
}

/// The statement whose text holds `span`.
fn statement_at(policy: &Policy, span: Span) -> Option<&Statement> {
    policy
        .statements
        .iter()
        .find(|s| s.span.start <= span.start && span.end <= s.span.end)
}

/// True when the two spans share a byte, or one is empty inside the other.
fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end || (a.start <= b.start && b.end <= a.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_named_here_is_a_rule() {
        let lists: [&[&str]; 6] = [
            &ANALYSED,
            &OPEN,
            &PROVED_FOR_EVERY_VALUE,
            &STATEMENT_CLAIMS,
            &ALLOW_CLAIMS,
            &CONDITION_CLAIMS,
        ];
        for code in lists.into_iter().flatten() {
            assert!(crate::lint::rule(code).is_some(), "{code} is no rule");
        }
    }

    /// Every rule file, with its text.
    fn rule_files(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rule_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path.display().to_string(), text));
            }
        }
    }

    #[test]
    fn every_rule_that_asks_the_analysis_sees_the_bound_it_is_made_of() {
        // The analysis is made of the permissive bound: a rule that reads it
        // must see that policy, so it must be listed in `ANALYSED`.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lint/rules");
        let mut files = Vec::new();
        rule_files(&dir, &mut files);
        let mut asking = 0;
        for (file, text) in &files {
            if !(text.contains("cx.analysis()") || text.contains("fates(cx)")) {
                continue;
            }
            let Some(code) = text
                .split("code: ")
                .nth(1)
                .and_then(|rest| rest.split(',').next())
            else {
                continue;
            };
            asking += 1;
            assert!(ANALYSED.contains(&code), "{file}: {code} asks the analysis");
        }
        assert!(asking >= 8, "{asking}");
    }
}
