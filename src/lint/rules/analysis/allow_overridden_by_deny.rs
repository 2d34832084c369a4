//! `ALLOW_OVERRIDDEN_BY_DENY`: an `Allow` whose every request a `Deny` denies.

use super::{fates, label};
use crate::analysis::StatementFate;
use crate::lint::LintContext;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `Allow` statements that apply only to requests some `Deny`
    /// statement of the same policy also applies to. An explicit deny always
    /// wins, so such an `Allow` never lets anyone in. The analysis over all
    /// requests decides it exactly (and stays silent when it cannot).
    ///
    /// ### Why is this bad?
    ///
    /// The `Allow` looks like it grants access, and reviewers read it that
    /// way, but every request it covers is denied: the callers it names are
    /// locked out. Usually the `Deny` is broader than intended (a `Resource`
    /// of `*`, a negated condition that also holds for the allowed callers).
    ///
    /// ### Example
    ///
    /// ```json
    /// [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"},
    ///  {"Effect": "Deny", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///   "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]
    /// ```
    ///
    /// ### Use instead
    ///
    /// Narrow the `Deny` so that it leaves the allowed callers out, or remove
    /// the `Allow` if they are meant to be denied:
    ///
    /// ```json
    /// [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"},
    ///  {"Effect": "Deny", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///   "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5", "aws:PrincipalAccount": "111122223333"}}}]
    /// ```
    pub static RULE = {
        code: ALLOW_OVERRIDDEN_BY_DENY,
        name: "allow-overridden-by-deny",
        severity: Warning,
        category: Warning,
        summary: "an `Allow` statement applies only to requests a `Deny` statement denies",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalType":"Anonymous"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"Admins","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/admin"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalAccount":"444455556666"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"DELETE"}}},{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEquals":{"vpc-lattice-svcs:RequestMethod":["GET","HEAD"]}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let fates = fates(cx);
    let policy = cx.policy();
    for (statement, fate) in policy.statements.iter().zip(&fates) {
        if *fate != StatementFate::Overridden {
            continue;
        }
        let finding = cx
            .finding(
                statement.span,
                format!(
                    "`Allow` {} never lets anyone in: every request it applies to is explicitly denied",
                    label(statement)
                ),
            )
            .with_label("overridden by the `Deny` statements")
            .with_help("an explicit deny always wins; narrow the `Deny` so that it leaves these callers out, or remove this statement");
        cx.report(finding);
    }
}
