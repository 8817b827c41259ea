//! The directory reader never drops what it cannot read: unreadable files, names that are not
//! UTF-8 and names with a backslash are each reported by name as errors (issue: fail closed).
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use serde_json::Value;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

fn bin() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("zverify")
}

fn report(cmd: &mut std::process::Command) -> (i32, Value) {
    let out = cmd.output().unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
    });
    (out.status.code().unwrap(), v)
}

fn codes_at(v: &Value, code: &str) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .map(|f| f["path"].as_str().unwrap_or("").to_owned())
        .collect()
}

fn clean_dir(root: &Path) {
    zverify_tests::zarf::clean_package().build().write_dir(root);
}

#[test]
fn a_name_that_is_not_utf8_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pkg");
    clean_dir(&dir);
    let name = std::ffi::OsStr::from_bytes(b"extra-\xff.bin");
    std::fs::write(dir.join(name), b"hidden").unwrap();
    let (code, v) = report(std::process::Command::new(bin()).args(["check", "--format", "json"]).arg(&dir));
    assert_eq!(code, 1, "{v}");
    assert_eq!(codes_at(&v, "ZV018"), vec!["extra-\u{fffd}.bin".to_owned()], "{v}");
}

#[test]
fn a_backslash_in_a_name_is_reported_not_rewritten() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pkg");
    clean_dir(&dir);
    std::fs::write(dir.join("components\\evil.tar"), b"x").unwrap();
    let (code, v) = report(std::process::Command::new(bin()).args(["check", "--format", "json"]).arg(&dir));
    assert_eq!(code, 1, "{v}");
    let flagged: Vec<Value> =
        v["findings"].as_array().unwrap().iter().filter(|f| f["path"] == "components\\\\evil.tar").cloned().collect();
    assert!(!flagged.is_empty(), "the backslash name must be reported as written: {v}");
    assert!(flagged.iter().all(|f| f["severity"] == "error"), "{v}");
    // Before the fix it was read as components/evil.tar, a file that does not exist.
    assert!(!v.to_string().contains("\"components/evil.tar\""), "{v}");
}

/// A file the user cannot open. Root can open anything, so as root the binary runs as `nobody`
/// (util-linux `setpriv`); as another user it runs directly.
#[test]
fn an_unreadable_file_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pkg");
    clean_dir(&dir);
    let walk = |p: &Path, mode: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    walk(tmp.path(), 0o755);
    for e in walkdir(&dir) {
        walk(&e, if e.is_dir() { 0o755 } else { 0o644 });
    }
    let secret = dir.join("components").join("app.tar");
    assert!(secret.exists());
    walk(&secret, 0o000);
    let is_root = std::process::Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    let mut cmd = if is_root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(bin());
        c
    } else {
        std::process::Command::new(bin())
    };
    cmd.args(["check", "--format", "json"]).arg(&dir);
    let (code, v) = report(&mut cmd);
    assert_eq!(code, 1, "{v}");
    assert_eq!(codes_at(&v, "ZV045"), vec!["components/app.tar".to_owned()], "{v}");
    // It is not also claimed as verified: checksums.txt lists it, and it was never read.
    assert!(v["findings"].as_array().unwrap().iter().any(|f| f["code"] == "ZV506" || f["code"] == "ZV505"), "{v}");
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walkdir(&p));
        }
        out.push(p);
    }
    out
}

#[test]
fn an_unpacked_package_that_lost_its_zarf_yaml_is_an_error_not_unusable() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pkg");
    clean_dir(&dir);
    std::fs::remove_file(dir.join("zarf.yaml")).unwrap();
    std::fs::remove_dir_all(dir.join("images")).unwrap();
    let (code, v) = report(std::process::Command::new(bin()).args(["check", "--format", "json"]).arg(&dir));
    assert_eq!(code, 1, "{v}");
    assert_eq!(codes_at(&v, "ZV030").len(), 1, "{v}");
}
