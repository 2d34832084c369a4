//! `policy check`: lint policy files.

use std::path::PathBuf;

use clap::ValueEnum;
use lattice_policy::check::check_bytes;
use lattice_policy::diagnostic::Severity;
use lattice_policy::lint::{self, Level, LintConfig};
use lattice_policy::load::{self, LoadOptions, Loaded};
use lattice_policy::model::PolicyKind;

use super::inputs::{self, Input};
use super::output::Out;
use super::render::{self, Checked};
use super::Exit;

/// Check policy files for errors and risky constructs.
///
/// Each PATH is a file, a directory (searched recursively for `*.json`) or `-`
/// for standard input; with no PATH, `policies/` is checked. Every problem in
/// every file is reported; a file that cannot be read never stops the others.
///
/// Exit status: 0 when nothing at or above `--fail-on` was found, 1 when
/// something was, 2 when an input could not be read.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files, directories or `-` (standard input)
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// The lowest severity that makes the exit status 1
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "SEVERITY")]
    fail_on: FailOn,

    /// What the files are: VPC Lattice auth policies, or IAM identity policies
    /// (which must not name a principal)
    #[arg(long, value_enum, default_value_t = Kind::Auth)]
    kind: Kind,

    /// Refuse files larger than this many bytes
    #[arg(long, value_name = "BYTES", default_value_t = load::DEFAULT_MAX_FILE_SIZE)]
    max_size: usize,

    /// Run only these lint rules (repeatable; grammar checks always run)
    #[arg(long, value_name = "CODE")]
    select: Vec<String>,

    /// Do not run these lint rules (repeatable)
    #[arg(long, value_name = "CODE")]
    ignore: Vec<String>,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics with source snippets, for people
    Human,
    /// One JSON object, for scripts
    Json,
}

/// Severities for `--fail-on`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Fail on errors only
    Error,
    /// Fail on warnings and errors
    Warning,
    /// Fail on any finding
    Info,
}

impl From<FailOn> for Severity {
    fn from(f: FailOn) -> Self {
        match f {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

/// Policy kinds for `--kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// VPC Lattice auth policies (resource policies)
    Auth,
    /// IAM identity policies
    Identity,
}

impl From<Kind> for PolicyKind {
    fn from(k: Kind) -> Self {
        match k {
            Kind::Auth => PolicyKind::Auth,
            Kind::Identity => PolicyKind::Identity,
        }
    }
}

/// Runs `policy check`.
pub fn run(args: Args) -> Exit {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("policies")]
    } else {
        args.paths.clone()
    };
    let options = LoadOptions {
        kind: args.kind.into(),
        max_size: args.max_size,
    };
    let config = match lint_config(&args) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("policy: {message}");
            return Exit::Trouble;
        }
    };
    let results: Vec<Checked> = inputs::expand(&paths)
        .into_iter()
        .map(|expanded| match expanded {
            Ok(input) => check_one(&input, options, &config),
            Err(unusable) => Checked::Unreadable(unusable),
        })
        .collect();
    if results.is_empty() {
        eprintln!("policy: no policy files found");
    }
    let mut out = Out::stdout();
    match args.format {
        Format::Human => render::human::render(&results, &mut out),
        Format::Json => render::json::render(&results, &mut out),
    }
    for result in &results {
        if let Checked::Unreadable(u) = result {
            eprintln!("policy: cannot read `{}`: {}", u.path, u.reason);
        }
    }
    exit_code(&results, args.fail_on.into())
}

/// The lint configuration from `--select` and `--ignore`; unknown codes are errors.
fn lint_config(args: &Args) -> Result<LintConfig, String> {
    let known: Vec<&str> = lint::RULES.iter().map(|r| r.info.code).collect();
    let check = |code: &String, flag: &str| -> Result<String, String> {
        if known.contains(&code.as_str()) {
            return Ok(code.clone());
        }
        let hint = lattice_policy::fuzzy::best_match(code, &known)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        Err(format!(
            "`{flag} {code}`: no lint rule has this code (see `policy rules`){hint}"
        ))
    };
    let mut config = LintConfig::default();
    for code in &args.select {
        config.select.push(check(code, "--select")?);
    }
    for code in &args.ignore {
        config.levels.insert(check(code, "--ignore")?, Level::Off);
    }
    Ok(config)
}

fn check_one(input: &Input, options: LoadOptions, config: &LintConfig) -> Checked {
    let read = match input {
        Input::Stdin => load::read_bounded(std::io::stdin().lock(), options.max_size),
        Input::File(path) => {
            std::fs::File::open(path).and_then(|f| load::read_bounded(f, options.max_size))
        }
    };
    match read {
        Ok(bytes) => Checked::Loaded(check_bytes(&input.display(), &bytes, options, config)),
        Err(error) => Checked::Unreadable(inputs::Unusable {
            path: input.display(),
            reason: inputs::io_reason(&error),
        }),
    }
}

fn exit_code(results: &[Checked], fail_on: Severity) -> Exit {
    let failing = |loaded: &Loaded| loaded.findings.iter().any(|f| f.severity >= fail_on);
    if results.iter().any(|r| matches!(r, Checked::Unreadable(_))) {
        Exit::Trouble
    } else if results
        .iter()
        .any(|r| matches!(r, Checked::Loaded(l) if failing(l)))
    {
        Exit::No
    } else {
        Exit::Success
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn stdin_is_read_through_read_bounded() {
        let bytes = load::read_bounded(std::io::repeat(b' ').take(10), 4).unwrap();
        assert_eq!(bytes.len(), 5);
    }
}
