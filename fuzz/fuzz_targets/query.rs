//! The what-if query language (`policy eval`, `requests.txt`, `--never`):
//! arbitrary text to `parse_query` and to `Invariant::parse`.
//!
//! Invariants: no panic; every clause span and the error's span lie inside
//! the query on character boundaries; a query that resolves to a request is
//! described (`Request::describe`) by a query that reads back to the same
//! request; an invariant that parses is a policy without errors.

#![no_main]

use lattice_policy::analysis::Invariant;
use lattice_policy::eval::{parse_query, Request, Timestamp};
use libfuzzer_sys::fuzz_target;

/// 2026-01-01T00:00:00Z.
const NOW: Timestamp = Timestamp::from_millis(1_767_225_600_000);

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_query(text) {
        Ok(parsed) => {
            for clause in &parsed.clauses {
                assert!(clause.span.slice(text).is_some(), "clause {clause:?}");
            }
            if let Ok(request) = Request::resolve(parsed.spec, NOW) {
                let described = request.describe();
                let again = parse_query(&described)
                    .unwrap_or_else(|e| panic!("`{described}` does not parse: {e}"));
                let again = Request::resolve(again.spec, NOW)
                    .unwrap_or_else(|e| panic!("`{described}` does not resolve: {e}"));
                assert_eq!(again, request, "`{described}` is another request");
            }
        }
        Err(error) => {
            assert_eq!(error.query(), text);
            assert!(error.span().slice(text).is_some(), "{error:?}");
            assert!(!error.message().is_empty());
        }
    }
    if let Ok(invariant) = Invariant::parse(text) {
        assert!(!invariant.policy.statements.is_empty(), "{text:?}");
    }
});
