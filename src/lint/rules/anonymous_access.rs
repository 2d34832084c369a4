//! `ANONYMOUS_ACCESS`: an `Allow` statement that unsigned callers pass.

use crate::analysis::{Answer, Callers, Protocols, Question};
use crate::eval::Protocol;
use crate::lint::lattice::{is_identity_key, names_everyone};
use crate::lint::rules::analysis::{clauses_with, replay, replay_witness, with_witness};
use crate::lint::LintContext;
use crate::model::{Effect, PolicyKind, Statement};

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `Allow` statements that anonymous callers (HTTP and gRPC requests
    /// without a SigV4 signature) can pass: `"Principal": "*"` or
    /// `{"AWS": "*"}` with no condition that shuts them out.
    ///
    /// ### Why is this bad?
    ///
    /// `"*"` names every caller, including those that do not sign their
    /// requests at all: anything running in a VPC connected to the service
    /// network. A condition shuts anonymous callers out only when no anonymous
    /// request can satisfy it: a key they never have under a positive operator
    /// (`aws:PrincipalOrgID`, `aws:PrincipalArn`, `aws:PrincipalTag/…`), or
    /// `aws:PrincipalType` compared with `Anonymous`. Conditions on
    /// `vpc-lattice-svcs:SourceVpc`, headers or the method limit where requests
    /// come from and what they ask for, not who sends them.
    ///
    /// The analysis over all requests answers, exactly: an unsigned HTTP,
    /// HTTPS or gRPC request that the policy allows through the statement
    /// (its `Deny` statements included). TLS passthrough connections are
    /// anonymous too, but never signed by design, so they are not counted.
    /// The rule cannot see the other auth policy: a service-network policy
    /// that stops anonymous callers before they reach the service is not
    /// taken into account.
    ///
    /// When anonymous access is intended (the console template "Allow
    /// authenticated and unauthenticated access"), declare the service public
    /// with `public = ["path/to/policy.json"]` in `lattice-policy.toml`, or
    /// silence the rule with `--ignore ANONYMOUS_ACCESS`.
    ///
    /// The help shows an unsigned request that gets through, as a `policy
    /// eval` command, and the conditions on caller keys that such a request
    /// satisfies are pointed out. Where the analysis cannot decide (a policy
    /// variable that takes its value from another field), a statement naming
    /// every caller is reported unless the evaluator, on an unsigned request,
    /// finds a condition on a caller key that shuts every one out.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEquals": {"vpc-lattice-svcs:SourceVpc": "vpc-1a2b3c4d"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEquals": {"vpc-lattice-svcs:SourceVpc": "vpc-1a2b3c4d"},
    ///                "StringNotEqualsIgnoreCase": {"aws:PrincipalType": "Anonymous"}}}
    /// ```
    pub static RULE = {
        code: ANONYMOUS_ACCESS,
        name: "anonymous-access",
        severity: Error,
        category: SecurityWarning,
        summary: "an `Allow` statement lets anonymous (unsigned) callers in",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":"111122223333"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"*","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Connect","Resource":"*"}]}"#,
            r#"identity:{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"Null":{"aws:PrincipalArn":"false"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestQueryString/token":"x"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:SourceVpc":"vpc-1a2b3c4d"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalType":"anonymous"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    if cx.kind() != PolicyKind::Auth || cx.config().public {
        return;
    }
    let policy = cx.policy();
    let (analysis, setup) = cx.analysis();
    for (at, statement) in policy.statements.iter().enumerate() {
        // NotPrincipal is ALLOW_WITH_NOT_PRINCIPAL's.
        let Some(principal) = statement.principal.as_ref().filter(|p| !p.negated) else {
            continue;
        };
        if statement.effect.value != Effect::Allow {
            continue;
        }
        // TLS connections are never signed: only HTTP and gRPC requests count.
        let question = Question::new(Callers::Anonymous)
            .over(Protocols::Invoke)
            .through(at);
        let witness = match analysis.ask(setup, &question) {
            Answer::NoRequest => continue,
            Answer::Found(w) => Some(w),
            Answer::Unknown(_)
                if names_everyone(statement) && !shuts_out_anonymous(cx, statement) =>
            {
                None
            }
            Answer::Unknown(_) => continue,
        };
        let message = if statement.condition.is_none() {
            "`Principal` `*` with no condition lets anonymous (unsigned) callers in"
        } else {
            "anonymous (unsigned) callers pass this statement: no condition shuts them out"
        };
        let mut finding = cx
            .finding(principal.span, message)
            .with_label("names every caller, signed or not")
            .with_help("to let only signed callers in, add `\"StringNotEqualsIgnoreCase\": {\"aws:PrincipalType\": \"Anonymous\"}`; if anonymous access is intended, silence this with `--ignore ANONYMOUS_ACCESS`");
        // The labels: what the evaluator says of the witness. A caller key
        // is the same for every anonymous request, so a clause on one that
        // the witness satisfies, every anonymous caller satisfies.
        if let Some(outcome) = witness
            .as_deref()
            .and_then(|w| replay_witness(cx, statement, &w.spec))
        {
            for clause in clauses_with(statement, &outcome, true) {
                if is_identity_key(&clause.key.value) {
                    finding = finding.with_related(clause.span, "anonymous callers satisfy this");
                }
            }
        }
        let finding = with_witness(
            finding,
            "this unsigned request is allowed",
            witness.as_deref(),
        );
        cx.report(finding);
    }
}

/// True when the evaluator, on an unsigned request, finds that the
/// statement's principal or a condition on a caller key fails: the same for
/// every unsigned request, so it shuts every one out.
fn shuts_out_anonymous(cx: &LintContext<'_>, statement: &Statement) -> bool {
    let (analysis, _) = cx.analysis();
    let Some(request) = analysis.anonymous_request_over(Protocol::Https) else {
        return false;
    };
    let outcome = replay(cx, statement, &request);
    outcome.principal.as_ref().is_some_and(|p| !p.matched)
        || clauses_with(statement, &outcome, false)
            .iter()
            .any(|c| is_identity_key(&c.key.value))
}
