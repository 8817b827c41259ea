//! Third-party layouts and packages (../shared/vectors, see SOURCES.md there): zverify must give
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]
//! the verdict SOURCES.md records, for reasons nobody here chose.

use zverify_core::Severity;
use zverify_tests::*;

fn layout(rel: &str) -> zverify_core::Report {
    let dir = vectors_dir().join(rel);
    assert!(dir.is_dir(), "missing vector {}", dir.display());
    Tree::from_dir(&dir).verify()
}

fn errors(r: &zverify_core::Report) -> Vec<&'static str> {
    r.findings.iter().filter(|f| f.severity == Severity::Error).map(|f| f.code).collect()
}

#[test]
fn clean_layouts_have_no_errors_or_warnings() {
    for rel in [
        "ggcr-layout/test_index_media_type",
        "ggcr-layout/test_index_one_image",
        "containers-image/delete_image_two_identical_references",
        "regclient/testrepo",
        "regclient/external",
        "oras-zot/images",
        "oras-zot/artifacts",
    ] {
        let r = layout(rel);
        assert_eq!(r.summary.errors + r.summary.warnings, 0, "{rel}:\n{}", findings_text(&r));
        assert!(r.summary.blobs_verified > 0, "{rel} verified no blob");
        assert_eq!(r.package.as_ref().map(|p| p.kind.as_str()), Some("oci-layout"));
    }
}

#[test]
fn regclient_testrepo_is_walked_in_full() {
    // 26 references, nested index, referrers: every stored blob is reached (none unreferenced).
    let r = layout("regclient/testrepo");
    let p = r.package.unwrap();
    assert!(p.images.len() >= 26, "{} images", p.images.len());
    assert!(p.images.iter().any(|i| i.platforms.len() > 1), "no multi-platform index found");
}

#[test]
fn ggcr_docker_body_under_oci_descriptor_is_a_warning() {
    for rel in ["ggcr-layout/test_index", "ggcr-layout/test_gc_index"] {
        let r = layout(rel);
        assert!(errors(&r).is_empty(), "{rel}:\n{}", findings_text(&r));
        let conflict: Vec<_> = r.findings.iter().filter(|f| f.code == "ZV302").collect();
        assert_eq!(conflict.len(), 1, "{rel}:\n{}", findings_text(&r));
        assert_eq!(conflict[0].severity, Severity::Warning);
    }
}

#[test]
fn ggcr_unknown_mediatype_without_blobs_fails() {
    let r = layout("ggcr-layout/test_gc_image_unknown_mediatype");
    assert!(errors(&r).contains(&"ZV107"), "{}", findings_text(&r));
    assert!(r.findings.iter().any(|f| f.code == "ZV104"));
}

#[test]
fn containers_image_size_mismatches() {
    for (rel, said, has) in [
        ("containers-image/delete_image_multiple_images", 585, 584),
        ("containers-image/delete_image_only_one_image", 585, 740),
    ] {
        let r = layout(rel);
        let f =
            r.findings.iter().find(|f| f.code == "ZV108").unwrap_or_else(|| panic!("{rel}:\n{}", findings_text(&r)));
        assert_eq!(f.severity, Severity::Error);
        assert!(
            f.message.contains(&format!("says {said} bytes")) && f.message.contains(&format!("has {has}")),
            "{}",
            f.message
        );
        assert_eq!(f.pointer.as_deref(), Some("/config/size"));
    }
}

#[test]
fn containers_image_blobs_outside_layout_are_missing() {
    let r = layout("containers-image/delete_image_shared_blobs_dir");
    assert!(errors(&r).contains(&"ZV107"), "{}", findings_text(&r));
}

#[test]
fn index_only_folders_are_incomplete_layouts() {
    for rel in ["containers-image/manifest", "containers-image/name_lookups", "containers-image/two_images_manifest"] {
        let r = layout(rel);
        let e = errors(&r);
        assert!(e.contains(&"ZV101") && e.contains(&"ZV107"), "{rel}:\n{}", findings_text(&r));
    }
}

