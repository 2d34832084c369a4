//! Retries as the AWS SDKs' `standard` retry mode makes them
//! (<https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html>):
//! three attempts by default; a connection error, a 5xx, a 429 or a
//! throttling error is retried after an exponential backoff with full
//! jitter, `random(0, 1) × min(cap, base × 2^(retry − 1))`, base 1 s and
//! cap 20 s; any other 4xx is the answer and is never retried. A
//! `Retry-After` header (seconds or an HTTP date) replaces the backoff,
//! capped at the same cap so that a server cannot park the command.
//!
//! The random source ([`Jitter`]) and the pause ([`Pause`]) are passed in,
//! so that tests are fast and deterministic; every attempt is prepared
//! afresh (signed with a fresh `X-Amz-Date`).

use std::time::Duration;

use super::prepare::Outgoing;
use super::transport::{Response, SendError, Transport};
use crate::eval::Timestamp;

/// How many attempts, and how long between them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (at least 1).
    pub max_attempts: u32,
    /// The backoff's base: the longest wait before the first retry.
    pub base: Duration,
    /// The longest wait before any retry, `Retry-After` included.
    pub cap: Duration,
}

impl RetryPolicy {
    /// The SDKs' standard mode: 3 attempts, base 1 s, cap 20 s.
    pub const STANDARD: RetryPolicy = RetryPolicy {
        max_attempts: 3,
        base: Duration::from_secs(1),
        cap: Duration::from_secs(20),
    };

    /// The longest backoff before retry `retry` (1 for the first retry):
    /// `min(cap, base × 2^(retry − 1))`.
    pub fn ceiling(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.saturating_sub(1).min(30));
        self.base.saturating_mul(factor).min(self.cap)
    }

    /// The wait before retry `retry`: full jitter, `unit` (in `[0, 1)`)
    /// times the ceiling.
    pub fn backoff(&self, retry: u32, unit: f64) -> Duration {
        self.ceiling(retry).mul_f64(unit.clamp(0.0, 1.0))
    }
}

/// A source of uniform random numbers in `[0, 1)`.
pub trait Jitter {
    /// The next number.
    fn unit(&mut self) -> f64;
}

/// Waits between attempts.
pub trait Pause {
    /// Waits `duration`.
    fn pause(&mut self, duration: Duration);
}

/// The real pause: the thread sleeps.
#[derive(Debug, Default)]
pub struct Sleep;

