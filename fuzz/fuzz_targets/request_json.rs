//! The JSON request file (`policy eval --request`): arbitrary text to
//! `RequestSpec::from_json`, then `Request::resolve`.
//!
//! Invariants: no panic; an error's line and column lie inside the text; a
//! request that resolves is described by a query that reads back to the same
//! request.

#![no_main]

use lattice_policy::eval::{parse_query, Request, RequestError, RequestSpec, Timestamp};
use libfuzzer_sys::fuzz_target;

/// 2026-01-01T00:00:00Z.
const NOW: Timestamp = Timestamp::from_millis(1_767_225_600_000);

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let spec = match RequestSpec::from_json(text) {
        Ok(spec) => spec,
        Err(RequestError::Json { line, column, .. }) => {
            // serde_json counts columns in bytes, the object check in
            // characters: either way within the line, or 0 for unknown.
            if line == 0 {
                assert_eq!(column, 0, "a column without a line");
                return;
            }
            let lines = text.split('\n').count();
            assert!(line <= lines, "line {line} of {lines}");
            let width = text.split('\n').nth(line - 1).map_or(0, str::len);
            assert!(column <= width + 1, "column {column} of {width} bytes");
            return;
        }
        Err(_) => return,
    };
    let Ok(request) = Request::resolve(spec, NOW) else {
        return;
    };
    let described = request.describe();
    let again =
        parse_query(&described).unwrap_or_else(|e| panic!("`{described}` does not parse: {e}"));
    let again = Request::resolve(again.spec, NOW)
        .unwrap_or_else(|e| panic!("`{described}` does not resolve: {e}"));
    assert_eq!(again, request, "`{described}` is another request");
});
