//! How a source failure meets the rules: the decoders and readers report what went wrong in
//! their own terms ([`crate::zstd::ZstdError`], [`crate::archive::ArchiveError`]) and know no
//! rule; this is the one place that files them under ZV001 or ZV040.

use crate::diag::{Finding, Rule};
use crate::rules::{ArchiveCorrupt, Stop, ZstdWindowTooLarge, ARCHIVE_CORRUPT, ZSTD_WINDOW_TOO_LARGE};

/// Why a source stopped, as the session observed it ([`crate::Verifier::abort`]): typed up to
/// here, worded here, once for every front end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StopReason {
    /// The zstd decoder refused the stream after `tar_at` bytes of tar had come out of it.
    Zstd { tar_at: u64, error: crate::zstd::ZstdError },
    /// Reading the source failed at raw byte `at` (`why`: the system's reason).
    ReadAt { at: u64, why: String },
    /// Reading the source (`decompressing`: or the driver's decoder) failed after `tar_at` bytes
    /// of tar (`why`: the system's or the decoder's reason).
    ReadAfter { tar_at: u64, decompressing: bool, why: String },
    /// A folder's file could not be read (`why`: the driver's words, which name the file).
    FolderFile { why: String },
    /// The tar reader refused the bytes.
    Tar(crate::tar::TarError),
    /// An archive reader driven directly (not through a session) refused the bytes.
    Archive(crate::archive::ArchiveError),
}

impl From<crate::tar::TarError> for StopReason {
    fn from(e: crate::tar::TarError) -> Self {
        StopReason::Tar(e)
    }
}

impl From<crate::archive::ArchiveError> for StopReason {
    fn from(e: crate::archive::ArchiveError) -> Self {
        StopReason::Archive(e)
    }
}

impl StopReason {
    /// The rule the stop is filed under.
    pub fn fault(&self) -> Fault {
        match self {
            StopReason::Zstd { error, .. } => Fault::of_zstd(error),
            StopReason::Archive(e) => Fault::of_archive(e),
            _ => Fault::ArchiveCorrupt,
        }
    }
}

impl std::fmt::Display for StopReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StopReason::Zstd { tar_at, error } => {
                write!(f, "decompression failed after {tar_at} bytes of tar: {error}")
            }
            StopReason::ReadAt { at, why } => write!(f, "reading failed at byte {at}: {why}"),
            StopReason::ReadAfter { tar_at, decompressing, why } => {
                let what = if *decompressing { "decompression failed" } else { "reading failed" };
                write!(f, "{what} after {tar_at} bytes of tar: {why}")
            }
            StopReason::FolderFile { why } => f.write_str(why),
            StopReason::Tar(e) => write!(f, "{e}"),
            StopReason::Archive(e) => write!(f, "{e}"),
        }
    }
}

/// The rule a source failure is filed under ([`StopReason::fault`]): a zstd window over the limit
/// is ZV040 (raise the limit); anything else is ZV001 (the archive is corrupt).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    ArchiveCorrupt,
    ZstdWindowTooLarge,
}

impl Fault {
    /// The rule a report files a zstd fault under: a window over the limit is ZV040 (raise the
    /// limit), anything else ZV001 (the archive is corrupt). The decoder knows no rule; this is
    /// where its faults meet them.
    pub fn of_zstd(e: &crate::zstd::ZstdError) -> Fault {
        match e.fault {
            crate::zstd::ZstdFault::WindowTooLarge { .. } => Fault::ZstdWindowTooLarge,
            _ => Fault::ArchiveCorrupt,
        }
    }
    /// The rule a report files an archive reader's error under.
    pub fn of_archive(e: &crate::archive::ArchiveError) -> Fault {
        match e {
            crate::archive::ArchiveError::Zstd(z) => Fault::of_zstd(z),
            _ => Fault::ArchiveCorrupt,
        }
    }
    pub fn rule(self) -> &'static Rule {
        match self {
            Fault::ArchiveCorrupt => &ARCHIVE_CORRUPT,
            Fault::ZstdWindowTooLarge => &ZSTD_WINDOW_TOO_LARGE,
        }
    }
    /// The finding: the reader's `reason`, and where verification stopped.
    pub(crate) fn finding(self, reason: &str, stop: Stop) -> Finding {
        let reason = reason.to_owned();
        match self {
            Fault::ArchiveCorrupt => Finding::of(ArchiveCorrupt::Stopped { reason, stop }),
            Fault::ZstdWindowTooLarge => Finding::of(ZstdWindowTooLarge { reason, stop }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_fault_files_under_its_rule() {
        assert_eq!(Fault::ZstdWindowTooLarge.rule().code, ZSTD_WINDOW_TOO_LARGE.code);
        assert_eq!(Fault::ArchiveCorrupt.rule().code, ARCHIVE_CORRUPT.code);
        let stop = Stop { cut: Some(("blobs/sha256/ab".to_owned(), 7)), entries: 3, bytes: 100 };
        let f = Fault::ArchiveCorrupt.finding("unexpected end", stop.clone());
        assert_eq!(f.code, ARCHIVE_CORRUPT.code);
        assert!(
            f.message.contains("unexpected end") && f.message.contains("cut after 7 of its bytes"),
            "{}",
            f.message
        );
        let f = Fault::ZstdWindowTooLarge.finding("window 1 GiB", stop);
        assert_eq!(f.code, ZSTD_WINDOW_TOO_LARGE.code);
    }

    #[test]
    fn archive_errors_file_under_zv001_unless_the_window_is_over_the_limit() {
        use crate::archive::ArchiveError;
        assert_eq!(Fault::of_archive(&ArchiveError::NotAnArchive), Fault::ArchiveCorrupt);
    }
}
