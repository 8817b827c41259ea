//! Rereads: documents zverify needs but could not keep within its budgets are asked for again
//! from a source that can be read twice (a file, a directory), and taken only if they are the
//! bytes that streamed through.

use super::ingest::{is_metadata, Budgets};
use crate::digest::{digest_bytes, Algorithm};
use crate::store::{Dropped, Options, Store};

/// The documents to read again, by path: those the checks need that were kept out by a budget.
/// To make room, the bytes of blobs no check reads are released first.
pub(super) fn wanted(store: &mut Store, opts: &Options, budgets: &mut Budgets) -> Vec<String> {
    // Almost always nothing was kept out: then no second walk is spent finding out what is.
    if !store.entries.values().any(|e| matches!(e.dropped, Some(Dropped::OverBudget { .. }))) {
        return Vec::new();
    }
    let (needed, mut wanted) = crate::reconcile::documents_needed(store, opts);
    for (path, e) in &store.entries {
        if is_metadata(path) && matches!(e.dropped, Some(Dropped::OverBudget { .. })) {
            wanted.insert(path.clone());
        }
    }
    if wanted.is_empty() {
        return Vec::new();
    }
    for (path, e) in store.entries.iter_mut() {
        if is_metadata(path) || needed.contains(path) {
            continue;
        }
        if let Some(b) = e.bytes.take() {
            budgets.release(path, b.len() as u64);
            e.dropped = Some(Dropped::OverBudget { metadata: false });
        }
    }
    wanted.into_iter().collect()
}

/// The bytes of a document [`wanted`] asked for, read again: kept only if they are the bytes that
/// streamed through (same size and sha256) and fit the budget. Returns whether they were kept.
pub(super) fn supply(store: &mut Store, opts: &Options, budgets: &mut Budgets, path: &str, bytes: Vec<u8>) -> bool {
    let Some(e) = store.entries.get_mut(path) else { return false };
    if e.bytes.is_some() || !matches!(e.dropped, Some(Dropped::OverBudget { .. })) {
        return false;
    }
    let same = bytes.len() as u64 == e.size
        && e.hashes.sha256.as_deref() == Some(digest_bytes(Algorithm::Sha256, &bytes).encoded());
    if !same || !budgets.charge(is_metadata(path), e.size, opts) {
        return false;
    }
    e.bytes = Some(bytes);
    e.dropped = None;
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::Hashes;
    use crate::store::Entry;

    fn entry(bytes: &[u8], kept: bool, dropped: Option<Dropped>) -> Entry {
        let sha = digest_bytes(Algorithm::Sha256, bytes).encoded().to_owned();
        Entry {
            size: bytes.len() as u64,
            hashes: Hashes { sha256: Some(sha), ..Hashes::default() },
            bytes: kept.then(|| bytes.to_vec()),
            dropped,
            ticket: None,
        }
    }

    #[test]
    fn only_the_same_bytes_within_budget_are_taken() {
        let opts = Options { metadata_budget: 8, ..Options::default() };
        let mut store = Store::default();
        let over = Some(Dropped::OverBudget { metadata: true });
        store.entries.insert("index.json".into(), entry(b"{\"a\":1}", false, over));
        store.entries.insert("zarf.yaml".into(), entry(b"kind: x", true, None));
        let mut b = Budgets::default();
        // Other bytes (a file changed between the reads) are refused.
        assert!(!supply(&mut store, &opts, &mut b, "index.json", b"{\"a\":2}".to_vec()));
        // A document that was kept, or is unknown, is not supplied again.
        assert!(!supply(&mut store, &opts, &mut b, "zarf.yaml", b"kind: x".to_vec()));
        assert!(!supply(&mut store, &opts, &mut b, "nope", Vec::new()));
        // Over the budget: refused, nothing charged.
        assert!(b.charge(true, 2, &opts));
        assert!(!supply(&mut store, &opts, &mut b, "index.json", b"{\"a\":1}".to_vec()));
        b.release("index.json", 2);
        assert!(supply(&mut store, &opts, &mut b, "index.json", b"{\"a\":1}".to_vec()));
        assert_eq!(store.bytes("index.json"), Some(&b"{\"a\":1}"[..]));
        assert!(store.entries["index.json"].dropped.is_none());
    }

    #[test]
    fn nothing_is_wanted_when_nothing_was_kept_out() {
        let mut store = Store::default();
        store.entries.insert("blobs/sha256/ab".into(), entry(b"{}", true, None));
        let mut b = Budgets::default();
        assert!(wanted(&mut store, &Options::default(), &mut b).is_empty());
        // The kept blob was not released for nothing.
        assert!(store.bytes("blobs/sha256/ab").is_some());
    }

    #[test]
    fn metadata_kept_out_is_wanted_and_unneeded_blobs_make_room() {
        let mut store = Store::default();
        store.entries.insert("index.json".into(), entry(b"{}", false, Some(Dropped::OverBudget { metadata: true })));
        store.entries.insert("blobs/sha256/ab".into(), entry(b"{\"x\":1}", true, None));
        let opts = Options::default();
        let mut b = Budgets::default();
        assert!(b.charge(false, 7, &opts));
        assert_eq!(wanted(&mut store, &opts, &mut b), ["index.json"]);
        // The blob no check reads (nothing references it yet) gave its bytes back.
        assert!(store.bytes("blobs/sha256/ab").is_none());
        assert!(b.charge(false, opts.total_document_cap, &opts), "its budget is free again");
    }
}
