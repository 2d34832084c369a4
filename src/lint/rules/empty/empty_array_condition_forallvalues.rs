//! `EMPTY_ARRAY_CONDITION_FORALLVALUES`: `ForAllValues:` with `[]`.

use super::{report_empty_lists, EmptyList};
use crate::lint::LintContext;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds condition keys whose value is an empty array under a
    /// `ForAllValues:` operator.
    ///
    /// ### Why is this bad?
    ///
    /// `ForAllValues:` holds when every value the request has for the key is
    /// among the policy's values. With no policy values that is true only
    /// when the request has no value at all: the condition is a roundabout
    /// test that the key is missing (docs/semantics.md#conditions), which `Null` says
    /// plainly. Under a negated operator (`ForAllValues:StringNotEquals`)
    /// every request value is unequal to all of no values, so the condition
    /// always holds.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"ForAllValues:StringEquals": {"aws:PrincipalOrgPaths": []}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"Null": {"aws:PrincipalOrgPaths": "true"}}}
    /// ```
    pub static RULE = {
        code: EMPTY_ARRAY_CONDITION_FORALLVALUES,
        name: "empty-array-condition-forallvalues",
        severity: Info,
        category: Suggestion,
        summary: "a `ForAllValues:` condition key has no values, so it only tests that the key is missing",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ForAllValues:StringLike":{"aws:PrincipalOrgPaths":["o-a1b2c3d4e5/*"]}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:PrincipalOrgPaths":[]}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ForAllValues:StringNotLike":{"aws:PrincipalOrgPaths":[]}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    report_empty_lists(cx, EmptyList::ForAllValues, |cx, c| {
        let key = &c.clause.key.value;
        if c.block.operator.value.base.is_negated() {
            return cx
                .finding(
                    c.clause.span,
                    format!(
                        "`{}` with no values for `{key}` always holds",
                        c.block.operator.value
                    ),
                )
                .with_help("list the values to exclude, or remove the key");
        }
        cx.finding(
            c.clause.span,
            format!("`ForAllValues:` with no values matches only when `{key}` is missing from the request"),
        )
        .with_help(format!("to test that the key is missing, write `\"Null\": {{\"{key}\": \"true\"}}`; otherwise list the values"))
    });
}
