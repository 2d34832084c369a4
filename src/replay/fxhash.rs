//! The Fx hash of rustc, for the replay's maps keyed by byte strings built
//! from records (the answer cache, the remembered validity of field
//! values, the groups of changed records). SipHash resists keys chosen to
//! collide, which these maps do not need (each is bounded: 16 MB of cached
//! answers, 4,096 values per field, 10,000 groups, so colliding keys can
//! only slow a replay by a bounded factor), and it costs a large share of a
//! cached record's time.

/// The hasher.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Builds [`FxHasher`]s: the `S` of a `HashMap` that uses it.
pub type FxBuild = std::hash::BuildHasherDefault<FxHasher>;
