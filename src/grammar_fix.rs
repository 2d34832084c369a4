//! Fixes for the grammar's findings, computed from the text and the JSON tree
//! once reading is done (the reader and lowering report; this module proposes).
//!
//! Which fixes are safe ([`Applicability`]), and why:
//!
//! * A trailing comma, a missing comma, single quotes around a string without
//!   `"` or `\`, an unquoted key, a bare word such as `Allow` where a string
//!   belongs (not `true`, `null` and the like, which could be another type),
//!   a byte-order mark: JSON syntax only; the values are unchanged. Safe.
//! * A misspelt element or operator name with exactly one close match (the
//!   only candidate at the smallest edit distance, or the only one equal
//!   ignoring case), an `Effect` in the wrong case or misspelt: AWS refuses the text as
//!   written, and it has one reading. Safe. Not offered when the object
//!   already has the corrected name, or two names would become the same.
//! * `NullIfExists` becomes `Null`. Unsafe: read with `IfExists`'s rule,
//!   `NullIfExists: false` holds for every request, `Null: false` only when
//!   the key is present, so which one the author meant is a guess.
//! * A missing or invalid `Version` becomes `2012-10-17`: the two versions differ
//!   only in policy variables (`${...}`), so the fix is safe when the policy has
//!   none and unsafe when it has some (they start being substituted).
//! * A comment is deleted: that cannot change access, but it removes what the
//!   author wrote. Unsafe.

use std::collections::HashMap;

use crate::diagnostic::{codes, Applicability, Edit, Finding, Fix};
use crate::fuzzy;
use crate::json::{Member, Node, SyntaxErrorKind, Value};
use crate::lower::{POLICY_ELEMENTS, STATEMENT_ELEMENTS};
use crate::model::{Operator, PrincipalKind};
use crate::span::Span;

/// The version a fix writes.
const VERSION: &str = "2012-10-17";

/// The fix for a syntax error of `kind` at `span`, when there is one.
pub(crate) fn syntax(text: &str, kind: &SyntaxErrorKind, span: Span) -> Option<Fix> {
    match kind {
        SyntaxErrorKind::TrailingComma => Some(Fix::safe(
            "remove the trailing comma",
            vec![Edit::delete(span)],
        )),
        SyntaxErrorKind::SingleQuotes => {
            let quoted = span.slice(text)?;
            let body = quoted.strip_prefix('\'')?.strip_suffix('\'')?;
            // A body with `"` or `\` would need escapes rewritten: left to the author.
            if body.contains(['"', '\\']) || body.chars().any(char::is_control) {
                return None;
            }
            Some(Fix::safe(
                "use double quotes",
                vec![Edit::replace(span, format!("\"{body}\""))],
            ))
        }
        SyntaxErrorKind::MissingComma => Some(Fix::safe(
            "add the missing comma",
            vec![Edit::insert(span.offset(), ",")],
        )),
        // Key words are letters, digits, `_` and `-`: nothing to escape.
        SyntaxErrorKind::UnquotedKey(word) => Some(Fix::safe(
            "put the key in double quotes",
            vec![Edit::replace(span, format!("\"{word}\""))],
        )),
        // `Allow` without quotes has one reading; `True`, `null`, `None` and
        // the like could be a boolean, a null or a string, so they are left.
        SyntaxErrorKind::BareWord(word)
            if !["true", "false", "null", "none", "undefined", "nil"]
                .contains(&word.to_ascii_lowercase().as_str())
                && word
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') =>
        {
            Some(Fix::safe(
                "put the value in double quotes",
                vec![Edit::replace(span, format!("\"{word}\""))],
            ))
        }
        SyntaxErrorKind::Comment => Some(Fix::unsafe_(
            "remove the comment",
            vec![Edit::delete(comment_extent(text, span))],
        )),
        _ => None,
    }
}

/// The fix for a byte-order mark at `span`.
pub(crate) fn byte_order_mark(span: Span) -> Fix {
    Fix::safe("remove the byte-order mark", vec![Edit::delete(span)])
}

/// What deleting a comment removes: its whole line when it stands alone on
/// it, else the comment and the blanks before it.
fn comment_extent(text: &str, span: Span) -> Span {
    let (start, end) = (span.offset(), span.end as usize);
    let before = text.get(..start).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    let lead = before.get(line_start..).unwrap_or("");
    let after = text.get(end..).unwrap_or("");
    let line_rest = after
        .find('\n')
        .map_or(after, |n| after.get(..n).unwrap_or(""));
    let blank = |s: &str| s.chars().all(|c| matches!(c, ' ' | '\t' | '\r'));
    if blank(lead) && blank(line_rest) && after.contains('\n') {
        let newline = end + line_rest.len() + 1;
        return Span::new(line_start, newline);
    }
    let trimmed = lead.trim_end_matches([' ', '\t']).len();
    Span::new(line_start + trimmed, end)
}

