//! `--format json`: one object, `{"files": [...], "summary": {...}}` (README.md lists its fields).

use std::borrow::Cow;

use lattice_policy::diagnostic::{Finding, Fix};
use lattice_policy::source::Source;
use lattice_policy::span::Span;
use serde::Serialize;

use super::clean::{mask_json, mask_secrets};
use super::pretty::{at_depth, Items};
use super::{Checked, FileView, Renderer, Summary};
use crate::cli::output::{complain, Out};

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    findings: Vec<JsonFinding<'a>>,
    /// The policies found in an infrastructure file; absent for a
    /// standalone policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    policies: Option<Vec<JsonPolicy<'a>>>,
    /// The Terraform variable files whose values were used, in the order
    /// read; absent when none was.
    #[serde(rename = "varFiles", skip_serializing_if = "<[_]>::is_empty")]
    var_files: &'a [String],
}

/// One policy found in an infrastructure file.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonPolicy<'a> {
    locator: &'a str,
    line: usize,
    end_line: usize,
    target: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonFinding<'a> {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    category: &'static str,
    message: Cow<'a, str>,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    span: JsonSpan,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<JsonRelated<'a>>,
    /// The request that demonstrates the finding: `query`, `request` (as
    /// `policy eval --request` reads it) and, when `policy eval` takes the
    /// file, the `command` that replays it.
    #[serde(skip_serializing_if = "Option::is_none")]
    witness: Option<serde_json::Value>,
    /// The change that resolves the finding (`policy check --fix`).
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    /// `safe` (applied by `--fix`) or `unsafe` (only with `--unsafe-fixes`).
    applicability: &'static str,
    description: Cow<'a, str>,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonEdit<'a> {
    /// The bytes replaced (an insertion when the length is 0).
    span: JsonSpan,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    replacement: Cow<'a, str>,
}

#[derive(Serialize)]
struct JsonSpan {
    offset: usize,
    length: usize,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    message: Cow<'a, str>,
    /// The file, when it is not the finding's (the other auth layer's
    /// policy in another file of the run).
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    line: usize,
    column: usize,
    /// The bytes in the finding's file; absent for a place in another file.
    #[serde(skip_serializing_if = "Option::is_none")]
    span: Option<JsonSpan>,
}

/// `text` with its secrets masked, borrowed when there are none.
fn masked(text: Cow<'_, str>) -> Cow<'_, str> {
    match mask_secrets(&text) {
        Cow::Borrowed(_) => {}
        Cow::Owned(masked) => return Cow::Owned(masked),
    }
    text
}

fn json_span(span: Span) -> JsonSpan {
    JsonSpan {
        offset: span.offset(),
        length: span.len(),
    }
}

fn finding<'a>(view: &FileView<'a>, f: &'a Finding) -> JsonFinding<'a> {
    let source = view.source;
    let (start, end) = source.range(f.span);
    JsonFinding {
        code: f.info.code,
        name: f.info.name,
        severity: f.severity.as_str(),
        category: f.info.category.as_str(),
        message: mask_secrets(&f.message),
        path: source.name(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        span: json_span(f.span),
        help: view.help(f).map(masked),
        related: f
            .related
            .iter()
            .map(|r| match &r.elsewhere {
                Some(at) => JsonRelated {
                    message: mask_secrets(&r.label),
                    path: Some(at.path.as_str()),
                    line: at.line,
                    column: at.column,
                    span: None,
                },
                None => {
                    let at = source.position(r.span.offset());
                    JsonRelated {
                        message: mask_secrets(&r.label),
                        path: None,
                        line: at.line,
                        column: at.column,
                        span: Some(json_span(r.span)),
                    }
                }
            })
            .collect(),
        // The request may hold a policy's constants: masked like the rest.
        witness: view
            .witness(f)
            .and_then(|w| serde_json::to_value(w).ok())
            .map(|mut w| {
                mask_json(&mut w);
                w
            }),
        fix: f.fix.as_deref().map(|fix| json_fix(source, fix)),
    }
}

fn json_fix<'a>(source: &Source, fix: &'a Fix) -> JsonFix<'a> {
    JsonFix {
        applicability: fix.applicability.as_str(),
        description: mask_secrets(&fix.description),
        edits: fix
            .edits
            .iter()
            .map(|edit| {
                let (start, end) = source.range(edit.span);
                JsonEdit {
                    span: json_span(edit.span),
                    line: start.line,
                    column: start.column,
                    end_line: end.line,
                    end_column: end.column,
                    replacement: mask_secrets(&edit.replacement),
                }
            })
            .collect(),
    }
}

fn file(result: &Checked) -> File<'_> {
    match result {
        Checked::Report(report) => {
            let view = FileView::of_report(report);
            File {
                path: report.source.name(),
                error: None,
                findings: view.findings.iter().map(|f| finding(&view, f)).collect(),
                policies: report.infrastructure.as_ref().map(|infra| {
                    infra
                        .units
                        .iter()
                        .map(|unit| JsonPolicy {
                            locator: &unit.locator,
                            line: unit.lines.0,
                            end_line: unit.lines.1,
                            target: unit.target.as_deref(),
                        })
                        .collect()
                }),
                var_files: report
                    .infrastructure
                    .as_ref()
                    .map_or(&[], |infra| infra.var_files.as_slice()),
            }
        }
        Checked::Unreadable(u) => File {
            path: &u.path,
            error: Some(&u.reason),
            findings: Vec::new(),
            policies: None,
            var_files: &[],
        },
    }
}

/// The report written as `check` goes: `{"files": [` and each file's entry as
/// soon as it is checked, then `], "summary": {...}}` once every file is. The
/// bytes are those of the whole object pretty-printed at once; only a count
/// is kept between files.
#[derive(Debug, Default)]
pub struct Stream {
    files: Items,
}

impl Stream {
    /// Writes the object's opening once, before the first file or the end.
    fn open(&self, out: &mut Out) {
        if self.files.count == 0 {
            out.write("{\n  \"files\": ");
        }
    }
}

impl Renderer for Stream {
    fn file(&mut self, checked: &Checked, out: &mut Out) {
        match at_depth(&file(checked), 2) {
            Ok(text) => {
                self.open(out);
                out.write(&self.files.item(&text, 2));
            }
            Err(error) => complain(&format!("cannot encode the report: {error}")),
        }
    }

    fn finish(&mut self, summary: &Summary, out: &mut Out) {
        self.open(out);
        match at_depth(summary, 1) {
            Ok(text) => out.write(&format!(
                "{},\n  \"summary\": {text}\n}}\n",
                self.files.close(2)
            )),
            Err(error) => complain(&format!("cannot encode the report: {error}")),
        }
    }
}
