//! The time the chain compares expirations with: the system's, or one a
//! caller (a test) injects through the online options.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::eval::Timestamp;

/// A source of the current time (the library has no clock of its own).
pub type Clock = Arc<dyn Fn() -> Timestamp + Send + Sync>;

/// The system's clock.
pub fn system_clock() -> Timestamp {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    Timestamp::from_millis(millis)
}
