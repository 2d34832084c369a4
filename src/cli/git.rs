//! Reading a git repository at a revision, for `policy diff --git-base` and
//! `policy check --baseline-ref`: with the `git` command, never a checkout.
//!
//! Nothing is written to the work tree or the index: every command is a
//! plumbing read (`rev-parse`, `ls-tree`, `cat-file`, and `diff` for
//! renames, with `GIT_OPTIONAL_LOCKS=0` so that it does not refresh the
//! index). Paths are given and taken repository-relative with `-z`, so no
//! name is quoted or mangled, and pathspecs are literal. A blob's size is
//! known from the tree before it is read, so no read is larger than the
//! caller's limit.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// A git repository, by its top-level directory.
#[derive(Clone, Debug)]
pub struct Repo {
    /// The top of the work tree.
    pub top: PathBuf,
}

/// What a path is in a tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A file: its blob id and size in bytes.
    File {
        /// The blob's object id.
        oid: String,
        /// Its size in bytes.
        size: u64,
    },
    /// A symbolic link (its blob is the target's name, not a file's text).
    Link,
    /// Anything else (a submodule's commit).
    Other,
}

impl Repo {
    /// The repository `cwd` is in.
    pub fn discover(cwd: &Path) -> Result<Repo, String> {
        let out = git(cwd, &["rev-parse", "--show-toplevel"])?;
        if !out.ok {
            return Err(format!(
                "`{}` is not inside a git repository (git says: {}); a git revision can only be read from one",
                super::inputs::display_path(cwd),
                out.stderr_line()
            ));
        }
        let top = String::from_utf8_lossy(&out.stdout)
            .trim_end_matches('\n')
            .to_owned();
        if top.is_empty() {
            return Err(format!(
                "`{}` is in a git repository without a work tree: there are no files to compare",
                super::inputs::display_path(cwd)
            ));
        }
        Ok(Repo {
            top: PathBuf::from(top),
        })
    }

    /// The commit `rev` names (a branch, a tag, `origin/main`, `HEAD~1`, an id).
    pub fn commit(&self, rev: &str) -> Result<String, String> {
        let spec = format!("{rev}^{{commit}}");
        let out = git(
            &self.top,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &spec,
            ],
        )?;
        let id = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        if !out.ok || id.is_empty() {
            return Err(format!(
                "`{rev}` names no commit in this repository; in CI, fetch it first (`git fetch origin main`, or `fetch-depth: 0` with actions/checkout)"
            ));
        }
        Ok(id)
    }

    /// Every path in the tree of `commit`, repository-relative with `/`.
    pub fn tree(&self, commit: &str) -> Result<BTreeMap<String, Entry>, String> {
        let out = git(
            &self.top,
            &["ls-tree", "-r", "-z", "--long", "--full-tree", commit],
        )?;
        if !out.ok {
            return Err(format!(
                "cannot list the files of `{commit}`: {}",
                out.stderr_line()
            ));
        }
        let mut entries = BTreeMap::new();
        for record in out.stdout.split(|b| *b == 0).filter(|r| !r.is_empty()) {
            // `<mode> <type> <object> <size>\t<path>`; the size is padded.
            let Some(tab) = record.iter().position(|b| *b == b'\t') else {
                continue;
            };
            let (head, path) = record.split_at(tab);
            let path = String::from_utf8_lossy(path.get(1..).unwrap_or_default()).into_owned();
            let head = String::from_utf8_lossy(head);
            let fields: Vec<&str> = head.split_whitespace().collect();
            let entry = match fields.as_slice() {
                ["120000", ..] => Entry::Link,
                [_, "blob", oid, size] => match size.parse() {
                    Ok(size) => Entry::File {
                        oid: (*oid).to_owned(),
                        size,
                    },
                    Err(_) => Entry::Other,
                },
                _ => Entry::Other,
            };
            entries.insert(path, entry);
        }
        Ok(entries)
    }

    /// The files renamed between `commit` and the work tree, as git's rename
    /// detection finds them: each new path with its old one.
    pub fn renames(&self, commit: &str) -> Result<BTreeMap<String, String>, String> {
        let out = git(
            &self.top,
            &[
                "diff",
                "-z",
                "--name-status",
                "--find-renames",
                "--no-ext-diff",
                "--no-textconv",
                commit,
                "--",
            ],
        )?;
        if !out.ok {
            return Err(format!(
                "cannot compare the work tree with `{commit}`: {}",
                out.stderr_line()
            ));
        }
        let mut renames = BTreeMap::new();
        let mut fields = out
            .stdout
            .split(|b| *b == 0)
            .map(|f| String::from_utf8_lossy(f).into_owned());
        while let Some(status) = fields.next() {
            if status.is_empty() {
                continue;
            }
            // Renames and copies carry two paths, every other status one.
            if status.starts_with('R') || status.starts_with('C') {
                let (Some(old), Some(new)) = (fields.next(), fields.next()) else {
                    break;
                };
                if status.starts_with('R') {
                    renames.insert(new, old);
                }
            } else {
                fields.next();
            }
        }
        Ok(renames)
    }

    /// A reader of blobs (`git cat-file --batch`), kept open for many reads.
    pub fn blobs(&self) -> Result<Blobs, String> {
        let mut child = base_command(&self.top)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| spawn_error(&e))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err("cannot talk to `git cat-file`".to_owned());
        };
        Ok(Blobs {
            child,
            stdin: Some(stdin),
            stdout: BufReader::new(stdout),
        })
    }
}

