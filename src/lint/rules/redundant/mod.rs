//! Parts of a policy that add nothing: resources covered by others, repeated
//! statements.

pub(super) mod redundant_resource;
pub(super) mod redundant_statement;

use super::arn::split;
use crate::wildcard::{Segment, Wildcard};

/// One symbol of a wildcard pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Symbol {
    /// A literal character.
    Char(char),
    /// `?`: one character.
    One,
    /// `*`: any run of characters.
    Star,
}

/// The symbols of a [wildcard pattern](crate::wildcard), one per character.
fn symbols(text: &str) -> Vec<Symbol> {
    let mut symbols = Vec::new();
    for segment in Wildcard::parse(text).segments() {
        match segment {
            Segment::Text { text, .. } => symbols.extend(text.chars().map(Symbol::Char)),
            Segment::One => symbols.push(Symbol::One),
            Segment::Star => symbols.push(Symbol::Star),
            Segment::Hole(never) => match *never {},
        }
    }
    symbols
}

/// True when every string `narrow` matches is also matched by `wide`
/// (IAM wildcards, case-sensitive). Sound but not complete: `true` is
/// always right, and `false` is right for every pair of patterns in which a
/// `?` of `wide` never has to stand for part of a `*` of `narrow`.
///
/// Dynamic programming over (position in `wide`, position in `narrow`):
/// a `*` of `wide` absorbs any run of `narrow`'s symbols, a `?` of `wide`
/// one literal or `?`, and a literal only itself.
pub(crate) fn glob_covers(wide: &str, narrow: &str) -> bool {
    // Quick answers for the common cases, before any allocation.
    let Some(first_wildcard) = wide.find(['*', '?']) else {
        return wide == narrow;
    };
    if wide == "*" {
        return true;
    }
    // `wide`'s literal start must begin `narrow`, and its literal end end it.
    if !narrow.starts_with(wide.get(..first_wildcard).unwrap_or(wide)) {
        return false;
    }
    let last_wildcard = wide.rfind(['*', '?']).unwrap_or(first_wildcard);
    if !narrow.ends_with(wide.get(last_wildcard + 1..).unwrap_or("")) {
        return false;
    }
    let (w, n) = (symbols(wide), symbols(narrow));
    // `next[j]`: whether `w[i+1..]` covers `n[j..]`, for the row below `i`.
    let mut next: Vec<bool> = (0..=n.len()).map(|j| j == n.len()).collect();
    for symbol in w.iter().rev() {
        let mut row = vec![false; n.len() + 1];
        for j in (0..=n.len()).rev() {
            let here = n.get(j);
            let advance = next.get(j + 1).copied().unwrap_or(false);
            let value = match symbol {
                Symbol::Star => {
                    next.get(j).copied().unwrap_or(false)
                        || (here.is_some() && row.get(j + 1).copied().unwrap_or(false))
                }
                Symbol::One => matches!(here, Some(Symbol::Char(_) | Symbol::One)) && advance,
                Symbol::Char(c) => here == Some(&Symbol::Char(*c)) && advance,
            };
            if let Some(slot) = row.get_mut(j) {
                *slot = value;
            }
        }
        next = row;
    }
    next.first().copied().unwrap_or(false)
}

/// A resource pattern, split once for the pairwise comparisons.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Resource<'a> {
    /// An `arn:` pattern: its partition, service, Region, account and resource.
    Arn([&'a str; 5]),
    /// `arn:` with fewer than six fields: it matches nothing.
    Malformed,
    /// Any other pattern, matched against the whole request ARN.
    Plain(&'a str),
}

impl<'a> Resource<'a> {
    /// Splits `text` (decision `non-arn-resource-whole-match`).
    pub(crate) fn new(text: &'a str) -> Resource<'a> {
        match split(text) {
            Some(Ok(a)) => Resource::Arn([
                a.partition.text,
                a.service.text,
                a.region.text,
                a.account.text,
                a.resource.text,
            ]),
            Some(Err(_)) => Resource::Malformed,
            None => Resource::Plain(text),
        }
    }

    /// True when this pattern matches every resource `narrow` does: an ARN
    /// pattern field by field, when `narrow` is an ARN pattern too, and any
    /// other pattern against the whole text of `narrow`.
    pub(crate) fn covers(self, narrow: Resource<'_>, narrow_text: &str) -> bool {
        match (self, narrow) {
            (Resource::Arn(w), Resource::Arn(n)) => {
                w.iter().zip(n.iter()).all(|(w, n)| glob_covers(w, n))
            }
            (Resource::Plain(w), Resource::Arn(_) | Resource::Plain(_)) => {
                glob_covers(w, narrow_text)
            }
            _ => false,
        }
    }
}

/// True when resource pattern `wide` matches every resource `narrow` does.
#[cfg(test)]
fn resource_covers(wide: &str, narrow: &str) -> bool {
    Resource::new(wide).covers(Resource::new(narrow), narrow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_inclusion() {
        assert!(glob_covers("*", ""));
        assert!(glob_covers("*", "a*b?c"));
        assert!(glob_covers("a*", "abc"));
        assert!(glob_covers("a*", "a*"));
        assert!(glob_covers("a*c", "ab*c"));
        assert!(glob_covers("a?c", "abc"));
        assert!(glob_covers("a?c", "a?c"));
        assert!(glob_covers("**", "*"));
        assert!(!glob_covers("a?c", "a*c"));
        assert!(!glob_covers("abc", "a*"));
        assert!(!glob_covers("a*", "b*"));
        assert!(!glob_covers("", "a"));
        assert!(glob_covers("", ""));
    }

    #[test]
    fn resource_inclusion() {
        let svc = "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0";
        assert!(resource_covers("*", &format!("{svc}/rates")));
        assert!(resource_covers("*/rates", &format!("{svc}/rates")));
        assert!(resource_covers(
            &format!("{svc}/*"),
            &format!("{svc}/rates/*")
        ));
        assert!(resource_covers(
            "arn:aws:vpc-lattice:*:*:service/*",
            &format!("{svc}/rates")
        ));
        assert!(!resource_covers(&format!("{svc}/*"), svc));
        // `*` in an ARN field does not cross `:`.
        assert!(!resource_covers(
            "arn:aws:vpc-lattice:*:service/*:x:y",
            "arn:aws:vpc-lattice:a:b:service/c"
        ));
        assert!(!resource_covers(&format!("{svc}/*"), "*/rates"));
    }
}
