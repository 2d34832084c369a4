//! A text field described by the clauses its value satisfies, instead of
//! the list of its classes: a header, a caller's or the service's tag, or a
//! query key (a set of values).
//!
//! A header's classes are the combinations of patterns some string matches,
//! and with many distinct clauses on one header (one pattern per statement,
//! say) those are exponentially many: a string can contain any subset of
//! `a0` … `a60`. A box over enumerated classes cannot hold that. But a
//! single-valued text field is read by each clause only through "is it
//! absent" and "does it match one of the clause's patterns" (the clause's
//! union, an *atom*), so a set of its values is described exactly by
//! whether it holds "absent" and a conjunction of atoms, each required or
//! forbidden ([`TextSet`]); the difference of two such sets is a few
//! disjoint ones. Whether a conjunction holds any string is decided when
//! asked, by a product search over its atoms alone ([`glob::satisfy`]),
//! remembered, and cut short when a required atom lies inside a forbidden
//! one ([`Glob::implies`]). The questions the analysis asks name few atoms
//! at a time, so the searches stay small where the list of classes would
//! not.
//!
//! A query key holds a set of values, and a set operator reads it per
//! value: `ForAnyValue:` asks that some value be inside the clause's atom,
//! `ForAllValues:` that every one be. So a set of query values is
//! described by literals "some value satisfies" ([`Lit::every`] false)
//! and "every value satisfies" (true), each of one atom, required or
//! forbidden; the negation of one is the other kind, forbidden instead of
//! required. Such a conjunction holds a non-empty set exactly when the
//! "every" literals together hold a string, and each "some" literal does
//! with them: the set of those strings is a witness.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

use super::glob::{self, Glob, Satisfied};
use super::space::Fragment;
use crate::eval::request::{
    DEFAULT_SERVICE_NETWORK, DEFAULT_SOURCE_VPC, DEFAULT_SOURCE_VPC_OWNER_ACCOUNT,
};

/// One literal of a string conjunction: an atom, required (`true`) or
/// forbidden.
type Literal = (u32, bool);

/// One literal of a [`TextSet`]: of a header's value, or (a query key) of
/// some value of the set or of every value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Lit {
    atom: u32,
    /// Every value of the set satisfies it (only for a set of values).
    every: bool,
    /// The value is inside the atom (or, false, outside it).
    inside: bool,
}

impl Lit {
    /// The literal that holds exactly where this one does not: for one
    /// value, outside instead of inside; for a set, "some value outside"
    /// is "not every value inside".
    fn not(self, set: bool) -> Lit {
        Lit {
            atom: self.atom,
            every: set && !self.every,
            inside: !self.inside,
        }
    }
}

/// Which field a [`TextField`] is. Every optional text field the
/// analysis gives a dimension of its own to can be one: what the
/// mechanism needs is a field read alone, absent or holding one value (or,
/// a query key, a set of values), by clauses of patterns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum TextKind {
    /// A header, by lower-case name: one value.
    Header(String),
    /// A query key: a set of values.
    Query(String),
    /// A tag of a signed caller (`aws:PrincipalTag/<key>`): one value, and
    /// only ever absent for an anonymous caller (see `Pass::valid`).
    PrincipalTag(String),
    /// A tag of the service (`aws:ResourceTag/<key>`): one value.
    ServiceTag(String),
    /// The source VPC: one value, never absent.
    Vpc,
    /// The source VPC's owner account: one value, never absent.
    VpcOwner,
    /// The service network's ARN: one value, never absent.
    Network,
}

/// A text field split symbolically: which field, its atoms (one per
/// distinct clause), its domain, and what is known of its conjunctions.
pub(crate) struct TextField {
    kind: TextKind,
    atoms: Vec<Glob>,
    domain: Glob,
    /// Each conjunction asked about: a string that satisfies it, or `None`.
    known: RefCell<HashMap<Vec<Literal>, Option<String>>>,
    /// Whether atom `a` lies inside atom `b`, by `(a, b)`.
    inside: RefCell<HashMap<(u32, u32), bool>>,
    /// Set when a search reached its bound: an empty answer may be wrong.
    unsure: Cell<bool>,
}

