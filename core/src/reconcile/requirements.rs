//! `build.versionRequirements` against the content (ZV630): what current Zarf declares when it
//! creates (`assemble.collectVersionRequirements`) or signs (`layout/package.go`) a package.

use crate::diag::Finding;
use crate::report::VersionRequirement;
use crate::rules;
use crate::store::Store;
use crate::zarf::requirements::declares;
use crate::zarf::version::Version;
use crate::zarf::yaml;

fn has_index(store: &Store) -> bool {
    let Some(index) = store.bytes("images/index.json") else { return false };
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(index) else { return false };
    v.get("manifests").and_then(|m| m.as_array()).is_some_and(|ms| {
        ms.iter().any(|m| {
            matches!(
                m.get("mediaType").and_then(|t| t.as_str()),
                Some(
                    "application/vnd.oci.image.index.v1+json"
                        | "application/vnd.docker.distribution.manifest.list.v2+json"
                )
            )
        })
    })
}

pub(crate) fn check(store: &Store, z: &yaml::ZarfYaml, reqs: &[VersionRequirement], out: &mut Vec<Finding>) {
    // Zarf writes requirements since v0.65.0 (a development build is current).
    let built = z.build_version.as_deref().unwrap_or("");
    let writes = built.starts_with("unset") || Version::parse(built).is_some_and(|v| v >= Version(0, 65, 0));
    let mut needs: Vec<(&'static str, &'static str)> = Vec::new();
    // Only Zarf v0.77.0+ stores an index whole, and only v0.71.0+ writes a bundle signature: any
    // package holding one was made by a Zarf that declares it.
    if has_index(store) {
        needs.push(("an image index stored whole", "v0.77.0"));
    }
    if store.entries.contains_key("zarf.bundle.sig") {
        needs.push(("a bundle signature (zarf.bundle.sig)", "v0.71.0"));
    }
    if writes && z.components.iter().any(|c| c.content.charts.iter().any(|ch| ch.version.is_empty())) {
        needs.push(("a chart without a version", "v0.65.0"));
    }
    for (what, version) in needs {
        if !declares(reqs, version) {
            let f = Finding::of(rules::VersionRequirementsInconsistent { what, needs: version.into() });
            out.push(f.path(crate::zarf::ZARF_YAML));
        }
    }
}
