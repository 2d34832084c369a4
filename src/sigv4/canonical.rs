//! The canonical request and the string to sign (SigV4 steps 1 and 2).

use super::crypto::sha256_hex;
use super::encode::{encode_path_once, normalize_path, percent_decode, uri_encode};
use super::request::HttpRequest;

/// How the path is encoded in the canonical request (see [`super::encode`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UriEncoding {
    /// The path as sent is normalised and encoded once more (botocore, the
    /// CRT signer, the AWS CLI; the default of SigV4 outside S3).
    Double,
    /// The path as sent, not normalised (the Go SDK with
    /// `DisableDoublePathEscape`, S3-style).
    Single,
}

impl UriEncoding {
    /// `double` or `single`.
    pub fn name(self) -> &'static str {
        match self {
            UriEncoding::Double => "double",
            UriEncoding::Single => "single",
        }
    }
}

/// The options that decide a canonical request beyond the request itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Canonicalization {
    /// How the path is encoded.
    pub encoding: UriEncoding,
    /// Whether dot segments and empty segments are removed from the path
    /// first (with double encoding; the CRT signer's `normalize`).
    pub normalize: bool,
}

impl Canonicalization {
    /// What botocore and the CRT signer do (AWS's Python example for Lattice).
    pub const DOUBLE: Canonicalization = Canonicalization {
        encoding: UriEncoding::Double,
        normalize: true,
    };
    /// What AWS's Go example for Lattice does.
    pub const SINGLE: Canonicalization = Canonicalization {
        encoding: UriEncoding::Single,
        normalize: false,
    };
}

/// The canonical URI of `path` (as sent).
pub fn canonical_uri(path: &str, how: Canonicalization) -> String {
    let path = if path.is_empty() { "/" } else { path };
    match how.encoding {
        UriEncoding::Double if how.normalize => uri_encode(&normalize_path(path), true),
        UriEncoding::Double => uri_encode(path, true),
        UriEncoding::Single if how.normalize => encode_path_once(&normalize_path(path)),
        UriEncoding::Single => encode_path_once(path),
    }
}

/// The canonical query string: each key and value decoded and encoded
/// again with `UriEncode`, sorted by key then value, `X-Amz-Signature` left
/// out (a presigned URL carries its signature there).
pub fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .map(|(k, v)| {
            (
                uri_encode(&percent_decode(k), false),
                uri_encode(&percent_decode(v), false),
            )
        })
        .filter(|(k, _)| k != "X-Amz-Signature")
        .collect();
    pairs.sort();
    let mut out = String::with_capacity(query.len() + 8);
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
    out
}

/// A header value as canonicalised: trimmed, runs of spaces (and folded
/// lines) collapsed to one space.
pub fn canonical_header_value(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The canonical headers block: for each signed header (lower case, in the
/// order given, which is sorted), `name:value` where the values of a
/// repeated header are joined by commas; each line ends with a newline.
/// A signed header the request lacks gets an empty value, as a verifier
/// must (the signer had it, so the signature will not match).
pub fn canonical_headers(request: &HttpRequest, signed_headers: &[String]) -> String {
    let mut out = String::new();
    for name in signed_headers {
        out.push_str(name);
        out.push(':');
        let values: Vec<String> = request
            .header_values(name)
            .map(canonical_header_value)
            .collect();
        out.push_str(&values.join(","));
        out.push('\n');
    }
    out
}

/// The whole canonical request.
pub fn canonical_request(
    request: &HttpRequest,
    signed_headers: &[String],
    payload_hash: &str,
    how: Canonicalization,
) -> String {
    format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method,
        canonical_uri(&request.path, how),
        canonical_query(&request.query),
        canonical_headers(request, signed_headers),
        signed_headers.join(";"),
        payload_hash
    )
}

/// The string to sign for SigV4: algorithm, request time, credential scope
/// and the hash of the canonical request.
pub fn string_to_sign(algorithm: &str, amz_date: &str, scope: &str, canonical: &str) -> String {
    format!(
        "{algorithm}\n{amz_date}\n{scope}\n{}",
        sha256_hex(canonical.as_bytes())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_is_sorted_by_encoded_key_then_value() {
        assert_eq!(
            canonical_query("b=2&a=2&a=1&c&X-Amz-Signature=x&k=a%2Fb+c"),
            "a=1&a=2&b=2&c=&k=a%2Fb%2Bc"
        );
    }

    #[test]
    fn the_two_encodings_differ_on_escapes() {
        let double = canonical_uri("/a%2Fb/./c", Canonicalization::DOUBLE);
        let single = canonical_uri("/a%2Fb/./c", Canonicalization::SINGLE);
        assert_eq!(double, "/a%252Fb/c");
        assert_eq!(single, "/a%2Fb/./c");
    }

    #[test]
    fn header_values_are_trimmed_and_collapsed() {
        assert_eq!(canonical_header_value("  a   b \t c  "), "a b c");
    }
}
