//! `--format junit`: a JUnit XML report, which CI systems (GitLab, Jenkins,
//! Azure Pipelines, CircleCI) show as test results.
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <testsuites name="policy check" tests="2" failures="1" errors="0">
//!   <testsuite name="policy check" tests="2" failures="1" errors="0" skipped="0">
//!     <testcase name="policies/a.json" classname="policy check">
//!       <failure type="INVALID_EFFECT" message="`allow` is not a valid effect">policies/a.json:5:17: error INVALID_EFFECT …</failure>
//!     </testcase>
//!     <testcase name="policies/b.json" classname="policy check"/>
//!   </testsuite>
//! </testsuites>
//! ```
//!
//! One test suite; one test case per file checked. A finding at or above
//! `--fail-on` (errors, by default) is a `<failure>` of its file's test case,
//! so a test case fails exactly when its file makes `policy check` exit 1.
//! Findings below it (warnings and infos, by default) would make no run fail:
//! they are listed in the test case's `<system-out>`, where a reader still
//! sees them, rather than dropped or counted as failures. A file that could
//! not be read is an `<error>` (the run exits 2).
//!
//! Each test case is written when its file has been checked, and only the
//! XML text is kept, not the file: the suite's counts come first in the
//! document, so the cases are printed at the end.

use lattice_policy::diagnostic::{Finding, Severity};

use super::{clean, Checked, FileView};
use crate::cli::output::Out;

/// One file's test case, as XML text, and whether it failed or erred.
pub struct Case {
    xml: String,
    failed: bool,
    erred: bool,
}

/// Escapes text for XML content or a double-quoted attribute. Characters XML
/// 1.0 cannot carry at all (controls other than tab and newline, U+FFFE,
/// U+FFFF) are written as `\u{…}` text, as the terminal shows them; secrets
/// are masked first.
pub fn escape(text: &str) -> String {
    let masked = clean::mask_secrets(text);
    let mut out = String::with_capacity(masked.len());
    for c in masked.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // In an attribute a raw newline or tab would be normalised to a
            // space by the reader: keep them as character references.
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            c if allowed_in_xml(c) => out.push(c),
            c => out.push_str(&format!("\\u{{{:04x}}}", u32::from(c))),
        }
    }
    out
}

/// XML 1.0's `Char` production (tab, newline and carriage return are
/// handled before).
fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The one-line description of a finding, as `--format concise` writes it,
/// with its help on the next line.
fn describe(view: &FileView<'_>, finding: &Finding) -> String {
    let at = view.source.position(finding.span.offset());
    let mut text = format!(
        "{}:{}:{}: {} {} {}",
        view.source.name(),
        at.line,
        at.column,
        finding.severity,
        finding.info.code,
        finding.message
    );
    if let Some(help) = view.help(finding) {
        text.push_str("\nhelp: ");
        text.push_str(&help);
    }
    text
}

/// The test case of one checked (or unreadable) file.
pub fn case(result: &Checked, fail_on: Severity) -> Case {
    match result {
        Checked::Report(report) => {
            let view = FileView::of_report(report);
            let name = escape(view.source.name());
            let (failing, passing): (Vec<&Finding>, Vec<&Finding>) =
                view.findings.iter().partition(|f| f.severity >= fail_on);
            if view.findings.is_empty() {
                return Case {
                    xml: format!("    <testcase name=\"{name}\" classname=\"policy check\"/>\n"),
                    failed: false,
                    erred: false,
                };
            }
            let mut xml = format!("    <testcase name=\"{name}\" classname=\"policy check\">\n");
            for finding in &failing {
                xml.push_str(&format!(
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                    finding.info.code,
                    escape(&finding.message),
                    escape(&describe(&view, finding))
                ));
            }
            if !passing.is_empty() {
                let lines: Vec<String> = passing.iter().map(|f| describe(&view, f)).collect();
                xml.push_str(&format!(
                    "      <system-out>{}</system-out>\n",
                    escape(&lines.join("\n"))
                ));
            }
            xml.push_str("    </testcase>\n");
            Case {
                xml,
                failed: !failing.is_empty(),
                erred: false,
            }
        }
        Checked::Unreadable(unusable) => {
            let message = format!("cannot read `{}`: {}", unusable.path, unusable.reason);
            Case {
                xml: format!(
                    "    <testcase name=\"{}\" classname=\"policy check\">\n      <error type=\"cannot-read\" message=\"{}\"/>\n    </testcase>\n",
                    escape(&unusable.path),
                    escape(&message)
                ),
                failed: false,
                erred: true,
            }
        }
    }
}

/// Writes the document: the suite's counts, then every case.
pub fn render(cases: &[Case], out: &mut Out) {
    let tests = cases.len();
    let failures = cases.iter().filter(|c| c.failed).count();
    let errors = cases.iter().filter(|c| c.erred).count();
    let counts = format!("tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\"");
    let mut text = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    text.push_str(&format!(
        "<testsuites name=\"policy check\" {counts}>\n  <testsuite name=\"policy check\" {counts} skipped=\"0\">\n"
    ));
    for case in cases {
        text.push_str(&case.xml);
    }
    text.push_str("  </testsuite>\n</testsuites>\n");
    out.write(&text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_quotes_and_characters_xml_cannot_hold() {
        assert_eq!(
            escape("a<b>&\"c\"'d'"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;"
        );
        assert_eq!(escape("x\ny\tz\r"), "x&#10;y&#9;z&#13;");
        assert_eq!(
            escape("\u{1b}[31m\u{0}\u{fffe}"),
            "\\u{001b}[31m\\u{0000}\\u{fffe}"
        );
        assert_eq!(escape("é ✓ 𝄞"), "é ✓ 𝄞");
        assert_eq!(escape("]]>"), "]]&gt;");
    }
}
