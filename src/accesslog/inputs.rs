//! The files a `--log` path names: a file, or a directory walked for log
//! files (the S3 delivery layout `AWSLogs/<account>/VpcLattice/AccessLogs/
//! <region>/<yyyy>/<mm>/<dd>/…json.gz`, or any tree of logs), in name order.

use std::path::{Path, PathBuf};

/// True for a file name a directory walk reads: `.json`, `.gz`, `.jsonl`,
/// `.ndjson`, `.log` or `.txt`, not hidden.
pub fn is_log_name(name: &str) -> bool {
    !name.starts_with('.')
        && [".json", ".gz", ".jsonl", ".ndjson", ".log", ".txt"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// Every log file under `path` (itself, when it is a file), sorted; symbolic
/// links to directories are not followed. An unreadable directory is an error.
pub fn files(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&dir)?.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let name = entry.file_name().to_string_lossy().into_owned();
            if kind.is_dir() {
                if !name.starts_with('.') {
                    stack.push(entry.path());
                }
            } else if (kind.is_file() || kind.is_symlink()) && is_log_name(&name) {
                out.push(entry.path());
            }
        }
    }
    out.sort();
    Ok(out)
}
