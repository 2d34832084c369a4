//! Which part of a statement that never applies is at fault
//! ([`Analysis::blame`]): an element or condition clause that holds for no
//! request on its own, or else the few parts that never hold together.
//!
//! Each part is evaluated on every value of the fields it reads, as the
//! statement cubes were built, but on its own: a cube keeps only the values
//! for which all the parts reading a field hold, which says that the
//! statement never applies, not which part makes it so.

use super::budget::charge;
use super::layers::Setup;
use super::region::{BitSet, Coord};
use super::setups::{part_dims, Analysis};
use super::statement_cubes::Pass;
use crate::eval::statement::{CompiledStatement, Part};
use crate::eval::{Request, RequestSpec};

/// What makes a statement apply to no request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Blame {
    /// These parts (elements or clauses) hold for no request on their own.
    Alone(Vec<Part>),
    /// Each part holds for some request, but these never hold together.
    Together(Vec<Part>),
}

/// Where one part holds in one protocol's requests: on the base request
/// (it reads no field of the space), or on these values of its group.
enum Holds {
    Always(bool),
    On(usize, Coord),
}

impl Holds {
    fn is_empty(&self) -> bool {
        match self {
            Holds::Always(holds) => !holds,
            Holds::On(_, set) => set.is_empty(),
        }
    }
}

impl Analysis<'_> {
    /// Why statement `statement` of `setup`'s service policy applies to no
    /// request; `None` when it applies to some, when the analysis is not
    /// exact, or when its budget runs out.
    pub fn blame(&self, setup: Setup, statement: usize) -> Option<Blame> {
        let (_entered, spent) = self.enter("finding the part of a statement at fault");
        if spent.is_some() || !self.inexact.is_empty() {
            return None;
        }
        let policy = self.service_policy(setup)?;
        let compiled = self.statements(policy).get(statement)?;
        if self
            .passes
            .iter()
            .any(|p| p.cube(policy, statement).is_some())
        {
            return None;
        }
        let parts: Vec<(Part, Vec<_>)> = compiled
            .parts()
            .iter()
            .map(|reads| (reads.part, part_dims(reads)))
            .collect();
        let mut holds_somewhere = vec![false; parts.len()];
        let mut per_pass: Vec<Vec<Holds>> = Vec::new();
        for pass in &self.passes {
            let holds: Vec<Holds> = parts
                .iter()
                .map(|(part, dims)| self.holds(pass, (policy, statement), compiled, *part, dims))
                .collect::<Option<_>>()?;
            for (seen, h) in holds_somewhere.iter_mut().zip(&holds) {
                *seen |= !h.is_empty();
            }
            per_pass.push(holds);
        }
        // What keeps the statement from applying is looked for among the
        // protocols its `Action` covers: that a role is no TLS caller says
        // nothing about a statement on `Invoke`. A part that fails there but
        // holds over other protocols fails with the `Action`.
        let action = parts.iter().position(|(p, _)| *p == Part::Action);
        let mut together: Vec<Part> = Vec::new();
        let mut add = |part: Part| {
            if !together.contains(&part) {
                together.push(part);
            }
        };
        for holds in &per_pass {
            if action.is_some_and(|a| holds.get(a).is_some_and(Holds::is_empty)) {
                continue;
            }
            let (conflicting, alone) = conflict(holds, action);
            if alone {
                if let Some((part, _)) = action.and_then(|a| parts.get(a)) {
                    add(*part);
                }
            }
            for i in conflicting {
                if let Some((part, _)) = parts.get(i) {
                    add(*part);
                }
            }
        }
        if self.budget_exceeded().is_some() || self.text_unsure().is_some() {
            return None;
        }
        let alone: Vec<Part> = parts
            .iter()
            .zip(&holds_somewhere)
            .filter(|(_, seen)| !**seen)
            .map(|((part, _), _)| *part)
            .collect();
        if !alone.is_empty() {
            return Some(Blame::Alone(alone));
        }
        together.sort_by_key(|p| order(*p));
        (!together.is_empty()).then_some(Blame::Together(together))
    }

    /// Where `part` holds among `pass`'s requests; `None` when the budget
    /// runs out.
    fn holds(
        &self,
        pass: &Pass,
        at: (usize, usize),
        statement: &CompiledStatement,
        part: Part,
        dims: &[super::space::Dim],
    ) -> Option<Holds> {
        let group = pass
            .groups
            .iter()
            .position(|g| g.dims.iter().any(|d| dims.contains(d)));
        let resolve = |spec: RequestSpec| Request::resolve(spec, self.now).ok();
        let Some(g) = group else {
            let holds = resolve(pass.base.clone()).is_some_and(|r| statement.part_holds(part, &r));
            return Some(Holds::Always(holds));
        };
        let group = pass.groups.get(g)?;
        if group.text.is_some() {
            return Some(Holds::On(
                g,
                Coord::Text(pass.text_holds(g, at, statement, part)?),
            ));
        }
        let mut set = BitSet::empty(group.candidates.len());
        for (i, candidate) in group.candidates.iter().enumerate() {
            if !charge(256) {
                return None;
            }
            let spec = pass.candidate_spec(group, candidate);
            if resolve(spec).is_some_and(|r| statement.part_holds(part, &r)) {
                set.insert(i);
            }
        }
        Some(Holds::On(g, Coord::Set(set)))
    }
}

/// The parts (by index) that keep the statement from applying in one
/// protocol's requests, and whether they hold for none of them on their own:
/// those that hold for none of them (but `skip`), or else the fewest parts
/// reading one field group that never hold together (each part dropped in
/// turn while the rest still never hold together).
fn conflict(holds: &[Holds], skip: Option<usize>) -> (Vec<usize>, bool) {
    let alone: Vec<usize> = (0..holds.len())
        .filter(|&i| Some(i) != skip && holds.get(i).is_some_and(Holds::is_empty))
        .collect();
    if !alone.is_empty() {
        return (alone, true);
    }
    let groups: std::collections::BTreeSet<usize> = holds
        .iter()
        .filter_map(|h| match h {
            Holds::On(g, _) => Some(*g),
            Holds::Always(_) => None,
        })
        .collect();
    for g in groups {
        let mut members: Vec<(usize, &Coord)> = holds
            .iter()
            .enumerate()
            .filter_map(|(i, h)| match h {
                Holds::On(group, set) if *group == g => Some((i, set)),
                _ => None,
            })
            .collect();
        let never_together = |members: &[(usize, &Coord)]| {
            let mut sets = members.iter().map(|(_, s)| *s);
            let Some(first) = sets.next() else {
                return false;
            };
            sets.fold(first.clone(), |acc, s| acc.and(s)).is_empty()
        };
        if !never_together(&members) {
            continue;
        }
        let mut i = 0;
        while i < members.len() {
            let mut fewer = members.clone();
            fewer.remove(i);
            if never_together(&fewer) {
                members = fewer;
            } else {
                i += 1;
            }
        }
        return (members.into_iter().map(|(i, _)| i).collect(), false);
    }
    (Vec::new(), false)
}

/// Parts in the order a statement is read: principal, action, resource,
/// then the conditions.
fn order(part: Part) -> (u8, usize, usize) {
    match part {
        Part::Principal => (0, 0, 0),
        Part::Action => (1, 0, 0),
        Part::Resource => (2, 0, 0),
        Part::Clause(b, c) => (3, b, c),
    }
}
