//! How a completion is written where it goes: in JSON, YAML or HCL, as a
//! key with its separator and the shape of its value, or as a value.
//!
//! A key completes the way an experienced user of a JSON language server
//! expects: `"Effect": `, `"StringEquals": {}`, with no second quote where
//! one was typed, and only the name where the separator is already written
//! (renaming a key keeps its value). In YAML the same key is `Effect: `, a
//! mapping value goes on the next line, indented; in an HCL object
//! (`jsonencode({ ... })`) it is `Effect = `, quoted when it is not an
//! identifier (`"aws:PrincipalType" = `). The snippet form puts the cursor
//! where the value goes, for clients that take snippets.

use std::ops::Range;

use super::context::Token;
use super::document::Syntax;

/// What the value of a completed key looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A string (or a list of them): `"Effect": `.
    Text,
    /// An object: `"Condition": {}`.
    Object,
    /// The statements: an array of objects.
    Statements,
    /// A string or an object (`Principal`).
    Any,
    /// A templated key whose name goes on (`aws:PrincipalTag/`): the name
    /// only, the cursor left for the rest of it.
    Open,
}

/// A completion's text, as written in the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// Plain text.
    pub text: String,
    /// The same with snippet placeholders (`$1`, `$0`), when it has a value
    /// to type.
    pub snippet: Option<String>,
    /// The byte range it replaces.
    pub replace: Range<usize>,
}

/// Where a key goes: what it replaces, whether the opening quote must be
/// written, and whether the separator after it already is.
struct KeySite {
    replace: Range<usize>,
    open_quote: bool,
    /// The quote character of a quoted key being replaced (its closing
    /// quote is in `replace`), when the key is quoted.
    quote: Option<char>,
    separator_follows: bool,
}

fn key_site(text: &str, token: Option<&Token>, offset: usize, separator: char) -> KeySite {
    let (replace, open_quote, quote) = match token {
        Some(t) if t.quoted && t.inner.start > t.range.start => {
            let quote = text
                .get(t.range.start..)
                .and_then(|s| s.chars().next())
                .unwrap_or('"');
            // A closed string: replaced through its closing quote.
            let closed = t.range.end > t.inner.end;
            let end = if closed { t.range.end } else { t.inner.end };
            (t.inner.start..end, false, Some(quote))
        }
        Some(t) => (t.range.clone(), true, None),
        None => (offset..offset, true, None),
    };
    let after = text.get(replace.end..).unwrap_or_default();
    let separator_follows = after.trim_start_matches([' ', '\t']).starts_with(separator);
    // Renaming a quoted key whose separator is written: its content only.
    let replace = match token {
        Some(t) if separator_follows && quote.is_some() => t.inner.clone(),
        _ => replace,
    };
    KeySite {
        replace,
        open_quote,
        quote,
        separator_follows,
    }
}

/// The column of `offset` on its line, in characters.
fn column(text: &str, offset: usize) -> usize {
    let before = text.get(..offset).unwrap_or_default();
    let start = before.rfind('\n').map_or(0, |n| n + 1);
    before.get(start..).unwrap_or_default().chars().count()
}

/// A key completed at the cursor.
pub fn key(
    syntax: Syntax,
    text: &str,
    token: Option<&Token>,
    offset: usize,
    label: &str,
    shape: Shape,
) -> Written {
    if shape == Shape::Open {
        return open_key(syntax, token, offset, label);
    }
    match syntax {
        Syntax::Json => json_key(text, token, offset, label, shape),
        Syntax::Yaml => yaml_key(text, token, offset, label, shape),
        Syntax::Hcl => hcl_key(text, token, offset, label, shape),
    }
}

/// A templated key (`aws:PrincipalTag/`): its prefix, the cursor left
/// inside the quotes for the name.
fn open_key(syntax: Syntax, token: Option<&Token>, offset: usize, label: &str) -> Written {
    let (replace, text) = match token {
        Some(t) if t.quoted && t.inner.start > t.range.start => (t.inner.clone(), label.to_owned()),
        Some(t) if syntax == Syntax::Yaml => (t.range.clone(), label.to_owned()),
        Some(t) => (t.range.clone(), format!("\"{label}")),
        None if syntax == Syntax::Yaml => (offset..offset, label.to_owned()),
        None => (offset..offset, format!("\"{label}")),
    };
    Written {
        text,
        snippet: None,
        replace,
    }
}

/// The snippet of a key's value (after the separator), in JSON and HCL.
fn value_snippet(label: &str, shape: Shape) -> &'static str {
    match (label, shape) {
        ("Effect", _) => "\"${1|Allow,Deny|}\"",
        ("Version", _) => "\"${1:2012-10-17}\"",
        (_, Shape::Text) => "\"$1\"",
        (_, Shape::Object) => "{$1}",
        (_, Shape::Statements) => "[{$1}]",
        (_, Shape::Any | Shape::Open) => "$1",
    }
}

