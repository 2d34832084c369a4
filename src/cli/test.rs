//! `policy test`: check expected decisions kept beside a policy.
//!
//! Two kinds of file hold expectations. A folder with a `requests.txt`
//! holds a `policy.json` (the service's auth policy) and, optionally,
//! `network-policy.json` (the service network's). Each line of
//! `requests.txt` is an expectation and a what-if query:
//!
//! ```text
//! # comments and blank lines are skipped
//! allow               GET /rates as arn:aws:iam::123456789012:role/rates-client
//! deny:implicit-deny  GET /rates from anonymous
//! ```
//!
//! A `*.policytest.toml` file names its policies and holds named cases
//! (docs/policytest.md; run by [`super::policytest`]). Results print for
//! people, as JSON, or as JUnit XML ([`super::render::test_report`]).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use lattice_policy::config::normalize;
use lattice_policy::eval::named::{named_targets, NamedTargets};
use lattice_policy::eval::policytest;
use lattice_policy::eval::requests_file::read_line_for;
use lattice_policy::eval::{AuthLayer, AuthType, Authorizer, CompiledPolicy, Timestamp};
use lattice_policy::load::{self, LoadOptions};

use super::clock;
use super::color::{paint, Paint};
use super::output::Out;
use super::render::clean;
use super::Exit;

/// Check the expected decisions in `requests.txt` and `*.policytest.toml` files.
///
/// Each PATH is an expectation file or a directory searched recursively for
/// them; with no PATH, the folders whose `policy.json` the configuration's
/// `include` globs take are searched, or `policies/` when it has none.
///
/// Each line or case prints `ok`, `FAILED` (a case of a `.policytest.toml`
/// file then shows the explanation of the actual decision), or `INVALID`
/// with its `FILE:LINE:COLUMN` and fix when it cannot be read (the others
/// still run). Exit status: 0 when every expectation holds, 1 when one does
/// not, 2 when a file cannot be read, a policy has errors or a line or case
/// is invalid.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// `requests.txt` files or directories
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Follow symbolic links to directories, and read links to files outside
    /// the tree being searched
    #[arg(long)]
    follow: bool,

    /// Output format: for people, one JSON object, or JUnit XML for CI
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A line per expectation, then the counts
    Human,
    /// One JSON object (docs/policytest.md)
    Json,
    /// JUnit XML: a test suite per file, a test case per expectation
    Junit,
}

/// The expectations file's name.
const REQUESTS: &str = "requests.txt";

