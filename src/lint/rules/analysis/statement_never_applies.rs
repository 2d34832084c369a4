//! `STATEMENT_NEVER_APPLIES`: a statement no request can satisfy.

use super::{fates, label};
use crate::analysis::{Blame, StatementFate};
use crate::diagnostic::{Finding, Severity};
use crate::eval::statement::Part;
use crate::lint::LintContext;
use crate::model::{Effect, Policy, PrincipalKind, Principals, Statement};
use crate::span::Span;

crate::declare_rule! {
    /// ### What it does
    ///
    /// Finds statements that apply to no request at all: their `Principal`,
    /// `Action`, `Resource` and condition clauses never hold together, for
    /// any caller, protocol, method, path, header, query string, port, VPC or
    /// time. The analysis over all requests decides it exactly; when a policy
    /// uses something it cannot split exactly (a policy variable that takes
    /// its value from another field, `aws:userid`), the rule stays silent.
    ///
    /// The finding points at what is to blame: the element or condition
    /// clause that holds for no request on its own (a key Lattice never
    /// sends, such as `aws:MultiFactorAuthPresent`; a `Federated` principal;
    /// an action that is not `Invoke` or `Connect`), or else the few parts
    /// that each hold for some request but never together. Among protocols,
    /// only those the statement's `Action` covers are looked at. When another
    /// finding already lies on the part to blame (`IMPOSSIBLE_CONDITION_VALUE`,
    /// `INVALID_VPC_FORMAT`, `LATTICE_BARE_SERVICE_RESOURCE`, an action
    /// rule), that finding says it more precisely and this one is left out.
    ///
    /// ### Why is this bad?
    ///
    /// An `Allow` that never applies grants nothing: whoever wrote it expected
    /// some callers to get in, and they are denied. A `Deny` that never
    /// applies protects nothing. Typical causes: a case-sensitive comparison
    /// with a value Lattice never sends (`"get"`), two clauses that contradict
    /// each other, a port bound no port satisfies, a principal ARN that cannot
    /// match the account in a condition.
    ///
    /// ### Example
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": "get"}}}
    /// ```
    ///
    /// ### Use instead
    ///
    /// ```json
    /// {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*",
    ///  "Condition": {"StringEquals": {"vpc-lattice-svcs:RequestMethod": "GET"}}}
    /// ```
    pub static RULE = {
        code: STATEMENT_NEVER_APPLIES,
        name: "statement-never-applies",
        severity: Warning,
        category: Warning,
        summary: "a statement applies to no request: its elements and conditions never hold together",
        check: check,
        pass: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"GET"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:username":"nobody"}}}]}"#,
            r#"identity:{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"get"}}}]}"#,
        ],
        fail: [
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"get"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*"},{"Sid":"NoLowPorts","Effect":"Deny","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"NumericLessThan":{"vpc-lattice-svcs:Port":"1"}}}]}"#,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"vpc-lattice-svcs:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalType":"Anonymous","aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#,
        ],
    };
}

