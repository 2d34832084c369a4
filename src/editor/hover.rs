//! Hover: what the thing under the cursor means for a Lattice auth policy.

use std::ops::Range;
use std::path::Path;

/// The answer to a hover request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    /// Markdown shown to the user.
    pub markdown: String,
    /// The byte range in the document that the text is about.
    pub range: Range<usize>,
}

/// The hover text at byte `offset` of `text`, the content of the document
/// at `path` (the path decides how it is read: a standalone policy, or an
/// infrastructure file holding policies). `None` where there is nothing to
/// say.
pub fn hover(path: &Path, text: &str, offset: usize) -> Option<Hover> {
    let _ = (path, text, offset);
    None
}
