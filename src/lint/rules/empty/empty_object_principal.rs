//! `EMPTY_OBJECT_PRINCIPAL`: `"Principal": {}`.

use crate::lint::LintContext;
use crate::model::Principals;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `Principal` and `NotPrincipal` elements that are an empty object.
    ///
    /// ### Why is this bad?
    ///
    /// `"Principal": {}` names no principal, so the statement matches no
    /// caller and does nothing; `"NotPrincipal": {}` excludes no one, so the
    /// statement applies to every caller, anonymous ones included.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": {}, "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}
    /// ```
    pub static RULE = {
        code: EMPTY_OBJECT_PRINCIPAL,
        name: "empty-object-principal",
        severity: Info,
        category: Suggestion,
        summary: "a `Principal` or `NotPrincipal` is an empty object",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for statement in &cx.policy().statements {
        let Some(principal) = &statement.principal else {
            continue;
        };
        if !matches!(&principal.value, Principals::Map(entries) if entries.is_empty()) {
            continue;
        }
        findings.push(if principal.negated {
            cx.finding(principal.span, "`NotPrincipal` is empty, so the statement applies to every caller")
                .with_help("list the principals to exclude, or write `\"Principal\": \"*\"` if every caller is meant")
        } else {
            cx.finding(principal.span, "`Principal` is empty, so the statement matches no caller")
                .with_help("name the callers, as in `{\"AWS\": \"111122223333\"}`, or remove the statement")
        });
    }
    for finding in findings {
        cx.report(finding);
    }
}
