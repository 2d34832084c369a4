//! `IMPOSSIBLE_CONDITION_VALUE`: a condition value its key never takes, which locks callers out.

use crate::eval::{CompiledCondition, Context, ContextValue};
use crate::keys;
use crate::lint::LintContext;
use crate::model::{
    Clause, ClauseRef, Condition, ConditionBlock, Effect, OperatorFamily, PrincipalKind,
    Principals, Statement,
};
use crate::span::Span;
use crate::wildcard::split_arn;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds string-condition values that the key never takes, where the only
    /// effect is that the condition matches less than intended:
    /// `"StringEquals": {"vpc-lattice-svcs:RequestMethod": "get"}` in an
    /// `Allow` (methods are upper-case, so the statement never applies), or a
    /// negated operator in a `Deny`. The values a key takes are its domain in
    /// the request-key table, the same domains `policy eval` holds requests
    /// to: `aws:PrincipalType` (`Account`, `User`, `FederatedUser`,
    /// `AssumedRole`, `Anonymous`), `vpc-lattice-svcs:RequestMethod`
    /// (upper-case HTTP methods), `vpc-lattice-svcs:RequestPath` (starting
    /// with `/`), `aws:SecureTransport` and `aws:PrincipalIsAWSService`
    /// (`true`, `false`), `aws:PrincipalAccount` (12 digits or `anonymous`),
    /// `vpc-lattice-svcs:SourceVpcOwnerAccount` (12 digits),
    /// `aws:PrincipalOrgID` (`o-` and 10 to 32 lower-case letters and
    /// digits), `aws:PrincipalOrgPaths` (`o-…/r-…/` and organizational units,
    /// each followed by `/`), `aws:PrincipalTag/…` and `aws:ResourceTag/…`
    /// (tag values: letters, digits, spaces and `_ . : / = + - @`, so an
    /// unfilled `$PLACEHOLDER` never matches), `vpc-lattice-svcs:ServiceArn`
    /// and `vpc-lattice-svcs:ServiceNetworkArn` (`…:service/svc-<17>`,
    /// `…:servicenetwork/sn-<17>`). A value with wildcards is reported when
    /// no value of the domain matches it. (`SourceVpc` values that are not
    /// VPC ids are `INVALID_VPC_FORMAT`'s.)
    ///
    /// It also finds, in an `Allow` whose `Principal` names only IAM roles,
    /// users or accounts, a condition on `aws:PrincipalArn` or
    /// `aws:PrincipalAccount` that none of those principals satisfies: the
    /// role `AdminRole` never matches `"StringLike": {"aws:PrincipalArn":
    /// "…:role/*admin*"}`, so the statement never applies.
    ///
    /// When the dead value opens access instead (a negated operator in an
    /// `Allow`, a positive one in a `Deny`), the finding is
    /// `IMPOSSIBLE_VALUE_OPENS_ACCESS`.
    ///
    /// ### Why is this bad?
    ///
    /// `StringEquals`, `StringNotEquals`, `StringLike` and `StringNotLike`
    /// compare case-sensitively: `get` never equals `GET`. The statement
    /// silently allows less than it says, and callers are denied with no
    /// visible reason.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "*", "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": "get"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "*", "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": "GET"}}}
    /// ```
    pub static RULE = {
        code: IMPOSSIBLE_CONDITION_VALUE,
        name: "impossible-condition-value",
        severity: Warning,
        category: Error,
        summary: "a condition compares a key with a value it never takes, so the condition matches less than written",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":["GET","HEAD"]}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEqualsIgnoreCase":{"vpc-lattice-svcs:RequestMethod":"get"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"},"StringLike":{"vpc-lattice-svcs:RequestMethod":"P*"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalType":"anonymous"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"},"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":"o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/eks-cluster-name":"eksworkshop-eksctl","aws:PrincipalTag/team":"Payments team"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"${aws:PrincipalTag/owner}","vpc-lattice-svcs:ServiceNetworkArn":"arn:aws:vpc-lattice:us-east-1:111122223333:servicenetwork/sn-0123456789abcdef0"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/AdminRole"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::123456789012:role/*Admin*"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/*admin*"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::123456789012:role/AdminRole"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::123456789012:role/*admin*"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:role/a","arn:aws:iam::444455556666:role/b"]},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":"444455556666"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"get"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalType":"Role"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEquals":{"vpc-lattice-svcs:RequestMethod":"get"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/r"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalType":"anonymous"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-EXAMPLE12345"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":["o-EXAMPLE12345/*/ou-EXAMPLE-dev0000/*"]}}}]}"#,
            r#"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/eks-cluster-name":"$SOURCE_CLUSTER"}}}]}"#,
            r#"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:ServiceNetworkArn":"arn:aws:vpc-lattice:us-east-1:001122334455:servicenetwork/your-service-network-id"},"StringNotEquals":{"aws:PrincipalType":"Anonymous"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/AdminRole"},"Action":["vpc-lattice-svcs:Invoke"],"Resource":"*","Condition":{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::123456789012:role/*admin*"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::444455556666:role/b"]},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":"777788889999"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringLike":{"vpc-lattice-svcs:RequestPath":"api/*","vpc-lattice-svcs:SourceVpcOwnerAccount":"1111-2222-3333"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    for (_, dead) in cx.impossible_values() {
        {
            if dead.opens {
                continue;
            }
            let op = dead.block.operator.value;
            let consequence = if op.base.is_negated() {
                format!("`{op}` excludes nothing with it")
            } else {
                format!("`{op}` never matches it")
            };
            let finding = cx
                .finding(
                    dead.value.span,
                    format!("{}, so {consequence}", dead.never()),
                )
                .with_help(dead.help());
            cx.report(finding);
        }
    }
    let variables = cx.policy().variables_enabled();
    for statement in &cx.policy().statements {
        for (clause, principal_span, names) in unmet_by_principals(statement, variables) {
            let key = &clause.key.value;
            let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            let message = if names.len() == 1 {
                format!(
                    "the caller this statement names, {}, never passes this `{key}` condition, so the statement never applies",
                    list.join(", ")
                )
            } else {
                format!(
                    "none of the callers this statement names ({}) passes this `{key}` condition, so the statement never applies",
                    list.join(", ")
                )
            };
            let help = if key.eq_ignore_ascii_case(keys::PRINCIPAL_ARN) {
                "string and ARN operators compare case-sensitively: write the patterns to match the role and user ARNs as `Principal` names them, or drop the condition, since `Principal` already limits the callers"
            } else {
                "write the accounts that `Principal` names, or drop the condition, since `Principal` already limits the callers"
            };
            let finding = cx
                .finding(clause.span, message)
                .with_label("never true for the named principals")
                .with_related(principal_span, "the principals the statement names")
                .with_help(help);
            cx.report(finding);
        }
    }
}

/// One principal named in `Principal`, as the condition keys it fixes see it.
struct Named<'s> {
    /// As written.
    text: &'s str,
    /// `aws:PrincipalAccount`.
    account: String,
    /// `aws:PrincipalArn`, for a role or user (an account names every principal of it).
    arn: Option<&'s str>,
}

/// Reads `arn:<partition>:iam::<account>:role/…`, `…:user/…`, `…:root` or a
/// bare 12-digit account id; anything else (sessions, wildcards, services)
/// gives `None`.
fn named(text: &str) -> Option<Named<'_>> {
    let is_account = crate::model::is_account_id;
    if is_account(text) {
        return Some(Named {
            text,
            account: text.to_string(),
            arn: None,
        });
    }
    if text.contains(['*', '?', '$']) {
        return None;
    }
    let [arn, partition, service, region, account, resource] = split_arn(text)?;
    if arn != "arn" || !partition.starts_with("aws") || service != "iam" || !region.is_empty() {
        return None;
    }
    if !is_account(account) {
        return None;
    }
    let arn = if resource == "root" {
        None
    } else if resource.starts_with("role/") || resource.starts_with("user/") {
        Some(text)
    } else {
        return None;
    };
    Some(Named {
        text,
        account: (*account).to_string(),
        arn,
    })
}

/// In an `Allow` that names only IAM roles, users and accounts: the clauses
/// on `aws:PrincipalArn` or `aws:PrincipalAccount` that every named
/// principal fails, with the `Principal` element's span and the names.
fn unmet_by_principals(statement: &Statement, variables: bool) -> Vec<(&Clause, Span, Vec<&str>)> {
    let mut found = Vec::new();
    if statement.effect.value != Effect::Allow {
        return found;
    }
    let Some(principal) = statement.principal.as_ref().filter(|p| !p.negated) else {
        return found;
    };
    let Principals::Map(entries) = &principal.value else {
        return found;
    };
    let mut principals = Vec::new();
    for entry in entries {
        if entry.kind.value != PrincipalKind::Aws {
            return found;
        }
        for value in &entry.values {
            let Some(n) = named(&value.value) else {
                return found;
            };
            principals.push(n);
        }
    }
    if principals.is_empty() {
        return found;
    }
    for ClauseRef { block, clause, .. } in statement.clauses() {
        let op = block.operator.value;
        if op.qualifier.is_some()
            || !matches!(
                op.base.family(),
                OperatorFamily::String | OperatorFamily::Arn
            )
            || (variables && clause.values.iter().any(|v| v.text.contains("${")))
        {
            continue;
        }
        let key = clause.key.value.as_str();
        let value_of = |n: &Named<'_>| -> Option<String> {
            if key.eq_ignore_ascii_case(keys::PRINCIPAL_ACCOUNT) {
                Some(n.account.clone())
            } else if key.eq_ignore_ascii_case(keys::PRINCIPAL_ARN) {
                n.arn.map(str::to_string)
            } else {
                None
            }
        };
        let Some(values) = principals.iter().map(value_of).collect::<Option<Vec<_>>>() else {
            continue;
        };
        let single = Condition {
            key_span: clause.key.span,
            span: clause.span,
            blocks: vec![ConditionBlock {
                operator: block.operator.clone(),
                span: block.span,
                clauses: vec![clause.clone()],
            }],
        };
        let compiled = CompiledCondition::compile(&single, variables);
        let passes = values.into_iter().any(|value| {
            let mut context = Context::new();
            context.insert(key, ContextValue::Single(value));
            compiled.matches(&context)
        });
        if !passes {
            found.push((
                clause,
                principal.span,
                principals.iter().map(|n| n.text).collect(),
            ));
        }
    }
    found
}
