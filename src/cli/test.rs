//! `policy test`: check expected decisions kept beside a policy.
//!
//! A folder with a `requests.txt` holds a `policy.json` (the service's auth
//! policy) and, optionally, `network-policy.json` (the service network's).
//! Each line of `requests.txt` is an expectation and a what-if query:
//!
//! ```text
//! # comments and blank lines are skipped
//! allow               GET /rates as arn:aws:iam::123456789012:role/rates-client
//! deny:implicit-deny  GET /rates from anonymous
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use lattice_policy::config::normalize;
use lattice_policy::eval::named::{named_targets, NamedTargets};
use lattice_policy::eval::requests_file::read_line_for;
use lattice_policy::eval::{AuthLayer, AuthType, Authorizer, CompiledPolicy, Timestamp};
use lattice_policy::load::{self, LoadOptions};

use super::clock;
use super::color::{paint, Paint};
use super::output::Out;
use super::render::clean;
use super::Exit;

/// Check the expected decisions in `requests.txt` files.
///
/// Each PATH is a `requests.txt` file or a directory searched recursively for
/// them; with no PATH, the folders whose `policy.json` the configuration's
/// `include` globs take are searched, or `policies/` when it has none.
///
/// Each line prints `ok`, `FAILED`, or `INVALID` with its `FILE:LINE:COLUMN`
/// and fix when it cannot be read (the other lines still run). Exit status:
/// 0 when every expectation holds, 1 when one does not, 2 when a file cannot
/// be read, a policy has errors or a line is invalid.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// `requests.txt` files or directories
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Follow symbolic links to directories, and read links to files outside
    /// the tree being searched
    #[arg(long)]
    follow: bool,
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
    let is_requests = |p: &Path| p.file_name().is_some_and(|n| n == REQUESTS);
    let expanded = match super::inputs::expand_matching(&paths, walk, &is_requests) {
        Ok(expanded) => expanded,
        Err(message) => {
            super::output::complain(&message);
            return Exit::Trouble;
        }
    };
    let (mut passed, mut failed, mut trouble) = (0usize, 0usize, false);
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
    let now = clock::now();
    let mut out = Out::stdout();
    let mut invalid = 0usize;
    for file in &files {
        match run_file(file, now) {
            Ok(results) => {
                let mut text = String::new();
                for (outcome, line) in results {
                    let mark = match outcome {
                        Outcome::Passed => {
                            passed += 1;
                            paint(Paint::Green, "ok     ")
                        }
                        Outcome::Failed => {
                            failed += 1;
                            paint(Paint::Red, "FAILED ")
                        }
                        Outcome::Invalid => {
                            invalid += 1;
                            paint(Paint::Yellow, "INVALID")
                        }
                    };
                    let _ = writeln!(text, "{mark} {line}");
                }
                out.write(&text);
            }
            Err(message) => {
                trouble = true;
                super::output::complain(&format!(
                    "{}: {message}",
                    super::inputs::display_path(file)
                ));
            }
        }
    }
    if files.is_empty() && !paths.is_empty() {
        super::output::complain(&format!("no {REQUESTS} files found"));
    }
    let mut summary = format!("{passed} passed, {failed} failed");
    if invalid > 0 {
        let lines = if invalid == 1 { "line" } else { "lines" };
        let _ = write!(summary, ", {invalid} invalid {lines}");
    }
    out.write(&(summary + "\n"));
    // An invalid line is a test that could not be run: exit 2, as for a file
    // that cannot be read, but only once every other line has run.
    if trouble || invalid > 0 {
        Exit::Trouble
    } else if failed > 0 {
        Exit::No
    } else {
        Exit::Success
    }
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

/// What became of one line of `requests.txt`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// The decision was the one expected.
    Passed,
    /// It was not.
    Failed,
    /// The line could not be read; the others still run.
    Invalid,
}

/// Each expectation's outcome and a line describing it. A line that cannot
/// be read is reported at its place (`FILE:LINE:COLUMN`) with its fix, and
/// does not keep the others from running.
fn run_file(file: &Path, now: Timestamp) -> Result<Vec<(Outcome, String)>, String> {
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
                results.push((Outcome::Invalid, clean::for_terminal(&shown).into_owned()));
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
        results.push((outcome, line));
    }
    Ok(results)
}
