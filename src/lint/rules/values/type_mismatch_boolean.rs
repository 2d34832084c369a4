//! `TYPE_MISMATCH_BOOLEAN`: a `Bool` or `Null` value that is not `true` or `false`.

use super::report_values;
use crate::eval::values::parse_bool;
use crate::lint::LintContext;
use crate::model::OperatorFamily;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds values of `Bool` and `Null` conditions other than `true` and
    /// `false`. Any case is accepted (`True`, `FALSE`), as are JSON booleans
    /// (decision `lenient-value-spellings`).
    ///
    /// ### Why is this bad?
    ///
    /// A `Bool` value that is not a Boolean matches nothing, so the condition
    /// never holds. For `Null`, `true` tests that the key is missing and
    /// `false` that it is present; any other value tests nothing.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Deny", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"Bool": {"aws:SecureTransport": "no"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Deny", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
    /// ```
    pub static RULE = {
        code: TYPE_MISMATCH_BOOLEAN,
        name: "type-mismatch-boolean",
        severity: Warning,
        category: Warning,
        summary: "a `Bool` or `Null` condition value is not `true` or `false`",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"False"},"Null":{"aws:PrincipalOrgID":true}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"no"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"Null":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    for family in [OperatorFamily::Bool, OperatorFamily::Null] {
        report_values(cx, family, |cx, _, value| {
            if parse_bool(&value.text).is_some() {
                return None;
            }
            let finding = cx.finding(
                value.span,
                format!("`{}` is not `true` or `false`", value.text),
            );
            Some(if family == OperatorFamily::Null {
                finding
                    .with_label("tests nothing")
                    .with_help("`Null` takes `true` (the key is missing) or `false` (the key is present); compare values with a `String*` operator")
            } else {
                finding
                    .with_label("matches nothing")
                    .with_help("`Bool` compares with `true` or `false`")
            })
        });
    }
}
