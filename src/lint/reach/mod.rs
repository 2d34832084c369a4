//! Who a statement can let in.
//!
//! The security rules reason about classes of callers rather than single
//! requests: every unsigned HTTP or gRPC request ([`Class::Anonymous`]),
//! every connection through a TLS passthrough listener ([`Class::Tls`]), every
//! signed request from an account, organization and VPC that the policy does
//! not name ([`Class::Foreign`]). For one class a statement, and each of its
//! condition clauses, is [`Truth::True`] for every such request,
//! [`Truth::False`] for none, or [`Truth::Unknown`] when the answer depends
//! on what the caller sends (a header, the path, the time).
//!
//! The clauses are evaluated by the evaluator itself, against a context that
//! holds what the class fixes (`aws:PrincipalType` is `Anonymous`, there is
//! no `aws:PrincipalOrgID`, …); a clause on a key the class leaves open is
//! `Unknown`. A foreign caller is several variants (each principal type, in an
//! organization or not), and a class gets in when one variant does.
//!
//! The analysis answers "can some caller of the class get in?": `Unknown`
//! counts as yes for an `Allow`, and only a `Deny` that is `True` for the whole
//! class (its `Resource` is `*`) counts as shutting the class out.

use std::cell::OnceCell;

use crate::catalog::condition_key;
use crate::eval::principal::PrincipalMatcher;
use crate::eval::request::keys;
use crate::eval::CompiledCondition;
use crate::model::{
    BaseOperator, Clause, Condition, ConditionBlock, Effect, Operator, Policy, Statement,
};

use super::lattice::{self, CONNECT, INVOKE};

mod classes;

use super::lattice::{key_kind, KeyKind};
use classes::{mentioned, variants};
pub use classes::{Class, KeyState, Variant};

/// A three-valued answer: `False < Unknown < True`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Truth {
    /// For no caller of the class.
    False,
    /// For some callers of the class, depending on what they send.
    Unknown,
    /// For every caller of the class.
    True,
}

impl Truth {
    fn from_bool(b: bool) -> Truth {
        if b {
            Truth::True
        } else {
            Truth::False
        }
    }
}

/// What a statement does for one variant.
#[derive(Clone, Debug)]
pub struct StatementReach {
    /// Whether `Principal`/`NotPrincipal` names the caller.
    pub principal: Truth,
    /// Each condition clause, in source order (blocks, then keys).
    pub clauses: Vec<Truth>,
}

/// The statements of a policy, ready to be asked who they let in.
pub struct Reach<'p> {
    policy: &'p Policy,
    variables: bool,
    /// Each statement, prepared when first asked about.
    statements: Vec<OnceCell<Prepared>>,
    variants: Vec<Variant>,
    /// For each variant: whether a `Deny` applies to all its requests.
    denied: Vec<bool>,
}

/// A statement, with everything that does not depend on the variant worked out once.
struct Prepared {
    principal: PrincipalMatcher,
    /// Whether the action element covers `Invoke`, `Connect`.
    covers: [bool; 2],
    /// Whether the resource element can name the resource of `Invoke`, `Connect`.
    resource: [Truth; 2],
    clauses: Vec<PreparedClause>,
}

/// One condition clause, compiled on its own so that it evaluates without allocating.
struct PreparedClause {
    compiled: CompiledCondition,
    op: Operator,
    kind: KeyKind,
    /// A multi-valued key.
    multi: bool,
    /// The kinds of the keys its values use as policy variables.
    variables: Vec<KeyKind>,
    /// See [`caller_can_match`].
    caller_can_match: bool,
}

impl<'p> Reach<'p> {
    /// Prepares `policy` (the foreign caller's account id, names and VPC are
    /// picked so that the policy does not mention them).
    pub fn new(policy: &'p Policy) -> Reach<'p> {
        let mut reach = Reach {
            policy,
            variables: policy.variables_enabled(),
            statements: policy.statements.iter().map(|_| OnceCell::new()).collect(),
            variants: variants(&mentioned(policy)),
            denied: Vec::new(),
        };
        reach.denied = reach
            .variants
            .iter()
            .map(|variant| {
                policy
                    .statements
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.effect.value == Effect::Deny)
                    .any(|(at, _)| reach.truth(at, variant) == Truth::True)
            })
            .collect();
        reach
    }