/// Where an object key was written: its level and its object's other keys.
struct Site<'t> {
    level: Level,
    key: &'t str,
    siblings: Vec<&'t str>,
    /// Identifies the object, to keep two fixes from giving it one name twice.
    object: u32,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Policy,
    Statement,
    Operator,
    Principal,
}

/// Attaches fixes to the lowering findings of the policy read from `text`.
pub(crate) fn attach(text: &str, root: &Node<'_>, findings: &mut [Finding]) {
    // Most policies have none of these findings: they cost no index.
    let fixable = [
        &codes::INVALID_POLICY_ELEMENT,
        &codes::INVALID_PRINCIPAL_KEY,
        &codes::INVALID_CONDITION_OPERATOR,
        &codes::NULL_WITH_IF_EXISTS,
        &codes::INVALID_EFFECT,
        &codes::INVALID_VERSION,
        &codes::MISSING_VERSION,
    ];
    if !findings
        .iter()
        .any(|f| fixable.iter().any(|c| std::ptr::eq(f.info, *c)))
    {
        return;
    }
    let variables = text.contains("${");
    let mut sites = HashMap::new();
    index(root, &mut sites);
    let mut renames: Vec<(usize, u32, String, Fix)> = Vec::new();
    for (i, finding) in findings.iter_mut().enumerate() {
        let info = finding.info;
        let site = sites.get(&finding.span.start);
        if std::ptr::eq(info, &codes::INVALID_POLICY_ELEMENT)
            || std::ptr::eq(info, &codes::INVALID_PRINCIPAL_KEY)
            || std::ptr::eq(info, &codes::INVALID_CONDITION_OPERATOR)
            || std::ptr::eq(info, &codes::NULL_WITH_IF_EXISTS)
        {
            if let Some((target, fix)) = site.and_then(|s| rename(s, finding.span)) {
                let object = site.map_or(0, |s| s.object);
                renames.push((i, object, target, fix));
            }
        } else if std::ptr::eq(info, &codes::INVALID_EFFECT) {
            finding.fix = effect(text, finding.span).map(Box::new);
        } else if std::ptr::eq(info, &codes::INVALID_VERSION) {
            let quoted = finding.span.slice(text).is_some_and(|s| s.starts_with('"'));
            finding.fix = quoted
                .then(|| {
                    Fix::safe(
                        format!("write `{VERSION}`"),
                        vec![Edit::replace(finding.span, format!("\"{VERSION}\""))],
                    )
                    .with_applicability(version_applicability(variables))
                })
                .map(Box::new);
        }
    }
    // Two renames to one name in one object would make a duplicate key.
    let clash = |object: u32, target: &str| {
        renames
            .iter()
            .filter(|(_, o, t, _)| *o == object && t == target)
            .count()
            > 1
    };
    let renames_version = renames
        .iter()
        .any(|(_, o, t, _)| *o == root.span.start && t == "Version");
    let chosen: Vec<(usize, Fix)> = renames
        .iter()
        .filter(|(_, o, t, _)| !clash(*o, t))
        .map(|(i, _, _, fix)| (*i, fix.clone()))
        .collect();
    for (i, fix) in chosen {
        if let Some(finding) = findings.get_mut(i) {
            finding.fix = Some(Box::new(fix));
        }
    }
    if !renames_version {
        for finding in findings.iter_mut() {
            if std::ptr::eq(finding.info, &codes::MISSING_VERSION) {
                finding.fix = missing_version(text, root, variables).map(Box::new);
            }
        }
    }
}

/// Safe when the policy has no policy variables: then `2008-10-17` and
/// `2012-10-17` read it the same way.
fn version_applicability(variables: bool) -> Applicability {
    if variables {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    }
}

/// `"allow"` → `"Allow"`, `"Alow"` → `"Allow"`: the one effect close to
/// what was written.
fn effect(text: &str, span: Span) -> Option<Fix> {
    let written = span.slice(text)?.strip_prefix('"')?.strip_suffix('"')?;
    let right = fuzzy::unique_match(written, &["Allow", "Deny"])?;
    Some(Fix::safe(
        format!("write `{right}`"),
        vec![Edit::replace(span, format!("\"{right}\""))],
    ))
}

