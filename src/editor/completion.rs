//! Completion: what may be typed at the cursor in a Lattice auth policy.

use std::ops::Range;
use std::path::Path;

/// What a completion item is, for the editor's icon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    /// An element name (`Statement`, `Condition`, ...).
    Element,
    /// A condition operator.
    Operator,
    /// A condition key.
    Key,
    /// A value from a closed set, or an ARN named in the workspace.
    Value,
}

/// One completion item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    /// What the list shows.
    pub label: String,
    /// What it is.
    pub kind: CompletionKind,
    /// A one-line description.
    pub detail: Option<String>,
    /// Longer Markdown documentation.
    pub documentation: Option<String>,
    /// The text that replaces `replace`.
    pub insert_text: String,
    /// The byte range of the document the item replaces.
    pub replace: Range<usize>,
}

/// The completions at byte `offset` of `text`, the content of the document
/// at `path`. `workspace_arns` are service and service network ARNs named
/// elsewhere in the workspace, offered where a resource ARN is expected.
pub fn complete(
    path: &Path,
    text: &str,
    offset: usize,
    workspace_arns: &[String],
) -> Vec<Completion> {
    let _ = (path, text, offset, workspace_arns);
    Vec::new()
}
