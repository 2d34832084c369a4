//! One document checked as `policy check` checks a file: the same
//! configuration discovery (the nearest `lattice-policy.toml` from the
//! document's directory upward, as open in the editor when it is), the same
//! `include`/`exclude`, `[rules]`, `public`, `private-to`, `never`,
//! `analysis-budget` and `kind`, and the same pipeline
//! ([`lattice_policy::check`]) for standalone policies and for the
//! infrastructure files `check` reads.
//!
//! What differs from `check` is only where the text comes from: the
//! document's is the editor's buffer, unsaved; the other files of a
//! Terraform module are read from the disk.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lattice_policy::analysis::{Budget, Invariant};
use lattice_policy::check::{check_bytes, check_extraction, Checker, Expectations, Report};
use lattice_policy::config::{self, normalize, Config};
use lattice_policy::diagnostic::{EvalTarget, Finding};
use lattice_policy::iac::terraform::{module, vars};
use lattice_policy::iac::{self, ExtractOptions, Extraction, SourceKind};
use lattice_policy::lint::LintConfig;
use lattice_policy::load::{self, LoadOptions, Loaded};
use lattice_policy::model::PolicyKind;
use lattice_policy::shape;
use lattice_policy::span::Span;

/// The configuration files open in the editor, by path: their buffers win
/// over the files on disk, so that an edit to `[rules]` (or the "ignore"
/// quick fix) takes effect before it is saved.
pub type ConfigBuffers = HashMap<PathBuf, Arc<str>>;

/// A finding with its help as `policy check` shows it (the witness's
/// `policy eval` command included).
#[derive(Clone, Debug)]
pub struct Found {
    /// The finding.
    pub finding: Finding,
    /// Its help, with the witness appended.
    pub help: Option<String>,
}

/// The configuration a document was checked under.
#[derive(Clone, Debug, Default)]
pub struct ConfigUsed {
    /// The file, when one was found.
    pub path: Option<PathBuf>,
    /// Its problems, when it could not be used: the document was then
    /// checked with the defaults.
    pub problems: Option<(Arc<str>, Vec<Finding>)>,
}

/// What the lenses need to analyse a document's policies again.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Auth or identity policy.
    pub kind: PolicyKind,
    /// The analysis budget.
    pub budget: Budget,
}

/// The outcome of checking one document.
#[derive(Clone, Debug)]
pub struct Checked {
    /// Every finding, in source order.
    pub findings: Vec<Found>,
    /// The configuration.
    pub config: ConfigUsed,
    /// Why the document was not checked, when it was not (excluded by the
    /// configuration, or not a policy: `package.json`).
    pub skipped: Option<String>,
    /// The settings it was checked with.
    pub settings: Settings,
    /// True when it is an infrastructure file.
    pub infrastructure: bool,
}

/// The name a document's findings and `policy eval` commands use: its
/// path relative to `root` (the workspace) when under it, else as given.
pub fn display_name(path: Option<&Path>, uri: &str, root: Option<&Path>) -> String {
    match path {
        Some(path) => match root.and_then(|r| path.strip_prefix(r).ok()) {
            Some(relative) if !relative.as_os_str().is_empty() => relative.display().to_string(),
            _ => path.display().to_string(),
        },
        None => uri.to_string(),
    }
}

