//! `--format concise`: one line per finding, `path:line:col: severity CODE
//! message`, for editors' problem matchers and for grep; then the summary line.
//!
//! ```text
//! policies/a.json:5:17: error INVALID_EFFECT `allow` is not a valid effect
//! ```
//!
//! The path is as given or found (the same as in human output); standard
//! input is `<stdin>`. Messages are cleaned for the terminal, so a line never
//! breaks and never carries a control character from a policy. The help is
//! left out: `--format human` shows it.

use lattice_policy::diagnostic::Finding;

use super::{clean, Checked, FileView};
use crate::cli::color::{self, paint, Paint};
use crate::cli::output::Out;

/// One finding's line, with its newline.
fn line(view: &FileView<'_>, finding: &Finding) -> String {
    let at = view.source.position(finding.span.offset());
    // A message is one line; any newline in it would split the finding.
    let message = clean::for_terminal(&finding.message).replace('\n', " ");
    format!(
        "{}:{}:{}: {} {} {message}\n",
        clean::for_terminal(view.source.name()),
        at.line,
        at.column,
        paint(color::severity(finding.severity), finding.severity.as_str()),
        paint(Paint::Bold, finding.info.code),
    )
}

/// Writes the lines of one file's findings (a file that could not be read is
/// reported on stderr), so that `policy check` can write each file as it goes.
pub fn render_file(result: &Checked, out: &mut Out) {
    if let Checked::Report(report) = result {
        let view = FileView::of_report(report);
        let text: String = view.findings.iter().map(|f| line(&view, f)).collect();
        if !text.is_empty() {
            out.write(&text);
        }
    }
}
