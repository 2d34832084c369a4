//! `UNDOCUMENTED_ACTION`: an action the catalog does not list for its service.

use crate::catalog::{self, ActionVerdict};
use crate::lint::LintContext;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds actions of a known AWS service (other than VPC Lattice's
    /// `vpc-lattice-svcs`, see `INVALID_ACTION`) that the service's documented
    /// actions do not include (`s3:ListBuckets`), and action patterns that
    /// match none of them (`s3:Get*Foo`). Names compare ignoring case.
    ///
    /// The actions come from a snapshot of IAM's Service Authorization
    /// Reference (a finding without a suggestion names its version).
    /// AWS adds actions after any snapshot, and uses a few it never documents,
    /// so this is a warning rather than Access Analyzer's `INVALID_ACTION`
    /// error: check the name, and ignore the finding for an action newer than
    /// the catalog.
    ///
    /// ### Why is this bad?
    ///
    /// A misspelt action matches no request: the permission the statement was
    /// written for is not granted (or not denied). API operation names are not
    /// always action names: `ListBuckets` is authorized by `s3:ListAllMyBuckets`.
    /// In a VPC Lattice auth policy, actions of other services never apply.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Action": "s3:GetObjcet", "Resource": "arn:aws:s3:::bucket/*"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}
    /// ```
    pub static RULE = {
        code: UNDOCUMENTED_ACTION,
        name: "undocumented-action",
        severity: Warning,
        category: Warning,
        summary: "an action is not among its service's documented actions",
        check: check,
        pass: [
            r#"identity:{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","S3:listbucket","s3:Get*","ec2:Describe*","zocalo:Anything"],"Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invok","Resource":"*"}]}"#,
        ],
        fail: [
            r#"identity:{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObjcet","s3:ListBuckets"],"Resource":"*"}]}"#,
            r#"identity:{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*Foo","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice:Invoke","Resource":"*"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    for (item, verdict) in cx.action_items() {
        let text = item.value.as_str();
        let ActionVerdict::UnknownAction { service, name } = verdict else {
            continue;
        };
        if service.is_exact() {
            continue;
        }
        let message = if name.contains(['*', '?']) {
            format!(
                "`{text}` matches no documented action of `{}`",
                service.prefix()
            )
        } else {
            format!(
                "`{text}` is not a documented action of `{}`",
                service.prefix()
            )
        };
        let help = match catalog::suggest_action(text) {
            Some(better) => format!("did you mean `{better}`?"),
            None => format!(
                "check the name against the actions of {} in the Service Authorization Reference; the catalog ({}) may predate it",
                service.name(),
                catalog::SOURCE
            ),
        };
        let finding = cx.finding(item.span, message).with_help(help);
        cx.report(finding);
    }
}
