//! What an editor asks about one position in a document: the hover text
//! and the completions there.
//!
//! These are plain functions of a document's text and a byte offset, so
//! the language server (`policy lsp`), tests and any other front end ask
//! the same questions and get the same answers. Offsets are UTF-8 byte
//! offsets into the document as the editor holds it; the server converts
//! to and from LSP's UTF-16 positions.

pub mod completion;
pub mod context;
mod document;
pub mod hover;
mod indented;
mod insert;
pub mod knowledge;
pub mod slot;
mod terraform_text;
mod verdict;

pub use completion::{complete, Completion, CompletionKind};
pub use hover::{hover, Hover};

/// The Markdown documentation of a finding's code or rule name (what
/// `policy explain CODE` prints), for a hover on a diagnostic; `None` for a
/// code no check has.
pub fn explain_code(code: &str) -> Option<String> {
    knowledge::code(code)
}
