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
pub mod diag;
pub mod digest;
pub mod json;
pub mod oci;
pub mod overrides;
pub mod path;
mod reconcile;
pub mod render;
pub mod report;
pub mod rules;
mod store;
pub mod tar;
mod verifier;
pub mod zarf;
pub mod zstd;

pub use diag::{Finding, Rule, Severity};
pub use digest::{Algorithm, Digest};
pub use report::{ComponentInfo, FailOn, ImageInfo, PackageInfo, Report, Summary};
pub use store::{DEFAULT_MAX_ENTRIES, DEFAULT_MAX_NAME_LENGTH};
pub use verifier::{defaults, EntryError, Options, Verifier, ViewNode};

/// Why [`check_document`] cannot check a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentError {
    /// No kind given, and none can be told from the document (it names the target).
    UnknownKind { target: String },
}

impl std::fmt::Display for DocumentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocumentError::UnknownKind { target } => write!(
                f,
                "cannot tell what kind of document {target} is (no mediaType, no manifests/config/rootfs/digest); pass --type"
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
    if let Some(node) = oci::parse_document(&mut ctx, bytes, target) {
        let kind = match kind.or_else(|| oci::DocKind::detect(&node)) {
            Some(k) => k,
            None => return Err(DocumentError::UnknownKind { target: target.to_owned() }),
        };
        oci::check_kind(&mut ctx, &node, kind);
    }
    Ok(Report::new(target, findings, 1, 0, bytes.len() as u64, None))
}
