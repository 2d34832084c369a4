//! The 403 message `policy eval --from-error` reads: arbitrary text through
//! `eval::denial::parse_denial`.
//!
//! Invariants: no panic; a denial read is read again, the same, from its own
//! message; its resource is its service ARN followed by its path; its
//! request resolves or is refused with an error, never a panic.

#![no_main]

use lattice_policy::eval::denial::parse_denial;
use lattice_policy::eval::{Request, Timestamp};
use libfuzzer_sys::fuzz_target;

/// 2026-01-01T00:00:00Z.
const NOW: Timestamp = Timestamp::from_millis(1_767_225_600_000);

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(denial) = parse_denial(text) else {
        return;
    };
    let again = parse_denial(&denial.message).expect("a message read reads again");
    assert_eq!(again, denial);
    let rebuilt = format!("{}{}", denial.service, denial.path.as_deref().unwrap_or(""));
    assert_eq!(rebuilt, denial.resource);
    let _ = Request::resolve(denial.request_spec(), NOW);
});
