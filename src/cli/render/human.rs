//! `--format human`: miette diagnostics with source snippets, then a summary line.

use std::fmt;
use std::panic::AssertUnwindSafe;

use lattice_policy::check::Unit;
use lattice_policy::diagnostic::{Applicability, Finding, Severity};
use lattice_policy::load::Loaded;
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use super::clean;
use super::snippet::Snippets;
use super::wrap;
use super::{Checked, FileView, Renderer, Summary};
use crate::cli::output::Out;

/// A finding with its source, as miette wants it.
struct Shown<'a> {
    finding: &'a Finding,
    /// Its help with its witness, as every format shows it.
    help: Option<String>,
    source: &'a Snippets,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shown")
            .field("finding", self.finding)
            .finish()
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&clean::for_terminal(&self.finding.message))
    }
}

impl std::error::Error for Shown<'_> {}

impl Shown<'_> {
    fn source_position(
        &self,
        span: lattice_policy::span::Span,
    ) -> lattice_policy::source::Position {
        self.source.source().position(span.offset())
    }
}

impl Diagnostic for Shown<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.finding.info.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let f = self.finding;
        // Related places that cannot be drawn in the snippet are named here instead.
        let mut lines: Vec<String> = self
            .help
            .iter()
            .map(|h| clean::for_terminal(h).into_owned())
            .collect();
        if let Some(fix) = &f.fix {
            // ruff's marker: what `--fix` would do, and whether it needs asking.
            let how = match fix.applicability {
                Applicability::Safe => "[*] fixable with `--fix`",
                Applicability::Unsafe => "fixable with `--fix --unsafe-fixes`",
            };
            lines.push(format!("{how}: {}", clean::for_terminal(&fix.description)));
        }
        for r in &f.related {
            // The other layer's policy in another file: named with its place.
            if let Some(at) = &r.elsewhere {
                lines.push(format!(
                    "{} in {} at line {}, column {}",
                    clean::for_terminal(&r.label),
                    clean::for_terminal(&at.path),
                    at.line,
                    at.column
                ));
                continue;
            }
            if self.source.can_draw_together(f.span, r.span) {
                continue;
            }
            let at = self.source_position(r.span);
            lines.push(format!(
                "{} at line {}, column {}",
                clean::for_terminal(&r.label),
                at.line,
                at.column
            ));
        }
        (!lines.is_empty()).then(|| Box::new(lines.join("\n")) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let f = self.finding;
        let shown = |span| self.source.display_span(span);
        let label = |text: &str| clean::for_terminal(text).into_owned();
        let primary =
            LabeledSpan::new_primary_with_span(f.label.as_deref().map(label), shown(f.span));
        let related = f
            .related
            .iter()
            .filter(|r| r.elsewhere.is_none() && self.source.can_draw_together(f.span, r.span))
            .map(move |r| LabeledSpan::new_with_span(Some(label(&r.label)), shown(r.span)));
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

/// The handler: colour as `--color` decided (see `cli::color`); the width of
/// [`wrap::width`], and lines broken only where [`wrap`] allows, so that a
/// printed command, ARN or path can be pasted back.
pub fn handler() -> GraphicalReportHandler {
    let theme = if crate::cli::color::on() {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(wrap::width())
        .with_word_separator(wrap::separator())
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_break_words(false)
}

/// Writes one file's findings, so that `policy check` can write each file
/// as it goes (a file that could not be read is reported on stderr).
pub fn render_file(result: &Checked, out: &mut Out) {
    if let Checked::Report(report) = result {
        render_views(&[FileView::of_report(report)], out);
    }
}

/// Human output as `policy check` writes it: each file's diagnostics as it
/// is checked, then the summary line.
#[derive(Debug, Default)]
pub struct Stream;

impl Renderer for Stream {
    fn file(&mut self, checked: &Checked, out: &mut Out) {
        render_file(checked, out);
    }

    fn finish(&mut self, summary: &Summary, out: &mut Out) {
        out.write(&summary_line(summary));
    }
}

/// Writes every finding of the given files, as loading left them.
pub fn render_findings(files: &[&Loaded], out: &mut Out) {
    let views: Vec<FileView<'_>> = files.iter().map(|l| FileView::of_loaded(l)).collect();
    render_views(&views, out);
}

/// Writes every finding of the given files.
fn render_views(files: &[FileView<'_>], out: &mut Out) {
    let handler = handler();
    // A renderer bug must not cost the user the other files' results: a panic
    // while drawing a snippet falls back to a plain line (see `render_one`),
    // silently, since the finding itself is still reported.
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for view in files {
        if view.findings.is_empty() {
            continue;
        }
        let spans = view.findings.iter().flat_map(|f| {
            let here = f.related.iter().filter(|r| r.elsewhere.is_none());
            std::iter::once(f.span).chain(here.map(|r| r.span))
        });
        let snippets = Snippets::around(view.source, spans);
        let mut text = String::new();
        let mut heading: Option<lattice_policy::span::Span> = None;
        for &finding in &view.findings {
            // In an infrastructure file, each policy's findings come under
            // its name, so a finding is never read as another policy's.
            let unit = view.unit(finding);
            // Variants of one policy (an `Fn::If` checked both ways) share
            // their text, and are named together.
            let span = unit.map(|u| u.span);
            if let (Some(unit), Some(infrastructure)) = (unit, view.infrastructure) {
                if heading != span {
                    let variants: Vec<&str> = infrastructure
                        .units
                        .iter()
                        .filter(|u| u.span == unit.span)
                        .map(|u| u.locator.as_str())
                        .collect();
                    text.push_str(&unit_heading(view.source.name(), &variants, unit));
                }
            }
            heading = span;
            let help = view.help(finding).map(|h| h.into_owned());
            text.push_str(&render_one(&handler, finding, help, &snippets));
            text.push('\n');
        }
        out.write(&text);
    }
    std::panic::set_hook(previous_hook);
}

/// `FILE: LOCATOR (attached to TARGET)`, above the findings of one policy of
/// an infrastructure file (`LOCATOR[C], LOCATOR[!C]` for its variants).
fn unit_heading(file: &str, locators: &[&str], unit: &Unit) -> String {
    let attached = unit
        .target
        .as_deref()
        .map(|t| format!(" (attached to {t})"))
        .unwrap_or_default();
    clean::for_terminal(&format!("{file}: {}{attached}\n\n", locators.join(", "))).into_owned()
}

/// Renders any diagnostic (a query error, an explanation's snippet) with the same handler.
pub fn render_diagnostic(diagnostic: &dyn Diagnostic, out: &mut Out) {
    let mut text = String::new();
    if handler().render_report(&mut text, diagnostic).is_err() {
        text = format!("{diagnostic}\n");
    }
    out.write(&text);
}

fn render_one(
    handler: &GraphicalReportHandler,
    finding: &Finding,
    help: Option<String>,
    snippets: &Snippets,
) -> String {
    let shown = Shown {
        finding,
        help,
        source: snippets,
    };
    let drawn = std::panic::catch_unwind(AssertUnwindSafe(|| {
        let mut text = String::new();
        handler.render_report(&mut text, &shown).map(|()| text)
    }));
    match drawn {
        Ok(Ok(text)) => text,
        _ => {
            let at = shown.source_position(finding.span);
            let mut text = format!(
                "{}:{}:{}: {} {}: {}\n",
                clean::for_terminal(snippets.source().name()),
                at.line,
                at.column,
                finding.severity,
                finding.info.code,
                clean::for_terminal(&finding.message)
            );
            if let Some(help) = &shown.help {
                text.push_str(&format!(
                    "  help: {}
",
                    clean::for_terminal(help)
                ));
            }
            text
        }
    }
}

/// "1 file", "3 files".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `checked N files: …`, with a newline.
pub fn summary_line(s: &Summary) -> String {
    let read = s.files - s.unreadable.min(s.files);
    let mut parts = Vec::new();
    if s.errors + s.warnings + s.infos > 0 {
        parts.push(format!(
            "{}, {}, {} in {}",
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
            plural(s.infos, "info"),
            plural(s.files_with_findings, "file"),
        ));
    } else if read > 0 && s.unreadable == 0 {
        parts.push("no problems found".to_string());
    } else if read > 0 {
        // "No problems found" only of the files that were read: one that
        // could not be read may hold any number.
        parts.push(format!(
            "no problems found in the {} read",
            plural(read, "file")
        ));
    }
    if s.unreadable > 0 {
        parts.push(format!(
            "{} could not be read",
            plural(s.unreadable, "file")
        ));
    }
    if s.skipped > 0 {
        parts.push(format!(
            "{} skipped: not policies",
            plural(s.skipped, "file")
        ));
    }
    let mut line = format!("checked {}", plural(s.files, "file"));
    if !parts.is_empty() {
        line.push_str(": ");
        line.push_str(&parts.join("; "));
    }
    line.push('\n');
    line
}
