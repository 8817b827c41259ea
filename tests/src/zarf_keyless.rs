//! The keyless-signed Zarf packages of tests/vectors/zarf-keyless (created by Zarf, signed against
//! a test Sigstore instance: see its README), and the ways a keyless Zarf package must be refused:
//! each case is a package, a trusted root and the policy to check it with. Shared by the CLI tests
//! (cli/tests/keyless.rs), the drift test (the page and the CLI, tests/tests/drift.rs) and the
//! sigstore-python differential (tests/tests/sigstore_py.rs).

use base64::Engine as _;
use serde_json::Value;
use zverify_core::sigstore::Failure;

use crate::zarf::seal;
use crate::{tree_from_tar, Tree};

/// Who signed the packages, and the issuer of their identity.
pub const IDENTITY: &str = "zarf-signer@zverify.test";
pub const ISSUER: &str = "https://oidc.zverify.test";
/// The package every case starts from (keyless-b's bundle is the "another package" one).
pub const PACKAGE: &str = "zarf-package-keyless-a-amd64-0.1.0.tar.zst";
pub const OTHER: &str = "zarf-package-keyless-b-amd64-0.1.0.tar.zst";
/// A third package whose bundle also carries an RFC 3161 timestamp from the instance's TSA.
pub const TIMESTAMPED: &str = "zarf-package-keyless-c-amd64-0.1.0.tar.zst";

pub fn dir() -> std::path::PathBuf {
    crate::vectors_dir().join("zarf-keyless")
}

