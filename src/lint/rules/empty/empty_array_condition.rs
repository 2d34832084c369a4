//! `EMPTY_ARRAY_CONDITION`: a condition key with `[]` under a plain operator.

use super::{report_empty_lists, EmptyList};
use crate::lint::LintContext;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds condition keys whose value is an empty array, under an operator
    /// without `ForAllValues:`, `ForAnyValue:` or `IfExists` (those have
    /// their own rules).
    ///
    /// ### Why is this bad?
    ///
    /// A condition with no values has nothing to compare the request with.
    /// IAM does not document what it then decides (docs/semantics.md#conditions); this
    /// tool's evaluator says that nothing matches, so a positive operator
    /// (`StringEquals`) never holds and a negated one (`StringNotEquals`)
    /// always does. Either way the condition is not doing what it was
    /// written for: it is usually a list that a template failed to fill.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEquals": {"vpc-lattice-svcs:SourceVpc": []}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEquals": {"vpc-lattice-svcs:SourceVpc": ["vpc-0123456789abcdef0"]}}}
    /// ```
    pub static RULE = {
        code: EMPTY_ARRAY_CONDITION,
        name: "empty-array-condition",
        severity: Info,
        category: Suggestion,
        summary: "a condition key's values are an empty array",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:SourceVpc":["vpc-0123456789abcdef0"]}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:PrincipalOrgPaths":[]}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:SourceVpc":[]}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEquals":{"vpc-lattice-svcs:SourceVpc":[]}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    report_empty_lists(cx, EmptyList::Plain, |cx, c| {
        let outcome = if c.block.operator.value.base.is_negated() {
            "always holds"
        } else {
            "never holds"
        };
        cx.finding(
            c.clause.span,
            format!(
                "the condition key `{}` has no values, so the condition {outcome}",
                c.clause.key.value
            ),
        )
        .with_help("list the values to compare with, or remove the key")
    });
}
