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
    for ClauseRef { clause, .. } in cx.policy().clauses() {
        let key = clause.key.value.as_str();
        if catalog::key_verdict(key) != KeyVerdict::UnknownGlobal {
            continue;
        }
        let help = match catalog::suggest_key(key) {
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
            .with_help(help);
        cx.report(finding);
    }
}
