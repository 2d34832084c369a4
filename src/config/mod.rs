//! The configuration file, `lattice-policy.toml`: the level of each lint rule,
//! which files to check, and the lowest severity that fails a run.
//!
//! ```toml
//! fail-on = "warning"                 # the default for `--fail-on`
//! include = ["policies/**/*.json"]    # check only these files
//! exclude = ["policies/drafts"]       # and never these
//! analysis-budget = "2s,128M"         # the default for `--analysis-budget`
//!
//! [rules]
//! ALLOW_WITH_NOT_PRINCIPAL = "warning"  # "off", "error", "warning" or "info"
//! ```
//!
//! Every key is optional. Unknown keys, unknown rule codes and values of the
//! wrong kind are errors, each located in the file, so that a typo never
//! silently turns a check off. Only lint rules can be configured: grammar
//! checks (`policy rules` lists both kinds) always run at their own severity.
//!
//! # Paths
//!
//! Globs are [globset] globs matched against paths relative to the directory
//! that holds the configuration file, with `/` between components: `*` and
//! `?` never match `/`, `**` matches any number of directories, and a glob
//! that names a directory covers everything under it. A file is checked when
//! it, or a directory above it, matches an `include` glob (or `include` is
//! absent), and neither it nor a directory above it matches an `exclude` glob.
//! Files outside the configuration's directory are not filtered.
//!
//! # Overrides
//!
//! `[[overrides]]` tables set `kind`, `[rules]`, `public` and `private-to`
//! for the files their `files` globs match (the same globs, relative to the
//! same directory), as ruff's per-file settings and eslint's overrides do:
//!
//! ```toml
//! [[overrides]]
//! files = ["identity/**"]
//! kind = "identity"
//!
//! [[overrides]]
//! files = ["legacy/**"]
//! public = true                        # these services are public on purpose
//! rules = { ALLOW_WITH_NOT_PRINCIPAL = "warning" }
//! ```
//!
//! Every override whose globs match a file applies to it, in the order of the
//! file, so a later one wins over an earlier one and both over the top level
//! ([`Config::settings`]). `[rules]` entries are merged code by code;
//! `private-to` replaces the list; `public = true` or `false` decides for the
//! override's files whatever the top-level `public` globs say. An override
//! cannot set what applies to the whole run (`include`, `exclude`, `fail-on`,
//! `never`, `analysis-budget`): those keys are errors there.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::analysis::{Budget, BUDGET_SYNTAX};
use crate::diagnostic::{CodeInfo, Finding, Severity};
use crate::lint::{self, Level};
use crate::model::PolicyKind;
use crate::source::Source;
use crate::span::Span;

pub mod codes;

pub use codes::{CONFIG_SYNTAX_ERROR, INVALID_CONFIG_VALUE, UNKNOWN_CONFIG_KEY, UNKNOWN_RULE};

/// The name of the configuration file.
pub const FILE_NAME: &str = "lattice-policy.toml";

/// The top-level keys, in the order the documentation gives them.
const KEYS: &[&str] = &[
    "rules",
    "include",
    "exclude",
    "fail-on",
    "never",
    "public",
    "private-to",
    "analysis-budget",
    "kind",
    "overrides",
];

/// The keys of an `[[overrides]]` table.
const OVERRIDE_KEYS: &[&str] = &["files", "kind", "rules", "public", "private-to"];

/// The values `kind` takes.
const KINDS: &[&str] = &["auth", "identity"];

/// The values a rule's level and `fail-on` take.
const LEVELS: &[&str] = &["off", "error", "warning", "info"];

