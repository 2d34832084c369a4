//! The setups compiled and their request space split ([`Analysis::new`]),
//! the region each setup allows, and replaying a request through a setup's
//! evaluator.

use std::collections::BTreeSet;
use std::rc::Rc;

use super::answers::{Answer, Witness};
use super::budget::{charge, Budget, Entered, Meter};
use super::layers::{Layers, Setup, Setups};
use super::region::{intersect, subtract, Cube};
use super::space::{dim_of_key, Dim, Space};
use super::statement_cubes::{group_dims, Pass};
use crate::eval::named::named_targets;
use crate::eval::request::{RequestSpec, DEFAULT_SERVICE, DEFAULT_SERVICE_NETWORK};
use crate::eval::statement::{Part, PartReads};
use crate::eval::{
    AuthLayer, AuthType, Authorizer, CompiledPolicy, Decision, Protocol, Request, Timestamp,
};
use crate::model::{Effect, Policy};

/// Cubes the region operations may make before they give up.
pub(super) const REGION_BUDGET: usize = 200_000;

/// The protocols, in the order witnesses are preferred.
const PROTOCOLS: [Protocol; 4] = [
    Protocol::Https,
    Protocol::Http,
    Protocol::Grpc,
    Protocol::Tls,
];

/// The request fields a statement part reads: the fields of its keys, the
/// caller for `Principal`, the service and path for `Resource`.
pub(super) fn part_dims(part: &PartReads) -> Vec<Dim> {
    let mut dims: Vec<Dim> = part.keys.iter().filter_map(|k| dim_of_key(k)).collect();
    match part.part {
        Part::Principal => dims.push(Dim::Principal),
        Part::Resource => dims.push(Dim::Target),
        _ => {}
    }
    dims.sort();
    dims.dedup();
    dims
}

/// Setups compiled and split, ready for questions.
pub struct Analysis<'p> {
    pub(super) setups: Vec<Layers<'p>>,
    /// Compiled policies; `slots[setup][layer]` indexes them.
    pub(super) compiled: Vec<CompiledPolicy>,
    pub(super) sources: Vec<&'p Policy>,
    pub(super) slots: Vec<[Option<usize>; 2]>,
    pub(super) passes: Vec<Pass>,
    pub(super) inexact: BTreeSet<String>,
    pub(super) now: Timestamp,
    pub(super) named_accounts: BTreeSet<String>,
    pub(super) named_orgs: BTreeSet<String>,
    /// Condition values the policies write (see [`Space::mentioned`]).
    pub(super) mentioned: BTreeSet<String>,
    /// Network values that stand for networks no policy names (see
    /// [`Space::unnamed_networks`]).
    pub(super) unnamed_networks: BTreeSet<String>,
    /// The work done against the analysis's budget.
    pub(super) meter: Rc<Meter>,
}

