//! The release build (`scripts/release`): a static Linux binary and its sha256, run on the example
//! package. It builds zverify once more for musl (minutes), so it is `#[ignore]`d: a plain
//! `cargo test` counts it as ignored (never as passed), and scripts/test runs it with
//! `cargo test -p zverify --test release -- --ignored`.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use sha2::{Digest as _, Sha256};
use std::path::Path;
use std::process::Command;

#[test]
#[ignore = "builds the static musl release (minutes): cargo test -p zverify --test release -- --ignored (scripts/test does)"]
fn static_release_binary_runs_on_the_example() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = tempfile::tempdir().unwrap();
    let commit = "0123456789ab";
    // Its own target directory beside the workspace's (the test run holds that one), wherever
    // cargo puts it: scripts/target-dir asks cargo, and scripts/test prunes the same directory.
    let target = Command::new("bash").arg(repo.join("scripts/target-dir")).output().unwrap();
    assert!(target.status.success(), "{}", String::from_utf8_lossy(&target.stderr));
    let target = Path::new(String::from_utf8_lossy(&target.stdout).trim()).join("release-test");
    let run = Command::new("bash")
        .arg(repo.join("scripts/release"))
        .arg(out.path())
        .env("ZVERIFY_COMMIT", commit)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&run.stderr));
    let bin = Path::new(stdout.lines().last().unwrap().trim());
    let name = bin.file_name().unwrap().to_str().unwrap();
    // The name the release workflow attaches and the GitHub Action downloads.
    assert_eq!(name, format!("zverify-{}-unknown-linux-musl", std::env::consts::ARCH));

    // The printed and written sha256 are the binary's.
    let hex = hex::encode(Sha256::digest(std::fs::read(bin).unwrap()));
    let line = format!("{hex}  {name}");
    assert_eq!(std::fs::read_to_string(out.path().join(format!("{name}.sha256"))).unwrap().trim(), line);
    assert!(stdout.lines().any(|l| l == line), "{stdout}");

    // Statically linked: `file` says so, and ldd finds nothing to load.
    let file = Command::new("file").arg(bin).output().unwrap();
    let file = String::from_utf8_lossy(&file.stdout);
    assert!(file.contains("statically linked") || file.contains("static-pie linked"), "{file}");
    let ldd = Command::new("ldd").arg(bin).output().unwrap();
    let ldd = format!("{}{}", String::from_utf8_lossy(&ldd.stdout), String::from_utf8_lossy(&ldd.stderr));
    assert!(ldd.contains("not a dynamic executable") || ldd.contains("statically linked"), "{ldd}");

    // It runs: the example package passes (with the one warning every build gives it: Zarf's own
    // test package runs nginx:1.14.2 without carrying it, ZV611), and --version names the commit.
    let check = Command::new(bin).arg("check").arg(repo.join("examples/zarf-package-test-amd64")).output().unwrap();
    let out = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(0), "{out}");
    assert!(out.contains("\npassed with warnings ") && out.contains("warning[ZV611]"), "{out}");
    let version = Command::new(bin).arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("zverify {} (commit {commit})", env!("CARGO_PKG_VERSION"))
    );
}
