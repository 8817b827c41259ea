//! Differential: zverify's keyless engine (zverify_core::sigstore) against Go's Sigstore verifier,
//! sigstore-go (tests/go-zarf/sigstorego: `verify.NewVerifier` configured as sigstore-go's own
//! verification example does for keyless — one SCT, one observer timestamp, one log entry — and
//! a policy of the artifact and the exact identity and issuer), on every case of
//! zverify_tests::sigstore (the real bundles and one break per check), on sigstore-conformance's
//! keyless bundle-verify suite, and on the bundles of the keyless Zarf packages
//! (zverify_tests::zarf_keyless, the signature over zarf.yaml). Same verdict on each, but for the
//! differences listed with their reason.
//!
//! sigstore-go builds only against a module tree (the module proxy is unreachable here and in CI);
//! Zarf's vendor/ directory carries it. So its verdicts are recorded, with a hash of each case's
//! inputs, in tests/vectors/sigstore/sigstore-go-verdicts.tsv, and the plain test compares
//! zverify's verdicts with the record. The live test re-asks sigstore-go and checks the record is
//! current:
//!   ZARF_SRC=<zarf-dev/zarf checkout with vendor/> scripts/sigstore-go-oracle   # prints <path>
//!   ZVERIFY_SIGSTORE_GO=<path> cargo test -p zverify-tests --test sigstore_go -- --ignored
//! and with ZVERIFY_SIGSTORE_GO_RECORD=1 as well, rewrites the record.

#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use base64::Engine as _;
use std::collections::BTreeMap;
use std::path::PathBuf;
use zverify_core::sigstore::{self, Artifact, TrustedRoot};
use zverify_tests::gorun::GoOracle;
use zverify_tests::sha256_hex;
use zverify_tests::sigstore::{cases, conformance_cases, exact_policy};

const RERECORD: &str = "re-record with `ZARF_SRC=<zarf checkout with vendor/> scripts/sigstore-go-oracle`, then \
    `ZVERIFY_SIGSTORE_GO=<its path> ZVERIFY_SIGSTORE_GO_RECORD=1 cargo test -p zverify-tests --test sigstore_go -- --ignored`";

/// Where sigstore-go's verdict differs from zverify's, and why.
const GO_DIFFERS: &[(&str, &str)] = &[
    ("RFC 3161 timestamp that is not one", SKIPPED_TIMESTAMP),
    ("real RFC 3161 bundle as published (2nd timestamp over another message)", SKIPPED_TIMESTAMP),
    ("timestamp authority not in the trusted root", SKIPPED_TIMESTAMP),
    ("timestamp outside its authority's window", SKIPPED_TIMESTAMP),
    (
        "Rekor v2 entry body for another digest",
        "sigstore-go (pkg/verify/tlog.go, reconstructV2EntryHash) does not compare a Rekor v2 entry's \
         canonicalizedBody with the bundle: it proves the inclusion of an entry rebuilt from the bundle's \
         signature, key and digest, and only checks that the carried body parses. zverify (as sigstore-python \
         and sigstore-js) refuses a bundle whose log entry says another digest than its artifact's: \
         deliberately stricter, a bundle that contradicts itself is not verified",
    ),
    (
        "DSSE bundle whose log entry is a hashedrekord 0.0.1",
        "sigstore-go is wrong here: pkg/tlog/entry.go ParseTransparencyLogEntry means to refuse an entry \
         whose kindVersion is not its body's kind (\"kind and version mismatch\"), but NewTlogEntry copies \
         the kind from kindVersion rather than from the body, so the check compares kindVersion with \
         itself. sigstore-python, sigstore-js and zverify refuse the bundle",
    ),
];

/// Why sigstore-go verifies a bundle one of whose timestamps does not verify.
const SKIPPED_TIMESTAMP: &str = "sigstore-go (pkg/verify/tsa.go VerifySignedTimestamp: `continue` on a timestamp that \
    does not parse or verify) skips it and counts the verified times (here the log's integrated time) against \
    its threshold; zverify refuses a bundle with anything it cannot verify (deliberately stricter; \
    sigstore-python skips such timestamps too)";

