//! `--format github`: one GitHub Actions workflow command per finding, which
//! the runner turns into an annotation on the file, then the summary line.
//!
//! ```text
//! ::error file=policies/a.json,line=5,col=17,endLine=5,endColumn=24,title=INVALID_EFFECT (invalid-effect)::`allow` is not a valid effect%0Ahelp: …
//! ```
//!
//! Errors are `::error`, warnings `::warning`, infos `::notice`. Paths are
//! relative to the current directory (the repository root in a workflow);
//! findings in standard input carry no `file`.
//! The runner refuses `col` and `endColumn` when `line` and `endLine` differ,
//! so a finding that spans lines carries only its lines. `endColumn` is
//! exclusive, as in SARIF.

use std::path::{Path, PathBuf};

use lattice_policy::diagnostic::{Finding, Severity};

use super::{locate, Checked, FileView, Location, Renderer, Summary};
use crate::cli::output::Out;

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Escapes a command's message (GitHub's `escapeData`).
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (GitHub's `escapeProperty`).
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// `key=value` pairs, escaped and joined with commas.
fn properties(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(key, value)| format!("{key}={}", escape_property(value)))
        .collect::<Vec<_>>()
        .join(",")
}

/// The `file` property: none for standard input.
fn file_property(location: &Location) -> Vec<(&'static str, String)> {
    match location {
        Location::Stdin => Vec::new(),
        other => vec![("file", other.path())],
    }
}

fn finding_command(view: &FileView<'_>, location: &Location, finding: &Finding) -> String {
    let (start, end) = view.source.range(finding.span);
    let mut pairs = file_property(location);
    pairs.push(("line", start.line.to_string()));
    if start.line == end.line {
        pairs.push(("col", start.column.to_string()));
        pairs.push(("endLine", end.line.to_string()));
        pairs.push(("endColumn", end.column.to_string()));
    } else {
        pairs.push(("endLine", end.line.to_string()));
    }
    pairs.push((
        "title",
        format!("{} ({})", finding.info.code, finding.info.name),
    ));
    let mut message = finding.message.clone();
    if let Some(help) = view.help(finding) {
        message.push_str("\nhelp: ");
        message.push_str(&help);
    }
    format!(
        "::{} {}::{}\n",
        command(finding.severity),
        properties(&pairs),
        escape_data(&super::clean::for_terminal(&message))
    )
}

/// Writes the commands for one file's findings (or for a file that could
/// not be read), so that `policy check` can write each file as it goes.
pub fn render_file(result: &Checked, base: &Path, out: &mut Out) {
    let mut text = String::new();
    match result {
        Checked::Report(report) => {
            let view = FileView::of_report(report);
            let location = locate(view.source.name(), base);
            for finding in &view.findings {
                text.push_str(&finding_command(&view, &location, finding));
            }
        }
        Checked::Unreadable(unusable) => {
            let mut pairs = file_property(&locate(&unusable.path, base));
            pairs.push(("title", "cannot read".to_string()));
            text.push_str(&format!(
                "::error {}::{}\n",
                properties(&pairs),
                escape_data(&format!(
                    "cannot read `{}`: {}",
                    unusable.path, unusable.reason
                ))
            ));
        }
    }
    if !text.is_empty() {
        out.write(&text);
    }
}

/// GitHub output as `policy check` writes it: each file's commands as it is
/// checked, then the summary line. Paths are relative to the base directory.
#[derive(Debug)]
pub struct Stream {
    base: PathBuf,
}

impl Stream {
    /// Commands whose paths are relative to `base`.
    pub fn new(base: &Path) -> Self {
        Stream {
            base: base.to_path_buf(),
        }
    }
}

impl Renderer for Stream {
    fn file(&mut self, checked: &Checked, out: &mut Out) {
        render_file(checked, &self.base, out);
    }

    fn finish(&mut self, summary: &Summary, out: &mut Out) {
        out.write(&super::human::summary_line(summary));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_runner() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(
            escape_property("50% a\r\nb: c, d"),
            "50%25 a%0D%0Ab%3A c%2C d"
        );
        assert_eq!(
            properties(&[("file", "a,b:c.json".into()), ("line", "3".into())]),
            "file=a%2Cb%3Ac.json,line=3"
        );
    }
}
