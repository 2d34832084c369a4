//! `EMPTY_ARRAY_CONDITION_IFEXISTS`: an `...IfExists` operator with `[]`.

use super::{report_empty_lists, EmptyList};
use crate::lint::LintContext;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds condition keys whose value is an empty array under an
    /// `...IfExists` operator without a set qualifier.
    ///
    /// ### Why is this bad?
    ///
    /// `IfExists` makes the condition true when the key is missing; when the
    /// key is present there are no values to match. The condition therefore
    /// matches only when the key is missing from the request, a roundabout
    /// way of writing a `Null` test. Under a negated operator
    /// (`StringNotEqualsIfExists`) a present value is unequal to all of no
    /// values, so the condition always holds.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Deny", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEqualsIfExists": {"vpc-lattice-svcs:SourceVpc": []}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Deny", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"Null": {"vpc-lattice-svcs:SourceVpc": "true"}}}
    /// ```
    pub static RULE = {
        code: EMPTY_ARRAY_CONDITION_IFEXISTS,
        name: "empty-array-condition-ifexists",
        severity: Info,
        category: Suggestion,
        summary: "an `IfExists` condition key has no values, so it only tests that the key is missing",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEqualsIfExists":{"vpc-lattice-svcs:SourceVpc":["vpc-0123456789abcdef0"]}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEqualsIfExists":{"vpc-lattice-svcs:SourceVpc":[]}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEqualsIfExists":{"vpc-lattice-svcs:SourceVpc":[]}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    report_empty_lists(cx, EmptyList::IfExists, |cx, c| {
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
            format!(
                "`{}` with no values matches only when `{key}` is missing from the request",
                c.block.operator.value
            ),
        )
        .with_help(format!("to test that the key is missing, write `\"Null\": {{\"{key}\": \"true\"}}`; otherwise list the values"))
    });
}
