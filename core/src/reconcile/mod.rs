//! Reconciliation: what runs in `Verifier::finish`: walk the layouts, then the passes that need the whole
//! picture — pinned references, and Zarf semantics when there is a zarf.yaml.

mod components;
pub(crate) mod layout;
pub(crate) mod pins;
mod requirements;
mod sboms;
mod zarf;

use crate::diag::Finding;
use crate::report::PackageInfo;
use crate::rules::{self, DocumentNotInspected};
use crate::store::{Dropped, Entry, Options, Store};
use std::collections::BTreeSet;

/// Blob documents the checks need (`LayoutResult::needed`) and, of those, the ones a budget kept
/// out (`wanted`), from a walk whose findings are discarded.
pub(crate) fn documents_needed(store: &Store, opts: &Options) -> (BTreeSet<String>, BTreeSet<String>) {
    let (layouts, _) = layout::walk_layouts(store, opts, &mut Vec::new());
    let mut needed = BTreeSet::new();
    let mut wanted = BTreeSet::new();
    for l in layouts {
        needed.extend(l.needed);
        wanted.extend(l.wanted);
    }
    (needed, wanted)
}

/// Returns (blobs verified, package).
pub(crate) fn reconcile(store: &Store, opts: &Options, out: &mut Vec<Finding>) -> (u64, Option<PackageInfo>) {
    let (layouts, blobs_verified) = layout::walk_layouts(store, opts, out);
    if store.entries.contains_key(crate::zarf::ZARF_YAML) {
        return (blobs_verified, Some(zarf::analyze(store, &layouts, opts, out)));
    }
    pins::check(store, &layouts, None, out);
    let zarf_shaped = zarf_structure(store);
    if let Some(what) = &zarf_shaped {
        out.push(Finding::of(rules::ZarfYamlMissing { what: what.to_string() }).path(crate::zarf::ZARF_YAML));
    }
    if opts.signing_key.is_some() || opts.keyless.is_some() {
        out.push(Finding::of(rules::SignatureMissing::NoZarfYaml).path(crate::zarf::ZARF_YAML));
    }
    let package = (!layouts.is_empty() || zarf_shaped.is_some()).then(|| PackageInfo {
        kind: if zarf_shaped.is_some() { "zarf" } else { "oci-layout" }.into(),
        layouts: layouts.iter().map(|l| l.root.clone()).collect(),
        images: layouts.iter().flat_map(|l| l.entries().iter().map(|e| layout::image_info(e, None))).collect(),
        ..PackageInfo::default()
    });
    (blobs_verified, package)
}

/// The finding for a document zverify needs but did not keep. It names the document, its size,
/// the limit that kept it out and the flag that raises that limit; a blob that is not JSON at all
/// is an invalid document, not an uninspected one.
/// `None` when the one finding for the defect is already made (a hard link, ZV003).
pub(crate) fn not_inspected(path: &str, what: &str, entry: &Entry, opts: &Options) -> Option<Finding> {
    let size = entry.size;
    let message = match entry.dropped {
        Some(Dropped::HardLink) => return None,
        Some(Dropped::NotJson(b)) => {
            let shown = if b.is_ascii_graphic() { format!("'{}'", b as char) } else { format!("0x{b:02x}") };
            return Some(
                Finding::of(rules::InvalidJson::NotAnObject { what: what.to_owned(), first: shown }).path(path),
            );
        }
        Some(Dropped::OverBudget { metadata: true }) => {
            DocumentNotInspected::MetadataBudget { what: what.to_owned(), size, budget: opts.metadata_budget }
        }
        Some(Dropped::OverBudget { metadata: false }) => {
            DocumentNotInspected::DocumentBudget { what: what.to_owned(), size, budget: opts.total_document_cap }
        }
        Some(Dropped::OverCap) | None => {
            DocumentNotInspected::OverCap { what: what.to_owned(), size, cap: opts.document_cap }
        }
    };
    Some(Finding::of(message).path(path))
}

/// What, at the root, only a Zarf package holds (a bare image layout holds none of it): a
/// description for the message, or `None`.
fn zarf_structure(store: &Store) -> Option<String> {
    use crate::zarf::{CHECKSUMS, SIGNATURES};
    let mut found: Vec<&str> = Vec::new();
    for name in [CHECKSUMS, "sboms.tar", "documentation.tar", "images.tar"].into_iter().chain(SIGNATURES) {
        if store.entries.contains_key(name) {
            found.push(name);
        }
    }
    // Component archives: components/<name>.tar.
    let component = store
        .entries
        .range("components/".to_owned()..)
        .take_while(|(k, _)| k.starts_with("components/"))
        .any(|(k, _)| k.ends_with(".tar") && !k["components/".len()..].contains('/'));
    if component {
        found.push("components/*.tar");
    }
    // values files sit beside an images/ layout in a Zarf package (v0.64+).
    if store.has_dir("images") {
        for name in ["values.yaml", "values.schema.json"] {
            if store.entries.contains_key(name) {
                found.push(name);
            }
        }
    }
    (!found.is_empty()).then(|| found.join(", "))
}
