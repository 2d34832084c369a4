//! Typed condition values: numbers, dates, booleans, IP ranges and base64.
//!
//! Policy values are parsed once, when a policy is compiled; request values are
//! parsed at each evaluation, so every parser here works on a `&str` without
//! allocating (except [`decode_base64`], which is for policy values). Each
//! parser returns `None` for text it does not accept; the condition that
//! holds such a value treats it as matching nothing.

use std::cmp::Ordering;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A number in a `Numeric*` condition: an integer or a decimal.
///
/// Accepted text is a JSON number (`10`, `-3`, `2.5`, `1e3`), with leading
/// zeros allowed (`007`): JSON numbers and numeric strings alike (decision
/// `lenient-value-spellings`). A
/// leading `+`, a leading or trailing `.`, spaces, `NaN` and infinities are
/// refused.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    /// Written without fraction or exponent, and fits in an `i64`.
    Integer(i64),
    /// Any other number.
    Decimal(f64),
}

impl Number {
    /// Parses `text` (see the type docs).
    pub fn parse(text: &str) -> Option<Number> {
        let bytes = text.as_bytes();
        let mut i = usize::from(bytes.first() == Some(&b'-'));
        let digits = |i: &mut usize| {
            let start = *i;
            while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i > start
        };
        if !digits(&mut i) {
            return None;
        }
        let mut integral = true;
        if bytes.get(i) == Some(&b'.') {
            i += 1;
            integral = false;
            if !digits(&mut i) {
                return None;
            }
        }
        if matches!(bytes.get(i), Some(b'e' | b'E')) {
            i += 1;
            integral = false;
            if matches!(bytes.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if !digits(&mut i) {
                return None;
            }
        }
        if i != bytes.len() {
            return None;
        }
        if integral {
            if let Ok(n) = text.parse::<i64>() {
                return Some(Number::Integer(n));
            }
        }
        let f = text.parse::<f64>().ok()?;
        f.is_finite().then_some(Number::Decimal(f))
    }

    /// The number as an `f64` (integers beyond 2^53 lose precision).
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Integer(n) => n as f64,
            Number::Decimal(f) => f,
        }
    }

    /// Compares two numbers: exactly when both are integers.
    pub fn compare(self, other: Number) -> Option<Ordering> {
        match (self, other) {
            (Number::Integer(a), Number::Integer(b)) => Some(a.cmp(&b)),
            (a, b) => a.as_f64().partial_cmp(&b.as_f64()),
        }
    }
}

/// A `Bool` condition value: `true` or `false` in any case (decision `lenient-value-spellings`).
pub fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// An IP address range in an `IpAddress`/`NotIpAddress` condition.
///
/// Written `address/prefix` (IPv4 or IPv6); an address alone is a `/32` or
/// `/128`. Host bits set beyond the prefix are ignored (`10.1.2.3/8` is
/// `10.0.0.0/8`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    /// Parses `text` (see the type docs).
    pub fn parse(text: &str) -> Option<Cidr> {
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let address: IpAddr = address.parse().ok()?;
        let max = if address.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) if !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()) => {
                p.parse().ok().filter(|&p| p <= max)?
            }
            Some(_) => return None,
        };
        let network = match address {
            IpAddr::V4(a) => IpAddr::V4(Ipv4Addr::from(u32::from(a) & mask_v4(prefix))),
            IpAddr::V6(a) => IpAddr::V6(Ipv6Addr::from(u128::from(a) & mask_v6(prefix))),
        };
        Some(Cidr { network, prefix })
    }

    /// The first address of the range.
    pub fn network(self) -> IpAddr {
        self.network
    }

    /// The prefix length.
    pub fn prefix(self) -> u8 {
        self.prefix
    }

    /// True when `address` lies in the range. An IPv4-mapped IPv6 address
    /// (`::ffff:10.0.0.1`) is also tried as the IPv4 address it maps.
    pub fn contains(self, address: IpAddr) -> bool {
        match (self.network, address) {
            (IpAddr::V4(net), IpAddr::V4(a)) => {
                u32::from(a) & mask_v4(self.prefix) == u32::from(net)
            }
            (IpAddr::V6(net), IpAddr::V6(a)) => {
                u128::from(a) & mask_v6(self.prefix) == u128::from(net)
                    || a.to_ipv4_mapped()
                        .is_some_and(|v4| self.contains(IpAddr::V4(v4)))
            }
            (IpAddr::V4(_), IpAddr::V6(a)) => a
                .to_ipv4_mapped()
                .is_some_and(|v4| self.contains(IpAddr::V4(v4))),
            (IpAddr::V6(_), IpAddr::V4(_)) => false,
        }
    }
}

