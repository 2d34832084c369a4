//! A YAML file that does not parse, read by its indentation.
//!
//! While a key is being typed in a CloudFormation or Kubernetes file
//! (`Princ` alone on its line, `- Eff`) the YAML reader rightly refuses the
//! whole file, so hover and completion would have nothing to go on. This
//! reader never refuses: it takes the cursor's line, and climbs to the lines
//! indented less than it, each a mapping key or a sequence item, to rebuild
//! the path from the file's root. The path is cut after its last policy key
//! (`Policy`, `PolicyDocument`, `policy`); a path without one is not in a
//! policy, and gets no answer. A policy written as JSON in a block scalar
//! (`policy: |`) is read as JSON from its first `{`.

use std::ops::Range;

use super::context::{self, Place, Reach, Role, Step, Token};

/// The keys a policy document is the value of: CloudFormation's
/// `Policy` (`AWS::VpcLattice::AuthPolicy`) and `PolicyDocument` (IAM),
/// Kubernetes' `spec.policy`.
const POLICY_KEYS: [&str; 3] = ["Policy", "PolicyDocument", "policy"];

/// What the cursor is in: a policy written as YAML, or as JSON in a block
/// scalar.
pub enum Found {
    /// A YAML mapping or sequence.
    Yaml(Place),
    /// JSON text in a block scalar.
    Json(Place),
}

/// One line of the file, as far as indentation tells.
#[derive(Clone, Debug)]
struct Line {
    /// Where the line starts in the file.
    start: usize,
    /// Leading spaces: the column of its `-` when it starts a sequence item.
    indent: usize,
    /// True when it starts with `- `.
    dash: bool,
    /// The column its content starts at (after `- ` and spaces).
    col: usize,
    /// Its key, when it is `key:` or `key: value`: the key's text and range
    /// (quotes included) and where the colon is.
    key: Option<(String, Range<usize>, usize)>,
    /// The whole line, without its line break.
    end: usize,
    /// True for a line of spaces or a comment.
    blank: bool,
}

fn read_line(text: &str, start: usize, end: usize) -> Line {
    let raw = text.get(start..end).unwrap_or_default();
    let indent = raw.len() - raw.trim_start_matches(' ').len();
    let rest = raw.get(indent..).unwrap_or_default();
    let dash = rest == "-" || rest.starts_with("- ");
    let col = if dash {
        let after = rest.get(1..).unwrap_or_default();
        indent + 1 + (after.len() - after.trim_start_matches(' ').len())
    } else {
        indent
    };
    let content = raw.get(col..).unwrap_or_default();
    let blank = (content.trim().is_empty() && !dash) || content.starts_with('#');
    let key = key_of(content).map(|(k, r, colon)| {
        (
            k,
            start + col + r.start..start + col + r.end,
            start + col + colon,
        )
    });
    Line {
        start,
        indent,
        dash,
        col,
        key,
        end,
        blank,
    }
}

/// The key of a line's content (`key: value`, `"key": value`, `key:`):
/// its text, its range in the content (quotes included), and the colon's
/// offset in the content.
fn key_of(content: &str) -> Option<(String, Range<usize>, usize)> {
    let first = content.chars().next()?;
    if first == '"' || first == '\'' {
        let close = content.get(1..)?.find(first)? + 1;
        let after = content.get(close + 1..)?;
        let colon = close + 1 + after.len() - after.trim_start_matches(' ').len();
        let rest = content.get(colon..)?;
        if rest.starts_with(':')
            && rest
                .get(1..)
                .is_none_or(|r| r.is_empty() || r.starts_with([' ', '\t']))
        {
            return Some((content.get(1..close)?.to_owned(), 0..close + 1, colon));
        }
        return None;
    }
    if first == '{' || first == '[' || first == '#' {
        return None;
    }
    let bytes = content.as_bytes();
    let colon = (0..bytes.len()).find(|&i| {
        bytes.get(i) == Some(&b':') && matches!(bytes.get(i + 1), None | Some(b' ' | b'\t'))
    })?;
    let key = content.get(..colon)?.trim_end();
    (!key.is_empty()).then(|| (key.to_owned(), 0..key.len(), colon))
}

