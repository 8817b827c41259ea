//! An uncompressed `.tar` on disk, read by offset: this thread walks the headers with the core's
//! [`SeekTar`] driver (reading small entries itself), and workers read and hash the large entries
//! it hands out, each from its own offset, so several entries are hashed at once. Every byte is
//! read once; none is hashed twice.

use super::pool::{read_full_at, HashPool};
use super::stream::reread;
use super::{progress, ReadOpts, Unusable};
use std::fs::File;
use std::path::Path;
use std::sync::Arc;
use zverify_core::session::{Need, Session, SourceFault};
use zverify_core::Report;

pub fn check_tar(path: &Path, mut s: Session, workers: usize, ro: &ReadOpts) -> Result<Report, Unusable> {
    let file = Arc::new(File::open(path).map_err(|e| super::unreadable("cannot open", path, e))?);
    let display = path.display().to_string();
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let pb = progress(len, ro.show_progress, "verifying");
    let mut pool = HashPool::new(workers, &pb);
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
        pool.drain(s.verifier());
    }
    pool.finish(s.verifier());
    pb.finish_and_clear();
    reread(&[path.to_owned()], &mut s);
    s.finish()
}
