//! Byte sources: a directory tree, a `.tar`, a `.tar.zst`, a split package. Each is streamed into
//! the core verifier; nothing is extracted, no link is followed, nothing is written.
//!
//! - `pipe`: the reader thread (reading, zstd decompression) and its bounded buffers;
//! - `stream`: an archive streamed through the reader thread, large entries hashed by workers;
//! - `seek`: an uncompressed `.tar` on disk read by offset, entries hashed by workers in parallel;
//! - `dir`: an unpacked package, files hashed by workers in parallel;
//! - `split`: split packages (`.partNNN`);
//! - `pool`: the hashing workers.
//!
//! With `jobs` = 1 there are no workers: the reader thread and the verifying thread only.

mod dir;
mod pipe;
mod pool;
mod seek;
mod split;
mod stream;

pub use dir::check_dir;
pub use split::check_split;

use indicatif::{ProgressBar, ProgressStyle};
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;
use zverify_core::archive::{ArchiveKind, SNIFF_LEN};
use zverify_core::session::{self, Input, Session, SourceFailure};
use zverify_core::{Options, Report};

/// How sources are read (not what is checked: that is [`Options`]).
#[derive(Debug, Clone)]
pub struct ReadOpts {
    /// Threads hashing entries; 1 = hash on the verifying thread only.
    pub jobs: usize,
    pub show_progress: bool,
    /// `--expect-sha256`: the archive's published sha256 (the archive is then hashed whole).
    pub expect_sha256: Option<String>,
}

impl ReadOpts {
    fn workers(&self) -> Option<usize> {
        (self.jobs > 1).then_some(self.jobs)
    }
}

/// Entries at least this large are hashed by workers (the core's threshold, shared with the page).
pub(crate) const HAND_OUT_MIN: u64 = zverify_core::session::HAND_OUT_MIN;

/// Why zverify could not run at all (exit code 2): the core's reason.
pub type Unusable = zverify_core::Unusable;

/// A file that cannot be opened or read before verification starts (`failure` takes the
/// system's reason: `SourceFailure::Open` or `SourceFailure::Read`).
pub(crate) fn unreadable(failure: fn(String) -> SourceFailure, path: &Path, e: io::Error) -> Unusable {
    Unusable::Source { name: path.display().to_string(), failure: failure(e.to_string()) }
}

/// Identify a file by its magic bytes (the core's sniffer, shared with the web page).
pub fn sniff(path: &Path) -> Result<ArchiveKind, Unusable> {
    let mut f = File::open(path).map_err(|e| unreadable(SourceFailure::Open, path, e))?;
    let mut head = [0u8; SNIFF_LEN];
    let mut n = 0;
    while n < head.len() {
        match f.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(unreadable(SourceFailure::Read, path, e)),
        }
    }
    session::sniff(&path.display().to_string(), &head[..n])
}

pub(crate) fn progress(len: u64, show: bool, what: &str) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(len);
    pb.set_style(
        ProgressStyle::with_template("{msg} {bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    pb.set_message(what.to_owned());
    pb
}

/// Verify a `.tar` or `.tar.zst`. An uncompressed tar is read by offset with workers (unless the
/// whole archive must be hashed anyway); everything else streams through the reader thread.
pub fn check_archive(path: &Path, opts: Options, ro: &ReadOpts) -> Result<Report, Unusable> {
    let kind = sniff(path)?;
    let len = fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let display = path.display().to_string();
    if let (ArchiveKind::Tar, Some(workers), None) = (kind, ro.workers(), &ro.expect_sha256) {
        return seek::check_tar(path, Session::new(&display, opts, Input::Seek { len }), workers, ro);
    }
    let mut s = Session::new(&display, opts, Input::Decoded(kind));
    if let Some(hex) = &ro.expect_sha256 {
        s.expect_sha256(hex);
    }
    stream::stream(vec![path.to_owned()], len, kind, s, ro).finish()
}
