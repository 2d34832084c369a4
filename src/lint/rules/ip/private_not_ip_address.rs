//! `PRIVATE_NOT_IP_ADDRESS`: `NotIpAddress` on `aws:SourceIp` with only private ranges.

use super::source_ip_clauses;
use crate::lint::LintContext;
use crate::model::BaseOperator;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `NotIpAddress` conditions on `aws:SourceIp` whose ranges are all
    /// private (`10.0.0.0/8`, `172.16.0.0/12`, `192.168.0.0/16`, loopback,
    /// link-local, `100.64.0.0/10`, IPv6 unique local and link-local).
    ///
    /// ### Why is this bad?
    ///
    /// IAM documents `aws:SourceIp` as the caller's public address, so a
    /// public address is never in a private range and the condition holds
    /// for every caller that has one: a `Deny` meant to block everyone
    /// outside the private network blocks every caller with a public
    /// address, and lets through those without `aws:SourceIp`. IAM Access
    /// Analyzer reports it as an error. What `aws:SourceIp` holds for a
    /// caller inside a VPC that calls a VPC Lattice service is **not
    /// documented** (decision `source-ip-not-assumed`), so this is a warning here.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Deny", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// To shut out callers from other networks, name the allowed VPCs:
    ///
    /// ```json
    /// {"Effect": "Deny", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringNotEquals": {"vpc-lattice-svcs:SourceVpc": "vpc-0123456789abcdef0"}}}
    /// ```
    pub static RULE = {
        code: PRIVATE_NOT_IP_ADDRESS,
        name: "private-not-ip-address",
        severity: Warning,
        category: Error,
        summary: "`NotIpAddress` tests `aws:SourceIp` against private ranges only",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":["203.0.113.0/24"]}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for c in source_ip_clauses(cx, BaseOperator::NotIpAddress) {
        if c.private.is_empty() || !c.public.is_empty() {
            continue;
        }
        findings.push(
            cx.finding(
                c.clause.clause.span,
                format!("`{}` is tested against private ranges only", c.clause.clause.key.value),
            )
            .with_label("may hold for every caller")
            .with_help("IAM documents `aws:SourceIp` as the caller's public address; to shut out other networks, test `vpc-lattice-svcs:SourceVpc` with `StringNotEquals`"),
        );
    }
    for finding in findings {
        cx.report(finding);
    }
}