/// A configuration read from a file.
#[derive(Clone, Debug)]
pub struct Config {
    /// The directory that `include` and `exclude` globs are relative to.
    pub root: PathBuf,
    /// The level of each rule named in `[rules]`.
    pub rules: BTreeMap<String, Level>,
    /// `fail-on`, when given.
    pub fail_on: Option<Severity>,
    /// The `include` globs as written; empty when the key is absent.
    pub include: Vec<String>,
    /// The `exclude` globs as written.
    pub exclude: Vec<String>,
    /// `never` invariants (what-if patterns no allowed request may match), checked when read.
    pub never: Vec<String>,
    /// The `public` globs as written: policies of services that are public on purpose.
    pub public: Vec<String>,
    /// `private-to`: the accounts and organizations the services are private to.
    pub private_to: Vec<String>,
    /// `analysis-budget`, when given: the default for `--analysis-budget`.
    pub analysis_budget: Option<Budget>,
    /// `kind`, when given: what the files are, unless an override or `--kind` says otherwise.
    pub kind: Option<PolicyKind>,
    /// The `[[overrides]]` tables, in the order of the file.
    pub overrides: Vec<Override>,
    public_set: GlobSet,
    include_set: Option<GlobSet>,
    exclude_set: GlobSet,
}

/// One `[[overrides]]` table: settings for the files its globs match.
#[derive(Clone, Debug)]
pub struct Override {
    /// Its number, counting from 1 in the order of the file.
    pub number: usize,
    /// The line of its `[[overrides]]` header (or of its first key), 1-based.
    pub line: usize,
    /// The `files` globs as written.
    pub files: Vec<String>,
    /// `kind`, when given.
    pub kind: Option<PolicyKind>,
    /// Its `rules`: the level of each rule it names.
    pub rules: BTreeMap<String, Level>,
    /// `public`, when given: whether these files' services are public on purpose.
    pub public: Option<bool>,
    /// `private-to`, when given: replaces the top level's list for these files.
    pub private_to: Option<Vec<String>>,
    files_set: GlobSet,
}

/// Where a setting of [`Settings`] came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The top level of the file.
    TopLevel,
    /// The override with this number.
    Override(usize),
}

/// The settings that apply to one file: the top level, then every override
/// that matches it, in order ([`Config::settings`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// What the file is, when the configuration says.
    pub kind: Option<PolicyKind>,
    /// The level of each rule the configuration names, and where it was set.
    pub rules: BTreeMap<String, (Level, Origin)>,
    /// Whether the file is the policy of a service that is public on purpose.
    pub public: bool,
    /// The accounts and organizations the service is private to.
    pub private_to: Vec<String>,
    /// The numbers of the overrides that apply, in order.
    pub overrides: Vec<usize>,
}

impl Settings {
    /// The rule levels alone.
    pub fn levels(&self) -> BTreeMap<String, Level> {
        self.rules
            .iter()
            .map(|(code, (level, _))| (code.clone(), *level))
            .collect()
    }
}

/// Why a configuration file was refused: every problem, located in its source.
#[derive(Clone, Debug)]
pub struct ConfigError {
    /// The file's text, for rendering the findings.
    pub source: Source,
    /// The problems, in source order.
    pub findings: Vec<Finding>,
}

