//! Invariants, checked with proptest over generated layouts, chunkings and mutations.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use proptest::prelude::*;
use zverify_core::digest::{digest_bytes, Algorithm, StreamDigest};
use zverify_core::{Options, Severity, Verifier};
use zverify_tests::*;

fn chunked(bytes: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
    let mut points: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    points.push(0);
    points.push(bytes.len());
    points.sort_unstable();
    points.windows(2).map(|w| bytes[w[0]..w[1]].to_vec()).collect()
}

fn config() -> ProptestConfig {
    ProptestConfig { cases: 64, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    /// The digest of a stream is the same for every chunking (including empty chunks).
    #[test]
    fn digest_is_chunking_independent(bytes in proptest::collection::vec(any::<u8>(), 0..4096),
                                      cuts in proptest::collection::vec(any::<usize>(), 0..12)) {
        for alg in [Algorithm::Sha256, Algorithm::Sha512] {
            let mut s = StreamDigest::new(alg);
            for c in chunked(&bytes, &cuts) {
                s.update(&c);
                s.update(&[]);
            }
            prop_assert_eq!(s.finish(), digest_bytes(alg, &bytes));
        }
    }

    /// A whole layout pushed in any chunking, or streamed as a tar in any chunk size, gives the
    /// same report.
    #[test]
    fn report_is_chunking_independent(cuts in proptest::collection::vec(any::<usize>(), 0..6), chunk in 1usize..5000) {
        let tree = clean_layout("images/").build();
        let reference = findings_text(&tree.verify());
        let mut v = Verifier::new(Options::default());
        for (p, b) in &tree.files {
            v.begin_entry(p, None).unwrap();
            for c in chunked(b, &cuts) {
                v.write(&c);
            }
            v.end_entry().unwrap();
        }
        for d in tree.all_dirs() {
            v.add_directory(&d);
        }
        let r = v.finish("fixture");
        prop_assert_eq!(findings_text(&r), reference.clone());
        prop_assert_eq!(findings_text(&verify_tar(&tree.to_tar(), chunk)), reference);
    }

    /// Flipping any byte of any blob yields an error naming that blob.
    #[test]
    fn any_flipped_blob_byte_is_an_error_naming_the_blob(which in any::<prop::sample::Index>(), at in any::<prop::sample::Index>(), bit in 0u8..8) {
        let l = clean_layout("");
        let mut tree = l.build();
        let blobs: Vec<String> = tree.files.keys().filter(|p| p.starts_with("blobs/")).cloned().collect();
        let path = which.get(&blobs).clone();
        let bytes = tree.files.get_mut(&path).unwrap();
        let i = at.index(bytes.len());
        bytes[i] ^= 1 << bit;
        let r = tree.verify();
        prop_assert!(r.findings.iter().any(|f| f.severity == Severity::Error && f.code == "ZV106" && f.path.as_deref() == Some(path.as_str())),
            "{}", findings_text(&r));
    }

    /// Every single mutation of a valid layout yields an error — never a pass, never a panic.
    #[test]
    fn every_mutation_is_caught(kind in 0usize..4, which in any::<prop::sample::Index>(), amount in 1usize..50) {
        let l = clean_layout("");
        let mut tree = l.build();
        let blobs: Vec<String> = tree.files.keys().filter(|p| p.starts_with("blobs/")).cloned().collect();
        let path = which.get(&blobs).clone();
        match kind {
            0 => { tree.files.remove(&path); }
            1 => {
                // Change one size in a document (index.json or a manifest) that has one.
                let docs: Vec<String> = tree.files.iter().filter(|(_, b)| b.windows(7).any(|w| w == b"\"size\":")).map(|(p, _)| p.clone()).collect();
                let doc = which.get(&docs).clone();
                let mut v: serde_json::Value = serde_json::from_slice(&tree.files[&doc]).unwrap();
                bump_first_size(&mut v, amount as u64);
                let bytes = serde_json::to_vec(&v).unwrap();
                tree.put(&doc, bytes);
            }
            2 => {
                // Change the digest an annotation pins.
                let mut v: serde_json::Value = serde_json::from_slice(&tree.files["index.json"]).unwrap();
                let other = digest_of(&noise(amount as u64, 8));
                for m in v["manifests"].as_array_mut().unwrap() {
                    if let Some(name) = m["annotations"]["org.opencontainers.image.ref.name"].as_str() {
                        let base = name.split('@').next().unwrap().to_owned();
                        m["annotations"]["org.opencontainers.image.ref.name"] = serde_json::json!(format!("{base}@{other}"));
                    }
                }
                tree.put("index.json", serde_json::to_vec(&v).unwrap());
            }
            _ => {
                let b = tree.files.get_mut(&path).unwrap();
                let keep = b.len().saturating_sub(amount);
                b.truncate(keep);
            }
        }
        let r = tree.verify();
        prop_assert!(r.summary.errors > 0, "mutation {} of {} passed:\n{}", kind, path, findings_text(&r));
    }

    /// Any reformatting of a JSON blob changes its digest and is reported.
    #[test]
    fn reformatted_json_blob_is_reported(which in any::<prop::sample::Index>(), style in 0usize..3) {
        let l = clean_layout("");
        let mut tree = l.build();
        let docs: Vec<String> = tree.files.iter().filter(|(p, b)| p.starts_with("blobs/") && b.first() == Some(&b'{')).map(|(p, _)| p.clone()).collect();
        let path = which.get(&docs).clone();
        let v: serde_json::Value = serde_json::from_slice(&tree.files[&path]).unwrap();
        let bytes = match style {
            0 => serde_json::to_vec_pretty(&v).unwrap(),
            1 => { let mut b = tree.files[&path].clone(); b.push(b'\n'); b }
            _ => { let mut b = b" ".to_vec(); b.extend_from_slice(&tree.files[&path]); b }
        };
        prop_assert_ne!(&bytes, &tree.files[&path]);
        tree.put(&path, bytes);
        let r = tree.verify();
        prop_assert!(r.findings.iter().any(|f| f.code == "ZV106" && f.path.as_deref() == Some(path.as_str())), "{}", findings_text(&r));
    }

    /// Arbitrary bytes as a tar stream never panic, and never pass as a layout.
    #[test]
    fn garbage_tar_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..3000), chunk in 1usize..700) {
        let r = verify_tar(&bytes, chunk);
        prop_assert!(r.package.is_none() || r.summary.errors > 0);
    }

    /// A valid tar cut short anywhere is reported as corrupt (or is a clean prefix ending on an
    /// entry boundary with findings about what is missing) — never a silent pass of a damaged package.
    #[test]
    fn truncated_tar_is_never_clean(cut in any::<prop::sample::Index>()) {
        let tar = clean_layout("").build().to_tar();
        let end = cut.index(tar.len() - 1024);
        let r = verify_tar(&tar[..end], 1000);
        let flagged = r.summary.errors > 0 || r.findings.iter().any(|f| f.code == "ZV008");
        prop_assert!(flagged || r.package.is_none(), "cut at {} passed:\n{}", end, findings_text(&r));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any bytes as any kind of document: a report, never a panic.
    #[test]
    fn documents_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600), kind in 0usize..6) {
        use zverify_core::oci::DocKind;
        let kind = [None, Some(DocKind::Index), Some(DocKind::Manifest), Some(DocKind::Config), Some(DocKind::Descriptor), Some(DocKind::Layout)][kind];
        let _ = zverify_core::check_document(&bytes, kind, "fuzz.json");
    }

    /// JSON-shaped input built from OCI words exercises the checks, not just the parser.
    #[test]
    fn oci_shaped_documents_never_panic(words in proptest::collection::vec(prop::sample::select(vec![
        "{", "}", "[", "]", ",", ":", "\"schemaVersion\"", "\"mediaType\"", "\"manifests\"", "\"config\"", "\"layers\"",
        "\"digest\"", "\"size\"", "\"data\"", "\"platform\"", "\"annotations\"", "2", "-1", "1e400", "null", "true",
        "\"sha256:abc\"", "\"application/vnd.oci.image.manifest.v1+json\"", "\"aGk=\"", "\"rootfs\"", "\"diff_ids\"",
    ]), 0..80)) {
        let text = words.concat();
        let _ = zverify_core::check_document(text.as_bytes(), None, "fuzz.json");
    }

    /// Any zarf.yaml, with or without a layout: never a panic.
    #[test]
    fn zarf_yaml_never_panics(yaml in "[ -~\n]{0,400}") {
        let mut tree = clean_layout("images/").build();
        tree.put("zarf.yaml", yaml.into_bytes());
        tree.put("checksums.txt", b"zz not a line\n".to_vec());
        let _ = tree.verify();
    }

    /// Any bytes behind a zstd magic, through both decoders and the archive reader: never a panic.
    #[test]
    fn zstd_garbage_never_panics(tail in proptest::collection::vec(any::<u8>(), 0..2000), chunk in 1usize..300, pure in any::<bool>()) {
        let mut bytes = vec![0x28, 0xb5, 0x2f, 0xfd];
        bytes.extend(tail);
        let r = verify_archive(&bytes, chunk, pure);
        prop_assert!(r.summary.errors > 0 || r.package.is_none());
    }
}

fn bump_first_size(v: &mut serde_json::Value, by: u64) -> bool {
    match v {
        serde_json::Value::Object(m) => {
            if let Some(serde_json::Value::Number(n)) = m.get("size") {
                let s = n.as_u64().unwrap() + by;
                m.insert("size".into(), serde_json::json!(s));
                return true;
            }
            m.values_mut().any(|x| bump_first_size(x, by))
        }
        serde_json::Value::Array(a) => a.iter_mut().any(|x| bump_first_size(x, by)),
        _ => false,
    }
}