fn check(cx: &mut LintContext<'_>) {
    let fates = fates(cx);
    if fates.is_empty() {
        return;
    }
    let (analysis, setup) = cx.analysis();
    let policy = cx.policy();
    for (at, (statement, fate)) in policy.statements.iter().zip(&fates).enumerate() {
        if *fate != StatementFate::NeverApplies {
            continue;
        }
        let effect = match statement.effect.value {
            Effect::Allow => "it allows nothing",
            Effect::Deny => "this `Deny` protects nothing",
        };
        let Some(blame) = analysis.blame(setup, at) else {
            // The analysis could not say which part: the statement as a whole.
            let help = match statement.effect.value {
                Effect::Allow => GENERIC_HELP,
                Effect::Deny => "this `Deny` protects nothing: no request satisfies every element and condition clause at once",
            };
            let finding = cx
                .finding(
                    statement.span,
                    format!("{} applies to no request: {effect}", label(statement)),
                )
                .with_label("never applies")
                .with_help(help);
            cx.report(finding);
            continue;
        };
        let finding = match blame {
            Blame::Alone(parts) => {
                let causes: Vec<Cause> = parts
                    .iter()
                    .filter_map(|p| cause(cx, statement, *p))
                    .collect();
                let Some((first, others)) = causes.split_first() else {
                    continue;
                };
                let mut finding = cx
                    .finding(
                        first.span,
                        format!(
                            "{} applies to no request ({effect}): {}",
                            label(statement),
                            first.never
                        ),
                    )
                    .with_label("never holds")
                    .with_help(first.help.clone());
                for other in others {
                    finding = finding.with_related(other.span, "never holds either");
                }
                finding
            }
            Blame::Together(parts) => {
                let causes: Vec<Cause> = parts
                    .iter()
                    .filter_map(|p| cause(cx, statement, *p))
                    .collect();
                let Some((first, others)) = causes.split_first() else {
                    continue;
                };
                let names: Vec<&str> = causes.iter().map(|c| c.name.as_str()).collect();
                let mut finding = cx
                    .finding(
                        first.span,
                        format!(
                            "{} applies to no request ({effect}): {} never hold together",
                            label(statement),
                            join_and(&names)
                        ),
                    )
                    .with_label("never holds together with the other marked parts")
                    .with_help("each of these holds for some request, but no request satisfies them all at once; check the values against what Lattice sends (methods are upper case, `Invoke` is HTTP, HTTPS and gRPC while `Connect` is TLS, a TLS connection's resource is the bare service ARN) and loosen the one that is wrong");
                for other in others {
                    finding = finding.with_related(other.span, "marked part");
                }
                finding
            }
        };
        cx.report(finding);
    }
}

const GENERIC_HELP: &str = "no caller, method, path or other request value satisfies every element and condition clause at once; check the values against what Lattice sends (methods are upper case, `aws:PrincipalType` is `Anonymous`, `AssumedRole`, …) and clauses that contradict each other";

/// Drops each `STATEMENT_NEVER_APPLIES` finding that another finding
/// already explains: one that lies inside the element or clause it blames
/// (`IMPOSSIBLE_CONDITION_VALUE` on a value no request has,
/// `INVALID_VPC_FORMAT`, `LATTICE_BARE_SERVICE_RESOURCE`, an action rule).
/// The more specific finding says what is wrong and how to fix it; the
/// generic one would repeat it. A finding on a whole statement (the analysis
/// could not say which part) is kept, and so is one with only infos on its
/// part.
pub(crate) fn fold_into_specific(findings: &mut Vec<Finding>, policy: &Policy) {
    let code = RULE.info.code;
    let explained = |f: &Finding| {
        if f.info.code != code || policy.statements.iter().any(|s| s.span == f.span) {
            return false;
        }
        let blamed: Vec<Span> = std::iter::once(f.span)
            .chain(f.related.iter().map(|r| r.span))
            .collect();
        // An info (a redundant action, say) never explains why a part fails.
        findings.iter().any(|other| {
            other.info.code != code
                && other.severity != Severity::Info
                && other.info.code != super::allows_nothing::RULE.info.code
                && blamed
                    .iter()
                    .any(|b| b.start <= other.span.start && other.span.end <= b.end)
        })
    };
    let keep: Vec<bool> = findings.iter().map(|f| !explained(f)).collect();
    let mut keep = keep.into_iter();
    findings.retain(|_| keep.next().unwrap_or(true));
}

/// One part of a statement at fault: where it is, its name, why it never
/// holds and what to do.
struct Cause {
    span: Span,
    name: String,
    never: String,
    help: String,
}

