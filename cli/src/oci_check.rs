//! `zverify check oci://<registry>/<repo>:<tag|@digest>`: a package published with `zarf package
//! publish`, streamed layer by layer from the registry through the same core verifier as a local
//! archive (each layer's `org.opencontainers.image.title` is its path), with each layer's digest
//! and size checked as it arrives. Nothing is written to disk; memory stays at one buffer plus
//! what the core keeps of documents.

use indicatif::{ProgressBar, ProgressStyle};
use sha2::{Digest as _, Sha256};
use std::collections::BTreeSet;
use std::io::Read;
use zverify_core::oci::DocKind;
use zverify_core::rules::{LayerDigestMismatch, LayerSizeMismatch, PublishedPackageInvalid};
use zverify_core::{Finding, Options, Report, Verifier};
use zverify_registry::doc::{describe, Child};
use zverify_registry::{Client, Target};

const CHUNK: usize = 1 << 20;

/// One report per architecture checked.
pub fn check(
    client: &Client,
    target: &Target,
    arch: Option<&str>,
    opts: Options,
    show: bool,
) -> Result<Vec<Report>, String> {
    let shown = format!("oci://{}", target.image.normalized());
    let top = client.get_manifest(target, target.reference()).map_err(|e| e.to_string())?;
    let described = match describe(&top.bytes, top.content_type.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            let mut findings = document_findings(&top.bytes, DocKind::Index, &opts);
            findings.push(
                Finding::of(PublishedPackageInvalid::NotAPackage {
                    what: format!("the document the tag names cannot be read: {e}"),
                })
                .path(INDEX_PATH),
            );
            return Ok(vec![Report::new(&format!("{shown} ({})", top.digest), findings, 0, 0, 0, None)]);
        }
    };
    // The index (or manifest) as a document: the same checks as `zverify doc`.
    let kind = if described.kind.is_index() { DocKind::Index } else { DocKind::Manifest };
    let top_findings = document_findings(&top.bytes, kind, &opts);
    let mut manifests: Vec<(String, String, u64)> = Vec::new(); // (architecture, digest, listed size)
    if described.kind.is_index() {
        let available: Vec<(String, String, u64)> = described
            .children
            .iter()
            .map(|c| {
                let arch = c.platform.as_deref().and_then(|p| p.split('/').nth(1)).unwrap_or("unknown").to_owned();
                (arch, c.digest.clone(), c.size)
            })
            .collect();
        manifests = available.iter().filter(|(a, _, _)| arch.is_none_or(|want| want == a)).cloned().collect();
        if manifests.is_empty() {
            let finding = match arch {
                Some(a) => Finding::of(PublishedPackageInvalid::ArchMissing {
                    arch: a.to_owned(),
                    available: available.iter().map(|(a, _, _)| a.clone()).collect(),
                }),
                None => {
                    Finding::of(PublishedPackageInvalid::NotAPackage { what: "the index lists no manifests".into() })
                }
            };
            return Ok(vec![Report::new(
                &format!("{shown} (index {})", top.digest),
                vec![finding.digest(top.digest.to_string())],
                0,
                0,
                0,
                None,
            )]);
        }
    } else {
        manifests.push(("".into(), top.digest.to_string(), top.bytes.len() as u64));
    }
    let mut reports = Vec::new();
    for (arch, digest, listed) in manifests {
        let single = digest == top.digest.as_str();
        let m = if single { top.clone() } else { client.get_manifest(target, &digest).map_err(|e| e.to_string())? };
        let name = if arch.is_empty() {
            format!("{shown} (manifest {digest})")
        } else {
            format!("{shown} ({arch}, manifest {digest})")
        };
        let mut extra = top_findings.clone();
        if !single {
            extra.extend(document_findings(&m.bytes, DocKind::Manifest, &opts));
        }
        if m.bytes.len() as u64 != listed {
            extra.push(
                Finding::of(PublishedPackageInvalid::ManifestSize {
                    digest: digest.clone(),
                    listed,
                    actual: m.bytes.len() as u64,
                })
                .path(INDEX_PATH)
                .digest(digest.clone()),
            );
        }
        let mut rep = check_manifest(client, target, &m.bytes, m.content_type.as_deref(), &name, opts.clone(), show)?;
        rep.findings.extend(extra);
        rep.sort_and_recount();
        reports.push(rep);
    }
    Ok(reports)
}

const INDEX_PATH: &str = "registry:index";
const MANIFEST_PATH: &str = "registry:manifest";
const CONFIG_PATH: &str = "registry:config";

/// What `zverify doc` finds in a document the registry served, under `registry:index` or
/// `registry:manifest`.
fn document_findings(bytes: &[u8], kind: DocKind, opts: &Options) -> Vec<Finding> {
    let path = if kind == DocKind::Index { INDEX_PATH } else { MANIFEST_PATH };
    match zverify_core::check_document_with(bytes, Some(kind), path, opts) {
        Ok(rep) => rep.findings.into_iter().map(|f| if f.path.is_none() { f.path(path) } else { f }).collect(),
        Err(_) => Vec::new(),
    }
}

fn bad_title(t: &str) -> bool {
    t.is_empty()
        || t.starts_with('/')
        || t.contains('\\')
        || t.split('/').any(|c| c.is_empty() || c == "." || c == "..")
}

