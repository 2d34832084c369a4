//! Completion: what may be typed at the cursor in a Lattice auth policy.

use std::ops::Range;
use std::path::Path;

use super::context::{Place, Reach, Token};
use super::insert::{self, Shape};
use super::knowledge;
use super::slot::{slot, Slot, ValueOf};
use crate::eval::request::{CONNECT, INVOKE};
use crate::keys::{self, Domain, KeyType, RequestKey, PRINCIPAL_TYPES};
use crate::lower::{POLICY_ELEMENTS, STATEMENT_ELEMENTS};
use crate::model::{BaseOperator, Operator, OperatorFamily, PrincipalKind, Version};

/// What a completion item is, for the editor's icon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    /// An element name (`Statement`, `Condition`, ...).
    Element,
    /// A condition operator.
    Operator,
    /// A condition key.
    Key,
    /// A value from a closed set, or an ARN named in the workspace.
    Value,
}

/// One completion item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    /// What the list shows.
    pub label: String,
    /// What it is.
    pub kind: CompletionKind,
    /// A one-line description.
    pub detail: Option<String>,
    /// Longer Markdown documentation.
    pub documentation: Option<String>,
    /// The text that replaces `replace`, in the syntax of the policy there
    /// (JSON, YAML, HCL): a key with its separator (`"Effect": `).
    pub insert_text: String,
    /// The same text with snippet placeholders where the value goes
    /// (`"Effect": "${1|Allow,Deny|}"`), for clients that take snippets.
    pub snippet: Option<String>,
    /// The byte range of the document the item replaces.
    pub replace: Range<usize>,
}

/// The completions at byte `offset` of `text`, the content of the document
/// at `path`. `workspace_arns` are service and service network ARNs named
/// elsewhere in the workspace, offered where a resource ARN is expected.
///
/// Each item is written in the syntax of the policy at the cursor (JSON,
/// YAML, HCL): a key with its separator and the shape of
/// its value, a value quoted where it must be, no second quote where one
/// was typed. Only items that begin with the typed text (or whose
/// part after a `:` or `/` does), ignoring case, are returned.
pub fn complete(
    path: &Path,
    text: &str,
    offset: usize,
    workspace_arns: &[String],
) -> Vec<Completion> {
    let Some((place, syntax)) = super::document::located(path, text, offset, Reach::Gap) else {
        return Vec::new();
    };
    let Some(slot) = slot(&place) else {
        return Vec::new();
    };
    let typed = match &place.token {
        // A string written with escapes in an infrastructure file: no edit
        // here is sure to be right.
        Some(t) if t.inner.is_empty() && !t.text.is_empty() => return Vec::new(),
        Some(t) => typed(text, t, offset),
        None => String::new(),
    };
    let candidates = candidates(&slot, &place, workspace_arns);
    let token = place.token.as_ref();
    candidates
        .into_iter()
        .filter(|c| fits(&typed, &c.label))
        .map(|c| {
            let written = match &slot {
                Slot::Value(_) => insert::value(syntax, token, offset, &c.label),
                key_slot => {
                    let shape = shape(key_slot, &c.label);
                    insert::key(syntax, text, token, offset, &c.label, shape)
                }
            };
            Completion {
                insert_text: written.text,
                snippet: written.snippet,
                replace: written.replace,
                label: c.label,
                kind: c.kind,
                detail: c.detail,
                documentation: c.documentation,
            }
        })
        .collect()
}

/// What the value of the key `label` in `slot` looks like.
fn shape(slot: &Slot, label: &str) -> Shape {
    match (slot, label) {
        (Slot::TopKey, "Statement") => Shape::Statements,
        (Slot::StatementKey, "Condition") | (Slot::Operator, _) => Shape::Object,
        (Slot::StatementKey, "Principal" | "NotPrincipal") => Shape::Any,
        (Slot::ConditionKey { .. }, key) if key.ends_with('/') => Shape::Open,
        _ => Shape::Text,
    }
}

/// What was typed of the token before the cursor.
fn typed(text: &str, token: &Token, offset: usize) -> String {
    let end = offset.clamp(token.inner.start, token.inner.end.max(token.inner.start));
    match text.get(token.inner.start..end) {
        Some(t) if token.inner.start <= offset => t.to_owned(),
        _ => token.text.clone(),
    }
}

