//! Real bundles (sigstore-python's and sigstore-go's test material, tests/vectors/sigstore), and
//! for each check one mutation that breaks only that check.

use super::*;

const STAGING: &[u8] = include_bytes!("../../../tests/vectors/sigstore/staging_trusted_root.json");
const GO_PUBLIC_GOOD: &[u8] = include_bytes!("../../../tests/vectors/sigstore/go_public-good.json");
const V1: &[u8] = include_bytes!("../../../tests/vectors/sigstore/bundle.txt.sigstore");
const V1_ART: &[u8] = include_bytes!("../../../tests/vectors/sigstore/bundle.txt");
const V3: &[u8] = include_bytes!("../../../tests/vectors/sigstore/bundle_v3.txt.sigstore");
const V3_ART: &[u8] = include_bytes!("../../../tests/vectors/sigstore/bundle_v3.txt");
const V3_ALT: &[u8] = include_bytes!("../../../tests/vectors/sigstore/bundle_v3_alt.txt.sigstore");
const V3_ALT_ART: &[u8] = include_bytes!("../../../tests/vectors/sigstore/bundle_v3_alt.txt");
const GO_DSSE: &[u8] = include_bytes!("../../../tests/vectors/sigstore/go_dsse.sigstore.json");

/// The signers sigstore-python's staging bundles name.
const ID: &str = "william@yossarian.net";
const ID_V1: &str = "a@tny.town";
const ISSUER: &str = "https://github.com/login/oauth";

fn policy_with(root: &[u8]) -> Policy {
    Policy {
        identity: Matcher::Exact(ID.into()),
        issuer: Matcher::Exact(ISSUER.into()),
        trusted_root: TrustedRoot::parse(root).unwrap(),
        insecure_ignore_tlog: false,
        now: None,
    }
}
fn policy() -> Policy {
    policy_with(STAGING)
}
fn at_time(p: &Policy, now: i64) -> Policy {
    Policy { now: Some(now), ..p.clone() }
}
fn json(b: &[u8]) -> serde_json::Value {
    serde_json::from_slice(b).unwrap()
}
fn bytes(v: &serde_json::Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap()
}
fn b64d(s: &serde_json::Value) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD.decode(s.as_str().unwrap()).unwrap()
}
fn b64e(b: &[u8]) -> serde_json::Value {
    base64::engine::general_purpose::STANDARD.encode(b).into()
}
/// The bundle with one edit.
fn edit(bundle: &[u8], f: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let mut v = json(bundle);
    f(&mut v);
    bytes(&v)
}
fn flip(v: &mut serde_json::Value, at: usize) {
    let mut b = b64d(v);
    let at = at % b.len();
    b[at] ^= 1;
    *v = b64e(&b);
}
fn entry(v: &mut serde_json::Value) -> &mut serde_json::Value {
    &mut v["verificationMaterial"]["tlogEntries"][0]
}
fn fails(bundle: &[u8], artifact: &[u8], policy: &Policy, want: Failure) {
    assert_eq!(verify(bundle, Artifact::Bytes(artifact), policy), Err(want));
}

#[test]
fn real_bundles_verify() {
    for (bundle, art, id) in [(V1, V1_ART, ID_V1), (V3, V3_ART, ID), (V3_ALT, V3_ALT_ART, ID)] {
        let policy = || {
            let mut p = policy();
            p.identity = Matcher::Exact(id.into());
            p
        };
        let s = verify(bundle, Artifact::Bytes(art), &policy()).unwrap();
        assert_eq!((s.identity.as_str(), s.issuer.as_str()), (id, ISSUER));
        assert!(s.log.as_ref().is_some_and(|(u, _)| u.contains("rekor")));
        for c in [
            Check::CertificateChain,
            Check::Sct,
            Check::SignedEntryTimestamp,
            Check::EntryBody,
            Check::Identity,
            Check::Signature,
        ] {
            assert!(s.checks.contains(&c), "{c:?} not made");
        }
        // By digest, too.
        let d: [u8; 32] = Sha256::digest(art).into();
        assert_eq!(verify(bundle, Artifact::Sha256(d), &policy()).unwrap().identity, id);
    }
    // v0.3 bundles carry an inclusion proof and its checkpoint.
    let s = verify(V3, Artifact::Bytes(V3_ART), &policy()).unwrap();
    assert!(s.checks.contains(&Check::InclusionProof) && s.checks.contains(&Check::Checkpoint));
    assert_eq!(time(s.signing_time).len(), 20);
}

