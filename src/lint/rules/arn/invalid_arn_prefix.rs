//! `INVALID_ARN_PREFIX`: a resource that cannot match an ARN because of how
//! it starts.

use super::{repeats_partition, split};
use crate::lint::rules::common::{part_span, resources};
use crate::lint::LintContext;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `Resource` and `NotResource` values whose start keeps them from
    /// matching any ARN:
    ///
    /// * values that do not start with `arn:` and cannot match text that
    ///   does, such as `service/svc-0123456789abcdef0/*` (values that start
    ///   with a wildcard, such as VPC Lattice's documented `*/rates`, can
    ///   match, and are not reported here);
    /// * ARNs that repeat the partition, `arn:aws:aws:vpc-lattice:...`, which
    ///   shifts every field by one: `aws` is read as the service and the
    ///   Region as the account.
    ///
    /// ### Why is this bad?
    ///
    /// Every request's resource is an ARN. A pattern that cannot match one
    /// makes its statement match nothing: an `Allow` that grants nothing, or
    /// a `Deny` that never fires. IAM Access Analyzer reports both as errors.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "arn:aws:aws:vpc-lattice:us-east-1:222222222222:service/svc-0123456789abcdef0/*"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "arn:aws:vpc-lattice:us-east-1:222222222222:service/svc-0123456789abcdef0/*"}
    /// ```
    pub static RULE = {
        code: INVALID_ARN_PREFIX,
        name: "invalid-arn-prefix",
        severity: Error,
        category: Error,
        summary: "a resource cannot match any ARN because of how it starts",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":["*","*/rates","arn:aws:vpc-lattice:us-east-1:222222222222:service/svc-0123456789abcdef0/*"]}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:aws:vpc-lattice:us-east-1:222222222222:service/svc-payment123"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"service/svc-0123456789abcdef0/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"ARN:aws:vpc-lattice:us-east-1:222222222222:service/*"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for item in resources(cx.policy()) {
        let text = item.value.as_str();
        match split(text) {
            Some(Ok(arn)) if repeats_partition(&arn) => {
                let service = arn.service;
                let fixed = format!(
                    "{}{}",
                    text.get(..service.start).unwrap_or(""),
                    text.get(service.end() + 1..).unwrap_or("")
                );
                let at = part_span(cx, item.span, text, 0, service.end() + 1);
                findings.push(
                    cx.finding(
                        at,
                        format!(
                            "`{}` names the partition twice, so `{}` is read as the service",
                            text.get(..service.end() + 1).unwrap_or(text),
                            service.text
                        ),
                    )
                    .with_label("matches no request")
                    .with_help(format!("remove the second partition: `{fixed}`")),
                );
            }
            Some(_) => {}
            None if can_match_arn(text) => {}
            None => findings.push(
                cx.finding(
                    item.span,
                    format!("`{text}` does not start with `arn:`, so it matches no request"),
                )
                .with_help("write the full ARN, as in `arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/*`, or `*`"),
            ),
        }
    }
    for finding in findings {
        cx.report(finding);
    }
}

/// True when a pattern not starting with `arn:` may still match a string
/// that does: it reaches a `*` before departing from `arn:`, or starts with a
/// policy variable, whose value is unknown.
fn can_match_arn(text: &str) -> bool {
    if text.starts_with("${") {
        return true;
    }
    let mut chars = text.chars();
    for want in "arn:".chars() {
        match chars.next() {
            Some('*') => return true,
            Some('?') => {}
            Some(c) if c == want => {}
            _ => return false,
        }
    }
    true
}
