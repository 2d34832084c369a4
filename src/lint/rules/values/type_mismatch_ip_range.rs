//! `TYPE_MISMATCH_IP_RANGE`: an `IpAddress` value that is not an address range.

use super::report_values;
use crate::eval::Cidr;
use crate::lint::LintContext;
use crate::model::OperatorFamily;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds values of `IpAddress` and `NotIpAddress` conditions that are not
    /// an IPv4 or IPv6 address or CIDR range (`203.0.113.0/24`,
    /// `2001:db8::/32`, `198.51.100.7`).
    ///
    /// ### Why is this bad?
    ///
    /// A value that is not an address range contains no address. Under
    /// `IpAddress` it never matches; under `NotIpAddress` it excludes nothing,
    /// so a `Deny` meant to block everything outside a range blocks every
    /// caller, or an `Allow` lets every caller in.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0-203.0.113.255"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}
    /// ```
    pub static RULE = {
        code: TYPE_MISMATCH_IP_RANGE,
        name: "type-mismatch-ip-range",
        severity: Warning,
        category: Warning,
        summary: "an `IpAddress` or `NotIpAddress` value is not an IP address range",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:db8::/32","198.51.100.7"]}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0-203.0.113.255"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":["203.0.113.0/33","10.0.0.*"]}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    report_values(cx, OperatorFamily::Ip, |cx, c, value| {
        if Cidr::parse(&value.text).is_some() {
            return None;
        }
        Some(
            cx.finding(
                value.span,
                format!("`{}` is not an IP address range", value.text),
            )
            .with_label("contains no address")
            .with_help(format!(
                "`{}` takes addresses and CIDR ranges, such as `203.0.113.0/24` or `2001:db8::/32`",
                c.block.operator.value.base.name()
            )),
        )
    });
}
