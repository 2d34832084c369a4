//! Sets of requests as unions of boxes.
//!
//! The request space is a product of field groups, each with finitely many
//! classes, or (a text field with many distinct clauses) described by the
//! clauses its value satisfies ([`TextSet`]). A [`Cube`] picks a set of
//! values for every group ([`Coord`]); the requests it holds are every
//! combination of them. Union, intersection and difference of cubes are
//! exact, and difference yields disjoint cubes.

use super::text_sets::TextSet;

/// A set of class indices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BitSet {
    words: Vec<u64>,
    len: usize,
}

impl BitSet {
    /// Every index below `len`.
    pub fn full(len: usize) -> BitSet {
        let mut words = vec![u64::MAX; len.div_ceil(64)];
        if let Some(last) = words.last_mut() {
            let used = len % 64;
            if used != 0 {
                *last = (1u64 << used) - 1;
            }
        }
        BitSet { words, len }
    }

    /// No index.
    pub fn empty(len: usize) -> BitSet {
        BitSet {
            words: vec![0; len.div_ceil(64)],
            len,
        }
    }

    /// Removes `i`.
    pub fn clear(&mut self, i: usize) {
        if let Some(w) = self.words.get_mut(i / 64) {
            *w &= !(1u64 << (i % 64));
        }
    }

    /// Adds `i`.
    pub fn insert(&mut self, i: usize) {
        if let Some(w) = self.words.get_mut(i / 64) {
            *w |= 1u64 << (i % 64);
        }
    }

    /// True when `i` is in the set.
    pub fn contains(&self, i: usize) -> bool {
        self.words
            .get(i / 64)
            .is_some_and(|w| w & (1u64 << (i % 64)) != 0)
    }

    /// True when the set is empty.
    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|&w| w == 0)
    }

    /// True when every index below the length is in the set.
    pub fn is_full(&self) -> bool {
        *self == BitSet::full(self.len)
    }

    /// The intersection.
    pub fn and(&self, other: &BitSet) -> BitSet {
        BitSet {
            words: self
                .words
                .iter()
                .zip(&other.words)
                .map(|(a, b)| a & b)
                .collect(),
            len: self.len,
        }
    }

    /// The indices of `self` that are not in `other`.
    pub fn and_not(&self, other: &BitSet) -> BitSet {
        BitSet {
            words: self
                .words
                .iter()
                .zip(&other.words)
                .map(|(a, b)| a & !b)
                .collect(),
            len: self.len,
        }
    }

    /// True when the two sets share an index (without building their
    /// intersection).
    pub fn meets(&self, other: &BitSet) -> bool {
        self.words.iter().zip(&other.words).any(|(a, b)| a & b != 0)
    }

    /// True when every index of `self` is in `other`.
    pub fn is_subset(&self, other: &BitSet) -> bool {
        self.words
            .iter()
            .zip(&other.words)
            .all(|(a, b)| a & !b == 0)
    }

    /// The indices, in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len).filter(|&i| self.contains(i))
    }

    /// The 64-bit words the set takes.
    pub fn words(&self) -> usize {
        self.words.len()
    }

    /// The smallest index.
    pub fn first(&self) -> Option<usize> {
        self.iter().next()
    }
}

/// One field group's values in a cube: a set of its enumerated classes,
/// or a text field's values described by its clauses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Coord {
    /// These classes of the group.
    Set(BitSet),
    /// These values of a text field.
    Text(TextSet),
}

impl Coord {
    /// The values in both.
    pub fn and(&self, other: &Coord) -> Coord {
        match (self, other) {
            (Coord::Text(a), Coord::Text(b)) => Coord::Text(a.and(b)),
            (Coord::Set(a), Coord::Set(b)) => Coord::Set(a.and(b)),
            // Never mixed: a group is one or the other in every cube.
            (Coord::Set(a), Coord::Text(_)) => Coord::Set(BitSet::empty(a.len)),
            (Coord::Text(a), Coord::Set(_)) => Coord::Text(a.none()),
        }
    }