/// Runs `policy test`.
pub fn run(args: Args) -> Exit {
    // With no PATH, the configuration says where the policies are (its
    // `include`), and a folder is tested when its `policy.json` is checked.
    let mut config = None;
    let paths = if args.paths.is_empty() {
        let cwd = match std::env::current_dir() {
            Ok(cwd) => cwd,
            Err(error) => {
                super::output::complain(&format!(
                    "cannot read the current directory: {}",
                    super::inputs::io_reason(&error)
                ));
                return Exit::Trouble;
            }
        };
        config = match super::configure::load(None, false, &cwd) {
            Ok(file) => file.map(|file| (file, cwd.clone())),
            Err(refused) => return refused.exit(),
        };
        let found = super::targets::when_none_given(config.as_ref().map(|(f, _)| f), &cwd);
        if found.is_empty() {
            super::output::complain(&super::targets::nothing_to_walk(
                config.as_ref().map(|(f, _)| f),
            ));
        }
        found
    } else {
        args.paths
    };
    let admitted = |requests: &Path| match &config {
        Some((file, cwd)) => {
            let policy = requests.with_file_name("policy.json");
            file.config.admits(&normalize(cwd, &policy))
        }
        None => true,
    };
    let walk = super::inputs::Walk {
        follow: args.follow,
    };
    let is_requests = |p: &Path| {
        p.file_name().is_some_and(|n| {
            n == REQUESTS
                || n.to_str().is_some_and(|n| {
                    n.ends_with(policytest::SUFFIX) && n.len() > policytest::SUFFIX.len()
                })
        })
    };
    let expanded = match super::inputs::expand_matching(&paths, walk, &is_requests) {
        Ok(expanded) => expanded,
        Err(message) => {
            super::output::complain(&message);
            return Exit::Trouble;
        }
    };
    let mut trouble = false;
    let mut files = Vec::new();
    for found in expanded {
        match found {
            Ok(super::inputs::Input::File(path)) => {
                if admitted(&path) {
                    files.push(path);
                }
            }
            Ok(super::inputs::Input::Stdin) => {
                trouble = true;
                super::output::complain(
                    "`policy test` reads `requests.txt` files, not standard input",
                );
            }
            Err(unusable) => {
                trouble = true;
                super::output::complain(&format!(
                    "cannot read `{}`: {}",
                    unusable.path, unusable.reason
                ));
            }
        }
    }
    if args.format != Format::Human {
        // A machine-readable report quotes explanations: no escape sequences.
        super::color::off();
    }
    let now = clock::now();
    let mut out = Out::stdout();
    let mut reports = Vec::new();
    for file in &files {
        let is_toml = file
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with(policytest::SUFFIX));
        let result = if is_toml {
            super::policytest::run_file(file, now, args.follow)
        } else {
            run_file(file, now).map_err(|message| {
                vec![format!("{}: {message}", super::inputs::display_path(file))]
            })
        };
        if let Err(problems) = &result {
            trouble = true;
            for problem in problems {
                super::output::complain(problem);
            }
        }
        if args.format == Format::Human {
            if let Ok(results) = &result {
                out.write(&human_lines(results));
            }
        }
        reports.push(FileReport {
            path: super::inputs::display_path(file),
            kind: if is_toml { "policytest" } else { "requests" },
            result,
        });
    }
    if files.is_empty() && !paths.is_empty() {
        super::output::complain(&format!(
            "no {REQUESTS} or *{} files found",
            policytest::SUFFIX
        ));
    }
    let count = |outcome: Outcome, kind: Option<&str>| {
        reports
            .iter()
            .filter(|r| kind.is_none_or(|k| r.kind == k))
            .filter_map(|r| r.result.as_ref().ok())
            .flatten()
            .filter(|c| c.outcome == outcome)
            .count()
    };
    let (passed, failed) = (count(Outcome::Passed, None), count(Outcome::Failed, None));
    let invalid_lines = count(Outcome::Invalid, Some("requests"));
    let invalid_cases = count(Outcome::Invalid, Some("policytest"));
    match args.format {
        Format::Human => {
            let mut summary = format!("{passed} passed, {failed} failed");
            if invalid_lines > 0 {
                let lines = if invalid_lines == 1 { "line" } else { "lines" };
                let _ = write!(summary, ", {invalid_lines} invalid {lines}");
            }
            if invalid_cases > 0 {
                let cases = if invalid_cases == 1 { "case" } else { "cases" };
                let _ = write!(summary, ", {invalid_cases} invalid {cases}");
            }
            out.write(&(summary + "\n"));
        }
        Format::Json => super::render::test_report::json(&reports, &mut out),
        Format::Junit => super::render::test_report::junit(&reports, &mut out),
    }
    // An invalid line is a test that could not be run: exit 2, as for a file
    // that cannot be read, but only once every other line has run.
    if trouble || invalid_lines + invalid_cases > 0 {
        Exit::Trouble
    } else if failed > 0 {
        Exit::No
    } else {
        Exit::Success
    }
}

/// One expectation file's results, or the problems that made it unusable.
pub struct FileReport {
    /// The file, as shown.
    pub path: String,
    /// `requests` or `policytest`.
    pub kind: &'static str,
    /// Each expectation's result, or why the file could not be used.
    pub result: Result<Vec<CaseResult>, Vec<String>>,
}

/// The human lines of one file: a mark and a line per expectation, and
/// under a failure the explanation of the actual decision, indented.
fn human_lines(results: &[CaseResult]) -> String {
    let mut text = String::new();
    for result in results {
        let mark = match result.outcome {
            Outcome::Passed => paint(Paint::Green, "ok     "),
            Outcome::Failed => paint(Paint::Red, "FAILED "),
            Outcome::Invalid => paint(Paint::Yellow, "INVALID"),
        };
        let _ = writeln!(text, "{mark} {}", clean::for_terminal(&result.line));
        if let Some(explanation) = &result.explanation {
            for line in explanation.trim_end().lines() {
                if line.trim().is_empty() {
                    text.push('\n');
                } else {
                    let _ = writeln!(text, "    {line}");
                }
            }
        }
    }
    text
}

fn compile(path: &Path) -> Result<CompiledPolicy, String> {
    compile_naming(path).map(|(compiled, _)| compiled)
}

