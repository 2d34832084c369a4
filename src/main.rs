//! The `policy` command: lint, evaluate and analyse VPC Lattice auth policies.

mod cli;
mod lsp;

fn main() -> std::process::ExitCode {
    cli::main()
}
