//! One line of a `requests.txt` file (`policy test`): an expected decision
//! and a what-if query.
//!
//! ```text
//! # comments and blank lines are skipped
//! allow               GET /rates as arn:aws:iam::123456789012:role/rates-client
//! deny:implicit-deny  GET /rates from anonymous
//! ```
//!
//! It lives in the library, not the binary, so that the fuzzer reads lines
//! exactly as `policy test` does.
//!
//! ```
//! use lattice_policy::eval::requests_file::parse_line;
//! use lattice_policy::eval::Timestamp;
//!
//! let now = Timestamp::parse("2024-05-01T12:00:00Z").unwrap();
//! let line = parse_line("deny:implicit-deny  GET /rates from anonymous", now)
//!     .unwrap()
//!     .unwrap();
//! assert_eq!(line.expected, "deny:implicit-deny");
//! assert_eq!(line.query, "GET /rates from anonymous");
//! assert!(line.request.is_anonymous());
//! assert!(parse_line("  # a comment", now).unwrap().is_none());
//! ```

use super::authorizer::Verdict;
use super::query::parse_query;
use super::request::Request;
use super::time::Timestamp;

/// An expectation read from one line.
#[derive(Clone, Debug, PartialEq)]
pub struct Expectation<'a> {
    /// The expected outcome as written (`allow`, `deny`, or either with `:reason`).
    pub expected: &'a str,
    /// The query as written, trimmed.
    pub query: &'a str,
    /// The request the query describes.
    pub request: Request,
    /// Whether a verdict meets the expectation.
    meets: Expected,
}

impl Expectation<'_> {
    /// True when `verdict` is what the line expects.
    pub fn is_met_by(&self, verdict: Verdict) -> bool {
        self.meets.decision == verdict.decision.as_str()
            && self
                .meets
                .reason
                .as_deref()
                .is_none_or(|r| r == verdict.reason.as_str())
    }
}

#[derive(Clone, Debug, PartialEq)]
struct Expected {
    decision: String,
    reason: Option<String>,
}

/// Reads one line: `None` for a blank line or a comment, the expectation
/// otherwise. `now` is the time a query without `time` is made at. The error
/// says what is wrong, without the line number (the caller knows it).
///
/// The query is read before the expected outcome, so a line wrong in both
/// places reports the query.
pub fn parse_line(line: &str, now: Timestamp) -> Result<Option<Expectation<'_>>, String> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let (expected, query) = line
        .split_once(char::is_whitespace)
        .ok_or_else(|| "expected `allow|deny[:reason] QUERY`".to_owned())?;
    let query = query.trim();
    let parsed = parse_query(query).map_err(|e| e.to_string())?;
    let request = Request::resolve(parsed.spec, now).map_err(|e| e.to_string())?;
    let meets = read_expected(expected)
        .ok_or_else(|| format!("`{expected}` is not `allow`, `deny` or `deny:<reason>`"))?;
    Ok(Some(Expectation {
        expected,
        query,
        request,
        meets,
    }))
}

/// `allow`, `deny`, or either with `:reason`; `None` when malformed.
fn read_expected(expected: &str) -> Option<Expected> {
    let (decision, reason) = match expected.split_once(':') {
        Some((d, r)) => (d, Some(r)),
        None => (expected, None),
    };
    if !matches!(decision, "allow" | "deny") {
        return None;
    }
    if let Some(r) = reason {
        if !matches!(r, "allowed" | "explicit-deny" | "implicit-deny" | "no-auth") {
            return None;
        }
    }
    Some(Expected {
        decision: decision.to_owned(),
        reason: reason.map(str::to_owned),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::authorizer::{Decision, Reason};

    const NOW: Timestamp = Timestamp::from_millis(1_714_564_800_000);

    fn verdict(decision: Decision, reason: Reason) -> Verdict {
        Verdict {
            decision,
            reason,
            layer: None,
        }
    }

    #[test]
    fn blank_lines_and_comments_are_skipped() {
        for line in ["", "   ", "\t", "# allow GET /", "  #x"] {
            assert_eq!(parse_line(line, NOW), Ok(None), "{line:?}");
        }
    }

    #[test]
    fn an_expectation_keeps_its_words_and_request() {
        let line = parse_line("  allow\t GET /rates as 111122223333  ", NOW)
            .unwrap()
            .unwrap();
        assert_eq!(line.expected, "allow");
        assert_eq!(line.query, "GET /rates as 111122223333");
        assert_eq!(line.request.method(), Some("GET"));
        assert!(line.is_met_by(verdict(Decision::Allow, Reason::Allowed)));
        assert!(!line.is_met_by(verdict(Decision::Deny, Reason::ImplicitDeny)));
    }

    #[test]
    fn a_reason_must_match_too() {
        let line = parse_line("deny:explicit-deny GET /", NOW)
            .unwrap()
            .unwrap();
        assert!(line.is_met_by(verdict(Decision::Deny, Reason::ExplicitDeny)));
        assert!(!line.is_met_by(verdict(Decision::Deny, Reason::ImplicitDeny)));
    }

    #[test]
    fn malformed_lines_say_why() {
        assert_eq!(
            parse_line("allow", NOW),
            Err("expected `allow|deny[:reason] QUERY`".to_owned())
        );
        assert_eq!(
            parse_line("maybe GET /", NOW),
            Err("`maybe` is not `allow`, `deny` or `deny:<reason>`".to_owned())
        );
        assert_eq!(
            parse_line("deny:why GET /", NOW),
            Err("`deny:why` is not `allow`, `deny` or `deny:<reason>`".to_owned())
        );
        // The query is read first: a line wrong in both places reports it.
        let error = parse_line("maybe GET / port x", NOW).unwrap_err();
        assert!(error.contains("port"), "{error}");
    }
}
