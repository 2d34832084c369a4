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
        .filter_map(|c| Some((distance_within(&lower, &c.to_ascii_lowercase(), limit)?, *c)))
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// The one candidate close to `word`, when there is exactly one: the only
/// match ignoring case, else the only candidate at the smallest edit
/// distance within [`best_match`]'s limit. A tie is `None`: a fix may only
/// apply a suggestion that has no rival.
pub fn unique_match<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let mut same_case = candidates.iter().filter(|c| c.eq_ignore_ascii_case(word));
    if let Some(first) = same_case.next() {
        return same_case.next().is_none().then_some(*first);
    }
    let lower = word.to_ascii_lowercase();
    let length = word.chars().count();
    let limit = (length / 3).clamp(1, 4);
    let scored: Vec<(usize, &str)> = candidates
        .iter()
        .filter(|c| c.chars().count().abs_diff(length) <= limit)
        .filter_map(|c| Some((distance_within(&lower, &c.to_ascii_lowercase(), limit)?, *c)))
        .collect();
    let best = scored.iter().map(|&(d, _)| d).min()?;
    let mut at_best = scored.iter().filter(|&&(d, _)| d == best);
    let (_, only) = at_best.next()?;
    at_best.next().is_none().then_some(*only)
}

/// The one candidate that `word` abbreviates part by part: both split at
/// `separator`, each part of `word` a prefix (ignoring case) of the
/// candidate's part in the same place, trailing parts of the candidate
/// allowed to be left out (`ANON_ACCESS` and `ANY_ACCOUNT` for
/// `ANONYMOUS_ACCESS` and `ANY_ACCOUNT_ACCESS`). Edit distance misses such
/// shortenings, since they drop many letters. `None` when no candidate or
/// several do.
pub fn abbreviated<'c>(word: &str, candidates: &[&'c str], separator: char) -> Option<&'c str> {
    let parts: Vec<String> = word
        .split(separator)
        .map(|p| p.to_ascii_lowercase())
        .collect();
    if parts.iter().any(String::is_empty) {
        return None;
    }
    let mut found = candidates.iter().filter(|c| {
        let theirs: Vec<String> = c.split(separator).map(|p| p.to_ascii_lowercase()).collect();
        theirs.len() >= parts.len() && theirs.iter().zip(&parts).all(|(t, p)| t.starts_with(p))
    });
    match (found.next(), found.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// Levenshtein distance, counting an adjacent swap as one edit (optimal string alignment).
pub fn distance(a: &str, b: &str) -> usize {
    distance_within(a, b, usize::MAX).unwrap_or(usize::MAX)
}

/// [`distance`] when it is at most `limit`, else `None`; gives up as soon as
/// the answer is known to exceed `limit`, which is most of the work saved
/// when comparing one word with a long list.
pub fn distance_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    if a.is_ascii() && b.is_ascii() {
        osa(a.as_bytes(), b.as_bytes(), limit)
    } else {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        osa(&a, &b, limit)
    }
}

