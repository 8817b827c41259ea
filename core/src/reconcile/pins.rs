//! References that pin a digest (`name[:tag]@sha256:X`) against what an entry stores — the check
//! behind Zarf issue #2425. Runs after the layout walk, so it knows which blobs are stored, which
//! are intact, and what each entry turned out to be.

use super::layout::{EntryResult, LayoutResult, BASE_NAME, REF_NAME};
use crate::diag::Finding;
use crate::digest::Digest;
use crate::json::{ptr, Node};
use crate::rules;
use crate::store::Store;
use crate::zarf::version::{Version, INDEX_KEPT_SINCE, INDEX_REFUSED_SINCE};

/// Check every pinned reference of every layout. `zarf_version` is `build.version` when the
/// layout is part of a Zarf package, to tailor the advice.
pub(crate) fn check(store: &Store, layouts: &[LayoutResult], zarf_version: Option<&str>, out: &mut Vec<Finding>) {
    for layout in layouts {
        for e in layout.entries() {
            check_entry(store, layout, e, zarf_version, out);
        }
    }
}

fn check_entry(
    store: &Store,
    layout: &LayoutResult,
    e: &EntryResult,
    zarf_version: Option<&str>,
    out: &mut Vec<Finding>,
) {
    let d = &e.desc;
    let Some(actual) = &d.digest else { return };
    let index_path = layout.index_path();
    // The name Zarf's push resolves the entry by: ref.name, or base.name when ref.name is absent
    // or empty (`addRefNameAnnotationToImages`). A pin in the other one is never pushed.
    let key = if d.annotation(REF_NAME).is_some_and(|r| !r.is_empty()) { REF_NAME } else { BASE_NAME };
    if let Some(reference) = d.annotation(key) {
        let Some((name, pin)) = reference.rsplit_once('@') else { return };
        let pointer = ptr(&ptr(&d.pointer, "annotations"), key);
        let pinned = match Digest::parse(pin) {
            Ok(p) => p,
            Err(err) => {
                out.push(
                    Finding::of(rules::InvalidDigest::Pin {
                        reference: reference.to_owned(),
                        pin: pin.to_owned(),
                        error: err,
                    })
                    .path(index_path.clone())
                    .pointer(pointer),
                );
                return;
            }
        };
        let pinned_blob = layout.blobs.get(&pinned);
        // The pinned document is stored, but its bytes were rewritten (re-encoded JSON).
        if let Some(blob) = pinned_blob.filter(|b| b.intact == Some(false)) {
            if let Some(kind) = store.bytes(&blob.path).and_then(document_kind) {
                out.push(
                    Finding::of(rules::PinnedBytesRewritten {
                        reference: reference.to_owned(),
                        pinned: pinned.short(),
                        kind,
                    })
                    .path(blob.path.clone())
                    .digest(pinned.as_str()),
                );
                return;
            }
        }
        if &pinned == actual {
            return;
        }
        let platform = d.platform.as_ref().or(e.walked.config_platform.as_ref()).map(|p| p.to_string());
        if e.walked.is_manifest && pinned_blob.is_none() {
            let held = platform.as_deref().unwrap_or("one platform's");
            let base = name.split('@').next().unwrap_or(name);
            out.push(
                Finding::of(rules::IndexDigestStoredAsPlatformManifest {
                    reference: reference.to_owned(),
                    pinned: pinned.short(),
                    held: held.to_owned(),
                    actual: actual.short(),
                })
                .path(index_path.clone())
                .pointer(pointer)
                .digest(actual.as_str())
                .help(index_help(zarf_version, base, actual)),
            );
            return;
        }
        out.push(
            Finding::of(rules::RefPinMismatch {
                reference: reference.to_owned(),
                pinned: pinned.short(),
                actual: actual.short(),
                pinned_stored: pinned_blob.is_some(),
            })
            .path(index_path.clone())
            .pointer(pointer)
            .digest(actual.as_str()),
        );
    }
}

/// What the stored bytes are, if they are JSON of a manifest or index.
fn document_kind(bytes: &[u8]) -> Option<&'static str> {
    let node = Node::parse(bytes).ok()?;
    if node.get("manifests").is_some() {
        Some("image index")
    } else if node.get("config").is_some() || node.get("layers").is_some() {
        Some("image manifest")
    } else {
        None
    }
}

/// Advice for the #2425 shape, by the Zarf version that built the package.
fn index_help(zarf_version: Option<&str>, name: &str, held: &Digest) -> String {
    let pin = format!("pin the platform digest `{name}@{held}`");
    let v = zarf_version.map(|s| (s, Version::parse(s)));
    match v {
        Some((raw, Some(v))) if v < INDEX_REFUSED_SINCE => format!(
            "This package was built by Zarf {raw}. Zarf before v0.33.1 accepted an image-index digest but stored only the current platform's manifest (this defect); Zarf v0.33.1 to v0.76.x refuse to create a package from an index digest; Zarf v0.77.0 and later store the pinned index whole, with every platform. Rebuild it with Zarf v0.77.0 or later, or {pin}."
        ),
        Some((raw, Some(v))) if v < INDEX_KEPT_SINCE => format!(
            "Zarf {raw} refuses image-index digests when it creates a package (every Zarf from v0.33.1 to v0.76.x does), so this package was changed after it was built or made by another tool. Zarf v0.77.0 and later store the pinned index whole, with every platform: rebuild it with one of those, or {pin}."
        ),
        Some((raw, Some(_))) => format!(
            "Zarf {raw} stores a pinned index whole (every Zarf from v0.77.0 does), so this package was changed after it was built. Rebuild it, or {pin}."
        ),
        _ => format!(
            "Zarf before v0.33.1 stored only one platform's manifest of a pinned index (this defect); v0.33.1 to v0.76.x refuse to create a package from an index digest; v0.77.0 and later store the pinned index whole. Rebuild the package with Zarf v0.77.0 or later, or {pin}."
        ),
    }
}