    /// The variants of `class`.
    pub fn variants(&self, class: Class) -> impl Iterator<Item = &Variant> {
        self.variants.iter().filter(move |v| v.class == class)
    }

    /// What the statement at position `at` (in `policy.statements`) does for `variant`.
    pub fn evaluate(&self, at: usize, variant: &Variant) -> Option<StatementReach> {
        let prepared = self.prepared(at)?;
        let principal = Truth::from_bool(prepared.principal.matches(&variant.caller));
        let clauses = prepared.clauses.iter().map(|c| c.truth(variant)).collect();
        Some(StatementReach { principal, clauses })
    }

    /// The statement's truth for `variant` (all of its elements and clauses),
    /// without allocating and stopping at the first `False`.
    fn truth(&self, at: usize, variant: &Variant) -> Truth {
        let Some(prepared) = self.prepared(at) else {
            return Truth::False;
        };
        let mut truth = prepared.head(variant);
        for clause in &prepared.clauses {
            if truth == Truth::False {
                break;
            }
            truth = truth.min(clause.truth(variant));
        }
        truth
    }

    fn prepared(&self, at: usize) -> Option<&Prepared> {
        let statement = self.policy.statements.get(at)?;
        Some(
            self.statements
                .get(at)?
                .get_or_init(|| prepare(statement, self.variables)),
        )
    }

    /// For the `Allow` statement at `at`: the first variant of `class` that it
    /// may let in, with what it does for that variant, when no `Deny` shuts
    /// the variant out.
    pub fn admits(&self, at: usize, class: Class) -> Option<(&Variant, StatementReach)> {
        self.admits_where(at, class, |_| true)
    }

    /// Like [`Reach::admits`], among the variants for which `filter` holds.
    pub fn admits_where(
        &self,
        at: usize,
        class: Class,
        filter: impl Fn(&Variant) -> bool,
    ) -> Option<(&Variant, StatementReach)> {
        let statement = self.policy.statements.get(at)?;
        if statement.effect.value != Effect::Allow {
            return None;
        }
        self.variants
            .iter()
            .zip(&self.denied)
            .filter(|(v, denied)| v.class == class && !**denied && filter(v))
            .find(|(variant, _)| self.truth(at, variant) != Truth::False)
            .and_then(|(variant, _)| Some((variant, self.evaluate(at, variant)?)))
    }
}

impl Prepared {
    /// The principal, action and resource elements' truth for `variant`.
    fn head(&self, variant: &Variant) -> Truth {
        let action = usize::from(variant.class == Class::Tls);
        let principal = Truth::from_bool(self.principal.matches(&variant.caller));
        let covers = Truth::from_bool(self.covers.get(action).copied().unwrap_or(false));
        let resource = self.resource.get(action).copied().unwrap_or(Truth::False);
        principal.min(covers).min(resource)
    }
}

fn prepare(statement: &Statement, variables: bool) -> Prepared {
    let actions = [INVOKE, CONNECT];
    let clauses = statement
        .condition
        .iter()
        .flat_map(|c| c.blocks.iter().map(move |b| (c, b)))
        .flat_map(|(c, b)| b.clauses.iter().map(move |clause| (c, b, clause)))
        .map(|(condition, block, clause)| {
            let single = Condition {
                key_span: condition.key_span,
                span: condition.span,
                blocks: vec![ConditionBlock {
                    operator: block.operator.clone(),
                    span: block.span,
                    clauses: vec![clause.clone()],
                }],
            };
            let op = block.operator.value;
            PreparedClause {
                compiled: CompiledCondition::compile(&single, variables),
                op,
                kind: key_kind(&clause.key.value),
                multi: condition_key(&clause.key.value).is_some_and(|k| k.multi),
                variables: if variables {
                    clause
                        .values
                        .iter()
                        .flat_map(|v| lattice::variable_keys(&v.text))
                        .map(key_kind)
                        .collect()
                } else {
                    Vec::new()
                },
                caller_can_match: caller_can_match(op, clause),
            }
        })
        .collect();
    Prepared {
        principal: PrincipalMatcher::compile(statement.principal.as_ref()),
        covers: actions.map(|a| lattice::covers(&statement.action, a)),
        resource: actions.map(|a| resource_truth(statement, a)),
        clauses,
    }
}

