//! Invariants, checked with proptest over generated layouts, chunkings and mutations.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use zverify_core::{Code, Options, Severity, Verifier};
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

    /// Any chunking of a real package Zarf built — its .tar, or its .tar.zst through either zstd
    /// decoder — gives zverify's reader and verifier the identical report: findings, summary
    /// (files, blobs, bytes hashed) and package.
    #[test]
    fn real_package_report_is_chunking_independent(cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..24),
                                                   which in 0usize..2, pure in any::<bool>()) {
        let (bytes, reference) = &real_packages()[which];
        let mut points: Vec<usize> = cuts.iter().map(|c| c.index(bytes.len() + 1)).collect();
        points.extend([0, bytes.len()]);
        points.sort_unstable();
        // Repeated points give empty pieces, which a reader must accept too.
        let pieces: Vec<&[u8]> = points.windows(2).map(|w| &bytes[w[0]..w[1]]).collect();
        let r = verify_archive_pieces(&pieces, pure);
        prop_assert_eq!(&report_view(&r), reference);
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

    /// A Zarf-exact package tar, mutated the way damage and tampering mutate one — a bit flipped
    /// in a header (its checksum left wrong, or fixed so parsing goes on), a size field rewritten,
    /// a bit flipped anywhere, an entry removed or repeated, 512 bytes inserted — is never a
    /// panic, and is either reported with an error or gives the original's report (see
    /// `error_or_unchanged`).
    #[test]
    fn mutated_package_tar_is_an_error_or_unchanged(kind in 0usize..6, which in any::<prop::sample::Index>(),
                                                    at in any::<prop::sample::Index>(), bit in 0u8..8,
                                                    fix_checksum in any::<bool>(), size in 0u64..100_000, chunk in 1usize..5000) {
        let (tar, headers) = package_tar();
        let mut t = tar.clone();
        let h = *which.get(&headers);
        match kind {
            0 => {
                t[h + at.index(512)] ^= 1 << bit;
                if fix_checksum { fix_header_checksum(&mut t[h..h + 512]); }
            }
            1 => {
                let field = format!("{size:011o}\0");
                t[h + 124..h + 136].copy_from_slice(field.as_bytes());
                fix_header_checksum(&mut t[h..h + 512]);
            }
            2 => { let i = at.index(t.len()); t[i] ^= 1 << bit; }
            3 | 4 => {
                let end = headers.iter().copied().find(|&o| o > h).unwrap_or(t.len() - 1024);
                let entry = tar[h..end].to_vec();
                if kind == 3 { t.drain(h..end); } else { t.splice(end..end, entry); }
            }
            _ => { let i = at.index(t.len() / 512) * 512; t.splice(i..i, noise(size, 512)); }
        }
        let r = verify_tar(&t, chunk);
        if let Err(why) = error_or_unchanged(&r, package_tar_report()) {
            return Err(TestCaseError::fail(format!("mutation {kind} at header {h}: {why}")));
        }
    }

    /// A Zarf package's .tar.zst with a bit flipped, a byte range cut out or repeated, or cut
    /// short: never a panic; with either zstd decoder (libzstd natively, ruzstd as on the web
    /// page), an error or the original's report (see `error_or_unchanged`).
    #[test]
    fn mutated_zstd_frame_is_an_error_or_unchanged(kind in 0usize..4, at in any::<prop::sample::Index>(),
                                                   len in 1usize..64, bit in 0u8..8, chunk in 1usize..5000) {
        let zst = package_zst();
        let mut z = zst.clone();
        let i = at.index(z.len());
        match kind {
            0 => z[i] ^= 1 << bit,
            1 => { let end = (i + len).min(z.len()); z.drain(i..end); }
            2 => { let end = (i + len).min(z.len()); let dup = z[i..end].to_vec(); z.splice(i..i, dup); }
            _ => z.truncate(i),
        }
        for pure in [false, true] {
            let r = verify_archive(&z, chunk, pure);
            if let Err(why) = error_or_unchanged(&r, package_zst_report()) {
                return Err(TestCaseError::fail(format!("mutation {kind} at {i} (pure-Rust decoder: {pure}): {why}")));
            }
        }
    }
    /// A valid tar cut short anywhere before its end-of-archive blocks is an error: ZV001 (corrupt)
    /// inside an entry, ZV008 (end missing) on an entry boundary — never a pass, and never a
    /// report with no package and no error (which would leave the verdict to the front end).
    #[test]
    fn truncated_tar_is_never_clean(cut in any::<prop::sample::Index>(), on_entry_boundary in any::<bool>()) {
        let tar = clean_layout("").build().to_tar();
        // At least one byte: empty input is no tar at all, which the front ends refuse as empty.
        // Half the cuts fall exactly before a header (after the first), which a byte offset
        // chosen at random would almost never hit.
        let end = if on_entry_boundary {
            let headers = header_offsets(&tar);
            headers[1 + cut.index(headers.len() - 1)]
        } else {
            1 + cut.index(tar.len() - 1025)
        };
        let r = verify_tar(&tar[..end], 1000);
        prop_assert!(r.summary.errors > 0 && !r.summary.passed, "cut at {} passed:\n{}", end, findings_text(&r));
        prop_assert!(r.findings.iter().any(|f| f.severity == Severity::Error && matches!(f.code, Code::ZV001 | Code::ZV008)),
            "cut at {} is not reported as a damaged archive:\n{}", end, findings_text(&r));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Real documents (every JSON blob and index.json of regclient's testrepo: indexes,
    /// manifests, configs, artifacts) with a byte changed, removed or inserted, checked as each
    /// kind: never a panic, and never a pass of what is not JSON (`document_fails_closed`).
    /// Mutating valid documents reaches the checks behind the parser, which random bytes never do.
    #[test]
    fn mutated_real_documents_fail_closed(which in any::<prop::sample::Index>(), at in any::<prop::sample::Index>(),
                                          op in 0usize..3, byte in prop::sample::select(b"{}[]\",:0123456789.-eE \\nulltrue".to_vec()),
                                          kind in 0usize..6) {
        use zverify_core::oci::DocKind;
        let docs = real_documents();
        let mut d = which.get(docs).clone();
        let i = at.index(d.len());
        match op { 0 => d[i] = byte, 1 => { d.remove(i); } _ => d.insert(i, byte) }
        let kind = [None, Some(DocKind::Index), Some(DocKind::Manifest), Some(DocKind::Config), Some(DocKind::Descriptor), Some(DocKind::Layout)][kind];
        document_fails_closed(&d, kind)?;
    }

    /// JSON-shaped input built from OCI words exercises the checks, not just the parser: never a
    /// panic, never a pass of what is not JSON (`document_fails_closed`).
    #[test]
    fn oci_shaped_documents_fail_closed(words in proptest::collection::vec(prop::sample::select(vec![
        "{", "}", "[", "]", ",", ":", "\"schemaVersion\"", "\"mediaType\"", "\"manifests\"", "\"config\"", "\"layers\"",
        "\"digest\"", "\"size\"", "\"data\"", "\"platform\"", "\"annotations\"", "2", "-1", "1e400", "null", "true",
        "\"sha256:abc\"", "\"application/vnd.oci.image.manifest.v1+json\"", "\"aGk=\"", "\"rootfs\"", "\"diff_ids\"",
    ]), 0..80)) {
        let text = words.concat();
        document_fails_closed(text.as_bytes(), None)?;
    }

    /// The zarf.yaml real Zarf wrote (zarf-current's create package), mutated line by line or
    /// byte by byte: never a panic. Either zverify reports an error, or its report is the
    /// unmutated package's (`error_or_unchanged`: an image no longer asked for is carried but
    /// never deployed, ZV511, a changed package architecture no longer matches the images,
    /// ZV513, and a version requirement no longer declared, ZV630, all warnings by design).
    #[test]
    fn mutated_zarf_yaml_is_an_error_or_unchanged(kind in 0usize..6, which in any::<prop::sample::Index>(),
                                                  at in any::<prop::sample::Index>(),
                                                  byte in prop::sample::select(b" -:#&*!|>'\"{}[],?@`%\t\nab0<".to_vec())) {
        let (tree, yaml) = zarf_package();
        let lines: Vec<&str> = yaml.lines().collect();
        let l = which.index(lines.len());
        let mut out: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
        let mut bytes = yaml.clone().into_bytes();
        let i = at.index(bytes.len());
        match kind {
            0 => { out.remove(l); }
            1 => { let dup = out[l].clone(); out.insert(l, dup); }
            2 => { out[l] = format!(" {}", out[l]); }
            3 => { let t = out[l].trim_start().to_owned(); out[l] = t; }
            4 => { bytes[i] = byte; }
            _ => { bytes.insert(i, byte); }
        }
        let mutated = if kind < 4 { format!("{}\n", out.join("\n")).into_bytes() } else { bytes };
        let mut t = tree.clone();
        t.put("zarf.yaml", mutated.clone());
        let r = t.verify();
        if let Err(why) = error_or_unchanged(&r, zarf_package_report()) {
            return Err(TestCaseError::fail(format!("mutation {kind}: {why}\n--- zarf.yaml ---\n{}", String::from_utf8_lossy(&mutated))));
        }
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

/// The two real packages the chunking property reads (current Zarf: a .tar and a .tar.zst), with
/// the report zverify gives each in one piece.
fn real_packages() -> &'static [(Vec<u8>, String); 2] {
    static CELL: std::sync::OnceLock<[(Vec<u8>, String); 2]> = std::sync::OnceLock::new();
    CELL.get_or_init(|| {
        let load = |name: &str| {
            let bytes = std::fs::read(vectors_dir().join("zarf-current").join(name)).unwrap();
            let r = verify_archive(&bytes, bytes.len(), false);
            assert!(r.findings.is_empty(), "{name}:\n{}", findings_text(&r));
            let view = report_view(&r);
            (bytes, view)
        };
        [load("zarf-package-real-uncompressed-amd64-0.1.0.tar"), load("zarf-package-real-create-amd64-0.1.0.tar.zst")]
    })
}

/// Everything a report says, as one comparable string.
fn report_view(r: &zverify_core::Report) -> String {
    format!("{}{:?}\n{}", findings_text(r), r.summary, serde_json::to_string(&r.package).unwrap())
}

/// The clean Zarf package as a tar, and the offset of every header block in it.
fn package_tar() -> (Vec<u8>, Vec<usize>) {
    static CELL: std::sync::OnceLock<(Vec<u8>, Vec<usize>)> = std::sync::OnceLock::new();
    CELL.get_or_init(|| {
        let tar = zverify_tests::zarf::clean_package().build().to_tar();
        let headers = header_offsets(&tar);
        assert!(headers.len() > 10);
        (tar, headers)
    })
    .clone()
}

/// The offset of every header block in a tar of plain ustar entries.
fn header_offsets(tar: &[u8]) -> Vec<usize> {
    let mut headers = Vec::new();
    let mut o = 0;
    while o + 512 <= tar.len() && tar[o..o + 512].iter().any(|&b| b != 0) {
        headers.push(o);
        let size = u64::from_str_radix(
            std::str::from_utf8(&tar[o + 124..o + 135]).unwrap().trim_matches(char::from(0)).trim(),
            8,
        )
        .unwrap();
        o += 512 + (size as usize).div_ceil(512) * 512;
    }
    headers
}

/// The report on the unmutated package tar.
fn package_tar_report() -> &'static zverify_core::Report {
    static CELL: std::sync::OnceLock<zverify_core::Report> = std::sync::OnceLock::new();
    CELL.get_or_init(|| {
        let r = verify_tar(&package_tar().0, 4096);
        assert!(r.findings.is_empty() && r.package.is_some(), "{}", report_view(&r));
        r
    })
}

/// The report on the unmutated package .tar.zst (the same with either zstd decoder).
fn package_zst_report() -> &'static zverify_core::Report {
    static CELL: std::sync::OnceLock<zverify_core::Report> = std::sync::OnceLock::new();
    CELL.get_or_init(|| {
        let z = package_zst();
        let r = verify_archive(&z, 4096, false);
        assert_eq!(report_view(&r), report_view(&verify_archive(&z, 4096, true)));
        assert!(r.findings.is_empty() && r.package.is_some(), "{}", report_view(&r));
        r
    })
}

fn package_zst() -> Vec<u8> {
    static CELL: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    CELL.get_or_init(|| {
        let z = zverify_tests::zarf::clean_package().build().to_tar_zst();
        assert!(verify_archive(&z, 4096, false).findings.is_empty());
        z
    })
    .clone()
}

/// The package current Zarf built (a single image and a two-platform index pinned by digest)
/// as a tree, and its zarf.yaml.
fn zarf_package() -> (Tree, String) {
    static CELL: std::sync::OnceLock<(Tree, String)> = std::sync::OnceLock::new();
    CELL.get_or_init(|| {
        let raw =
            std::fs::read(vectors_dir().join("zarf-current/zarf-package-real-create-amd64-0.1.0.tar.zst")).unwrap();
        let tree = tree_from_tar(&zstd::decode_all(&raw[..]).unwrap());
        assert!(tree.verify().findings.is_empty());
        let yaml = String::from_utf8(tree.files["zarf.yaml"].clone()).unwrap();
        (tree, yaml)
    })
    .clone()
}

/// The report on [`zarf_package`] unmutated.
fn zarf_package_report() -> &'static zverify_core::Report {
    static CELL: std::sync::OnceLock<zverify_core::Report> = std::sync::OnceLock::new();
    CELL.get_or_init(|| {
        let r = zarf_package().0.verify();
        assert!(r.findings.is_empty() && r.package.is_some(), "{}", report_view(&r));
        r
    })
}