/// [`compile`], with the service and network the policy names.
fn compile_naming(path: &Path) -> Result<(CompiledPolicy, NamedTargets), String> {
    let bytes =
        super::inputs::read_checked(path, load::DEFAULT_MAX_FILE_SIZE).map_err(|reason| {
            format!(
                "cannot read `{}`: {reason}",
                super::inputs::display_path(path)
            )
        })?;
    let loaded = load::load_bytes(&path.display().to_string(), &bytes, LoadOptions::default());
    match &loaded.policy {
        Some(policy) if loaded.evaluable() => {
            Ok((CompiledPolicy::compile(policy), named_targets(policy)))
        }
        _ => Err(format!(
            "`{}` has errors; run `policy check` on it",
            path.display()
        )),
    }
}

/// What became of one expectation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The decision was the one expected.
    Passed,
    /// It was not.
    Failed,
    /// The line could not be read; the others still run.
    Invalid,
}

/// One expectation's result.
pub struct CaseResult {
    /// Its name: a case's `name`, or a line's query.
    pub name: String,
    /// `FILE:LINE:COLUMN` (or `FILE:LINE` for a line that ran).
    pub location: String,
    /// Passed, failed or invalid.
    pub outcome: Outcome,
    /// The line the human output shows after the mark.
    pub line: String,
    /// What was expected, in words.
    pub expected: String,
    /// The decision and reason it got, when it ran.
    pub got: Option<String>,
    /// The request, as a what-if query.
    pub query: String,
    /// For a failure of a `.policytest.toml` case: the explanation of the
    /// actual decision, as `policy eval` prints it.
    pub explanation: Option<String>,
}

/// Each expectation's outcome and a line describing it. A line that cannot
/// be read is reported at its place (`FILE:LINE:COLUMN`) with its fix, and
/// does not keep the others from running.
fn run_file(file: &Path, now: Timestamp) -> Result<Vec<CaseResult>, String> {
    let dir = file.parent().unwrap_or(Path::new("."));
    let bytes = super::inputs::read_file(file, super::inputs::MAX_OPTION_FILE)?;
    let text = String::from_utf8(bytes).map_err(|e| format!("not UTF-8 text ({e})"))?;
    let network_path = dir.join("network-policy.json");
    // A line that names no service is about the one the policy names, as
    // in `policy eval` (decision `eval-defaults-from-policy`).
    let (service, named) = compile_naming(&dir.join("policy.json"))?;
    let authorizer = Authorizer {
        network: if network_path.exists() {
            Some(AuthLayer {
                auth_type: AuthType::AwsIam,
                policy: Some(compile(&network_path)?),
            })
        } else {
            None
        },
        service: AuthLayer {
            auth_type: AuthType::AwsIam,
            policy: Some(service),
        },
        identity: None,
    };
    let mut results = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let at = format!("{}:{}", file.display(), number + 1);
        let expectation = match read_line_for(line, now, &named) {
            Ok(Some(expectation)) => expectation,
            Ok(None) => continue,
            Err(error) => {
                let mut shown = format!("{at}:{}  {}", error.column, error.message);
                if let Some(help) = &error.help {
                    let _ = write!(shown, " ({help})");
                }
                results.push(CaseResult {
                    name: line.trim().to_owned(),
                    location: format!("{at}:{}", error.column),
                    outcome: Outcome::Invalid,
                    line: clean::for_terminal(&shown).into_owned(),
                    expected: String::new(),
                    got: None,
                    query: String::new(),
                    explanation: None,
                });
                continue;
            }
        };
        let verdict = authorizer.decide(&expectation.request);
        let got = format!("{}:{}", verdict.decision.as_str(), verdict.reason.as_str());
        let (ok, query) = (expectation.is_met_by(verdict), expectation.query);
        let line = if ok {
            format!("{at}  {got}  {query}")
        } else {
            format!(
                "{at}  expected {}, got {got}  {query}",
                expectation.expected
            )
        };
        let outcome = if ok { Outcome::Passed } else { Outcome::Failed };
        results.push(CaseResult {
            name: query.to_owned(),
            location: at,
            outcome,
            line,
            expected: expectation.expected.to_owned(),
            got: Some(got),
            query: query.to_owned(),
            explanation: None,
        });
    }
    Ok(results)
}
