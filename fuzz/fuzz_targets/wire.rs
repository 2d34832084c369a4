//! The raw HTTP and curl readers `policy eval --http/--curl` use, and the
//! signature inspection after them: arbitrary bytes through
//! `wire::http::parse`, arbitrary text through `wire::curl::parse`.
//!
//! Invariants: no panic; every span (of an error, a piece, a header, a
//! finding) lies inside the request text; a request read becomes a request
//! spec that resolves or is refused, never a panic.

#![no_main]

use lattice_policy::eval::{Request, Timestamp};
use lattice_policy::span::Span;
use lattice_policy::wire::{self, inspect, spec, WireRequest};
use libfuzzer_sys::fuzz_target;

/// 2026-01-01T00:00:00Z.
const NOW: Timestamp = Timestamp::from_millis(1_767_225_600_000);

fn inside(span: Span, len: usize) -> bool {
    span.start <= span.end && span.end as usize <= len
}

fn check(request: &WireRequest) {
    let len = request.text.len();
    assert!(inside(request.method.span, len));
    assert!(inside(request.target.span, len));
    for h in &request.headers {
        assert!(inside(h.span, len) && inside(h.name.span, len) && inside(h.value.span, len));
    }
    for p in request.query_params() {
        assert!(inside(p.span, len));
    }
    let mut inspection = inspect::inspect(request, NOW);
    inspection.check_region(request, Some("us-west-2"));
    for f in &inspection.findings {
        assert!(inside(f.span, len), "{f:?}");
    }
    let caller = spec::Caller::of(&inspection);
    let _ = Request::resolve(spec::to_spec(request, &caller), NOW);
}

fuzz_target!(|data: &[u8]| {
    match wire::http::parse("fuzz", data) {
        Ok(request) => check(&request),
        Err(e) => assert!(e.span.start <= e.span.end),
    }
    if let Ok(text) = std::str::from_utf8(data) {
        match wire::curl::parse(text) {
            Ok(request) => check(&request),
            Err(e) => assert!(inside(e.span, text.len()) || e.span.start as usize == text.len()),
        }
    }
});
