//! `sboms.tar` against the package (ZV620–ZV622): the SBOMs Zarf's `generateSBOM`
//! (`src/pkg/packager/assemble/sbom.go`) writes, each describing the image it is named for, and
//! nothing else. Checked only when the package has `sboms.tar` (`--skip-sbom` builds have none).

use crate::diag::Finding;
use crate::rules;
use crate::store::Store;
use crate::zarf::component::{Kept, SBOMS};
use crate::zarf::{reference, yaml};
use serde_json::Value;
use std::collections::BTreeSet;

const REF_NAME: &str = "org.opencontainers.image.ref.name";
const BASE_NAME: &str = "org.opencontainers.image.base.name";
const COMPONENT_PREFIX: &str = "zarf-component-";

/// Zarf's `getNormalizedFileName`: every character outside `[a-zA-Z0-9.-]` becomes `_`.
fn file_name(id: &str) -> String {
    id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' }).collect()
}

/// Zarf's `images.isLayer`: the media types of container image layers.
fn is_layer(media_type: &str) -> bool {
    matches!(
        media_type,
        "application/vnd.docker.image.rootfs.diff.tar.gzip"
            | "application/vnd.docker.image.rootfs.diff.tar"
            | "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"
            | "application/vnd.oci.image.layer.v1.tar"
            | "application/vnd.oci.image.layer.v1.tar+gzip"
            | "application/vnd.oci.image.layer.v1.tar+zstd"
            | "application/vnd.oci.image.layer.nondistributable.v1.tar"
            | "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"
            | "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd"
    )
}

fn is_index(media_type: &str) -> bool {
    matches!(
        media_type,
        "application/vnd.oci.image.index.v1+json" | "application/vnd.docker.distribution.manifest.list.v2+json"
    )
}

fn blob<'s>(store: &'s Store, digest: &str) -> Option<&'s [u8]> {
    let (alg, hex) = digest.split_once(':')?;
    store.bytes(&format!("images/blobs/{alg}/{hex}"))
}

fn json(bytes: &[u8]) -> Option<Value> {
    serde_json::from_slice(bytes).ok()
}

/// An image manifest's config digest, if it has only container layers (Zarf writes no SBOM for
/// other artifacts).
fn container_config(manifest: &Value) -> Option<String> {
    let layers = manifest.get("layers")?.as_array()?;
    if !layers.iter().all(|l| l.get("mediaType").and_then(Value::as_str).is_some_and(is_layer)) {
        return None;
    }
    Some(manifest.get("config")?.get("digest")?.as_str()?.to_owned())
}

/// The config's `rootfs.diff_ids`: the layers as Syft lists them (uncompressed digests).
fn diff_ids(config: &Value) -> Vec<String> {
    let ids = config.get("rootfs").and_then(|r| r.get("diff_ids")).and_then(Value::as_array);
    ids.into_iter().flatten().filter_map(|d| d.as_str().map(str::to_owned)).collect()
}

/// What an SBOM is expected for: its identifier, and the manifest bytes (`None`: not read).
struct Target {
    id: String,
    manifest: Option<Value>,
}

/// The images Zarf writes SBOMs for, by identifier (`generateSBOM`, `loadOCIImagePlatforms`).
fn targets(store: &Store, z: &yaml::ZarfYaml) -> Vec<Target> {
    let Some(index) = store.bytes("images/index.json").and_then(json) else { return Vec::new() };
    let entries = index.get("manifests").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for r in z.components.iter().flat_map(|c| &c.images) {
        let Ok(parsed) = reference::parse(r) else { continue };
        let n = parsed.normalized();
        if !seen.insert(n.clone()) {
            continue;
        }
        let named = |e: &&Value| {
            let a = e.get("annotations");
            [REF_NAME, BASE_NAME].iter().any(|k| a.and_then(|a| a.get(*k)).and_then(Value::as_str) == Some(n.as_str()))
        };
        // Missing from the index: ZV510 says so.
        let Some(entry) = entries.iter().find(named) else { continue };
        let media_type = entry.get("mediaType").and_then(Value::as_str).unwrap_or("");
        let digest = entry.get("digest").and_then(Value::as_str).unwrap_or("");
        if !is_index(media_type) {
            out.push(Target { id: n.clone(), manifest: blob(store, digest).and_then(json) });
            continue;
        }
        // An index: one SBOM per platform image (nested indexes followed).
        let mut stack = vec![digest.to_owned()];
        let mut depth = 0;
        while let Some(d) = stack.pop() {
            depth += 1;
            let Some(idx) = blob(store, &d).and_then(json) else {
                out.push(Target { id: n.clone(), manifest: None });
                continue;
            };
            for child in idx.get("manifests").and_then(Value::as_array).into_iter().flatten() {
                let mt = child.get("mediaType").and_then(Value::as_str).unwrap_or("");
                let cd = child.get("digest").and_then(Value::as_str).unwrap_or("").to_owned();
                if is_index(mt) && depth < 16 {
                    stack.push(cd);
                    continue;
                }
                let p = child.get("platform");
                let field = |k: &str| p.and_then(|p| p.get(k)).and_then(Value::as_str).unwrap_or("").to_owned();
                let mut id = n.clone();
                if !field("architecture").is_empty() {
                    id = format!("{n}-{}-{}", field("os"), field("architecture"));
                    if !field("variant").is_empty() {
                        id = format!("{id}-{}", field("variant"));
                    }
                }
                out.push(Target { id, manifest: blob(store, &cd).and_then(json) });
            }
        }
    }
    out
}

