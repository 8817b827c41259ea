//! Entries hashed outside the verifier (the CLI's worker threads, the page's Web Workers) give the
//! same report as entries hashed inline: for every hostile corpus package and real package, for
//! pull mode (a seekable tar) and push mode (any stream), whatever is handed out, however the bytes
//! are chunked and in whatever order the results come back.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use proptest::prelude::*;
use zverify_core::archive::{sniff, ArchiveKind};
use zverify_core::{Options, Report};
use zverify_tests::corpus::{self, read_vector, Package};
use zverify_tests::handout::{verify_push, verify_seek};

fn json(r: &Report) -> String {
    serde_json::to_string_pretty(r).unwrap()
}

fn opts(p: &Package) -> Options {
    Options {
        signing_key: p.key.as_ref().map(|k| zverify_core::zarf::signature::PublicKey::from_pem(k).unwrap()),
        ..Options::default()
    }
}

/// Every single-archive corpus case (116 hostile packages, real ones among them): handed out
/// with every entry that can be, in two scrambled completion orders, the report is byte for byte
/// the report of the same stream hashed inline.
#[test]
fn corpus_reports_do_not_depend_on_handing_out() {
    let (mut cases, mut seek_cases, mut handed_total) = (0, 0, 0);
    for case in corpus::cases::cases() {
        let p = &case.pkg;
        if p.is_split() {
            continue;
        }
        let bytes = &p.files[0].1;
        let (inline, none) = verify_push(bytes, 64 << 10, opts(p), u64::MAX, 0, &p.target);
        assert_eq!(none, 0);
        let reference = json(&inline);
        for seed in [1, 2] {
            let (r, handed) = verify_push(bytes, 7_919, opts(p), 1, seed, &p.target);
            assert_eq!(json(&r), reference, "{}: push mode (seed {seed}) changed the report", p.name);
            handed_total += handed;
            // Seek mode reads uncompressed tars: the tar itself, or what a zstd case decompresses to.
            let (tar, reference) = match sniff(&bytes[..bytes.len().min(512)]) {
                Some(ArchiveKind::Tar) => (bytes.clone(), reference.clone()),
                _ => match zstd::decode_all(&bytes[..]) {
                    Ok(tar) if sniff(&tar[..tar.len().min(512)]) == Some(ArchiveKind::Tar) => {
                        let reference = json(&verify_push(&tar, 64 << 10, opts(p), u64::MAX, 0, &p.target).0);
                        (tar, reference)
                    }
                    _ => continue,
                },
            };
            let (r, handed) = verify_seek(&tar, opts(p), 1, seed, &p.target);
            assert_eq!(json(&r), reference, "{}: seek mode (seed {seed}) changed the report", p.name);
            handed_total += handed;
            seek_cases += 1;
        }
        cases += 1;
    }
    assert!(cases > 80, "only {cases} corpus cases");
    assert!(seek_cases > 150, "only {seek_cases} tars read in seek mode");
    assert!(handed_total > 1000, "only {handed_total} entries were handed out: the property is not exercised");
}

/// A blob that is a document is never handed out (its bytes are kept and parsed); a layer is.
#[test]
fn documents_stay_inline_layers_are_handed_out() {
    let tar = read_vector(corpus::REAL_UNCOMPRESSED);
    let inline = verify_push(&tar, 1 << 20, Options::default(), u64::MAX, 0, "t").0;
    assert!(inline.findings.is_empty());
    let (r, handed) = verify_seek(&tar, Options::default(), 1, 3, "t");
    assert_eq!(json(&r), json(&inline));
    // Everything but zarf.yaml, checksums.txt, index.json, oci-layout and the JSON blobs.
    let docs = r.package.as_ref().unwrap().images.len();
    assert!(handed > 0 && (handed as u64) < r.summary.files - docs as u64, "handed {handed} of {}", r.summary.files);
}

fn config() -> ProptestConfig {
    ProptestConfig { cases: 48, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    /// The real packages: any chunk size, any threshold, any completion order.
    #[test]
    fn real_packages_any_jobs_any_chunking(which in 0usize..3, chunk in 1usize..200_000,
                                           min in prop::sample::select(vec![1u64, 100, 512, 4096, 1 << 20]),
                                           seed in any::<u64>()) {
        let name = [corpus::REAL_UNCOMPRESSED, corpus::REAL_CREATE, corpus::REAL_SIGNED][which];
        let bytes = read_vector(name);
        let reference = json(&verify_push(&bytes, 1 << 16, Options::default(), u64::MAX, 0, name).0);
        prop_assert_eq!(json(&verify_push(&bytes, chunk, Options::default(), min, seed, name).0), reference.clone());
        if which == 0 {
            prop_assert_eq!(json(&verify_seek(&bytes, Options::default(), min, seed, name).0), reference);
        }
    }
}

/// Component tarballs are read inline (their contents are checked) while their own sha256 is
/// computed elsewhere from copies of their bytes: the report is the inline one, for real packages
/// and for a component tarball whose bytes no longer match checksums.txt (ZV505, which only the
/// handed-out digest can find) or its file's shasum (ZV603, found inline).
#[test]
fn component_tarballs_hash_elsewhere_and_still_read_inline() {
    let dir = zverify_tests::vectors_dir().join("zarf-components");
    let mut checked = 0;
    for name in ["comp-demo.tar.zst", "comp-podimage.tar.zst"] {
        let tar = zstd::decode_all(&std::fs::read(dir.join(name)).unwrap()[..]).unwrap();
        let mut broken = tar.clone();
        // The file with a shasum inside comp-demo's component tarball: one byte of its content.
        if let Some(at) = broken.windows(6).position(|w| w == b"hello\n") {
            broken[at] ^= 0x20;
        }
        for (what, bytes) in [("as built", &tar), ("a byte changed", &broken)] {
            let inline = verify_push(bytes, 64 << 10, Options::default(), u64::MAX, 0, name).0;
            let reference = json(&inline);
            for seed in [1, 2] {
                let (r, handed) = verify_seek(bytes, Options::default(), 1, seed, name);
                assert_eq!(json(&r), reference, "{name}, {what}: seek mode (seed {seed}) changed the report");
                assert!(handed > 0);
                let (r, _) = verify_push(bytes, 7_919, Options::default(), 1, seed, name);
                assert_eq!(json(&r), reference, "{name}, {what}: push mode (seed {seed}) changed the report");
            }
            if what == "a byte changed" && name == "comp-demo.tar.zst" {
                let codes: Vec<&str> = inline.findings.iter().map(|f| f.code.as_str()).collect();
                assert!(codes.contains(&"ZV505") && codes.contains(&"ZV603"), "{codes:?}");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 4);
}