    /// The values of `self` outside `other`, as disjoint pieces (an
    /// enumerated set: one piece, or none).
    pub fn and_not(&self, other: &Coord) -> Vec<Coord> {
        match (self, other) {
            (Coord::Text(a), Coord::Text(b)) => a.and_not(b).into_iter().map(Coord::Text).collect(),
            (Coord::Set(a), Coord::Set(b)) => {
                let outside = a.and_not(b);
                if outside.is_empty() {
                    Vec::new()
                } else {
                    vec![Coord::Set(outside)]
                }
            }
            _ => vec![self.clone()],
        }
    }

    /// True when the coordinate holds no value.
    pub fn is_empty(&self) -> bool {
        match self {
            Coord::Set(s) => s.is_empty(),
            Coord::Text(t) => t.is_empty(),
        }
    }

    /// True when it holds every value of its group.
    pub fn is_full(&self) -> bool {
        match self {
            Coord::Set(s) => s.is_full(),
            Coord::Text(t) => t.is_full(),
        }
    }

    /// True when every value of `self` is in `other`.
    pub fn is_subset(&self, other: &Coord) -> bool {
        match (self, other) {
            (Coord::Set(a), Coord::Set(b)) => a.is_subset(b),
            (Coord::Text(a), Coord::Text(b)) => a.is_subset(b),
            _ => self.is_empty(),
        }
    }

    /// The enumerated classes, for a group that has them.
    pub fn as_set(&self) -> Option<&BitSet> {
        match self {
            Coord::Set(s) => Some(s),
            Coord::Text(_) => None,
        }
    }

    /// The bytes it takes, for the budget.
    pub fn bytes(&self) -> usize {
        match self {
            Coord::Set(s) => s.words() * 8 + 32,
            Coord::Text(t) => t.bytes(),
        }
    }
}

/// One set of values per field group.
pub type Cube = Vec<Coord>;

/// The intersection of two cubes, `None` when it is empty.
pub fn intersect(a: &Cube, b: &Cube) -> Option<Cube> {
    let cube: Cube = a.iter().zip(b).map(|(x, y)| x.and(y)).collect();
    // Enumerated groups first: their emptiness is a look at some words,
    // a text field's may be a search.
    let empty = cube
        .iter()
        .any(|c| c.as_set().is_some_and(BitSet::is_empty))
        || cube
            .iter()
            .any(|c| matches!(c, Coord::Text(t) if t.is_empty()));
    (!empty).then_some(cube)
}

/// True when the intersection of two cubes is not empty: [`intersect`]'s
/// test without building the cube. The subtraction asks it of every hole
/// for every piece, and most holes miss most pieces in their enumerated
/// groups, which this sees without allocating anything.
pub fn meets(a: &Cube, b: &Cube) -> bool {
    let sets_meet = a.iter().zip(b).all(|pair| match pair {
        (Coord::Set(x), Coord::Set(y)) => x.meets(y),
        _ => true,
    });
    sets_meet
        && a.iter().zip(b).all(|pair| match pair {
            (Coord::Text(x), Coord::Text(y)) => !x.and(y).is_empty(),
            (Coord::Set(_), Coord::Set(_)) => true,
            // Never mixed (see `Coord::and`).
            _ => false,
        })
}

/// True when `a` lies inside `b`.
pub fn is_subset(a: &Cube, b: &Cube) -> bool {
    a.iter().any(Coord::is_empty) || a.iter().zip(b).all(|(x, y)| x.is_subset(y))
}

/// `a` minus the union of `holes`, as disjoint cubes. `budget` bounds the
/// pieces made; when it runs out, it is left at 0 and the result is partial.
pub fn subtract(a: Cube, holes: &[Cube], budget: &mut usize) -> Vec<Cube> {
    let mut out = Vec::new();
    subtract_into(a, holes, budget, &mut out);
    out
}

