//! Combining the layers: service network policy, service policy and the
//! caller's identity policies (docs/semantics.md#layers-and-auth-types).

use std::fmt;

use super::decisions as names;
use super::policy::{CompiledPolicy, PolicyResult};
use super::request::Request;
use super::statement::StatementOutcome;

/// A service network's or service's auth type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuthType {
    /// No auth policy applies: requests pass this layer unevaluated.
    None,
    /// The auth policy must allow the request; without a policy every request is denied.
    AwsIam,
}

impl AuthType {
    /// `NONE` or `AWS_IAM`.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthType::None => "NONE",
            AuthType::AwsIam => "AWS_IAM",
        }
    }
}

/// The three places a request's permission comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LayerName {
    /// The service network's auth policy.
    ServiceNetwork,
    /// The service's auth policy.
    Service,
    /// The caller's IAM identity policies.
    Identity,
}

impl LayerName {
    /// `service-network`, `service` or `identity`.
    pub fn as_str(self) -> &'static str {
        match self {
            LayerName::ServiceNetwork => "service-network",
            LayerName::Service => "service",
            LayerName::Identity => "identity",
        }
    }
}

impl fmt::Display for LayerName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LayerName::ServiceNetwork => "service network policy",
            LayerName::Service => "service policy",
            LayerName::Identity => "identity policies",
        })
    }
}

/// A service network or service: its auth type and auth policy.
#[derive(Clone, Debug)]
pub struct AuthLayer {
    /// `NONE` or `AWS_IAM`.
    pub auth_type: AuthType,
    /// The auth policy, if one is attached.
    pub policy: Option<CompiledPolicy>,
}

/// Everything that decides a request: the layers of one Lattice service.
#[derive(Clone, Debug)]
pub struct Authorizer {
    /// The service network, when the service is reached through one with a policy to consider.
    pub network: Option<AuthLayer>,
    /// The service.
    pub service: AuthLayer,
    /// The caller's identity policies; `None` means the identity layer is
    /// assumed to allow (decision `identity-layer-assumed`).
    pub identity: Option<Vec<CompiledPolicy>>,
}

/// Allow or deny: the evaluator's answer (distinct from a statement's `Effect`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Decision {
    /// The request passes.
    Allow,
    /// The request is refused.
    Deny,
}

impl Decision {
    /// `allow` or `deny`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allow => "allow",
            Decision::Deny => "deny",
        }
    }
}

/// Why (the `reason` of `policy eval --format json`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reason {
    /// Every applicable layer allowed.
    Allowed,
    /// A `Deny` statement applied.
    ExplicitDeny,
    /// A layer had no applicable `Allow` (or no policy under `AWS_IAM`).
    ImplicitDeny,
    /// Both auth types are `NONE`: no policy was evaluated (decision `auth-type-none-allows`).
    NoAuth,
}

impl Reason {
    /// `allowed`, `explicit-deny`, `implicit-deny` or `no-auth`.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Allowed => "allowed",
            Reason::ExplicitDeny => "explicit-deny",
            Reason::ImplicitDeny => "implicit-deny",
            Reason::NoAuth => "no-auth",
        }
    }
}

/// The decision, its reason and the layer that decided a denial.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Verdict {
    /// Allow or deny.
    pub decision: Decision,
    /// Why.
    pub reason: Reason,
    /// For a denial, the layer that denied.
    pub layer: Option<LayerName>,
}

impl Verdict {
    fn allow(reason: Reason) -> Verdict {
        Verdict {
            decision: Decision::Allow,
            reason,
            layer: None,
        }
    }

    fn deny(reason: Reason, layer: LayerName) -> Verdict {
        Verdict {
            decision: Decision::Deny,
            reason,
            layer: Some(layer),
        }
    }
}

/// How one layer fared.
#[derive(Clone, Debug)]
pub enum LayerState {
    /// Auth type `NONE`: the layer's policy (if any) is inactive.
    Inactive,
    /// Auth type `AWS_IAM` without a policy: denies everything.
    NoPolicy,
    /// No identity policies were given: assumed to allow (decision `identity-layer-assumed`).
    Assumed,
    /// Anonymous callers have no identity layer.
    Anonymous,
    /// The layer's policies were evaluated: the combined result, and each policy's statements.
    Evaluated {
        /// The layer's answer.
        result: PolicyResult,
        /// For each policy of the layer (one, or several identity policies), every statement's outcome.
        policies: Vec<(PolicyResult, Vec<StatementOutcome>)>,
    },
}

