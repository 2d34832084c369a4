//! The current time, for requests that do not give one. The library has no
//! clock; the command line supplies it.

use std::time::{SystemTime, UNIX_EPOCH};

use lattice_policy::eval::Timestamp;

/// Now, to the whole second, as requests write it (the epoch if the system
/// clock is before it).
pub fn now() -> Timestamp {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
    Timestamp::from_epoch_seconds(seconds).unwrap_or(Timestamp::from_millis(0))
}