/// True when `label` begins with `typed`, or one of its parts after a `:`
/// or `/` does (`PrincipalT` finds `aws:PrincipalType`, `StringLi`
/// `ForAnyValue:StringLike`), ignoring case.
fn fits(typed: &str, label: &str) -> bool {
    let typed = typed.to_lowercase();
    let label = label.to_lowercase();
    label.starts_with(&typed)
        || label.match_indices([':', '/']).any(|(at, _)| {
            label
                .get(at + 1..)
                .is_some_and(|rest| rest.starts_with(&typed))
        })
}

/// An item before it is placed.
struct Candidate {
    label: String,
    kind: CompletionKind,
    detail: Option<String>,
    documentation: Option<String>,
}

fn item(label: &str, kind: CompletionKind, detail: &str, doc: Option<String>) -> Candidate {
    Candidate {
        label: label.to_owned(),
        kind,
        detail: Some(detail.to_owned()),
        documentation: doc,
    }
}

/// Everything that may stand in `slot`.
fn candidates(slot: &Slot, place: &Place, workspace_arns: &[String]) -> Vec<Candidate> {
    let present = |name: &str| place.siblings.iter().any(|s| s == name);
    match slot {
        Slot::TopKey => elements(&POLICY_ELEMENTS, place, "policy element"),
        Slot::StatementKey => {
            let mut out = elements(&STATEMENT_ELEMENTS, place, "statement element");
            // One of each pair: `Principal` or `NotPrincipal`, ...
            out.retain(|c| {
                let mate = match c.label.strip_prefix("Not") {
                    Some(positive) => positive.to_owned(),
                    None => format!("Not{}", c.label),
                };
                !present(&mate)
            });
            out
        }
        Slot::PrincipalKey => PrincipalKind::NAMES
            .iter()
            .filter(|k| !present(k))
            .map(|k| {
                item(
                    k,
                    CompletionKind::Element,
                    "principal type",
                    knowledge::principal_kind(k),
                )
            })
            .collect(),
        Slot::Operator => Operator::all_names()
            .iter()
            .filter(|name| !present(name))
            .filter_map(|name| Operator::parse(name))
            .map(|op| Candidate {
                label: op.to_string(),
                kind: CompletionKind::Operator,
                detail: Some(knowledge::operator_detail(op)),
                documentation: Some(knowledge::operator_text(op)),
            })
            .collect(),
        Slot::ConditionKey { operator } => {
            let op = Operator::parse(operator);
            keys::all()
                .filter(|k| op.is_none_or(|op| compatible(op, k)))
                .filter(|k| {
                    !place
                        .siblings
                        .iter()
                        .any(|s| s.eq_ignore_ascii_case(k.name))
                })
                .map(|k| Candidate {
                    label: k.name.to_owned(),
                    kind: CompletionKind::Key,
                    detail: Some(knowledge::key_detail(k)),
                    documentation: Some(knowledge::request_key(k, "")),
                })
                .collect()
        }
        Slot::Value(value) => values(value, workspace_arns),
    }
}

/// The element names not yet in the object.
fn elements(names: &[&str], place: &Place, detail: &str) -> Vec<Candidate> {
    names
        .iter()
        .filter(|n| !place.siblings.iter().any(|s| s == *n))
        .map(|n| {
            item(
                n,
                CompletionKind::Element,
                detail,
                knowledge::element_summary(n).map(str::to_owned),
            )
        })
        .collect()
}

/// True when `op` compares values of `key`'s type (`Null` tests any key;
/// string operators also read ARNs).
fn compatible(op: Operator, key: &RequestKey) -> bool {
    match op.base.family() {
        OperatorFamily::Null => true,
        OperatorFamily::String => matches!(key.ty, KeyType::String | KeyType::Arn),
        OperatorFamily::Arn => key.ty == KeyType::Arn,
        OperatorFamily::Numeric => key.ty == KeyType::Numeric,
        OperatorFamily::Date => key.ty == KeyType::Date,
        OperatorFamily::Bool => key.ty == KeyType::Bool,
        OperatorFamily::Ip => key.ty == KeyType::Ip,
        OperatorFamily::Binary => key.ty == KeyType::Binary,
    }
}