pub fn read(name: &str) -> Vec<u8> {
    let p = dir().join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The package's files (its tar.zst read into a tree).
pub fn tree(name: &str) -> Tree {
    tree_from_tar(&zstd::decode_all(&read(name)[..]).expect("zstd"))
}

/// One way to check a keyless Zarf package.
pub struct Case {
    /// Also the package's file stem (file-name safe, unique).
    pub name: &'static str,
    /// A `.tar.zst`.
    pub package: Vec<u8>,
    pub trusted_root: Vec<u8>,
    pub identity: String,
    pub issuer: String,
    /// `None`: verified; else ZV550 for this reason.
    pub want: Option<Failure>,
    /// Where Zarf's `package verify` (keyless: the log checked, SCTs not) verifies what zverify
    /// refuses, and why (docs/stricter-than-zarf.md, ZV550).
    pub zarf_verifies: Option<&'static str>,
}

impl Case {
    pub fn file(&self) -> String {
        format!("{}.tar.zst", self.name)
    }
    /// The zarf.yaml and zarf.bundle.sig in the package: what the signature is over, and the bundle.
    pub fn signed(&self) -> (Vec<u8>, Vec<u8>) {
        let t = tree_from_tar(&zstd::decode_all(&self.package[..]).expect("zstd"));
        (t.files["zarf.yaml"].clone(), t.files["zarf.bundle.sig"].clone())
    }
}

/// The package with one file of its component changed, then re-sealed as someone who edits a
/// package would: the component tarball, checksums.txt and the aggregate checksum in zarf.yaml.
fn edited_and_resealed() -> Vec<u8> {
    let mut t = tree(PACKAGE);
    let mut component = tree_from_tar(&t.files["components/hello.tar"]);
    component.put("hello/files/0/hello-a.txt", b"not what was signed\n".to_vec());
    t.put("components/hello.tar", component.to_tar());
    let yaml = String::from_utf8(t.files["zarf.yaml"].clone()).expect("UTF-8");
    let old = yaml.split("aggregateChecksum: ").nth(1).and_then(|s| s.lines().next()).expect("an aggregate").to_owned();
    seal(&mut t, |aggregate| yaml.replace(&old, aggregate));
    assert_ne!(t.files["zarf.yaml"], tree(PACKAGE).files["zarf.yaml"], "the aggregate changed");
    t.to_tar_zst()
}

/// Every case: the three packages verified, then one break each.
pub fn cases() -> Vec<Case> {
    let root = read("trusted_root.json");
    let case = |name, package: Vec<u8>, trusted_root: &[u8], want| Case {
        name,
        package,
        trusted_root: trusted_root.to_vec(),
        identity: IDENTITY.into(),
        issuer: ISSUER.into(),
        want,
        zarf_verifies: None,
    };
    let mut no_ca: Value = serde_json::from_slice(&root).expect("JSON");
    no_ca["certificateAuthorities"] = Value::Array(vec![]);
    let no_ca = serde_json::to_vec(&no_ca).expect("JSON");
    // The CT logs of another root (the public-good one of 2023): the certificate's SCT is from a
    // log this root does not list.
    let mut other_ct: Value = serde_json::from_slice(&root).expect("JSON");
    let public_good: Value = serde_json::from_slice(
        &std::fs::read(crate::vectors_dir().join("sigstore/go_public-good.json")).expect("read"),
    )
    .expect("JSON");
    other_ct["ctlogs"] = public_good["ctlogs"].clone();
    let other_ct = serde_json::to_vec(&other_ct).expect("JSON");
    // One bit of the checkpoint's signature flipped (after the 4-byte key hint).
    let mut bad_checkpoint = tree(PACKAGE);
    let mut bundle: Value = serde_json::from_slice(&bad_checkpoint.files["zarf.bundle.sig"]).expect("JSON");
    let envelope = &mut bundle["verificationMaterial"]["tlogEntries"][0]["inclusionProof"]["checkpoint"]["envelope"];
    let (note, line) = envelope.as_str().expect("a checkpoint").split_once("\n\n").expect("a signed note");
    let (name, sig) = line.trim_end().rsplit_once(' ').expect("a signature line");
    let mut sig = base64::engine::general_purpose::STANDARD.decode(sig).expect("base64");
    sig[10] ^= 1;
    *envelope = format!("{note}\n\n{name} {}\n", base64::engine::general_purpose::STANDARD.encode(sig)).into();
    bad_checkpoint.put("zarf.bundle.sig", serde_json::to_vec(&bundle).expect("JSON"));
    let mut other_bundle = tree(PACKAGE);
    other_bundle.put("zarf.bundle.sig", tree(OTHER).files["zarf.bundle.sig"].clone());
    vec![
        case("keyless-a", read(PACKAGE), &root, None),
        case("keyless-b", read(OTHER), &root, None),
        case("keyless-c-timestamped", read(TIMESTAMPED), &root, None),
        Case {
            identity: "someone@zverify.test".into(),
            ..case(
                "keyless-a-wrong-identity",
                read(PACKAGE),
                &root,
                Some(Failure::IdentityMismatch { expected: "\"someone@zverify.test\"".into(), found: IDENTITY.into() }),
            )
        },
        Case {
            issuer: "https://accounts.google.com".into(),
            ..case(
                "keyless-a-wrong-issuer",
                read(PACKAGE),
                &root,
                Some(Failure::IssuerMismatch {
                    expected: "\"https://accounts.google.com\"".into(),
                    found: ISSUER.into(),
                }),
            )
        },
        case("keyless-a-edited-resealed", edited_and_resealed(), &root, Some(Failure::SignatureInvalid)),
        case("keyless-a-with-b-bundle", other_bundle.to_tar_zst(), &root, Some(Failure::SignatureInvalid)),
        case("keyless-a-root-without-ca", read(PACKAGE), &no_ca, Some(Failure::UntrustedChain)),
        case(
            "keyless-a-checkpoint-bad-signature",
            bad_checkpoint.to_tar_zst(),
            &root,
            Some(Failure::CheckpointSignatureInvalid),
        ),
        Case {
            zarf_verifies: Some("Zarf does not check SCTs (signing.DefaultVerifyBlobOptions: IgnoreSCT)"),
            ..case("keyless-a-sct-from-another-log", read(PACKAGE), &other_ct, Some(Failure::SctUnknownLog))
        },
    ]
}