/// The fix renaming the key at `span`, with the name it gives.
fn rename(site: &Site<'_>, span: Span) -> Option<(String, Fix)> {
    let operators;
    let candidates: Vec<&str> = match site.level {
        Level::Policy => POLICY_ELEMENTS.to_vec(),
        Level::Statement => STATEMENT_ELEMENTS.to_vec(),
        Level::Principal => PrincipalKind::NAMES.to_vec(),
        Level::Operator => {
            operators = Operator::all_names();
            operators.iter().map(String::as_str).collect()
        }
    };
    // An element of the other level, spelt right, is misplaced, not misspelt
    // (`Id` in a statement is not a misspelt `Sid`).
    let misplaced = match site.level {
        Level::Policy => STATEMENT_ELEMENTS.contains(&site.key),
        Level::Statement => POLICY_ELEMENTS.contains(&site.key),
        Level::Operator | Level::Principal => false,
    };
    if misplaced {
        return None;
    }
    let (target, applicability) = match site.key.strip_suffix("IfExists") {
        // `NullIfExists` (with or without a set qualifier) becomes `Null`, but
        // read with `IfExists`'s rule, `NullIfExists: false` holds for every
        // request while `Null: false` requires the key: unsafe.
        Some(null) if site.level == Level::Operator && null.ends_with("Null") => {
            (null.to_string(), Applicability::Unsafe)
        }
        _ => (
            fuzzy::unique_match(site.key, &candidates)?.to_string(),
            Applicability::Safe,
        ),
    };
    if site.siblings.contains(&target.as_str()) {
        return None;
    }
    let fix = Fix::safe(
        format!("replace `{}` with `{target}`", site.key),
        vec![Edit::replace(span, format!("\"{target}\""))],
    )
    .with_applicability(applicability);
    Some((target, fix))
}

/// Inserts `"Version": "2012-10-17"` as the first member of the top-level
/// object, in the layout of the member that follows it.
fn missing_version(text: &str, root: &Node<'_>, variables: bool) -> Option<Fix> {
    let Value::Object(members) = &root.value else {
        return None;
    };
    let open = root.span.offset() + 1;
    let fix = |at: usize, insert: String| {
        Fix::safe(
            format!("add `\"Version\": \"{VERSION}\"`"),
            vec![Edit::insert(at, insert)],
        )
        .with_applicability(version_applicability(variables))
    };
    let Some(first) = members.first() else {
        return Some(fix(open, format!("\"Version\": \"{VERSION}\"")));
    };
    let at = first.key_span.offset();
    let between = text.get(open..at)?;
    let colon = text
        .get(first.key_span.end as usize..first.value.span.offset())
        .filter(|s| s.trim() == ":")
        .unwrap_or(": ");
    let member = format!("\"Version\"{colon}\"{VERSION}\",");
    let insert = match between.rfind('\n') {
        Some(n) => {
            let indent = between.get(n + 1..).unwrap_or("");
            let newline = if between.get(..n).is_some_and(|s| s.ends_with('\r')) {
                "\r\n"
            } else {
                "\n"
            };
            format!("{member}{newline}{indent}")
        }
        None => format!("{member} "),
    };
    Some(fix(at, insert))
}

/// Records where each key of the policy, its statements and their
/// conditions was written, by the offset of the key.
fn index<'t>(root: &'t Node<'_>, sites: &mut HashMap<u32, Site<'t>>) {
    let Value::Object(members) = &root.value else {
        return;
    };
    record(members, Level::Policy, root.span.start, sites);
    for member in members.iter().filter(|m| m.key == "Statement") {
        let statements: Vec<&Node<'_>> = match &member.value.value {
            Value::Array(items) => items.iter().collect(),
            _ => vec![&member.value],
        };
        for statement in statements {
            let Value::Object(elements) = &statement.value else {
                continue;
            };
            record(elements, Level::Statement, statement.span.start, sites);
            for principal in elements
                .iter()
                .filter(|m| m.key == "Principal" || m.key == "NotPrincipal")
            {
                if let Value::Object(kinds) = &principal.value.value {
                    record(kinds, Level::Principal, principal.value.span.start, sites);
                }
            }
            for condition in elements.iter().filter(|m| m.key == "Condition") {
                if let Value::Object(blocks) = &condition.value.value {
                    record(blocks, Level::Operator, condition.value.span.start, sites);
                }
            }
        }
    }
}

