//! Key-based package signatures, verified in pure Rust (RustCrypto `p256`) so the browser build
//! gets the same answers: `zarf.yaml.sig` (cosign sign-blob: base64 ASN.1 ECDSA P-256 over
//! sha256 of the exact zarf.yaml bytes) and the key-based form of `zarf.bundle.sig` (a Sigstore
//! bundle whose `messageSignature` carries the digest and the signature).
//!
//! Keyless signatures (Fulcio certificates, Rekor entries) are out of scope and reported as such.
//! The transparency log is not checked.

use crate::json::Node;
use base64::Engine as _;
use p256::ecdsa::signature::Verifier as _;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::pkcs8::DecodePublicKey as _;
use sha2::{Digest as _, Sha256};

/// Parse a PEM public key (`-----BEGIN PUBLIC KEY-----`, as `cosign generate-key-pair` writes).
pub fn parse_key(pem: &[u8]) -> Result<VerifyingKey, String> {
    let text = std::str::from_utf8(pem).map_err(|_| "the key file is not text (PEM)".to_owned())?;
    VerifyingKey::from_public_key_pem(text.trim()).map_err(|e| {
        format!("not a PEM ECDSA P-256 public key ({e}); cosign keys start with -----BEGIN PUBLIC KEY-----")
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Verified,
    Invalid(String),
    /// A keyless bundle: needs Fulcio/Rekor, out of scope.
    Keyless,
}

fn decode_b64(s: &str) -> Result<Vec<u8>, String> {
    let clean: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD.decode(clean).map_err(|e| format!("not base64: {e}"))
}

fn verify_der(key: &VerifyingKey, message: &[u8], der: &[u8]) -> Outcome {
    match Signature::from_der(der) {
        Err(e) => Outcome::Invalid(format!("the signature is not an ASN.1 ECDSA signature: {e}")),
        Ok(sig) => match key.verify(message, &sig) {
            Ok(()) => Outcome::Verified,
            Err(_) => Outcome::Invalid("the signature does not match zarf.yaml and this key".into()),
        },
    }
}

/// `zarf.yaml.sig`: base64 of a DER signature over zarf.yaml.
pub fn verify_sig_file(key: &VerifyingKey, zarf_yaml: &[u8], sig_file: &[u8]) -> Outcome {
    let text = match std::str::from_utf8(sig_file) {
        Ok(t) => t,
        Err(_) => return Outcome::Invalid("zarf.yaml.sig is not base64 text".into()),
    };
    match decode_b64(text) {
        Ok(der) => verify_der(key, zarf_yaml, &der),
        Err(e) => Outcome::Invalid(format!("zarf.yaml.sig is {e}")),
    }
}

/// `zarf.bundle.sig`: a Sigstore bundle (JSON).
pub fn verify_bundle(key: &VerifyingKey, zarf_yaml: &[u8], bundle: &[u8]) -> Outcome {
    let node = match Node::parse(bundle) {
        Ok(n) => n,
        Err(e) => return Outcome::Invalid(format!("zarf.bundle.sig is not JSON: {e}")),
    };
    if let Some(vm) = node.get("verificationMaterial") {
        if vm.get("certificate").is_some() || vm.get("x509CertificateChain").is_some() {
            return Outcome::Keyless;
        }
    }
    let Some(ms) = node.get("messageSignature") else {
        return Outcome::Invalid(
            "zarf.bundle.sig has no messageSignature (a DSSE bundle is not a Zarf signature)".into(),
        );
    };
    if let Some(md) = ms.get("messageDigest") {
        if md.str_at("algorithm").is_some_and(|a| a != "SHA2_256") {
            return Outcome::Invalid(format!("unsupported message digest algorithm {:?}", md.str_at("algorithm")));
        }
        let Some(Ok(digest)) = md.str_at("digest").map(decode_b64) else {
            return Outcome::Invalid("messageDigest.digest is missing or not base64".into());
        };
        if digest != Sha256::digest(zarf_yaml).as_slice() {
            return Outcome::Invalid("the bundle's message digest is not sha256 of this zarf.yaml".into());
        }
    }
    match ms.str_at("signature").map(decode_b64) {
        Some(Ok(der)) => verify_der(key, zarf_yaml, &der),
        Some(Err(e)) => Outcome::Invalid(format!("messageSignature.signature is {e}")),
        None => Outcome::Invalid("messageSignature has no signature".into()),
    }
}
