//! ZV008 `archive-end-missing`: The archive ends without its end-of-archive marker.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV008,
    name: "archive-end-missing",
    severity: Severity::Error,
    summary: "The archive ends without its end-of-archive marker",
    help: "Every entry read was complete, but the archive may have been cut short exactly at an entry boundary, and what followed the cut was never seen; compare its size and sha256 with the source.",
    checks: "A tar archive ends with two zero blocks. When the stream ends on an entry boundary (or inside the padding after the last entry) without them, every entry read is complete, but entries after the cut would be missing without a trace. This is an error, deliberately stricter than Zarf: Go's `archive/tar` (which Zarf extracts with) treats end of input at an entry boundary as a clean end, so Zarf would load what is there. But every tar writer closes its archives with the marker (Go's `tar.Writer.Close`, which Zarf uses, GNU tar, bsdtar, Python's tarfile), so a missing marker means the archive was cut or never finished, and zverify cannot see whether entries followed. Zarf writes `zarf.yaml` and `zarf.yaml.sig` last (entries sorted by name): a cut just before them leaves a valid-looking image layout, which is why this cannot be a warning.",
    why: "A transfer interrupted between two entries leaves an archive that every extractor accepts, minus the entries after the cut: missing files are then reported only if something lists them. A verifier that passes it vouches for entries it never saw.",
    example: "A package copied with a tool that stopped at a file boundary.",
    fix: "Compare the size and sha256 of the archive with the source (`zverify digest`).",
};

/// The archive ends without its end-of-archive marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArchiveEndMissing {
    pub offset: u64,
    /// Complete entries read.
    pub entries: u64,
}

impl Message for ArchiveEndMissing {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!(
            "the archive ends at byte {} without the end-of-archive marker, after {} complete entries",
            self.offset, self.entries
        )
    }
}
