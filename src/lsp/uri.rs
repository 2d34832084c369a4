//! `file:` URIs, as LSP names documents, to paths and back.
//!
//! Only what editors send is handled: `file://` with an empty or
//! `localhost` authority and a percent-encoded absolute path. Any other
//! URI (`untitled:`, a remote scheme) has no path: such a document is
//! checked as a policy on its own, with no configuration file.

use std::path::{Path, PathBuf};

/// The path a `file:` URI names, or `None` for any other URI.
pub fn to_path(uri: &str) -> Option<PathBuf> {
    let rest = uri
        .strip_prefix("file://")
        .or_else(|| uri.strip_prefix("FILE://"))?;
    let path = match rest.strip_prefix("localhost") {
        Some(after) if after.starts_with('/') => after,
        _ => rest,
    };
    if !path.starts_with('/') {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = percent_decode(path)?;
    // `file:///c%3A/x` on Windows: the drive letter follows the slash.
    #[cfg(windows)]
    let decoded = decoded
        .strip_prefix('/')
        .filter(|p| p.as_bytes().get(1) == Some(&b':'))
        .map(str::to_owned)
        .unwrap_or(decoded);
    Some(PathBuf::from(decoded))
}

/// The `file:` URI of an absolute path.
pub fn from_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut uri = String::from("file://");
    if !text.starts_with('/') {
        uri.push('/');
    }
    for b in text.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"/-._~:@!$&'()*+,;=".contains(&b);
        if keep {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

/// `%XX` escapes decoded; `None` when the result is not UTF-8 or an escape
/// is malformed.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_round_trip() {
        let path = Path::new("/tmp/my policies/p ü.json");
        let uri = from_path(path);
        assert_eq!(uri, "file:///tmp/my%20policies/p%20%C3%BC.json");
        assert_eq!(to_path(&uri).as_deref(), Some(path));
        assert_eq!(
            to_path("file://localhost/a/b.json").as_deref(),
            Some(Path::new("/a/b.json"))
        );
    }

    #[test]
    fn other_uris_have_no_path() {
        assert_eq!(to_path("untitled:Untitled-1"), None);
        assert_eq!(to_path("file://server/share"), None);
        assert_eq!(to_path("file:///bad%zz"), None);
    }
}
