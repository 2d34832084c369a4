//! Turning the paths on the command line into the inputs to read, and
//! reading them, the way ripgrep treats files.
//!
//! A pull request can add any file: a FIFO that blocks a reader forever, a
//! symbolic link to `/proc/self/environ` or to a credentials file, links that
//! loop. So:
//!
//! * Directory walks do not follow symbolic links to directories unless
//!   `--follow` is given, and then remember the directories they are in, so
//!   a link back up is reported as a loop instead of walked forever.
//! * A symbolic link to a file is read only when its target is inside the
//!   tree being checked (the directory walked, or the current directory for a
//!   path named on the command line), unless `--follow` is given. A dangling
//!   or looping link with a wanted name is reported, not skipped.
//! * FIFOs, sockets and devices found in a walk are skipped; named on the
//!   command line they are refused. Nothing under `/proc`, `/sys` or `/dev`
//!   is read, `--follow` or not.
//! * Every read is bounded ([`read_file`]), and every path that cannot be
//!   used becomes an [`Unusable`] the caller reports (exit status 2).

use std::collections::HashSet;
use std::fs;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};

pub use lattice_policy::source::STDIN_NAME;

/// Directories whose files are never read: they describe the machine (and
/// its secrets), not a repository.
const SYSTEM_DIRS: [&str; 3] = ["/proc", "/sys", "/dev"];

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
            Input::File(path) => display_path(path),
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

impl Unusable {
    fn new(path: &Path, reason: impl Into<String>) -> Unusable {
        Unusable {
            path: display_path(path),
            reason: reason.into(),
        }
    }
}

/// An input to check, or a path that could not be used.
pub type Expanded = Result<Input, Unusable>;

/// How to walk directories.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Walk {
    /// Follow symbolic links to directories, and read links to files outside
    /// the tree (`--follow`).
    pub follow: bool,
}

/// A path as text. Names that are not UTF-8 show their other bytes as `\xNN`
/// rather than as U+FFFD, which would name a file that does not exist.
pub fn display_path(path: &Path) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// Expands files, directories (searched recursively for `*.json` and the
/// infrastructure files policies are written in, `*.yaml`, `*.yml`, `*.tf`,
/// in name order, skipping hidden directories) and `-`, keeping the order of
/// the command line. `Err` when standard input is named twice.
pub fn expand(paths: &[PathBuf], walk: Walk) -> Result<Vec<Expanded>, String> {
    expand_matching(paths, walk, &is_checkable)
}

/// [`expand`] for the files `wanted` accepts.
pub fn expand_matching(
    paths: &[PathBuf],
    walk: Walk,
    wanted: &dyn Fn(&Path) -> bool,
) -> Result<Vec<Expanded>, String> {
    if paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err("standard input (`-`) can be named only once".to_string());
    }
    let cwd = std::env::current_dir()
        .and_then(fs::canonicalize)
        .unwrap_or_else(|_| PathBuf::from("/"));
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(Ok(Input::Stdin));
            continue;
        }
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let mut walker = Walker::new(walk, wanted, &mut out);
                walker.walk_root(path);
            }
            Ok(_) => out.push(named_file(path, &cwd, walk)),
            Err(error) => out.push(Err(Unusable::new(path, link_reason(path, &error)))),
        }
    }
    Ok(out)
}

/// A file named on the command line, if it may be read.
fn named_file(path: &Path, cwd: &Path, walk: Walk) -> Expanded {
    let target = fs::canonicalize(path).map_err(|e| Unusable::new(path, io_reason(&e)))?;
    if let Some(reason) = system_file(&target) {
        return Err(Unusable::new(path, reason));
    }
    let meta = fs::metadata(&target).map_err(|e| Unusable::new(path, io_reason(&e)))?;
    if let Some(kind) = special_kind(meta.file_type()) {
        return Err(Unusable::new(
            path,
            format!("is {kind}, not a regular file; not read"),
        ));
    }
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link && !walk.follow && !target.starts_with(cwd) {
        return Err(Unusable::new(
            path,
            format!(
                "is a symbolic link to `{}`, outside the current directory; not read (`--follow` reads it)",
                display_path(&target)
            ),
        ));
    }
    Ok(Input::File(path.to_path_buf()))
}

/// Why a file under a system directory is refused, or `None`.
fn system_file(target: &Path) -> Option<String> {
    SYSTEM_DIRS
        .iter()
        .find(|dir| target.starts_with(dir))
        .map(|dir| {
            format!("is under `{dir}`, which describes this machine, not a policy; not read")
        })
}

