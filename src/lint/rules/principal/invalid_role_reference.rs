//! `INVALID_ROLE_REFERENCE`: a role's unique id (`AROA...`) as a principal.

use super::{is_unique_id, principal_values};
use crate::lint::LintContext;
use crate::model::PrincipalKind;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `AWS` principals that are an IAM role's unique id, such as
    /// `AROA1234567890EXAMPLE`, instead of its ARN.
    ///
    /// ### Why is this bad?
    ///
    /// IAM turns a role ARN into the role's unique id when a policy is
    /// stored; a policy that shows the id has been read back from AWS after
    /// the role was deleted. A role created again with the same name gets a
    /// new id, so the statement no longer applies to it, and nobody can tell
    /// from the id which role was meant.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": {"AWS": "AROA1234567890EXAMPLE"},
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
        code: INVALID_ROLE_REFERENCE,
        name: "invalid-role-reference",
        severity: Warning,
        category: Warning,
        summary: "a principal is a role's unique id instead of its ARN",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/orders-client"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"AROA1234567890EXAMPLE"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for (kind, value) in principal_values(cx) {
        if kind != PrincipalKind::Aws || !is_unique_id(&value.value, "AROA") {
            continue;
        }
        findings.push(
            cx.finding(
                value.span,
                format!("`{}` is the unique id of an IAM role", value.value),
            )
            .with_label("the role was probably deleted")
            .with_help("name the role by its ARN, `arn:aws:iam::<account>:role/<name>`"),
        );
    }
    for finding in findings {
        cx.report(finding);
    }
}
