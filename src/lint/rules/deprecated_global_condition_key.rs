//! `DEPRECATED_GLOBAL_CONDITION_KEY`: `aws:ARN`.

use crate::catalog::{self, KeyVerdict};
use crate::lint::LintContext;
use crate::model::ClauseRef;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds the condition key `aws:ARN`, which AWS has replaced by
    /// `aws:PrincipalArn` (the caller's ARN) and `aws:SourceArn` (the resource
    /// a service acts for). Access Analyzer reports it as deprecated in some
    /// policy types and as unsupported (`UNSUPPORTED_GLOBAL_CONDITION_KEY`) in
    /// others; this rule covers both.
    ///
    /// ### Why is this bad?
    ///
    /// The key is not documented among the global condition keys, and VPC
    /// Lattice does not put it in the request context (decision `global-keys-lattice-fills`): the
    /// condition compares against a missing value, so a positive operator is
    /// always false and a negated one always true.
    ///
    /// ### Example
    ///
    /// ```json
    /// "Condition": {"ArnEquals": {"aws:ARN": "arn:aws:iam::111122223333:role/app"}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// "Condition": {"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/app"}}
    /// ```
    pub static RULE = {
        code: DEPRECATED_GLOBAL_CONDITION_KEY,
        name: "deprecated-global-condition-key",
        severity: Warning,
        category: Warning,
        summary: "the condition key `aws:ARN` is deprecated",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/app","aws:SourceArn":"arn:aws:s3:::bucket"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ArnEquals":{"aws:ARN":"arn:aws:iam::111122223333:role/app"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    for ClauseRef { clause, .. } in cx.policy().clauses() {
        let written = clause.key.value.as_str();
        if catalog::key_verdict(written) != KeyVerdict::Deprecated {
            continue;
        }
        let finding = cx
            .finding(clause.key.span, format!("`{written}` is deprecated"))
            .with_help("use `aws:PrincipalArn` for the caller's ARN, or `aws:SourceArn` for the resource a service acts for");
        cx.report(finding);
    }
}
