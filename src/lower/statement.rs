//! Lowering `Statement` and each statement's elements.

use super::{
    condition, invalid_element, principal, values, Report, POLICY_ELEMENTS, STATEMENT_ELEMENTS,
};
use crate::diagnostic::{codes, Finding};
use crate::json::{Member, Node, Value};
use crate::model::{Effect, Patterns, PolicyKind, Statement, UnknownPlace};
use crate::span::{Span, Spanned};

/// The `Statement` element: one statement object or an array of them.
pub(super) fn lower_all(report: &mut Report, node: &Node<'_>, kind: PolicyKind) -> Vec<Statement> {
    match &node.value {
        Value::Array(items) if items.is_empty() => {
            report.push(
                Finding::new(&codes::MISSING_STATEMENT, node.span, "`Statement` is empty")
                    .with_help(
                        "add at least one statement; a policy without statements allows nothing",
                    ),
            );
            Vec::new()
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                if matches!(item.value, Value::Unknown(_)) {
                    report.statement = Some(i);
                    report.unknown(item, UnknownPlace::Statement);
                    report.statement = None;
                    return None;
                }
                lower_one(report, item, i, kind)
            })
            .collect(),
        Value::Object(_) => lower_one(report, node, 0, kind).into_iter().collect(),
        Value::Unknown(_) => {
            report.statement = Some(0);
            report.unknown(node, UnknownPlace::Statement);
            report.statement = None;
            Vec::new()
        }
        _ => {
            report.push(values::mismatch(
                node,
                "`Statement`",
                "an object or an array of objects",
            ));
            Vec::new()
        }
    }
}

/// "statement 2" or "statement `AllowGet`", for messages.
fn describe(index: usize, sid: Option<&Spanned<String>>) -> String {
    crate::model::statement_name(index, sid.map(|s| s.value.as_str()))
}

/// An element that has a `Not` form: which one was written, and where.
struct Pair<'m, 'a> {
    member: &'m Member<'a>,
    negated: bool,
}

/// Records `Action` or `NotAction` (and the like); both in one statement is an error.
fn set_pair<'m, 'a>(
    report: &mut Report,
    slot: &mut Option<Pair<'m, 'a>>,
    member: &'m Member<'a>,
    negated: bool,
) {
    match slot {
        Some(first) => report.push(
            Finding::new(
                &codes::UNSUPPORTED_ELEMENT_COMBINATION,
                member.key_span,
                format!("`{}` and `{}` cannot be used in the same statement", first.member.key, member.key),
            )
            .with_related(first.member.key_span, "first element here")
            .with_help("keep one of the two; a statement grants or denies either the listed items or everything except them"),
        ),
        None => *slot = Some(Pair { member, negated }),
    }
}

fn lower_one(
    report: &mut Report,
    node: &Node<'_>,
    index: usize,
    kind: PolicyKind,
) -> Option<Statement> {
    let Value::Object(members) = &node.value else {
        report.push(values::mismatch(node, "a statement", "an object"));
        return None;
    };
    let errors_before = report.errors();
    let unknowns_before = report.unknowns.len();
    report.statement = Some(index);
    let opening = Span::new(node.span.offset(), node.span.offset() + 1);
    let mut sid = None;
    let mut effect = None;
    let mut effect_seen = false;
    let (mut principal, mut action, mut resource) = (None, None, None);
    let mut condition_member = None;
    for member in members {
        match member.key.as_ref() {
            // An unknown `Sid` changes nothing a check or a decision reads.
            "Sid" if matches!(member.value.value, Value::Unknown(_)) => {}
            "Sid" => sid = lower_sid(report, &member.value),
            "Effect" => {
                effect_seen = true;
                effect = lower_effect(report, &member.value);
            }
            "Principal" => set_pair(report, &mut principal, member, false),
            "NotPrincipal" => set_pair(report, &mut principal, member, true),
            "Action" => set_pair(report, &mut action, member, false),
            "NotAction" => set_pair(report, &mut action, member, true),
            "Resource" => set_pair(report, &mut resource, member, false),
            "NotResource" => set_pair(report, &mut resource, member, true),
            "Condition" => condition_member = Some(member),
            other => {
                let in_policy = POLICY_ELEMENTS.contains(&other);
                let finding = invalid_element(other, member.key_span, &STATEMENT_ELEMENTS, false);
                report.push(if in_policy {
                    finding.with_help(format!(
                        "`{other}` belongs at the top level of the policy, not inside a statement"
                    ))
                } else {
                    finding
                });
            }
        }
    }
    if let Some(sid) = &sid {
        report.sids.push(sid.clone());
    }
    let name = describe(index, sid.as_ref());
    if !effect_seen {
        report.push(
            Finding::new(
                &codes::MISSING_EFFECT,
                opening,
                format!("{name} has no `Effect`"),
            )
            .with_label("statement starts here")
            .with_help("add `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`"),
        );
    }
    let principal = lower_principal_slot(report, principal, kind, opening, &name);
    let action = lower_patterns(
        report,
        action,
        opening,
        &name,
        ("Action", "NotAction"),
        &codes::MISSING_ACTION,
    );
    let resource = lower_patterns(
        report,
        resource,
        opening,
        &name,
        ("Resource", "NotResource"),
        &codes::MISSING_RESOURCE,
    );
    let condition = condition_member.and_then(|m| condition::lower(report, m));
    report.statement = None;
    if report.errors() != errors_before {
        // The statement is left out of the model, and so are its unknowns.
        report.unknowns.truncate(unknowns_before);
        return None;
    }
    Some(Statement {
        index,
        span: node.span,
        sid,
        effect: effect?,
        principal: principal?,
        action: action?,
        resource: resource?,
        condition,
    })
}

