//! Zarf package semantics on generated, Zarf-exact packages and on the real packages Zarf built.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use serde_json::json;
use zverify_core::{Code, Options, Report, Severity};
use zverify_tests::zarf::*;
use zverify_tests::*;

/// Verify directly and as .tar.zst through the shared reader; both must agree. Assert the codes.
fn run(name: &str, tree: &Tree, expect: &[&str]) -> Report {
    run_with(name, tree, expect, Options::default())
}

fn run_with(name: &str, tree: &Tree, expect: &[&str], opts: Options) -> Report {
    // The streamed copy is read without a key: compare only when no key is in play.
    let keyed = opts.signing_key.is_some();
    let direct = tree.verify_with(opts);
    let zst = verify_archive(&tree.to_tar_zst(), 8191, false);
    let text = assert_fixture(name, &direct, (!keyed).then_some(&zst), expect);
    insta::assert_snapshot!(name, text);
    direct
}

fn errors_other_than(r: &Report, allowed: &[&str]) -> Vec<String> {
    r.findings
        .iter()
        .filter(|f| f.severity == Severity::Error && !allowed.contains(&f.code.as_str()))
        .map(|f| format!("{} {}", f.code, f.message))
        .collect()
}

#[test]
fn real_packages_verify_clean_with_their_package_object() {
    for (name, expected_aggregate) in [
        ("zarf-package-test-amd64-0.0.1.tar.zst", "971098987c"),
        ("zarf-package-test-uncompressed-amd64-0.0.1.tar", "eb71df0f"),
    ] {
        let raw = std::fs::read(vectors_dir().join("zarf").join(name)).unwrap();
        for pure in [false, true] {
            let r = verify_archive(&raw, 65536, pure);
            // One finding: its manifest runs nginx:1.14.2, which it does not carry (ZV611).
            let found: Vec<_> = r.findings.iter().map(|f| (f.code.as_str(), f.path.as_deref())).collect();
            let at = Some("components/test.tar!test/manifests/deployment-0.yaml");
            assert_eq!(found, [("ZV611", at)], "{name}:\n{}", findings_text(&r));
            let p = r.package.clone().unwrap();
            assert!(p.aggregate_checksum.as_deref().unwrap().starts_with(expected_aggregate));
            assert_eq!(p.architecture.as_deref(), Some("amd64"));
            assert_eq!(p.images.len(), 1);
            assert_eq!(p.images[0].reference.as_deref(), Some("docker.io/library/alpine:3.20"));
            assert_eq!(p.images[0].platforms, ["linux/amd64"]);
            if !pure {
                insta::assert_json_snapshot!(format!("real_package_{name}"), p);
            }
        }
    }
}

#[test]
fn clean_single_arch() {
    let r = run("zarf_clean_single_arch", &clean_package().build(), &[]);
    let p = r.package.unwrap();
    assert_eq!(p.kind, "ZarfPackageConfig");
    assert_eq!(p.zarf_version.as_deref(), Some("v0.48.0"));
    assert_eq!(p.signed, Some(false));
    assert_eq!(p.images.len(), 2);
    assert!(p.images.iter().all(|i| i.digest.is_some() && i.total_bytes > 0));
}

#[test]
fn clean_whole_index_pinned_by_index_digest() {
    let mut p = ZarfPackage::new("agent", "amd64", "v0.77.0");
    let (_, amd, arm) = p.whole_index("ghcr.io/zarf-dev/zarf/agent:v0.77.0", 10);
    // Zarf v0.77+ may also list the children as unannotated entries: exempt from ZV511.
    p.layout.entry(OCI_MANIFEST, &amd, None);
    p.layout.entry(OCI_MANIFEST, &arm, None);
    let r = run("zarf_clean_whole_index", &p.build(), &[]);
    let img = &r.package.unwrap().images[0];
    assert_eq!(img.platforms, ["linux/amd64", "linux/arm64"]);
    assert_eq!(img.media_type.as_deref(), Some(OCI_INDEX));
}

