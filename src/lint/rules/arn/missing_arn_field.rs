//! `MISSING_ARN_FIELD`: a resource ARN with fewer than six fields, or with
//! an empty service field.

use super::split;
use crate::lint::rules::common::resources;
use crate::lint::LintContext;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `Resource` and `NotResource` values that start with `arn:` but
    /// have fewer than the six `:`-separated fields of an ARN,
    /// `arn:partition:service:region:account:resource`, or whose service
    /// field is empty (`arn:aws::::example_bucket`): every AWS resource's ARN
    /// names its service, so such a value is not an ARN at all.
    ///
    /// ### Why is this bad?
    ///
    /// An ARN pattern is matched field by field (decision `non-arn-resource-whole-match`). With a
    /// field missing it matches no request at all: the statement does
    /// nothing, and in a `Deny` statement that means a guard that never
    /// fires. IAM Access Analyzer reports it as an error.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "arn:aws:vpc-lattice:us-west-2:service/svc-0123456789abcdef0/*"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/*"}
    /// ```
    pub static RULE = {
        code: MISSING_ARN_FIELD,
        name: "missing-arn-field",
        severity: Error,
        category: Error,
        summary: "a resource ARN has fewer than six fields",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":["arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/*","*","*/rates"]}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/${aws:username}"}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-west-2:service/svc-0123456789abcdef0/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:*"}]}"#,
            r#"identity:{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws::::example_bucket"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","NotResource":"arn:aws::us-west-2:111122223333:service/svc-0123456789abcdef0/*"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for item in resources(cx.policy()) {
        let fields = match split(&item.value) {
            Some(Err(fields)) => fields,
            Some(Ok(arn)) if arn.service.text.is_empty() => {
                findings.push(
                    cx.finding(
                        item.span,
                        format!("the service field of `{}` is empty", item.value),
                    )
                    .with_label("matches no request")
                    .with_help("every ARN names its service after the partition: `arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/*`, `arn:aws:s3:::example_bucket`; use `*` to match any service"),
                );
                continue;
            }
            _ => continue,
        };
        findings.push(
            cx.finding(
                item.span,
                format!("`{}` has {fields} of the 6 fields of an ARN", item.value),
            )
            .with_label("matches no request")
            .with_help("an ARN is `arn:partition:service:region:account:resource`, as in `arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/*`"),
        );
    }
    for finding in findings {
        cx.report(finding);
    }
}
