//! A JSON template (CloudFormation, CDK synth output) with a syntax error
//! that stops the JSON reader: its other resources are still read.
//!
//! The reader stops at the first error it cannot step over, so the file has
//! no tree. Templates are written one resource per indented member of
//! `Resources` (CDK and every formatter write them so): each member that
//! starts a line at the indentation of the first one begins a resource,
//! which runs to the next. Each resource is read on its own; those that
//! read are then read together, in a copy of the text where everything else
//! is blank (so every offset, and every finding's line and column, is the
//! original file's), and the template is extracted from that. A resource
//! that does not read is skipped and said to be, at its logical id: nothing
//! of it is guessed. A template written on one line has no such structure:
//! it is not recovered, and its syntax error stands alone.

use crate::diagnostic::codes::JSON_SYNTAX_ERROR;
use crate::diagnostic::Finding;
use crate::json;
use crate::span::Span;
use std::ops::Range;

use super::{cloudformation, ExtractOptions, Extraction};

/// One resource's text: from its logical id's opening quote to the end of
/// its value, and the comma after it, if any.
struct Member {
    /// The logical id, as written between its quotes.
    key: String,
    /// Where the key is.
    key_span: Span,
    /// From the key to the end of the value (trailing blanks and the comma
    /// left out).
    span: Range<usize>,
    /// Where the comma after it is.
    comma: Option<usize>,
}

/// The policies and targets of the resources of `text` that read, and a
/// finding at each one that does not; `None` when the text has no
/// recognisable `Resources` layout.
pub fn recover(text: &str, options: &ExtractOptions) -> Option<Extraction> {
    let (head_end, members, close) = members(text)?;
    let open = text.find('{')?;
    let readable: Vec<&Member> = members
        .iter()
        .filter(|m| {
            json::parse(&blank_except(text, open, head_end, &[m], close))
                .root
                .is_some()
        })
        .collect();
    let skipped = members
        .iter()
        .filter(|m| !readable.iter().any(|r| std::ptr::eq(*r, *m)));
    let mut findings: Vec<Finding> = skipped
        .map(|m| {
            Finding::new(
                &JSON_SYNTAX_ERROR,
                m.key_span,
                format!(
                    "the resource `{}` was not read: its text does not parse as JSON, so a policy in it is not checked",
                    m.key
                ),
            )
            .with_help("fix the JSON syntax error in this resource; the template's other resources were read")
        })
        .collect();
    let together = blank_except(text, open, head_end, &readable, close);
    let parsed = json::parse(&together);
    let mut extraction = match &parsed.root {
        Some(root) => cloudformation::extract_template(root, text, options),
        None => Extraction::default(),
    };
    findings.append(&mut extraction.findings);
    extraction.findings = findings;
    Some(extraction)
}

