//! `zverify check oci://<registry>/<repo>:<tag|@digest>`: a package published with `zarf package
//! publish`, streamed layer by layer from the registry through the same core verifier as a local
//! archive (each layer's `org.opencontainers.image.title` is its path), with each layer's digest
//! and size checked as it arrives. Nothing is written to disk; memory stays at one buffer plus
//! what the core keeps of documents.

use indicatif::{ProgressBar, ProgressStyle};
use sha2::{Digest as _, Sha256};
use std::collections::BTreeSet;
use std::io::Read;
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
    let described = describe(&top.bytes, top.content_type.as_deref()).map_err(|e| format!("{shown}: {e}"))?;
    let mut manifests: Vec<(String, String)> = Vec::new(); // (architecture, digest)
    if described.kind.is_index() {
        let available: Vec<(String, String)> = described
            .children
            .iter()
            .map(|c| {
                let arch = c.platform.as_deref().and_then(|p| p.split('/').nth(1)).unwrap_or("unknown").to_owned();
                (arch, c.digest.clone())
            })
            .collect();
        manifests = available.iter().filter(|(a, _)| arch.is_none_or(|want| want == a)).cloned().collect();
        if manifests.is_empty() {
            let finding = match arch {
                Some(a) => Finding::of(PublishedPackageInvalid::ArchMissing {
                    arch: a.to_owned(),
                    available: available.iter().map(|(a, _)| a.clone()).collect(),
                }),
                None => {
                    Finding::of(PublishedPackageInvalid::NotAPackage { what: "the index lists no manifests".into() })
                }
            };
            return Ok(vec![Report::new(
                &format!("{shown} (index {})", top.digest),
                vec![finding.digest(top.digest.clone())],
                0,
                0,
                0,
                None,
            )]);
        }
    } else {
        manifests.push(("".into(), top.digest.clone()));
    }
    let mut reports = Vec::new();
    for (arch, digest) in manifests {
        let m = if digest == top.digest {
            top.clone()
        } else {
            client.get_manifest(target, &digest).map_err(|e| e.to_string())?
        };
        let name = if arch.is_empty() {
            format!("{shown} (manifest {digest})")
        } else {
            format!("{shown} ({arch}, manifest {digest})")
        };
        reports.push(check_manifest(client, target, &m.bytes, m.content_type.as_deref(), &name, opts.clone(), show)?);
    }
    Ok(reports)
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
    let described = describe(bytes, content_type).map_err(|e| format!("{name}: {e}"))?;
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
        let mut blob = client.get_blob(target, &layer.digest).map_err(|e| format!("layer \"{title}\": {e}"))?;
        v.begin_entry(&title, Some(layer.size)).map_err(|e| e.to_string())?;
        let mut hasher = Sha256::new();
        let mut read = 0u64;
        loop {
            match blob.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    hasher.update(&buf[..n]);
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
        let computed = format!("sha256:{}", hex::encode(hasher.finalize()));
        if read != layer.size {
            v.add_finding(
                Finding::of(LayerSizeMismatch { title: title.clone(), expected: layer.size, actual: read })
                    .path(title.clone())
                    .digest(layer.digest.clone()),
            );
        }
        if computed != layer.digest {
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