impl fmt::Debug for TextField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TextField({:?}, {} atoms)", self.kind, self.atoms.len())
    }
}

impl TextField {
    /// The field `kind`, read by clauses whose patterns are `atoms`, over
    /// the strings of `domain`.
    pub(crate) fn new(kind: TextKind, atoms: Vec<Glob>, domain: Glob) -> Rc<TextField> {
        Rc::new(TextField {
            kind,
            atoms,
            domain,
            known: RefCell::new(HashMap::new()),
            inside: RefCell::new(HashMap::new()),
            unsure: Cell::new(false),
        })
    }

    /// The atom of a clause whose patterns' union is `glob`.
    pub(crate) fn atom(&self, glob: &Glob) -> Option<u32> {
        let at = self.atoms.iter().position(|a| a == glob)?;
        u32::try_from(at).ok()
    }

    /// True once a search reached its bound: some set may have been taken
    /// for empty that is not.
    pub(crate) fn unsure(&self) -> bool {
        self.unsure.get()
    }

    /// True for a set of values (a query key).
    pub(crate) fn is_set(&self) -> bool {
        matches!(self.kind, TextKind::Query(_))
    }

    /// The field's value as a request fragment (a header takes the first
    /// of `values`).
    pub(crate) fn fragment(&self, values: Option<Vec<String>>) -> Fragment {
        match &self.kind {
            TextKind::Header(name) => {
                Fragment::Header(name.clone(), values.and_then(|v| v.into_iter().next()))
            }
            TextKind::Query(key) => Fragment::Query(key.clone(), values),
            TextKind::PrincipalTag(key) => {
                Fragment::PrincipalTag(key.clone(), values.and_then(|v| v.into_iter().next()))
            }
            TextKind::ServiceTag(key) => {
                Fragment::ServiceTag(key.clone(), values.and_then(|v| v.into_iter().next()))
            }
            // A field every request has: "absent" is the request's default.
            TextKind::Vpc => Fragment::Vpc(first_or(values, DEFAULT_SOURCE_VPC)),
            TextKind::VpcOwner => {
                Fragment::VpcOwner(first_or(values, DEFAULT_SOURCE_VPC_OWNER_ACCOUNT))
            }
            TextKind::Network => Fragment::Network(first_or(values, DEFAULT_SERVICE_NETWORK)),
        }
    }

    /// True for a field a request may lack (every kind but the networks',
    /// which every request has): only such a field's sets hold "absent".
    pub(crate) fn is_optional(&self) -> bool {
        !self.is_network()
    }

    /// True for a source VPC, its owner or a service network: the fields
    /// a question about networks no policy names reads.
    pub(crate) fn is_network(&self) -> bool {
        matches!(
            self.kind,
            TextKind::Vpc | TextKind::VpcOwner | TextKind::Network
        )
    }

    /// True for a caller's tag, which an anonymous caller never has.
    pub(crate) fn is_principal_tag(&self) -> bool {
        matches!(self.kind, TextKind::PrincipalTag(_))
    }

    /// A string satisfying `literals` (sorted by atom, each atom once), or
    /// `None` when there is none.
    pub(crate) fn witness(&self, literals: &[Literal]) -> Option<String> {
        if let Some(known) = self.known.borrow().get(literals) {
            return known.clone();
        }
        let found = self.search(literals);
        // The conjunction and its witness, for the analysis budget.
        super::budget::charge(literals.len() * 8 + found.as_ref().map_or(0, String::len) + 96);
        self.known
            .borrow_mut()
            .insert(literals.to_vec(), found.clone());
        found
    }

