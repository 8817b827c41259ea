//! What the verifier keeps of the entries that streamed through, and the options that bound it.
//! The verifier writes it; the reconciliation passes (`crate::reconcile`) read it.

use crate::digest::Hashes;
use std::collections::{BTreeMap, BTreeSet};

/// Default of [`Options::max_entries`]: packages Zarf builds hold hundreds to a few thousand.
pub const DEFAULT_MAX_ENTRIES: u64 = 100_000;
/// Default of [`Options::max_name_length`]: Zarf's own entry names are under 200 bytes.
pub const DEFAULT_MAX_NAME_LENGTH: u64 = 1024;

/// Limits. Sizes are `u64` everywhere (`usize` is 32-bit on wasm32).
#[derive(Debug, Clone)]
pub struct Options {
    /// Largest JSON document kept in memory for inspection (index.json, manifests, configs).
    pub document_cap: u64,
    /// Total bytes of documents kept at once.
    pub total_document_cap: u64,
    /// PEM public key to verify Zarf package signatures with (`--key`).
    pub signing_key: Option<Vec<u8>>,
    /// Most archive entries read (files, directories, links, others); later ones are not
    /// verified (ZV020). Every entry is kept until the end, so this bounds memory.
    pub max_entries: u64,
    /// Longest entry name, in bytes (ZV021). Zarf's own names are under 200 bytes.
    pub max_name_length: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            document_cap: 4 << 20,
            total_document_cap: 32 << 20,
            signing_key: None,
            max_entries: DEFAULT_MAX_ENTRIES,
            max_name_length: DEFAULT_MAX_NAME_LENGTH,
        }
    }
}

/// What the verifier knows about one regular file once it has streamed through.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub size: u64,
    pub hashes: Hashes,
    /// Stored bytes of a small document, exactly as read.
    pub bytes: Option<Vec<u8>>,
}

/// Everything the reconciliation pass sees.
#[derive(Debug, Default)]
pub(crate) struct Store {
    pub entries: BTreeMap<String, Entry>,
    pub dirs: BTreeSet<String>,
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
