//! `HEADER_NAME_CASE`: upper-case letters in a `vpc-lattice-svcs:RequestHeader/<name>` key.

use crate::keys;
use crate::lint::LintContext;
use crate::model::ClauseRef;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `vpc-lattice-svcs:RequestHeader/<name>` condition keys whose header
    /// name has upper-case letters (`RequestHeader/Content-Type`).
    ///
    /// ### Why is this bad?
    ///
    /// HTTP header names are case-insensitive, HTTP/2 sends them in lower case,
    /// and the VPC Lattice guide writes them in lower case
    /// (`content-type`). The same guide also says that condition keys are case
    /// sensitive, without saying whether that covers the header name
    /// (docs/semantics.md#key-name-case). This tool compares header names
    /// ignoring case (decision `key-name-case`);
    /// writing them in lower case works under either reading.
    ///
    /// ### Example
    ///
    /// ```json
    /// "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestHeader/Content-Type": "application/json"}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestHeader/content-type": "application/json"}}
    /// ```
    pub static RULE = {
        code: HEADER_NAME_CASE,
        name: "header-name-case",
        severity: Info,
        category: Suggestion,
        summary: "a `RequestHeader/<name>` key has upper-case letters in the header name",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"VPC-Lattice-Svcs:RequestHeader/x-api-version":"2"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestHeader/Content-Type":"application/json"}}}]}"#,
            r#"identity:{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringLike":{"vpc-lattice-svcs:RequestHeader/X-Tenant":"a*"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    for statement in &cx.policy().statements {
        for ClauseRef { clause, .. } in statement.clauses() {
            let key = clause.key.value.as_str();
            let Some(name) = key.get(keys::REQUEST_HEADER.len()..).filter(|_| {
                key.get(..keys::REQUEST_HEADER.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(keys::REQUEST_HEADER))
            }) else {
                continue;
            };
            if !name.chars().any(char::is_uppercase) {
                continue;
            }
            let lower = format!("{}{}", keys::REQUEST_HEADER, name.to_lowercase());
            let finding = cx
                .finding(
                    clause.key.span,
                    format!("header name `{name}` has upper-case letters; requests carry header names in lower case"),
                )
                .with_help(format!("write `{lower}`"));
            cx.report(finding);
        }
    }
}
