//! `IMPROVE_IP_RANGE`: a CIDR range with host bits set.

use std::net::IpAddr;

use crate::eval::Cidr;
use crate::lint::LintContext;
use crate::model::OperatorFamily;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds CIDR ranges in `IpAddress` and `NotIpAddress` conditions whose
    /// address has bits set after the prefix, such as `10.1.2.3/8`.
    ///
    /// ### Why is this bad?
    ///
    /// IAM ignores the bits after the prefix: `10.1.2.3/8` is `10.0.0.0/8`,
    /// all sixteen million addresses, although it reads like one host or a
    /// small subnet. Write the range as what it is; if one address or a
    /// smaller subnet was meant, fix the prefix.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.77/24"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}
    /// ```
    pub static RULE = {
        code: IMPROVE_IP_RANGE,
        name: "improve-ip-range",
        severity: Info,
        category: Suggestion,
        summary: "an IP range has bits set after its prefix, which IAM ignores",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","198.51.100.7","2001:db8::/32"]}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["203.0.113.77/24","2001:db8::1/32"]}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for c in cx.policy().clauses() {
        if c.block.operator.value.base.family() != OperatorFamily::Ip {
            continue;
        }
        for value in &c.clause.values {
            let Some(range) = Cidr::parse(&value.text) else {
                continue;
            };
            let written: Option<IpAddr> = value
                .text
                .split_once('/')
                .and_then(|(address, _)| address.parse().ok());
            if written.is_none_or(|address| address == range.network()) {
                continue;
            }
            let masked = format!("{}/{}", range.network(), range.prefix());
            findings.push(
                cx.finding(
                    value.span,
                    format!(
                        "`{}` has bits set after the prefix, so it means `{masked}`",
                        value.text
                    ),
                )
                .with_help(format!(
                    "write `{masked}`, or fix the prefix if a smaller range was meant"
                )),
            );
        }
    }
    for finding in findings {
        cx.report(finding);
    }
}