/// "a FIFO", "a socket", "a device", or `None` for files and directories.
fn special_kind(kind: fs::FileType) -> Option<&'static str> {
    if kind.is_fifo() {
        Some("a FIFO")
    } else if kind.is_socket() {
        Some("a socket")
    } else if kind.is_char_device() || kind.is_block_device() {
        Some("a device")
    } else {
        None
    }
}

/// Why a path cannot be opened, saying so when it is a dangling or looping
/// symbolic link.
fn link_reason(path: &Path, error: &std::io::Error) -> String {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return io_reason(error);
    }
    // ELOOP has no stable ErrorKind; its message says it.
    if error.raw_os_error() == Some(40) {
        "is a symbolic link that loops".to_string()
    } else {
        format!(
            "is a symbolic link that leads nowhere ({})",
            io_reason(error)
        )
    }
}

/// One directory walk.
struct Walker<'a> {
    walk: Walk,
    wanted: &'a dyn Fn(&Path) -> bool,
    out: &'a mut Vec<Expanded>,
    /// The walked root, resolved: links to files inside it may be read.
    root: PathBuf,
    /// Resolved directories on the way down from the root (for loops).
    ancestors: Vec<PathBuf>,
    /// Resolved directories walked so far, so that two links to one
    /// directory walk it once.
    seen: HashSet<PathBuf>,
}

impl<'a> Walker<'a> {
    fn new(walk: Walk, wanted: &'a dyn Fn(&Path) -> bool, out: &'a mut Vec<Expanded>) -> Self {
        Walker {
            walk,
            wanted,
            out,
            root: PathBuf::new(),
            ancestors: Vec::new(),
            seen: HashSet::new(),
        }
    }

    fn walk_root(&mut self, dir: &Path) {
        match fs::canonicalize(dir) {
            Ok(root) => {
                if let Some(reason) = system_file(&root) {
                    self.out.push(Err(Unusable::new(dir, reason)));
                    return;
                }
                self.root = root.clone();
                self.enter(dir, root);
            }
            Err(error) => self.out.push(Err(Unusable::new(dir, io_reason(&error)))),
        }
    }

    /// Walks `dir`, whose resolved path is `resolved`.
    fn enter(&mut self, dir: &Path, resolved: PathBuf) {
        if !self.seen.insert(resolved.clone()) {
            return;
        }
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(error) => {
                self.out.push(Err(Unusable::new(dir, io_reason(&error))));
                return;
            }
        };
        let mut listed = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => listed.push(entry),
                Err(error) => self.out.push(Err(Unusable::new(dir, io_reason(&error)))),
            }
        }
        // Each name is copied once, not at every comparison: a folder of
        // thousands of files made the sort the walk's largest cost.
        listed.sort_by_cached_key(fs::DirEntry::file_name);
        self.ancestors.push(resolved);
        for entry in listed {
            let path = entry.path();
            match entry.file_type() {
                Ok(kind) => self.visit(&path, kind),
                Err(error) => self.out.push(Err(Unusable::new(&path, io_reason(&error)))),
            }
        }
        self.ancestors.pop();
    }

    fn visit(&mut self, path: &Path, kind: fs::FileType) {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.as_encoded_bytes().starts_with(b"."));
        if kind.is_dir() {
            if !hidden {
                let resolved = self.resolved_below(path);
                self.enter(path, resolved);
            }
        } else if kind.is_file() {
            if (self.wanted)(path) {
                self.out.push(Ok(Input::File(path.to_path_buf())));
            }
        } else if kind.is_symlink() {
            self.visit_link(path, hidden);
        }
        // FIFOs, sockets and devices are skipped, whatever their name.
    }

    /// A directory's resolved path: its parent's, and its name.
    fn resolved_below(&self, path: &Path) -> PathBuf {
        match (self.ancestors.last(), path.file_name()) {
            (Some(parent), Some(name)) => parent.join(name),
            _ => path.to_path_buf(),
        }
    }

    fn visit_link(&mut self, path: &Path, hidden: bool) {
        let wanted = (self.wanted)(path);
        let target = match fs::canonicalize(path) {
            Ok(target) => target,
            Err(error) => {
                if wanted {
                    self.out
                        .push(Err(Unusable::new(path, link_reason(path, &error))));
                }
                return;
            }
        };
        let Ok(meta) = fs::metadata(&target) else {
            return;
        };
        if meta.is_dir() {
            if !self.walk.follow || hidden {
                return;
            }
            if self.ancestors.contains(&target) {
                self.out.push(Err(Unusable::new(
                    path,
                    format!(
                        "is a symbolic link back to `{}`, which is being walked: a loop, not followed",
                        display_path(&target)
                    ),
                )));
                return;
            }
            if system_file(&target).is_none() {
                self.enter(path, target);
            }
            return;
        }
        if !wanted || special_kind(meta.file_type()).is_some() {
            return;
        }
        if let Some(reason) = system_file(&target) {
            self.out.push(Err(Unusable::new(path, reason)));
        } else if !self.walk.follow && !target.starts_with(&self.root) {
            self.out.push(Err(Unusable::new(
                path,
                format!(
                    "is a symbolic link to `{}`, outside `{}`; not read (`--follow` reads it)",
                    display_path(&target),
                    display_path(&self.root)
                ),
            )));
        } else {
            self.out.push(Ok(Input::File(path.to_path_buf())));
        }
    }
}

