//! Keyless signatures through the real binary: `verify-bundle` on every case of
//! zverify_tests::sigstore (real sigstore-python bundles and one mutation per check), its usage
//! errors, and `check` with the keyless flags.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;
use zverify_tests::sigstore::{cases, ISSUER};
use zverify_tests::*;

fn zverify() -> Command {
    let mut c = Command::cargo_bin("zverify").unwrap();
    c.env("NO_COLOR", "1").env_remove("GITHUB_ACTIONS");
    c
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

fn vector(name: &str) -> String {
    vectors_dir().join("sigstore").join(name).to_string_lossy().into_owned()
}

#[test]
fn verify_bundle_gives_each_case_its_verdict_and_reason() {
    let tmp = tempfile::tempdir().unwrap();
    for (i, c) in cases().into_iter().enumerate() {
        let bundle = write(tmp.path(), &format!("{i}.sigstore.json"), &c.bundle);
        let artifact = write(tmp.path(), &format!("{i}.txt"), &c.artifact);
        let root = write(tmp.path(), &format!("{i}.root.json"), &c.trusted_root);
        let run = zverify()
            .args(["verify-bundle", "--bundle", &bundle, "--trusted-root", &root])
            .args(["--certificate-identity", &c.identity, "--certificate-oidc-issuer", &c.issuer, &artifact])
            .assert();
        match &c.want {
            None => {
                run.code(0)
                    .stdout(predicate::str::contains("Verified OK").and(predicate::str::contains(c.identity.as_str())));
            }
            Some(why) => {
                run.code(1).stderr(predicate::str::contains(why.to_string()));
            }
        }
    }
}

#[test]
fn verify_bundle_by_digest_regexp_and_usage_errors() {
    let (bundle, art, root) =
        (vector("bundle_v3.txt.sigstore"), vector("bundle_v3.txt"), vector("staging_trusted_root.json"));
    let digest = format!("sha256:{}", sha256_hex(&std::fs::read(&art).unwrap()));
    let base = ["verify-bundle", "--bundle", &bundle, "--trusted-root", &root];
    zverify()
        .args(base)
        .args([
            "--certificate-identity-regexp",
            "@yossarian[.]net$",
            "--certificate-oidc-issuer-regexp",
            "^https://github[.]com/",
        ])
        .arg(&digest)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("rekor.sigstage.dev index 25915956"));
    // Another digest: not verified.
    zverify()
        .args(base)
        .args(["--certificate-identity", "william@yossarian.net", "--certificate-oidc-issuer", ISSUER])
        .arg(format!("sha256:{}", "0".repeat(64)))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("signature does not verify"));
    // The embedded public-good root does not know the staging log: not verified.
    zverify()
        .args(["verify-bundle", "--bundle", &bundle, "--certificate-identity", "william@yossarian.net"])
        .args(["--certificate-oidc-issuer", ISSUER, &art])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("log the trusted root does not list"));
    // With the log ignored, "now" is the signing time: the 10-minute certificate has long expired.
    zverify()
        .args(base)
        .args([
            "--certificate-identity",
            "william@yossarian.net",
            "--certificate-oidc-issuer",
            ISSUER,
            "--insecure-ignore-tlog",
            &art,
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not at the signing time"));
    // Usage: an identity without an issuer, nothing at all, a key and an identity, a bad regexp, a bad digest.
    zverify().args(base).args(["--certificate-identity", "william@yossarian.net", &art]).assert().code(2);
    zverify().args(base).arg(&art).assert().code(2).stderr(predicate::str::contains("--certificate-identity"));
    let key = vectors_dir().join("zarf-current/zarf-test-cosign.pub");
    zverify()
        .args(base)
        .args(["--key", key.to_str().unwrap(), "--certificate-identity", "x", "--certificate-oidc-issuer", "y", &art])
        .assert()
        .code(2);
    zverify()
        .args(base)
        .args(["--certificate-identity-regexp", "(", "--certificate-oidc-issuer", ISSUER, &art])
        .assert()
        .code(2);
    zverify()
        .args(base)
        .args(["--certificate-identity", "x", "--certificate-oidc-issuer", ISSUER, "sha256:12"])
        .assert()
        .code(2);
    // The help names the embedded root's source and date.
    zverify().args(["verify-bundle", "--help"]).assert().code(0).stdout(predicate::str::contains("2026-05-26"));
}

#[test]
fn verify_bundle_with_a_key_as_check_does() {
    use zverify_tests::zarf::*;
    let tmp = tempfile::tempdir().unwrap();
    let (sk, pem) = key_pair(1);
    let (_, other) = key_pair(2);
    let mut tree = clean_package().build();
    bundle_zarf_yaml(&mut tree, &sk, false);
    let yaml = write(tmp.path(), "zarf.yaml", &tree.files["zarf.yaml"]);
    let bundle = write(tmp.path(), "zarf.bundle.sig", &tree.files["zarf.bundle.sig"]);
    let key = write(tmp.path(), "cosign.pub", pem.as_bytes());
    let wrong = write(tmp.path(), "other.pub", other.as_bytes());
    zverify().args(["verify-bundle", "--bundle", &bundle, "--key", &key, &yaml]).assert().code(0);
    zverify().args(["verify-bundle", "--bundle", &bundle, "--key", &wrong, &yaml]).assert().code(1);
}

fn json_report(args: &[&str]) -> (i32, Value) {
    let out = zverify().args(args).args(["--format", "json"]).output().unwrap();
    let v: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), v)
}

