//! Inputs the fuzz targets (fuzz/) once broke, replayed on every `cargo test`
//! with the target's own checks. Each target's inputs are in
//! `tests/data/fuzz-regressions/<target>/` (the JSON reader's, the `parse`
//! target's, are the files directly in `tests/data/fuzz-regressions/`; see
//! tests/json_properties.rs).

use std::fs;
use std::path::{Path, PathBuf};

use lattice_policy::analysis::{Analysis, Answer, Invariant, Layers, Setups, CHECK_TIME};
use lattice_policy::check::{check_bytes, Checker, Expectations};
use lattice_policy::lint::LintConfig;
use lattice_policy::load::LoadOptions;

fn inputs(target: &str, extension: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/fuzz-regressions")
        .join(target);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no {extension} files in {}",
        dir.display()
    );
    files
}

/// The `check` target: a policy (`NAME.json`) and its `never` patterns
/// (`NAME.never`, one a line). `policy check` reports `INVARIANT_VIOLATED`
/// once for each pattern the analysis does not prove, whatever else it
/// reports about the policy.
#[test]
fn check_reports_every_unproved_invariant() {
    for file in inputs("check", "json") {
        let bytes = fs::read(&file).unwrap();
        let patterns = fs::read_to_string(file.with_extension("never")).unwrap();
        let never: Vec<Invariant> = patterns
            .lines()
            .map(|p| Invariant::parse(p).unwrap())
            .collect();
        let policy =
            lattice_policy::load::load_bytes("policy.json", &bytes, LoadOptions::default())
                .policy
                .unwrap();
        let expectations = Expectations {
            never: never.clone(),
            ..Expectations::default()
        };
        let checker = Checker {
            load: LoadOptions::default(),
            lint: &LintConfig::default(),
            expectations: &expectations,
        };
        let report = check_bytes("policy.json", &bytes, &checker);
        let unproved = never
            .iter()
            .filter(|invariant| {
                let mut setups = Setups::new();
                let checked = setups.add(Layers::service(&policy));
                let pattern = setups.add(Layers::service(&invariant.policy));
                let analysis = Analysis::new(setups, CHECK_TIME);
                analysis.allowed_by_both(checked, pattern) != Answer::NoRequest
            })
            .count();
        let reported = report
            .findings()
            .into_iter()
            .filter(|f| f.code() == "INVARIANT_VIOLATED")
            .count();
        assert_eq!(reported, unproved, "{}", file.display());
    }
}
