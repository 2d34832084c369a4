//! Policy JSON written as template text, whose placeholders are filled in
//! at deploy time: a Terraform heredoc or string (`${var.arn}`, `%{ if }`),
//! a CloudFormation `Fn::Sub` string (`${AWS::AccountId}`), a Kubernetes
//! manifest passed through `envsubst` (`$ACCOUNT_ID`, `${ACCOUNT_ID}`).
//!
//! A placeholder the user gave a value for (`--var`, `--parameter`,
//! `--account`, `--env`) is replaced by it, spanned over the placeholder.
//! Any other becomes a hole in the decoded JSON: inside a JSON string, that
//! string becomes [`Value::Unknown`] (its other characters are text, but the
//! value as a whole is not known: `arn:aws:iam::${AccountId}:root` can be any
//! account's); outside a string (`"Resource": ${jsonencode(var.arns)}`), the
//! JSON value it stands for becomes `Unknown` with the placeholder as
//! written, and the rest of the document is still checked.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::diagnostic::Finding;
use crate::iac::offsets::OffsetMap;
use crate::json::{self, Node, Value};
use crate::span::Span;

/// Stands, in the decoded text, for a placeholder inside a JSON string: a
/// private-use character no policy has a reason to contain.
const MARK: char = '\u{E000}';

/// Which placeholders the text holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// A Terraform template: `${expression}` interpolations and `%{…}`
    /// directives; `$${` and `%%{` are the literal `${` and `%{`. A value is
    /// looked up for `${var.NAME}` by `NAME`, and written JSON-escaped inside
    /// a string (Terraform users give the value, not its JSON).
    Terraform,
    /// A CloudFormation `Fn::Sub` string: `${Name}` (a parameter, a pseudo
    /// parameter, a resource, `${Resource.Attribute}`, a variable of the list
    /// form); `${!Literal}` is the text `${Literal}`. A value is looked up by
    /// the name between the braces and written as is, as `Fn::Sub` does.
    Sub,
    /// `envsubst`: `$NAME` and `${NAME}` of shell names (`${aws:username}`,
    /// an IAM policy variable, is not one). A value is written as is.
    Environment,
}

/// How a JSON string holding a placeholder names the unknown value it
/// becomes, in messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Naming {
    /// The string as written in the file, quotes and escapes included.
    Written,
    /// The string's text, each placeholder in it as written.
    Decoded,
}

/// The placeholders of one piece of template text, and the values given.
#[derive(Clone, Copy, Debug)]
pub struct Placeholders<'a> {
    /// Which placeholders the text holds.
    pub syntax: Syntax,
    /// The values given, by name (see [`Syntax`] for how a placeholder is
    /// named).
    pub given: &'a BTreeMap<String, String>,
    /// How a string holding a placeholder is named.
    pub naming: Naming,
}

/// A placeholder found at the start of some text.
enum Found<'r> {
    /// An escaped placeholder: the text it stands for, and its written length.
    Literal(&'static str, usize),
    /// A placeholder: its written text and the name a value is given under
    /// (`None` when no value can be given, as for a Terraform directive).
    Hole(&'r str, Option<&'r str>),
}

/// A policy read from template text.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The tree, spans in the original file; `None` when its JSON is unreadable.
    pub root: Option<Node<'static>>,
    /// The JSON's syntax errors, located in the original file.
    pub findings: Vec<Finding>,
}

/// Decoded template text: what the tool would render, with holes.
#[derive(Debug)]
pub struct Template<'a> {
    placeholders: Placeholders<'a>,
    text: String,
    map: OffsetMap,
    /// Decoded offsets of the `null`s standing for placeholders outside a
    /// string, with each placeholder as written.
    holes: Vec<(usize, String)>,
    /// Decoded offsets of the [`MARK`]s standing for placeholders inside a
    /// string, with each placeholder as written.
    marks: Vec<(usize, String)>,
    in_string: bool,
    escaped: bool,
}

impl<'a> Template<'a> {
    /// Empty text, to [`feed`](Template::feed).
    pub fn new(placeholders: Placeholders<'a>) -> Self {
        Template {
            placeholders,
            text: String::new(),
            map: OffsetMap::new(),
            holes: Vec::new(),
            marks: Vec::new(),
            in_string: false,
            escaped: false,
        }
    }

