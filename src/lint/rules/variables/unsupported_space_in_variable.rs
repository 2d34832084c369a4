//! `UNSUPPORTED_SPACE_IN_VARIABLE`: a space inside `${...}`.

use super::{report_shape, Shape};
use crate::lint::LintContext;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds spaces inside policy variables, in `Resource` values and
    /// condition values of a `2012-10-17` policy. The one space the syntax
    /// allows is the one after the comma before a default value,
    /// `${aws:PrincipalTag/team, 'none'}`; spaces inside the quoted default
    /// are part of the default.
    ///
    /// ### Why is this bad?
    ///
    /// IAM does not support spaces in the variable text: IAM Access Analyzer
    /// rejects `${ aws:username }`. Whether a space makes the key name
    /// different, or the variable literal text, is not documented, so the
    /// condition may never match.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestHeader/x-user": "${ aws:username }"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestHeader/x-user": "${aws:username}"}}}
    /// ```
    pub static RULE = {
        code: UNSUPPORTED_SPACE_IN_VARIABLE,
        name: "unsupported-space-in-variable",
        severity: Error,
        category: Error,
        summary: "a policy variable has a space in it",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestHeader/x-team":"${aws:PrincipalTag/team, 'no team'}"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestHeader/x-team":"${aws:PrincipalTag/team,'none'}"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestHeader/x-user":"${ aws:username }"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestHeader/x-team":"${aws:PrincipalTag/team ,  'none'}"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    report_shape(
        cx,
        Shape::Space,
        |written| format!("the policy variable `{written}` has a space in it"),
        "remove the spaces: write `${key}`, or `${key, 'default'}` with one space after the comma",
    );
}
