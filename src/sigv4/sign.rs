//! Signing a request with SigV4, in the header or the presigned (query)
//! form, the way Lattice needs it.

use super::auth::{SIGV4, SIGV4A};
use super::canonical::{canonical_request, string_to_sign, Canonicalization};
use super::credentials::Credentials;
use super::crypto::{hex, hmac_sha256, sha256_hex, signing_key};
use super::encode::uri_encode;
use super::request::HttpRequest;
use super::sigv4a;
use crate::eval::Timestamp;

/// The payload hash Lattice requires: it does not support signed payloads.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// The signing name of Lattice services.
pub const LATTICE_SIGNING_NAME: &str = "vpc-lattice-svcs";

/// Headers never signed, as botocore leaves them out: proxies and clients
/// add or change them after signing.
const UNSIGNED_HEADERS: [&str; 5] = [
    "authorization",
    "expect",
    "transfer-encoding",
    "user-agent",
    "x-amzn-trace-id",
];

/// Where the signature goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignForm {
    /// The `Authorization` header.
    Header,
    /// A presigned URL valid for `expires` seconds.
    Query {
        /// `X-Amz-Expires`, in seconds.
        expires: u64,
    },
}

/// What the canonical request says of the payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Payload {
    /// `UNSIGNED-PAYLOAD`, sent and signed as the `x-amz-content-sha256`
    /// header, in both forms (Lattice; aws-c-auth does the same for
    /// `vpc-lattice-svcs` presigned URLs).
    Unsigned,
    /// The SHA-256 of the body, not sent as a header (SigV4 outside
    /// Lattice, as AWS's test suite signs).
    BodyHash,
    /// The SHA-256 of the body, sent and signed as `x-amz-content-sha256`
    /// in the header form (a signed payload: what Lattice rejects; the test
    /// suite's `sign_body`).
    BodyHashHeader,
}

/// Everything a signature depends on besides the request.
#[derive(Clone, Debug)]
pub struct SignParams<'a> {
    /// The credentials.
    pub credentials: &'a Credentials,
    /// The region of the scope.
    pub region: &'a str,
    /// The signing name (`vpc-lattice-svcs` for Lattice).
    pub service: &'a str,
    /// The signing time.
    pub time: Timestamp,
    /// Header or presigned.
    pub form: SignForm,
    /// The payload hash.
    pub payload: Payload,
    /// How the path is canonicalised.
    pub canonicalization: Canonicalization,
}

/// A signed request, with the intermediate steps that produced it.
#[derive(Clone, Debug)]
pub struct Signed {
    /// The request as it should be sent.
    pub request: HttpRequest,
    /// The canonical request that was signed.
    pub canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// The signature, hex.
    pub signature: String,
}

/// Why a request could not be signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignError(pub String);

/// `YYYYMMDDTHHMMSSZ`, SigV4's request time.
pub fn amz_date(time: Timestamp) -> String {
    let text = Timestamp::from_epoch_seconds(time.epoch_seconds())
        .unwrap_or(time)
        .to_string();
    text.chars().filter(|c| *c != '-' && *c != ':').collect()
}

