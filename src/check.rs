//! Checking a policy: loading (grammar findings) and linting (rule findings).

use crate::diagnostic::CodeInfo;
use crate::lint::{self, LintConfig};
use crate::load::{self, LoadOptions, Loaded};

/// Loads a policy and, when it could be read, runs the configured lint rules
/// over the statements that lowered cleanly. Findings come in source order.
pub fn check_bytes(name: &str, bytes: &[u8], options: LoadOptions, config: &LintConfig) -> Loaded {
    let mut loaded = load::load_bytes(name, bytes, options);
    if let Some(policy) = &loaded.policy {
        let more = lint::lint(policy, &loaded.source, config);
        loaded.findings.extend(more);
        loaded.findings.sort_by_key(|f| f.span.start);
    }
    loaded
}

/// Every code `check` can report on a policy: the grammar's and the lint rules'.
pub fn all_codes() -> impl Iterator<Item = &'static CodeInfo> {
    crate::diagnostic::codes::ALL
        .iter()
        .copied()
        .chain(lint::RULES.iter().map(|r| &r.info))
}

/// Every code the tool reports: [`all_codes`], then those of the problems
/// found in a configuration file ([`crate::config::codes`]), which are
/// reported before any policy is read.
pub fn every_code() -> impl Iterator<Item = &'static CodeInfo> {
    all_codes().chain(crate::config::codes::ALL.iter().copied())
}
