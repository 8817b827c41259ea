//! Zarf itself on the keyless-signed Zarf packages (issue 19): Zarf's own keyless verification
//! (tests/go-zarf/keylessverify: Zarf's `src/pkg/signing` with the options `zarf package verify`
//! builds for a keyless identity, through cosign v3 and sigstore-go) gives zverify's verdict on
//! every case of zverify_tests::zarf_keyless, but where the case says why Zarf verifies what
//! zverify refuses (an SCT that does not verify: Zarf skips SCTs); asked to check SCTs as well,
//! Zarf gives zverify's verdict on every case. The program needs Zarf's vendored module tree to
//! build (no module proxy here): `ZARF_SRC=<zarf checkout> scripts/zarf-keyless-oracle` builds it
//! and prints its path; then
//! `ZVERIFY_ZARF_KEYLESS=<path> cargo test -p zverify-tests --test zarf_keyless_oracle -- --ignored`.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use std::path::PathBuf;
use zverify_tests::zarf_keyless::cases;

fn zarf(bin: &PathBuf, dir: &std::path::Path, identity: &str, issuer: &str, extra: &[&str]) -> (bool, String) {
    let out = std::process::Command::new(bin)
        .arg(dir)
        .arg(dir.join("trusted_root.json"))
        .args([identity, issuer])
        .args(extra)
        .output()
        .expect("run the Zarf keyless verifier");
    let text = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{text} {}", String::from_utf8_lossy(&out.stderr));
    (out.status.success() && text == "ZARF VERIFIED", text)
}

#[test]
#[ignore = "needs ZVERIFY_ZARF_KEYLESS, built from a Zarf checkout by scripts/zarf-keyless-oracle"]
fn zarf_gives_zverify_verdict_on_every_keyless_zarf_case() {
    let bin = PathBuf::from(std::env::var_os("ZVERIFY_ZARF_KEYLESS").expect("set ZVERIFY_ZARF_KEYLESS"));
    let mut table = Vec::new();
    for c in cases() {
        let dir = tempfile::tempdir().unwrap();
        let (yaml, bundle) = c.signed();
        std::fs::write(dir.path().join("zarf.yaml"), yaml).unwrap();
        std::fs::write(dir.path().join("zarf.bundle.sig"), bundle).unwrap();
        std::fs::write(dir.path().join("trusted_root.json"), &c.trusted_root).unwrap();
        // As `zarf package verify --certificate-identity … --certificate-oidc-issuer … --trusted-root …`
        // checks it (the log checked, SCTs not), and with the SCTs checked too (zverify's policy).
        let (ok, said) = zarf(&bin, dir.path(), &c.identity, &c.issuer, &[]);
        let (with_sct, _) = zarf(&bin, dir.path(), &c.identity, &c.issuer, &["--with-sct"]);
        table.push(format!(
            "{:<28} zverify: {:<8} Zarf: {said}",
            c.name,
            if c.want.is_none() { "verified" } else { "refused" }
        ));
        // Zarf verifies what zverify refuses only where the case says why (stricter-than-zarf).
        assert_eq!(ok, c.want.is_none() || c.zarf_verifies.is_some(), "{}: Zarf says {said}", c.name);
        assert_eq!(with_sct, c.want.is_none(), "{}: Zarf with SCTs checked", c.name);
        if c.want.is_none() {
            // With the log ignored (`--insecure-ignore-tlog`), cosign checks the ten-minute
            // certificate at the current time, long past: Zarf refuses a good package ("failed to
            // verify leaf certificate"; a package minted minutes before verifies this way), unless
            // an RFC 3161 timestamp in the bundle proves the signing time (Zarf then requires it).
            let stamped = String::from_utf8_lossy(&c.signed().1).contains("rfc3161Timestamps");
            let (ok, said) = zarf(&bin, dir.path(), &c.identity, &c.issuer, &["--insecure-ignore-tlog"]);
            if stamped {
                assert!(ok, "{}: timestamped, with the log ignored, Zarf says {said}", c.name);
            } else {
                assert!(!ok && said.contains("leaf certificate"), "{}: with the log ignored, Zarf says {said}", c.name);
            }
        }
    }
    println!("{}", table.join("\n"));
}