#[test]
fn the_2425_shape_old_zarf() {
    // Annotation pins the index digest, the descriptor is the amd64 manifest, the index is absent.
    let mut p = ZarfPackage::new("agent", "amd64", "v0.32.6");
    let amd = p.layout.image("linux", "amd64", 20, 1);
    let arm = noise(21, 10);
    let upstream_index = serde_json::to_vec(&json!({"schemaVersion": 2, "mediaType": OCI_INDEX,
        "manifests": [desc(OCI_MANIFEST, &amd), desc(OCI_MANIFEST, &arm)]}))
    .unwrap();
    let reference = format!("ghcr.io/defenseunicorns/zarf/agent:v0.32.6@{}", digest_of(&upstream_index));
    p.layout.entry(OCI_MANIFEST, &amd, Some(&reference));
    p.want(&reference);
    let r = run("zarf_2425_old_zarf", &p.build(), &["ZV311"]);
    let f = r.findings.iter().find(|f| f.code == "ZV311").unwrap();
    assert!(f.message.contains("linux/amd64") && f.message.contains("#2425"), "{}", f.message);
    assert!(
        f.help.contains("v0.32.6")
            && f.help.contains("before v0.33.1")
            && f.help.contains("v0.33.1 to v0.76.x refuse to create a package from an index digest")
            && f.help.contains("v0.77.0 and later store the pinned index whole"),
        "{}",
        f.help
    );
    assert!(f.help.contains(&format!("ghcr.io/defenseunicorns/zarf/agent:v0.32.6@{}", digest_of(&amd))), "{}", f.help);
    assert!(errors_other_than(&r, &["ZV311"]).is_empty(), "{:?}", errors_other_than(&r, &["ZV311"]));
}

#[test]
fn the_2425_shape_help_follows_the_zarf_version() {
    for (version, says) in [("v0.50.0", "refuses image-index digests"), ("v0.80.0", "stores a pinned index whole")] {
        let mut p = ZarfPackage::new("agent", "amd64", version);
        let amd = p.layout.image("linux", "amd64", 20, 1);
        let reference = format!("ghcr.io/x/agent:v1@{}", digest_of(b"some index"));
        p.layout.entry(OCI_MANIFEST, &amd, Some(&reference));
        p.want(&reference);
        let r = p.build().verify();
        assert_eq!(codes(&r), ["ZV311"], "{}", findings_text(&r));
        let f = &r.findings[0];
        assert!(f.help.contains(says) && f.help.contains(version), "{version}: {}", f.help);
    }
}

#[test]
fn missing_child_manifest_names_its_platform() {
    let mut p = ZarfPackage::new("agent", "amd64", "v0.77.0");
    let (_, _, arm) = p.whole_index("ghcr.io/zarf-dev/zarf/agent:v0.77.0", 30);
    let arm_path = p.layout.blob_path(&digest_of(&arm));
    p.layout.tree.files.remove(&arm_path);
    let r = run("zarf_missing_child_manifest", &p.build(), &["ZV107", "ZV109", "ZV109"]);
    let f = r.findings.iter().find(|f| f.code == "ZV107").unwrap();
    assert!(f.message.contains("linux/arm64") && f.message.contains("MANIFEST_BLOB_UNKNOWN"), "{}", f.message);
}

#[test]
fn layer_changed_and_checksums_regenerated_only_the_digest_catches_it() {
    let pkg = clean_package();
    let mut tree = pkg.build();
    let layer = tree.files.iter().find(|(p, b)| p.starts_with("images/blobs/") && b.len() == 300).unwrap().0.clone();
    tree.files.get_mut(&layer).unwrap()[7] ^= 0x20;
    seal(&mut tree, |agg| pkg.zarf_yaml(agg));
    let r = run("zarf_layer_changed_checksums_regenerated", &tree, &["ZV106"]);
    assert!(!r.findings.iter().any(|f| matches!(f.code, Code::ZV505 | Code::ZV509)), "{}", findings_text(&r));
}

#[test]
fn unlisted_extra_file() {
    let mut tree = clean_package().build();
    tree.put("components/extra.tar", Tree::default().to_tar());
    let r = run("zarf_unlisted_extra_file", &tree, &["ZV507"]);
    assert_eq!(r.findings.iter().find(|f| f.code == "ZV507").unwrap().path.as_deref(), Some("components/extra.tar"));
}

#[test]
fn listed_file_missing() {
    let mut tree = clean_package().build();
    tree.files.remove("sboms.tar");
    run("zarf_listed_file_missing", &tree, &["ZV506"]);
}

#[test]
fn file_changed_checksum_mismatch() {
    let mut tree = clean_package().build();
    // A byte of an SBOM viewer page (its contents are not checked): only the checksum sees it.
    let sboms = tree.files.get_mut("sboms.tar").unwrap();
    let at = sboms.windows(6).position(|w| w == b"<html>").unwrap();
    sboms[at + 1] ^= 1;
    run("zarf_file_changed", &tree, &["ZV505"]);
}

#[test]
fn aggregate_mismatch() {
    let pkg = clean_package();
    let mut tree = pkg.build();
    // Not all zeros: written plain, `000…0` is the octal number 0 to Zarf's YAML decoder (ZV501).
    tree.put("zarf.yaml", pkg.zarf_yaml(&"f".repeat(64)).into_bytes());
    run("zarf_aggregate_mismatch", &tree, &["ZV509"]);
}

