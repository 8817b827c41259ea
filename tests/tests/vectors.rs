//! Third-party layouts and packages (tests/vectors, see ATTRIBUTION.md there): zverify must give
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]
//! the verdict recorded for each, for reasons nobody here chose. Every test runs zverify's core on
//! the vector (or on a mutation of it) and asserts the complete set of findings.

use base64::Engine as _;
use zverify_core::{Options, Report, Severity};
use zverify_tests::zarf::{key_pair, seal};
use zverify_tests::*;

fn read(rel: &str) -> Vec<u8> {
    let p = vectors_dir().join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("vector {}: {e}", p.display()))
}

fn tree(rel: &str) -> Tree {
    let dir = vectors_dir().join(rel);
    assert!(dir.is_dir(), "missing vector {}", dir.display());
    Tree::from_dir(&dir)
}

/// Verify a layout pushed file by file, and again streamed as a tar in odd chunks: both must
/// agree; returns the direct report.
fn verify_both_ways(name: &str, t: &Tree) -> Report {
    let direct = t.verify();
    let streamed = verify_tar(&t.to_tar(), 1021);
    assert_eq!(findings_text(&streamed), findings_text(&direct), "{name}: tar and direct push disagree");
    direct
}

fn assert_keys(name: &str, r: &Report, expect: &[&str]) {
    let mut want: Vec<String> = expect.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(finding_keys(r), want, "{name}:\n{}", findings_text(r));
}

/// Every third-party layout and the complete set of findings zverify reports on it
/// (`CODE severity path pointer`; blob names cut to 12 hex characters).
const LAYOUTS: &[(&str, &[&str])] = &[
    ("ggcr-layout/test_index_media_type", &[]),
    ("ggcr-layout/test_index_one_image", &[]),
    ("containers-image/delete_image_two_identical_references", &[]),
    ("regclient/testrepo", &[]),
    ("regclient/external", &[]),
    ("oras-zot/images", &[]),
    ("oras-zot/artifacts", &[]),
    // A Docker v2 manifest body under an OCI-typed descriptor. Entry 2 of test_index is typed
    // `application/vnd.oci.descriptor.v1+json` (opaque), so the two blobs its manifest uses are
    // not reached by the walk.
    (
        "ggcr-layout/test_index",
        &[
            "ZV109 warning blobs/sha256/321460fa87fd -",
            "ZV109 warning blobs/sha256/930705ce23e3 -",
            "ZV302 warning blobs/sha256/eebff607b162 /mediaType",
        ],
    ),
    (
        "ggcr-layout/test_gc_index",
        &["ZV109 warning blobs/sha256/492b89b9dd3c -", "ZV302 warning blobs/sha256/eebff607b162 /mediaType"],
    ),
    (
        "ggcr-layout/test_gc_image_unknown_mediatype",
        &["ZV104 warning blobs -", "ZV107 error index.json /manifests/0/digest"],
    ),
    ("containers-image/delete_image_multiple_images", &["ZV108 error blobs/sha256/0dc27f36a618 /config/size"]),
    ("containers-image/delete_image_only_one_image", &["ZV108 error blobs/sha256/eaa95f3cfaac /config/size"]),
    (
        "containers-image/delete_image_shared_blobs_dir",
        &["ZV107 error index.json /manifests/0/digest", "ZV109 warning blobs/sha256/a527179158cd -"],
    ),
    (
        "containers-image/manifest",
        &["ZV101 error oci-layout -", "ZV104 warning blobs -", "ZV107 error index.json /manifests/0/digest"],
    ),
    (
        "containers-image/name_lookups",
        &[
            "ZV101 error oci-layout -",
            "ZV104 warning blobs -",
            "ZV107 error index.json /manifests/0/digest",
            "ZV107 error index.json /manifests/1/digest",
            "ZV107 error index.json /manifests/2/digest",
            "ZV107 error index.json /manifests/3/digest",
            "ZV107 error index.json /manifests/4/digest",
            "ZV204 error index.json /manifests/4/mediaType",
        ],
    ),
    (
        "containers-image/two_images_manifest",
        &[
            "ZV101 error oci-layout -",
            "ZV104 warning blobs -",
            "ZV107 error index.json /manifests/0/digest",
            "ZV107 error index.json /manifests/1/digest",
        ],
    ),
    // Go reads `"manifests": null` as an empty list, so zot's stray blob is unreferenced too.
    ("oras-zot/blobs", &["ZV109 warning blobs/sha256/2c26b46b68ff -", "ZV304 error index.json /manifests"]),
];

