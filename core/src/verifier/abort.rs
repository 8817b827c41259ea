//! Aborts and what fails closed: the source failed (the finding says where verification stopped
//! and which entry was cut short), an entry could not be read, a handed-out entry never came back,
//! an archive ended inside an entry.

use crate::diag::Finding;
use crate::fault::StopReason;
use crate::rules;

/// Why an entry whose result never came back is unreadable.
pub(super) const NEVER_CAME_BACK: &str = "its bytes were handed out to be hashed and the result never came back";

/// The one finding for a failed source: filed under the rule of `reason`'s fault, worded by it, at
/// the entry cut short (`cut`: its path and the bytes read of it) or else at `location`.
pub(super) fn stopped(
    reason: &StopReason,
    cut: Option<(String, u64)>,
    location: Option<&str>,
    entries: u64,
    bytes: u64,
) -> Finding {
    let path = cut.as_ref().map(|(p, _)| p.clone()).or(location.map(str::to_owned));
    let f = reason.fault().finding(&reason.to_string(), rules::Stop { cut, entries, bytes });
    match path {
        Some(p) => f.path(p),
        None => f,
    }
}

/// The input ended while `path` was still open.
pub(super) fn ended_in_entry(path: String) -> Finding {
    Finding::of(rules::ArchiveCorrupt::EndedInEntry { path: path.clone() }).path(path)
}

/// An entry that could not be read (or whose name cannot be represented): never silently dropped.
pub(super) fn unreadable(path: &str, why: &str) -> Finding {
    Finding::of(rules::EntryUnreadable { path: path.to_owned(), why: why.to_owned() })
        .path(path.escape_debug().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Code;

    #[test]
    fn a_stop_names_the_entry_cut_short_before_the_location() {
        let read = StopReason::ReadAt { at: 7, why: "bad block".into() };
        let f = stopped(&read, Some(("blobs/sha256/ab".into(), 10)), Some("pkg.tar"), 3, 99);
        assert_eq!((f.code, f.path.as_deref()), (Code::ZV001, Some("blobs/sha256/ab")));
        assert!(
            f.message.contains("reading failed at byte 7: bad block")
                && f.message.contains("after 3 complete entries and 99 bytes"),
            "{}",
            f.message
        );
        let error = crate::zstd::ZstdError {
            offset: 9,
            fault: crate::zstd::ZstdFault::WindowTooLarge {
                frame_start: 0,
                needed: 1 << 30,
                limit: 1 << 29,
                single_segment: false,
            },
        };
        let f = stopped(&StopReason::Zstd { tar_at: 0, error }, None, Some("pkg.tar.zst"), 0, 0);
        assert_eq!((f.code, f.path.as_deref()), (Code::ZV040, Some("pkg.tar.zst")));
        assert!(f.message.contains("decompression failed after 0 bytes of tar: the zstd frame"), "{}", f.message);
        assert_eq!(stopped(&StopReason::FolderFile { why: "x".into() }, None, None, 0, 0).path, None);
    }

    #[test]
    fn unreadable_and_unfinished_entries_are_errors_at_their_path() {
        let f = unreadable("a\nb", NEVER_CAME_BACK);
        assert_eq!((f.code, f.path.as_deref()), (Code::ZV045, Some("a\\nb")));
        assert!(f.message.contains("never came back"));
        let f = ended_in_entry("blobs/sha256/ab".into());
        assert_eq!((f.code, f.path.as_deref()), (Code::ZV001, Some("blobs/sha256/ab")));
    }
}