fn record<'t>(
    members: &'t [Member<'_>],
    level: Level,
    object: u32,
    sites: &mut HashMap<u32, Site<'t>>,
) {
    let keys: Vec<&str> = members.iter().map(|m| m.key.as_ref()).collect();
    for member in members {
        sites.insert(
            member.key_span.start,
            Site {
                level,
                key: member.key.as_ref(),
                siblings: keys.clone(),
                object,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load_str, LoadOptions};

    fn fixes(text: &str) -> Vec<(String, Fix)> {
        load_str("p.json", text, LoadOptions::default())
            .findings
            .into_iter()
            .filter_map(|f| Some((f.code().to_string(), *f.fix?)))
            .collect()
    }

    fn fixed(text: &str) -> String {
        let all = fixes(text);
        crate::diagnostic::fix::apply(text, all.iter().map(|(_, f)| f)).text
    }

    #[test]
    fn missing_version_follows_the_layout() {
        let pretty = "{\n    \"Statement\": []\n}";
        assert_eq!(
            fixed(pretty),
            "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": []\n}"
        );
        let compact = "{\"Statement\":[]}";
        assert_eq!(
            fixed(compact),
            "{\"Version\":\"2012-10-17\", \"Statement\":[]}"
        );
        let crlf = "{\r\n  \"Statement\": []\r\n}";
        assert_eq!(
            fixed(crlf),
            "{\r\n  \"Version\": \"2012-10-17\",\r\n  \"Statement\": []\r\n}"
        );
    }

    #[test]
    fn version_is_unsafe_with_policy_variables() {
        let text = r#"{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "${aws:username}"}}}]}"#;
        let all = fixes(text);
        let (_, fix) = all.iter().find(|(c, _)| c == "MISSING_VERSION").unwrap();
        assert_eq!(fix.applicability, Applicability::Unsafe);
    }

    #[test]
    fn renames_need_one_candidate_and_no_duplicate() {
        let text = r#"{"Version": "2012-10-17", "Statement": {"Efect": "allow", "Principal": "*", "Action": "*", "Resouce": "*", "Condition": {"StringEqual": {"aws:SourceVpc": "vpc-1"}, "NullIfExists": {"aws:PrincipalTag/a": "true"}}}}"#;
        let deny = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Dny", "Principal": "*", "Action": "*", "Resource": "*"}}"#;
        assert_eq!(fixed(deny), deny.replace("Dny", "Deny"));
        let neither = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Permit", "Principal": "*", "Action": "*", "Resource": "*"}}"#;
        assert!(fixes(neither).is_empty());
        let null = fixes(text)
            .into_iter()
            .find(|(c, _)| c == "NULL_WITH_IF_EXISTS")
            .unwrap();
        assert_eq!(null.1.applicability, Applicability::Unsafe);
        assert_eq!(
            fixed(text),
            r#"{"Version": "2012-10-17", "Statement": {"Effect": "allow", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1"}, "Null": {"aws:PrincipalTag/a": "true"}}}}"#
        );
        // `Effect` is already there: renaming `Efect` would repeat it.
        let both = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Efect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}}"#;
        assert!(fixes(both).is_empty());
        // Two misspellings of one element: neither is renamed.
        let twice = r#"{"Version": "2012-10-17", "Statement": {"Efect": "Allow", "Effet": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}}"#;
        assert!(fixes(twice)
            .iter()
            .all(|(c, _)| c != "INVALID_POLICY_ELEMENT"));
    }

    #[test]
    fn single_quotes_and_byte_order_marks() {
        let text = "\u{feff}{'Version': '2012-10-17', 'Statement': 'say \"hi\"'}";
        let all = fixes(text);
        let codes: Vec<&str> = all.iter().map(|(c, _)| c.as_str()).collect();
        // Three quoted strings are fixed; the one with `"` inside is left.
        assert_eq!(
            codes,
            [
                "BYTE_ORDER_MARK",
                "JSON_SYNTAX_ERROR",
                "JSON_SYNTAX_ERROR",
                "JSON_SYNTAX_ERROR"
            ]
        );
        assert!(all
            .iter()
            .all(|(_, f)| f.applicability == Applicability::Safe));
        assert_eq!(
            fixed(text),
            "{\"Version\": \"2012-10-17\", \"Statement\": 'say \"hi\"'}"
        );
    }

    #[test]
    fn commas_keys_words_and_principal_types() {
        let text = "{Version: \"2012-10-17\" \"Statement\": {\"Effect\": Allow, \"Principal\": {\"Aws\": \"111122223333\"}, \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": {\"Bool\": {\"aws:SecureTransport\": True}}}}";
        assert_eq!(
            fixed(text),
            "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"111122223333\"}, \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": {\"Bool\": {\"aws:SecureTransport\": True}}}}"
        );
    }

    #[test]
    fn a_misplaced_element_is_not_renamed() {
        // `Id` in a statement is one edit from `Sid`, but it is an element
        // of the policy, written in the wrong place.
        let text = r#"{"Version": "2012-10-17", "Statement": {"Id": "x", "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}}"#;
        assert!(fixes(text).is_empty());
    }

    #[test]
    fn comments_go_with_their_line_when_alone_on_it() {
        let text =
            "{\n  // why\n  \"Version\": \"2012-10-17\", /* inline */\n  \"Statement\": []\n}";
        let all = fixes(text);
        assert!(all
            .iter()
            .all(|(_, f)| f.applicability == Applicability::Unsafe));
        let out = crate::diagnostic::fix::apply(text, all.iter().map(|(_, f)| f)).text;
        assert_eq!(
            out,
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}"
        );
    }
}
