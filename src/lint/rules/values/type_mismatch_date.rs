//! `TYPE_MISMATCH_DATE`: a `Date*` value that is not a date.

use super::report_values;
use crate::eval::Timestamp;
use crate::lint::LintContext;
use crate::model::OperatorFamily;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds values of `Date*` conditions that are neither an ISO 8601 date
    /// or date and time in the W3C profile (`2024-06-30`,
    /// `2024-06-30T23:59:59Z`, `2024-06-30T23:59:59+02:00`) nor epoch
    /// seconds.
    ///
    /// ### Why is this bad?
    ///
    /// A value that is not a date compares with nothing: that value never
    /// matches, and a condition whose values are all like it never holds (or,
    /// negated, always does). A time limit written that way is no limit.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"DateLessThan": {"aws:CurrentTime": "30/06/2024"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"DateLessThan": {"aws:CurrentTime": "2024-06-30T00:00:00Z"}}}
    /// ```
    pub static RULE = {
        code: TYPE_MISMATCH_DATE,
        name: "type-mismatch-date",
        severity: Warning,
        category: Warning,
        summary: "a `Date*` condition value is not a date",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":["2024-06-30","2024-06-30T23:59:59Z","2024-06-30T23:59:59.5+02:00"]}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"30/06/2024"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":["2024-06-30 12:00:00","2023-02-29"]}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    report_values(cx, OperatorFamily::Date, |cx, _, value| {
        if Timestamp::parse(&value.text).is_some() {
            return None;
        }
        Some(
            cx.finding(value.span, format!("`{}` is not a date", value.text))
                .with_label("matches nothing")
                .with_help(
                    "write a date as `YYYY-MM-DD`, or a date and time as `YYYY-MM-DDThh:mm:ssZ`",
                ),
        )
    });
}