fn mask_v4(prefix: u8) -> u32 {
    u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0)
}

fn mask_v6(prefix: u8) -> u128 {
    u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0)
}

/// A request's IP address (`aws:SourceIp`): an IPv4 or IPv6 address without a prefix.
pub fn parse_ip(text: &str) -> Option<IpAddr> {
    text.parse().ok()
}

/// Decodes standard base64 (alphabet `A–Z a–z 0–9 + /`, padded with `=` to a
/// multiple of four characters). Bits left over in the last character are
/// ignored.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    for_each_base64_chunk(text, |chunk| {
        out.extend_from_slice(chunk);
        true
    })?;
    Some(out)
}

/// True when `text` is valid base64 (as for [`decode_base64`]) that decodes
/// to exactly `bytes`. Does not allocate.
pub fn base64_equals(text: &str, bytes: &[u8]) -> bool {
    let mut rest = bytes;
    let valid = for_each_base64_chunk(text, |chunk| match rest.strip_prefix(chunk) {
        Some(tail) => {
            rest = tail;
            true
        }
        None => false,
    });
    valid == Some(true) && rest.is_empty()
}

/// True when `text` is valid base64 (as for [`decode_base64`]). Does not allocate.
pub fn is_base64(text: &str) -> bool {
    for_each_base64_chunk(text, |_| true).is_some()
}

/// Decodes `text` chunk by chunk (one to three bytes per four characters),
/// passing each to `emit`, which returns false to stop early. `None` when
/// `text` is not valid base64, else whether every `emit` returned true.
fn for_each_base64_chunk(text: &str, mut emit: impl FnMut(&[u8]) -> bool) -> Option<bool> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let count = bytes.len() / 4;
    let mut going = true;
    for (i, quad) in bytes.chunks_exact(4).enumerate() {
        let &[a, b, c, d] = quad else {
            return None;
        };
        let last = i + 1 == count;
        let (a, b) = (sextet(a)?, sextet(b)?);
        let first = a << 2 | b >> 4;
        let ok = match (c, d) {
            (b'=', b'=') if last => going && emit(&[first]),
            (c, b'=') if last => {
                let c = sextet(c)?;
                going && emit(&[first, b << 4 | c >> 2])
            }
            (c, d) => {
                let (c, d) = (sextet(c)?, sextet(d)?);
                going && emit(&[first, b << 4 | c >> 2, c << 6 | d])
            }
        };
        going = ok;
    }
    Some(going)
}