#[test]
fn identity_and_issuer_exact_and_regexp() {
    let mut p = policy();
    p.identity = Matcher::regex("@yossarian[.]net$").unwrap();
    p.issuer = Matcher::regex("github[.]com").unwrap();
    assert!(verify(V3, Artifact::Bytes(V3_ART), &p).is_ok());
    p.identity = Matcher::Exact("someone@example.com".into());
    assert!(matches!(verify(V3, Artifact::Bytes(V3_ART), &p), Err(Failure::IdentityMismatch { .. })));
    // Unanchored, as Go's regexp.MatchString: a pattern must anchor itself.
    p.identity = Matcher::regex("^yossarian").unwrap();
    assert!(matches!(verify(V3, Artifact::Bytes(V3_ART), &p), Err(Failure::IdentityMismatch { .. })));
    let mut p = policy();
    p.issuer = Matcher::Exact("https://accounts.google.com".into());
    assert!(matches!(verify(V3, Artifact::Bytes(V3_ART), &p), Err(Failure::IssuerMismatch { .. })));
    p.issuer = Matcher::regex("^google").unwrap();
    assert!(matches!(verify(V3, Artifact::Bytes(V3_ART), &p), Err(Failure::IssuerMismatch { .. })));
}

#[test]
fn each_broken_check_fails_with_its_own_reason() {
    let p = policy();
    // Bundle version.
    fails(
        &edit(V3, |v| v["mediaType"] = "application/vnd.dev.sigstore.bundle.v0.4+json".into()),
        V3_ART,
        &p,
        Failure::UnsupportedVersion("application/vnd.dev.sigstore.bundle.v0.4+json".into()),
    );
    // Signed entry timestamp.
    fails(
        &edit(V3, |v| flip(&mut entry(v)["inclusionPromise"]["signedEntryTimestamp"], 20)),
        V3_ART,
        &p,
        Failure::SignedEntryTimestampInvalid,
    );
    // Inclusion proof.
    fails(
        &edit(V3, |v| flip(&mut entry(v)["inclusionProof"]["hashes"][0], 3)),
        V3_ART,
        &p,
        Failure::InclusionProofInvalid,
    );
    // Checkpoint: root hash line, signature, key hint.
    let cp = |f: &dyn Fn(&str) -> String| {
        edit(V3, |v| {
            let e = &mut entry(v)["inclusionProof"]["checkpoint"]["envelope"];
            *e = f(e.as_str().unwrap()).into();
        })
    };
    let other_root = cp(&|s| {
        let lines: Vec<&str> = s.split('\n').collect();
        let mut h = base64::engine::general_purpose::STANDARD.decode(lines[2]).unwrap();
        h[0] ^= 1;
        let h = base64::engine::general_purpose::STANDARD.encode(h);
        s.replacen(lines[2], &h, 1)
    });
    fails(&other_root, V3_ART, &p, Failure::CheckpointMismatch);
    let sig_line = |s: &str, at: usize| {
        let (note, sigs) = s.split_once("\n\n").unwrap();
        let (name, sig) = sigs.trim_end().rsplit_once(' ').unwrap();
        let mut b = base64::engine::general_purpose::STANDARD.decode(sig).unwrap();
        b[at] ^= 1;
        format!("{note}\n\n{name} {}\n", base64::engine::general_purpose::STANDARD.encode(b))
    };
    fails(&cp(&|s| sig_line(s, 1)), V3_ART, &p, Failure::CheckpointKeyHint);
    fails(&cp(&|s| sig_line(s, 20)), V3_ART, &p, Failure::CheckpointSignatureInvalid);
    // The entry's body: another signature (the alt bundle's, whose own entry is sound), another digest.
    let alt = json(V3_ALT);
    fails(
        &edit(V3, |v| v["messageSignature"]["signature"] = alt["messageSignature"]["signature"].clone()),
        V3_ART,
        &p,
        Failure::EntrySignatureMismatch,
    );
    fails(
        &edit(V3, |v| v["verificationMaterial"]["tlogEntries"] = alt["verificationMaterial"]["tlogEntries"].clone()),
        V3_ART,
        &p,
        Failure::EntrySignatureMismatch,
    );
    fails(
        &edit(V3, |v| flip(&mut v["messageSignature"]["messageDigest"]["digest"], 0)),
        V3_ART,
        &p,
        Failure::EntryDigestMismatch,
    );
    // The signature over the artifact; the artifact's digest (with the log ignored, so nothing
    // before the signature notices the edited digest).
    fails(V3, b"another artifact\n", &p, Failure::SignatureInvalid);
    let mut ignore = policy();
    ignore.insecure_ignore_tlog = true;
    let at = verify(V3, Artifact::Bytes(V3_ART), &p).unwrap().signing_time;
    assert!(verify(V3, Artifact::Bytes(V3_ART), &at_time(&ignore, at)).is_ok());
    assert_eq!(
        verify(
            &edit(V3, |v| flip(&mut v["messageSignature"]["messageDigest"]["digest"], 0)),
            Artifact::Bytes(V3_ART),
            &at_time(&ignore, at)
        ),
        Err(Failure::DigestMismatch)
    );
    // Time: the certificate at another time (log ignored, "now" a day later); the CA and the log
    // key outside the trusted root's windows.
    assert!(matches!(
        verify(V3, Artifact::Bytes(V3_ART), &at_time(&ignore, at + 86400)),
        Err(Failure::CertificateExpired { .. })
    ));
    assert_eq!(verify(V3, Artifact::Bytes(V3_ART), &ignore), Err(Failure::NoVerifiedTime));
    let root = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut r = json(STAGING);
        f(&mut r);
        policy_with(&bytes(&r))
    };
    let ca_closed = root(&|r| {
        for ca in r["certificateAuthorities"].as_array_mut().unwrap() {
            ca["validFor"]["end"] = "2020-01-01T00:00:00Z".into();
        }
    });
    fails(V3, V3_ART, &ca_closed, Failure::AuthorityNotValidAt(at));
    let log_later = root(&|r| r["tlogs"][0]["publicKey"]["validFor"]["start"] = "2099-01-01T00:00:00Z".into());
    fails(V3, V3_ART, &log_later, Failure::TlogKeyNotValidAt(at));
    // A certificate from another CA: the trusted root's CAs replaced by public good's.
    let other_ca = root(&|r| r["certificateAuthorities"] = json(GO_PUBLIC_GOOD)["certificateAuthorities"].clone());
    fails(V3, V3_ART, &other_ca, Failure::UntrustedChain);
    // SCTs: a CT log key that is not the one that signed (same log id), no CT log at all.
    let public_good_ct = json(GO_PUBLIC_GOOD)["ctlogs"][0]["publicKey"]["rawBytes"].clone();
    let wrong_ct = root(&|r| {
        for l in r["ctlogs"].as_array_mut().unwrap() {
            l["publicKey"]["rawBytes"] = public_good_ct.clone();
        }
    });
    fails(V3, V3_ART, &wrong_ct, Failure::SctInvalid);
    fails(V3, V3_ART, &root(&|r| r["ctlogs"] = serde_json::json!([])), Failure::SctUnknownLog);
    // The log: unknown to the trusted root; no entry at all; a v0.3 entry without its proof.
    fails(V3, V3_ART, &root(&|r| r["tlogs"] = serde_json::json!([])), Failure::TlogUnknownLog);
    fails(
        &edit(V3, |v| v["verificationMaterial"]["tlogEntries"] = serde_json::json!([])),
        V3_ART,
        &p,
        Failure::NoTlogEntry,
    );
    fails(
        &edit(V3, |v| entry(v).as_object_mut().unwrap().remove("inclusionProof").map(drop).unwrap_or(())),
        V3_ART,
        &p,
        Failure::MissingInclusionProof,
    );
    fails(
        &edit(V1, |v| entry(v).as_object_mut().unwrap().remove("inclusionPromise").map(drop).unwrap_or(())),
        V1_ART,
        &p,
        Failure::MissingInclusionPromise,
    );
    // A real DSSE bundle (sigstore-go's, intoto 0.0.2) over another artifact than its subject.
    let mut dsse_policy = policy_with(GO_PUBLIC_GOOD);
    dsse_policy.identity = Matcher::Exact("brian@dehamer.com".into());
    fails(GO_DSSE, b"", &dsse_policy, Failure::DsseSubjectMismatch);
    // RFC 3161 timestamps that do not parse are refused.
    let ts = edit(V3, |v| {
        v["verificationMaterial"]["timestampVerificationData"] =
            serde_json::json!({"rfc3161Timestamps":[{"signedTimestamp":"MAA="}]})
    });
    fails(&ts, V3_ART, &p, Failure::TimestampMalformed);
}

