//! `INVALID_ACTION`: a VPC Lattice action that does not exist, or an action not
//! written `service:action`.

use crate::catalog::{self, ActionVerdict};
use crate::lint::rules::common::replace_string_fix;
use crate::lint::LintContext;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds actions of the VPC Lattice data-plane service `vpc-lattice-svcs`
    /// that do not exist (`vpc-lattice-svcs:Invok`), action patterns of it that
    /// match no action (`vpc-lattice-svcs:Get*`), and actions not written as
    /// `service:action` (`Invoke`) or written with more than one colon
    /// (`s3:List:Bucket`, in any service: IAM refuses such a policy with
    /// "Actions/Condition can contain only one colon"). Lattice has two
    /// data-plane actions, `Invoke` and `Connect`
    /// (docs/semantics.md#the-requests-action-and-resource); names compare
    /// ignoring case.
    ///
    /// Unknown actions of other services are `UNDOCUMENTED_ACTION`: the
    /// catalog of those is a snapshot that cannot prove an action missing.
    ///
    /// ### Why is this bad?
    ///
    /// IAM stores the policy without complaint, but a statement whose only
    /// action does not exist matches no request: an `Allow` grants nothing and
    /// a `Deny` blocks nothing, and the callers it was written for are refused
    /// (or let in) for no visible reason.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invok", "Resource": "*"}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}
    /// ```
    ///
    /// ### Fix
    ///
    /// Unsafe (applied by `policy check --fix --unsafe-fixes` only), when
    /// there is a suggestion: the action is replaced with it. The misspelt
    /// action matches no request and the suggested one does, so what the
    /// statement allows or denies changes.
    /// An action with extra colons is fixed only when the suggestion keeps
    /// every part of it (`s3:List:Bucket` → `s3:ListBucket`), never by
    /// dropping a part (`vpc-lattice-svcs:Invoke:GET` stays a suggestion: the
    /// fix would drop the method and widen the statement).
    pub static RULE = {
        code: INVALID_ACTION,
        name: "invalid-action",
        severity: Error,
        category: Error,
        summary: "a VPC Lattice action does not exist, or an action is not written `service:action`",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["vpc-lattice-svcs:Invoke","VPC-Lattice-Svcs:connect"],"Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["vpc-lattice-svcs:Inv*","vpc-lattice-svcs:*","*"],"Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","NotAction":"vpc-lattice-svcs:Connect","Resource":"*"}]}"#,
            r#"identity:{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["vpc-lattice-svcs:Invoke","s3:NoSuchAction"],"Resource":"*"}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invok","Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["vpc-lattice-svcs:Get*","vpc-lattice-svcs:Call"],"Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"Invoke","Resource":"*"}]}"#,
            r#"identity:{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"vpc-lattice-svcs:","Resource":"*"}]}"#,
            r#"identity:{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:List:Bucket","ec2:ec2:CreateNetworkInterface"],"Resource":"*"}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke:GET","Resource":"*"}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    for (item, verdict) in cx.action_items() {
        let text = item.value.as_str();
        let finding = match verdict {
            ActionVerdict::Malformed => {
                let better = catalog::suggest_action(text);
                cx.finding(item.span, format!("`{text}` is not an action: actions are written `service:action`"))
                    .with_optional_fix(better.as_deref().and_then(|b| replace_string_fix(cx, item.span, b)))
                    .with_help(match better {
                        Some(better) => format!("did you mean `{better}`?"),
                        None => "write the service prefix, a colon and the action name, as in `vpc-lattice-svcs:Invoke`".to_string(),
                    })
            }
            ActionVerdict::ExtraColon => {
                let better = one_colon(text);
                cx.finding(
                    item.span,
                    format!("`{text}` has more than one colon: IAM refuses an action written so"),
                )
                .with_label("only one colon allowed")
                .with_optional_fix(
                    better
                        .as_deref()
                        .filter(|b| keeps_every_part(text, b))
                        .and_then(|b| replace_string_fix(cx, item.span, b)),
                )
                .with_help(match better {
                    Some(better) => format!("did you mean `{better}`?"),
                    None => "write the service prefix, one colon and the action name, as in `vpc-lattice-svcs:Invoke`".to_string(),
                })
            }
            ActionVerdict::UnknownAction { service, name } if service.is_exact() => {
                let message = if name.contains(['*', '?']) {
                    format!("`{text}` matches no action of `{}`", service.prefix())
                } else {
                    format!("`{text}` is not an action of `{}`", service.prefix())
                };
                let better = catalog::suggest_action(text);
                let fix = better
                    .as_deref()
                    .and_then(|b| replace_string_fix(cx, item.span, b));
                let help = match better {
                    Some(better) => format!("did you mean `{better}`?"),
                    None => format!(
                        "the actions of `{}` are {}",
                        service.prefix(),
                        listing(service.actions())
                    ),
                };
                cx.finding(item.span, message)
                    .with_help(help)
                    .with_optional_fix(fix)
            }
            _ => continue,
        };
        cx.report(finding);
    }
}

/// A documented action that `text`, written with extra colons, most likely
/// means: the colons after the first dropped (`s3:List:Bucket` is
/// `s3:ListBucket`), or a doubled prefix dropped (`ec2:ec2:CreateNetworkInterface`).
fn one_colon(text: &str) -> Option<String> {
    let (prefix, rest) = text.split_once(':')?;
    let candidates = [
        rest.strip_prefix(prefix)
            .and_then(|r| r.strip_prefix(':'))
            .map(|r| format!("{prefix}:{r}")),
        Some(format!("{prefix}:{}", rest.replace(':', ""))),
        rest.split(':')
            .next()
            .map(|first| format!("{prefix}:{first}")),
    ];
    candidates.into_iter().flatten().find_map(|c| {
        (!c.contains(['*', '?']) && catalog::action_verdict(&c) == ActionVerdict::Known)
            .then(|| catalog::suggest_action(&c).unwrap_or(c))
    })
}

/// True when `better` keeps every part of `text` but its colons (or a
/// doubled prefix): `s3:List:Bucket` → `s3:ListBucket` is a fix, but
/// `vpc-lattice-svcs:Invoke:GET` → `vpc-lattice-svcs:Invoke` would drop the
/// method the author wrote and widen the statement, so it stays a suggestion.
fn keeps_every_part(text: &str, better: &str) -> bool {
    let squash = |s: &str| s.replace(':', "").to_ascii_lowercase();
    // `ec2:ec2:CreateNetworkInterface` read as `ec2:CreateNetworkInterface`.
    let undoubled = text.split_once(':').and_then(|(prefix, rest)| {
        let after = rest.strip_prefix(prefix)?.strip_prefix(':')?;
        Some(format!("{prefix}:{after}"))
    });
    let better = squash(better);
    better == squash(text) || undoubled.is_some_and(|u| better == squash(&u))
}

/// `` `Connect` and `Invoke` ``.
fn listing<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<String> = names.map(|n| format!("`{n}`")).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => "unknown".to_string(),
    }
}
