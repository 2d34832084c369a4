//! `ALLOW_WITH_NOT_PRINCIPAL`: `NotPrincipal` with `Allow`.

use crate::lint::LintContext;
use crate::model::Effect;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `Allow` statements that use `NotPrincipal`.
    ///
    /// ### Why is this bad?
    ///
    /// `NotPrincipal` with `Allow` grants access to every caller except the
    /// ones listed: every other account, and anonymous callers too. AWS
    /// strongly recommends against it, most resource policies refuse it, and
    /// VPC Lattice does not document it at all (decision `not-principal-evaluated`).
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/blocked"},
    ///  "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// Name the callers that may call with `Principal`, or allow `"*"` and
    /// shut the others out with a condition on `aws:PrincipalArn`:
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"},
    ///                "ArnNotEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/blocked"}}}
    /// ```
    pub static RULE = {
        code: ALLOW_WITH_NOT_PRINCIPAL,
        name: "allow-with-not-principal",
        severity: Error,
        category: SecurityWarning,
        summary: "an `Allow` statement uses `NotPrincipal`, granting everyone else access",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"*","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:role/blocked"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    for statement in &cx.policy().statements {
        let Some(principal) = statement.principal.as_ref().filter(|p| p.negated) else {
            continue;
        };
        if statement.effect.value != Effect::Allow {
            continue;
        }
        let finding = cx
            .finding(
                principal.key_span,
                "`NotPrincipal` with `Allow` grants access to every caller not listed, anonymous callers included",
            )
            .with_help("name the allowed callers in `Principal`, or use `\"Principal\": \"*\"` with conditions that shut the others out");
        cx.report(finding);
    }
}
