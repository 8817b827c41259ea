//! ZV001 `archive-corrupt`: The archive is truncated or corrupt, so verification stopped early.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV001,
    name: "archive-corrupt",
    severity: Severity::Error,
    summary: "The archive is truncated or corrupt, so verification stopped early",
    help: "Copy the package again and compare its size and sha256 with the source; the bytes read before the fault were verified. `zarf package deploy` fails when it loads the package (\"unable to decompress: extracting: …\").",
    checks: "Reading the tar (or zstd) stream failed: a header checksum is wrong, an entry ends before its declared size, the zstd frame is damaged, or the stream stops mid-entry. The message says how many bytes and entries were verified before the fault.",
    why: "A package that cannot be read to the end cannot be deployed; what was read before the fault is reported, nothing after it is.",
    example: "A `.tar.zst` cut short by an interrupted transfer: `zstd: unexpected end of frame after 1048576 bytes`.",
    fix: "Re-transfer the package; verify the source copy with `zverify check` and compare `zverify digest` of both copies.",
};

/// A corrupt or truncated archive, and where verification stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArchiveCorrupt {
    /// The source failed: `reason` is the reader's error.
    Stopped { reason: String, stop: super::words::Stop },
    /// The input ended while an entry was still open.
    EndedInEntry { path: String },
}

impl Message for ArchiveCorrupt {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            ArchiveCorrupt::Stopped { reason, stop } => format!("{reason}; {stop}"),
            ArchiveCorrupt::EndedInEntry { path } => format!("the input ended while \"{path}\" was still open"),
        }
    }
}

/// A split package: name the data part in which the fault that stopped the stream was detected
/// (the finding's offset fell in `part`). Only for a ZV001 finding.
pub fn detected_in(f: &mut crate::Finding, part: &str) {
    debug_assert_eq!(f.code, RULE.code, "only an archive-corrupt finding names the part it was detected in");
    f.message.push_str(&format!(" (detected in {part})"));
    f.path = Some(part.to_owned());
}