    /// Appends decoded `s`, which was written as `original..original + len`
    /// (verbatim when the lengths agree, an escape otherwise).
    pub(super) fn push(&mut self, s: &str, original: usize, len: usize) {
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

    /// A placeholder written at `original` as `written`, given a value under
    /// `name` or not.
    fn hole(&mut self, written: &str, name: Option<&str>, original: usize) {
        let given = name.and_then(|n| self.placeholders.given.get(n)).cloned();
        match given {
            Some(value) if self.in_string && self.placeholders.syntax == Syntax::Terraform => {
                let escaped = json_escape(&value);
                self.map
                    .push_replaced(escaped.len(), original, written.len());
                self.text.push_str(&escaped);
            }
            Some(value) => {
                self.map.push_replaced(value.len(), original, written.len());
                value.chars().for_each(|c| self.track(c));
                self.text.push_str(&value);
            }
            None if self.in_string => {
                self.marks.push((self.text.len(), written.to_owned()));
                self.map
                    .push_replaced(MARK.len_utf8(), original, written.len());
                self.text.push(MARK);
            }
            None => {
                self.holes.push((self.text.len(), written.to_owned()));
                self.map.push_replaced(4, original, written.len());
                self.text.push_str("null");
            }
        }
    }

    /// The placeholder at the start of `rest`, if one starts there.
    fn placeholder<'r>(&self, rest: &'r str) -> Option<Found<'r>> {
        match self.placeholders.syntax {
            Syntax::Terraform => {
                if rest.starts_with("$${") || rest.starts_with("%%{") {
                    let literal = if rest.starts_with('$') { "${" } else { "%{" };
                    return Some(Found::Literal(literal, 3));
                }
                if !(rest.starts_with("${") || rest.starts_with("%{")) {
                    return None;
                }
                let len = interpolation_len(rest).unwrap_or(rest.len());
                let written = rest.get(..len).unwrap_or(rest);
                let name = written
                    .starts_with("${")
                    .then(|| written.get(2..len.saturating_sub(1)))
                    .flatten()
                    .map(|inner| inner.trim_matches(|c: char| c == '~' || c.is_whitespace()))
                    .and_then(|inner| inner.strip_prefix("var."));
                Some(Found::Hole(written, name))
            }
            Syntax::Sub => sub_placeholder(rest),
            Syntax::Environment => {
                let (len, name) = env_placeholder(rest)?;
                Some(Found::Hole(rest.get(..len)?, Some(name)))
            }
        }
    }

    /// Feeds `raw`, written at `base`, as template text; with `escapes` the
    /// backslash escapes of a quoted HCL string are decoded too.
    pub fn feed(&mut self, raw: &str, base: usize, escapes: bool) {
        let mut i = 0;
        let mut run = 0;
        while i < raw.len() {
            let rest = raw.get(i..).unwrap_or("");
            let first = rest.chars().next().map_or(1, char::len_utf8);
            let found = match rest.as_bytes().first() {
                Some(b'$' | b'%') => self.placeholder(rest),
                _ => None,
            };
            let escape = escapes && rest.starts_with('\\');
            if found.is_none() && !escape {
                i += first;
                continue;
            }
            self.push(raw.get(run..i).unwrap_or(""), base + run, i - run);
            match found {
                Some(Found::Literal(text, len)) => {
                    self.push(text, base + i, len);
                    i += len;
                }
                Some(Found::Hole(written, name)) => {
                    self.hole(written, name, base + i);
                    i += written.len().max(1);
                }
                None => {
                    let (decoded, len) = super::hcl::escape(rest);
                    self.push(&decoded, base + i, len);
                    i += len;
                }
            }
            run = i;
        }
        self.push(raw.get(run..).unwrap_or(""), base + run, raw.len() - run);
    }

    /// True when the text holds no placeholder left unknown.
    pub fn is_known(&self) -> bool {
        self.holes.is_empty() && self.marks.is_empty()
    }

    /// The decoded text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Parses the decoded text as JSON; `outer` moves a span of the text
    /// this was fed from into the original `file` (the identity for text
    /// read straight from the file).
    pub fn parse(&self, file: &str, outer: &dyn Fn(Span) -> Span) -> Parsed {
        let to_file = |s: Span| outer(self.map.span(s));
        let parsed = json::parse(&self.text);
        let findings = syntax_findings(&self.text, &parsed.errors, &to_file);
        let root = parsed.root.map(|mut root| {
            self.fill(&mut root, file, &to_file);
            root.map_spans(&to_file);
            root.into_owned()
        });
        Parsed { root, findings }
    }

    /// The holes of `node` (spans still in the decoded text) made unknown:
    /// a `null` standing for a placeholder, and a string holding one.
    fn fill(&self, node: &mut Node<'_>, file: &str, to_file: &dyn Fn(Span) -> Span) {
        match &mut node.value {
            Value::Null => {
                let at = node.span.offset();
                if let Ok(i) = self.holes.binary_search_by_key(&at, |(at, _)| *at) {
                    if let Some((_, written)) = self.holes.get(i) {
                        node.value = Value::Unknown(Cow::Owned(written.clone()));
                    }
                }
            }
            Value::String(s) if s.contains(MARK) => {
                let name = match self.placeholders.naming {
                    Naming::Written => to_file(node.span).slice(file).unwrap_or("").to_owned(),
                    Naming::Decoded => self.restore(s, node.span),
                };
                node.value = Value::Unknown(Cow::Owned(name));
            }
            Value::Array(items) => items.iter_mut().for_each(|n| self.fill(n, file, to_file)),
            Value::Object(members) => members
                .iter_mut()
                .for_each(|m| self.fill(&mut m.value, file, to_file)),
            _ => {}
        }
    }

    /// `value`, a string written at `span` of the decoded text, with each
    /// [`MARK`] in it put back as the placeholder it stands for.
    fn restore(&self, value: &str, span: Span) -> String {
        let from = self.marks.partition_point(|(at, _)| *at < span.offset());
        let mut written = self.marks.iter().skip(from).map(|(_, w)| w.as_str());
        let mut out = String::with_capacity(value.len());
        for c in value.chars() {
            match (c, c == MARK) {
                (_, true) => out.push_str(written.next().unwrap_or("\u{E000}")),
                (c, false) => out.push(c),
            }
        }
        out
    }
}

