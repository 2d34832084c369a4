//! `policy diff OLD NEW`: which requests change decision between two versions
//! of a policy, each class with a witness request.

use std::path::{Path, PathBuf};

use lattice_policy::analysis::{
    compare_layered, Budget, Change, CompareOptions, Version, VersionChange,
};
use lattice_policy::diagnostic::witness::{eval_command, shell_path, single_quote};
use lattice_policy::diagnostic::EvalTarget;
use lattice_policy::iac::ExtractOptions;
use lattice_policy::lint::rules::over_quota;
use lattice_policy::load::Loaded;
use lattice_policy::model::PolicyKind;
use lattice_policy::wording::change_fields;
use serde_json::{json, Value};

use super::clock;
use super::color::{paint, Paint};
use super::eval::load_policy_with;
use super::output::Out;
use super::render;
use super::render::clean::for_terminal;
use super::Exit;

/// Output formats of `policy diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The classes of requests whose decision changes, each with a `policy
    /// eval` command that shows one, for people
    Human,
    /// One JSON object (`newAccess`, `gained`, `lost`, `exact`), for scripts
    Json,
}

/// Compare two versions of a service's auth policy over every request.
///
/// Prints the classes of requests whose decision changes, grouped by the
/// request fields that tell them apart (caller, method, path, …), each with a
/// witness request that `policy eval` reproduces. With `--old-network` and
/// `--new-network` the service network's policy is part of both setups.
///
/// With `--git-base REF`, compares every policy found under PATH...
/// (standalone JSON and the policies of CloudFormation, Terraform and
/// Kubernetes files, each by its locator) with its version at the git
/// revision REF, read with git without a checkout: what a pull request
/// opens and closes. A policy new since REF is compared with one that
/// allows nothing (decision `absent-baseline-allows-nothing`).
///
/// A policy in an infrastructure file is named `FILE#LOCATOR` (or `FILE`
/// when it holds one). Its values known only at deploy time are taken from
/// `--parameter`, `--var`, `--env`, `--account` and `--region`; the others
/// are bounded: a class of requests that changes decision only for some of
/// their values says which expressions it depends on.
///
/// Exit status: 1 when NEW allows a request OLD denied (for some deploy-time
/// values, when the policies hold unknowns; with `--git-base`: when a policy
/// does), 0 otherwise, 2 when a policy cannot be read or has
/// errors (with `--git-base`: when a policy could not be compared, or the
/// revision cannot be read; every other policy is still compared).
#[derive(Debug, clap::Args)]
#[command(
    override_usage = "policy diff [OPTIONS] OLD NEW\n       policy diff --git-base REF [OPTIONS] [PATH]..."
)]
pub struct Args {
    /// OLD and NEW, the two versions of a service's auth policy (`FILE`, or
    /// `FILE#LOCATOR` for one policy of an infrastructure file); with
    /// `--git-base`, the files and directories whose policies are compared
    /// [default: the configuration's `include`, else `.`]
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Compare every policy under PATH... with its version at this git
    /// revision (`origin/main`, a tag, a commit), read with git: what the
    /// change opens and closes, policy by policy
    #[arg(long, value_name = "REF", conflicts_with_all = ["old_network", "new_network"])]
    pub git_base: Option<String>,

    /// The old service network auth policy
    #[arg(long, value_name = "FILE")]
    old_network: Option<PathBuf>,

    /// The new service network auth policy
    #[arg(long, value_name = "FILE")]
    new_network: Option<PathBuf>,

    /// The most classes listed each way
    #[arg(long, default_value_t = 20)]
    pub limit: usize,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// The most time and memory the analysis may take, e.g. `2s`, `256M` or
    /// `2s,256M`; past it, the changes found so far are listed and the
    /// comparison is said to be incomplete
    #[arg(long, value_name = "BUDGET", default_value_t = Budget::DEFAULT)]
    pub analysis_budget: Budget,

