//! `ANONYMOUS_ACCESS`: an `Allow` statement that unsigned callers pass.

use crate::analysis::Answer;
use crate::eval::Protocol;
use crate::lint::lattice::{is_identity_key, names_everyone};
use crate::lint::reach::{Class, Reach, Truth};
use crate::lint::rules::analysis::with_witness;
use crate::lint::LintContext;
use crate::model::{ClauseRef, Effect, PolicyKind};

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
    /// The rule evaluates each condition for anonymous callers as the
    /// evaluator would; a `Deny` that applies to every anonymous request (with
    /// `Resource` `*`) counts as shutting them out. It cannot see the other
    /// auth policy: a service-network policy that stops anonymous callers
    /// before they reach the service is not taken into account.
    ///
    /// When anonymous access is intended (the console template "Allow
    /// authenticated and unauthenticated access"), declare the service public
    /// with `public = ["path/to/policy.json"]` in `lattice-policy.toml`, or
    /// silence the rule with `--ignore ANONYMOUS_ACCESS`.
    ///
    /// The analysis over all requests confirms each finding: a statement no
    /// anonymous request gets through is not reported, and the help shows an
    /// unsigned request that does, as a `policy eval` command.
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
    let reach = Reach::new(policy);
    let analysis = cx.analysis();
    for (at, statement) in policy.statements.iter().enumerate() {
        // NotPrincipal is ALLOW_WITH_NOT_PRINCIPAL's.
        let Some(principal) = statement.principal.as_ref().filter(|p| !p.negated) else {
            continue;
        };
        if statement.effect.value != Effect::Allow {
            continue;
        }
        // The analysis is exact; the class analysis stands in only where
        // the analysis cannot decide, and only for `Principal` `*`. TLS
        // connections are never signed, so only HTTP and gRPC count; the
        // analysis tries them before TLS.
        let reached = reach.admits(at, Class::Anonymous);
        let witness = match analysis.anonymous_allowed_via(0, at) {
            Answer::NoRequest => continue,
            Answer::Found(w) if w.spec.protocol.as_deref() == Some(Protocol::Tls.as_str()) => {
                continue
            }
            Answer::Found(w) => Some(w),
            Answer::Unknown(_) if reached.is_some() && names_everyone(statement) => None,
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
        if let Some((_, reached)) = &reached {
            for (ClauseRef { clause, .. }, truth) in statement.clauses().zip(&reached.clauses) {
                if *truth == Truth::True && is_identity_key(&clause.key.value) {
                    finding = finding.with_related(clause.span, "anonymous callers satisfy this");
                }
            }
        }
        let finding = with_witness(
            cx,
            finding,
            "this unsigned request is allowed",
            witness.as_deref(),
        );
        cx.report(finding);
    }
}
