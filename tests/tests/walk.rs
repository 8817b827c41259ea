//! Caps never switch checks off; the layout walk checks every role a blob plays; sha384; blobs the
//! walk could not reach are not called unreferenced; a Zarf package cut before zarf.yaml fails.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use serde_json::json;
use sha2::Digest as _;
use zverify_core::{Finding, Options, Report, Severity};
use zverify_tests::zarf::*;
use zverify_tests::*;

fn with<'r>(r: &'r Report, code: &str) -> Vec<&'r Finding> {
    r.findings.iter().filter(|f| f.code == code).collect()
}

fn small(document_cap: u64) -> Options {
    Options { document_cap, ..Options::default() }
}

/// The full, sorted set of codes of a report.
fn code_set(r: &Report) -> Vec<&'static str> {
    let mut c = codes(r);
    c.sort();
    c.dedup();
    c
}

// ---- 1. Caps never switch checks off -------------------------------------------------------

#[test]
fn zarf_yaml_over_the_cap_is_an_error_naming_size_cap_and_how_far_to_raise_it() {
    let mut p = clean_package();
    // A zarf.yaml larger than every other document (a long description).
    p.build_extra = format!("  description: {}\n", "x".repeat(2000));
    let tree = p.build();
    let size = tree.files["zarf.yaml"].len() as u64;
    assert!(tree.files.values().all(|b| b.len() as u64 <= size || !b.starts_with(b"{")));
    let r = tree.verify_with(small(size - 1));
    let f = with(&r, "ZV005");
    assert_eq!(f.len(), 1, "{}", findings_text(&r));
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[0].path.as_deref(), Some("zarf.yaml"));
    for part in [
        format!("{size} bytes"),
        format!("{}-byte document cap", size - 1),
        format!("a cap of {size} bytes inspects it"),
    ] {
        assert!(f[0].message.contains(&part), "{part:?} not in {}", f[0].message);
    }
    assert!(r.summary.errors > 0);
}

#[test]
fn checksums_txt_is_always_checked_whatever_its_size() {
    // A package whose checksums.txt is far over the document cap: every line is still checked.
    let mut p = clean_package();
    for i in 0..200 {
        p.files.push((format!("components/extra-{i:03}.tar"), noise(i, 10)));
    }
    let mut tree = p.build();
    let checksums = tree.files["checksums.txt"].len() as u64;
    assert!(checksums > 16 << 10);
    // Tamper with one file after sealing: only checksums.txt can tell.
    tree.files.get_mut("components/extra-123.tar").unwrap()[0] ^= 1;
    let cap = 4096;
    let r = tree.verify_with(small(cap));
    assert!(checksums > cap);
    assert_eq!(code_set(&r), ["ZV505"], "{}", findings_text(&r));
    assert_eq!(with(&r, "ZV505")[0].path.as_deref(), Some("components/extra-123.tar"));
    // Streamed through the tar reader in small chunks: the same.
    let streamed = verify_tar(&tree.to_tar(), 777);
    assert_eq!(code_set(&streamed), ["ZV505"], "{}", findings_text(&streamed));
}

#[test]
fn the_aggregate_checksum_is_the_streamed_sha256_of_checksums_txt() {
    let mut tree = clean_package().build();
    tree.files.get_mut("checksums.txt").unwrap().push(b'\n');
    let r = tree.verify();
    assert!(code_set(&r).contains(&"ZV509"), "{}", findings_text(&r));
}

