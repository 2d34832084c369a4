//! The account an access key id belongs to, worked out offline.
//!
//! AWS documents that an access key id identifies its account (STS
//! `GetAccessKeyInfo` returns it); the encoding itself was worked out
//! publicly (Aidan Steele, "AWS Access Key ID formats", 2020; Tal Be'ery,
//! "A short note on AWS KEY ID", 2023): after the four-character prefix
//! (`AKIA` for an IAM user's long-term key, `ASIA` for temporary
//! credentials), the rest is base32 (`A`–`Z`, `2`–`7`), and the account id
//! is the 40 bits that start one bit into the decoded bytes. Keys issued
//! before about 2019 (`AKIAI…`, `AKIAJ…`) do not encode their account this
//! way (their first bit, the one before the account, is clear), and neither
//! do AWS's documentation examples (`AKIDEXAMPLE`, `AKIAIOSFODNN7EXAMPLE`).

/// The account `key_id` belongs to, as 12 digits, or `None` when it is not
/// an `AKIA`/`ASIA` key id that encodes one.
pub fn account_of(key_id: &str) -> Option<String> {
    let rest = key_id
        .strip_prefix("AKIA")
        .or_else(|| key_id.strip_prefix("ASIA"))?;
    if rest.len() < 10 {
        return None;
    }
    // Ten characters are 50 bits; the account is bits 1..=40 of the first 48.
    let mut bits: u64 = 0;
    for c in rest.bytes().take(10) {
        bits = (bits << 5) | u64::from(base32(c)?);
    }
    let first48 = bits >> 2;
    // Keys that encode their account have the first bit set (their fifth
    // character is `Q` to `7`); older keys (`AKIAI…`, `AKIAJ…`) do not.
    if first48 >> 47 == 0 {
        return None;
    }
    let account = (first48 & 0x7fff_ffff_ff80) >> 7;
    (account <= 999_999_999_999).then(|| format!("{account:012}"))
}

fn base32(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'2'..=b'7' => Some(c - b'2' + 26),
        _ => None,
    }
}

/// Whether `key_id` is a temporary (`ASIA`) key, which needs a session token.
pub fn is_temporary(key_id: &str) -> bool {
    key_id.starts_with("ASIA")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The inverse, for a round trip: the first 10 characters of a key id for `account`.
    fn encode(prefix: &str, account: u64) -> String {
        // The flag bit, the account, 7 more bits (48), then 2 zero bits: 10 characters.
        let bits = ((1 << 47) | (account << 7)) << 2;
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        let mut out = String::from(prefix);
        for i in (0..10).rev() {
            let index = ((bits >> (i * 5)) & 31) as usize;
            out.push(alphabet[index] as char);
        }
        out.push_str("AAAAAA");
        out
    }

    #[test]
    fn decodes_the_published_pair() {
        // The key id and account published with the decoding (Steele 2020, Be'ery 2023).
        assert_eq!(
            account_of("ASIAY34FZKBOKMUTVV7A").as_deref(),
            Some("609629065308")
        );
        // Only the first characters matter: the rest may change freely.
        assert_eq!(
            account_of("ASIAY34FZKBOAAAAAAAA").as_deref(),
            Some("609629065308")
        );
        assert_eq!(
            account_of("AKIAY34FZKBOKMUTVV7A").as_deref(),
            Some("609629065308")
        );
    }

    #[test]
    fn round_trips_accounts() {
        for account in [
            1u64,
            111_122_223_333,
            123_456_789_012,
            999_999_999_999,
            609_629_065_308,
        ] {
            let key = encode("AKIA", account);
            assert_eq!(account_of(&key), Some(format!("{account:012}")), "{key}");
        }
    }

    #[test]
    fn keys_that_encode_no_account() {
        assert_eq!(account_of("AKIDEXAMPLE"), None);
        assert_eq!(account_of("AKIAIOSFODNN7EXAMPLE"), None);
        assert_eq!(account_of("AKIA1"), None);
        assert_eq!(account_of("ASIA0000000000000000"), None);
        assert!(is_temporary("ASIAY34FZKBOKMUTVV7A"));
    }
}
