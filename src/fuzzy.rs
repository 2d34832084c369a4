//! "Did you mean …?": the closest known word to a misspelt one.

/// The candidate closest to `word`: an exact match ignoring case first, then the
/// smallest edit distance (ignoring case), if it is small for the word's length.
pub fn best_match<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    if let Some(exact) = candidates.iter().find(|c| c.eq_ignore_ascii_case(word)) {
        return Some(exact);
    }
    let lower = word.to_ascii_lowercase();
    let length = word.chars().count();
    let limit = (length / 3).clamp(1, 4);
    candidates
        .iter()
        // The distance is at least the difference in length: most candidates
        // of a long list are ruled out without computing it.
        .filter(|c| c.chars().count().abs_diff(length) <= limit)
        .map(|c| (distance(&lower, &c.to_ascii_lowercase()), *c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Levenshtein distance, counting an adjacent swap as one edit (optimal string alignment).
pub fn distance(a: &str, b: &str) -> usize {
    if a.is_ascii() && b.is_ascii() {
        osa(a.as_bytes(), b.as_bytes())
    } else {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        osa(&a, &b)
    }
}

/// The optimal string alignment distance between two sequences.
fn osa<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let width = b.len() + 1;
    let mut rows = vec![0usize; (a.len() + 1) * width];
    let at = |i: usize, j: usize| i * width + j;
    for (i, cell) in rows.iter_mut().step_by(width).enumerate() {
        *cell = i;
    }
    for (j, cell) in rows.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let (ca, cb) = (a.get(i - 1), b.get(j - 1));
            let cost = usize::from(ca != cb);
            let get = |i, j| rows.get(at(i, j)).copied().unwrap_or(usize::MAX - 1);
            let mut best = (get(i - 1, j) + 1)
                .min(get(i, j - 1) + 1)
                .min(get(i - 1, j - 1) + cost);
            if i > 1 && j > 1 && ca == b.get(j - 2) && a.get(i - 2) == cb {
                best = best.min(get(i - 2, j - 2) + 1);
            }
            if let Some(cell) = rows.get_mut(at(i, j)) {
                *cell = best;
            }
        }
    }
    rows.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("effect", "effect"), 0);
        assert_eq!(distance("efect", "effect"), 1);
        assert_eq!(distance("reosurce", "resource"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("ab", "ba"), 1);
        // Characters, not bytes: `é` is one edit away from `e`.
        assert_eq!(distance("café", "cafe"), 1);
        assert_eq!(distance("caéf", "café"), 1);
    }

    #[test]
    fn suggestions() {
        let elements = [
            "Sid",
            "Effect",
            "Principal",
            "Action",
            "Resource",
            "Condition",
        ];
        assert_eq!(best_match("Efect", &elements), Some("Effect"));
        assert_eq!(best_match("effect", &elements), Some("Effect"));
        assert_eq!(best_match("Resouce", &elements), Some("Resource"));
        assert_eq!(best_match("Banana", &elements), None);
    }
}
