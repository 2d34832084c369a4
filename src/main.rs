//! The `policy` command: lint, evaluate and analyse VPC Lattice auth policies.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