    fn search(&self, literals: &[Literal]) -> Option<String> {
        let required: Vec<u32> = literals.iter().filter(|l| l.1).map(|l| l.0).collect();
        let forbidden: Vec<u32> = literals.iter().filter(|l| !l.1).map(|l| l.0).collect();
        // A required atom inside a forbidden one: nothing.
        if required
            .iter()
            .any(|&r| forbidden.iter().any(|&f| self.is_inside(r, f)))
        {
            return None;
        }
        // A forbidden atom inside another forbidden one adds nothing.
        let forbidden: Vec<u32> = forbidden
            .iter()
            .enumerate()
            .filter(|&(i, &f)| {
                !forbidden.iter().enumerate().any(|(j, &g)| {
                    j != i && self.is_inside(f, g) && (j < i || !self.is_inside(g, f))
                })
            })
            .map(|(_, &f)| f)
            .collect();
        let pick = |atoms: &[u32]| -> Vec<&Glob> {
            atoms
                .iter()
                .filter_map(|&a| self.atoms.get(a as usize))
                .collect()
        };
        match glob::satisfy(
            &pick(&required),
            &pick(&forbidden),
            &self.domain,
            &["example".to_owned()],
        ) {
            Satisfied::Found(text) => Some(text),
            Satisfied::Empty => None,
            Satisfied::Unsure => {
                self.unsure.set(true);
                None
            }
        }
    }

    /// True when atom `a`'s strings are all atom `b`'s (false when unsure).
    fn is_inside(&self, a: u32, b: u32) -> bool {
        if let Some(&known) = self.inside.borrow().get(&(a, b)) {
            return known;
        }
        let inside = match (self.atoms.get(a as usize), self.atoms.get(b as usize)) {
            (Some(x), Some(y)) => x.implies(y),
            _ => false,
        };
        self.inside.borrow_mut().insert((a, b), inside);
        inside
    }
}

/// A set of values of a [`TextField`]: "absent" or not, and the present
/// values satisfying a conjunction of atoms (`None`: no present value;
/// an empty conjunction: every one).
#[derive(Clone)]
pub(crate) struct TextSet {
    field: Rc<TextField>,
    absent: bool,
    present: Option<Vec<Lit>>,
}

impl fmt::Debug for TextSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TextSet(absent: {}, {:?})", self.absent, self.present)
    }
}

impl PartialEq for TextSet {
    fn eq(&self, other: &TextSet) -> bool {
        Rc::ptr_eq(&self.field, &other.field)
            && self.absent == other.absent
            && self.present == other.present
    }
}

impl Eq for TextSet {}

impl TextSet {
    /// Every value of `field`, absent included where the field can be.
    pub(crate) fn full(field: &Rc<TextField>) -> TextSet {
        TextSet {
            field: Rc::clone(field),
            absent: field.is_optional(),
            present: Some(Vec::new()),
        }
    }

    /// The values of `field` inside none of its atoms: for a network
    /// field, the networks no policy names (every atom is a clause's
    /// patterns, so a value outside all of them is matched by none).
    pub(crate) fn outside_every_atom(field: &Rc<TextField>) -> TextSet {
        let set = field.is_set();
        let present = (0..field.atoms.len())
            .filter_map(|a| u32::try_from(a).ok())
            .map(|atom| Lit {
                atom,
                // Of a set: no value inside, so every value outside.
                every: set,
                inside: false,
            })
            .collect();
        TextSet {
            field: Rc::clone(field),
            absent: field.is_optional(),
            present: Some(present),
        }
    }

    /// Only the absent value of `field` (an anonymous caller's tags, or a
    /// caller lacking the tag key).
    pub(crate) fn absent_only(field: &Rc<TextField>) -> TextSet {
        TextSet {
            field: Rc::clone(field),
            absent: true,
            present: None,
        }
    }