/// The instant an `X-Amz-Date` value (`20150830T123600Z`) names.
pub fn parse_amz_date(text: &str) -> Option<Timestamp> {
    let b = text.as_bytes();
    if b.len() != 16 || b.get(8) != Some(&b'T') || b.get(15) != Some(&b'Z') {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| {
        text.get(range)
            .filter(|s| s.bytes().all(|c| c.is_ascii_digit()))
    };
    let rfc = format!(
        "{}-{}-{}T{}:{}:{}Z",
        digits(0..4)?,
        digits(4..6)?,
        digits(6..8)?,
        digits(9..11)?,
        digits(11..13)?,
        digits(13..15)?
    );
    Timestamp::parse_rfc3339(&rfc)
}

/// The signature of `string_to_sign` under the key of `secret` and the
/// scope's date, region and service.
pub fn signature(secret: &str, date: &str, region: &str, service: &str, sts: &str) -> String {
    let key = signing_key(secret, date, region, service);
    hex(&hmac_sha256(&key, sts.as_bytes()))
}

/// The headers a signer signs: every header present but those never
/// signed, lower case, sorted, once each.
pub fn headers_to_sign(request: &HttpRequest) -> Vec<String> {
    let mut names: Vec<String> = request
        .headers
        .iter()
        .map(|(name, _)| name.to_ascii_lowercase())
        .filter(|name| !UNSIGNED_HEADERS.contains(&name.as_str()))
        .collect();
    names.sort();
    names.dedup();
    names
}

fn set_header(request: &mut HttpRequest, name: &str, value: &str) {
    request
        .headers
        .retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    request.headers.push((name.to_owned(), value.to_owned()));
}

/// Which signature a request gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm<'a> {
    /// SigV4 (`AWS4-HMAC-SHA256`): for the one region of
    /// [`SignParams::region`].
    SigV4,
    /// SigV4A (`AWS4-ECDSA-P256-SHA256`): for a region set, written as
    /// `X-Amz-Region-Set` takes it (`us-west-2,us-east-1`, `*` for every
    /// region); [`SignParams::region`] is not used.
    SigV4A {
        /// The region set, comma-separated.
        region_set: &'a str,
    },
}

/// Signs `request` with SigV4, which must have a `host` header. Any
/// signature it carried is replaced.
pub fn sign(request: &HttpRequest, params: &SignParams<'_>) -> Result<Signed, SignError> {
    sign_with(request, params, Algorithm::SigV4)
}

/// Signs `request` with SigV4A for `region_set` (`X-Amz-Region-Set`:
/// regions separated by commas, `*` for all), the same way [`sign`] signs
/// with SigV4: the same [`SignParams`] but for the region, which the
/// region set replaces (the scope is `DATE/SERVICE/aws4_request`), and the
/// same forms. The signature is ECDSA P-256 with a key derived from the
/// credentials ([`super::sigv4a`]), DER in hex; RFC 6979 nonces make it
/// reproducible for one input.
pub fn sign_sigv4a(
    request: &HttpRequest,
    params: &SignParams<'_>,
    region_set: &str,
) -> Result<Signed, SignError> {
    sign_with(request, params, Algorithm::SigV4A { region_set })
}

