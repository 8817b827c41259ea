//! Streaming an archive (one file, or a split package's parts joined) through the reader thread
//! into the verifier; with workers, large entries are hashed on other cores as they stream by
//! (push mode), and an uncompressed `.tar` on disk is read by offset instead (see `seek`).

use super::pipe::{produce_raw, produce_zstd, Joined, Pipe};
use super::pool::HashPool;
use super::{progress, ReadOpts};
use indicatif::ProgressBar;
use sha2::{Digest as _, Sha256};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use zverify_core::archive::ArchiveKind;
use zverify_core::session::{Need, Session, SourceFault};
use zverify_core::zstd::{ZstdError, ZstdStream};

/// Streamed entries in flight to workers at once (each holds at most a few mebibytes).
const STREAMS_PER_WORKER: usize = 2;

/// Stream files (one archive, possibly in parts) into the session as the tar bytes of an archive
/// of `kind` (decompressed here, on the reader thread), then read them again for whatever
/// documents the session wants. Returns the session, ready to finish.
pub fn stream(paths: Vec<PathBuf>, len: u64, kind: ArchiveKind, mut s: Session, ro: &ReadOpts) -> Session {
    let pb = progress(len, ro.show_progress, "verifying");
    let joined = Arc::new(Mutex::new(None));
    let raw = Joined {
        paths: paths.iter().cloned().collect(),
        current: None,
        hasher: s.wants_joined_sha256().then(Sha256::new),
        pb: pb.clone(),
        out: joined.clone(),
    };
    let mut pipe = match kind {
        ArchiveKind::Tar => Pipe::spawn(move |feed| produce_raw(feed, raw)),
        // Decompression runs on the reader thread; tar parsing (and hashing) on this one, with the
        // decoder and window the check's options name, as the core's own readers use them.
        ArchiveKind::TarZstd => {
            let zstd = ZstdStream::of(s.options().zstd_decoder).with_window_max(s.options().zstd_window_max);
            Pipe::spawn(move |feed| produce_zstd(feed, raw, zstd))
        }
    };
    // With workers, large entries are hashed on other cores as they stream by. Decompression
    // already keeps one core busy: on two cores the two-stage pipeline (decompress | hash) is
    // the whole plan, and workers join from three cores up.
    let workers = match kind {
        ArchiveKind::TarZstd => ro.workers().filter(|n| *n >= 3).map(|n| n - 1),
        ArchiveKind::Tar => ro.workers(),
    };
    let mut pool = workers.map(|n| {
        s.push_mode();
        (HashPool::new(n, &ProgressBar::hidden()), n * STREAMS_PER_WORKER)
    });
    while let Some(item) = pipe.next() {
        match item {
            Ok(buf) => {
                let more = s.feed(&buf);
                if let Some((pool, max)) = &mut pool {
                    pool.route(s.verifier(), *max);
                }
                if !more {
                    break;
                }
                pipe.recycle(buf);
            }
            Err(e) => {
                let fault = match e.get_ref().and_then(|x| x.downcast_ref::<ZstdError>()) {
                    Some(z) => SourceFault::Zstd(z.clone()),
                    None => SourceFault::Read { at: None, why: e.to_string() },
                };
                s.fault(fault);
                break;
            }
        }
    }
    drop(pipe);
    s.end_input();
    if let Some((mut pool, max)) = pool {
        pool.route(s.verifier(), max);
        pool.finish(s.verifier());
    }
    pb.finish_and_clear();
    if let Some(hex) = joined.lock().ok().and_then(|g| g.clone()) {
        s.joined_sha256(&hex);
    }
    reread(&paths, &mut s);
    s
}

/// The second reads a session asks for: the archive's files from their first byte, raw (rare, so
/// simple: on this thread, through the session's own decoder).
pub fn reread(paths: &[PathBuf], s: &mut Session) {
    while let Need::Reread { .. } = s.next() {
        let raw = Joined {
            paths: paths.iter().cloned().collect(),
            current: None,
            hasher: None,
            pb: ProgressBar::hidden(),
            out: Arc::new(Mutex::new(None)),
        };
        let mut pipe = Pipe::spawn(move |feed| produce_raw(feed, raw));
        while let Some(Ok(buf)) = pipe.next() {
            if !s.feed(&buf) {
                break;
            }
            pipe.recycle(buf);
        }
        drop(pipe);
        s.end_input();
    }
}
