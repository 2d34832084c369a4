//! A Terraform file that does not parse, read from the policy around the
//! cursor.
//!
//! While a policy is typed in `policy = jsonencode({ ... })` (a key alone on
//! its line, an `=` not yet written) the HCL reader refuses the file. The
//! object expression is close enough to JSON for the tolerant reader
//! ([`context::locate`]) once each `=` outside a string reads as `:` (the
//! same length, so every offset stays put) and line breaks stand for the
//! commas it already does without. A heredoc (`<<EOF`) is JSON as written.

use super::context::{self, Place, Reach, Token};

/// How the policy around the cursor is written.
pub enum Found {
    /// An HCL object expression (`jsonencode({`).
    Hcl(Place),
    /// JSON in a heredoc.
    Json(Place),
}

/// Where the cursor at `offset` of the Terraform file `text` is, in the
/// `jsonencode` object or heredoc of a `policy` argument it is in.
pub fn locate(text: &str, offset: usize, reach: Reach) -> Option<Found> {
    let before = text.get(..offset)?;
    let encoded = before.rfind("jsonencode(");
    let heredoc = before.rfind("<<");
    match (encoded, heredoc) {
        (Some(e), None) => encoded_object(text, e, offset, reach),
        (Some(e), Some(h)) if h < e => encoded_object(text, e, offset, reach),
        (_, Some(h)) => heredoc_json(text, h, offset, reach),
        (None, None) => None,
    }
}

/// True when the argument the expression at `at` is assigned to is a
/// policy (`policy = `, `assume_role_policy = `).
fn is_policy_argument(text: &str, at: usize) -> bool {
    let line_start = text
        .get(..at)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |n| n + 1);
    text.get(line_start..at)
        .is_some_and(|head| head.contains("policy") && head.contains('='))
}

fn encoded_object(text: &str, at: usize, offset: usize, reach: Reach) -> Option<Found> {
    if !is_policy_argument(text, at) {
        return None;
    }
    let open = at + text.get(at..)?.find('{')?;
    if open >= offset {
        return None;
    }
    let end = matching_end(text, open);
    if offset > end {
        return None;
    }
    let body = as_json(text.get(open..end)?);
    let mut place = restore_colons(context::locate(&body, offset - open, reach));
    place.token = place.token.map(|t| shift(t, open));
    Some(Found::Hcl(place))
}

fn heredoc_json(text: &str, at: usize, offset: usize, reach: Reach) -> Option<Found> {
    if !is_policy_argument(text, at) {
        return None;
    }
    let head_end = at + text.get(at..)?.find('\n')?;
    let tag = text
        .get(at + 2..head_end)?
        .trim()
        .trim_start_matches(['-', '~'])
        .to_owned();
    if tag.is_empty() || offset <= head_end {
        return None;
    }
    // The heredoc ends at a line holding only its tag.
    let mut end = text.len();
    let mut start = head_end + 1;
    for line in text.get(head_end + 1..)?.split_inclusive('\n') {
        if line.trim() == tag {
            end = start;
            break;
        }
        start += line.len();
    }
    if offset > end {
        return None;
    }
    let open = head_end + text.get(head_end..offset)?.find('{')?;
    let body = text.get(open..end)?;
    let mut place = context::locate(body, offset - open, reach);
    place.token = place.token.map(|t| shift(t, open));
    Some(Found::Json(place))
}

/// The offset after the brace that closes the one at `open` (strings
/// skipped), or the end of the text when it is not closed yet.
fn matching_end(text: &str, open: usize) -> usize {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, b) in text.bytes().enumerate().skip(open) {
        match (in_string, b) {
            (true, _) if escaped => escaped = false,
            (true, b'\\') => escaped = true,
            (true, b'"') | (false, b'"') => in_string = !in_string,
            (true, _) => {}
            (false, b'{' | b'[' | b'(') => depth += 1,
            (false, b'}' | b']' | b')') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// Stands for a `:` inside a bare word (`aws:PrincipalType` typed without
/// its quotes, which HCL would not take), so the tolerant reader keeps the
/// word whole; one byte, like the colon, so offsets stay put.
const WORD_COLON: char = '\u{1}';

/// The HCL object text with each `=` outside a string read as `:`, and
/// each `:` inside a bare word as [`WORD_COLON`].
fn as_json(hcl: &str) -> String {
    let mut in_string = false;
    let mut escaped = false;
    let mut previous = ' ';
    let mut chars = hcl.chars().peekable();
    let mut out = String::with_capacity(hcl.len());
    while let Some(c) = chars.next() {
        let next = chars.peek().copied().unwrap_or(' ');
        let mapped = match (in_string, c) {
            (true, _) if escaped => {
                escaped = false;
                c
            }
            (true, '\\') => {
                escaped = true;
                c
            }
            (_, '"') => {
                in_string = !in_string;
                c
            }
            (false, '=') => ':',
            (false, ':') if previous.is_alphanumeric() && next.is_alphanumeric() => WORD_COLON,
            _ => c,
        };
        previous = c;
        out.push(mapped);
    }
    out
}

/// The place with each [`WORD_COLON`] read back as `:`.
fn restore_colons(mut place: Place) -> Place {
    let back = |s: &mut String| {
        if s.contains(WORD_COLON) {
            *s = s.replace(WORD_COLON, ":");
        }
    };
    for step in &mut place.path {
        if let context::Step::Key(k) = step {
            back(k);
        }
    }
    place.siblings.iter_mut().for_each(back);
    if let Some(t) = &mut place.token {
        back(&mut t.text);
    }
    place
}

fn shift(t: Token, by: usize) -> Token {
    Token {
        range: t.range.start + by..t.range.end + by,
        inner: t.inner.start + by..t.inner.end + by,
        ..t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::context::{Role, Step};

    #[test]
    fn a_key_being_typed_in_jsonencode() {
        let text = "resource \"aws_vpclattice_auth_policy\" \"p\" {\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect = \"Allow\"\n      Cond\n    }]\n  })\n}\n";
        let offset = text.find("Cond").unwrap() + 4;
        let Some(Found::Hcl(place)) = locate(text, offset, Reach::Gap) else {
            panic!("no place");
        };
        assert_eq!(place.path, [Step::Key("Statement".into()), Step::Index(0)]);
        assert_eq!(place.role, Role::Key);
        assert_eq!(place.siblings, ["Effect"]);
        let token = place.token.unwrap();
        assert_eq!(text.get(token.inner), Some("Cond"));
    }

    #[test]
    fn outside_a_policy_argument_is_nothing() {
        let text = "locals {\n  tags = jsonencode({\n    Team = \n";
        assert!(locate(text, text.len() - 2, Reach::Gap).is_none());
    }
}
