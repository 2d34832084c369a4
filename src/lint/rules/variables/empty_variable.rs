//! `EMPTY_VARIABLE`: `${}` or `${ }`.

use super::{report_shape, Shape};
use crate::lint::LintContext;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds empty policy variables, `${}` and `${ }`, in `Resource` values
    /// and condition values of a `2012-10-17` policy.
    ///
    /// ### Why is this bad?
    ///
    /// An empty variable names no condition key, so it has no value. IAM
    /// Access Analyzer rejects it; it is usually a template placeholder that
    /// was never filled in.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/users/${}"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// Name the key whose value belongs there, or remove the `${}`:
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/users/${aws:username}"}
    /// ```
    pub static RULE = {
        code: EMPTY_VARIABLE,
        name: "empty-variable",
        severity: Error,
        category: Error,
        summary: "a policy variable names no key",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/users/${aws:username}"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringLike":{"vpc-lattice-svcs:RequestPath":"/price${$}/${*}"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/users/${}"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"${ }"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    report_shape(
        cx,
        Shape::Empty,
        |written| format!("the policy variable `{written}` is empty"),
        "name a condition key inside the braces, as in `${aws:username}`, or remove the variable",
    );
}
