//! `INVALID_SERVICE_CONDITION_KEY`: a VPC Lattice condition key that does not exist.

use crate::catalog::{self, KeyVerdict};
use crate::lint::LintContext;
use crate::model::ClauseRef;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `vpc-lattice-svcs:` condition keys that VPC Lattice does not have
    /// (`vpc-lattice-svcs:Method`, `vpc-lattice-svcs:SourceIp`). Lattice's nine
    /// keys are `Port`, `RequestMethod`, `RequestPath`,
    /// `RequestHeader/<header-name>`, `RequestQueryString/<key-name>`,
    /// `ServiceArn`, `ServiceNetworkArn`, `SourceVpc` and
    /// `SourceVpcOwnerAccount`
    /// (docs/semantics.md#condition-keys-a-lattice-request-carries); names
    /// compare ignoring case.
    ///
    /// Unknown keys of other services are `UNDOCUMENTED_CONDITION_KEY`: the
    /// catalog of those is a snapshot that cannot prove a key missing.
    ///
    /// ### Why is this bad?
    ///
    /// No request carries the key, so the condition compares against a missing
    /// value: a positive operator (`StringEquals`) is always false and the
    /// statement never applies; a negated one (`StringNotEquals`) is always
    /// true and checks nothing.
    ///
    /// ### Example
    ///
    /// ```json
    /// "Condition": {"StringEquals": {"vpc-lattice-svcs:Method": "GET"}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": "GET"}}
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
        code: INVALID_SERVICE_CONDITION_KEY,
        name: "invalid-service-condition-key",
        severity: Error,
        category: Error,
        summary: "a `vpc-lattice-svcs:` condition key does not exist",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:requestmethod":"GET","vpc-lattice-svcs:RequestHeader/x-team":"payments","vpc-lattice-svcs:RequestPath":"/rates"},"NumericEquals":{"vpc-lattice-svcs:Port":"443"}}}]}"#,
            r#"identity:{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"s3:NoSuchKey":"x"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:Method":"GET"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:PrincipalOrgID":"o-a1b2c3d4e5","vpc-lattice-svcs:ResourceTag/env":"prod","vpc-lattice-svcs:Banana":"x"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    for ClauseRef { block, clause, .. } in cx.policy().clauses() {
        let key = clause.key.value.as_str();
        let KeyVerdict::UnknownServiceKey { service } = catalog::key_verdict(key) else {
            continue;
        };
        if !service.is_exact() {
            continue;
        }
        let suggestion = catalog::suggest_key(key);
        let fix = suggestion
            .as_deref()
            .and_then(|better| super::common::rename_key_fix(cx, block, clause, better));
        let help = match suggestion {
            Some(better) => format!("did you mean `{better}`?"),
            None => format!("the keys of `{}` are {}", service.prefix(), key_list()),
        };
        let finding = cx
            .finding(
                clause.key.span,
                format!("`{key}` is not a condition key of `{}`", service.prefix()),
            )
            .with_help(help)
            .with_optional_fix(fix);
        cx.report(finding);
    }
}

/// The Lattice keys, as in `` `Port`, `RequestMethod`, … ``.
fn key_list() -> String {
    catalog::LATTICE_KEYS
        .iter()
        .map(|k| {
            let name = k.name.split_once(':').map_or(k.name, |(_, rest)| rest);
            let suffix = match name {
                "RequestHeader/" => "<header-name>",
                "RequestQueryString/" => "<key-name>",
                _ if k.suffixed => "<name>",
                _ => "",
            };
            format!("`{name}{suffix}`")
        })
        .collect::<Vec<_>>()
        .join(", ")
}
