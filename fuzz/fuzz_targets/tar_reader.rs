//! The push tar reader fed arbitrary bytes in arbitrary chunking. Input: one byte N, then N chunk
//! sizes (cycled), then the tar bytes. Invariants: no panic; the report (findings, counts, package)
//! is the same whatever the chunking — one feed of everything, or the fuzzer's chunks.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zverify_core::Options;
use zverify_fuzz::{chunks, json, verify_tar};

fuzz_target!(|data: &[u8]| {
    let Some((&n, rest)) = data.split_first() else { return };
    let n = usize::from(n % 8).min(rest.len());
    let (sizes, tar) = rest.split_at(n);
    let whole = verify_tar(&[tar], Options::default());
    let pieces = chunks(tar, sizes);
    let chunked = verify_tar(&pieces, Options::default());
    assert_eq!(json(&whole), json(&chunked), "the report depends on the chunking {sizes:?}");
});