/// `text` with only the template's opening brace, the `"Resources": {`
/// head (up to `head_end`), the `members` (each followed by a comma but the
/// last) and two closing braces kept; every other byte a space, every line
/// break kept.
fn blank_except(
    text: &str,
    open: usize,
    head_end: usize,
    members: &[&Member],
    close: usize,
) -> String {
    let bytes = text.as_bytes();
    let mut out: Vec<u8> = bytes
        .iter()
        .map(|b| if matches!(b, b'\n' | b'\r') { *b } else { b' ' })
        .collect();
    let mut keep = |span: Range<usize>| {
        if let (Some(to), Some(from)) = (out.get_mut(span.clone()), bytes.get(span)) {
            to.copy_from_slice(from);
        }
    };
    keep(open..open + 1);
    keep(head_start(text, head_end)..head_end);
    for (i, member) in members.iter().enumerate() {
        keep(member.span.clone());
        if i + 1 < members.len() {
            if let Some(comma) = member.comma {
                keep(comma..comma + 1);
            }
        }
    }
    // `}}` where the `Resources` object closes (its own brace, then the
    // template's, written one after the other over blanks).
    for at in [close, close + 1] {
        if let Some(b) = out.get_mut(at) {
            *b = b'}';
        }
    }
    // Only ASCII was written over whole bytes: still UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// Where the `"Resources"` key whose object ends at `head_end` starts.
fn head_start(text: &str, head_end: usize) -> usize {
    text.get(..head_end)
        .and_then(|before| before.rfind("\"Resources\""))
        .unwrap_or(head_end)
}

/// The end of the `"Resources": {` head, the members of the object, and
/// the offset of the line that closes it (where the two closing braces go).
fn members(text: &str) -> Option<(usize, Vec<Member>, usize)> {
    let key = text.find("\"Resources\"")?;
    let after_key = key + "\"Resources\"".len();
    let rest = text.get(after_key..)?;
    let colon = after_key + rest.find(|c: char| !c.is_whitespace())?;
    if text.get(colon..colon + 1) != Some(":") {
        return None;
    }
    let rest = text.get(colon + 1..)?;
    let brace = colon + 1 + rest.find(|c: char| !c.is_whitespace())?;
    if text.get(brace..brace + 1) != Some("{") {
        return None;
    }
    let head_end = brace + 1;
    // The first member's indentation: it must start a line.
    let rest = text.get(head_end..)?;
    let first = head_end + rest.find(|c: char| !c.is_whitespace())?;
    let indent = column(text, first)?;
    let mut starts = Vec::new();
    let mut close = None;
    let mut line_start = line_start_of(text, first);
    while line_start < text.len() {
        let line_end = text
            .get(line_start..)
            .and_then(|l| l.find('\n'))
            .map_or(text.len(), |n| line_start + n);
        let line = text.get(line_start..line_end).unwrap_or("");
        let content = line.trim_start_matches([' ', '\t']);
        let at = line_start + (line.len() - content.len());
        let width = line.len() - content.len();
        if !content.trim().is_empty() {
            if width == indent && content.starts_with('"') {
                starts.push(at);
            } else if width < indent {
                // The line that closes `Resources`.
                close = Some(at);
                break;
            }
        }
        line_start = line_end + 1;
    }
    let close = close?;
    // Room for the two closing braces before the end of the text.
    if close + 2 > text.len() || starts.is_empty() {
        return None;
    }
    let mut members = Vec::new();
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(close);
        let chunk = text.get(start..end)?;
        let trimmed = chunk.trim_end();
        let (body, comma) = match trimmed.strip_suffix(',') {
            Some(body) => (body.trim_end(), Some(start + body.len())),
            None => (trimmed, None),
        };
        let key_end = text
            .get(start + 1..end)
            .and_then(|k| k.find('"'))
            .map_or(start + 1, |n| start + 1 + n);
        members.push(Member {
            key: text.get(start + 1..key_end).unwrap_or("").to_owned(),
            key_span: Span::new(start, key_end + 1),
            span: start..start + body.len(),
            comma,
        });
    }
    Some((head_end, members, close))
}

/// The column (in bytes) of `at` in its line, when only blanks precede it.
fn column(text: &str, at: usize) -> Option<usize> {
    let start = line_start_of(text, at);
    let before = text.get(start..at)?;
    before
        .chars()
        .all(|c| c == ' ' || c == '\t')
        .then_some(at - start)
}

fn line_start_of(text: &str, at: usize) -> usize {
    text.get(..at)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |n| n + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}]}"#;

    fn template(broken: &str) -> String {
        format!(
            "{{\n  \"Resources\": {{\n    \"First\": {{\n      \"Type\": \"AWS::VpcLattice::AuthPolicy\",\n      \"Properties\": {{\"ResourceIdentifier\": \"svc-1\", \"Policy\": {POLICY}}}\n    }},\n    \"Broken\": {{\n      \"Type\": \"AWS::VpcLattice::AuthPolicy\",\n      \"Properties\": {broken}\n    }},\n    \"Last\": {{\n      \"Type\": \"AWS::VpcLattice::AuthPolicy\",\n      \"Properties\": {{\"ResourceIdentifier\": \"svc-3\", \"Policy\": {POLICY}}}\n    }}\n  }}\n}}\n"
        )
    }

    #[test]
    fn the_resources_that_read_are_extracted_at_their_own_offsets() {
        let text = template(r#"{"ResourceIdentifier": "svc-2", "Policy": {"Statement": [}"#);
        assert!(json::parse(&text).root.is_none());
        let extraction = recover(&text, &ExtractOptions::default()).unwrap();
        let locators: Vec<&str> = extraction
            .policies
            .iter()
            .map(|p| p.locator.as_str())
            .collect();
        assert_eq!(locators, ["First", "Last"]);
        // Spans are the original file's.
        let last = &extraction.policies[1];
        let at = text.rfind("\"Version\"").unwrap();
        assert!(
            last.span.offset() <= at && at < last.span.offset() + last.span.len(),
            "{:?}",
            last.span
        );
        // The broken one is said to be skipped, at its logical id.
        let skipped: Vec<&Finding> = extraction
            .findings
            .iter()
            .filter(|f| f.message.contains("`Broken` was not read"))
            .collect();
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].span.slice(&text), Some("\"Broken\""));
    }

    #[test]
    fn a_template_on_one_line_is_not_recovered() {
        let text = template("{").replace('\n', "");
        assert!(recover(&text, &ExtractOptions::default()).is_none());
    }
}