/// Recompute a tar header's checksum field (bytes 148..156) as every writer does.
fn fix_header_checksum(h: &mut [u8]) {
    h[148..156].fill(b' ');
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
}

/// Issue 12 §2: a package tar whose zarf.yaml was swallowed by the entry before it (a size field
/// grown by 1025 bytes) still has a Zarf package's structure — checksums.txt, components/,
/// images/ — and must be an error, not a bare OCI layout that passes. Found by
/// `mutated_package_tar_is_an_error_or_unchanged`. Real Zarf (zarf-oracle) refuses both: "open
/// …/zarf.yaml: no such file or directory".
#[test]
fn zarf_package_that_lost_its_zarf_yaml_is_an_error() {
    let (mut t, headers) = package_tar();
    let sboms = headers[headers.len() - 2];
    assert_eq!(&t[sboms..sboms + 9], b"sboms.tar");
    let size = u64::from_str_radix(std::str::from_utf8(&t[sboms + 124..sboms + 135]).unwrap(), 8).unwrap();
    let size = size.div_ceil(512) * 512;
    t[sboms + 124..sboms + 136].copy_from_slice(format!("{:011o}\0", size + 1025).as_bytes());
    fix_header_checksum(&mut t[sboms..sboms + 512]);
    let r = verify_tar(&t, 4096);
    assert!(r.summary.errors > 0, "{}", findings_text(&r));
    // Cut exactly before zarf.yaml's header: the same.
    let (t, headers) = package_tar();
    let r = verify_tar(&t[..headers[headers.len() - 1]], 4096);
    assert!(r.summary.errors > 0, "{}", findings_text(&r));
}

