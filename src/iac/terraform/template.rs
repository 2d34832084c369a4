//! Policy JSON written as Terraform text (a heredoc, a quoted string, a
//! string of Terraform JSON syntax), decoded and parsed with every span moved
//! back to where it was written.
//!
//! Terraform reads such text as a template: `${...}` interpolations and
//! `%{...}` directives are evaluated at plan time. Each one becomes a hole in
//! the decoded JSON: inside a JSON string, that string becomes
//! [`Value::Unknown`] with the string as written (its other characters are
//! text, but the value as a whole is not known); outside a string (for
//! example `"Resource": ${jsonencode(var.arns)}`), the JSON value it stands
//! for becomes `Unknown` with the interpolation as written, and the rest of
//! the document is still checked. `${var.NAME}` given with `--var` is
//! substituted (JSON-escaped inside a string).

use crate::diagnostic::Finding;
use crate::iac::offsets::OffsetMap;
use crate::iac::ExtractOptions;
use crate::json::{self, Node, Value};
use crate::span::Span;

/// Stands, in the decoded text, for an interpolation inside a JSON string: a
/// private-use character no policy has a reason to contain.
const MARK: char = '\u{E000}';

/// A policy read from Terraform text.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The tree, spans in the original file; `None` when its JSON is unreadable.
    pub root: Option<Node<'static>>,
    /// The JSON's syntax errors, located in the original file.
    pub findings: Vec<Finding>,
}

/// Decoded template text: what Terraform would render, with holes.
#[derive(Debug, Default)]
pub struct Decoded {
    text: String,
    map: OffsetMap,
    /// Decoded offsets of the `null`s standing for interpolations outside a
    /// string, with the interpolation as written.
    holes: Vec<(usize, String)>,
    in_string: bool,
    escaped: bool,
}

impl Decoded {
    /// Appends decoded `s`, which was written as `original..original + len`
    /// (verbatim when the lengths agree, an escape otherwise).
    fn push(&mut self, s: &str, original: usize, len: usize) {
        if s.len() == len {
            self.map.push_verbatim(original, len);
        } else {
            self.map.push_replaced(s.len(), original, len);
        }
        for c in s.chars() {
            self.track(c);
        }
        self.text.push_str(s);
    }

