//! `IMPOSSIBLE_VALUE_OPENS_ACCESS`: a condition meant to keep callers out compares with a value that never occurs.

use crate::diagnostic::{Edit, Fix};
use crate::keys;
use crate::lint::lattice::{ignore_case_form, suggestion, ImpossibleValue};
use crate::lint::LintContext;
use crate::model::{Effect, Statement};

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds conditions meant to keep callers out that compare a key with a
    /// value it never takes: a negated string operator in an `Allow`, or a
    /// positive one in a `Deny`. The classic case is
    /// `"StringNotEquals": {"aws:PrincipalType": "anonymous"}`: the type of
    /// an unsigned caller is `Anonymous`, and `StringNotEquals` compares
    /// case-sensitively, so the condition holds for every request and
    /// anonymous callers pass. The keys whose values are known:
    /// `aws:PrincipalType` (`Account`, `User`, `FederatedUser`, `AssumedRole`,
    /// `Anonymous`, decision `principal-type-values`), `vpc-lattice-svcs:RequestMethod`
    /// (upper-case HTTP methods), `aws:SecureTransport` and
    /// `aws:PrincipalIsAWSService` (`true`, `false`); and those whose values
    /// have a known shape, as `IMPOSSIBLE_CONDITION_VALUE` lists them
    /// (organization ids and paths, principal tag values, service and
    /// service network ARNs).
    ///
    /// For `aws:PrincipalType` the rule fires only when the statement names
    /// every caller (`"Principal": "*"`); with a named principal the dead value
    /// is reported as `IMPOSSIBLE_CONDITION_VALUE`.
    ///
    /// ### Why is this bad?
    ///
    /// The policy reads as if it excluded those callers or requests, and it
    /// excludes nothing: access is wider than written, with nothing to show
    /// for it until someone tests as an anonymous caller.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringNotEquals": {"aws:PrincipalType": "anonymous"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringNotEqualsIgnoreCase": {"aws:PrincipalType": "Anonymous"}}}
    /// ```
    ///
    /// ### Fix
    ///
    /// Unsafe (applied by `policy check --fix --unsafe-fixes` only): for
    /// `aws:PrincipalType` compared with `StringEquals` or `StringNotEquals`
    /// and a value in the wrong case, the operator becomes its `IgnoreCase`
    /// form (`StringNotEqualsIgnoreCase`). That is what the author meant, but
    /// it changes which callers the policy lets in (anonymous callers are
    /// kept out from then on), so it is applied only when asked. It is not
    /// offered when the block compares other keys too (the operator applies
    /// to all of them) or the statement already has a block with that
    /// operator.
    pub static RULE = {
        code: IMPOSSIBLE_VALUE_OPENS_ACCESS,
        name: "impossible-value-opens-access",
        severity: Error,
        category: SecurityWarning,
        summary: "a condition meant to keep callers out compares with a value that never occurs, so it keeps nobody out",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalType":"Anonymous"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/r"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalType":"anonymous"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotLike":{"vpc-lattice-svcs:RequestMethod":["DELETE","P*"]}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalType":"anonymous"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringNotEquals":{"vpc-lattice-svcs:RequestMethod":"delete"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalType":"anonymous"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}},{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/quarantined":"{{quarantine_tag_value}}"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    for (statement, dead) in cx.impossible_values() {
        {
            if !dead.opens {
                continue;
            }
            let op = dead.block.operator.value;
            let consequence = match (statement.effect.value, dead.meant()) {
                (Effect::Allow, Some(meant)) => format!("`{op}` does not exclude {meant}"),
                (Effect::Allow, None) => format!("`{op}` excludes nothing with it"),
                (Effect::Deny, Some(meant)) => format!("this `Deny` does not apply to {meant}"),
                (Effect::Deny, None) => {
                    format!("`{op}` never matches it and the `Deny` does not apply")
                }
            };
            let finding = cx
                .finding(
                    dead.value.span,
                    format!("{}, so {consequence}", dead.never()),
                )
                .with_help(dead.help())
                .with_optional_fix(ignore_case_fix(statement, dead));
            cx.report(finding);
        }
    }
}

/// `StringNotEquals` → `StringNotEqualsIgnoreCase` for an `aws:PrincipalType`
/// value in the wrong case, when the block compares that key alone and the
/// statement has no block with the new operator (it would be a duplicate key).
fn ignore_case_fix(statement: &Statement, dead: &ImpossibleValue<'_>) -> Option<Fix> {
    if !dead
        .clause
        .key
        .value
        .eq_ignore_ascii_case(keys::PRINCIPAL_TYPE)
        || dead.block.clauses.len() != 1
    {
        return None;
    }
    suggestion(dead.domain, &dead.value.text)?;
    let op = dead.block.operator.value;
    let base = ignore_case_form(op.base)?;
    let new = op.to_string().replacen(op.base.name(), base, 1);
    let taken = statement
        .condition
        .iter()
        .flat_map(|c| &c.blocks)
        .any(|b| b.operator.value.to_string() == new);
    if taken {
        return None;
    }
    Some(Fix::unsafe_(
        format!("compare with `{new}`"),
        vec![Edit::replace(
            dead.block.operator.span,
            format!("\"{new}\""),
        )],
    ))
}
