//! `PRIVATE_NOT_IP_ADDRESS_SUBSET`: `NotIpAddress` on `aws:SourceIp` mixing
//! private and public ranges.

use super::source_ip_clauses;
use crate::lint::LintContext;
use crate::model::BaseOperator;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `NotIpAddress` conditions on `aws:SourceIp` that list both
    /// private and public ranges.
    ///
    /// ### Why is this bad?
    ///
    /// IAM documents `aws:SourceIp` as the caller's public address, so the
    /// private ranges exclude no caller and only suggest that callers from
    /// the private network are exempt. What `aws:SourceIp` holds inside a VPC
    /// for VPC Lattice is not documented (decision `source-ip-not-assumed`).
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Deny", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "10.0.0.0/8"]}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Deny", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24"]},
    ///                "StringNotEquals": {"vpc-lattice-svcs:SourceVpc": "vpc-0123456789abcdef0"}}}
    /// ```
    pub static RULE = {
        code: PRIVATE_NOT_IP_ADDRESS_SUBSET,
        name: "private-not-ip-address-subset",
        severity: Info,
        category: Suggestion,
        summary: "`NotIpAddress` tests `aws:SourceIp` against both private and public ranges",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":["203.0.113.0/24"]}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":["203.0.113.0/24","10.0.0.0/8"]}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for c in source_ip_clauses(cx, BaseOperator::NotIpAddress) {
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
            .with_label("excludes no caller")
            .with_help("IAM documents `aws:SourceIp` as the caller's public address; exempt callers from a VPC with `vpc-lattice-svcs:SourceVpc` instead");
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
