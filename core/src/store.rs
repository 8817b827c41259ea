//! What the verifier keeps of the entries that streamed through, and the options that bound it.
//! The verifier writes it; the reconciliation passes (`crate::reconcile`) read it.

use crate::diag::Finding;
use crate::digest::Hashes;
use crate::rules;
use crate::zarf::checksums_stream::ChecksumsStream;
use crate::zarf::component::chart::ChartRead;
use std::collections::{BTreeMap, BTreeSet};

/// Default of [`Options::max_entries`]: packages Zarf builds hold hundreds to a few thousand.
pub const DEFAULT_MAX_ENTRIES: u64 = 100_000;
/// Default of [`Options::max_name_length`]: Zarf's own entry names are under 200 bytes.
pub const DEFAULT_MAX_NAME_LENGTH: u64 = 1024;

/// Limits. Sizes are `u64` everywhere (`usize` is 32-bit on wasm32).
///
/// A limit never switches a check off: whatever a limit keeps zverify from inspecting is reported
/// as an error that names the limit and the flag that raises it.
#[derive(Debug, Clone)]
pub struct Options {
    /// Largest document kept in memory for inspection (index.json, manifests, configs, zarf.yaml,
    /// signatures). CLI: `--document-cap`.
    pub document_cap: u64,
    /// Total bytes kept of blobs that may be documents (their first byte is `{` or `[`): which
    /// blobs are manifests and configs is known only once index.json has arrived, usually last.
    /// CLI: `--document-budget`.
    pub total_document_cap: u64,
    /// Total bytes kept of the package's own metadata files (zarf.yaml, index.json, oci-layout,
    /// signatures): a budget of its own, so that blobs that look like JSON never use it up.
    /// CLI: `--metadata-budget`.
    pub metadata_budget: u64,
    /// How deep nested image indexes are followed. CLI: `--max-index-depth`.
    pub max_index_depth: u64,
    /// Most data parts a split package may have (Zarf writes at most 999). CLI: `--max-split-parts`.
    pub max_split_parts: u64,
    /// The public key to verify Zarf package signatures with (parsed once, by the front end,
    /// with [`crate::zarf::signature::PublicKey::from_pem`]).
    pub signing_key: Option<crate::zarf::signature::PublicKey>,
    /// Keyless (Sigstore bundle with a Fulcio certificate) verification: who must have signed,
    /// against which trusted root (CLI: `--certificate-identity`, `--certificate-oidc-issuer`, …).
    pub keyless: Option<crate::sigstore::Policy>,
    /// A Zarf version (`v0.76.0`) to ask about: a package whose `build.versionRequirements` it does
    /// not meet is an error (ZV631). Checked with [`crate::zarf::requirements::is_zarf_version`].
    pub zarf_version: Option<String>,
    // JSON limits (`--json-max-depth`, `--max-descriptors`): past them a document is reported
    // (ZV211, ZV212), never silently skipped.
    /// Deepest nesting of arrays/objects read in a JSON document; at most
    /// [`crate::json::PARSER_MAX_DEPTH`] (127), the parser's own ceiling.
    pub json_max_depth: u32,
    /// Most descriptors read from one document (an index's `manifests`, a manifest's `layers`).
    pub max_descriptors: u64,
    /// Largest zstd window a frame may declare (`--zstd-window-max`): the decoder allocates it.
    /// Default [`crate::zstd::DEFAULT_WINDOW_MAX`], what Zarf's own decoder accepts.
    pub zstd_window_max: u64,
    /// The zstd decoder (default: the fastest this target has). The page's driver asks for
    /// ruzstd, the decoder it has in a browser, so its layer decodes natively as it does there.
    pub zstd_decoder: crate::zstd::ZstdDecoder,
    /// Most archive entries read (files, directories, links, others); later ones are not
    /// verified (ZV020). Every entry is kept until the end, so this bounds memory.
    pub max_entries: u64,
    /// Longest entry name, in bytes (ZV021). Zarf's own names are under 200 bytes.
    pub max_name_length: u64,
}

/// Defaults of the limits, shared with the CLI's flags.
pub mod defaults {
    pub const DOCUMENT_CAP: u64 = 4 << 20;
    /// With the metadata budget, at most 48 MiB of documents are held: the README's memory bound.
    pub const DOCUMENT_BUDGET: u64 = 32 << 20;
    pub const METADATA_BUDGET: u64 = 16 << 20;
    pub const MAX_INDEX_DEPTH: u64 = 16;
    /// Zarf's split writer refuses to write more than 999 parts (`src/internal/split`).
    pub const MAX_SPLIT_PARTS: u64 = 999;
    pub const JSON_MAX_DEPTH: u32 = 64;
    pub const MAX_DESCRIPTORS: u64 = 10_000;
}

