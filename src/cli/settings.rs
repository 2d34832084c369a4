//! `policy check --show-settings FILE`: the configuration file used and the
//! settings that apply to one file, with where each comes from, as ruff's
//! `--show-settings` does. It answers "why is this rule (not) reported on
//! this file?" without running the check.
//!
//! ```text
//! configuration: lattice-policy.toml
//! file: legacy/a.json
//! checked: yes
//! policy: yes
//! overrides: #2 (line 9)
//! kind: identity (override #2)
//! public: yes
//! private-to: 111122223333
//! analysis-budget: 2s,128M (default)
//! fail-on: error (default)
//! rules:
//!   ACTION_WILDCARD_IN_AUTH_POLICY  warning  (default)
//!   ALLOW_WITH_NOT_PRINCIPAL        off      (override #2)
//!   …
//! ```

use std::path::Path;

use lattice_policy::analysis::Budget;
use lattice_policy::config::{Origin, Settings};
use lattice_policy::diagnostic::Severity;
use lattice_policy::lint::{self, Level, LintConfig};
use lattice_policy::model::PolicyKind;

use super::check::CliRules;
use super::configure;
use super::inputs::display_path;
use super::output::Out;

/// Everything `policy check` resolved for one file.
pub struct Resolved<'a> {
    /// The file asked about, as given.
    pub target: &'a Path,
    /// The configuration read, if any.
    pub file: Option<&'a configure::File>,
    /// `--no-config` was given.
    pub no_config: bool,
    /// Whether `include` and `exclude` let the file be checked.
    pub admitted: bool,
    /// Whether the file is read as a policy, or why it could not be read.
    pub policy: Result<bool, String>,
    /// The configuration's settings for the file.
    pub settings: Option<&'a Settings>,
    /// The kind it is read as, and whether `--kind` said so.
    pub kind: (PolicyKind, bool),
    /// The lint configuration it is checked with.
    pub lint: &'a LintConfig,
    /// `--select` and `--ignore`.
    pub cli: &'a CliRules,
    /// `--fail-on`, else the configuration's, else none.
    pub fail_on: (Severity, &'static str),
    /// The analysis budget, and where it comes from.
    pub budget: (Budget, &'static str),
}

fn level_word(level: Level) -> &'static str {
    match level {
        Level::Off => "off",
        Level::On(severity) => severity.as_str(),
    }
}

/// Where a rule's level comes from.
fn rule_origin(code: &str, resolved: &Resolved<'_>) -> String {
    if resolved.cli.ignore.iter().any(|c| c == code) {
        return "--ignore".to_string();
    }
    if !resolved.cli.select.is_empty() {
        return if resolved.cli.select.iter().any(|c| c == code) {
            "--select".to_string()
        } else {
            "not in --select".to_string()
        };
    }
    match resolved.settings.and_then(|s| s.rules.get(code)) {
        Some((_, Origin::TopLevel)) => "[rules]".to_string(),
        Some((_, Origin::Override(n))) => format!("override #{n}"),
        None => "default".to_string(),
    }
}

/// Writes the settings (see the module docs).
pub fn show(resolved: &Resolved<'_>, out: &mut Out) {
    let mut text = String::new();
    let configuration = match (resolved.file, resolved.no_config) {
        (Some(file), _) => file.name.clone(),
        (None, true) => "none (--no-config)".to_string(),
        (None, false) => format!(
            "none (no {} here or above)",
            lattice_policy::config::FILE_NAME
        ),
    };
    text.push_str(&format!("configuration: {configuration}\n"));
    text.push_str(&format!("file: {}\n", display_path(resolved.target)));
    text.push_str(&format!(
        "checked: {}\n",
        if resolved.admitted {
            "yes"
        } else {
            "no: `include` or `exclude` leaves it out"
        }
    ));
    text.push_str(&match &resolved.policy {
        Ok(true) => "policy: yes\n".to_string(),
        Ok(false) => "policy: no: no top-level key like `Statement` or `Version`, so it is skipped (decision `policy-shaped-json`)\n".to_string(),
        Err(reason) => format!("policy: cannot tell: the file {reason}\n"),
    });
    let overrides = resolved
        .settings
        .map(|s| s.overrides.as_slice())
        .unwrap_or(&[]);
    let described: Vec<String> = overrides
        .iter()
        .map(|n| {
            let line = resolved
                .file
                .and_then(|f| f.config.overrides.iter().find(|o| o.number == *n))
                .map(|o| o.line);
            match line {
                Some(line) => format!("#{n} (line {line})"),
                None => format!("#{n}"),
            }
        })
        .collect();
    text.push_str(&format!(
        "overrides: {}\n",
        if described.is_empty() {
            "none".to_string()
        } else {
            described.join(", ")
        }
    ));
    let (kind, from_flag) = resolved.kind;
    let kind_origin = if from_flag {
        "--kind".to_string()
    } else {
        match resolved
            .settings
            .map(|s| (s.kind, kind_override(s, resolved)))
        {
            Some((Some(_), Some(n))) => format!("override #{n}"),
            Some((Some(_), None)) => "kind".to_string(),
            _ => "default".to_string(),
        }
    };
    text.push_str(&format!("kind: {} ({kind_origin})\n", kind.as_str()));
    text.push_str(&format!(
        "public: {}\n",
        if resolved.lint.public { "yes" } else { "no" }
    ));
    text.push_str(&format!(
        "private-to: {}\n",
        if resolved.lint.private_to.is_empty() {
            "none".to_string()
        } else {
            resolved.lint.private_to.join(", ")
        }
    ));
    let (budget, budget_origin) = resolved.budget;
    text.push_str(&format!("analysis-budget: {budget} ({budget_origin})\n"));
    let (fail_on, fail_on_origin) = resolved.fail_on;
    text.push_str(&format!("fail-on: {fail_on} ({fail_on_origin})\n"));
    text.push_str("rules:\n");
    let width = lint::RULES
        .iter()
        .map(|r| r.info.code.len())
        .max()
        .unwrap_or(0);
    let mut rules: Vec<_> = lint::RULES.iter().collect();
    rules.sort_by_key(|r| r.info.code);
    for rule in rules {
        let level = level_word(resolved.lint.level(rule));
        text.push_str(&format!(
            "  {:<width$}  {level:<7}  ({})\n",
            rule.info.code,
            rule_origin(rule.info.code, resolved)
        ));
    }
    out.write(&super::render::clean::for_terminal(&text));
}

/// The last override that sets `kind` for this file.
fn kind_override(settings: &Settings, resolved: &Resolved<'_>) -> Option<usize> {
    let config = &resolved.file?.config;
    settings.overrides.iter().rev().copied().find(|n| {
        config
            .overrides
            .iter()
            .any(|o| o.number == *n && o.kind.is_some())
    })
}