#[test]
fn every_layout_vector_gets_its_exact_verdict() {
    for (rel, expect) in LAYOUTS {
        let r = verify_both_ways(rel, &tree(rel));
        assert_keys(rel, &r, expect);
        assert_eq!(r.package.as_ref().map(|p| p.kind.as_str()), Some("oci-layout"), "{rel}");
        if expect.is_empty() {
            assert!(r.summary.blobs_verified > 0, "{rel} verified no blob");
        }
    }
}

#[test]
fn regclient_testrepo_is_walked_in_full() {
    // 26 references, nested index, referrers: every stored blob is reached (none unreferenced,
    // which the exact verdict above also asserts) and every one is hashed.
    let t = tree("regclient/testrepo");
    let r = t.verify();
    let p = r.package.unwrap();
    assert_eq!(p.images.len(), 26, "{:?}", p.images.iter().map(|i| &i.reference).collect::<Vec<_>>());
    assert!(p.images.iter().any(|i| i.platforms.len() > 1), "no multi-platform index found");
    let blobs = t.files.keys().filter(|k| k.starts_with("blobs/")).count() as u64;
    assert_eq!(r.summary.blobs_verified, blobs);
}

#[test]
fn containers_image_size_mismatches_name_both_sizes() {
    for (rel, said, has) in [
        ("containers-image/delete_image_multiple_images", 585, 584),
        ("containers-image/delete_image_only_one_image", 585, 740),
    ] {
        let r = tree(rel).verify();
        let f = r.findings.iter().find(|f| f.code == "ZV108").unwrap();
        assert_eq!(f.severity, Severity::Error);
        assert!(
            f.message.contains(&format!("says {said} bytes")) && f.message.contains(&format!("has {has}")),
            "{}",
            f.message
        );
    }
}

/// oras' artifacts vector carries descriptors with an embedded `data` field ("e30=", the bytes
/// `{}`). The real vector is clean (above); a `data` field that does not match its descriptor's
/// digest must be an error, wherever it is.
#[test]
fn oras_descriptor_data_that_does_not_match_is_an_error() {
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let clean = tree("oras-zot/artifacts");
    let index = String::from_utf8(clean.files["index.json"].clone()).unwrap();
    let first_manifest: serde_json::Value = serde_json::from_str(&index).unwrap();
    let m0 = &first_manifest["manifests"][0];
    let path0 = format!("blobs/{}", m0["digest"].as_str().unwrap().replace(':', "/"));
    let bytes0 = clean.files[&path0].clone();
    assert!(!index.contains("\"data\""), "index.json should have no data field yet");

    // 1. index.json: the first descriptor gains a data field of the right length, other bytes.
    let mut other = bytes0.clone();
    other[0] ^= 1;
    let inject = |data: &str| {
        let mut t = clean.clone();
        let at = index.find("\"digest\"").unwrap();
        let text = format!("{}\"data\":\"{data}\",{}", &index[..at], &index[at..]);
        t.put("index.json", text.into_bytes());
        t
    };
    let r = verify_both_ways("data in index.json", &inject(&b64(&other)));
    assert_keys("data in index.json", &r, &["ZV207 error index.json /manifests/0/data"]);
    assert!(r.findings[0].message.contains("hashes to"), "{}", r.findings[0].message);
    // The same field with the blob's exact bytes is accepted: the check compares, it does not
    // merely reject every data field.
    assert_keys("matching data", &verify_both_ways("matching data", &inject(&b64(&bytes0))), &[]);

    // 2. Inside a manifest: the config's "e30=" becomes "W10=" (`[]`, same size, other digest).
    // The manifest is stored under its new digest and index.json points at it, so only the data
    // check can see the change.
    let (old_path, old_bytes) = clean
        .files
        .iter()
        .find(|(p, b)| {
            p.starts_with("blobs/")
                && b.windows(6).any(|w| w == b"\"data\"")
                && index.contains(&p["blobs/sha256/".len()..])
        })
        .map(|(p, b)| (p.clone(), b.clone()))
        .expect("a manifest with a data field, referenced from index.json");
    let text = String::from_utf8(old_bytes).unwrap();
    let edited = text.replacen("\"e30=\"", "\"W10=\"", 1);
    assert_ne!(edited, text);
    let old_digest = format!("sha256:{}", &old_path["blobs/sha256/".len()..]);
    let new_digest = digest_of(edited.as_bytes());
    let mut t = clean.clone();
    t.files.remove(&old_path);
    let new_path = format!("blobs/{}", new_digest.replace(':', "/"));
    t.put(&new_path, edited.into_bytes());
    t.put("index.json", index.replace(&old_digest, &new_digest).into_bytes());
    let r = verify_both_ways("data in a manifest", &t);
    assert_keys(
        "data in a manifest",
        &r,
        &[&format!("ZV207 error blobs/sha256/{} /config/data", &new_digest["sha256:".len()..][..12])],
    );
}

