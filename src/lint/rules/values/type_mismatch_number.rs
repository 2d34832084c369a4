//! `TYPE_MISMATCH_NUMBER`: a `Numeric*` value that is not a number.

use super::report_values;
use crate::eval::Number;
use crate::lint::LintContext;
use crate::model::OperatorFamily;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds values of `Numeric*` conditions that are not numbers. A number
    /// is an integer or a decimal, written as a JSON number or in a string
    /// (`443`, `"443"`, `2.5`); a leading `+`, spaces and units are not part
    /// of one.
    ///
    /// ### Why is this bad?
    ///
    /// A value that is not a number compares with nothing: that value never
    /// matches, and a condition whose values are all like it never holds
    /// (or, negated, always does).
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"NumericEquals": {"vpc-lattice-svcs:Port": "https"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"NumericEquals": {"vpc-lattice-svcs:Port": "443"}}}
    /// ```
    pub static RULE = {
        code: TYPE_MISMATCH_NUMBER,
        name: "type-mismatch-number",
        severity: Warning,
        category: Warning,
        summary: "a `Numeric*` condition value is not a number",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"NumericEquals":{"vpc-lattice-svcs:Port":["443",8443,"1e3"]}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"NumericEquals":{"vpc-lattice-svcs:Port":"https"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"NumericLessThanIfExists":{"vpc-lattice-svcs:Port":["+1024"," 2048"]}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    report_values(cx, OperatorFamily::Numeric, |cx, c, value| {
        if Number::parse(&value.text).is_some() {
            return None;
        }
        Some(
            cx.finding(value.span, format!("`{}` is not a number", value.text))
                .with_label("matches nothing")
                .with_help(format!(
                    "`{}` compares numbers: write an integer or a decimal, such as `443` or `2.5`",
                    c.block.operator.value.base.name()
                )),
        )
    });
}
