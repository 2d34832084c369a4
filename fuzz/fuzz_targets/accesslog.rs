//! VPC Lattice access logs (`policy replay --log`, `policy eval --from-log`):
//! arbitrary bytes to `accesslog::read` with a small record limit, each
//! record to `Record::from_fields`, `to_request` and `Request::resolve`.
//!
//! Invariants: no panic; every location's line lies within the input's
//! lines; no record handed on is longer than the limit allows (the reader
//! holds one record at most); every well-formed record is either a request,
//! a resource or pre-authorization record, or an error with a reason.

#![no_main]

use lattice_policy::accesslog::{read, Kind, Limits, Location, Record, Unit};
use lattice_policy::eval::{Request, Timestamp};
use libfuzzer_sys::fuzz_target;

/// 2026-01-01T00:00:00Z.
const NOW: Timestamp = Timestamp::from_millis(1_767_225_600_000);

fuzz_target!(|data: &[u8]| {
    let lines = data.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let gzip = data.starts_with(&[0x1f, 0x8b]);
    let limits = Limits { max_record: 512 };
    let mut sink = |at: &Location<'_>, unit: Unit<'_, '_>| {
        // Gzip input has lines of its own, unrelated to the compressed bytes.
        if !gzip && at.event.is_none() {
            assert!(at.line >= 1 && at.line <= lines, "line {} of {lines}", at.line);
        }
        match unit {
            Err(reason) => assert!(!reason.is_empty()),
            Ok(fields) => {
                for (key, _) in fields {
                    assert!(key.bytes.len() <= 512, "a key longer than the record limit");
                }
                let Ok(record) = Record::from_fields(fields) else {
                    return;
                };
                if record.kind() != Kind::Request {
                    return;
                }
                if let Ok(logged) = record.to_request() {
                    let _ = Request::resolve(logged.spec, NOW);
                }
            }
        }
    };
    read(data, "fuzz", limits, None, &mut sink);
});
