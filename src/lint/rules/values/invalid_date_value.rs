//! `INVALID_DATE_VALUE`: a `Date*` value in epoch seconds.

use super::report_values;
use crate::eval::Timestamp;
use crate::lint::LintContext;
use crate::model::OperatorFamily;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds values of `Date*` conditions written as epoch (UNIX) time, a
    /// count of seconds such as `1719705600`, except for the key
    /// `aws:EpochTime`, whose values are epoch time by nature.
    ///
    /// ### Why is this bad?
    ///
    /// IAM accepts epoch seconds, but IAM Access Analyzer warns that they
    /// "might not resolve as expected": a number is easy to get wrong and
    /// hard to review, and a value in milliseconds (13 digits) is read as
    /// seconds, tens of thousands of years away. An ISO 8601 date says what
    /// it means.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"DateLessThan": {"aws:CurrentTime": "1719705600"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"DateLessThan": {"aws:CurrentTime": "2024-06-30"}}}
    /// ```
    pub static RULE = {
        code: INVALID_DATE_VALUE,
        name: "invalid-date-value",
        severity: Warning,
        category: Warning,
        summary: "a `Date*` condition value is written in epoch seconds",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2024-06-30","aws:EpochTime":"1719705600"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"1719705600"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":1719705600000}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    report_values(cx, OperatorFamily::Date, |cx, c, value| {
        let text = value.text.as_str();
        let epoch = text.len() != 4 && text.bytes().all(|b| b.is_ascii_digit());
        if !epoch || c.clause.key.value.eq_ignore_ascii_case("aws:EpochTime") {
            return None;
        }
        let instant = Timestamp::parse(text)?;
        let finding = cx.finding(
            value.span,
            format!("`{text}` is epoch time, which might not resolve as expected"),
        );
        Some(if text.len() >= 13 {
            finding
                .with_label("seconds, not milliseconds")
                .with_help(format!(
                    "epoch time counts seconds, so this is in the year {}; write the date as `YYYY-MM-DD`",
                    instant.date().0
                ))
        } else {
            finding.with_help(format!("write it as `{}`", instant.to_condition_value()))
        })
    });
}
