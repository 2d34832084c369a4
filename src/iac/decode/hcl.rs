//! HCL strings holding policy JSON: a quoted string (`"{\"Version\": …}"`,
//! with HCL's backslash escapes) and a heredoc (`<<EOF`, `<<-EOF`), both
//! Terraform templates.

use crate::iac::ExtractOptions;
use crate::span::Span;

use super::template::{Naming, Placeholders, Syntax, Template};

/// The placeholders of Terraform text: `${var.NAME}` takes `--var NAME=…`;
/// a string holding another is named as written.
pub fn terraform(options: &ExtractOptions) -> Placeholders<'_> {
    Placeholders {
        syntax: Syntax::Terraform,
        given: &options.variables,
        naming: Naming::Written,
    }
}

/// Decodes a quoted HCL string written at `span` of `file` (quotes included).
pub fn quoted<'a>(file: &str, span: Span, options: &'a ExtractOptions) -> Template<'a> {
    let mut decoded = Template::new(terraform(options));
    let raw = span.slice(file).unwrap_or("");
    let inner = raw
        .strip_prefix('"')
        .map(|s| s.strip_suffix('"').unwrap_or(s))
        .unwrap_or(raw);
    decoded.feed(inner, span.offset() + 1, true);
    decoded
}

/// Decodes a heredoc (`<<EOF` or `<<-EOF`, through its closing delimiter)
/// written at `span` of `file`. `<<-` strips the smallest indentation of its
/// non-blank lines, as Terraform does; a CRLF line end is a line end.
pub fn heredoc<'a>(file: &str, span: Span, options: &'a ExtractOptions) -> Template<'a> {
    let mut decoded = Template::new(terraform(options));
    let raw = span.slice(file).unwrap_or("");
    let Some(header_end) = raw.find('\n') else {
        return decoded;
    };
    let header = raw.get(..header_end).unwrap_or("").trim_end();
    let flush = header.starts_with("<<-");
    let delimiter = header.trim_start_matches("<<").trim_start_matches('-');
    let body_start = header_end + 1;
    let mut lines = Vec::new();
    let mut at = body_start;
    while at < raw.len() {
        let rest = raw.get(at..).unwrap_or("");
        let len = rest.find('\n').map_or(rest.len(), |n| n + 1);
        let line = rest.get(..len).unwrap_or("");
        if line.trim() == delimiter {
            break;
        }
        lines.push((at, line));
        at += len;
    }
    let indent = |line: &str| line.len() - line.trim_start_matches([' ', '\t']).len();
    let strip = if flush {
        lines
            .iter()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(_, l)| indent(l))
            .min()
            .unwrap_or(0)
    } else {
        0
    };
    for (at, line) in lines {
        let cut = strip.min(indent(line));
        let kept = line.get(cut..).unwrap_or("");
        decoded.feed(kept, span.offset() + at + cut, false);
    }
    decoded
}

/// Decodes the HCL escape at the start of `rest`: the text and how many
/// bytes were written. An unknown escape is kept as written.
pub(super) fn escape(rest: &str) -> (String, usize) {
    let mut chars = rest.chars().skip(1);
    let simple = |c: char| (c.to_string(), 2);
    match chars.next() {
        Some('n') => simple('\n'),
        Some('r') => simple('\r'),
        Some('t') => simple('\t'),
        Some('"') => simple('"'),
        Some('\\') => simple('\\'),
        Some(kind @ ('u' | 'U')) => {
            let digits = if kind == 'u' { 4 } else { 8 };
            rest.get(2..2 + digits)
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .and_then(char::from_u32)
                .map_or_else(
                    || (rest.get(..2).unwrap_or("\\").to_string(), 2),
                    |c| (c.to_string(), 2 + digits),
                )
        }
        Some(c) => (format!("\\{c}"), 1 + c.len_utf8()),
        None => ("\\".to_string(), 1),
    }
}
