//! `policy lsp`: a Language Server Protocol server for VPC Lattice auth
//! policies, over standard input and output.
//!
//! Built on `lsp-server` (rust-analyzer's synchronous transport: a reader
//! and a writer thread and channels, no async runtime) and `lsp-types`.
//! The server's own thread reads the client's messages and answers those
//! that are quick (hover, completion, code actions on a checked document);
//! checks run on one worker thread and the analyses behind code lenses on
//! another ([`worker`]), debounced and superseded by newer versions, so
//! that typing never waits on them and diagnostics never wait on lenses.
//! docs/lsp.md lists the capabilities.
//!
//! * [`arns`]: the service ARNs the workspace names, for completion.
//! * [`text`]: documents and LSP positions (UTF-16 or UTF-8), clamped.
//! * [`uri`]: `file:` URIs and paths.
//! * [`check`]: one document checked as `policy check` checks a file.
//! * [`diagnostics`]: findings as LSP diagnostics.
//! * [`lenses`]: the analysis's answer above each policy and statement.
//! * [`ignore`]: the edit that turns a rule off in `lattice-policy.toml`.
//! * [`worker`]: the check and lens threads and their queues.
//! * [`server`]: the state, the main loop and every request's answer.

pub mod arns;
pub mod check;
pub mod diagnostics;
pub mod ignore;
pub mod lenses;
pub mod server;
pub mod text;
pub mod uri;
pub mod worker;

/// What the command line sets.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// The debounce, in milliseconds (`--debounce-ms`), over the client's.
    pub debounce_ms: Option<u64>,
}

/// Serves one client over standard input and output until it says `exit`:
/// `Ok(true)` when it asked for `shutdown` first, `Ok(false)` when not (the
/// protocol's exit status 1). An error is a broken connection.
pub fn serve(options: Options) -> Result<bool, String> {
    let (connection, threads) = lsp_server::Connection::stdio();
    let clean = server::Server::run(connection, options)?;
    // The reader thread ends on `exit`; the writer once every sender is gone.
    threads.join().map_err(|e| e.to_string())?;
    Ok(clean)
}
