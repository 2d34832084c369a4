//! `INVALID_SERVICE`: a condition key whose service prefix does not exist.

use crate::catalog::{self, KeyVerdict};
use crate::lint::LintContext;
use crate::model::ClauseRef;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds condition keys whose prefix is neither an AWS service nor a
    /// prefix that documented keys use (`vpclattice:SourceVpc`,
    /// `vpc-lattice-svc:Port`). Keys of identity providers, whose prefix is a
    /// host name (`accounts.google.com:aud`), are left alone. (Unknown
    /// services in actions are `INVALID_SERVICE_IN_ACTION`.)
    ///
    /// ### Why is this bad?
    ///
    /// No request carries the key, so the condition compares against a missing
    /// value: a positive operator is always false and the statement never
    /// applies; a negated one is always true and checks nothing.
    ///
    /// ### Example
    ///
    /// ```json
    /// "Condition": {"StringEquals": {"vpclattice:SourceVpc": "vpc-1a2b3c4d"}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// "Condition": {"StringEquals": {"vpc-lattice-svcs:SourceVpc": "vpc-1a2b3c4d"}}
    /// ```
    pub static RULE = {
        code: INVALID_SERVICE,
        name: "invalid-service",
        severity: Error,
        category: Error,
        summary: "a condition key's service prefix does not exist",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:SourceVpc":"vpc-1a2b3c4d","accounts.google.com:aud":"x","saml:aud":"y"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpclattice:SourceVpc":"vpc-1a2b3c4d"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"NumericEquals":{"vpc-lattice-svc:Port":"443"},"StringEquals":{"banana:Peel":"x"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    for ClauseRef { clause, .. } in cx.policy().clauses() {
        let key = clause.key.value.as_str();
        let KeyVerdict::UnknownService { prefix } = catalog::key_verdict(key) else {
            continue;
        };
        let help = if let Some(better) = catalog::suggest_key(key) {
            format!("did you mean `{better}`?")
        } else if let Some(service) = catalog::suggest_service(prefix) {
            format!("did you mean the service `{service}`?")
        } else {
            "use a global `aws:` key or a key of the service, such as `vpc-lattice-svcs:SourceVpc`"
                .to_string()
        };
        let finding = cx
            .finding(
                clause.key.span,
                format!("the service `{prefix}` in the condition key `{key}` does not exist"),
            )
            .with_help(help);
        cx.report(finding);
    }
}