/// One case's inputs, as every oracle is asked.
struct Row {
    name: String,
    bundle: Vec<u8>,
    artifact: Vec<u8>,
    trusted_root: Vec<u8>,
    identity: String,
    issuer: String,
}

impl Row {
    /// A hash of everything the verdict depends on, so a changed case is noticed.
    fn inputs_hash(&self) -> String {
        let mut all = Vec::new();
        for part in
            [&self.bundle[..], &self.artifact, &self.trusted_root, self.identity.as_bytes(), self.issuer.as_bytes()]
        {
            all.extend_from_slice(&(part.len() as u64).to_be_bytes());
            all.extend_from_slice(part);
        }
        sha256_hex(&all)
    }

    /// zverify's verdict: `Err` with the reason when refused.
    fn zverify(&self) -> Result<(), String> {
        let trusted_root = TrustedRoot::parse(&self.trusted_root).map_err(|e| format!("trusted root: {e}"))?;
        let policy = exact_policy(&self.identity, &self.issuer, trusted_root);
        sigstore::verify(&self.bundle, Artifact::Bytes(&self.artifact), &policy)
            .map(|_| ())
            .map_err(|e| format!("{e:?}"))
    }
}

fn rows() -> Vec<Row> {
    let mut rows = Vec::new();
    for c in cases() {
        rows.push(Row {
            name: c.name.to_owned(),
            bundle: c.bundle,
            artifact: c.artifact,
            trusted_root: c.trusted_root,
            identity: c.identity,
            issuer: c.issuer,
        });
    }
    for c in conformance_cases() {
        rows.push(Row {
            name: format!("conformance: {}", c.name),
            bundle: c.bundle,
            artifact: c.artifact,
            trusted_root: c.trusted_root,
            identity: c.identity,
            issuer: c.issuer,
        });
    }
    for c in zverify_tests::zarf_keyless::cases() {
        let (yaml, bundle) = c.signed();
        rows.push(Row {
            name: format!("zarf: {}", c.name),
            bundle,
            artifact: yaml,
            trusted_root: c.trusted_root,
            identity: c.identity,
            issuer: c.issuer,
        });
    }
    let mut names: Vec<_> = rows.iter().map(|r| &r.name).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), rows.len(), "case names are unique");
    rows
}

fn record_path() -> PathBuf {
    zverify_tests::vectors_dir().join("sigstore/sigstore-go-verdicts.tsv")
}

/// A recorded verdict: the inputs' hash, and `None` (verified) or the first line of sigstore-go's error.
struct Recorded {
    hash: String,
    error: Option<String>,
}

fn read_record() -> (String, BTreeMap<String, Recorded>) {
    let text = std::fs::read_to_string(record_path())
        .unwrap_or_else(|e| panic!("{}: {e}; {RERECORD}", record_path().display()));
    let mut header = String::new();
    let mut out = BTreeMap::new();
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("# ") {
            header.push_str(h);
            header.push('\n');
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert!(f.len() == 4 && matches!(f[2], "ok" | "refused"), "malformed record line: {line}");
        let error = (f[2] == "refused").then(|| f[3].to_owned());
        out.insert(f[0].to_owned(), Recorded { hash: f[1].to_owned(), error });
    }
    (header, out)
}

/// zverify's verdict against sigstore-go's on every case; panics listing what disagrees unlisted.
fn compare(rows: &[Row], go: &BTreeMap<String, Recorded>) {
    let (mut agree, mut known) = (0, 0);
    let mut table = Vec::new();
    let mut wrong = Vec::new();
    for r in rows {
        let Some(rec) = go.get(&r.name) else {
            wrong.push(format!("{}: no recorded sigstore-go verdict; {RERECORD}", r.name));
            continue;
        };
        if rec.hash != r.inputs_hash() {
            wrong.push(format!(
                "{}: the case's inputs changed since sigstore-go's verdict was recorded; {RERECORD}",
                r.name
            ));
            continue;
        }
        let ours = r.zverify();
        let listed = GO_DIFFERS.iter().any(|(n, _)| *n == r.name);
        if ours.is_ok() == rec.error.is_none() {
            agree += 1;
            if listed {
                wrong.push(format!("{}: listed as differing, but agrees", r.name));
            }
        } else if listed {
            known += 1;
        } else {
            wrong.push(format!("{}: zverify {ours:?}, sigstore-go {:?}", r.name, rec.error));
        }
        table.push(format!(
            "{:<75} zverify: {:<9} sigstore-go: {}",
            r.name,
            if ours.is_ok() { "verified" } else { "refused" },
            rec.error.as_deref().map_or("verified".into(), |e| e.chars().take(90).collect::<String>())
        ));
    }
    for name in go.keys() {
        if !rows.iter().any(|r| &r.name == name) {
            wrong.push(format!("{name}: recorded, but no longer a case; {RERECORD}"));
        }
    }
    for (name, _) in GO_DIFFERS {
        if !rows.iter().any(|r| r.name == *name) {
            wrong.push(format!("{name}: listed as differing, but not a case"));
        }
    }
    println!("{}", table.join("\n"));
    println!("{} cases; sigstore-go agrees on {agree}, {known} known, explained difference(s)", rows.len());
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(rows.len() >= 120, "{} cases", rows.len());
}