fn resource_truth(statement: &Statement, action: &str) -> Truth {
    let resource = &statement.resource;
    if resource.negated {
        return Truth::Unknown;
    }
    resource
        .items
        .iter()
        .map(|i| {
            if i.value.chars().all(|c| c == '*') {
                Truth::True
            } else if lattice::resource_excludes(&i.value, action) {
                Truth::False
            } else {
                Truth::Unknown
            }
        })
        .max()
        .unwrap_or(Truth::False)
}

impl PreparedClause {
    /// The clause's truth for a variant.
    fn truth(&self, variant: &Variant) -> Truth {
        let op = self.op;
        let evaluated = || Truth::from_bool(self.compiled.matches(&variant.context));
        match variant.state(self.kind) {
            // A value that uses a policy variable the variant does not fix
            // depends on the request (for a missing key, values do not matter).
            KeyState::Known
                if self
                    .variables
                    .iter()
                    .any(|k| variant.state(*k) != KeyState::Known) =>
            {
                Truth::Unknown
            }
            KeyState::Known if variant.class == Class::Foreign && self.caller_can_match => {
                Truth::Unknown
            }
            KeyState::Known | KeyState::Absent => evaluated(),
            KeyState::Present if op.base == BaseOperator::Null => evaluated(),
            KeyState::Present | KeyState::Open => {
                if self.multi
                    && op.qualifier.is_none()
                    && op.base != BaseOperator::Null
                    && !op.base.is_negated()
                    && !op.if_exists
                {
                    // decision `unqualified-multivalued-false`: an unqualified
                    // operator is false on a multi-valued
                    // key, and a positive one is false on a missing key too.
                    Truth::False
                } else {
                    Truth::Unknown
                }
            }
        }
    }
}

