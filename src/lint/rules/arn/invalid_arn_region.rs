//! `INVALID_ARN_REGION`: an ARN Region field that is not a Region.

use super::{field_span, is_literal, resource_arns};
use crate::lint::LintContext;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds resource ARNs whose Region field, the fourth, is not written
    /// like an AWS Region (`us-east-1`, `us-gov-west-1`, `eu-isoe-west-1`):
    /// usually a placeholder such as `<REGION>` or `region` that was never
    /// filled in. Empty Regions and fields with wildcards or variables are
    /// not reported.
    ///
    /// ### Why is this bad?
    ///
    /// A request's resource ARN carries the service's real Region, so the
    /// pattern matches no request. IAM Access Analyzer reports invalid
    /// Regions as errors.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "arn:aws:vpc-lattice:<REGION>:111122223333:service/svc-0123456789abcdef0/*"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/*"}
    /// ```
    pub static RULE = {
        code: INVALID_ARN_REGION,
        name: "invalid-arn-region",
        severity: Error,
        category: Error,
        summary: "the Region in a resource ARN is not a Region",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":["arn:aws:vpc-lattice:us-west-2:111122223333:service/*","arn:aws-us-gov:vpc-lattice:us-gov-west-1:111122223333:service/*","arn:aws-eusc:vpc-lattice:eusc-de-east-1:111122223333:service/*","arn:aws:vpc-lattice:us-*:111122223333:service/*","arn:aws:s3:::bucket/*"]}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:<REGION>:111122223333:service/svc-0123456789abcdef0/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:US-EAST-1:111122223333:service/svc-0123456789abcdef0/*"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for (arn, text, span) in resource_arns(cx) {
        let region = arn.region.text;
        if region.is_empty() || !is_literal(region) || is_region(region) {
            continue;
        }
        let at = field_span(cx, span, text, arn.region);
        findings.push(
            cx.finding(at, format!("`{region}` is not an AWS Region"))
                .with_label("matches no request")
                .with_help(
                    "write the service's Region, such as `us-west-2`, or `*` for any Region",
                ),
        );
    }
    for finding in findings {
        cx.report(finding);
    }
}

/// Written like a Region: two to four lower-case letters, one or more
/// lower-case words, and a number, joined by `-` (`us-gov-west-1`).
fn is_region(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [first, middle @ .., last] = parts.as_slice() else {
        return false;
    };
    let lower = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase());
    (2..=4).contains(&first.len())
        && lower(first)
        && !middle.is_empty()
        && middle.iter().all(|m| lower(m))
        && (1..=2).contains(&last.len())
        && last.bytes().all(|b| b.is_ascii_digit())
}
