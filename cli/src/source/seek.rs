//! An uncompressed `.tar` on disk, read by offset: this thread walks the headers with the core's
//! [`SeekTar`] driver (reading small entries itself), and workers read and hash the large entries
//! it hands out, each from its own offset, so several entries are hashed at once. A component
//! tarball is read here, as the session parses it, and a worker hashes a copy of its bytes. Every
//! byte is read once; none is hashed twice for the same digest.

use super::pool::{read_full_at, HashPool};
use super::stream::reread;
use super::{progress, ReadOpts, Unusable};
use std::fs::File;
use std::path::Path;
use std::sync::Arc;
use zverify_core::session::{Need, Session, SourceFault};
use zverify_core::Report;

pub fn check_tar(path: &Path, mut s: Session, workers: usize, ro: &ReadOpts) -> Result<Report, Unusable> {
    let file = Arc::new(File::open(path).map_err(|e| super::unreadable(zverify_core::SourceFailure::Open, path, e))?);
    let display = path.display().to_string();
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let pb = progress(len, ro.show_progress, "verifying");
    let mut pool = HashPool::new(workers, &pb);
    // Component tarballs are read here (the session parses them) while a worker hashes a copy.
    s.hand_out_nested();
    let mut buf = Vec::new();
    loop {
        match s.next() {
            Need::Read { offset, len } => {
                buf.resize(len, 0);
                match read_full_at(&file, &mut buf, offset) {
                    Ok(n) => {
                        pb.inc(n as u64);
                        s.supply(&buf[..n], len);
                    }
                    Err(e) => s.fault(SourceFault::Read { at: Some(offset), why: e.to_string() }),
                }
            }
            Need::Hash { hasher, offset, len } => pool.range(file.clone(), offset, len, false, hasher, &display),
            // The walk is over: every handed-out digest comes back before a second read.
            Need::Reread { .. } | Need::Input | Need::Finish => break,
        }
        // Ranges queued for workers do not hold this thread back: only the copies of a
        // component tarball's bytes are bounded, by the stream's depth.
        pool.route(s.verifier(), usize::MAX);
    }
    // The walk's last step may have closed a component tarball (or sboms.tar) handed out: its end.
    pool.route(s.verifier(), usize::MAX);
    pool.finish(s.verifier());
    pb.finish_and_clear();
    reread(&[path.to_owned()], &mut s);
    s.finish()
}