/// Found by `mutated_zstd_frame_is_an_error_or_unchanged`: one flipped bit in the generated
/// package's .tar.zst (byte 4760 of 5336) makes libzstd stop with "Data corruption detected",
/// while ruzstd (the web page's decoder) decodes the same bytes as before and passes the package.
/// Real Zarf (shared/tools/zarf-oracle, klauspost zstd) refuses it: "ZARF FAIL load: unable to
/// decompress: extracting: corrupt block: reserved bits not zero" (and loads the unflipped one).
/// So the web page passed a package Zarf cannot load; both backends now check the sequences
/// section's reserved bits before decoding (`zstd::check_compressed_block`).
#[test]
fn zstd_decoders_agree_on_a_damaged_frame() {
    // The package as generated when the bit was found (its sboms.tar 2048 bytes of noise).
    let mut p = zverify_tests::zarf::clean_package();
    p.files.retain(|(name, _)| name != "sboms.tar");
    p.files.push(("sboms.tar".into(), zverify_tests::noise(3, 2048)));
    let mut z = p.build().to_tar_zst();
    assert_eq!(z.len(), 5336, "the generated package changed; find the disagreeing bit again");
    z[4760] ^= 1;
    let native = verify_archive(&z, 4096, false);
    let pure = verify_archive(&z, 4096, true);
    assert!(native.summary.errors > 0, "{}", report_view(&native));
    assert!(pure.summary.errors > 0, "ruzstd passes what Zarf refuses:\n{}", report_view(&pure));
}

