//! Tars written by the tools people and Zarf really use — GNU tar (gnu, oldgnu, pax, ustar, v7),
//! bsdtar (pax, restricted pax, ustar, gnutar, v7), Python's tarfile (GNU, PAX, USTAR) and Go's
//! archive/tar (gnu, pax, ustar; Zarf's own writer) — of a real Zarf package and of an OCI layout
//! with long names: every one verifies clean, and Go reads exactly the tree zverify read.
//! `scripts/tools bsdtar` installs bsdtar (scripts/test runs it); a missing tool fails the test.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use std::path::{Path, PathBuf};
use std::process::Command;
use zverify_core::Severity;
use zverify_tests::gorun::GoOracle;
use zverify_tests::tarview::{check, go_view, go_write, zverify_view, Outcome};
use zverify_tests::{clean_layout, findings_text, verify_tar};

/// The two trees: the example package Zarf built, and a bare OCI layout holding paths too long
/// for a 100-byte name field (long-name records, ustar prefixes and PAX paths get exercised).
fn trees(tmp: &Path) -> Vec<(&'static str, PathBuf)> {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/zarf-package-test-amd64");
    let mut layout = clean_layout("").build();
    layout.put(&format!("notes/{}/{}/readme.txt", "n".repeat(90), "m".repeat(60)), b"long path\n".to_vec());
    layout.put("notes/short.txt", b"short\n".to_vec());
    let dir = tmp.join("layout");
    layout.write_dir(&dir);
    vec![("example package", example), ("oci layout with long names", dir)]
}

fn run(cmd: &mut Command) {
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?} ({e}); scripts/tools bsdtar installs bsdtar"));
    assert!(out.status.success(), "{cmd:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
}

/// Files and directories under `root`, sorted, as relative names (directories with a `/`).
fn walk(root: &Path) -> Vec<(String, bool, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            if p.is_dir() {
                out.push((format!("{rel}/"), true, Vec::new()));
                stack.push(p);
            } else {
                out.push((rel, false, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

const PYTHON: &str = r#"
import sys, tarfile
fmt = {"gnu": tarfile.GNU_FORMAT, "pax": tarfile.PAX_FORMAT, "ustar": tarfile.USTAR_FORMAT}[sys.argv[1]]
with tarfile.open(sys.argv[2], "w", format=fmt) as t:
    t.add(sys.argv[3], arcname=".")
"#;

#[test]
fn tars_from_common_writers_verify_clean_and_read_as_go_reads_them() {
    let tmp = tempfile::tempdir().unwrap();
    let mut go = GoOracle::spawn("tarview");
    let mut checked = 0;
    for (tree, dir) in trees(tmp.path()) {
        let mut tars: Vec<(String, Vec<u8>)> = Vec::new();
        let out = tmp.path().join("out.tar");
        let long = tree.contains("long");
        // v7 cannot store names over 99 bytes, so it gets only the package.
        for fmt in ["gnu", "oldgnu", "pax", "ustar", "v7"] {
            if long && fmt == "v7" {
                continue;
            }
            run(Command::new("tar").arg(format!("--format={fmt}")).arg("-cf").arg(&out).arg("-C").arg(&dir).arg("."));
            tars.push((format!("GNU tar --format={fmt}"), std::fs::read(&out).unwrap()));
        }
        for fmt in ["pax", "paxr", "ustar", "gnutar", "v7"] {
            if long && fmt == "v7" {
                continue;
            }
            run(Command::new("bsdtar").arg("--format").arg(fmt).arg("-cf").arg(&out).arg("-C").arg(&dir).arg("."));
            tars.push((format!("bsdtar --format {fmt}"), std::fs::read(&out).unwrap()));
        }
        for fmt in ["gnu", "pax", "ustar"] {
            run(Command::new("python3").arg("-c").arg(PYTHON).arg(fmt).arg(&out).arg(&dir));
            tars.push((format!("Python tarfile {fmt}"), std::fs::read(&out).unwrap()));
        }
        let entries = walk(&dir);
        for fmt in ["gnu", "pax", "ustar"] {
            tars.push((format!("Go archive/tar {fmt}"), go_write(&mut go, fmt, &entries)));
        }
        for (writer, tar) in &tars {
            let what = format!("{tree}, written by {writer}");
            let report = verify_tar(tar, 7919);
            // The example's manifest runs an image it does not carry (ZV611, a warning): the one
            // finding allowed.
            let unexpected = report.findings.iter().any(|f| f.severity >= Severity::Warning && f.code != "ZV611");
            assert!(!unexpected, "{what}:\n{}", findings_text(&report));
            let files = entries.iter().filter(|e| !e.1).count() as u64;
            assert_eq!(report.summary.files, files, "{what}: every file read");
            let zv = zverify_view(tar, 4096);
            assert_eq!(check(&zv, &go_view(&mut go, tar)), Ok(Outcome::Agree), "{what}");
            checked += 1;
        }
    }
    assert_eq!(checked, 2 * 16 - 2, "every writer and format ran");
}
