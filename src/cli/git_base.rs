//! The policies of a pull request: every policy found now under the paths
//! given (standalone JSON and every infrastructure form), and the same
//! file's policies at a git revision, paired by (repository path, locator).
//! `policy diff --git-base REF` and `policy check --baseline-ref REF` both
//! read through here.
//!
//! A file renamed since the revision (git's rename detection) is read at its
//! old path. A policy without a version at the revision, or whose version
//! there cannot be evaluated, is compared with one that allows nothing
//! (decision `absent-baseline-allows-nothing`); the callers say so.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use lattice_policy::check::infrastructure::rendered_size;
use lattice_policy::config::normalize;
use lattice_policy::iac::{self, ExtractOptions};
use lattice_policy::json::{self, Node};
use lattice_policy::lint::rules::{over_quota, AUTH_POLICY_SIZE_QUOTA};
use lattice_policy::load::{self, LoadOptions, Loaded};
use lattice_policy::lower::{self, Lowered};
use lattice_policy::model::PolicyKind;
use lattice_policy::shape;
use lattice_policy::source::Source;

use super::git::{Blobs, Entry, Repo};

/// A git revision opened for reading: its tree, the renames since, and a
/// reader of its files.
pub struct Base {
    repo: Repo,
    /// The revision as the user wrote it (`origin/main`).
    pub rev: String,
    /// The commit it names.
    pub commit: String,
    tree: BTreeMap<String, Entry>,
    /// New path to old path, for the files renamed since.
    renames: BTreeMap<String, String>,
    /// Shared by every reader of the revision (the module reader holds the
    /// revision too), one read at a time.
    blobs: RefCell<Blobs>,
    /// The current directory, resolved like the repository's top.
    cwd: PathBuf,
}

/// What a file held at the revision.
pub enum AtBase {
    /// The file was not there.
    Absent,
    /// Its bytes.
    Bytes(Vec<u8>),
    /// It was there but cannot be read, and why.
    Unreadable(String),
}

impl Base {
    /// Opens `rev` in the repository `cwd` is in: an error when git is
    /// missing, `cwd` is in no repository, or `rev` names no commit.
    pub fn open(cwd: &Path, rev: &str) -> Result<Base, String> {
        let repo = Repo::discover(cwd)?;
        let commit = repo.commit(rev)?;
        let tree = repo.tree(&commit)?;
        let renames = repo.renames(&commit)?;
        let blobs = repo.blobs()?;
        // git names the top with symbolic links resolved; so is `cwd` then.
        let cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
        Ok(Base {
            repo,
            rev: rev.to_owned(),
            commit,
            tree,
            renames,
            blobs: RefCell::new(blobs),
            cwd,
        })
    }

    /// The commit's short id, for messages.
    pub fn short(&self) -> &str {
        self.commit.get(..7).unwrap_or(&self.commit)
    }

