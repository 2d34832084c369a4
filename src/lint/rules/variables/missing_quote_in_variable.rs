//! `MISSING_QUOTE_IN_VARIABLE`: a default value not in single quotes.

use super::{report_shape, Shape};
use crate::lint::LintContext;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds policy variables whose default value is not in single quotes,
    /// in `Resource` values and condition values of a `2012-10-17` policy.
    ///
    /// ### Why is this bad?
    ///
    /// The default value of a variable, used when the request has no value
    /// for its key, is written `${key, 'default'}`. Without the quotes IAM
    /// Access Analyzer rejects the variable, and the default may not be read
    /// as the author meant.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestHeader/x-team": "${aws:PrincipalTag/team, none}"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestHeader/x-team": "${aws:PrincipalTag/team, 'none'}"}}}
    /// ```
    pub static RULE = {
        code: MISSING_QUOTE_IN_VARIABLE,
        name: "missing-quote-in-variable",
        severity: Error,
        category: Error,
        summary: "a policy variable's default value is not in single quotes",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestHeader/x-team":"${aws:PrincipalTag/team, 'none'}"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestHeader/x-team":"${aws:PrincipalTag/team, none}"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestHeader/x-team":"${aws:PrincipalTag/team, 'none}"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    report_shape(
        cx,
        Shape::MissingQuote,
        |written| format!("the default value in `{written}` is not in single quotes"),
        "write the default in single quotes, as in `${aws:PrincipalTag/team, 'none'}`",
    );
}
