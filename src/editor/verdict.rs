//! What a statement does, for a hover on its `Sid`, and why a principal
//! can never pass its own statement's condition, for a hover on it.
//!
//! The statement's answer is the one its code lens gives (the same
//! questions of the same analysis, in the same words): whether it lets
//! anonymous callers in, or signed callers of any account, never applies,
//! or what it allows.

use std::path::Path;

use crate::analysis::{Analysis, Answer, Callers, Layers, Protocols, Question, Setups};
use crate::analysis::{StatementFate, CHECK_TIME};
use crate::iac::{self, ExtractOptions};
use crate::load::{self, LoadOptions, Loaded};
use crate::model::{AwsPrincipal, Effect, Operator, OperatorFamily, PolicyKind, Statement};
use crate::wildcard::{Case, Wildcard};

/// The policy of the document that holds `offset`, loaded.
fn policy_at(path: &Path, text: &str, offset: usize) -> Option<Loaded> {
    let name = path.to_string_lossy();
    match iac::extract(&name, text, &ExtractOptions::default()) {
        Some((_, extraction)) => {
            let found = extraction
                .policies
                .into_iter()
                .find(|p| p.span.offset() <= offset && offset <= p.span.offset() + p.span.len())?;
            Some(iac::load_found(&name, text, found, PolicyKind::Auth))
        }
        None => Some(load::load_str(&name, text, LoadOptions::default())),
    }
}

fn statement_at(loaded: &Loaded, offset: usize) -> Option<&Statement> {
    loaded.policy.as_ref()?.statements.iter().find(|s| {
        let start = s.span.start as usize;
        start <= offset && offset < s.span.end as usize
    })
}

/// The analysis's answer for the statement at `offset`, in a few words.
pub fn statement(path: &Path, text: &str, offset: usize) -> Option<String> {
    let loaded = policy_at(path, text, offset)?;
    let policy = loaded.policy.as_ref()?;
    let at = policy
        .statements
        .iter()
        .position(|s| s.span.start as usize <= offset && offset < s.span.end as usize)?;
    if !loaded.evaluable() {
        return Some("not analysed: the policy has errors".to_owned());
    }
    if policy.kind == PolicyKind::Identity {
        return None;
    }
    // As the rules and the code lens see it (decision `unknown-ids-fixed`).
    let bound = crate::lint::analysed(policy);
    let statement = bound.statements.get(at)?;
    let mut setups = Setups::new();
    let setup = setups.add(Layers::service(&bound));
    let analysis = Analysis::new(setups, CHECK_TIME);
    let fate = analysis.statement_fates(setup).get(at).cloned();
    let text = match fate {
        Some(StatementFate::NeverApplies) => "never applies".to_owned(),
        Some(StatementFate::Overridden) => {
            "never decides: a Deny of this policy denies everything it allows".to_owned()
        }
        Some(StatementFate::RedundantWith(other)) => format!(
            "redundant: {} covers every request it applies to",
            bound
                .statements
                .get(other)
                .map_or_else(|| format!("statement {}", other + 1), Statement::name)
        ),
        _ if statement.effect.value == Effect::Deny => "denies what it matches".to_owned(),
        _ => {
            let anonymous = analysis.ask(
                setup,
                &Question::new(Callers::Anonymous)
                    .over(Protocols::Invoke)
                    .through(at),
            );
            let foreign = analysis.foreign_allowed_via(setup, at);
            match (&anonymous, &foreign) {
                (Answer::Found(w), _) => format!("lets anonymous callers in: {}", w.query),
                (_, Answer::Found(w)) => format!("any signed caller of any account: {}", w.query),
                _ => match analysis.ask(setup, &Question::new(Callers::Anyone).through(at)) {
                    Answer::Found(w) => format!("no finding; allows e.g. {}", w.query),
                    Answer::NoRequest => "allows no request".to_owned(),
                    Answer::Unknown(reasons) => match reasons.first() {
                        Some(reason) => format!("could not decide: {reason}"),
                        None => "could not decide".to_owned(),
                    },
                },
            }
        }
    };
    Some(text)
}

