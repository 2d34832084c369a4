//! `requests.txt` (`policy test`): arbitrary text, line by line, through the
//! parser `policy test` uses, each expectation decided against a fixed policy.
//!
//! Invariants: no panic; a line is skipped exactly when it is blank or a
//! comment; an expectation's words are the line's own, and it is met by
//! exactly one decision (an expectation without a reason by its decision
//! with any reason).

#![no_main]

use lattice_policy::eval::requests_file::parse_line;
use lattice_policy::eval::{AuthLayer, AuthType, Authorizer, CompiledPolicy, Timestamp};
use lattice_policy::load::{load_str, LoadOptions};
use libfuzzer_sys::fuzz_target;

/// 2026-01-01T00:00:00Z.
const NOW: Timestamp = Timestamp::from_millis(1_767_225_600_000);

const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[
 {"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*",
  "Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"GET"}}},
 {"Effect":"Deny","Principal":"*","Action":"*","Resource":"*/admin/*"}]}"#;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let loaded = load_str("policy.json", POLICY, LoadOptions::default());
    let Some(policy) = loaded.policy.as_ref().filter(|_| !loaded.has_errors()) else {
        panic!("the fixed policy does not load");
    };
    let authorizer = Authorizer {
        network: None,
        service: AuthLayer {
            auth_type: AuthType::AwsIam,
            policy: Some(CompiledPolicy::compile(policy)),
        },
        identity: None,
    };
    for line in text.lines() {
        let skipped = line.trim().is_empty() || line.trim().starts_with('#');
        match parse_line(line, NOW) {
            Ok(None) => assert!(skipped, "{line:?} skipped"),
            Ok(Some(expectation)) => {
                assert!(!skipped, "{line:?} read");
                assert!(line.contains(expectation.expected) && line.contains(expectation.query));
                let verdict = authorizer.decide(&expectation.request);
                let met = expectation.is_met_by(verdict);
                let decision = verdict.decision.as_str();
                let written = expectation.expected;
                if written == decision {
                    assert!(met, "{written} not met by {verdict:?}");
                } else if written == format!("{decision}:{}", verdict.reason.as_str()) {
                    assert!(met, "{written} not met by {verdict:?}");
                } else {
                    assert!(!met, "{written} met by {verdict:?}");
                }
            }
            Err(message) => assert!(!skipped && !message.is_empty(), "{line:?}"),
        }
    }
});