    /// The values for which a clause holds, from its answers (see
    /// [`Answers`]). Without an atom (a `Null` clause, which reads
    /// presence alone), `inside` is any present value's answer. `None`
    /// when the answers are none that one literal gives (a set read so
    /// that it matters whether it holds values on both sides at once).
    pub(crate) fn of_clause(
        field: &Rc<TextField>,
        atom: Option<u32>,
        answers: Answers,
    ) -> Option<TextSet> {
        let Answers {
            absent,
            inside,
            outside,
            both,
        } = answers;
        let lit = |every: bool, inside: bool| {
            atom.map(|atom| {
                vec![Lit {
                    atom,
                    every,
                    inside,
                }]
            })
        };
        let present = match (inside, outside, both) {
            (Some(true) | None, Some(true) | None, Some(true) | None)
                if inside.or(outside).is_some() =>
            {
                Some(Vec::new())
            }
            (Some(false) | None, Some(false) | None, Some(false) | None) => None,
            // One value (a header; or a set, the same either way).
            (Some(true), Some(false), None) => Some(lit(false, true)?),
            (Some(false), Some(true), None) => Some(lit(false, false)?),
            // A set: some value inside, or outside; every value inside, or outside.
            (Some(true), Some(false), Some(true)) => Some(lit(false, true)?),
            (Some(false), Some(true), Some(true)) => Some(lit(false, false)?),
            (Some(true), Some(false), Some(false)) => Some(lit(true, true)?),
            (Some(false), Some(true), Some(false)) => Some(lit(true, false)?),
            _ => return None,
        };
        Some(TextSet {
            field: Rc::clone(field),
            absent,
            present,
        })
    }

    /// The field's value `values` as a request fragment.
    pub(crate) fn fragment(&self, values: Option<Vec<String>>) -> Fragment {
        self.field.fragment(values)
    }

    /// No value of the same field.
    pub(crate) fn none(&self) -> TextSet {
        self.with(false, None)
    }

    /// The values in both.
    pub(crate) fn and(&self, other: &TextSet) -> TextSet {
        let set = self.field.is_set();
        let present = match (&self.present, &other.present) {
            (Some(a), Some(b)) => conjoin(a, b, set),
            _ => None,
        };
        TextSet {
            field: Rc::clone(&self.field),
            absent: self.absent && other.absent,
            present,
        }
    }

    /// The values of `self` outside `other`, as disjoint sets (none empty
    /// by its literals alone; a search may still find one empty).
    pub(crate) fn and_not(&self, other: &TextSet) -> Vec<TextSet> {
        let mut pieces: Vec<TextSet> = Vec::new();
        let absent = self.absent && !other.absent;
        let set = self.field.is_set();
        if let Some(mine) = &self.present {
            match &other.present {
                None => pieces.push(self.with(false, Some(mine.clone()))),
                Some(theirs) => {
                    // Outside `l1 ∧ … ∧ lk`: ¬l1, or l1 ∧ ¬l2, or …
                    let mut prefix: Vec<Lit> = Vec::new();
                    for &lit in theirs {
                        let negated = [lit.not(set)];
                        if let Some(piece) = conjoin(mine, &prefix, set)
                            .and_then(|with_prefix| conjoin(&with_prefix, &negated, set))
                        {
                            pieces.push(self.with(false, Some(piece)));
                        }
                        prefix.push(lit);
                        prefix.sort_unstable();
                    }
                }
            }
        }
        if absent {
            // The absent value joins the first piece (it is in none of them).
            match pieces.first_mut() {
                Some(first) => first.absent = true,
                None => pieces.push(self.with(true, None)),
            }
        }
        pieces
    }

    fn with(&self, absent: bool, present: Option<Vec<Lit>>) -> TextSet {
        TextSet {
            field: Rc::clone(&self.field),
            absent,
            present,
        }
    }

    /// True when no value is in the set.
    pub(crate) fn is_empty(&self) -> bool {
        !self.absent && self.present_value().is_none()
    }

    /// True when every value is.
    pub(crate) fn is_full(&self) -> bool {
        (self.absent || !self.field.is_optional())
            && self.present.as_ref().is_some_and(Vec::is_empty)
    }

    /// True when every value of `self` is in `other`.
    pub(crate) fn is_subset(&self, other: &TextSet) -> bool {
        self.and_not(other).iter().all(TextSet::is_empty)
    }