/// Why the `AWS` principal `written`, in the statement at `offset`, can
/// never pass that statement's condition; `None` when it can.
pub fn principal_conflict(path: &Path, text: &str, offset: usize, written: &str) -> Option<String> {
    let account = match AwsPrincipal::parse(written) {
        AwsPrincipal::Account(a)
        | AwsPrincipal::Role { account: a, .. }
        | AwsPrincipal::User { account: a, .. }
        | AwsPrincipal::AssumedRole { account: a, .. }
        | AwsPrincipal::FederatedUser { account: a, .. } => a.to_owned(),
        AwsPrincipal::Everyone | AwsPrincipal::Other(_) => return None,
    };
    let loaded = policy_at(path, text, offset)?;
    let statement = statement_at(&loaded, offset)?;
    let found = statement.clauses().find_map(|c| {
        let op = c.operator();
        if op.qualifier.is_some() || !matches!(op.base.family(), OperatorFamily::String | OperatorFamily::Arn) {
            return None;
        }
        let values: Vec<&str> = c.clause.values.iter().map(|v| v.text.as_str()).collect();
        let key = c.clause.key.value.to_ascii_lowercase();
        conflict(op, &key, &values, &account).map(|why| {
            format!(
                "**Never passes its own condition**: `{written}` is a caller of account `{account}`, but `{op}` on `{}` {why}, so this principal never gets past the statement's condition.",
                c.clause.key.value
            )
        })
    });
    found
}

/// How one clause shuts out every caller of `account`, in words.
fn conflict(op: Operator, key: &str, values: &[&str], account: &str) -> Option<String> {
    let name = op.base.name();
    let case = if name.ends_with("IgnoreCase") {
        Case::Insensitive
    } else {
        Case::Sensitive
    };
    let wildcards = name.ends_with("Like") || op.base.family() == OperatorFamily::Arn;
    let matches =
        |pattern: &str, subject: &str| Wildcard::new(pattern, wildcards).matches(subject, case);
    let listed = values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match key {
        "aws:principalaccount" if !op.base.is_negated() => {
            (!values.iter().any(|v| matches(v, account))).then(|| format!("requires {listed}"))
        }
        "aws:principalaccount" => values
            .iter()
            .any(|v| matches(v, account))
            .then(|| format!("excludes {listed}")),
        "aws:principalarn" if !op.base.is_negated() => {
            // The ARN's account field: a caller of `account` matches a
            // pattern only where that field admits it.
            let admits = |v: &&str| {
                crate::wildcard::split_arn(v).is_none_or(|[.., acct, _]| matches(acct, account))
            };
            (!values.iter().any(admits))
                .then(|| format!("requires an ARN of another account ({listed})"))
        }
        "aws:principaltype" if !op.base.is_negated() => values
            .iter()
            .all(|v| v.eq_ignore_ascii_case("anonymous"))
            .then(|| {
                "requires an anonymous (unsigned) caller, and a named principal always signs"
                    .to_owned()
            }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_that_cannot_meet() {
        let op = |s| Operator::parse(s).unwrap();
        assert!(conflict(
            op("StringEquals"),
            "aws:principalaccount",
            &["444455556666"],
            "111122223333"
        )
        .is_some());
        assert!(conflict(
            op("StringLike"),
            "aws:principalaccount",
            &["1111*"],
            "111122223333"
        )
        .is_none());
        assert!(conflict(
            op("StringNotEquals"),
            "aws:principalaccount",
            &["111122223333"],
            "111122223333"
        )
        .is_some());
        assert!(conflict(
            op("ArnLike"),
            "aws:principalarn",
            &["arn:aws:iam::444455556666:role/*"],
            "111122223333"
        )
        .is_some());
        assert!(conflict(
            op("ArnLike"),
            "aws:principalarn",
            &["arn:aws:iam::*:role/app"],
            "111122223333"
        )
        .is_none());
    }
}
