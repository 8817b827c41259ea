//! `--jobs`: the report is the same for any number of hashing threads, through the real binary,
//! for every hostile corpus package (single archives and split parts), the real packages, and
//! unpacked directories; and `--expect-sha256` compares the archive with its published digest.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use assert_cmd::Command;
use std::path::Path;
use zverify_tests::corpus::{self, cases::cases, read_vector};
use zverify_tests::*;

fn run(target: &Path, extra: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("zverify")
        .unwrap()
        .env_remove("ZVERIFY_JOBS")
        .args(["check", "--format", "json", "--no-progress"])
        .args(extra)
        .arg(target)
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap())
}

/// Every corpus case, and each one that unpacks as a directory: `--jobs 1`, 2 and 5 give the same
/// exit code and byte-identical JSON.
#[test]
fn report_is_the_same_for_any_job_count() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut n, mut dirs) = (0, 0);
    for case in cases() {
        let dir = tmp.path().join(&case.pkg.name);
        std::fs::create_dir(&dir).unwrap();
        let (target, key) = case.pkg.write_to(&dir);
        let mut extra = vec![];
        let key_s = key.as_ref().map(|k| k.display().to_string());
        if let Some(k) = &key_s {
            extra.extend(["--key", k.as_str()]);
        }
        let one = run(&target, &[&extra[..], &["--jobs", "1"]].concat());
        for jobs in ["2", "5"] {
            let many = run(&target, &[&extra[..], &["--jobs", jobs]].concat());
            assert_eq!(many, one, "{}: --jobs {jobs} differs from --jobs 1", case.pkg.name);
        }
        n += 1;
        // The same package unpacked, where it unpacks (a directory has no tar-level defects).
        if !case.pkg.is_split() {
            let bytes = &case.pkg.files[0].1;
            let tar = zstd::decode_all(&bytes[..]).unwrap_or_else(|_| bytes.clone());
            let Ok(tree) = std::panic::catch_unwind(|| tree_from_tar(&tar)) else { continue };
            let unpacked = dir.join("unpacked");
            if std::panic::catch_unwind(|| tree.write_dir(&unpacked)).is_err() {
                continue;
            }
            let one = run(&unpacked, &[&extra[..], &["--jobs", "1"]].concat());
            let many = run(&unpacked, &[&extra[..], &["--jobs", "3"]].concat());
            assert_eq!(many, one, "{} unpacked: --jobs 3 differs from --jobs 1", case.pkg.name);
            dirs += 1;
        }
    }
    assert!(n > 100 && dirs > 50, "{n} cases, {dirs} directories");
}