    /// Follows the JSON string state of the decoded text.
    fn track(&mut self, c: char) {
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if c == '\\' {
                self.escaped = true;
            } else if c == '"' {
                self.in_string = false;
            }
        } else if c == '"' {
            self.in_string = true;
        }
    }

    /// An interpolation or directive written at `original` as `written`.
    fn hole(&mut self, written: &str, original: usize, options: &ExtractOptions) {
        let inner = written
            .get(2..written.len().saturating_sub(1))
            .unwrap_or("")
            .trim_matches(|c: char| c == '~' || c.is_whitespace());
        let given = written
            .starts_with("${")
            .then(|| inner.strip_prefix("var."))
            .flatten()
            .and_then(|name| options.variables.get(name));
        match given {
            Some(value) if self.in_string => {
                let escaped = json_escape(value);
                self.map
                    .push_replaced(escaped.len(), original, written.len());
                self.text.push_str(&escaped);
            }
            Some(value) => {
                let value = value.clone();
                self.map.push_replaced(value.len(), original, written.len());
                value.chars().for_each(|c| self.track(c));
                self.text.push_str(&value);
            }
            None if self.in_string => {
                self.map
                    .push_replaced(MARK.len_utf8(), original, written.len());
                self.text.push(MARK);
            }
            None => {
                self.holes.push((self.text.len(), written.to_string()));
                self.map.push_replaced(4, original, written.len());
                self.text.push_str("null");
            }
        }
    }

    /// Feeds `raw`, written at `base`, as template text: `$${` and `%%{`
    /// are literal, `${...}` and `%{...}` are holes, and with `escapes` the
    /// backslash escapes of a quoted HCL string are decoded.
    fn feed(&mut self, raw: &str, base: usize, escapes: bool, options: &ExtractOptions) {
        let bytes = raw.as_bytes();
        let mut i = 0;
        let mut run = 0;
        while i < bytes.len() {
            let rest = raw.get(i..).unwrap_or("");
            let special = rest.starts_with("$${")
                || rest.starts_with("%%{")
                || rest.starts_with("${")
                || rest.starts_with("%{")
                || (escapes && rest.starts_with('\\'));
            if !special {
                i += rest.chars().next().map_or(1, char::len_utf8);
                continue;
            }
            self.push(raw.get(run..i).unwrap_or(""), base + run, i - run);
            if rest.starts_with("$${") || rest.starts_with("%%{") {
                self.push(rest.get(1..3).unwrap_or(""), base + i, 3);
                i += 3;
            } else if rest.starts_with('\\') {
                let (decoded, len) = hcl_escape(rest);
                self.push(&decoded, base + i, len);
                i += len;
            } else {
                let len = interpolation_len(rest).unwrap_or(rest.len());
                self.hole(rest.get(..len).unwrap_or(rest), base + i, options);
                i += len;
            }
            run = i;
        }
        self.push(raw.get(run..).unwrap_or(""), base + run, raw.len() - run);
    }

    /// True when the text holds no interpolation left unknown.
    pub fn is_known(&self) -> bool {
        self.holes.is_empty() && !self.text.contains(MARK)
    }

    /// The decoded text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Parses the decoded text as JSON; `outer` moves a span of the text
    /// this was decoded from into the original file (the identity for text
    /// read straight from the file).
    pub fn parse(&self, file: &str, outer: &dyn Fn(Span) -> Span) -> Parsed {
        parse_mapped(&self.text, &self.holes, file, &|s| outer(self.map.span(s)))
    }
}

/// Parses `text`, decoded from `file`, as JSON with no holes: `map` moves
/// its spans into the file.
pub fn plain(text: &str, file: &str, map: &dyn Fn(Span) -> Span) -> Parsed {
    parse_mapped(text, &[], file, map)
}

fn parse_mapped(
    text: &str,
    holes: &[(usize, String)],
    file: &str,
    map: &dyn Fn(Span) -> Span,
) -> Parsed {
    let parsed = json::parse(text);
    let findings = parsed
        .errors
        .iter()
        .map(|error| {
            let mut finding = crate::load::syntax_finding(text, error);
            // A fix edits the decoded text, not the file it came from.
            finding.fix = None;
            finding.span = map(finding.span);
            for related in &mut finding.related {
                related.span = map(related.span);
            }
            finding
        })
        .collect();
    let root = parsed.root.map(|mut root| {
        fill_holes(&mut root, holes);
        root.map_spans(&map);
        let mut root = root.into_owned();
        mark_unknown_strings(&mut root, file);
        root
    });
    Parsed { root, findings }
}

