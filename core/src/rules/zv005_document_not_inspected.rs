//! ZV005 `document-not-inspected`: A document zverify needs was not inspected because of a limit.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV005",
    name: "document-not-inspected",
    severity: Severity::Error,
    summary: "A document zverify needs was not inspected because of a limit",
    help: "A limit never switches a check off: raise the limit the message names (--document-cap, --document-budget or --metadata-budget) if the document is legitimate.",
    checks: "Documents are kept in memory to be read: each up to `--document-cap` (4 MiB by default); the package's metadata files (zarf.yaml, index.json, oci-layout, signatures) from a budget of their own (`--metadata-budget`, 16 MiB), and blobs that may be documents (their first byte is `{` or `[`) from another (`--document-budget`, 32 MiB), so that blobs which merely look like JSON never use up what the metadata needs. checksums.txt is read line by line as it streams and is never subject to a cap. When zarf.yaml, index.json, oci-layout, a signature, or a manifest, index or config that the layout walk reaches was not kept, this error names the document, its size, the limit and the flag that raises it.",
    why: "What was not read was not checked: the blobs such a document references, the images a zarf.yaml lists, the signature over it. Passing a package whose metadata was skipped would be a verdict on bytes nobody looked at. (Registries also refuse manifests over about 4 MB, so a larger one is unusual.)",
    example: "A 20 MiB image config referenced by a manifest: `this config sha256:… (20971520 bytes) was not inspected: it is larger than the 4194304-byte document cap; raise it with --document-cap 20971520 if the document is legitimate`.",
    fix: "Check why the document is so large; if it is legitimate, rerun with the limit raised as the message says.",
};
