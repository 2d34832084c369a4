//! `PRIVATE_IP_ADDRESS`: `IpAddress` on `aws:SourceIp` with only private ranges.

use super::source_ip_clauses;
use crate::lint::LintContext;
use crate::model::BaseOperator;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `IpAddress` conditions on `aws:SourceIp` whose ranges are all
    /// private (`10.0.0.0/8`, `172.16.0.0/12`, `192.168.0.0/16`, loopback,
    /// link-local, `100.64.0.0/10`, IPv6 unique local and link-local).
    ///
    /// ### Why is this bad?
    ///
    /// IAM documents `aws:SourceIp` as the caller's public address: requests
    /// through a VPC endpoint do not carry it, and IAM Access Analyzer says
    /// private ranges "will not have the desired effect". If that holds for
    /// VPC Lattice, the condition never matches and the statement grants
    /// nothing. What `aws:SourceIp` holds for a caller inside a VPC that
    /// calls a VPC Lattice service is **not documented** (decision
    /// `source-ip-not-assumed`), so this is a warning rather than Access Analyzer's error.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// To admit callers from a network, name its VPC:
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEquals": {"vpc-lattice-svcs:SourceVpc": "vpc-0123456789abcdef0"}}}
    /// ```
    pub static RULE = {
        code: PRIVATE_IP_ADDRESS,
        name: "private-ip-address",
        severity: Warning,
        category: Error,
        summary: "`IpAddress` tests `aws:SourceIp` against private ranges only",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["203.0.113.0/24"],"aws:VpcSourceIp":"10.0.0.0/8"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","10.0.0.0/8"]}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"IpAddressIfExists":{"aws:sourceip":["192.168.0.0/16","fd00::/8"]}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for c in source_ip_clauses(cx, BaseOperator::IpAddress) {
        if c.private.is_empty() || !c.public.is_empty() {
            continue;
        }
        findings.push(
            cx.finding(
                c.clause.clause.span,
                format!("`{}` is tested against private ranges only", c.clause.clause.key.value),
            )
            .with_label("may never match")
            .with_help("IAM documents `aws:SourceIp` as the caller's public address; to admit callers from a VPC, test `vpc-lattice-svcs:SourceVpc`"),
        );
    }
    for finding in findings {
        cx.report(finding);
    }
}