impl Pause for Sleep {
    fn pause(&mut self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

/// A small xorshift generator: jitter needs spread, not secrecy.
#[derive(Clone, Debug)]
pub struct XorShift(u64);

impl XorShift {
    /// A generator from `seed` (any value; 0 is replaced).
    pub fn new(seed: u64) -> XorShift {
        XorShift(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }
}

impl Jitter for XorShift {
    fn unit(&mut self) -> f64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        // The top 53 bits, as a fraction.
        (x >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The error codes the SDKs treat as throttling, when a service sends one
/// with a status other than 429 (the `x-amzn-ErrorType` header or the
/// JSON body's `__type` / `code`).
pub const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Why an outcome is retried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RetryReason {
    /// No response: the connection failed or timed out.
    Connection(String),
    /// A 5xx.
    ServerError(u16),
    /// A 429, or a throttling error code.
    Throttled(u16),
}

impl std::fmt::Display for RetryReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RetryReason::Connection(why) => write!(f, "connection error ({why})"),
            RetryReason::ServerError(status) => write!(f, "status {status}"),
            RetryReason::Throttled(status) => write!(f, "status {status} (throttled)"),
        }
    }
}

/// Whether an outcome is worth another attempt, and why.
pub fn classify(outcome: &Result<Response, SendError>) -> Option<RetryReason> {
    match outcome {
        Err(error) if error.retryable => Some(RetryReason::Connection(error.message.clone())),
        Err(_) => None,
        Ok(response) if response.status >= 500 => Some(RetryReason::ServerError(response.status)),
        Ok(response) if response.status == 429 => Some(RetryReason::Throttled(response.status)),
        Ok(response) if response.status >= 400 && is_throttling(response) => {
            Some(RetryReason::Throttled(response.status))
        }
        Ok(_) => None,
    }
}

/// Whether a 4xx names a throttling error code.
fn is_throttling(response: &Response) -> bool {
    let named = |code: &str| {
        // `Code:http://…` and `aws.protocols#Code` forms carry the code first or last.
        let code = code.split(':').next().unwrap_or(code);
        let code = code.rsplit('#').next().unwrap_or(code);
        THROTTLING_CODES.contains(&code.trim())
    };
    if response.header("x-amzn-errortype").is_some_and(&named) {
        return true;
    }
    match serde_json::from_slice::<serde_json::Value>(&response.body) {
        Ok(serde_json::Value::Object(object)) => object.iter().any(|(k, v)| {
            matches!(k.to_ascii_lowercase().as_str(), "__type" | "code")
                && v.as_str().is_some_and(named)
        }),
        _ => false,
    }
}

/// A `Retry-After` value as a wait from `now`: delay-seconds, or an
/// HTTP date (IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`). A date in
/// the past is no wait; anything else unreadable is ignored.
pub fn retry_after(value: &str, now: Timestamp) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = parse_http_date(value)?;
    let millis = at.millis().saturating_sub(now.millis());
    Some(Duration::from_millis(u64::try_from(millis).unwrap_or(0)))
}

/// IMF-fixdate, the form RFC 9110 says senders use.
fn parse_http_date(text: &str) -> Option<Timestamp> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let [_weekday, day, month, year, time, "GMT"] = words.as_slice() else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| m == month)? + 1;
    let day: u32 = day.parse().ok()?;
    let year: u32 = year.parse().ok()?;
    Timestamp::parse_rfc3339(&format!("{year:04}-{month:02}-{day:02}T{time}Z"))
}

/// One retry about to happen, for the line on standard error.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryNote {
    /// The attempt that failed (1 for the first).
    pub attempt: u32,
    /// Attempts in all.
    pub max_attempts: u32,
    /// Why it is retried.
    pub reason: RetryReason,
    /// How long until the next attempt.
    pub wait: Duration,
    /// Whether the wait is the server's `Retry-After`.
    pub retry_after: bool,
}

impl std::fmt::Display for RetryNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "attempt {}/{} failed: {}; retrying in {:.3}s{}",
            self.attempt,
            self.max_attempts,
            self.reason,
            self.wait.as_secs_f64(),
            if self.retry_after {
                " (Retry-After)"
            } else {
                " (backoff with jitter)"
            }
        )
    }
}

/// The last attempt's outcome.
#[derive(Debug)]
pub struct Finished {
    /// The request last sent.
    pub sent: Outgoing,
    /// Its response, or why there was none.
    pub outcome: Result<Response, SendError>,
    /// How many attempts were made.
    pub attempts: u32,
}

/// What the loop needs from outside: a way to prepare each attempt, a
/// transport, a clock for `Retry-After` dates, jitter, a pause, and where
/// to say each retry.
pub struct Loop<'a> {
    /// The policy.
    pub policy: RetryPolicy,
    /// Sends a request.
    pub transport: &'a mut dyn Transport,
    /// The random source.
    pub jitter: &'a mut dyn Jitter,
    /// The pause.
    pub pause: &'a mut dyn Pause,
    /// Now, for `Retry-After` dates.
    pub now: &'a dyn Fn() -> Timestamp,
    /// Told of each retry before it waits.
    pub note: &'a mut dyn FnMut(&RetryNote),
}

