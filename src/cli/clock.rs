//! The current time as RFC 3339, for requests that do not give one. The
//! library has no clock; the command line supplies it.

use std::time::{SystemTime, UNIX_EPOCH};

use lattice_policy::eval::time::format_epoch;

/// Now, in UTC, to the second: `2026-11-22T10:00:00Z`.
pub fn now_rfc3339() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format_epoch(i64::try_from(secs).unwrap_or(0))
}

/// Now, in seconds since 1970.
pub fn now_epoch() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}