impl Config {
    /// Reads a configuration. `name` is shown in diagnostics; `root` is the
    /// directory globs are relative to (normally the file's directory).
    pub fn parse(name: &str, root: &Path, bytes: &[u8]) -> Result<Config, ConfigError> {
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => {
                let offset = error.valid_up_to();
                let finding = Finding::new(
                    &CONFIG_SYNTAX_ERROR,
                    Span::new(offset, offset + '\u{fffd}'.len_utf8()),
                    format!("invalid UTF-8 at byte offset {offset}"),
                )
                .with_help("save the configuration file as UTF-8");
                return Err(ConfigError {
                    source: Source::new(name, String::from_utf8_lossy(bytes).into_owned()),
                    findings: vec![finding],
                });
            }
        };
        let mut reader = Reader::default();
        let config = reader.read(root, text);
        if reader.findings.is_empty() {
            Ok(config)
        } else {
            let mut findings = reader.findings;
            findings.sort_by_key(|f| f.span.start);
            Err(ConfigError {
                source: Source::new(name, text),
                findings,
            })
        }
    }

    /// True when a file at `path` (absolute, as [`normalize`] gives it) is the
    /// policy of a service that is public on purpose: the top-level `public`
    /// globs, then the overrides that match it.
    pub fn is_public(&self, path: &Path) -> bool {
        self.settings(Some(path)).public
    }

    /// The settings for a file at `path` (absolute, as [`normalize`] gives
    /// it), or for standard input (`None`, which no glob matches): the top
    /// level, then each override whose `files` match, in order, later ones
    /// winning.
    pub fn settings(&self, path: Option<&Path>) -> Settings {
        let matches = |set: &GlobSet| path.is_some_and(|p| self.matches(set, p));
        let mut settings = Settings {
            kind: self.kind,
            rules: self
                .rules
                .iter()
                .map(|(code, level)| (code.clone(), (*level, Origin::TopLevel)))
                .collect(),
            public: matches(&self.public_set),
            private_to: self.private_to.clone(),
            overrides: Vec::new(),
        };
        for o in self.overrides.iter().filter(|o| matches(&o.files_set)) {
            settings.overrides.push(o.number);
            if let Some(kind) = o.kind {
                settings.kind = Some(kind);
            }
            for (code, level) in &o.rules {
                settings
                    .rules
                    .insert(code.clone(), (*level, Origin::Override(o.number)));
            }
            if let Some(public) = o.public {
                settings.public = public;
            }
            if let Some(private_to) = &o.private_to {
                settings.private_to = private_to.clone();
            }
        }
        settings
    }

    /// True when `set` matches `path` or a directory above it, up to the root
    /// (exclusive); false for a path outside the root.
    fn matches(&self, set: &GlobSet, path: &Path) -> bool {
        let Ok(relative) = path.strip_prefix(&self.root) else {
            return false;
        };
        relative
            .ancestors()
            .filter(|p| !p.as_os_str().is_empty())
            .any(|p| set.is_match(p))
    }

    /// True when a file at `path` (absolute, as [`normalize`] gives it) is to be checked.
    pub fn admits(&self, path: &Path) -> bool {
        let Ok(relative) = path.strip_prefix(&self.root) else {
            return true;
        };
        // The path and each directory above it, up to the root (exclusive).
        let candidates: Vec<&Path> = relative
            .ancestors()
            .filter(|p| !p.as_os_str().is_empty())
            .collect();
        let included = match &self.include_set {
            None => true,
            Some(set) => candidates.iter().any(|p| set.is_match(p)),
        };
        included && !candidates.iter().any(|p| self.exclude_set.is_match(p))
    }
}

/// The nearest `lattice-policy.toml` in `start` or a directory above it.
pub fn find(start: &Path) -> Option<PathBuf> {
    find_by(start, |candidate| candidate.is_file())
}

/// The nearest `lattice-policy.toml` in `start` or a directory above it
/// for which `exists` holds: the language server counts a configuration
/// open in the editor, saved or not, as one that exists.
pub fn find_by(start: &Path, mut exists: impl FnMut(&Path) -> bool) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| exists(candidate))
}

