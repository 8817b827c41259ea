//! Differential: zverify's keyless engine (zverify_core::sigstore) against sigstore-python's own
//! verifier (tests/py/sigstore_verify.py, PyPI `sigstore` 4.5.1 in .tools/sigstore-venv, installed
//! by `scripts/tools sigstore-python`) on every case of zverify_tests::sigstore: the real bundles
//! and one mutation per check. Same verdict on each; and zverify's reason is the case's own.
//!
//! sigstore-go was the first choice of oracle; its Go modules cannot be fetched on this project's
//! machines (no module proxy), sigstore-python installs from PyPI.

#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use base64::Engine as _;
use std::path::PathBuf;
use zverify_core::sigstore::{self, Artifact, TrustedRoot};
use zverify_tests::gorun::GoOracle;
use zverify_tests::sigstore::{cases, exact_policy};

fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("ZVERIFY_SIGSTORE_PYTHON") {
        return PathBuf::from(p);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let p = root.join(".tools/sigstore-venv/bin/python");
    assert!(
        p.exists(),
        "the sigstore-python differential needs `scripts/tools sigstore-python` (or ZVERIFY_SIGSTORE_PYTHON)"
    );
    p
}

#[test]
fn zverify_and_sigstore_python_agree_on_every_case() {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("py/sigstore_verify.py");
    let mut cmd = std::process::Command::new(python());
    cmd.arg(script);
    let mut oracle = GoOracle::spawn_command(cmd);
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let (mut real, mut broken, mut agree, mut known) = (0, 0, 0, 0);
    let mut table = Vec::new();
    for c in cases() {
        let policy = exact_policy(&c.identity, &c.issuer, TrustedRoot::parse(&c.trusted_root).expect("a trusted root"));
        let ours = sigstore::verify(&c.bundle, Artifact::Bytes(&c.artifact), &policy);
        assert_eq!(ours.as_ref().err(), c.want.as_ref(), "{}: zverify's reason", c.name);
        let req = serde_json::json!({
            "bundle": b64(&c.bundle), "artifact": b64(&c.artifact), "trusted_root": b64(&c.trusted_root),
            "identity": c.identity, "issuer": c.issuer,
        });
        let theirs = oracle.ask(&serde_json::to_vec(&req).expect("JSON"));
        let their_ok = theirs["ok"].as_bool().expect("ok");
        if c.want.is_none() {
            real += 1;
        } else {
            broken += 1;
        }
        if their_ok == ours.is_ok() {
            assert!(c.python_differs.is_none(), "{}: said to differ, but agrees", c.name);
            agree += 1;
        } else if c.python_differs.is_some() {
            known += 1;
        }
        table.push(format!(
            "{:<60} zverify: {:<55} sigstore-python: {}",
            c.name,
            ours.as_ref().map_or_else(|e| format!("{e:?}"), |_| "verified".into()),
            if their_ok {
                "verified".into()
            } else {
                theirs["error"].as_str().unwrap_or("").lines().next().unwrap_or("").chars().take(90).collect::<String>()
            }
        ));
    }
    println!("{}", table.join("\n"));
    println!(
        "{real} real bundles, {broken} broken cases; same verdict on {agree}/{}, {known} known, explained difference(s)",
        real + broken
    );
    assert_eq!(agree + known, real + broken, "verdicts differ:\n{}", table.join("\n"));
    assert!(real >= 4 && broken >= 25);
}

/// Where sigstore-python 4.5.1's verdict on a sigstore-conformance case is not the suite's (and
/// zverify's), and why.
const PYTHON_CONFORMANCE_DIFFERS: &[(&str, &str)] = &[
    (
        "intoto-with-custom-trust-root",
        "sigstore-python 4.5.1 verifies DSSE only with dsse 0.0.1 and hashedrekord 0.0.2 entries, not intoto 0.0.2 \
         (it refuses the integrated time of any other kind); sigstore-go reads intoto 0.0.2, and the suite expects a pass",
    ),
    (
        "trust-root-tsa-validity-end-inclusive",
        "sigstore-python treats a timestamp authority's validFor end as exclusive; the suite (and sigstore-go) \
         as inclusive, as zverify does",
    ),
];