#[test]
fn inclusion_proofs_as_rfc_9162_computes_them() {
    // A 3-leaf tree: root = H(H(l0,l1), l2).
    let l: Vec<[u8; 32]> = (0u8..3).map(|i| hash_leaf(&[i])).collect();
    let root = hash_children(&hash_children(&l[0], &l[1]), &l[2]);
    assert_eq!(root_from_inclusion_proof(2, 3, l[2], &[&hash_children(&l[0], &l[1])]), Some(root));
    assert_eq!(root_from_inclusion_proof(0, 3, l[0], &[&l[1], &l[2]]), Some(root));
    assert_eq!(root_from_inclusion_proof(1, 3, l[1], &[&l[0], &l[2]]), Some(root));
    assert_ne!(root_from_inclusion_proof(1, 3, l[1], &[&l[2], &l[0]]), Some(root));
    assert_eq!(root_from_inclusion_proof(3, 3, l[2], &[]), None);
    assert_eq!(root_from_inclusion_proof(0, 3, l[0], &[&l[1]]), None);
}

#[test]
fn times_print_as_rfc_3339() {
    assert_eq!(time(0), "1970-01-01T00:00:00Z");
    assert_eq!(time(1_615_087_229), "2021-03-07T03:20:29Z");
    assert_eq!(trust::parse_rfc3339(&time(1_700_000_000)), Some(1_700_000_000));
}

