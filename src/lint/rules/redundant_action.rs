//! `REDUNDANT_ACTION`: an action another pattern of the same statement already covers.

use std::collections::HashMap;

use crate::eval::{Case, Context, Pattern};
use crate::lint::LintContext;

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
    let context = Context::new();
    for statement in &cx.policy().statements {
        let items = &statement.action.items;
        if items.len() < 2 {
            continue;
        }
        let patterns: Vec<Written> = items.iter().map(|item| Written::new(&item.value)).collect();
        // Only items of the same service, and the wide ones (`*`, a wildcard in
        // the service), can cover an item: compare within those groups.
        let mut by_service: HashMap<String, Vec<usize>> = HashMap::new();
        let mut wide = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item.value.split_once(':') {
                Some((prefix, _)) if !prefix.contains(['*', '?']) => by_service
                    .entry(prefix.to_ascii_lowercase())
                    .or_default()
                    .push(i),
                _ => wide.push(i),
            }
        }
        let candidates = |i: usize| -> Vec<usize> {
            let own = items
                .get(i)
                .and_then(|item| item.value.split_once(':'))
                .and_then(|(prefix, _)| by_service.get(&prefix.to_ascii_lowercase()));
            let mut all: Vec<usize> = own.into_iter().flatten().chain(&wide).copied().collect();
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
                && pattern.covers(own, &item.value, &context)
                && (j < i || !own.covers(pattern, &other.value, &context))
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
struct Written {
    pattern: Pattern,
    star: bool,
    question: bool,
}

impl Written {
    fn new(text: &str) -> Self {
        Written {
            pattern: Pattern::compile(text, true, false),
            star: text.contains('*'),
            question: text.contains('?'),
        }
    }

    fn literal(&self) -> bool {
        !self.star && !self.question
    }

    /// True when every action `other` (written `text`) matches is matched by
    /// this item: this pattern matches `text` read as plain text, with any `*`
    /// or `?` of `text` taken up by a `*` of this pattern. A `?` here could
    /// take up one of `text`'s wildcards, which is not coverage, so such pairs
    /// are left alone.
    fn covers(&self, other: &Written, text: &str, context: &Context) -> bool {
        if self.literal() {
            return self.pattern.as_written().eq_ignore_ascii_case(text);
        }
        if !other.literal() && self.question {
            return false;
        }
        self.pattern.matches(text, context, Case::Insensitive)
    }
}
