//! The analysis engine: statements as cubes over the request space, layers
//! combined, questions answered with replayed witnesses.

use std::collections::BTreeSet;

use super::region::{intersect, is_subset, subtract, BitSet, Cube};
use super::space::{dim_of_key, Dim, Fragment, Space};
use crate::eval::request::{PrincipalDetails, RequestSpec};
use crate::eval::statement::Part;
use crate::eval::Timestamp;
use crate::eval::{AuthLayer, AuthType, Authorizer, CompiledPolicy, Decision, Protocol, Request};
use crate::model::{Effect, Policy};

/// The layers of one Lattice service, as the analysis takes them. The
/// identity layer is assumed to allow (decision `identity-layer-assumed`).
#[derive(Clone, Copy, Debug)]
pub struct Layers<'p> {
    /// The service network's auth type and policy, when there is one to consider.
    pub network: Option<(AuthType, Option<&'p Policy>)>,
    /// The service's auth type and policy.
    pub service: (AuthType, Option<&'p Policy>),
}

impl<'p> Layers<'p> {
    /// One service policy under `AWS_IAM`, with no service network policy.
    pub fn service(policy: &'p Policy) -> Layers<'p> {
        Layers {
            network: None,
            service: (AuthType::AwsIam, Some(policy)),
        }
    }

    fn layers(&self) -> [Option<(AuthType, Option<&'p Policy>)>; 2] {
        [self.network, Some(self.service)]
    }
}

/// A request that shows an answer, replayed through the evaluator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Witness {
    /// The request, as a what-if query `policy eval` takes.
    pub query: String,
    /// The request, as a request spec.
    pub spec: RequestSpec,
}

/// The answer to "is there a request such that …?".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Yes: this request.
    Found(Box<Witness>),
    /// No request: exact.
    NoRequest,
    /// The analysis cannot say "no" exactly, for these reasons.
    Unknown(Vec<String>),
}

/// What can become of a statement, over every request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatementFate {
    /// It applies to some request and decides some request.
    Live,
    /// It applies to no request: its elements and conditions never hold together.
    NeverApplies,
    /// An `Allow` that applies only to requests a `Deny` of the same policy denies.
    Overridden,
    /// Every request it applies to, statement `0` (an index) of the same
    /// effect also applies to.
    RedundantWith(usize),
}

/// A class of requests whose decision differs between two setups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The request fields that the class restricts, each with the values it
    /// holds (a field it does not restrict is left out).
    pub fields: Vec<(String, Vec<String>)>,
    /// One request of the class, replayed through both setups.
    pub witness: Witness,
}

/// The requests whose decision changes from an old setup to a new one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diff {
    /// Allowed by the new setup, denied by the old.
    pub gained: Vec<Change>,
    /// Allowed by the old setup, denied by the new.
    pub lost: Vec<Change>,
    /// Why "no change" may not be exact (empty when it is).
    pub inexact: Vec<String>,
}

/// Cubes the region operations may make before they give up.
const REGION_BUDGET: usize = 200_000;

/// The protocols, in the order witnesses are preferred.
const PROTOCOLS: [Protocol; 4] = [
    Protocol::Https,
    Protocol::Http,
    Protocol::Grpc,
    Protocol::Tls,
];

/// One field group: dimensions read together, and their combined values.
struct Group {
    dims: Vec<Dim>,
    candidates: Vec<Vec<Fragment>>,
}

/// The analysis of one protocol's requests.
struct Pass {
    protocol: Protocol,
    base: RequestSpec,
    groups: Vec<Group>,
    /// For each compiled policy, each statement's cube (`None`: applies to nothing).
    cubes: Vec<Vec<Option<Cube>>>,
}

/// Setups compiled and split, ready for questions.
pub struct Analysis<'p> {
    setups: Vec<Layers<'p>>,
    /// Compiled policies; `slots[setup][layer]` indexes them.
    compiled: Vec<CompiledPolicy>,
    sources: Vec<&'p Policy>,
    slots: Vec<[Option<usize>; 2]>,
    passes: Vec<Pass>,
    inexact: BTreeSet<String>,
    now: Timestamp,
    named_accounts: BTreeSet<String>,
    named_orgs: BTreeSet<String>,
    /// Condition values the policies write (see [`Space::mentioned`]).
    mentioned: BTreeSet<String>,
}

