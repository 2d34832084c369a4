//! `REDUNDANT_ACTION`: an action another pattern of the same statement already covers.

use std::cmp::Ordering;

use crate::lint::LintContext;
use crate::span::Spanned;
use crate::wildcard::{Case, Wildcard};

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds items of an `Action` or `NotAction` list that another item of the
    /// same list already covers: `vpc-lattice-svcs:Invoke` beside
    /// `vpc-lattice-svcs:*`, `s3:GetObject*` beside `s3:Get*`, or the same
    /// action twice (names compare ignoring case).
    ///
    /// ### Why is this bad?
    ///
    /// It changes nothing, and it misleads: a reader who removes the broad
    /// pattern expecting the narrow one to remain the only grant keeps the
    /// broad one's meaning in mind. A shorter list is easier to review.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*",
    ///  "Action": ["vpc-lattice-svcs:*", "vpc-lattice-svcs:Invoke"], "Resource": "*"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}
    /// ```
    pub static RULE = {
        code: REDUNDANT_ACTION,
        name: "redundant-action",
        severity: Info,
        category: Suggestion,
        summary: "an action is already covered by another pattern in the same statement",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["vpc-lattice-svcs:Invoke","vpc-lattice-svcs:Connect"],"Resource":"*"}]}"#,
            r#"identity:{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*","s3:?etObject"],"Resource":"*"},{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["vpc-lattice-svcs:*","vpc-lattice-svcs:Invoke"],"Resource":"*"}]}"#,
            r#"identity:{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject*","s3:Get*","S3:GETOBJECT"],"Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","NotAction":["vpc-lattice-svcs:Invoke","vpc-lattice-svcs:invoke"],"Resource":"*"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    for statement in &cx.policy().statements {
        let items = &statement.action.items;
        if items.len() < 2 || plain_and_distinct(items) {
            continue;
        }
        let patterns: Vec<Written> = items.iter().map(|item| Written::new(&item.value)).collect();
        // Only items of the same service, and the wide ones (`*`, a wildcard in
        // the service), can cover an item. Within a service a plain name covers
        // only the same name (ignoring case), so an item's candidates are its
        // service's patterns with wildcards, the wide items and, for a plain
        // name, the items written the same. A statement of a managed policy can
        // list hundreds of plain names of one service: they are sorted, so the
        // same name twice sits side by side, rather than compared in pairs.
        let mut wide = Vec::new();
        let mut wild: Vec<(&str, usize)> = Vec::new();
        let mut plain: Vec<usize> = Vec::new();
        for (i, (item, written)) in items.iter().zip(&patterns).enumerate() {
            match item.value.split_once(':') {
                Some((prefix, _)) if !prefix.contains(['*', '?']) => {
                    if written.literal() {
                        plain.push(i);
                    } else {
                        wild.push((prefix, i));
                    }
                }
                _ => wide.push(i),
            }
        }
        wild.sort_by(|a, b| cmp_ignoring_case(a.0, b.0).then(a.1.cmp(&b.1)));
        let text = |i: usize| items.get(i).map_or("", |item| item.value.as_str());
        plain.sort_by(|&a, &b| cmp_ignoring_case(text(a), text(b)).then(a.cmp(&b)));
        // For each plain name, the others written the same.
        let mut same: Vec<&[usize]> = vec![&[]; items.len()];
        for run in plain.chunk_by(|&a, &b| text(a).eq_ignore_ascii_case(text(b))) {
            if run.len() > 1 {
                for &i in run {
                    if let Some(slot) = same.get_mut(i) {
                        *slot = run;
                    }
                }
            }
        }
        let candidates = |i: usize| -> Vec<usize> {
            let service = text(i)
                .split_once(':')
                .map(|(prefix, _)| prefix)
                .filter(|prefix| !prefix.contains(['*', '?']));
            let patterns_of_service = service.map_or(&[][..], |prefix| {
                let start = wild.partition_point(|w| cmp_ignoring_case(w.0, prefix).is_lt());
                let end = wild.partition_point(|w| cmp_ignoring_case(w.0, prefix).is_le());
                wild.get(start..end).unwrap_or(&[])
            });
            let mut all: Vec<usize> = patterns_of_service
                .iter()
                .map(|w| w.1)
                .chain(same.get(i).copied().unwrap_or(&[]).iter().copied())
                .chain(wide.iter().copied())
                .collect();
            all.sort_unstable();
            all.dedup();
            all
        };
        // Whether item `j` covers item `i`; of two items that cover each other
        // (the same action twice), only the later is reported.
        let covering = |i: usize, j: usize| -> bool {
            let (Some(item), Some(other), Some(own), Some(pattern)) =
                (items.get(i), items.get(j), patterns.get(i), patterns.get(j))
            else {
                return false;
            };
            j != i
                && pattern.covers(own, &item.value)
                && (j < i || !own.covers(pattern, &other.value))
        };
        let covered_by: Vec<Vec<usize>> = (0..items.len())
            .map(|i| {
                candidates(i)
                    .into_iter()
                    .filter(|&j| covering(i, j))
                    .collect()
            })
            .collect();
        for (i, item) in items.iter().enumerate() {
            let Some(covers_it) = covered_by.get(i).filter(|c| !c.is_empty()) else {
                continue;
            };
            let text = item.value.as_str();
            // Name the broadest item that covers this one.
            let best = covers_it
                .iter()
                .find(|&&j| covered_by.get(j).is_some_and(Vec::is_empty))
                .or(covers_it.first());
            let Some(other) = best.and_then(|&j| items.get(j)) else {
                continue;
            };
            let (message, label) = if other.value == text {
                (format!("`{text}` is listed twice"), "first listed here")
            } else if other.value.eq_ignore_ascii_case(text) {
                (
                    format!(
                        "`{text}` repeats `{}`: action names ignore case",
                        other.value
                    ),
                    "first listed here",
                )
            } else {
                (
                    format!("`{text}` is redundant: `{}` already covers it", other.value),
                    "covered here",
                )
            };
            let finding = cx
                .finding(item.span, message)
                .with_related(other.span, label)
                .with_help(format!("remove `{text}`"));
            cx.report(finding);
        }
    }
}