fn lower_sid(report: &mut Report, node: &Node<'_>) -> Option<Spanned<String>> {
    let sid = values::string(report, node, "`Sid`")?;
    if !sid.value.chars().all(|c| c.is_ascii_alphanumeric()) {
        report.push(
            Finding::new(
                &codes::UNSUPPORTED_SID,
                sid.span,
                format!(
                    "`Sid` `{}` has characters other than letters and digits",
                    sid.value
                ),
            )
            .with_help("IAM allows only `A-Z`, `a-z` and `0-9` in a `Sid`"),
        );
    }
    Some(sid)
}

fn lower_effect(report: &mut Report, node: &Node<'_>) -> Option<Spanned<Effect>> {
    if matches!(node.value, Value::Unknown(_)) {
        // The model holds `Allow`; the bounds read it both ways.
        report.unknown(node, UnknownPlace::Effect);
        return Some(Spanned::new(Effect::Allow, node.span));
    }
    let Value::String(text) = &node.value else {
        report.push(values::mismatch(
            node,
            "`Effect`",
            "the string `Allow` or `Deny`",
        ));
        return None;
    };
    let effect = match text.as_ref() {
        "Allow" => Effect::Allow,
        "Deny" => Effect::Deny,
        other => {
            let help = match [Effect::Allow, Effect::Deny]
                .into_iter()
                .find(|e| e.as_str().eq_ignore_ascii_case(other))
            {
                Some(e) => format!("`Effect` is case-sensitive: write `{e}`"),
                None => "use `Allow` or `Deny`".to_string(),
            };
            report.push(
                Finding::new(
                    &codes::INVALID_EFFECT,
                    node.span,
                    format!("`{other}` is not a valid effect"),
                )
                .with_help(help),
            );
            return None;
        }
    };
    Some(Spanned::new(effect, node.span))
}

/// `Some(Some(_))`: a valid principal element; `Some(None)`: none, correctly
/// (identity policies); `None`: an error was reported.
#[allow(clippy::option_option)]
fn lower_principal_slot(
    report: &mut Report,
    slot: Option<Pair<'_, '_>>,
    kind: PolicyKind,
    opening: Span,
    name: &str,
) -> Option<Option<crate::model::PrincipalElement>> {
    match (kind, slot) {
        (PolicyKind::Auth, Some(pair)) => {
            principal::lower(report, pair.member, pair.negated).map(Some)
        }
        (PolicyKind::Auth, None) => {
            report.push(
                Finding::new(&codes::MISSING_PRINCIPAL, opening, format!("{name} has no `Principal`"))
                    .with_label("statement starts here")
                    .with_help(
                        "an auth policy must say who it applies to: add `\"Principal\": \"*\"` with conditions, or `\"Principal\": {\"AWS\": \"<account or role ARN>\"}`",
                    ),
            );
            None
        }
        (PolicyKind::Identity, Some(pair)) => {
            report.push(
                Finding::new(
                    &codes::UNSUPPORTED_PRINCIPAL,
                    pair.member.key_span,
                    format!("an identity policy cannot have `{}`", pair.member.key),
                )
                .with_help("identity policies apply to the identity they are attached to; remove the element, or check the file with `--kind auth`"),
            );
            None
        }
        (PolicyKind::Identity, None) => Some(None),
    }
}

fn lower_patterns(
    report: &mut Report,
    slot: Option<Pair<'_, '_>>,
    opening: Span,
    name: &str,
    (positive, negative): (&str, &str),
    missing: &'static crate::diagnostic::CodeInfo,
) -> Option<Patterns> {
    let Some(pair) = slot else {
        report.push(
            Finding::new(
                missing,
                opening,
                format!("{name} has no `{positive}` or `{negative}`"),
            )
            .with_label("statement starts here")
            .with_help(format!(
                "add `\"{positive}\": ...` to say what the statement applies to"
            )),
        );
        return None;
    };
    let what = format!("`{}`", pair.member.key);
    let place = if positive == "Action" {
        UnknownPlace::Action
    } else {
        UnknownPlace::Resource
    };
    let items = values::string_list(report, &pair.member.value, &what, place)?;
    Some(Patterns {
        negated: pair.negated,
        key_span: pair.member.key_span,
        span: pair.member.value.span,
        items,
    })
}
