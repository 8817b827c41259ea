//! sigstore-conformance's `bundle-verify` suite (tests/vectors/sigstore/conformance): every keyless
//! case gets the verdict the suite expects, and each refusal its own reason.

use zverify_core::sigstore::{self, Artifact, TrustedRoot};
use zverify_tests::sigstore::{conformance_cases, exact_policy};

/// zverify's reason for each case (the start of its `Failure`'s debug form), or "verified". A change
/// of reason is a change of behaviour: this table makes it seen.
const REASONS: &[(&str, &str)] = &[
    ("bundle-empty-certificate-chain_fail", "NoCertificate"),
    ("bundle-from-wrong-instance_fail", "TlogUnknownLog"),
    ("bundle-invalid-base64-signature_fail", "Malformed("),
    ("bundle-malformed-json_fail", "Malformed("),
    ("bundle-negative-log-index_fail", "SignedEntryTimestampInvalid"),
    ("bundle-unknown-version_fail", "UnsupportedVersion("),
    ("bundle-with-root-cert_fail", "CheckpointMalformed"),
    ("bundle-with-sct-with-extensions", "verified"),
    ("checkpoint-bad-keyhint_fail", "CheckpointKeyHint"),
    ("checkpoint-wrong-roothash_fail", "CheckpointMismatch"),
    ("dsse-invalid-sig_fail", "EntrySignatureMismatch"),
    ("dsse-mismatch-envelope_fail", "EntrySignatureMismatch"),
    ("dsse-mismatch-sig_fail", "EntrySignatureMismatch"),
    ("happy-path-intoto-in-dsse-v3", "verified"),
    ("happy-path-v0.1", "verified"),
    ("happy-path-v0.2", "verified"),
    ("happy-path-v0.3", "verified"),
    ("happy-path-v0.3-new-mediaType", "verified"),
    ("inclusion-proof-corrupted-hash_fail", "InclusionProofInvalid"),
    ("incorrect-public-key_fail", "SignedEntryTimestampInvalid"),
    ("integrated-time-in-future_fail", "CertificateExpired {"),
    ("intoto-expired-certificate_fail", "CertificateExpired {"),
    ("intoto-log-entry-mismatch_fail", "EntryBodyMalformed"),
    ("intoto-missing-inclusion-proof_fail", "MissingInclusionProof"),
    ("intoto-set-outside-signing-cert-validity_fail", "CertificateExpired {"),
    ("intoto-tsa-timestamp-outside-cert-validity_fail", "CertificateExpired {"),
    ("intoto-with-custom-trust-root", "verified"),
    ("invalid-checkpoint-signature_fail", "CheckpointSignatureInvalid"),
    ("invalid-ct-key_fail", "SctUnknownLog"),
    ("invalid-inclusion-proof_fail", "InclusionProofInvalid"),
    ("message-digest-mismatch_fail", "EntryDigestMismatch"),
    ("rekor2-checkpoint-cosigned", "verified"),
    ("rekor2-checkpoint-missing-log-signature_fail", "CheckpointMalformed"),
    ("rekor2-checkpoint-missing-origin_fail", "CheckpointMalformed"),
    ("rekor2-checkpoint-missing-root-hash_fail", "CheckpointMalformed"),
    ("rekor2-checkpoint-missing-size_fail", "CheckpointMalformed"),
    ("rekor2-checkpoint-multiple-cosigs", "verified"),
    ("rekor2-checkpoint-no-matching-signature_fail", "CheckpointKeyHint"),
    ("rekor2-checkpoint-origin-not-first", "verified"),
    ("rekor2-checkpoint-two-sigs-cosigned", "verified"),
    ("rekor2-checkpoint-two-sigs-from-origin", "verified"),
    ("rekor2-dsse-happy-path", "verified"),
    ("rekor2-dsse-invalid-sig_fail", "EntrySignatureMismatch"),
    ("rekor2-dsse-mismatch-envelope_fail", "EntrySignatureMismatch"),
    ("rekor2-dsse-mismatch-sig_fail", "EntrySignatureMismatch"),
    ("rekor2-happy-path", "verified"),
    ("rekor2-no-inclusion-proof_fail", "MissingInclusionProof"),
    ("rekor2-no-timestamp_fail", "NoVerifiedTime"),
    ("rekor2-timestamp-outside-trust-root-tsa-validity_fail", "TimestampNotValidAt("),
    ("rekor2-timestamp-outside-tsa-cert-validity_fail", "TimestampNotValidAt("),
    ("rekor2-timestamp-payload-mismatch_fail", "TimestampImprintMismatch"),
    ("rekor2-timestamp-untrusted-tsa-with-embedded-cert_fail", "TimestampUntrusted"),
    ("rekor2-timestamp-untrusted-tsa-without-embedded-cert_fail", "TimestampUntrusted"),
    ("rekor2-timestamp-with-embedded-cert", "verified"),
    ("rekor2-timestamp-with-expired-cert-chain", "verified"),
    ("rekor2-timestamp-with-incorrect-time_fail", "Malformed("),
    ("rekor2-timestamp-without-embedded-cert", "verified"),
    ("set-invalid-signature_fail", "SignedEntryTimestampInvalid"),
    ("signature-mismatch_fail", "EntrySignatureMismatch"),
    ("trust-root-tlog-missing-validity-start_fail", "trusted root:"),
    ("trust-root-tlog-validity-end-inclusive", "verified"),
    ("trust-root-tsa-validity-end-inclusive", "verified"),
    ("wrong-hashedrekord-artifact_fail", "EntrySignatureMismatch"),
    ("wrong-hashedrekord-cert-and-sig_fail", "EntrySignatureMismatch"),
    ("wrong-hashedrekord-entry_fail", "EntrySignatureMismatch"),
    ("wrong-material_fail", "SignatureInvalid"),
];

