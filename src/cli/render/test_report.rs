//! `policy test --format json|junit`: every expectation's result for
//! scripts and CI test views.
//!
//! JUnit follows the conventions of `policy check --format junit`
//! ([`super::junit`]): one `<testsuites>` named `policy test`, here one
//! `<testsuite>` per expectation file (its path as the name) and one
//! `<testcase>` per line or case, named by the case's `name` (or the line's
//! query), with the file as its `classname`. A failed expectation is a
//! `<failure>` whose message says what differed and whose text is the
//! explanation of the actual decision; a case that cannot be read is an
//! `<error type="invalid">`; a file that cannot be used is a suite with one
//! erring case.

use serde_json::{json, Value};

use super::junit::escape;
use crate::cli::output::Out;
use crate::cli::test::{CaseResult, FileReport, Outcome};

fn outcome_word(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Passed => "passed",
        Outcome::Failed => "failed",
        Outcome::Invalid => "invalid",
    }
}

fn case_json(case: &CaseResult) -> Value {
    json!({
        "name": case.name,
        "location": case.location,
        "outcome": outcome_word(case.outcome),
        "expected": case.expected,
        "got": case.got,
        "query": case.query,
        "message": case.line,
        "explanation": case.explanation,
    })
}

/// One JSON object: `files` (each with `path`, `kind`, `cases` and
/// `errors`), then `summary` (`passed`, `failed`, `invalid`,
/// `unusableFiles`).
pub fn json(reports: &[FileReport], out: &mut Out) {
    let mut summary = json!({"passed": 0, "failed": 0, "invalid": 0, "unusableFiles": 0});
    let mut bump = |key: &str| {
        if let Some(n) = summary.get_mut(key) {
            *n = json!(n.as_u64().unwrap_or(0) + 1);
        }
    };
    let files: Vec<Value> = reports
        .iter()
        .map(|report| match &report.result {
            Ok(cases) => {
                for case in cases {
                    bump(outcome_word(case.outcome));
                }
                json!({
                    "path": report.path,
                    "kind": report.kind,
                    "cases": cases.iter().map(case_json).collect::<Vec<_>>(),
                    "errors": [],
                })
            }
            Err(problems) => {
                bump("unusableFiles");
                json!({"path": report.path, "kind": report.kind, "cases": [], "errors": problems})
            }
        })
        .collect();
    super::explain::write_json(json!({"files": files, "summary": summary}), out);
}

/// The JUnit XML document.
pub fn junit(reports: &[FileReport], out: &mut Out) {
    let mut suites = String::new();
    let (mut tests, mut failures, mut errors) = (0usize, 0usize, 0usize);
    for report in reports {
        let path = escape(&report.path);
        let (cases, suite_failures, suite_errors) = match &report.result {
            Ok(cases) => {
                let mut xml = String::new();
                for case in cases {
                    xml.push_str(&case_xml(case, &path));
                }
                let f = cases.iter().filter(|c| c.outcome == Outcome::Failed).count();
                let e = cases.iter().filter(|c| c.outcome == Outcome::Invalid).count();
                (xml, (cases.len(), f), e)
            }
            Err(problems) => (
                format!(
                    "    <testcase name=\"{path}\" classname=\"{path}\">\n      <error type=\"unusable-file\" message=\"{}\">{}</error>\n    </testcase>\n",
                    escape(problems.first().map_or("", String::as_str)),
                    escape(&problems.join("\n"))
                ),
                (1, 0),
                1,
            ),
        };
        let (count, suite_failed) = suite_failures;
        tests += count;
        failures += suite_failed;
        errors += suite_errors;
        suites.push_str(&format!(
            "  <testsuite name=\"{path}\" tests=\"{count}\" failures=\"{suite_failed}\" errors=\"{suite_errors}\" skipped=\"0\">\n{cases}  </testsuite>\n"
        ));
    }
    let mut text = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    text.push_str(&format!(
        "<testsuites name=\"policy test\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n"
    ));
    text.push_str(&suites);
    text.push_str("</testsuites>\n");
    out.write(&text);
}

fn case_xml(case: &CaseResult, classname: &str) -> String {
    let name = escape(&case.name);
    let open = format!("    <testcase name=\"{name}\" classname=\"{classname}\"");
    match case.outcome {
        Outcome::Passed => format!("{open}/>\n"),
        Outcome::Failed => format!(
            "{open}>\n      <failure type=\"expectation\" message=\"{}\">{}</failure>\n    </testcase>\n",
            escape(&case.line),
            escape(case.explanation.as_deref().unwrap_or(&case.line))
        ),
        Outcome::Invalid => format!(
            "{open}>\n      <error type=\"invalid\" message=\"{}\"/>\n    </testcase>\n",
            escape(&case.line)
        ),
    }
}
