//! Collector mode: a second read of the source that only keeps the bytes of the documents asked
//! for (`Verifier::collector`), hashing nothing else; its findings are not a report.

use super::ingest::Keep;
use crate::digest::MultiHasher;
use crate::store::{Options, Store};
use std::collections::BTreeSet;

/// A collector's options: each asked-for document up to `document_cap`, and no budget (the
/// verifier that asked charges its own when the bytes are supplied).
pub(super) fn options(document_cap: u64) -> Options {
    Options { document_cap, total_document_cap: u64::MAX, metadata_budget: u64::MAX, ..Options::default() }
}

/// How a collector reads an entry: kept whole if it was asked for, otherwise not at all.
pub(super) fn plan(only: &BTreeSet<String>, path: &str) -> (MultiHasher, Keep) {
    let keep = if only.contains(path) { Keep::Metadata } else { Keep::No };
    (MultiHasher::new(false, false), keep)
}

/// What was collected: (path, bytes).
pub(super) fn collected(store: Store) -> Vec<(String, Vec<u8>)> {
    store.entries.into_iter().filter_map(|(p, e)| Some((p, e.bytes?))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_was_asked_for_is_kept_and_nothing_is_hashed() {
        let only: BTreeSet<String> = ["blobs/sha256/ab".to_owned()].into();
        let (h, keep) = plan(&only, "blobs/sha256/ab");
        assert_eq!((h.algorithms(), keep), ((false, None), Keep::Metadata));
        assert_eq!(plan(&only, "blobs/sha256/cd").1, Keep::No);
        let o = options(7);
        assert_eq!((o.document_cap, o.total_document_cap, o.metadata_budget), (7, u64::MAX, u64::MAX));
    }
}
