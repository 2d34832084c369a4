//! A strict JSON reader that keeps the byte span of every key and value.
//!
//! Policies are JSON as AWS accepts it (RFC 8259, no extensions). The reader
//! reports every deviation it can step over (trailing commas, comments, single
//! quotes, `NaN`, leading zeros, control characters, unpaired surrogates,
//! duplicate keys, missing commas, unquoted keys) and keeps going, so that one
//! run shows all of a file's problems; it stops at the first error it cannot
//! step over. Nesting deeper than [`MAX_DEPTH`] is refused, which bounds the
//! recursion.

mod error;
mod parser;
mod tree;

pub use error::{SyntaxError, SyntaxErrorKind};
pub use parser::{parse, Parsed, MAX_DEPTH, MAX_SYNTAX_ERRORS};
pub use tree::{Member, Node, Value};