fn codes(v: &Value) -> Vec<String> {
    v["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn check_with_the_keyless_flags() {
    use zverify_tests::zarf::*;
    let tmp = tempfile::tempdir().unwrap();
    let root = vector("staging_trusted_root.json");
    let keyless = [
        "--certificate-identity",
        "william@yossarian.net",
        "--certificate-oidc-issuer",
        ISSUER,
        "--trusted-root",
        &root,
    ];
    // A package Zarf signed with a key, checked keyless only: not verified (ZV520); with the key too: verified.
    let signed = vectors_dir().join("zarf-current/zarf-package-real-create-signed-amd64-0.1.0.tar.zst");
    let key = vectors_dir().join("zarf-current/zarf-test-cosign.pub");
    let (code, v) = json_report(&[&["check", signed.to_str().unwrap()][..], &keyless].concat());
    assert_eq!((code, codes(&v)), (1, vec!["ZV520".to_owned()]), "{v}");
    assert_eq!(v["package"]["signature_verified"], false);
    let (code, v) =
        json_report(&[&["check", signed.to_str().unwrap(), "--key", key.to_str().unwrap()][..], &keyless].concat());
    assert_eq!((code, codes(&v)), (0, vec![]), "{v}");
    assert_eq!(v["package"]["signature_verified"], true);
    // A package whose zarf.bundle.sig is a real keyless bundle (for another file): every log,
    // certificate and identity check passes, the signature over this zarf.yaml does not: ZV550.
    let mut p = clean_package();
    // What Zarf writes for a bundle signature: signed, and the v0.71.0 requirement (else ZV630).
    p.build_extra =
        "  signed: true\n  versionRequirements:\n    - version: v0.71.0\n      reason: bundle signature\n".into();
    let mut tree = p.build();
    tree.put("zarf.bundle.sig", std::fs::read(vector("bundle_v3.txt.sigstore")).unwrap());
    let pkg = write(tmp.path(), "zarf-package-keyless-amd64-0.0.1.tar.zst", &tree.to_tar_zst());
    let (code, v) = json_report(&[&["check", &pkg][..], &keyless].concat());
    assert_eq!((code, codes(&v)), (1, vec!["ZV550".to_owned()]), "{v}");
    let msg = v["findings"][0]["message"].as_str().unwrap();
    assert!(msg.contains("signature does not verify"), "{msg}");
    // Another identity: refused for the identity, before the signature.
    let (code, v) = json_report(&[
        "check",
        &pkg,
        "--certificate-identity",
        "someone@example.com",
        "--certificate-oidc-issuer",
        ISSUER,
        "--trusted-root",
        &root,
    ]);
    assert_eq!((code, codes(&v)), (1, vec!["ZV550".to_owned()]), "{v}");
    assert!(v["findings"][0]["message"].as_str().unwrap().contains("not by \"someone@example.com\""));
    // With --key only, a keyless bundle is not verified (ZV520); without any flag it is a note (ZV521).
    let (code, v) = json_report(&["check", &pkg, "--key", key.to_str().unwrap()]);
    assert_eq!((code, codes(&v)), (1, vec!["ZV520".to_owned()]), "{v}");
    let (code, v) = json_report(&["check", &pkg]);
    assert_eq!((code, codes(&v)), (0, vec!["ZV521".to_owned()]), "{v}");
    // Keyless flags without an identity or an issuer: a usage error, as in cosign.
    zverify()
        .args(["check", &pkg, "--trusted-root", &root])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--certificate-identity"));
    zverify().args(["check", &pkg, "--certificate-identity", "x"]).assert().code(2);
}

/// A keyless-signed Zarf package (tests/vectors/zarf-keyless: created by Zarf, signed against a
/// test Sigstore instance) verifies in `check`, with the signer on the package card; each break
/// (wrong identity, wrong issuer, an edited and re-sealed package, another package's bundle, a root
/// without the CA, a checkpoint's bad signature, an SCT from a log the root does not list) is ZV550
/// with its reason.
#[test]
fn check_verifies_a_keyless_zarf_package_and_refuses_each_break() {
    use zverify_tests::zarf_keyless::{cases, IDENTITY, ISSUER};
    let tmp = tempfile::tempdir().unwrap();
    let (mut verified, mut refused) = (0, Vec::new());
    for c in cases() {
        let pkg = write(tmp.path(), &c.file(), &c.package);
        let root = write(tmp.path(), &format!("{}.root.json", c.name), &c.trusted_root);
        let flags = ["--certificate-identity", &c.identity, "--certificate-oidc-issuer", &c.issuer];
        let (code, v) = json_report(&[&["check", &pkg, "--trusted-root", &root][..], &flags].concat());
        match &c.want {
            None => {
                assert_eq!((code, codes(&v)), (0, vec![]), "{}: {v}", c.name);
                let p = &v["package"];
                assert_eq!(p["signature_verified"], true, "{}", c.name);
                assert_eq!(p["signer"]["identity"], IDENTITY);
                assert_eq!(p["signer"]["issuer"], ISSUER);
                assert_eq!(p["signer"]["log"], "https://rekor.zverify.test");
                let checks: Vec<&str> =
                    p["signer"]["checks"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
                for want in ["certificate chain", "SCT", "signed entry timestamp", "inclusion proof", "checkpoint"] {
                    assert!(checks.contains(&want), "{}: {want} not checked: {checks:?}", c.name);
                }
                let stamped = c.name.contains("timestamped");
                assert_eq!(checks.contains(&"RFC 3161 timestamp"), stamped, "{}: {checks:?}", c.name);
                // The text report shows the signer above the verdict.
                zverify()
                    .args(["check", &pkg, "--trusted-root", &root])
                    .args(flags)
                    .assert()
                    .code(0)
                    .stdout(predicate::str::contains(format!("signer: {IDENTITY} (issuer {ISSUER}), signed ")));
                verified += 1;
            }
            Some(why) => {
                assert_eq!((code, codes(&v)), (1, vec!["ZV550".to_owned()]), "{}: {v}", c.name);
                let msg = v["findings"][0]["message"].as_str().unwrap();
                assert!(msg.contains(&why.to_string()), "{}: {msg}", c.name);
                assert_eq!(v["package"]["signature_verified"], false);
                assert!(v["package"]["signer"].is_null(), "{}: no signer shown for a refused signature", c.name);
                refused.push(why.to_string());
            }
        }
    }
    assert_eq!(verified, 3);
    // Seven breaks, six reasons: an edited package and another package's bundle are the same
    // failure (a signature that is not over this zarf.yaml; Zarf words both alike too).
    refused.sort();
    refused.dedup();
    assert_eq!(refused.len(), 6, "{refused:?}");
}
