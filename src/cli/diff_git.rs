//! `policy diff --git-base REF [PATH]...`: what a change opens and closes,
//! policy by policy, across standalone policies and infrastructure files at
//! once. Every policy found now is compared with its version at REF
//! ([`super::git_base`]); a policy added since opens everything it allows,
//! a policy removed closes everything it allowed (decision
//! `absent-baseline-allows-nothing`); an unchanged one is counted.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use lattice_policy::analysis::{compare_versions, CompareOptions, VersionChange, VersionDiff};
use lattice_policy::config::normalize;
use lattice_policy::diagnostic::witness::{eval_command, eval_hint, single_quote};
use lattice_policy::diagnostic::EvalTarget;
use lattice_policy::eval::decisions::ABSENT_BASELINE_ALLOWS_NOTHING;
use lattice_policy::iac::ExtractOptions;
use lattice_policy::load;
use serde_json::{json, Value};

use super::color::{paint, Paint};
use super::diff::{change_json, class_words, Args, Format};
use super::git_base::{pair, policies_in, versions_of, AtBase, Base, Pair, Status, Version};
use super::inputs::{self, Input};
use super::output::Out;
use super::render::clean::{for_terminal, mask_json};
use super::terraform::{GitTree, Modules, Part};
use super::{clock, configure, Exit};

/// Runs `policy diff --git-base REV [PATH]...`.
pub fn run(args: &Args, rev: &str, paths: &[PathBuf]) -> Exit {
    match compare(args, rev, paths) {
        Ok(exit) => exit,
        Err(message) => {
            super::output::complain(&message);
            Exit::Trouble
        }
    }
}

/// What the run found, for the summary and the exit status.
#[derive(Default)]
struct Tally {
    files: BTreeSet<String>,
    policies: usize,
    added: usize,
    removed: usize,
    changed: usize,
    unchanged: usize,
    opening: usize,
    closing: usize,
    /// Policies and files that could not be compared.
    not_compared: usize,
}

/// One file's policies compared, for the report.
struct FileResult {
    /// The file now, or where it was when it is gone.
    path: String,
    /// Where it was at REF, when it has moved since.
    old_path: Option<String>,
    pairs: Vec<Pair>,
}