/// The verdict on a mutated copy of a clean package is honest when zverify reports an error, or
/// when its report is the unmutated package's `original` report: the same findings, the same
/// counts (files read, blobs verified) and the same package, apart from what a
/// changed zarf.yaml may legitimately cause. zarf.yaml is outside checksums.txt, so an unsigned
/// package's zarf.yaml can change (a byte, or cut short by its tar size field, read so by Go too)
/// and still be valid: then the by-design warnings about images it no longer asks for (ZV511) or
/// an architecture that no longer matches (ZV513) or a version requirement no longer declared
/// (ZV630) may be added, and what the package info reads
/// from zarf.yaml alone (name, version, architecture, flavor, Zarf version, components) may
/// differ; the images it lists may only lose those ZV511 names. A report with
/// no package and no error is not honest: it leaves the verdict to each front end.
fn error_or_unchanged(r: &zverify_core::Report, original: &zverify_core::Report) -> Result<(), String> {
    if r.summary.errors > 0 {
        return Ok(());
    }
    // An image zarf.yaml no longer asks for (ZV511 names it) leaves the package's image list and
    // its component's; nothing else may.
    let unasked =
        |reference: &str| r.findings.iter().any(|f| f.code == "ZV511" && f.message.contains(&format!("{reference:?}")));
    // Its SBOM and viewer in sboms.tar are then no longer ones Zarf writes for this package
    // (ZV622): Zarf names them after the reference, '/' and ':' as '_'. A flipped bit that turns
    // `components:` into `bomponents:` (an unknown key, ignored by Zarf — zarf-oracle: "ZARF OK" —
    // and by zverify) does exactly this.
    let sbom_of_unasked = |f: &zverify_core::Finding| {
        f.code == "ZV622"
            && f.path.as_deref().and_then(|p| p.strip_prefix("sboms.tar!")).is_some_and(|entry| {
                original.package.iter().flat_map(|p| &p.images).filter_map(|i| i.reference.as_deref()).any(
                    |reference| {
                        let stem = reference.replace(['/', ':'], "_");
                        unasked(reference)
                            && (entry == format!("{stem}.json") || entry == format!("sbom-viewer-{stem}.html"))
                    },
                )
            })
    };
    let by_design =
        |f: &&zverify_core::Finding| matches!(f.code, Code::ZV511 | Code::ZV513 | Code::ZV630) || sbom_of_unasked(f);
    let findings = |r: &zverify_core::Report| -> Vec<String> {
        r.findings.iter().filter(|f| !by_design(f)).map(|f| serde_json::to_string(f).unwrap()).collect()
    };
    if findings(r) != findings(original) {
        return Err(format!("no error, and findings that are not the original's:\n{}", report_view(r)));
    }
    // Bytes hashed include zarf.yaml's own, whose length may change.
    let counts = |r: &zverify_core::Report| (r.summary.files, r.summary.blobs_verified);
    if counts(r) != counts(original) {
        return Err(format!(
            "no error, but (files read, blobs verified) {:?} where the original has {:?}:\n{}",
            counts(r),
            counts(original),
            report_view(r)
        ));
    }
    let (Some(p), Some(o)) = (&r.package, &original.package) else {
        return Err(format!("no error and no package:\n{}", report_view(r)));
    };
    // What does not come from zarf.yaml's own fields must be the original's.
    let fixed = |p: &zverify_core::PackageInfo| {
        let mut p = p.clone();
        (p.name, p.version, p.architecture, p.flavor, p.zarf_version) = (None, None, None, None, None);
        p.version_requirements.clear();
        p.images.retain(|i| !i.reference.as_deref().is_some_and(unasked));
        // The component list is zarf.yaml's too: a duplicated `- name: app` line adds an empty
        // component of the same name, and real Zarf loads that package as well (zarf-oracle:
        // "ZARF OK").
        p.components.clear();
        serde_json::to_string(&p).unwrap()
    };
    if fixed(p) != fixed(o) {
        return Err(format!("no error, but the package is not the original's:\n{}", report_view(r)));
    }
    Ok(())
}