/// Zarf's own test package deploys `nginx:1.14.2` from its manifest but carries only
/// `alpine:3.20`: its pod could not start in a Zarf cluster (ZV611, a warning).
const TEST_PACKAGE_POD_IMAGE: &str = "ZV611 warning components/test.tar!test/manifests/deployment-0.yaml -";

#[test]
fn zarf_v048_packages_verify_clean_in_any_chunking() {
    for (name, zst) in
        [("zarf-package-test-amd64-0.0.1.tar.zst", true), ("zarf-package-test-uncompressed-amd64-0.0.1.tar", false)]
    {
        let raw = read(&format!("zarf/{name}"));
        let tar = if zst { zstd::decode_all(&raw[..]).unwrap() } else { raw };
        for chunk in [1 << 20, 4093, 512] {
            let r = verify_tar(&tar, chunk);
            assert_keys(&format!("{name} chunk {chunk}"), &r, &[TEST_PACKAGE_POD_IMAGE]);
            assert_eq!(r.summary.blobs_verified, 3);
            let images = &r.package.as_ref().unwrap().images;
            assert_eq!(images.len(), 1);
            assert_eq!(images[0].reference.as_deref(), Some("docker.io/library/alpine:3.20"));
        }
    }
}

#[test]
fn zarf_index_json_files_parse_cleanly() {
    for name in ["crane-oci-layout.index.json", "oras-oci-layout.index.json"] {
        let bytes = read(&format!("zarf/{name}"));
        let r = zverify_core::check_document(&bytes, Some(zverify_core::oci::DocKind::Index), name).unwrap();
        assert_keys(name, &r, &[]);
    }
}

/// The agent index Zarf's tests use is pretty-printed again after download. Stored in a layout
/// under the upstream digest that pins it (ghcr.io/zarf-dev/zarf/agent:v0.32.6@sha256:05a82656…,
/// from zarf-dev/zarf's `TestGetImagesFromIndexSha`-era tests), those bytes are a digest mismatch
/// and a rewritten pin; stored under their own digest they are an index whose four children are
/// absent.
#[test]
fn pretty_printed_agent_index_under_its_upstream_digest_is_caught() {
    const UPSTREAM: &str = "sha256:05a82656df5466ce17c3e364c16792ae21ce68438bfe06eeab309d0520c16b48";
    let bytes = read("zarf/agent-index.json");
    let reference = format!("ghcr.io/zarf-dev/zarf/agent:v0.32.6@{UPSTREAM}");
    let entry = |digest: &str| {
        serde_json::json!({"mediaType": OCI_INDEX, "digest": digest, "size": bytes.len(),
            "annotations": {"org.opencontainers.image.ref.name": reference, "org.opencontainers.image.base.name": reference}})
    };
    let mut l = Layout::new("");
    let upstream_path = l.blob_path(UPSTREAM);
    l.tree.put(&upstream_path, bytes.clone());
    l.index.push(entry(UPSTREAM));
    let r = verify_both_ways("agent index under upstream digest", &l.build());
    assert_keys(
        "agent index under upstream digest",
        &r,
        &[
            "ZV106 error blobs/sha256/05a82656df54 -",
            "ZV312 error blobs/sha256/05a82656df54 -",
            // Its four children (two platforms, two attestations) are not in this layout.
            "ZV107 error blobs/sha256/05a82656df54 /manifests/0/digest",
            "ZV107 error blobs/sha256/05a82656df54 /manifests/1/digest",
            "ZV107 error blobs/sha256/05a82656df54 /manifests/2/digest",
            "ZV107 error blobs/sha256/05a82656df54 /manifests/3/digest",
        ],
    );

    let mut l = Layout::new("");
    let own = l.blob(&bytes);
    l.index.push(entry(&own));
    let r = verify_both_ways("agent index under its own digest", &l.build());
    let keys = finding_keys(&r);
    let missing = keys.iter().filter(|k| k.starts_with("ZV107 error")).count();
    assert_eq!(missing, 4, "{keys:#?}");
    assert!(keys.iter().any(|k| k.starts_with("ZV308 error index.json")), "the pin no longer matches: {keys:#?}");
}