#[test]
fn blobs_that_look_like_json_never_use_up_the_metadata_budget() {
    // Junk JSON blobs (sorted before index.json, as Zarf writes them) fill the blob budget;
    // index.json and zarf.yaml are still inspected.
    let mut p = clean_package();
    for i in 0..8u64 {
        let junk = format!("{{\"junk\": \"{}\"}}", hex::encode(noise(i, 3000)));
        p.layout.blob(junk.as_bytes());
    }
    let tree = p.build();
    let opts = Options { total_document_cap: 16 << 10, ..Options::default() };
    let r = tree.verify_with(opts.clone());
    // The junk blobs are unreferenced (ZV109 warnings, a defect of their own); but index.json was
    // read: the images zarf.yaml asks for are found, and no document went uninspected.
    assert_eq!(code_set(&r), ["ZV109"], "{}", findings_text(&r));
    assert_eq!(with(&r, "ZV109").len(), 8);
    assert_eq!(r.package.unwrap().images.iter().filter(|i| i.digest.is_some()).count(), 2);
}

#[test]
fn a_referenced_document_over_the_cap_is_an_error_and_its_blobs_are_not_called_unreferenced() {
    let mut l = Layout::new("");
    let m = l.image("linux", "amd64", 1, 2);
    l.entry(OCI_MANIFEST, &m, Some("docker.io/library/alpine:3.20"));
    let tree = l.build();
    let cap = m.len() as u64 - 1;
    let r = tree.verify_with(small(cap));
    let f = with(&r, "ZV005");
    assert_eq!(f.len(), 1, "{}", findings_text(&r));
    assert_eq!(f[0].severity, Severity::Error);
    assert!(
        f[0].message.contains(&format!("({} bytes)", m.len()))
            && f[0].message.contains(&format!("a cap of {} bytes", m.len()))
    );
    assert_eq!(f[0].path.as_deref(), Some(l.blob_path(&digest_of(&m)).as_str()));
    // Its config and two layers: referenced by a document the walk could not read.
    assert_eq!(with(&r, "ZV109").len(), 0, "{}", findings_text(&r));
    assert_eq!(with(&r, "ZV111").len(), 3, "{}", findings_text(&r));
    assert_eq!(code_set(&r), ["ZV005", "ZV111"]);
}

#[test]
fn the_document_budget_is_named_when_it_is_what_ran_out() {
    let mut l = Layout::new("");
    let m = l.image("linux", "amd64", 1, 1);
    l.entry(OCI_MANIFEST, &m, Some("docker.io/library/alpine:3.20"));
    // Big JSON-looking blobs whose names sort before the manifest's and its config's use up the
    // budget.
    let mut junk = 0;
    let manifest: serde_json::Value = serde_json::from_slice(&m).unwrap();
    let target = digest_of(&m).min(manifest["config"]["digest"].as_str().unwrap().to_owned());
    for i in 0..2000u64 {
        let b = format!("{{\"pad\":\"{}\"}}", hex::encode(noise(i, 900)));
        if digest_of(b.as_bytes()) < target {
            l.blob(b.as_bytes());
            junk += 1;
            if junk == 4 {
                break;
            }
        }
    }
    assert_eq!(junk, 4);
    let opts = Options { total_document_cap: 4 * 1810 + 10, ..Options::default() };
    let r = l.build().verify_with(opts);
    let f = with(&r, "ZV005");
    assert!(
        f.iter().any(|f| f.severity == Severity::Error && f.message.contains("a larger document budget")),
        "{}",
        findings_text(&r)
    );
}

#[test]
fn a_signature_that_was_not_kept_fails_when_a_key_is_given() {
    let (sk, pem) = key_pair(7);
    let mut tree = clean_package().build();
    bundle_zarf_yaml(&mut tree, &sk, false);
    let opts = Options {
        signing_key: Some(zverify_core::zarf::signature::PublicKey::from_pem(pem.as_bytes()).unwrap()),
        metadata_budget: 1,
        ..Options::default()
    };
    // zarf.yaml and the bundle do not fit the metadata budget: nothing may pass silently.
    let r = tree.verify_with(opts);
    assert!(r.summary.errors > 0, "{}", findings_text(&r));
    assert!(with(&r, "ZV005").iter().any(|f| f.message.contains("a larger metadata budget")), "{}", findings_text(&r));
    assert_ne!(r.package.unwrap().signature_verified, Some(true));
}