#[test]
fn mutated_bundles_never_panic_and_verify_only_when_unchanged() {
    // Deterministic xorshift: flip, insert or delete one to three bytes of a real bundle.
    let good: serde_json::Value = json(V3);
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let alphabet = b"{}[]\",:0123456789-+/=eE \nAZaz";
    let p = policy();
    let (mut verified, mut refused) = (0, 0);
    for _ in 0..150 {
        let mut b = V3.to_vec();
        for _ in 0..1 + next() % 3 {
            let at = (next() % b.len() as u64) as usize;
            let c = alphabet[(next() % alphabet.len() as u64) as usize];
            match next() % 3 {
                0 => b[at] = c,
                1 => {
                    b.remove(at);
                }
                _ => b.insert(at, c),
            }
        }
        match verify(&b, Artifact::Bytes(V3_ART), &p) {
            Ok(_) => {
                // Only a change JSON does not see (whitespace) may still verify.
                let same = serde_json::from_slice::<serde_json::Value>(&b).is_ok_and(|v| v == good);
                assert!(same, "a changed bundle verified: {}", String::from_utf8_lossy(&b));
                verified += 1;
            }
            Err(_) => refused += 1,
        }
    }
    assert!(refused > 100, "{refused} refused, {verified} verified");
}

const TSA_BUNDLE: &[u8] = include_bytes!("../../../tests/vectors/sigstore/tsa_bundle.txt.sigstore");
const TSA_CA: &[u8] = include_bytes!("../../../tests/vectors/sigstore/tsa_ca.json");

