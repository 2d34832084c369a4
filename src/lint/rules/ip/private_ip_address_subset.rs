//! `PRIVATE_IP_ADDRESS_SUBSET`: `IpAddress` on `aws:SourceIp` mixing private
//! and public ranges.

use super::source_ip_clauses;
use crate::lint::LintContext;
use crate::model::BaseOperator;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `IpAddress` conditions on `aws:SourceIp` that list both private
    /// and public ranges.
    ///
    /// ### Why is this bad?
    ///
    /// IAM documents `aws:SourceIp` as the caller's public address, so the
    /// private ranges never match and only suggest that callers from the
    /// private network are admitted. What `aws:SourceIp` holds inside a VPC
    /// for VPC Lattice is not documented (decision `source-ip-not-assumed`).
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "10.0.0.0/8"]}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// Keep the public ranges here, and admit the private network by its VPC
    /// in a statement of its own:
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24"]}}}
    /// ```
    pub static RULE = {
        code: PRIVATE_IP_ADDRESS_SUBSET,
        name: "private-ip-address-subset",
        severity: Info,
        category: Suggestion,
        summary: "`IpAddress` tests `aws:SourceIp` against both private and public ranges",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","198.51.100.0/24"]}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","10.0.0.0/8","192.168.0.0/16"]}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for c in source_ip_clauses(cx, BaseOperator::IpAddress) {
        let Some(first) = c.private.first() else {
            continue;
        };
        if c.public.is_empty() {
            continue;
        }
        let finding = cx
            .finding(
                first.span,
                format!("`{}` is a private range among public ones", first.text),
            )
            .with_label("may never match")
            .with_help("IAM documents `aws:SourceIp` as the caller's public address; admit callers from a VPC with `vpc-lattice-svcs:SourceVpc` instead");
        let finding = c
            .private
            .iter()
            .skip(1)
            .fold(finding, |f, v| f.with_related(v.span, "also private"));
        findings.push(finding);
    }
    for finding in findings {
        cx.report(finding);
    }
}