/// The configuration for a document at `path`: read and parsed, or its
/// problems.
fn read_config(path: Option<&Path>, buffers: &ConfigBuffers) -> (Option<Config>, ConfigUsed) {
    let Some(dir) = path.and_then(Path::parent) else {
        return (None, ConfigUsed::default());
    };
    // The nearest configuration, open in the editor or on disk.
    let found = config::find_by(dir, |candidate| {
        buffers.contains_key(candidate) || candidate.is_file()
    });
    let Some(found) = found else {
        return (None, ConfigUsed::default());
    };
    let bytes: Vec<u8> = match buffers.get(&found) {
        Some(text) => text.as_bytes().to_vec(),
        None => match std::fs::File::open(&found)
            .and_then(|f| load::read_bounded(f, load::DEFAULT_MAX_FILE_SIZE))
        {
            Ok(bytes) => bytes,
            Err(_) => {
                return (
                    None,
                    ConfigUsed {
                        path: Some(found),
                        problems: None,
                    },
                )
            }
        },
    };
    let root = found.parent().unwrap_or(dir).to_path_buf();
    let name = found.display().to_string();
    match Config::parse(&name, &root, &bytes) {
        Ok(config) => (
            Some(config),
            ConfigUsed {
                path: Some(found),
                problems: None,
            },
        ),
        Err(error) => (
            None,
            ConfigUsed {
                path: Some(found),
                problems: Some((error.source.shared_text(), error.findings)),
            },
        ),
    }
}

/// Checks the document `name` (at `path`, when it has one) whose text is
/// `text`.
pub fn check(name: &str, path: Option<&Path>, text: &str, buffers: &ConfigBuffers) -> Checked {
    let (config, used) = read_config(path, buffers);
    let absolute = path.map(|p| normalize(Path::new("/"), p));
    let settings = config.as_ref().map(|c| c.settings(absolute.as_deref()));
    let kind = settings
        .as_ref()
        .and_then(|s| s.kind)
        .or(config.as_ref().and_then(|c| c.kind))
        .unwrap_or_default();
    let budget = config
        .as_ref()
        .and_then(|c| c.analysis_budget)
        .unwrap_or_default();
    let mut checked = Checked {
        findings: Vec::new(),
        config: used,
        skipped: None,
        settings: Settings { kind, budget },
        infrastructure: false,
    };
    if let (Some(config), Some(absolute)) = (&config, &absolute) {
        if !config.admits(absolute) {
            checked.skipped = Some(format!(
                "excluded by the configuration's `include`/`exclude` ({})",
                checked
                    .config
                    .path
                    .as_deref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default()
            ));
            return checked;
        }
    }
    let mut lint = LintConfig {
        analysis_budget: budget,
        ..LintConfig::default()
    };
    if let Some(settings) = &settings {
        lint.levels = settings.levels();
        lint.public = settings.public;
        lint.private_to = settings.private_to.clone();
    }
    let never: Vec<Invariant> = match (&config, kind) {
        // Invariants are about who an auth policy lets in.
        (Some(config), PolicyKind::Auth) => config
            .never
            .iter()
            .filter_map(|text| Invariant::parse_located(text).ok())
            .collect(),
        _ => Vec::new(),
    };
    let expectations = Expectations {
        never,
        baseline: None,
        analysis_budget: budget,
    };
    let checker = Checker {
        load: LoadOptions {
            kind,
            max_size: load::DEFAULT_MAX_FILE_SIZE,
        },
        lint: &lint,
        expectations: &expectations,
    };
    let report = match extract(name, path, text) {
        Some((source_kind, extraction)) if text.len() <= load::DEFAULT_MAX_FILE_SIZE => {
            checked.infrastructure = true;
            let source = lattice_policy::source::Source::new(name, text);
            check_extraction(source, source_kind, extraction, &checker)
        }
        _ => {
            // YAML and Terraform are never standalone policies, nor is what
            // CDK writes beside its templates; a `.json` file must look like
            // a policy (`package.json` does not). A buffer with another name
            // is checked, as standard input is.
            let never_policy = iac::is_yaml_name(name)
                || iac::is_terraform_name(name)
                || iac::is_cdk_metadata(name);
            let json_name = name.to_ascii_lowercase().ends_with(".json");
            if never_policy || (json_name && !shape::is_policy(text.as_bytes())) {
                checked.skipped = Some("not a policy".to_string());
                return checked;
            }
            check_bytes(name, text.as_bytes(), &checker)
        }
    };
    checked.findings = found(&report);
    checked
}

