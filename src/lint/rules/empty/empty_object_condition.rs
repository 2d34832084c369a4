//! `EMPTY_OBJECT_CONDITION`: `"Condition": {}`, or an operator with `{}`.

use crate::lint::LintContext;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `Condition` elements that are an empty object, and condition
    /// operators whose object of keys is empty.
    ///
    /// ### Why is this bad?
    ///
    /// An empty condition tests nothing: the statement applies as if the
    /// block were not there. That is rarely what was meant, since someone
    /// wrote a condition; often a key was deleted or a template left it
    /// unfilled, and the statement now grants more than intended.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEquals": {}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
    /// ```
    pub static RULE = {
        code: EMPTY_OBJECT_CONDITION,
        name: "empty-object-condition",
        severity: Info,
        category: Suggestion,
        summary: "a `Condition` or a condition operator is an empty object",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"},"ArnLike":{}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for statement in &cx.policy().statements {
        let Some(condition) = &statement.condition else {
            continue;
        };
        if condition.blocks.is_empty() {
            findings.push(
                cx.finding(condition.span, "`Condition` is empty, so it tests nothing")
                    .with_help("add the condition that was meant, or remove `Condition`"),
            );
        }
        for block in condition.blocks.iter().filter(|b| b.clauses.is_empty()) {
            findings.push(
                cx.finding(
                    block.span,
                    format!(
                        "`{}` has no condition keys, so it tests nothing",
                        block.operator.value
                    ),
                )
                .with_help("add the keys and values to test, or remove the operator"),
            );
        }
    }
    for finding in findings {
        cx.report(finding);
    }
}
