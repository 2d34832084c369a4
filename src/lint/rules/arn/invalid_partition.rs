//! `INVALID_PARTITION`: a resource ARN whose partition does not exist.

use super::{field_span, resource_arns, PARTITIONS};
use crate::fuzzy;
use crate::lint::LintContext;
use crate::wildcard::{Case, Wildcard};

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds resource ARNs whose partition, the field after `arn:`, is not
    /// one of AWS's partitions: `aws`, `aws-cn`, `aws-us-gov`, `aws-iso`,
    /// `aws-iso-b`, `aws-iso-e`, `aws-iso-f`, `aws-eusc`. A partition with
    /// wildcards is reported when it matches none of them.
    ///
    /// ### Why is this bad?
    ///
    /// Every request's resource ARN names a real partition, so an ARN with
    /// another one matches nothing. IAM Access Analyzer reports it as an error.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "arn:amazon:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/*"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/*"}
    /// ```
    pub static RULE = {
        code: INVALID_PARTITION,
        name: "invalid-partition",
        severity: Error,
        category: Error,
        summary: "a resource ARN names a partition that does not exist",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":["arn:aws:vpc-lattice:us-west-2:111122223333:service/*","arn:aws-cn:vpc-lattice:cn-north-1:111122223333:service/*","arn:*:vpc-lattice:*:*:service/*","arn:aws-*:vpc-lattice:*:*:service/*"]}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:amazon:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws-gov:vpc-lattice:us-gov-west-1:111122223333:service/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:azure*:vpc-lattice:*:*:service/*"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for (arn, text, span) in resource_arns(cx) {
        let partition = arn.partition.text;
        if partition.contains("${") {
            continue;
        }
        let pattern = Wildcard::parse(partition);
        if PARTITIONS
            .iter()
            .any(|p| pattern.matches(p, Case::Sensitive))
        {
            continue;
        }
        let at = field_span(cx, span, text, arn.partition);
        let message = if pattern.has_wildcards() {
            format!("the partition `{partition}` matches no AWS partition")
        } else {
            format!("`{partition}` is not an AWS partition")
        };
        let help = match fuzzy::best_match(partition, &PARTITIONS) {
            Some(p) => format!("did you mean `{p}`? partitions are `aws`, `aws-cn`, `aws-us-gov` and the isolated `aws-iso*` and `aws-eusc`"),
            None => "partitions are `aws`, `aws-cn`, `aws-us-gov` and the isolated `aws-iso*` and `aws-eusc`; use `*` for any".to_string(),
        };
        findings.push(
            cx.finding(at, message)
                .with_label("matches no request")
                .with_help(help),
        );
    }
    for finding in findings {
        cx.report(finding);
    }
}
