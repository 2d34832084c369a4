//! Verifying a request's SigV4 signature with known credentials: recompute
//! it the ways signers differ (double or single path encoding, the payload
//! hash) and say which one matched, or what to look at when none did.

use super::auth::{self, AuthParts, SIGV4, SIGV4A};
use super::canonical::{canonical_request, string_to_sign, Canonicalization, UriEncoding};
use super::credentials::Credentials;
use super::crypto::{hex, hmac_sha256, sha256_hex};
use super::request::HttpRequest;
use super::sign::UNSIGNED_PAYLOAD;
use super::{key_cache, sigv4a};

/// One recomputation of the signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    /// How the path was canonicalised.
    pub canonicalization: Canonicalization,
    /// The payload hash used.
    pub payload_hash: String,
    /// The canonical request.
    pub canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// The signature it gives (SigV4); empty for SigV4A, whose randomised
    /// signatures are verified rather than recomputed.
    pub signature: String,
}

/// The outcome of verifying a signed request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verification {
    /// The signature as the request carries it.
    pub parts: AuthParts,
    /// The attempt that reproduced the signature, if any.
    pub matched: Option<Attempt>,
    /// Every attempt made, the preferred one (double encoding, the payload
    /// hash the request declares) first; they stop at the first match.
    pub attempts: Vec<Attempt>,
    /// On a mismatch, what differs that a user can act on, the most likely
    /// first; on a match, things to fix though the signature holds.
    pub notes: Vec<String>,
}

impl Verification {
    /// Whether the signature matched.
    pub fn matches(&self) -> bool {
        self.matched.is_some()
    }

    /// The attempt to show: the one that matched, else the preferred one.
    pub fn shown(&self) -> Option<&Attempt> {
        self.matched.as_ref().or(self.attempts.first())
    }
}

/// Why a signature could not be verified at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VerifyError {
    /// The request carries no signature.
    Unsigned,
    /// The signature's parts could not be read.
    Unreadable(String),
}

impl std::fmt::Display for VerifyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VerifyError::Unsigned => f.write_str("the request is not signed"),
            VerifyError::Unreadable(why) => write!(f, "the signature cannot be read: {why}"),
        }
    }
}

/// The ways of canonicalising a path that signers in use differ by, the
/// one botocore and the AWS CLI use first.
const CANONICALIZATIONS: [Canonicalization; 3] = [
    Canonicalization::DOUBLE,
    Canonicalization::SINGLE,
    Canonicalization {
        encoding: UriEncoding::Double,
        normalize: false,
    },
];

/// What checks a recomputed string to sign against the request's
/// signature.
enum Checker {
    /// SigV4: the signing key of the scope; the signature is recomputed
    /// and compared.
    SigV4([u8; 32]),
    /// SigV4A: the public key derived from the credentials; the signature
    /// (randomised ECDSA) is verified.
    SigV4A(p256::ecdsa::VerifyingKey),
}

impl Checker {
    /// The signature recomputed (SigV4; empty for SigV4A) and whether the
    /// request's signature holds for `sts`.
    fn check(&self, sts: &str, carried: &str) -> (String, bool) {
        match self {
            Checker::SigV4(key) => {
                let sig = hex(&hmac_sha256(key, sts.as_bytes()));
                let found = sig.eq_ignore_ascii_case(carried);
                (sig, found)
            }
            Checker::SigV4A(key) => (String::new(), sigv4a::verify_string(key, sts, carried)),
        }
    }
}

