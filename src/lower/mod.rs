//! Lowering: the JSON tree to the [policy model](crate::model), reporting every
//! shape problem as a located [`Finding`].
//!
//! Lowering never stops at the first problem: it reports everything it can see
//! and keeps, in [`Policy::statements`], only the statements that lowered
//! without errors.

mod condition;
mod principal;
mod statement;
mod unknowns;
mod values;

use std::collections::HashMap;

use crate::diagnostic::{codes, Finding, Severity};
use crate::fuzzy;
use crate::json::{Node, Value};
use crate::model::{Policy, PolicyKind, Unknown, UnknownPlace, Version};
use crate::span::{Span, Spanned};

/// The result of lowering: the model and what was wrong on the way.
#[derive(Clone, Debug)]
pub struct Lowered {
    /// The policy, holding the statements that lowered without errors.
    pub policy: Policy,
    /// Every finding, in source order.
    pub findings: Vec<Finding>,
}

impl Lowered {
    /// True when any finding is an error: the policy does not mean what it says
    /// and must not be evaluated.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// The elements allowed at the top level of a policy.
pub const POLICY_ELEMENTS: [&str; 3] = ["Version", "Id", "Statement"];

/// The elements allowed in a statement.
pub const STATEMENT_ELEMENTS: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

/// Findings gathered while lowering, with a count of errors so that a statement
/// can tell whether it lowered cleanly.
#[derive(Default)]
pub(crate) struct Report {
    findings: Vec<Finding>,
    errors: usize,
    sids: Vec<Spanned<String>>,
    /// Values known only at deploy time, for [`Policy::unknowns`].
    unknowns: Vec<Unknown>,
    /// The [`Statement::index`](crate::model::Statement::index) of the
    /// statement being lowered, for the unknowns found in it.
    statement: Option<usize>,
}

impl Report {
    pub(crate) fn push(&mut self, finding: Finding) {
        if finding.severity == Severity::Error {
            self.errors += 1;
        }
        self.findings.push(finding);
    }

    pub(crate) fn errors(&self) -> usize {
        self.errors
    }

