//! The canonical request and the string to sign (SigV4 steps 1 and 2).

use std::borrow::Cow;

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
    let mut out = String::with_capacity(path.len() + 8);
    push_canonical_uri(&mut out, path, how);
    out
}

/// Appends the canonical URI of `path` to `out`.
fn push_canonical_uri(out: &mut String, path: &str, how: Canonicalization) {
    let path = if path.is_empty() { "/" } else { path };
    let normalized;
    let path = if how.normalize && needs_normalizing(path) {
        normalized = normalize_path(path);
        normalized.as_str()
    } else {
        path
    };
    match how.encoding {
        UriEncoding::Double => push_uri_encoded(out, path, true),
        UriEncoding::Single => out.push_str(&encode_path_once(path)),
    }
}

/// Whether [`normalize_path`] could change `path`: it has an empty or a
/// dot segment, or is not absolute. Most paths have none, and skip it.
fn needs_normalizing(path: &str) -> bool {
    !path.starts_with('/')
        || path.contains("//")
        || path
            .split('/')
            .any(|segment| segment == "." || segment == "..")
}

/// Appends `text` encoded as [`uri_encode`] does: a text without bytes to
/// escape (most path segments, keys and values) is copied as is.
fn push_uri_encoded(out: &mut String, text: &str, keep_slash: bool) {
    let plain = text.bytes().all(|b| {
        b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~')
            || (keep_slash && b == b'/')
    });
    if plain {
        out.push_str(text);
    } else {
        out.push_str(&uri_encode(text, keep_slash));
    }
}

/// A query key or value as written, decoded and encoded again: borrowed
/// when it has nothing to decode or encode.
fn canonical_component(raw: &str) -> Cow<'_, str> {
    let plain = raw
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'));
    if plain {
        Cow::Borrowed(raw)
    } else {
        Cow::Owned(uri_encode(&percent_decode(raw), false))
    }
}

/// The canonical query string: each key and value decoded and encoded
/// again with `UriEncode`, sorted by key then value, `X-Amz-Signature` left
/// out (a presigned URL carries its signature there).
pub fn canonical_query(query: &str) -> String {
    let mut out = String::with_capacity(query.len() + 8);
    push_canonical_query(&mut out, query);
    out
}

/// Appends the canonical query string of `query` to `out`.
fn push_canonical_query(out: &mut String, query: &str) {
    if query.is_empty() {
        return;
    }
    let mut pairs: Vec<(Cow<'_, str>, Cow<'_, str>)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .map(|(k, v)| (canonical_component(k), canonical_component(v)))
        .filter(|(k, _)| k != "X-Amz-Signature")
        .collect();
    pairs.sort_unstable();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
}

/// A header value as canonicalised: trimmed, runs of spaces (and folded
/// lines) collapsed to one space.
pub fn canonical_header_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    push_header_value(&mut out, value);
    out
}

/// Appends [`canonical_header_value`] of `value` to `out`.
fn push_header_value(out: &mut String, value: &str) {
    for (i, word) in value.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// The canonical headers block: for each signed header (lower case, in the
/// order given, which is sorted), `name:value` where the values of a
/// repeated header are joined by commas; each line ends with a newline.
/// A signed header the request lacks gets an empty value, as a verifier
/// must (the signer had it, so the signature will not match).
pub fn canonical_headers(request: &HttpRequest, signed_headers: &[String]) -> String {
    let mut out = String::new();
    push_canonical_headers(&mut out, request, signed_headers);
    out
}

/// Appends the canonical headers block to `out`.
fn push_canonical_headers(out: &mut String, request: &HttpRequest, signed_headers: &[String]) {
    for name in signed_headers {
        out.push_str(name);
        out.push(':');
        for (i, value) in request.header_values(name).enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_header_value(out, value);
        }
        out.push('\n');
    }
}

/// The whole canonical request, built in one buffer (verification builds
/// one per attempt, so it avoids the intermediate strings).
pub fn canonical_request(
    request: &HttpRequest,
    signed_headers: &[String],
    payload_hash: &str,
    how: Canonicalization,
) -> String {
    let mut out = String::with_capacity(
        256 + request.path.len()
            + request.query.len()
            + request
                .headers
                .iter()
                .map(|(n, v)| n.len() + v.len() + 2)
                .sum::<usize>(),
    );
    out.push_str(&request.method);
    out.push('\n');
    push_canonical_uri(&mut out, &request.path, how);
    out.push('\n');
    push_canonical_query(&mut out, &request.query);
    out.push('\n');
    push_canonical_headers(&mut out, request, signed_headers);
    out.push('\n');
    for (i, name) in signed_headers.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        out.push_str(name);
    }
    out.push('\n');
    out.push_str(payload_hash);
    out
}

/// The string to sign for SigV4: algorithm, request time, credential scope
/// and the hash of the canonical request.
pub fn string_to_sign(algorithm: &str, amz_date: &str, scope: &str, canonical: &str) -> String {
    let hash = sha256_hex(canonical.as_bytes());
    let mut out =
        String::with_capacity(algorithm.len() + amz_date.len() + scope.len() + hash.len() + 3);
    for (i, part) in [algorithm, amz_date, scope, &hash].into_iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(part);
    }
    out
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

    #[test]
    fn fast_paths_agree_with_the_full_transformation() {
        for path in [
            "/a/b",
            "/a//b",
            "/a/./b",
            "/a/../b",
            "a/b",
            "/",
            "/a b/%2F/ሴ",
            "/..",
            "/a/.",
        ] {
            for how in [Canonicalization::DOUBLE, Canonicalization::SINGLE] {
                let full = match how.encoding {
                    UriEncoding::Double => uri_encode(&normalize_path(path), true),
                    UriEncoding::Single => encode_path_once(path),
                };
                assert_eq!(canonical_uri(path, how), full, "{path} {how:?}");
            }
        }
        for raw in ["abc", "a%20b", "a+b", "~x-y_z.", "é", "%zz"] {
            assert_eq!(
                canonical_component(raw),
                uri_encode(&percent_decode(raw), false),
                "{raw}"
            );
        }
    }
}
