//! `IMPOSSIBLE_CONDITION_VALUE`: a condition value its key never takes, which locks callers out.

use crate::lint::lattice::impossible_values;
use crate::lint::LintContext;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds string-condition values that the key never takes, where the only
    /// effect is that the condition matches less than intended:
    /// `"StringEquals": {"vpc-lattice-svcs:RequestMethod": "get"}` in an
    /// `Allow` (methods are upper-case, so the statement never applies), or a
    /// negated operator in a `Deny`. The keys whose values are known:
    /// `aws:PrincipalType` (`Account`, `User`, `FederatedUser`, `AssumedRole`,
    /// `Anonymous`, SEMANTICS.md D19), `vpc-lattice-svcs:RequestMethod`
    /// (upper-case HTTP methods), `aws:SecureTransport` and
    /// `aws:PrincipalIsAWSService` (`true`, `false`).
    ///
    /// When the dead value opens access instead (a negated operator in an
    /// `Allow`, a positive one in a `Deny`), the finding is
    /// `IMPOSSIBLE_VALUE_OPENS_ACCESS`.
    ///
    /// ### Why is this bad?
    ///
    /// `StringEquals`, `StringNotEquals`, `StringLike` and `StringNotLike`
    /// compare case-sensitively: `get` never equals `GET`. The statement
    /// silently allows less than it says, and callers are denied with no
    /// visible reason.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "*", "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": "get"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "*", "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": "GET"}}}
    /// ```
    pub static RULE = {
        code: IMPOSSIBLE_CONDITION_VALUE,
        name: "impossible-condition-value",
        severity: Warning,
        category: Error,
        summary: "a condition compares a key with a value it never takes, so the condition matches less than written",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":["GET","HEAD"]}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEqualsIgnoreCase":{"vpc-lattice-svcs:RequestMethod":"get"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"},"StringLike":{"vpc-lattice-svcs:RequestMethod":"P*"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalType":"anonymous"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"get"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalType":"Role"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEquals":{"vpc-lattice-svcs:RequestMethod":"get"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/r"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalType":"anonymous"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let variables = cx.policy().variables_enabled();
    for statement in &cx.policy().statements {
        for dead in impossible_values(statement, variables) {
            if dead.opens {
                continue;
            }
            let op = dead.block.operator.value;
            let consequence = if op.base.is_negated() {
                format!("`{op}` excludes nothing with it")
            } else {
                format!("`{op}` never matches it")
            };
            let finding = cx
                .finding(
                    dead.value.span,
                    format!("{}, so {consequence}", dead.never()),
                )
                .with_help(dead.help());
            cx.report(finding);
        }
    }
}