    /// Records `node`, a value known only at deploy time, as standing for `place`
    /// in the current statement. It is no error (decision `unknown-values-bounded`).
    pub(crate) fn unknown(&mut self, node: &Node<'_>, place: UnknownPlace) {
        let expression = match &node.value {
            Value::Unknown(e) => e.to_string(),
            _ => return,
        };
        self.unknowns.push(Unknown {
            expression,
            span: node.span,
            statement: self.statement,
            place,
        });
    }
}

/// Lowers a parsed document as a policy of the given kind.
pub fn lower(root: &Node<'_>, kind: PolicyKind) -> Lowered {
    let mut report = Report::default();
    let mut policy = Policy {
        kind,
        version: None,
        id: None,
        statements: Vec::new(),
        span: root.span,
        unknowns: Vec::new(),
    };
    let Value::Object(members) = &root.value else {
        report.push(
            values::mismatch(root, "a policy", "a JSON object").with_help(
                "a policy looks like `{\"Version\": \"2012-10-17\", \"Statement\": [...]}`",
            ),
        );
        return finish(policy, report);
    };
    let opening = Span::new(root.span.offset(), root.span.offset() + 1);
    let mut saw_version = false;
    let mut saw_statement = false;
    for member in members {
        match member.key.as_ref() {
            "Version" => {
                saw_version = true;
                policy.version = lower_version(&mut report, &member.value);
            }
            // An unknown `Id` changes nothing a check or a decision reads.
            "Id" if matches!(member.value.value, Value::Unknown(_)) => {}
            "Id" => policy.id = values::string(&mut report, &member.value, "`Id`"),
            "Statement" => {
                saw_statement = true;
                policy.statements = statement::lower_all(&mut report, &member.value, kind);
            }
            other => report.push(invalid_element(
                other,
                member.key_span,
                &POLICY_ELEMENTS,
                true,
            )),
        }
    }
    if !saw_version {
        report.push(
            Finding::new(&codes::MISSING_VERSION, opening, "the policy has no `Version`")
                .with_label("add `\"Version\": \"2012-10-17\"` here")
                .with_help(
                    "without `Version` the policy is read as `2008-10-17`, in which policy variables such as `${aws:username}` are plain text",
                ),
        );
    }
    if !saw_statement {
        report.push(
            Finding::new(
                &codes::MISSING_STATEMENT,
                opening,
                "the policy has no `Statement`",
            )
            .with_help("add `\"Statement\": [...]` with at least one statement"),
        );
    }
    unique_sids(&mut report);
    finish(policy, report)
}

fn finish(mut policy: Policy, mut report: Report) -> Lowered {
    policy.unknowns = std::mem::take(&mut report.unknowns);
    report.findings.extend(unknowns::findings(&policy.unknowns));
    report.findings.sort_by_key(|f| f.span.start);
    Lowered {
        policy,
        findings: report.findings,
    }
}

fn lower_version(report: &mut Report, node: &Node<'_>) -> Option<Spanned<Version>> {
    let help = "use `2012-10-17`, the current policy language version";
    match &node.value {
        // The only version a template realistically writes; decision
        // `unknown-values-bounded` says so.
        Value::Unknown(_) => {
            report.unknown(node, UnknownPlace::Version);
            Some(Spanned::new(Version::V2012_10_17, node.span))
        }
        Value::String(s) => match Version::parse(s) {
            Some(v) => Some(Spanned::new(v, node.span)),
            None => {
                report.push(
                    Finding::new(
                        &codes::INVALID_VERSION,
                        node.span,
                        format!("`{s}` is not a policy version"),
                    )
                    .with_help(help),
                );
                None
            }
        },
        other => {
            report.push(
                Finding::new(
                    &codes::INVALID_VERSION,
                    node.span,
                    format!(
                        "`Version` must be a string, not {}",
                        values::article(other.type_name())
                    ),
                )
                .with_help(help),
            );
            None
        }
    }
}

/// `INVALID_POLICY_ELEMENT` for an unknown key, with a suggestion.
fn invalid_element(name: &str, span: Span, allowed: &[&str], top_level: bool) -> Finding {
    let finding = Finding::new(
        &codes::INVALID_POLICY_ELEMENT,
        span,
        format!("`{name}` is not a valid policy element"),
    );
    let (elsewhere, place) = if top_level {
        (&STATEMENT_ELEMENTS[..], "inside a statement in `Statement`")
    } else {
        (&POLICY_ELEMENTS[..], "at the top level of the policy")
    };
    // An element of the other level, spelt right, is misplaced rather than
    // misspelt: `Sid` at the top level is not a misspelt `Id`.
    if elsewhere.contains(&name) {
        return finding.with_help(format!("`{name}` belongs {place}"));
    }
    if let Some(suggestion) = fuzzy::best_match(name, allowed) {
        let case_only = suggestion.eq_ignore_ascii_case(name);
        return finding.with_help(if case_only {
            format!("did you mean `{suggestion}`? element names are case-sensitive")
        } else {
            format!("did you mean `{suggestion}`?")
        });
    }
    match fuzzy::best_match(name, elsewhere) {
        Some(other) => finding.with_help(format!("`{other}` belongs {place}")),
        None => finding.with_help(format!("valid elements here are {}", values::list(allowed))),
    }
}

fn unique_sids(report: &mut Report) {
    let sids = std::mem::take(&mut report.sids);
    let mut first_use: HashMap<&str, Span> = HashMap::with_capacity(sids.len());
    for sid in sids.iter().filter(|s| !s.value.is_empty()) {
        if let Some(&first) = first_use.get(sid.value.as_str()) {
            report.push(
                Finding::new(
                    &codes::UNIQUE_SIDS_REQUIRED,
                    sid.span,
                    format!("the `Sid` `{}` is used twice", sid.value),
                )
                .with_related(first, "first used here")
                .with_help("give each statement its own `Sid`"),
            );
        } else {
            first_use.insert(&sid.value, sid.span);
        }
    }
}
