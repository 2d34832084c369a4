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
use super::named::NamedTargets;
use super::query::{parse_query, QueryError};
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

/// What is wrong with a line of `requests.txt`, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    /// The 1-based column (in characters) of the word at fault.
    pub column: usize,
    /// What is wrong, in one line.
    pub message: String,
    /// How to fix it ("did you mean …?"), when there is a likely fix.
    pub help: Option<String>,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        match &self.help {
            Some(help) => write!(f, "; {help}"),
            None => Ok(()),
        }
    }
}

/// The expected outcomes a line may start with.
const OUTCOMES: [&str; 2] = ["allow", "deny"];

/// The reasons an expected outcome may name after `:`.
const REASONS: [&str; 4] = ["allowed", "explicit-deny", "implicit-deny", "no-auth"];

/// Reads one line: `None` for a blank line or a comment, the expectation
/// otherwise. `now` is the time a query without `time` is made at. The error
/// says what is wrong, without the line number (the caller knows it);
/// [`read_line`] also says where and how to fix it.
///
/// The query is read before the expected outcome, so a line wrong in both
/// places reports the query.
pub fn parse_line(line: &str, now: Timestamp) -> Result<Option<Expectation<'_>>, String> {
    read_line(line, now).map_err(|error| error.message)
}

/// [`parse_line`], with the column of the word at fault and a fix when one
/// is likely (the query language's "did you mean", or the outcome closest to
/// a misspelt one).
pub fn read_line(line: &str, now: Timestamp) -> Result<Option<Expectation<'_>>, LineError> {
    read_line_for(line, now, &NamedTargets::default())
}

/// [`read_line`] for a service whose policy names `named`: a query that
/// names no service or service network is about those (decision
/// `eval-defaults-from-policy`), as `policy eval` reads it.
pub fn read_line_for<'l>(
    line: &'l str,
    now: Timestamp,
    named: &NamedTargets,
) -> Result<Option<Expectation<'l>>, LineError> {
    let column = |at: usize| {
        line.get(..at)
            .map_or(1, |before| before.chars().count() + 1)
    };
    let start = line.len() - line.trim_start().len();
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return Ok(None);
    }
    let Some((expected, rest)) = trimmed.split_once(char::is_whitespace) else {
        return Err(LineError {
            column: column(start),
            message: "expected `allow|deny[:reason] QUERY`".to_owned(),
            help: None,
        });
    };
    let query = rest.trim();
    // Where the query starts in `line`: it ends where the trimmed line does.
    let query_at = start + (trimmed.len() - query.len());
    let in_query = |error: &QueryError| LineError {
        column: column(query_at + error.span().offset()),
        message: error.message().to_owned(),
        help: error.help().map(str::to_owned),
    };
    let parsed = parse_query(query).map_err(|e| in_query(&e))?;
    let mut spec = parsed.spec.clone();
    if spec.service.is_none() {
        spec.service = named.service.value().map(str::to_owned);
    }
    if spec.service_network.is_none() {
        spec.service_network = named.network.value().map(str::to_owned);
    }
    let request =
        Request::resolve(spec, now).map_err(|e| {
            match QueryError::from_request_error(query, &parsed, &e) {
                Some(located) => in_query(&located),
                None => LineError {
                    column: column(query_at),
                    message: e.to_string(),
                    help: None,
                },
            }
        })?;
    let meets = read_expected(expected).ok_or_else(|| LineError {
        column: column(start),
        message: format!("`{expected}` is not `allow`, `deny` or `deny:<reason>`"),
        help: outcome_hint(expected),
    })?;
    Ok(Some(Expectation {
        expected,
        query,
        request,
        meets,
    }))
}

/// "did you mean …?" for a misspelt outcome: the closest decision, or the
/// closest reason (or the only one it starts) after a right decision.
fn outcome_hint(expected: &str) -> Option<String> {
    let (decision, reason) = match expected.split_once(':') {
        Some((d, r)) => (d, Some(r)),
        None => (expected, None),
    };
    let decision = if OUTCOMES.contains(&decision) {
        decision
    } else {
        crate::fuzzy::best_match(decision, &OUTCOMES)?
    };
    let suggestion = match reason {
        None => decision.to_owned(),
        Some(reason) => {
            let reason = crate::fuzzy::best_match(reason, &REASONS).or_else(|| {
                let mut starting = REASONS.iter().filter(|r| r.starts_with(reason));
                match (starting.next(), starting.next()) {
                    (Some(only), None) => Some(*only),
                    _ => None,
                }
            })?;
            format!("{decision}:{reason}")
        }
    };
    (suggestion != expected).then(|| format!("did you mean `{suggestion}`?"))
}

/// `allow`, `deny`, or either with `:reason`; `None` when malformed.
fn read_expected(expected: &str) -> Option<Expected> {
    let (decision, reason) = match expected.split_once(':') {
        Some((d, r)) => (d, Some(r)),
        None => (expected, None),
    };
    if !OUTCOMES.contains(&decision) {
        return None;
    }
    if let Some(r) = reason {
        if !REASONS.contains(&r) {
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

    #[test]
    fn errors_say_where_and_how_to_fix() {
        let error = read_line("  deny  GET / form anonymous", NOW).unwrap_err();
        assert_eq!(error.column, 15, "{error:?}");
        assert_eq!(error.help.as_deref(), Some("did you mean `from`?"));
        let error = read_line("deny GET / as 111122223333 vpc vpc-1", NOW).unwrap_err();
        assert_eq!(error.column, 32, "{error:?}");
        let error = read_line("alow GET /", NOW).unwrap_err();
        assert_eq!(
            (error.column, error.help.as_deref()),
            (1, Some("did you mean `allow`?"))
        );
        let error = read_line("deny:implicit GET /", NOW).unwrap_err();
        assert_eq!(
            error.help.as_deref(),
            Some("did you mean `deny:implicit-deny`?")
        );
        let error = read_line("deny:why GET /", NOW).unwrap_err();
        assert_eq!(error.help, None);
    }
}