    /// A present value of the set (for a header, one string; for a query
    /// key, its values), if it has one.
    fn present_value(&self) -> Option<Vec<String>> {
        let literals = self.present.as_ref()?;
        let plain = |l: &Lit| (l.atom, l.inside);
        if !self.field.is_set() {
            let literals: Vec<Literal> = literals.iter().map(plain).collect();
            return self.field.witness(&literals).map(|w| vec![w]);
        }
        // Every value satisfies the "every" literals; each "some" literal
        // needs a value that satisfies it with them.
        let every: Vec<Literal> = literals.iter().filter(|l| l.every).map(plain).collect();
        let mut values: Vec<String> = Vec::new();
        for some in literals.iter().filter(|l| !l.every) {
            let with = conjoin_plain(&every, plain(some))?;
            let value = self.field.witness(&with)?;
            if !values.contains(&value) {
                values.push(value);
            }
        }
        if values.is_empty() {
            values.push(self.field.witness(&every)?);
        }
        Some(values)
    }

    /// The set's values to try, each standing for its kind: absent first
    /// (the field's default), then a present one.
    pub(crate) fn values(&self) -> Vec<Option<Vec<String>>> {
        let mut out = Vec::new();
        if self.absent {
            out.push(None);
        }
        if let Some(value) = self.present_value() {
            out.push(Some(value));
        }
        out
    }

    /// The bytes the set takes, for the budget.
    pub(crate) fn bytes(&self) -> usize {
        self.present.as_ref().map_or(0, |p| p.len() * 8) + 48
    }
}

/// The first of `values`, or `default` when there is none.
fn first_or(values: Option<Vec<String>>, default: &str) -> String {
    values
        .and_then(|v| v.into_iter().next())
        .unwrap_or_else(|| default.to_owned())
}

/// Both conjunctions at once (sorted, each literal once); `None` when one
/// literal is the negation of another (of one value, an atom both ways;
/// of a set, some value outside where every one is inside).
fn conjoin(a: &[Lit], b: &[Lit], set: bool) -> Option<Vec<Lit>> {
    let mut out: Vec<Lit> = a.iter().chain(b).copied().collect();
    out.sort_unstable();
    out.dedup();
    if out.iter().any(|l| out.binary_search(&l.not(set)).is_ok()) {
        return None;
    }
    Some(out)
}

/// A string conjunction and one literal more (sorted, each atom once);
/// `None` when it wants an atom both ways.
fn conjoin_plain(a: &[Literal], lit: Literal) -> Option<Vec<Literal>> {
    let mut out: Vec<Literal> = a.to_vec();
    out.push(lit);
    out.sort_unstable();
    out.dedup();
    if out.windows(2).any(|w| matches!(w, [x, y] if x.0 == y.0)) {
        return None;
    }
    Some(out)
}

/// A clause's answers on the values a text field can take, as far as its
/// atom tells them apart: absent; one value inside the atom; one outside;
/// and, for a set, one of each (`None` where the field cannot take such
/// a value, or for one value, "both").
#[derive(Clone, Copy, Debug)]
pub(crate) struct Answers {
    /// On an absent field.
    pub(crate) absent: bool,
    /// On a value inside the atom.
    pub(crate) inside: Option<bool>,
    /// On a value outside it.
    pub(crate) outside: Option<bool>,
    /// On a set of one value inside and one outside.
    pub(crate) both: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::glob::Shape;

    fn field(patterns: &[&str]) -> Rc<TextField> {
        TextField::new(
            TextKind::Header("x".into()),
            patterns
                .iter()
                .map(|p| Glob::union(&[Glob::wildcard(p, false)]).unwrap())
                .collect(),
            Glob::domain(&[Shape::Anything]),
        )
    }