    /// The values infrastructure files leave unknown (last: the heading
    /// covers the fields after it)
    #[command(flatten, next_help_heading = "Deploy-time values")]
    pub extract: super::extract_flags::ExtractFlags,
}

/// Runs `policy diff`.
pub fn run(args: Args) -> Exit {
    if let Some(rev) = &args.git_base {
        return super::diff_git::run(&args, rev, &args.paths);
    }
    match diff(&args) {
        Ok(exit) => exit,
        Err(message) => {
            super::output::complain(&message);
            Exit::Trouble
        }
    }
}

fn load(path: &Path, extract: &ExtractOptions) -> Result<Loaded, String> {
    let loaded = load_policy_with(path, PolicyKind::Auth, extract)?;
    if !loaded.evaluable() {
        render::human::render_findings(&[&loaded], &mut Out::stderr());
        return Err(format!(
            "cannot compare: {} has errors (AWS would refuse to store such a policy)",
            loaded.source.name()
        ));
    }
    Ok(loaded)
}

fn diff(args: &Args) -> Result<Exit, String> {
    let [old, new] = args.paths.as_slice() else {
        return Err(format!(
            "`policy diff` compares two policies, OLD and NEW ({} given); `policy diff --git-base REF [PATH]...` compares every policy with its version at a git revision",
            args.paths.len()
        ));
    };
    let extract = args.extract.options()?;
    let load = |path: &Path| load(path, &extract);
    let old = load(old)?;
    let new = load(new)?;
    let old_network = args.old_network.as_deref().map(load).transpose()?;
    let new_network = args.new_network.as_deref().map(load).transpose()?;
    // A policy over the size quota is not analysed, as in `check`: AWS
    // refuses to store it, and its size is not bounded.
    let over_quota = [
        Some(&old),
        Some(&new),
        old_network.as_ref(),
        new_network.as_ref(),
    ]
    .into_iter()
    .flatten()
    .find_map(|l| {
        let policy = l.policy.as_ref()?;
        let reason = over_quota(policy.kind, l.source.snippet(policy.span))?;
        Some(format!("{}: {reason}", l.source.name()))
    });
    // Each side at both bounds when it holds deploy-time values (decision
    // `unknown-values-bounded`), as `--git-base` compares: a class that
    // changes for some values only says which it depends on.
    fn version<'a>(service: &'a Loaded, network: Option<&'a Loaded>) -> Version<'a> {
        Version {
            service: service.policy.as_ref(),
            network: network.and_then(|n| n.policy.as_ref()),
        }
    }
    let result = compare_layered(
        version(&old, old_network.as_ref()),
        version(&new, new_network.as_ref()),
        &CompareOptions {
            budget: args.analysis_budget,
            now: clock::now(),
            limit: args.limit,
            not_attempted: over_quota,
        },
    );
    let mut out = Out::stdout();
    // Witnesses replay against the new setup: the decision NEW gives them.
    let target = EvalTarget::new(new.source.name(), true)
        .with_network(new_network.as_ref().map(|n| n.source.name()));
    // With the values given, so that the command resolves them as here.
    let flags = args.extract.flags();
    let command = |query: &str| {
        eval_command(&target, query).replacen("policy eval ", &format!("policy eval{flags} "), 1)
    };
    match args.format {
        Format::Human => {
            let mut text = String::new();
            section(
                &mut text,
                &format!(
                    "{} allows requests {} denied",
                    new.source.name(),
                    old.source.name()
                ),
                Paint::Red,
                &result.opened,
                &command,
            );
            section(
                &mut text,
                &format!(
                    "{} denies requests {} allowed",
                    new.source.name(),
                    old.source.name()
                ),
                Paint::Yellow,
                &result.closed,
                &command,
            );
            if result.opened.is_empty() && result.closed.is_empty() {
                text.push_str(&paint(Paint::Green, "no request changes decision"));
                text.push('\n');
            }
            // A policy that lets nothing through (a guard rail of `Deny`
            // statements only, an S3 bucket policy): say so, and name the
            // finding `policy check` reports on it.
            let mut notes = String::new();
            for (nothing, loaded) in result.allows_nothing.iter().zip([&old, &new]) {
                if *nothing {
                    notes.push_str(&format!(
                        "note: {} allows no VPC Lattice request at all (`ALLOWS_NOTHING`); `policy check {}` says why\n",
                        loaded.source.name(),
                        shell_path(loaded.source.name())
                    ));
                }
            }
            for reason in &result.inexact {
                notes.push_str(&format!("note: not exact: {reason}\n"));
            }
            text.push_str(&for_terminal(&notes));
            out.write(&text);
        }
        Format::Json => {
            let changes = |list: &[VersionChange]| -> Value {
                list.iter()
                    .map(|c| {
                        // No command when the change holds for some values
                        // only: `policy eval` answers it as undetermined.
                        let certain = c.depends_on.is_none();
                        let query = &c.change.witness.query;
                        let mut class = change_json(&c.change, certain.then(|| command(query)));
                        if let Value::Object(fields) = &mut class {
                            fields.insert("certain".into(), json!(certain));
                            fields.insert("dependsOn".into(), json!(c.depends_on));
                        }
                        class
                    })
                    .collect()
            };
            let value = json!({
                "old": old.source.name(),
                "new": new.source.name(),
                "newAccess": !result.opened.is_empty(),
                "gained": changes(&result.opened),
                "lost": changes(&result.closed),
                "certainNewAccess": result.opened.iter().any(|c| c.depends_on.is_none()),
                "exact": result.inexact.is_empty(),
                "notExact": result.inexact,
            });
            let mut value = value;
            render::clean::mask_json(&mut value);
            out.write(&format!(
                "{}\n",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            ));
        }
    }
    Ok(if result.opened.is_empty() {
        Exit::Success
    } else {
        Exit::No
    })
}