impl<'p> Analysis<'p> {
    /// Prepares the analysis of `setups` (compared over one shared request
    /// space); `now` is the time of requests whose time
    /// no policy constrains.
    pub fn new(setups: &[Layers<'p>], now: Timestamp) -> Analysis<'p> {
        let mut compiled = Vec::new();
        let mut sources: Vec<&'p Policy> = Vec::new();
        let mut slots = Vec::new();
        for setup in setups {
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
                    let mut dims: Vec<Dim> =
                        part.keys.iter().filter_map(|k| dim_of_key(k)).collect();
                    match part.part {
                        Part::Principal => dims.push(Dim::Principal),
                        Part::Resource => dims.push(Dim::Target),
                        _ => {}
                    }
                    dims.sort();
                    dims.dedup();
                    reads.push((p, s, part.part, dims));
                }
            }
        }
        let groups = group_dims(&reads);
        let all_dims: BTreeSet<Dim> = groups.iter().flatten().cloned().collect();
        let mut inexact = BTreeSet::new();
        let mut named_accounts = BTreeSet::new();
        let mut named_orgs = BTreeSet::new();
        let mut mentioned = BTreeSet::new();
        let mut passes = Vec::new();
        for space in Space::build_all(&sources, &all_dims, &PROTOCOLS, now) {
            inexact.extend(space.inexact.iter().cloned());
            named_accounts.extend(space.named_accounts.iter().cloned());
            named_orgs.extend(space.named_orgs.iter().cloned());
            mentioned.extend(space.mentioned.iter().cloned());
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
            setups: setups.to_vec(),
            compiled,
            sources,
            slots,
            passes,
            inexact,
            now,
            named_accounts,
            named_orgs,
            mentioned,
        }
    }

    /// Why a "no request" answer could be wrong; empty when the analysis is exact.
    pub fn inexact(&self) -> Vec<String> {
        self.inexact.iter().cloned().collect()
    }

    /// Accounts the policies name anywhere a caller is named.
    pub fn named_accounts(&self) -> &BTreeSet<String> {
        &self.named_accounts
    }

    /// Is some request from an anonymous caller allowed by setup `setup`?
    pub fn anonymous_allowed(&self, setup: usize) -> Answer {
        self.allowed_where(setup, None, &|f: &Fragment| f.is_anonymous())
    }

    /// Is some request from an anonymous caller allowed by setup `setup` and
    /// applied to by statement `statement` of its service policy?
    pub fn anonymous_allowed_via(&self, setup: usize, statement: usize) -> Answer {
        self.allowed_where(setup, Some(statement), &|f: &Fragment| f.is_anonymous())
    }

    /// Is some request allowed from a signed caller whose account no policy
    /// names, in no organization a policy names?
    pub fn foreign_allowed(&self, setup: usize) -> Answer {
        self.allowed_where(setup, None, &|f: &Fragment| self.is_foreign(f))
    }

    /// [`Analysis::foreign_allowed`], through statement `statement` of the service policy.
    pub fn foreign_allowed_via(&self, setup: usize, statement: usize) -> Answer {
        self.allowed_where(setup, Some(statement), &|f: &Fragment| self.is_foreign(f))
    }

    /// Is some request allowed, through statement `statement` of the service
    /// policy, from a signed caller that is neither in `accounts` nor in an
    /// organization of `orgs`?
    pub fn outsider_allowed_via(
        &self,
        setup: usize,
        statement: usize,
        accounts: &[String],
        orgs: &[String],
    ) -> Answer {
        self.allowed_where(setup, Some(statement), &|f: &Fragment| match f {
            Fragment::Principal(Some(d)) => {
                let account = d.arn.as_deref().map(account_of_arn).unwrap_or_default();
                !accounts.iter().any(|a| a == account)
                    && d.org_id.as_ref().is_none_or(|o| !orgs.contains(o))
            }
            _ => false,
        })
    }

    fn is_foreign(&self, f: &Fragment) -> bool {
        match f {
            Fragment::Principal(Some(d)) => {
                let account = d.arn.as_deref().map(account_of_arn).unwrap_or_default();
                !self.named_accounts.contains(account)
                    && d.org_id
                        .as_ref()
                        .is_none_or(|o| !self.named_orgs.contains(o))
            }
            _ => false,
        }
    }

    /// Is some request allowed by setup `setup` among those `matches` accepts
    /// (checked on every field value of a candidate request)?
    pub fn allowed_matching(&self, setup: usize, matches: &dyn Fn(&RequestSpec) -> bool) -> Answer {
        self.search(setup, None, &|_, _| true, Some(matches))
    }

    fn allowed_where(
        &self,
        setup: usize,
        via: Option<usize>,
        principal: &dyn Fn(&Fragment) -> bool,
    ) -> Answer {
        self.search(
            setup,
            via,
            &|dims: &[Dim], candidate: &[Fragment]| {
                dims.iter()
                    .zip(candidate)
                    .all(|(d, f)| *d != Dim::Principal || principal(f))
            },
            None,
        )
    }

