//! `--format json`: one object, `{"files": [...], "summary": {...}}` (README.md lists its fields).

use lattice_policy::diagnostic::Finding;
use lattice_policy::load::Loaded;
use lattice_policy::source::Source;
use lattice_policy::span::Span;
use serde::Serialize;
use std::borrow::Cow;

use super::clean::mask_secrets;

use super::{Checked, Summary};
use crate::cli::output::Out;

#[derive(Serialize)]
struct Report<'a> {
    files: Vec<File<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    findings: Vec<JsonFinding<'a>>,
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
}

#[derive(Serialize)]
struct JsonSpan {
    offset: usize,
    length: usize,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    message: Cow<'a, str>,
    line: usize,
    column: usize,
    span: JsonSpan,
}

fn json_span(span: Span) -> JsonSpan {
    JsonSpan {
        offset: span.offset(),
        length: span.len(),
    }
}

fn finding<'a>(source: &'a Source, f: &'a Finding) -> JsonFinding<'a> {
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
        help: f.help.as_deref().map(mask_secrets),
        related: f
            .related
            .iter()
            .map(|r| {
                let at = source.position(r.span.offset());
                JsonRelated {
                    message: mask_secrets(&r.label),
                    line: at.line,
                    column: at.column,
                    span: json_span(r.span),
                }
            })
            .collect(),
    }
}

fn file(result: &Checked) -> File<'_> {
    match result {
        Checked::Loaded(Loaded {
            source, findings, ..
        }) => File {
            path: source.name(),
            error: None,
            findings: findings.iter().map(|f| finding(source, f)).collect(),
        },
        Checked::Unreadable(u) => File {
            path: &u.path,
            error: Some(&u.reason),
            findings: Vec::new(),
        },
    }
}

/// Writes the whole report as one JSON object and a newline.
pub fn render(results: &[Checked], out: &mut Out) {
    let report = Report {
        files: results.iter().map(file).collect(),
        summary: Summary::of(results),
    };
    match serde_json::to_string_pretty(&report) {
        Ok(text) => out.write(&(text + "\n")),
        Err(error) => crate::cli::output::complain(&format!("cannot encode the report: {error}")),
    }
}