/// A standalone JSON document, as `zverify doc` checks it: never a panic; the same report when
/// checked twice; an unknown kind only when none was given; and what is not JSON at all (strict
/// serde_json refuses it) never passes: it is refused as YAML or is reported with an error.
fn document_fails_closed(d: &[u8], kind: Option<zverify_core::oci::DocKind>) -> Result<(), TestCaseError> {
    let r = zverify_core::check_document(d, kind, "mutated.json");
    let again = zverify_core::check_document(d, kind, "mutated.json");
    let view = |r: &Result<zverify_core::Report, zverify_core::DocumentError>| match r {
        Ok(r) => report_view(r),
        Err(e) => e.to_string(),
    };
    prop_assert_eq!(view(&r), view(&again), "two checks of one document differ");
    let text = String::from_utf8_lossy(d);
    match &r {
        Err(zverify_core::DocumentError::UnknownKind { .. }) => {
            prop_assert!(kind.is_none(), "unknown kind although one was given: {}", text)
        }
        Err(_) => {}
        Ok(report) => {
            if serde_json::from_slice::<serde_json::Value>(d).is_err() {
                prop_assert!(
                    report.summary.errors > 0 && !report.summary.passed,
                    "not JSON, and passed:\n{}\n{}",
                    text,
                    report_view(report)
                );
            }
        }
    }
    Ok(())
}