#[test]
fn oras_manifests_null_is_an_error() {
    let r = layout("oras-zot/blobs");
    let f = r.findings.iter().find(|f| f.code == "ZV304").expect("ZV304");
    assert_eq!((f.path.as_deref(), f.pointer.as_deref()), (Some("index.json"), Some("/manifests")));
}

#[test]
fn oras_descriptor_data_field_verifies() {
    let raw = std::fs::read_to_string(vectors_dir().join("oras-zot/artifacts/index.json")).unwrap();
    let has_data = raw.contains("\"data\"")
        || std::fs::read_dir(vectors_dir().join("oras-zot/artifacts/blobs/sha256"))
            .unwrap()
            .any(|e| std::fs::read(e.unwrap().path()).unwrap().windows(6).any(|w| w == b"\"data\""));
    assert!(has_data, "the artifacts vector should carry a data field");
    assert_eq!(layout("oras-zot/artifacts").summary.errors, 0);
}

#[test]
fn zarf_packages_verify_clean_as_archives() {
    for (name, zst) in
        [("zarf-package-test-amd64-0.0.1.tar.zst", true), ("zarf-package-test-uncompressed-amd64-0.0.1.tar", false)]
    {
        let raw = std::fs::read(vectors_dir().join("zarf").join(name)).unwrap();
        let tar = if zst { zstd::decode_all(&raw[..]).unwrap() } else { raw };
        for chunk in [1 << 20, 4093, 512] {
            let r = verify_tar(&tar, chunk);
            assert_eq!(r.summary.errors, 0, "{name} chunk {chunk}:\n{}", findings_text(&r));
            assert_eq!(r.summary.warnings, 0, "{name}:\n{}", findings_text(&r));
            assert!(r.summary.blobs_verified >= 3);
            let images = &r.package.as_ref().unwrap().images;
            assert_eq!(images.len(), 1);
            assert!(images[0].reference.as_deref().is_some_and(|r| r.contains("alpine:3.20")), "{images:?}");
        }
    }
}

#[test]
fn zarf_index_json_files_parse_cleanly() {
    for name in ["crane-oci-layout.index.json", "oras-oci-layout.index.json"] {
        let bytes = std::fs::read(vectors_dir().join("zarf").join(name)).unwrap();
        let r = zverify_core::check_document(&bytes, Some(zverify_core::oci::DocKind::Index), name).unwrap();
        assert_eq!(r.summary.errors + r.summary.warnings, 0, "{name}:\n{}", findings_text(&r));
    }
}

#[test]
fn pretty_printed_agent_documents_do_not_hash_to_upstream() {
    // Re-encoded JSON is other bytes: the agent index, pretty-printed again after download, no
    // longer hashes to the upstream digest 05a82656….
    let bytes = std::fs::read(vectors_dir().join("zarf/agent-index.json")).unwrap();
    let d = digest_of(&bytes);
    assert!(d.starts_with("sha256:") && !d.starts_with("sha256:05a82656"), "{d}");
}

#[test]
fn zarf_checksums_vector_digest() {
    let bytes = std::fs::read(vectors_dir().join("zarf/TestGetChecksum.checksums.txt")).unwrap();
    assert!(sha256_hex(&bytes).starts_with("7c554cf6"));
}

#[test]
fn zarf_tar_zst_through_the_shared_reader_with_both_zstd_backends() {
    let raw = std::fs::read(vectors_dir().join("zarf/zarf-package-test-amd64-0.0.1.tar.zst")).unwrap();
    let reference = findings_text(&verify_archive(&raw, 1 << 20, false));
    for (chunk, pure) in [(65536, true), (1000, true), (7, false), (4096, false)] {
        let r = verify_archive(&raw, chunk, pure);
        assert_eq!(r.summary.errors + r.summary.warnings, 0, "chunk {chunk} pure {pure}:\n{}", findings_text(&r));
        assert_eq!(findings_text(&r), reference);
        assert_eq!(r.summary.files, 9);
    }
}
