//! What an editor asks about one position in a document: the hover text
//! and the completions there.
//!
//! These are plain functions of a document's text and a byte offset, so
//! the language server (`policy lsp`), tests and any other front end ask
//! the same questions and get the same answers. Offsets are UTF-8 byte
//! offsets into the document as the editor holds it; the server converts
//! to and from LSP's UTF-16 positions.

pub mod completion;
pub mod hover;

pub use completion::{complete, Completion, CompletionKind};
pub use hover::{hover, Hover};
