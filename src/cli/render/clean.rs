//! What may reach a screen or an uploaded report from a policy file: secrets
//! masked and control characters escaped.
//!
//! A policy checked in a pull request is attacker-controlled text, and so is a
//! file that a symbolic link makes the tool read. Its content comes back in
//! snippets, messages and help, which end up in terminals, CI logs, GitHub
//! annotations and SARIF uploads. Two things must never come back as they
//! are:
//!
//! * **Secrets**: values that look like AWS secret access keys (40 characters
//!   of base64 with upper- and lower-case letters and digits), session tokens
//!   (100 or more such characters) and the value of any `aws_secret_access_key`,
//!   `aws_session_token` or `aws_security_token` assignment (`=` or `:`, any
//!   case, as in environment listings, credentials files and JSON) are replaced
//!   by `*` of the same length, so that every byte offset stays where it was.
//! * **Control characters** (C0 except newline and tab, DEL, C1, and the
//!   bidirectional overrides that can make text read differently from how it
//!   runs) are shown escaped, `\x1b` or `\u{202e}`, in the formats read on a
//!   terminal; JSON and SARIF escape them by their own rules.

use std::borrow::Cow;

/// Assignment names whose value is a secret, lower case.
const SECRET_NAMES: [&str; 5] = [
    "aws_secret_access_key",
    "aws_session_token",
    "aws_security_token",
    "secretaccesskey",
    "sessiontoken",
];

/// How far past a region the search for secrets looks, so that a secret
/// cut by the region's edge is masked whole.
const SECRET_MARGIN: usize = 256;

/// The largest character boundary of `text` at or before `at`.
pub(super) fn floor(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The smallest character boundary of `text` at or after `at`.
pub(super) fn ceil(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The length of an AWS secret access key.
const SECRET_KEY_LEN: usize = 40;

/// Base64 runs at least this long with mixed letters and digits are taken for
/// session tokens.
const TOKEN_MIN_LEN: usize = 100;

/// `text` with secrets masked (see the module docs); the same length in bytes.
pub fn mask_secrets(text: &str) -> Cow<'_, str> {
    mask_ranges(text, secret_ranges(text))
}

/// `text` with the bytes of each range (on character boundaries, found by
/// [`secret_ranges`]) replaced by `*`; borrowed when there are none. The
/// one place a mask is applied, for whole texts and for snippets alike.
fn mask_ranges(text: &str, ranges: impl IntoIterator<Item = (usize, usize)>) -> Cow<'_, str> {
    let mut masked: Option<Vec<u8>> = None;
    for (start, end) in ranges {
        let bytes = masked.get_or_insert_with(|| text.as_bytes().to_vec());
        if let Some(slice) = bytes.get_mut(start..end) {
            slice.fill(b'*');
        }
    }
    match masked {
        None => Cow::Borrowed(text),
        // Only ASCII base64 and value bytes are replaced, each by one ASCII
        // byte, and ranges start and end on character boundaries.
        Some(bytes) => Cow::Owned(
            String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        ),
    }
}

/// `text` as it may be printed on a terminal: secrets masked, control
/// characters escaped.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    let masked = mask_secrets(text);
    if !may_need_escape(&masked) {
        return masked;
    }
    Cow::Owned(masked.chars().map(escaped).collect())
}