fn sextet(b: u8) -> Option<u8> {
    match b {
        b'A'..=b'Z' => Some(b - b'A'),
        b'a'..=b'z' => Some(b - b'a' + 26),
        b'0'..=b'9' => Some(b - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(Number::parse("10"), Some(Number::Integer(10)));
        assert_eq!(Number::parse("-3"), Some(Number::Integer(-3)));
        assert_eq!(Number::parse("007"), Some(Number::Integer(7)));
        assert_eq!(Number::parse("2.5"), Some(Number::Decimal(2.5)));
        assert_eq!(Number::parse("1e3"), Some(Number::Decimal(1000.0)));
        assert_eq!(Number::parse("1E-1"), Some(Number::Decimal(0.1)));
        assert_eq!(
            Number::parse("99999999999999999999"),
            Some(Number::Decimal(1e20))
        );
        for bad in [
            "", "-", "+1", ".5", "5.", "1e", "1 ", " 1", "NaN", "inf", "0x10", "1e999",
        ] {
            assert_eq!(Number::parse(bad), None, "{bad}");
        }
        let n = |s| Number::parse(s).unwrap();
        assert_eq!(n("10").compare(n("10.0")), Some(Ordering::Equal));
        assert_eq!(
            n("9007199254740993").compare(n("9007199254740992")),
            Some(Ordering::Greater)
        );
        assert_eq!(n("-1").compare(n("0.5")), Some(Ordering::Less));
    }

    #[test]
    fn booleans() {
        assert_eq!(parse_bool("true"), Some(true));
        assert_eq!(parse_bool("TRUE"), Some(true));
        assert_eq!(parse_bool("False"), Some(false));
        assert_eq!(parse_bool("yes"), None);
        assert_eq!(parse_bool(" true"), None);
    }

    #[test]
    fn cidrs() {
        let c = |s| Cidr::parse(s).unwrap();
        let ip = |s| parse_ip(s).unwrap();
        assert!(c("203.0.113.0/24").contains(ip("203.0.113.77")));
        assert!(!c("203.0.113.0/24").contains(ip("203.0.114.1")));
        assert!(c("10.1.2.3/8").contains(ip("10.200.0.1")));
        assert_eq!(c("10.1.2.3/8").network(), ip("10.0.0.0"));
        assert!(c("10.1.2.3").contains(ip("10.1.2.3")));
        assert!(!c("10.1.2.3").contains(ip("10.1.2.4")));
        assert!(c("0.0.0.0/0").contains(ip("192.0.2.1")));
        assert!(c("2001:DB8:1234:5678::/64").contains(ip("2001:db8:1234:5678::1")));
        assert!(!c("2001:DB8:1234:5678::/64").contains(ip("2001:db8:1234:5679::1")));
        assert!(c("2001:db8::ffff/32").contains(ip("2001:db8:ffff::1")));
        assert!(c("::/0").contains(ip("::1")));
        assert!(!c("::/0").contains(ip("10.0.0.1")));
        assert!(c("10.0.0.0/8").contains(ip("::ffff:10.0.0.1")));
        assert_eq!(c("2001:db8::1").prefix(), 128);
        for bad in [
            "",
            "10.0.0.0/33",
            "10.0.0.0/",
            "10.0.0.0/+8",
            "::/129",
            "10.0.0",
            "x/8",
        ] {
            assert_eq!(Cidr::parse(bad), None, "{bad}");
        }
        assert_eq!(parse_ip("10.0.0.0/8"), None);
    }

    #[test]
    fn base64() {
        assert_eq!(decode_base64(""), Some(vec![]));
        assert_eq!(decode_base64("Zg=="), Some(b"f".to_vec()));
        assert_eq!(decode_base64("Zm8="), Some(b"fo".to_vec()));
        assert_eq!(decode_base64("Zm9v"), Some(b"foo".to_vec()));
        assert_eq!(decode_base64("Zm9vYmFy"), Some(b"foobar".to_vec()));
        assert_eq!(decode_base64("+/+/"), Some(vec![0xfb, 0xff, 0xbf]));
        for bad in [
            "Zg", "Zg=", "Zg=a", "Z===", "Zg==Zg==", "Zm9v\n", "Zm-_", "====",
        ] {
            assert_eq!(decode_base64(bad), None, "{bad}");
        }
        assert!(base64_equals("Zm9vYmFy", b"foobar"));
        assert!(!base64_equals("Zm9vYmFy", b"fooba"));
        assert!(!base64_equals("Zm9vYmE=", b"foobar"));
        assert!(!base64_equals("Zm9vYmF", b"foobar"));
        assert!(base64_equals("", b""));
        assert!(is_base64("Zm8="));
        assert!(!is_base64("Zm8"));
    }
}