impl Loop<'_> {
    /// Sends, retrying as the policy says. `prepare` builds attempt `n`
    /// (1-based), signing it afresh; an error there ends the loop.
    pub fn run(
        &mut self,
        prepare: &mut dyn FnMut(u32) -> Result<Outgoing, String>,
    ) -> Result<Finished, String> {
        let max = self.policy.max_attempts.max(1);
        let mut attempt = 1;
        loop {
            let sent = prepare(attempt)?;
            let outcome = self.transport.send(&sent);
            let reason = match classify(&outcome) {
                Some(reason) if attempt < max => reason,
                _ => {
                    return Ok(Finished {
                        sent,
                        outcome,
                        attempts: attempt,
                    })
                }
            };
            let server_wait = outcome
                .as_ref()
                .ok()
                .and_then(|r| r.header("retry-after"))
                .and_then(|v| retry_after(v, (self.now)()));
            let (wait, from_server) = match server_wait {
                Some(wait) => (wait.min(self.policy.cap), true),
                None => (self.policy.backoff(attempt, self.jitter.unit()), false),
            };
            (self.note)(&RetryNote {
                attempt,
                max_attempts: max,
                reason,
                wait,
                retry_after: from_server,
            });
            self.pause.pause(wait);
            attempt += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::{prepare, target};

    struct Scripted(Vec<Result<Response, SendError>>, u32);

    impl Transport for Scripted {
        fn send(&mut self, _request: &Outgoing) -> Result<Response, SendError> {
            self.1 += 1;
            if self.0.is_empty() {
                return Err(SendError::fatal("script ran out"));
            }
            self.0.remove(0)
        }
    }

    struct Fixed(f64);
    impl Jitter for Fixed {
        fn unit(&mut self) -> f64 {
            self.0
        }
    }

    #[derive(Default)]
    struct Waits(Vec<Duration>);
    impl Pause for Waits {
        fn pause(&mut self, duration: Duration) {
            self.0.push(duration);
        }
    }

    fn status(code: u16, headers: &[(&str, &str)], body: &str) -> Result<Response, SendError> {
        Ok(Response {
            status: code,
            version: "HTTP/1.1".to_owned(),
            headers: headers
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            body: body.as_bytes().to_vec(),
        })
    }

    /// Runs `script` under `policy`; the waits, the notes, the attempts,
    /// and the final status (0 when no response).
    fn run(
        policy: RetryPolicy,
        script: Vec<Result<Response, SendError>>,
    ) -> (Vec<Duration>, Vec<RetryNote>, u32, u16, Vec<u32>) {
        let mut transport = Scripted(script, 0);
        let mut jitter = Fixed(0.5);
        let mut waits = Waits::default();
        let mut notes = Vec::new();
        let mut prepared = Vec::new();
        let now = || Timestamp::parse_rfc3339("2026-12-01T12:00:00Z").unwrap();
        let finished = Loop {
            policy,
            transport: &mut transport,
            jitter: &mut jitter,
            pause: &mut waits,
            now: &now,
            note: &mut |n: &RetryNote| notes.push(n.clone()),
        }
        .run(&mut |n| {
            prepared.push(n);
            let target = target::parse("http://127.0.0.1:1/").unwrap();
            Ok(Outgoing {
                request: prepare::unsigned(&target, "GET", &[], Vec::new()),
                target,
            })
        })
        .unwrap();
        let code = finished.outcome.as_ref().map_or(0, |r| r.status);
        (waits.0, notes, finished.attempts, code, prepared)
    }

    #[test]
    fn the_backoff_doubles_to_the_cap_with_full_jitter() {
        let policy = RetryPolicy::STANDARD;
        assert_eq!(policy.ceiling(1), Duration::from_secs(1));
        assert_eq!(policy.ceiling(2), Duration::from_secs(2));
        assert_eq!(policy.ceiling(5), Duration::from_secs(16));
        assert_eq!(policy.ceiling(6), Duration::from_secs(20));
        assert_eq!(policy.ceiling(1000), Duration::from_secs(20));
        assert_eq!(policy.backoff(3, 0.25), Duration::from_secs(1));
        assert_eq!(policy.backoff(3, 0.0), Duration::ZERO);
    }

    #[test]
    fn server_errors_are_retried_until_one_succeeds() {
        let (waits, notes, attempts, code, prepared) = run(
            RetryPolicy::STANDARD,
            vec![
                status(503, &[], ""),
                status(503, &[], ""),
                status(200, &[], "ok"),
            ],
        );
        assert_eq!((attempts, code), (3, 200));
        // Half of 1 s, then half of 2 s.
        assert_eq!(waits, [Duration::from_millis(500), Duration::from_secs(1)]);
        assert_eq!(notes.len(), 2);
        assert_eq!(notes[0].reason, RetryReason::ServerError(503));
        // Each attempt is prepared (signed) afresh.
        assert_eq!(prepared, [1, 2, 3]);
    }

    #[test]
    fn attempts_stop_at_the_maximum() {
        let policy = RetryPolicy {
            max_attempts: 2,
            ..RetryPolicy::STANDARD
        };
        let (waits, _, attempts, code, _) = run(
            policy,
            vec![
                status(500, &[], ""),
                status(502, &[], ""),
                status(200, &[], ""),
            ],
        );
        assert_eq!((attempts, code, waits.len()), (2, 502, 1));
    }

    #[test]
    fn other_client_errors_are_never_retried() {
        for code in [400, 403, 404] {
            let (waits, _, attempts, got, _) = run(
                RetryPolicy::STANDARD,
                vec![status(code, &[], "{}"), status(200, &[], "")],
            );
            assert_eq!((attempts, got, waits.len()), (1, code, 0));
        }
    }

    #[test]
    fn throttling_is_retried_and_retry_after_is_honoured() {
        let (waits, notes, attempts, code, _) = run(
            RetryPolicy::STANDARD,
            vec![
                status(429, &[("Retry-After", "3")], ""),
                status(
                    400,
                    &[("Retry-After", "Tue, 01 Dec 2026 12:00:07 GMT")],
                    r#"{"__type": "com.amazonaws#ThrottlingException"}"#,
                ),
                status(200, &[], ""),
            ],
        );
        assert_eq!((attempts, code), (3, 200));
        assert_eq!(waits, [Duration::from_secs(3), Duration::from_secs(7)]);
        assert!(notes.iter().all(|n| n.retry_after));
        assert_eq!(notes[1].reason, RetryReason::Throttled(400));
        // A Retry-After past the cap waits the cap.
        let (waits, ..) = run(
            RetryPolicy::STANDARD,
            vec![
                status(503, &[("Retry-After", "3600")], ""),
                status(200, &[], ""),
            ],
        );
        assert_eq!(waits, [Duration::from_secs(20)]);
    }

    #[test]
    fn connection_errors_are_retried_fatal_ones_are_not() {
        let (_, notes, attempts, code, _) = run(
            RetryPolicy::STANDARD,
            vec![
                Err(SendError::retryable("connection refused")),
                status(200, &[], ""),
            ],
        );
        assert_eq!((attempts, code), (2, 200));
        assert!(notes[0]
            .to_string()
            .contains("connection error (connection refused)"));
        let (_, _, attempts, code, _) = run(
            RetryPolicy::STANDARD,
            vec![Err(SendError::fatal("bad URL")), status(200, &[], "")],
        );
        assert_eq!((attempts, code), (1, 0));
    }

    #[test]
    fn retry_after_forms() {
        let now = Timestamp::parse_rfc3339("2026-12-01T12:00:00Z").unwrap();
        assert_eq!(retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(
            retry_after("Tue, 01 Dec 2026 12:01:00 GMT", now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            retry_after("Tue, 01 Dec 2026 11:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon", now), None);
        assert_eq!(retry_after("-1", now), None);
    }

    #[test]
    fn xorshift_stays_in_the_unit_interval() {
        let mut rng = XorShift::new(0);
        for _ in 0..1000 {
            let u = rng.unit();
            assert!((0.0..1.0).contains(&u));
        }
    }
}
