//! Compiled statements: does a statement apply to a request?

use crate::model::{Effect, Patterns, Statement};
use crate::span::Span;

use super::condition::{ClauseOutcome, CompiledCondition};
use super::context::Context;
use super::decisions as names;
use super::pattern::{ArnPattern, Case, Pattern};
use super::principal::{PrincipalMatch, PrincipalMatcher};
use super::request::{Request, CONNECT, INVOKE};

/// A `Resource` pattern: field by field when it starts with `arn:`, otherwise a
/// plain wildcard over the whole request ARN (decision `non-arn-resource-whole-match`).
#[derive(Clone, Debug)]
enum ResourcePattern {
    Arn(ArnPattern),
    Plain(Pattern),
}

impl ResourcePattern {
    fn matches(&self, resource: &str, ctx: &Context) -> bool {
        match self {
            ResourcePattern::Arn(p) => p.matches(resource, ctx),
            ResourcePattern::Plain(p) => p.matches(resource, ctx, Case::Sensitive),
        }
    }
}

/// `Action`/`NotAction` or `Resource`/`NotResource`, compiled.
#[derive(Clone, Debug)]
struct Items<P> {
    negated: bool,
    span: Span,
    items: Vec<(P, Span)>,
    /// True when the element matches every value: `Action`/`Resource` (not
    /// the `Not` form) with an item of `*` alone.
    everything: bool,
}

impl<P> Items<P> {
    /// Whether the element applies, and the first item that matched.
    fn find(&self, mut hit: impl FnMut(&P) -> bool) -> (bool, Option<Span>) {
        let found = self.items.iter().find(|(p, _)| hit(p)).map(|(_, s)| *s);
        (found.is_some() != self.negated, found)
    }

    fn compile(patterns: &Patterns, compile: impl Fn(&str) -> P) -> Items<P> {
        Items {
            negated: patterns.negated,
            span: patterns.span,
            items: patterns
                .items
                .iter()
                .map(|i| (compile(&i.value), i.span))
                .collect(),
            everything: !patterns.negated
                && patterns
                    .items
                    .iter()
                    .any(|i| !i.value.is_empty() && i.value.bytes().all(|b| b == b'*')),
        }
    }
}

/// A statement compiled for evaluation.
#[derive(Clone, Debug)]
pub struct CompiledStatement {
    /// Position among the policy's statements, from 0.
    pub index: usize,
    /// `Sid`, if any.
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: Effect,
    /// The statement's source.
    pub span: Span,
    /// The `Effect` value's source.
    pub effect_span: Span,
    /// True when `Resource` has a pattern that is not an ARN (`*/rates`),
    /// matched by decision `non-arn-resource-whole-match`.
    pub plain_resource: bool,
    /// True when `Resource` names a bare service ARN, which never covers
    /// `Invoke` (decision `bare-service-arn-connect-only`).
    pub bare_service_resource: bool,
    principal: PrincipalMatcher,
    actions: Items<Pattern>,
    /// Whether `Action`/`NotAction` lets the statement apply to
    /// `vpc-lattice-svcs:Invoke` and to `vpc-lattice-svcs:Connect`, the only
    /// actions a request has: action patterns hold no variables, so both
    /// answers are known once the statement is compiled.
    action_applies: (bool, bool),
    resources: Items<ResourcePattern>,
    condition: Option<CompiledCondition>,
}

/// One element or condition clause of a statement: the unit the analysis
/// ([`crate::analysis`]) evaluates on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    /// `Action`/`NotAction`: depends on the protocol only.
    Action,
    /// `Principal`/`NotPrincipal`: depends on the caller only.
    Principal,
    /// `Resource`/`NotResource`: the request's resource ARN, and the keys of
    /// any policy variables.
    Resource,
    /// Condition clause `(block, clause)`.
    Clause(usize, usize),
}