/// Zarf's own `TestGetChecksum`: files empty.txt (""), foo ("bar"), nested/directory/file.md
/// ("nested") give exactly this checksums.txt, whose sha256 is the aggregate 7c554cf6…. In a
/// package, zverify accepts it as written; a changed file is caught by its line.
#[test]
fn zarf_test_get_checksum_vector_verifies_as_zarf_wrote_it() {
    let checksums = read("zarf/TestGetChecksum.checksums.txt");
    let aggregate = sha256_hex(&checksums);
    assert_eq!(aggregate, "7c554cf67e1c2b50a1b728299c368cd56d53588300c37479623f29a52812ca3f");
    let yaml = |agg: &str| {
        format!(
            "kind: ZarfPackageConfig\nmetadata:\n  name: checksums\n  version: 0.0.1\n  architecture: amd64\n  aggregateChecksum: {agg}\nbuild:\n  architecture: amd64\n  version: v0.48.0\ncomponents:\n- name: files\n  required: true\n"
        )
    };
    let mut t = Tree::default();
    t.put("empty.txt", Vec::new());
    t.put("foo", b"bar".to_vec());
    t.put("nested/directory/file.md", b"nested".to_vec());
    // Our own Zarf-style sealing writes Zarf's bytes exactly.
    seal(&mut t, yaml);
    assert_eq!(t.files["checksums.txt"], checksums);
    let r = t.verify();
    assert_keys("TestGetChecksum package", &r, &[]);
    assert_eq!(r.package.unwrap().aggregate_checksum.as_deref(), Some(aggregate.as_str()));

    t.put("foo", b"baz".to_vec());
    let r = t.verify();
    assert_keys("TestGetChecksum, foo changed", &r, &["ZV505 error foo -"]);
}

#[test]
fn zarf_tar_zst_through_the_shared_reader_with_both_zstd_backends() {
    let raw = read("zarf/zarf-package-test-amd64-0.0.1.tar.zst");
    let reference = findings_text(&verify_archive(&raw, 1 << 20, false));
    for (chunk, pure) in [(65536, true), (1000, true), (7, false), (4096, false)] {
        let r = verify_archive(&raw, chunk, pure);
        assert_keys(&format!("chunk {chunk} pure {pure}"), &r, &[TEST_PACKAGE_POD_IMAGE]);
        assert_eq!(findings_text(&r), reference);
        assert_eq!(r.summary.files, 9);
    }
}

const CURRENT: &[&str] = &[
    "zarf-package-real-create-amd64-0.1.0.tar.zst",
    "zarf-package-real-uncompressed-amd64-0.1.0.tar",
    "zarf-package-real-docker-v2-amd64-0.1.0.tar.zst",
];

/// Packages today's Zarf wrote (and real Zarf loads and pushes): clean, with both zstd backends.
#[test]
fn packages_built_by_current_zarf_verify_clean() {
    for name in CURRENT {
        let raw = read(&format!("zarf-current/{name}"));
        for (chunk, pure) in [(1 << 16, false), (333, true)] {
            let r = verify_archive(&raw, chunk, pure);
            assert_keys(name, &r, &[]);
            let p = r.package.unwrap();
            assert_eq!(p.kind, "ZarfPackageConfig");
            assert_eq!(p.signed, Some(false));
            assert!(p.images.iter().all(|i| i.digest.is_some()), "{name}: {:?}", p.images);
        }
    }
    // The create package pins a two-platform index by digest; Zarf stored it whole.
    let r = verify_archive(&read(&format!("zarf-current/{}", CURRENT[0])), 1 << 16, false);
    let multi = r.package.unwrap().images.into_iter().find(|i| i.platforms.len() > 1).expect("a multi-platform image");
    assert_eq!(multi.media_type.as_deref(), Some(OCI_INDEX));
    assert!(multi.reference.as_deref().unwrap().contains("@sha256:9acb205b8c07"), "{multi:?}");
}

