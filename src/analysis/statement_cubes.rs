//! One protocol's requests as the analysis sees them ([`Pass`]): the field
//! groups, their combined values, and each statement's cube, found by
//! evaluating each statement part on every value of the fields it reads.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use super::budget::charge;
use super::glob::Glob;
use super::region::{intersect, BitSet, Coord, Cube};
use super::space::{ClauseAt, Dim, Fragment, Space};
use super::text_sets::{Answers, TextField, TextSet};
use crate::eval::request::RequestSpec;
use crate::eval::statement::{CompiledStatement, Part};
use crate::eval::{CompiledPolicy, Protocol, Request, Timestamp};

/// One field group: dimensions read together, and their combined values.
pub(super) struct Group {
    pub(super) dims: Vec<Dim>,
    pub(super) candidates: Vec<Vec<Fragment>>,
    /// For a text field split by its clauses (see `text_sets`), the field:
    /// its cube coordinates are [`Coord::Text`], and its one candidate is
    /// "absent", the default.
    pub(super) text: Option<Rc<TextField>>,
}

impl Group {
    /// Every value of the group.
    pub(super) fn full(&self) -> Coord {
        match &self.text {
            Some(field) => Coord::Text(TextSet::full(field)),
            None => Coord::Set(BitSet::full(self.candidates.len())),
        }
    }
}

/// The analysis of one protocol's requests.
pub(super) struct Pass {
    pub(super) protocol: Protocol,
    pub(super) base: RequestSpec,
    /// The base request with a signed caller (the first): the base of the
    /// groups that do not read the caller, so that a tag field's values are
    /// a caller's tags ([`Pass::candidate_spec`]).
    pub(super) signed_base: RequestSpec,
    pub(super) groups: Vec<Group>,
    /// For each compiled policy, each statement's cube (`None`: applies to nothing).
    pub(super) cubes: Vec<Vec<Option<Cube>>>,
    /// The points of the space that are requests, as disjoint cubes. Each
    /// principal tag is a field of its own, but only a signed caller has
    /// tags: a point with an anonymous caller and a tag is no request (it
    /// would be written as the same request without the tag). So the
    /// requests are the anonymous caller with every tag absent, and the
    /// signed callers with any tags; without tag fields, the whole space.
    /// Every region starts from these, so that the fields stay independent
    /// (a tag clause is evaluated for a signed caller alone) and the
    /// regions exact.
    pub(super) valid: Vec<Cube>,
    /// The atoms of the clauses on text fields (see [`Space::clause_atoms`]).
    clause_atoms: BTreeMap<ClauseAt, Option<Glob>>,
    now: Timestamp,
}

