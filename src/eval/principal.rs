//! Matching `Principal` and `NotPrincipal` against the caller (docs/semantics.md#statements).

use crate::model::{AwsPrincipal, PrincipalElement, PrincipalKind, Principals};
use crate::span::Span;

use super::caller::{Caller, PrincipalType};

/// One principal value, compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Rule {
    /// `"*"` or `{"AWS": "*"}`: everyone, anonymous callers included.
    Everyone,
    /// An account id or `arn:aws:iam::A:root`: every authenticated identity of the account.
    Account(String),
    /// A role ARN: the role's sessions (the caller's `aws:PrincipalArn`).
    Role(String),
    /// A user or federated-user ARN: exactly that principal.
    Exact(String),
    /// A role-session ARN: exactly that session.
    Session(String),
    /// A value that names no caller this tool models (service principals,
    /// federated identity providers, canonical users, unique ids, malformed
    /// ARNs): it matches no request (decision `unmodelled-principals-match-nothing`).
    Unmodelled,
}

/// Why a principal element did or did not match, for explanations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrincipalMatch {
    /// An item matched the caller; its span.
    Item(Span),
    /// No item matched the caller.
    NoItem,
    /// The statement has no principal element (identity policies).
    NotApplicable,
}

/// A compiled `Principal`/`NotPrincipal` element.
#[derive(Clone, Debug)]
pub struct PrincipalMatcher {
    negated: bool,
    rules: Vec<(Rule, Span)>,
    /// True when a rule is [`Rule::Everyone`], which matches every caller.
    everyone: bool,
    present: bool,
    span: Span,
}

impl PrincipalMatcher {
    /// Compiles a statement's principal element (`None` for identity policies, which always match).
    pub fn compile(element: Option<&PrincipalElement>) -> PrincipalMatcher {
        let Some(element) = element else {
            return PrincipalMatcher {
                negated: false,
                rules: Vec::new(),
                everyone: false,
                present: false,
                span: Span::default(),
            };
        };
        let rules = match &element.value {
            Principals::Everyone => vec![(Rule::Everyone, element.span)],
            Principals::Map(entries) => entries
                .iter()
                .flat_map(|entry| {
                    entry.values.iter().map(move |v| {
                        let rule = match entry.kind.value {
                            PrincipalKind::Aws => aws_rule(&v.value),
                            _ => Rule::Unmodelled,
                        };
                        (rule, v.span)
                    })
                })
                .collect(),
        };
        PrincipalMatcher {
            negated: element.negated,
            everyone: rules.iter().any(|(rule, _)| *rule == Rule::Everyone),
            rules,
            present: true,
            span: element.span,
        }
    }

    /// True when the element lets the statement apply to `caller`.
    pub fn matches(&self, caller: &Caller) -> bool {
        if !self.present {
            return true;
        }
        if self.everyone {
            return !self.negated;
        }
        let hit = self
            .rules
            .iter()
            .any(|(rule, _)| rule_matches(rule, caller));
        hit != self.negated
    }

    /// The matching item, for explanations: for `NotPrincipal`, an item that
    /// matched means the element did *not* apply.
    pub fn explain(&self, caller: &Caller) -> (bool, PrincipalMatch) {
        if !self.present {
            return (true, PrincipalMatch::NotApplicable);
        }
        let hit = self
            .rules
            .iter()
            .find(|(rule, _)| rule_matches(rule, caller));
        let found = hit.map_or(PrincipalMatch::NoItem, |(_, span)| {
            PrincipalMatch::Item(*span)
        });
        (hit.is_some() != self.negated, found)
    }

    /// The element's value in the source.
    pub fn span(&self) -> Span {
        self.span
    }

    /// True for `NotPrincipal`.
    pub fn is_negated(&self) -> bool {
        self.negated
    }

    /// True when some value names callers this tool cannot model (service
    /// principals and the like): they match no simulated request.
    pub fn has_unmodelled(&self) -> bool {
        self.rules.iter().any(|(r, _)| *r == Rule::Unmodelled)
    }
}

fn aws_rule(value: &str) -> Rule {
    match AwsPrincipal::parse(value) {
        AwsPrincipal::Everyone => Rule::Everyone,
        AwsPrincipal::Account(a) => Rule::Account(a.to_string()),
        AwsPrincipal::Role { arn, .. } => Rule::Role(arn.to_string()),
        AwsPrincipal::User { arn, .. } | AwsPrincipal::FederatedUser { arn, .. } => {
            Rule::Exact(arn.to_string())
        }
        AwsPrincipal::AssumedRole { arn, .. } => Rule::Session(arn.to_string()),
        AwsPrincipal::Other(_) => Rule::Unmodelled,
    }
}

fn rule_matches(rule: &Rule, caller: &Caller) -> bool {
    let Caller::Authenticated(p) = caller else {
        // Only `*` names anonymous callers (docs/semantics.md#callers).
        return *rule == Rule::Everyone;
    };
    match rule {
        Rule::Everyone => true,
        Rule::Account(account) => p.account == *account,
        Rule::Role(arn) => p.kind == PrincipalType::AssumedRole && p.arn == *arn,
        Rule::Exact(arn) => p.arn == *arn,
        Rule::Session(arn) => p.session_arn.as_deref() == Some(arn.as_str()),
        Rule::Unmodelled => false,
    }
}
