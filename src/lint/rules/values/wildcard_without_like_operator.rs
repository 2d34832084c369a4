//! `WILDCARD_WITHOUT_LIKE_OPERATOR`: `*` or `?` in a `StringEquals` value.

use crate::lint::rules::common::has_wildcards;
use crate::lint::LintContext;
use crate::model::BaseOperator;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `*` and `?` in the values of `StringEquals`, `StringNotEquals`,
    /// `StringEqualsIgnoreCase` and `StringNotEqualsIgnoreCase` conditions.
    /// The escapes `${*}` and `${?}` are literal characters and are not
    /// reported. `ArnEquals` is not reported either: it matches wildcards
    /// just like `ArnLike`.
    ///
    /// ### Why is this bad?
    ///
    /// These operators compare exactly: `*` and `?` are ordinary characters
    /// to them. `"StringEquals": {"aws:PrincipalOrgPaths": "o-a1b2c3d4e5/*"}`
    /// matches only the literal text ending in `/*`, never a real path, so an
    /// `Allow` grants nothing and a `StringNotEquals` in a `Deny` shuts out
    /// everyone.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestPath": "/api/*"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringLike": {"vpc-lattice-svcs:RequestPath": "/api/*"}}}
    /// ```
    pub static RULE = {
        code: WILDCARD_WITHOUT_LIKE_OPERATOR,
        name: "wildcard-without-like-operator",
        severity: Warning,
        category: Warning,
        summary: "a `StringEquals`-style condition value holds `*` or `?`, which it compares literally",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringLike":{"vpc-lattice-svcs:RequestPath":"/api/*"},"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/*"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestHeader/x-mode":"all${*}"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestPath":"/api/*"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalTag/team":"pay?"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for c in cx.policy().clauses() {
        let operator = c.block.operator.value;
        let like = match operator.base {
            BaseOperator::StringEquals => "StringLike",
            BaseOperator::StringNotEquals => "StringNotLike",
            BaseOperator::StringEqualsIgnoreCase => "StringLike",
            BaseOperator::StringNotEqualsIgnoreCase => "StringNotLike",
            _ => continue,
        };
        let ignore_case = matches!(
            operator.base,
            BaseOperator::StringEqualsIgnoreCase | BaseOperator::StringNotEqualsIgnoreCase
        );
        for value in c.clause.values.iter().filter(|v| has_wildcards(&v.text)) {
            let help = if ignore_case {
                format!("to match a pattern, use `{like}`, which compares case-sensitively (there is no case-insensitive `Like` operator); to match the character itself, write `${{*}}` or `${{?}}`")
            } else {
                format!("to match a pattern, use `{like}`; to match the character itself, write `${{*}}` or `${{?}}`")
            };
            findings.push(
                cx.finding(
                    value.span,
                    format!(
                        "`{}` compares `{}` literally: `*` and `?` are not wildcards here",
                        operator.base.name(),
                        value.text
                    ),
                )
                .with_help(help),
            );
        }
    }
    for finding in findings {
        cx.report(finding);
    }
}
