//! `--format sarif`: SARIF 2.1.0, the format GitHub code scanning and other
//! tools read.
//!
//! One run: the driver lists every code `policy check` can report (grammar
//! checks and lint rules) with its documentation; each finding is a result at
//! a repository-relative path (relative to the current directory, under the
//! `%SRCROOT%` base) with a 1-based region whose columns count Unicode code
//! points. Files that could not be read are tool execution notifications, and
//! make the invocation unsuccessful.
//!
//! Each result carries a `partialFingerprints` entry that stays the same when
//! unrelated parts of the file change: it hashes the code, the path, the text
//! at fault and the message, never a line number, and counts repeats of the
//! same hash within a file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lattice_policy::diagnostic::{Category, CodeInfo, Finding, Fix, Severity};
use lattice_policy::load::Loaded;
use lattice_policy::registry;
use lattice_policy::source::Source;
use lattice_policy::span::Span;
use serde_json::{json, Map, Value};

use super::pretty::{at_depth, Items};
use super::{locate, Checked, FileView, Location, Renderer, Summary};
use crate::cli::output::{complain, Out};
use crate::cli::rules::doc_text;

/// The schema GitHub and most SARIF tools name.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The `partialFingerprints` key: this tool's own fingerprint, version 1.
pub const FINGERPRINT_KEY: &str = "latticePolicyFinding/v1";

/// The base id relative paths are resolved against.
const SRCROOT: &str = "%SRCROOT%";

/// SARIF's level for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// FNV-1a, 64 bits: a hash that is the same on every platform and every Rust
/// version (std's `DefaultHasher` promises neither).
fn fnv1a64(parts: &[&str]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            // 0xFF never occurs in UTF-8, so the parts cannot run into each other.
            hash ^= 0xff;
            hash = hash.wrapping_mul(PRIME);
        }
        for &byte in part.as_bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    hash
}

/// Percent-encodes everything but RFC 3986's unreserved characters and `/`.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn artifact_location(location: &Location) -> Value {
    match location {
        Location::Relative(path) => json!({"uri": encode_path(path), "uriBaseId": SRCROOT}),
        Location::Absolute(path) => {
            json!({"uri": format!("file://{}", encode_path(&path.to_string_lossy()))})
        }
        Location::Stdin => json!({"description": {"text": "standard input"}}),
    }
}

fn region(source: &Source, span: Span) -> Value {
    let (start, end) = source.range(span);
    let char_start = source.char_offset(span.offset());
    let char_end = source.char_offset(span.end as usize);
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
        "charOffset": char_start,
        "charLength": char_end.saturating_sub(char_start),
    })
}

/// The first paragraph of prose in a code's documentation, else its summary.
fn full_description(info: &CodeInfo) -> String {
    let doc = doc_text(info);
    doc.split("\n\n")
        .map(str::trim)
        .find(|p| !p.is_empty() && !p.starts_with('#') && !p.starts_with("```"))
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| info.summary.to_string())
}

/// GitHub's `security-severity` for security rules: high, medium, low.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "8.0",
        Severity::Warning => "5.0",
        Severity::Info => "2.0",
    }
}

fn rule(info: &CodeInfo) -> Value {
    let doc = doc_text(info);
    let help = if doc.is_empty() {
        info.summary.to_string()
    } else {
        doc
    };
    let mut properties = Map::new();
    properties.insert("category".into(), json!(info.category.as_str()));
    properties.insert("kind".into(), json!(info.kind.as_str()));
    if info.category == Category::SecurityWarning {
        properties.insert("tags".into(), json!(["security"]));
        properties.insert(
            "security-severity".into(),
            json!(security_severity(info.severity)),
        );
    }
    json!({
        "id": info.code,
        "name": info.name,
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": full_description(info)},
        "help": {"text": help, "markdown": help},
        "defaultConfiguration": {"level": level(info.severity)},
        "properties": properties,
    })
}

/// The text of a result: the message, then the finding's help on its own line.
fn message(view: &FileView<'_>, finding: &Finding) -> String {
    match view.help(finding) {
        Some(help) => format!("{}\nhelp: {help}", finding.message),
        None => finding.message.clone(),
    }
}

