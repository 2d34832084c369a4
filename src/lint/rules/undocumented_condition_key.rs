//! `UNDOCUMENTED_CONDITION_KEY`: a service condition key the catalog does not list.

use crate::catalog::{self, KeyVerdict};
use crate::lint::LintContext;
use crate::model::ClauseRef;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds condition keys of a known AWS service (other than VPC Lattice's
    /// `vpc-lattice-svcs`, see `INVALID_SERVICE_CONDITION_KEY`) that the
    /// service's documented keys do not include (`s3:prefx`). Names compare
    /// ignoring case; a service's own tag keys (`secretsmanager:ResourceTag/x`,
    /// `ec2:TagKeys`), which older documentation describes, are accepted.
    ///
    /// The keys come from a snapshot of IAM's Service Authorization Reference,
    /// which lags behind AWS and leaves out a few keys AWS uses, so this is a
    /// warning rather than Access Analyzer's `INVALID_SERVICE_CONDITION_KEY`
    /// error.
    ///
    /// ### Why is this bad?
    ///
    /// A misspelt key is missing from every request: a positive operator is
    /// always false and the statement never applies; a negated one is always
    /// true and checks nothing. In a VPC Lattice auth policy, keys of other
    /// services are never present.
    ///
    /// ### Example
    ///
    /// ```json
    /// "Condition": {"StringLike": {"s3:prefx": "home/*"}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// "Condition": {"StringLike": {"s3:prefix": "home/*"}}
    /// ```
    pub static RULE = {
        code: UNDOCUMENTED_CONDITION_KEY,
        name: "undocumented-condition-key",
        severity: Warning,
        category: Warning,
        summary: "a condition key is not among its service's documented keys",
        check: check,
        pass: [
            r#"identity:{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"StringLike":{"s3:prefix":"home/*","secretsmanager:ResourceTag/owner":"me","s3:ExistingObjectTag/team":"a"},"ForAnyValue:StringEquals":{"ec2:TagKeys":"x"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:Method":"GET"}}}]}"#,
        ],
        fail: [
            r#"identity:{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"StringLike":{"s3:prefx":"home/*"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice:SourceVpc":"vpc-1a2b3c4d"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    for ClauseRef { clause, .. } in cx.policy().clauses() {
        let key = clause.key.value.as_str();
        let KeyVerdict::UnknownServiceKey { service } = catalog::key_verdict(key) else {
            continue;
        };
        if service.is_exact() {
            continue;
        }
        let help = match catalog::suggest_key(key) {
            Some(better) => format!("did you mean `{better}`?"),
            None => format!(
                "check the name against the condition keys of {} in the Service Authorization Reference; the catalog ({}) may predate it",
                service.name(),
                catalog::SOURCE
            ),
        };
        let finding = cx
            .finding(
                clause.key.span,
                format!(
                    "`{key}` is not a documented condition key of `{}`",
                    service.prefix()
                ),
            )
            .with_help(help);
        cx.report(finding);
    }
}