/// Masks the secrets in every string of a JSON value, keys included.
pub fn mask_json(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::String(text) => {
            if let Cow::Owned(masked) = mask_secrets(text) {
                *text = masked;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_json),
        Value::Object(map) => {
            let masked_keys = map.keys().any(|k| matches!(mask_secrets(k), Cow::Owned(_)));
            if masked_keys {
                let entries = std::mem::take(map);
                for (k, mut v) in entries {
                    mask_json(&mut v);
                    map.insert(mask_secrets(&k).into_owned(), v);
                }
            } else {
                map.values_mut().for_each(mask_json);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// False when no character of `text` can need an escape: a byte test that
/// spares the character decoding for the common case. C1 controls start
/// with 0xC2 in UTF-8, the bidirectional marks and overrides with 0xE2.
#[allow(clippy::indexing_slicing)] // a byte indexes a 256-entry table
fn may_need_escape(text: &str) -> bool {
    text.bytes().any(|b| ESCAPE_START[usize::from(b)]) && text.chars().any(needs_escape)
}

/// The bytes that can start a character [`needs_escape`] is true for.
#[allow(clippy::indexing_slicing)]
const ESCAPE_START: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b < 0x20 && b != 0x0a && b != 0x09) || b == 0x7f || b == 0xc2 || b == 0xe2;
        b += 1;
    }
    table
};

/// True for the characters that must not reach a terminal as they are.
pub fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// One character as shown: itself, or its escape.
fn escaped(c: char) -> String {
    if !needs_escape(c) {
        return c.to_string();
    }
    let code = u32::from(c);
    if code < 0x80 {
        format!("\\x{code:02x}")
    } else {
        format!("\\u{{{code:x}}}")
    }
}

/// A text made fit for a terminal, with a map from the original's byte
/// offsets to the shown text's (escapes are longer than what they stand for).
#[derive(Clone, Debug)]
pub struct Shown {
    /// The text to show, when it differs from the original.
    pub text: Option<String>,
    /// Each escaped character, in order.
    escapes: Vec<Escape>,
}

/// Where one escaped character is in the original and in the shown text.
#[derive(Clone, Copy, Debug)]
struct Escape {
    at: usize,
    len: usize,
    shown_at: usize,
    shown_len: usize,
}

impl Shown {
    /// Masks and escapes `original`, remembering where escapes were put.
    pub fn new(original: &str) -> Shown {
        Shown::within(original, &[(0, original.len())])
    }

    /// Masks and escapes the `regions` of `original` (byte ranges on
    /// character boundaries, in order, not overlapping): the parts a snippet
    /// can show. The rest is never shown, so it is left as it is, and a large
    /// file with one finding costs a pass over a few lines, not over the file.
    pub fn within(original: &str, regions: &[(usize, usize)]) -> Shown {
        let mut secrets = Vec::new();
        let mut escapable = false;
        for &(start, end) in regions {
            let Some(region) = original.get(start..end) else {
                continue;
            };
            escapable |= may_need_escape(region);
            // A secret that begins or ends just outside the region is
            // still found: the search looks a little further on each side.
            let from = floor(original, start.saturating_sub(SECRET_MARGIN));
            let to = ceil(original, end + SECRET_MARGIN);
            let around = original.get(from..to).unwrap_or(region);
            secrets.extend(
                secret_ranges(around)
                    .into_iter()
                    .map(|(a, b)| (from + a, from + b)),
            );
        }
        let masked = mask_ranges(original, secrets);
        if !escapable {
            return Shown {
                text: match masked {
                    Cow::Borrowed(_) => None,
                    Cow::Owned(text) => Some(text),
                },
                escapes: Vec::new(),
            };
        }
        let inside = |at: usize| {
            let i = regions.partition_point(|&(_, end)| end <= at);
            regions.get(i).is_some_and(|&(start, _)| start <= at)
        };
        let mut text = String::with_capacity(masked.len() + 16);
        let mut escapes = Vec::new();
        let bytes = masked.as_bytes();
        for (at, c) in masked.char_indices() {
            // A carriage return before a line feed ends a line (a file saved
            // on Windows): the snippet drawer takes CRLF as a line break, so it
            // is no character to show.
            let line_end = c == '\r' && bytes.get(at + 1) == Some(&b'\n');
            if needs_escape(c) && !line_end && inside(at) {
                let escape = escaped(c);
                escapes.push(Escape {
                    at,
                    len: c.len_utf8(),
                    shown_at: text.len(),
                    shown_len: escape.len(),
                });
                text.push_str(&escape);
            } else {
                text.push(c);
            }
        }
        Shown {
            text: Some(text),
            escapes,
        }
    }

    /// True when nothing was escaped: offsets are the same in both texts.
    pub fn is_identity(&self) -> bool {
        self.escapes.is_empty()
    }

    /// Where byte `offset` of the original is in the shown text. An offset
    /// inside an escaped character maps to the start of its escape.
    pub fn map(&self, offset: usize) -> usize {
        let before = self.escapes.partition_point(|e| e.at < offset);
        match before.checked_sub(1).and_then(|i| self.escapes.get(i)) {
            None => offset,
            Some(e) if offset < e.at + e.len => e.shown_at,
            Some(e) => offset - (e.at + e.len) + e.shown_at + e.shown_len,
        }
    }

    /// Where byte `offset` of the shown text came from in the original (the
    /// inverse of [`Shown::map`]; inside an escape, its character's start).
    pub fn unmap(&self, offset: usize) -> usize {
        let before = self.escapes.partition_point(|e| e.shown_at < offset);
        match before.checked_sub(1).and_then(|i| self.escapes.get(i)) {
            None => offset,
            Some(e) if offset < e.shown_at + e.shown_len => e.at,
            Some(e) => offset - (e.shown_at + e.shown_len) + e.at + e.len,
        }
    }
}

/// The byte ranges of `text` that hold secrets, in order, not overlapping.
fn secret_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut ranges = assigned_values(text);
    ranges.extend(base64_secrets(text));
    ranges.sort_unstable();
    ranges.dedup();
    ranges
}