#[test]
fn a_referenced_blob_that_is_not_json_is_an_invalid_document_not_an_uninspected_one() {
    let mut l = Layout::new("");
    let junk = noise(5, 400);
    l.blob(&junk);
    l.entry(OCI_MANIFEST, &junk, Some("docker.io/library/junk:1"));
    let r = l.build().verify();
    assert_eq!(code_set(&r), ["ZV201"], "{}", findings_text(&r));
}

// ---- 2. Role-aware walk, every descriptor resolved, sha384 ---------------------------------

#[test]
fn a_blob_in_two_roles_is_checked_in_each() {
    // Image A's config descriptor points at image B's manifest; B's manifest names a layer that is
    // not in the package. Read only as A's config, B's missing layer would go unnoticed.
    let mut l = Layout::new("");
    let layer = noise(9, 500);
    let cfg_b = l.json_blob(&json!({"architecture": "amd64", "os": "linux",
        "rootfs": {"type": "layers", "diff_ids": [digest_of(&layer)]}}));
    let manifest_b = l.json_blob(&json!({"schemaVersion": 2, "mediaType": OCI_MANIFEST,
        "config": desc(OCI_CONFIG, &cfg_b), "layers": [desc(OCI_LAYER, &layer)]}));
    let manifest_a = l.json_blob(&json!({"schemaVersion": 2, "mediaType": OCI_MANIFEST,
        "config": desc(OCI_CONFIG, &manifest_b), "layers": []}));
    l.entry(OCI_MANIFEST, &manifest_a, Some("docker.io/library/a:1"));
    l.entry(OCI_MANIFEST, &manifest_b, Some("docker.io/library/b:1"));
    let r = l.build().verify();
    let missing = with(&r, "ZV107");
    assert_eq!(missing.len(), 1, "{}", findings_text(&r));
    assert_eq!(missing[0].digest.as_deref(), Some(digest_of(&layer).as_str()));
    assert_eq!(missing[0].path.as_deref(), Some(l.blob_path(&digest_of(&manifest_b)).as_str()));
}

#[test]
fn a_subject_must_be_in_a_zarf_package_but_may_live_elsewhere_in_a_bare_layout() {
    let absent = noise(11, 200);
    let build = |l: &mut Layout| {
        let m = l.image("linux", "amd64", 3, 1);
        let referrer = l.json_blob(&json!({"schemaVersion": 2, "mediaType": OCI_MANIFEST,
            "artifactType": "application/vnd.example.sbom", "config": desc("application/vnd.oci.empty.v1+json", b"{}"),
            "layers": [desc("application/vnd.example.sbom", b"{}")],
            "subject": desc(OCI_MANIFEST, &absent)}));
        l.blob(b"{}");
        (m, referrer)
    };
    // Bare layout: a referrer whose subject is stored elsewhere is fine (image-spec).
    let mut l = Layout::new("");
    let (m, referrer) = build(&mut l);
    l.entry(OCI_MANIFEST, &m, Some("docker.io/library/app:1"));
    l.entry(OCI_MANIFEST, &referrer, Some("docker.io/library/app:sbom"));
    let r = l.build().verify();
    assert_eq!(r.summary.errors, 0, "{}", findings_text(&r));

    // Zarf package: oras copies the subject with the manifest, so a deploy would fail.
    let mut p = ZarfPackage::new("app", "amd64", "v0.77.0");
    let (m, referrer) = build(&mut p.layout);
    p.layout.entry(OCI_MANIFEST, &m, Some("docker.io/library/app:1"));
    p.layout.entry(OCI_MANIFEST, &referrer, Some("docker.io/library/app:sbom"));
    p.want("docker.io/library/app:1");
    p.want("docker.io/library/app:sbom");
    let r = p.build().verify();
    let f = with(&r, "ZV107");
    assert_eq!(f.len(), 1, "{}", findings_text(&r));
    assert_eq!(f[0].pointer.as_deref(), Some("/subject/digest"));
    assert_eq!(f[0].severity, Severity::Error);
}