/// The SARIF results of one file's findings, masked.
fn results_of(view: &FileView<'_>, base: &Path, rule_index: &HashMap<&str, usize>) -> Vec<Value> {
    let source = view.source;
    let location = locate(source.name(), base);
    let path = location.path();
    let artifact = artifact_location(&location);
    let mut seen: HashMap<u64, usize> = HashMap::new();
    let mut out = Vec::with_capacity(view.findings.len());
    for &finding in &view.findings {
        let hash = fnv1a64(&[
            finding.code(),
            &path,
            source.snippet(finding.span),
            &finding.message,
        ]);
        let count = seen.entry(hash).or_insert(0);
        *count += 1;
        let mut result = Map::new();
        result.insert("ruleId".into(), json!(finding.code()));
        if let Some(&index) = rule_index.get(finding.code()) {
            result.insert("ruleIndex".into(), json!(index));
        }
        result.insert("level".into(), json!(level(finding.severity)));
        result.insert("message".into(), json!({"text": message(view, finding)}));
        result.insert(
            "locations".into(),
            json!([{"physicalLocation": {
                "artifactLocation": artifact,
                "region": region(source, finding.span),
            }}]),
        );
        if !finding.related.is_empty() {
            let related: Vec<Value> = finding
                .related
                .iter()
                .enumerate()
                .map(|(id, r)| {
                    // The other layer's policy may be in another file.
                    let (artifact, region) = match &r.elsewhere {
                        Some(at) => (
                            artifact_location(&locate(&at.path, base)),
                            json!({"startLine": at.line, "startColumn": at.column}),
                        ),
                        None => (artifact.clone(), region(source, r.span)),
                    };
                    json!({
                        "id": id + 1,
                        "message": {"text": r.label},
                        "physicalLocation": {
                            "artifactLocation": artifact,
                            "region": region,
                        },
                    })
                })
                .collect();
            result.insert("relatedLocations".into(), json!(related));
        }
        if let Some(fix) = &finding.fix {
            result.insert("fixes".into(), json!([sarif_fix(source, &artifact, fix)]));
        }
        if let Some(witness) = view.witness(finding) {
            // The request that demonstrates the finding, as data: SARIF's
            // property bag is where a result carries what the format lacks.
            result.insert("properties".into(), json!({"witness": witness}));
        }
        result.insert(
            "partialFingerprints".into(),
            json!({FINGERPRINT_KEY: format!("{hash:016x}:{count}")}),
        );
        let mut result = Value::Object(result);
        super::clean::mask_json(&mut result);
        out.push(result);
    }
    out
}

/// A finding's fix as a SARIF `fix`: one artifact change whose replacements
/// are its edits (an empty deleted region is an insertion; the result is
/// masked for secrets as a whole); whether
/// `--fix` applies it is in the property bag, which SARIF has no field for.
fn sarif_fix(source: &Source, artifact: &Value, fix: &Fix) -> Value {
    let replacements: Vec<Value> = fix
        .edits
        .iter()
        .map(|edit| {
            json!({
                "deletedRegion": region(source, edit.span),
                "insertedContent": {"text": edit.replacement},
            })
        })
        .collect();
    json!({
        "description": {"text": fix.description},
        "artifactChanges": [{"artifactLocation": artifact, "replacements": replacements}],
        "properties": {"applicability": fix.applicability.as_str()},
    })
}

/// Writes the log of a run that an invalid configuration stopped before
/// any policy was read: no results, and each of the configuration's
/// problems as an error notification at its place in the file, which makes
/// the invocation unsuccessful. A SARIF upload step then gets a valid log
/// that says why, instead of an empty file.
pub fn render_configuration_problems(config: &Loaded, base: &Path, out: &mut Out) {
    let mut log = Stream::new(base);
    let view = FileView::of_loaded(config);
    let artifact = artifact_location(&locate(config.source.name(), base));
    log.notifications = view
        .findings
        .iter()
        .map(|&finding| {
            let mut notification = json!({
                "level": level(finding.severity),
                "message": {"text": message(&view, finding)},
                "descriptor": {"id": finding.code()},
                "locations": [{"physicalLocation": {
                    "artifactLocation": artifact,
                    "region": region(view.source, finding.span),
                }}],
            });
            super::clean::mask_json(&mut notification);
            notification
        })
        .collect();
    log.finish(&Summary::default(), out);
}

/// The depth of `runs[0].results`' items in the log.
const RESULT_DEPTH: usize = 4;