/// Every line of `text`, with the index of the one holding `offset`.
fn lines(text: &str, offset: usize) -> (Vec<Line>, usize) {
    let mut out = Vec::new();
    let mut at = None;
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let end = start + piece.trim_end_matches(['\n', '\r']).len();
        if at.is_none() && offset <= end {
            at = Some(out.len());
        }
        out.push(read_line(text, start, end));
        start += piece.len();
    }
    if text.is_empty() || text.ends_with('\n') {
        if at.is_none() {
            at = Some(out.len());
        }
        out.push(read_line(text, start, start));
    }
    let at = at.unwrap_or(out.len().saturating_sub(1));
    (out, at)
}

/// Where the cursor at `offset` of the YAML file `text` is, in the policy
/// it is in; `None` outside any policy.
pub fn locate(text: &str, offset: usize, reach: Reach) -> Option<Found> {
    let (lines, at) = lines(text, offset);
    let here = lines.get(at)?;
    // The cursor's own line: on its key, on its value, or where a key goes.
    let before = text.get(here.start..offset)?;
    let typing_indent = before.chars().all(|c| c == ' ');
    let (role, token, col, own_key) = match &here.key {
        Some((key, _, colon)) if offset > *colon => {
            let token = value_token(text, colon + 1, here.end, offset, reach);
            (Role::Value, token, here.col, Some(key.clone()))
        }
        Some((key, range, _)) => (
            Role::Key,
            key_token(text, key, range.clone(), offset, reach),
            here.col,
            None,
        ),
        None if typing_indent && !here.dash => (Role::Key, None, offset - here.start, None),
        None => {
            let token = value_token(text, here.start + here.col, here.end, offset, reach);
            (Role::Key, token, here.col, None)
        }
    };
    // Climb: siblings at the cursor's column, then each parent.
    let mut path: Vec<Step> = Vec::new();
    let mut siblings = Vec::new();
    let own_col = col;
    let mut col = col;
    // The column of the `-` of the sequence item being climbed out of.
    let mut item: Option<usize> = here.dash.then_some(here.indent);
    let mut index = 0;
    // Siblings are the keys of the cursor's own mapping, not its parents'.
    let mut own_level = true;
    for line in lines.get(..at)?.iter().rev().filter(|l| !l.blank) {
        if let Some(dash) = item {
            if line.dash && line.indent == dash {
                index += 1;
                continue;
            }
            if line.indent > dash {
                continue;
            }
            // The sequence's key: less indented, or at the `-`'s column.
            let (key, _, colon) = line.key.clone()?;
            if let Some(found) = block_scalar(text, line, colon, &key, offset, reach) {
                return found;
            }
            path.push(Step::Index(index));
            path.push(Step::Key(key));
            own_level = false;
            item = line.dash.then_some(line.indent);
            index = 0;
            col = line.col;
            continue;
        }
        if line.col >= col && line.indent < col && line.dash || line.col == col && line.dash {
            // The first line of the sequence item whose mapping this is.
            if own_level {
                siblings.extend(line.key.as_ref().map(|k| k.0.clone()));
            }
            item = Some(line.indent);
            index = 0;
            continue;
        }
        if line.indent >= col {
            if line.indent == col && !line.dash && own_level {
                siblings.extend(line.key.as_ref().map(|k| k.0.clone()));
            }
            continue;
        }
        let (key, _, colon) = line.key.clone()?;
        if let Some(found) = block_scalar(text, line, colon, &key, offset, reach) {
            return found;
        }
        path.push(Step::Key(key));
        own_level = false;
        item = line.dash.then_some(line.indent);
        index = 0;
        col = line.col;
    }
    if item.is_some() {
        return None;
    }
    path.reverse();
    let cut = path
        .iter()
        .rposition(|s| matches!(s, Step::Key(k) if POLICY_KEYS.contains(&k.as_str())))?;
    path.drain(..=cut);
    // A scalar item of a list (`- vpc-lattice-svcs:Invoke`) is a value;
    // in the list of statements, an item's first line is a key.
    let role = match (role, path.last()) {
        (Role::Key, Some(Step::Index(_))) if here.key.is_none() && here.dash => {
            let in_statements =
                path.len() == 2 && path.first() == Some(&Step::Key("Statement".into()));
            if in_statements {
                Role::Key
            } else {
                Role::Value
            }
        }
        (role, _) => role,
    };
    if let Some(key) = own_key {
        path.push(Step::Key(key));
        if let Some((n, _)) = flow_item(text, here, offset) {
            path.push(Step::Index(n));
        }
    }
    let siblings_after = lines
        .iter()
        .skip(at + 1)
        .filter(|l| !l.blank)
        .take_while(|l| l.indent >= own_col)
        .filter(|l| l.indent == own_col && !l.dash)
        .filter_map(|l| l.key.as_ref().map(|k| k.0.clone()));
    if role == Role::Key {
        siblings.extend(siblings_after);
        if let Some(t) = &token {
            siblings.retain(|s| *s != t.text);
        }
    } else {
        siblings.clear();
    }
    Some(Found::Yaml(Place {
        path,
        role,
        token,
        siblings,
    }))
}

