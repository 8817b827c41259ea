//! Keyless bundle cases: the real bundles under tests/vectors/sigstore, and for each check one
//! mutation that breaks only that check, with the failure zverify must give. Shared by the
//! differential test against sigstore-python (tests/tests/sigstore_py.rs) and the CLI tests.

use base64::Engine as _;
use serde_json::{json, Value};
use zverify_core::sigstore::{Failure, Matcher, Policy, TrustedRoot};

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
                // The key with its keyDetails (an ECDSA key under staging's PKCS#1 RSA log's
                // details would be a malformed root, which sigstore-go refuses before any SCT).
                let k = json(&public_good)["ctlogs"][0]["publicKey"].clone();
                for l in r["ctlogs"].as_array_mut().expect("ctlogs") {
                    l["publicKey"]["rawBytes"] = k["rawBytes"].clone();
                    l["publicKey"]["keyDetails"] = k["keyDetails"].clone();
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
        identity: "brian@dehamer.com".into(),
        ..case(
            "real DSSE bundle (sigstore-go's dsse.sigstore.json, intoto 0.0.2) over another artifact",
            read("go_dsse.sigstore.json"),
            b"",
            &public_good,
            Some(Failure::DsseSubjectMismatch),
        )
    });
    // Rekor v2 and DSSE: sigstore-python's real staging bundles (hashedrekord 0.0.2 entries, an
    // Ed25519 log key, RFC 3161 time; the DSSE one's checkpoint cosigned by three witnesses), with
    // the staging trusted root of 2026 that lists their logs, and one break per check.
    let staging26 = read("staging_2026_trusted_root.json");
    let (r2, r2_art) = (read("staging-rekor-v2.txt.sigstore.json"), read("staging-rekor-v2.txt"));
    let (d2, d2_art) = (read("a.dsse.staging-rekor-v2.txt.sigstore.json"), read("conformance/a.txt"));
    let jku = |c: Case| Case { identity: "jku@goto.fi".into(), ..c };
    let beacon = |c: Case| Case { identity: CONFORMANCE_IDENTITY.into(), issuer: CONFORMANCE_ISSUER.into(), ..c };
    out.push(jku(case(
        "real Rekor v2 hashedrekord 0.0.2 (staging-rekor-v2.txt)",
        r2.clone(),
        &r2_art,
        &staging26,
        None,
    )));
    out.push(beacon(case(
        "real Rekor v2 DSSE, cosigned checkpoint (a.dsse.staging-rekor-v2.txt)",
        d2.clone(),
        &d2_art,
        &staging26,
        None,
    )));
    out.push(jku(case(
        "Rekor v2 checkpoint with another origin line (the log's signature no longer verifies)",
        checkpoint(&r2, |s| {
            s.replacen("log2025-alpha1.rekor.sigstage.dev\n", "log2025-alpha9.rekor.sigstage.dev\n", 1)
        }),
        &r2_art,
        &staging26,
        Some(Failure::CheckpointSignatureInvalid),
    )));
    out.push(jku(case(
        "Rekor v2 checkpoint with a bad log signature",
        checkpoint(&r2, |s| checkpoint_sig_flip(s, 30)),
        &r2_art,
        &staging26,
        Some(Failure::CheckpointSignatureInvalid),
    )));
    out.push(beacon(case(
        "Rekor v2 checkpoint with only the witnesses' cosignatures",
        checkpoint(&d2, |s| {
            let mut lines: Vec<&str> = s.split('\n').collect();
            lines.remove(4);
            lines.join("\n")
        }),
        &d2_art,
        &staging26,
        Some(Failure::CheckpointKeyHint),
    )));
    out.push(jku(case(
        "Rekor v2 checkpoint with the wrong tree size",
        checkpoint(&r2, |s| s.replacen("\n646\n", "\n647\n", 1)),
        &r2_art,
        &staging26,
        Some(Failure::CheckpointSignatureInvalid),
    )));
    out.push(jku(case(
        "Rekor v2 corrupted inclusion proof",
        edit(&r2, |v| flip(&mut entry(v)["inclusionProof"]["hashes"][1], 5)),
        &r2_art,
        &staging26,
        Some(Failure::InclusionProofInvalid),
    )));
    out.push(jku(case(
        "Rekor v2 entry body for another digest",
        edit(&r2, |v| {
            let mut body = json(&b64d(entry(v)["canonicalizedBody"].as_str().expect("a body")));
            flip(&mut body["spec"]["hashedRekordV002"]["data"]["digest"], 0);
            entry(v)["canonicalizedBody"] = b64e(&bytes(&body)).into();
        }),
        &r2_art,
        &staging26,
        Some(Failure::EntryDigestMismatch),
    )));
    out.push(jku(case(
        "Rekor v2 bundle without its RFC 3161 timestamp (no verified time)",
        edit(&r2, |v| {
            v["verificationMaterial"].as_object_mut().expect("material").remove("timestampVerificationData");
        }),
        &r2_art,
        &staging26,
        Some(Failure::NoVerifiedTime),
    )));
    out.push(jku(case(
        "Rekor v2 log not in the trusted root",
        r2.clone(),
        &r2_art,
        &{
            let mut r = json(&staging26);
            r["tlogs"]
                .as_array_mut()
                .expect("tlogs")
                .retain(|l| !l["baseUrl"].as_str().unwrap_or("").contains("alpha1"));
            bytes(&r)
        },
        Some(Failure::TlogUnknownLog),
    )));
    // DSSE: one break per check of the envelope.
    out.push(beacon(case(
        "DSSE over another artifact than its subject",
        d2.clone(),
        b"another artifact\n",
        &staging26,
        Some(Failure::DsseSubjectMismatch),
    )));
    out.push(beacon(case(
        "DSSE envelope with two signatures",
        edit(&d2, |v| {
            let s = v["dsseEnvelope"]["signatures"][0].clone();
            v["dsseEnvelope"]["signatures"].as_array_mut().expect("signatures").push(s);
        }),
        &d2_art,
        &staging26,
        Some(Failure::DsseSignatureCount(2)),
    )));
    out.push(beacon(case(
        "DSSE envelope with another payload type",
        edit(&d2, |v| v["dsseEnvelope"]["payloadType"] = "application/json".into()),
        &d2_art,
        &staging26,
        Some(Failure::EntryDigestMismatch),
    )));
    // Rekor v1 DSSE entries (dsse 0.0.1: sigstore-conformance's happy path, public-good root).
    let prod = read("conformance/production_trusted_root.json");
    let v1d = read("conformance/happy-path-intoto-in-dsse-v3/bundle.sigstore.json");
    out.push(beacon(case(
        "dsse 0.0.1 entry whose payload hash is another payload's",
        edit(&v1d, |v| {
            let mut body = json(&b64d(entry(v)["canonicalizedBody"].as_str().expect("a body")));
            body["spec"]["payloadHash"]["value"] = hex::encode([0u8; 32]).into();
            entry(v)["canonicalizedBody"] = b64e(&bytes(&body)).into();
        }),
        &d2_art,
        &prod,
        Some(Failure::SignedEntryTimestampInvalid),
    )));
    out.push(beacon(case(
        "DSSE bundle whose log entry is a hashedrekord 0.0.1",
        edit(&v1d, |v| entry(v)["kindVersion"] = json!({"kind": "hashedrekord", "version": "0.0.1"})),
        &d2_art,
        &prod,
        Some(Failure::EntryKindMismatch("hashedrekord".into(), "0.0.1".into())),
    )));
    out.push(beacon(case(
        "DSSE payload type changed (its signature is over the PAE with the old type)",
        edit(&v1d, |v| v["dsseEnvelope"]["payloadType"] = "application/json".into()),
        &d2_art,
        &prod,
        Some(Failure::DsseSignatureInvalid),
    )));
    out.push(beacon(case(
        "DSSE payload changed (the entry's payload hash is the old one's)",
        edit(&v1d, |v| {
            let p = b64d(v["dsseEnvelope"]["payload"].as_str().expect("payload"));
            let mut p = String::from_utf8(p).expect("JSON");
            p.push(' ');
            v["dsseEnvelope"]["payload"] = b64e(p.as_bytes()).into();
        }),
        &d2_art,
        &prod,
        Some(Failure::EntryPayloadMismatch),
    )));
    out
}