/// For a foreign caller: true when a positive wildcard clause on an identity
/// key leaves the part that names the account open, so that some account's
/// principal can be named to match (`arn:aws:iam::*:role/admin`).
fn caller_can_match(op: Operator, clause: &Clause) -> bool {
    let wildcards = matches!(
        op.base,
        BaseOperator::StringLike | BaseOperator::ArnLike | BaseOperator::ArnEquals
    );
    if !wildcards {
        return false;
    }
    let key = clause.key.value.as_str();
    let fixed = |text: &str| -> usize {
        if key.eq_ignore_ascii_case(keys::PRINCIPAL_ARN) {
            // Up to the account field: `arn:aws:iam::111122223333:`.
            text.match_indices(':')
                .nth(4)
                .map_or(text.len(), |(i, _)| i)
        } else if key.eq_ignore_ascii_case(keys::PRINCIPAL_ORG_PATHS) {
            text.find('/').unwrap_or(text.len())
        } else if key.eq_ignore_ascii_case(keys::USERID) {
            text.find(':').unwrap_or(text.len())
        } else {
            text.len()
        }
    };
    clause.values.iter().any(|v| {
        let text = v.text.as_str();
        text.find(['*', '?']).is_some_and(|w| w < fixed(text))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load_str, LoadOptions};

    fn admits(text: &str, class: Class) -> bool {
        let loaded = load_str("t.json", text, LoadOptions::default());
        let policy = loaded.policy.unwrap();
        let reach = Reach::new(&policy);
        (0..policy.statements.len()).any(|at| reach.admits(at, class).is_some())
    }

    fn stmt(principal: &str, action: &str, condition: &str) -> String {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{principal},"Action":"{action}","Resource":"*"{condition}}}]}}"#
        )
    }

    #[test]
    fn anonymous_callers() {
        let open = stmt(r#""*""#, "vpc-lattice-svcs:Invoke", "");
        assert!(admits(&open, Class::Anonymous));
        assert!(admits(&open, Class::Foreign));
        assert!(!admits(&open, Class::Tls));
        let signed = stmt(
            r#""*""#,
            "*",
            r#","Condition":{"StringNotEqualsIgnoreCase":{"aws:PrincipalType":"anonymous"}}"#,
        );
        assert!(!admits(&signed, Class::Anonymous));
        assert!(!admits(&signed, Class::Tls));
        assert!(admits(&signed, Class::Foreign));
        let wrong_case = stmt(
            r#""*""#,
            "*",
            r#","Condition":{"StringNotEquals":{"aws:PrincipalType":"anonymous"}}"#,
        );
        assert!(admits(&wrong_case, Class::Anonymous));
        let vpc = stmt(
            r#""*""#,
            "*",
            r#","Condition":{"StringEquals":{"vpc-lattice-svcs:SourceVpc":"vpc-1"}}"#,
        );
        assert!(admits(&vpc, Class::Anonymous));
        assert!(admits(&vpc, Class::Tls));
        assert!(!admits(&vpc, Class::Foreign));
        let account = stmt(r#"{"AWS":"111122223333"}"#, "*", "");
        assert!(!admits(&account, Class::Anonymous));
        assert!(!admits(&account, Class::Foreign));
    }

    #[test]
    fn identity_keys() {
        let org = stmt(
            r#""*""#,
            "vpc-lattice-svcs:Invoke",
            r#","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}"#,
        );
        assert!(!admits(&org, Class::Anonymous));
        assert!(!admits(&org, Class::Foreign));
        let if_exists = stmt(
            r#""*""#,
            "vpc-lattice-svcs:Invoke",
            r#","Condition":{"StringEqualsIfExists":{"aws:PrincipalOrgID":"o-1"}}"#,
        );
        assert!(admits(&if_exists, Class::Anonymous));
        assert!(admits(&if_exists, Class::Foreign));
        let arn_any_account = stmt(
            r#""*""#,
            "vpc-lattice-svcs:Invoke",
            r#","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/admin"}}"#,
        );
        assert!(!admits(&arn_any_account, Class::Anonymous));
        assert!(admits(&arn_any_account, Class::Foreign));
        let arn_one_account = stmt(
            r#""*""#,
            "vpc-lattice-svcs:Invoke",
            r#","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/*"}}"#,
        );
        assert!(!admits(&arn_one_account, Class::Foreign));
        let tags = stmt(
            r#""*""#,
            "vpc-lattice-svcs:Invoke",
            r#","Condition":{"StringEquals":{"aws:PrincipalTag/team":"a"}}"#,
        );
        assert!(!admits(&tags, Class::Anonymous));
        assert!(admits(&tags, Class::Foreign));
        let query = stmt(
            r#""*""#,
            "vpc-lattice-svcs:Invoke",
            r#","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestQueryString/q":"a"}}"#,
        );
        assert!(
            !admits(&query, Class::Anonymous),
            "unqualified-multivalued-false"
        );
    }

    #[test]
    fn a_deny_for_the_whole_class_shuts_it_out() {
        let text = r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},
            {"Effect":"Deny","Principal":"*","Action":"*","Resource":"*",
             "Condition":{"StringEquals":{"aws:PrincipalType":"Anonymous"}}}]}"#;
        assert!(!admits(text, Class::Anonymous));
        assert!(!admits(text, Class::Tls));
        assert!(admits(text, Class::Foreign));
        let partial = r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},
            {"Effect":"Deny","Principal":"*","Action":"*","Resource":"*",
             "Condition":{"StringEquals":{"aws:PrincipalType":"Anonymous"},
                          "StringNotEquals":{"vpc-lattice-svcs:RequestMethod":"GET"}}}]}"#;
        assert!(admits(partial, Class::Anonymous));
    }
}
