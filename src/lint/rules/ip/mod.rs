//! IP address ranges in `IpAddress` and `NotIpAddress` conditions.
//!
//! IAM documents that `aws:SourceIp` holds a caller's public address and is
//! absent when the request comes through a VPC endpoint, so conditions on
//! private ranges have no effect. How VPC Lattice fills `aws:SourceIp` for
//! callers inside a VPC is **not documented** (decision `source-ip-not-assumed`), which
//! is why the private-range rules here are warnings and suggestions, not
//! errors as in IAM Access Analyzer.

pub(super) mod improve_ip_range;
pub(super) mod private_ip_address;
pub(super) mod private_ip_address_subset;
pub(super) mod private_not_ip_address;
pub(super) mod private_not_ip_address_subset;

use std::net::IpAddr;

use crate::eval::Cidr;
use crate::lint::LintContext;
use crate::model::{BaseOperator, ClauseRef, ConditionValue};

/// The private and other non-public address blocks: RFC 1918, loopback,
/// link-local, shared address space (RFC 6598), IPv6 unique local addresses,
/// IPv6 loopback and link-local.
const PRIVATE: [&str; 9] = [
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "100.64.0.0/10",
    "fc00::/7",
    "::1/128",
    "fe80::/10",
];

/// True when every address of `range` is private.
pub(crate) fn is_private(range: Cidr) -> bool {
    PRIVATE.iter().filter_map(|p| Cidr::parse(p)).any(|block| {
        block.prefix() <= range.prefix()
            && block.contains(range.network())
            && same_family(block.network(), range.network())
    })
}

fn same_family(a: IpAddr, b: IpAddr) -> bool {
    a.is_ipv4() == b.is_ipv4()
}

/// An `aws:SourceIp` clause under `IpAddress` or `NotIpAddress`, with its
/// values split into private and public ranges (values that are not ranges
/// are left out).
pub(crate) struct SourceIpClause<'a> {
    /// The clause.
    pub clause: ClauseRef<'a>,
    /// The private ranges.
    pub private: Vec<&'a ConditionValue>,
    /// The public ones (ranges with at least one public address).
    pub public: Vec<&'a ConditionValue>,
}

/// Every `aws:SourceIp` clause under `base` (`IpAddress` or `NotIpAddress`).
pub(crate) fn source_ip_clauses<'a>(
    cx: &LintContext<'a>,
    base: BaseOperator,
) -> Vec<SourceIpClause<'a>> {
    cx.policy()
        .clauses()
        .filter(|c| c.block.operator.value.base == base)
        .filter(|c| c.clause.key.value.eq_ignore_ascii_case("aws:SourceIp"))
        .map(|clause| {
            let (mut private, mut public) = (Vec::new(), Vec::new());
            for value in &clause.clause.values {
                match Cidr::parse(&value.text) {
                    Some(range) if is_private(range) => private.push(value),
                    Some(_) => public.push(value),
                    None => {}
                }
            }
            SourceIpClause {
                clause,
                private,
                public,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn private(text: &str) -> bool {
        is_private(Cidr::parse(text).unwrap())
    }

    #[test]
    fn private_ranges() {
        assert!(private("10.0.0.0/8"));
        assert!(private("10.1.2.0/24"));
        assert!(private("172.31.255.255"));
        assert!(private("192.168.1.0/24"));
        assert!(private("fd00::/8"));
        assert!(!private("10.0.0.0/7"));
        assert!(!private("172.32.0.0/16"));
        assert!(!private("203.0.113.0/24"));
        assert!(!private("0.0.0.0/0"));
        assert!(!private("::/0"));
        assert!(!private("2001:db8::/32"));
        assert!(!private("::ffff:10.0.0.1"));
    }
}
