//! `FORALLVALUES_WITH_SINGLE_VALUED_KEY`: `ForAllValues:` on a single-valued key.

use crate::catalog;
use crate::lint::LintContext;
use crate::model::ClauseRef;
use crate::model::{BaseOperator, SetQualifier};

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `ForAllValues:` operators on single-valued keys
    /// (`aws:PrincipalOrgID`, `vpc-lattice-svcs:SourceVpc`,
    /// `aws:PrincipalTag/<key>`): the global and Lattice keys whose arity the
    /// documentation fixes. `Null` with a qualifier is a different mistake and
    /// is left alone here, and so are other services' keys, some of which the
    /// Service Authorization Reference types as single strings although they
    /// carry several values (`codestar-connections:ProviderAction`).
    ///
    /// ### Why is this bad?
    ///
    /// `ForAllValues:` is true when every value of the key matches, and also
    /// when the key has no value at all (docs/semantics.md#conditions). On a single-valued
    /// key it therefore behaves like the plain operator, except that a request
    /// without the key passes: an `Allow` meant for one organization also lets
    /// in anonymous callers and callers outside any organization.
    ///
    /// ### Example
    ///
    /// ```json
    /// "Condition": {"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
    /// ```
    pub static RULE = {
        code: FORALLVALUES_WITH_SINGLE_VALUED_KEY,
        name: "forallvalues-with-single-valued-key",
        severity: Warning,
        category: SecurityWarning,
        summary: "`ForAllValues:` on a single-valued key also matches requests without the key",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":"team","vpc-lattice-svcs:RequestQueryString/v":"2"},"ForAnyValue:StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"},"ForAllValues:Null":{"aws:SourceIp":"true"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ForAllValues:StringLike":{"vpc-lattice-svcs:SourceVpc":"vpc-1a2b3c4d","aws:PrincipalTag/team":"payments"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    for ClauseRef { block, clause, .. } in cx.policy().clauses() {
        let operator = block.operator.value;
        if operator.qualifier != Some(SetQualifier::ForAllValues)
            || operator.base == BaseOperator::Null
        {
            continue;
        }
        let plain = crate::model::Operator {
            qualifier: None,
            ..operator
        };
        let key = clause.key.value.as_str();
        if !catalog::condition_key(key).is_some_and(|k| !k.multi && catalog::is_curated(k)) {
            continue;
        }
        let finding = cx
            .finding(
                clause.key.span,
                format!("`ForAllValues:` on the single-valued key `{key}` also matches requests without the key"),
            )
            .with_related(block.operator.span, "set qualifier")
            .with_help(format!("write `{plain}` instead of `{operator}`"));
        cx.report(finding);
    }
}
