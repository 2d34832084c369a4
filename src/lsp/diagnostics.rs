//! Findings as LSP diagnostics: the same code, severity, message, help and
//! related locations `policy check` reports, at the exact range of the
//! finding's span.

use lattice_policy::diagnostic::{Applicability, Finding, Severity};
use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location,
    NumberOrString, Uri,
};
use serde_json::json;

use super::check::Found;
use super::text::{Encoding, LineIndex};

/// What every diagnostic of this server says it comes from.
pub const SOURCE: &str = "lattice-policy";

/// The text, its line index and encoding: what turns byte spans into ranges.
pub struct Mapper<'a> {
    /// The text the spans point into.
    pub text: &'a str,
    /// Its lines.
    pub index: &'a LineIndex,
    /// The negotiated position encoding.
    pub encoding: Encoding,
}

impl Mapper<'_> {
    /// The range of a byte span.
    pub fn range(&self, start: usize, end: usize) -> lsp_types::Range {
        self.index.range(self.text, start, end, self.encoding)
    }
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The diagnostic of one finding of the document `uri`, analysed at
/// `version`. Its `data` carries what the code actions need: the fix's
/// edits as ranges of that version, so that a client holding the
/// diagnostic can have it fixed without the server guessing which finding
/// it was.
pub fn diagnostic(found: &Found, uri: &Uri, version: i32, map: &Mapper<'_>) -> Diagnostic {
    let finding: &Finding = &found.finding;
    let span = finding.span;
    let mut message = finding.message.clone();
    if let Some(help) = found.help.as_deref().filter(|h| !h.is_empty()) {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = finding
        .related
        .iter()
        .filter(|r| r.elsewhere.is_none())
        .map(|r| DiagnosticRelatedInformation {
            location: Location {
                uri: uri.clone(),
                range: map.range(r.span.start as usize, r.span.end as usize),
            },
            message: r.label.clone(),
        })
        .collect();
    let fix = finding.fix.as_deref().map(|fix| {
        json!({
            "title": fix.description,
            "safe": fix.applicability == Applicability::Safe,
            "edits": fix.edits.iter().map(|e| json!({
                "range": map.range(e.span.start as usize, e.span.end as usize),
                "newText": e.replacement,
            })).collect::<Vec<_>>(),
        })
    });
    let mut data = json!({ "version": version, "name": finding.info.name });
    if let (Some(fix), Some(object)) = (fix, data.as_object_mut()) {
        object.insert("fix".into(), fix);
    }
    // Redundant and unreachable text is drawn faded by editors that can.
    let unnecessary = matches!(
        finding.info.code,
        "REDUNDANT_STATEMENT" | "REDUNDANT_ACTION" | "STATEMENT_NEVER_APPLIES"
    );
    Diagnostic {
        range: map.range(span.start as usize, span.end as usize),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.info.code.to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: unnecessary.then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: Some(data),
    }
}

/// A diagnostic at the start of the document saying something about the
/// check as a whole (its configuration could not be used).
pub fn note(message: String, code: &str, severity: DiagnosticSeverity) -> Diagnostic {
    Diagnostic {
        range: lsp_types::Range::default(),
        severity: Some(severity),
        code: Some(NumberOrString::String(code.to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message,
        related_information: None,
        tags: None,
        data: None,
    }
}