/// The policies of an infrastructure file, or `None` for any other file.
/// A Terraform file is read with the other files of its module (from the
/// disk: the server has only the buffers the editor opened) and the
/// variable files Terraform loads on its own, as `policy check` reads it.
pub fn extract(name: &str, path: Option<&Path>, text: &str) -> Option<(SourceKind, Extraction)> {
    if let Some(extraction) = path
        .filter(|_| iac::is_terraform_name(name))
        .and_then(|p| terraform_module(p, text))
    {
        return Some((SourceKind::Terraform, extraction));
    }
    iac::extract(name, text, &ExtractOptions::default())
}

/// The policy of the document `name` (at `path`, whose text is `text`)
/// that a lens's witness is replayed against: the whole document for a
/// standalone policy, else the policy `locator` names among those
/// [`extract`] finds, so that a Terraform policy is the one its module
/// resolves to (a document rendered by an `aws_iam_policy_document` in a
/// sibling file, a local, a variable from a `.tfvars` file), as `policy
/// check` and the lens read it.
pub fn load_policy(
    name: &str,
    path: Option<&Path>,
    text: &str,
    locator: Option<&str>,
    kind: PolicyKind,
) -> Result<Loaded, String> {
    let Some(locator) = locator else {
        let options = LoadOptions {
            kind,
            max_size: load::DEFAULT_MAX_FILE_SIZE,
        };
        return Ok(load::load_str(name, text, options));
    };
    let (_, extraction) = extract(name, path, text)
        .ok_or_else(|| format!("`{name}` is not an infrastructure file any more"))?;
    let found = extraction
        .policies
        .into_iter()
        .find(|p| p.locator == locator)
        .ok_or_else(|| format!("`{name}` holds no policy `{locator}` any more"))?;
    Ok(iac::load_found(name, text, found, kind))
}

/// The extraction of the Terraform file at `path`, whose text is `text`,
/// read with its module.
fn terraform_module(path: &Path, text: &str) -> Option<Extraction> {
    let dir = path.parent()?;
    let own = path.file_name()?.to_str()?.to_string();
    let mut all: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .collect();
    all.sort();
    let mut names: Vec<String> = all
        .iter()
        .filter(|n| module::is_module_file(n))
        .take(module::MAX_FILES)
        .cloned()
        .collect();
    if !names.contains(&own) {
        names.push(own.clone());
        names.sort();
    }
    let read = |name: &String| -> String {
        let file = dir.join(name);
        let small =
            std::fs::metadata(&file).is_ok_and(|m| m.len() <= load::DEFAULT_MAX_FILE_SIZE as u64);
        if small {
            std::fs::read_to_string(file).unwrap_or_default()
        } else {
            String::new()
        }
    };
    let texts: Vec<String> = names
        .iter()
        .map(|n| if *n == own { text.to_string() } else { read(n) })
        .collect();
    let mut options = ExtractOptions::default();
    for var_file in module::automatic_var_files(&all) {
        if let Ok(values) = vars::read_var_file(&read(&var_file)) {
            options.variables.extend(values);
        }
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let at = names.iter().position(|n| *n == own)?;
    module::read(&refs, &options).files.into_iter().nth(at)
}

/// The findings of a report with their help as `check` shows it.
fn found(report: &Report) -> Vec<Found> {
    let file_target = report.eval_target();
    report
        .findings()
        .into_iter()
        .map(|finding| {
            let unit = report
                .infrastructure
                .as_ref()
                .and_then(|i| i.unit_of(finding));
            let target = match unit {
                Some(unit) => EvalTarget {
                    deploy_time: unit.deploy_time,
                    ..EvalTarget::new(&unit.eval_name, unit.evaluable)
                },
                None => file_target,
            };
            let help = finding.help_for(&target).map(|h| h.into_owned());
            Found {
                finding: finding.clone(),
                help,
            }
        })
        .collect()
}

/// The spans of `findings` that cover byte `offset`.
pub fn at(findings: &[Found], offset: usize) -> impl Iterator<Item = &Found> {
    findings.iter().filter(move |f| {
        let Span { start, end } = f.finding.span;
        (start as usize) <= offset && offset <= (end as usize)
    })
}
