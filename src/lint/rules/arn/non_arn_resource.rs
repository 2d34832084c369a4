//! `NON_ARN_RESOURCE`: a resource pattern such as `*/rates` that is not an ARN.

use super::invalid_arn_prefix::can_match_arn;
use crate::lint::rules::common::resources;
use crate::lint::LintContext;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `Resource` and `NotResource` values other than `*` that do not
    /// start with `arn:` but begin with a wildcard, such as `*/rates` and
    /// `*/*`.
    ///
    /// ### Why is this bad?
    ///
    /// It is not wrong: the VPC Lattice documentation shows `*/rates` and
    /// `*/*`, and this tool matches such a pattern against the whole request
    /// ARN (SEMANTICS.md D2), so `*/rates` covers the path `/rates` of every
    /// service. But IAM documents only ARNs and `*`, IAM Access Analyzer
    /// reports these forms as errors, and whether VPC Lattice lets `*` cross
    /// the `:` between ARN fields is not documented. The ARN form says the
    /// same without depending on that.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*/rates"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "arn:*:vpc-lattice:*:*:service/*/rates"}
    /// ```
    pub static RULE = {
        code: NON_ARN_RESOURCE,
        name: "non-arn-resource",
        severity: Info,
        category: Suggestion,
        summary: "a resource pattern such as `*/rates` is not an ARN",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":["*","arn:*:vpc-lattice:*:*:service/*/rates"]}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":["*/rates","*/*"]}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for item in resources(cx.policy()) {
        let text = item.value.as_str();
        if text == "*" || text.starts_with("arn:") || !can_match_arn(text) {
            continue;
        }
        let finding = cx.finding(
            item.span,
            format!("`{text}` is not an ARN: it is matched against the whole request ARN"),
        );
        findings.push(match text.strip_prefix("*/") {
            Some(path) => finding.with_help(format!(
                "to say the same as an ARN, write `arn:*:vpc-lattice:*:*:service/*/{path}`"
            )),
            None => finding.with_help(
                "write an ARN, as in `arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/*`",
            ),
        });
    }
    for finding in findings {
        cx.report(finding);
    }
}