/// The default signer and issuer of sigstore-conformance's bundles (its README).
pub const CONFORMANCE_IDENTITY: &str = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
pub const CONFORMANCE_ISSUER: &str = "https://token.actions.githubusercontent.com";

/// One case of sigstore-conformance's `bundle-verify` suite (tests/vectors/sigstore/conformance):
/// its bundle, artifact, trusted root (its own, or the public-good one), signer, and the verdict
/// the suite expects (a name ending in `_fail`: refused).
pub struct ConformanceCase {
    pub name: String,
    pub bundle: Vec<u8>,
    pub artifact: Vec<u8>,
    pub trusted_root: Vec<u8>,
    pub identity: String,
    pub issuer: String,
    pub expect_ok: bool,
}

/// Every keyless case of the suite (the `managed-key-*` ones, verified with a key, are not copied).
pub fn conformance_cases() -> Vec<ConformanceCase> {
    let dir = crate::vectors_dir().join("sigstore").join("conformance");
    let default_root = std::fs::read(dir.join("production_trusted_root.json")).expect("the public-good root");
    let default_artifact = std::fs::read(dir.join("a.txt")).expect("a.txt");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("the conformance cases")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let d = dir.join(&name);
            let opt = |f: &str| std::fs::read(d.join(f)).ok();
            let text = |f: &str, def: &str| {
                opt(f).map_or_else(|| def.to_owned(), |b| String::from_utf8_lossy(&b).trim().to_owned())
            };
            ConformanceCase {
                bundle: opt("bundle.sigstore.json").expect("a bundle"),
                artifact: opt("artifact").unwrap_or_else(|| default_artifact.clone()),
                trusted_root: opt("trusted_root.json").unwrap_or_else(|| default_root.clone()),
                identity: text("identity", CONFORMANCE_IDENTITY),
                issuer: text("issuer", CONFORMANCE_ISSUER),
                expect_ok: !name.ends_with("_fail"),
                name,
            }
        })
        .collect()
}

/// The policy every differential verifies a case under: this exact identity and issuer, this
/// trusted root, the transparency log and SCTs checked, at the bundle's own time.
pub fn exact_policy(identity: &str, issuer: &str, trusted_root: TrustedRoot) -> Policy {
    Policy {
        identity: Matcher::Exact(identity.to_owned()),
        issuer: Matcher::Exact(issuer.to_owned()),
        trusted_root,
        insecure_ignore_tlog: false,
        now: None,
    }
}