    /// The first allowed request whose group values all pass `keep`, and whose
    /// whole spec passes `spec_filter`.
    fn search(
        &self,
        setup: usize,
        via: Option<usize>,
        keep: &dyn Fn(&[Dim], &[Fragment]) -> bool,
        spec_filter: Option<&dyn Fn(&RequestSpec) -> bool>,
    ) -> Answer {
        let mut inexact = self.inexact.clone();
        let service = self
            .slots
            .get(setup)
            .and_then(|s| s.get(1).copied().flatten());
        for pass in &self.passes {
            let through = match (via, service) {
                (None, _) => None,
                (Some(s), Some(p)) => match pass.cube(p, s) {
                    Some(cube) => Some(cube),
                    None => continue,
                },
                (Some(_), None) => continue,
            };
            let query: Cube = pass
                .groups
                .iter()
                .map(|g| {
                    let mut set = BitSet::empty(g.candidates.len());
                    for (i, c) in g.candidates.iter().enumerate() {
                        if keep(&g.dims, c) {
                            set.insert(i);
                        }
                    }
                    set
                })
                .collect();
            let mut budget = REGION_BUDGET;
            for cube in self.allowed(pass, setup, &mut budget) {
                let Some(mut cube) = intersect(&cube, &query) else {
                    continue;
                };
                if let Some(through) = through {
                    match intersect(&cube, through) {
                        Some(narrower) => cube = narrower,
                        None => continue,
                    }
                }
                let found = match spec_filter {
                    None => Some(pass.spec_at(&cube, &pass.first_point(&cube))),
                    Some(filter) => pass.find_point(&cube, filter),
                };
                if let Some(spec) = found {
                    return match self.replay(setup, &spec, Decision::Allow) {
                        Some(witness) => Answer::Found(Box::new(witness)),
                        None => Answer::Unknown(vec![format!(
                            "internal: a witness did not replay ({})",
                            describe(&spec, self.now)
                        )]),
                    };
                }
            }
            if budget == 0 {
                inexact.insert("the policy has too many overlapping statements".to_owned());
            }
        }
        if inexact.is_empty() {
            Answer::NoRequest
        } else {
            Answer::Unknown(inexact.into_iter().collect())
        }
    }

    /// Is some request allowed by both setups `a` and `b`? (With `b` an
    /// [`Invariant`](super::Invariant)'s policy: does `a` allow a request the
    /// invariant forbids?) The witness replays as allowed under both.
    pub fn allowed_by_both(&self, a: usize, b: usize) -> Answer {
        let mut budget = REGION_BUDGET;
        for pass in &self.passes {
            let second = self.allowed(pass, b, &mut budget);
            for x in self.allowed(pass, a, &mut budget) {
                for y in &second {
                    let Some(both) = intersect(&x, y) else {
                        continue;
                    };
                    let spec = pass.spec_at(&both, &pass.first_point(&both));
                    let replayed = self
                        .replay(a, &spec, Decision::Allow)
                        .filter(|_| self.replay(b, &spec, Decision::Allow).is_some());
                    return match replayed {
                        Some(w) => Answer::Found(Box::new(w)),
                        None => Answer::Unknown(vec![format!(
                            "internal: a witness did not replay ({})",
                            describe(&spec, self.now)
                        )]),
                    };
                }
            }
        }
        let mut reasons = self.inexact();
        if budget == 0 {
            reasons.push("the policies have too many overlapping statements".to_owned());
        }
        if reasons.is_empty() {
            Answer::NoRequest
        } else {
            Answer::Unknown(reasons)
        }
    }

