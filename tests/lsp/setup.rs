//! What every session starts with, shared by the scripted sessions and the
//! Neovim test: the broken policy they open, a server initialized in a
//! scratch workspace, and a document opened with its first diagnostics.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::client::{file_uri, Client};
use super::Scratch;

/// A policy with a misspelt element (`Efect`, on line 4) and anonymous
/// access.
pub const BROKEN: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Efect": "Allow",
    "Principal": "*",
    "Action": "vpc-lattice-svcs:Invoke",
    "Resource": "*"
  }]
}
"#;

/// `policy lsp` started in `scratch`, initialized with `capabilities`
/// and with `initialized` sent; the server and its `initialize` result.
pub fn start(scratch: &Scratch, capabilities: Value) -> (Client, Value) {
    let mut client = Client::start(scratch.path(), &[]);
    let init = client.initialize(scratch.path(), capabilities);
    (client, init)
}

/// Opens the file at `path` (its text as on disk) as version 1 and waits
/// for its first diagnostics: the `publishDiagnostics` notification.
pub fn open(client: &mut Client, path: &Path, language: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let uri = file_uri(path);
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
    );
    client.notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri && p["version"] == 1
    })
}

/// [`BROKEN`] written as `policy.json` in `scratch`.
pub fn broken_policy(scratch: &Scratch) -> PathBuf {
    scratch.file("policy.json", BROKEN)
}
