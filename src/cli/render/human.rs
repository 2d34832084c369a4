//! `--format human`: miette diagnostics with source snippets, then a summary line.

use std::fmt;
use std::io::IsTerminal;

use lattice_policy::diagnostic::{Finding, Severity};
use lattice_policy::load::Loaded;
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use super::snippet::Snippets;
use super::{Checked, Summary};
use crate::cli::output::Out;

/// A finding with its source, as miette wants it.
struct Shown<'a> {
    finding: &'a Finding,
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
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for Shown<'_> {}

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
        self.finding
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let f = self.finding;
        let shown = |span| self.source.display_span(span);
        let primary = LabeledSpan::new_primary_with_span(f.label.clone(), shown(f.span));
        let related = f
            .related
            .iter()
            .map(move |r| LabeledSpan::new_with_span(Some(r.label.clone()), shown(r.span)));
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

/// The handler: colour only on a terminal without `NO_COLOR`; width from
/// `COLUMNS`, else 100.
fn handler() -> GraphicalReportHandler {
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let theme = if colour {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100);
    GraphicalReportHandler::new_themed(theme).with_width(width)
}

/// Writes every finding of every file, then the summary.
pub fn render(results: &[Checked], out: &mut Out) {
    let handler = handler();
    for result in results {
        let Checked::Loaded(Loaded {
            source, findings, ..
        }) = result
        else {
            continue;
        };
        if findings.is_empty() {
            continue;
        }
        let named = Snippets::new(source);
        let mut text = String::new();
        for finding in findings {
            let shown = Shown {
                finding,
                source: &named,
            };
            if handler.render_report(&mut text, &shown).is_err() {
                text.push_str(&format!(
                    "{}: {}: {}\n",
                    source.name(),
                    finding.info.code,
                    finding.message
                ));
            }
            text.push('\n');
        }
        out.write(&text);
    }
    out.write(&summary_line(&Summary::of(results)));
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn summary_line(s: &Summary) -> String {
    let checked = plural(s.files, "file");
    let mut line = if s.errors + s.warnings + s.infos == 0 {
        format!("checked {checked}: no problems found")
    } else {
        format!(
            "checked {checked}: {}, {}, {} in {}",
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
            plural(s.infos, "info"),
            plural(s.files_with_findings, "file"),
        )
    };
    if s.unreadable > 0 {
        line.push_str(&format!(
            "; {} could not be read",
            plural(s.unreadable, "file")
        ));
    }
    line.push('\n');
    line
}
