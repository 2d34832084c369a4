//! `INVALID_PRINCIPAL_ACCOUNT`: an `AWS` principal whose account is not a
//! 12-digit account id.

use super::principal_values;
use crate::lint::rules::arn::{field_span, split};
use crate::lint::rules::common::part_span;
use crate::lint::LintContext;
use crate::model::{is_account_id, PrincipalKind};

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `AWS` principals whose account is not a 12-digit account id:
    /// an account written with too few or too many digits (`1234567890`),
    /// or an ARN whose account field is a placeholder (`xxxxxx`, `account`,
    /// `<ACCOUNT_ID>`). Values with wildcards or policy variables are left
    /// to the rules about those.
    ///
    /// ### Why is this bad?
    ///
    /// Every caller belongs to a 12-digit account, so such a principal
    /// matches no caller: the statement does not apply to anyone, and the
    /// caller it was written for is refused. A placeholder usually means a
    /// template was published or deployed without its values.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::<ACCOUNT_ID>:role/orders-client"},
    ///  "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/orders-client"},
    ///  "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}
    /// ```
    pub static RULE = {
        code: INVALID_PRINCIPAL_ACCOUNT,
        name: "invalid-principal-account",
        severity: Error,
        category: Error,
        summary: "an `AWS` principal's account is not a 12-digit account id",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::111122223333:root","arn:aws:sts::111122223333:assumed-role/r/s","*","AROA1234567890EXAMPLE"]},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::<ACCOUNT_ID>:role/orders-client"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["1234567890","arn:aws:iam::xxxxxx:role/app"]},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for (kind, value) in principal_values(cx) {
        let text = value.value.as_str();
        if kind != PrincipalKind::Aws || text.contains(['*', '?']) || text.contains("${") {
            continue;
        }
        let account_span = if text.bytes().all(|b| b.is_ascii_digit()) {
            (!is_account_id(text)).then(|| (text, part_span(cx, value.span, text, 0, text.len())))
        } else {
            match split(text) {
                Some(Ok(arn)) if !is_account_id(arn.account.text) => Some((
                    arn.account.text,
                    field_span(cx, value.span, text, arn.account),
                )),
                _ => None,
            }
        };
        let Some((account, at)) = account_span else {
            continue;
        };
        let message = if account.is_empty() {
            format!("the principal `{text}` names no account")
        } else {
            format!("`{account}` is not an account id")
        };
        findings.push(
            cx.finding(at, message)
                .with_label("matches no caller")
                .with_help(
                    "account ids are 12 digits, as in `arn:aws:iam::111122223333:role/name`",
                ),
        );
    }
    for finding in findings {
        cx.report(finding);
    }
}