/// One layer's part in a decision.
#[derive(Clone, Debug)]
pub struct LayerOutcome {
    /// Which layer.
    pub layer: LayerName,
    /// Its auth type (identity layers report `AWS_IAM`).
    pub auth_type: AuthType,
    /// What it said.
    pub state: LayerState,
}

/// A decision with everything that explains it.
#[derive(Clone, Debug)]
pub struct Explanation {
    /// The answer.
    pub verdict: Verdict,
    /// Every layer, in evaluation order (service network, service, identity).
    pub layers: Vec<LayerOutcome>,
    /// Condition keys the evaluated policies test that the request did not supply.
    pub missing_keys: Vec<String>,
    /// Project decisions (docs/semantics.md#decisions) the answer rests on.
    pub decisions: Vec<&'static str>,
}

/// One layer's result, for both the fast and the explaining path.
fn combine(results: impl Iterator<Item = PolicyResult>) -> PolicyResult {
    let mut allowed = false;
    for result in results {
        match result {
            PolicyResult::ExplicitDeny => return PolicyResult::ExplicitDeny,
            PolicyResult::Allow => allowed = true,
            PolicyResult::ImplicitDeny => {}
        }
    }
    if allowed {
        PolicyResult::Allow
    } else {
        PolicyResult::ImplicitDeny
    }
}

/// The final answer from each applicable layer's result, in order
/// (docs/semantics.md#layers-and-auth-types):
/// an explicit deny anywhere wins, then every layer needs its own allow.
fn verdict(results: &[(LayerName, PolicyResult)]) -> Verdict {
    if let Some((layer, _)) = results
        .iter()
        .find(|(_, r)| *r == PolicyResult::ExplicitDeny)
    {
        return Verdict::deny(Reason::ExplicitDeny, *layer);
    }
    match results.iter().find(|(_, r)| *r != PolicyResult::Allow) {
        Some((layer, _)) => Verdict::deny(Reason::ImplicitDeny, *layer),
        None => Verdict::allow(Reason::Allowed),
    }
}

impl Authorizer {
    fn active_network(&self) -> Option<&AuthLayer> {
        self.network
            .as_ref()
            .filter(|l| l.auth_type == AuthType::AwsIam)
    }

    fn layer_result(layer: &AuthLayer, request: &Request) -> PolicyResult {
        layer
            .policy
            .as_ref()
            .map_or(PolicyResult::ImplicitDeny, |p| p.decide(request))
    }

    /// The answer, without explanation. Allocation-free.
    pub fn decide(&self, request: &Request) -> Verdict {
        let network = self.active_network();
        let service = Some(&self.service).filter(|l| l.auth_type == AuthType::AwsIam);
        if network.is_none() && service.is_none() {
            return Verdict::allow(Reason::NoAuth);
        }
        let mut results = [(LayerName::ServiceNetwork, PolicyResult::Allow); 3];
        let mut n = 0;
        for (name, layer) in [
            (LayerName::ServiceNetwork, network),
            (LayerName::Service, service),
        ] {
            if let (Some(layer), Some(slot)) = (layer, results.get_mut(n)) {
                *slot = (name, Self::layer_result(layer, request));
                n += 1;
            }
        }
        if let (false, Some(policies), Some(slot)) =
            (request.is_anonymous(), &self.identity, results.get_mut(n))
        {
            *slot = (
                LayerName::Identity,
                combine(policies.iter().map(|p| p.decide(request))),
            );
            n += 1;
        }
        verdict(results.get(..n).unwrap_or(&[]))
    }

