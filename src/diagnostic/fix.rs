//! Fixes: edits to a policy's source that a finding proposes, as data.
//!
//! A [`Fix`] is a list of byte-range [`Edit`]s with an [`Applicability`]:
//! `Safe` fixes cannot change what the author meant (the text as written is
//! refused by AWS and has one reading, or the change is in JSON syntax only),
//! and `policy check --fix` applies them; `Unsafe` fixes change which
//! requests the policy allows, or delete what the author wrote, and are
//! applied only with `--unsafe-fixes`. [`apply`] applies a set of fixes to a
//! text, each whole or not at all, skipping those that overlap one already
//! taken; callers re-check and apply again until nothing changes.

use crate::span::Span;

/// Whether a fix may be applied without the author looking at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// Cannot change what the author meant: applied by `--fix`.
    Safe,
    /// Changes what the policy allows, or removes the author's text: applied
    /// only with `--unsafe-fixes`.
    Unsafe,
}

impl Applicability {
    /// `safe` or `unsafe`: the `applicability` field of the JSON report.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// Replace the bytes of `span` with `replacement` (an insertion when the span
/// is empty, a deletion when the replacement is).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// The bytes replaced, in the same source as the finding's spans.
    pub span: Span,
    /// What they become.
    pub replacement: String,
}

impl Edit {
    /// Replaces `span` with `replacement`.
    pub fn replace(span: Span, replacement: impl Into<String>) -> Self {
        Edit {
            span,
            replacement: replacement.into(),
        }
    }

    /// Inserts `text` at byte `offset`.
    pub fn insert(offset: usize, text: impl Into<String>) -> Self {
        Edit::replace(Span::at(offset), text)
    }

    /// Deletes `span`.
    pub fn delete(span: Span) -> Self {
        Edit::replace(span, String::new())
    }

    /// True when the two edits touch the same bytes, or insert at the same
    /// place (their order would be a guess).
    fn conflicts(&self, other: &Edit) -> bool {
        let (a, b) = (self.span, other.span);
        (a.start < b.end && b.start < a.end) || a.start == b.start
    }
}

/// A change that resolves a finding: edits applied together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// Whether `--fix` applies it, or only `--unsafe-fixes`.
    pub applicability: Applicability,
    /// The edits, in any order; they do not overlap one another.
    pub edits: Vec<Edit>,
    /// What it does, in a few words: `` replace `Efect` with `Effect` ``.
    pub description: String,
}

impl Fix {
    /// A fix that cannot change what the author meant.
    pub fn safe(description: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix {
            applicability: Applicability::Safe,
            edits,
            description: description.into(),
        }
    }

    /// A fix that changes what the policy allows, or deletes the author's text.
    pub fn unsafe_(description: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix {
            applicability: Applicability::Unsafe,
            edits,
            description: description.into(),
        }
    }

    /// The fix with the given applicability.
    pub fn with_applicability(mut self, applicability: Applicability) -> Self {
        self.applicability = applicability;
        self
    }

    /// True when the fix may be applied under `allowed` (`Safe` takes safe
    /// fixes only, `Unsafe` takes both).
    pub fn applies_under(&self, allowed: Applicability) -> bool {
        self.applicability <= allowed
    }

    /// True when every edit lies inside `text` on character boundaries.
    fn fits(&self, text: &str) -> bool {
        self.edits.iter().all(|e| e.span.slice(text).is_some())
    }
}

/// The result of [`apply`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    /// The text with the fixes applied.
    pub text: String,
    /// How many fixes were applied.
    pub applied: usize,
    /// How many were left out because they overlapped one applied before
    /// them (or did not fit the text): apply again after re-checking.
    pub skipped: usize,
}