fn compare(args: &Args, rev: &str, paths: &[PathBuf]) -> Result<Exit, String> {
    let cwd = std::env::current_dir().map_err(|e| {
        format!(
            "cannot read the current directory: {}",
            inputs::io_reason(&e)
        )
    })?;
    let Ok(config) = configure::load(None, false, &cwd) else {
        // Said on standard error, with every problem located.
        return Ok(Exit::Trouble);
    };
    if paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(
            "standard input has no version at a git revision: name the files or directories to compare".to_owned(),
        );
    }
    let base = Rc::new(Base::open(&cwd, rev)?);
    let paths: Vec<PathBuf> = if paths.is_empty() {
        match config.as_ref().filter(|f| !f.config.include.is_empty()) {
            Some(file) => super::targets::when_none_given(Some(file), &cwd),
            None => vec![PathBuf::from(".")],
        }
    } else {
        paths.to_vec()
    };
    // A path gone from the work tree may name what a change deleted: it is
    // a root to look under at REF, not a path that cannot be read.
    let mut roots = Vec::new();
    let mut walked = Vec::new();
    for path in &paths {
        let repo_path = base.repo_path(path);
        if let Some(root) = &repo_path {
            roots.push(root.clone());
        }
        let gone = std::fs::symlink_metadata(path).is_err();
        // What is neither here nor at REF is walked, to be reported.
        if !gone || !repo_path.as_deref().is_some_and(|p| base.has(p)) {
            walked.push(path.clone());
        }
    }
    let expanded = inputs::expand(&walked, inputs::Walk::default())?;
    let admits = |path: &Path| {
        config
            .as_ref()
            .is_none_or(|f| f.config.admits(&normalize(&cwd, path)))
    };
    let extract = args.extract.options()?;
    let max_size = load::DEFAULT_MAX_FILE_SIZE;
    // Terraform is read a module at a time on both sides, as `check`
    // reads it (the `--var-file` values are in `extract` already): now,
    // the modules of the files walked; at REF, those of the files a walk
    // would have read there.
    let now_files: Vec<PathBuf> = expanded
        .iter()
        .filter_map(|e| match e {
            Ok(Input::File(path)) => Some(path.clone()),
            _ => None,
        })
        .collect();
    let ref_files: Vec<PathBuf> = base
        .others_under(&roots, &BTreeSet::new())
        .into_iter()
        .map(PathBuf::from)
        .collect();
    let mut reader = Reader {
        base: Rc::clone(&base),
        now_modules: Modules::new(extract.clone(), Vec::new(), max_size, now_files),
        ref_modules: Modules::in_files(
            GitTree(Rc::clone(&base)),
            extract.clone(),
            Vec::new(),
            max_size,
            ref_files,
        ),
        extract,
        max_size,
    };
    let mut writer = Writer {
        out: Out::stdout(),
        format: args.format,
        objects: Vec::new(),
        tally: Tally::default(),
    };
    let mut unreadable: Vec<(String, String)> = Vec::new();
    // Files not read at REF that may not have been policies at all.
    let mut skipped: Vec<(String, String)> = Vec::new();
    let mut seen = BTreeSet::new();
    for expanded in expanded {
        let path = match expanded {
            Ok(Input::File(path)) => path,
            Ok(Input::Stdin) => continue,
            Err(unusable) => {
                unreadable.push((unusable.path, unusable.reason));
                continue;
            }
        };
        if !admits(&path) {
            continue;
        }
        match reader.now_and_then(&path, &mut seen, &admits) {
            Ok(files) => {
                for file in files {
                    writer.file(&Report { args, base: &base }, &file);
                }
            }
            Err(not_read) => unreadable.push(not_read),
        }
    }
    // The files at REF the walk would have read that are gone now.
    for old_path in reader.base.others_under(&roots, &seen) {
        let shown = reader.base.shown(&old_path);
        if !admits(Path::new(&shown)) {
            continue;
        }
        match reader.gone_since(&old_path, shown) {
            Ok(Some(file)) => writer.file(&Report { args, base: &base }, &file),
            Ok(None) => {}
            Err(not_read) => skipped.push(not_read),
        }
    }
    let Writer {
        mut out,
        objects,
        mut tally,
        ..
    } = writer;
    tally.not_compared += unreadable.len();
    match args.format {
        Format::Human => {
            let mut text = String::new();
            for (path, reason) in &unreadable {
                text.push_str(&for_terminal(&format!("{path}: not compared: {reason}\n")));
            }
            for (path, reason) in &skipped {
                text.push_str(&for_terminal(&format!(
                    "note: {path}, gone since `{}`, was not read there: {reason}\n",
                    base.rev
                )));
            }
            text.push_str(&for_terminal(&summary_line(&tally, &base)));
            out.write(&text);
        }
        Format::Json => {
            let mut value = json!({
                "base": {"ref": base.rev, "commit": base.commit},
                "newAccess": tally.opening > 0,
                "policies": objects,
                "unreadable": unreadable.iter().map(|(path, reason)| json!({"path": path, "reason": reason})).collect::<Vec<_>>(),
                "skipped": skipped.iter().map(|(path, reason)| json!({"path": path, "reason": reason})).collect::<Vec<_>>(),
                "summary": {
                    "files": tally.files.len(),
                    "policies": tally.policies,
                    "added": tally.added,
                    "removed": tally.removed,
                    "changed": tally.changed,
                    "unchanged": tally.unchanged,
                    "opening": tally.opening,
                    "closing": tally.closing,
                    "notCompared": tally.not_compared,
                },
            });
            mask_json(&mut value);
            out.write(&format!(
                "{}\n",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            ));
        }
    }
    Ok(if tally.not_compared > 0 {
        Exit::Trouble
    } else if tally.opening > 0 {
        Exit::No
    } else {
        Exit::Success
    })
}

/// Reads each file now and at REF, and pairs their policies.
struct Reader {
    base: Rc<Base>,
    extract: ExtractOptions,
    max_size: usize,
    /// Terraform now, a module at a time.
    now_modules: Modules,
    /// Terraform at REF, a module at a time.
    ref_modules: Modules<GitTree>,
}

