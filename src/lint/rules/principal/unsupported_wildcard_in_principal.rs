//! `UNSUPPORTED_WILDCARD_IN_PRINCIPAL`: a wildcard inside a principal value.

use super::principal_values;
use crate::lint::LintContext;
use crate::model::PrincipalKind;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `*` and `?` inside principal values, such as
    /// `arn:aws:iam::111122223333:role/app-*` or `arn:aws:iam::*:root`. The
    /// whole value `"*"` (everyone) is not reported.
    ///
    /// ### Why is this bad?
    ///
    /// Principals are not patterns: "You cannot use a wildcard to match part
    /// of a principal name or ARN" (IAM). Such a value names no principal
    /// and matches no caller, so the statement does not apply to the callers
    /// it seems to cover. IAM Access Analyzer reports it as an error.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/app-*"},
    ///  "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// Allow the account, or everyone, and match the role names in a
    /// condition:
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/app-*"}}}
    /// ```
    pub static RULE = {
        code: UNSUPPORTED_WILDCARD_IN_PRINCIPAL,
        name: "unsupported-wildcard-in-principal",
        severity: Error,
        category: Error,
        summary: "a principal value holds a wildcard, which principals do not support",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/app-*"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app-*"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::*:root"],"Service":"*.amazonaws.com"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for (kind, value) in principal_values(cx) {
        let text = value.value.as_str();
        if text == "*" || !text.contains(['*', '?']) {
            continue;
        }
        let help = match kind {
            PrincipalKind::Aws => "allow the account, or `\"*\"`, and match the callers with `ArnLike` on `aws:PrincipalArn` in a condition",
            _ => "name each principal in full; principals are not patterns",
        };
        findings.push(
            cx.finding(
                value.span,
                format!(
                    "`{text}` uses a wildcard, but `{}` principals are matched whole",
                    kind.as_str()
                ),
            )
            .with_label("matches no caller")
            .with_help(help),
        );
    }
    for finding in findings {
        cx.report(finding);
    }
}