/// The values of `name=value` and `"name": "value"` assignments of secret
/// names: at each `=` or `:`, the name before it (past spaces and quotes) is
/// compared with the secret names, ignoring case. One pass, no copy.
fn assigned_values(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut ranges = Vec::new();
    for (sep, _) in bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, b'=' | b':'))
    {
        let mut end = sep;
        while end > 0 && matches!(bytes.get(end - 1), Some(b' ' | b'\t' | b'"' | b'\'')) {
            end -= 1;
        }
        // Every secret name ends in `key` or `token`: one byte rules out
        // almost every separator of a JSON document.
        if !matches!(
            end.checked_sub(1).and_then(|i| bytes.get(i)),
            Some(b'y' | b'Y' | b'n' | b'N')
        ) {
            continue;
        }
        let named = SECRET_NAMES.iter().any(|name| {
            end.checked_sub(name.len())
                .and_then(|start| bytes.get(start..end))
                .is_some_and(|before| before.eq_ignore_ascii_case(name.as_bytes()))
        });
        if !named {
            continue;
        }
        let mut at = sep + 1;
        while matches!(bytes.get(at), Some(b' ' | b'\t' | b'"' | b'\'')) {
            at += 1;
        }
        let start = at;
        while bytes.get(at).is_some_and(|b| {
            !b.is_ascii_whitespace() && !matches!(b, b'"' | b'\'' | b',' | b';' | b'&' | b'}' | 0)
        }) {
            at += 1;
        }
        if at > start {
            ranges.push((start, at));
        }
    }
    ranges
}

/// The bytes of base64 text, as a table: the scan below reads every byte of
/// every file with a finding. (Indexing a 256-entry table by a byte cannot
/// go out of bounds.)
#[allow(clippy::indexing_slicing)]
const BASE64: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'+' || c == b'/' || c == b'=';
        b += 1;
    }
    table
};

