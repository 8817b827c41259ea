//! Keyless bundle cases: the real bundles under tests/vectors/sigstore, and for each check one
//! mutation that breaks only that check, with the failure zverify must give. Shared by the
//! differential test against sigstore-python (tests/tests/sigstore_py.rs) and the CLI tests.

use base64::Engine as _;
use serde_json::{json, Value};
use zverify_core::sigstore::Failure;

pub const ISSUER: &str = "https://github.com/login/oauth";

/// Why the oracles pass a bundle whose timestamp zverify refuses.
const SKIPPED_TIMESTAMP: &str = "sigstore-python (and sigstore-go, pkg/verify/tsa.go) skip a timestamp that does not verify \
    and count the verified times (here the log's) against a threshold; zverify refuses a bundle with anything it cannot verify";

/// One case: a bundle over an artifact, checked against a trusted root for one identity.
pub struct Case {
    pub name: &'static str,
    pub bundle: Vec<u8>,
    pub artifact: Vec<u8>,
    pub trusted_root: Vec<u8>,
    pub identity: String,
    pub issuer: String,
    /// `None`: verified.
    pub want: Option<Failure>,
    /// Where sigstore-python's verdict differs from zverify's on purpose, and why.
    pub python_differs: Option<&'static str>,
}

fn read(name: &str) -> Vec<u8> {
    let p = crate::vectors_dir().join("sigstore").join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}
fn json(b: &[u8]) -> Value {
    serde_json::from_slice(b).expect("JSON")
}
fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).expect("serializes")
}
fn b64d(s: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD.decode(s).expect("base64")
}
fn b64e(b: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(b)
}
fn flip(v: &mut Value, at: usize) {
    let mut b = b64d(v.as_str().expect("a base64 string"));
    let at = at % b.len();
    b[at] ^= 1;
    *v = b64e(&b).into();
}
fn edit(bundle: &[u8], f: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut v = json(bundle);
    f(&mut v);
    bytes(&v)
}
fn entry(v: &mut Value) -> &mut Value {
    &mut v["verificationMaterial"]["tlogEntries"][0]
}
fn checkpoint(bundle: &[u8], f: impl Fn(&str) -> String) -> Vec<u8> {
    edit(bundle, |v| {
        let e = &mut entry(v)["inclusionProof"]["checkpoint"]["envelope"];
        *e = f(e.as_str().expect("a checkpoint")).into();
    })
}
fn checkpoint_sig_flip(s: &str, at: usize) -> String {
    let (note, sigs) = s.split_once("\n\n").expect("a signed note");
    let (name, sig) = sigs.trim_end().rsplit_once(' ').expect("a signature line");
    let mut b = b64d(sig);
    b[at] ^= 1;
    format!("{note}\n\n{name} {}\n", b64e(&b))
}

