//! `policy completions SHELL`: a completion script for the shell, generated
//! by clap_complete from the same definitions that parse the command line,
//! so a new flag is completed as soon as it exists.

use clap_complete::Shell;

use super::output::{complain, Out};
use super::Exit;

/// Print a shell completion script
///
/// Load it in the running shell, or install it where the shell looks:
///
///   bash:        source <(policy completions bash)
///                (or save it as ~/.local/share/bash-completion/completions/policy)
///   zsh:         policy completions zsh > ~/.zfunc/_policy
///                (with fpath+=(~/.zfunc) before compinit in ~/.zshrc)
///   fish:        policy completions fish > ~/.config/fish/completions/policy.fish
///   PowerShell:  policy completions powershell | Out-String | Invoke-Expression
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The shell to complete for
    #[arg(value_enum)]
    shell: Shell,
}

/// Runs `policy completions`.
pub fn run(args: Args) -> Exit {
    let mut command = super::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "policy", &mut script);
    match String::from_utf8(script) {
        Ok(script) => {
            Out::stdout().write(&script);
            Exit::Success
        }
        Err(_) => {
            complain("the completion script is not UTF-8");
            Exit::Trouble
        }
    }
}