/// Issue 7 §1 (fail closed): a typeflag Go and Zarf do not extract as zverify reads it must be an
/// error. Found by `mutated_package_tar_is_an_error_or_unchanged`: the `images/` directory entry
/// with typeflag '=' (one bit flipped, checksum fixed) is skipped with a note today; real Zarf
/// (zarf-oracle) refuses the package: "handling file: images/blobs/: openat images: not a
/// directory".
#[test]
fn unknown_entry_type_is_an_error() {
    let (mut t, headers) = package_tar();
    let images = headers[3];
    assert_eq!(&t[images..images + 7], b"images/");
    t[images + 156] = b'=';
    fix_header_checksum(&mut t[images..images + 512]);
    let r = verify_tar(&t, 4096);
    assert!(r.summary.errors > 0, "{}", findings_text(&r));
}

/// Every JSON document in regclient's testrepo vector.
fn real_documents() -> &'static Vec<Vec<u8>> {
    static CELL: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    CELL.get_or_init(|| {
        let t = Tree::from_dir(&vectors_dir().join("regclient/testrepo"));
        let docs: Vec<Vec<u8>> = t.files.into_values().filter(|b| b.first() == Some(&b'{')).collect();
        assert!(docs.len() > 50, "{} documents", docs.len());
        docs
    })
}
