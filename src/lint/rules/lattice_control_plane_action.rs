//! `LATTICE_CONTROL_PLANE_ACTION`: a statement whose actions never occur in a VPC Lattice request.

use crate::catalog::{action_verdict, ActionVerdict, LATTICE_SERVICE};
use crate::lint::lattice::{covers, CONNECT, INVOKE};
use crate::lint::LintContext;
use crate::model::PolicyKind;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds auth-policy statements whose `Action` matches neither
    /// `vpc-lattice-svcs:Invoke` nor `vpc-lattice-svcs:Connect`: control-plane
    /// actions of the `vpc-lattice:` service (`vpc-lattice:*`,
    /// `vpc-lattice:GetService`), or actions of other services. Actions the
    /// catalog does not know (`vpc-lattice:Invoke`, `vpc-lattice-svc:Invoke`,
    /// `vpc-lattice-svcs:Invok`) are left to the action checks, which report
    /// them and suggest the data-plane action.
    ///
    /// ### Why is this bad?
    ///
    /// An auth policy is only ever asked about the two data-plane actions
    /// (docs/semantics.md#the-requests-action-and-resource). `vpc-lattice:` is
    /// a different service, the one
    /// that creates and configures services and networks; its actions belong in
    /// identity policies. A statement that names only such actions never
    /// applies: an `Allow` grants nothing, a `Deny` denies nothing.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "vpc-lattice:*", "Resource": "*"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}
    /// ```
    pub static RULE = {
        code: LATTICE_CONTROL_PLANE_ACTION,
        name: "lattice-control-plane-action",
        severity: Warning,
        category: Error,
        summary: "a statement's actions never occur in a VPC Lattice request, so it never applies",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":["vpc-lattice:GetService","vpc-lattice-svcs:Invoke"],"Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"*","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invok","Resource":"*"}]}"#,
            r#"identity:{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"vpc-lattice:*","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice:Invoke","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svc:Invoke","Resource":"*"}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice:*","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":["vpc-lattice:GetService","s3:GetObject"],"Resource":"*"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    if cx.kind() != PolicyKind::Auth {
        return;
    }
    for statement in &cx.policy().statements {
        let action = &statement.action;
        if action.negated || covers(action, INVOKE) || covers(action, CONNECT) {
            continue;
        }
        // Items the catalog does not know are the action checks' business:
        // one finding per item.
        if action
            .items
            .iter()
            .any(|i| action_verdict(&i.value) != ActionVerdict::Known)
        {
            continue;
        }
        let foreign: Vec<_> = action
            .items
            .iter()
            .filter(|i| !has_service(&i.value, LATTICE_SERVICE))
            .collect();
        let [first, ..] = foreign.as_slice() else {
            continue;
        };
        let (span, message) = match foreign.as_slice() {
            [only] if action.items.len() == 1 => (
                only.span,
                format!(
                    "`{}` never occurs in a VPC Lattice request, so this statement never applies",
                    only.value
                ),
            ),
            _ => (
                action.span,
                format!(
                    "no action of this statement occurs in a VPC Lattice request (`{}`…), so it never applies",
                    first.value
                ),
            ),
        };
        let help = format!("write `{INVOKE}` (HTTP and gRPC) or `{CONNECT}` (TLS passthrough), the only actions auth policies see; `{}` belongs in identity policies", first.value);
        let finding = cx.finding(span, message).with_help(help);
        cx.report(finding);
    }
}

/// True when the action `text` is in `service` (case-insensitive).
fn has_service(text: &str, service: &str) -> bool {
    text.split_once(':')
        .is_some_and(|(prefix, _)| prefix.eq_ignore_ascii_case(service))
}
