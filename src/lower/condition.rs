//! Lowering `Condition`: operators, keys and values.

use std::collections::HashMap;

use super::{values, Report};
use crate::diagnostic::{codes, Finding};
use crate::fuzzy;
use crate::json::{Member, Node, Value};
use crate::model::{
    BaseOperator, Clause, Condition, ConditionBlock, ConditionValue, JsonKind, Operator,
    UnknownPlace,
};
use crate::span::Spanned;

pub(super) fn lower(report: &mut Report, member: &Member<'_>) -> Option<Condition> {
    let node = &member.value;
    if matches!(node.value, Value::Unknown(_)) {
        // No blocks in the model; the bounds read it as always or never true.
        report.unknown(node, UnknownPlace::Condition);
        return Some(Condition {
            key_span: member.key_span,
            span: node.span,
            blocks: Vec::new(),
        });
    }
    let Value::Object(blocks) = &node.value else {
        report.push(
            values::mismatch(node, "`Condition`", "an object")
                .with_help("write conditions as `{\"StringEquals\": {\"aws:PrincipalOrgID\": \"o-a1b2c3d4e5\"}}`"),
        );
        return None;
    };
    let errors_before = report.errors();
    // A block's index counts every block written: one that fails to lower
    // fails the statement, so the indices of those kept are their positions.
    let lowered: Vec<ConditionBlock> = blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| lower_block(report, b, i))
        .collect();
    (report.errors() == errors_before).then_some(Condition {
        key_span: member.key_span,
        span: node.span,
        blocks: lowered,
    })
}

fn lower_block(report: &mut Report, member: &Member<'_>, index: usize) -> Option<ConditionBlock> {
    let operator = lower_operator(report, member);
    if matches!(member.value.value, Value::Unknown(_)) {
        // No clauses in the model; the bounds read it as always or never true.
        report.unknown(&member.value, UnknownPlace::Block(index));
        return Some(ConditionBlock {
            operator: operator?,
            span: member.value.span,
            clauses: Vec::new(),
        });
    }
    let Value::Object(entries) = &member.value.value else {
        report.push(
            values::mismatch(
                &member.value,
                &format!("the value of `{}`", member.key),
                "an object of condition keys and values",
            )
            .with_help(format!(
                "write `\"{}\": {{\"<condition key>\": \"<value>\"}}`",
                member.key
            )),
        );
        return None;
    };
    let mut clauses: Vec<Clause> = Vec::with_capacity(entries.len());
    // Lower-cased key to the index of its clause: a block may hold thousands of keys.
    let mut seen: HashMap<String, usize> = HashMap::with_capacity(entries.len());
    let mut ok = operator.is_some();
    for entry in entries {
        let folded = entry.key.to_ascii_lowercase();
        if let Some(first) = seen.get(&folded).and_then(|&i| clauses.get(i)) {
            report.push(
                Finding::new(
                    &codes::DUPLICATE_KEYS_WITH_DIFFERENT_CASE,
                    entry.key_span,
                    format!(
                        "condition key `{}` appears twice in this block with different case",
                        entry.key
                    ),
                )
                .with_related(first.key.span, "first written here")
                .with_help("condition key names are case-insensitive; merge the two into one key"),
            );
            ok = false;
            continue;
        }
        let place = UnknownPlace::Values(index, clauses.len());
        match lower_values(report, &entry.value, &entry.key, place) {
            Some(values) => {
                seen.insert(folded, clauses.len());
                clauses.push(Clause {
                    key: Spanned::new(entry.key.to_string(), entry.key_span),
                    span: entry.value.span,
                    is_list: matches!(entry.value.value, Value::Array(_)),
                    values,
                });
            }
            None => ok = false,
        }
    }
    Some(ConditionBlock {
        operator: operator?,
        span: member.value.span,
        clauses,
    })
    .filter(|_| ok)
}

fn lower_operator(report: &mut Report, member: &Member<'_>) -> Option<Spanned<Operator>> {
    let name = member.key.as_ref();
    let Some(op) = Operator::parse(name) else {
        let finding = Finding::new(
            &codes::INVALID_CONDITION_OPERATOR,
            member.key_span,
            format!("`{name}` is not a condition operator"),
        );
        let names = Operator::all_names();
        let candidates: Vec<&str> = names.iter().map(String::as_str).collect();
        report.push(match fuzzy::best_match(name, &candidates) {
            Some(s) if s.eq_ignore_ascii_case(name) => {
                finding.with_help(format!("did you mean `{s}`? operator names are case-sensitive"))
            }
            Some(s) => finding.with_help(format!("did you mean `{s}`?")),
            None => finding.with_help(
                "operators are a base such as `StringEquals`, `ArnLike` or `Null`, optionally prefixed by `ForAnyValue:` or `ForAllValues:` and suffixed by `IfExists`",
            ),
        });
        return None;
    };
    if op.base == BaseOperator::Null && op.if_exists {
        report.push(
            Finding::new(
                &codes::NULL_WITH_IF_EXISTS,
                member.key_span,
                format!("`{name}` is not allowed: the `Null` operator cannot take `IfExists`"),
            )
            .with_help("use `Null`: it already tests whether the key is present"),
        );
        return None;
    }
    Some(Spanned::new(op, member.key_span))
}

/// A clause's value: a string, number or boolean, or an array of them. A
/// value known only at deploy time (the whole list or one item) is recorded
/// as standing for `place` and left out.
fn lower_values(
    report: &mut Report,
    node: &Node<'_>,
    key: &str,
    place: UnknownPlace,
) -> Option<Vec<ConditionValue>> {
    let expected = "a string, number or boolean, or an array of them";
    match &node.value {
        Value::Unknown(_) => {
            report.unknown(node, place);
            Some(Vec::new())
        }
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            let mut ok = true;
            for item in items {
                if matches!(item.value, Value::Unknown(_)) {
                    report.unknown(item, place);
                    continue;
                }
                match scalar(item) {
                    Some(v) => out.push(v),
                    None => {
                        ok = false;
                        report.push(values::mismatch(
                            item,
                            &format!("each value of `{key}`"),
                            "a string, number or boolean",
                        ));
                    }
                }
            }
            ok.then_some(out)
        }
        _ => match scalar(node) {
            Some(v) => Some(vec![v]),
            None => {
                report.push(values::mismatch(
                    node,
                    &format!("the value of `{key}`"),
                    expected,
                ));
                None
            }
        },
    }
}

fn scalar(node: &Node<'_>) -> Option<ConditionValue> {
    let (text, json) = match &node.value {
        Value::String(s) => (s.to_string(), JsonKind::String),
        Value::Number(n) => ((*n).to_string(), JsonKind::Number),
        Value::Bool(b) => (b.to_string(), JsonKind::Bool),
        _ => return None,
    };
    Some(ConditionValue {
        text,
        json,
        span: node.span,
    })
}
