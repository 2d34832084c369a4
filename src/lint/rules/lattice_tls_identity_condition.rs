//! `LATTICE_TLS_IDENTITY_CONDITION`: a statement for TLS connections that needs what they never have.

use crate::eval::Protocol;
use crate::keys;
use crate::lint::lattice::{is_http_key, is_identity_key, names_connect};
use crate::lint::rules::analysis::{clauses_with, replay};
use crate::lint::LintContext;
use crate::model::PolicyKind;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds statements that name `vpc-lattice-svcs:Connect` (the action of
    /// TLS passthrough listeners) but can never apply to a TLS connection: a
    /// `Principal` other than `*`, or a condition on the caller's identity
    /// (`aws:PrincipalOrgID`, `aws:PrincipalArn`, `aws:PrincipalType` other than
    /// `Anonymous`, …) or on the HTTP request (`vpc-lattice-svcs:RequestMethod`,
    /// `RequestPath`, `RequestHeader/…`, `RequestQueryString/…`).
    ///
    /// ### Why is this bad?
    ///
    /// A TLS passthrough listener forwards encrypted bytes that VPC Lattice
    /// cannot read: there is no signature and no HTTP request. Its connections
    /// are always anonymous and carry only `vpc-lattice-svcs:Port`,
    /// `ServiceArn`, `ServiceNetworkArn`, `SourceVpc` and
    /// `SourceVpcOwnerAccount`, the caller's type and account (`Anonymous`,
    /// `anonymous`), the time and the service's tags (`aws:ResourceTag/…`),
    /// as the request-key table says (docs/semantics.md#protocols, decision
    /// `tls-connect-only`). Such a condition never
    /// holds for them: an `Allow` lets no connection through, a `Deny` stops
    /// none.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Connect", "Resource": "*",
    ///  "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Connect", "Resource": "*",
    ///  "Condition": {"StringEquals": {"vpc-lattice-svcs:SourceVpcOwnerAccount": "111122223333"}}}
    /// ```
    pub static RULE = {
        code: LATTICE_TLS_IDENTITY_CONDITION,
        name: "lattice-tls-identity-condition",
        severity: Warning,
        category: Error,
        summary: "a statement for TLS passthrough connections needs a signed caller or an HTTP key, which they never have",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Connect","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:SourceVpc":"vpc-1a2b3c4d"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Connect","Resource":"*","Condition":{"StringEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Connect","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Connect","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":["vpc-lattice-svcs:Invoke","vpc-lattice-svcs:Connect"],"Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Connect","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"},"StringEquals":{"vpc-lattice-svcs:RequestMethod":"GET"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    if cx.kind() != PolicyKind::Auth {
        return;
    }
    let policy = cx.policy();
    for statement in &policy.statements {
        let action = &statement.action;
        if action.negated || !action.items.iter().any(|i| names_connect(&i.value)) {
            continue;
        }
        // What the evaluator says of the statement on a TLS connection. The
        // caller and the keys reported below are the same for every TLS
        // connection (anonymous, without HTTP keys), so what fails on this
        // one fails on all.
        let (analysis, _) = cx.analysis();
        let Some(tls) = analysis.anonymous_request_over(Protocol::Tls) else {
            continue;
        };
        let outcome = replay(cx, statement, &tls);
        if let (Some(false), Some(principal)) = (
            outcome.principal.as_ref().map(|p| p.matched),
            &statement.principal,
        ) {
            let finding = cx
                .finding(
                    principal.span,
                    "TLS passthrough connections are anonymous, so this principal never matches `vpc-lattice-svcs:Connect`",
                )
                .with_help("allow TLS connections with `\"Principal\": \"*\"` and conditions on `vpc-lattice-svcs:SourceVpc` or `vpc-lattice-svcs:SourceVpcOwnerAccount`");
            cx.report(finding);
        }
        for clause in clauses_with(statement, &outcome, false) {
            let key = clause.key.value.as_str();
            let absent = tls.context().get(key).is_none();
            let why = if is_http_key(key) {
                format!("TLS passthrough connections carry no `{key}` (VPC Lattice cannot read the HTTP inside them)")
            } else if is_identity_key(key) && absent {
                format!("TLS passthrough connections are anonymous and have no `{key}`")
            } else if key.eq_ignore_ascii_case(keys::PRINCIPAL_TYPE) {
                format!("TLS passthrough connections are anonymous (`{key}` is `Anonymous`)")
            } else if key.eq_ignore_ascii_case(keys::PRINCIPAL_ACCOUNT) {
                format!("TLS passthrough connections are anonymous (`{key}` is `anonymous`)")
            } else {
                continue;
            };
            let finding = cx
                .finding(
                    clause.key.span,
                    format!("{why}, so this condition never holds for `vpc-lattice-svcs:Connect`"),
                )
                .with_help("conditions for TLS listeners can use `vpc-lattice-svcs:Port`, `ServiceArn`, `ServiceNetworkArn`, `SourceVpc`, `SourceVpcOwnerAccount` and the service's tags (`aws:ResourceTag/…`); put identity and HTTP conditions in a statement for `vpc-lattice-svcs:Invoke`");
            cx.report(finding);
        }
    }
}