/// `path` made absolute against `base` (when relative) with `.` and `..`
/// resolved lexically, without touching the file system.
pub fn normalize(base: &Path, path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in base.join(path).components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Collects findings while reading the document.
#[derive(Default)]
struct Reader {
    findings: Vec<Finding>,
}

fn span(range: Range<usize>) -> Span {
    Span::new(range.start, range.end)
}

fn did_you_mean(word: &str, candidates: &[&str]) -> Option<String> {
    crate::fuzzy::best_match(word, candidates).map(|s| format!("did you mean `{s}`?"))
}

impl Reader {
    fn report(
        &mut self,
        info: &'static CodeInfo,
        at: Range<usize>,
        message: String,
        help: Option<String>,
    ) {
        self.findings
            .push(Finding::new(info, span(at), message).with_optional_help(help));
    }

    fn read(&mut self, root: &Path, text: &str) -> Config {
        let (document, errors) = DeTable::parse_recoverable(text);
        let syntax_ok = errors.is_empty();
        for error in errors {
            let at = error.span().unwrap_or(0..0);
            self.report(
                &CONFIG_SYNTAX_ERROR,
                at,
                error.message().trim().to_string(),
                None,
            );
        }
        let mut config = Config {
            root: root.to_path_buf(),
            rules: BTreeMap::new(),
            fail_on: None,
            include: Vec::new(),
            exclude: Vec::new(),
            never: Vec::new(),
            public: Vec::new(),
            private_to: Vec::new(),
            analysis_budget: None,
            kind: None,
            overrides: Vec::new(),
            public_set: GlobSet::empty(),
            include_set: None,
            exclude_set: GlobSet::empty(),
        };
        // A document with syntax errors is only partly read: reporting what
        // the recovered part lacks would only add noise.
        let entries = document.get_ref().iter().filter(|_| syntax_ok);
        for (key, value) in entries {
            match key.get_ref().as_ref() {
                "rules" => self.rules(value, &mut config.rules),
                "include" => {
                    let (globs, set) = self.globs("include", value);
                    config.include = globs;
                    config.include_set = Some(set);
                }
                "exclude" => {
                    let (globs, set) = self.globs("exclude", value);
                    config.exclude = globs;
                    config.exclude_set = set;
                }
                "fail-on" => config.fail_on = self.fail_on(value),
                "never" => config.never = self.never(value),
                "public" => {
                    let (globs, set) = self.globs("public", value);
                    config.public = globs;
                    config.public_set = set;
                }
                "private-to" => config.private_to = self.private_to(value),
                "analysis-budget" => config.analysis_budget = self.analysis_budget(value),
                "kind" => config.kind = self.kind(value),
                "overrides" => config.overrides = self.overrides(text, value),
                other => {
                    let help = did_you_mean(other, KEYS).unwrap_or_else(|| {
                        "the keys are `rules`, `include`, `exclude`, `fail-on`, `never`, `public`, `private-to`, `analysis-budget`, `kind` and `overrides`"
                            .to_string()
                    });
                    self.report(
                        &UNKNOWN_CONFIG_KEY,
                        key.span(),
                        format!("unknown key `{other}`"),
                        Some(help),
                    );
                }
            }
        }
        config
    }

    fn kind(&mut self, value: &Spanned<DeValue<'_>>) -> Option<PolicyKind> {
        let DeValue::String(text) = value.get_ref() else {
            self.wrong_type(value, "`kind` is \"auth\" or \"identity\"");
            return None;
        };
        match text.as_ref() {
            "auth" => Some(PolicyKind::Auth),
            "identity" => Some(PolicyKind::Identity),
            other => {
                let help = did_you_mean(other, KINDS).unwrap_or_else(|| {
                    "`kind` is `auth` (VPC Lattice auth policies) or `identity` (IAM identity policies)"
                        .to_string()
                });
                self.report(
                    &INVALID_CONFIG_VALUE,
                    value.span(),
                    format!("`{other}` is not a kind of policy"),
                    Some(help),
                );
                None
            }
        }
    }

    /// `[[overrides]]`: an array of tables, each read on its own.
    fn overrides(&mut self, text: &str, value: &Spanned<DeValue<'_>>) -> Vec<Override> {
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(value, "`overrides` is an array of tables (`[[overrides]]`)");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let DeValue::Table(table) = item.get_ref() else {
                self.wrong_type(item, "each entry of `overrides` is a table");
                continue;
            };
            let line = text
                .get(..item.span().start.min(text.len()))
                .map_or(1, |before| before.matches('\n').count() + 1);
            let mut o = Override {
                number: index + 1,
                line,
                files: Vec::new(),
                kind: None,
                rules: BTreeMap::new(),
                public: None,
                private_to: None,
                files_set: GlobSet::empty(),
            };
            let mut has_files = false;
            for (key, value) in table.iter() {
                match key.get_ref().as_ref() {
                    "files" => {
                        has_files = true;
                        let (globs, set) = self.globs("files", value);
                        if globs.is_empty() && matches!(value.get_ref(), DeValue::Array(a) if a.is_empty()) {
                            self.report(
                                &INVALID_CONFIG_VALUE,
                                value.span(),
                                "`files` is empty: the override applies to no file".to_string(),
                                Some("list the globs of the files it is for, such as `[\"legacy/**\"]`".to_string()),
                            );
                        }
                        o.files = globs;
                        o.files_set = set;
                    }
                    "kind" => o.kind = self.kind(value),
                    "rules" => self.rules(value, &mut o.rules),
                    "public" => match value.get_ref() {
                        DeValue::Boolean(b) => o.public = Some(*b),
                        _ => self.wrong_type(
                            value,
                            "`public` in an override is `true` or `false` (its `files` say which policies)",
                        ),
                    },
                    "private-to" => o.private_to = Some(self.private_to(value)),
                    other => {
                        let (message, help) = if KEYS.contains(&other) {
                            (
                                format!("`{other}` cannot be set in an override"),
                                format!("`{other}` applies to the whole run: set it at the top level; an override sets `files`, `kind`, `rules`, `public` and `private-to`"),
                            )
                        } else {
                            (
                                format!("unknown key `{other}` in an override"),
                                did_you_mean(other, OVERRIDE_KEYS).unwrap_or_else(|| {
                                    "an override's keys are `files`, `kind`, `rules`, `public` and `private-to`".to_string()
                                }),
                            )
                        };
                        self.report(&UNKNOWN_CONFIG_KEY, key.span(), message, Some(help));
                    }
                }
            }
            if !has_files {
                self.report(
                    &INVALID_CONFIG_VALUE,
                    item.span(),
                    "this override has no `files`: it would apply to no file".to_string(),
                    Some("add `files = [\"...\"]`, the globs of the files it is for".to_string()),
                );
            }
            out.push(o);
        }
        out
    }

    fn rules(&mut self, value: &Spanned<DeValue<'_>>, out: &mut BTreeMap<String, Level>) {
        let DeValue::Table(table) = value.get_ref() else {
            self.wrong_type(value, "`rules` must be a table of rule codes and levels");
            return;
        };
        let codes: Vec<&str> = lint::RULES.iter().map(|r| r.info.code).collect();
        for (key, level) in table.iter() {
            let code = key.get_ref().as_ref();
            if lint::rule(code).is_none() {
                self.unknown_rule(key, &codes);
                continue;
            }
            let parsed = match level.get_ref() {
                DeValue::String(s) => match s.as_ref() {
                    "off" => Some(Level::Off),
                    other => severity(other).map(Level::On),
                },
                _ => None,
            };
            match parsed {
                Some(parsed) => {
                    out.insert(code.to_string(), parsed);
                }
                None => {
                    let message = match level.get_ref() {
                        DeValue::String(s) => format!("`{s}` is not a rule level"),
                        other => format!("a rule level is a string, not {}", a(other.type_str())),
                    };
                    let help = match level.get_ref() {
                        DeValue::String(s) => level_hint(s),
                        _ => None,
                    }
                    .unwrap_or_else(|| {
                        "a rule's level is `off`, `error`, `warning` or `info`".to_string()
                    });
                    self.report(&INVALID_CONFIG_VALUE, level.span(), message, Some(help));
                }
            }
        }
    }

    fn unknown_rule(&mut self, key: &Spanned<std::borrow::Cow<'_, str>>, codes: &[&str]) {
        let code = key.get_ref().as_ref();
        let grammar = crate::registry::all()
            .find(|c| c.code == code || c.name == code)
            .filter(|c| c.kind == crate::diagnostic::CodeKind::Grammar);
        let by_name = lint::RULES.iter().find(|r| r.info.name == code);
        let (message, help) = if let Some(info) = grammar {
            (
                format!("`{code}` is a grammar check, which cannot be configured"),
                format!(
                    "grammar checks always run at their own severity ({}); only lint rules can be configured (see `policy rules`)",
                    info.severity
                ),
            )
        } else if let Some(rule) = by_name {
            (
                format!("`{code}` is a rule's name, not its code"),
                format!("write the code: `{}`", rule.info.code),
            )
        } else {
            let upper = code.to_ascii_uppercase().replace('-', "_");
            (
                format!("no lint rule has the code `{code}`"),
                did_you_mean(&upper, codes)
                    .unwrap_or_else(|| "`policy rules` lists the lint rules".to_string()),
            )
        };
        self.report(&UNKNOWN_RULE, key.span(), message, Some(help));
    }

    fn globs(&mut self, key: &str, value: &Spanned<DeValue<'_>>) -> (Vec<String>, GlobSet) {
        let mut globs = Vec::new();
        let mut builder = GlobSetBuilder::new();
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(value, &format!("`{key}` must be an array of globs"));
            return (globs, GlobSet::empty());
        };
        for item in items.iter() {
            let DeValue::String(glob) = item.get_ref() else {
                self.wrong_type(item, &format!("each `{key}` entry must be a glob string"));
                continue;
            };
            let trimmed = glob
                .strip_prefix("./")
                .or_else(|| glob.strip_prefix('/'))
                .unwrap_or(glob);
            match GlobBuilder::new(trimmed).literal_separator(true).build() {
                Ok(compiled) => {
                    builder.add(compiled);
                    globs.push(glob.to_string());
                }
                Err(error) => {
                    self.report(
                        &INVALID_CONFIG_VALUE,
                        item.span(),
                        format!("`{glob}` is not a valid glob: {}", error.kind()),
                        Some(
                            "globs use `*`, `?`, `**`, `[abc]` and `{a,b}`; see `policy check --help`"
                                .to_string(),
                        ),
                    );
                }
            }
        }
        let set = builder.build().unwrap_or_else(|_| GlobSet::empty());
        (globs, set)
    }

    fn private_to(&mut self, value: &Spanned<DeValue<'_>>) -> Vec<String> {
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(
                value,
                "`private-to` is an array of account ids and organization ids",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            let DeValue::String(text) = item.get_ref() else {
                self.wrong_type(item, "each `private-to` entry is a string");
                continue;
            };
            // The domains requests are held to (the request-key table's).
            let account = crate::keys::Domain::Account.contains(text);
            let org = crate::keys::Domain::OrgId.contains(text);
            if account || org {
                out.push(text.to_string());
            } else {
                self.report(
                    &INVALID_CONFIG_VALUE,
                    item.span(),
                    format!("`{text}` is neither a 12-digit account id nor an organization id"),
                    Some("write account ids such as `111122223333` and organization ids such as `o-a1b2c3d4e5`".to_string()),
                );
            }
        }
        out
    }

    fn never(&mut self, value: &Spanned<DeValue<'_>>) -> Vec<String> {
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(value, "`never` is an array of what-if patterns");
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            match item.get_ref() {
                DeValue::String(text) => match crate::analysis::Invariant::parse(text) {
                    Ok(_) => out.push(text.to_string()),
                    Err(message) => self.report(
                        &INVALID_CONFIG_VALUE,
                        item.span(),
                        message,
                        Some(
                            "write a what-if query such as `GET /admin/* from anonymous`"
                                .to_string(),
                        ),
                    ),
                },
                _ => self.wrong_type(item, "each `never` entry is a string"),
            }
        }
        out
    }

    fn fail_on(&mut self, value: &Spanned<DeValue<'_>>) -> Option<Severity> {
        let parsed = match value.get_ref() {
            DeValue::String(s) => severity(s),
            _ => None,
        };
        if parsed.is_none() {
            let help = match value.get_ref() {
                DeValue::String(s) => level_hint(s).filter(|h| !h.contains("`off`")),
                _ => None,
            };
            let message = match value.get_ref() {
                DeValue::String(s) => format!("`{s}` is not a severity"),
                other => format!("`fail-on` is a string, not {}", a(other.type_str())),
            };
            self.report(
                &INVALID_CONFIG_VALUE,
                value.span(),
                message,
                Some(
                    help.unwrap_or_else(|| "`fail-on` is `error`, `warning` or `info`".to_string()),
                ),
            );
        }
        parsed
    }

    fn analysis_budget(&mut self, value: &Spanned<DeValue<'_>>) -> Option<Budget> {
        let DeValue::String(text) = value.get_ref() else {
            self.wrong_type(value, "`analysis-budget` is a string such as \"2s,256M\"");
            return None;
        };
        match text.parse::<Budget>() {
            Ok(budget) => Some(budget),
            Err(error) => {
                self.report(
                    &INVALID_CONFIG_VALUE,
                    value.span(),
                    error.to_string(),
                    Some(format!("`analysis-budget` is {BUDGET_SYNTAX}")),
                );
                None
            }
        }
    }

    fn wrong_type(&mut self, value: &Spanned<DeValue<'_>>, message: &str) {
        let message = format!("{message}, not {}", a(value.get_ref().type_str()));
        self.report(&INVALID_CONFIG_VALUE, value.span(), message, None);
    }
}

