//! Finding a name in a generated table, ignoring ASCII case, by the hash of
//! its lower-case form. The tables are `static` text; an index is built the
//! first time a table is searched, so a run that never looks at a table never
//! pays for it.

/// FNV-1a over the ASCII lower-case form of `text`.
pub(super) fn folded_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The positions of a list of names, sorted by the hash of each name's
/// lower-case form: a lookup is a binary search over a compact array of
/// hashes, and names whose hashes collide sit side by side.
#[derive(Debug)]
pub(super) struct ByHash(Box<[(u64, usize)]>);

impl ByHash {
    /// Indexes `names` by their positions in the iteration.
    pub(super) fn new<'a>(names: impl Iterator<Item = &'a str>) -> ByHash {
        let mut entries: Vec<(u64, usize)> = names
            .enumerate()
            .map(|(position, name)| (folded_hash(name), position))
            .collect();
        entries.sort_unstable();
        ByHash(entries.into_boxed_slice())
    }

    /// The positions of the names that may equal `name` ignoring ASCII case
    /// (those with its hash), in list order: the caller compares the names.
    pub(super) fn candidates(&self, name: &str) -> impl Iterator<Item = usize> + '_ {
        let hash = folded_hash(name);
        let first = self.0.partition_point(|&(h, _)| h < hash);
        self.0
            .get(first..)
            .unwrap_or(&[])
            .iter()
            .take_while(move |&&(h, _)| h == hash)
            .map(|&(_, position)| position)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_names_in_any_case() {
        let names = ["Invoke", "Connect", "GetObject", "getobject2"];
        let index = ByHash::new(names.iter().copied());
        for (position, name) in names.iter().enumerate() {
            assert!(index.candidates(name).any(|p| p == position));
            let upper = name.to_ascii_uppercase();
            assert!(index.candidates(&upper).any(|p| p == position));
        }
        assert_eq!(index.candidates("Invok").count(), 0);
        assert_eq!(folded_hash("ABC"), folded_hash("abc"));
        assert_ne!(folded_hash("ab"), folded_hash("ba"));
    }
}
