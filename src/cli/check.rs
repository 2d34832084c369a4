//! `policy check`: lint policy files.

use std::path::PathBuf;

use clap::ValueEnum;
use lattice_policy::diagnostic::Severity;
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
    let results: Vec<Checked> = inputs::expand(&paths)
        .into_iter()
        .map(|expanded| match expanded {
            Ok(input) => check_one(&input, options),
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

fn check_one(input: &Input, options: LoadOptions) -> Checked {
    let read = match input {
        Input::Stdin => load::read_bounded(std::io::stdin().lock(), options.max_size),
        Input::File(path) => {
            std::fs::File::open(path).and_then(|f| load::read_bounded(f, options.max_size))
        }
    };
    match read {
        Ok(bytes) => Checked::Loaded(load::load_bytes(&input.display(), &bytes, options)),
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
