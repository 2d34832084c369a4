//! A text field described by the clauses its value satisfies, instead of
//! the list of its classes.
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

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

use super::glob::{self, Glob, Satisfied};
use super::space::Fragment;

/// One literal of a conjunction: an atom, required (`true`) or forbidden.
type Literal = (u32, bool);

/// A text field split symbolically: its name, its atoms (one per distinct
/// clause), its domain, and what is known of its conjunctions.
pub(crate) struct TextField {
    /// The header's name (lower case).
    name: String,
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
        write!(f, "TextField({}, {} atoms)", self.name, self.atoms.len())
    }
}

impl TextField {
    /// The header `name`, read by clauses whose patterns are `atoms`, over
    /// the strings of `domain`.
    pub(crate) fn new(name: String, atoms: Vec<Glob>, domain: Glob) -> Rc<TextField> {
        Rc::new(TextField {
            name,
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

    /// The field's value as a request fragment.
    pub(crate) fn fragment(&self, value: Option<String>) -> Fragment {
        Fragment::Header(self.name.clone(), value)
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
    present: Option<Vec<Literal>>,
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
    /// Every value of `field`, absent included.
    pub(crate) fn full(field: &Rc<TextField>) -> TextSet {
        TextSet {
            field: Rc::clone(field),
            absent: true,
            present: Some(Vec::new()),
        }
    }

    /// The values for which a clause holds, from its answers on an absent
    /// value, a value inside its atom and one outside (`None` for a value
    /// the field cannot take). Without an atom (a `Null` clause, which
    /// reads presence alone), `inside` is any present value's answer.
    pub(crate) fn of_clause(
        field: &Rc<TextField>,
        atom: Option<u32>,
        absent: bool,
        inside: Option<bool>,
        outside: Option<bool>,
    ) -> TextSet {
        let present = match (atom, inside, outside) {
            (_, Some(true) | None, Some(true) | None) if inside.or(outside).is_some() => {
                Some(Vec::new())
            }
            (Some(a), Some(true), Some(false)) => Some(vec![(a, true)]),
            (Some(a), Some(false), Some(true)) => Some(vec![(a, false)]),
            _ => None,
        };
        TextSet {
            field: Rc::clone(field),
            absent,
            present,
        }
    }

    /// The field's value `value` as a request fragment.
    pub(crate) fn fragment(&self, value: Option<String>) -> Fragment {
        self.field.fragment(value)
    }

    /// No value of the same field.
    pub(crate) fn none(&self) -> TextSet {
        self.with(false, None)
    }

    /// The values in both.
    pub(crate) fn and(&self, other: &TextSet) -> TextSet {
        let present = match (&self.present, &other.present) {
            (Some(a), Some(b)) => conjoin(a, b),
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
        if let Some(mine) = &self.present {
            match &other.present {
                None => pieces.push(self.with(false, Some(mine.clone()))),
                Some(theirs) => {
                    // Outside `l1 ∧ … ∧ lk`: ¬l1, or l1 ∧ ¬l2, or …
                    let mut prefix: Vec<Literal> = Vec::new();
                    for &(atom, want) in theirs {
                        let negated = [(atom, !want)];
                        if let Some(piece) = conjoin(mine, &prefix)
                            .and_then(|with_prefix| conjoin(&with_prefix, &negated))
                        {
                            pieces.push(self.with(false, Some(piece)));
                        }
                        prefix.push((atom, want));
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

    fn with(&self, absent: bool, present: Option<Vec<Literal>>) -> TextSet {
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
        self.absent && self.present.as_ref().is_some_and(Vec::is_empty)
    }

    /// True when every value of `self` is in `other`.
    pub(crate) fn is_subset(&self, other: &TextSet) -> bool {
        self.and_not(other).iter().all(TextSet::is_empty)
    }

    /// A present value of the set, if it has one.
    fn present_value(&self) -> Option<String> {
        self.field.witness(self.present.as_ref()?)
    }

    /// The set's values to try, each standing for its kind: absent first
    /// (the field's default), then a present one.
    pub(crate) fn values(&self) -> Vec<Option<String>> {
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

/// Both conjunctions at once (sorted, each atom once); `None` when they
/// want an atom both ways.
fn conjoin(a: &[Literal], b: &[Literal]) -> Option<Vec<Literal>> {
    let mut out: Vec<Literal> = a.iter().chain(b).copied().collect();
    out.sort_unstable();
    out.dedup();
    if out.windows(2).any(|w| matches!(w, [x, y] if x.0 == y.0)) {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::glob::Shape;

    fn field(patterns: &[&str]) -> Rc<TextField> {
        TextField::new(
            "x".into(),
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
        let a = TextSet::of_clause(&f, Some(0), false, Some(true), Some(false));
        let b = TextSet::of_clause(&f, Some(1), true, Some(true), Some(false));
        let c = TextSet::of_clause(&f, Some(2), false, Some(false), Some(true));
        let hole = b.and(&c);
        assert_eq!(hole.present, Some(vec![(1, true), (2, false)]));
        // `a` outside (`b` and not `c`): `a` and not `b`, or `a`, `b` and `c`.
        let pieces = TextSet::full(&f).and(&a).and_not(&hole);
        assert_eq!(pieces.len(), 2, "{pieces:?}");
        for piece in &pieces {
            let value = piece.values().pop().flatten().unwrap();
            assert!(value.contains('a'), "{value}");
            assert!(!(value.contains('b') && !value.contains('c')), "{value}");
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
