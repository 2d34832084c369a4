//! Fixes on real and broken policies, through the library: applying every
//! fix (safe and unsafe) reaches a fixed point in a few passes, never adds a
//! grammar error, and keeps each edit on the text it was made for.

use std::path::Path;

use lattice_policy::check::{check_bytes, Checker, Expectations};
use lattice_policy::diagnostic::fix::apply;
use lattice_policy::diagnostic::{CodeKind, Severity};
use lattice_policy::lint::LintConfig;
use lattice_policy::load::LoadOptions;

use crate::sample::sample;

/// The grammar errors of `text`, by code.
fn grammar_errors(text: &str, checker: &Checker<'_>) -> Vec<&'static str> {
    let report = check_bytes("p.json", text.as_bytes(), checker);
    let mut codes: Vec<&'static str> = report
        .findings()
        .iter()
        .filter(|f| f.info.kind == CodeKind::Grammar && f.severity == Severity::Error)
        .map(|f| f.code())
        .collect();
    codes.sort_unstable();
    codes
}

#[test]
fn every_fix_reaches_a_fixed_point_without_new_grammar_errors() {
    let lint = LintConfig::default();
    let expectations = Expectations::default();
    let checker = Checker {
        load: LoadOptions::default(),
        lint: &lint,
        expectations: &expectations,
    };
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    let mut files = sample("lattice");
    for entry in std::fs::read_dir(examples).unwrap() {
        let policy = entry.unwrap().path().join("policy.json");
        if policy.is_file() {
            files.push(policy);
        }
    }
    let mut changed = 0;
    for path in &files {
        let original = std::fs::read_to_string(path).unwrap();
        let before = grammar_errors(&original, &checker);
        let mut text = original.clone();
        let mut passes = 0;
        loop {
            let report = check_bytes("p.json", text.as_bytes(), &checker);
            let findings = report.findings();
            let fixes: Vec<_> = findings.iter().filter_map(|f| f.fix.as_deref()).collect();
            let pass = apply(&text, fixes.iter().copied());
            if pass.applied == 0 {
                assert!(fixes.is_empty() || pass.skipped > 0, "{}", path.display());
                break;
            }
            text = pass.text;
            passes += 1;
            assert!(
                passes <= 3,
                "{}: still changing after 3 passes",
                path.display()
            );
        }
        let after = grammar_errors(&text, &checker);
        for code in &after {
            assert!(
                before.contains(code),
                "{}: fixing added {code}:\n{text}",
                path.display()
            );
        }
        changed += usize::from(text != original);
    }
    assert!(changed >= 10, "only {changed} files had fixes");
}