    /// The answer with every layer's and statement's outcome.
    pub fn explain(&self, request: &Request) -> Explanation {
        let mut layers = Vec::new();
        let mut results = Vec::new();
        let mut missing_keys: Vec<String> = Vec::new();
        let mut decisions = Vec::new();
        let mut note_missing = |policy: &CompiledPolicy| {
            for key in policy.missing_keys(request) {
                if !missing_keys.iter().any(|k| k.eq_ignore_ascii_case(&key)) {
                    missing_keys.push(key);
                }
            }
        };
        let mut explain_layer =
            |name: LayerName, layer: &AuthLayer, results: &mut Vec<(LayerName, PolicyResult)>| {
                let state = match (layer.auth_type, &layer.policy) {
                    (AuthType::None, _) => LayerState::Inactive,
                    (AuthType::AwsIam, None) => {
                        results.push((name, PolicyResult::ImplicitDeny));
                        LayerState::NoPolicy
                    }
                    (AuthType::AwsIam, Some(policy)) => {
                        note_missing(policy);
                        let (result, statements) = policy.explain(request);
                        results.push((name, result));
                        LayerState::Evaluated {
                            result,
                            policies: vec![(result, statements)],
                        }
                    }
                };
                LayerOutcome {
                    layer: name,
                    auth_type: layer.auth_type,
                    state,
                }
            };
        if let Some(network) = &self.network {
            layers.push(explain_layer(
                LayerName::ServiceNetwork,
                network,
                &mut results,
            ));
            if network.auth_type == AuthType::AwsIam {
                decisions.push(names::NETWORK_LAYER_SAME_RESOURCE);
            }
        }
        layers.push(explain_layer(
            LayerName::Service,
            &self.service,
            &mut results,
        ));
        let verdict = if results.is_empty() {
            decisions.push(names::AUTH_TYPE_NONE_ALLOWS);
            Verdict::allow(Reason::NoAuth)
        } else {
            let state = if request.is_anonymous() {
                LayerState::Anonymous
            } else if let Some(policies) = &self.identity {
                let explained: Vec<(PolicyResult, Vec<StatementOutcome>)> = policies
                    .iter()
                    .map(|p| {
                        note_missing(p);
                        p.explain(request)
                    })
                    .collect();
                let result = combine(explained.iter().map(|(r, _)| *r));
                results.push((LayerName::Identity, result));
                LayerState::Evaluated {
                    result,
                    policies: explained,
                }
            } else {
                decisions.push(names::IDENTITY_LAYER_ASSUMED);
                LayerState::Assumed
            };
            layers.push(LayerOutcome {
                layer: LayerName::Identity,
                auth_type: AuthType::AwsIam,
                state,
            });
            verdict(&results)
        };
        if request.is_tls() {
            decisions.push(names::TLS_CONNECT_ONLY);
        }
        let mut explanation = Explanation {
            verdict,
            layers,
            missing_keys,
            decisions,
        };
        explanation.cite_deciding_decisions();
        explanation
    }
}

impl Explanation {
    /// Keeps only the citations the answer rests on: the identity assumption
    /// (decision `identity-layer-assumed`) and the network layer's resource
    /// (decision `network-layer-same-resource`) matter when that layer
    /// helped decide, and statement-level decisions count for the statements
    /// that decided (for an implicit deny, the denying layer's `Allow`s).
    fn cite_deciding_decisions(&mut self) {
        let v = self.verdict;
        let helped = |layer: LayerName| v.reason == Reason::Allowed || v.layer == Some(layer);
        self.decisions.retain(|d| match *d {
            names::IDENTITY_LAYER_ASSUMED => v.reason == Reason::Allowed,
            names::NETWORK_LAYER_SAME_RESOURCE => helped(LayerName::ServiceNetwork),
            _ => true,
        });
        let mut cited: Vec<&'static str> = Vec::new();
        if v.reason == Reason::ImplicitDeny {
            for layer in self.layers.iter().filter(|l| Some(l.layer) == v.layer) {
                if let LayerState::Evaluated { policies, .. } = &layer.state {
                    for (_, statements) in policies {
                        cited.extend(
                            statements
                                .iter()
                                .filter(|s| s.effect == crate::model::Effect::Allow)
                                .flat_map(|s| s.decisions.iter().copied()),
                        );
                    }
                }
            }
        } else {
            cited.extend(
                self.deciding_statements()
                    .iter()
                    .flat_map(|(_, _, s)| s.decisions.iter().copied()),
            );
        }
        self.decisions.extend(cited);
        self.decisions
            .sort_unstable_by_key(|d| d.get(1..).and_then(|n| n.parse::<u32>().ok()));
        self.decisions.dedup();
    }

    /// The statements that decided the answer: for an explicit deny, the
    /// applicable `Deny` statements of the denying layer; for an allow, the
    /// applicable `Allow` statements of every evaluated layer; none for an
    /// implicit deny or `no-auth`. Each is `(layer, policy index, statement)`.
    pub fn deciding_statements(&self) -> Vec<(LayerName, usize, &StatementOutcome)> {
        use crate::model::Effect;
        let wanted = match self.verdict.reason {
            Reason::ExplicitDeny => Effect::Deny,
            Reason::Allowed => Effect::Allow,
            Reason::ImplicitDeny | Reason::NoAuth => return Vec::new(),
        };
        let mut out = Vec::new();
        for layer in &self.layers {
            if self.verdict.reason == Reason::ExplicitDeny
                && Some(layer.layer) != self.verdict.layer
            {
                continue;
            }
            if let LayerState::Evaluated { policies, .. } = &layer.state {
                for (i, (_, statements)) in policies.iter().enumerate() {
                    out.extend(
                        statements
                            .iter()
                            .filter(|s| s.applies && s.effect == wanted)
                            .map(|s| (layer.layer, i, s)),
                    );
                }
            }
        }
        out
    }
}
