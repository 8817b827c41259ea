//! What the verifier keeps of the entries that streamed through, and the options that bound it.
//! The verifier writes it; the reconciliation passes (`crate::reconcile`) read it.

use crate::digest::Hashes;
use std::collections::{BTreeMap, BTreeSet};

/// Limits. Sizes are `u64` everywhere (`usize` is 32-bit on wasm32).
#[derive(Debug, Clone)]
pub struct Options {
    /// Largest JSON document kept in memory for inspection (index.json, manifests, configs).
    pub document_cap: u64,
    /// Total bytes of documents kept at once.
    pub total_document_cap: u64,
    /// PEM public key to verify Zarf package signatures with (`--key`).
    pub signing_key: Option<Vec<u8>>,
    /// Largest zstd window a frame may declare (`--zstd-window-max`): the decoder allocates it.
    /// Default [`crate::zstd::DEFAULT_WINDOW_MAX`], what Zarf's own decoder accepts.
    pub zstd_window_max: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            document_cap: 4 << 20,
            total_document_cap: 32 << 20,
            signing_key: None,
            zstd_window_max: crate::zstd::DEFAULT_WINDOW_MAX,
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
