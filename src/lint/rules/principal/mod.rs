//! The values of `Principal` and `NotPrincipal` maps.

pub(super) mod invalid_principal_account;
pub(super) mod invalid_role_reference;
pub(super) mod invalid_user_reference;
pub(super) mod unsupported_wildcard_in_principal;

use crate::lint::LintContext;
use crate::model::{PrincipalKind, Principals};
use crate::span::Spanned;

/// Every value of the policy's principal maps, with its principal type.
pub(crate) fn principal_values<'a>(
    cx: &LintContext<'a>,
) -> Vec<(PrincipalKind, &'a Spanned<String>)> {
    let mut out = Vec::new();
    for statement in &cx.policy().statements {
        let Some(principal) = &statement.principal else {
            continue;
        };
        let Principals::Map(entries) = &principal.value else {
            continue;
        };
        for entry in entries {
            out.extend(entry.values.iter().map(|v| (entry.kind.value, v)));
        }
    }
    out
}

/// True for an IAM unique id with the given prefix: `AROA` for roles, `AIDA`
/// for users, then upper-case letters and digits (21 characters in all, as
/// AWS issues them; any length of at least 16 is accepted).
pub(crate) fn is_unique_id(text: &str, prefix: &str) -> bool {
    text.strip_prefix(prefix).is_some_and(|rest| {
        rest.len() >= 12
            && rest
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    })
}