/// The staging root with sigstore-python's test timestamp authority (as its tests add it).
fn tsa_policy(f: impl Fn(&mut serde_json::Value)) -> Policy {
    let mut r = json(STAGING);
    let mut ca = json(TSA_CA);
    f(&mut ca);
    r["timestampAuthorities"] = serde_json::json!([ca]);
    Policy {
        identity: Matcher::Exact("alexis.challande@trailofbits.com".into()),
        issuer: Matcher::Exact("https://accounts.google.com".into()),
        ..policy_with(&bytes(&r))
    }
}

#[test]
fn rfc3161_timestamps_verify_and_fail_each_their_own_way() {
    let p = tsa_policy(|_| {});
    // sigstore-python's bundle carries two timestamps; the second is over another message (its
    // imprint is not the hash of this signature). sigstore-go skips such a timestamp; zverify
    // verifies everything a bundle carries, so the bundle as published is refused, and the bundle
    // with its first timestamp only verifies.
    fails(TSA_BUNDLE, V1_ART, &p, Failure::TimestampImprintMismatch);
    let one = edit(TSA_BUNDLE, |v| {
        v["verificationMaterial"]["timestampVerificationData"]["rfc3161Timestamps"].as_array_mut().unwrap().truncate(1)
    });
    let s = verify(&one, Artifact::Bytes(V1_ART), &p).unwrap();
    assert!(s.checks.contains(&Check::Timestamp) && s.checks.contains(&Check::SignedEntryTimestamp), "{:?}", s.checks);
    // The log ignored: the timestamp's time is the signing time (no "now" needed).
    let ignore = Policy { insecure_ignore_tlog: true, ..p.clone() };
    let t = verify(&one, Artifact::Bytes(V1_ART), &ignore).unwrap();
    assert!(t.log.is_none() && (t.signing_time - s.signing_time).abs() < 60, "{t:?} {s:?}");
    // No authority in the root; the authority's window closed before; another signature stamped.
    fails(&one, V1_ART, &Policy { trusted_root: policy().trusted_root, ..p.clone() }, Failure::TimestampUntrusted);
    let closed = tsa_policy(|ca| ca["validFor"]["end"] = "2024-01-01T00:00:00Z".into());
    assert!(matches!(verify(&one, Artifact::Bytes(V1_ART), &closed), Err(Failure::TimestampNotValidAt(_))));
    let other_sig =
        edit(&one, |v| v["messageSignature"]["signature"] = json(V3)["messageSignature"]["signature"].clone());
    fails(&other_sig, V1_ART, &p, Failure::TimestampImprintMismatch);
    // A byte of the certificate the token carries: not the authority's certificate.
    let b = edit(&one, |v| {
        flip(
            &mut v["verificationMaterial"]["timestampVerificationData"]["rfc3161Timestamps"][0]["signedTimestamp"],
            700,
        )
    });
    fails(&b, V1_ART, &p, Failure::TimestampForeignCertificate);
    // Any byte of the token changed: never verified.
    for at in (0..1156).step_by(7).chain([34, 738]) {
        let b = edit(&one, |v| {
            flip(
                &mut v["verificationMaterial"]["timestampVerificationData"]["rfc3161Timestamps"][0]["signedTimestamp"],
                at,
            )
        });
        assert!(verify(&b, Artifact::Bytes(V1_ART), &p).is_err(), "byte {at}");
    }
}

#[test]
fn critical_extensions_go_does_not_handle_are_refused() {
    let v = json(V3);
    let der = b64d(&v["verificationMaterial"]["certificate"]["rawBytes"]);
    let mut leaf = Certificate::from_der(&der).unwrap();
    // Fulcio's own: key usage critical, the rest not.
    assert_eq!(unhandled_critical(&leaf), None);
    let exts = leaf.tbs_certificate.extensions.as_mut().unwrap();
    let issuer = exts.iter_mut().find(|e| e.extn_id.to_string() == OID_ISSUER_V2).unwrap();
    issuer.critical = true;
    assert_eq!(unhandled_critical(&leaf), Some(OID_ISSUER_V2.to_owned()));
    let eku = leaf
        .tbs_certificate
        .extensions
        .as_mut()
        .unwrap()
        .iter_mut()
        .find(|e| e.extn_id.to_string() == OID_ISSUER_V2)
        .unwrap();
    eku.critical = false;
    assert_eq!(unhandled_critical(&leaf), None);
}

