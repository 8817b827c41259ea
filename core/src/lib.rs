//! # zverify-core
//!
//! The verifier core of zverify. **It does no IO, reads no clock and starts no threads**: the caller
//! owns every byte source (a directory, a tar stream, a browser `File`, a registry) and pushes bytes
//! in; the core answers with a [`Report`]. The same code runs natively and in WebAssembly.
//!
//! ```
//! use zverify_core::{Verifier, Options};
//! let mut v = Verifier::new(Options::default());
//! v.begin_entry("oci-layout", Some(30)).unwrap();
//! v.write(br#"{"imageLayoutVersion":"1.0.0"}"#);
//! v.end_entry().unwrap();
//! v.begin_entry("index.json", None).unwrap();
//! v.write(br#"{"schemaVersion":2,"manifests":[]}"#);
//! v.end_entry().unwrap();
//! v.add_directory("blobs");
//! let report = v.finish("example");
//! assert_eq!(report.summary.errors, 0);
//! ```
//!
//! Bytes are hashed exactly once, as they stream, and digests are always computed over the bytes as
//! stored: no JSON is ever re-serialized to compute or compare a digest. Large blobs are kept only as
//! (size, digest); small JSON documents are kept (under a cap) because `index.json` and `zarf.yaml`
//! usually arrive *after* the blobs they describe. Everything is reconciled in [`Verifier::finish`].

pub mod archive;
pub mod code;
pub mod diag;
pub mod digest;
pub mod entry;
pub mod fault;
pub mod go;
pub mod json;
pub mod oci;
pub mod overrides;
pub mod path;
pub mod published;
mod reconcile;
pub mod render;
pub mod report;
pub mod rules;
pub mod seek;
pub mod session;
pub mod sigstore;
mod store;
pub mod tar;
mod verifier;
pub mod zarf;
pub mod zstd;

pub use code::Code;
pub use diag::{Finding, Rule, Severity};
pub use digest::{Algorithm, Digest};
pub use entry::{EntryDigest, EntryHasher, EntryPlan, Handout};
pub use fault::Fault;
pub use report::{ArchiveDigest, ComponentInfo, FailOn, ImageInfo, PackageInfo, Report, Summary, VersionRequirement};
pub use session::{Input, Need, Session, SourceFailure, SourceFault, Unusable};
pub use store::ViewNode;
pub use store::{DEFAULT_MAX_ENTRIES, DEFAULT_MAX_NAME_LENGTH};
pub use tar::EntryError;
pub use verifier::{defaults, Options, Verifier};

/// Why [`check_document`] cannot check a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentError {
    /// No kind given, and none can be told from the document (it names the target).
    UnknownKind { target: String },
    /// Not JSON, and it reads as YAML (a zarf.yaml, most likely): not what `doc` checks.
    LooksLikeYaml { target: String },
}

/// What `zverify doc` accepts, for messages.
pub const DOCUMENT_KINDS: &str =
    "one JSON document: an OCI image index, image manifest, image config, descriptor or oci-layout file";

impl std::fmt::Display for DocumentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocumentError::UnknownKind { target } => write!(
                f,
                "cannot tell what kind of document {target} is (no mediaType, no manifests/config/rootfs/digest); name its kind: index, manifest, config, descriptor or layout"
            ),
            DocumentError::LooksLikeYaml { target } => write!(
                f,
                "{target} is not JSON: it looks like YAML. `zverify doc` checks {DOCUMENT_KINDS}. A zarf.yaml is checked with the package it belongs to: `zverify check <package directory or archive>`"
            ),
        }
    }
}

impl std::error::Error for DocumentError {}

/// Validate one standalone JSON document (`zverify doc`). `kind` is detected from `mediaType` and
/// the fields present when not given. Returns the report, or an error when the kind cannot be told.
pub fn check_document(bytes: &[u8], kind: Option<oci::DocKind>, target: &str) -> Result<Report, DocumentError> {
    check_document_with(bytes, kind, target, &Options::default())
}

/// [`check_document`] under the JSON limits of `opts` (`json_max_depth`, `max_descriptors`).
pub fn check_document_with(
    bytes: &[u8],
    kind: Option<oci::DocKind>,
    target: &str,
    opts: &Options,
) -> Result<Report, DocumentError> {
    let mut findings = Vec::new();
    let mut ctx =
        oci::DocCtx::new(target, &mut findings).with_limits(oci::Limits::from_options(opts)).with_source(bytes);
    let mut checked_as = None;
    if let Some(node) = oci::parse_document(&mut ctx, bytes, target) {
        let (k, how) = match (kind, oci::DocKind::detect(&node)) {
            (Some(k), _) => (k, "as asked"),
            (None, Some(k)) => (k, "detected"),
            (None, None) => return Err(DocumentError::UnknownKind { target: target.to_owned() }),
        };
        oci::check_kind(&mut ctx, &node, k);
        checked_as = Some(format!("{}, {how}", k.title()));
    } else if looks_like_yaml(bytes) {
        return Err(DocumentError::LooksLikeYaml { target: target.to_owned() });
    }
    // `package.kind` says what the document was checked as ("OCI image index, detected"), or
    // "unknown" when it could not be parsed.
    let info = PackageInfo { kind: checked_as.unwrap_or_else(|| "unknown".to_owned()), ..PackageInfo::default() };
    Ok(Report::new(target, findings, 1, 0, bytes.len() as u64, Some(info)))
}

/// Does text that is not JSON read as YAML? Its first meaningful line is a document marker or
/// directive, a `key:` mapping entry or a `- ` sequence entry, none of which can begin JSON.
fn looks_like_yaml(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes));
    let Some(line) = text.lines().map(str::trim_end).find(|l| !l.trim().is_empty() && !l.starts_with('#')) else {
        return false;
    };
    if line.starts_with("---") || line.starts_with("%YAML") || line == "-" || line.starts_with("- ") {
        return true;
    }
    match line.split_once(':') {
        Some((key, rest)) => {
            let key = key.trim_matches(|c| c == '"' || c == '\'');
            !key.is_empty()
                && !line.starts_with(['{', '['])
                && key.chars().all(|c| c.is_alphanumeric() || "_-. ".contains(c))
                && (rest.is_empty() || rest.starts_with(' '))
        }
        None => false,
    }
}
