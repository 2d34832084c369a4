//! Percent-encoding as SigV4 canonicalises paths and query strings.
//!
//! AWS's examples for Lattice disagree on the path: the Python example
//! (botocore, the CRT signer) normalises the path and encodes the path as
//! sent once more ("double" encoding: a `%` becomes `%25`); the Go example
//! turns that off and signs the path as sent ("single" encoding). Both are
//! here; a verifier tries each.

/// Whether a byte is unreserved in RFC 3986 (never encoded by SigV4).
fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

fn push_escaped(out: &mut String, byte: u8) {
    out.push('%');
    for nibble in [byte >> 4, byte & 0x0f] {
        let digit = char::from_digit(u32::from(nibble), 16).unwrap_or('0');
        out.push(digit.to_ascii_uppercase());
    }
}

/// SigV4's `UriEncode`: every byte but the unreserved ones as `%XX` (upper
/// case), and `/` kept when `keep_slash` (paths) or encoded (query keys and
/// values).
pub fn uri_encode(text: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if is_unreserved(byte) || (keep_slash && byte == b'/') {
            out.push(char::from(byte));
        } else {
            push_escaped(&mut out, byte);
        }
    }
    out
}

/// A path as sent, encoded only where it could not have been sent as is:
/// escapes already there are kept, and bytes that cannot appear in a
/// request target (space, controls, non-ASCII) are escaped. Single encoding.
pub fn encode_path_once(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &byte in path.as_bytes() {
        if byte.is_ascii_graphic() {
            out.push(char::from(byte));
        } else {
            push_escaped(&mut out, byte);
        }
    }
    out
}

/// `%XX` escapes decoded (an escape that is not one is kept as written);
/// `+` stays a plus, as SigV4 reads a query.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%' {
            let high = bytes.get(i + 1).and_then(|b| char::from(*b).to_digit(16));
            let low = bytes.get(i + 2).and_then(|b| char::from(*b).to_digit(16));
            if let (Some(high), Some(low)) = (high, low) {
                out.push(u8::try_from(high * 16 + low).unwrap_or(0));
                i += 3;
                continue;
            }
        }
        out.push(byte);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// RFC 3986 dot segments removed and empty segments dropped, as botocore
/// and the CRT signer normalise a path before signing: `/a/./b/../c//d/`
/// is `/a/c/d/`.
pub fn normalize_path(path: &str) -> String {
    if path.is_empty() {
        return "/".to_owned();
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    let mut out = String::with_capacity(path.len());
    if path.starts_with('/') {
        out.push('/');
    }
    out.push_str(&segments.join("/"));
    if path.ends_with('/') && !segments.is_empty() {
        out.push('/');
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_keeps_only_unreserved_bytes() {
        assert_eq!(uri_encode("a b/ሴ~%", true), "a%20b/%E1%88%B4~%25");
        assert_eq!(uri_encode("a/b", false), "a%2Fb");
    }

    #[test]
    fn single_encoding_keeps_escapes_as_sent() {
        assert_eq!(encode_path_once("/a%2Fb/c d"), "/a%2Fb/c%20d");
    }

    #[test]
    fn decoding_leaves_broken_escapes() {
        assert_eq!(percent_decode("a%20b%2x%"), "a b%2x%");
        assert_eq!(percent_decode("a+b"), "a+b");
    }

    #[test]
    fn normalization_as_botocore() {
        assert_eq!(normalize_path("/a/./b/../c//d/"), "/a/c/d/");
        assert_eq!(normalize_path("/.."), "/");
        assert_eq!(normalize_path(""), "/");
        assert_eq!(normalize_path("//"), "/");
    }
}
