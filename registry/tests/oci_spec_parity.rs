//! Every index, manifest and descriptor the core accepts as valid (no error finding) also parses
//! with `oci-spec`, the typed model `zverify ref` and `check oci://` read registry answers with:
//! the third-party vectors (tests/vectors: image-spec's own cases, containers/image, ggcr, oras/zot,
//! regclient layouts) and the layouts the tests build.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use oci_spec::image::{Descriptor, ImageIndex, ImageManifest};
use serde_json::Value;
use std::path::Path;
use zverify_core::oci::DocKind;
use zverify_core::{check_document, Severity};

fn kind_of(v: &Value) -> Option<DocKind> {
    let o = v.as_object()?;
    if o.contains_key("manifests") {
        Some(DocKind::Index)
    } else if o.contains_key("config") && o.contains_key("layers") {
        Some(DocKind::Manifest)
    } else if o.contains_key("digest") && o.contains_key("size") && o.contains_key("mediaType") {
        Some(DocKind::Descriptor)
    } else {
        None
    }
}

/// (documents the core accepted, of them parsed by oci-spec); failures collected.
fn probe(name: &str, bytes: &[u8], kind: DocKind, failures: &mut Vec<String>) -> bool {
    let Ok(report) = check_document(bytes, Some(kind), name) else { return false };
    if report.findings.iter().any(|f| f.severity == Severity::Error) {
        return false;
    }
    let parsed = match kind {
        DocKind::Index => serde_json::from_slice::<ImageIndex>(bytes).map(drop),
        DocKind::Manifest => serde_json::from_slice::<ImageManifest>(bytes).map(drop),
        DocKind::Descriptor => serde_json::from_slice::<Descriptor>(bytes).map(drop),
        _ => return false,
    };
    if let Err(e) = parsed {
        failures.push(format!("{name} ({}): {e}", kind.name()));
    }
    true
}

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn every_document_the_core_accepts_parses_with_oci_spec() {
    let root = zverify_tests::vectors_dir();
    let mut files = Vec::new();
    walk(&root, &mut files);
    let mut accepted = 0;
    let mut failures = Vec::new();
    for f in files {
        let Ok(bytes) = std::fs::read(&f) else { continue };
        if bytes.len() > 1 << 20 {
            continue;
        }
        let name = f.strip_prefix(&root).unwrap_or(&f).display().to_string();
        if name.ends_with(".jsonl") {
            // image-spec's schema test cases: {"field": "imageIndex" | "imageManifest" | …, "doc": …}.
            for line in String::from_utf8_lossy(&bytes).lines() {
                let Ok(case) = serde_json::from_str::<Value>(line) else { continue };
                let kind = match case["field"].as_str() {
                    Some("imageIndex") => DocKind::Index,
                    Some("imageManifest") => DocKind::Manifest,
                    Some("descriptor") | Some("contentDescriptor") => DocKind::Descriptor,
                    _ => continue,
                };
                let Some(doc) = case["doc"].as_str() else { continue };
                let label = format!("{name} {} case {}", case["file"], case["case"]);
                accepted += usize::from(probe(&label, doc.as_bytes(), kind, &mut failures));
            }
            continue;
        }
        let Ok(v) = serde_json::from_slice::<Value>(&bytes) else { continue };
        let Some(kind) = kind_of(&v) else { continue };
        accepted += usize::from(probe(&name, &bytes, kind, &mut failures));
    }
    // The layouts the tests build (indexes, manifests).
    for (path, bytes) in zverify_tests::clean_layout("").build().files {
        let Ok(v) = serde_json::from_slice::<Value>(&bytes) else { continue };
        let Some(kind) = kind_of(&v) else { continue };
        accepted += usize::from(probe(&path, &bytes, kind, &mut failures));
    }
    assert!(accepted >= 100, "only {accepted} documents accepted: the vectors are missing?");
    assert!(
        failures.is_empty(),
        "{} of {accepted} documents the core accepts do not parse with oci-spec:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{accepted} documents accepted by the core, all parsed by oci-spec");
}
