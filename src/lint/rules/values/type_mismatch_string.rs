//! `TYPE_MISMATCH_STRING`: a `BinaryEquals` value that is not base64.

use super::report_values;
use crate::eval::values::is_base64;
use crate::lint::LintContext;
use crate::model::OperatorFamily;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds values of `BinaryEquals` conditions that are not standard
    /// base64 (the alphabet `A-Z a-z 0-9 + /`, padded with `=` to a multiple
    /// of four characters).
    ///
    /// ### Why is this bad?
    ///
    /// `BinaryEquals` compares the request's bytes with the bytes the base64
    /// value encodes. A value that is not base64 encodes nothing, so it never
    /// matches.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"BinaryEquals": {"aws:PrincipalTag/key": "hello"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"BinaryEquals": {"aws:PrincipalTag/key": "aGVsbG8="}}}
    /// ```
    pub static RULE = {
        code: TYPE_MISMATCH_STRING,
        name: "type-mismatch-string",
        severity: Warning,
        category: Warning,
        summary: "a `BinaryEquals` condition value is not base64",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"BinaryEquals":{"aws:PrincipalTag/key":"aGVsbG8="}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"BinaryEquals":{"aws:PrincipalTag/key":"hello"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    report_values(cx, OperatorFamily::Binary, |cx, _, value| {
        if is_base64(&value.text) {
            return None;
        }
        Some(
            cx.finding(value.span, format!("`{}` is not base64", value.text))
                .with_label("matches nothing")
                .with_help("`BinaryEquals` takes the bytes to compare encoded in standard base64, such as `aGVsbG8=` for `hello`"),
        )
    });
}