#[test]
fn zverify_gives_sigstore_go_recorded_verdicts() {
    let (header, go) = read_record();
    assert!(header.contains("github.com/sigstore/sigstore-go v"), "the record names sigstore-go's version");
    compare(&rows(), &go);
}

#[test]
#[ignore = "needs ZVERIFY_SIGSTORE_GO, built from a Zarf checkout's vendor/ by scripts/sigstore-go-oracle"]
fn sigstore_go_live_verdicts_match_the_record() {
    let bin = PathBuf::from(std::env::var_os("ZVERIFY_SIGSTORE_GO").expect("set ZVERIFY_SIGSTORE_GO"));
    let version = std::process::Command::new(&bin).arg("--version").output().expect("run sigstore-go-verify --version");
    let version = String::from_utf8(version.stdout).expect("UTF-8").trim().to_owned();
    assert!(version.starts_with("github.com/sigstore/sigstore-go v"), "{version}");
    let mut oracle = GoOracle::spawn_command(std::process::Command::new(&bin));
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let rows = rows();
    let mut live = BTreeMap::new();
    for r in &rows {
        let req = serde_json::json!({
            "bundle": b64(&r.bundle), "artifact": b64(&r.artifact), "trusted_root": b64(&r.trusted_root),
            "identity": r.identity, "issuer": r.issuer,
        });
        let ans = oracle.ask(&serde_json::to_vec(&req).expect("JSON"));
        let error = (!ans["ok"].as_bool().expect("ok")).then(|| {
            let e = ans["error"].as_str().unwrap_or("").lines().next().unwrap_or("").replace('\t', " ");
            if e.is_empty() {
                "(no message)".to_owned()
            } else {
                e
            }
        });
        live.insert(r.name.clone(), Recorded { hash: r.inputs_hash(), error });
    }
    if std::env::var_os("ZVERIFY_SIGSTORE_GO_RECORD").is_some() {
        let mut out = format!(
            "# sigstore-go's verdicts on zverify's keyless cases (tests/tests/sigstore_go.rs), recorded by the live test.\n\
             # {version}, as vendored by zarf-dev/zarf; built by scripts/sigstore-go-oracle (tests/go-zarf/sigstorego).\n\
             # case\tsha256 of the case's inputs\tok|refused\tfirst line of sigstore-go's error\n"
        );
        for r in &rows {
            let rec = &live[&r.name];
            let (v, e) = rec.error.as_deref().map_or(("ok", ""), |e| ("refused", e));
            out.push_str(&format!("{}\t{}\t{v}\t{e}\n", r.name, rec.hash));
        }
        std::fs::write(record_path(), out).expect("write the record");
    }
    let (header, recorded) = read_record();
    assert!(header.contains(&version), "the record is of another sigstore-go ({header}) than {version}; {RERECORD}");
    let mut stale = Vec::new();
    for (name, l) in &live {
        match recorded.get(name) {
            Some(r) if r.hash == l.hash && r.error == l.error => {}
            Some(r) => stale.push(format!("{name}: recorded {:?}, sigstore-go now says {:?}", r.error, l.error)),
            None => stale.push(format!("{name}: not recorded")),
        }
    }
    assert!(stale.is_empty(), "the record is not current; {RERECORD}\n{}", stale.join("\n"));
    compare(&rows, &live);
}
