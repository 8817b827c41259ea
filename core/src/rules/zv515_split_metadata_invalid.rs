//! ZV515 `split-metadata-invalid`: The split package's .part000 cannot be read.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV515,
    name: "split-metadata-invalid",
    severity: Severity::Error,
    summary: "The split package's .part000 cannot be read",
    help: "part000 must be JSON {\"Sha256Sum\", \"Bytes\", \"Count\"} (lowercase keys before Zarf v0.56); re-copy it. Parts cut with plain `split` are not a Zarf split package: join them (`cat pkg.tar.zst.part* > pkg.tar.zst`) and check the whole file. `zarf package deploy` fails when it loads the package.",
    checks: "`<file>.part000` must be a JSON object with the whole archive's sha256 (64 lowercase hex), its total size in bytes, and the number of data parts (1–999), in either key casing. A part000 that is the start of a tar or zstd frame (what plain `split` writes) is named as such, and the data parts are not read.",
    why: "Without it the parts cannot be checked or joined.",
    example: "A part000 holding `{\"sha256Sum\": \"…\"}` only.",
    fix: "Re-copy the split package, or re-split it with `zarf package create --max-package-size`.",
};

/// part000 that Zarf cannot read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitMetadataInvalid(pub crate::zarf::split::meta::MetaError);

impl Message for SplitMetadataInvalid {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        self.0.to_string()
    }
}