impl Reader {
    /// The policies of the file at `path` now and at REF, paired (a
    /// Terraform file's share of its module, and of the siblings the walk
    /// does not visit that hold policies it declares); none when it holds
    /// none either way; `Err` with its name and why when it cannot be read
    /// now, or holds policies now and cannot be read at REF.
    fn now_and_then(
        &mut self,
        path: &Path,
        seen: &mut BTreeSet<String>,
        admits: &dyn Fn(&Path) -> bool,
    ) -> Result<Vec<FileResult>, (String, String)> {
        // `./policies/a.json` (a walk of `.`) is shown as `policies/a.json`,
        // as the files gone since are.
        let shown = inputs::display_path(&without_dots(path));
        let Some(repo_path) = self.base.repo_path(path) else {
            let reason = "is outside the git repository, so it has no version at the revision";
            return Err((shown, reason.to_owned()));
        };
        seen.insert(repo_path.clone());
        let max_size = self.max_size;
        let now_bytes = match inputs::read_checked(path, max_size) {
            Ok(bytes) if bytes.len() > max_size => {
                return Err((shown, format!("is larger than {max_size} bytes; not read")))
            }
            Ok(bytes) => bytes,
            Err(reason) => return Err((shown, reason)),
        };
        if self.now_modules.handles(path) && std::str::from_utf8(&now_bytes).is_ok() {
            let parts = self.now_modules.take(path, admits);
            let mut files = Vec::new();
            for part in parts {
                files.extend(self.module_part(part, seen)?);
            }
            return Ok(files);
        }
        let now = policies_in(&shown, &now_bytes, &self.extract, max_size);
        let old_path = self.base.old_path(&repo_path).to_owned();
        let old_shown = self.base.shown(&old_path);
        let before = match self.base.read(&old_path, max_size) {
            AtBase::Absent => Vec::new(),
            // The same bytes: every policy of the file is unchanged.
            AtBase::Bytes(bytes) if bytes == now_bytes => {
                return Ok((!now.is_empty())
                    .then(|| FileResult {
                        path: shown,
                        old_path: None,
                        pairs: now.into_iter().map(Pair::identical).collect(),
                    })
                    .into_iter()
                    .collect());
            }
            AtBase::Bytes(bytes) => {
                // `REV:PATH`, as git names it, keeps the file's extension.
                let name = format!("{}:{old_shown}", self.base.rev);
                policies_in(&name, &bytes, &self.extract, max_size)
            }
            AtBase::Unreadable(reason) if !now.is_empty() => return Err((old_shown, reason)),
            AtBase::Unreadable(_) => return Ok(Vec::new()),
        };
        if now.is_empty() && before.is_empty() {
            return Ok(Vec::new());
        }
        Ok(vec![FileResult {
            old_path: (old_path != repo_path).then_some(old_shown),
            path: shown,
            pairs: pair(before, now),
        }])
    }

    /// One Terraform file's share of its module now, paired with the
    /// policies the same file holds at REF, read with its module there.
    fn module_part(
        &mut self,
        part: Part,
        seen: &mut BTreeSet<String>,
    ) -> Result<Option<FileResult>, (String, String)> {
        let shown = inputs::display_path(&without_dots(&part.path));
        let Some(repo_path) = self.base.repo_path(&part.path) else {
            let reason = "is outside the git repository, so it has no version at the revision";
            return Err((shown, reason.to_owned()));
        };
        seen.insert(repo_path.clone());
        let now = versions_of(&shown, &part.text, part.extraction.policies);
        let old_path = self.base.old_path(&repo_path).to_owned();
        let old_shown = self.base.shown(&old_path);
        if let Some(reason) = self.base.unreadable(&old_path, self.max_size) {
            return if now.is_empty() {
                Ok(None)
            } else {
                Err((old_shown, reason))
            };
        }
        let before = self
            .ref_modules
            .take_own(Path::new(&old_path))
            .map(|old| versions_of(&old.name, &old.text, old.extraction.policies))
            .unwrap_or_default();
        if now.is_empty() && before.is_empty() {
            return Ok(None);
        }
        Ok(Some(FileResult {
            old_path: (old_path != repo_path).then_some(old_shown),
            path: shown,
            pairs: pair(before, now),
        }))
    }

