//! The wasm API under Node (`wasm-bindgen-test-runner`; scripts/test runs them with
//! `cargo test -p zverify-wasm --target wasm32-unknown-unknown`). A native `cargo test` compiles
//! this file to nothing: the API is only meaningful in WebAssembly.
#![cfg(target_arch = "wasm32")]

use serde_json::Value;
use wasm_bindgen_test::*;
use zverify_wasm::{explain, rules_json, version, Checker};

const TAR: &[u8] = include_bytes!("../../tests/vectors/zarf-current/zarf-package-real-uncompressed-amd64-0.1.0.tar");
const ZST: &[u8] = include_bytes!("../../tests/vectors/zarf-current/zarf-package-real-create-amd64-0.1.0.tar.zst");
const SIGNED: &[u8] =
    include_bytes!("../../tests/vectors/zarf-current/zarf-package-real-create-signed-amd64-0.1.0.tar.zst");
const KEY: &str = include_str!("../../tests/vectors/zarf-current/zarf-test-cosign.pub");

fn check(name: &str, bytes: &[u8], chunk: usize, key: Option<&str>) -> (Value, u8) {
    let mut c = Checker::new(name, None, key.map(str::to_owned)).unwrap();
    for piece in bytes.chunks(chunk.max(1)) {
        if !c.feed(piece) {
            break;
        }
    }
    c.end_input();
    let out = c.finish().unwrap();
    (serde_json::from_str(&out.json()).unwrap(), out.exit_code())
}

#[wasm_bindgen_test]
fn version_and_rules() {
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
    let rules: Vec<Value> = serde_json::from_str(&rules_json()).unwrap();
    assert_eq!(rules.len(), zverify_core::rules::ALL.len());
    assert!(rules.iter().any(|r| r["code"] == "ZV106" && r["severity"] == "error"));
    assert!(explain("ZV106").unwrap().starts_with("# ZV106 blob-digest-mismatch"));
    assert_eq!(explain("zv311").is_ok(), zverify_core::rules::lookup("zv311").is_some());
    assert!(explain("ZV999").is_err());
}

#[wasm_bindgen_test]
fn a_real_tar_verifies_clean_in_any_chunking() {
    let (whole, exit) = check("pkg.tar", TAR, TAR.len(), None);
    assert_eq!(exit, 0);
    assert_eq!(whole["summary"]["errors"], 0, "{whole:#}");
    assert_eq!(whole["package"]["name"], "real-uncompressed");
    assert_eq!(whole["target"], "pkg.tar");
    for chunk in [1, 511, 512, 4093, 65536] {
        assert_eq!(check("pkg.tar", TAR, chunk, None).0, whole, "chunk {chunk}");
    }
}

#[wasm_bindgen_test]
fn a_real_tar_zst_verifies_clean_through_the_pure_rust_decoder() {
    let (r, exit) = check("pkg.tar.zst", ZST, 7001, None);
    assert_eq!(exit, 0, "{r:#}");
    assert_eq!(r["package"]["name"], "real-create");
    assert!(r["summary"]["blobs_verified"].as_u64().unwrap() > 0);
}