#[test]
fn zarf_yaml_image_absent_from_index() {
    let mut pkg = clean_package();
    pkg.want("registry1.dso.mil/ironbank/redis:7.2");
    let r = run("zarf_image_absent_from_index", &pkg.build(), &["ZV510"]);
    assert!(r.findings.iter().any(|f| f.code == "ZV510" && f.message.contains("registry1.dso.mil/ironbank/redis:7.2")));
}

#[test]
fn unrequested_entry_and_invalid_reference() {
    let mut pkg = clean_package();
    pkg.layout.image("linux", "amd64", 40, 1);
    let extra = pkg.layout.image("linux", "amd64", 41, 1);
    pkg.layout.entry(OCI_MANIFEST, &extra, Some("docker.io/library/redis:7"));
    pkg.want("ghcr.io/Org/App:v1");
    let r = run("zarf_unrequested_and_invalid_ref", &pkg.build(), &["ZV511", "ZV512", "ZV109", "ZV109", "ZV109"]);
    assert_eq!(r.findings.iter().find(|f| f.code == "ZV511").unwrap().severity, Severity::Warning);
}

#[test]
fn architecture_mismatch_and_skeleton() {
    let mut pkg = ZarfPackage::new("mixed", "amd64", "v0.48.0");
    pkg.single("busybox:1.36", "docker.io/library/busybox:1.36", "arm64", 50);
    run("zarf_architecture_mismatch", &pkg.build(), &["ZV513"]);

    let mut skel = ZarfPackage::new("skel", "skeleton", "v0.48.0");
    skel.single("busybox:1.36", "docker.io/library/busybox:1.36", "amd64", 51);
    run("zarf_skeleton_with_images", &skel.build(), &["ZV514", "ZV514"]);
}

#[test]
fn checksums_missing_depends_on_version() {
    let mut tree = clean_package().build();
    tree.files.remove("checksums.txt");
    run("zarf_checksums_missing", &tree, &["ZV502"]);
    let mut old = ZarfPackage::new("old", "amd64", "v0.24.0");
    old.single("nginx:1.25", "docker.io/library/nginx:1.25", "amd64", 2);
    let mut tree = old.build();
    tree.files.remove("checksums.txt");
    let r = tree.verify();
    assert_eq!(finding_keys(&r), ["ZV503 error checksums.txt -"], "{}", findings_text(&r));
}

#[test]
fn checksums_lines_invalid_and_duplicated() {
    let pkg = clean_package();
    let mut tree = pkg.build();
    let mut text = String::from_utf8(tree.files["checksums.txt"].clone()).unwrap();
    let first = text.lines().next().unwrap().to_owned();
    text.push_str(&format!("{first}\nNOTHEX ../escape\n"));
    tree.put("checksums.txt", text.clone().into_bytes());
    let agg = sha256_hex(text.as_bytes());
    tree.put("zarf.yaml", pkg.zarf_yaml(&agg).into_bytes());
    run("zarf_checksums_lines", &tree, &["ZV504", "ZV508"]);
}

#[test]
fn zarf_yaml_invalid_and_legacy_images_tar() {
    let mut tree = clean_package().build();
    tree.put("zarf.yaml", b"kind: ZarfPackageConfig\nmetadata: [unclosed\n".to_vec());
    run("zarf_yaml_invalid", &tree, &["ZV501"]);

    let mut legacy = Tree::default();
    legacy.put("images.tar", Tree::default().to_tar());
    seal(&mut legacy, |agg| {
        format!("kind: ZarfPackageConfig\nmetadata:\n  name: legacy\n  aggregateChecksum: {agg}\nbuild:\n  version: v0.24.3\n")
    });
    legacy.files.remove("checksums.txt");
    run("zarf_legacy_images_tar", &legacy, &["ZV007", "ZV503"]);
}

#[test]
fn multi_document_zarf_yaml_with_v1beta1() {
    let pkg = clean_package();
    let mut tree = pkg.build();
    let aggregate = sha256_hex(&tree.files["checksums.txt"]);
    let beta = format!(
        "---\napiVersion: zarf.dev/v1beta1\nkind: ZarfPackageConfig\nmetadata:\n  name: podinfo\nbuild:\n  aggregateChecksum: {aggregate}\ncomponents:\n- name: app\n  images:\n  - name: ghcr.io/stefanprodan/podinfo:6.4.0\n  - name: nginx:1.25\n"
    );
    let yaml = format!("{}{beta}", pkg.zarf_yaml(&aggregate));
    tree.put("zarf.yaml", yaml.into_bytes());
    run("zarf_multi_document", &tree, &[]);
}