    /// The allowed region of `setup` in `pass`, as cubes.
    fn allowed(&self, pass: &Pass, setup: usize, budget: &mut usize) -> Vec<Cube> {
        let full: Cube = pass
            .groups
            .iter()
            .map(|g| BitSet::full(g.candidates.len()))
            .collect();
        let (Some(layers), Some(slots)) = (self.setups.get(setup), self.slots.get(setup)) else {
            return Vec::new();
        };
        let mut region = vec![full];
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
            for r in &region {
                for a in &allows {
                    if let Some(both) = intersect(r, a) {
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

    fn statements(&self, policy: usize) -> &[crate::eval::CompiledStatement] {
        self.compiled
            .get(policy)
            .map_or(&[], CompiledPolicy::statements)
    }

    /// Runs `spec` through the evaluator for `setup`; the witness when the
    /// decision is `want`.
    fn replay(&self, setup: usize, spec: &RequestSpec, want: Decision) -> Option<Witness> {
        let authorizer = self.authorizer(setup)?;
        let request = Request::resolve(spec.clone(), self.now).ok()?;
        let mut query = request.describe();
        if spec.time.is_none() {
            // No policy reads the time: leave it out of the query.
            query = query.replace(&format!(" time {}", self.now), "");
        }
        (authorizer.decide(&request).decision == want).then(|| Witness {
            query,
            spec: spec.clone(),
        })
    }

    fn authorizer(&self, setup: usize) -> Option<Authorizer> {
        let layers = self.setups.get(setup)?;
        let slots = self.slots.get(setup)?;
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

    /// What becomes of each statement of the service policy of `setup`,
    /// within that policy alone. Exact claims only: when the analysis is
    /// inexact every statement is reported [`StatementFate::Live`].
    pub fn statement_fates(&self, setup: usize) -> Vec<StatementFate> {
        let Some(policy) = self
            .slots
            .get(setup)
            .and_then(|s| s.get(1).copied().flatten())
        else {
            return Vec::new();
        };
        let statements = self.statements(policy);
        let mut fates = vec![StatementFate::Live; statements.len()];
        if !self.inexact.is_empty() {
            return fates;
        }
        for (s, fate) in fates.iter_mut().enumerate() {
            let Some(statement) = statements.get(s) else {
                continue;
            };
            let cubes: Vec<Option<&Cube>> = self.passes.iter().map(|p| p.cube(policy, s)).collect();
            if cubes.iter().all(Option::is_none) {
                *fate = StatementFate::NeverApplies;
                continue;
            }
            if statement.effect == Effect::Allow {
                let mut budget = REGION_BUDGET;
                let overridden = self.passes.iter().zip(&cubes).all(|(pass, cube)| {
                    let Some(cube) = cube else { return true };
                    let denies: Vec<Cube> = statements
                        .iter()
                        .enumerate()
                        .filter(|(_, t)| t.effect == Effect::Deny)
                        .filter_map(|(t, _)| pass.cube(policy, t).cloned())
                        .collect();
                    subtract((*cube).clone(), &denies, &mut budget).is_empty() && budget > 0
                });
                if overridden {
                    *fate = StatementFate::Overridden;
                    continue;
                }
            }
            let covering = statements.iter().enumerate().find(|(t, other)| {
                *t != s
                    && other.effect == statement.effect
                    && self.passes.iter().all(|pass| {
                        match (pass.cube(policy, s), pass.cube(policy, *t)) {
                            (None, _) => true,
                            (Some(_), None) => false,
                            (Some(a), Some(b)) => {
                                // Of two equal statements, the later one is redundant.
                                is_subset(a, b) && (*t < s || !is_subset(b, a))
                            }
                        }
                    })
            });
            if let Some((t, _)) = covering {
                *fate = StatementFate::RedundantWith(t);
            }
        }
        fates
    }

    /// The requests whose decision differs between setups `old` and `new`.
    /// At most `limit` classes are listed each way.
    pub fn diff(&self, old: usize, new: usize, limit: usize) -> Diff {
        let mut diff = Diff {
            gained: Vec::new(),
            lost: Vec::new(),
            inexact: self.inexact(),
        };
        let mut budget = REGION_BUDGET;
        for pass in &self.passes {
            let before = self.allowed(pass, old, &mut budget);
            let after = self.allowed(pass, new, &mut budget);
            for (from, to, out, want_new) in [
                (&before, &after, &mut diff.gained, Decision::Allow),
                (&after, &before, &mut diff.lost, Decision::Deny),
            ] {
                for cube in to {
                    for piece in subtract(cube.clone(), from, &mut budget) {
                        let fields =
                            pass.describe_cube(&piece, &self.named_accounts, &self.mentioned);
                        if merge_protocol(out, &fields) || out.len() >= limit {
                            continue;
                        }
                        let spec = pass.spec_at(&piece, &pass.first_point(&piece));
                        let (check_new, check_old) = match want_new {
                            Decision::Allow => (Decision::Allow, Decision::Deny),
                            Decision::Deny => (Decision::Deny, Decision::Allow),
                        };
                        let replayed = self
                            .replay(new, &spec, check_new)
                            .and_then(|w| self.replay(old, &spec, check_old).map(|_| w));
                        match replayed {
                            Some(witness) => out.push(Change { fields, witness }),
                            None => diff.inexact.push(format!(
                                "internal: a witness did not replay ({})",
                                describe(&spec, self.now)
                            )),
                        }
                    }
                }
            }
        }
        if budget == 0 {
            diff.inexact
                .push("the policies have too many overlapping statements".to_owned());
        }
        diff
    }

    /// The policies the analysis read, in the order it compiled them.
    pub fn policies(&self) -> &[&'p Policy] {
        &self.sources
    }
}

impl Pass {
    fn build(
        space: &Space,
        groups: &[Vec<Dim>],
        reads: &[(usize, usize, Part, Vec<Dim>)],
        compiled: &[CompiledPolicy],
        now: Timestamp,
        inexact: &mut BTreeSet<String>,
    ) -> Pass {
        let mut base = RequestSpec {
            protocol: Some(space.protocol.as_str().to_owned()),
            ..RequestSpec::default()
        };
        for values in space.dims.values() {
            if let Some(first) = values.first() {
                first.apply(&mut base);
            }
        }
        let groups: Vec<Group> = groups
            .iter()
            .map(|dims| {
                let dims: Vec<Dim> = dims
                    .iter()
                    .filter(|d| space.dims.contains_key(d))
                    .cloned()
                    .collect();
                let mut candidates: Vec<Vec<Fragment>> = vec![Vec::new()];
                for d in &dims {
                    let values = space.dims.get(d).map_or(&[][..], Vec::as_slice);
                    let mut next = Vec::with_capacity(candidates.len() * values.len());
                    for c in &candidates {
                        for v in values {
                            let mut longer = c.clone();
                            longer.push(v.clone());
                            next.push(longer);
                        }
                    }
                    if next.len() > 100_000 {
                        next.truncate(100_000);
                        inexact
                            .insert("fields read together have too many combinations".to_owned());
                    }
                    candidates = next;
                }
                Group { dims, candidates }
            })
            .collect();
        let mut cubes: Vec<Vec<Option<Cube>>> = compiled
            .iter()
            .map(|p| {
                vec![
                    Some(
                        groups
                            .iter()
                            .map(|g| BitSet::full(g.candidates.len()))
                            .collect::<Cube>()
                    );
                    p.statements().len()
                ]
            })
            .collect();
        let base_request = Request::resolve(base.clone(), now).ok();
        if base_request.is_none() {
            inexact.insert("internal: the base request did not resolve".to_owned());
        }
        // Parts that read no field are the same for every request of the protocol.
        for (p, s, part, dims) in reads {
            let in_space = dims.iter().any(|d| space.dims.contains_key(d));
            if in_space {
                continue;
            }
            let holds = base_request.as_ref().is_some_and(|r| {
                compiled
                    .get(*p)
                    .and_then(|c| c.statements().get(*s))
                    .is_some_and(|st| st.part_holds(*part, r))
            });
            if !holds {
                if let Some(slot) = cubes.get_mut(*p).and_then(|v| v.get_mut(*s)) {
                    *slot = None;
                }
            }
        }
        for (g, group) in groups.iter().enumerate() {
            let parts: Vec<&(usize, usize, Part, Vec<Dim>)> = reads
                .iter()
                .filter(|(_, _, _, dims)| dims.iter().any(|d| group.dims.contains(d)))
                .collect();
            if parts.is_empty() {
                continue;
            }
            for (i, candidate) in group.candidates.iter().enumerate() {
                let mut spec = base.clone();
                for f in candidate {
                    f.apply(&mut spec);
                }
                let request = Request::resolve(spec, now);
                if let Err(e) = &request {
                    inexact.insert(format!(
                        "internal: a candidate request did not resolve: {e}"
                    ));
                }
                for (p, s, part, _) in &parts {
                    let holds = request.as_ref().is_ok_and(|r| {
                        compiled
                            .get(*p)
                            .and_then(|c| c.statements().get(*s))
                            .is_some_and(|st| st.part_holds(*part, r))
                    });
                    if !holds {
                        if let Some(Some(cube)) = cubes.get_mut(*p).and_then(|v| v.get_mut(*s)) {
                            if let Some(set) = cube.get_mut(g) {
                                set.clear(i);
                            }
                        }
                    }
                }
            }
        }
        for per_policy in &mut cubes {
            for cube in per_policy.iter_mut() {
                if cube
                    .as_ref()
                    .is_some_and(|c| c.iter().any(BitSet::is_empty))
                {
                    *cube = None;
                }
            }
        }
        Pass {
            protocol: space.protocol,
            base,
            groups,
            cubes,
        }
    }

    fn cube(&self, policy: usize, statement: usize) -> Option<&Cube> {
        self.cubes.get(policy)?.get(statement)?.as_ref()
    }

    fn first_point(&self, cube: &Cube) -> Vec<usize> {
        cube.iter().map(|s| s.first().unwrap_or(0)).collect()
    }

    /// A point of `cube` whose request passes `filter`, trying every point.
    fn find_point(
        &self,
        cube: &Cube,
        filter: &dyn Fn(&RequestSpec) -> bool,
    ) -> Option<RequestSpec> {
        // Each group's values are tested on their own against the filter, the
        // other groups at their first value: the filter looks at one field at a time.
        let mut point = self.first_point(cube);
        for g in 0..cube.len() {
            let set = cube.get(g)?;
            let chosen = set.iter().find(|&i| {
                let mut trial = point.clone();
                if let Some(slot) = trial.get_mut(g) {
                    *slot = i;
                }
                filter(&self.spec_at(cube, &trial))
            })?;
            if let Some(slot) = point.get_mut(g) {
                *slot = chosen;
            }
        }
        let spec = self.spec_at(cube, &point);
        filter(&spec).then_some(spec)
    }

    fn spec_at(&self, _cube: &Cube, point: &[usize]) -> RequestSpec {
        let mut spec = self.base.clone();
        for (group, &i) in self.groups.iter().zip(point) {
            if let Some(candidate) = group.candidates.get(i) {
                for f in candidate {
                    f.apply(&mut spec);
                }
            }
        }
        spec
    }

    fn describe_cube(
        &self,
        cube: &Cube,
        named: &BTreeSet<String>,
        mentioned: &BTreeSet<String>,
    ) -> Vec<(String, Vec<String>)> {
        let mut out = vec![(
            "protocol".to_owned(),
            vec![self.protocol.as_str().to_owned()],
        )];
        for (group, set) in self.groups.iter().zip(cube) {
            if set.is_full() || group.dims.is_empty() {
                continue;
            }
            let name = group
                .dims
                .iter()
                .map(dim_name)
                .collect::<Vec<_>>()
                .join(" + ");
            let labels = if group.dims == [Dim::Principal] {
                callers(group, set, named)
            } else if group.dims == [Dim::Target] {
                targets(group, set, mentioned)
            } else if let Some(but) = all_but(group, set, mentioned) {
                but
            } else {
                let mut labels: Vec<String> = Vec::new();
                for i in set.iter() {
                    let Some(candidate) = group.candidates.get(i) else {
                        continue;
                    };
                    let label = value_label(candidate, mentioned);
                    if !labels.contains(&label) {
                        labels.push(label);
                    }
                }
                labels
            };
            out.push((name, labels));
        }
        out
    }
}

/// A set of most values of a group, as the few it leaves out: "any but
/// GET". Only when each value left out is one the policies name: the others
/// stand for every value no policy names.
fn all_but(group: &Group, set: &BitSet, mentioned: &BTreeSet<String>) -> Option<Vec<String>> {
    let left_out: Vec<&Vec<Fragment>> = (0..group.candidates.len())
        .filter(|&i| !set.contains(i))
        .filter_map(|i| group.candidates.get(i))
        .collect();
    let kept = group.candidates.len() - left_out.len();
    let named = left_out
        .iter()
        .all(|c| c.iter().all(|f| is_mentioned(f, mentioned)));
    (named && kept > left_out.len() && kept > 1).then(|| {
        let labels: Vec<String> = left_out.iter().map(|c| label_of(c)).collect();
        vec![format!("any but {}", labels.join(" or "))]
    })
}

/// A value's label, saying so when it stands for every value no policy names.
fn value_label(candidate: &[Fragment], mentioned: &BTreeSet<String>) -> String {
    let label = label_of(candidate);
    if candidate.iter().all(|f| is_mentioned(f, mentioned)) {
        label
    } else {
        format!("one no policy names, such as {label}")
    }
}

/// True when the policies name the value of `fragment` (or it has none to name).
fn is_mentioned(fragment: &Fragment, mentioned: &BTreeSet<String>) -> bool {
    let value = match fragment {
        Fragment::Method(v) | Fragment::Vpc(v) | Fragment::VpcOwner(v) | Fragment::Network(v) => v,
        Fragment::Header(_, Some(v)) | Fragment::ServiceTag(_, Some(v)) => v,
        _ => return true,
    };
    mentioned.contains(&value.to_lowercase())
}

/// The services and paths of a set: a service whose every path class is in
/// the set is one entry ("service S, any path"); the others are listed, a
/// path no policy writes as one of its class ("paths such as /public/x").
fn targets(group: &Group, set: &BitSet, mentioned: &BTreeSet<String>) -> Vec<String> {
    let service = |i: usize| match group.candidates.get(i)?.first()? {
        Fragment::Target(service, _) => Some(service.as_str()),
        _ => None,
    };
    let mut labels = Vec::new();
    let mut done = BTreeSet::new();
    for i in set.iter() {
        let Some(candidate) = group.candidates.get(i) else {
            continue;
        };
        match service(i) {
            Some(s) if done.contains(s) => {}
            Some(s)
                if (0..group.candidates.len())
                    .filter(|&j| service(j) == Some(s))
                    .all(|j| set.contains(j)) =>
            {
                labels.push(format!("{s} (any path)"));
                done.insert(s);
            }
            _ => {
                let written = candidate.iter().all(|f| match f {
                    Fragment::Target(_, Some(path)) => mentioned.contains(&path.to_lowercase()),
                    _ => true,
                });
                let label = label_of(candidate);
                labels.push(if written {
                    label
                } else {
                    format!("paths such as {label}")
                });
            }
        }
    }
    labels
}

/// Adds the protocol of `fields` to a change that differs from it only in
/// the protocol, or that is the same; true when there was one.
fn merge_protocol(changes: &mut [Change], fields: &[(String, Vec<String>)]) -> bool {
    let Some(((_, protocols), rest)) = fields.split_first() else {
        return false;
    };
    for change in changes.iter_mut() {
        let Some(((_, known), known_rest)) = change.fields.split_first_mut() else {
            continue;
        };
        if known_rest == rest {
            for p in protocols {
                if !known.contains(p) {
                    known.push(p.clone());
                }
            }
            return true;
        }
    }
    false
}

fn label_of(candidate: &[Fragment]) -> String {
    candidate
        .iter()
        .map(fragment_label)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The callers of a set, readably: every signed caller is one entry, so is an
/// account whose every caller class is in the set ("any signed caller of
/// account A"), and an identity whose every organization and tag variant is
/// (its ARN); the others are listed.
fn callers(group: &Group, set: &BitSet, named: &BTreeSet<String>) -> Vec<String> {
    let identity = |i: usize| -> Option<&PrincipalDetails> {
        match group.candidates.get(i)?.first()? {
            Fragment::Principal(Some(d)) => Some(d),
            _ => None,
        }
    };
    let arn = |i: usize| identity(i).and_then(|d| d.arn.as_deref());
    let account = |i: usize| arn(i).map(account_of_arn);
    let all = 0..group.candidates.len();
    let signed: Vec<usize> = all.clone().filter(|&i| identity(i).is_some()).collect();
    let mut labels: Vec<String> = Vec::new();
    if all
        .clone()
        .any(|i| identity(i).is_none() && set.contains(i))
    {
        labels.push("anonymous".to_owned());
    }
    if !signed.is_empty() && signed.iter().all(|&i| set.contains(i)) {
        labels.push("any signed caller".to_owned());
        return labels;
    }
    if let Some(by_account_and_org) = callers_by_account_and_org(group, set, named) {
        labels.extend(by_account_and_org);
        return labels;
    }
    let (mut done_accounts, mut done_arns) = (BTreeSet::new(), BTreeSet::new());
    for i in set.iter() {
        let (Some(a), Some(arn_i)) = (account(i), arn(i)) else {
            continue;
        };
        let Some(candidate) = group.candidates.get(i) else {
            continue;
        };
        if done_arns.contains(arn_i) || done_accounts.contains(a) {
            continue;
        }
        let every = |same: &dyn Fn(usize) -> bool| {
            all.clone().filter(|&j| same(j)).all(|j| set.contains(j))
        };
        if every(&|j| account(j) == Some(a)) {
            labels.push(if named.contains(a) {
                format!("any signed caller of account {a}")
            } else {
                format!("any signed caller of an account the policies never name (such as {a})")
            });
            done_accounts.insert(a);
        } else if every(&|j| arn(j) == Some(arn_i)) {
            labels.push(arn_i.to_owned());
            done_arns.insert(arn_i);
        } else {
            labels.push(label_of(candidate));
        }
    }
    labels
}

/// The signed callers of a set as accounts and organizations, when the set
/// holds a caller exactly when its account is one of some accounts and its
/// organization one of some organizations: "signed callers of account A
/// outside organization O". `None` when the set is not of that form.
fn callers_by_account_and_org(
    group: &Group,
    set: &BitSet,
    named: &BTreeSet<String>,
) -> Option<Vec<String>> {
    let signed: Vec<(usize, &str, Option<&str>)> = (0..group.candidates.len())
        .filter_map(|i| match group.candidates.get(i)?.first()? {
            Fragment::Principal(Some(d)) => {
                Some((i, account_of_arn(d.arn.as_deref()?), d.org_id.as_deref()))
            }
            _ => None,
        })
        .collect();
    let chosen: Vec<&(usize, &str, Option<&str>)> =
        signed.iter().filter(|(i, _, _)| set.contains(*i)).collect();
    if chosen.is_empty() {
        return None;
    }
    let accounts: BTreeSet<&str> = chosen.iter().map(|(_, a, _)| *a).collect();
    let orgs: BTreeSet<Option<&str>> = chosen.iter().map(|(_, _, o)| *o).collect();
    let product = signed
        .iter()
        .all(|(i, a, o)| set.contains(*i) == (accounts.contains(a) && orgs.contains(o)));
    if !product {
        return None;
    }
    let all_orgs: BTreeSet<Option<&str>> = signed.iter().map(|(_, _, o)| *o).collect();
    let org_text = |o: &Option<&str>| o.map_or("none".to_owned(), str::to_owned);
    let in_orgs = if orgs == all_orgs {
        String::new()
    } else {
        let left_out: Vec<String> = all_orgs.difference(&orgs).map(org_text).collect();
        let kept: Vec<String> = orgs.iter().map(org_text).collect();
        if orgs.len() > 1 && left_out.len() < kept.len() {
            format!(", organization not {}", left_out.join(" or "))
        } else {
            format!(", organization {}", kept.join(" or "))
        }
    };
    let all_accounts: BTreeSet<&str> = signed.iter().map(|(_, a, _)| *a).collect();
    if accounts == all_accounts {
        return Some(vec![format!("any signed caller{in_orgs}")]);
    }
    Some(
        accounts
            .iter()
            .map(|a| {
                if named.contains(*a) {
                    format!("any signed caller of account {a}{in_orgs}")
                } else {
                    format!("any signed caller of an account the policies never name (such as {a}){in_orgs}")
                }
            })
            .collect(),
    )
}

/// Groups dimensions that some part reads together (union-find over small sets).
fn group_dims(reads: &[(usize, usize, Part, Vec<Dim>)]) -> Vec<Vec<Dim>> {
    let mut groups: Vec<BTreeSet<Dim>> = Vec::new();
    for (_, _, _, dims) in reads {
        if dims.is_empty() {
            continue;
        }
        let mut merged: BTreeSet<Dim> = dims.iter().cloned().collect();
        groups.retain(|g| {
            if g.iter().any(|d| merged.contains(d)) {
                merged.extend(g.iter().cloned());
                false
            } else {
                true
            }
        });
        groups.push(merged);
    }
    let mut out: Vec<Vec<Dim>> = groups
        .into_iter()
        .map(|g| g.into_iter().collect())
        .collect();
    out.sort();
    out
}

fn account_of_arn(arn: &str) -> &str {
    if arn.len() == 12 && arn.bytes().all(|b| b.is_ascii_digit()) {
        return arn;
    }
    arn.split(':').nth(4).unwrap_or("")
}

fn describe(spec: &RequestSpec, now: Timestamp) -> String {
    Request::resolve(spec.clone(), now).map_or_else(|e| e.to_string(), |r| r.describe())
}

fn dim_name(dim: &Dim) -> String {
    match dim {
        Dim::Principal => "caller".into(),
        Dim::Method => "method".into(),
        Dim::Target => "service and path".into(),
        Dim::Network => "service network".into(),
        Dim::Vpc => "source VPC".into(),
        Dim::VpcOwner => "source VPC owner".into(),
        Dim::Port => "port".into(),
        Dim::Time => "time".into(),
        Dim::SourceIp => "source IP".into(),
        Dim::Header(h) => format!("header {h}"),
        Dim::Query(k) => format!("query {k}"),
        Dim::ServiceTag(k) => format!("service tag {k}"),
    }
}

fn fragment_label(f: &Fragment) -> String {
    match f {
        Fragment::Principal(None) => "anonymous".into(),
        Fragment::Principal(Some(d)) => {
            let mut label = d.arn.clone().unwrap_or_default();
            if let Some(org) = &d.org_id {
                label.push_str(&format!(" (org {org})"));
            }
            for (k, v) in &d.tags {
                label.push_str(&format!(" (tag {k}={v})"));
            }
            label
        }
        Fragment::Method(m) => m.clone(),
        Fragment::Target(service, path) => match path {
            Some(p) if service == crate::eval::request::DEFAULT_SERVICE => p.clone(),
            Some(p) => format!("{service}{p}"),
            None => service.clone(),
        },
        Fragment::Network(n) | Fragment::Vpc(n) | Fragment::VpcOwner(n) | Fragment::Time(n) => {
            n.clone()
        }
        Fragment::Port(p) => p.to_string(),
        Fragment::SourceIp(ip) => ip.clone().unwrap_or_else(|| "none".into()),
        Fragment::Header(_, v) | Fragment::ServiceTag(_, v) => v
            .as_ref()
            .map_or_else(|| "absent".into(), |v| format!("{v:?}")),
        Fragment::Query(_, v) => v
            .as_ref()
            .map_or_else(|| "absent".into(), |v| format!("{v:?}")),
    }
}