/// The SARIF log written as `check` goes: the tool and its rules first, each
/// file's results as soon as it is checked, then the invocation, which needs
/// to know whether every file could be read. Relative paths are relative to
/// the base directory. Between files only a count and the notifications of
/// unreadable files (a path and a reason each) are kept.
///
/// The members of the run are in the order SARIF lists them (`tool` first,
/// `invocations` last) rather than sorted, since the invocation can only be
/// written at the end.
pub struct Stream {
    base: PathBuf,
    rule_index: HashMap<&'static str, usize>,
    results: Items,
    notifications: Vec<Value>,
    opened: bool,
}

impl Stream {
    /// A log whose relative paths are relative to `base`.
    pub fn new(base: &Path) -> Self {
        Stream {
            base: base.to_path_buf(),
            rule_index: registry::policy_codes()
                .enumerate()
                .map(|(i, info)| (info.code, i))
                .collect(),
            results: Items::default(),
            notifications: Vec::new(),
            opened: false,
        }
    }

    /// Writes everything before the first result, once.
    fn open(&mut self, out: &mut Out) {
        if std::mem::replace(&mut self.opened, true) {
            return;
        }
        let mut tool = json!({"driver": {
            "name": "lattice-policy",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": registry::policy_codes().map(rule).collect::<Vec<_>>(),
        }});
        let mut root_uri = encode_path(&self.base.to_string_lossy());
        if !root_uri.ends_with('/') {
            root_uri.push('/');
        }
        let mut bases = json!({SRCROOT: {"uri": format!("file://{root_uri}")}});
        super::clean::mask_json(&mut tool);
        super::clean::mask_json(&mut bases);
        match (at_depth(&tool, 3), at_depth(&bases, 3)) {
            (Ok(tool), Ok(bases)) => out.write(&format!(
                "{{\n  \"$schema\": \"{SCHEMA}\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"tool\": {tool},\n      \"originalUriBaseIds\": {bases},\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": "
            )),
            (Err(error), _) | (_, Err(error)) => {
                complain(&format!("cannot encode the report: {error}"));
            }
        }
    }
}

impl Renderer for Stream {
    fn file(&mut self, checked: &Checked, out: &mut Out) {
        self.open(out);
        match checked {
            Checked::Report(report) => {
                let view = FileView::of_report(report);
                for result in results_of(&view, &self.base, &self.rule_index) {
                    match at_depth(&result, RESULT_DEPTH) {
                        Ok(text) => out.write(&self.results.item(&text, RESULT_DEPTH)),
                        Err(error) => complain(&format!("cannot encode the report: {error}")),
                    }
                }
            }
            Checked::Unreadable(unusable) => {
                let mut notification = json!({
                    "level": "error",
                    "message": {"text": format!("cannot read `{}`: {}", unusable.path, unusable.reason)},
                    "locations": [{"physicalLocation": {
                        "artifactLocation": artifact_location(&locate(&unusable.path, &self.base)),
                    }}],
                });
                super::clean::mask_json(&mut notification);
                self.notifications.push(notification);
            }
        }
    }

    fn finish(&mut self, _summary: &Summary, out: &mut Out) {
        self.open(out);
        let mut invocation = Map::new();
        invocation.insert(
            "executionSuccessful".into(),
            json!(self.notifications.is_empty()),
        );
        if !self.notifications.is_empty() {
            invocation.insert(
                "toolExecutionNotifications".into(),
                Value::Array(std::mem::take(&mut self.notifications)),
            );
        }
        match at_depth(&json!([invocation]), 3) {
            Ok(invocations) => out.write(&format!(
                "{},\n      \"invocations\": {invocations}\n    }}\n  ]\n}}\n",
                self.results.close(RESULT_DEPTH)
            )),
            Err(error) => complain(&format!("cannot encode the report: {error}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a64_matches_the_reference_values() {
        assert_eq!(fnv1a64(&[""]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(&["a"]), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(&["foobar"]), 0x8594_4171_f739_67e8);
        assert_ne!(fnv1a64(&["ab", "c"]), fnv1a64(&["a", "bc"]));
    }

    #[test]
    fn paths_are_percent_encoded() {
        assert_eq!(encode_path("a b/c%d#é.json"), "a%20b/c%25d%23%C3%A9.json");
        assert_eq!(encode_path("policies/x-1_y~.json"), "policies/x-1_y~.json");
    }

    #[test]
    fn every_code_has_a_full_description() {
        for info in registry::policy_codes() {
            let text = full_description(info);
            assert!(!text.is_empty() && !text.starts_with('#'), "{}", info.code);
        }
    }
}