#[wasm_bindgen_test]
fn a_flipped_byte_is_an_error_and_exit_code_1() {
    let mut bytes = TAR.to_vec();
    // The last byte of the largest blob's data: find a blob header and flip a byte of its data.
    let at = (0..bytes.len() - 512)
        .step_by(512)
        .find(|&o| {
            &bytes[o + 257..o + 262] == b"ustar"
                && bytes[o..o + 100].windows(13).any(|w| w == b"blobs/sha256/")
                && bytes[o + 124..o + 135].iter().any(|b| (b'1'..=b'7').contains(b))
        })
        .expect("a blob entry");
    bytes[at + 512] ^= 0xff;
    let (r, exit) = check("bad.tar", &bytes, 4096, None);
    assert_eq!(exit, 1);
    let codes: Vec<&str> = r["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"ZV106"), "{codes:?}");
}

#[wasm_bindgen_test]
fn the_signature_is_verified_with_the_key() {
    let (r, exit) = check("signed.tar.zst", SIGNED, 65536, Some(KEY));
    assert_eq!(exit, 0, "{r:#}");
    assert_eq!(r["package"]["signed"], true);
    assert_eq!(r["package"]["signature_verified"], true);
    let (unchecked, _) = check("signed.tar.zst", SIGNED, 65536, None);
    assert_eq!(unchecked["package"]["signature_verified"], Value::Null);
}

#[wasm_bindgen_test]
fn not_an_archive_and_empty_input_are_errors_not_reports() {
    let mut c = Checker::new("notes.txt", None, None).unwrap();
    c.feed(&[b'{'; 600]);
    c.end_input();
    let e = c.finish().err().expect("not an archive");
    assert!(e.to_string().contains("not a tar or zstd-compressed tar archive"), "{e}");
    let mut c =
        Checker::split(vec!["e.tar.part000".into(), "e.tar.part001".into()], vec![2.0, 1024.0], b"{}", None, None)
            .unwrap();
    c.feed(&[0u8; 1024]);
    c.end_input();
    assert!(c.finish().is_err(), "an archive with no entries");
    assert!(Checker::new("x.tar", None, Some("not a key".into())).is_err(), "a key that cannot be used");
    assert!(Checker::new("x.tar", Some(0.5), None).is_err(), "a fractional document cap");
}

#[wasm_bindgen_test]
fn a_truncated_archive_is_a_finding() {
    let (r, exit) = check("cut.tar", &TAR[..TAR.len() / 2 + 100], 4096, None);
    assert_eq!(exit, 1);
    assert!(r["findings"].as_array().unwrap().iter().any(|f| f["code"] == "ZV001"), "{r:#}");
}

#[wasm_bindgen_test]
fn renderers_sarif_and_text() {
    let mut c = Checker::new("pkg.tar", None, None).unwrap();
    c.feed(TAR);
    c.end_input();
    let out = c.finish().unwrap();
    let sarif: Value = serde_json::from_str(&out.sarif()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(out.text().starts_with("OK pkg.tar"), "{}", out.text());
    assert!(c.finish().is_err(), "a checker finishes once");
}

/// The tar's regular files as (path, bytes), read with the `tar` crate (not the core's reader).
fn files_of(tar: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut off = 0;
    while off + 512 <= tar.len() && tar[off] != 0 {
        let h = &tar[off..off + 512];
        let name = String::from_utf8(h[..100].iter().take_while(|b| **b != 0).copied().collect()).unwrap();
        let prefix = String::from_utf8(h[345..500].iter().take_while(|b| **b != 0).copied().collect()).unwrap();
        let size_txt =
            String::from_utf8(h[124..136].iter().take_while(|b| **b != 0 && **b != b' ').copied().collect()).unwrap();
        let size = usize::from_str_radix(size_txt.trim(), 8).unwrap();
        let full = if prefix.is_empty() { name } else { format!("{prefix}/{name}") };
        if h[156] == b'0' || h[156] == 0 {
            out.push((full.trim_start_matches("./").to_owned(), tar[off + 512..off + 512 + size].to_vec()));
        }
        off += 512 + size.div_ceil(512) * 512;
    }
    out
}

#[wasm_bindgen_test]
fn a_folder_in_any_selection_order_gives_the_archive_s_verdict() {
    let mut files = files_of(TAR);
    assert!(files.len() > 5);
    files.reverse(); // the browser's order is not the walk's
    let paths: Vec<String> = files.iter().map(|(p, _)| p.clone()).collect();
    let mut c = Checker::folder("pkg", paths, None, None).unwrap();
    for d in c.dirs() {
        c.add_directory(&d);
    }
    for p in c.files() {
        let p = p.as_str();
        let bytes = &files.iter().find(|(q, _)| q == p).unwrap().1;
        c.begin_entry(p, bytes.len() as f64).unwrap();
        for piece in bytes.chunks(1000) {
            c.write(piece);
        }
        c.end_entry().unwrap();
    }
    c.end_input();
    let r: Value = serde_json::from_str(&c.finish().unwrap().json()).unwrap();
    let (tar, _) = check("pkg", TAR, 65536, None);
    assert_eq!(r["findings"], tar["findings"]);
    assert_eq!(r["package"], tar["package"]);
    assert!(Checker::folder("x", vec!["readme.md".into()], None, None).is_err(), "neither a package nor a layout");
}

#[wasm_bindgen_test]
fn a_split_package_checks_part000_s_digest_and_names_the_broken_part() {
    use sha2::{Digest as _, Sha256};
    let size = 20480;
    let count = TAR.len().div_ceil(size);
    let meta =
        format!(r#"{{"Sha256Sum":"{}","Bytes":{},"Count":{count}}}"#, hex::encode(Sha256::digest(TAR)), TAR.len());
    let run = |data: &[u8], extra: &[&str]| {
        let mut names: Vec<String> = (0..=count).map(|n| format!("p.tar.part{n:03}")).collect();
        let mut sizes: Vec<f64> = std::iter::once(meta.len() as f64)
            .chain((0..count).map(|i| (data.len().min((i + 1) * size) - i * size) as f64))
            .collect();
        for e in extra {
            names.push((*e).to_owned());
            sizes.push(1.0);
        }
        let mut c = Checker::split(names, sizes, meta.as_bytes(), None, None).unwrap();
        assert_eq!(c.parts().len(), count);
        for piece in data.chunks(size) {
            if !c.feed(piece) {
                break;
            }
        }
        c.end_input();
        let r: Value = serde_json::from_str(&c.finish().unwrap().json()).unwrap();
        r
    };
    let clean = run(TAR, &[]);
    // Zarf joins split parts into data.tar.zst: parts of an uncompressed tar are its one error.
    let codes: Vec<&str> = clean["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["ZV527"], "{clean:#}");
    assert_eq!(clean["target"], "p.tar");

    let mut bad = TAR.to_vec();
    let header = (size..2 * size).step_by(512).find(|o| &bad[o + 257..o + 262] == b"ustar").unwrap();
    bad[header] ^= 0x20;
    let r = run(&bad, &["p.tar.partial"]);
    let f = r["findings"].as_array().unwrap();
    let corrupt = f.iter().find(|f| f["code"] == "ZV001").expect("archive corrupt");
    assert_eq!(corrupt["path"], "p.tar.part002");
    assert!(f.iter().any(|f| f["code"] == "ZV517"), "part000's digest: {r:#}");
    assert!(f.iter().any(|f| f["path"] == "p.tar.partial"), "a stray part: {r:#}");
}

#[wasm_bindgen_test]
fn the_seek_path_with_ranges_hashed_elsewhere_gives_the_streamed_report() {
    use sha2::{Digest as _, Sha256};
    use zverify_wasm::RangeHasher;
    // A layout with two 300 KiB blobs (large enough to be handed out), one of them misnamed.
    let blob: Vec<u8> = (0..300 * 1024u32).map(|i| (i * 7 % 251) as u8).collect();
    let good = hex::encode(Sha256::digest(&blob));
    let mut b = tar::Builder::new(Vec::new());
    let mut add = |path: &str, data: &[u8]| {
        let mut h = tar::Header::new_ustar();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        b.append_data(&mut h, path, data).unwrap();
    };
    add("oci-layout", br#"{"imageLayoutVersion":"1.0.0"}"#);
    add(&format!("blobs/sha256/{good}"), &blob);
    add(&format!("blobs/sha256/{}", "ab".repeat(32)), &blob);
    add("index.json", br#"{"schemaVersion":2,"manifests":[]}"#);
    let tar = b.into_inner().unwrap();
    let (streamed, _) = check("pkg.tar", &tar, 65536, None);
    let mut c = Checker::seek_tar("pkg.tar", tar.len() as f64, None, None).unwrap();
    let mut handed = Vec::new();
    loop {
        let step: Value = serde_json::from_str(&c.next()).unwrap();
        if let Some(r) = step.get("read") {
            let (off, len) = (r[0].as_u64().unwrap() as usize, r[1].as_u64().unwrap() as usize);
            let end = (off + len).min(tar.len());
            c.supply(&tar[off..end], len as f64);
        } else if let Some(h) = step.get("hand") {
            handed.push(h.clone());
        } else {
            break;
        }
    }
    // Digests come back in reverse order, as parallel workers may return them.
    for h in handed.iter().rev() {
        let (off, len) = (h["offset"].as_u64().unwrap() as usize, h["len"].as_u64().unwrap() as usize);
        let mut r = RangeHasher::new(&h["plan"].to_string()).unwrap();
        for piece in tar[off..off + len].chunks(3000) {
            r.write(piece);
        }
        c.complete(&r.finish().unwrap()).unwrap();
    }
    let r: Value = serde_json::from_str(&c.finish().unwrap().json()).unwrap();
    assert_eq!(handed.len(), 2, "both blobs were handed out");
    assert_eq!(r, streamed);
    assert!(r["findings"].as_array().unwrap().iter().any(|f| f["code"] == "ZV106"), "{r:#}");
}

/// A layout with two 300 KiB blobs (large enough to be handed out), one of them misnamed, and the
/// files as (path, bytes).
fn two_blob_layout() -> (Vec<u8>, Vec<(String, Vec<u8>)>) {
    use sha2::{Digest as _, Sha256};
    let blob: Vec<u8> = (0..300 * 1024u32).map(|i| (i * 7 % 251) as u8).collect();
    let files = vec![
        ("oci-layout".to_owned(), br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec()),
        (format!("blobs/sha256/{}", hex::encode(Sha256::digest(&blob))), blob.clone()),
        (format!("blobs/sha256/{}", "ab".repeat(32)), blob),
        ("index.json".to_owned(), br#"{"schemaVersion":2,"manifests":[]}"#.to_vec()),
    ];
    let mut b = tar::Builder::new(Vec::new());
    for (path, data) in &files {
        let mut h = tar::Header::new_ustar();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        b.append_data(&mut h, path, &data[..]).unwrap();
    }
    (b.into_inner().unwrap(), files)
}

/// Push mode, as the page's worker runs a `.tar.zst`: feed, route each handout to a "worker" (a
/// `RangeHasher` per ticket), complete the digests in reverse order (parallel workers may).
/// Returns the report and how many entries were handed out.
fn check_pushed(name: &str, bytes: &[u8], chunk: usize) -> (Value, usize) {
    use std::collections::BTreeMap;
    use zverify_wasm::RangeHasher;
    let mut c = Checker::new(name, None, None).unwrap();
    c.push_mode();
    let mut open: BTreeMap<u64, RangeHasher> = BTreeMap::new();
    let mut done = Vec::new();
    let mut started = 0;
    let mut route = |c: &mut Checker| {
        while let Some(h) = c.next_handout() {
            let h: Value = serde_json::from_str(&h).unwrap();
            if let Some(plan) = h.get("start") {
                started += 1;
                open.insert(plan["ticket"].as_u64().unwrap(), RangeHasher::new(&plan.to_string()).unwrap());
            } else if let Some(t) = h.get("data") {
                let bytes = c.handout_bytes();
                assert!(!bytes.is_empty());
                open.get_mut(&t.as_u64().unwrap()).expect("data after start").write(&bytes);
            } else {
                let mut r = open.remove(&h["end"].as_u64().unwrap()).expect("end after start");
                done.push(r.finish().unwrap());
            }
        }
    };
    for piece in bytes.chunks(chunk) {
        let more = c.feed(piece);
        route(&mut c);
        if !more {
            break;
        }
    }
    c.end_input();
    route(&mut c);
    assert!(open.is_empty(), "every started entry ended");
    for d in done.iter().rev() {
        c.complete(d).unwrap();
    }
    (serde_json::from_str(&c.finish().unwrap().json()).unwrap(), started)
}

#[wasm_bindgen_test]
fn push_mode_hands_large_entries_out_and_gives_the_streamed_report() {
    let (tar, _) = two_blob_layout();
    let (streamed, _) = check("pkg.tar", &tar, 65536, None);
    for chunk in [4096, 65536, tar.len()] {
        let (pushed, started) = check_pushed("pkg.tar", &tar, chunk);
        assert_eq!(started, 2, "both blobs were handed out (chunk {chunk})");
        assert_eq!(pushed, streamed, "chunk {chunk}");
    }
    assert!(streamed["findings"].as_array().unwrap().iter().any(|f| f["code"] == "ZV106"), "{streamed:#}");
    // A real .tar.zst with two large entries, decompressed here while the layer is hashed "elsewhere".
    const LARGE: &[u8] = include_bytes!("../../tests/vectors/zarf/zarf-package-test-amd64-0.0.1.tar.zst");
    let (zst, exit) = check("pkg.tar.zst", LARGE, 65536, None);
    assert_eq!(exit, 0, "{zst:#}");
    let (pushed, started) = check_pushed("pkg.tar.zst", LARGE, 65536);
    // The layer, and sboms.tar's own sha256: sboms.tar is read inside the package stream (its SBOMs
    // are checked) while a worker hashes the same bytes (the core hands out nested tarballs' digests).
    assert_eq!(started, 2);
    assert_eq!(pushed, zst);
    // A damaged archive: the entry cut short still ends, and the report is the streamed one.
    let cut = &tar[..tar.len() / 2];
    assert_eq!(check_pushed("cut.tar", cut, 8192).0, check("cut.tar", cut, 8192, None).0);
    let cut = &LARGE[..LARGE.len() * 3 / 4];
    assert_eq!(check_pushed("cut.tar.zst", cut, 8192).0, check("cut.tar.zst", cut, 8192, None).0);
}

#[wasm_bindgen_test]
fn a_folder_s_large_files_handed_out_give_the_inline_report() {
    use zverify_wasm::RangeHasher;
    let (tar, files) = two_blob_layout();
    let (streamed, _) = check("pkg", &tar, 65536, None);
    let paths: Vec<String> = files.iter().map(|(p, _)| p.clone()).collect();
    let mut c = Checker::folder("pkg", paths, None, None).unwrap();
    for d in c.dirs() {
        c.add_directory(&d);
    }
    let mut handed = Vec::new();
    for p in c.files() {
        let p = p.as_str();
        let bytes = &files.iter().find(|(q, _)| q == p).unwrap().1;
        c.begin_entry(p, bytes.len() as f64).unwrap();
        if let Some(plan) = c.hand_out(&bytes[..bytes.len().min(512)], bytes.len() as f64) {
            c.end_entry().unwrap();
            handed.push((plan, bytes.clone()));
            continue;
        }
        c.write(bytes);
        c.end_entry().unwrap();
    }
    c.end_input();
    assert_eq!(handed.len(), 2, "both blobs went to hashing workers; the small JSON files did not");
    for (plan, bytes) in handed.iter().rev() {
        let mut r = RangeHasher::new(plan).unwrap();
        r.write(bytes);
        c.complete(&r.finish().unwrap()).unwrap();
    }
    let r: Value = serde_json::from_str(&c.finish().unwrap().json()).unwrap();
    assert_eq!(r["findings"], streamed["findings"]);
    assert_eq!(r["package"], streamed["package"]);
    assert!(r["findings"].as_array().unwrap().iter().any(|f| f["code"] == "ZV106"), "{r:#}");
}
