//! One fixture per case, built at test time; each has a snapshot of its findings and an explicit
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]
//! assertion on the codes it must (and must not) produce. Every fixture is verified twice — pushed
//! as files, and streamed as a tar in odd-sized chunks — and both must agree.

use serde_json::json;
use zverify_core::Severity;
use zverify_tests::*;

thread_local! {
    /// Reports of the fixtures run on this thread (`severities_match_rule_table` reads them).
    static SEEN: std::cell::RefCell<Vec<(String, zverify_core::Report)>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn run(name: &str, tree: Tree, expect: &[&str]) {
    let report = tree.verify();
    let text = assert_fixture(name, &report, Some(&verify_tar(&tree.to_tar(), 777)), expect);
    insta::assert_snapshot!(name, text);
    SEEN.with(|s| s.borrow_mut().push((name.to_owned(), report)));
}

/// A layout holding one OCI config blob and one 100-byte layer; returns (layout, config, layer).
fn config_and_layer() -> (Layout, Vec<u8>, Vec<u8>) {
    let mut l = Layout::new("");
    let cfg =
        l.json_blob(&json!({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}));
    let layer = noise(5, 100);
    l.blob(&layer);
    (l, cfg, layer)
}

fn json_bytes(v: serde_json::Value) -> Vec<u8> {
    serde_json::to_vec(&v).unwrap()
}

#[test]
fn clean_layout_at_root() {
    run("clean_layout_at_root", clean_layout("").build(), &[]);
}

#[test]
fn clean_layout_under_images() {
    run("clean_layout_under_images", clean_layout("images/").build(), &[]);
}

#[test]
fn blob_digest_mismatch() {
    let mut l = clean_layout("");
    let path = l.tree.files.keys().find(|p| p.contains("blobs/")).unwrap().clone();
    l.tree.files.get_mut(&path).unwrap()[10] ^= 0x01;
    run("blob_digest_mismatch", l.build(), &["ZV106", "ZV201", "ZV111", "ZV111"]);
}

#[test]
fn blob_missing() {
    let mut l = Layout::new("");
    let m = l.image("linux", "amd64", 7, 2);
    l.entry(OCI_MANIFEST, &m, Some("app:v1"));
    let layer = l.tree.files.iter().find(|(_, b)| b.len() == 300).map(|(p, _)| p.clone()).unwrap();
    l.tree.files.remove(&layer);
    run("blob_missing", l.build(), &["ZV107"]);
}

#[test]
fn size_mismatch() {
    let mut l = Layout::new("");
    let m = l.image("linux", "amd64", 7, 1);
    l.entry(OCI_MANIFEST, &m, Some("app:v1"))["size"] = json!(m.len() + 1);
    run("size_mismatch", l.build(), &["ZV108"]);
}

#[test]
fn unreferenced_blob() {
    let mut l = clean_layout("");
    l.blob(&noise(99, 4096));
    run("unreferenced_blob", l.build(), &["ZV109"]);
}

#[test]
fn invalid_blob_names() {
    let mut l = clean_layout("");
    l.tree.put("blobs/sha256/ABCDEF", b"x".to_vec());
    l.tree.put("blobs/sha256/nested/deeper", b"x".to_vec());
    l.tree.put(&format!("blobs/sha256/{}", "A".repeat(64)), b"x".to_vec());
    l.tree.put(&format!("blobs/md5/{}", "0".repeat(32)), b"x".to_vec());
    run("invalid_blob_names", l.build(), &["ZV105", "ZV105", "ZV105", "ZV109", "ZV110"]);
}

#[test]
fn pinned_index_stored_as_platform_manifest() {
    // The #2425 shape: the reference pins an index digest, the entry stores the amd64 manifest,
    // the index blob is absent.
    let mut l = Layout::new("");
    let amd = l.image("linux", "amd64", 2, 1);
    let pinned = digest_of(b"the upstream index bytes, which are not stored");
    l.entry(OCI_MANIFEST, &amd, Some(&format!("ghcr.io/example/agent:v1@{pinned}")));
    run("pinned_index_stored_as_platform_manifest", l.build(), &["ZV311"]);
}

#[test]
fn ref_pin_mismatch() {
    // Generic: the pinned document is stored, but the entry points at another one.
    let mut l = Layout::new("");
    let a = l.image("linux", "amd64", 2, 1);
    let b = l.image("linux", "amd64", 3, 1);
    l.entry(OCI_MANIFEST, &a, Some(&format!("ghcr.io/example/app:v1@{}", digest_of(&b))));
    l.entry(OCI_MANIFEST, &b, Some("ghcr.io/example/app:v2"));
    run("ref_pin_mismatch", l.build(), &["ZV308"]);
}

#[test]
fn pinned_bytes_rewritten() {
    // The pinned index is stored under its digest, but pretty-printed: same JSON, other bytes.
    let mut l = Layout::new("");
    let amd = l.image("linux", "amd64", 2, 1);
    let idx = l.index_of(&[(&amd, "linux", "amd64")]);
    let digest = digest_of(&idx);
    let v: serde_json::Value = serde_json::from_slice(&idx).unwrap();
    let path = l.blob_path(&digest);
    l.tree.put(&path, serde_json::to_vec_pretty(&v).unwrap());
    l.entry(OCI_INDEX, &idx, Some(&format!("ghcr.io/example/agent:v1@{digest}")));
    run("pinned_bytes_rewritten", l.build(), &["ZV312", "ZV106", "ZV108"]);
}

#[test]
fn media_type_conflict() {
    let (mut l, cfg, layer) = config_and_layer();
    let docker =
        json_bytes(json!({"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": desc("application/vnd.docker.container.image.v1+json", &cfg),
        "layers": [desc("application/vnd.docker.image.rootfs.diff.tar.gzip", &layer)]}));
    l.blob(&docker);
    l.entry(OCI_MANIFEST, &docker, Some("app:v1"));
    run("media_type_conflict", l.build(), &["ZV302", "ZV402"]);
}

#[test]
fn platform_mismatch() {
    let mut l = Layout::new("");
    let arm = l.image("linux", "arm64", 3, 1);
    let idx = l.index_of(&[(&arm, "linux", "amd64")]);
    l.entry(OCI_INDEX, &idx, Some("app:v1"));
    run("platform_mismatch", l.build(), &["ZV307"]);
}

#[test]
fn duplicate_keys() {
    let (mut l, cfg, layer) = config_and_layer();
    let text = format!(
        r#"{{"schemaVersion":2,"mediaType":"{OCI_MANIFEST}","config":{},"layers":[{}],"layers":[]}}"#,
        desc(OCI_CONFIG, &cfg),
        desc(OCI_LAYER, &layer)
    );
    l.blob(text.as_bytes());
    l.entry(OCI_MANIFEST, text.as_bytes(), Some("app:v1"));
    run("duplicate_keys", l.build(), &["ZV202", "ZV305", "ZV109"]);
}

#[test]
fn manifests_null() {
    let mut tree = Layout::new("").build();
    tree.put("index.json", br#"{"schemaVersion":2,"manifests":null}"#.to_vec());
    run("manifests_null", tree, &["ZV304"]);
}

#[test]
fn manifest_that_is_also_an_index() {
    let mut l = Layout::new("");
    let inner = l.image("linux", "amd64", 4, 1);
    let mut v: serde_json::Value = serde_json::from_slice(&inner).unwrap();
    v["manifests"] = json!([desc(OCI_MANIFEST, &inner)]);
    let both = l.json_blob(&v);
    l.entry(OCI_MANIFEST, &both, Some("app:v1"));
    run("manifest_that_is_also_an_index", l.build(), &["ZV303", "ZV109"]);
}

#[test]
fn empty_config_without_artifact_type() {
    let mut l = Layout::new("");
    l.blob(b"{}");
    let chart = noise(8, 200);
    l.blob(&chart);
    let m = l.json_blob(&json!({"schemaVersion": 2, "mediaType": OCI_MANIFEST,
        "config": desc("application/vnd.oci.empty.v1+json", b"{}"),
        "layers": [desc("application/vnd.cncf.helm.chart.content.v1.tar+gzip", &chart)]}));
    l.entry(OCI_MANIFEST, &m, Some("chart:1.0"));
    run("empty_config_without_artifact_type", l.build(), &["ZV306"]);
}

#[test]
fn artifacts_are_opaque() {
    // Helm chart, cosign signature, attestation: unknown media types verify by digest and size.
    let mut l = Layout::new("");
    let chart_cfg = l.json_blob(&json!({"name": "podinfo", "version": "6.4.0"}));
    let chart = noise(9, 500);
    l.blob(&chart);
    let m = l.json_blob(&json!({"schemaVersion": 2, "mediaType": OCI_MANIFEST,
        "config": desc("application/vnd.cncf.helm.config.v1+json", &chart_cfg),
        "layers": [desc("application/vnd.cncf.helm.chart.content.v1.tar+gzip", &chart)]}));
    l.entry(OCI_MANIFEST, &m, Some("ghcr.io/stefanprodan/charts/podinfo:6.4.0"));
    let sig = noise(10, 64);
    l.blob(&sig);
    l.blob(b"{}");
    let cosign = l.json_blob(&json!({"schemaVersion": 2, "mediaType": OCI_MANIFEST, "artifactType": "application/vnd.dev.cosign.artifact.sig.v1+json",
        "config": desc("application/vnd.oci.empty.v1+json", b"{}"),
        "layers": [desc("application/vnd.dev.cosign.simplesigning.v1+json", &sig)]}));
    l.entry(OCI_MANIFEST, &cosign, Some("ghcr.io/stefanprodan/podinfo:sha256-abc.sig"));
    let weird = noise(11, 33);
    l.blob(&weird);
    l.entry("application/x-completely.unknown", &weird, None);
    run("artifacts_are_opaque", l.build(), &[]);
}

#[test]
fn descriptor_data_mismatch() {
    let mut l = Layout::new("");
    let m = l.image("linux", "amd64", 4, 1);
    let mut wrong_size = l.clone();
    wrong_size.entry(OCI_MANIFEST, &m, Some("app:v1"))["data"] = json!("aGVsbG8=");
    run("descriptor_data_mismatch", wrong_size.build(), &["ZV207"]);
    // The right size, other bytes: only the digest tells them apart.
    use base64::Engine as _;
    let mut other = m.clone();
    other[0] ^= 1;
    let mut wrong_bytes = l.clone();
    wrong_bytes.entry(OCI_MANIFEST, &m, Some("app:v1"))["data"] =
        json!(base64::engine::general_purpose::STANDARD.encode(&other));
    run("descriptor_data_wrong_bytes", wrong_bytes.build(), &["ZV207"]);
    // The exact bytes: embedded data that matches is accepted.
    l.entry(OCI_MANIFEST, &m, Some("app:v1"))["data"] = json!(base64::engine::general_purpose::STANDARD.encode(&m));
    run("descriptor_data_matches", l.build(), &[]);
}

#[test]
fn unknown_digest_algorithm() {
    let mut l = clean_layout("");
    l.index.push(json!({"mediaType": OCI_MANIFEST, "digest": "multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8", "size": 10}));
    run("unknown_digest_algorithm", l.build(), &["ZV110"]);
}

#[test]
fn layout_file_problems() {
    let mut tree = clean_layout("").build();
    tree.files.remove("oci-layout");
    run("oci_layout_missing", tree.clone(), &["ZV101"]);
    tree.put("oci-layout", br#"{"imageLayoutVersion": 1.0}"#.to_vec());
    run("oci_layout_invalid", tree, &["ZV102"]);
}

#[test]
fn index_json_missing() {
    let mut tree = clean_layout("images/").build();
    tree.files.remove("images/index.json");
    run("index_json_missing", tree, &["ZV103"]);
}

#[test]
fn reencoded_json_blob() {
    // Same JSON value, other bytes: the digest no longer matches (why bytes must never be re-encoded).
    let mut l = clean_layout("");
    let (path, bytes) = l
        .tree
        .files
        .iter()
        .find(|(p, b)| p.contains("blobs/") && b.windows(8).any(|w| w == b"\"layers\""))
        .map(|(p, b)| (p.clone(), b.clone()))
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    l.tree.put(&path, serde_json::to_vec_pretty(&v).unwrap());
    run("reencoded_json_blob", l.build(), &["ZV106", "ZV108"]);
}

#[test]
fn nesting_too_deep() {
    let mut l = Layout::new("");
    let mut child = l.image("linux", "amd64", 4, 1);
    let mut mt = OCI_MANIFEST;
    for _ in 0..20 {
        child = l.json_blob(&json!({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": [desc(mt, &child)]}));
        mt = OCI_INDEX;
    }
    l.entry(OCI_INDEX, &child, Some("deep:v1"));
    run("nesting_too_deep", l.build(), &["ZV310", "ZV111", "ZV111", "ZV111", "ZV111", "ZV111", "ZV111"]);
}

#[test]
fn schema1_is_legacy() {
    let mut l = Layout::new("");
    let m = json_bytes(json!({"schemaVersion": 1, "name": "library/old", "tag": "1", "fsLayers": []}));
    l.blob(&m);
    l.entry("application/vnd.docker.distribution.manifest.v1+prettyjws", &m, Some("old:1"));
    run("schema1_is_legacy", l.build(), &["ZV007"]);
}

#[test]
fn bad_descriptors_in_index() {
    let mut l = clean_layout("");
    l.index.push(json!({"mediaType": OCI_MANIFEST, "digest": format!("sha256:{}", "A".repeat(64)), "size": 1}));
    l.index.push(json!({"mediaType": "application", "digest": digest_of(b"x"), "size": -5}));
    l.index.push(json!({"mediaType": OCI_MANIFEST, "digest": digest_of(b"x"), "size": 1, "urls": ["not a url"], "platform": {"os": "linux"}}));
    run("bad_descriptors_in_index", l.build(), &["ZV203", "ZV107", "ZV204", "ZV205", "ZV107", "ZV309", "ZV208"]);
}

#[test]
fn foreign_layer_may_be_absent() {
    let mut l = Layout::new("");
    let cfg = l.json_blob(&json!({"architecture": "amd64", "os": "windows", "rootfs": {"type": "layers", "diff_ids": [digest_of(b"base")]}}));
    let m = l.json_blob(&json!({"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": desc("application/vnd.docker.container.image.v1+json", &cfg),
        "layers": [{"mediaType": "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", "digest": digest_of(b"windows base"), "size": 12,
                    "urls": ["https://mcr.microsoft.com/v2/windows/blobs/sha256:abc"]}]}));
    l.entry(
        "application/vnd.docker.distribution.manifest.v2+json",
        &m,
        Some("mcr.microsoft.com/windows/servercore:ltsc2022"),
    );
    run("foreign_layer_may_be_absent", l.build(), &[]);
}

/// Every fixture in this file, for the checks that run over all of them.
const ALL: &[(&str, fn())] = &[
    ("clean_layout_at_root", clean_layout_at_root),
    ("clean_layout_under_images", clean_layout_under_images),
    ("blob_digest_mismatch", blob_digest_mismatch),
    ("blob_missing", blob_missing),
    ("size_mismatch", size_mismatch),
    ("unreferenced_blob", unreferenced_blob),
    ("invalid_blob_names", invalid_blob_names),
    ("pinned_index_stored_as_platform_manifest", pinned_index_stored_as_platform_manifest),
    ("ref_pin_mismatch", ref_pin_mismatch),
    ("pinned_bytes_rewritten", pinned_bytes_rewritten),
    ("media_type_conflict", media_type_conflict),
    ("platform_mismatch", platform_mismatch),
    ("duplicate_keys", duplicate_keys),
    ("manifests_null", manifests_null),
    ("manifest_that_is_also_an_index", manifest_that_is_also_an_index),
    ("empty_config_without_artifact_type", empty_config_without_artifact_type),
    ("artifacts_are_opaque", artifacts_are_opaque),
    ("descriptor_data_mismatch", descriptor_data_mismatch),
    ("unknown_digest_algorithm", unknown_digest_algorithm),
    ("layout_file_problems", layout_file_problems),
    ("index_json_missing", index_json_missing),
    ("reencoded_json_blob", reencoded_json_blob),
    ("nesting_too_deep", nesting_too_deep),
    ("schema1_is_legacy", schema1_is_legacy),
    ("bad_descriptors_in_index", bad_descriptors_in_index),
    ("foreign_layer_may_be_absent", foreign_layer_may_be_absent),
    ("sha512_blobs_verify", sha512_blobs_verify),
];

/// Over every fixture: each finding carries exactly the severity the rule table gives its code
/// (no code path sets another), the summary counts are the findings' severities, and the fixtures
/// reach enough distinct rules of every severity for this to mean something.
#[test]
fn severities_match_rule_table() {
    SEEN.with(|s| s.borrow_mut().clear());
    for (_, fixture) in ALL {
        fixture();
    }
    let seen = SEEN.with(|s| s.take());
    // Every fixture snapshot on disk comes from a fixture listed in ALL.
    let snaps = std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("fixtures__") && n.ends_with(".snap"))
        .count();
    assert_eq!(seen.len(), snaps, "a fixture with a snapshot is missing from ALL");
    let mut codes = std::collections::BTreeSet::new();
    for (name, r) in &seen {
        for f in &r.findings {
            let rule = f.code.rule();
            assert_eq!(
                f.severity, rule.severity,
                "{name}: {} reported as {} but the table says {}",
                f.code, f.severity, rule.severity
            );
            codes.insert((f.code, f.severity));
        }
        let count = |s: Severity| r.findings.iter().filter(|f| f.severity == s).count() as u64;
        assert_eq!(
            (r.summary.errors, r.summary.warnings, r.summary.notes),
            (count(Severity::Error), count(Severity::Warning), count(Severity::Note)),
            "{name}: summary counts"
        );
    }
    let by = |s: Severity| codes.iter().filter(|(_, x)| *x == s).count();
    assert!(
        codes.len() >= 25 && by(Severity::Error) >= 15 && by(Severity::Warning) >= 5,
        "too few rules reached: {codes:?}"
    );
}

#[test]
fn sha512_blobs_verify() {
    use sha2::Digest as _;
    let mut l = clean_layout("");
    let content = noise(77, 1000);
    let hex = hex::encode(sha2::Sha512::digest(&content));
    l.tree.put(&format!("blobs/sha512/{hex}"), content.clone());
    l.index.push(json!({"mediaType": "application/vnd.example.data", "digest": format!("sha512:{hex}"), "size": 1000}));
    run("sha512_blob_clean", l.build(), &[]);
    let mut bad = l.build();
    bad.files.get_mut(&format!("blobs/sha512/{hex}")).unwrap()[0] ^= 1;
    run("sha512_blob_tampered", bad, &["ZV106"]);
}
