//! `MISSING_ARN_REGION`: a VPC Lattice ARN without a Region.

use super::{field_span, resource_arns, LATTICE_ARN_SERVICE};
use crate::lint::LintContext;
use crate::span::Span;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds VPC Lattice resource ARNs (`arn:aws:vpc-lattice:...`) with an
    /// empty Region field.
    ///
    /// ### Why is this bad?
    ///
    /// VPC Lattice services are regional: every service ARN, and so every
    /// request's resource, names a Region. An ARN with an empty Region
    /// matches no request. IAM Access Analyzer reports it as an error.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "arn:aws:vpc-lattice::111122223333:service/svc-0123456789abcdef0/*"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/*"}
    /// ```
    pub static RULE = {
        code: MISSING_ARN_REGION,
        name: "missing-arn-region",
        severity: Error,
        category: Error,
        summary: "a VPC Lattice resource ARN has no Region",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":["arn:aws:vpc-lattice:*:111122223333:service/*","arn:aws:s3:::bucket"]}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice::111122223333:service/svc-0123456789abcdef0/*"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for (arn, text, span) in resource_arns(cx) {
        if arn.service.text != LATTICE_ARN_SERVICE || !arn.region.text.is_empty() {
            continue;
        }
        // Point at the `::` around the empty field.
        let around = field_span(cx, span, text, arn.region);
        let at = if around.is_empty() {
            Span::new(around.offset().saturating_sub(1), around.offset() + 1)
        } else {
            around
        };
        findings.push(
            cx.finding(at, "this VPC Lattice ARN has no Region")
                .with_label("Region missing here")
                .with_help("write the service's Region between the colons, as in `arn:aws:vpc-lattice:us-west-2:...`, or `*` for any Region"),
        );
    }
    for finding in findings {
        cx.report(finding);
    }
}
