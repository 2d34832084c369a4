//! Every finding code the tool can report, in one place and one order.
//!
//! Codes are declared beside the stage that reports them (the grammar's in
//! [`crate::diagnostic::codes`], the lint rules in [`crate::lint::RULES`], the
//! expectations in [`crate::check`], the configuration file's in
//! [`crate::config::codes`]), and each [`CodeInfo`] carries its
//! [`CodeKind`]. This module chains them in the order `policy rules` lists
//! them, so that `policy rules`, `policy explain`, SARIF's rule table and the
//! tests read one list and never work a code's kind out by searching.

use crate::diagnostic::{CodeInfo, CodeKind};

/// Every code, in a fixed order: grammar, expectations, lint rules (in
/// [`crate::lint::RULES`] order), the configuration file's, then a
/// request's signature's.
pub fn all() -> impl Iterator<Item = &'static CodeInfo> {
    crate::diagnostic::codes::ALL
        .iter()
        .copied()
        .chain(crate::iac::codes::ALL.iter().copied())
        .chain(crate::iac::yaml::codes::ALL.iter().copied())
        .chain(crate::iac::terraform::codes::ALL.iter().copied())
        .chain(crate::check::EXPECTATION_CODES.iter().copied())
        .chain(crate::lint::RULES.iter().map(|r| &r.info))
        .chain(crate::config::codes::ALL.iter().copied())
        .chain(crate::wire::codes::ALL.iter().copied())
}

/// The codes a finding on a policy can carry: [`all`] but the configuration
/// file's, which are reported before any policy is read, and a request's.
pub fn policy_codes() -> impl Iterator<Item = &'static CodeInfo> {
    all().filter(|info| !matches!(info.kind, CodeKind::Config | CodeKind::Request))
}

/// The code whose code (any case) or kebab-case name is `wanted`, or that a
/// code of an earlier version ([`RENAMED`]) became.
pub fn find(wanted: &str) -> Option<&'static CodeInfo> {
    let found = |wanted: &str| {
        all().find(|info| info.code.eq_ignore_ascii_case(wanted) || info.name == wanted)
    };
    found(wanted).or_else(|| renamed(wanted).and_then(found))
}

/// A check's documentation with the one space `///` leaves at the start of
/// each line removed: Markdown, as SARIF's rule help and `policy explain`
/// show it.
pub fn documentation(info: &CodeInfo) -> String {
    info.doc
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// What `policy explain CODE` prints after the summary (and an editor's
/// hover on a finding's code shows): [`documentation`], with a `Fix`
/// section saying there is none when the check's documentation has none.
pub fn explanation(info: &CodeInfo) -> String {
    let doc = documentation(info);
    if doc.contains("### Fix") {
        doc
    } else {
        format!("{doc}\n\n### Fix\n\nNone: `policy check --fix` leaves this to the author.")
    }
}

/// Codes an earlier version reported, with the code that reports the same
/// thing now: scripts and configurations written for the old code still
/// find its documentation.
pub const RENAMED: [(&str, &str); 1] = [
    // One code for a policy not known offline, whatever the file kind.
    ("TERRAFORM_POLICY_UNRESOLVED", "POLICY_NOT_RESOLVED"),
];

/// The code `wanted` (a code of an earlier version, any case, or its
/// kebab-case name) is now reported as.
pub fn renamed(wanted: &str) -> Option<&'static str> {
    let code = wanted.to_ascii_uppercase().replace('-', "_");
    RENAMED
        .iter()
        .find(|(old, _)| *old == code)
        .map(|(_, new)| *new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_comes_from_its_own_declarations() {
        let kinds: Vec<CodeKind> = all().map(|info| info.kind).collect();
        // One run per kind, in the documented order.
        let mut runs = kinds.clone();
        runs.dedup();
        assert_eq!(
            runs,
            [
                CodeKind::Grammar,
                CodeKind::Expectation,
                CodeKind::Rule,
                CodeKind::Config,
                CodeKind::Request
            ]
        );
        assert_eq!(
            kinds.iter().filter(|k| **k == CodeKind::Rule).count(),
            crate::lint::RULES.len()
        );
        assert!(policy_codes().all(|info| info.kind != CodeKind::Config));
        assert_eq!(
            policy_codes().count()
                + crate::config::codes::ALL.len()
                + crate::wire::codes::ALL.len(),
            all().count()
        );
    }

    #[test]
    fn codes_are_found_by_code_or_name() {
        assert_eq!(find("new-access").map(|i| i.code), Some("NEW_ACCESS"));
        assert_eq!(
            find("json_syntax_error").map(|i| i.kind),
            Some(CodeKind::Grammar)
        );
        assert_eq!(find("no-such-check"), None);
    }

    #[test]
    fn a_renamed_code_finds_the_code_that_replaced_it() {
        for wanted in ["TERRAFORM_POLICY_UNRESOLVED", "terraform-policy-unresolved"] {
            assert_eq!(find(wanted).map(|i| i.code), Some("POLICY_NOT_RESOLVED"));
        }
        // The old code is not reported any more: no finding carries it.
        assert!(all().all(|i| renamed(i.code).is_none()));
    }
}