/// A key written at its site between `open` and `close` (its quotes, or
/// none), then `separator` and an empty value of its shape; only the name
/// when the separator is written already. JSON and HCL differ in those.
fn written_key(
    site: KeySite,
    open: &str,
    close: &str,
    label: &str,
    separator: &str,
    shape: Shape,
) -> Written {
    if site.separator_follows {
        let text = if site.quote.is_some() {
            label.to_owned()
        } else {
            format!("{open}{label}{close}")
        };
        return Written {
            text,
            snippet: None,
            replace: site.replace,
        };
    }
    let plain = match shape {
        Shape::Object => "{}",
        Shape::Statements => "[]",
        _ => "",
    };
    Written {
        text: format!("{open}{label}{close}{separator}{plain}"),
        snippet: Some(format!(
            "{open}{label}{close}{separator}{}",
            value_snippet(label, shape)
        )),
        replace: site.replace,
    }
}

fn json_key(
    text: &str,
    token: Option<&Token>,
    offset: usize,
    label: &str,
    shape: Shape,
) -> Written {
    let site = key_site(text, token, offset, ':');
    let open = if site.open_quote { "\"" } else { "" };
    let close = site.quote.map_or('"', |q| q);
    written_key(site, open, &close.to_string(), label, ": ", shape)
}

fn yaml_key(
    text: &str,
    token: Option<&Token>,
    offset: usize,
    label: &str,
    shape: Shape,
) -> Written {
    let site = key_site(text, token, offset, ':');
    let close = site.quote.map(String::from).unwrap_or_default();
    let indent = " "
        .repeat(column(text, site.replace.start).saturating_sub(usize::from(site.quote.is_some())));
    if site.separator_follows {
        return Written {
            text: label.to_owned(),
            snippet: None,
            replace: site.replace,
        };
    }
    let (text, snippet) = match (label, shape) {
        ("Effect", _) => (
            format!("{label}{close}: "),
            Some(format!("{label}{close}: ${{1|Allow,Deny|}}")),
        ),
        ("Version", _) => (
            format!("{label}{close}: "),
            Some(format!("{label}{close}: \"${{1:2012-10-17}}\"")),
        ),
        (_, Shape::Object) => (
            format!("{label}{close}:\n{indent}  "),
            Some(format!("{label}{close}:\n{indent}  $0")),
        ),
        (_, Shape::Statements) => (
            format!("{label}{close}:\n{indent}  - "),
            Some(format!("{label}{close}:\n{indent}  - $0")),
        ),
        (_, Shape::Text | Shape::Any | Shape::Open) => (
            format!("{label}{close}: "),
            Some(format!("{label}{close}: $0")),
        ),
    };
    Written {
        text,
        snippet,
        replace: site.replace,
    }
}

/// True for a name HCL takes as an object key without quotes.
fn is_identifier(label: &str) -> bool {
    label
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && label
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn hcl_key(text: &str, token: Option<&Token>, offset: usize, label: &str, shape: Shape) -> Written {
    let site = key_site(text, token, offset, '=');
    let (open, close) = match site.quote {
        Some(q) => (String::new(), q.to_string()),
        None if is_identifier(label) => (String::new(), String::new()),
        None => ("\"".to_owned(), "\"".to_owned()),
    };
    written_key(site, &open, &close, label, " = ", shape)
}

/// A value completed at the cursor.
pub fn value(syntax: Syntax, token: Option<&Token>, offset: usize, label: &str) -> Written {
    let (replace, quoted) = match token {
        Some(t) if t.quoted => (t.inner.clone(), true),
        Some(t) => (t.inner.clone(), false),
        None => (offset..offset, false),
    };
    let text = if quoted || syntax == Syntax::Yaml && plain_yaml(label) {
        label.to_owned()
    } else {
        format!("\"{label}\"")
    };
    Written {
        text,
        snippet: None,
        replace,
    }
}

/// True when `value` reads as the same string written as a YAML plain
/// scalar: not an indicator first, no `: ` or ` #`, and not a word YAML
/// reads as a boolean, null, number or date.
fn plain_yaml(value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) || value.contains(": ") || value.contains(" #") {
        return false;
    }
    let lower = value.to_ascii_lowercase();
    let special = matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~"
    );
    let numeric = value
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '.' | ':' | '+' | 'e' | 'E'));
    !special && !numeric
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_plain_scalars() {
        assert!(plain_yaml("Allow"));
        assert!(plain_yaml("vpc-lattice-svcs:Invoke"));
        assert!(!plain_yaml("*"));
        assert!(!plain_yaml("2012-10-17"));
        assert!(!plain_yaml("true"));
        assert!(!plain_yaml("111122223333"));
    }

    #[test]
    fn hcl_identifiers() {
        assert!(is_identifier("StringEquals"));
        assert!(!is_identifier("aws:PrincipalType"));
        assert!(!is_identifier("ForAnyValue:StringLike"));
    }
}