/// Signs `request` with `algorithm`: the one implementation behind
/// [`sign`] and [`sign_sigv4a`].
pub fn sign_with(
    request: &HttpRequest,
    params: &SignParams<'_>,
    algorithm: Algorithm<'_>,
) -> Result<Signed, SignError> {
    if request.header("host").is_none() {
        return Err(SignError("the request has no host header".to_owned()));
    }
    let region_set = match algorithm {
        Algorithm::SigV4 => None,
        Algorithm::SigV4A { region_set } if region_set.trim().is_empty() => {
            return Err(SignError("the SigV4A region set is empty".to_owned()));
        }
        Algorithm::SigV4A { region_set } => Some(region_set.trim()),
    };
    let algorithm_name = if region_set.is_some() { SIGV4A } else { SIGV4 };
    let mut out = request.clone();
    out.headers
        .retain(|(n, _)| !n.eq_ignore_ascii_case("authorization"));
    let date_time = amz_date(params.time);
    let date = date_time.get(..8).unwrap_or_default();
    let scope = match region_set {
        None => format!("{date}/{}/{}/aws4_request", params.region, params.service),
        Some(_) => format!("{date}/{}/aws4_request", params.service),
    };
    let payload_hash = match params.payload {
        Payload::Unsigned => {
            set_header(&mut out, "x-amz-content-sha256", UNSIGNED_PAYLOAD);
            UNSIGNED_PAYLOAD.to_owned()
        }
        Payload::BodyHash => sha256_hex(&request.body),
        // A presigned URL does not carry a body hash header (aws-c-auth).
        Payload::BodyHashHeader if matches!(params.form, SignForm::Query { .. }) => {
            sha256_hex(&request.body)
        }
        Payload::BodyHashHeader => {
            let hash = sha256_hex(&request.body);
            set_header(&mut out, "x-amz-content-sha256", &hash);
            hash
        }
    };
    let credentials = params.credentials;
    match params.form {
        SignForm::Header => {
            set_header(&mut out, "X-Amz-Date", &date_time);
            if let Some(set) = region_set {
                set_header(&mut out, "X-Amz-Region-Set", set);
            }
            if let Some(token) = &credentials.session_token {
                set_header(&mut out, "X-Amz-Security-Token", token.expose());
            }
        }
        SignForm::Query { expires } => {
            let signed = headers_to_sign(&out).join(";");
            let mut query: Vec<String> = out
                .query_pairs()
                .filter(|(k, _)| !is_auth_param(k))
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            let credential = format!("{}/{scope}", credentials.access_key_id);
            query.push(format!("X-Amz-Algorithm={algorithm_name}"));
            query.push(format!(
                "X-Amz-Credential={}",
                uri_encode(&credential, false)
            ));
            query.push(format!("X-Amz-Date={date_time}"));
            query.push(format!(
                "X-Amz-SignedHeaders={}",
                uri_encode(&signed, false)
            ));
            query.push(format!("X-Amz-Expires={expires}"));
            if let Some(set) = region_set {
                query.push(format!("X-Amz-Region-Set={}", uri_encode(set, false)));
            }
            if let Some(token) = &credentials.session_token {
                query.push(format!(
                    "X-Amz-Security-Token={}",
                    uri_encode(token.expose(), false)
                ));
            }
            out.query = query.join("&");
        }
    }
    let signed_headers = headers_to_sign(&out);
    let canonical = canonical_request(
        &out,
        &signed_headers,
        &payload_hash,
        params.canonicalization,
    );
    let sts = string_to_sign(algorithm_name, &date_time, &scope, &canonical);
    let sig = match region_set {
        None => signature(
            credentials.secret_access_key.expose(),
            date,
            params.region,
            params.service,
            &sts,
        ),
        Some(_) => {
            let key = sigv4a::signing_key(
                &credentials.access_key_id,
                credentials.secret_access_key.expose(),
            )
            .ok_or_else(|| {
                SignError("no SigV4A key can be derived from these credentials".to_owned())
            })?;
            sigv4a::sign_string(&key, &sts)
        }
    };
    match params.form {
        SignForm::Header => out.headers.push((
            "Authorization".to_owned(),
            format!(
                "{algorithm_name} Credential={}/{scope}, SignedHeaders={}, Signature={sig}",
                credentials.access_key_id,
                signed_headers.join(";")
            ),
        )),
        SignForm::Query { .. } => {
            out.query.push_str("&X-Amz-Signature=");
            out.query.push_str(&sig);
        }
    }
    Ok(Signed {
        request: out,
        canonical_request: canonical,
        string_to_sign: sts,
        signature: sig,
    })
}

/// Whether a query key (as written) is one a presigned URL's signature
/// sets: re-signing replaces them.
fn is_auth_param(key: &str) -> bool {
    matches!(
        super::encode::percent_decode(key).as_str(),
        "X-Amz-Algorithm"
            | "X-Amz-Credential"
            | "X-Amz-Date"
            | "X-Amz-SignedHeaders"
            | "X-Amz-Expires"
            | "X-Amz-Security-Token"
            | "X-Amz-Signature"
            | "X-Amz-Region-Set"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amz_dates_both_ways() {
        let time = Timestamp::parse_rfc3339("2015-08-30T12:36:00.250Z").unwrap();
        assert_eq!(amz_date(time), "20150830T123600Z");
        assert_eq!(
            parse_amz_date("20150830T123600Z"),
            Timestamp::parse_rfc3339("2015-08-30T12:36:00Z")
        );
        assert_eq!(parse_amz_date("2015-08-30T12:36"), None);
        assert_eq!(parse_amz_date("20150830X123600Z"), None);
    }

    #[test]
    fn a_request_without_host_is_refused() {
        let credentials = Credentials::new("AKID", "secret");
        let params = SignParams {
            credentials: &credentials,
            region: "us-east-1",
            service: LATTICE_SIGNING_NAME,
            time: Timestamp::from_millis(0),
            form: SignForm::Header,
            payload: Payload::Unsigned,
            canonicalization: Canonicalization::DOUBLE,
        };
        assert!(sign(&HttpRequest::default(), &params).is_err());
    }
}
