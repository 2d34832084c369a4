//! `IF_EXISTS_ON_IDENTITY_KEY`: `…IfExists` in an `Allow` on a caller key that some callers lack.

use crate::analysis::{Answer, Callers, Question};
use crate::keys;
use crate::lint::lattice::is_optional_identity_key;
use crate::lint::LintContext;
use crate::model::{BaseOperator, ClauseRef, PolicyKind};

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds positive operators with `IfExists` in `Allow` statements, on a
    /// key that describes the caller and that some callers do not have:
    /// `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:PrincipalArn`,
    /// `aws:PrincipalTag/…`, `aws:username`. It
    /// reports only when such callers do get in: anonymous callers (who have
    /// none of these keys) through `"Principal": "*"`, or signed callers of
    /// accounts outside any organization (who have no `aws:PrincipalOrgID`).
    ///
    /// ### Why is this bad?
    ///
    /// `IfExists` makes the condition hold when the key is missing. On
    /// `"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}` that
    /// means: callers in the organization, and also every caller with no
    /// organization at all, anonymous callers first. The condition meant to
    /// restrict the callers lets exactly the unwanted ones through.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
    /// ```
    pub static RULE = {
        code: IF_EXISTS_ON_IDENTITY_KEY,
        name: "if-exists-on-identity-key",
        severity: Error,
        category: SecurityWarning,
        summary: "`…IfExists` on a caller key in an `Allow` lets the callers who lack the key in",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"},"StringEqualsIfExists":{"aws:PrincipalTag/team":"payments"},"StringEquals":{"aws:PrincipalAccount":"111122223333"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEqualsIfExists":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEqualsIfExists":{"vpc-lattice-svcs:RequestHeader/x-tenant":"a"},"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"BoolIfExists":{"aws:PrincipalIsAWSService":"false"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEqualsIfExists":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"},"StringEqualsIfExists":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ArnLikeIfExists":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/*"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    if cx.kind() != PolicyKind::Auth {
        return;
    }
    let policy = cx.policy();
    for (at, statement) in policy.statements.iter().enumerate() {
        for ClauseRef { block, clause, .. } in statement.clauses() {
            let op = block.operator.value;
            let key = clause.key.value.as_str();
            if !op.if_exists
                || op.base.is_negated()
                || op.base == BaseOperator::Null
                || !is_optional_identity_key(key)
                // An empty list is EMPTY_ARRAY_CONDITION_IFEXISTS's.
                || clause.values.is_empty()
                // `"BoolIfExists": {"aws:PrincipalIsAWSService": "false"}` is
                // the idiom for "not a service", never meant to stop anyone else.
                || key.eq_ignore_ascii_case(keys::PRINCIPAL_IS_AWS_SERVICE)
            {
                continue;
            }
            // Does a caller without the key get through this statement?
            // (`Unknown` counts: the analysis cannot rule one out.)
            let (analysis, setup) = cx.analysis();
            let lacking = |callers| {
                let question = Question::new(callers).through(at).lacking(key);
                analysis.ask(setup, &question) != Answer::NoRequest
            };
            let who = if lacking(Callers::Anonymous) {
                "anonymous callers"
            } else if !lacking(Callers::Foreign) {
                continue;
            } else if key.eq_ignore_ascii_case(keys::PRINCIPAL_ORG_ID)
                || key.eq_ignore_ascii_case(keys::PRINCIPAL_ORG_PATHS)
            {
                "callers of accounts outside any organization"
            } else {
                "signed callers other than IAM users"
            };
            let finding = cx
                .finding(
                    clause.key.span,
                    format!("{who} have no `{key}`, so `{op}` lets them in"),
                )
                .with_related(
                    block.operator.span,
                    "`IfExists` holds when the key is missing",
                )
                .with_help(format!(
                    "drop `IfExists`: write `{}`",
                    op.to_string().trim_end_matches("IfExists")
                ));
            cx.report(finding);
        }
    }
}
