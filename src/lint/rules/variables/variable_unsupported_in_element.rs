//! `VARIABLE_UNSUPPORTED_IN_ELEMENT`: a policy variable outside `Resource`
//! and `Condition`, or in the first five fields of a resource ARN.

use super::{scan, Shape};
use crate::lint::rules::arn;
use crate::lint::rules::common::part_span;
use crate::lint::LintContext;
use crate::model::Principals;
use crate::span::Span;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds policy variables (`${...}`) in `Action`, `NotAction`,
    /// `Principal` and `NotPrincipal`, and in the partition, service,
    /// Region or account of a `Resource` ARN.
    ///
    /// ### Why is this bad?
    ///
    /// IAM substitutes variables only in `Resource` and `NotResource` values,
    /// and there only in the resource part of an ARN, after the fifth colon,
    /// and in condition values. Anywhere else `${aws:username}` is literal
    /// text, and an action, principal or ARN field spelt that way names
    /// nothing. IAM Access Analyzer reports it as an error.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::${aws:PrincipalAccount}:root"},
    ///  "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// Move the comparison into a condition:
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEquals": {"aws:PrincipalAccount": "${aws:ResourceAccount}"}}}
    /// ```
    pub static RULE = {
        code: VARIABLE_UNSUPPORTED_IN_ELEMENT,
        name: "variable-unsupported-in-element",
        severity: Error,
        category: Error,
        summary: "a policy variable is used where IAM does not substitute it",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/users/${aws:username}"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":"${aws:ResourceAccount}"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${aws:PrincipalAccount}:root"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:${aws:PrincipalTag/action}","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-west-2:${aws:PrincipalAccount}:service/svc-0123456789abcdef0/*"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for statement in &cx.policy().statements {
        let action_key = if statement.action.negated {
            "NotAction"
        } else {
            "Action"
        };
        for item in &statement.action.items {
            for (start, end, written) in attempted(&item.value) {
                let at = part_span(cx, item.span, &item.value, start, end);
                findings.push(in_element(cx, at, written, action_key));
            }
        }
        if let Some(principal) = &statement.principal {
            let key = if principal.negated {
                "NotPrincipal"
            } else {
                "Principal"
            };
            if let Principals::Map(entries) = &principal.value {
                for item in entries.iter().flat_map(|e| e.values.iter()) {
                    for (start, end, written) in attempted(&item.value) {
                        let at = part_span(cx, item.span, &item.value, start, end);
                        findings.push(in_element(cx, at, written, key));
                    }
                }
            }
        }
        // Under `2008-10-17` every variable is literal text, which
        // `VARIABLE_UNSUPPORTED_IN_VERSION` reports for resources.
        if !cx.policy().variables_enabled() {
            continue;
        }
        for item in &statement.resource.items {
            let Some(Ok(parsed)) = arn::split(&item.value) else {
                continue;
            };
            for (start, end, written) in attempted(&item.value) {
                if start >= parsed.resource.start {
                    continue;
                }
                let at = part_span(cx, item.span, &item.value, start, end);
                findings.push(
                    cx.finding(
                        at,
                        format!("the policy variable `{written}` is in the ARN's prefix, where it is not substituted"),
                    )
                    .with_help("variables work only in the resource part of an ARN, after the fifth `:`; match the other fields with `*` and test them in a condition"),
                );
            }
        }
    }
    for finding in findings {
        cx.report(finding);
    }
}

/// The `${...}` in a value that look like variables (not the escapes).
fn attempted(text: &str) -> Vec<(usize, usize, &str)> {
    scan(text)
        .into_iter()
        .filter(|f| f.shape != Shape::Escape)
        .map(|f| (f.start, f.end, f.written))
        .collect()
}

fn in_element(
    cx: &LintContext<'_>,
    at: Span,
    written: &str,
    element: &str,
) -> crate::diagnostic::Finding {
    cx.finding(
        at,
        format!("the policy variable `{written}` is not substituted in `{element}`"),
    )
    .with_help("policy variables work only in `Resource` and in condition values; test the value with a condition instead")
}