/// Verifies `request`'s SigV4 or SigV4A signature with `credentials`.
/// SigV4 signatures are recomputed and compared; SigV4A signatures are
/// randomised, so each is verified under the public key derived from the
/// credentials (which must then be the signer's access key id and secret).
pub fn verify(
    request: &HttpRequest,
    credentials: &Credentials,
) -> Result<Verification, VerifyError> {
    let parts = auth::parse(request)
        .map_err(|e| VerifyError::Unreadable(e.0))?
        .ok_or(VerifyError::Unsigned)?;
    let fields = parts.credential_fields();
    let secret = credentials.secret_access_key.expose();
    let (date, checker) = match (parts.algorithm.as_str(), fields.as_slice()) {
        (SIGV4, [_, date, region, service, terminator]) => {
            terminated(terminator)?;
            let key = key_cache::sigv4_signing_key(secret, date, region, service);
            (*date, Checker::SigV4(key))
        }
        (SIGV4A, [_, date, _service, terminator]) => {
            terminated(terminator)?;
            let key = key_cache::sigv4a_verifying_key(&credentials.access_key_id, secret)
                .ok_or_else(|| {
                    VerifyError::Unreadable(
                        "no SigV4A key can be derived from these credentials".to_owned(),
                    )
                })?;
            (*date, Checker::SigV4A(key))
        }
        (SIGV4, _) => {
            return Err(VerifyError::Unreadable(format!(
                "the credential {:?} is not access-key/date/region/service/aws4_request",
                parts.credential
            )))
        }
        (SIGV4A, _) => {
            return Err(VerifyError::Unreadable(format!(
                "the credential {:?} is not access-key/date/service/aws4_request (SigV4A has no region in its scope)",
                parts.credential
            )))
        }
        (other, _) => {
            return Err(VerifyError::Unreadable(format!(
                "unknown algorithm {other:?}"
            )))
        }
    };
    let Some(amz_date) = parts.amz_date.as_deref() else {
        return Err(VerifyError::Unreadable(
            "no X-Amz-Date gives the signing time".to_owned(),
        ));
    };
    let declared = request.header("x-amz-content-sha256").map(str::trim);
    let body_hash;
    let payload_hashes: &[&str] = match declared {
        Some(hash) => &[hash],
        None => {
            body_hash = sha256_hex(&request.body);
            &[body_hash.as_str(), UNSIGNED_PAYLOAD]
        }
    };
    let carried = parts.signature.trim();
    let scope = parts.scope();
    let mut attempts = Vec::new();
    let mut matched_at = None;
    let mut seen_uris: Vec<String> = Vec::new();
    'attempts: for how in CANONICALIZATIONS {
        let uri = super::canonical::canonical_uri(&request.path, how);
        if seen_uris.contains(&uri) {
            continue;
        }
        seen_uris.push(uri);
        for payload_hash in payload_hashes {
            let canonical = canonical_request(request, &parts.signed_headers, payload_hash, how);
            let sts = string_to_sign(&parts.algorithm, amz_date, scope, &canonical);
            let (signature, found) = checker.check(&sts, carried);
            attempts.push(Attempt {
                canonicalization: how,
                payload_hash: (*payload_hash).to_owned(),
                canonical_request: canonical,
                string_to_sign: sts,
                signature,
            });
            if found {
                matched_at = Some(attempts.len() - 1);
                break 'attempts;
            }
        }
    }
    let matched = matched_at.and_then(|at| attempts.get(at)).cloned();
    let mut notes = Vec::new();
    match &matched {
        Some(attempt) => {
            if declared.is_none() && attempt.payload_hash == UNSIGNED_PAYLOAD {
                notes.push("the signer used UNSIGNED-PAYLOAD but the request does not send `x-amz-content-sha256: UNSIGNED-PAYLOAD`, which Lattice requires".to_owned());
            }
        }
        None => notes = mismatch_notes(request, &parts, credentials, date, amz_date),
    }
    Ok(Verification {
        parts,
        matched,
        attempts,
        notes,
    })
}

/// A credential scope ends in `aws4_request`.
fn terminated(terminator: &str) -> Result<(), VerifyError> {
    if terminator == "aws4_request" {
        Ok(())
    } else {
        Err(VerifyError::Unreadable(format!(
            "the credential scope ends in {terminator:?}, not aws4_request"
        )))
    }
}

/// What differs between the request and what its signer must have seen,
/// the most actionable first.
fn mismatch_notes(
    request: &HttpRequest,
    parts: &AuthParts,
    credentials: &Credentials,
    date: &str,
    amz_date: &str,
) -> Vec<String> {
    let mut notes = Vec::new();
    if parts.access_key_id() != credentials.access_key_id {
        notes.push(format!(
            "the request was signed with access key {} but the credentials are for {}: verify with that key's secret",
            parts.access_key_id(),
            credentials.access_key_id
        ));
    }
    if amz_date.get(..8) != Some(date) {
        notes.push(format!(
            "the credential scope's date {date} is not the date of X-Amz-Date {amz_date}: the signer must use one time for both"
        ));
    }
    for name in &parts.signed_headers {
        if request.header(name).is_none() {
            notes.push(format!(
                "`{name}` is named in SignedHeaders but the request does not send it: it was dropped after signing, or must be sent"
            ));
        }
    }
    if let (Some(host), true) = (
        request.header("host"),
        parts.signed_headers.iter().any(|h| h == "host"),
    ) {
        if host.contains(':') {
            notes.push(format!(
                "the host header carries a port ({host}); a signer that signed the host without it (gRPC needs a port-less authority) gives another signature"
            ));
        }
    }
    notes.push("otherwise the secret access key is not the one that signed, or the method, path, query or a signed header changed after signing: compare the canonical request below with your signer's".to_owned());
    notes
}