/// Runs of base64 characters shaped like a secret access key or a session token.
#[allow(clippy::indexing_slicing)]
fn base64_secrets(text: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for run in text.as_bytes().split(|b| !BASE64[usize::from(*b)]) {
        let at = start + run.len();
        let run_start = start;
        start = at + 1;
        // Only a key's length or a token's can be a secret: most runs (words,
        // ids, paths) are ruled out by their length alone.
        if run.len() != SECRET_KEY_LEN && run.len() < TOKEN_MIN_LEN {
            continue;
        }
        // Padding belongs to tokens; a key is exactly 40 characters.
        let body = run.iter().take_while(|b| **b != b'=').count();
        let mixed = run.iter().any(u8::is_ascii_uppercase)
            && run.iter().any(u8::is_ascii_lowercase)
            && run.iter().any(u8::is_ascii_digit);
        let slashes = run.iter().filter(|b| **b == b'/').count();
        // Paths are base64 characters too: a key has few slashes, a path many.
        let key = run.len() == SECRET_KEY_LEN && body == SECRET_KEY_LEN && slashes <= 2;
        let token = run.len() >= TOKEN_MIN_LEN && slashes * 8 <= run.len();
        if mixed && (key || token) {
            ranges.push((run_start, at));
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    /// AWS's documented example secret access key.
    const KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    #[test]
    fn secret_keys_are_masked_in_place() {
        let text = format!("{{\"Sid\": \"{KEY}\"}}");
        let masked = mask_secrets(&text);
        assert_eq!(masked.len(), text.len());
        assert!(!masked.contains(KEY));
        assert!(masked.contains(&"*".repeat(40)));
        assert!(masked.starts_with("{\"Sid\": \""));
    }

    #[test]
    fn assignments_are_masked_whatever_the_value() {
        let environ =
            "HOME=/root\0AWS_SECRET_ACCESS_KEY=short-secret\0AWS_SESSION_TOKEN=abc\0PATH=/bin";
        let masked = mask_secrets(environ);
        assert!(!masked.contains("short-secret") && !masked.contains("=abc"));
        assert!(masked.contains("HOME=/root") && masked.contains("PATH=/bin"));
        let ini = "[default]\naws_secret_access_key = hunter2\n";
        assert!(!mask_secrets(ini).contains("hunter2"));
        let json = r#"{"SecretAccessKey": "s3cr3t", "SessionToken":"t0ken"}"#;
        let masked = mask_secrets(json);
        assert!(
            !masked.contains("s3cr3t") && !masked.contains("t0ken"),
            "{masked}"
        );
    }

    #[test]
    fn session_tokens_are_masked() {
        let token = format!("IQoJb3JpZ2luX2VjE{}", "Ab1+".repeat(40));
        let masked = mask_secrets(&token);
        assert_eq!(masked, "*".repeat(token.len()));
    }

    #[test]
    fn policy_values_are_left_alone() {
        for text in [
            "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/*",
            "vpc-0123456789abcdef0",
            "o-a1b2c3d4e5",
            "0123456789abcdef0123456789abcdef01234567", // a SHA-1: no upper case
            "/Admin/Reports/2024/Quarterly/Summary/Q1x", // 40 characters, a path
            "AKIAIOSFODNN7EXAMPLE",                     // an access key id is not a secret
        ] {
            assert_eq!(mask_secrets(text), text, "{text}");
        }
    }

    #[test]
    fn json_strings_and_keys_are_masked() {
        let mut value = serde_json::json!({"a": [KEY, {KEY: "x"}], "b": 1});
        mask_json(&mut value);
        let text = value.to_string();
        assert!(!text.contains(KEY), "{text}");
        assert_eq!(text.matches(&"*".repeat(40)).count(), 2);
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(for_terminal("a\u{1b}[31mb"), "a\\x1b[31mb");
        assert_eq!(for_terminal("x\u{202e}y\u{9b}"), "x\\u{202e}y\\u{9b}");
        assert_eq!(for_terminal("line\n\tnext\r"), "line\n\tnext\\x0d");
        assert!(matches!(for_terminal("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn only_regions_are_masked_and_escaped() {
        let original = format!("a\u{1b}b {KEY} c\u{1b}d {KEY}");
        let second = original.rfind(KEY).unwrap();
        let shown = Shown::within(&original, &[(0, 4)]);
        let text = shown.text.clone().unwrap();
        // The region's escape and the secret that starts inside its margin.
        assert!(text.starts_with("a\\x1bb "), "{text}");
        assert!(!text.contains(&format!(" {KEY} c")), "{text}");
        // Far outside the margin nothing is touched (never shown anyway).
        let far = format!("{original}{}{KEY}", " ".repeat(1000));
        let shown = Shown::within(&far, &[(0, 4)]);
        assert!(shown.text.unwrap().ends_with(KEY));
        assert_eq!(shown.escapes.len(), 1);
        assert!(second > 4);
    }

    #[test]
    fn shown_offsets_map_both_ways() {
        let original = "ab\u{1b}cd\u{7f}e";
        let shown = Shown::new(original);
        let text = shown.text.clone().unwrap();
        assert_eq!(text, "ab\\x1bcd\\x7fe");
        assert!(!shown.is_identity());
        for (offset, c) in original.char_indices() {
            let at = shown.map(offset);
            if needs_escape(c) {
                assert_eq!(text.get(at..at + 2), Some("\\x"));
            } else {
                assert_eq!(text[at..].chars().next(), Some(c));
            }
            assert_eq!(shown.unmap(at), offset);
        }
        assert_eq!(shown.map(original.len()), text.len());
        let plain = Shown::new("abc");
        assert!(plain.is_identity() && plain.text.is_none());
        assert_eq!(plain.map(2), 2);
    }
}