/// "did you mean `warning`?" for `warn`, `Warning` or `warnig`.
fn level_hint(word: &str) -> Option<String> {
    let lower = word.to_lowercase();
    LEVELS
        .iter()
        .find(|level| !lower.is_empty() && level.starts_with(&lower))
        .map(|level| format!("did you mean `{level}`?"))
        .or_else(|| did_you_mean(&lower, LEVELS))
}

fn severity(word: &str) -> Option<Severity> {
    match word {
        "error" => Some(Severity::Error),
        "warning" => Some(Severity::Warning),
        "info" => Some(Severity::Info),
        _ => None,
    }
}

/// "a string", "an integer", "a table".
fn a(type_name: &str) -> String {
    let article = if type_name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {type_name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse("lattice-policy.toml", Path::new("/repo"), text.as_bytes())
    }

    fn errors(text: &str) -> Vec<(String, &'static str, String)> {
        let error = parse(text).unwrap_err();
        error
            .findings
            .iter()
            .map(|f| {
                (
                    error.source.snippet(f.span).to_string(),
                    f.code(),
                    f.message.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn an_empty_file_is_the_default() {
        let config = parse("").unwrap();
        assert!(config.rules.is_empty());
        assert_eq!(config.fail_on, None);
        assert!(config.admits(Path::new("/repo/anything.json")));
    }

    #[test]
    fn reads_every_key() {
        let config = parse(
            "fail-on = \"warning\"\ninclude = [\"policies\"]\nexclude = [\"policies/drafts/**\"]\n\n[rules]\nALLOW_WITH_NOT_PRINCIPAL = \"off\"\n",
        )
        .unwrap();
        assert_eq!(config.fail_on, Some(Severity::Warning));
        assert_eq!(
            config.rules.get("ALLOW_WITH_NOT_PRINCIPAL"),
            Some(&Level::Off)
        );
        assert_eq!(config.include, ["policies"]);
        assert!(config.admits(Path::new("/repo/policies/a.json")));
        assert!(config.admits(Path::new("/repo/policies/x/b.json")));
        assert!(!config.admits(Path::new("/repo/policies/drafts/c.json")));
        assert!(!config.admits(Path::new("/repo/package.json")));
        assert!(config.admits(Path::new("/elsewhere/package.json")));
    }

    #[test]
    fn stars_stay_within_a_directory() {
        let config = parse("include = [\"./p/*.json\"]\nexclude = [\"**/*.draft.json\"]").unwrap();
        assert!(config.admits(Path::new("/repo/p/a.json")));
        assert!(!config.admits(Path::new("/repo/p/q/a.json")));
        assert!(!config.admits(Path::new("/repo/p/a.draft.json")));
    }

    #[test]
    fn the_analysis_budget_is_read_and_a_bad_one_located() {
        let config = parse("analysis-budget = \"500ms,64M\"\n").unwrap();
        assert_eq!(config.analysis_budget, Some("500ms,64M".parse().unwrap()));
        assert_eq!(parse("").unwrap().analysis_budget, None);
        let found = errors("analysis-budget = \"2 seconds\"\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "\"2 seconds\"");
        assert_eq!(found[0].1, "INVALID_CONFIG_VALUE");
        let found = errors("analysis-budget = 2\n");
        assert_eq!(found[0].1, "INVALID_CONFIG_VALUE");
        assert!(found[0].2.contains("not an integer"), "{found:?}");
    }

    #[test]
    fn problems_are_located() {
        let text = "fail_on = \"warning\"\nfail-on = \"fatal\"\ninclude = \"p\"\nexclude = [\"[\", 3]\n[rules]\nALLOW_WITH_NOT_PRINCIPLE = \"off\"\nMISSING_VERSION = \"off\"\nallow-with-not-principal = \"off\"\nALLOW_WITH_NOT_PRINCIPAL = \"warn\"\n";
        assert_eq!(
            errors(text),
            [
                (
                    "fail_on".into(),
                    "UNKNOWN_CONFIG_KEY",
                    "unknown key `fail_on`".into()
                ),
                (
                    "\"fatal\"".into(),
                    "INVALID_CONFIG_VALUE",
                    "`fatal` is not a severity".into()
                ),
                (
                    "\"p\"".into(),
                    "INVALID_CONFIG_VALUE",
                    "`include` must be an array of globs, not a string".into()
                ),
                (
                    "\"[\"".into(),
                    "INVALID_CONFIG_VALUE",
                    "`[` is not a valid glob: unclosed character class; missing ']'".into()
                ),
                (
                    "3".into(),
                    "INVALID_CONFIG_VALUE",
                    "each `exclude` entry must be a glob string, not an integer".into()
                ),
                (
                    "ALLOW_WITH_NOT_PRINCIPLE".into(),
                    "UNKNOWN_RULE",
                    "no lint rule has the code `ALLOW_WITH_NOT_PRINCIPLE`".into()
                ),
                (
                    "MISSING_VERSION".into(),
                    "UNKNOWN_RULE",
                    "`MISSING_VERSION` is a grammar check, which cannot be configured".into()
                ),
                (
                    "allow-with-not-principal".into(),
                    "UNKNOWN_RULE",
                    "`allow-with-not-principal` is a rule's name, not its code".into()
                ),
                (
                    "\"warn\"".into(),
                    "INVALID_CONFIG_VALUE",
                    "`warn` is not a rule level".into()
                ),
            ]
        );
        let error = parse(text).unwrap_err();
        assert_eq!(
            error
                .findings
                .first()
                .and_then(|f| f.help.clone())
                .as_deref(),
            Some("did you mean `fail-on`?")
        );
    }

    #[test]
    fn syntax_errors_are_located() {
        let found = errors("[rules]\nA = \n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found.first().map(|f| f.1), Some("CONFIG_SYNTAX_ERROR"));
        let error = Config::parse("c.toml", Path::new("/"), b"a = \"\xff\"").unwrap_err();
        assert_eq!(
            error.findings.first().map(|f| f.message.as_str()),
            Some("invalid UTF-8 at byte offset 5")
        );
    }

    #[test]
    fn normalize_is_lexical() {
        assert_eq!(
            normalize(Path::new("/a/b"), Path::new("../c/./d.json")),
            Path::new("/a/c/d.json")
        );
        assert_eq!(
            normalize(Path::new("/a"), Path::new("/x/y")),
            Path::new("/x/y")
        );
    }

    #[test]
    fn find_by_takes_the_nearest_candidate_the_predicate_accepts() {
        let open = [
            PathBuf::from("/repo/lattice-policy.toml"),
            PathBuf::from("/lattice-policy.toml"),
        ];
        let mut asked = Vec::new();
        let found = find_by(Path::new("/repo/policies/team"), |candidate| {
            asked.push(candidate.to_path_buf());
            open.iter().any(|o| o == candidate)
        });
        assert_eq!(found, Some(PathBuf::from("/repo/lattice-policy.toml")));
        // From the start upward, stopping at the first one accepted.
        assert_eq!(
            asked,
            [
                PathBuf::from("/repo/policies/team/lattice-policy.toml"),
                PathBuf::from("/repo/policies/lattice-policy.toml"),
                PathBuf::from("/repo/lattice-policy.toml"),
            ]
        );
        assert_eq!(find_by(Path::new("/repo"), |_| false), None);
    }
}