impl<'p> Analysis<'p> {
    /// Prepares the analysis of `setups` (compared over one shared request
    /// space); `now` is the time of requests whose time
    /// no policy constrains.
    pub fn new(setups: Setups<'p>, now: Timestamp) -> Analysis<'p> {
        Analysis::with_budget(setups, now, Budget::DEFAULT)
    }

    /// [`Analysis::new`] within `budget`: past it, the analysis stops, and
    /// every question answers [`Answer::Unknown`] with the reason.
    pub fn with_budget(setups: Setups<'p>, now: Timestamp, budget: Budget) -> Analysis<'p> {
        Analysis::build(setups, now, Meter::new(budget))
    }

    /// An analysis that is not attempted, for `reason` (a policy over the
    /// size quota, which AWS refuses to store): every question answers
    /// [`Answer::Unknown`] with that reason.
    pub fn not_attempted(setups: Setups<'p>, now: Timestamp, reason: String) -> Analysis<'p> {
        Analysis::build(setups, now, Meter::stopped(reason))
    }

    fn build(setups: Setups<'p>, now: Timestamp, meter: Rc<Meter>) -> Analysis<'p> {
        let _entered = Meter::enter(&meter);
        meter.stage("compiling the policies");
        let setups = setups.layers;
        let mut compiled = Vec::new();
        let mut sources: Vec<&'p Policy> = Vec::new();
        let mut slots = Vec::new();
        for setup in &setups {
            let mut slot = [None, None];
            for (i, layer) in setup.layers().iter().enumerate() {
                if let Some((_, Some(policy))) = layer {
                    let at = match sources.iter().position(|p| std::ptr::eq(*p, *policy)) {
                        Some(at) => at,
                        None => {
                            sources.push(policy);
                            compiled.push(CompiledPolicy::compile(policy));
                            sources.len() - 1
                        }
                    };
                    if let Some(s) = slot.get_mut(i) {
                        *s = Some(at);
                    }
                }
            }
            slots.push(slot);
        }
        // Which dimensions each part reads; parts reading several tie them together.
        let mut reads: Vec<(usize, usize, Part, Vec<Dim>)> = Vec::new();
        for (p, policy) in compiled.iter().enumerate() {
            for (s, statement) in policy.statements().iter().enumerate() {
                for part in statement.parts() {
                    reads.push((p, s, part.part, part_dims(&part)));
                }
            }
        }
        if meter.exceeded().is_some() {
            // Not attempted: no field is split, no statement placed.
            reads.clear();
        }
        let groups = group_dims(&reads);
        let all_dims: BTreeSet<Dim> = groups.iter().flatten().cloned().collect();
        let mut inexact = BTreeSet::new();
        let mut named_accounts = BTreeSet::new();
        let mut named_orgs = BTreeSet::new();
        let mut mentioned = BTreeSet::new();
        let mut unnamed_networks = BTreeSet::new();
        let mut passes = Vec::new();
        meter.stage("splitting the request fields by the policies' values");
        let alone: BTreeSet<Dim> = groups
            .iter()
            .filter_map(|g| match g.as_slice() {
                [dim] => Some(dim.clone()),
                _ => None,
            })
            .collect();
        let spaces = Space::build_all(&sources, &all_dims, &alone, &PROTOCOLS, now);
        meter.stage("working out where each statement applies");
        let attempted = meter.exceeded().is_none();
        for space in spaces.into_iter().filter(|_| attempted) {
            inexact.extend(space.inexact.iter().cloned());
            named_accounts.extend(space.named_accounts.iter().cloned());
            named_orgs.extend(space.named_orgs.iter().cloned());
            mentioned.extend(space.mentioned.iter().cloned());
            unnamed_networks.extend(space.unnamed_networks.iter().cloned());
            passes.push(Pass::build(
                &space,
                &groups,
                &reads,
                &compiled,
                now,
                &mut inexact,
            ));
        }
        Analysis {
            setups,
            compiled,
            sources,
            slots,
            passes,
            inexact,
            now,
            named_accounts,
            named_orgs,
            mentioned,
            unnamed_networks,
            meter,
        }
    }

    /// Makes this analysis's meter the one its work counts against, for
    /// the span of one question; with the reason as the answer when the
    /// budget is already spent.
    pub(super) fn enter(&self, stage: &'static str) -> (Entered, Option<Answer>) {
        let entered = Meter::enter(&self.meter);
        self.meter.stage(stage);
        let spent = self.meter.exceeded().map(|r| Answer::Unknown(vec![r]));
        (entered, spent)
    }

    /// Why the analysis stopped short, when its budget ran out.
    pub fn budget_exceeded(&self) -> Option<String> {
        self.meter.exceeded()
    }

    /// The work the analysis has done so far against its budget: steps of
    /// work (see [`Budget::time`](super::Budget::time)) and bytes counted.
    /// The same from one run to the next, whatever the machine.
    pub fn work(&self) -> (u64, u64) {
        self.meter.work()
    }

    /// The analysis of one setup, and its handle.
    pub fn of(layers: Layers<'p>, now: Timestamp) -> (Analysis<'p>, Setup) {
        let mut setups = Setups::new();
        let setup = setups.add(layers);
        (Analysis::new(setups, now), setup)
    }

    /// The service policy of `setup`'s position among the compiled policies.
    pub(super) fn service_policy(&self, setup: Setup) -> Option<usize> {
        self.slots
            .get(setup.0)
            .and_then(|s| s.get(1).copied().flatten())
    }

    /// Why a "no request" answer could be wrong; empty when the analysis is exact.
    pub fn inexact(&self) -> Vec<String> {
        let mut reasons: Vec<String> = self.inexact.iter().cloned().collect();
        reasons.extend(self.text_unsure());
        reasons.extend(self.meter.exceeded());
        reasons
    }

    /// Why a text field split by its clauses may have been taken for
    /// empty where it is not: a search over its clauses reached its bound.
    /// Known only once asked, so every question looks again at its end.
    pub(super) fn text_unsure(&self) -> Option<String> {
        self.passes
            .iter()
            .flat_map(|p| &p.groups)
            .filter_map(|g| g.text.as_ref())
            .any(|f| f.unsure())
            .then(|| "a search over a field's clauses ran out of budget".to_owned())
    }

    /// Accounts the policies name anywhere a caller is named.
    pub fn named_accounts(&self) -> &BTreeSet<String> {
        &self.named_accounts
    }

    /// The policies the analysis read, in the order it compiled them.
    pub fn policies(&self) -> &[&'p Policy] {
        &self.sources
    }

    /// The allowed region of `setup` in `pass`, as cubes.
    pub(super) fn allowed(&self, pass: &Pass, setup: Setup, budget: &mut usize) -> Vec<Cube> {
        let (Some(layers), Some(slots)) = (self.setups.get(setup.0), self.slots.get(setup.0))
        else {
            return Vec::new();
        };
        // The requests of the pass (every point, unless callers have tags).
        let mut region = pass.valid.clone();
        let mut denies: Vec<Cube> = Vec::new();
        let mut any_active = false;
        for (layer, slot) in layers.layers().iter().zip(slots) {
            let Some((AuthType::AwsIam, _)) = layer else {
                continue;
            };
            any_active = true;
            let Some(policy) = slot else {
                return Vec::new(); // AWS_IAM without a policy denies everything.
            };
            let mut allows: Vec<&Cube> = Vec::new();
            for (s, statement) in self.statements(*policy).iter().enumerate() {
                let Some(cube) = pass.cube(*policy, s) else {
                    continue;
                };
                match statement.effect {
                    Effect::Allow => allows.push(cube),
                    Effect::Deny => denies.push(cube.clone()),
                }
            }
            let mut next = Vec::new();
            'product: for r in &region {
                for a in &allows {
                    if let Some(both) = intersect(r, a) {
                        if !charge(cube_bytes(&both)) {
                            *budget = 0;
                            break 'product;
                        }
                        next.push(both);
                    }
                }
            }
            region = next;
        }
        if !any_active {
            return region;
        }
        region
            .into_iter()
            .flat_map(|r| subtract(r, &denies, budget))
            .collect()
    }

    pub(super) fn statements(&self, policy: usize) -> &[crate::eval::CompiledStatement] {
        self.compiled
            .get(policy)
            .map_or(&[], CompiledPolicy::statements)
    }

    /// Runs `spec` through the evaluator for `setup`; the witness when the
    /// decision is `want`.
    pub(super) fn replay(
        &self,
        setup: Setup,
        spec: &RequestSpec,
        want: Decision,
    ) -> Option<Witness> {
        let authorizer = self.authorizer(setup)?;
        let request = Request::resolve(spec.clone(), self.now).ok()?;
        let mut query = request.describe();
        // The query leaves out the built-in service and network, and `policy
        // eval` reads a query without them as about the ones the service
        // policy names (decision `eval-defaults-from-policy`): name the
        // built-in ones when the policy names others, so that the command
        // replays this very request.
        if let Some(policy) = self.service_policy(setup).and_then(|i| self.sources.get(i)) {
            let named = named_targets(policy);
            let pairs = [
                (
                    "service",
                    request.service(),
                    DEFAULT_SERVICE,
                    &named.service,
                ),
                (
                    "network",
                    request.service_network(),
                    DEFAULT_SERVICE_NETWORK,
                    &named.network,
                ),
            ];
            for (clause, value, default, named) in pairs {
                if value == default && named.value().is_some_and(|n| n != default) {
                    query.push_str(&format!(" {clause} {default}"));
                }
            }
        }
        if spec.time.is_none() {
            // No policy reads the time: leave it out of the query.
            query = query.replace(&format!(" time {}", self.now), "");
        }
        (authorizer.decide(&request).decision == want).then(|| Witness {
            query,
            spec: spec.clone(),
        })
    }

    pub(super) fn authorizer(&self, setup: Setup) -> Option<Authorizer> {
        let layers = self.setups.get(setup.0)?;
        let slots = self.slots.get(setup.0)?;
        let layer = |i: usize| -> Option<AuthLayer> {
            let (auth_type, _) = layers.layers().get(i).copied().flatten()?;
            let policy = slots
                .get(i)
                .copied()
                .flatten()
                .and_then(|p| self.compiled.get(p).cloned());
            Some(AuthLayer { auth_type, policy })
        };
        Some(Authorizer {
            network: layer(0),
            service: layer(1)?,
            identity: None,
        })
    }
}

/// The bytes a cube takes, for the budget.
pub(super) fn cube_bytes(cube: &Cube) -> usize {
    cube.iter().map(super::region::Coord::bytes).sum::<usize>() + 24
}

/// A request described for an error message.
pub(super) fn describe(spec: &RequestSpec, now: Timestamp) -> String {
    Request::resolve(spec.clone(), now).map_or_else(|e| e.to_string(), |r| r.describe())
}
