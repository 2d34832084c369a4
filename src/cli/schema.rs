//! `policy schema`: the JSON Schema of a Lattice auth policy, for editors
//! without the language server.

use std::path::PathBuf;

use lattice_policy::schema;

use super::check::Kind;
use super::output::{complain, Out};
use super::Exit;

/// Print a JSON Schema (draft 2020-12) of a Lattice auth policy
///
/// Editors validate and complete standalone policy files with it: VS Code's
/// `json.schemas` setting, a `# yaml-language-server: $schema=...` modeline,
/// or any JSON Schema aware language server. Element names, versions,
/// operators, condition keys and principal forms come from the tables the
/// linter uses. The repository keeps a copy in
/// schema/lattice-auth-policy.schema.json.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write the schema to FILE instead of standard output
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,

    /// The policies the schema describes: auth policies (each statement names
    /// a Principal or NotPrincipal) or IAM identity policies (none does)
    #[arg(long, value_enum, default_value_t = Kind::Auth)]
    kind: Kind,
}

/// Runs `policy schema`.
pub fn run(args: Args) -> Exit {
    let text = schema::text(args.kind.into());
    match args.output {
        None => {
            Out::stdout().write(&text);
            Exit::Success
        }
        Some(path) => match std::fs::write(&path, text) {
            Ok(()) => Exit::Success,
            Err(e) => {
                complain(&format!("cannot write {}: {e}", path.display()));
                Exit::Trouble
            }
        },
    }
}
