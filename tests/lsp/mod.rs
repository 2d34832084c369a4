//! `policy lsp` driven over stdio: a scripted session with its transcript
//! snapshot-tested, code lenses (worked out apart from the diagnostics, and
//! replayed for a Terraform module), random edit sequences, and Neovim's
//! own client.

mod client;
mod edits;
mod lenses;
mod neovim;
mod session;
mod setup;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

/// A scratch directory unique to one test, removed on drop.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(test: &str) -> Scratch {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir()
            .join("lattice-policy-lsp-tests")
            .join(format!("{test}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    /// Writes `contents` to `name` and returns its path.
    pub fn file(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `value` with every occurrence of `dir` in its strings replaced by
/// `<dir>`, so that a transcript does not depend on where the test ran.
pub fn normalise(value: &mut Value, dir: &Path) {
    let dir = dir.display().to_string();
    match value {
        Value::String(s) if s.contains(&dir) => *s = s.replace(&dir, "<dir>"),
        Value::Array(items) => items.iter_mut().for_each(|v| normalise_str(v, &dir)),
        Value::Object(map) => {
            // Keys too: a workspace edit is keyed by URI.
            let entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
            for (key, mut v) in entries {
                normalise_str(&mut v, &dir);
                map.insert(key.replace(&dir, "<dir>"), v);
            }
        }
        _ => {}
    }
}

fn normalise_str(value: &mut Value, dir: &str) {
    normalise(value, Path::new(dir));
}
