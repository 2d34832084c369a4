//! `ALLOW_WITH_NOT_ACTION`: `NotAction` with `Allow`.

use crate::lint::LintContext;
use crate::model::{Effect, PolicyKind};

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `Allow` statements in auth policies that use `NotAction`.
    ///
    /// ### Why is this bad?
    ///
    /// `NotAction` with `Allow` allows every action except the ones listed. An
    /// auth policy sees two actions, `vpc-lattice-svcs:Invoke` (HTTP and gRPC
    /// requests) and `vpc-lattice-svcs:Connect` (TLS passthrough connections),
    /// so the statement allows whichever the list leaves out, and any action
    /// the service adds later, without naming it. Listing what is allowed says
    /// the same thing plainly.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": {"AWS": "111122223333"},
    ///  "NotAction": "vpc-lattice-svcs:Connect", "Resource": "*"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": {"AWS": "111122223333"},
    ///  "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}
    /// ```
    pub static RULE = {
        code: ALLOW_WITH_NOT_ACTION,
        name: "allow-with-not-action",
        severity: Warning,
        category: SecurityWarning,
        summary: "an `Allow` statement uses `NotAction`, allowing every action not listed",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","NotAction":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
            r#"identity:{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"NotAction":"vpc-lattice-svcs:Connect","Resource":"*"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    if cx.kind() != PolicyKind::Auth {
        return;
    }
    for statement in &cx.policy().statements {
        if statement.effect.value != Effect::Allow || !statement.action.negated {
            continue;
        }
        let finding = cx
            .finding(
                statement.action.key_span,
                "`NotAction` with `Allow` allows every action not listed",
            )
            .with_help("list the actions to allow in `Action`: `vpc-lattice-svcs:Invoke` for HTTP and gRPC, `vpc-lattice-svcs:Connect` for TLS passthrough");
        cx.report(finding);
    }
}