/// An item compiled for [`Written::covers`], with its wildcards noted once.
/// True when every item is a plain `service:action` name (no wildcard) and no
/// two are the same name ignoring case: then no item covers another. The
/// common case (a managed policy's statement lists hundreds of plain names),
/// answered from hashes without building patterns; a collision of hashes only
/// sends the statement through the full comparison.
fn plain_and_distinct(items: &[Spanned<String>]) -> bool {
    let mut hashes = Vec::with_capacity(items.len());
    for item in items {
        if item.value.contains(['*', '?']) || !item.value.contains(':') {
            return false;
        }
        hashes.push(folded_hash(&item.value));
    }
    hashes.sort_unstable();
    hashes.windows(2).all(|pair| pair.first() != pair.last())
}

/// FNV-1a over the ASCII lower-case form of `text`.
fn folded_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Compares two texts as their ASCII lower-case forms would compare.
fn cmp_ignoring_case(a: &str, b: &str) -> Ordering {
    let lower = |c: u8| c.to_ascii_lowercase();
    a.bytes().map(lower).cmp(b.bytes().map(lower))
}

/// One item as written; its pattern is compiled only when it has a wildcard.
struct Written<'t> {
    text: &'t str,
    /// `None` for a plain name.
    pattern: Option<Wildcard>,
    question: bool,
}

impl<'t> Written<'t> {
    fn new(text: &'t str) -> Self {
        let (star, question) = (text.contains('*'), text.contains('?'));
        Written {
            text,
            pattern: (star || question).then(|| Wildcard::parse(text)),
            question,
        }
    }

    fn literal(&self) -> bool {
        self.pattern.is_none()
    }

    /// True when every action `other` (written `text`) matches is matched by
    /// this item: this pattern matches `text` read as plain text, with any `*`
    /// or `?` of `text` taken up by a `*` of this pattern. A `?` here could
    /// take up one of `text`'s wildcards, which is not coverage, so such pairs
    /// are left alone.
    fn covers(&self, other: &Written, text: &str) -> bool {
        let Some(pattern) = &self.pattern else {
            return self.text.eq_ignore_ascii_case(text);
        };
        if !other.literal() && self.question {
            return false;
        }
        pattern.matches(text, Case::Insensitive)
    }
}
