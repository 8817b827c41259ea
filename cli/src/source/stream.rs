//! Streaming an archive (one file, or a split package's parts joined) through the reader thread
//! into the verifier; with workers, large entries are hashed on other cores as they stream by
//! (push mode), and an uncompressed `.tar` on disk is read by offset instead (see `seek`).

use super::pipe::{produce_raw, produce_zstd, Joined, Pipe};
use super::pool::HashPool;
use super::{progress, ReadOpts, Unusable};
use indicatif::ProgressBar;
use sha2::{Digest as _, Sha256};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use zverify_core::archive::ArchiveKind;
use zverify_core::tar::TarReader;
use zverify_core::zstd::ZstdError;
use zverify_core::{rules, Report, Verifier};

pub struct Streamed {
    pub report: Result<Report, Unusable>,
    /// sha256 of the raw joined bytes, when they were hashed and read to the end.
    pub joined_sha256: Option<String>,
    /// Where in the raw joined bytes the stream broke, when the error says.
    pub fault_offset: Option<u64>,
}

/// Streamed entries in flight to workers at once (each holds at most a few mebibytes).
const STREAMS_PER_WORKER: usize = 2;

/// Stream files (one archive, possibly in parts) into `v`. `hash_whole`: also hash the raw joined
/// bytes (split packages, `--expect-sha256`).
pub fn stream(
    paths: Vec<PathBuf>,
    len: u64,
    kind: ArchiveKind,
    display: &str,
    mut v: Verifier,
    ro: &ReadOpts,
    hash_whole: bool,
) -> Streamed {
    let pb = progress(len, ro.show_progress, "verifying");
    let joined = Arc::new(Mutex::new(None));
    let again = paths.clone();
    let raw = Joined {
        paths: paths.into(),
        current: None,
        hasher: hash_whole.then(Sha256::new),
        pb: pb.clone(),
        out: joined.clone(),
    };
    let window_max = v.options().zstd_window_max;
    let mut pipe = match kind {
        ArchiveKind::Tar => Pipe::spawn(move |feed| produce_raw(feed, raw)),
        // Decompression runs on the reader thread; tar parsing (and hashing) on this one.
        ArchiveKind::TarZstd => Pipe::spawn(move |feed| produce_zstd(feed, raw, window_max)),
    };
    // With workers, large entries are hashed on other cores as they stream by. Decompression
    // already keeps one core busy: on two cores the two-stage pipeline (decompress | hash) is
    // the whole plan, and workers join from three cores up.
    let workers = match kind {
        ArchiveKind::TarZstd => ro.workers().filter(|n| *n >= 3).map(|n| n - 1),
        ArchiveKind::Tar => ro.workers(),
    };
    let mut pool = workers.map(|n| {
        v.hand_out(super::HAND_OUT_MIN);
        (HashPool::new(n, &ProgressBar::hidden()), n * STREAMS_PER_WORKER)
    });
    let mut tar = TarReader::new();
    let mut failed = false;
    let mut fault_offset = None;
    while let Some(item) = pipe.next() {
        match item {
            Ok(buf) => {
                let fed = tar.feed(&buf, &mut v);
                if let Some((pool, max)) = &mut pool {
                    pool.route(&mut v, *max);
                }
                if let Err(e) = fed {
                    // In a plain tar, tar offsets are offsets in the raw bytes.
                    fault_offset = (kind == ArchiveKind::Tar).then(|| e.offset());
                    v.abort(Some(display), &e.to_string());
                    failed = true;
                    break;
                }
                pipe.recycle(buf);
            }
            Err(e) => {
                let zstd_err = e.get_ref().and_then(|x| x.downcast_ref::<ZstdError>());
                fault_offset = zstd_err.map(|z| z.offset);
                let rule = zstd_err.map_or(rules::Fault::ArchiveCorrupt, ZstdError::rule);
                let what = if kind == ArchiveKind::TarZstd { "decompression failed" } else { "reading failed" };
                v.abort_with(rule, Some(display), &format!("{what} after {} bytes of tar: {e}", tar.offset()));
                failed = true;
                break;
            }
        }
    }
    drop(pipe);
    let mut empty = false;
    if !failed {
        if let Err(e) = tar.finish(&mut v) {
            fault_offset = (kind == ArchiveKind::Tar).then(|| e.offset());
            v.abort(Some(display), &e.to_string());
        } else if tar.entries() == 0 {
            empty = true;
        }
    }
    if let Some((mut pool, max)) = pool {
        pool.route(&mut v, max);
        pool.finish(&mut v);
    }
    pb.finish_and_clear();
    if empty {
        let report = Err(Unusable(format!("{display} is an empty archive")));
        return Streamed { report, joined_sha256: None, fault_offset };
    }
    if !failed {
        reread_archive(&again, kind, &mut v);
    }
    let joined_sha256 = joined.lock().ok().and_then(|g| g.clone());
    Streamed { report: Ok(v.finish(display)), joined_sha256, fault_offset }
}

/// Read again, from the archive's files, the documents the verifier needs but could not keep within
/// its budgets (blobs that merely look like JSON may have used them up). Rare, so simple: one more
/// pass over the archive per level of documents, keeping only the wanted entries; the verifier
/// takes them only if they hash as they did the first time.
pub fn reread_archive(paths: &[PathBuf], kind: ArchiveKind, v: &mut Verifier) {
    loop {
        let wanted = v.wanted_documents();
        if wanted.is_empty() {
            return;
        }
        let mut collector = Verifier::collector(wanted, v.document_cap());
        let window_max = v.options().zstd_window_max;
        let raw = Joined {
            paths: paths.to_vec().into(),
            current: None,
            hasher: None,
            pb: ProgressBar::hidden(),
            out: Arc::new(Mutex::new(None)),
        };
        let mut pipe = match kind {
            ArchiveKind::Tar => Pipe::spawn(move |feed| produce_raw(feed, raw)),
            ArchiveKind::TarZstd => Pipe::spawn(move |feed| produce_zstd(feed, raw, window_max)),
        };
        let mut tar = TarReader::new();
        while let Some(Ok(buf)) = pipe.next() {
            if tar.feed(&buf, &mut collector).is_err() {
                break;
            }
            pipe.recycle(buf);
        }
        drop(pipe);
        let mut progress = false;
        for (path, bytes) in collector.into_collected() {
            progress |= v.supply_document(&path, bytes);
        }
        if !progress {
            return;
        }
    }
}
