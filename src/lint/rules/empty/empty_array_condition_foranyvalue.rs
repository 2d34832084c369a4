//! `EMPTY_ARRAY_CONDITION_FORANYVALUE`: `ForAnyValue:` with `[]`.

use super::{report_empty_lists, EmptyList};
use crate::lint::LintContext;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds condition keys whose value is an empty array under a
    /// `ForAnyValue:` operator.
    ///
    /// ### Why is this bad?
    ///
    /// `ForAnyValue:` holds when one of the request's values matches one of
    /// the policy's. With no policy values nothing can match, so the
    /// condition is always false and the statement never applies
    /// (docs/semantics.md#conditions): an `Allow` that grants nothing, or a `Deny` that
    /// never fires. Under a negated operator (`ForAnyValue:StringNotLike`)
    /// any request value is unlike all of no values, so the condition only
    /// tests that the key is present.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": []}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"]}}}
    /// ```
    pub static RULE = {
        code: EMPTY_ARRAY_CONDITION_FORANYVALUE,
        name: "empty-array-condition-foranyvalue",
        severity: Info,
        category: Suggestion,
        summary: "a `ForAnyValue:` condition key has no values, so it never matches",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":["o-a1b2c3d4e5/*"]}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":[]}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ForAnyValue:StringNotLike":{"aws:PrincipalOrgPaths":[]}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    report_empty_lists(cx, EmptyList::ForAnyValue, |cx, c| {
        if c.block.operator.value.base.is_negated() {
            let key = &c.clause.key.value;
            return cx
                .finding(
                    c.clause.span,
                    format!(
                        "`{}` with no values holds whenever the request has a value for `{key}`",
                        c.block.operator.value
                    ),
                )
                .with_help(format!("to test that the key is present, write `\"Null\": {{\"{key}\": \"false\"}}`; otherwise list the values"));
        }
        cx.finding(
            c.clause.span,
            format!(
                "`ForAnyValue:` with no values for `{}` never matches, so the statement never applies",
                c.clause.key.value
            ),
        )
        .with_help("list the values to compare with, or remove the key")
    });
}
