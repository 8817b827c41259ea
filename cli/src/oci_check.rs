//! `zverify check oci://<registry>/<repo>:<tag|@digest>`: a package published with `zarf package
//! publish`, streamed layer by layer from the registry. This file only does the HTTP: what to fetch
//! and every finding are decided in the core (`zverify_core::published`, whose layers go through a
//! `Session` as an unpacked folder's files do), from what is fetched here.
//! Nothing is written to disk; memory stays at one buffer plus what the core keeps of documents.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::Read;
use zverify_core::published::{self, After, Descriptor, Doc, ManifestCheck, Served};
use zverify_core::{Options, Report};
use zverify_registry::doc::{describe, Child};
use zverify_registry::{Client, Manifest, Target};

const CHUNK: usize = 1 << 20;

/// A manifest as served, in the core's plain terms.
pub fn served(m: Manifest) -> Served {
    let doc = describe(&m.bytes, m.content_type.as_deref()).map(|d| Doc {
        is_index: d.kind.is_index(),
        children: d.children.iter().map(descriptor).collect(),
        config: d.config.as_ref().map(descriptor),
        layers: d.layers.iter().map(descriptor).collect(),
    });
    Served { digest: m.digest.to_string(), bytes: m.bytes, doc: doc.map_err(|e| e.to_string()) }
}

fn descriptor(c: &Child) -> Descriptor {
    Descriptor { digest: c.digest.clone(), size: c.size, platform: c.platform.clone(), title: c.title.clone() }
}

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
    let plan = match published::plan(&shown, served(top), arch, &opts) {
        Ok(plan) => plan,
        Err(report) => return Ok(vec![*report]),
    };
    let mut reports = Vec::new();
    for m in &plan.manifests {
        let fetched;
        let s = match plan.already_served(m) {
            Some(s) => s,
            None => {
                fetched = served(client.get_manifest(target, &m.digest).map_err(|e| e.to_string())?);
                &fetched
            }
        };
        let check = plan.manifest(m, s, opts.clone());
        reports.push(stream(client, target, check, show)?);
    }
    Ok(reports)
}

/// Read at most `limit` bytes of `blob` into `feed` (which says whether it wants more); `Err` is
/// the read error and the bytes read before it.
fn pump(
    blob: impl Read,
    limit: u64,
    buf: &mut [u8],
    mut feed: impl FnMut(&[u8]) -> bool,
) -> Result<(), std::io::Error> {
    let mut blob = blob.take(limit);
    loop {
        match blob.read(buf) {
            Ok(0) => return Ok(()),
            Ok(n) => {
                if !feed(&buf[..n]) {
                    return Ok(());
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

fn stream(client: &Client, target: &Target, mut check: ManifestCheck, show: bool) -> Result<Report, String> {
    let mut buf = vec![0u8; CHUNK];
    if let Some(config) = check.config().cloned() {
        let blob = client.get_blob(target, &config.digest).map_err(|e| format!("config: {e}"))?;
        pump(blob, config.read_limit(), &mut buf[..64 << 10], |c| check.config_chunk(c)).map_err(|e| {
            format!("registry {}: connection lost while reading the config {}: {e}", target.registry, config.digest)
        })?;
        check.config_end();
    }
    let pb = if show {
        let pb = ProgressBar::new(check.total());
        pb.set_style(
            ProgressStyle::with_template("{msg} {bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        pb.set_message(check.name().to_owned());
        pb
    } else {
        ProgressBar::hidden()
    };
    let layers = check.layers().to_vec();
    for (i, layer) in layers.iter().enumerate() {
        let title = layer.title.clone().unwrap_or_default();
        let blob = client.get_blob(target, &layer.digest).map_err(|e| format!("layer \"{title}\": {e}"))?;
        check.begin_layer(i).map_err(|e| e.to_string())?;
        let fed = pump(blob, layer.read_limit(), &mut buf, |c| {
            pb.inc(c.len() as u64);
            check.layer_chunk(c)
        });
        if let Err(e) = fed {
            pb.finish_and_clear();
            return Err(format!(
                "registry {}: connection lost while reading layer \"{title}\" ({}) after {} of {} bytes: {e}",
                target.registry,
                layer.digest,
                check.layer_read(),
                layer.size
            ));
        }
        check.end_layer().map_err(|e| e.to_string())?;
    }
    pb.finish_and_clear();
    // Documents the budgets could not keep as they streamed: read again from the registry. A
    // layer that cannot be fetched again ends the second read (reported as not inspected).
    while let After::Reread(layers) = check.after_layers() {
        for layer in layers {
            let limit = check.reread_limit(&layer);
            let mut bytes = Vec::new();
            let read = client
                .get_blob(target, &layer.digest)
                .map_err(|e| e.to_string())
                .and_then(|blob| blob.take(limit).read_to_end(&mut bytes).map_err(|e| e.to_string()));
            if read.is_err() {
                break;
            }
            check.supply(&layer, bytes);
        }
        check.reread_done();
    }
    check.finish().map_err(|e| e.to_string())
}
