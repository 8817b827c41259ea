//! ZV507 `checksums-unlisted-file`: A file is in the package but not in checksums.txt.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV507,
    name: "checksums-unlisted-file",
    severity: Severity::Error,
    summary: "A file is in the package but not in checksums.txt",
    help: "Files nobody vouches for were added after the build; remove them or rebuild the package. `zarf package deploy` fails when it loads the package (\"package contains additional files not present in the checksum …\").",
    checks: "Every regular file must be listed, except zarf.yaml, checksums.txt, zarf.yaml.sig, zarf.bundle.sig and, in a signed package, the files in `build.provenanceFiles`.",
    why: "An unlisted file is content that no checksum and no signature covers: Zarf rejects it.",
    example: "`images/blobs/sha256/…` added to the archive after it was built.",
    fix: "Remove the file, or rebuild the package so that it is listed.",
};

/// A file checksums.txt does not list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChecksumsUnlistedFile;

impl Message for ChecksumsUnlistedFile {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        "this file is not listed in checksums.txt: no checksum or signature covers it".into()
    }
}
