//! A real client: Neovim, headless, with its built-in LSP client attached
//! to `policy lsp`, opens a broken policy, waits for the diagnostics and
//! asks for a hover and the code lenses through its own API; a Lua script
//! writes what Neovim holds to a file that the test reads.

use std::process::Command;

use serde_json::Value;

use super::{setup, Scratch};
use crate::tools;

/// Works on Neovim 0.7 (`vim.lsp.start_client`, `buf_attach_client`).
const SCRIPT: &str = r#"
local out = vim.env.LATTICE_OUT
local function finish(result)
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qa!')
end
local id = vim.lsp.start_client({
  name = 'lattice-policy',
  cmd = { vim.env.LATTICE_POLICY, 'lsp' },
  root_dir = vim.env.LATTICE_ROOT,
})
vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.LATTICE_FILE))
vim.lsp.buf_attach_client(0, id)
local got = vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 50)
if not got then finish({ error = 'no diagnostics' }) return end
local diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local lsp = (d.user_data and d.user_data.lsp) or {}
  table.insert(diagnostics, {
    lnum = d.lnum, col = d.col, severity = d.severity, message = d.message,
    code = d.code or lsp.code, source = d.source or lsp.source,
  })
end
local uri = vim.uri_from_bufnr(0)
local hover = vim.lsp.buf_request_sync(0, 'textDocument/hover',
  { textDocument = { uri = uri }, position = { line = 3, character = 6 } }, 20000)
local hover_text = ''
for _, r in pairs(hover or {}) do
  if r.result and r.result.contents then hover_text = r.result.contents.value end
end
local lenses = vim.lsp.buf_request_sync(0, 'textDocument/codeLens',
  { textDocument = { uri = uri } }, 20000)
local titles = {}
for _, r in pairs(lenses or {}) do
  for _, l in ipairs(r.result or {}) do table.insert(titles, l.command.title) end
end
finish({ diagnostics = diagnostics, hover = hover_text, lenses = titles })
"#;

#[test]
fn neovim_shows_the_diagnostics_and_a_hover() {
    let nvim = tools::nvim();
    let scratch = Scratch::new("neovim");
    let policy = setup::broken_policy(&scratch);
    let script = scratch.file("client.lua", SCRIPT);
    let out = scratch.path().join("out.json");
    let status = Command::new(nvim)
        .args(["--headless", "--clean", "-n", "-i", "NONE", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("LATTICE_OUT", &out)
        .env("LATTICE_POLICY", env!("CARGO_BIN_EXE_policy"))
        .env("LATTICE_ROOT", scratch.path())
        .env("LATTICE_FILE", &policy)
        .current_dir(scratch.path())
        .status()
        .unwrap();
    assert!(status.success(), "{status}");
    let result: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert!(result.get("error").is_none(), "{result}");
    let diagnostics = result["diagnostics"].as_array().unwrap();
    let misspelt = diagnostics
        .iter()
        .find(|d| d["code"] == "INVALID_POLICY_ELEMENT")
        .unwrap_or_else(|| panic!("{result}"));
    // Line 4, at `"Efect"` (0-based line 3, column 4); an error.
    assert_eq!(misspelt["lnum"], 3);
    assert_eq!(misspelt["col"], 4);
    assert_eq!(misspelt["severity"], 1);
    assert_eq!(misspelt["source"], "lattice-policy");
    assert!(misspelt["message"]
        .as_str()
        .unwrap()
        .contains("`Efect` is not a valid policy element"));
    // The hover on it is the code's `policy explain` text.
    let hover = result["hover"].as_str().unwrap();
    assert!(hover.contains("**INVALID_POLICY_ELEMENT**"), "{result}");
    // A policy with an error is not analysed, and the lens says so.
    assert_eq!(result["lenses"][0], "not analysed: the policy has errors");
}
