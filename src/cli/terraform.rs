//! `policy check` on Terraform: every `*.tf` and `*.tf.json` file of a
//! directory is one module, as Terraform reads it, so each directory is read
//! once, when the walk reaches its first Terraform file, and each file's
//! policies are then reported as the walk reaches the file.
//!
//! A file named alone on the command line is read with its directory's
//! siblings too (their `local`s, policy documents and targets), but only
//! the policies its own resources declare are reported: its own, and those
//! whose document a sibling renders (reported in that sibling, where their
//! text is, unless the configuration excludes it).
//!
//! Variables: the `.tfvars` files Terraform loads on its own from the
//! directory (decision `terraform-var-files-read`), then `--var-file` in
//! the order given, then `--var`; a later value wins. A module that a
//! walked module calls with a local `source` takes its variables from the
//! calls instead: an input every call gives the same known value.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use std::rc::Rc;

use lattice_policy::iac::file_set::FileSet;
use lattice_policy::iac::terraform::{module, vars};
use lattice_policy::iac::{self, ExtractOptions, Extraction};
use lattice_policy::load::Loaded;
use lattice_policy::model::PolicyKind;

use super::git_base::Base;
use super::inputs;

/// A `--var-file`, read before any policy is checked.
#[derive(Clone, Debug)]
pub struct VarFile {
    /// Its path, as shown in the output.
    pub name: String,
    /// The values it assigns.
    pub values: BTreeMap<String, String>,
}

/// Reads the `--var-file` files, in order: one that cannot be read or parsed
/// stops the run (exit 2), as Terraform refuses it.
pub fn read_var_files(paths: &[PathBuf]) -> Result<Vec<VarFile>, String> {
    paths.iter().map(|path| read_var_file(path)).collect()
}

fn read_var_file(path: &Path) -> Result<VarFile, String> {
    read_var_file_in(&WorkTree, path)
}

/// Reads the variables file at `path` from `files`.
fn read_var_file_in(files: &dyn Files, path: &Path) -> Result<VarFile, String> {
    let name = files.shown(path);
    let bytes = files
        .read(path, inputs::MAX_OPTION_FILE)
        .map_err(|reason| format!("cannot read the variables file `{name}`: {reason}"))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("cannot read the variables file `{name}`: not UTF-8 text"))?;
    let values = vars::read_var_file(&text)
        .map_err(|reason| format!("cannot read the variables file `{name}`: {reason}"))?;
    Ok(VarFile { name, values })
}

/// `options` with the values of the variables `files` assign under its own
/// (`--var` wins over every file, a later file over an earlier one), for
/// the commands that take a single set of values (`eval`, `diff`, and the
/// revision's side of `--baseline-ref` and `diff --git-base`, whose
/// modules take the `--var-file` values from here).
pub fn with_var_files(mut options: ExtractOptions, files: &[VarFile]) -> ExtractOptions {
    let mut variables = BTreeMap::new();
    for file in files {
        variables.extend(file.values.clone());
    }
    variables.append(&mut options.variables);
    options.variables = variables;
    options
}

/// Where a module's files are read from: the working tree for `check`, or
/// a git revision for `--baseline-ref` and `diff --git-base`, so that both
/// sides of a comparison read a module the same way.
pub trait Files {
    /// The names of the files directly in `dir` (empty: the top), sorted;
    /// none when it cannot be listed.
    fn list(&self, dir: &Path) -> Vec<String>;
    /// The bytes of the file at `path`, when it is a readable file of at
    /// most `max_size` bytes; else why not.
    fn read(&self, path: &Path, max_size: usize) -> Result<Vec<u8>, String>;
    /// How the output names `path`.
    fn shown(&self, path: &Path) -> String;
}

/// The files as they are now, named as the walk names them.
pub struct WorkTree;

impl Files for WorkTree {
    fn list(&self, dir: &Path) -> Vec<String> {
        list(dir)
    }