    /// The policies of a file at REF that is gone now; `Err` when it
    /// cannot be read there (it may not have held a policy at all).
    fn gone_since(
        &mut self,
        old_path: &str,
        shown: String,
    ) -> Result<Option<FileResult>, (String, String)> {
        if self.ref_modules.handles(Path::new(old_path)) {
            if let Some(reason) = self.base.unreadable(old_path, self.max_size) {
                return Err((shown, reason));
            }
            let before = self
                .ref_modules
                .take_own(Path::new(old_path))
                .map(|old| versions_of(&old.name, &old.text, old.extraction.policies))
                .unwrap_or_default();
            return Ok((!before.is_empty()).then(|| FileResult {
                path: shown,
                old_path: None,
                pairs: pair(before, Vec::new()),
            }));
        }
        match self.base.read(old_path, self.max_size) {
            AtBase::Bytes(bytes) => {
                let name = format!("{}:{shown}", self.base.rev);
                let before = policies_in(&name, &bytes, &self.extract, self.max_size);
                Ok((!before.is_empty()).then(|| FileResult {
                    path: shown,
                    old_path: None,
                    pairs: pair(before, Vec::new()),
                }))
            }
            AtBase::Unreadable(reason) => Err((shown, reason)),
            AtBase::Absent => Ok(None),
        }
    }
}

/// Writes each file's comparison as it is made (human), or keeps its JSON
/// objects for the one document (JSON); the file is dropped after.
struct Writer {
    out: Out,
    format: Format,
    objects: Vec<Value>,
    tally: Tally,
}

impl Writer {
    fn file(&mut self, report: &Report<'_>, file: &FileResult) {
        match self.format {
            Format::Human => {
                let text = report.human_file(file, &mut self.tally);
                self.out.write(&text);
            }
            Format::Json => self.objects.extend(report.json_file(file, &mut self.tally)),
        }
    }
}

/// `compared 5 policies in 3 files with origin/main (abc1234): ...`.
fn summary_line(tally: &Tally, base: &Base) -> String {
    let mut parts = Vec::new();
    let mut say = |n: usize, what: &str| {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    };
    say(tally.opening, "open access");
    say(tally.closing, "close access");
    say(tally.added, "added");
    say(tally.removed, "removed");
    say(tally.changed, "changed");
    say(tally.unchanged, "unchanged");
    say(tally.not_compared, "not compared");
    let counts = if parts.is_empty() {
        "no policy found".to_owned()
    } else {
        parts.join(", ")
    };
    format!(
        "compared {} in {} with `{}` ({}): {counts}\n",
        match tally.policies {
            1 => "1 policy".to_owned(),
            n => format!("{n} policies"),
        },
        super::render::human::plural(tally.files.len(), "file"),
        base.rev,
        base.short(),
    )
}

/// What one pair of versions came to.
enum Outcome {
    Unchanged,
    /// The policy now has errors: what it allows is unknown.
    Broken(String),
    Compared {
        diff: VersionDiff,
        /// Said about the comparison (the old version had errors, ...).
        notes: Vec<String>,
    },
}

struct Report<'a> {
    args: &'a Args,
    base: &'a Base,
}

