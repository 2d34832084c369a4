//! Compiled policies: one policy's answer for a request.

use crate::model::{Effect, Policy};

use super::request::Request;
use super::statement::{CompiledStatement, StatementOutcome};

/// What one policy says about a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PolicyResult {
    /// A `Deny` statement applies.
    ExplicitDeny,
    /// No `Deny` applies and an `Allow` does.
    Allow,
    /// No statement applies.
    ImplicitDeny,
}

impl PolicyResult {
    /// `explicit-deny`, `allow` or `implicit-deny`.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyResult::ExplicitDeny => "explicit-deny",
            PolicyResult::Allow => "allow",
            PolicyResult::ImplicitDeny => "implicit-deny",
        }
    }
}

/// A policy compiled for evaluation.
#[derive(Clone, Debug)]
pub struct CompiledPolicy {
    statements: Vec<CompiledStatement>,
    /// Condition keys the policy tests, as written (first spelling of each), with their normalized form.
    keys: Vec<(String, String)>,
}

impl CompiledPolicy {
    /// Compiles a policy. Policy variables are substituted only under `2012-10-17`.
    pub fn compile(policy: &Policy) -> CompiledPolicy {
        let variables = policy.variables_enabled();
        let mut keys: Vec<(String, String)> = Vec::new();
        for c in policy.clauses() {
            let normalized = super::context::normalize_key(&c.clause.key.value).into_owned();
            if !keys.iter().any(|(_, n)| *n == normalized) {
                keys.push((c.clause.key.value.clone(), normalized));
            }
        }
        CompiledPolicy {
            statements: policy
                .statements
                .iter()
                .map(|s| CompiledStatement::compile(s, variables))
                .collect(),
            keys,
        }
    }

    /// The compiled statements, in source order.
    pub fn statements(&self) -> &[CompiledStatement] {
        &self.statements
    }

    /// The policy's answer. Allocation-free; stops at the first applicable `Deny`.
    pub fn decide(&self, request: &Request) -> PolicyResult {
        let mut allowed = false;
        for statement in &self.statements {
            if (statement.effect == Effect::Deny || !allowed) && statement.applies(request) {
                match statement.effect {
                    Effect::Deny => return PolicyResult::ExplicitDeny,
                    Effect::Allow => allowed = true,
                }
            }
        }
        if allowed {
            PolicyResult::Allow
        } else {
            PolicyResult::ImplicitDeny
        }
    }

    /// The answer with every statement's outcome.
    pub fn explain(&self, request: &Request) -> (PolicyResult, Vec<StatementOutcome>) {
        let outcomes: Vec<StatementOutcome> =
            self.statements.iter().map(|s| s.explain(request)).collect();
        let applies = |effect| outcomes.iter().any(|o| o.applies && o.effect == effect);
        let result = if applies(Effect::Deny) {
            PolicyResult::ExplicitDeny
        } else if applies(Effect::Allow) {
            PolicyResult::Allow
        } else {
            PolicyResult::ImplicitDeny
        };
        (result, outcomes)
    }

    /// Condition keys the policy tests that the request's context lacks, as written in the policy.
    pub fn missing_keys(&self, request: &Request) -> Vec<String> {
        self.keys
            .iter()
            .filter(|(_, normalized)| request.context().get_normalized(normalized).is_none())
            .map(|(written, _)| written.clone())
            .collect()
    }
}