impl Default for Options {
    fn default() -> Self {
        Options {
            document_cap: defaults::DOCUMENT_CAP,
            total_document_cap: defaults::DOCUMENT_BUDGET,
            metadata_budget: defaults::METADATA_BUDGET,
            max_index_depth: defaults::MAX_INDEX_DEPTH,
            max_split_parts: defaults::MAX_SPLIT_PARTS,
            signing_key: None,
            keyless: None,
            zarf_version: None,
            json_max_depth: defaults::JSON_MAX_DEPTH,
            max_descriptors: defaults::MAX_DESCRIPTORS,
            zstd_window_max: crate::zstd::DEFAULT_WINDOW_MAX,
            zstd_decoder: crate::zstd::ZstdDecoder::Fastest,
            max_entries: DEFAULT_MAX_ENTRIES,
            max_name_length: DEFAULT_MAX_NAME_LENGTH,
        }
    }
}

/// Why the bytes of an entry were not kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dropped {
    /// Larger than `document_cap`.
    OverCap,
    /// The budget (`total_document_cap` for blobs, `metadata_budget` for metadata files) was used
    /// up by the documents kept before it.
    OverBudget { metadata: bool },
    /// A blob whose first non-blank byte is this, so not a JSON document.
    NotJson(u8),
    /// A hard link: the bytes streamed earlier under the target's name and were not kept for this
    /// one. The link is already an error (ZV003) that says its content was not read as a document.
    HardLink,
}

/// What the verifier knows about one regular file once it has streamed through.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub size: u64,
    pub hashes: Hashes,
    /// Stored bytes of a small document, exactly as read.
    pub bytes: Option<Vec<u8>>,
    /// Why `bytes` is `None`, when the entry was a candidate for keeping.
    pub dropped: Option<Dropped>,
    /// Handed out to be hashed elsewhere, and `hashes` not yet known (`Verifier::complete`).
    pub ticket: Option<u64>,
}

/// Everything the reconciliation pass sees.
#[derive(Debug, Default)]
pub(crate) struct Store {
    pub entries: BTreeMap<String, Entry>,
    pub dirs: BTreeSet<String>,
    /// checksums.txt (at the package root), parsed line by line as it streamed through.
    pub checksums: Option<ChecksumsStream>,
    /// Component tarballs (`components/<name>.tar`), read as they streamed, by path.
    pub components: BTreeMap<String, ComponentContents>,
    /// Files that are there but were not read (sparse files: ZV013 says so). Nothing of them is
    /// verified; they are only never called missing.
    pub unverified: BTreeSet<String>,
}

impl Store {
    pub fn bytes(&self, path: &str) -> Option<&[u8]> {
        self.entries.get(path)?.bytes.as_deref()
    }
    pub fn has_dir(&self, dir: &str) -> bool {
        let dir = dir.trim_end_matches('/');
        let prefix = format!("{dir}/");
        self.dirs.contains(dir)
            || self.entries.range(prefix.clone()..).next().is_some_and(|(k, _)| k.starts_with(&prefix))
    }
}

/// One node of the tree an extraction would leave (`Verifier::tree_view`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewNode {
    File { size: u64, sha256: String },
    Dir,
}

/// What a component tarball's checks need, once it has been read.
#[derive(Debug, Default)]
pub struct ComponentContents {
    /// The tree an extraction would leave: every file (size, sha256) and directory.
    pub tree: BTreeMap<String, ViewNode>,
    /// The nested tarball's own findings (tar differentials, limits, faults), at
    /// `components/<name>.tar!<entry>`.
    pub findings: Vec<Finding>,
    /// What was kept of the entries checks read, by path in the tarball.
    pub kept: BTreeMap<String, Kept>,
}

/// What was kept of one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kept {
    /// A manifest's bytes.
    Bytes(Vec<u8>),
    /// A document not kept: over the per-document cap, or (`budget`) over what was left of the
    /// budget for documents of nested tarballs (its size, the limit).
    TooLarge { size: u64, limit: u64, budget: bool },
    /// A chart archive, read as Helm's loader reads it.
    Chart(ChartRead),
}

impl Kept {
    /// The finding for a document of a nested tarball that was not kept (`what`: "the manifest").
    pub(crate) fn not_inspected(what: &str, size: u64, limit: u64, budget: bool) -> Finding {
        let what = what.to_owned();
        Finding::of(if budget {
            rules::DocumentNotInspected::DocumentBudget { what, size, budget: limit }
        } else {
            rules::DocumentNotInspected::OverCap { what, size, cap: limit }
        })
    }
}
