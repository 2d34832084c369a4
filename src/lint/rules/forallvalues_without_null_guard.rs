//! `FORALLVALUES_WITHOUT_NULL_GUARD`: `ForAllValues:` in an `Allow` holds for requests without the key.

use crate::catalog::condition_key;
use crate::eval::normalize_key;
use crate::lint::lattice::is_always_present;
use crate::lint::LintContext;
use crate::model::{BaseOperator, ClauseRef, Effect, PolicyKind, SetQualifier, Statement};

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `ForAllValues:` with a positive operator in an `Allow` statement,
    /// on a multi-valued key that a request may lack (`aws:PrincipalOrgPaths`,
    /// `vpc-lattice-svcs:RequestQueryString/…`; single-valued keys are
    /// `FORALLVALUES_WITH_SINGLE_VALUED_KEY`'s), when the statement does not also
    /// require the key to be present (`"Null": {"<key>": "false"}`, or
    /// another positive condition on the same key).
    ///
    /// ### Why is this bad?
    ///
    /// `ForAllValues:` holds when every value of the key in the request is
    /// allowed, and so it also holds when the request has no value at all
    /// (docs/semantics.md#conditions). `"ForAllValues:StringLike":
    /// {"aws:PrincipalOrgPaths": "o-a1b2c3d4e5/*"}` lets in every caller outside
    /// any organization, anonymous callers included; a `ForAllValues:`
    /// condition on a query-string key lets in every request that leaves the
    /// parameter out.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"ForAllValues:StringLike": {"aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"ForAllValues:StringLike": {"aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"},
    ///                "Null": {"aws:PrincipalOrgPaths": "false"}}}
    /// ```
    ///
    /// or `ForAnyValue:`, which is false when the key is missing.
    pub static RULE = {
        code: FORALLVALUES_WITHOUT_NULL_GUARD,
        name: "forallvalues-without-null-guard",
        severity: Warning,
        category: SecurityWarning,
        summary: "`ForAllValues:` in an `Allow` also holds for requests that lack the key",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ForAllValues:StringLike":{"aws:PrincipalOrgPaths":"o-a1b2c3d4e5/*"},"Null":{"aws:PrincipalOrgPaths":"false"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":"o-a1b2c3d4e5/*"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ForAllValues:StringEquals":{"vpc-lattice-svcs:RequestQueryString/env":["dev","test"]},"ForAnyValue:StringLike":{"vpc-lattice-svcs:RequestQueryString/env":"*"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ForAllValues:StringEquals":{"vpc-lattice-svcs:RequestQueryString/env":"prod"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ForAllValues:StringNotEquals":{"vpc-lattice-svcs:RequestQueryString/debug":"true"},"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ForAllValues:StringLike":{"aws:PrincipalOrgPaths":"o-a1b2c3d4e5/*"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ForAllValues:StringEquals":{"vpc-lattice-svcs:RequestQueryString/env":["dev","test"]}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    if cx.kind() != PolicyKind::Auth {
        return;
    }
    for statement in &cx.policy().statements {
        if statement.effect.value != Effect::Allow {
            continue;
        }
        for ClauseRef { block, clause, .. } in statement.clauses() {
            let op = block.operator.value;
            let key = clause.key.value.as_str();
            if op.qualifier != Some(SetQualifier::ForAllValues)
                || op.base.is_negated()
                || op.base == BaseOperator::Null
                || is_always_present(key)
                // An empty list is EMPTY_ARRAY_CONDITION_FORALLVALUES's.
                || clause.values.is_empty()
                // A single-valued key is FORALLVALUES_WITH_SINGLE_VALUED_KEY's.
                || condition_key(key).is_some_and(|k| !k.multi)
                || guarded(statement, key)
            {
                continue;
            }
            let lacking = if condition_key(key).is_some_and(|k| !k.anonymous) {
                " (anonymous callers never have it)"
            } else {
                ""
            };
            let finding = cx
                .finding(
                    block.operator.span,
                    format!("`{op}` also holds when the request has no `{key}`{lacking}, so such requests pass"),
                )
                .with_label(format!("holds when `{key}` is missing"))
                .with_help(format!(
                    "add `\"Null\": {{\"{key}\": \"false\"}}` to the statement's condition, or use `ForAnyValue:`"
                ));
            cx.report(finding);
        }
    }
}

/// True when another clause of the statement requires `key` to be present.
fn guarded(statement: &Statement, key: &str) -> bool {
    statement.clauses().any(|ClauseRef { block, clause, .. }| {
        let op = block.operator.value;
        if normalize_key(&clause.key.value) != normalize_key(key) {
            return false;
        }
        if op.base == BaseOperator::Null {
            op.qualifier.is_none()
                && clause
                    .values
                    .iter()
                    .all(|v| v.text.eq_ignore_ascii_case("false"))
        } else {
            !op.if_exists
                && !op.base.is_negated()
                && op.qualifier != Some(SetQualifier::ForAllValues)
        }
    })
}
