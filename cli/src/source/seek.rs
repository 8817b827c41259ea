//! An uncompressed `.tar` on disk, read by offset: this thread walks the headers with the core's
//! [`SeekTar`] driver (reading small entries itself), and workers read and hash the large entries
//! it hands out, each from its own offset, so several entries are hashed at once. Every byte is
//! read once; none is hashed twice.

use super::pool::{read_full_at, HashPool};
use super::stream::reread_archive;
use super::{progress, ReadOpts, Unusable};
use std::fs::File;
use std::path::Path;
use std::sync::Arc;
use zverify_core::archive::ArchiveKind;
use zverify_core::seek::{SeekTar, Step};
use zverify_core::{Report, Verifier};

pub fn check_tar(
    path: &Path,
    len: u64,
    display: &str,
    mut v: Verifier,
    workers: usize,
    ro: &ReadOpts,
) -> Result<Report, Unusable> {
    let file = Arc::new(File::open(path).map_err(|e| Unusable(format!("cannot open {display}: {e}")))?);
    let pb = progress(len, ro.show_progress, "verifying");
    let mut pool = HashPool::new(workers, &pb);
    let mut drv = SeekTar::new(len, super::HAND_OUT_MIN);
    let mut buf = Vec::new();
    let mut failed = false;
    loop {
        let step = match drv.next(&mut v) {
            Ok(step) => step,
            Err(e) => {
                v.abort(Some(display), &e.to_string());
                failed = true;
                break;
            }
        };
        match step {
            Step::Read { offset, len } => {
                buf.resize(len, 0);
                match read_full_at(&file, &mut buf, offset) {
                    Ok(n) => {
                        pb.inc(n as u64);
                        drv.supply(&buf[..n], len);
                    }
                    Err(e) => {
                        v.abort(Some(display), &format!("reading failed at byte {offset}: {e}"));
                        failed = true;
                        break;
                    }
                }
            }
            Step::HandOut { hasher, offset, len } => pool.range(file.clone(), offset, len, false, hasher, display),
            Step::Done => break,
        }
        pool.drain(&mut v);
    }
    let mut empty = false;
    if !failed {
        match drv.finish(&mut v) {
            Err(e) => {
                v.abort(Some(display), &e.to_string());
                failed = true;
            }
            Ok(()) => empty = drv.tar().entries() == 0,
        }
    }
    pool.finish(&mut v);
    pb.finish_and_clear();
    if empty {
        return Err(Unusable(format!("{display} is an empty archive")));
    }
    if !failed {
        reread_archive(&[path.to_owned()], ArchiveKind::Tar, &mut v);
    }
    Ok(v.finish(display))
}