/// When the parent `line` holds a block scalar (`policy: |`) of a policy
/// key, the place in its JSON text (`Some(None)` when there is none).
fn block_scalar(
    text: &str,
    line: &Line,
    colon: usize,
    key: &str,
    offset: usize,
    reach: Reach,
) -> Option<Option<Found>> {
    let value = text.get(colon + 1..line.end)?.trim();
    if !(value.starts_with('|') || value.starts_with('>')) {
        return None;
    }
    if !POLICY_KEYS.contains(&key) {
        return Some(None);
    }
    let body_start = line.end;
    let open = body_start + text.get(body_start..offset)?.find('{')?;
    let body = text.get(open..)?;
    let mut place = context::locate(body, offset - open, reach);
    place.token = place.token.map(|t| shift(t, open));
    Some(Some(Found::Json(place)))
}

fn shift(t: Token, by: usize) -> Token {
    Token {
        range: t.range.start + by..t.range.end + by,
        inner: t.inner.start + by..t.inner.end + by,
        ..t
    }
}

/// A key's token, when the cursor is on it.
fn key_token(
    text: &str,
    key: &str,
    range: Range<usize>,
    offset: usize,
    reach: Reach,
) -> Option<Token> {
    let on = match reach {
        Reach::Character => range.start <= offset && offset < range.end,
        Reach::Gap => range.start <= offset && offset <= range.end,
    };
    if !on {
        return None;
    }
    let written = text.get(range.clone())?;
    let quoted = written.starts_with(['"', '\'']);
    let inner = if quoted {
        range.start + 1..range.end.saturating_sub(1).max(range.start + 1)
    } else {
        range.clone()
    };
    Some(Token {
        text: key.to_owned(),
        range,
        inner,
        quoted,
    })
}

/// Which item of a flow sequence (`[a, b]`) on `line` the cursor is in,
/// and the item's range.
fn flow_item(text: &str, line: &Line, offset: usize) -> Option<(usize, Range<usize>)> {
    let (_, _, colon) = line.key.as_ref()?;
    let value = text.get(colon + 1..line.end)?;
    let open = colon + 1 + value.find('[')?;
    if !value.trim_start().starts_with('[') || offset <= open {
        return None;
    }
    let inside = text.get(open + 1..offset)?;
    let n = inside.matches(',').count();
    let start = open + 1 + inside.rfind(',').map_or(0, |c| c + 1);
    let after = text.get(offset..line.end)?;
    let end = offset + after.find([',', ']']).unwrap_or(after.len());
    Some((n, start..end))
}

