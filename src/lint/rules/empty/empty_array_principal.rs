//! `EMPTY_ARRAY_PRINCIPAL`: `{"AWS": []}`.

use crate::lint::LintContext;
use crate::model::Principals;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds principal types with an empty list, such as
    /// `"Principal": {"AWS": []}`.
    ///
    /// ### Why is this bad?
    ///
    /// An empty list names no principal. When it is the only one, the
    /// statement matches no caller and does nothing; in `NotPrincipal` it
    /// excludes no one. It is usually a list that a template failed to fill.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": {"AWS": []}, "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": {"AWS": ["111122223333"]}, "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}
    /// ```
    pub static RULE = {
        code: EMPTY_ARRAY_PRINCIPAL,
        name: "empty-array-principal",
        severity: Info,
        category: Suggestion,
        summary: "a principal type has an empty list",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["111122223333"]},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":[]},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333","Service":[]},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for statement in &cx.policy().statements {
        let Some(principal) = &statement.principal else {
            continue;
        };
        let Principals::Map(entries) = &principal.value else {
            continue;
        };
        let element = if principal.negated {
            "NotPrincipal"
        } else {
            "Principal"
        };
        let others = entries.iter().any(|e| !e.values.is_empty());
        for entry in entries.iter().filter(|e| e.values.is_empty()) {
            let kind = entry.kind.value.as_str();
            let message = if others {
                format!("the `{kind}` list in `{element}` is empty")
            } else {
                format!("`{element}` names no principal: its `{kind}` list is empty")
            };
            findings.push(
                cx.finding(entry.kind.span, message)
                    .with_help(format!("list the `{kind}` principals, or remove `{kind}`")),
            );
        }
    }
    for finding in findings {
        cx.report(finding);
    }
}
