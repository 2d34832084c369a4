//! `LATTICE_NON_ARN_RESOURCE`: a `Resource` value that is neither `*` nor an ARN.

use crate::lint::LintContext;
use crate::model::PolicyKind;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds `Resource` and `NotResource` values that do not start with
    /// `arn:` and are not `*`, such as `*/rates` or `*/*`.
    ///
    /// ### Why is this bad?
    ///
    /// The VPC Lattice guide shows these short forms, but they are not ARNs:
    /// IAM tools such as Access Analyzer reject them, and their meaning is not
    /// documented. This project matches them against the whole request ARN as
    /// a plain wildcard pattern (decision `non-arn-resource-whole-match`), so
    /// `*/rates` matches the path
    /// `/rates` of every service the policy reaches, and also `/v1/rates`,
    /// `/anything/rates`: every request ARN that ends in `/rates`. Nothing else
    /// is wrong with them, hence an informational finding.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "*/rates"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/rates"}
    /// ```
    pub static RULE = {
        code: LATTICE_NON_ARN_RESOURCE,
        name: "lattice-non-arn-resource",
        severity: Info,
        category: Warning,
        summary: "a `Resource` value is neither `*` nor an ARN, and is matched as a plain pattern",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/rates"}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"vpc-lattice-svcs:Invoke","Resource":["*/rates","*/*"]}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    if cx.kind() != PolicyKind::Auth {
        return;
    }
    for statement in &cx.policy().statements {
        for item in &statement.resource.items {
            if item.value == "*" || item.value.starts_with("arn:") {
                continue;
            }
            let finding = cx
                .finding(
                    item.span,
                    format!("`{}` is not an ARN: it is matched as a plain pattern against the whole request ARN, on every service", item.value),
                )
                .with_help("write the service ARN and the path (`arn:aws:vpc-lattice:REGION:ACCOUNT:service/SERVICE-ID/PATH`), or `*` with a `vpc-lattice-svcs:ServiceArn` or `vpc-lattice-svcs:RequestPath` condition");
            cx.report(finding);
        }
    }
}
