//! ZV013 `tar-sparse-entry`: The archive contains a GNU sparse file.

use crate::diag::Message;
use crate::diag::{Rule, Severity};
use super::words::TarEntryAt;

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV013,
    name: "tar-sparse-entry",
    severity: Severity::Error,
    summary: "The archive contains a GNU sparse file",
    help: "Rebuild the package without sparse files (GNU tar: drop `--sparse`/`-S`). When the sparse header is malformed, or checksums.txt does not list the file Go expands, `zarf package deploy` fails when it loads the package.",
    checks: "Entries of type `S` (old GNU sparse) and PAX headers with `GNU.sparse.*` records (sparse formats 0.0, 0.1 and 1.0). zverify does not expand sparse maps, so it cannot hash what an extractor writes; the entry is not verified.",
    why: "Readers that do not know a sparse format extract the stored fragments (or the map itself) as the file's content; Go expands the holes. zverify checks only content it reads exactly as Zarf does.",
    example: "A layer blob archived with `tar --sparse`.",
    fix: "Archive without sparse detection; Zarf never writes sparse entries.",
};

/// A GNU sparse entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TarSparseEntry {
    pub at: TarEntryAt,
}

impl Message for TarSparseEntry {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("{}: it is a GNU sparse file, which Go expands and other readers may not; it was not verified", self.at)
    }
}