fn subtract_into(a: Cube, holes: &[Cube], budget: &mut usize, out: &mut Vec<Cube>) {
    if *budget == 0 {
        return;
    }
    if !crate::analysis::budget::charge(a.iter().map(Coord::bytes).sum::<usize>() + 24) {
        *budget = 0;
        return;
    }
    let Some((hole, rest)) = holes.split_first() else {
        *budget -= 1;
        out.push(a);
        return;
    };
    if !meets(&a, hole) {
        subtract_into(a, rest, budget, out);
        return;
    }
    // Peel off, group by group, the part of `a` outside the hole.
    let mut inside = a;
    for g in 0..inside.len() {
        let (Some(mine), Some(theirs)) = (inside.get(g), hole.get(g)) else {
            continue;
        };
        // Enumerated classes, the common case, without a list of pieces.
        let (outside, kept) = match (mine, theirs) {
            (Coord::Set(m), Coord::Set(t)) => {
                let outside = m.and_not(t);
                let pieces = if outside.is_empty() {
                    Vec::new()
                } else {
                    vec![Coord::Set(outside)]
                };
                (pieces, Coord::Set(m.and(t)))
            }
            _ => (mine.and_not(theirs), mine.and(theirs)),
        };
        for outside in outside {
            if outside.is_empty() {
                continue;
            }
            let mut piece = inside.clone();
            if let Some(slot) = piece.get_mut(g) {
                *slot = outside;
            }
            subtract_into(piece, rest, budget, out);
        }
        if let Some(slot) = inside.get_mut(g) {
            *slot = kept;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(len: usize, items: &[usize]) -> BitSet {
        let mut s = BitSet::empty(len);
        for &i in items {
            s.insert(i);
        }
        s
    }

    fn points(cubes: &[Cube]) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = cubes
            .iter()
            .flat_map(|c| {
                let a: Vec<usize> = c[0].as_set().unwrap().iter().collect();
                let b: Vec<usize> = c[1].as_set().unwrap().iter().collect();
                a.into_iter()
                    .flat_map(move |x| b.clone().into_iter().map(move |y| (x, y)))
            })
            .collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn cubes_meet_exactly_when_their_intersection_is_not_empty() {
        let a = vec![Coord::Set(set(70, &[1, 65])), Coord::Set(set(3, &[0, 2]))];
        let b = vec![Coord::Set(set(70, &[65])), Coord::Set(set(3, &[2]))];
        let c = vec![Coord::Set(set(70, &[65])), Coord::Set(set(3, &[1]))];
        assert!(meets(&a, &b) && intersect(&a, &b).is_some());
        assert!(!meets(&a, &c) && intersect(&a, &c).is_none());
        assert!(!meets(&b, &c));
    }

    #[test]
    fn full_sets_have_exactly_their_length() {
        assert_eq!(BitSet::full(70).iter().count(), 70);
        assert!(BitSet::full(64).is_full());
        assert!(BitSet::empty(3).is_empty());
    }

    #[test]
    fn subtraction_is_exact_and_disjoint() {
        let a = vec![Coord::Set(BitSet::full(3)), Coord::Set(BitSet::full(3))];
        let holes = vec![
            vec![Coord::Set(set(3, &[0])), Coord::Set(set(3, &[0, 1]))],
            vec![Coord::Set(set(3, &[1, 2])), Coord::Set(set(3, &[2]))],
        ];
        let mut budget = 100;
        let pieces = subtract(a, &holes, &mut budget);
        let got = points(&pieces);
        let mut want = Vec::new();
        for x in 0..3 {
            for y in 0..3 {
                let in_hole = (x == 0 && y < 2) || (x > 0 && y == 2);
                if !in_hole {
                    want.push((x, y));
                }
            }
        }
        assert_eq!(got, want);
        let total: usize = pieces
            .iter()
            .map(|c| c[0].as_set().unwrap().iter().count() * c[1].as_set().unwrap().iter().count())
            .sum();
        assert_eq!(total, want.len(), "pieces overlap");
    }
}