impl Pass {
    pub(super) fn build(
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
                    'product: for c in &candidates {
                        for v in values {
                            // The combination's fragments (a few words each).
                            if !charge((c.len() + 1) * 96) {
                                break 'product;
                            }
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
                let text = match dims.as_slice() {
                    [dim] => space.texts.get(dim).cloned(),
                    _ => None,
                };
                Group {
                    dims,
                    candidates,
                    text,
                }
            })
            .collect();
        let mut cubes: Vec<Vec<Option<Cube>>> = compiled
            .iter()
            .map(|p| {
                vec![Some(groups.iter().map(Group::full).collect::<Cube>()); p.statements().len()]
            })
            .collect();
        let valid = valid_cubes(&groups);
        // Fields other than the caller's are evaluated for a signed caller
        // (the first), so that a tag field's values are the caller's tags;
        // a part that reads neither does not look at the caller.
        let mut signed_base = base.clone();
        if let Some(first_signed) = space
            .dims
            .get(&Dim::Principal)
            .and_then(|values| values.iter().find(|f| !f.is_anonymous()))
        {
            first_signed.apply(&mut signed_base);
        }
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
            if let Some(field) = &group.text {
                for (p, s, part, _) in &parts {
                    let Some(statement) = compiled.get(*p).and_then(|c| c.statements().get(*s))
                    else {
                        continue;
                    };
                    let holds = match text_holds(
                        &space.clause_atoms,
                        field,
                        &signed_base,
                        group,
                        (*p, *s),
                        statement,
                        *part,
                        now,
                    ) {
                        Some(holds) => holds,
                        None => {
                            inexact.insert(format!(
                                "a clause reads {:?} otherwise than through its patterns",
                                group.dims
                            ));
                            continue;
                        }
                    };
                    if let Some(Some(cube)) = cubes.get_mut(*p).and_then(|v| v.get_mut(*s)) {
                        if let Some(Coord::Text(slot)) = cube.get_mut(g) {
                            *slot = slot.and(&holds);
                        }
                    }
                }
                continue;
            }
            for (i, candidate) in group.candidates.iter().enumerate() {
                // Resolving the request and evaluating each part on it.
                if !charge(256 + parts.len() * 16) {
                    break;
                }
                let spec = candidate_spec(&base, &signed_base, group, candidate);
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
                            if let Some(Coord::Set(set)) = cube.get_mut(g) {
                                set.clear(i);
                            }
                        }
                    }
                }
            }
        }
        for per_policy in &mut cubes {
            for cube in per_policy.iter_mut() {
                if cube.as_ref().is_some_and(|c| c.iter().any(Coord::is_empty)) {
                    *cube = None;
                }
            }
        }
        Pass {
            protocol: space.protocol,
            base,
            signed_base,
            groups,
            cubes,
            valid,
            clause_atoms: space.clause_atoms.clone(),
            now,
        }
    }

    /// Where `part` of statement `at` (policy, statement) holds among the
    /// values of the text field of group `g`, for blaming a part; `None`
    /// when the group is not a text field's or the part is not one of its
    /// clauses.
    pub(super) fn text_holds(
        &self,
        g: usize,
        at: (usize, usize),
        statement: &CompiledStatement,
        part: Part,
    ) -> Option<TextSet> {
        let group = self.groups.get(g)?;
        let field = group.text.as_ref()?;
        text_holds(
            &self.clause_atoms,
            field,
            &self.signed_base,
            group,
            at,
            statement,
            part,
            self.now,
        )
    }

    /// The request of candidate `candidate` of group `group`, the other
    /// fields at their first value: to evaluate the parts reading the group.
    pub(super) fn candidate_spec(&self, group: &Group, candidate: &[Fragment]) -> RequestSpec {
        candidate_spec(&self.base, &self.signed_base, group, candidate)
    }

    /// The parts of `cube` that are requests (see [`Pass::valid`]).
    pub(super) fn within_valid(&self, cube: &Cube) -> Vec<Cube> {
        self.valid
            .iter()
            .filter_map(|v| intersect(cube, v))
            .collect()
    }

    pub(super) fn cube(&self, policy: usize, statement: usize) -> Option<&Cube> {
        self.cubes.get(policy)?.get(statement)?.as_ref()
    }

    /// The first point of `cube`: for each group, the index of its first
    /// class, or (a text field) of the first of [`TextSet::values`].
    pub(super) fn first_point(&self, cube: &Cube) -> Vec<usize> {
        cube.iter()
            .map(|c| c.as_set().and_then(BitSet::first).unwrap_or(0))
            .collect()
    }

    /// A point of `cube` whose request passes `filter`, trying every point.
    pub(super) fn find_point(
        &self,
        cube: &Cube,
        filter: &dyn Fn(&RequestSpec) -> bool,
    ) -> Option<RequestSpec> {
        // Each group's values are tested on their own against the filter, the
        // other groups at their first value: the filter looks at one field at a time.
        let mut point = self.first_point(cube);
        for g in 0..cube.len() {
            let choices: Vec<usize> = match cube.get(g)? {
                Coord::Set(set) => set.iter().collect(),
                Coord::Text(text) => (0..text.values().len()).collect(),
            };
            let chosen = choices.into_iter().find(|&i| {
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

    /// The request at `point` of `cube` (see [`Pass::first_point`]).
    pub(super) fn spec_at(&self, cube: &Cube, point: &[usize]) -> RequestSpec {
        let mut spec = self.base.clone();
        for ((group, &i), coord) in self.groups.iter().zip(point).zip(cube) {
            if let (Some(field), Coord::Text(text)) = (&group.text, coord) {
                if let Some(value) = text.values().get(i) {
                    field.fragment(value.clone()).apply(&mut spec);
                }
                continue;
            }
            if let Some(candidate) = group.candidates.get(i) {
                for f in candidate {
                    f.apply(&mut spec);
                }
            }
        }
        spec
    }
}

/// See [`Pass::candidate_spec`]: a group that does not read the caller is
/// evaluated for a signed one, so that a tag field's values are its tags (a
/// part that reads neither the caller nor a tag does not look at the caller).
fn candidate_spec(
    base: &RequestSpec,
    signed_base: &RequestSpec,
    group: &Group,
    candidate: &[Fragment],
) -> RequestSpec {
    let mut spec = if group.dims.contains(&Dim::Principal) {
        base.clone()
    } else {
        signed_base.clone()
    };
    for f in candidate {
        f.apply(&mut spec);
    }
    spec
}

/// Where a clause holds among a text field's values: its answers on an
/// absent value, on a value inside its atom and on one outside, found by
/// the evaluator on the signed base request (a clause reads its field only
/// through those). `None` when `part` is not one of the field's clauses.
#[allow(clippy::too_many_arguments)]
fn text_holds(
    atoms: &BTreeMap<ClauseAt, Option<Glob>>,
    field: &Rc<TextField>,
    signed_base: &RequestSpec,
    group: &Group,
    (p, s): (usize, usize),
    statement: &CompiledStatement,
    part: Part,
    now: Timestamp,
) -> Option<TextSet> {
    let Part::Clause(b, c) = part else {
        return None;
    };
    let atom = match atoms.get(&(p, s, b, c))? {
        Some(glob) => Some(field.atom(glob)?),
        None => None,
    };
    let holds = |values: Option<Vec<String>>| {
        // Resolving a request and evaluating the clause: work as a
        // candidate's is (its answer is the meter's, read by every question).
        charge(256);
        let mut spec = signed_base.clone();
        for f in group.candidates.first().into_iter().flatten() {
            f.apply(&mut spec);
        }
        field.fragment(values).apply(&mut spec);
        Request::resolve(spec, now).is_ok_and(|r| statement.part_holds(part, &r))
    };
    let (inside, outside) = match atom {
        Some(a) => (field.witness(&[(a, true)]), field.witness(&[(a, false)])),
        None => (field.witness(&[]), None),
    };
    // A set of values: also one inside and one outside together.
    let both = match (&inside, &outside) {
        (Some(i), Some(o)) if field.is_set() => Some(holds(Some(vec![i.clone(), o.clone()]))),
        _ => None,
    };
    let answers = Answers {
        // A field every request has (a network's) is never absent.
        absent: field.is_optional() && holds(None),
        inside: inside.map(|v| holds(Some(vec![v]))),
        outside: outside.map(|v| holds(Some(vec![v]))),
        both,
    };
    TextSet::of_clause(field, atom, answers)
}

/// The points of `groups`' space that are requests (see [`Pass::valid`]).
fn valid_cubes(groups: &[Group]) -> Vec<Cube> {
    let full = || -> Cube { groups.iter().map(Group::full).collect() };
    let has_tags = groups
        .iter()
        .any(|g| g.dims.iter().any(|d| matches!(d, Dim::PrincipalTag(_))));
    if !has_tags {
        return vec![full()];
    }
    let cube_of = |anonymous: bool, keep: &dyn Fn(&Fragment) -> bool| -> Cube {
        groups
            .iter()
            .map(|g| {
                // A text field split by its clauses: a caller's tag is
                // absent for an anonymous caller; any other (a header, a
                // service tag) is every value for both.
                if let Some(field) = &g.text {
                    return if anonymous && field.is_principal_tag() {
                        Coord::Text(TextSet::absent_only(field))
                    } else {
                        g.full()
                    };
                }
                let mut set = BitSet::empty(g.candidates.len());
                for (i, c) in g.candidates.iter().enumerate() {
                    if c.iter().all(keep) {
                        set.insert(i);
                    }
                }
                Coord::Set(set)
            })
            .collect()
    };
    let anonymous = cube_of(true, &|f| {
        !matches!(
            f,
            Fragment::Principal(Some(_)) | Fragment::PrincipalTag(_, Some(_))
        )
    });
    let signed = cube_of(false, &|f| !f.is_anonymous());
    [anonymous, signed]
        .into_iter()
        .filter(|c| !c.iter().any(Coord::is_empty))
        .collect()
}

/// Groups dimensions that some part reads together (union-find over small sets).
pub(super) fn group_dims(reads: &[(usize, usize, Part, Vec<Dim>)]) -> Vec<Vec<Dim>> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load_str, LoadOptions};

    #[test]
    fn fields_read_together_form_one_group() {
        let reads = vec![
            (0, 0, Part::Principal, vec![Dim::Principal]),
            (0, 0, Part::Clause(0, 0), vec![Dim::Vpc]),
            (
                0,
                1,
                Part::Clause(0, 0),
                vec![Dim::Header("a".into()), Dim::Vpc],
            ),
            (0, 1, Part::Resource, vec![Dim::Target]),
        ];
        assert_eq!(
            group_dims(&reads),
            vec![
                vec![Dim::Principal],
                vec![Dim::Target],
                vec![Dim::Vpc, Dim::Header("a".into())],
            ]
        );
    }

    #[test]
    fn a_header_of_many_clauses_is_split_by_them() {
        let statements: Vec<String> = (0..40)
            .map(|i| {
                format!(
                    r#"{{"Effect":"{}","Principal":"*","Action":"*","Resource":"*","Condition":{{"StringLike":{{"vpc-lattice-svcs:RequestHeader/x":"*a{i}*b*{i}*"}}}}}}"#,
                    if i % 3 == 0 { "Deny" } else { "Allow" }
                )
            })
            .collect();
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
            statements.join(",")
        );
        let policy = load_str("t.json", &text, LoadOptions::default())
            .policy
            .unwrap();
        // A debug build on a loaded machine: time is no part of what is tested.
        let mut setups = crate::analysis::Setups::new();
        let setup = setups.add(crate::analysis::Layers::service(&policy));
        let budget = crate::analysis::Budget {
            time: std::time::Duration::from_secs(600),
            ..crate::analysis::Budget::DEFAULT
        };
        let analysis =
            crate::analysis::Analysis::with_budget(setups, crate::analysis::CHECK_TIME, budget);
        let https = analysis
            .passes
            .iter()
            .find(|p| p.protocol == Protocol::Https)
            .unwrap();
        assert!(https.groups.iter().any(|g| g.text.is_some()));
        assert!(analysis.inexact().is_empty(), "{:?}", analysis.inexact());
        let fates = analysis.statement_fates(setup);
        assert!(analysis.inexact().is_empty(), "{:?}", analysis.inexact());
        // `*a31*b*31*` lies inside the Deny `*a3*b*3*`; `*a1*b*1*` is
        // inside no Deny, and no other Allow covers it.
        assert_eq!(
            fates.get(31),
            Some(&crate::analysis::StatementFate::Overridden)
        );
        assert_eq!(fates.get(1), Some(&crate::analysis::StatementFate::Live));
        // `*a10*b*10*` lies inside `*a1*b*1*`, an Allow before it.
        assert_eq!(
            fates.get(10),
            Some(&crate::analysis::StatementFate::RedundantWith(1))
        );
        assert!(matches!(
            analysis.anonymous_allowed(setup),
            crate::analysis::Answer::Found(_)
        ));
    }

    #[test]
    fn a_caller_tag_of_many_clauses_is_split_by_them() {
        // The header test's shape on `aws:PrincipalTag/team`, and one
        // statement that lets anonymous callers in only with the tag: an
        // anonymous caller has no tags, so none gets in.
        let mut statements: Vec<String> = (0..40)
            .map(|i| {
                format!(
                    r#"{{"Effect":"{}","Principal":"*","Action":"*","Resource":"*","Condition":{{"StringLike":{{"aws:PrincipalTag/team":"*a{i}*b*{i}*"}}}}}}"#,
                    if i % 3 == 0 { "Deny" } else { "Allow" }
                )
            })
            .collect();
        statements.push(
            r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalType":"Anonymous"},"StringLike":{"aws:ResourceTag/env":"*"}}}"#
                .to_owned(),
        );
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
            statements.join(",")
        );
        let policy = load_str("t.json", &text, LoadOptions::default())
            .policy
            .unwrap();
        let mut setups = crate::analysis::Setups::new();
        let setup = setups.add(crate::analysis::Layers::service(&policy));
        let analysis = crate::analysis::Analysis::new(setups, crate::analysis::CHECK_TIME);
        let https = analysis
            .passes
            .iter()
            .find(|p| p.protocol == Protocol::Https)
            .unwrap();
        assert!(https
            .groups
            .iter()
            .any(|g| g.text.as_ref().is_some_and(|f| f.is_principal_tag())));
        let fates = analysis.statement_fates(setup);
        assert!(analysis.inexact().is_empty(), "{:?}", analysis.inexact());
        assert_eq!(
            fates.get(31),
            Some(&crate::analysis::StatementFate::Overridden)
        );
        assert_eq!(fates.get(1), Some(&crate::analysis::StatementFate::Live));
        assert_eq!(
            fates.get(10),
            Some(&crate::analysis::StatementFate::RedundantWith(1))
        );
        // Anonymous callers get in through the last statement only, with
        // any service tag `env`; never through a caller's tag.
        let crate::analysis::Answer::Found(witness) = analysis.anonymous_allowed(setup) else {
            panic!("an anonymous caller gets in through the last statement");
        };
        assert!(witness.spec.service_tags.contains_key("env"), "{witness:?}");
        assert!(analysis.inexact().is_empty(), "{:?}", analysis.inexact());
    }

    #[test]
    fn a_source_vpc_of_many_clauses_is_split_by_them() {
        // The bench's `stars-vpc-each` shape (fewer statements) on the
        // source VPC, which every request has: never absent, and its two
        // lengths of id one domain. `vpc-*a31*b*` lies inside the Deny
        // `vpc-*a3*b*`, `vpc-*a10*b*` inside the Allow `vpc-*a1*b*`.
        let statements: Vec<String> = (0..40)
            .map(|i| {
                format!(
                    r#"{{"Effect":"{}","Principal":"*","Action":"*","Resource":"*","Condition":{{"StringLike":{{"vpc-lattice-svcs:SourceVpc":"vpc-*a{i}*b*"}}}}}}"#,
                    if i % 3 == 0 { "Deny" } else { "Allow" }
                )
            })
            .collect();
        let text = format!(
            r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
            statements.join(",")
        );
        let policy = load_str("t.json", &text, LoadOptions::default())
            .policy
            .unwrap();
        let mut setups = crate::analysis::Setups::new();
        let setup = setups.add(crate::analysis::Layers::service(&policy));
        let budget = crate::analysis::Budget {
            time: std::time::Duration::from_secs(600),
            ..crate::analysis::Budget::DEFAULT
        };
        let analysis =
            crate::analysis::Analysis::with_budget(setups, crate::analysis::CHECK_TIME, budget);
        let https = analysis
            .passes
            .iter()
            .find(|p| p.protocol == Protocol::Https)
            .unwrap();
        assert!(https
            .groups
            .iter()
            .any(|g| g.text.as_ref().is_some_and(|f| f.is_network())));
        let fates = analysis.statement_fates(setup);
        assert!(analysis.inexact().is_empty(), "{:?}", analysis.inexact());
        assert_eq!(
            fates.get(31),
            Some(&crate::analysis::StatementFate::Overridden)
        );
        assert_eq!(fates.get(1), Some(&crate::analysis::StatementFate::Live));
        assert_eq!(
            fates.get(10),
            Some(&crate::analysis::StatementFate::RedundantWith(1))
        );
        let crate::analysis::Answer::Found(witness) = analysis.anonymous_allowed(setup) else {
            panic!("anonymous callers get in from some VPCs");
        };
        let vpc = witness.spec.source_vpc.clone().unwrap_or_default();
        assert!(crate::keys::Domain::VpcId.contains(&vpc), "{vpc}");
        // Every Allow names its VPCs: none gets in from a VPC no policy names.
        let unnamed = crate::analysis::Question::new(crate::analysis::Callers::Anyone)
            .from(crate::analysis::Networks::Unnamed);
        assert_eq!(
            analysis.ask(setup, &unnamed),
            crate::analysis::Answer::NoRequest
        );
        assert!(analysis.inexact().is_empty(), "{:?}", analysis.inexact());
    }

    #[test]
    fn a_statement_cube_holds_the_values_its_parts_accept() {
        let policy = load_str(
            "t.json",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"GET"}}},{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"vpc-lattice-svcs:RequestMethod":"get"}}}]}"#,
            LoadOptions::default(),
        )
        .policy
        .unwrap();
        let compiled = [CompiledPolicy::compile(&policy)];
        let reads = vec![
            (0, 0, Part::Clause(0, 0), vec![Dim::Method]),
            (0, 1, Part::Clause(0, 0), vec![Dim::Method]),
        ];
        let dims: BTreeSet<Dim> = [Dim::Method].into();
        let space = Space::build_all(
            &[&policy],
            &dims,
            &dims,
            &[Protocol::Https],
            Timestamp::from_millis(0),
        )
        .pop()
        .unwrap();
        let mut inexact = BTreeSet::new();
        let pass = Pass::build(
            &space,
            &group_dims(&reads),
            &reads,
            &compiled,
            crate::analysis::CHECK_TIME,
            &mut inexact,
        );
        assert!(inexact.is_empty(), "{inexact:?}");
        let get = pass.cube(0, 0).unwrap();
        let methods: Vec<&Vec<Fragment>> = get
            .first()
            .unwrap()
            .as_set()
            .unwrap()
            .iter()
            .filter_map(|i| pass.groups.first()?.candidates.get(i))
            .collect();
        assert_eq!(methods, [&vec![Fragment::Method("GET".into())]]);
        // Methods are upper case: `get` is no request's method.
        assert!(pass.cube(0, 1).is_none());
        let spec = pass.spec_at(get, &pass.first_point(get));
        assert_eq!(spec.method.as_deref(), Some("GET"));
    }
}
