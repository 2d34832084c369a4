//! SHA-1, for one purpose: the file names of the AWS CLI's credential
//! caches, which botocore derives as the SHA-1 hex digest of a JSON text
//! (`botocore/credentials.py`, `_create_cache_key`; `botocore/utils.py`,
//! `SSOTokenLoader._generate_cache_key`). Nothing here is a security use:
//! the digest only names a file, so a small local implementation (FIPS
//! 180-4) serves better than another dependency.

/// The lower-case hex SHA-1 digest of `data`.
pub fn hex_digest(data: &[u8]) -> String {
    let mut state: [u32; 5] = [
        0x6745_2301,
        0xEFCD_AB89,
        0x98BA_DCFE,
        0x1032_5476,
        0xC3D2_E1F0,
    ];
    let bit_len = (data.len() as u64).wrapping_mul(8);
    let mut message = data.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&bit_len.to_be_bytes());
    for block in message.chunks_exact(64) {
        compress(&mut state, block);
    }
    state.iter().map(|word| format!("{word:08x}")).collect()
}

/// One 64-byte block into the state.
fn compress(state: &mut [u32; 5], block: &[u8]) {
    let mut w = [0u32; 80];
    for (word, bytes) in w.iter_mut().zip(block.chunks_exact(4)) {
        let mut four = [0u8; 4];
        four.copy_from_slice(bytes);
        *word = u32::from_be_bytes(four);
    }
    for i in 16..80 {
        let value = w.get(i - 3).copied().unwrap_or(0)
            ^ w.get(i - 8).copied().unwrap_or(0)
            ^ w.get(i - 14).copied().unwrap_or(0)
            ^ w.get(i - 16).copied().unwrap_or(0);
        if let Some(slot) = w.get_mut(i) {
            *slot = value.rotate_left(1);
        }
    }
    let [mut a, mut b, mut c, mut d, mut e] = *state;
    for (i, word) in w.iter().enumerate() {
        let (f, k) = match i {
            0..=19 => ((b & c) | (!b & d), 0x5A82_7999),
            20..=39 => (b ^ c ^ d, 0x6ED9_EBA1),
            40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
            _ => (b ^ c ^ d, 0xCA62_C1D6),
        };
        let temp = a
            .rotate_left(5)
            .wrapping_add(f)
            .wrapping_add(e)
            .wrapping_add(k)
            .wrapping_add(*word);
        e = d;
        d = c;
        c = b.rotate_left(30);
        b = a;
        a = temp;
    }
    for (slot, value) in state.iter_mut().zip([a, b, c, d, e]) {
        *slot = slot.wrapping_add(value);
    }
}

#[cfg(test)]
mod tests {
    use super::hex_digest;

    #[test]
    fn known_digests() {
        // FIPS 180-4 examples, and a text longer than one block.
        assert_eq!(hex_digest(b""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assert_eq!(
            hex_digest(b"abc"),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            hex_digest(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
        );
    }
}
