//! `EMPTY_ARRAY_RESOURCE`: `"Resource": []`.

use crate::lint::LintContext;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds statements whose `Resource` or `NotResource` is an empty array.
    ///
    /// ### Why is this bad?
    ///
    /// `"Resource": []` names no resource, so the statement matches no
    /// request and does nothing: usually a list that a template failed to
    /// fill. `"NotResource": []` excludes nothing, so the statement applies to
    /// every resource.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": []}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": ["arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/*"]}
    /// ```
    pub static RULE = {
        code: EMPTY_ARRAY_RESOURCE,
        name: "empty-array-resource",
        severity: Info,
        category: Suggestion,
        summary: "a statement's `Resource` or `NotResource` is an empty array",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":["*"]}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":[]}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","NotResource":[]}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for statement in &cx.policy().statements {
        let resource = &statement.resource;
        if !resource.items.is_empty() {
            continue;
        }
        findings.push(if resource.negated {
            cx.finding(resource.span, "`NotResource` is empty, so the statement applies to every resource")
                .with_help("list the resources to exclude, or write `\"Resource\": \"*\"` if every resource is meant")
        } else {
            cx.finding(resource.span, "`Resource` is empty, so the statement matches no request")
                .with_help("list the service ARNs, or write `\"Resource\": \"*\"` for the service the policy is attached to")
        });
    }
    for finding in findings {
        cx.report(finding);
    }
}
