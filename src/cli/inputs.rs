//! Turning the paths on the command line into the inputs to check.

use std::fs;
use std::path::{Path, PathBuf};

pub use lattice_policy::source::STDIN_NAME;

/// One input to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// Standard input (`-`).
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Input {
    /// The name shown for the input.
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => STDIN_NAME.to_string(),
            Input::File(path) => path.display().to_string(),
        }
    }
}

/// A path that could not be used, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unusable {
    /// The path as given or found.
    pub path: String,
    /// What went wrong.
    pub reason: String,
}

/// An input to check, or a path that could not be used.
pub type Expanded = Result<Input, Unusable>;

/// Expands files, directories (searched recursively for `*.json`, in name order,
/// skipping hidden directories and not following symbolic links to directories)
/// and `-`. Everything keeps the order of the command line.
pub fn expand(paths: &[PathBuf]) -> Vec<Expanded> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(Ok(Input::Stdin));
            continue;
        }
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut out),
            Ok(_) => out.push(Ok(Input::File(path.clone()))),
            Err(error) => out.push(Err(Unusable {
                path: path.display().to_string(),
                reason: io_reason(&error),
            })),
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<Expanded>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            out.push(Err(Unusable {
                path: dir.display().to_string(),
                reason: io_reason(&error),
            }));
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let name = entry.file_name();
        let hidden = name.to_string_lossy().starts_with('.');
        if kind.is_dir() {
            if !hidden {
                walk(&path, out);
            }
        } else if is_json(&path)
            && (kind.is_file() || fs::metadata(&path).is_ok_and(|m| m.is_file()))
        {
            out.push(Ok(Input::File(path)));
        }
    }
}

fn is_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("json"))
}

/// "no such file or directory", without Rust's "(os error 2)".
pub fn io_reason(error: &std::io::Error) -> String {
    let text = error.to_string();
    let trimmed = match text.find(" (os error") {
        Some(i) => text.get(..i).unwrap_or(&text),
        None => &text,
    };
    trimmed.to_lowercase()
}
