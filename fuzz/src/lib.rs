//! Helpers shared by the fuzz targets: chunkings, cheap output digests, and the push drivers the
//! front ends use (a stream error becomes a finding under its rule, as in the CLI).

use zverify_core::archive::ArchiveReader;
use zverify_core::tar::TarReader;
use zverify_core::zstd::ZstdStream;
use zverify_core::{Options, Report, Verifier};

/// Split `data` into chunks whose sizes cycle through `sizes` (each at least 1).
pub fn chunks<'a>(data: &'a [u8], sizes: &[u8]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut rest = data;
    let mut i = 0;
    while !rest.is_empty() {
        let n = sizes.get(i % sizes.len().max(1)).map_or(rest.len(), |s| usize::from(*s).max(1));
        let (a, b) = rest.split_at(n.min(rest.len()));
        out.push(a);
        rest = b;
        i += 1;
    }
    out
}

/// FNV-1a over a stream of pieces: equal output in any chunking gives equal values.
#[derive(Default, Clone, Copy, PartialEq, Eq, Debug)]
pub struct Fnv {
    pub hash: u64,
    pub len: u64,
}

impl Fnv {
    pub fn new() -> Self {
        Fnv { hash: 0xcbf2_9ce4_8422_2325, len: 0 }
    }
    pub fn update(&mut self, b: &[u8]) {
        for x in b {
            self.hash = (self.hash ^ u64::from(*x)).wrapping_mul(0x0100_0000_01b3);
        }
        self.len += b.len() as u64;
    }
}

/// Tar bytes through the core's push tar reader, in the given chunks.
pub fn verify_tar(pieces: &[&[u8]], opts: Options) -> Report {
    let mut v = Verifier::new(opts);
    let mut r = TarReader::new();
    for c in pieces {
        if let Err(e) = r.feed(c, &mut v) {
            v.abort(Some("fuzz"), e);
            return v.finish("fuzz");
        }
    }
    if let Err(e) = r.finish(&mut v) {
        v.abort(Some("fuzz"), e);
    }
    v.finish("fuzz")
}

/// `.tar` or `.tar.zst` bytes through the shared archive reader (what the web page drives).
pub fn verify_archive(pieces: &[&[u8]], zstd: ZstdStream, opts: Options) -> Report {
    let mut v = Verifier::new(opts);
    let mut r = ArchiveReader::with_zstd(zstd);
    for c in pieces {
        if let Err(e) = r.feed(c, &mut v) {
            v.abort(Some("fuzz"), e);
            return v.finish("fuzz");
        }
    }
    if let Err(e) = r.finish(&mut v) {
        v.abort(Some("fuzz"), e);
    }
    v.finish("fuzz")
}

/// The report as bytes, for comparisons (same input, same bytes: the JSON contract).
pub fn json(r: &Report) -> String {
    r.to_json()
}