fn is_checkable(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| lattice_policy::iac::is_candidate_name(&name.to_string_lossy()))
}

/// Reads a file named by an option (`--config`, `--request`, a policy of
/// `policy test`) whole, up to `max_size` bytes: special files, system files
/// and larger files are refused with the reason.
pub fn read_file(path: &Path, max_size: usize) -> Result<Vec<u8>, String> {
    let bytes = read_checked(path, max_size)?;
    if bytes.len() > max_size {
        return Err(format!("is larger than {max_size} bytes; not read"));
    }
    Ok(bytes)
}

/// Reads a policy file for `eval`, `diff` or `--baseline`: the checks of
/// [`read_file`], and at most `max_size + 1` bytes, so that loading reports
/// a file over the limit as a finding.
pub fn read_checked(path: &Path, max_size: usize) -> Result<Vec<u8>, String> {
    let target = fs::canonicalize(path).map_err(|e| link_reason(path, &e))?;
    if let Some(reason) = system_file(&target) {
        return Err(reason);
    }
    let meta = fs::metadata(&target).map_err(|e| io_reason(&e))?;
    if meta.is_dir() {
        return Err("is a directory".to_string());
    }
    if let Some(kind) = special_kind(meta.file_type()) {
        return Err(format!("is {kind}, not a regular file; not read"));
    }
    let file = fs::File::open(&target).map_err(|e| io_reason(&e))?;
    lattice_policy::load::read_bounded(file, max_size).map_err(|e| io_reason(&e))
}

/// True when `path` is a symbolic link whose target is outside `dir`.
pub fn links_outside(path: &Path, dir: &Path) -> bool {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let inside = match (fs::canonicalize(path), fs::canonicalize(dir)) {
        (Ok(target), Ok(dir)) => target.starts_with(dir),
        _ => false,
    };
    is_link && !inside
}

/// The largest file read for an option: a request, a configuration, a
/// `requests.txt`, a policy of `policy test`.
pub const MAX_OPTION_FILE: usize = 1 << 20;

/// "no such file or directory", without Rust's "(os error 2)".
pub fn io_reason(error: &std::io::Error) -> String {
    let text = error.to_string();
    let trimmed = match text.find(" (os error") {
        Some(i) => text.get(..i).unwrap_or(&text),
        None => &text,
    };
    trimmed.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_utf8_names_show_their_bytes() {
        use std::os::unix::ffi::OsStrExt;
        let path = Path::new(std::ffi::OsStr::from_bytes(b"bad\xffname.json"));
        assert_eq!(display_path(path), "bad\\xffname.json");
        assert_eq!(display_path(Path::new("é.json")), "é.json");
    }

    #[test]
    fn stdin_twice_is_refused() {
        let paths = [PathBuf::from("-"), PathBuf::from("-")];
        assert!(expand(&paths, Walk::default()).is_err());
    }

    #[test]
    fn reads_are_bounded() {
        let path =
            std::env::temp_dir().join(format!("lattice-policy-bounded-{}", std::process::id()));
        fs::write(&path, "x".repeat(100)).unwrap();
        let err = read_file(&path, 10).unwrap_err();
        assert!(err.contains("larger than 10 bytes"), "{err}");
        assert_eq!(read_file(&path, 100).unwrap().len(), 100);
        assert_eq!(read_checked(&path, 10).unwrap().len(), 11);
        assert!(read_file(Path::new("/proc/self/environ"), 1 << 20)
            .unwrap_err()
            .contains("/proc"));
        assert!(read_file(Path::new("/dev/null"), 10)
            .unwrap_err()
            .contains("/dev"));
        let _ = fs::remove_file(path);
    }
}
