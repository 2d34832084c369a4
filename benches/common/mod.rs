//! What the bench binaries share.

use std::path::PathBuf;

/// The folder of policies to read: the first argument that is not a flag,
/// else the first of `defaults` that exists.
pub fn corpus_dir(defaults: &[&str]) -> Option<PathBuf> {
    let given = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from);
    given
        .into_iter()
        .chain(defaults.iter().map(PathBuf::from))
        .find(|p| p.is_dir())
}