/// What a part reads from the request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartReads {
    /// The part.
    pub part: Part,
    /// Condition keys (normalized) it reads: the clause's key, and the keys of
    /// policy variables in its values or patterns.
    pub keys: Vec<String>,
}

/// How one element (principal, action or resource) fared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ElementOutcome {
    /// True when the element lets the statement apply.
    pub matched: bool,
    /// True for the `Not` form.
    pub negated: bool,
    /// The element's value in the source (empty for a missing principal element).
    pub span: Span,
    /// The item that matched the request, if one did.
    pub item: Option<Span>,
}

/// Why a statement did or did not apply to a request.
#[derive(Clone, Debug)]
pub struct StatementOutcome {
    /// Position among the policy's statements, from 0.
    pub index: usize,
    /// `Sid`, if any.
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: Effect,
    /// The statement's source.
    pub span: Span,
    /// The `Effect` value's source.
    pub effect_span: Span,
    /// True when every element and every condition clause holds.
    pub applies: bool,
    /// The principal element (`None` in identity policies).
    pub principal: Option<ElementOutcome>,
    /// The action element.
    pub action: ElementOutcome,
    /// The resource element.
    pub resource: ElementOutcome,
    /// The condition, if the statement has one: its result and every clause.
    pub condition: Option<(bool, Vec<ClauseOutcome>)>,
    /// Project decisions (docs/semantics.md#decisions) this outcome rests on.
    pub decisions: Vec<&'static str>,
}

const SERVICE_ARN_MARK: &str = ":service/svc-";

impl CompiledStatement {
    /// Compiles a statement; `variables` is true under `Version: 2012-10-17`.
    pub fn compile(statement: &Statement, variables: bool) -> CompiledStatement {
        let resources = Items::compile(&statement.resource, |text| {
            if crate::wildcard::is_arn_pattern(text) {
                ResourcePattern::Arn(ArnPattern::compile(text, variables))
            } else {
                ResourcePattern::Plain(Pattern::compile(text, true, variables))
            }
        });
        let plain_resource = statement
            .resource
            .items
            .iter()
            .any(|i| !crate::wildcard::is_arn_pattern(&i.value) && i.value != "*");
        let bare_service_resource = statement.resource.items.iter().any(|i| {
            i.value.find(SERVICE_ARN_MARK).is_some_and(|at| {
                !i.value
                    .get(at + SERVICE_ARN_MARK.len()..)
                    .unwrap_or("")
                    .contains('/')
            })
        });
        let actions = Items::compile(&statement.action, |text| {
            Pattern::compile(text, true, false)
        });
        let no_variables = Context::new();
        let action_applies = |action: &str| {
            actions
                .find(|p| p.matches(action, &no_variables, Case::Insensitive))
                .0
        };
        let action_applies = (action_applies(INVOKE), action_applies(CONNECT));
        CompiledStatement {
            index: statement.index,
            sid: statement.sid.as_ref().map(|s| s.value.clone()),
            effect: statement.effect.value,
            span: statement.span,
            effect_span: statement.effect.span,
            plain_resource,
            bare_service_resource,
            principal: PrincipalMatcher::compile(statement.principal.as_ref()),
            actions,
            action_applies,
            resources,
            condition: statement
                .condition
                .as_ref()
                .map(|c| CompiledCondition::compile(c, variables)),
        }
    }

    /// True when the statement applies to the request. Allocation-free.
    pub fn applies(&self, request: &Request) -> bool {
        let ctx = request.context();
        // Cheapest first: the action is known from the protocol alone
        // (`Request::action` is `Connect` for TLS and `Invoke` otherwise), and
        // the principal compares a few strings at most.
        let action_applies = if request.is_tls() {
            self.action_applies.1
        } else {
            self.action_applies.0
        };
        action_applies
            && self.principal.matches(request.caller())
            && (self.resources.everything
                || self
                    .resources
                    .find(|p| p.matches(request.resource(), ctx))
                    .0)
            && self.condition.as_ref().is_none_or(|c| c.matches(ctx))
    }

