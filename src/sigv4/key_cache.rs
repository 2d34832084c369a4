//! Derived keys kept per thread, so that verifying many requests of one
//! signer does not derive the same key again for each.
//!
//! A SigV4 signing key depends only on the secret and the scope (date,
//! region, service): four HMACs that cost as much as the rest of a
//! verification. A SigV4A public key depends only on the access key id and
//! the secret, and costs a scalar multiplication. Both caches are small
//! and per thread (no lock on the hot path), hold the secret only as the
//! caller already does, and are never printed.

use std::cell::RefCell;

use p256::ecdsa::VerifyingKey;

use super::credentials::Secret;
use super::crypto;
use super::sigv4a;

/// How many scopes, or key pairs, a thread keeps: a verifier sees few
/// signers and dates at once; the oldest entry goes first.
const CAPACITY: usize = 8;

struct SigV4Entry {
    secret: Secret,
    date: String,
    region: String,
    service: String,
    key: [u8; 32],
}

struct SigV4aEntry {
    access_key_id: String,
    secret: Secret,
    key: VerifyingKey,
}

thread_local! {
    static SIGV4: RefCell<Vec<SigV4Entry>> = const { RefCell::new(Vec::new()) };
    static SIGV4A: RefCell<Vec<SigV4aEntry>> = const { RefCell::new(Vec::new()) };
}

/// Keeps `entries` at most `CAPACITY - 1` long before a push.
fn make_room<T>(entries: &mut Vec<T>) {
    if entries.len() >= CAPACITY {
        entries.remove(0);
    }
}

/// The SigV4 signing key of `secret` for the scope `date/region/service`,
/// derived once per thread and scope ([`crypto::signing_key`]).
pub fn sigv4_signing_key(secret: &str, date: &str, region: &str, service: &str) -> [u8; 32] {
    let cached = SIGV4.with(|cache| {
        cache
            .borrow()
            .iter()
            .find(|e| {
                e.date == date
                    && e.region == region
                    && e.service == service
                    && e.secret.expose() == secret
            })
            .map(|e| e.key)
    });
    if let Some(key) = cached {
        return key;
    }
    let key = crypto::signing_key(secret, date, region, service);
    SIGV4.with(|cache| {
        let mut entries = cache.borrow_mut();
        make_room(&mut entries);
        entries.push(SigV4Entry {
            secret: Secret::new(secret),
            date: date.to_owned(),
            region: region.to_owned(),
            service: service.to_owned(),
            key,
        });
    });
    key
}

/// The SigV4A public key of the credentials `access_key_id` and `secret`,
/// derived once per thread and key pair ([`sigv4a::verifying_key`]).
pub fn sigv4a_verifying_key(access_key_id: &str, secret: &str) -> Option<VerifyingKey> {
    let cached = SIGV4A.with(|cache| {
        cache
            .borrow()
            .iter()
            .find(|e| e.access_key_id == access_key_id && e.secret.expose() == secret)
            .map(|e| e.key)
    });
    if cached.is_some() {
        return cached;
    }
    let key = sigv4a::verifying_key(access_key_id, secret)?;
    SIGV4A.with(|cache| {
        let mut entries = cache.borrow_mut();
        make_room(&mut entries);
        entries.push(SigV4aEntry {
            access_key_id: access_key_id.to_owned(),
            secret: Secret::new(secret),
            key,
        });
    });
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_keys_are_the_derived_ones_for_each_scope() {
        for round in 0..2 {
            for day in 0..(CAPACITY + 2) {
                let date = format!("201501{:02}", day + 1);
                assert_eq!(
                    sigv4_signing_key("secret", &date, "us-east-1", "svc"),
                    crypto::signing_key("secret", &date, "us-east-1", "svc"),
                    "round {round}, {date}"
                );
            }
        }
        assert_ne!(
            sigv4_signing_key("secret", "20150101", "us-east-1", "svc"),
            sigv4_signing_key("other", "20150101", "us-east-1", "svc")
        );
        let a = sigv4a_verifying_key("AKID", "secret");
        assert_eq!(a, sigv4a::verifying_key("AKID", "secret"));
        assert_eq!(a, sigv4a_verifying_key("AKID", "secret"));
        assert_ne!(a, sigv4a_verifying_key("AKID2", "secret"));
    }
}