#[test]
fn signatures_good_bad_missing_keyless() {
    let (sk, pem) = key_pair(1);
    let (_, other_pem) = key_pair(2);
    let with_key = |pem: &str| Options {
        signing_key: Some(zverify_core::zarf::signature::PublicKey::from_pem(pem.as_bytes()).unwrap()),
        ..Options::default()
    };
    let pkg = clean_package();

    let mut signed = pkg.build();
    sign_zarf_yaml(&mut signed, &sk);
    bundle_zarf_yaml(&mut signed, &sk, false);
    let r = run_with("zarf_signature_good", &signed, &[], with_key(&pem));
    assert_eq!(r.package.as_ref().unwrap().signature_verified, Some(true));
    assert_eq!(r.package.as_ref().unwrap().signed, Some(true));

    // Without a key: a note that nothing was verified.
    let r = signed.verify();
    assert_eq!(finding_keys(&r), ["ZV521 note zarf.yaml.sig -"], "{}", findings_text(&r));

    // The wrong key, and a zarf.yaml changed after signing.
    let r = run_with("zarf_signature_wrong_key", &signed, &["ZV518", "ZV518"], with_key(&other_pem));
    assert_eq!(r.package.unwrap().signature_verified, Some(false));
    let mut tampered = signed.clone();
    let mut yaml = tampered.files["zarf.yaml"].clone();
    yaml.extend_from_slice(b"# edited\n");
    tampered.put("zarf.yaml", yaml);
    let r = tampered.verify_with(with_key(&pem));
    assert_eq!(
        finding_keys(&r),
        ["ZV518 error zarf.bundle.sig -", "ZV518 error zarf.yaml.sig -"],
        "{}",
        findings_text(&r)
    );

    // --key with no signature in the package.
    run_with("zarf_signature_missing", &pkg.build(), &["ZV519"], with_key(&pem));

    // A keyless bundle: said clearly, not pretended (in a package that says it is signed: without
    // build.signed or a zarf.yaml.sig, Zarf does not take it as signed at all, ZV519).
    let mut keyless = ZarfPackage { build_extra: "  signed: true\n".into(), ..clean_package() }.build();
    bundle_zarf_yaml(&mut keyless, &sk, true);
    let r = keyless.verify_with(with_key(&pem));
    assert_eq!(finding_keys(&r), ["ZV520 error zarf.bundle.sig -"], "{}", findings_text(&r));
    assert!(r.findings[0].message.contains("keyless"), "{}", findings_text(&r));

    // build.signed: true but the signature files are gone.
    let mut p2 = clean_package();
    p2.build_extra = "  signed: true\n".into();
    run("zarf_signature_expected", &p2.build(), &["ZV522"]);
}

/// Found by scripts/oracle-fuzz (seed 606): zarf.yaml's v1alpha1 document unsigned, the v1beta1
/// one beside it signed with a provenance file that checksums.txt lists. Current Zarf decodes the
/// v1beta1 document, takes the package as signed, removes the provenance file from the layout and
/// fails the load ("file images/index.json from checksum missing in layout"). Each document is a
/// reading some Zarf makes: the provenance files of either are checked.
#[test]
fn a_provenance_file_listed_in_checksums_counts_in_either_document() {
    let mut tree = clean_package().build();
    let alpha = String::from_utf8(tree.files["zarf.yaml"].clone()).unwrap();
    let aggregate = alpha.lines().find_map(|l| l.trim().strip_prefix("aggregateChecksum: ")).unwrap().to_owned();
    // The same package as the v1alpha1 document (name, architecture, aggregate, images).
    let beta = |signed: bool| {
        format!(
            "---\napiVersion: zarf.dev/v1beta1\nkind: ZarfPackageConfig\nmetadata:\n  name: podinfo\n  version: 0.0.1\n  architecture: amd64\nbuild:\n  architecture: amd64\n  version: v0.48.0\n  signed: {signed}\n  aggregateChecksum: {aggregate}\n  provenanceFiles:\n  - images/index.json\ncomponents:\n- name: app\n  images:\n  - name: ghcr.io/stefanprodan/podinfo:6.4.0\n  - name: nginx:1.25\n"
        )
    };
    // Unsigned in both: index.json is an ordinary listed file.
    tree.put("zarf.yaml", format!("{alpha}{}", beta(false)));
    let r = tree.verify();
    assert!(!codes(&r).contains(&"ZV526"), "{:?}", codes(&r));
    assert!(!codes(&r).contains(&"ZV501"), "the two documents agree: {:?}", r.findings);
    // Signed only in the v1beta1 document: the listed provenance file is refused.
    tree.put("zarf.yaml", format!("{alpha}{}", beta(true)));
    let r = tree.verify();
    assert!(codes(&r).contains(&"ZV526"), "{:?}", r.findings);
    assert!(r.summary.errors > 0);
}
