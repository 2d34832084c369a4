//! `INVALID_ARN_ACCOUNT`: an ARN account field that is not an account id.

use super::{field_span, resource_arns, LATTICE_ARN_SERVICE};
use crate::lint::LintContext;
use crate::model::is_account_id;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds resource ARNs whose account field, the fifth, is not a 12-digit
    /// account id: a placeholder, a shortened id such as the 10-digit
    /// `1234567890` in the VPC Lattice documentation's own example, or an
    /// empty field in a VPC Lattice ARN. Wildcards are accepted where they can
    /// stand for an account id (`*`, `1111222233*`), and so are empty fields
    /// for services whose ARNs have none (`arn:aws:s3:::bucket`) and `aws`
    /// for AWS-owned resources.
    ///
    /// ### Why is this bad?
    ///
    /// Every request's resource ARN names the 12-digit account that owns the
    /// service, so any other account field matches nothing. IAM Access
    /// Analyzer reports it as an error.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "arn:aws:vpc-lattice:us-west-2:1234567890:service/svc-0123456789abcdef0/rates"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke",
    ///  "Resource": "arn:aws:vpc-lattice:us-west-2:111122223333:service/svc-0123456789abcdef0/rates"}
    /// ```
    pub static RULE = {
        code: INVALID_ARN_ACCOUNT,
        name: "invalid-arn-account",
        severity: Error,
        category: Error,
        summary: "the account in a resource ARN is not a 12-digit account id",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":["arn:aws:vpc-lattice:us-west-2:111122223333:service/*","arn:aws:vpc-lattice:us-west-2:*:service/*","arn:aws:vpc-lattice:us-west-2:1111222233??:service/*","arn:aws:s3:::bucket/*","arn:aws:iam::aws:policy/ReadOnlyAccess"]}]}"#,
            r#"identity:{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/${aws:username}/*"}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-west-2:1234567890:service/svc-0123456789abcdef0/rates"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-west-2:<ACCOUNT_ID>:service/*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"arn:aws:vpc-lattice:us-west-2::service/*"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let mut findings = Vec::new();
    for (arn, text, span) in resource_arns(cx) {
        let account = arn.account.text;
        let lattice = arn.service.text == LATTICE_ARN_SERVICE;
        let (message, help) = if account.is_empty() {
            if !lattice {
                continue;
            }
            (
                "this VPC Lattice ARN has no account".to_string(),
                "write the 12-digit id of the account that owns the service, or `*` for any account",
            )
        } else if account.contains("${") || account == "aws" || may_be_account_id(account) {
            continue;
        } else {
            (
                format!("`{account}` is not an account id"),
                "account ids are 12 digits; use `*` for any account",
            )
        };
        let at = field_span(cx, span, text, arn.account);
        let at = if at.is_empty() {
            crate::span::Span::new(at.offset().saturating_sub(1), at.offset() + 1)
        } else {
            at
        };
        findings.push(
            cx.finding(at, message)
                .with_label("matches no request")
                .with_help(help),
        );
    }
    for finding in findings {
        cx.report(finding);
    }
}

/// True when `text`, which may hold `*` and `?`, can match a 12-digit id.
fn may_be_account_id(text: &str) -> bool {
    if is_account_id(text) {
        return true;
    }
    let star = text.contains('*');
    let fixed = text.chars().filter(|&c| c != '*').count();
    let digits = text
        .chars()
        .all(|c| c.is_ascii_digit() || c == '*' || c == '?');
    digits && if star { fixed <= 12 } else { fixed == 12 }
}