    /// The repository path (`/`-separated, from the top) of `path`, a path
    /// as the current directory sees it; `None` outside the repository.
    pub fn repo_path(&self, path: &Path) -> Option<String> {
        let absolute = normalize(&self.cwd, path);
        let relative = absolute.strip_prefix(&self.repo.top).ok()?;
        let parts: Vec<String> = relative
            .components()
            .filter_map(|c| match c {
                Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        Some(parts.join("/"))
    }

    /// A repository path as the current directory sees it.
    pub fn shown(&self, repo_path: &str) -> String {
        let absolute = self.repo.top.join(repo_path);
        if let Ok(below) = absolute.strip_prefix(&self.cwd) {
            return super::inputs::display_path(below);
        }
        let mut up = PathBuf::new();
        for ancestor in self.cwd.ancestors().skip(1) {
            up.push("..");
            if let Ok(below) = absolute.strip_prefix(ancestor) {
                return super::inputs::display_path(&up.join(below));
            }
        }
        super::inputs::display_path(&absolute)
    }

    /// True when the revision has a file at `repo_path`, or files under it.
    pub fn has(&self, repo_path: &str) -> bool {
        if repo_path.is_empty() || self.tree.contains_key(repo_path) {
            return true;
        }
        let below = format!("{repo_path}/");
        self.tree
            .range(below.clone()..)
            .next()
            .is_some_and(|(path, _)| path.starts_with(&below))
    }

    /// Where the file now at `repo_path` was at the revision: its old path
    /// when git finds it renamed, else the same path.
    pub fn old_path<'a>(&'a self, repo_path: &'a str) -> &'a str {
        self.renames
            .get(repo_path)
            .map_or(repo_path, String::as_str)
    }

    /// The file at `repo_path` in the revision, read only when it is no
    /// larger than `max_size` bytes.
    pub fn read(&self, repo_path: &str, max_size: usize) -> AtBase {
        match self.tree.get(repo_path) {
            None => AtBase::Absent,
            Some(Entry::Link) => {
                AtBase::Unreadable(format!("is a symbolic link at `{}`; not read", self.rev))
            }
            Some(Entry::Other) => AtBase::Unreadable(format!(
                "is not a file at `{}` (a submodule?); not read",
                self.rev
            )),
            Some(Entry::File { oid, size }) => {
                if *size > max_size as u64 {
                    return AtBase::Unreadable(format!(
                        "is larger than {max_size} bytes at `{}` ({size} bytes); not read",
                        self.rev
                    ));
                }
                let (oid, size) = (oid.clone(), *size);
                match self.blobs.borrow_mut().read(&oid, size) {
                    Ok(bytes) => AtBase::Bytes(bytes),
                    Err(reason) => AtBase::Unreadable(reason),
                }
            }
        }
    }

    /// Why the file at `repo_path` cannot be read at the revision within
    /// `max_size` bytes, without reading it; `None` when it can, or is not
    /// there.
    pub fn unreadable(&self, repo_path: &str, max_size: usize) -> Option<String> {
        match self.tree.get(repo_path)? {
            Entry::File { size, .. } if *size <= max_size as u64 => None,
            Entry::File { size, .. } => Some(format!(
                "is larger than {max_size} bytes at `{}` ({size} bytes); not read",
                self.rev
            )),
            Entry::Link => Some(format!("is a symbolic link at `{}`; not read", self.rev)),
            Entry::Other => Some(format!(
                "is not a file at `{}` (a submodule?); not read",
                self.rev
            )),
        }
    }

    /// The names of the files directly in the directory `dir` (a repository
    /// path; empty for the top) at the revision, sorted.
    pub fn names_in(&self, dir: &str) -> Vec<String> {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        self.tree
            .range(prefix.clone()..)
            .take_while(|(path, _)| path.starts_with(&prefix))
            .filter(|(_, entry)| matches!(entry, Entry::File { .. }))
            .filter_map(|(path, _)| path.get(prefix.len()..))
            .filter(|name| !name.contains('/'))
            .map(str::to_owned)
            .collect()
    }

    /// The files of the revision a walk of `roots` (repository paths of
    /// the PATHs given: directories or files) would read, that are not in
    /// `seen` (read already, or the old path of a file read already):
    /// candidate names, and no hidden directory below a root, as
    /// [`super::inputs::expand`] walks.
    pub fn others_under(&self, roots: &[String], seen: &BTreeSet<String>) -> Vec<String> {
        let renamed_from: BTreeSet<&str> = seen
            .iter()
            .filter_map(|now| self.renames.get(now).map(String::as_str))
            .collect();
        self.tree
            .keys()
            .filter(|path| !seen.contains(*path) && !renamed_from.contains(path.as_str()))
            .filter(|path| {
                roots.iter().any(|root| {
                    if root.is_empty() {
                        return walked_below(path);
                    }
                    if *path == root {
                        return true;
                    }
                    path.strip_prefix(root.as_str())
                        .and_then(|rest| rest.strip_prefix('/'))
                        .is_some_and(walked_below)
                })
            })
            .filter(|path| iac::is_candidate_name(path.rsplit('/').next().unwrap_or(path)))
            .cloned()
            .collect()
    }
}

/// True when a walk reaches `below` from its root: no hidden directory on
/// the way (the file's own name may start with a dot).
fn walked_below(below: &str) -> bool {
    let mut parts: Vec<&str> = below.split('/').collect();
    parts.pop();
    parts.iter().all(|dir| !dir.starts_with('.'))
}

/// One policy in one version of a file.
pub struct Version {
    /// Its locator in an infrastructure file; `None` for a standalone policy.
    pub locator: Option<String>,
    /// The policy, read: named `FILE` or `FILE#LOCATOR`, as `policy eval`
    /// takes it.
    pub loaded: Loaded,
    /// What it says, to tell an unchanged policy from a changed one.
    document: Document,
    /// Why it is not analysed (over the size quota), when it is not.
    pub over_quota: Option<String>,
}

/// A policy's content, wherever and however it is written.
enum Document {
    /// The JSON document (spans aside).
    Tree(Node<'static>),
    /// The text, when it is not readable JSON.
    Text(String),
}

impl Version {
    /// True when both versions say the same.
    pub fn same_as(&self, other: &Version) -> bool {
        match (&self.document, &other.document) {
            (Document::Tree(a), Document::Tree(b)) => a.same_document(b),
            (Document::Text(a), Document::Text(b)) => a == b,
            _ => false,
        }
    }

    /// True when the policy holds values known only at deploy time.
    pub fn deploy_time(&self) -> bool {
        self.loaded
            .policy
            .as_ref()
            .is_some_and(|p| p.has_unknowns())
    }
}

/// The auth policies in `bytes`, a file named `name` (a standalone policy,
/// or an infrastructure file's policies); empty when it holds none (a
/// `package.json`, a workflow), as `policy check` skips it.
pub fn policies_in(
    name: &str,
    bytes: &[u8],
    extract: &ExtractOptions,
    max_size: usize,
) -> Vec<Version> {
    let text = std::str::from_utf8(bytes)
        .ok()
        .filter(|_| bytes.len() <= max_size);
    if let Some((_, extraction)) = text.and_then(|text| iac::extract(name, text, extract)) {
        return versions_of(name, text.unwrap_or_default(), extraction.policies);
    }
    let never_policy =
        iac::is_yaml_name(name) || iac::is_terraform_name(name) || iac::is_cdk_metadata(name);
    let policy = if bytes.len() > max_size {
        shape::is_policy_start(bytes)
    } else {
        shape::is_policy(bytes)
    };
    if never_policy || !policy {
        return Vec::new();
    }
    let options = LoadOptions {
        kind: PolicyKind::Auth,
        max_size,
    };
    let loaded = load::load_bytes(name, bytes, options);
    let document = match text.and_then(|t| json::parse(t).root) {
        Some(root) => Document::Tree(root.into_owned()),
        None => Document::Text(String::from_utf8_lossy(bytes).into_owned()),
    };
    let over_quota = loaded
        .policy
        .as_ref()
        .and_then(|p| over_quota(p.kind, loaded.source.snippet(p.span)));
    vec![Version {
        locator: None,
        loaded,
        document,
        over_quota,
    }]
}

/// The versions of the policies `found` in the infrastructure file `name`
/// (whose text is `text`): read, lowered and measured as `check` reads
/// them.
pub fn versions_of(name: &str, text: &str, found: Vec<iac::FoundPolicy>) -> Vec<Version> {
    found
        .into_iter()
        .map(|found| {
            let source = Source::new(format!("{name}#{}", found.locator), text);
            let mut findings = found.findings;
            let (policy, document) = match found.root {
                Some(root) => {
                    let Lowered {
                        policy,
                        findings: more,
                    } = lower::lower(&root, PolicyKind::Auth);
                    findings.extend(more);
                    (Some(policy), Document::Tree(root))
                }
                None => (None, Document::Text(source.snippet(found.span).to_owned())),
            };
            findings.sort_by_key(|f| f.span.start);
            let over_quota = match &document {
                // The quota is on the policy as deployed, as `check` measures it.
                Document::Tree(root) if rendered_size(root) > AUTH_POLICY_SIZE_QUOTA => {
                    Some(format!("the policy is over the quota of {AUTH_POLICY_SIZE_QUOTA} characters, so it is not analysed"))
                }
                _ => None,
            };
            Version {
                locator: Some(found.locator),
                loaded: Loaded {
                    source,
                    policy,
                    findings,
                },
                document,
                over_quota,
            }
        })
        .collect()
}

/// A policy and its version at the revision, either of which may be
/// missing.
pub struct Pair {
    /// The policy's locator (`None` for a standalone policy).
    pub locator: Option<String>,
    /// Its version at the revision.
    pub old: Option<Version>,
    /// Its version now.
    pub new: Option<Version>,
    /// True when the file's bytes are the same at the revision: the policy
    /// is unchanged, and was not read there again.
    identical: bool,
}

/// What happened to a policy since the revision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// New since.
    Added,
    /// Gone since.
    Removed,
    /// Different.
    Changed,
    /// The same document.
    Unchanged,
}

impl Status {
    /// How JSON and the human output name it.
    pub fn name(self) -> &'static str {
        match self {
            Status::Added => "added",
            Status::Removed => "removed",
            Status::Changed => "changed",
            Status::Unchanged => "unchanged",
        }
    }
}

impl Pair {
    /// A policy of a file whose bytes are the same at the revision.
    pub fn identical(new: Version) -> Pair {
        Pair {
            locator: new.locator.clone(),
            old: None,
            new: Some(new),
            identical: true,
        }
    }

