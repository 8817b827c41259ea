//! Differential: zverify's keyless engine (zverify_core::sigstore) against sigstore-js's verifier
//! (tests/js/sigstore_verify.js, npm `@sigstore/verify` 4.1.3 in .tools/sigstore-js, installed by
//! `scripts/tools sigstore-js`), a second implementation independent of sigstore-python, on every
//! case of zverify_tests::sigstore (the real bundles and one break per check) and on
//! sigstore-conformance's keyless bundle-verify suite. Same verdict on each, but for the
//! differences listed with their reason.

#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use base64::Engine as _;
use std::path::PathBuf;
use zverify_core::sigstore::{self, Artifact, TrustedRoot};
use zverify_tests::gorun::GoOracle;
use zverify_tests::sigstore::{cases, conformance_cases, exact_policy};

/// Where sigstore-js's verdict differs from zverify's, and why.
const JS_DIFFERS: &[(&str, &str)] = &[
    (
        "unknown bundle version",
        "sigstore-js (@sigstore/bundle validate.ts) accepts any media type of the form \
         `application/vnd.dev.sigstore.bundle.vN.M+json` and reads it as the latest it knows; sigstore-go, \
         sigstore-python and zverify refuse a version they do not know",
    ),
    (
        "conformance: trust-root-tlog-missing-validity-start_fail",
        "sigstore-js reads a transparency log without validFor.start as valid from the beginning of time; \
         the suite (and sigstore-go, sigstore-python, zverify) refuse such a trusted root",
    ),
];

fn oracle() -> GoOracle {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    assert!(
        std::env::var_os("ZVERIFY_SIGSTORE_JS").is_some()
            || root.join(".tools/sigstore-js/node_modules/@sigstore/verify").exists(),
        "the sigstore-js differential needs `scripts/tools sigstore-js` (or ZVERIFY_SIGSTORE_JS, a node_modules directory)"
    );
    let mut cmd = std::process::Command::new("node");
    cmd.arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("js/sigstore_verify.js"));
    GoOracle::spawn_command(cmd)
}

#[test]
fn zverify_and_sigstore_js_agree() {
    let mut oracle = oracle();
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let mut rows = Vec::new();
    for c in cases() {
        let policy = exact_policy(&c.identity, &c.issuer, TrustedRoot::parse(&c.trusted_root).expect("a trusted root"));
        let ours = sigstore::verify(&c.bundle, Artifact::Bytes(&c.artifact), &policy).is_ok();
        rows.push((
            c.name.to_owned(),
            ours,
            b64(&c.bundle),
            b64(&c.artifact),
            b64(&c.trusted_root),
            c.identity,
            c.issuer,
        ));
    }
    for c in conformance_cases() {
        rows.push((
            format!("conformance: {}", c.name),
            c.expect_ok,
            b64(&c.bundle),
            b64(&c.artifact),
            b64(&c.trusted_root),
            c.identity,
            c.issuer,
        ));
    }
    let (mut agree, mut known) = (0, 0);
    let mut table = Vec::new();
    let mut wrong = Vec::new();
    for (name, ours, bundle, artifact, trusted_root, identity, issuer) in &rows {
        let req = serde_json::json!({
            "bundle": bundle, "artifact": artifact, "trusted_root": trusted_root,
            "identity": identity, "issuer": issuer,
        });
        let theirs = oracle.ask(&serde_json::to_vec(&req).expect("JSON"));
        let their_ok = theirs["ok"].as_bool().expect("ok");
        let listed = JS_DIFFERS.iter().any(|(n, _)| n == name);
        if their_ok == *ours {
            agree += 1;
            if listed {
                wrong.push(format!("{name}: listed as differing, but agrees"));
            }
        } else if listed {
            known += 1;
        } else {
            wrong.push(format!("{name}: zverify {}, sigstore-js {theirs}", if *ours { "verified" } else { "refused" }));
        }
        table.push(format!(
            "{name:<75} zverify: {:<9} sigstore-js: {}",
            if *ours { "verified" } else { "refused" },
            if their_ok {
                "verified".into()
            } else {
                theirs["error"].as_str().unwrap_or("").chars().take(90).collect::<String>()
            }
        ));
    }
    println!("{}", table.join("\n"));
    println!("{} cases; sigstore-js agrees on {agree}, {known} known, explained difference(s)", rows.len());
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(rows.len() >= 110);
}