/// The split package (6 parts of 1 MB): its parts, joined, are the .tar.zst part000 describes,
/// and that archive verifies clean.
#[test]
fn split_package_by_current_zarf_joins_and_verifies_clean() {
    let dir = "zarf-current/split/zarf-package-real-split-amd64-0.1.0.tar.zst";
    let meta: serde_json::Value = serde_json::from_slice(&read(&format!("{dir}.part000"))).unwrap();
    let count = meta["Count"].as_u64().unwrap();
    let parts: Vec<Vec<u8>> = (1..=count).map(|i| read(&format!("{dir}.part{i:03}"))).collect();
    let joined = parts.concat();
    assert_eq!(joined.len() as u64, meta["Bytes"].as_u64().unwrap());
    assert_eq!(sha256_hex(&joined), meta["Sha256Sum"].as_str().unwrap());
    // Fed part by part, exactly as the parts lie on disk.
    let pieces: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    let r = verify_archive_pieces(&pieces, false);
    assert_keys("split package", &r, &[]);
    assert_eq!(r.package.unwrap().name.as_deref(), Some("real-split"));
}

fn with_key(pem: &[u8]) -> Options {
    Options {
        signing_key: Some(zverify_core::zarf::signature::PublicKey::from_pem(pem).unwrap()),
        ..Options::default()
    }
}

const SIGNED: &str = "zarf-current/zarf-package-real-create-signed-amd64-0.1.0.tar.zst";

/// Signed by Zarf itself (`zarf package create --signing-key`, Zarf's test key): the bundle
/// verifies with Zarf's public key and fails with any other.
#[test]
fn package_signed_by_zarf_verifies_only_with_its_key() {
    let raw = read(SIGNED);
    let key = read("zarf-current/zarf-test-cosign.pub");
    for pure in [false, true] {
        let r = verify_archive_with(&raw, 4096, pure, with_key(&key));
        assert_keys("signed, right key", &r, &[]);
        let p = r.package.unwrap();
        assert_eq!((p.signed, p.signature_verified), (Some(true), Some(true)));
    }
    let (_, other) = key_pair(7);
    let r = verify_archive_with(&raw, 4096, false, with_key(other.as_bytes()));
    assert_keys("signed, other key", &r, &["ZV518 error zarf.bundle.sig -"]);
    assert_eq!(r.package.unwrap().signature_verified, Some(false));
    // Without a key: said, not pretended.
    let r = verify_archive(&raw, 4096, false);
    assert_keys("signed, no key", &r, &["ZV521 note zarf.bundle.sig -"]);
}

/// An attacker edits the signed package and re-makes everything but the signature: a file
/// changed, checksums.txt rewritten the way Zarf writes it, zarf.yaml edited (what a deploy
/// does) with the new aggregate checksum. Everything is consistent but the signature, so only
/// the signature check can catch it — and must.
#[test]
fn package_signed_by_zarf_altered_and_resealed_fails_the_signature() {
    let raw = read(SIGNED);
    let key = read("zarf-current/zarf-test-cosign.pub");
    let original = tree_from_tar(&zstd::decode_all(&raw[..]).unwrap());
    let yaml = String::from_utf8(original.files["zarf.yaml"].clone()).unwrap();
    let old_aggregate = sha256_hex(&original.files["checksums.txt"]);
    assert!(yaml.contains(&old_aggregate));

    // Our sealing reproduces Zarf's own checksums.txt byte for byte on the untouched package.
    let mut resealed = original.clone();
    seal(&mut resealed, |agg| yaml.replace(&old_aggregate, agg));
    assert_eq!(resealed.files["checksums.txt"], original.files["checksums.txt"]);
    assert_eq!(resealed.files["zarf.yaml"], original.files["zarf.yaml"]);
    assert_keys("resealed untouched", &resealed.verify_with(with_key(&key)), &[]);

    let mut t = original.clone();
    t.put("images/oci-layout", br#"{"imageLayoutVersion": "1.0.0"}"#.to_vec());
    let edited = yaml.replace("  required: true\n", "  required: false\n");
    assert_ne!(edited, yaml);
    seal(&mut t, |agg| edited.replace(&old_aggregate, agg));
    assert_ne!(t.files["checksums.txt"], original.files["checksums.txt"]);
    let r = t.verify_with(with_key(&key));
    assert_keys("altered and resealed", &r, &["ZV518 error zarf.bundle.sig -"]);
    assert_eq!(r.package.unwrap().signature_verified, Some(false));
    // As an archive too.
    let r = verify_archive_with(&t.to_tar_zst(), 8192, false, with_key(&key));
    assert_keys("altered and resealed, .tar.zst", &r, &["ZV518 error zarf.bundle.sig -"]);
}