#[test]
fn every_index_json_descriptor_must_resolve_whatever_its_media_type() {
    let mut l = clean_layout("");
    // An unknown type and a "foreign layer" type as index.json entries: opaque, but they must exist.
    l.index.push(desc("application/vnd.example.unknown", b"not stored"));
    l.index.push(desc("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", b"not stored either"));
    let r = l.build().verify();
    let f = with(&r, "ZV107");
    assert_eq!(f.len(), 2, "{}", findings_text(&r));
    assert_eq!(
        f.iter().map(|f| f.pointer.as_deref().unwrap()).collect::<Vec<_>>(),
        ["/manifests/2/digest", "/manifests/3/digest"]
    );
}

#[test]
fn sha384_blobs_are_hashed_and_checked() {
    let mut l = clean_layout("");
    let content = noise(38, 1000);
    let hex = hex::encode(sha2::Sha384::digest(&content));
    l.tree.put(&format!("blobs/sha384/{hex}"), content.clone());
    l.index.push(json!({"mediaType": "application/vnd.example.data", "digest": format!("sha384:{hex}"), "size": 1000}));
    let clean = l.build();
    let r = clean.verify();
    assert_eq!(r.summary.errors + r.summary.warnings, 0, "{}", findings_text(&r));
    assert_eq!(r.summary.blobs_verified as usize, clean.files.keys().filter(|k| k.starts_with("blobs/")).count());
    let mut bad = clean.clone();
    bad.files.get_mut(&format!("blobs/sha384/{hex}")).unwrap()[0] ^= 1;
    let r = bad.verify();
    assert_eq!(code_set(&r), ["ZV106"], "{}", findings_text(&r));
    // Through the tar reader too.
    let r = verify_tar(&bad.to_tar(), 1000);
    assert_eq!(code_set(&r), ["ZV106"], "{}", findings_text(&r));
}

#[test]
fn a_digest_zverify_cannot_compute_is_an_error() {
    let mut l = clean_layout("");
    l.index.push(json!({"mediaType": OCI_MANIFEST, "digest": "md5:00000000000000000000000000000000", "size": 1}));
    let r = l.build().verify();
    let f = with(&r, "ZV110");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Error);
}

// ---- 3. Referenced but not walked ------------------------------------------------------------

