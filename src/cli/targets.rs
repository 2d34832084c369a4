//! What `policy check` and `policy test` read when no PATH is given: the
//! configuration's `include` globs when it has them, else `policies/`.
//!
//! Walking the whole repository and filtering by `include` would read every
//! `node_modules`; instead each glob's literal leading directories
//! (`policies/` of `policies/**/*.json`) are walked, and the configuration's
//! filter then keeps what the globs match. A root that does not exist
//! matches nothing, and a missing `policies/` is no error either: there is
//! simply nothing to check, which the caller says.

use std::path::{Path, PathBuf};

use super::configure;

/// The conventional folder checked when nothing else says what to check.
pub const DEFAULT_DIR: &str = "policies";

/// The paths to walk for a run without PATH arguments: the existing roots of
/// the configuration's `include` globs, shown relative to `cwd`, or
/// `policies/` when it exists. Empty when there is nothing to walk.
pub fn when_none_given(file: Option<&configure::File>, cwd: &Path) -> Vec<PathBuf> {
    let config = file.map(|f| &f.config).filter(|c| !c.include.is_empty());
    let Some(config) = config else {
        let default = PathBuf::from(DEFAULT_DIR);
        return if cwd.join(&default).exists() {
            vec![default]
        } else {
            Vec::new()
        };
    };
    let mut roots: Vec<PathBuf> = config
        .include
        .iter()
        .map(|glob| config.root.join(literal_prefix(glob)))
        .filter(|root| root.exists())
        .collect();
    roots.sort();
    roots.dedup();
    // A root under another is walked with it: listing it again would check
    // its files twice.
    let all = roots.clone();
    roots.retain(|root| {
        !all.iter()
            .any(|other| other != root && root.starts_with(other))
    });
    roots.iter().map(|root| shown(root, cwd)).collect()
}

/// What `policy check` and `policy test` say when [`when_none_given`] finds
/// nothing.
pub fn nothing_to_walk(file: Option<&configure::File>) -> String {
    match file.filter(|f| !f.config.include.is_empty()) {
        Some(file) => format!(
            "no PATH given, and nothing matches the `include` of `{}`: nothing to check",
            file.name
        ),
        None => format!(
            "no PATH given, and there is no `{DEFAULT_DIR}/` here: nothing to check (name the files or directories to check, or set `include` in lattice-policy.toml)"
        ),
    }
}

/// The directories of `glob` before its first component with a glob
/// character, without a leading `./`: `policies/prod` for
/// `policies/prod/**/*.json`, the whole glob when it has none (a folder or a
/// file), nothing when it starts with one.
fn literal_prefix(glob: &str) -> PathBuf {
    let glob = glob.trim_start_matches("./");
    let is_pattern = |part: &str| part.contains(['*', '?', '[', '{', '\\']);
    glob.split('/')
        .take_while(|part| !is_pattern(part))
        .filter(|part| !part.is_empty() && *part != ".")
        .collect()
}

/// `root` as the paths of the run show it: relative to `cwd` when it is
/// under `cwd` (`.` for `cwd` itself) or above it (`..`), else absolute.
fn shown(root: &Path, cwd: &Path) -> PathBuf {
    if let Ok(below) = root.strip_prefix(cwd) {
        return if below.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            below.to_path_buf()
        };
    }
    let mut up = PathBuf::new();
    for ancestor in cwd.ancestors().skip(1) {
        up.push("..");
        if let Ok(below) = root.strip_prefix(ancestor) {
            if !below.as_os_str().is_empty() {
                up.push(below);
            }
            return up;
        }
    }
    root.to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_glob_is_walked_from_its_literal_directories() {
        assert_eq!(
            literal_prefix("policies/**/*.json"),
            PathBuf::from("policies")
        );
        assert_eq!(
            literal_prefix("./services/prod/*.json"),
            PathBuf::from("services/prod")
        );
        assert_eq!(literal_prefix("policies"), PathBuf::from("policies"));
        assert_eq!(literal_prefix("**/*.json"), PathBuf::new());
        assert_eq!(literal_prefix("{a,b}/x.json"), PathBuf::new());
    }

    #[test]
    fn roots_are_shown_relative_to_the_current_directory() {
        let cwd = Path::new("/repo/sub");
        assert_eq!(shown(Path::new("/repo/sub/p"), cwd), PathBuf::from("p"));
        assert_eq!(shown(Path::new("/repo/sub"), cwd), PathBuf::from("."));
        assert_eq!(shown(Path::new("/repo/p"), cwd), PathBuf::from("../p"));
        assert_eq!(shown(Path::new("/repo"), cwd), PathBuf::from(".."));
    }
}
