//! The real binary: limits have flags and findings that name them; split packages as Zarf globs
//! them; a Zarf package cut before zarf.yaml exits 1, with or without --key.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use zverify_tests::*;

fn zverify() -> Command {
    let mut c = Command::cargo_bin("zverify").unwrap();
    c.env("NO_COLOR", "1").env_remove("GITHUB_ACTIONS");
    c
}

fn json_report(args: &[&str]) -> (i32, Value) {
    let out = zverify().args(args).args(["--format", "json", "--no-progress"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {} {}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
    });
    (out.status.code().unwrap(), v)
}

fn codes(v: &Value) -> Vec<String> {
    let mut c: Vec<String> =
        v["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_owned()).collect();
    c.sort();
    c.dedup();
    c
}

/// A copy of the real split package (6 data parts) in a temp dir; returns the part000 path.
fn split_copy(dir: &Path) -> PathBuf {
    let src = vectors_dir().join("zarf-current/split");
    let mut part0 = None;
    for e in std::fs::read_dir(&src).unwrap() {
        let e = e.unwrap();
        let to = dir.join(e.file_name());
        std::fs::copy(e.path(), &to).unwrap();
        if to.to_string_lossy().ends_with(".part000") {
            part0 = Some(to);
        }
    }
    part0.unwrap()
}

#[test]
fn split_part_limit_has_a_flag_and_a_finding() {
    let tmp = tempfile::tempdir().unwrap();
    let part0 = split_copy(tmp.path());
    let p = part0.to_str().unwrap();
    let (code, v) = json_report(&["check", p]);
    assert_eq!((code, codes(&v)), (0, vec![]), "{v}");
    let (code, v) = json_report(&["check", p, "--max-split-parts", "3"]);
    assert_eq!((code, codes(&v)), (1, vec!["ZV523".to_owned()]), "{v}");
    let f = v["findings"].as_array().unwrap().iter().find(|f| f["code"] == "ZV523").unwrap();
    // The message names the limit; the rule's help names the CLI's flag for it.
    assert!(f["message"].as_str().unwrap().contains("the split part limit"), "{f}");
    assert!(f["help"].as_str().unwrap().contains("--max-split-parts"), "{f}");
    // Zarf's names have three digits: more than 999 cannot be allowed.
    let out = zverify().args(["check", p, "--max-split-parts", "1000"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_file_zarf_would_glob_into_the_parts_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let part0 = split_copy(tmp.path());
    let stray = PathBuf::from(format!("{}.orig", part0.to_string_lossy().replace(".part000", ".part002")));
    std::fs::write(&stray, b"left over").unwrap();
    let (code, v) = json_report(&["check", part0.to_str().unwrap()]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(codes(&v), ["ZV516"], "{v}");
    let f = &v["findings"][0];
    assert_eq!(f["path"].as_str().unwrap(), stray.to_str().unwrap());
}

#[test]
fn a_zarf_tar_cut_before_zarf_yaml_exits_1_with_and_without_a_key() {
    let raw = std::fs::read(vectors_dir().join("zarf-current/zarf-package-real-uncompressed-amd64-0.1.0.tar")).unwrap();
    // Go's writer: plain ustar headers for these short names.
    let mut cut = 0;
    loop {
        let h = &raw[cut..cut + 512];
        let name = String::from_utf8_lossy(&h[..100]).trim_end_matches('\0').to_owned();
        assert!(!name.is_empty(), "zarf.yaml not found");
        if name == "zarf.yaml" {
            break;
        }
        let size = u64::from_str_radix(String::from_utf8_lossy(&h[124..136]).trim_matches(['\0', ' ']), 8).unwrap();
        cut += 512 + size.div_ceil(512) as usize * 512;
    }
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("cut.tar");
    std::fs::write(&file, &raw[..cut]).unwrap();
    let (code, v) = json_report(&["check", file.to_str().unwrap()]);
    assert_eq!((code, codes(&v)), (1, vec!["ZV008".to_owned(), "ZV030".to_owned()]), "{v}");
    let key = vectors_dir().join("zarf-current/zarf-test-cosign.pub");
    let (code, v) = json_report(&["check", file.to_str().unwrap(), "--key", key.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(codes(&v).contains(&"ZV519".to_owned()), "{v}");
}

#[test]
fn limit_flags_reach_the_checks_and_are_named_in_the_help() {
    let pkg = vectors_dir().join("zarf-current/zarf-package-real-create-amd64-0.1.0.tar.zst");
    let p = pkg.to_str().unwrap();
    let (code, v) = json_report(&["check", p, "--document-cap", "200"]);
    assert_eq!(code, 1);
    // Each message names the limit, and how far to raise it; the help names the CLI's flag.
    let found: Vec<&serde_json::Value> =
        v["findings"].as_array().unwrap().iter().filter(|f| f["code"] == "ZV005").collect();
    assert!(!found.is_empty(), "{v}");
    for f in found {
        let m = f["message"].as_str().unwrap();
        assert!(m.contains("200-byte document cap") && m.contains("a cap of "), "{f}");
        assert!(!m.contains("--"), "a message names no flag: {f}");
        assert!(f["help"].as_str().unwrap().contains("the document cap is --document-cap"), "{f}");
    }
    // The whole pinned index is nested one level: depth 1 stops before its children.
    let (code, v) = json_report(&["check", p, "--max-index-depth", "1"]);
    assert_eq!(code, 1);
    assert!(codes(&v).contains(&"ZV310".to_owned()), "{v}");
    let (code, v) = json_report(&["check", p, "--metadata-budget", "100"]);
    assert_eq!(code, 1);
    let f = v["findings"].as_array().unwrap().iter().find(|f| f["code"] == "ZV005").expect("ZV005");
    assert!(f["message"].as_str().unwrap().contains("metadata budget"), "{f}");
    assert!(f["help"].as_str().unwrap().contains("the metadata budget --metadata-budget"), "{f}");
}

#[test]
fn files_and_directories_are_read_again_for_what_a_budget_kept_out() {
    // JSON-looking junk blobs sorted first fill a small --document-budget; the image documents
    // after them are read again from the file or directory, so nothing goes uninspected.
    let (p, junk) = package_with_junk_first();
    let tree = p.build();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pkg");
    tree.write_dir(&dir);
    let tar = tmp.path().join("pkg.tar");
    std::fs::write(&tar, tree.to_tar()).unwrap();
    let zst = tmp.path().join("pkg.tar.zst");
    std::fs::write(&zst, tree.to_tar_zst()).unwrap();
    for target in [&dir, &tar, &zst] {
        let (code, v) = json_report(&["check", target.to_str().unwrap(), "--document-budget", "32080"]);
        assert_eq!((code, codes(&v)), (0, vec!["ZV109".to_owned()]), "{}: {v}", target.display());
        assert_eq!(v["findings"].as_array().unwrap().len(), junk);
    }
}

/// The second read decodes with the window the check allows, not the decoder's default: a frame
/// declaring a 1 GiB window (over the 512 MiB default) checks with the window raised, and the
/// documents a budget kept out are read again through the same limit. Read again with the default
/// (the bug this pins), the second read stopped at the frame header and the two image manifests
/// stayed uninspected (ZV005, exit 1) although the first read had passed.
#[test]
fn the_second_read_keeps_a_raised_zstd_window() {
    let (p, junk) = package_with_junk_first();
    let tar = p.build().to_tar();
    // libzstd's streaming encoder keeps the window it is given, with no content size to shrink it.
    let mut enc = zstd::stream::write::Encoder::new(Vec::new(), 1).unwrap();
    enc.window_log(30).unwrap();
    std::io::Write::write_all(&mut enc, &tar).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let zst = tmp.path().join("zarf-package-test-amd64.tar.zst");
    std::fs::write(&zst, enc.finish().unwrap()).unwrap();
    let z = zst.to_str().unwrap();
    // The default window refuses the frame: a limit (ZV040), said once.
    let (code, v) = json_report(&["check", z, "--document-budget", "32080"]);
    assert_eq!((code, codes(&v)), (1, vec!["ZV040".to_owned()]), "{v}");
    // Raised, both reads decode it; only the junk blobs are reported, as for a plain frame.
    let (code, v) = json_report(&["check", z, "--document-budget", "32080", "--zstd-window-max", "1GiB"]);
    assert_eq!((code, codes(&v)), (0, vec!["ZV109".to_owned()]), "{v}");
    assert_eq!(v["findings"].as_array().unwrap().len(), junk, "{v}");
}

/// A clean package with JSON-looking junk blobs whose digests sort before the image documents
/// (and so are kept first, filling a small document budget), and how many there are.
fn package_with_junk_first() -> (zverify_tests::zarf::ZarfPackage, usize) {
    let mut p = zverify_tests::zarf::clean_package();
    let mut junk = 0;
    for i in 0..400u64 {
        let b = format!("{{\"pad\":\"{}\"}}", hex_of(&noise(i, 2000)));
        if digest_of(b.as_bytes()).as_str() < "sha256:1" {
            p.layout.blob(b.as_bytes());
            junk += 1;
        }
    }
    (p, junk)
}

fn hex_of(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn an_oversized_part000_is_not_inspected_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let part0 = split_copy(tmp.path());
    // Valid JSON padded with whitespace past the cap: Zarf would read it whole.
    let mut meta = std::fs::read(&part0).unwrap();
    meta.extend(std::iter::repeat_n(b' ', 5000));
    std::fs::write(&part0, &meta).unwrap();
    let (code, v) = json_report(&["check", part0.to_str().unwrap(), "--document-cap", "4096"]);
    assert_eq!(code, 1);
    let f = v["findings"].as_array().unwrap().iter().find(|f| f["code"] == "ZV005").expect("ZV005");
    assert!(f["message"].as_str().unwrap().contains(&format!("({} bytes)", meta.len())), "{f}");
    // With the cap raised it is read whole, and the padded part000 is valid.
    let (code, v) = json_report(&["check", part0.to_str().unwrap()]);
    assert_eq!((code, codes(&v)), (0, vec![]), "{v}");
}
