//! `MISSING_TAG_KEY_IN_CONDITION`: a tag, header or query-string key without its name.

use crate::catalog::{self, KeyInfo, KeyVerdict};
use crate::lint::LintContext;
use crate::model::ClauseRef;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds condition keys that need a name after their `/` and have none:
    /// `aws:PrincipalTag/`, `aws:ResourceTag/` and `aws:RequestTag/` without a
    /// tag key, `vpc-lattice-svcs:RequestHeader/` without a header name,
    /// `vpc-lattice-svcs:RequestQueryString/` without a query-string key, and
    /// the same keys written without the `/` (`aws:ResourceTag`).
    ///
    /// ### Why is this bad?
    ///
    /// The name is part of the key: `aws:PrincipalTag/team` is the caller's
    /// `team` tag. Without it the key names nothing, no request carries it, and
    /// the condition compares against a missing value: a positive operator is
    /// always false, a negated one always true.
    ///
    /// ### Example
    ///
    /// ```json
    /// "Condition": {"StringEquals": {"aws:PrincipalTag/": "payments"}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// "Condition": {"StringEquals": {"aws:PrincipalTag/team": "payments"}}
    /// ```
    pub static RULE = {
        code: MISSING_TAG_KEY_IN_CONDITION,
        name: "missing-tag-key-in-condition",
        severity: Error,
        category: Error,
        summary: "a tag, header or query-string condition key names no tag, header or query-string key",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"payments","vpc-lattice-svcs:RequestHeader/x-env":"prod"},"ForAnyValue:StringEquals":{"vpc-lattice-svcs:RequestQueryString/v":"2","aws:TagKeys":"team"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/":"payments"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag":"prod","vpc-lattice-svcs:RequestHeader/":"x"},"ForAnyValue:StringEquals":{"vpc-lattice-svcs:RequestQueryString":"2"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    for ClauseRef { clause, .. } in cx.policy().clauses() {
        let written = clause.key.value.as_str();
        let KeyVerdict::MissingSuffix { key } = catalog::key_verdict(written) else {
            continue;
        };
        let what = what_follows(key);
        let finding = cx
            .finding(clause.key.span, format!("`{written}` has no {what}"))
            .with_help(format!(
                "write the {what} after the `/`, as in `{}{}`",
                key.name,
                example(key)
            ));
        cx.report(finding);
    }
}

/// What the suffix of `key` names.
fn what_follows(key: &KeyInfo) -> &'static str {
    if key.name.ends_with("RequestHeader/") {
        "header name"
    } else if key.name.ends_with("RequestQueryString/") {
        "query-string key"
    } else if key.name.ends_with("Tag/") {
        "tag key"
    } else {
        "key name"
    }
}

fn example(key: &KeyInfo) -> &'static str {
    if key.name.ends_with("RequestHeader/") {
        "x-team"
    } else if key.name.ends_with("RequestQueryString/") {
        "version"
    } else if key.name.ends_with("Tag/") {
        "team"
    } else {
        "name"
    }
}
