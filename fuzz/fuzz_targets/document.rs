//! Each JSON document kind through `check_document` (what `zverify doc` runs). Input: a byte for
//! the kind (auto-detect, index, manifest, config, descriptor, layout), then the document.
//! Invariants: no panic; the report is deterministic (two runs, same bytes).
#![no_main]
use libfuzzer_sys::fuzz_target;
use zverify_core::oci::DocKind;

const KINDS: [Option<DocKind>; 6] =
    [None, Some(DocKind::Index), Some(DocKind::Manifest), Some(DocKind::Config), Some(DocKind::Descriptor), Some(DocKind::Layout)];

fuzz_target!(|data: &[u8]| {
    let Some((&k, doc)) = data.split_first() else { return };
    let kind = KINDS[usize::from(k) % KINDS.len()];
    let a = zverify_core::check_document(doc, kind, "fuzz.json").map(|r| r.to_json());
    let b = zverify_core::check_document(doc, kind, "fuzz.json").map(|r| r.to_json());
    assert_eq!(a, b);
});
