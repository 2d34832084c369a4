//! Ports, times and source addresses: each bound the policies write, its
//! neighbours, and values beyond them.

use std::collections::BTreeSet;
use std::net::IpAddr;

use super::fragment::Fragment;
use super::mentions::Mentions;
use crate::eval::Protocol;
use crate::eval::Timestamp;

pub(super) fn ports(m: &Mentions, protocol: Protocol) -> Vec<Fragment> {
    let mut ports: BTreeSet<i64> = BTreeSet::new();
    ports.insert(i64::from(protocol.default_port()));
    for &p in &m.ports {
        for q in [p - 1, p, p + 1] {
            ports.insert(q);
        }
    }
    ports.insert(1);
    ports.insert(65535);
    let default = i64::from(protocol.default_port());
    std::iter::once(default)
        .chain(ports.into_iter().filter(|&p| p != default))
        .filter(|p| (1..=65535).contains(p))
        .map(Fragment::Port)
        .collect()
}

pub(super) fn times(m: &Mentions, now: Timestamp) -> Vec<Fragment> {
    let mut times: BTreeSet<i64> = BTreeSet::new();
    for &t in &m.times {
        for u in [t - 1, t, t + 1] {
            times.insert(u);
        }
    }
    let now_seconds = now.epoch_seconds();
    std::iter::once(now_seconds)
        .chain(times.into_iter().filter(|&t| t != now_seconds))
        .filter_map(Timestamp::from_epoch_seconds)
        // From 1970 to the last year RFC 3339 writes.
        .filter(|t| t.millis() >= 0 && t.date().0 <= 9999)
        .map(|t| Fragment::Time(t.to_string()))
        .collect()
}

pub(super) fn addresses(m: &Mentions) -> Vec<Fragment> {
    let mut out = vec![Fragment::SourceIp(None)];
    let mut seen: BTreeSet<IpAddr> = BTreeSet::new();
    let mut push = |ip: IpAddr, out: &mut Vec<Fragment>| {
        if seen.insert(ip) {
            out.push(Fragment::SourceIp(Some(ip.to_string())));
        }
    };
    push(IpAddr::from([203, 0, 113, 10]), &mut out);
    push(IpAddr::from([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x10]), &mut out);
    for c in &m.cidrs {
        match c.network() {
            IpAddr::V4(net) => {
                let first = u32::from(net);
                let size = 1u64 << (32 - u32::from(c.prefix()));
                let last = u64::from(first) + size - 1;
                for v in [
                    u64::from(first).checked_sub(1),
                    Some(u64::from(first)),
                    Some(last),
                    Some(last + 1),
                ]
                .into_iter()
                .flatten()
                {
                    if let Ok(v) = u32::try_from(v) {
                        push(IpAddr::from(v.to_be_bytes()), &mut out);
                    }
                }
            }
            IpAddr::V6(net) => {
                let first = u128::from(net);
                let host_bits = 128 - u32::from(c.prefix());
                let last = if host_bits >= 128 {
                    u128::MAX
                } else {
                    first | ((1u128 << host_bits) - 1)
                };
                for v in [
                    first.checked_sub(1),
                    Some(first),
                    Some(last),
                    last.checked_add(1),
                ]
                .into_iter()
                .flatten()
                {
                    push(IpAddr::from(v.to_be_bytes()), &mut out);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::values::Cidr;

    #[test]
    fn bounds_and_their_neighbours() {
        let mut m = Mentions::default();
        m.ports.insert(8080);
        let ports: Vec<Fragment> = ports(&m, Protocol::Https);
        // The protocol's default port comes first: it is the default value.
        assert_eq!(ports.first(), Some(&Fragment::Port(443)));
        for p in [8079, 8080, 8081, 1, 65535] {
            assert!(ports.contains(&Fragment::Port(p)), "{p}");
        }
        m.cidrs.push(Cidr::parse("10.0.0.0/24").unwrap());
        let addresses = addresses(&m);
        assert_eq!(addresses.first(), Some(&Fragment::SourceIp(None)));
        for ip in ["9.255.255.255", "10.0.0.0", "10.0.0.255", "10.0.1.0"] {
            assert!(
                addresses.contains(&Fragment::SourceIp(Some(ip.into()))),
                "{ip}"
            );
        }
        m.times.insert(1_000);
        let times = times(&m, Timestamp::from_millis(5_000_000));
        assert_eq!(
            times.first(),
            Some(&Fragment::Time("1970-01-01T01:23:20Z".into()))
        );
        assert_eq!(times.len(), 4);
    }
}
