//! The service and service network ARNs named in the workspace, which
//! completion offers where a resource ARN is expected: those in the open
//! documents, and those in the workspace's files, read once in the
//! background when the server starts (policies, templates and Terraform,
//! a bounded number of bounded files).

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Files read at most, and the largest read.
const MAX_FILES: usize = 5_000;
const MAX_FILE_SIZE: u64 = 1024 * 1024;

/// Folders never walked: version control, dependencies, build output.
const SKIPPED: &[&str] = &[
    ".git",
    "node_modules",
    "target",
    ".terraform",
    "cdk.out",
    "vendor",
];

/// The Lattice service and service network ARNs in `text`.
pub fn in_text(text: &str, into: &mut BTreeSet<String>) {
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|t| t.find("arn:aws")) {
        let start = from + found;
        let end = text
            .get(start..)
            .and_then(|t| t.find(|c: char| !(c.is_ascii_alphanumeric() || ":/-_.*".contains(c))))
            .map_or(text.len(), |n| start + n);
        if let Some(arn) = text.get(start..end).filter(|a| a.contains(":vpc-lattice:")) {
            // The ARN itself, without a path after the service's id.
            let kind = [":service/", ":servicenetwork/"]
                .iter()
                .find_map(|k| arn.find(k).map(|at| at + k.len()));
            if let Some(id_at) = kind {
                let id_end = arn
                    .get(id_at..)
                    .and_then(|rest| rest.find('/'))
                    .map_or(arn.len(), |n| id_at + n);
                if let Some(bare) = arn.get(..id_end).filter(|_| id_end > id_at) {
                    into.insert(bare.to_string());
                }
            }
        }
        from = end.max(start + 1);
    }
}

/// Reads the workspace under `root` on a thread of its own; the ARNs found
/// are added to `into` when it is done.
pub fn scan_in_background(root: &Path, into: Arc<Mutex<BTreeSet<String>>>) {
    let root = root.to_path_buf();
    let _ = std::thread::Builder::new()
        .name("lattice-policy-arns".to_string())
        .spawn(move || {
            let mut found = BTreeSet::new();
            let mut budget = MAX_FILES;
            walk(&root, &mut found, &mut budget);
            if let Ok(mut arns) = into.lock() {
                arns.extend(found);
            }
        });
}

fn walk(dir: &Path, found: &mut BTreeSet<String>, budget: &mut usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if *budget == 0 {
            return;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if kind.is_dir() {
            if !SKIPPED.contains(&name.as_str()) {
                walk(&path, found, budget);
            }
        } else if kind.is_file() && lattice_policy::iac::is_candidate_name(&name) {
            *budget -= 1;
            let small = entry.metadata().is_ok_and(|m| m.len() <= MAX_FILE_SIZE);
            if let (true, Ok(text)) = (small, std::fs::read_to_string(&path)) {
                in_text(&text, found);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_and_network_arns_are_found() {
        let mut found = BTreeSet::new();
        in_text(
            r#"{"Resource": "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/*",
                "x": "arn:aws:vpc-lattice:us-west-2:111122223333:servicenetwork/sn-0123456789abcdef0",
                "y": "arn:aws:iam::111122223333:role/r"}"#,
            &mut found,
        );
        let found: Vec<&str> = found.iter().map(String::as_str).collect();
        assert_eq!(
            found,
            [
                "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0",
                "arn:aws:vpc-lattice:us-west-2:111122223333:servicenetwork/sn-0123456789abcdef0",
            ]
        );
    }
}
