//! The zstd push adapter, both backends, compared. Input: a byte for the window limit, a byte N,
//! N chunk sizes, then compressed bytes. Invariants: no panic; for each backend the output and the
//! fault do not depend on the chunking; libzstd and ruzstd accept the same streams and produce
//! the same bytes; a window refusal is the same fault, at the same offset, in both.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zverify_core::zstd::{ZstdFault, ZstdStream};
use zverify_fuzz::{chunks, Fnv};

/// Decompressed bytes (as a digest; a bomb never sits in memory) and the verdict.
fn run(mut s: ZstdStream, pieces: &[&[u8]]) -> (Fnv, Result<(), ZstdFault>) {
    let mut out = Fnv::new();
    for p in pieces {
        if let Err(e) = s.feed(p, &mut |b| out.update(b)) {
            return (out, Err(e.fault));
        }
    }
    (out, s.finish().map_err(|e| e.fault))
}

fuzz_target!(|data: &[u8]| {
    let [w, n, rest @ ..] = data else { return };
    let window = 1u64 << (10 + u32::from(*w % 20));
    let n = usize::from(*n % 8).min(rest.len());
    let (sizes, z) = rest.split_at(n);
    let pieces = chunks(z, sizes);
    let c_whole = run(ZstdStream::new().with_window_max(window), &[z]);
    let c_chunk = run(ZstdStream::new().with_window_max(window), &pieces);
    let r_whole = run(ZstdStream::pure_rust().with_window_max(window), &[z]);
    let r_chunk = run(ZstdStream::pure_rust().with_window_max(window), &pieces);
    // The fault itself (a typed `Damage`, worded by core) is the same whatever the chunking.
    assert_eq!(c_whole.1, c_chunk.1, "libzstd: verdict depends on chunking {c_whole:?} {c_chunk:?}");
    assert_eq!(r_whole.1, r_chunk.1, "ruzstd: verdict depends on chunking {r_whole:?} {r_chunk:?}");
    if c_whole.1.is_ok() {
        assert_eq!(c_whole.0, c_chunk.0, "libzstd: output depends on chunking");
    }
    if r_whole.1.is_ok() {
        assert_eq!(r_whole.0, r_chunk.0, "ruzstd: output depends on chunking");
    }
    assert_eq!(c_whole.1.is_ok(), r_whole.1.is_ok(), "backends disagree: libzstd {c_whole:?}, ruzstd {r_whole:?}");
    if c_whole.1.is_ok() {
        assert_eq!(c_whole.0, r_whole.0, "backends decode to different bytes");
    }
    for (a, b) in [(&c_whole.1, &r_whole.1), (&c_whole.1, &c_chunk.1), (&r_whole.1, &r_chunk.1)] {
        if let (Err(e @ ZstdFault::WindowTooLarge { .. }), other) | (other, Err(e @ ZstdFault::WindowTooLarge { .. })) = (a, b) {
            assert_eq!(Err(e.clone()), other.clone(), "a window refusal must be the same everywhere");
        }
    }
});
