//! `INVALID_ARN_SERVICE_CASE`: upper-case letters in an ARN's service.

use super::{field_span, resource_arns};
use crate::lint::LintContext;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds resource ARNs whose service field, the third, has upper-case
    /// letters: `arn:aws:VPC-Lattice:...`.
    ///
    /// ### Why is this bad?
    ///
    /// Service names in ARNs are lower-case, and resource ARNs are matched
    /// case-sensitively, so the pattern matches no request. IAM Access
    /// Analyzer reports it as an error.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "arn:aws:VPC-Lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/*"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/*"}
    /// ```
    pub static RULE = {
        code: INVALID_ARN_SERVICE_CASE,
        name: "invalid-arn-service-case",
        severity: Error,
        category: Error,
        summary: "the service in a resource ARN has upper-case letters",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/Rates"}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:VPC-Lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/*"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for (arn, text, span) in resource_arns(cx) {
        let service = arn.service.text;
        if !service.bytes().any(|b| b.is_ascii_uppercase()) || service.contains("${") {
            continue;
        }
        let at = field_span(cx, span, text, arn.service);
        findings.push(
            cx.finding(
                at,
                format!("the service `{service}` in an ARN must be lower-case"),
            )
            .with_label("matches no request")
            .with_help(format!("write `{}`", service.to_ascii_lowercase())),
        );
    }
    for finding in findings {
        cx.report(finding);
    }
}