/// Every case, real and mutated.
pub fn cases() -> Vec<Case> {
    let staging = read("staging_trusted_root.json");
    let public_good = read("go_public-good.json");
    let (v1, v1_art) = (read("bundle.txt.sigstore"), read("bundle.txt"));
    let (v3, v3_art) = (read("bundle_v3.txt.sigstore"), read("bundle_v3.txt"));
    let (alt, alt_art) = (read("bundle_v3_alt.txt.sigstore"), read("bundle_v3_alt.txt"));
    let root = |f: &dyn Fn(&mut Value)| {
        let mut r = json(&staging);
        f(&mut r);
        bytes(&r)
    };
    let william = "william@yossarian.net";
    let case = |name, bundle: Vec<u8>, artifact: &[u8], trusted_root: &[u8], want| Case {
        name,
        bundle,
        artifact: artifact.to_vec(),
        trusted_root: trusted_root.to_vec(),
        identity: william.into(),
        issuer: ISSUER.into(),
        want,
        python_differs: None,
    };
    let altj = json(&alt);
    let mut out = vec![
        Case {
            identity: "a@tny.town".into(),
            ..case("real v0.1 (sigstore-python bundle.txt)", v1.clone(), &v1_art, &staging, None)
        },
        case("real v0.3 (bundle_v3.txt)", v3.clone(), &v3_art, &staging, None),
        case("real v0.3, +json;version=0.3 (bundle_v3_alt.txt)", alt.clone(), &alt_art, &staging, None),
        case(
            "unknown bundle version",
            edit(&v3, |v| v["mediaType"] = "application/vnd.dev.sigstore.bundle.v0.4+json".into()),
            &v3_art,
            &staging,
            Some(Failure::UnsupportedVersion("application/vnd.dev.sigstore.bundle.v0.4+json".into())),
        ),
        case(
            "wrong signed entry timestamp",
            edit(&v3, |v| flip(&mut entry(v)["inclusionPromise"]["signedEntryTimestamp"], 20)),
            &v3_art,
            &staging,
            Some(Failure::SignedEntryTimestampInvalid),
        ),
        case(
            "corrupted inclusion proof",
            edit(&v3, |v| flip(&mut entry(v)["inclusionProof"]["hashes"][0], 3)),
            &v3_art,
            &staging,
            Some(Failure::InclusionProofInvalid),
        ),
        case(
            "checkpoint with the wrong root hash",
            checkpoint(&v3, |s| {
                let line = s.split('\n').nth(2).expect("a root hash line");
                let mut h = b64d(line);
                h[0] ^= 1;
                s.replacen(line, &b64e(&h), 1)
            }),
            &v3_art,
            &staging,
            Some(Failure::CheckpointMismatch),
        ),
        case(
            "checkpoint with a bad key hint",
            checkpoint(&v3, |s| checkpoint_sig_flip(s, 1)),
            &v3_art,
            &staging,
            Some(Failure::CheckpointKeyHint),
        ),
        case(
            "checkpoint with a bad signature",
            checkpoint(&v3, |s| checkpoint_sig_flip(s, 20)),
            &v3_art,
            &staging,
            Some(Failure::CheckpointSignatureInvalid),
        ),
        case(
            "log entry for another signature",
            edit(&v3, |v| v["messageSignature"]["signature"] = altj["messageSignature"]["signature"].clone()),
            &v3_art,
            &staging,
            Some(Failure::EntrySignatureMismatch),
        ),
        case(
            "log entry for another artifact (another bundle's entry)",
            edit(&v3, |v| {
                v["verificationMaterial"]["tlogEntries"] = altj["verificationMaterial"]["tlogEntries"].clone()
            }),
            &v3_art,
            &staging,
            Some(Failure::EntrySignatureMismatch),
        ),
        case(
            "bundle digest not the log entry's",
            edit(&v3, |v| flip(&mut v["messageSignature"]["messageDigest"]["digest"], 0)),
            &v3_art,
            &staging,
            Some(Failure::EntryDigestMismatch),
        ),
        case(
            "signature over another artifact",
            v3.clone(),
            b"another artifact\n",
            &staging,
            Some(Failure::SignatureInvalid),
        ),
        case(
            "certificate from another CA",
            v3.clone(),
            &v3_art,
            &root(&|r| r["certificateAuthorities"] = json(&public_good)["certificateAuthorities"].clone()),
            Some(Failure::UntrustedChain),
        ),
        case(
            "wrong SCT (another CT key under the log's id)",
            v3.clone(),
            &v3_art,
            &root(&|r| {
                let k = json(&public_good)["ctlogs"][0]["publicKey"]["rawBytes"].clone();
                for l in r["ctlogs"].as_array_mut().expect("ctlogs") {
                    l["publicKey"]["rawBytes"] = k.clone();
                }
            }),
            Some(Failure::SctInvalid),
        ),
        case(
            "SCT from a CT log not in the trusted root",
            v3.clone(),
            &v3_art,
            &root(&|r| r["ctlogs"] = json!([])),
            Some(Failure::SctUnknownLog),
        ),
        case(
            "log not in the trusted root",
            v3.clone(),
            &v3_art,
            &root(&|r| r["tlogs"] = json!([])),
            Some(Failure::TlogUnknownLog),
        ),
        case(
            "the same log entry twice",
            edit(&v3, |v| {
                let e = entry(v).clone();
                v["verificationMaterial"]["tlogEntries"].as_array_mut().expect("entries").push(e);
            }),
            &v3_art,
            &staging,
            Some(Failure::DuplicateTlogEntry),
        ),
        case(
            "no log entry",
            edit(&v3, |v| v["verificationMaterial"]["tlogEntries"] = json!([])),
            &v3_art,
            &staging,
            Some(Failure::NoTlogEntry),
        ),
        case(
            "v0.3 entry without inclusion proof",
            edit(&v3, |v| {
                entry(v).as_object_mut().expect("an entry").remove("inclusionProof");
            }),
            &v3_art,
            &staging,
            Some(Failure::MissingInclusionProof),
        ),
        Case {
            identity: "a@tny.town".into(),
            ..case(
                "v0.1 entry without signed entry timestamp",
                edit(&v1, |v| {
                    entry(v).as_object_mut().expect("an entry").remove("inclusionPromise");
                }),
                &v1_art,
                &staging,
                Some(Failure::MissingInclusionPromise),
            )
        },
        Case {
            identity: "someone@example.com".into(),
            ..case(
                "wrong identity",
                v3.clone(),
                &v3_art,
                &staging,
                Some(Failure::IdentityMismatch { expected: "\"someone@example.com\"".into(), found: william.into() }),
            )
        },
        Case {
            issuer: "https://accounts.google.com".into(),
            ..case(
                "wrong issuer",
                v3.clone(),
                &v3_art,
                &staging,
                Some(Failure::IssuerMismatch {
                    expected: "\"https://accounts.google.com\"".into(),
                    found: ISSUER.into(),
                }),
            )
        },
        case(
            "RFC 3161 timestamp that is not one",
            edit(&v3, |v| {
                v["verificationMaterial"]["timestampVerificationData"] =
                    json!({"rfc3161Timestamps": [{"signedTimestamp": "MAA="}]});
            }),
            &v3_art,
            &staging,
            Some(Failure::TimestampMalformed),
        ),
    ];
    // Times outside the trusted root's windows: the CA closed before the signing, the log's key
    // not yet valid. (Certificate expiry at another time needs --insecure-ignore-tlog's "now": in
    // the core tests and the CLI tests.)
    out.push(Case {
        python_differs: Some(
            "sigstore-python does not hold a Fulcio CA to its validFor window; sigstore-go does \
             (root.FulcioCertificateAuthority.Verify: observer time after ValidityPeriodEnd)",
        ),
        ..case(
            "CA not valid at the signing time",
            v3.clone(),
            &v3_art,
            &root(&|r| {
                for ca in r["certificateAuthorities"].as_array_mut().expect("CAs") {
                    ca["validFor"]["end"] = "2020-01-01T00:00:00Z".into();
                }
            }),
            Some(Failure::AuthorityNotValidAt(1_712_085_549)),
        )
    });
    out.push(case(
        "log key not valid at the integrated time",
        v3.clone(),
        &v3_art,
        &root(&|r| r["tlogs"][0]["publicKey"]["validFor"]["start"] = "2099-01-01T00:00:00Z".into()),
        Some(Failure::TlogKeyNotValidAt(1_712_085_549)),
    ));
    // RFC 3161: sigstore-python's timestamped bundle, with its test timestamp authority added to
    // the staging root (as its own tests do).
    let tsa_root = |f: &dyn Fn(&mut Value)| {
        let mut r = json(&staging);
        let mut ca = json(&read("tsa_ca.json"));
        f(&mut ca);
        r["timestampAuthorities"] = json!([ca]);
        bytes(&r)
    };
    let tsa_bundle = read("tsa_bundle.txt.sigstore");
    let first_only = edit(&tsa_bundle, |v| {
        v["verificationMaterial"]["timestampVerificationData"]["rfc3161Timestamps"]
            .as_array_mut()
            .expect("timestamps")
            .truncate(1)
    });
    let alexis = |c: Case| Case {
        identity: "alexis.challande@trailofbits.com".into(),
        issuer: "https://accounts.google.com".into(),
        ..c
    };
    out.push(alexis(case(
        "real RFC 3161 bundle, its first timestamp",
        first_only.clone(),
        &v1_art,
        &tsa_root(&|_| {}),
        None,
    )));
    out.push(alexis(Case {
        python_differs: Some(SKIPPED_TIMESTAMP),
        ..case(
            "real RFC 3161 bundle as published (2nd timestamp over another message)",
            tsa_bundle.clone(),
            &v1_art,
            &tsa_root(&|_| {}),
            Some(Failure::TimestampImprintMismatch),
        )
    }));
    out.push(alexis(Case {
        python_differs: Some(SKIPPED_TIMESTAMP),
        ..case(
            "timestamp authority not in the trusted root",
            first_only.clone(),
            &v1_art,
            &staging,
            Some(Failure::TimestampUntrusted),
        )
    }));
    out.push(alexis(Case {
        python_differs: Some(SKIPPED_TIMESTAMP),
        ..case(
            "timestamp outside its authority's window",
            first_only.clone(),
            &v1_art,
            &tsa_root(&|ca| ca["validFor"]["end"] = "2024-01-01T00:00:00Z".into()),
            Some(Failure::TimestampNotValidAt(1_730_370_219)),
        )
    }));
    out.push(Case {
        identity: "https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main".into(),
        issuer: "https://token.actions.githubusercontent.com".into(),
        ..case(
            "DSSE bundle (sigstore-go's dsse.sigstore.json; not verified by zverify)",
            read("go_dsse.sigstore.json"),
            b"",
            &public_good,
            Some(Failure::DsseNotVerified),
        )
    });
    out
}
