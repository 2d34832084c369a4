//! `*.policytest.toml` (`policy test`): arbitrary text through the reader
//! `policy test` uses.
//!
//! Invariants: no panic; every problem is located inside the text; a file
//! without problems names its service policy; a case without problems has a
//! request and a decision.

#![no_main]

use lattice_policy::eval::policytest::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = parse(text);
    let problems = file.problems.iter().chain(file.cases.iter().flat_map(|c| c.problems.iter()));
    for problem in problems {
        assert!(problem.offset <= text.len(), "{problem:?}");
        assert!(!problem.message.is_empty());
    }
    if file.problems.is_empty() {
        assert!(file.policies.service.is_some());
        for case in file.cases.iter().filter(|c| c.problems.is_empty()) {
            assert!(case.request.is_some(), "{case:?}");
            assert!(case.expected.decision.is_some(), "{case:?}");
        }
    }
});