#[test]
fn blobs_behind_the_nesting_limit_are_not_called_unreferenced() {
    let mut l = Layout::new("");
    let mut child = l.image("linux", "amd64", 4, 1);
    let mut mt = OCI_MANIFEST;
    for _ in 0..3 {
        child = l.json_blob(&json!({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": [desc(mt, &child)]}));
        mt = OCI_INDEX;
    }
    l.entry(OCI_INDEX, &child, Some("deep:v1"));
    let tree = l.build();
    assert_eq!(tree.verify().summary.errors + tree.verify().summary.warnings, 0);
    let r = tree.verify_with(Options { max_index_depth: 2, ..Options::default() });
    let f = with(&r, "ZV310");
    assert_eq!(f.len(), 1, "{}", findings_text(&r));
    assert!(
        f[0].message.contains("2 levels") && f[0].message.contains("a higher index depth limit"),
        "{}",
        f[0].message
    );
    assert!(with(&r, "ZV109").is_empty(), "{}", findings_text(&r));
    // The index past the limit is read: its child is named as its reference; the rest "may" be.
    let not_walked = with(&r, "ZV111");
    // The manifest past the limit (named by the index there), its config and its layer.
    assert_eq!(not_walked.len(), 3, "{}", findings_text(&r));
    assert_eq!(
        not_walked.iter().filter(|f| f.message.contains("references this blob, but the walk stopped")).count(),
        1
    );
}

#[test]
fn a_truly_unreferenced_blob_is_still_zv109() {
    let mut l = clean_layout("");
    l.blob(&noise(1234, 50));
    let r = l.build().verify();
    assert_eq!(code_set(&r), ["ZV109"], "{}", findings_text(&r));
}

// ---- 4. Truncated Zarf packages ----------------------------------------------------------------

/// Byte offset of the header of `name` in a tar.
fn header_offset(tar_bytes: &[u8], name: &str) -> usize {
    let mut a = tar::Archive::new(tar_bytes);
    for e in a.entries().unwrap() {
        let e = e.unwrap();
        if e.path().unwrap().to_str() == Some(name) {
            // raw_header_position: where this entry's (first) header starts.
            return e.raw_header_position() as usize;
        }
    }
    panic!("{name} not in the archive");
}

#[test]
fn a_zarf_package_cut_before_zarf_yaml_fails_and_fails_with_a_key() {
    let tree = clean_package().build();
    let tar = tree.to_tar();
    let cut = &tar[..header_offset(&tar, "zarf.yaml")];
    let r = verify_tar(cut, 4096);
    assert_eq!(code_set(&r), ["ZV008", "ZV030"], "{}", findings_text(&r));
    assert!(r.findings.iter().all(|f| f.severity == Severity::Error));
    assert_eq!(r.package.as_ref().map(|p| p.kind.as_str()), Some("zarf"));

    // The same with a key: the missing signature is an error too.
    let (_, pem) = key_pair(3);
    let mut v = zverify_core::Verifier::new(Options {
        signing_key: Some(zverify_core::zarf::signature::PublicKey::from_pem(pem.as_bytes()).unwrap()),
        ..Options::default()
    });
    let mut reader = zverify_core::tar::TarReader::new();
    reader.feed(cut, &mut v).unwrap();
    reader.finish(&mut v).unwrap();
    let r = v.finish("cut");
    assert_eq!(code_set(&r), ["ZV008", "ZV030", "ZV519"], "{}", findings_text(&r));
}

#[test]
fn real_zarf_packages_cut_before_zarf_yaml_fail() {
    let dir = vectors_dir().join("zarf-current");
    let raw = std::fs::read(dir.join("zarf-package-real-uncompressed-amd64-0.1.0.tar")).unwrap();
    let whole = verify_tar(&raw, 65536);
    assert_eq!(whole.summary.errors + whole.summary.warnings, 0, "{}", findings_text(&whole));
    let cut = &raw[..header_offset(&raw, "zarf.yaml")];
    let r = verify_tar(cut, 65536);
    assert_eq!(code_set(&r), ["ZV008", "ZV030"], "{}", findings_text(&r));
    // The signed one as .tar: cut before zarf.bundle.sig / zarf.yaml (sorted last).
    let signed = std::fs::read(dir.join("zarf-package-real-create-signed-amd64-0.1.0.tar.zst")).unwrap();
    let signed = zstd::decode_all(&signed[..]).unwrap();
    let cut = &signed[..header_offset(&signed, "zarf.bundle.sig")];
    let r = verify_tar(cut, 65536);
    assert_eq!(code_set(&r), ["ZV008", "ZV030"], "{}", findings_text(&r));
}

#[test]
fn a_bare_layout_with_a_key_is_an_error() {
    let (_, pem) = key_pair(3);
    let r = clean_layout("").build().verify_with(Options {
        signing_key: Some(zverify_core::zarf::signature::PublicKey::from_pem(pem.as_bytes()).unwrap()),
        ..Options::default()
    });
    assert_eq!(code_set(&r), ["ZV519"], "{}", findings_text(&r));
}

#[test]
fn a_bare_layout_is_not_mistaken_for_a_cut_zarf_package() {
    let mut tree = clean_layout("").build();
    tree.put("components/notes/readme.txt", b"not a component archive".to_vec());
    let r = tree.verify();
    assert_eq!(r.summary.errors + r.summary.warnings, 0, "{}", findings_text(&r));
}

// ---- 5. zarf.yaml as Zarf reads it -----------------------------------------------------------

#[test]
fn images_listed_through_a_merge_key_are_checked() {
    // The component takes its images from an anchor through `<<`; one of them is not stored.
    let p = clean_package();
    let mut tree = p.build();
    seal(&mut tree, |agg| {
        p.zarf_yaml(agg).replace(
            "components:\n- name: app\n  required: true\n  images:\n",
            "x-images: &imgs\n  images:\n  - ghcr.io/stefanprodan/podinfo:6.4.0\n  - nginx:1.25\n  - docker.io/library/redis:7\ncomponents:\n- name: app\n  required: true\n  <<: *imgs\n  x-was:\n",
        )
    });
    assert!(std::str::from_utf8(&tree.files["zarf.yaml"]).unwrap().contains("<<: *imgs"));
    let r = tree.verify();
    let f = with(&r, "ZV510");
    assert_eq!(f.len(), 1, "{}", findings_text(&r));
    assert!(f[0].message.contains("redis:7"), "{}", f[0].message);
    let info = r.package.unwrap();
    assert_eq!(info.components[0].images.len(), 3);
}

#[test]
fn a_zarf_yaml_whose_documents_disagree_is_an_error() {
    let p = clean_package();
    let mut tree = p.build();
    seal(&mut tree, |agg| {
        let alpha = p.zarf_yaml(agg);
        let beta = alpha
            .replacen("kind:", "apiVersion: zarf.dev/v1beta1\nkind:", 1)
            .replace("  - nginx:1.25\n", "  - name: docker.io/evil/nginx:1.25\n")
            .replace("  - ghcr.io/stefanprodan/podinfo:6.4.0\n", "  - name: ghcr.io/stefanprodan/podinfo:6.4.0\n");
        format!("{alpha}---\n{beta}")
    });
    let r = tree.verify();
    let f = with(&r, "ZV501");
    assert_eq!(f.len(), 1, "{}", findings_text(&r));
    assert!(f[0].message.contains("images") && f[0].severity == Severity::Error, "{}", f[0].message);
}

#[test]
fn a_foreign_layer_must_be_in_a_zarf_package() {
    // Real Zarf: oras skips the foreign layer, then the registry refuses the manifest
    // ("manifest blob unknown"). A bare layout may leave it out (fixtures: foreign_layer_may_be_absent).
    let mut p = ZarfPackage::new("win", "amd64", "v0.77.0");
    let cfg = p.layout.json_blob(&json!({"architecture": "amd64", "os": "linux",
        "rootfs": {"type": "layers", "diff_ids": [digest_of(b"base")]}}));
    let m =
        p.layout.json_blob(&json!({"schemaVersion": 2, "mediaType": OCI_MANIFEST, "config": desc(OCI_CONFIG, &cfg),
        "layers": [desc("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", b"foreign bytes")]}));
    p.layout.entry(OCI_MANIFEST, &m, Some("docker.io/library/win:1"));
    p.want("docker.io/library/win:1");
    let r = p.build().verify();
    let f = with(&r, "ZV107");
    assert_eq!(f.len(), 1, "{}", findings_text(&r));
    assert_eq!(f[0].pointer.as_deref(), Some("/layers/0/digest"));
}

// ---- A second read of what a budget kept out ------------------------------------------------

/// Stream a tree into a verifier (sorted, as Zarf writes it); with `reread`, answer
/// `wanted_documents` from the tree, as the CLI does from a file or directory.
fn two_pass(tree: &Tree, opts: Options, reread: bool) -> (Report, usize) {
    let mut v = zverify_core::Verifier::new(opts);
    for d in tree.all_dirs() {
        v.add_directory(&d);
    }
    for (p, b) in &tree.files {
        v.begin_entry(p, Some(b.len() as u64)).unwrap();
        v.write(b);
        v.end_entry().unwrap();
    }
    let mut supplied = 0;
    if reread {
        loop {
            let wanted = v.wanted_documents();
            let mut progress = false;
            for p in wanted {
                if v.supply_document(&p, tree.files[&p].clone()) {
                    supplied += 1;
                    progress = true;
                }
            }
            if !progress {
                break;
            }
        }
    }
    (v.finish("two-pass"), supplied)
}

#[test]
fn documents_a_budget_kept_out_are_read_again_when_the_source_allows() {
    // Unreferenced JSON-looking blobs sorted first fill the document budget, so the image's
    // manifest and config (sorted after them) are not kept during the stream.
    let mut p = clean_package();
    let mut junk = 0;
    for i in 0..400u64 {
        let b = format!("{{\"pad\":\"{}\"}}", hex::encode(noise(i, 2000)));
        if digest_of(b.as_bytes()).as_str() < "sha256:1" {
            p.layout.blob(b.as_bytes());
            junk += 1;
        }
    }
    assert!(junk >= 10, "{junk}");
    let tree = p.build();
    let opts = Options { total_document_cap: 8 * 4010, ..Options::default() };
    let (once, _) = two_pass(&tree, opts.clone(), false);
    assert!(
        with(&once, "ZV005").iter().any(|f| f.message.contains("a larger document budget")),
        "{}",
        findings_text(&once)
    );
    let (twice, supplied) = two_pass(&tree, opts, true);
    assert!(supplied > 0);
    // Read again within the same budget (the junk is released): only the junk's own warnings.
    assert_eq!(code_set(&twice), ["ZV109"], "{}", findings_text(&twice));
    assert_eq!(with(&twice, "ZV109").len(), junk);
}

#[test]
fn a_document_read_again_must_be_the_bytes_that_streamed() {
    let mut l = Layout::new("");
    let m = l.image("linux", "amd64", 1, 1);
    l.entry(OCI_MANIFEST, &m, Some("docker.io/library/alpine:3.20"));
    let tree = l.build();
    let opts = Options { total_document_cap: 10, ..Options::default() };
    let mut v = zverify_core::Verifier::new(opts);
    for (p, b) in &tree.files {
        v.begin_entry(p, Some(b.len() as u64)).unwrap();
        v.write(b);
        v.end_entry().unwrap();
    }
    let wanted = v.wanted_documents();
    let manifest_path = l.blob_path(&digest_of(&m));
    assert_eq!(wanted, std::slice::from_ref(&manifest_path));
    let mut other = m.clone();
    other[0] = b' ';
    assert!(!v.supply_document(&manifest_path, other), "changed bytes must not be taken");
    assert!(!v.supply_document("index.json", b"{}".to_vec()), "only what was asked for");
    let r = v.finish("x");
    assert!(with(&r, "ZV005").iter().any(|f| f.path.as_deref() == Some(manifest_path.as_str())));
}

#[test]
fn checksums_lines_are_kept_within_a_budget_and_a_cut_is_an_error() {
    let mut p = clean_package();
    for i in 0..200 {
        p.files.push((format!("components/extra-{i:03}.tar"), noise(i, 10)));
    }
    let tree = p.build();
    let opts = Options { metadata_budget: 8 << 10, ..Options::default() };
    let r = tree.verify_with(opts);
    let f = with(&r, "ZV005");
    assert_eq!(f.len(), 1, "{}", findings_text(&r));
    assert_eq!(f[0].path.as_deref(), Some("checksums.txt"));
    assert!(f[0].message.contains("a larger metadata budget checks the rest"), "{}", f[0].message);
    // No file is called unlisted because its line came after the cut.
    assert_eq!(code_set(&r), ["ZV005"], "{}", findings_text(&r));
}

mod merge_props {
    use proptest::prelude::*;
    use zverify_core::zarf::yaml;

    fn image() -> impl Strategy<Value = String> {
        ("[a-z]{1,8}", "[a-z0-9]{1,6}").prop_map(|(n, t)| format!("docker.io/library/{n}:{t}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        /// Components written out, or taking their images (and `required`) from anchors through
        /// merge keys, read the same; adding any of the merged keys explicitly is a duplicate.
        #[test]
        fn merged_and_inline_components_read_the_same(
            comps in prop::collection::vec(prop::collection::vec(image(), 0..4), 1..5)
        ) {
            let head = "kind: ZarfPackageConfig\nmetadata:\n  name: p\n";
            let mut inline = format!("{head}components:\n");
            let mut anchors = String::new();
            let mut merged = String::from("components:\n");
            for (i, imgs) in comps.iter().enumerate() {
                let list: String = imgs.iter().map(|m| format!("    - {m}\n")).collect();
                inline.push_str(&format!("- name: c{i}\n  required: true\n  images:\n{}", list.replace("    -", "  -")));
                anchors.push_str(&format!("x-{i}: &a{i}\n  required: true\n  images:\n{list}"));
                merged.push_str(&format!("- name: c{i}\n  <<: *a{i}\n"));
            }
            let merged_doc = format!("{head}{anchors}{merged}");
            let a = yaml::parse(inline.as_bytes()).unwrap();
            let b = yaml::parse(merged_doc.as_bytes()).unwrap();
            prop_assert_eq!(&a.components, &b.components);
            let dup = merged_doc.replacen("  <<: *a0\n", "  <<: *a0\n  required: false\n", 1);
            prop_assert!(yaml::parse(dup.as_bytes()).is_err());
        }
    }
}

#[test]
fn an_artifact_manifest_names_blobs_that_must_be_stored() {
    // oras copies an artifact manifest's blobs and subject with it (content.Successors).
    const ARTIFACT: &str = "application/vnd.oci.artifact.manifest.v1+json";
    let mut l = clean_layout("");
    let stored = noise(21, 300);
    l.blob(&stored);
    let absent = noise(22, 300);
    let art = l.json_blob(&json!({"mediaType": ARTIFACT, "artifactType": "application/vnd.example.sig",
        "blobs": [desc("application/vnd.example.sig.layer", &stored), desc("application/vnd.example.sig.layer", &absent)]}));
    l.entry(ARTIFACT, &art, Some("docker.io/library/alpine:sig"));
    let r = l.build().verify();
    let f = with(&r, "ZV107");
    assert_eq!(f.len(), 1, "{}", findings_text(&r));
    assert_eq!(f[0].pointer.as_deref(), Some("/blobs/1/digest"));
    assert_eq!(f[0].digest.as_deref(), Some(digest_of(&absent).as_str()));
    // The stored blob is reached: not unreferenced.
    assert!(with(&r, "ZV109").is_empty(), "{}", findings_text(&r));
}

#[test]
fn per_line_checksums_findings_are_counted_past_a_thousand() {
    // 1500 listed files that are not in the package: the report stays bounded, every one counts.
    let p = clean_package();
    let mut tree = p.build();
    let mut checksums = tree.files["checksums.txt"].clone();
    for i in 0..1500 {
        checksums.extend(format!("{} components/absent-{i:04}.tar\n", "b".repeat(64)).bytes());
    }
    tree.put("checksums.txt", checksums.clone());
    tree.put("zarf.yaml", p.zarf_yaml(&sha256_hex(&checksums)).into_bytes());
    let r = tree.verify();
    assert_eq!(code_set(&r), ["ZV506"], "{}", findings_text(&r));
    let f = with(&r, "ZV506");
    assert_eq!(f.len(), 1001);
    assert!(f.iter().any(|f| f.message.starts_with("and 500 more lines")), "{}", findings_text(&r));
    assert_eq!(r.summary.errors, 1001);
}