const KT_MSG: &[u8] = include_bytes!("../../../tests/vectors/sigstore/keys/msg");

/// Each key type verifies what OpenSSL signed (tests/vectors/sigstore/keys), and nothing else: a
/// flipped bit, another message, another scheme.
#[test]
fn key_types_verify_what_openssl_signed() {
    use keys::Scheme as S;
    let k = |b: &[u8]| PublicKey::from_spki_der(b).expect("a key");
    let p384 = k(include_bytes!("../../../tests/vectors/sigstore/keys/p384.spki"));
    let ed = k(include_bytes!("../../../tests/vectors/sigstore/keys/ed25519.spki"));
    let rsa = k(include_bytes!("../../../tests/vectors/sigstore/keys/rsa.spki"));
    let rsa1 = PublicKey::from_pkcs1_der(include_bytes!("../../../tests/vectors/sigstore/keys/rsa.pkcs1")).unwrap();
    let cases: [(&PublicKey, S, &[u8]); 5] = [
        (&p384, S::Ecdsa(Hash::Sha384), include_bytes!("../../../tests/vectors/sigstore/keys/p384.sig")),
        (&ed, S::Ed25519, include_bytes!("../../../tests/vectors/sigstore/keys/ed25519.sig")),
        (&rsa, S::RsaPkcs1v15(Hash::Sha256), include_bytes!("../../../tests/vectors/sigstore/keys/rsa_pkcs1v15.sig")),
        (&rsa1, S::RsaPkcs1v15(Hash::Sha256), include_bytes!("../../../tests/vectors/sigstore/keys/rsa_pkcs1v15.sig")),
        (&rsa, S::RsaPss(Hash::Sha256), include_bytes!("../../../tests/vectors/sigstore/keys/rsa_pss.sig")),
    ];
    for (key, scheme, sig) in cases {
        assert!(key.verify(scheme, KT_MSG, sig), "{scheme:?}");
        let mut bad = sig.to_vec();
        bad[sig.len() / 2] ^= 1;
        assert!(!key.verify(scheme, KT_MSG, &bad), "{scheme:?}: flipped");
        assert!(!key.verify(scheme, b"another message\n", sig), "{scheme:?}: other message");
        for other in [
            S::Ecdsa(Hash::Sha256),
            S::Ecdsa(Hash::Sha384),
            S::Ed25519,
            S::RsaPkcs1v15(Hash::Sha256),
            S::RsaPss(Hash::Sha256),
        ] {
            if other != scheme {
                assert!(!key.verify(other, KT_MSG, sig), "{scheme:?} accepted as {other:?}");
            }
        }
    }
    // Message signatures: RSA and P-384 verify over the artifact; Ed25519 ones (Ed25519ph in
    // Sigstore) are refused as unsupported, never passed.
    let d256 = Hash::Sha256.digest(KT_MSG);
    let rsa_sig: &[u8] = include_bytes!("../../../tests/vectors/sigstore/keys/rsa_pkcs1v15.sig");
    assert_eq!(message_signature(&rsa, Artifact::Bytes(KT_MSG), Hash::Sha256, &d256, rsa_sig), Ok(()));
    let d: [u8; 32] = d256.clone().try_into().unwrap();
    assert_eq!(message_signature(&rsa, Artifact::Sha256(d), Hash::Sha256, &d256, rsa_sig), Ok(()));
    let p384_sig: &[u8] = include_bytes!("../../../tests/vectors/sigstore/keys/p384.sig");
    assert_eq!(message_signature(&p384, Artifact::Bytes(KT_MSG), Hash::Sha256, &d256, p384_sig), Ok(()));
    assert_eq!(
        message_signature(&p384, Artifact::Bytes(b"x"), Hash::Sha256, &d256, p384_sig),
        Err(Failure::SignatureInvalid)
    );
    let ed_sig: &[u8] = include_bytes!("../../../tests/vectors/sigstore/keys/ed25519.sig");
    assert_eq!(
        message_signature(&ed, Artifact::Bytes(KT_MSG), Hash::Sha256, &d256, ed_sig),
        Err(Failure::UnsupportedKey)
    );
    // A DSSE envelope signed with pure Ed25519 verifies over its PAE.
    assert!(signature_schemes(&ed).iter().any(|&s| ed.verify(s, KT_MSG, ed_sig)));
}