/// The length of the interpolation or directive starting `rest` (`${` or
/// `%{`), up to its matching `}`, skipping quoted strings inside; `None`
/// when it is not closed.
pub fn interpolation_len(rest: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in rest.char_indices().skip(1) {
        if quoted {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => quoted = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            '{' => depth += 1,
            '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// Decodes the HCL escape at the start of `rest`: the text and how many
/// bytes were written. An unknown escape is kept as written.
fn hcl_escape(rest: &str) -> (String, usize) {
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

/// `value` as the inside of a JSON string.
fn json_escape(value: &str) -> String {
    let quoted = serde_json::to_string(value).unwrap_or_default();
    quoted
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or("")
        .to_string()
}

/// The `null`s standing for interpolations outside strings become unknown.
fn fill_holes(node: &mut Node<'_>, holes: &[(usize, String)]) {
    match &mut node.value {
        Value::Null => {
            if let Ok(i) = holes.binary_search_by_key(&node.span.offset(), |(at, _)| *at) {
                if let Some((_, written)) = holes.get(i) {
                    node.value = Value::Unknown(written.clone().into());
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|n| fill_holes(n, holes)),
        Value::Object(members) => members
            .iter_mut()
            .for_each(|m| fill_holes(&mut m.value, holes)),
        _ => {}
    }
}

/// Strings holding an interpolation become unknown, named as written.
fn mark_unknown_strings(node: &mut Node<'static>, file: &str) {
    match &mut node.value {
        Value::String(s) if s.contains(MARK) => {
            let written = node.span.slice(file).unwrap_or("").to_string();
            node.value = Value::Unknown(written.into());
        }
        Value::Array(items) => items.iter_mut().for_each(|n| mark_unknown_strings(n, file)),
        Value::Object(members) => members
            .iter_mut()
            .for_each(|m| mark_unknown_strings(&mut m.value, file)),
        _ => {}
    }
}

/// Decodes a quoted HCL string written at `span` of `file` (quotes included).
pub fn quoted(file: &str, span: Span, options: &ExtractOptions) -> Decoded {
    let mut decoded = Decoded::default();
    let raw = span.slice(file).unwrap_or("");
    let inner = raw
        .strip_prefix('"')
        .map(|s| s.strip_suffix('"').unwrap_or(s))
        .unwrap_or(raw);
    decoded.feed(inner, span.offset() + 1, true, options);
    decoded
}

/// Decodes a heredoc (`<<EOF` or `<<-EOF`, through its closing delimiter)
/// written at `span` of `file`. `<<-` strips the smallest indentation of its
/// non-blank lines, as Terraform does.
pub fn heredoc(file: &str, span: Span, options: &ExtractOptions) -> Decoded {
    let mut decoded = Decoded::default();
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
        decoded.feed(kept, span.offset() + at + cut, false, options);
    }
    decoded
}

/// Decodes a JSON string literal written at `span` of `text` (quotes
/// included): its value and the map of its escapes; `None` when the text
/// there is not a string literal.
pub fn json_string(text: &str, span: Span) -> Option<(String, OffsetMap)> {
    let raw = span.slice(text)?;
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    let base = span.offset() + 1;
    let mut out = String::with_capacity(inner.len());
    let mut map = OffsetMap::new();
    let mut i = 0;
    while i < inner.len() {
        let rest = inner.get(i..)?;
        let Some(after) = rest.strip_prefix('\\') else {
            let run = rest.find('\\').unwrap_or(rest.len());
            out.push_str(rest.get(..run)?);
            map.push_verbatim(base + i, run);
            i += run;
            continue;
        };
        let (c, len) = match after.chars().next()? {
            'n' => ('\n', 2),
            't' => ('\t', 2),
            'r' => ('\r', 2),
            'b' => ('\u{8}', 2),
            'f' => ('\u{c}', 2),
            'u' => {
                let unit = u32::from_str_radix(after.get(1..5)?, 16).ok()?;
                let low = after
                    .get(5..11)
                    .and_then(|s| s.strip_prefix("\\u"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .filter(|low| (0xDC00..0xE000).contains(low));
                match low {
                    Some(low) if (0xD800..0xDC00).contains(&unit) => (
                        char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))?,
                        12,
                    ),
                    _ => (char::from_u32(unit).unwrap_or('\u{FFFD}'), 6),
                }
            }
            other => (other, 1 + other.len_utf8()),
        };
        out.push(c);
        map.push_replaced(c.len_utf8(), base + i, len);
        i += len;
    }
    Some((out, map))
}

/// Decodes `text` (already decoded from the file through `outer`) as
/// template text: for a Terraform JSON string.
pub fn template_of(text: &str, options: &ExtractOptions) -> Decoded {
    let mut decoded = Decoded::default();
    decoded.feed(text, 0, false, options);
    decoded
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> ExtractOptions {
        ExtractOptions::default()
    }

    fn at<'t>(file: &'t str, node: &Node<'_>) -> &'t str {
        node.span.slice(file).unwrap_or("")
    }

    fn member<'n>(node: &'n Node<'static>, key: &str) -> &'n Node<'static> {
        match &node.value {
            Value::Object(members) => match members.iter().find(|m| m.key == key) {
                Some(m) => &m.value,
                None => unreachable!("no member {key}"),
            },
            _ => unreachable!("not an object"),
        }
    }

    #[test]
    fn flush_heredoc_strips_indentation_and_maps_back() {
        let file = "x = <<-EOT\n    {\n      \"Effect\": \"Allw\"\n    }\n    EOT\n";
        let start = file.find("<<-").unwrap_or(0);
        let end = file.rfind("EOT").unwrap_or(0) + 3;
        let decoded = heredoc(file, Span::new(start, end), &options());
        assert_eq!(decoded.text(), "{\n  \"Effect\": \"Allw\"\n}\n");
        let parsed = decoded.parse(file, &|s| s);
        let root = parsed.root.unwrap_or_else(|| unreachable!());
        let effect = member(&root, "Effect");
        assert_eq!(at(file, effect), "\"Allw\"");
        assert_eq!(effect.span.offset(), file.find("\"Allw\"").unwrap_or(0));
    }

    #[test]
    fn escaped_quoted_string_maps_through_escapes() {
        let file = r#"p = "{\"Effect\": \"Deny\", \"A\": \"\u00e9x\"}""#;
        let start = file.find('"').unwrap_or(0);
        let decoded = quoted(file, Span::new(start, file.len()), &options());
        assert_eq!(decoded.text(), "{\"Effect\": \"Deny\", \"A\": \"éx\"}");
        let root = decoded
            .parse(file, &|s| s)
            .root
            .unwrap_or_else(|| unreachable!());
        assert_eq!(at(file, member(&root, "Effect")), r#"\"Deny\""#);
        assert_eq!(at(file, member(&root, "A")), r#"\"\u00e9x\""#);
    }

    #[test]
    fn interpolations_become_unknown_in_and_out_of_strings() {
        let file = "<<EOF\n{\"R\": \"arn:${var.svc}/*\", \"L\": ${jsonencode(local.x)}, \"K\": \"$${lit}\"}\nEOF";
        let decoded = heredoc(file, Span::new(0, file.len()), &options());
        let root = decoded
            .parse(file, &|s| s)
            .root
            .unwrap_or_else(|| unreachable!());
        assert_eq!(
            member(&root, "R").value,
            Value::Unknown("\"arn:${var.svc}/*\"".into())
        );
        assert_eq!(
            member(&root, "L").value,
            Value::Unknown("${jsonencode(local.x)}".into())
        );
        assert_eq!(at(file, member(&root, "L")), "${jsonencode(local.x)}");
        assert_eq!(member(&root, "K").value, Value::String("${lit}".into()));
    }

    #[test]
    fn given_variables_are_substituted() {
        let file = "<<EOF\n{\"R\": \"${var.arn}\"}\nEOF";
        let mut options = options();
        options
            .variables
            .insert("arn".into(), "arn:aws:x\"y".into());
        let decoded = heredoc(file, Span::new(0, file.len()), &options);
        assert!(decoded.is_known());
        let root = decoded
            .parse(file, &|s| s)
            .root
            .unwrap_or_else(|| unreachable!());
        assert_eq!(
            member(&root, "R").value,
            Value::String("arn:aws:x\"y".into())
        );
    }

    #[test]
    fn json_string_escapes_map_to_their_text() {
        let text = r#""{\"a\":\n\"\ud83d\ude00\"}""#;
        let (value, map) = json_string(text, Span::new(0, text.len())).unwrap_or_default();
        assert_eq!(value, "{\"a\":\n\"😀\"}");
        assert_eq!(map.span(Span::new(0, 1)), Span::new(1, 2));
        assert_eq!(map.span(Span::new(1, 2)), Span::new(2, 4));
    }
}
