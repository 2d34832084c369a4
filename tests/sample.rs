//! The sample of the vendored corpus (`tests/corpus/`) that the test suite
//! reads: `tests/corpus/SAMPLE.txt` names it, so that the whole corpus (1,600
//! files, checked by `.ci/run` with a release build) does not slow every
//! debug test run.

use std::path::{Path, PathBuf};

/// The sampled files of corpus folder `dir` (`"lattice"`, `"aws-managed"`),
/// as absolute paths in the order `SAMPLE.txt` lists them (sorted by name).
pub fn sample(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let list = std::fs::read_to_string(root.join("SAMPLE.txt")).unwrap();
    let prefix = format!("{dir}/");
    let files: Vec<PathBuf> = list
        .lines()
        .filter(|l| l.starts_with(&prefix))
        .map(|l| root.join(l))
        .collect();
    assert!(!files.is_empty(), "no {dir} files in SAMPLE.txt");
    for file in &files {
        assert!(file.is_file(), "{} is listed but missing", file.display());
    }
    files
}

/// The sampled files of `dir` relative to the repository, for command lines.
pub fn sample_relative(dir: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    sample(dir)
        .iter()
        .map(|p| p.strip_prefix(root).unwrap().display().to_string())
        .collect()
}
