//! ZV005 `document-not-inspected`: A document zverify needs was not inspected because of a limit.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV005,
    name: "document-not-inspected",
    severity: Severity::Error,
    summary: "A document zverify needs was not inspected because of a limit",
    help: "A limit never switches a check off: raise the limit the message names, if the document is legitimate. In the CLI the document cap is --document-cap, the document budget --document-budget, the metadata budget --metadata-budget.",
    checks: "Documents are kept in memory to be read: each up to `--document-cap` (4 MiB by default); the package's metadata files (zarf.yaml, index.json, oci-layout, signatures) from a budget of their own (`--metadata-budget`, 16 MiB), and blobs that may be documents (their first byte is `{` or `[`) from another (`--document-budget`, 32 MiB), so that blobs which merely look like JSON never use up what the metadata needs. checksums.txt is read line by line as it streams and is never subject to a cap. When zarf.yaml, index.json, oci-layout, a signature, or a manifest, index or config that the layout walk reaches was not kept, this error names the document, its size and the limit (the CLI's help names the flag that raises it).",
    why: "What was not read was not checked: the blobs such a document references, the images a zarf.yaml lists, the signature over it. Passing a package whose metadata was skipped would be a verdict on bytes nobody looked at. (Registries also refuse manifests over about 4 MB, so a larger one is unusual.)",
    example: "A 20 MiB image config referenced by a manifest: `this config sha256:… (20971520 bytes) was not inspected: it is larger than the 4194304-byte document cap; a cap of 20971520 bytes inspects it, if the document is legitimate`.",
    fix: "Check why the document is so large; if it is legitimate, rerun with the limit raised as the message says.",
};

/// A document zverify needs but did not keep, by the limit that kept it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentNotInspected {
    /// The metadata budget (`--metadata-budget`) was used up before `what`.
    MetadataBudget { what: String, size: u64, budget: u64 },
    /// The budget for documents among the blobs (`--document-budget`) was used up before `what`.
    DocumentBudget { what: String, size: u64, budget: u64 },
    /// `what` is larger than the document cap (`--document-cap`).
    OverCap { what: String, size: u64, cap: u64 },
    /// A split package's part000, larger than the document cap.
    SplitMetadataOverCap { size: u64, cap: u64 },
    /// checksums.txt was not read at all.
    ChecksumsUnread,
    /// checksums.txt was read up to `line`, where its lines outgrew the metadata budget.
    ChecksumsCut { size: u64, line: usize, budget: u64 },
}

impl Message for DocumentNotInspected {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            DocumentNotInspected::MetadataBudget { what, size, budget } => format!(
                "{what} ({size} bytes) was not inspected: the {budget}-byte budget for metadata files was used up by the ones kept before it; a larger metadata budget inspects it"
            ),
            DocumentNotInspected::DocumentBudget { what, size, budget } => format!(
                "{what} ({size} bytes) was not inspected: the {budget}-byte budget for documents among the blobs was used up by the blobs that look like JSON kept before it; a larger document budget inspects it"
            ),
            DocumentNotInspected::OverCap { what, size, cap } => format!(
                "{what} ({size} bytes) was not inspected: it is larger than the {cap}-byte document cap; a cap of {size} bytes inspects it, if the document is legitimate"
            ),
            DocumentNotInspected::SplitMetadataOverCap { size, cap } => format!(
                "part000 ({size} bytes) was not inspected: it is larger than the {cap}-byte document cap; a cap of {size} bytes inspects it, if it is legitimate (part000 normally holds three JSON fields)"
            ),
            DocumentNotInspected::ChecksumsUnread => "checksums.txt was not read".into(),
            DocumentNotInspected::ChecksumsCut { size, line, budget } => format!(
                "checksums.txt ({size} bytes) was not checked from line {line} on: its lines outgrew the {budget}-byte budget for metadata; a larger metadata budget checks the rest"
            ),
        }
    }
}
