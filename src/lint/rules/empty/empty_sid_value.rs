//! `EMPTY_SID_VALUE`: `"Sid": ""`.

use crate::lint::LintContext;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds statements whose `Sid` is the empty string.
    ///
    /// ### Why is this bad?
    ///
    /// A `Sid` exists to name a statement in findings, logs and reviews; an
    /// empty one names nothing. Give the statement a name, or leave `Sid` out.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Sid": "", "Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Sid": "AllowInvoke", "Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}
    /// ```
    pub static RULE = {
        code: EMPTY_SID_VALUE,
        name: "empty-sid-value",
        severity: Info,
        category: Suggestion,
        summary: "a statement's `Sid` is empty",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"AllowInvoke","Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"","Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for statement in &cx.policy().statements {
        if let Some(sid) = statement.sid.as_ref().filter(|s| s.value.is_empty()) {
            findings.push(
                cx.finding(sid.span, "`Sid` is empty")
                    .with_help("name the statement, such as `\"AllowInvoke\"`, or remove `Sid`"),
            );
        }
    }
    for finding in findings {
        cx.report(finding);
    }
}
