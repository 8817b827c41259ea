//! ZV509 `aggregate-checksum-mismatch`: The sha256 of checksums.txt differs from the aggregate checksum in zarf.yaml.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV509,
    name: "aggregate-checksum-mismatch",
    severity: Severity::Error,
    summary: "The sha256 of checksums.txt differs from the aggregate checksum in zarf.yaml",
    help: "zarf.yaml and checksums.txt do not belong together; rebuild the package or re-copy both files. `zarf package deploy` fails when it loads the package (\"expected sha256 of …/checksums.txt to be …, found …\").",
    checks: "sha256 of the exact bytes of checksums.txt must equal `metadata.aggregateChecksum` (v1alpha1) or `build.aggregateChecksum` (v1beta1). A package with checksums.txt and no aggregate checksum is reported too.",
    why: "The aggregate checksum is what ties zarf.yaml (and its signature) to every other file; without it, checksums.txt could be regenerated to match tampered files.",
    example: "checksums.txt regenerated after a layer was replaced, zarf.yaml unchanged.",
    fix: "Rebuild the package.",
};

/// zarf.yaml's aggregate checksum against checksums.txt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AggregateChecksumMismatch {
    /// Hex digests: what checksums.txt hashes to, and what zarf.yaml says.
    Differs { actual: String, want: String },
    /// zarf.yaml has none.
    Missing,
}

impl Message for AggregateChecksumMismatch {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            AggregateChecksumMismatch::Differs { actual, want } => format!(
                "checksums.txt hashes to {actual}, but zarf.yaml's aggregate checksum is {want}: zarf.yaml and checksums.txt do not belong together"
            ),
            AggregateChecksumMismatch::Missing => "zarf.yaml has no aggregate checksum (metadata.aggregateChecksum or build.aggregateChecksum), so nothing ties it to checksums.txt".into(),
        }
    }
}
