//! Loading bytes: encoding and size checks, and inputs cut off anywhere.

use super::*;

// ---------------------------------------------------------------------------
// Loading bytes
// ---------------------------------------------------------------------------

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let mut bytes = br#"{"Version": ""#.to_vec();
    let offset = bytes.len();
    bytes.extend_from_slice(b"\xff\xfe\"}");
    let loaded = load_bytes("bad.json", &bytes, LoadOptions::default());
    check(
        &loaded,
        &[Expect {
            code: codes::JSON_SYNTAX_ERROR.code,
            at: Some("\u{fffd}"),
            msg: None,
            help: Some("policies are UTF-8 text; save the file as UTF-8"),
        }],
    );
    let finding = &loaded.findings[0];
    assert_eq!(
        finding.message,
        format!("invalid UTF-8 at byte offset {offset}")
    );
    assert_eq!(finding.span.offset(), offset);
    assert!(loaded.policy.is_none());
}

#[test]
fn invalid_utf8_after_multibyte_text() {
    // A truncated multi-byte sequence at the very end, after valid non-ASCII text.
    let bytes = "{\"Id\": \"é\u{1F600}"
        .bytes()
        .chain([0xe2, 0x82])
        .collect::<Vec<u8>>();
    let loaded = load_bytes("bad.json", &bytes, LoadOptions::default());
    check_invariants(&loaded);
    assert_eq!(loaded.findings.len(), 1);
    assert_eq!(
        loaded.findings[0].message,
        format!("invalid UTF-8 at byte offset {}", bytes.len() - 2)
    );
}

#[test]
fn valid_utf8_bytes_load_like_text() {
    let text = with(r#""Sid":"Zürich1""#);
    let loaded = load_bytes("p.json", text.as_bytes(), LoadOptions::default());
    let codes: Vec<&str> = loaded.findings.iter().map(Finding::code).collect();
    assert_eq!(codes, [codes::UNSUPPORTED_SID.code]);
    assert_eq!(loaded.policy.unwrap().statements.len(), 1);
}

#[test]
fn file_too_large_is_refused_and_at_the_limit_is_read() {
    let text = with("");
    let small = LoadOptions {
        max_size: text.len() - 1,
        ..LoadOptions::default()
    };
    let loaded = load_bytes("big.json", text.as_bytes(), small);
    check(
        &loaded,
        &[Expect {
            code: codes::FILE_TOO_LARGE.code,
            at: Some(""),
            msg: None,
            help: None,
        }],
    );
    assert_eq!(
        loaded.findings[0].message,
        format!(
            "the file is larger than {} bytes and was not read",
            text.len() - 1
        )
    );
    assert!(loaded.policy.is_none());

    let exact = LoadOptions {
        max_size: text.len(),
        ..LoadOptions::default()
    };
    let loaded = load_bytes("ok.json", text.as_bytes(), exact);
    assert!(loaded.findings.is_empty(), "{}", describe(&loaded));
}

#[test]
fn file_too_large_keeps_a_bounded_head_even_mid_character() {
    let bytes = format!("a{}", "é".repeat(10_000)).into_bytes();
    let loaded = load_bytes(
        "big.json",
        &bytes,
        LoadOptions {
            max_size: 100,
            ..LoadOptions::default()
        },
    );
    check_invariants(&loaded);
    assert_eq!(loaded.findings[0].code(), codes::FILE_TOO_LARGE.code);
    assert!(loaded.source.text().len() <= 260);
}

// ---------------------------------------------------------------------------
// Robustness
// ---------------------------------------------------------------------------

#[test]
fn every_prefix_of_a_policy_loads_with_valid_spans() {
    for kind in ["auth", "identity"] {
        for (end, _) in FULL.char_indices() {
            let loaded = load(kind, &FULL[..end]);
            check_invariants(&loaded);
            assert!(
                loaded.has_errors(),
                "a cut-off policy must be an error: {:?}",
                &FULL[..end]
            );
        }
    }
}

#[test]
fn utf16_files_are_named_as_such() {
    let text: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("{}".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let loaded = load_bytes("p.json", &text, LoadOptions::default());
    assert_eq!(loaded.findings.len(), 1);
    assert_eq!(loaded.findings[0].code(), "JSON_SYNTAX_ERROR");
    assert_eq!(loaded.findings[0].message, "invalid UTF-8 at byte offset 0");
    assert!(loaded.findings[0]
        .help
        .as_deref()
        .unwrap()
        .contains("UTF-16"));
}
