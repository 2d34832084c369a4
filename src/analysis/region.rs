//! Sets of requests as unions of boxes.
//!
//! The request space is a product of field groups, each with finitely many
//! classes. A [`Cube`] picks a set of classes for every group; the requests it
//! holds are every combination of them. Union, intersection and difference of
//! cubes are exact, and difference yields disjoint cubes.

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

/// One set of classes per field group.
pub type Cube = Vec<BitSet>;

/// The intersection of two cubes, `None` when it is empty.
pub fn intersect(a: &Cube, b: &Cube) -> Option<Cube> {
    let cube: Cube = a.iter().zip(b).map(|(x, y)| x.and(y)).collect();
    (!cube.iter().any(BitSet::is_empty)).then_some(cube)
}

/// True when `a` lies inside `b`.
pub fn is_subset(a: &Cube, b: &Cube) -> bool {
    a.iter().any(BitSet::is_empty) || a.iter().zip(b).all(|(x, y)| x.is_subset(y))
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
    if !crate::analysis::budget::charge(a.iter().map(|s| s.words() * 8 + 32).sum::<usize>() + 24) {
        *budget = 0;
        return;
    }
    let Some((hole, rest)) = holes.split_first() else {
        *budget -= 1;
        out.push(a);
        return;
    };
    if intersect(&a, hole).is_none() {
        subtract_into(a, rest, budget, out);
        return;
    }
    // Peel off, group by group, the part of `a` outside the hole.
    let mut inside = a;
    for g in 0..inside.len() {
        let (Some(mine), Some(theirs)) = (inside.get(g), hole.get(g)) else {
            continue;
        };
        let outside = mine.and_not(theirs);
        if outside.is_empty() {
            continue;
        }
        let kept = mine.and(theirs);
        let mut piece = inside.clone();
        if let Some(slot) = piece.get_mut(g) {
            *slot = outside;
        }
        subtract_into(piece, rest, budget, out);
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
                let a: Vec<usize> = c[0].iter().collect();
                let b: Vec<usize> = c[1].iter().collect();
                a.into_iter()
                    .flat_map(move |x| b.clone().into_iter().map(move |y| (x, y)))
            })
            .collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn full_sets_have_exactly_their_length() {
        assert_eq!(BitSet::full(70).iter().count(), 70);
        assert!(BitSet::full(64).is_full());
        assert!(BitSet::empty(3).is_empty());
    }

    #[test]
    fn subtraction_is_exact_and_disjoint() {
        let a = vec![BitSet::full(3), BitSet::full(3)];
        let holes = vec![
            vec![set(3, &[0]), set(3, &[0, 1])],
            vec![set(3, &[1, 2]), set(3, &[2])],
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
            .map(|c| c[0].iter().count() * c[1].iter().count())
            .sum();
        assert_eq!(total, want.len(), "pieces overlap");
    }
}