/// The values of a closed set, or the workspace's ARNs.
fn values(value: &ValueOf, workspace_arns: &[String]) -> Vec<Candidate> {
    let value_item = |label: &str, detail: &str, doc: Option<String>| {
        item(label, CompletionKind::Value, detail, doc)
    };
    match value {
        ValueOf::Version => Version::ALL
            .iter()
            .map(|v| {
                value_item(
                    v.as_str(),
                    "policy language version",
                    knowledge::version(v.as_str()),
                )
            })
            .collect(),
        ValueOf::Effect => ["Allow", "Deny"]
            .iter()
            .map(|e| {
                value_item(
                    e,
                    "effect",
                    knowledge::element_summary("Effect").map(str::to_owned),
                )
            })
            .collect(),
        ValueOf::Action { .. } => [INVOKE, CONNECT, "vpc-lattice-svcs:*"]
            .iter()
            .map(|a| value_item(a, "VPC Lattice action", knowledge::action(a)))
            .collect(),
        ValueOf::Resource { .. } => {
            let mut out = vec![value_item(
                "*",
                "every resource",
                Some("Every service and path the policy is attached to.".to_owned()),
            )];
            for arn in workspace_arns {
                out.push(value_item(arn, "named in the workspace", None));
                if arn.contains(":service/") && !arn.ends_with('*') {
                    out.push(value_item(
                        &format!("{arn}/*"),
                        "every path of this service",
                        None,
                    ));
                }
            }
            out
        }
        ValueOf::Principal { kind } => match kind.as_deref() {
            None | Some("AWS") => vec![value_item(
                "*",
                "every caller",
                knowledge::principal(kind.as_deref(), "*"),
            )],
            _ => Vec::new(),
        },
        ValueOf::Condition { operator, key } => condition_values(operator, key, workspace_arns),
        ValueOf::Id | ValueOf::Sid => Vec::new(),
    }
}

/// The values a condition key takes, where they are few.
fn condition_values(operator: &str, key: &str, workspace_arns: &[String]) -> Vec<Candidate> {
    let op = Operator::parse(operator);
    let bool_item = |v: &str, detail: &str| item(v, CompletionKind::Value, detail, None);
    if op.is_some_and(|op| op.base == BaseOperator::Null) {
        return vec![
            bool_item("true", "the key is missing"),
            bool_item("false", "the key is present"),
        ];
    }
    let Some(k) = keys::lookup(key) else {
        return Vec::new();
    };
    let named: Vec<&str> = match k.domain {
        Domain::PrincipalType => PRINCIPAL_TYPES.to_vec(),
        Domain::Method => crate::eval::query::METHODS.to_vec(),
        Domain::Bool => vec!["true", "false"],
        Domain::CallerAccount => vec!["anonymous"],
        Domain::ServiceArn => workspace_arns
            .iter()
            .map(String::as_str)
            .filter(|a| Domain::ServiceArn.contains(a))
            .collect(),
        Domain::ServiceNetworkArn => workspace_arns
            .iter()
            .map(String::as_str)
            .filter(|a| Domain::ServiceNetworkArn.contains(a))
            .collect(),
        _ => Vec::new(),
    };
    let detail = format!("a value of {}", k.name);
    named
        .into_iter()
        .map(|v| item(v, CompletionKind::Value, &detail, None))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<String> {
        let offset = text.find('|').unwrap();
        let text = text.replacen('|', "", 1);
        complete(Path::new("p.json"), &text, offset, &[])
            .into_iter()
            .map(|c| c.label)
            .collect()
    }

    #[test]
    fn statement_elements_not_yet_present() {
        let got = labels(r#"{"Statement": [{"Effect": "Allow", "Principal": "*", "|"}]}"#);
        assert!(got.contains(&"Action".to_owned()));
        assert!(!got.contains(&"Effect".to_owned()));
        assert!(!got.contains(&"NotPrincipal".to_owned()));
    }

    #[test]
    fn a_partial_operator_filters() {
        let got = labels(r#"{"Statement": [{"Condition": {"StringNotEq|"}}]}"#);
        assert!(got.contains(&"StringNotEqualsIgnoreCase".to_owned()));
        assert!(got.contains(&"ForAnyValue:StringNotEqualsIfExists".to_owned()));
        assert!(!got.contains(&"StringLike".to_owned()));
    }

    #[test]
    fn bare_words_get_quotes() {
        let text = r#"{"Statement": {"Effect": Al}}"#;
        let offset = text.find("Al").unwrap() + 2;
        let got = complete(Path::new("p.json"), text, offset, &[]);
        let allow = got.iter().find(|c| c.label == "Allow").unwrap();
        assert_eq!(allow.insert_text, "\"Allow\"");
        assert_eq!(text.get(allow.replace.clone()), Some("Al"));
    }
}
