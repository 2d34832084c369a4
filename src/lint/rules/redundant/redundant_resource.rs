//! `REDUNDANT_RESOURCE`: a resource that another in the same statement covers.

use std::collections::HashMap;

use super::Resource;
use crate::diagnostic::Finding;
use crate::lint::LintContext;
use crate::span::Spanned;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `Resource` and `NotResource` values that another value of the
    /// same statement already covers: repeated values, and values such as
    /// `.../service/svc-0123456789abcdef0/rates` next to
    /// `.../service/svc-0123456789abcdef0/*` or `*`. Values with policy
    /// variables are not compared, and in a statement with more than 1,000
    /// values only exact repeats are reported.
    ///
    /// ### Why is this bad?
    ///
    /// The covered value changes nothing, but it suggests that the statement
    /// is narrower than it is: a reader sees `/rates` and misses that `/*`
    /// grants every path. Review the wildcards, then remove the value.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": ["arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/rates",
    ///               "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/*"]}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": ["arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/*"]}
    /// ```
    pub static RULE = {
        code: REDUNDANT_RESOURCE,
        name: "redundant-resource",
        severity: Info,
        category: Suggestion,
        summary: "a resource is covered by another resource of the same statement",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":["arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/rates","arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/payments/*"]}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":["arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/${aws:username}","arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/${aws:username}"]}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":["arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/rates","arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/*"]}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":["*/rates","*/rates"]}]}"#,
        ],
    };
}

/// Above this many values in one statement, only exact repeats are looked
/// for: comparing every pair would take quadratic time.
const MAX_PAIRWISE: usize = 1_000;

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for statement in &cx.policy().statements {
        let items: Vec<(&Spanned<String>, Resource<'_>)> = statement
            .resource
            .items
            .iter()
            .filter(|item| !item.value.contains("${"))
            .map(|item| (item, Resource::new(&item.value)))
            .collect();
        let mut first_seen: HashMap<&str, usize> = HashMap::with_capacity(items.len());
        for (i, &(narrow, shape)) in items.iter().enumerate() {
            let repeat = *first_seen.entry(narrow.value.as_str()).or_insert(i);
            let wider = if repeat != i {
                items.get(repeat).map(|&(wide, _)| wide)
            } else if items.len() <= MAX_PAIRWISE {
                // Of two values that cover each other, the later one is reported.
                items
                    .iter()
                    .enumerate()
                    .find(|&(j, &(wide, wide_shape))| {
                        j != i
                            && wide.value != narrow.value
                            && wide_shape.covers(shape, &narrow.value)
                            && (j < i || !shape.covers(wide_shape, &wide.value))
                    })
                    .map(|(_, &(wide, _))| wide)
            } else {
                None
            };
            let Some(wide) = wider else {
                continue;
            };
            findings.push(finding(cx, narrow, wide));
        }
    }
    for finding in findings {
        cx.report(finding);
    }
}

fn finding(cx: &LintContext<'_>, narrow: &Spanned<String>, wide: &Spanned<String>) -> Finding {
    let message = if wide.value == narrow.value {
        format!("`{}` is listed twice", narrow.value)
    } else {
        format!(
            "`{}` is redundant: `{}` covers it",
            narrow.value, wide.value
        )
    };
    // The common surprise: `bucket*` also covers `bucket*/*`.
    let deeper = narrow.value.matches('/').count() > wide.value.matches('/').count();
    let help = if deeper && wide.value.contains('*') {
        format!(
            "`*` in a resource matches `/` too, so `{}` already covers every path below it; remove the narrower value",
            wide.value
        )
    } else {
        "remove it, after checking that the wider value is meant".to_string()
    };
    cx.finding(narrow.span, message)
        .with_related(wide.span, "covered by this")
        .with_help(help)
}