impl Verification {
    /// The verification as text for a person: which encoding matched, or
    /// what to act on first, then the canonical request and the string to
    /// sign recomputed (never the secret or the signing key).
    pub fn report(&self) -> String {
        let mut out = String::new();
        match &self.matched {
            Some(attempt) => {
                out.push_str(&format!(
                    "signature matches ({} URI encoding{})\n",
                    attempt.canonicalization.encoding.name(),
                    if attempt.canonicalization.normalize {
                        ", path normalised"
                    } else {
                        ""
                    }
                ));
                for note in &self.notes {
                    out.push_str(&format!("  note: {note}\n"));
                }
            }
            None if self.parts.algorithm == SIGV4A => {
                out.push_str(&format!(
                    "signature does not match: the request's SigV4A signature {} does not verify under the public key derived from these credentials (tried {} URI encoding)\n",
                    self.parts.signature,
                    self.attempts
                        .iter()
                        .map(|a| a.canonicalization.encoding.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                self.mismatch_details(&mut out);
            }
            None => {
                out.push_str(&format!(
                    "signature does not match: the request carries {}, recomputed {}\n",
                    self.parts.signature,
                    self.attempts
                        .iter()
                        .map(|a| format!(
                            "{} ({})",
                            a.signature,
                            a.canonicalization.encoding.name()
                        ))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                self.mismatch_details(&mut out);
            }
        }
        out
    }

    /// What to act on, then the canonical request and the string to sign
    /// of the preferred attempt.
    fn mismatch_details(&self, out: &mut String) {
        for note in &self.notes {
            out.push_str(&format!("  - {note}\n"));
        }
        if let Some(attempt) = self.shown() {
            out.push_str("canonical request (double encoding):\n");
            for line in attempt.canonical_request.lines() {
                out.push_str(&format!("  | {line}\n"));
            }
            out.push_str("string to sign:\n");
            for line in attempt.string_to_sign.lines() {
                out.push_str(&format!("  | {line}\n"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::Timestamp;
    use crate::sigv4::{sign, Payload, SignForm, SignParams};

    fn signed(credentials: &Credentials) -> HttpRequest {
        let mut request = HttpRequest {
            method: "GET".into(),
            ..HttpRequest::default()
        };
        request.set_target("/a%20b?x=1");
        request.headers.push(("host".into(), "h.example".into()));
        let params = SignParams {
            credentials,
            region: "us-west-2",
            service: "vpc-lattice-svcs",
            time: Timestamp::from_millis(0),
            form: SignForm::Header,
            payload: Payload::Unsigned,
            canonicalization: Canonicalization::SINGLE,
        };
        sign(&request, &params).unwrap().request
    }

    #[test]
    fn single_encoding_is_found_and_named() {
        let credentials = Credentials::new("AKID", "secret-key-value");
        let verification = verify(&signed(&credentials), &credentials).unwrap();
        let report = verification.report();
        assert!(
            report.starts_with("signature matches (single URI encoding)"),
            "{report}"
        );
        assert_eq!(verification.attempts.len(), 2);
    }

    #[test]
    fn a_mismatch_shows_the_canonical_request_but_never_the_secret() {
        let credentials = Credentials::new("AKID", "secret-key-value");
        let mut request = signed(&credentials);
        request.set_target("/a%20b?x=2");
        let report = verify(&request, &credentials).unwrap().report();
        assert!(report.starts_with("signature does not match"), "{report}");
        assert!(report.contains("  | x=2\n"), "{report}");
        assert!(
            report.contains("string to sign:\n  | AWS4-HMAC-SHA256\n"),
            "{report}"
        );
        assert!(!report.contains("secret-key-value"));
    }

    #[test]
    fn unsigned_is_said_so() {
        let credentials = Credentials::new("AKID", "s");
        assert_eq!(
            verify(&HttpRequest::default(), &credentials),
            Err(VerifyError::Unsigned)
        );
        let mut request = HttpRequest::default();
        request.headers.push((
            "authorization".into(),
            "AWS4-ECDSA-P256-SHA256 Credential=AKID/20150830/us-east-1/s/aws4_request, SignedHeaders=host, Signature=30".into(),
        ));
        assert!(matches!(
            verify(&request, &credentials),
            Err(VerifyError::Unreadable(why)) if why.contains("SigV4A has no region")
        ));
    }

    #[test]
    fn sigv4a_verifies_with_the_credentials_and_not_with_others() {
        let credentials = Credentials::new("AKID", "secret-key-value").with_token("tok");
        let mut request = HttpRequest {
            method: "GET".into(),
            ..HttpRequest::default()
        };
        request.set_target("/a%20b?x=1");
        request.headers.push(("host".into(), "h.example".into()));
        for form in [SignForm::Header, SignForm::Query { expires: 60 }] {
            let params = SignParams {
                credentials: &credentials,
                region: "ignored",
                service: "vpc-lattice-svcs",
                time: Timestamp::from_millis(0),
                form,
                payload: Payload::Unsigned,
                canonicalization: Canonicalization::DOUBLE,
            };
            let signed = crate::sigv4::sign_sigv4a(&request, &params, "us-west-2,eu-*")
                .unwrap()
                .request;
            let verification = verify(&signed, &credentials).unwrap();
            assert!(verification.matches(), "{}", verification.report());
            assert!(verification
                .report()
                .starts_with("signature matches (double URI encoding"));
            let other = Credentials::new("AKID", "another-secret");
            let report = verify(&signed, &other).unwrap().report();
            assert!(
                report.contains("does not verify under the public key"),
                "{report}"
            );
            assert!(report.contains("  | AWS4-ECDSA-P256-SHA256\n"), "{report}");
            assert!(!report.contains("another-secret") && !report.contains("secret-key-value"));
        }
    }
}
