//! `MISSING_BRACE_IN_VARIABLE`: a `${` without its closing `}`.

use super::{report_shape, Shape};
use crate::lint::LintContext;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds policy variables that open with `${` and never close with `}`,
    /// in `Resource` values and condition values of a `2012-10-17` policy.
    ///
    /// ### Why is this bad?
    ///
    /// Without its `}` the variable is not a variable: IAM Access Analyzer
    /// rejects it, and where a policy is stored anyway the text is compared
    /// literally, so the statement matches nothing the author meant.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestHeader/x-team": "${aws:PrincipalTag/team"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestHeader/x-team": "${aws:PrincipalTag/team}"}}}
    /// ```
    pub static RULE = {
        code: MISSING_BRACE_IN_VARIABLE,
        name: "missing-brace-in-variable",
        severity: Error,
        category: Error,
        summary: "a policy variable has no closing `}`",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestHeader/x-team":"${aws:PrincipalTag/team}"}}}]}"#,
            r#"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestHeader/x-team":"${aws:PrincipalTag/team"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestHeader/x-team":"${aws:PrincipalTag/team"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/users/${aws:username/${aws:userid}"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    report_shape(
        cx,
        Shape::MissingBrace,
        |written| format!("the policy variable `{written}` has no closing `}}`"),
        "add `}` after the variable's key",
    );
}
