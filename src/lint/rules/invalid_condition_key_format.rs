//! `INVALID_CONDITION_KEY_FORMAT`: a condition key not written `service:keyname`.

use crate::catalog::{self, KeyVerdict};
use crate::lint::LintContext;
use crate::model::ClauseRef;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds condition keys that are not written `service:keyname`: without a
    /// `:` (`PrincipalOrgID`), or with nothing before or after it.
    ///
    /// ### Why is this bad?
    ///
    /// No request carries such a key, so the condition compares against a
    /// missing value: a positive operator (`StringEquals`) is always false and
    /// the statement never applies; a negated one (`StringNotEquals`) is always
    /// true and the check it was meant to make is not made.
    ///
    /// ### Example
    ///
    /// ```json
    /// "Condition": {"StringEquals": {"PrincipalOrgID": "o-a1b2c3d4e5"}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
    /// ```
    pub static RULE = {
        code: INVALID_CONDITION_KEY_FORMAT,
        name: "invalid-condition-key-format",
        severity: Error,
        category: Error,
        summary: "a condition key is not written `service:keyname`",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5","vpc-lattice-svcs:SourceVpc":"vpc-1a2b3c4d"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"SourceVpc":"vpc-1a2b3c4d","aws:":"x"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    for ClauseRef { clause, .. } in cx.policy().clauses() {
        let key = clause.key.value.as_str();
        if catalog::key_verdict(key) != KeyVerdict::Malformed {
            continue;
        }
        let help = match catalog::suggest_key(key) {
            Some(better) => format!("did you mean `{better}`?"),
            None => {
                "write the key's service prefix, a colon and its name, as in `aws:PrincipalOrgID`"
                    .to_string()
            }
        };
        let finding = cx
            .finding(
                clause.key.span,
                format!("`{key}` is not a condition key: keys are written `service:keyname`"),
            )
            .with_help(help);
        cx.report(finding);
    }
}
