//! Reconciliation: what runs in `Verifier::finish`: walk the layouts, then the passes that need the whole
//! picture — pinned references, and Zarf semantics when there is a zarf.yaml.

pub(crate) mod layout;
pub(crate) mod pins;
mod zarf;

use crate::diag::Finding;
use crate::report::PackageInfo;
use crate::store::{Options, Store};

/// Returns (blobs verified, package).
pub(crate) fn reconcile(store: &Store, opts: &Options, out: &mut Vec<Finding>) -> (u64, Option<PackageInfo>) {
    let (layouts, blobs_verified) = layout::walk_layouts(store, crate::oci::Limits::from_options(opts), out);
    if store.entries.contains_key("zarf.yaml") {
        return (blobs_verified, Some(zarf::analyze(store, &layouts, opts, out)));
    }
    pins::check(store, &layouts, None, out);
    let package = (!layouts.is_empty()).then(|| PackageInfo {
        kind: "oci-layout".into(),
        layouts: layouts.iter().map(|l| l.root.clone()).collect(),
        images: layouts.iter().flat_map(|l| l.entries().iter().map(|e| layout::image_info(e, None))).collect(),
        ..PackageInfo::default()
    });
    (blobs_verified, package)
}