/// The `Fn::Sub` placeholder at the start of `rest`: `${!Literal}` is the
/// text `${Literal}`; `${Name}` a hole. A name is a parameter, a pseudo
/// parameter, a logical id or `Resource.Attribute`: `${` before anything
/// else is text.
fn sub_placeholder(rest: &str) -> Option<Found<'_>> {
    let after = rest.strip_prefix("${")?;
    if after.starts_with('!') {
        return Some(Found::Literal("${", 3));
    }
    let close = after
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, ':' | '.' | '_' | '-' | ' ')))?;
    if !after.get(close..)?.starts_with('}') {
        return None;
    }
    let written = rest.get(..close + 3)?;
    Some(Found::Hole(written, Some(after.get(..close)?.trim())))
}

/// The names of the placeholders of an `Fn::Sub` string, in order.
pub fn sub_names(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut at = 0;
    while let Some(found) = text.get(at..).and_then(|rest| rest.find("${")) {
        at += found;
        match text.get(at..).and_then(sub_placeholder) {
            Some(Found::Hole(written, Some(name))) => {
                names.push(name);
                at += written.len();
            }
            _ => at += 2,
        }
    }
    names
}

/// Parses `text`, decoded from the original file, as JSON with no
/// placeholders: `map` moves its spans into the file.
pub fn parse_plain(text: &str, map: &dyn Fn(Span) -> Span) -> Parsed {
    let parsed = json::parse(text);
    let findings = syntax_findings(text, &parsed.errors, map);
    let root = parsed.root.map(|mut root| {
        root.map_spans(&map);
        root.into_owned()
    });
    Parsed { root, findings }
}

