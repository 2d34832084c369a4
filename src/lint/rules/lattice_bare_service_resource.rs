//! `LATTICE_BARE_SERVICE_RESOURCE`: a service ARN without a path, which never covers HTTP or gRPC requests.

use crate::diagnostic::{Edit, Fix};
use crate::lint::lattice::{covers, is_bare_service_arn, INVOKE};
use crate::lint::LintContext;
use crate::model::PolicyKind;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `Resource` values that are a VPC Lattice service ARN with no path
    /// after it (`arn:aws:vpc-lattice:us-east-2:123456789012:service/svc-0285b53b2eEXAMPLE`)
    /// in statements that cover `vpc-lattice-svcs:Invoke`.
    ///
    /// ### Why is this bad?
    ///
    /// The resource of an HTTP or gRPC request is the service ARN followed by
    /// the request path: `GET /rates` names `…/svc-0285b53b2eEXAMPLE/rates`
    /// (docs/semantics.md#the-requests-action-and-resource). The bare service
    /// ARN is the resource of
    /// `vpc-lattice-svcs:Connect` (TLS passthrough) only, so this project
    /// follows the documented template (decision
    /// `bare-service-arn-connect-only`): the value never matches an
    /// `Invoke` request, and the statement grants nothing over HTTP. The AWS
    /// CLI's own `put-auth-policy` example has this shape.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/my-clients"},
    ///  "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "arn:aws:vpc-lattice:us-east-2:123456789012:service/svc-0285b53b2eEXAMPLE"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/my-clients"},
    ///  "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "arn:aws:vpc-lattice:us-east-2:123456789012:service/svc-0285b53b2eEXAMPLE/*"}
    /// ```
    ///
    /// ### Fix
    ///
    /// Unsafe (applied by `policy check --fix --unsafe-fixes` only): `/*` is
    /// added after the ARN. The statement then covers every HTTP and gRPC
    /// request to the service, and no longer the TLS passthrough connection
    /// the bare ARN names: what it matches changes, so the author decides.
    pub static RULE = {
        code: LATTICE_BARE_SERVICE_RESOURCE,
        name: "lattice-bare-service-resource",
        severity: Warning,
        category: Error,
        summary: "a service ARN without a path never matches HTTP or gRPC requests (`vpc-lattice-svcs:Invoke`)",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-east-2:111122223333:service/svc-0123456789abcdef0/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Connect","Resource":"arn:aws:vpc-lattice:us-east-2:111122223333:service/svc-0123456789abcdef0"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-east-2:111122223333:service/svc-0123456789abcdef0*"}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/my-clients"},"Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-east-2:123456789012:service/svc-0285b53b2eEXAMPLE"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":["arn:aws:vpc-lattice:us-east-2:123456789012:service/svc-0285b53b2eEXAMPLE/admin/*","arn:aws:vpc-lattice:us-east-2:123456789012:service/svc-0285b53b2eEXAMPLE"]}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    if cx.kind() != PolicyKind::Auth {
        return;
    }
    for statement in &cx.policy().statements {
        if statement.resource.negated || !covers(&statement.action, INVOKE) {
            continue;
        }
        for item in &statement.resource.items {
            if !is_bare_service_arn(&item.value) {
                continue;
            }
            // Inserted before the closing quote, so escapes in the value stay as written.
            let fix = cx.text(item.span).ends_with('"').then(|| {
                Fix::unsafe_(
                    "add `/*` to cover every path of the service",
                    vec![Edit::insert(item.span.end as usize - 1, "/*")],
                )
            });
            let finding = cx
                .finding(
                    item.span,
                    "a service ARN without a path never matches HTTP or gRPC requests: their resource is the service ARN followed by the request path",
                )
                .with_label("matches only TLS passthrough connections")
                .with_help(format!("write `{}/*` to cover every path of the service", item.value))
                .with_optional_fix(fix);
            cx.report(finding);
        }
    }
}