/// The optimal string alignment distance between two sequences, if at most
/// `limit`. Every cell of a row is at least the smaller of the two rows
/// before's minima, so once two rows in a row exceed `limit`, so does the answer.
///
/// Only the last three rows are kept (a swap looks two rows back), in one
/// allocation: the suggestions compare a word with hundreds of candidates.
fn osa<T: PartialEq>(a: &[T], b: &[T], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    // Never read: every index below is in bounds. `MAX - 1` so that `+ 1` cannot overflow.
    const OUT: usize = usize::MAX - 1;
    let width = b.len() + 1;
    let mut cells = vec![0usize; 3 * width];
    let (mut before, rest) = cells.split_at_mut(width);
    let (mut previous, mut current) = rest.split_at_mut(width);
    for (j, cell) in previous.iter_mut().enumerate() {
        *cell = j;
    }
    let mut previous_min = 0;
    for i in 1..=a.len() {
        let ca = a.get(i - 1);
        if let Some(first) = current.first_mut() {
            *first = i;
        }
        let mut row_min = i;
        for j in 1..=b.len() {
            let cb = b.get(j - 1);
            let cost = usize::from(ca != cb);
            let up = previous.get(j).copied().unwrap_or(OUT);
            let left = current.get(j - 1).copied().unwrap_or(OUT);
            let diagonal = previous.get(j - 1).copied().unwrap_or(OUT);
            let mut best = (up + 1).min(left + 1).min(diagonal + cost);
            if i > 1 && j > 1 && ca == b.get(j - 2) && a.get(i - 2) == cb {
                best = best.min(before.get(j - 2).copied().unwrap_or(OUT) + 1);
            }
            if let Some(cell) = current.get_mut(j) {
                *cell = best;
            }
            row_min = row_min.min(best);
        }
        if row_min > limit && previous_min > limit {
            return None;
        }
        previous_min = row_min;
        // The rows move up one: the oldest is overwritten next.
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous.last().copied().filter(|&d| d <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The full-table version the rolling rows replaced, as the reference:
    /// the optimal string alignment distance between two sequences, if at most
    /// `limit`. Every cell of a row is at least the smaller of the two rows
    /// before's minima, so once two rows in a row exceed `limit`, so does the answer.
    fn reference<T: PartialEq>(a: &[T], b: &[T], limit: usize) -> Option<usize> {
        if a.len().abs_diff(b.len()) > limit {
            return None;
        }
        let width = b.len() + 1;
        let mut rows = vec![0usize; (a.len() + 1) * width];
        let at = |i: usize, j: usize| i * width + j;
        for (i, cell) in rows.iter_mut().step_by(width).enumerate() {
            *cell = i;
        }
        for (j, cell) in rows.iter_mut().take(width).enumerate() {
            *cell = j;
        }
        let mut previous_min = 0;
        for i in 1..=a.len() {
            let mut row_min = i;
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
                row_min = row_min.min(best);
            }
            if row_min > limit && previous_min > limit {
                return None;
            }
            previous_min = row_min;
        }
        rows.last().copied().filter(|&d| d <= limit)
    }

    #[test]
    fn rolling_rows_agree_with_the_full_table() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "bca",
            "effect",
            "efect",
            "eff3ct",
            "resource",
            "reosurce",
            "kitten",
            "sitting",
            "vpc-lattice",
            "vpclattice",
            "ec2",
            "ce2",
            "café",
        ];
        for a in words {
            for b in words {
                let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                for limit in [0, 1, 2, 3, 4, 8, usize::MAX] {
                    assert_eq!(
                        osa(&a, &b, limit),
                        reference(&a, &b, limit),
                        "{a:?} {b:?} {limit}"
                    );
                }
            }
        }
    }

    #[test]
    fn unique_match_refuses_ties() {
        assert_eq!(unique_match("Efect", &["Effect", "Action"]), Some("Effect"));
        assert_eq!(unique_match("allow", &["Allow", "Deny"]), Some("Allow"));
        // `Cat` is one edit from both: no fix may choose.
        assert_eq!(unique_match("Cat", &["Bat", "Car"]), None);
        assert_eq!(unique_match("Zebra", &["Effect"]), None);
    }

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
    fn bounded_distances_agree_with_the_full_one() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "effect",
            "efect",
            "Effect",
            "resource",
            "reosurce",
            "kitten",
            "sitting",
            "flaw",
            "lawn",
            "café",
            "caéf",
            "vpc-lattice-svcs",
            "vpclattice",
            "ec2",
            "s3",
            "sagemaker",
            "sagemkaer",
        ];
        for a in words {
            for b in words {
                let d = distance(a, b);
                for limit in 0..8 {
                    let expected = (d <= limit).then_some(d);
                    assert_eq!(distance_within(a, b, limit), expected, "{a} {b} {limit}");
                }
            }
        }
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

    #[test]
    fn abbreviations() {
        let codes = ["ANONYMOUS_ACCESS", "ANY_ACCOUNT_ACCESS", "INVALID_ACTION"];
        assert_eq!(
            abbreviated("ANON_ACCESS", &codes, '_'),
            Some("ANONYMOUS_ACCESS")
        );
        assert_eq!(
            abbreviated("any_acc_access", &codes, '_'),
            Some("ANY_ACCOUNT_ACCESS")
        );
        assert_eq!(
            abbreviated("ANY_ACC", &codes, '_'),
            Some("ANY_ACCOUNT_ACCESS")
        );
        // Ambiguous (`AN_AC` starts two), more parts than any, an empty part.
        assert_eq!(abbreviated("AN_AC", &codes, '_'), None);
        assert_eq!(abbreviated("INVALID_ACTION_X", &codes, '_'), None);
        assert_eq!(abbreviated("ANON__ACCESS", &codes, '_'), None);
    }
}
