//! `EMPTY_ARRAY_ACTION`: `"Action": []`.

use crate::lint::LintContext;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds statements whose `Action` or `NotAction` is an empty array.
    ///
    /// ### Why is this bad?
    ///
    /// `"Action": []` names no action, so the statement matches no request
    /// and does nothing: usually a list that a template failed to fill.
    /// `"NotAction": []` is the opposite and worse: it excludes nothing, so
    /// the statement applies to every action.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": [], "Resource": "*"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": ["vpc-lattice-svcs:Invoke"], "Resource": "*"}
    /// ```
    pub static RULE = {
        code: EMPTY_ARRAY_ACTION,
        name: "empty-array-action",
        severity: Info,
        category: Suggestion,
        summary: "a statement's `Action` or `NotAction` is an empty array",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["vpc-lattice-svcs:Invoke"],"Resource":"*"}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":[],"Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","NotAction":[],"Resource":"*"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for statement in &cx.policy().statements {
        let action = &statement.action;
        if !action.items.is_empty() {
            continue;
        }
        findings.push(if action.negated {
            cx.finding(action.span, "`NotAction` is empty, so the statement applies to every action")
                .with_help("list the actions to exclude, or write `\"Action\": \"*\"` if every action is meant")
        } else {
            cx.finding(action.span, "`Action` is empty, so the statement matches no request")
                .with_help("list the actions, such as `vpc-lattice-svcs:Invoke`, or remove the statement")
        });
    }
    for finding in findings {
        cx.report(finding);
    }
}
