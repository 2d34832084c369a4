//! `ALLOW_WITH_NOT_RESOURCE`: `NotResource` with `Allow`.

use crate::lint::LintContext;
use crate::model::{Effect, PolicyKind};

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `Allow` statements in auth policies that use `NotResource`.
    ///
    /// ### Why is this bad?
    ///
    /// `NotResource` with `Allow` allows every resource except the ones listed:
    /// every path of the service but those, on every service the policy is
    /// attached to or reaches through a service network, including paths added
    /// later. IAM warns that it "could result in granting users more
    /// permissions than you intended". Allow the paths that are meant, or
    /// allow `*` and add a `Deny` for the paths to keep out.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "vpc-lattice-svcs:Invoke",
    ///  "NotResource": "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/admin/*"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// "Statement": [
    ///   {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "vpc-lattice-svcs:Invoke",
    ///    "Resource": "*"},
    ///   {"Effect": "Deny", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
    ///    "Resource": "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/admin/*"}
    /// ]
    /// ```
    pub static RULE = {
        code: ALLOW_WITH_NOT_RESOURCE,
        name: "allow-with-not-resource",
        severity: Warning,
        category: SecurityWarning,
        summary: "an `Allow` statement uses `NotResource`, allowing every resource not listed",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","NotResource":"arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/public/*"}]}"#,
            r#"identity:{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::secret/*"}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","NotResource":"arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/admin/*"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    if cx.kind() != PolicyKind::Auth {
        return;
    }
    for statement in &cx.policy().statements {
        if statement.effect.value != Effect::Allow || !statement.resource.negated {
            continue;
        }
        let finding = cx
            .finding(
                statement.resource.key_span,
                "`NotResource` with `Allow` allows every resource not listed",
            )
            .with_help("list the resources to allow in `Resource`, or allow `*` and add a `Deny` statement for the resources to keep out");
        cx.report(finding);
    }
}
