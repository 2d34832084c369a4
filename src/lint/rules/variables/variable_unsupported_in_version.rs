//! `VARIABLE_UNSUPPORTED_IN_VERSION`: `${...}` in a policy whose version
//! makes it literal text.

use super::{scan, values_with_variables, Shape};
use crate::lint::rules::common::part_span;
use crate::lint::LintContext;
use crate::model::Version;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds policy variables (`${...}`, including the escapes `${*}`,
    /// `${?}`, `${$}`) in `Resource` values and condition values of a policy
    /// whose `Version` is `2008-10-17`, or that has no `Version`.
    ///
    /// ### Why is this bad?
    ///
    /// Policy variables exist only in policy version `2012-10-17`. Under
    /// `2008-10-17`, and without a `Version` (which this tool reads as
    /// `2008-10-17`, decision `missing-version-is-2008`), `${aws:username}` is plain text: the
    /// statement compares against the literal characters and matches no
    /// request the author had in mind.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Version": "2008-10-17",
    ///  "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
    ///                 "Resource": "*", "Condition": {"StringEquals": {
    ///                   "vpc-lattice-svcs:RequestHeader/x-user": "${aws:username}"}}}]}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Version": "2012-10-17",
    ///  "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
    ///                 "Resource": "*", "Condition": {"StringEquals": {
    ///                   "vpc-lattice-svcs:RequestHeader/x-user": "${aws:username}"}}}]}
    /// ```
    pub static RULE = {
        code: VARIABLE_UNSUPPORTED_IN_VERSION,
        name: "variable-unsupported-in-version",
        severity: Error,
        category: Error,
        summary: "a policy variable is plain text because the policy version is not `2012-10-17`",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestHeader/x-user":"${aws:username}"}}}]}"#,
            r#"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/cluster":"$SOURCE_CLUSTER"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestHeader/x-user":"${aws:username}"}}}]}"#,
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/users/${aws:username}/*"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let policy = cx.policy();
    if policy.variables_enabled() {
        return;
    }
    let (reason, related) = match &policy.version {
        Some(v) if v.value == Version::V2008_10_17 => {
            ("under policy version `2008-10-17`", Some(v.span))
        }
        _ => ("in a policy without `Version`", None),
    };
    let mut findings = Vec::new();
    for (_, text, span) in values_with_variables(cx) {
        for found in scan(text)
            .into_iter()
            .filter(|f| f.shape != Shape::MissingBrace)
        {
            let at = part_span(cx, span, text, found.start, found.end);
            let finding = cx
                .finding(at, format!("`{}` is plain text {reason}, not a policy variable", found.written))
                .with_help("set `\"Version\": \"2012-10-17\"`: policy variables exist only in that version");
            findings.push(match related {
                Some(version) => finding.with_related(version, "the policy version"),
                None => finding,
            });
        }
    }
    for finding in findings {
        cx.report(finding);
    }
}
