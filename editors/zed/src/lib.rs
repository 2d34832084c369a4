//! Starts `policy lsp`: the `policy` binary found on the PATH of the
//! worktree's shell (`cargo install` puts it in `~/.cargo/bin`). A binary
//! elsewhere is named in Zed's settings, which take precedence:
//! `"lsp": {"lattice-policy": {"binary": {"path": "/path/to/policy", "arguments": ["lsp"]}}}`.

use zed_extension_api::{self as zed, LanguageServerId, Result};

struct LatticePolicy;

impl zed::Extension for LatticePolicy {
    fn new() -> Self {
        LatticePolicy
    }

    fn language_server_command(
        &mut self,
        _id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let command = worktree.which("policy").ok_or_else(|| {
            "`policy` is not on PATH: install it with `cargo install --locked --path .` \
             from a clone of lattice-policy"
                .to_string()
        })?;
        Ok(zed::Command {
            command,
            args: vec!["lsp".to_string()],
            env: Vec::new(),
        })
    }
}

zed::register_extension!(LatticePolicy);