/// An open `git cat-file --batch`, answering one object id at a time.
pub struct Blobs {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Blobs {
    /// The bytes of the blob `oid`, which the tree said holds `size` bytes.
    /// The caller has checked the size against its limit; a blob git then
    /// says is of another size is refused unread.
    pub fn read(&mut self, oid: &str, size: u64) -> Result<Vec<u8>, String> {
        let stdin = self
            .stdin
            .as_mut()
            .ok_or_else(|| "`git cat-file` has stopped".to_owned())?;
        stdin
            .write_all(format!("{oid}\n").as_bytes())
            .and_then(|()| stdin.flush())
            .map_err(|e| format!("cannot ask git for a file: {e}"))?;
        let mut header = String::new();
        self.stdout
            .read_line(&mut header)
            .map_err(|e| format!("cannot read a file from git: {e}"))?;
        let fields: Vec<&str> = header.split_whitespace().collect();
        let told = match fields.as_slice() {
            [_, "blob", told] => told.parse::<u64>().ok(),
            _ => None,
        };
        if told != Some(size) {
            // The stream is out of step now: stop using it.
            self.stdin = None;
            return Err(format!(
                "git did not return the file ({})",
                header.trim_end()
            ));
        }
        let mut bytes = Vec::new();
        (&mut self.stdout)
            .take(size.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read a file from git: {e}"))?;
        // The object is followed by a newline.
        if bytes.pop() != Some(b'\n') || bytes.len() as u64 != size {
            self.stdin = None;
            return Err("git returned a truncated file".to_owned());
        }
        Ok(bytes)
    }
}

impl Drop for Blobs {
    fn drop(&mut self) {
        // Closing its input ends `git cat-file`.
        self.stdin = None;
        let _ = self.child.wait();
    }
}

/// What one git command printed, and whether it succeeded.
struct Output {
    ok: bool,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

impl Output {
    /// The first line of what git said on standard error.
    fn stderr_line(&self) -> String {
        let text = String::from_utf8_lossy(&self.stderr);
        let line = text.lines().next().unwrap_or("").trim();
        line.strip_prefix("fatal: ").unwrap_or(line).to_owned()
    }
}

/// `git` in `dir`, reading only: optional locks off (no index refresh is
/// written), literal pathspecs, no pager, no prompt.
fn base_command(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .arg("-C")
        .arg(dir)
        .args(["-c", "core.quotePath=false"])
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_LITERAL_PATHSPECS", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_PAGER", "cat");
    command
}

fn git(dir: &Path, args: &[&str]) -> Result<Output, String> {
    let output = base_command(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| spawn_error(&e))?;
    Ok(Output {
        ok: output.status.success(),
        stdout: output.stdout,
        stderr: output.stderr,
    })
}

fn spawn_error(error: &std::io::Error) -> String {
    if error.kind() == std::io::ErrorKind::NotFound {
        "git is not installed (no `git` on PATH): comparing with a git revision reads the repository with it".to_owned()
    } else {
        format!("cannot run git: {}", super::inputs::io_reason(error))
    }
}