impl Report<'_> {
    fn outcome(&self, pair: &Pair) -> Outcome {
        let status = pair.status();
        if status == Status::Unchanged {
            return Outcome::Unchanged;
        }
        let rev = &self.base.rev;
        if let Some(new) = pair.new.as_ref().filter(|n| !n.loaded.evaluable()) {
            return Outcome::Broken(format!(
                "it has errors, so what it allows is unknown (`policy check {}` says why)",
                new.loaded.source.name()
            ));
        }
        let mut notes = Vec::new();
        let old = match &pair.old {
            Some(old) if !old.loaded.evaluable() => {
                notes.push(format!(
                    "its version at `{rev}` has errors, so it is compared with a policy that allows nothing (decision `{ABSENT_BASELINE_ALLOWS_NOTHING}`)"
                ));
                None
            }
            other => other.as_ref(),
        };
        let not_attempted = [old, pair.new.as_ref()]
            .into_iter()
            .flatten()
            .find_map(|v| v.over_quota.clone());
        let options = CompareOptions {
            budget: self.args.analysis_budget,
            now: clock::now(),
            limit: self.args.limit,
            not_attempted,
        };
        let diff = compare_versions(
            old.and_then(|v| v.loaded.policy.as_ref()),
            pair.new.as_ref().and_then(|v| v.loaded.policy.as_ref()),
            &options,
        );
        for reason in &diff.inexact {
            notes.push(format!("not exact: {reason}"));
        }
        Outcome::Compared { diff, notes }
    }

    fn count(&self, pair: &Pair, outcome: &Outcome, tally: &mut Tally) {
        tally.policies += 1;
        match pair.status() {
            Status::Added => tally.added += 1,
            Status::Removed => tally.removed += 1,
            Status::Changed => tally.changed += 1,
            Status::Unchanged => tally.unchanged += 1,
        }
        match outcome {
            Outcome::Broken(_) => tally.not_compared += 1,
            Outcome::Compared { diff, .. } => {
                tally.opening += usize::from(!diff.opened.is_empty());
                tally.closing += usize::from(!diff.closed.is_empty());
            }
            Outcome::Unchanged => {}
        }
    }

    /// How a witness is offered: the `policy eval` command on the policy now
    /// (with the deploy-time values given) when it replays there for every
    /// value, else the query.
    fn hint(&self, pair: &Pair, change: &VersionChange) -> String {
        let query = &change.change.witness.query;
        match &pair.new {
            Some(_) if change.depends_on.is_some() => format!(
                "{} (for some deploy-time values only, which `policy eval` answers as undetermined)",
                single_quote(query)
            ),
            Some(new) => match self.command(pair, change) {
                Some(command) => command,
                None => eval_hint(&target(new), query),
            },
            None => format!(
                "{} (allowed by the version at `{}`)",
                single_quote(query),
                self.base.rev
            ),
        }
    }

    /// The `policy eval` command that replays a class's witness on the
    /// policy now, with the deploy-time values given (`policy eval` bounds
    /// the others): none when the class holds for some values only.
    fn command(&self, pair: &Pair, change: &VersionChange) -> Option<String> {
        let new = pair.new.as_ref()?;
        let target = EvalTarget {
            deploy_time: false,
            ..target(new)
        };
        let flags = self.args.extract.flags();
        (target.evaluable && change.depends_on.is_none()).then(|| {
            eval_command(&target, &change.change.witness.query).replacen(
                "policy eval ",
                &format!("policy eval{flags} "),
                1,
            )
        })
    }

    fn human_file(&self, file: &FileResult, tally: &mut Tally) -> String {
        tally.files.insert(file.path.clone());
        let mut text = String::new();
        let mut heading = file.path.clone();
        if let Some(old) = &file.old_path {
            heading.push_str(&format!(" (renamed from {old})"));
        }
        let standalone = file.pairs.iter().all(|p| p.locator.is_none());
        let mut lines = String::new();
        for pair in &file.pairs {
            let outcome = self.outcome(pair);
            self.count(pair, &outcome, tally);
            let indent = if standalone { "" } else { "  " };
            let name = match &pair.locator {
                Some(locator) => format!("{indent}{locator}"),
                None => heading.clone(),
            };
            let status = pair.status().name();
            match &outcome {
                Outcome::Unchanged => {}
                Outcome::Broken(reason) => {
                    lines.push_str(&for_terminal(&format!(
                        "{name}: {status}, not compared: {reason}\n"
                    )));
                }
                Outcome::Compared { diff, notes } => {
                    let verdict = match (diff.opened.is_empty(), diff.closed.is_empty()) {
                        (true, true) => "no request changes decision".to_owned(),
                        (false, true) => "opens access".to_owned(),
                        (true, false) => "closes access".to_owned(),
                        (false, false) => "opens and closes access".to_owned(),
                    };
                    lines.push_str(&for_terminal(&format!("{name}: {status}, {verdict}\n")));
                    let rev = &self.base.rev;
                    self.section(
                        &mut lines,
                        &format!("{indent}  opens: allowed now, denied at `{rev}`"),
                        Paint::Red,
                        &diff.opened,
                        pair,
                        indent,
                    );
                    self.section(
                        &mut lines,
                        &format!("{indent}  closes: denied now, allowed at `{rev}`"),
                        Paint::Yellow,
                        &diff.closed,
                        pair,
                        indent,
                    );
                    for note in notes {
                        lines.push_str(&for_terminal(&format!("{indent}  note: {note}\n")));
                    }
                }
            }
        }
        if lines.is_empty() {
            return text;
        }
        if !standalone {
            text.push_str(&for_terminal(&format!("{heading}\n")));
        }
        text.push_str(&lines);
        text
    }

    fn section(
        &self,
        text: &mut String,
        title: &str,
        colour: Paint,
        changes: &[VersionChange],
        pair: &Pair,
        indent: &str,
    ) {
        if changes.is_empty() {
            return;
        }
        let noun = if changes.len() == 1 {
            "class"
        } else {
            "classes"
        };
        let heading = format!("{title} ({} {noun}):", changes.len());
        let heading = for_terminal(&heading);
        text.push_str(&format!("{}\n", paint(colour, &heading)));
        for (i, change) in changes.iter().enumerate() {
            let words = class_words(&change.change);
            text.push_str(&for_terminal(&format!("{indent}    {}. {words}\n", i + 1)));
            if let Some(unknowns) = &change.depends_on {
                text.push_str(&for_terminal(&format!(
                    "{indent}       depending on deploy-time values: {unknowns}\n"
                )));
            }
            let hint = self.hint(pair, change);
            text.push_str(&for_terminal(&format!(
                "{indent}       for example: {hint}\n"
            )));
        }
    }

    fn json_file(&self, file: &FileResult, tally: &mut Tally) -> Vec<Value> {
        tally.files.insert(file.path.clone());
        file.pairs
            .iter()
            .map(|pair| {
                let outcome = self.outcome(pair);
                self.count(pair, &outcome, tally);
                let (diff, notes, error) = match &outcome {
                    Outcome::Unchanged => (Value::Null, Vec::new(), None),
                    Outcome::Broken(reason) => (Value::Null, Vec::new(), Some(reason.clone())),
                    Outcome::Compared { diff, notes } => {
                        (self.diff_json(pair, diff), notes.clone(), None)
                    }
                };
                json!({
                    "path": file.path,
                    "oldPath": file.old_path,
                    "locator": pair.locator,
                    "status": pair.status().name(),
                    "diff": diff,
                    "notes": notes,
                    "error": error,
                })
            })
            .collect()
    }

    /// The object the single-file `policy diff --format json` prints, each
    /// class with `dependsOn` (the deploy-time values it depends on, or
    /// `null`).
    fn diff_json(&self, pair: &Pair, diff: &VersionDiff) -> Value {
        let changes = |list: &[VersionChange]| -> Value {
            list.iter()
                .map(|c| {
                    let mut value = change_json(&c.change, self.command(pair, c));
                    if let Value::Object(map) = &mut value {
                        map.insert("dependsOn".to_owned(), json!(c.depends_on));
                    }
                    value
                })
                .collect()
        };
        json!({
            "old": pair.old.as_ref().map(|v| v.loaded.source.name()),
            "new": pair.new.as_ref().map(|v| v.loaded.source.name()),
            "newAccess": !diff.opened.is_empty(),
            "gained": changes(&diff.opened),
            "lost": changes(&diff.closed),
            "exact": diff.inexact.is_empty(),
            "notExact": diff.inexact,
        })
    }
}

/// The policy now, as `policy eval` names it.
fn target(version: &Version) -> EvalTarget<'_> {
    EvalTarget {
        file: version.loaded.source.name(),
        evaluable: version.loaded.evaluable(),
        network: None,
        deploy_time: version.deploy_time(),
        flags: "",
    }
}

/// `path` without its `.` components.
fn without_dots(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}