    #[test]
    fn differences_are_disjoint_and_exact() {
        let f = field(&["*a*", "*b*", "*c*"]);
        let answers = |absent, inside, outside| Answers {
            absent,
            inside: Some(inside),
            outside: Some(outside),
            both: None,
        };
        let a = TextSet::of_clause(&f, Some(0), answers(false, true, false)).unwrap();
        let b = TextSet::of_clause(&f, Some(1), answers(true, true, false)).unwrap();
        let c = TextSet::of_clause(&f, Some(2), answers(false, false, true)).unwrap();
        let hole = b.and(&c);
        let lit = |atom, inside| Lit {
            atom,
            every: false,
            inside,
        };
        assert_eq!(hole.present, Some(vec![lit(1, true), lit(2, false)]));
        // `a` outside (`b` and not `c`): `a` and not `b`, or `a`, `b` and `c`.
        let pieces = TextSet::full(&f).and(&a).and_not(&hole);
        assert_eq!(pieces.len(), 2, "{pieces:?}");
        for piece in &pieces {
            let value = piece.values().pop().flatten().unwrap().remove(0);
            assert!(value.contains('a'), "{value}");
            assert!(!value.contains('b') || value.contains('c'), "{value}");
        }
        assert!(!pieces.iter().any(TextSet::is_empty));
        // The absent value is outside `a` and inside `b`: in no piece.
        assert!(pieces.iter().all(|p| !p.absent));
        assert!(TextSet::full(&f).and_not(&b).iter().all(|p| !p.absent));
        assert!(TextSet::full(&f).and_not(&a).iter().any(|p| p.absent));
        assert!(a.and(&a.and_not(&b)[0]).is_subset(&a));
        assert!(!a.is_subset(&b));
    }

    #[test]
    fn sets_of_values_read_by_some_and_every_value() {
        let f = TextField::new(
            TextKind::Query("q".into()),
            vec![
                Glob::union(&[Glob::wildcard("*a*", false)]).unwrap(),
                Glob::union(&[Glob::wildcard("*b*", false)]).unwrap(),
            ],
            Glob::domain(&[Shape::Anything]),
        );
        let set = |absent, inside, outside, both| Answers {
            absent,
            inside: Some(inside),
            outside: Some(outside),
            both: Some(both),
        };
        // ForAnyValue: some value has `a`; ForAllValues: every value has `b`.
        let any_a = TextSet::of_clause(&f, Some(0), set(false, true, false, true)).unwrap();
        let all_b = TextSet::of_clause(&f, Some(1), set(true, true, false, false)).unwrap();
        let both = any_a.and(&all_b);
        let values = both.values();
        assert_eq!(values.len(), 1, "{values:?}");
        let one = values[0].clone().unwrap();
        assert!(one.iter().any(|v| v.contains('a')) && one.iter().all(|v| v.contains('b')));
        // Some value with `a`, but not every value with `b`: another value
        // without `b`, or the one with `a` without it.
        let pieces = any_a.and_not(&all_b);
        assert!(!pieces.is_empty());
        for piece in &pieces {
            for values in piece.values().into_iter().flatten() {
                assert!(values.iter().any(|v| v.contains('a')), "{values:?}");
                assert!(!values.iter().all(|v| v.contains('b')), "{values:?}");
            }
        }
        // Every value with `a` and some value without: nothing.
        let all_a = TextSet::of_clause(&f, Some(0), set(true, true, false, false)).unwrap();
        let some_not_a = TextSet::of_clause(&f, Some(0), set(false, false, true, true)).unwrap();
        assert!(all_a.and(&some_not_a).is_empty());
        // A clause that holds for a mixed set but for neither alone is no literal.
        assert!(TextSet::of_clause(&f, Some(0), set(false, false, false, true)).is_none());
    }

    #[test]
    fn a_required_atom_inside_a_forbidden_one_is_empty() {
        // `*a625*b625*` is inside `*a62*b62*`: required and forbidden, no string.
        let f = field(&["*a625*b625*", "*a62*b62*", "*a7*"]);
        assert_eq!(f.witness(&[(0, true), (1, false)]), None);
        let found = f.witness(&[(0, true), (2, false)]).unwrap();
        assert!(found.contains("a625") && !found.contains("a7"), "{found}");
        let both = f.witness(&[(0, true), (2, true)]).unwrap();
        assert!(both.contains("a625") && both.contains("a7"), "{both}");
        // Inside, the other way round, is not empty.
        assert!(f.witness(&[(0, false), (1, true)]).is_some());
        assert!(!f.unsure());
    }
}