/// The JSON syntax errors of decoded text, located in the file.
fn syntax_findings(
    text: &str,
    errors: &[json::SyntaxError],
    map: &dyn Fn(Span) -> Span,
) -> Vec<Finding> {
    errors
        .iter()
        .map(|error| {
            let mut finding = crate::load::syntax_finding(text, error);
            // A fix's edits are offsets of the decoded text, not of the
            // file: rather none than one that edits the wrong bytes.
            finding.fix = None;
            // The end of a block scalar or heredoc is after its last line
            // break, which is the start of the host file's next line: an
            // error at the end of the text is shown where its content ends.
            let content_end = text.trim_end().len();
            if finding.span.offset() >= content_end && content_end < text.len() {
                finding.span = Span::new(content_end, content_end);
            }
            finding.span = map(finding.span);
            for related in &mut finding.related {
                related.span = map(related.span);
            }
            finding
        })
        .collect()
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

/// One `$NAME` or `${NAME}` placeholder of `envsubst` at the start of
/// `text`: its length and its name.
pub fn env_placeholder(text: &str) -> Option<(usize, &str)> {
    let rest = text.strip_prefix('$')?;
    let (name, len) = match rest.strip_prefix('{') {
        Some(braced) => {
            let close = braced.find('}')?;
            (braced.get(..close)?, close + 3)
        }
        None => {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            (rest.get(..end)?, end + 1)
        }
    };
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then_some((len, name))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn member<'n>(node: &'n Node<'static>, key: &str) -> &'n Node<'static> {
        match &node.value {
            Value::Object(members) => match members.iter().find(|m| m.key == key) {
                Some(m) => &m.value,
                None => unreachable!("no member {key}"),
            },
            _ => unreachable!("not an object"),
        }
    }

    fn read(syntax: Syntax, naming: Naming, given: &[(&str, &str)], text: &str) -> Parsed {
        let given: BTreeMap<String, String> = given
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut template = Template::new(Placeholders {
            syntax,
            given: &given,
            naming,
        });
        template.feed(text, 0, false);
        template.parse(text, &|s| s)
    }

    #[test]
    fn env_placeholders_are_shell_names_only() {
        assert_eq!(env_placeholder("$VPC_ID x"), Some((7, "VPC_ID")));
        assert_eq!(
            env_placeholder("${ACCOUNT_ID}:root"),
            Some((13, "ACCOUNT_ID"))
        );
        assert_eq!(env_placeholder("${aws:username}"), None);
        assert_eq!(env_placeholder("$1"), None);
        assert_eq!(env_placeholder("$"), None);
    }

    #[test]
    fn sub_placeholders_become_unknown_and_given_ones_are_spanned_over_theirs() {
        let text = r#"{"P": "arn:aws:iam::${AWS::AccountId}:root", "R": "${Svc.Arn}/*", "L": "${!Literal}", "V": ${Vpcs}, "G": "${Org}"}"#;
        let parsed = read(Syntax::Sub, Naming::Decoded, &[("Org", "o-1")], text);
        assert!(parsed.findings.is_empty(), "{:?}", parsed.findings);
        let root = parsed.root.unwrap_or_else(|| unreachable!());
        assert_eq!(
            member(&root, "P").value,
            Value::Unknown("arn:aws:iam::${AWS::AccountId}:root".into())
        );
        assert_eq!(
            member(&root, "R").value,
            Value::Unknown("${Svc.Arn}/*".into())
        );
        assert_eq!(member(&root, "L").value, Value::String("${Literal}".into()));
        assert_eq!(member(&root, "V").value, Value::Unknown("${Vpcs}".into()));
        assert_eq!(member(&root, "V").span.slice(text), Some("${Vpcs}"));
        let given = member(&root, "G");
        assert_eq!(given.value, Value::String("o-1".into()));
        assert_eq!(given.span.slice(text), Some("\"${Org}\""));
    }

    #[test]
    fn written_naming_names_the_string_as_in_the_file() {
        let text = r#"{"R": "a\"${x}"}"#;
        let parsed = read(Syntax::Environment, Naming::Written, &[], text);
        let root = parsed.root.unwrap_or_else(|| unreachable!());
        assert_eq!(
            member(&root, "R").value,
            Value::Unknown(r#""a\"${x}""#.into())
        );
        let parsed = read(Syntax::Environment, Naming::Decoded, &[], text);
        let root = parsed.root.unwrap_or_else(|| unreachable!());
        assert_eq!(member(&root, "R").value, Value::Unknown(r#"a"${x}"#.into()));
    }

    #[test]
    fn env_values_replace_their_placeholder_and_map_back_to_it() {
        let text = r#"{"A": "x ${A} $B y", "C": $C}"#;
        let parsed = read(
            Syntax::Environment,
            Naming::Decoded,
            &[("A", "111122223333"), ("C", "[1]")],
            text,
        );
        let root = parsed.root.unwrap_or_else(|| unreachable!());
        assert_eq!(
            member(&root, "A").value,
            Value::Unknown("x 111122223333 $B y".into())
        );
        let given = member(&root, "C");
        assert!(matches!(given.value, Value::Array(_)));
        assert_eq!(given.span.slice(text), Some("$C"));
    }

    #[test]
    fn an_unclosed_sub_placeholder_is_text() {
        let text = r#"{"R": "${x"}"#;
        let parsed = read(Syntax::Sub, Naming::Decoded, &[], text);
        let root = parsed.root.unwrap_or_else(|| unreachable!());
        assert_eq!(member(&root, "R").value, Value::String("${x".into()));
    }
}
