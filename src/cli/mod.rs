//! Command-line front end: one module per subcommand, renderers beside them.
//! Arguments are turned into plain option structs before the library is called.

mod assumed;
mod baseline_ref;
#[cfg(feature = "call")]
mod call;
#[cfg(feature = "call")]
mod call_explain;
// Without the `call` feature (no HTTP client) `policy call` stays on the
// command line and says so.
#[cfg(not(feature = "call"))]
#[path = "call_off.rs"]
mod call;
mod check;
mod clock;
mod color;
mod completions;
mod configure;
mod credential_args;
mod diff;
mod diff_git;
mod eval;
mod exit;
mod extract_flags;
mod fix;
mod from_error;
mod from_log;
mod git;
mod git_base;
mod inputs;
mod layer_set;
pub(crate) mod lsp;
mod man;
mod output;
mod policytest;
mod render;
mod replay;
mod rules;
mod schema;
mod select;
mod settings;
mod sign;
mod targets;
mod terraform;
mod test;
mod wire;

use clap::{CommandFactory, Parser, Subcommand};

pub use exit::Exit;

/// Lint and evaluate Amazon VPC Lattice auth policies, offline.
#[derive(Debug, Parser)]
// The version carries the commit it was built from, when known (build.rs).
#[command(
    name = "policy",
    version = env!("LATTICE_POLICY_VERSION"),
    about,
    long_about = None,
    propagate_version = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,

    /// When to colour the output: `auto` colours on a terminal unless
    /// `NO_COLOR` is set (`CLICOLOR_FORCE` colours off one too)
    #[arg(long, value_enum, global = true, value_name = "WHEN", default_value_t = color::ColorChoice::Auto)]
    color: color::ColorChoice,
}

#[derive(Debug, Subcommand)]
enum Command {
    // The help comes from `check::Args`, whose long text documents the configuration file.
    Check(Box<check::Args>),
    /// Evaluate one request against a service's auth policy: allow or deny, and why
    Eval(Box<eval::Args>),
    Diff(Box<diff::Args>),
    /// Check expected decisions kept in `requests.txt` files beside policies
    Test(test::Args),
    /// Replay VPC Lattice access logs against a proposed policy: which requests change
    Replay(Box<replay::Args>),
    /// List every check `policy check` runs
    Rules(rules::ListArgs),
    /// Print the documentation of one check
    Explain(rules::ExplainArgs),
    /// Sign a request for a Lattice service with SigV4 (offline)
    Sign(Box<sign::Args>),
    /// Send a signed request to a Lattice service and explain a 403 (uses the network)
    Call(Box<call::Args>),
    /// Print a JSON Schema (draft 2020-12) of a Lattice auth policy, for editors
    Schema(schema::Args),
    Completions(completions::Args),
    Man(man::Args),
    Lsp(lsp::Args),
}

/// The whole command line as clap sees it: completions and manual pages are
/// generated from it.
fn command() -> clap::Command {
    Cli::command()
}

/// Parses the command line, runs the command and returns its exit code.
pub fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    color::init(cli.color);
    let exit = match cli.command {
        Command::Check(args) => check::run(*args),
        Command::Eval(args) => eval::run(*args),
        Command::Diff(args) => diff::run(*args),
        Command::Test(args) => test::run(args),
        Command::Replay(args) => replay::run(*args),
        Command::Rules(args) => rules::list(args),
        Command::Explain(args) => rules::explain(args),
        Command::Sign(args) => sign::run(*args),
        Command::Call(args) => call::run(*args),
        Command::Schema(args) => schema::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
        Command::Lsp(args) => lsp::run(args),
    };
    exit.into()
}