/// sigstore-conformance's keyless bundle-verify cases: zverify's verdict is the suite's (tests
/// sigstore_conformance.rs); sigstore-python's must be the same, but for the differences listed.
#[test]
fn sigstore_python_on_the_conformance_suite() {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("py/sigstore_verify.py");
    let mut cmd = std::process::Command::new(python());
    cmd.arg(script);
    let mut oracle = GoOracle::spawn_command(cmd);
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let (mut agree, mut known, mut total) = (0, 0, 0);
    let mut table = Vec::new();
    let mut wrong = Vec::new();
    for c in zverify_tests::sigstore::conformance_cases() {
        total += 1;
        let req = serde_json::json!({
            "bundle": b64(&c.bundle), "artifact": b64(&c.artifact), "trusted_root": b64(&c.trusted_root),
            "identity": c.identity, "issuer": c.issuer,
        });
        let theirs = oracle.ask(&serde_json::to_vec(&req).expect("JSON"));
        let their_ok = theirs["ok"].as_bool().expect("ok");
        let listed = PYTHON_CONFORMANCE_DIFFERS.iter().any(|(n, _)| *n == c.name);
        if their_ok == c.expect_ok {
            agree += 1;
            if listed {
                wrong.push(format!("{}: listed as differing, but agrees", c.name));
            }
        } else if listed {
            known += 1;
        } else {
            wrong.push(format!("{}: sigstore-python says {}", c.name, theirs));
        }
        table.push(format!(
            "{:<58} suite/zverify: {:<9} sigstore-python: {}",
            c.name,
            if c.expect_ok { "verified" } else { "refused" },
            if their_ok {
                "verified".into()
            } else {
                theirs["error"].as_str().unwrap_or("").lines().next().unwrap_or("").chars().take(90).collect::<String>()
            }
        ));
    }
    println!("{}", table.join("\n"));
    println!("{total} conformance cases; sigstore-python agrees on {agree}, {known} known, explained difference(s)");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(total >= 60);
}

/// The keyless-signed Zarf packages (tests/vectors/zarf-keyless, minted against a test Sigstore
/// instance): sigstore-python, an independent verifier, gives zverify's verdict on every case over
/// the same bytes (the package's zarf.yaml and zarf.bundle.sig) and the same trusted root; and its
/// command line, given the root as a client trust config, verifies the good package offline.
#[test]
fn zarf_keyless_packages_verify_in_sigstore_python_too() {
    use zverify_tests::zarf_keyless::{self, IDENTITY, ISSUER};
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("py/sigstore_verify.py");
    let mut cmd = std::process::Command::new(python());
    cmd.arg(script);
    let mut oracle = GoOracle::spawn_command(cmd);
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let mut verified = 0;
    for c in zarf_keyless::cases() {
        let (yaml, bundle) = c.signed();
        let policy = exact_policy(&c.identity, &c.issuer, TrustedRoot::parse(&c.trusted_root).expect("a trusted root"));
        let ours = sigstore::verify(&bundle, Artifact::Bytes(&yaml), &policy);
        assert_eq!(ours.as_ref().err(), c.want.as_ref(), "{}: zverify's reason", c.name);
        let req = serde_json::json!({
            "bundle": b64(&bundle), "artifact": b64(&yaml), "trusted_root": b64(&c.trusted_root),
            "identity": c.identity, "issuer": c.issuer,
        });
        let theirs = oracle.ask(&serde_json::to_vec(&req).expect("JSON"));
        assert_eq!(theirs["ok"].as_bool(), Some(ours.is_ok()), "{}: sigstore-python says {theirs}", c.name);
        verified += usize::from(ours.is_ok());
    }
    assert_eq!(verified, 3);

    // sigstore-python's own command line: `sigstore --trust-config … verify identity --offline`.
    let tmp = tempfile::tempdir().unwrap();
    let (yaml, bundle) = zarf_keyless::cases().swap_remove(0).signed();
    std::fs::write(tmp.path().join("zarf.yaml"), &yaml).unwrap();
    std::fs::write(tmp.path().join("zarf.bundle.sig"), &bundle).unwrap();
    let config = zarf_keyless::dir().join("trust_config.json");
    let cli = |identity: &str| {
        std::process::Command::new(python().with_file_name("sigstore"))
            .current_dir(tmp.path())
            .arg("--trust-config")
            .arg(&config)
            .args(["verify", "identity", "--offline", "--bundle", "zarf.bundle.sig"])
            .args(["--cert-identity", identity, "--cert-oidc-issuer", ISSUER, "zarf.yaml"])
            .output()
            .expect("run sigstore")
    };
    let ok = cli(IDENTITY);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(String::from_utf8_lossy(&ok.stderr).contains("OK: zarf.yaml"), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(!cli("someone@zverify.test").status.success());
}