/// Certificate signatures of each algorithm: RSA (sha256WithRSAEncryption) over a P-384 CA,
/// ECDSA P-384 (SHA-384) over an Ed25519 leaf, Ed25519 over a certificate; a changed byte fails.
#[test]
fn certificate_signatures_of_every_key_type() {
    let root_der: &[u8] = include_bytes!("../../../tests/vectors/sigstore/keys/root_rsa.der");
    let inter_der: &[u8] = include_bytes!("../../../tests/vectors/sigstore/keys/inter_p384.der");
    let leaf_der: &[u8] = include_bytes!("../../../tests/vectors/sigstore/keys/leaf_ed25519.der");
    let by_ed_der: &[u8] = include_bytes!("../../../tests/vectors/sigstore/keys/p384_by_ed25519.der");
    let c = |d: &[u8]| Certificate::from_der(d).unwrap();
    let (root, inter, leaf, by_ed) = (c(root_der), c(inter_der), c(leaf_der), c(by_ed_der));
    assert_eq!(signed_by(&root, root_der, &root), Ok(true));
    assert_eq!(signed_by(&inter, inter_der, &root), Ok(true));
    assert_eq!(signed_by(&leaf, leaf_der, &inter), Ok(true));
    assert_eq!(signed_by(&by_ed, by_ed_der, &leaf), Ok(true));
    // Another issuer: names differ.
    assert_eq!(signed_by(&leaf, leaf_der, &root), Ok(false));
    for (der, issuer) in [(inter_der, &root), (leaf_der, &inter), (by_ed_der, &leaf)] {
        let mut bad = der.to_vec();
        let at = bad.len() - 10; // inside the signature
        bad[at] ^= 1;
        let cert = c(&bad);
        assert_eq!(signed_by(&cert, &bad, issuer), Ok(false));
    }
}

/// A trusted root's keys are read by their keyDetails: Ed25519 Rekor v2 logs, a PKCS#1 RSA CT
/// log; a scheme zverify does not verify, or a key of another type than named, gives no key.
#[test]
fn trusted_root_keys_by_key_details() {
    let root: &[u8] = include_bytes!("../../../tests/vectors/sigstore/staging_2026_trusted_root.json");
    let r = TrustedRoot::parse(root).unwrap();
    let v2: Vec<_> = r.tlogs.iter().filter(|l| l.base_url.contains("log2025")).collect();
    assert_eq!(v2.len(), 3);
    assert!(v2.iter().all(|l| l.scheme == keys::Scheme::Ed25519 && matches!(l.key, Some(PublicKey::Ed25519(_)))));
    let rsa = r.ctlogs.iter().find(|l| l.base_url.ends_with("/test")).unwrap();
    assert!(matches!(rsa.key, Some(PublicKey::Rsa(_))) && rsa.scheme == keys::Scheme::RsaPkcs1v15(Hash::Sha256));
    let with = |details: &str| {
        let mut v = json(root);
        v["tlogs"][0]["publicKey"]["keyDetails"] = details.into();
        TrustedRoot::parse(&bytes(&v)).unwrap().tlogs[0].key.is_some()
    };
    assert!(with("PKIX_ECDSA_P256_SHA_256"));
    assert!(!with("PKIX_ECDSA_P521_SHA_512"));
    assert!(!with("PKIX_ED25519"));
    assert!(!with("PKIX_ECDSA_P384_SHA_384"));
}
