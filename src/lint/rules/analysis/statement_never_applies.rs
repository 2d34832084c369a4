//! `STATEMENT_NEVER_APPLIES`: a statement no request can satisfy.

use super::{fates, label};
use crate::analysis::StatementFate;
use crate::lint::LintContext;
use crate::model::Effect;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds statements that apply to no request at all: their `Principal`,
    /// `Action`, `Resource` and condition clauses never hold together, for
    /// any caller, protocol, method, path, header, query string, port, VPC or
    /// time. The analysis over all requests decides it exactly; when a policy
    /// uses something it cannot split exactly (a policy variable that takes
    /// its value from another field, `aws:userid`), the rule stays silent.
    ///
    /// ### Why is this bad?
    ///
    /// An `Allow` that never applies grants nothing: whoever wrote it expected
    /// some callers to get in, and they are denied. A `Deny` that never
    /// applies protects nothing. Typical causes: a case-sensitive comparison
    /// with a value Lattice never sends (`"get"`), two clauses that contradict
    /// each other, a port bound no port satisfies, a principal ARN that cannot
    /// match the account in a condition.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": "get"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": "GET"}}}
    /// ```
    pub static RULE = {
        code: STATEMENT_NEVER_APPLIES,
        name: "statement-never-applies",
        severity: Warning,
        category: Warning,
        summary: "a statement applies to no request: its elements and conditions never hold together",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"GET"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:username":"nobody"}}}]}"#,
            r#"identity:{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"get"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"get"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"},{"Sid":"NoLowPorts","Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"NumericLessThan":{"vpc-lattice-svcs:Port":"1"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalType":"Anonymous","aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let fates = fates(cx);
    let policy = cx.policy();
    for (statement, fate) in policy.statements.iter().zip(&fates) {
        if *fate != StatementFate::NeverApplies {
            continue;
        }
        let (message, help) = match statement.effect.value {
            Effect::Allow => (
                format!("{} applies to no request: it allows nothing", label(statement)),
                "no caller, method, path or other request value satisfies every element and condition clause at once; check the values against what Lattice sends (methods are upper case, `aws:PrincipalType` is `Anonymous`, `AssumedRole`, …) and clauses that contradict each other",
            ),
            Effect::Deny => (
                format!("{} applies to no request: it denies nothing", label(statement)),
                "this `Deny` protects nothing: no request satisfies every element and condition clause at once",
            ),
        };
        let finding = cx
            .finding(statement.span, message)
            .with_label("never applies")
            .with_help(help);
        cx.report(finding);
    }
}
