//! `INVALID_GLOBAL_CONDITION_KEY`: an `aws:` key that does not exist.

use crate::catalog::{self, KeyVerdict};
use crate::lint::LintContext;
use crate::model::ClauseRef;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `aws:` condition keys that are not global condition keys
    /// (`aws:PrincipleArn`, `aws:SourceVpcId`). Key names compare ignoring
    /// case; a suffixed key (`aws:PrincipalTag/team`) is known by its head.
    /// `aws:ARN` is `DEPRECATED_GLOBAL_CONDITION_KEY`.
    ///
    /// ### Why is this bad?
    ///
    /// No request carries the key, so the condition compares against a missing
    /// value: a positive operator is always false and the statement never
    /// applies; a negated one is always true and checks nothing. A misspelt
    /// `aws:PrincipalOrgID` in a `StringNotEquals` of a `Deny` lets every
    /// caller through.
    ///
    /// ### Example
    ///
    /// ```json
    /// "Condition": {"ArnLike": {"aws:PrincipleArn": "arn:aws:iam::111122223333:role/app-*"}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/app-*"}}
    /// ```
    ///
    /// ### Fix
    ///
    /// Unsafe (applied by `policy check --fix --unsafe-fixes` only), when
    /// there is a suggestion: the key is renamed to it. No request carries
    /// the misspelt key, so the clause compares against a missing value;
    /// renamed, it starts to decide, and which requests the statement covers
    /// changes. Not offered for keys with a suffix (`aws:PrincipalTag/team`)
    /// or when the block already names the suggested key.
    pub static RULE = {
        code: INVALID_GLOBAL_CONDITION_KEY,
        name: "invalid-global-condition-key",
        severity: Error,
        category: Error,
        summary: "an `aws:` condition key is not a global condition key",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"AWS:principalorgid":"o-a1b2c3d4e5","aws:PrincipalTag/team":"payments","aws:ResourceTag/env":"prod"},"Bool":{"aws:SecureTransport":"true"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ArnLike":{"aws:PrincipleArn":"arn:aws:iam::111122223333:role/app-*"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpcId":"vpc-1a2b3c4d","aws:Banana":"x"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    for ClauseRef { block, clause, .. } in cx.policy().clauses() {
        let key = clause.key.value.as_str();
        if catalog::key_verdict(key) != KeyVerdict::UnknownGlobal {
            continue;
        }
        let suggestion = catalog::suggest_key(key);
        let fix = suggestion
            .as_deref()
            .and_then(|better| super::common::rename_key_fix(cx, block, clause, better));
        let help = match suggestion {
            Some(better) => format!("did you mean `{better}`?"),
            None => {
                "use a key from IAM's list of global condition keys, or a `vpc-lattice-svcs:` key"
                    .to_string()
            }
        };
        let finding = cx
            .finding(
                clause.key.span,
                format!("`{key}` is not a global condition key"),
            )
            .with_help(help)
            .with_optional_fix(fix);
        cx.report(finding);
    }
}
