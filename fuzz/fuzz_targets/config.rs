//! `lattice-policy.toml`: arbitrary bytes to `Config::parse`.
//!
//! Invariants: no panic; a refused file has findings, in source order, each
//! span (and related span) inside the text on character boundaries; an
//! accepted file's `never` patterns are all valid invariants (they are
//! checked when read), and its globs answer for any path.

#![no_main]

use std::path::Path;

use lattice_policy::analysis::Invariant;
use lattice_policy::config::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let root = Path::new("/repo");
    match Config::parse("lattice-policy.toml", root, data) {
        Ok(config) => {
            for pattern in &config.never {
                assert!(
                    Invariant::parse(pattern).is_ok(),
                    "accepted never pattern {pattern:?} does not parse"
                );
            }
            for path in ["/repo/policies/a.json", "/repo/x", "/elsewhere/b.json"] {
                let _ = config.admits(Path::new(path));
                let _ = config.is_public(Path::new(path));
            }
        }
        Err(error) => {
            let text = error.source.text();
            assert!(!error.findings.is_empty(), "refused without a finding");
            for finding in &error.findings {
                // An invalid UTF-8 finding points at the replacement
                // character of the lossy text shown.
                assert!(finding.span.slice(text).is_some(), "{finding:?}");
                for related in &finding.related {
                    assert!(related.span.slice(text).is_some(), "{finding:?}");
                }
            }
            assert!(
                error
                    .findings
                    .windows(2)
                    .all(|w| w[0].span.start <= w[1].span.start),
                "findings out of order"
            );
        }
    }
});