/// The words for `part` of `statement`.
fn cause(cx: &LintContext<'_>, statement: &Statement, part: Part) -> Option<Cause> {
    Some(match part {
        Part::Principal => {
            let element = statement.principal.as_ref()?;
            let name = if element.negated {
                "NotPrincipal"
            } else {
                "Principal"
            };
            let kinds: Vec<PrincipalKind> = match &element.value {
                Principals::Map(entries) if !element.negated => {
                    entries.iter().map(|e| e.kind.value).collect()
                }
                _ => Vec::new(),
            };
            if !kinds.is_empty() && kinds.iter().all(|k| *k != PrincipalKind::Aws) {
                let written: Vec<String> =
                    kinds.iter().map(|k| format!("`{}`", k.as_str())).collect();
                Cause {
                    span: element.span,
                    name: format!("`{name}`"),
                    never: format!(
                        "its `{name}` names only {} principals, which never send a VPC Lattice request",
                        join_or(&written)
                    ),
                    help: "a Lattice request comes from an IAM principal (an account, role, user or session, named under `AWS`) or from an anonymous caller (decision `unmodelled-principals-match-nothing`); a web identity reaches the service through the role it assumes: name that role under `AWS`".to_owned(),
                }
            } else {
                Cause {
                    span: element.span,
                    name: format!("`{name}`"),
                    never: format!("its `{name}` matches no caller a VPC Lattice request can have"),
                    help: "check the principal against the callers Lattice sees: 12-digit account ids, `arn:aws:iam::ACCOUNT:role/NAME`, `arn:aws:iam::ACCOUNT:user/NAME`, `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`, or `*`".to_owned(),
                }
            }
        }
        Part::Action => {
            let name = if statement.action.negated {
                "NotAction"
            } else {
                "Action"
            };
            Cause {
                span: statement.action.span,
                name: format!("`{name}`"),
                never: format!("its `{name}` covers neither `vpc-lattice-svcs:Invoke` nor `vpc-lattice-svcs:Connect`, the actions of VPC Lattice requests"),
                help: "a Lattice auth policy decides `vpc-lattice-svcs:Invoke` (HTTP, HTTPS and gRPC requests) and `vpc-lattice-svcs:Connect` (TLS connections); other actions belong in the caller's identity policy".to_owned(),
            }
        }
        Part::Resource => {
            let name = if statement.resource.negated {
                "NotResource"
            } else {
                "Resource"
            };
            Cause {
                span: statement.resource.span,
                name: format!("`{name}`"),
                never: format!("its `{name}` matches no resource of a VPC Lattice request"),
                help: "a request's resource is `arn:aws:vpc-lattice:REGION:ACCOUNT:service/svc-ID/PATH` (the service ARN alone for a TLS connection): write `*`, or the service ARN followed by `/*`".to_owned(),
            }
        }
        Part::Clause(b, c) => {
            let block = statement.condition.as_ref()?.blocks.get(b)?;
            let clause = block.clauses.get(c)?;
            let key = cx.text(clause.key.span).trim_matches('"');
            let operator = block.operator.value;
            let span = clause.key.span.join(clause.span);
            if crate::keys::lookup(&clause.key.value).is_none() {
                Cause {
                    span,
                    name: format!("`{operator}` on `{key}`"),
                    never: format!("`{key}` is never present in a VPC Lattice request, so `{operator}` on it never holds"),
                    help: format!("Lattice does not set `{key}` (decision `global-keys-lattice-fills`): remove the clause, or test a key Lattice sends"),
                }
            } else {
                let values = crate::keys::lookup(&clause.key.value)
                    .filter(|k| k.domain != crate::keys::Domain::Text)
                    .map(|k| format!(" ({})", k.domain.describe()))
                    .unwrap_or_default();
                Cause {
                    span,
                    name: format!("`{operator}` on `{key}`"),
                    never: format!("no request satisfies `{operator}` on `{key}`"),
                    help: format!(
                        "check the values against what Lattice sends for `{key}`{values}"
                    ),
                }
            }
        }
    })
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[&str]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => (*last).to_owned(),
        None => String::new(),
    }
}

/// `a`, `a or b`, `a, b or c`.
fn join_or(items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}