/// A package with large layers (so entries really are handed out) gives the same report whatever
/// the job count, as a directory, a .tar and a .tar.zst; a tampered layer is caught either way.
#[test]
fn large_layers_any_job_count() {
    let tmp = tempfile::tempdir().unwrap();
    let mut layout = clean_layout("");
    let big = noise(7, 3 << 20);
    // An unreferenced blob (ZV109): still hashed and named-checked.
    let digest = layout.blob(&big);
    let mut tree = layout.build();
    let tar = tree.to_tar();
    std::fs::write(tmp.path().join("ok.tar"), &tar).unwrap();
    std::fs::write(tmp.path().join("ok.tar.zst"), tree.to_tar_zst()).unwrap();
    tree.write_dir(&tmp.path().join("ok"));
    // Tamper with the big blob: one byte in its last mebibyte.
    let path = layout.blob_path(&digest);
    tree.files.get_mut(&path).unwrap()[(3 << 20) - 5] ^= 1;
    std::fs::write(tmp.path().join("bad.tar"), tree.to_tar()).unwrap();
    tree.write_dir(&tmp.path().join("bad"));
    for name in ["ok.tar", "ok.tar.zst", "ok", "bad.tar", "bad"] {
        let target = tmp.path().join(name);
        let one = run(&target, &["--jobs", "1"]);
        for jobs in ["2", "4"] {
            assert_eq!(run(&target, &["--jobs", jobs]), one, "{name} --jobs {jobs}");
        }
        let r: serde_json::Value = serde_json::from_str(&one.1).unwrap();
        let codes: Vec<&str> = r["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
        if name.starts_with("bad") {
            assert_eq!(one.0, 1, "{name}");
            assert!(codes.contains(&"ZV106"), "{name}: {codes:?}");
        } else {
            assert!(!codes.contains(&"ZV106"), "{name}: {codes:?}");
        }
    }
}

/// A directory's files at the sizes where its reader changes course (from 64 KiB it asks the size;
/// from 256 KiB a worker hashes the file), among enough small files that they travel in several
/// runs of 16 between threads: the same report for any job count, and each of them, tampered in its
/// last byte, is caught by name.
#[test]
fn directory_reader_sizes_any_job_count() {
    let tmp = tempfile::tempdir().unwrap();
    let mut layout = clean_layout("");
    let sizes = [1usize, 65_535, 65_536, 65_537, 262_143, 262_144, 262_145];
    let digests: Vec<String> = sizes.iter().zip(100..).map(|(&len, seed)| layout.blob(&noise(seed, len))).collect();
    for seed in 0..60 {
        layout.blob(&noise(1000 + seed, 700));
    }
    layout.blob(b"");
    let tree = layout.build();
    let ok = tmp.path().join("ok");
    tree.write_dir(&ok);
    let one = run(&ok, &["--jobs", "1"]);
    for jobs in ["2", "3", "9"] {
        assert_eq!(run(&ok, &["--jobs", jobs]), one, "--jobs {jobs}");
    }
    let r: serde_json::Value = serde_json::from_str(&one.1).unwrap();
    let blobs = tree.files.keys().filter(|p| p.starts_with("blobs/sha256/")).count() as u64;
    assert!(blobs > sizes.len() as u64 + 60, "{blobs}");
    assert_eq!(r["summary"]["blobs_verified"].as_u64(), Some(blobs), "{}", one.1);
    for (len, digest) in sizes.iter().zip(&digests) {
        let mut bad = tree.clone();
        let path = layout.blob_path(digest);
        *bad.files.get_mut(&path).unwrap().last_mut().unwrap() ^= 1;
        let dir = tmp.path().join(format!("bad-{len}"));
        bad.write_dir(&dir);
        for jobs in ["1", "2"] {
            let (code, json) = run(&dir, &["--jobs", jobs]);
            assert_eq!(code, 1, "{len} bytes, --jobs {jobs}: {json}");
            let r: serde_json::Value = serde_json::from_str(&json).unwrap();
            let caught =
                r["findings"].as_array().unwrap().iter().any(|f| f["code"] == "ZV106" && f["path"] == path.as_str());
            assert!(caught, "{len} bytes, --jobs {jobs}: {json}");
        }
    }
}

#[test]
fn expect_sha256_compares_the_archive() {
    let tmp = tempfile::tempdir().unwrap();
    for name in [corpus::REAL_UNCOMPRESSED, corpus::REAL_CREATE] {
        let bytes = read_vector(name);
        let target = tmp.path().join(name);
        std::fs::write(&target, &bytes).unwrap();
        let right = sha256_hex(&bytes);
        for jobs in ["1", "2"] {
            let (code, out) = run(&target, &["--jobs", jobs, "--expect-sha256", &format!("sha256:{right}")]);
            assert_eq!(code, 0, "{out}");
            let r: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(r["archive"]["sha256"], right.as_str());
            let mut wrong = right.clone().into_bytes();
            wrong[0] = if wrong[0] == b'0' { b'1' } else { b'0' };
            let wrong = String::from_utf8(wrong).unwrap();
            let (code, out) = run(&target, &["--jobs", jobs, "--expect-sha256", &wrong.to_uppercase()]);
            assert_eq!(code, 1);
            let r: serde_json::Value = serde_json::from_str(&out).unwrap();
            let f = &r["findings"][0];
            assert_eq!(f["code"], "ZV046", "{out}");
            assert!(f["message"].as_str().unwrap().contains(&right), "{out}");
            assert_eq!(r["archive"]["expected"], wrong.as_str());
        }
        // Without the flag, a single archive is not hashed whole, and the report says nothing of it.
        let (_, out) = run(&target, &[]);
        assert!(serde_json::from_str::<serde_json::Value>(&out).unwrap().get("archive").is_none());
    }
    // Not a digest, or not an archive: cannot run (exit 2).
    let tar = tmp.path().join(corpus::REAL_UNCOMPRESSED);
    assert_eq!(run(&tar, &["--expect-sha256", "abc"]).0, 2);
    let dir = tmp.path().join("d");
    tree_from_tar(&read_vector(corpus::REAL_UNCOMPRESSED)).write_dir(&dir);
    assert_eq!(run(&dir, &["--expect-sha256", &"0".repeat(64)]).0, 2);
}

/// A nested tarball large enough to be handed out (Zarf v0.48's `sboms.tar`, 427 KiB): the core
/// reads it inline while a worker hashes a copy of its bytes. As a .tar (read by offset) and a
/// directory, any job count gives the `--jobs 1` report; a changed byte in it is found by the
/// worker's digest (ZV505) whatever the job count.
#[test]
fn nested_tarballs_handed_out_any_job_count() {
    let tmp = tempfile::tempdir().unwrap();
    let tar = std::fs::read(vectors_dir().join("zarf").join("zarf-package-test-uncompressed-amd64-0.0.1.tar")).unwrap();
    let mut bad = tar.clone();
    // A byte inside sboms.tar's data: in the middle of its 427,008 bytes.
    let at = tar.windows(10).position(|w| w == b"sboms.tar\0").unwrap();
    bad[at + 512 + 200_000] ^= 1;
    for (name, bytes) in [("ok", &tar), ("bad", &bad)] {
        let file = tmp.path().join(format!("{name}.tar"));
        std::fs::write(&file, bytes).unwrap();
        let dir = tmp.path().join(name);
        tree_from_tar(bytes).write_dir(&dir);
        for target in [&file, &dir] {
            let one = run(target, &["--jobs", "1"]);
            for jobs in ["2", "3"] {
                assert_eq!(run(target, &["--jobs", jobs]), one, "{}: --jobs {jobs}", target.display());
            }
            let has = |code: &str| one.1.contains(&format!("\"code\": \"{code}\""));
            assert_eq!(has("ZV505"), name == "bad", "{}: {}", target.display(), one.1);
            assert!(!has("ZV045"), "{}", one.1);
        }
        // Streamed with workers (push mode: the archive hashed whole for its published digest).
        let hex = sha256_hex(bytes);
        let one = run(&file, &["--jobs", "1", "--expect-sha256", &hex]);
        assert_eq!(run(&file, &["--jobs", "3", "--expect-sha256", &hex]), one, "{name}: streamed, --jobs 3");
        assert_eq!(one.1.contains("\"code\": \"ZV505\""), name == "bad", "{}", one.1);
    }
}
