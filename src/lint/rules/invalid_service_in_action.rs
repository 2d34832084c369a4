//! `INVALID_SERVICE_IN_ACTION`: an action whose service prefix does not exist.

use crate::catalog::{self, ActionVerdict};
use crate::lint::LintContext;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds actions whose service prefix is not an AWS service
    /// (`vpc-lattice-svc:Invoke`, `vpclattice:Invoke`). Prefixes compare
    /// ignoring case; the services are those of IAM's Service Authorization
    /// Reference, plus a few retired ones that still appear in policies.
    ///
    /// ### Why is this bad?
    ///
    /// An action of a service that does not exist matches no request. In a
    /// VPC Lattice auth policy the data-plane prefix is `vpc-lattice-svcs`; the
    /// control plane's `vpc-lattice` and invented spellings such as
    /// `vpclattice` leave the statement without effect.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svc:Invoke", "Resource": "*"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}
    /// ```
    ///
    /// ### Fix
    ///
    /// Unsafe (applied by `policy check --fix --unsafe-fixes` only), when
    /// an action is suggested: the action is replaced with it. The misspelt
    /// action matches no request and the suggested one does, so what the
    /// statement allows or denies changes.
    pub static RULE = {
        code: INVALID_SERVICE_IN_ACTION,
        name: "invalid-service-in-action",
        severity: Error,
        category: Error,
        summary: "an action's service prefix is not an AWS service",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["vpc-lattice-svcs:Invoke","VPC-LATTICE:GetService","*"],"Resource":"*"}]}"#,
            r#"identity:{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["zocalo:Describe*","vpc-lattice-*:Invoke","Invoke"],"Resource":"*"}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svc:Invoke","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["vpclattice:Invoke","vpclattice:Access"],"Resource":"*"}]}"#,
            r#"identity:{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"banana:Peel","Resource":"*"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    for (item, verdict) in cx.action_items() {
        let text = item.value.as_str();
        let ActionVerdict::UnknownService { prefix } = verdict else {
            continue;
        };
        let better = catalog::suggest_action(text);
        let fix = better
            .as_deref()
            .and_then(|b| super::common::replace_string_fix(cx, item.span, b));
        let help = if let Some(better) = better {
            format!("did you mean `{better}`?")
        } else if let Some(service) = catalog::suggest_service(prefix) {
            format!("did you mean the service `{service}`?")
        } else {
            "use a service prefix from the Service Authorization Reference; VPC Lattice's data plane is `vpc-lattice-svcs`".to_string()
        };
        let finding = cx
            .finding(
                item.span,
                format!("the service `{prefix}` in `{text}` does not exist"),
            )
            .with_help(help)
            .with_optional_fix(fix);
        cx.report(finding);
    }
}