/// One direction's classes. Each piece is cleaned for the terminal as it is
/// written, so that the heading's colour (added after) is not escaped.
fn section(
    text: &mut String,
    title: &str,
    paint_title: Paint,
    changes: &[VersionChange],
    command: &dyn Fn(&str) -> String,
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
    text.push_str(&format!(
        "{}\n",
        paint(paint_title, &for_terminal(&heading))
    ));
    for (i, VersionChange { change, depends_on }) in changes.iter().enumerate() {
        let line = format!("  {}. {}\n", i + 1, class_words(change));
        text.push_str(&for_terminal(&line));
        let command = match depends_on {
            None => format!("     for example: {}\n", command(&change.witness.query)),
            // `policy eval` would answer "undetermined": the query, and
            // what it depends on, instead of a command.
            Some(unknowns) => format!(
                "     for some deploy-time values only: depends on {unknowns}; for example {}\n",
                single_quote(&change.witness.query)
            ),
        };
        text.push_str(&for_terminal(&command));
    }
}

/// A class of changed requests as one line: each field it restricts and
/// (up to four of) its values.
pub(super) fn class_words(change: &Change) -> String {
    let fields: Vec<String> = change_fields(change)
        .iter()
        .map(|(k, v)| {
            let shown: Vec<&str> = v.iter().take(4).map(String::as_str).collect();
            let more = v.len().saturating_sub(4);
            if more > 0 {
                format!("{k}: {} (+{more} more)", shown.join(" | "))
            } else {
                format!("{k}: {}", shown.join(" | "))
            }
        })
        .collect();
    fields.join("; ")
}

/// A class of changed requests in the JSON output: its fields, the witness
/// as a query and as a request, and the `policy eval` command that replays
/// it (as in `check`'s JSON, written by the same function), when one does.
pub(super) fn change_json(change: &Change, command: Option<String>) -> Value {
    json!({
        "fields": change_fields(change).iter().map(|(k, v)| json!({"field": k, "values": v})).collect::<Vec<_>>(),
        "witness": change.witness.query,
        "request": change.witness.spec,
        "command": command,
    })
}
