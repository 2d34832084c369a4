//! `INVALID_USER_REFERENCE`: a user's unique id (`AIDA...`) as a principal.

use super::{is_unique_id, principal_values};
use crate::lint::LintContext;
use crate::model::PrincipalKind;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `AWS` principals that are an IAM user's unique id, such as
    /// `AIDA1234567890EXAMPLE`, instead of its ARN.
    ///
    /// ### Why is this bad?
    ///
    /// IAM turns a user ARN into the user's unique id when a policy is
    /// stored; a policy that shows the id has been read back from AWS after
    /// the user was deleted. A user created again with the same name gets a
    /// new id, so the statement no longer applies to it, and nobody can tell
    /// from the id which user was meant.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": {"AWS": "AIDA1234567890EXAMPLE"},
    ///  "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/ci"},
    ///  "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}
    /// ```
    pub static RULE = {
        code: INVALID_USER_REFERENCE,
        name: "invalid-user-reference",
        severity: Warning,
        category: Warning,
        summary: "a principal is a user's unique id instead of its ARN",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/ci"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["111122223333","AIDA1234567890EXAMPLE"]},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for (kind, value) in principal_values(cx) {
        if kind != PrincipalKind::Aws || !is_unique_id(&value.value, "AIDA") {
            continue;
        }
        findings.push(
            cx.finding(
                value.span,
                format!("`{}` is the unique id of an IAM user", value.value),
            )
            .with_label("the user was probably deleted")
            .with_help("name the user by its ARN, `arn:aws:iam::<account>:user/<name>`"),
        );
    }
    for finding in findings {
        cx.report(finding);
    }
}
