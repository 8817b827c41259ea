//! ZV014 `pax-size-override`: A PAX `size` record disagrees with the entry's header.

use crate::diag::Message;
use crate::diag::{Rule, Severity};
use super::words::TarEntryAt;

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV014,
    name: "pax-size-override",
    severity: Severity::Error,
    summary: "A PAX `size` record disagrees with the entry's header",
    help: "Rebuild the package; readers that ignore the PAX size read a different entry length.",
    checks: "A PAX `size` record whose value differs from the header's size field, unless the header field is zero and the size is too large for it (8 GiB or more, where writers must use PAX).",
    why: "Go, GNU tar and bsdtar take the PAX size, older readers the header's: the entry's data, and where the next header starts, differ between them.",
    example: "A header size of 10 with a PAX `size=2048`: for some readers 2038 extra bytes, which may hold hidden entries.",
    fix: "Rebuild the package with a standard tar writer.",
};

/// A PAX `size` record that disagrees with the header's size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaxSizeOverride {
    pub at: TarEntryAt,
    pub pax: i64,
    pub header: i64,
}

impl Message for PaxSizeOverride {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!(
            "{}: its PAX `size` record says {} bytes, its header {}; readers that ignore PAX read a different entry",
            self.at, self.pax, self.header
        )
    }
}
