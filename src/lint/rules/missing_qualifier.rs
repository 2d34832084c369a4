//! `MISSING_QUALIFIER`: an operator without `ForAnyValue:`/`ForAllValues:` on a multi-valued key.

use crate::catalog;
use crate::lint::LintContext;
use crate::model::ClauseRef;
use crate::model::{BaseOperator, SetQualifier};

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds condition operators written without `ForAnyValue:` or
    /// `ForAllValues:` on a multi-valued key: `aws:PrincipalOrgPaths`,
    /// `aws:TagKeys`, `vpc-lattice-svcs:RequestQueryString/<key>` and the
    /// other multi-valued global and Lattice keys. `Null`, which only asks
    /// whether the key is present, is exempt. Other services' keys are left
    /// alone: the Service Authorization Reference types some of them
    /// `ArrayOf…` that AWS itself uses as single-valued.
    ///
    /// ### Why is this bad?
    ///
    /// A multi-valued key holds a set of values, and an operator without a set
    /// qualifier does not say whether one value or every value must match. AWS
    /// does not document the result; lattice-policy evaluates such a clause as
    /// false (decision `unqualified-multivalued-false`), so an `Allow` never applies and a `Deny`
    /// never blocks.
    ///
    /// ### Example
    ///
    /// ```json
    /// "Condition": {"StringLike": {"aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// "Condition": {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"}}
    /// ```
    pub static RULE = {
        code: MISSING_QUALIFIER,
        name: "missing-qualifier",
        severity: Error,
        category: Error,
        summary: "an operator on a multi-valued key lacks `ForAnyValue:` or `ForAllValues:`",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":"o-a1b2c3d4e5/*","vpc-lattice-svcs:RequestQueryString/v":"2"},"Null":{"aws:TagKeys":"false"},"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringLike":{"aws:PrincipalOrgPaths":"o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEqualsIfExists":{"vpc-lattice-svcs:RequestQueryString/debug":"false"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    for ClauseRef { block, clause, .. } in cx.policy().clauses() {
        let operator = block.operator.value;
        if operator.qualifier.is_some() || operator.base == BaseOperator::Null {
            continue;
        }
        let key = clause.key.value.as_str();
        if !catalog::condition_key(key).is_some_and(|k| k.multi && catalog::is_curated(k)) {
            continue;
        }
        let any = format!("{}{operator}", SetQualifier::ForAnyValue.prefix());
        let all = format!("{}{operator}", SetQualifier::ForAllValues.prefix());
        let finding = cx
            .finding(
                clause.key.span,
                format!("`{key}` is multi-valued: `{operator}` needs `ForAnyValue:` or `ForAllValues:`, and without one the condition is always false"),
            )
            .with_related(block.operator.span, "no set qualifier")
            .with_help(format!(
                "write `{any}` to match when any value matches, or `{all}` when every value must (decision `unqualified-multivalued-false`)"
            ));
        cx.report(finding);
    }
}
