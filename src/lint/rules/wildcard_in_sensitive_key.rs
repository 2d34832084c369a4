//! `WILDCARD_IN_SENSITIVE_KEY`: a wildcard in the value of an account, organization or VPC key.

use crate::keys;
use crate::lint::LintContext;
use crate::model::{BaseOperator, ClauseRef};

/// The keys IAM calls sensitive (wildcards have no valid use with them), and
/// by analogy the two Lattice keys that name a VPC and its owner.
const SENSITIVE: &[&str] = &[
    "aws:PrincipalAccount",
    "aws:PrincipalOrgID",
    "aws:ResourceAccount",
    "aws:ResourceOrgID",
    "aws:SourceAccount",
    "aws:SourceOrgID",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:VpceAccount",
    "aws:VpceOrgID",
    keys::SOURCE_VPC,
    keys::SOURCE_VPC_OWNER_ACCOUNT,
];

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `*` or `?` wildcards, under `StringLike` or `StringNotLike`, in
    /// the values of the keys that name an account, an organization or a VPC:
    /// `aws:PrincipalAccount`, `aws:PrincipalOrgID`, `aws:ResourceAccount`,
    /// `aws:ResourceOrgID`, `aws:SourceAccount`, `aws:SourceOrgID`,
    /// `aws:SourceVpc`, `aws:SourceVpce`, `aws:VpceAccount`, `aws:VpceOrgID`
    /// (IAM's "sensitive" keys), and by analogy `vpc-lattice-svcs:SourceVpc`
    /// and `vpc-lattice-svcs:SourceVpcOwnerAccount`.
    ///
    /// ### Why is this bad?
    ///
    /// These keys exist to pin down exactly which accounts, organizations or
    /// networks may call; IAM says wildcards have no valid use with them.
    /// `"StringLike": {"aws:PrincipalAccount": "1111*"}` lets in every one of
    /// the many accounts whose id starts with `1111`, none of which the author
    /// chose. (Wildcards under `StringEquals` are literal text, which is a
    /// different mistake.)
    ///
    /// ### Example
    ///
    /// ```json
    /// "Condition": {"StringLike": {"aws:PrincipalAccount": "1111*"}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// "Condition": {"StringEquals": {"aws:PrincipalAccount": ["111122223333", "111144445555"]}}
    /// ```
    pub static RULE = {
        code: WILDCARD_IN_SENSITIVE_KEY,
        name: "wildcard-in-sensitive-key",
        severity: Warning,
        category: SecurityWarning,
        summary: "a wildcard in the value of a key that names an account, organization or VPC",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringLike":{"aws:PrincipalOrgPaths":"o-a1b2c3d4e5/*"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringLike":{"vpc-lattice-svcs:SourceVpc":"vpc-${*}"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringLike":{"aws:PrincipalAccount":"1111*"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotLike":{"vpc-lattice-svcs:SourceVpc":["vpc-0a1b*","vpc-0c2d???"]}}}]}"#,
            r#"identity:{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringLike":{"aws:ResourceAccount":"*"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let variables = cx.policy().variables_enabled();
    for statement in &cx.policy().statements {
        for ClauseRef { block, clause, .. } in statement.clauses() {
            let op = block.operator.value;
            let key = clause.key.value.as_str();
            if !matches!(
                op.base,
                BaseOperator::StringLike | BaseOperator::StringNotLike
            ) || !SENSITIVE.iter().any(|k| k.eq_ignore_ascii_case(key))
            {
                continue;
            }
            let what = what(key);
            for value in &clause.values {
                let text = if variables {
                    value.text.replace("${*}", "").replace("${?}", "")
                } else {
                    value.text.clone()
                };
                if !text.contains(['*', '?']) {
                    continue;
                }
                let finding = cx
                    .finding(
                        value.span,
                        format!(
                            "`{}` has a wildcard, so `{key}` matches {what} nobody chose",
                            value.text
                        ),
                    )
                    .with_help("list the exact values with `StringEquals`");
                cx.report(finding);
            }
        }
    }
}

/// What the key's values name, for a message.
fn what(key: &str) -> &'static str {
    let k = key.to_ascii_lowercase();
    if k.ends_with("orgid") {
        "organizations"
    } else if k.ends_with("account") {
        "accounts"
    } else if k.ends_with("vpce") {
        "VPC endpoints"
    } else {
        "VPCs"
    }
}