#[test]
fn conformance_suite_verdicts() {
    let mut table = Vec::new();
    let mut wrong = Vec::new();
    for c in conformance_cases() {
        let ours = match TrustedRoot::parse(&c.trusted_root) {
            Err(e) => Err(format!("trusted root: {e}")),
            Ok(root) => {
                let policy = exact_policy(&c.identity, &c.issuer, root);
                sigstore::verify(&c.bundle, Artifact::Bytes(&c.artifact), &policy).map_err(|e| format!("{e:?}"))
            }
        };
        let line = format!("{:<58} {}", c.name, ours.as_ref().map_or_else(|e| e.clone(), |_| "verified".into()));
        if ours.is_ok() != c.expect_ok {
            wrong.push(line.clone());
        }
        let want = REASONS.iter().find(|(n, _)| *n == c.name).map(|(_, r)| *r);
        let got = ours.as_ref().map_or_else(|e| e.clone(), |_| "verified".into());
        if !want.is_some_and(|w| got.starts_with(w)) {
            wrong.push(format!("{line}   (reason expected: {want:?})"));
        }
        table.push(line);
    }
    println!("{}", table.join("\n"));
    assert!(wrong.is_empty(), "verdicts not the suite's, or other reasons:\n{}", wrong.join("\n"));
    assert_eq!(table.len(), REASONS.len(), "a case without a recorded reason, or a recorded one without a case");
}

/// Every case of `zverify_tests::sigstore::cases()` (real bundles and one break per check) gets
/// its own reason from zverify, without needing the sigstore-python oracle.
#[test]
fn every_case_gets_its_own_reason() {
    let mut wrong = Vec::new();
    for c in zverify_tests::sigstore::cases() {
        let policy = exact_policy(&c.identity, &c.issuer, TrustedRoot::parse(&c.trusted_root).expect("a trusted root"));
        let ours = sigstore::verify(&c.bundle, Artifact::Bytes(&c.artifact), &policy);
        if ours.as_ref().err() != c.want.as_ref() {
            wrong.push(format!("{}: {:?}, want {:?}", c.name, ours.err(), c.want));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
