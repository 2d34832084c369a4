//! `ALLOWS_NOTHING`: an auth policy that allows no request at all.

use crate::analysis::{Answer, Callers, Question};
use crate::lint::LintContext;
use crate::model::{Effect, PolicyKind};
use crate::span::Span;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds auth policies that allow no request at all: no caller, over no
    /// protocol, with no method, path or other request value, gets `Allow`.
    /// The analysis over all requests decides it exactly; when the policy
    /// uses something it cannot split exactly (a policy variable that takes
    /// its value from another field, `aws:userid`), or the analysis runs out
    /// of budget, the rule stays silent.
    ///
    /// ### Why is this bad?
    ///
    /// With `AWS_IAM` auth, a request that no statement allows is denied:
    /// a service or service network with this policy refuses every request.
    /// That is rarely what was meant. A policy of `Deny` statements only
    /// (often written as a guard rail) is the usual cause: a Lattice auth
    /// policy is the only policy that can allow a request to the service, so
    /// its guard rails need an `Allow` beside them. Other causes: every
    /// `Allow` statement can never apply (`STATEMENT_NEVER_APPLIES` says
    /// which part), or is overridden by a `Deny` (`ALLOW_OVERRIDDEN_BY_DENY`),
    /// or the file is another kind of policy (an S3 bucket policy).
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Version": "2012-10-17", "Statement": [
    ///   {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111122223333:role/retired"},
    ///    "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}]}
    /// ```
    ///
    /// ### Use instead
    ///
    /// Say who is allowed in beside the guard rail:
    ///
    /// ```json
    /// {"Version": "2012-10-17", "Statement": [
    ///   {"Effect": "Allow", "Principal": {"AWS": "111122223333"},
    ///    "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"},
    ///   {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111122223333:role/retired"},
    ///    "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}]}
    /// ```
    pub static RULE = {
        code: ALLOWS_NOTHING,
        name: "allows-nothing",
        severity: Warning,
        category: Warning,
        summary: "the auth policy allows no request at all: every request to the service is denied",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"GET"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:username":"nobody"}}}]}"#,
            r#"identity:{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyRetired","Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:role/retired"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"get"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:*","Resource":"*"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let policy = cx.policy();
    // A policy without statements is a grammar error of its own.
    if cx.kind() != PolicyKind::Auth || policy.statements.is_empty() {
        return;
    }
    let (analysis, setup) = cx.analysis();
    if analysis.ask(setup, &Question::new(Callers::Anyone)) != Answer::NoRequest {
        return;
    }
    let first_allow = policy
        .statements
        .iter()
        .find(|s| s.effect.value == Effect::Allow);
    let (span, message, label, help): (Span, &str, &str, &str) = match first_allow {
        None => (
            policy.statements.first().map_or(policy.span, |s| s.effect.span),
            "the policy allows no request: it has no `Allow` statement, so every request to the service is denied",
            "every statement is a `Deny`",
            "a Lattice auth policy is what allows requests to its service or service network: add an `Allow` statement for the callers meant to get in; the `Deny` statements still win over it for the requests they name",
        ),
        Some(allow) => (
            allow.effect.span,
            "the policy allows no request: none of its `Allow` statements applies to a request that its `Deny` statements leave, so every request to the service is denied",
            "allows nothing",
            "each `Allow` statement either never applies or is overridden by a `Deny` (the findings on them say which part is at fault); fix those, or check that this is a VPC Lattice auth policy at all",
        ),
    };
    let finding = cx.finding(span, message).with_label(label).with_help(help);
    cx.report(finding);
}
