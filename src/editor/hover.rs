//! Hover: what the thing under the cursor means for a Lattice auth policy.

use std::ops::Range;
use std::path::Path;

use super::context::Reach;
use super::knowledge;
use super::slot::{slot, Slot, ValueOf};
use super::verdict;

/// The answer to a hover request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    /// Markdown shown to the user.
    pub markdown: String,
    /// The byte range in the document that the text is about.
    pub range: Range<usize>,
}

/// The hover text at byte `offset` of `text`, the content of the document
/// at `path` (the path decides how it is read: a standalone policy, or an
/// infrastructure file holding policies). `None` where there is nothing to
/// say.
pub fn hover(path: &Path, text: &str, offset: usize) -> Option<Hover> {
    if is_config(path) {
        return code_in_config(text, offset);
    }
    let place = super::document::place(path, text, offset, Reach::Character)?;
    let token = place.token.clone()?;
    let word = token.text.as_str();
    let markdown = match slot(&place)? {
        Slot::TopKey | Slot::StatementKey => knowledge::element(word),
        Slot::PrincipalKey => knowledge::principal_kind(word),
        Slot::Operator => knowledge::operator(word),
        Slot::ConditionKey { .. } => knowledge::condition_key(word),
        Slot::Value(ValueOf::Sid) => sid_hover(path, text, offset, word),
        Slot::Value(value @ ValueOf::Principal { .. }) => {
            let about = value_hover(&value, word)?;
            let conflict = matches!(&value, ValueOf::Principal { kind: Some(k) } if k == "AWS")
                .then(|| verdict::principal_conflict(path, text, offset, word))
                .flatten();
            Some(match conflict {
                Some(why) => format!("{why}\n\n{about}"),
                None => about,
            })
        }
        Slot::Value(value) => value_hover(&value, word),
    }?;
    Some(Hover {
        markdown,
        range: token.range,
    })
}

/// The text for a value.
fn value_hover(value: &ValueOf, word: &str) -> Option<String> {
    match value {
        ValueOf::Version => knowledge::version(word).or_else(|| {
            Some(format!("**`{word}`**: not a policy language version: write `2012-10-17` (or the old `2008-10-17`)."))
        }),
        ValueOf::Effect => match word {
            "Allow" => Some("**`Allow`**: the statement allows the requests it applies to, unless a `Deny` also applies.".to_owned()),
            "Deny" => Some("**`Deny`**: the statement denies the requests it applies to, whatever any `Allow` says.".to_owned()),
            other => Some(format!("**`{other}`**: not an effect: write `Allow` or `Deny` (case-sensitive).")),
        },
        ValueOf::Action { .. } => knowledge::action(word),
        ValueOf::Principal { kind } => knowledge::principal(kind.as_deref(), word),
        ValueOf::Condition { operator, key } => {
            knowledge::impossible_value(operator, key, word).or_else(|| {
                // A value that can occur: what the key is.
                knowledge::condition_key(key)
            })
        }
        ValueOf::Resource { .. } => knowledge::resource(word),
        ValueOf::Id | ValueOf::Sid => None,
    }
}

/// A statement's `Sid`: what the statement does, as its code lens says.
fn sid_hover(path: &Path, text: &str, offset: usize, sid: &str) -> Option<String> {
    let answer = verdict::statement(path, text, offset)?;
    Some(format!("**Statement `{sid}`**: {answer}"))
}

/// True for the project's configuration file, whose `[rules]` name codes.
fn is_config(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

/// A finding code (or rule name) under the cursor in a configuration
/// file: its `policy explain` text.
fn code_in_config(text: &str, offset: usize) -> Option<Hover> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let before = text.get(..offset)?;
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let after = text.get(offset..)?;
    let end = offset + after.find(|c: char| !is_word(c)).unwrap_or(after.len());
    let word = text.get(start..end)?;
    let markdown = knowledge::code(word)?;
    Some(Hover {
        markdown,
        range: start..end,
    })
}