pub(crate) fn check(store: &Store, z: &yaml::ZarfYaml, out: &mut Vec<Finding>) {
    let Some(contents) = store.components.get(SBOMS) else { return };
    out.extend(contents.findings.iter().cloned());
    let at = |entry: &str| format!("{SBOMS}!{entry}");
    let mut allowed: BTreeSet<String> = BTreeSet::from(["compare.html".to_owned()]);
    let expect = |what: String, id: &str, allowed: &mut BTreeSet<String>, out: &mut Vec<Finding>| -> String {
        let base = file_name(id);
        let doc = format!("{base}.json");
        allowed.insert(format!("sbom-viewer-{base}.html"));
        allowed.insert(doc.clone());
        if !contents.tree.contains_key(&doc) {
            out.push(Finding::of(rules::SbomMissing { what, expected: doc.clone() }).path(SBOMS));
        }
        doc
    };
    // The image each kept SBOM says it describes (`source.metadata.imageID`).
    let mut by_image: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    for (path, kept) in &contents.kept {
        if let Kept::Bytes(b) = kept {
            let id = json(b).and_then(|d| d.pointer("/source/metadata/imageID")?.as_str().map(str::to_owned));
            if let Some(id) = id {
                by_image.entry(id).or_insert_with(|| path.clone());
            }
        }
    }
    for t in targets(store, z) {
        let Some(manifest) = &t.manifest else {
            // The manifest was not read (its own finding says why): whether Zarf writes an SBOM
            // for it is not known, so its SBOM is accounted for but not checked.
            let base = file_name(&t.id);
            allowed.insert(format!("{base}.json"));
            allowed.insert(format!("sbom-viewer-{base}.html"));
            continue;
        };
        // Zarf writes no SBOM for an artifact that is not a container image (a Helm chart, …).
        let Some(config) = container_config(manifest) else { continue };
        // The config's own bytes were checked by the layout walk; unread, its findings say why.
        let layers = blob(store, &config).and_then(json).map(|c| diff_ids(&c));
        // Zarf's names have changed across versions (a pinned digest in the name, a platform
        // suffix); an SBOM stored under another name that describes this very image (its config
        // digest) is accepted as its SBOM.
        let base = file_name(&t.id);
        let named = format!("{base}.json");
        let doc = match by_image.get(config.as_str()) {
            Some(other) if !contents.tree.contains_key(&named) => {
                let stem = other.trim_end_matches(".json");
                allowed.insert(format!("sbom-viewer-{stem}.html"));
                allowed.insert(other.clone());
                other.clone()
            }
            _ => expect(format!("image {}", t.id), &t.id, &mut allowed, out),
        };
        let why = match contents.kept.get(&doc) {
            Some(Kept::Bytes(b)) => describes(b, &config, layers.as_deref()),
            Some(Kept::TooLarge { size, limit, budget }) => {
                out.push(Kept::not_inspected("the SBOM", *size, *limit, *budget).path(at(&doc)));
                None
            }
            _ if contents.tree.contains_key(&doc) => Some("it was not read (it is stored as a link)".into()),
            _ => None,
        };
        if let Some(why) = why {
            out.push(Finding::of(rules::SbomMismatch { image: t.id.clone(), why }).path(at(&doc)));
        }
    }
    for c in &z.components {
        if !c.content.files.is_empty() || !c.content.data.is_empty() {
            let what = format!("component \"{}\" (its files and data injections)", c.name);
            expect(what, &format!("{COMPONENT_PREFIX}{}", c.name), &mut allowed, out);
        }
    }
    for (path, node) in &contents.tree {
        if matches!(node, crate::verifier::ViewNode::File { .. }) && !allowed.contains(path) {
            out.push(Finding::of(rules::SbomUnexpectedEntry { entry: path.clone() }).path(at(path)));
        }
    }
}

/// Why a Syft JSON document does not describe the image of `config` whose layers are `layers`
/// (its diff_ids; `None` when the config was not read), or `None`.
fn describes(bytes: &[u8], config: &str, layers: Option<&[String]>) -> Option<String> {
    let Some(doc) = json(bytes) else { return Some("it is not JSON".into()) };
    let meta = doc.get("source").and_then(|s| s.get("metadata"));
    let image_id = meta.and_then(|m| m.get("imageID")).and_then(Value::as_str);
    if image_id != Some(config) {
        return Some(format!(
            "its source.metadata.imageID is {}, the image's config digest is {config}",
            image_id.map_or("absent".to_owned(), |s| s.to_owned())
        ));
    }
    let layers = layers?;
    let found: Vec<&str> = meta
        .and_then(|m| m.get("layers"))
        .and_then(Value::as_array)
        .map(|ls| ls.iter().filter_map(|l| l.get("digest").and_then(Value::as_str)).collect())
        .unwrap_or_default();
    if found != layers.iter().map(String::as_str).collect::<Vec<_>>() {
        return Some(format!(
            "its source.metadata.layers list {} digest(s) that are not the {} diff_ids of the image's config, in order",
            found.len(),
            layers.len()
        ));
    }
    None
}