/// The scalar under the cursor between `from` and the line's `end`: a
/// quoted string, or a plain scalar up to a comment; an item when the
/// value is a flow sequence.
fn value_token(text: &str, from: usize, end: usize, offset: usize, reach: Reach) -> Option<Token> {
    let line_start = text.get(..from)?.rfind('\n').map_or(0, |n| n + 1);
    let probe = read_line(text, line_start, end);
    let (from, end) = match flow_item(text, &probe, offset) {
        Some((_, range)) => (range.start, range.end),
        None => (from, end),
    };
    let raw = text.get(from..end)?;
    let lead = raw.len() - raw.trim_start().len();
    let start = from + lead;
    let body = raw.trim_start();
    let (range, inner, value, quoted) = match body.chars().next() {
        Some(q @ ('"' | '\'')) => {
            let rest = body.get(1..)?;
            match rest.find(q) {
                Some(close) => (
                    start..start + close + 2,
                    start + 1..start + 1 + close,
                    rest.get(..close)?.to_owned(),
                    true,
                ),
                None => {
                    let inner_end = offset.clamp(start + 1, end);
                    (start..end, start + 1..inner_end, rest.to_owned(), true)
                }
            }
        }
        Some(_) => {
            let cut = body.find(" #").unwrap_or(body.len());
            let plain = body.get(..cut)?.trim_end();
            (
                start..start + plain.len(),
                start..start + plain.len(),
                plain.to_owned(),
                false,
            )
        }
        None => return None,
    };
    let inside = match reach {
        Reach::Character => range.start <= offset && offset < range.end,
        Reach::Gap => range.start <= offset && offset <= range.end,
    };
    inside.then_some(Token {
        text: value,
        range,
        inner,
        quoted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(marked: &str, reach: Reach) -> Place {
        let offset = marked.find('‸').unwrap();
        let text = marked.replacen('‸', "", 1);
        match locate(&text, offset, reach) {
            Some(Found::Yaml(place)) => place,
            Some(Found::Json(place)) => panic!("JSON: {place:?}"),
            None => panic!("no place"),
        }
    }

    const HEAD: &str = "Resources:\n  P:\n    Type: AWS::VpcLattice::AuthPolicy\n    Properties:\n      Policy:\n        Statement:\n          - Effect: Allow\n";

    #[test]
    fn a_key_being_typed_in_a_statement() {
        let p = yaml(
            &format!("{HEAD}            Princ‸\n            Action: x\n"),
            Reach::Gap,
        );
        assert_eq!(p.path, [Step::Key("Statement".into()), Step::Index(0)]);
        assert_eq!(p.role, Role::Key);
        assert_eq!(p.token.unwrap().text, "Princ");
        assert_eq!(p.siblings, ["Effect", "Action"]);
    }

    #[test]
    fn a_new_statement_and_a_value() {
        let p = yaml(&format!("{HEAD}          - Eff‸\n"), Reach::Gap);
        assert_eq!(p.path, [Step::Key("Statement".into()), Step::Index(1)]);
        assert_eq!(p.role, Role::Key);
        let p = yaml(
            &format!("{HEAD}            Condition:\n              StringEquals:\n                aws:PrincipalType: Ano‸\n            Bad\n"),
            Reach::Gap,
        );
        assert_eq!(p.role, Role::Value);
        assert_eq!(
            p.path,
            [
                "Statement",
                "0",
                "Condition",
                "StringEquals",
                "aws:PrincipalType"
            ]
            .map(|s| s.parse::<usize>().map_or(Step::Key(s.into()), Step::Index))
        );
        assert_eq!(p.token.unwrap().text, "Ano");
    }

    #[test]
    fn list_items_are_values_and_outside_a_policy_is_nothing() {
        let p = yaml(
            &format!("{HEAD}            Action:\n              - vpc-lattice-svcs:Inv‸\n            Oops\n"),
            Reach::Gap,
        );
        assert_eq!(p.role, Role::Value);
        assert_eq!(
            p.path,
            [
                Step::Key("Statement".into()),
                Step::Index(0),
                Step::Key("Action".into()),
                Step::Index(0)
            ]
        );
        let text = "Resources:\n  S:\n    Properties:\n      AuthTy\n";
        assert!(locate(text, text.len() - 1, Reach::Gap).is_none());
    }
}
