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
        let millis = Timestamp::parse(text)?.millis();
        let finding = cx.finding(
            value.span,
            format!("`{text}` is epoch time, which might not resolve as expected"),
        );
        Some(if text.len() >= 13 {
            finding
                .with_label("seconds, not milliseconds")
                .with_help(format!(
                    "epoch time counts seconds, so this is {}; write the date as `YYYY-MM-DD`",
                    format_year(millis)
                ))
        } else {
            finding.with_help(format!("write it as `{}`", iso(millis)))
        })
    });
}

/// The year of an instant, for instants too far away to write as a date.
fn format_year(millis: i64) -> String {
    let (year, _, _) = civil(millis.div_euclid(MILLIS_PER_DAY));
    format!("in the year {year}")
}

const MILLIS_PER_DAY: i64 = 86_400_000;

/// `YYYY-MM-DD`, or `YYYY-MM-DDThh:mm:ssZ` when the time is not midnight.
fn iso(millis: i64) -> String {
    let days = millis.div_euclid(MILLIS_PER_DAY);
    let (year, month, day) = civil(days);
    let seconds = millis.rem_euclid(MILLIS_PER_DAY) / 1000;
    if seconds == 0 {
        format!("{year:04}-{month:02}-{day:02}")
    } else {
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z")
    }
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_seconds_as_dates() {
        assert_eq!(iso(0), "1970-01-01");
        assert_eq!(iso(1_719_705_600_000), "2024-06-30");
        assert_eq!(iso(1_700_000_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(iso(951_782_400_000), "2000-02-29");
    }
}
