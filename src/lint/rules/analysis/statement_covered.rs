//! `STATEMENT_COVERED_BY_ANOTHER`: a statement whose every request another
//! statement of the same effect already covers.

use super::{fates, label};
use crate::analysis::StatementFate;
use crate::lint::LintContext;
use crate::model::Statement;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds statements made redundant by a broader one: every request the
    /// statement applies to, another statement with the same `Effect` also
    /// applies to. The analysis over all requests decides it exactly, so it
    /// sees through different spellings (a narrower path pattern, an extra
    /// condition clause, a principal the other statement's `*` already
    /// names). Statements that say the very same thing are left to
    /// `REDUNDANT_STATEMENT`.
    ///
    /// ### Why is this bad?
    ///
    /// Nothing breaks, but the policy says less than it seems to: a reviewer
    /// reads the narrow statement as a limit when the broad one already lets
    /// those requests in (or denies them). Removing it makes the policy
    /// shorter and keeps it under the 10,000-character quota.
    ///
    /// ### Example
    ///
    /// ```json
    /// [{"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"},
    ///  {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///   "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": "GET"}}}]
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// [{"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}]
    /// ```
    pub static RULE = {
        code: STATEMENT_COVERED_BY_ANOTHER,
        name: "statement-covered-by-another",
        severity: Info,
        category: Suggestion,
        summary: "another statement with the same effect already covers every request this one applies to",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"GET"}}},{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"POST"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"},{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"},{"Sid":"GetOnly","Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"GET"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/ops"},"Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-west-2:123456789012:service/svc-0123456789abcdef0/admin/*"},{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
        ],
    };
}

/// True when two statements say the same thing (`REDUNDANT_STATEMENT`'s case).
fn same(a: &Statement, b: &Statement) -> bool {
    a.effect.value == b.effect.value
        && a.principal == b.principal
        && a.action == b.action
        && a.resource == b.resource
        && a.condition == b.condition
}

fn check(cx: &mut LintContext<'_>) {
    let fates = fates(cx);
    let policy = cx.policy();
    for (statement, fate) in policy.statements.iter().zip(&fates) {
        let StatementFate::RedundantWith(other) = fate else {
            continue;
        };
        let Some(wider) = policy.statements.get(*other) else {
            continue;
        };
        if same(statement, wider) {
            continue;
        }
        let finding = cx
            .finding(
                statement.span,
                format!(
                    "{} adds nothing: {} already applies to every request it does",
                    label(statement),
                    label(wider)
                ),
            )
            .with_label("covered by another statement")
            .with_related(wider.span, "this statement covers it")
            .with_help("remove the narrower statement, or narrow the broader one if it says more than intended");
        cx.report(finding);
    }
}
