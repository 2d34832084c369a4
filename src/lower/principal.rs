//! Lowering `Principal` and `NotPrincipal`.

use super::{values, Report};
use crate::diagnostic::{codes, Finding};
use crate::fuzzy;
use crate::json::{Member, Value};
use crate::model::{
    is_account_id, PrincipalElement, PrincipalEntry, PrincipalKind, Principals, UnknownPlace,
};
use crate::span::Spanned;

pub(super) fn lower(
    report: &mut Report,
    member: &Member<'_>,
    negated: bool,
) -> Option<PrincipalElement> {
    let node = &member.value;
    let value = match &node.value {
        Value::String(s) if s == "*" => Principals::Everyone,
        // Names no one in the model; the bounds read it as anyone or no one.
        Value::Unknown(_) => {
            report.unknown(node, UnknownPlace::Principal);
            Principals::Map(Vec::new())
        }
        Value::String(s) => {
            report.push(
                Finding::new(
                    &codes::INVALID_PRINCIPAL_FORMAT,
                    node.span,
                    format!("`{s}` is not a valid `{}`", member.key),
                )
                .with_help(string_help(s)),
            );
            return None;
        }
        Value::Object(entries) => {
            let mut out = Vec::with_capacity(entries.len());
            let errors_before = report.errors();
            for entry in entries {
                let Some(kind) = PrincipalKind::parse(&entry.key) else {
                    let finding = Finding::new(
                        &codes::INVALID_PRINCIPAL_KEY,
                        entry.key_span,
                        format!("`{}` is not a principal type", entry.key),
                    );
                    report.push(match fuzzy::best_match(&entry.key, &PrincipalKind::NAMES) {
                        Some(s) => finding.with_help(format!("did you mean `{s}`?")),
                        None => finding.with_help(format!(
                            "principal types are {}",
                            values::list(&PrincipalKind::NAMES)
                        )),
                    });
                    continue;
                };
                let what = format!("`{}` principal", entry.key);
                let place = UnknownPlace::PrincipalValues(kind);
                if let Some(values) = values::string_list(report, &entry.value, &what, place) {
                    out.push(PrincipalEntry {
                        kind: Spanned::new(kind, entry.key_span),
                        values,
                    });
                }
            }
            if report.errors() != errors_before {
                return None;
            }
            Principals::Map(out)
        }
        other => {
            report.push(
                Finding::new(
                    &codes::INVALID_PRINCIPAL_FORMAT,
                    node.span,
                    format!(
                        "`{}` must be `\"*\"` or an object, not {}",
                        member.key,
                        values::article(other.type_name())
                    ),
                )
                .with_help("write principals as `{\"AWS\": [\"111122223333\", \"arn:aws:iam::111122223333:role/name\"]}`"),
            );
            return None;
        }
    };
    Some(PrincipalElement {
        negated,
        key_span: member.key_span,
        span: node.span,
        value,
    })
}

/// How to write a principal that was given as a bare string.
fn string_help(s: &str) -> String {
    if is_account_id(s) || s.starts_with("arn:") {
        format!("write `{{\"AWS\": \"{s}\"}}`")
    } else if s.ends_with(".amazonaws.com") {
        format!("write `{{\"Service\": \"{s}\"}}`")
    } else {
        "the only string a principal element accepts is `\"*\"`; name principals in an object such as `{\"AWS\": \"111122223333\"}`".into()
    }
}
