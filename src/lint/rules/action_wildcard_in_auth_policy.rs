//! `ACTION_WILDCARD_IN_AUTH_POLICY`: a wildcard action that also lets TLS connections through.

use crate::analysis::{Answer, Callers, Protocols, Question};
use crate::lint::lattice::{action_matches, names_connect, CONNECT};
use crate::lint::LintContext;
use crate::model::PolicyKind;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `Allow` statements whose `Action` is a wildcard (`*`,
    /// `vpc-lattice-svcs:*`) that covers `vpc-lattice-svcs:Connect` without
    /// naming it, when connections through a TLS passthrough listener can pass
    /// the statement. Such connections are always anonymous and carry only the
    /// port, service, network and source-VPC keys (decision `tls-connect-only`), so the rule
    /// stays silent when a condition needs a signed caller or an HTTP key.
    ///
    /// ### Why is this bad?
    ///
    /// An auth policy sees two actions: `vpc-lattice-svcs:Invoke` for HTTP and
    /// gRPC requests and `vpc-lattice-svcs:Connect` for TLS passthrough
    /// connections. A policy written with HTTP requests in mind and `"Action":
    /// "*"` also opens every TLS listener of the service to anonymous
    /// connections, a grant nobody reads in it.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
    ///  "Condition": {"StringEquals": {"vpc-lattice-svcs:SourceVpc": "vpc-1a2b3c4d"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEquals": {"vpc-lattice-svcs:SourceVpc": "vpc-1a2b3c4d"}}}
    /// ```
    ///
    /// and, if TLS listeners are meant, a statement that names
    /// `vpc-lattice-svcs:Connect`.
    pub static RULE = {
        code: ACTION_WILDCARD_IN_AUTH_POLICY,
        name: "action-wildcard-in-auth-policy",
        severity: Warning,
        category: SecurityWarning,
        summary: "a wildcard `Action` also lets TLS passthrough connections in (`vpc-lattice-svcs:Connect`)",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:*","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"GET"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["vpc-lattice-svcs:*","vpc-lattice-svcs:Connect"],"Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"*","Resource":"*"}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:SourceVpc":"vpc-1a2b3c4d"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:*","Resource":"*","Condition":{"StringNotEquals":{"vpc-lattice-svcs:RequestMethod":"DELETE"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    if cx.kind() != PolicyKind::Auth {
        return;
    }
    let policy = cx.policy();
    for (at, statement) in policy.statements.iter().enumerate() {
        let action = &statement.action;
        if action.negated || action.items.iter().any(|i| names_connect(&i.value)) {
            continue;
        }
        let Some(wildcard) = action
            .items
            .iter()
            .find(|i| action_matches(&i.value, CONNECT))
        else {
            continue;
        };
        // Does a TLS connection get through? (`Unknown` counts: the
        // wildcard is worth a look when the analysis cannot rule one out.)
        let (analysis, setup) = cx.analysis();
        let tls = Question::new(Callers::Anyone)
            .over(Protocols::Connect)
            .through(at);
        if analysis.ask(setup, &tls) == Answer::NoRequest {
            continue;
        }
        let finding = cx
            .finding(
                wildcard.span,
                format!("`{}` also allows `vpc-lattice-svcs:Connect`, so anonymous TLS passthrough connections pass this statement", wildcard.value),
            )
            .with_help("write `vpc-lattice-svcs:Invoke` to allow HTTP and gRPC requests only; name `vpc-lattice-svcs:Connect` in a statement of its own if TLS listeners are meant");
        cx.report(finding);
    }
}