    /// What happened to the policy.
    pub fn status(&self) -> Status {
        if self.identical {
            return Status::Unchanged;
        }
        match (&self.old, &self.new) {
            (None, _) => Status::Added,
            (_, None) => Status::Removed,
            (Some(old), Some(new)) if old.same_as(new) => Status::Unchanged,
            _ => Status::Changed,
        }
    }
}

/// The policies of one file, now and at the revision, paired by locator:
/// the file's order now, then the policies gone since in their old order.
pub fn pair(old: Vec<Version>, new: Vec<Version>) -> Vec<Pair> {
    let mut old: Vec<Option<Version>> = old.into_iter().map(Some).collect();
    let mut pairs: Vec<Pair> = new
        .into_iter()
        .map(|new| {
            let before = old
                .iter_mut()
                .find(|o| o.as_ref().is_some_and(|o| o.locator == new.locator))
                .and_then(Option::take);
            Pair {
                locator: new.locator.clone(),
                old: before,
                new: Some(new),
                identical: false,
            }
        })
        .collect();
    pairs.extend(old.into_iter().flatten().map(|old| Pair {
        locator: old.locator.clone(),
        old: Some(old),
        new: None,
        identical: false,
    }));
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;

    #[test]
    fn policies_pair_by_locator_and_a_reformatted_policy_is_unchanged() {
        let options = ExtractOptions::default();
        let template = |a: &str| {
            format!(
                r#"{{"Resources": {{"A": {{"Type": "AWS::VpcLattice::AuthPolicy", "Properties": {{"ResourceIdentifier": "svc-1", "Policy": {a}}}}}, "B": {{"Type": "AWS::VpcLattice::AuthPolicy", "Properties": {{"ResourceIdentifier": "svc-2", "Policy": {POLICY}}}}}}}}}"#
            )
        };
        let old = policies_in("t.json", template(POLICY).as_bytes(), &options, 1 << 20);
        let reformatted = POLICY.replace(',', ",\n  ");
        let new = policies_in(
            "t.json",
            template(&reformatted).as_bytes(),
            &options,
            1 << 20,
        );
        assert_eq!(old.len(), 2);
        let pairs = pair(old, new);
        assert_eq!(pairs.len(), 2);
        assert!(pairs.iter().all(|p| p.status() == Status::Unchanged));
        assert_eq!(pairs[0].locator.as_deref(), Some("A"));

        let only_b = policies_in("t.json", POLICY.as_bytes(), &options, 1 << 20);
        assert_eq!(only_b.len(), 1);
        assert!(only_b[0].locator.is_none());
        let pairs = pair(Vec::new(), only_b);
        assert_eq!(pairs[0].status(), Status::Added);
        assert!(policies_in("package.json", br#"{"name": "x"}"#, &options, 1 << 20).is_empty());
    }

    #[test]
    fn a_walk_skips_hidden_directories_below_its_root() {
        assert!(walked_below("a/b.json"));
        assert!(walked_below(".hidden.json"));
        assert!(!walked_below(".github/workflows/ci.yml"));
    }
}
