//! The shared archive reader (sniff → zstd → tar → verifier) on arbitrary bytes, both zstd
//! backends. Input: a byte for the window limit, a byte N, N chunk sizes, then the archive.
//! Invariants: no panic; each backend's report is the same whatever the chunking; when neither
//! backend stops on a stream error, both reports are identical (the wasm build and the native build
//! give one verdict).
#![no_main]
use libfuzzer_sys::fuzz_target;
use zverify_core::zstd::ZstdStream;
use zverify_core::Options;
use zverify_fuzz::{chunks, json, verify_archive};

fuzz_target!(|data: &[u8]| {
    let [w, n, rest @ ..] = data else { return };
    // 1 KiB .. 512 MiB: small limits keep the fuzzer's memory low and reach ZV040.
    let window = 1u64 << (10 + u32::from(*w % 20));
    let opts = Options { zstd_window_max: window, ..Options::default() };
    let n = usize::from(*n % 8).min(rest.len());
    let (sizes, bytes) = rest.split_at(n);
    let pieces = chunks(bytes, sizes);
    let mut reports = Vec::new();
    for make in [ZstdStream::new as fn() -> ZstdStream, ZstdStream::pure_rust] {
        let whole = verify_archive(&[bytes], make().with_window_max(window), opts.clone());
        let chunked = verify_archive(&pieces, make().with_window_max(window), opts.clone());
        assert_eq!(json(&whole), json(&chunked), "{}: the report depends on the chunking", make().backend_name());
        reports.push(whole);
    }
    // A stream error's text is the decoder's own; compare the rest only when neither stopped.
    let stopped = |r: &zverify_core::Report| r.findings.iter().any(|f| f.code == "ZV001" || f.code == "ZV040");
    if !stopped(&reports[0]) && !stopped(&reports[1]) {
        assert_eq!(json(&reports[0]), json(&reports[1]), "libzstd and ruzstd disagree");
    }
});
