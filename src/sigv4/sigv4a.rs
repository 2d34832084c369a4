//! SigV4A (`AWS4-ECDSA-P256-SHA256`): the asymmetric variant of SigV4 that
//! signs for a region set instead of one region.
//!
//! The canonical request is SigV4's, with the region set in the signed
//! `X-Amz-Region-Set` header (or the presigned query parameter of that
//! name); the string to sign names the ECDSA algorithm and a scope without
//! a region (`DATE/SERVICE/aws4_request`). The signature is an ECDSA P-256
//! signature over SHA-256 of the string to sign, DER-encoded, in hex.
//!
//! The key pair is not random: it is derived from the access key id and
//! the secret access key by the counter-mode KDF of NIST SP 800-108 with
//! HMAC-SHA256, as AWS's signers (aws-c-auth, the SDKs) do, so a verifier
//! holding the secret derives the same public key. ECDSA signatures of the
//! same text differ from signer to signer (AWS's signers use a random
//! nonce, this one RFC 6979's deterministic nonce), so a signature is
//! verified, never compared.

use p256::ecdsa::signature::{Signer, Verifier};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};

use super::crypto::{hex, hmac_sha256};

/// The SigV4A algorithm name, also the KDF's label.
pub const ALGORITHM: &str = "AWS4-ECDSA-P256-SHA256";

/// The order of P-256 minus two, big-endian: a KDF output at most this is
/// a private key once one is added (so the key is in `1..n`).
const N_MINUS_2: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x4f,
];

/// The KDF's counter stops here (aws-c-auth's bound); each step has a
/// chance of about 2^-32 of being needed, so it is never reached.
const MAX_COUNTER: u8 = 254;

/// The fixed input of one KDF step: `0x00000001 || label || 0x00 ||
/// access key id || counter || 0x00000100` (the output length in bits).
fn fixed_input(access_key_id: &str, counter: u8) -> Vec<u8> {
    let mut input = Vec::with_capacity(32 + access_key_id.len());
    input.extend_from_slice(&1u32.to_be_bytes());
    input.extend_from_slice(ALGORITHM.as_bytes());
    input.push(0);
    input.extend_from_slice(access_key_id.as_bytes());
    input.push(counter);
    input.extend_from_slice(&256u32.to_be_bytes());
    input
}

/// `bytes + 1`, big-endian; the caller guarantees no overflow (the value
/// is at most n - 2).
fn add_one(mut bytes: [u8; 32]) -> [u8; 32] {
    for byte in bytes.iter_mut().rev() {
        let (sum, carry) = byte.overflowing_add(1);
        *byte = sum;
        if !carry {
            break;
        }
    }
    bytes
}

/// The SigV4A private key of a pair of credentials: for counter 1, 2, …,
/// `k0 = HMAC-SHA256("AWS4A" + secret, fixed input)`, and the first `k0`
/// not above n - 2 gives the key `k0 + 1`. `None` only if no counter
/// gives one (probability about 2^-8000).
pub fn signing_key(access_key_id: &str, secret_access_key: &str) -> Option<SigningKey> {
    let mut input_key = Vec::with_capacity(5 + secret_access_key.len());
    input_key.extend_from_slice(b"AWS4A");
    input_key.extend_from_slice(secret_access_key.as_bytes());
    (1..=MAX_COUNTER).find_map(|counter| {
        let k0 = hmac_sha256(&input_key, &fixed_input(access_key_id, counter));
        // Big-endian byte strings of one length compare as the numbers do.
        if k0 > N_MINUS_2 {
            return None;
        }
        SigningKey::from_bytes(&add_one(k0).into()).ok()
    })
}

/// The public key a verifier derives from the same credentials.
pub fn verifying_key(access_key_id: &str, secret_access_key: &str) -> Option<VerifyingKey> {
    signing_key(access_key_id, secret_access_key).map(|key| *key.verifying_key())
}

/// The public key's affine coordinates, lower-case hex (the form of the
/// signing test suite's `public-key.json`).
pub fn public_key_xy(key: &VerifyingKey) -> (String, String) {
    let point = key.to_encoded_point(false);
    let coordinate = |c: Option<&p256::FieldBytes>| c.map_or_else(String::new, |b| hex(b));
    (coordinate(point.x()), coordinate(point.y()))
}

/// The signature of `string_to_sign`: ECDSA P-256 over its SHA-256, DER,
/// lower-case hex.
pub fn sign_string(key: &SigningKey, string_to_sign: &str) -> String {
    let signature: Signature = key.sign(string_to_sign.as_bytes());
    hex(signature.to_der().as_bytes())
}

/// Whether `signature_hex` (DER, hex, either case) is a valid signature of
/// `string_to_sign` under `key`. A signature that is not hex or not DER
/// does not verify.
pub fn verify_string(key: &VerifyingKey, string_to_sign: &str, signature_hex: &str) -> bool {
    let Some(der) = unhex(signature_hex.trim()) else {
        return false;
    };
    Signature::from_der(&der).is_ok_and(|sig| key.verify(string_to_sign.as_bytes(), &sig).is_ok())
}

/// The bytes an even number of hex digits gives.
fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    text.as_bytes()
        .chunks(2)
        .map(|pair| {
            let digit = |at: usize| pair.get(at).and_then(|b| char::from(*b).to_digit(16));
            Some(u8::try_from(digit(0)? * 16 + digit(1)?).unwrap_or(0))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The public key of the signing test suite's credentials
    /// (`AKIDEXAMPLE`, `wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY`), as
    /// aws-c-auth's `v4a/*/public-key.json` gives it.
    #[test]
    fn the_derived_key_is_the_suites() {
        let key = verifying_key("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY").unwrap();
        assert_eq!(
            public_key_xy(&key),
            (
                "b6618f6a65740a99e650b33b6b4b5bd0d43b176d721a3edfea7e7d2d56d936b1".to_owned(),
                "865ed22a7eadc9c5cb9d2cbaca1b3699139fedc5043dc6661864218330c8e518".to_owned()
            )
        );
    }

    #[test]
    fn a_signature_verifies_and_a_changed_text_does_not() {
        let key = signing_key("AKID", "secret").unwrap();
        let sig = sign_string(&key, "text");
        assert!(sig.starts_with("30"), "DER: {sig}");
        assert!(verify_string(key.verifying_key(), "text", &sig));
        assert!(verify_string(
            key.verifying_key(),
            "text",
            &sig.to_ascii_uppercase()
        ));
        assert!(!verify_string(key.verifying_key(), "text!", &sig));
        assert!(!verify_string(key.verifying_key(), "text", "30zz"));
        assert!(!verify_string(key.verifying_key(), "text", "301"));
    }

    #[test]
    fn adding_one_carries() {
        let mut low = [0u8; 32];
        low[31] = 0xff;
        low[30] = 0x01;
        let sum = add_one(low);
        assert_eq!((sum[30], sum[31]), (0x02, 0x00));
    }

    #[test]
    fn the_fixed_input_is_laid_out_as_specified() {
        let input = fixed_input("AK", 1);
        assert_eq!(input.len(), 32 + 2);
        assert_eq!(&input[..4], &[0, 0, 0, 1]);
        assert_eq!(&input[26..29], &[0, b'A', b'K']);
        assert_eq!(&input[29..], &[1, 0, 0, 1, 0]);
    }
}
