//! `policy call` in a build without the `call` feature: the command is
//! still there, so that a script or a user who runs it learns why it does
//! nothing, instead of clap's "unrecognized subcommand".

use std::ffi::OsString;

use super::output::complain;
use super::Exit;

/// Send a signed request to a Lattice service (not in this build)
///
/// This `policy` was built without the `call` feature, which brings the
/// HTTP client and TLS: it cannot send requests. Every other command works.
/// Build with default features (`cargo install lattice-policy`) to have
/// `policy call`; `policy sign` signs a request offline in any build.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The arguments a build with `call` takes: not read
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "ARGS"
    )]
    rest: Vec<OsString>,
}

/// Says the command is not in this build: exit 2, as for any command that
/// cannot do its job.
pub fn run(_args: Args) -> Exit {
    complain(
        "policy call: this build has no network support (built without the `call` feature); \
         build with default features to send requests, or use `policy sign` to sign one offline",
    );
    Exit::Trouble
}