    /// The statement's parts and what each reads (see [`Part`]).
    pub fn parts(&self) -> Vec<PartReads> {
        let mut parts = vec![
            PartReads {
                part: Part::Action,
                keys: Vec::new(),
            },
            PartReads {
                part: Part::Principal,
                keys: Vec::new(),
            },
            PartReads {
                part: Part::Resource,
                keys: self
                    .resources
                    .items
                    .iter()
                    .flat_map(|(p, _)| match p {
                        ResourcePattern::Arn(p) => p.variable_keys().collect::<Vec<_>>(),
                        ResourcePattern::Plain(p) => p.variable_keys().collect(),
                    })
                    .map(str::to_owned)
                    .collect(),
            },
        ];
        if let Some(condition) = &self.condition {
            for ((b, c), key, mut variables) in condition.clause_reads() {
                variables.insert(0, key);
                parts.push(PartReads {
                    part: Part::Clause(b, c),
                    keys: variables,
                });
            }
        }
        parts
    }

    /// Whether one part holds for the request; the statement applies exactly
    /// when every part does.
    pub fn part_holds(&self, part: Part, request: &Request) -> bool {
        let ctx = request.context();
        match part {
            Part::Action => {
                if request.is_tls() {
                    self.action_applies.1
                } else {
                    self.action_applies.0
                }
            }
            Part::Principal => self.principal.matches(request.caller()),
            Part::Resource => {
                self.resources.everything
                    || self
                        .resources
                        .find(|p| p.matches(request.resource(), ctx))
                        .0
            }
            Part::Clause(b, c) => self
                .condition
                .as_ref()
                .is_some_and(|cond| cond.clause_holds(b, c, ctx)),
        }
    }

    /// Evaluates every element and clause, for an explanation.
    pub fn explain(&self, request: &Request) -> StatementOutcome {
        let ctx = request.context();
        let (action_ok, action_item) = self
            .actions
            .find(|p| p.matches(request.action(), ctx, Case::Insensitive));
        let (resource_ok, resource_item) =
            self.resources.find(|p| p.matches(request.resource(), ctx));
        let principal = match self.principal.explain(request.caller()) {
            (_, PrincipalMatch::NotApplicable) => None,
            (matched, found) => Some(ElementOutcome {
                matched,
                negated: self.principal.is_negated(),
                span: self.principal.span(),
                item: match found {
                    PrincipalMatch::Item(span) => Some(span),
                    _ => None,
                },
            }),
        };
        let condition = self.condition.as_ref().map(|c| c.explain(ctx));
        let applies = action_ok
            && resource_ok
            && principal.as_ref().is_none_or(|p| p.matched)
            && condition.as_ref().is_none_or(|(ok, _)| *ok);
        let mut decisions = Vec::new();
        if resource_item.is_some() && self.plain_resource {
            decisions.push(names::NON_ARN_RESOURCE_WHOLE_MATCH);
        }
        if !resource_ok && self.bare_service_resource && request.action().ends_with(":Invoke") {
            decisions.push(names::BARE_SERVICE_ARN_CONNECT_ONLY);
        }
        if let Some((_, clauses)) = &condition {
            decisions.extend(clauses.iter().filter_map(|c| c.reason.decision_ref()));
        }
        decisions.sort_unstable();
        decisions.dedup();
        StatementOutcome {
            index: self.index,
            sid: self.sid.clone(),
            effect: self.effect,
            span: self.span,
            effect_span: self.effect_span,
            applies,
            principal,
            action: ElementOutcome {
                matched: action_ok,
                negated: self.actions.negated,
                span: self.actions.span,
                item: action_item,
            },
            resource: ElementOutcome {
                matched: resource_ok,
                negated: self.resources.negated,
                span: self.resources.span,
                item: resource_item,
            },
            condition,
            decisions,
        }
    }
}
