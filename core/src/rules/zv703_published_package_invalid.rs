//! ZV703 `published-package-invalid`: A published package is not laid out as Zarf publishes and pulls it.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV703,
    name: "published-package-invalid",
    severity: Severity::Error,
    summary: "A published package is not laid out as Zarf publishes and pulls it",
    help: "Publish the package with `zarf package publish`, which writes one manifest per architecture and one titled layer per file.",
    checks: "`zverify check oci://…`: the tag resolves to an index with one manifest per architecture (`platform.os = \"multi\"`), or to one manifest; the architecture asked for with `--arch` is there; each manifest has the size the index lists; the index and each manifest pass the document checks of `zverify doc` (reported under `registry:index` and `registry:manifest`); every layer has an `org.opencontainers.image.title` that is a relative path, and no two layers share one.",
    why: "Zarf pulls a published package by architecture and writes each layer to the path its title names: a layer without a title, a title used twice, or an architecture that is missing leaves a package that cannot be deployed as published.",
    example: "Two layers are both titled `zarf.yaml`; or `--arch arm64` on a package published only for amd64.",
    fix: "Publish the package again with `zarf package publish` (per architecture).",
};

/// What is wrong with the published layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublishedPackageInvalid {
    /// A layer has no title annotation (by its digest).
    UntitledLayer { digest: String },
    /// A title that is not a relative path inside the package.
    BadTitle { title: String },
    /// Two layers with one title.
    DuplicateTitle { title: String },
    /// `--arch` names an architecture the index does not hold.
    ArchMissing { arch: String, available: Vec<String> },
    /// The index lists a manifest with another size than the manifest's bytes.
    ManifestSize { digest: String, listed: u64, actual: u64 },
    /// The reference is neither an index of package manifests nor a package manifest.
    NotAPackage { what: String },
}

impl Message for PublishedPackageInvalid {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            PublishedPackageInvalid::UntitledLayer { digest } => {
                format!("layer {digest} has no org.opencontainers.image.title, so Zarf cannot tell which package file it is")
            }
            PublishedPackageInvalid::BadTitle { title } => {
                format!("layer title \"{title}\" is not a relative path inside the package")
            }
            PublishedPackageInvalid::DuplicateTitle { title } => {
                format!("two layers are titled \"{title}\"; Zarf writes both to the same file")
            }
            PublishedPackageInvalid::ArchMissing { arch, available } => format!(
                "the package is not published for architecture {arch} (it is for: {})",
                if available.is_empty() { "none".to_owned() } else { available.join(", ") }
            ),
            PublishedPackageInvalid::ManifestSize { digest, listed, actual } => format!(
                "the index lists manifest {digest} with size {listed}, but the registry serves {actual} bytes for it"
            ),
            PublishedPackageInvalid::NotAPackage { what } => format!("this is not a published Zarf package: {what}"),
        }
    }
}
