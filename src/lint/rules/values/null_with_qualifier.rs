//! `NULL_WITH_QUALIFIER`: `ForAllValues:Null` or `ForAnyValue:Null`.

use crate::lint::LintContext;
use crate::model::{BaseOperator, SetQualifier};

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds the `Null` operator with a set qualifier: `ForAllValues:Null`
    /// and `ForAnyValue:Null`.
    ///
    /// ### Why is this bad?
    ///
    /// IAM documents that `ForAllValues:Null` always holds and
    /// `ForAnyValue:Null` never does, whatever the request
    /// (docs/semantics.md#conditions). The condition tests nothing: a statement
    /// with `ForAnyValue:Null` never applies.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Deny", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"ForAnyValue:Null": {"aws:PrincipalOrgPaths": "true"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Deny", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"Null": {"aws:PrincipalOrgPaths": "true"}}}
    /// ```
    pub static RULE = {
        code: NULL_WITH_QUALIFIER,
        name: "null-with-qualifier",
        severity: Info,
        category: Suggestion,
        summary: "the `Null` operator has a set qualifier, which makes it always or never hold",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"Null":{"aws:PrincipalOrgPaths":"true"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ForAnyValue:Null":{"aws:PrincipalOrgPaths":"true"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ForAllValues:Null":{"aws:PrincipalOrgPaths":"false"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for statement in &cx.policy().statements {
        for block in statement.condition.iter().flat_map(|c| c.blocks.iter()) {
            let operator = block.operator.value;
            let Some(qualifier) = operator
                .qualifier
                .filter(|_| operator.base == BaseOperator::Null)
            else {
                continue;
            };
            let outcome = match qualifier {
                SetQualifier::ForAllValues => "always holds",
                SetQualifier::ForAnyValue => "never holds",
            };
            findings.push(
                cx.finding(
                    block.operator.span,
                    format!("`{operator}` {outcome}, whatever the request"),
                )
                .with_help(
                    "write `Null` without the qualifier: it tests whether the key is present",
                ),
            );
        }
    }
    for finding in findings {
        cx.report(finding);
    }
}