/// Applies `fixes` to `text`: each fix whole or not at all, in the order of
/// their first edit, leaving out a fix whose edits conflict with those of a
/// fix already taken, or that do not fit the text.
pub fn apply<'f>(text: &str, fixes: impl IntoIterator<Item = &'f Fix>) -> Applied {
    let mut fixes: Vec<&Fix> = fixes.into_iter().filter(|f| !f.edits.is_empty()).collect();
    fixes.sort_by_key(|f| f.edits.iter().map(|e| e.span.start).min());
    let mut taken: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    let mut skipped = 0;
    for fix in fixes {
        let clashes = fix.edits.iter().enumerate().any(|(i, e)| {
            taken.iter().any(|t| t.conflicts(e))
                || fix.edits.iter().skip(i + 1).any(|o| o.conflicts(e))
        });
        if clashes || !fix.fits(text) {
            skipped += 1;
            continue;
        }
        taken.extend(fix.edits.iter());
        applied += 1;
    }
    taken.sort_by_key(|e| e.span.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in taken {
        let (start, end) = (edit.span.start as usize, edit.span.end as usize);
        out.push_str(text.get(at..start).unwrap_or(""));
        out.push_str(&edit.replacement);
        at = end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    Applied {
        text: out,
        applied,
        skipped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replace(start: usize, end: usize, with: &str) -> Fix {
        Fix::safe("test", vec![Edit::replace(Span::new(start, end), with)])
    }

    #[test]
    fn applies_edits_in_source_order() {
        let fixes = [replace(4, 5, "E"), replace(0, 1, "A")];
        let out = apply("abc def", &fixes);
        assert_eq!(out.text, "Abc Eef");
        assert_eq!((out.applied, out.skipped), (2, 0));
    }

    #[test]
    fn overlapping_fixes_are_left_for_the_next_pass() {
        let fixes = [replace(0, 3, "xyz"), replace(2, 5, "!!!")];
        let out = apply("abcdefg", &fixes);
        assert_eq!(out.text, "xyzdefg");
        assert_eq!((out.applied, out.skipped), (1, 1));
        // Two insertions at one place: their order would be a guess.
        let inserts = [
            Fix::safe("a", vec![Edit::insert(1, "1")]),
            Fix::safe("b", vec![Edit::insert(1, "2")]),
        ];
        assert_eq!(apply("ab", &inserts).text, "a1b");
        // Adjacent edits do not overlap.
        let adjacent = [replace(0, 1, "X"), replace(1, 2, "Y")];
        assert_eq!(apply("ab", &adjacent).text, "XY");
    }

    #[test]
    fn a_fix_is_applied_whole_or_not_at_all() {
        let two = Fix::safe(
            "two",
            vec![
                Edit::replace(Span::new(0, 1), "X"),
                Edit::replace(Span::new(4, 5), "Y"),
            ],
        );
        let first = replace(4, 6, "zz");
        let out = apply("abcdefg", [&first, &two]);
        // `two` starts first, so it is taken and `first` is skipped.
        assert_eq!(out.text, "XbcdYfg");
        assert_eq!((out.applied, out.skipped), (1, 1));
    }

    #[test]
    fn multi_byte_text_is_edited_on_character_boundaries() {
        let text = "{\"Sid\": \"café\", \"Efect\": 1}";
        let at = text.find("\"Efect\"").unwrap();
        let fix = replace(at, at + 7, "\"Effect\"");
        assert_eq!(
            apply(text, [&fix]).text,
            "{\"Sid\": \"café\", \"Effect\": 1}"
        );
        // An edit that would split `é` is refused rather than corrupting the text.
        let e = text.find('é').unwrap();
        let split = replace(e + 1, e + 2, "x");
        let out = apply(text, [&split]);
        assert_eq!(out.text, text);
        assert_eq!((out.applied, out.skipped), (0, 1));
        // So is one past the end.
        let past = replace(text.len(), text.len() + 1, "x");
        assert_eq!(apply(text, [&past]).applied, 0);
    }

    #[test]
    fn crlf_line_endings_are_kept() {
        let text = "{\r\n  \"a\": 1,\r\n}\r\n";
        let comma = text.find(",\r\n}").unwrap();
        let fix = Fix::safe("comma", vec![Edit::delete(Span::new(comma, comma + 1))]);
        assert_eq!(apply(text, [&fix]).text, "{\r\n  \"a\": 1\r\n}\r\n");
    }

    #[test]
    fn applicability_orders_safe_first() {
        let safe = replace(0, 1, "x");
        let risky = replace(0, 1, "x").with_applicability(Applicability::Unsafe);
        assert!(safe.applies_under(Applicability::Safe));
        assert!(!risky.applies_under(Applicability::Safe));
        assert!(risky.applies_under(Applicability::Unsafe));
    }
}