fn check_manifest(
    client: &Client,
    target: &Target,
    bytes: &[u8],
    content_type: Option<&str>,
    name: &str,
    opts: Options,
    show: bool,
) -> Result<Report, String> {
    let described = match describe(bytes, content_type) {
        Ok(d) => d,
        // Fail closed: what cannot be read typed is not streamed, and says why (with what the
        // document checks found, which the caller adds).
        Err(e) => {
            let f =
                Finding::of(PublishedPackageInvalid::NotAPackage { what: format!("the manifest cannot be read: {e}") });
            return Ok(Report::new(name, vec![f.path(MANIFEST_PATH)], 0, 0, 0, None));
        }
    };
    if described.kind.is_index() {
        let f = Finding::of(PublishedPackageInvalid::NotAPackage {
            what: "an architecture's entry is itself an index".into(),
        });
        return Ok(Report::new(name, vec![f], 0, 0, 0, None));
    }
    let mut v = Verifier::new(opts);
    let mut seen = BTreeSet::new();
    let mut todo: Vec<&Child> = Vec::new();
    for layer in &described.layers {
        match &layer.title {
            None => v.add_finding(
                Finding::of(PublishedPackageInvalid::UntitledLayer { digest: layer.digest.clone() })
                    .digest(layer.digest.clone()),
            ),
            Some(t) if bad_title(t) => v.add_finding(
                Finding::of(PublishedPackageInvalid::BadTitle { title: t.clone() }).digest(layer.digest.clone()),
            ),
            Some(t) if !seen.insert(t.clone()) => {
                v.add_finding(Finding::of(PublishedPackageInvalid::DuplicateTitle { title: t.clone() }).path(t.clone()))
            }
            Some(_) => todo.push(layer),
        }
    }
    // The config blob is not a package file, but it is part of what was published: its digest
    // and size are checked too (read at most one byte past its size), under `registry:config`.
    if let Some(config) = &described.config {
        let blob = client.get_blob(target, &config.digest).map_err(|e| format!("config: {e}"))?;
        let mut blob = blob.take(config.size.saturating_add(1));
        let mut hasher = Sha256::new();
        let mut read = 0u64;
        let mut chunk = vec![0u8; 64 << 10];
        loop {
            match blob.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => {
                    hasher.update(&chunk[..n]);
                    read += n as u64;
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    return Err(format!(
                        "registry {}: connection lost while reading the config {}: {e}",
                        target.registry, config.digest
                    ))
                }
            }
        }
        let title = CONFIG_PATH.to_owned();
        if read != config.size {
            let more = read > config.size;
            v.add_finding(
                Finding::of(LayerSizeMismatch { title: title.clone(), expected: config.size, actual: read, more })
                    .path(CONFIG_PATH)
                    .digest(config.digest.clone()),
            );
        }
        let computed = format!("sha256:{}", hex::encode(hasher.finalize()));
        if computed != config.digest && read <= config.size {
            v.add_finding(
                Finding::of(LayerDigestMismatch { title, expected: config.digest.clone(), computed })
                    .path(CONFIG_PATH)
                    .digest(config.digest.clone()),
            );
        }
    }
    let total: u64 = todo.iter().map(|l| l.size).sum();
    let pb = if show {
        let pb = ProgressBar::new(total);
        pb.set_style(
            ProgressStyle::with_template("{msg} {bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        pb.set_message(name.to_owned());
        pb
    } else {
        ProgressBar::hidden()
    };
    let mut buf = vec![0u8; CHUNK];
    for layer in todo {
        let title = layer.title.clone().unwrap_or_default();
        let blob = client.get_blob(target, &layer.digest).map_err(|e| format!("layer \"{title}\": {e}"))?;
        // One byte past the size is enough to know it is wrong: a registry that streams forever
        // costs no more than the size the manifest declares.
        let mut blob = blob.take(layer.size.saturating_add(1));
        v.begin_entry(&title, Some(layer.size)).map_err(|e| e.to_string())?;
        // The verifier hashes every entry with sha256: the layer's digest is checked against that,
        // never hashed a second time.
        let mut read = 0u64;
        loop {
            match blob.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    v.write(&buf[..n]);
                    read += n as u64;
                    pb.inc(n as u64);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    pb.finish_and_clear();
                    return Err(format!(
                        "registry {}: connection lost while reading layer \"{title}\" ({}) after {read} of {} bytes: {e}",
                        target.registry, layer.digest, layer.size
                    ));
                }
            }
        }
        v.end_entry().map_err(|e| e.to_string())?;
        let computed = match v.last_entry_sha256() {
            Some(hex) => format!("sha256:{hex}"),
            // A title the verifier refused (reported): nothing of it was hashed.
            None => "(not hashed: the layer's title was refused)".to_owned(),
        };
        if read != layer.size {
            v.add_finding(
                Finding::of(LayerSizeMismatch {
                    title: title.clone(),
                    expected: layer.size,
                    actual: read,
                    more: read > layer.size,
                })
                .path(title.clone())
                .digest(layer.digest.clone()),
            );
        }
        // Past the size nothing more was read, so the digest of the whole layer is unknown.
        if computed != layer.digest && read <= layer.size {
            v.add_finding(
                Finding::of(LayerDigestMismatch { title: title.clone(), expected: layer.digest.clone(), computed })
                    .path(title.clone())
                    .digest(layer.digest.clone()),
            );
        }
    }
    pb.finish_and_clear();
    Ok(v.finish(name))
}
