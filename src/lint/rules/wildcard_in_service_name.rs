//! `WILDCARD_IN_SERVICE_NAME`: `*` or `?` in an action's service prefix.

use crate::catalog::{self, ActionVerdict};
use crate::lint::LintContext;
use crate::wildcard::{Case, Wildcard};

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds actions with a `*` or `?` in the service prefix
    /// (`vpc-lattice-*:Invoke`, `*:Invoke`). The bare `"*"`, which means every
    /// action, is left alone.
    ///
    /// ### Why is this bad?
    ///
    /// A wildcard in the prefix matches every service whose prefix fits, today
    /// and in future: `vpc-lattice-*:*` covers the control plane `vpc-lattice`
    /// as well as the data plane `vpc-lattice-svcs`, and a service added later
    /// may match too. Naming the service says what is meant.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice*:Invoke", "Resource": "*"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}
    /// ```
    pub static RULE = {
        code: WILDCARD_IN_SERVICE_NAME,
        name: "wildcard-in-service-name",
        severity: Info,
        category: Suggestion,
        summary: "an action's service prefix has a wildcard",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["*","vpc-lattice-svcs:*","vpc-lattice-svcs:Inv?ke"],"Resource":"*"}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice*:Invoke","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["*:Invoke","vpc-lattice-?vcs:*"],"Resource":"*"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    for (item, verdict) in cx.action_items() {
        let text = item.value.as_str();
        let ActionVerdict::WildcardInService { prefix } = verdict else {
            continue;
        };
        let name = text.get(prefix.len() + 1..).unwrap_or("");
        let matched = services_matching(prefix, name);
        let help = match matched.as_slice() {
            [] => "name the service in full".to_string(),
            [one] => format!("name the service in full: `{one}:{name}`"),
            some if some.len() <= 4 => format!(
                "it matches actions of {}; name the service in full",
                some.iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            many => format!(
                "it matches actions of {} services; name the service in full",
                many.len()
            ),
        };
        let finding = cx
            .finding(
                item.span,
                format!("the service prefix `{prefix}` in `{text}` has a wildcard, which can match other services"),
            )
            .with_help(help);
        cx.report(finding);
    }
}

/// The known services whose prefix fits `prefix` and that have an action `name` fits.
fn services_matching(prefix: &str, name: &str) -> Vec<&'static str> {
    let pattern = Wildcard::parse(prefix);
    catalog::services()
        .filter(|s| pattern.matches(s.prefix(), Case::Insensitive))
        .filter(|s| s.knows_actions() && s.matching_actions(name).next().is_some())
        .map(|s| s.prefix())
        .collect()
}