    fn read(&self, path: &Path, max_size: usize) -> Result<Vec<u8>, String> {
        inputs::read_file(path, max_size)
    }

    fn shown(&self, path: &Path) -> String {
        inputs::display_path(path)
    }
}

/// The files of a git revision, by repository path (`infra/main.tf`), read
/// with git's plumbing within the same size limits; named `REV:PATH`.
pub struct GitTree(pub Rc<Base>);

impl Files for GitTree {
    fn list(&self, dir: &Path) -> Vec<String> {
        self.0.names_in(&repo_string(dir))
    }

    fn read(&self, path: &Path, max_size: usize) -> Result<Vec<u8>, String> {
        match self.0.read(&repo_string(path), max_size) {
            super::git_base::AtBase::Bytes(bytes) => Ok(bytes),
            super::git_base::AtBase::Absent => Err(format!("is not there at `{}`", self.0.rev)),
            super::git_base::AtBase::Unreadable(reason) => Err(reason),
        }
    }

    fn shown(&self, path: &Path) -> String {
        format!("{}:{}", self.0.rev, self.0.shown(&repo_string(path)))
    }
}

/// A repository path held as a `Path`, back as git names it.
pub fn repo_string(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// One file's share of its module, ready to check.
pub struct Part {
    /// The file's path, as the walk (or the revision's tree) has it.
    pub path: PathBuf,
    /// The file, named as the walk names files.
    pub name: String,
    /// Its text, which every span of `extraction` points into.
    pub text: String,
    /// Its policies, targets and findings.
    pub extraction: Extraction,
    /// The variable files whose values were used, in the order read.
    pub var_files: Vec<String>,
    /// Its module's files, in which a policy's other auth layer may be
    /// (the network's policy in `network.tf`, the service's in `service.tf`).
    pub module: Rc<FileSet>,
}

impl Part {
    /// The share of the `index`th file of the module `read`, named as
    /// `files` names it; its extraction and text move into the part, so
    /// each file is reported once. `None` when it was taken already.
    fn take(files: &dyn Files, read: &mut Read, index: usize) -> Option<Part> {
        let file = read.files.get_mut(index)?;
        let extraction = file.extraction.take()?;
        Some(Part {
            path: file.path.clone(),
            name: files.shown(&file.path),
            text: std::mem::take(&mut file.text),
            extraction,
            var_files: read.var_files.clone(),
            module: Rc::clone(&read.set),
        })
    }
}

/// The Terraform modules of one run, each read once, from the working
/// tree (`F` = [`WorkTree`]) or a git revision ([`GitTree`]).
pub struct Modules<F: Files = WorkTree> {
    /// Where the files are read from.
    files: F,
    /// `--parameter`, `--env`, `--account`, `--region`: the same for every
    /// module; its `variables` are `--var`.
    base: ExtractOptions,
    var_files: Vec<VarFile>,
    max_size: usize,
    /// The Terraform files the walk visits.
    walked: HashSet<PathBuf>,
    /// The modules read so far, by directory.
    read: HashMap<PathBuf, Read>,
    /// The local `module` calls of the walked modules, by the directory
    /// they call (lexically normalised): the calling file and the call.
    callers: HashMap<PathBuf, Vec<(String, module::Call)>>,
    /// The texts read to find the calls, kept for when their module is
    /// read, so that no file is read twice.
    texts: HashMap<PathBuf, String>,
    /// What a person reading the output should know about the modules read
    /// since [`Modules::notes`] was last called: the variable files used, one
    /// Terraform would refuse.
    notes: Vec<String>,
}

/// A module directory, read.
struct Read {
    files: Vec<ModuleFile>,
    borrowed: Vec<module::Borrowed>,
    var_files: Vec<String>,
    /// What pairs auth layers across the module's files.
    set: Rc<FileSet>,
}

struct ModuleFile {
    path: PathBuf,
    text: String,
    /// Taken when reported.
    extraction: Option<Extraction>,
}

impl Modules<WorkTree> {
    /// The modules of the working tree's files in `walked` (every file the
    /// walk visits; only the Terraform ones are kept).
    pub fn new(
        base: ExtractOptions,
        var_files: Vec<VarFile>,
        max_size: usize,
        walked: impl IntoIterator<Item = PathBuf>,
    ) -> Self {
        Modules::in_files(WorkTree, base, var_files, max_size, walked)
    }
}

impl<F: Files> Modules<F> {
    /// The modules of the files in `walked`, read from `files`.
    pub fn in_files(
        files: F,
        base: ExtractOptions,
        var_files: Vec<VarFile>,
        max_size: usize,
        walked: impl IntoIterator<Item = PathBuf>,
    ) -> Self {
        let mut modules = Modules {
            files,
            base,
            var_files,
            max_size,
            walked: walked.into_iter().filter(|p| is_module_path(p)).collect(),
            read: HashMap::new(),
            callers: HashMap::new(),
            texts: HashMap::new(),
            notes: Vec::new(),
        };
        modules.find_calls();
        modules
    }

    /// Reads the local `module` calls of every walked module directory, so
    /// that a called module's variables are what its callers give, whatever
    /// order the walk visits the directories in.
    fn find_calls(&mut self) {
        let mut dirs: Vec<PathBuf> = self.walked.iter().map(|p| directory(p)).collect();
        dirs.sort();
        dirs.dedup();
        for dir in dirs {
            let names = self.files.list(&dir);
            // The caller's own values, without saying so twice.
            let noted = self.notes.len();
            let (options, _) = self.options_for(&dir, &names);
            self.notes.truncate(noted);
            for name in names.iter().filter(|n| module::is_module_file(n)) {
                let path = dir.join(name);
                let Some(text) = self.read_text(&path) else {
                    continue;
                };
                for call in module::calls(&text, &options) {
                    let child = normalize(&dir.join(&call.source));
                    self.callers
                        .entry(child)
                        .or_default()
                        .push((self.files.shown(&path), call));
                }
                self.texts.insert(path, text);
            }
        }
    }

    /// The text of a module file, when it can be read within the size limit.
    fn read_text(&self, path: &Path) -> Option<String> {
        let bytes = self.files.read(path, self.max_size).ok()?;
        String::from_utf8(bytes).ok()
    }

    /// The notes gathered since the last call.
    pub fn notes(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notes)
    }

    /// Whether `path` is a Terraform file, read with its module.
    pub fn handles(&self, path: &Path) -> bool {
        is_module_path(path)
    }

    /// The parts to report for the walked Terraform file `path`: its own,
    /// then each sibling the walk does not visit that holds a policy `path`
    /// declares (when `admits` lets it in).
    pub fn take(&mut self, path: &Path, admits: &dyn Fn(&Path) -> bool) -> Vec<Part> {
        let dir = directory(path);
        if !self.read.contains_key(&dir) {
            let read = self.read_module(&dir, path);
            self.read.insert(dir.clone(), read);
        }
        let Some(read) = self.read.get_mut(&dir) else {
            return Vec::new();
        };
        let Some(index) = read.files.iter().position(|f| f.path == path) else {
            return Vec::new();
        };
        let mut indices = vec![index];
        for borrowed in &read.borrowed {
            let holding = borrowed.holding;
            let holder = read.files.get(holding).map(|f| f.path.as_path());
            if borrowed.declaring == index
                && !indices.contains(&holding)
                && holder.is_some_and(|h| !self.walked.contains(h) && admits(h))
            {
                indices.push(holding);
            }
        }
        let files = &self.files;
        indices
            .into_iter()
            .filter_map(|i| Part::take(files, read, i))
            .collect()
    }

    /// The share of the file at `path` alone (the policies whose text it
    /// holds), read with its module; `None` when it is not there or cannot
    /// be read. For the other side of a comparison, which pairs policies
    /// by the file holding them.
    pub fn take_own(&mut self, path: &Path) -> Option<Part> {
        let dir = directory(path);
        if !self.read.contains_key(&dir) {
            let read = self.read_module(&dir, path);
            self.read.insert(dir.clone(), read);
        }
        let read = self.read.get_mut(&dir)?;
        let index = read.files.iter().position(|f| f.path == path)?;
        Part::take(&self.files, read, index)
    }

    /// Reads the module in `dir`, which holds `walked` (always read, even
    /// past [`module::MAX_FILES`]).
    fn read_module(&mut self, dir: &Path, walked: &Path) -> Read {
        let names = self.files.list(dir);
        let mut paths: Vec<PathBuf> = names
            .iter()
            .filter(|n| module::is_module_file(n))
            .take(module::MAX_FILES)
            .map(|n| dir.join(n))
            .collect();
        if !paths.iter().any(|p| p == walked) {
            paths.push(walked.to_path_buf());
        }
        // A sibling that cannot be read or is too large is left out of the
        // module; the walk reports the walked file's own trouble.
        let files: Vec<ModuleFile> = paths
            .into_iter()
            .filter_map(|path| {
                let text = match self.texts.remove(&path) {
                    Some(text) => text,
                    None => self.read_text(&path)?,
                };
                Some(ModuleFile {
                    path,
                    text,
                    extraction: None,
                })
            })
            .collect();
        let shown = if dir.as_os_str().is_empty() {
            ".".to_string()
        } else {
            self.files.shown(dir)
        };
        // A module the walk's modules call takes its variables from the
        // calls, as Terraform gives them; its directory's variable files
        // and the command line's are for root modules.
        let (options, var_files) = match self.callers.get(&normalize(dir)) {
            Some(calls) => {
                let options = ExtractOptions {
                    variables: module::agreed_inputs(calls.iter().map(|(_, c)| c)),
                    ..self.base.clone()
                };
                let mut from: Vec<String> = calls.iter().map(|(f, _)| format!("`{f}`")).collect();
                from.dedup();
                self.notes.push(format!(
                    "note: Terraform variables of the module in `{shown}` from the module blocks calling it in {}",
                    from.join(", ")
                ));
                (options, Vec::new())
            }
            None => self.options_for(dir, &names),
        };
        if !var_files.is_empty() {
            self.notes.push(format!(
                "note: Terraform variables of the module in `{shown}` from {}",
                var_files
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let texts: Vec<&str> = files.iter().map(|f| f.text.as_str()).collect();
        let read = module::read(&texts, &options);
        let mut files = files;
        let mut set = FileSet::new(true);
        for (file, extraction) in files.iter_mut().zip(read.files) {
            set.add(
                &self.files.shown(&file.path),
                &file.text,
                iac::SourceKind::Terraform,
                &extraction,
            );
            file.extraction = Some(extraction);
        }
        Read {
            files,
            borrowed: read.borrowed,
            var_files,
            set: Rc::new(set),
        }
    }

    /// The values for the module in `dir` (whose files are `names`): the
    /// directory's automatic variable files, then `--var-file`, then
    /// `--var`, a later value winning; and the variable files used.
    fn options_for(&mut self, dir: &Path, names: &[String]) -> (ExtractOptions, Vec<String>) {
        let mut variables = BTreeMap::new();
        let mut used = Vec::new();
        for name in module::automatic_var_files(names) {
            let path = dir.join(&name);
            // One Terraform would refuse is left out, and said so: its
            // variables stay unknown.
            match read_var_file_in(&self.files, &path) {
                Ok(file) => {
                    variables.extend(file.values);
                    used.push(file.name);
                }
                Err(message) => self.notes.push(format!("note: {message}; left out")),
            }
        }
        for file in &self.var_files {
            variables.extend(file.values.clone());
            used.push(file.name.clone());
        }
        variables.extend(self.base.variables.clone());
        let options = ExtractOptions {
            variables,
            ..self.base.clone()
        };
        (options, used)
    }
}

/// The file names of a directory (empty for a bare file name: the current
/// directory), sorted; none when it cannot be listed.
fn list(dir: &Path) -> Vec<String> {
    let listing = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let mut names: Vec<String> = std::fs::read_dir(listing)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// `path` with `.` and `dir/..` taken out, without asking the file system,
/// so that `infra/./modules/x` and `infra/envs/../modules/x` name one
/// module.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let last_is_name =
                    matches!(out.components().next_back(), Some(Component::Normal(_)));
                if last_is_name {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The directory a file is in, as the walk names it (empty for a bare name).
fn directory(path: &Path) -> PathBuf {
    path.parent().map(Path::to_path_buf).unwrap_or_default()
}

fn is_module_path(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(module::is_module_file)
}

/// One policy of a Terraform file for `policy eval`, `policy diff` and
/// `--baseline` (`FILE#LOCATOR`, or `FILE` when it declares one), read
/// with its module as `policy check` reads it (the directory's automatic
/// variable files included), with the values of `base` (`--var` and the
/// others) on top. `None` when `file` is not a Terraform file.
/// The policy is named by the file holding its document, as `check`'s
/// witness commands name it; a locator is looked for in `file` first,
/// then in its siblings.
pub fn load_policy(
    file: &Path,
    locator: Option<&str>,
    kind: PolicyKind,
    max_size: usize,
    base: &ExtractOptions,
) -> Option<Result<Loaded, String>> {
    if !is_module_path(file) {
        return None;
    }
    let mut modules = Modules::new(base.clone(), Vec::new(), max_size, []);
    let read = modules.read_module(&directory(file), file);
    let name = inputs::display_path(file);
    let index = read.files.iter().position(|f| f.path == file)?;
    let policies_of = |i: usize| {
        read.files
            .get(i)
            .and_then(|f| f.extraction.as_ref())
            .map(|e| e.policies.iter().map(move |p| (i, p)))
            .into_iter()
            .flatten()
    };
    let chosen = match locator {
        Some(wanted) => policies_of(index)
            .chain((0..read.files.len()).flat_map(policies_of))
            .find(|(_, p)| p.locator == wanted)
            .ok_or_else(|| format!("`{name}` and its module hold no policy `{wanted}`")),
        None => {
            // The policies its resources declare: those it holds but a
            // sibling's resources declare are not its, those a sibling
            // renders for it are.
            let lent = |at: usize, locator: &str| {
                read.borrowed
                    .iter()
                    .any(|b| b.holding == at && b.locator == locator && b.declaring != index)
            };
            let mine: Vec<_> = (0..read.files.len())
                .flat_map(policies_of)
                .filter(|(at, p)| {
                    if *at == index {
                        !lent(*at, &p.locator)
                    } else {
                        read.borrowed.iter().any(|b| {
                            b.declaring == index && b.holding == *at && b.locator == p.locator
                        })
                    }
                })
                .collect();
            match mine.as_slice() {
                [one] => Ok(*one),
                [] => Err(format!("`{name}` declares no auth policy")),
                several => Err(format!(
                    "`{name}` declares {} policies: name one as `{name}#LOCATOR`, one of {}",
                    several.len(),
                    several
                        .iter()
                        .map(|(_, p)| format!("`{}`", p.locator))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            }
        }
    };
    Some(chosen.map(|(at, found)| {
        let holder = read.files.get(at);
        let holder_name = holder.map_or(name.clone(), |f| inputs::display_path(&f.path));
        let text = holder.map_or("", |f| f.text.as_str());
        iac::load_found(&holder_name, text, found.clone(), kind)
    }))
}
