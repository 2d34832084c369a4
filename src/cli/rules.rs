//! `policy rules` and `policy explain CODE`: the checks and their documentation.

use clap::ValueEnum;
use lattice_policy::diagnostic::{CodeInfo, CodeKind};
use lattice_policy::eval::decisions;
use lattice_policy::fuzzy;
use lattice_policy::registry;
use serde_json::json;

use super::output::Out;
use super::Exit;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Text for people
    Human,
    /// JSON for scripts
    Json,
}

/// List every check `policy check` runs (on policies, and on the configuration
/// file): code, name, severity, summary.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// List the project's decisions where AWS's documentation is silent
    /// (docs/semantics.md) instead of the checks
    #[arg(long)]
    decisions: bool,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

/// Print the documentation of one check.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The check's code (`ALLOW_WITH_NOT_PRINCIPAL`) or name (`allow-with-not-principal`),
    /// or a decision's name (`identity-layer-assumed`)
    #[arg(value_name = "CODE")]
    code: String,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

fn to_json(info: &CodeInfo) -> serde_json::Value {
    json!({
        "code": info.code,
        "name": info.name,
        "severity": info.severity.as_str(),
        "category": info.category.as_str(),
        "kind": info.kind.as_str(),
        "summary": info.summary,
    })
}

/// Runs `policy rules`.
pub fn list(args: ListArgs) -> Exit {
    if args.decisions {
        return list_decisions(args.format);
    }
    let mut out = Out::stdout();
    match args.format {
        Format::Json => {
            let all: Vec<_> = registry::all().map(to_json).collect();
            out.write(&(serde_json::to_string_pretty(&all).unwrap_or_default() + "\n"));
        }
        Format::Human => {
            let width = registry::all().map(|c| c.code.len()).max().unwrap_or(0);
            let mut text = String::new();
            let sections = [
                ("grammar checks", CodeKind::Grammar),
                ("lint rules", CodeKind::Rule),
                ("expectations (--never, --baseline)", CodeKind::Expectation),
                (
                    "configuration checks (lattice-policy.toml)",
                    CodeKind::Config,
                ),
                (
                    "request signature checks (policy eval --http, --curl)",
                    CodeKind::Request,
                ),
            ];
            for (title, wanted) in sections {
                text.push_str(&format!("{title}:\n"));
                for info in registry::all().filter(|c| c.kind == wanted) {
                    text.push_str(&format!(
                        "  {:width$}  {:<7}  {}\n",
                        info.code,
                        info.severity.as_str(),
                        info.summary
                    ));
                }
                text.push('\n');
            }
            text.push_str("`policy explain CODE` prints a check's documentation\n");
            text.push_str(
                "`policy rules --decisions` lists the decisions taken where AWS's documentation is silent\n",
            );
            out.write(&text);
        }
    }
    Exit::Success
}

/// The documentation of a check, as `policy explain` prints it (see
/// [`registry::documentation`]).
pub(super) fn doc_text(info: &CodeInfo) -> String {
    registry::documentation(info)
}

/// The documentation `policy explain` prints (see [`registry::explanation`]).
fn explained(info: &CodeInfo) -> String {
    registry::explanation(info)
}

/// Runs `policy explain`.
pub fn explain(args: ExplainArgs) -> Exit {
    let wanted = args.code.trim();
    let Some(info) = registry::find(wanted) else {
        if let Some(name) = decisions::find(wanted) {
            return explain_decision(name, args.format);
        }
        let known: Vec<&str> = registry::all().map(|c| c.code).collect();
        let upper = wanted.to_ascii_uppercase().replace('-', "_");
        // A near miss of a decision name (lower case, with `-`) suggests the
        // decision; anything else a check's code.
        let names: Vec<&str> = decisions::DECISIONS.iter().map(|(d, _)| *d).collect();
        let lower = wanted.to_ascii_lowercase().replace('_', "-");
        let hint = fuzzy::best_match(&lower, &names)
            .or_else(|| fuzzy::best_match(&upper, &known))
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        super::output::complain(&format!(
            "no check has the code `{wanted}` and no decision the name (see `policy rules` and `policy rules --decisions`){hint}"
        ));
        return Exit::Trouble;
    };
    if let Some(now) = registry::renamed(wanted).filter(|now| *now == info.code) {
        super::output::complain(&format!("note: `{wanted}` is now reported as `{now}`"));
    }
    let mut out = Out::stdout();
    match args.format {
        Format::Json => {
            let mut value = to_json(info);
            if let Some(object) = value.as_object_mut() {
                object.insert("doc".into(), json!(explained(info)));
            }
            out.write(&(serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"));
        }
        Format::Human => out.write(&format!(
            "{} ({})\nseverity: {}; IAM Access Analyzer category: {}\n\n{}\n\n{}\n",
            info.code,
            info.name,
            info.severity.as_str(),
            info.category.as_str(),
            info.summary,
            explained(info)
        )),
    }
    Exit::Success
}

/// A decision as JSON: its name, summary and, with `doc`, its whole section.
fn decision_json(name: &str, doc: bool) -> serde_json::Value {
    let mut value = json!({
        "name": name,
        "kind": "decision",
        "summary": decisions::describe(name),
    });
    if doc {
        if let Some(object) = value.as_object_mut() {
            object.insert("doc".into(), json!(decisions::document(name)));
        }
    }
    value
}

/// Runs `policy rules --decisions`.
fn list_decisions(format: Format) -> Exit {
    let mut out = Out::stdout();
    match format {
        Format::Json => {
            let all: Vec<_> = decisions::DECISIONS
                .iter()
                .map(|(name, _)| decision_json(name, false))
                .collect();
            out.write(&(serde_json::to_string_pretty(&all).unwrap_or_default() + "\n"));
        }
        Format::Human => {
            let width = decisions::DECISIONS
                .iter()
                .map(|(name, _)| name.len())
                .max()
                .unwrap_or(0);
            let mut text = String::from("decisions (docs/semantics.md):\n");
            for (name, summary) in decisions::DECISIONS {
                text.push_str(&format!("  {name:width$}  {summary}\n"));
            }
            text.push_str("\n`policy explain NAME` prints a decision and its reasoning\n");
            out.write(&text);
        }
    }
    Exit::Success
}

/// Runs `policy explain` for a decision: its section of docs/semantics.md.
fn explain_decision(name: &str, format: Format) -> Exit {
    let mut out = Out::stdout();
    match format {
        Format::Json => {
            out.write(
                &(serde_json::to_string_pretty(&decision_json(name, true)).unwrap_or_default()
                    + "\n"),
            );
        }
        Format::Human => out.write(&format!(
            "decision `{name}` (docs/semantics.md#{name})\n\n{}\n\n{}\n",
            decisions::describe(name).unwrap_or_default(),
            decisions::document(name).unwrap_or_default()
        )),
    }
    Exit::Success
}
