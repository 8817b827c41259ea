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
use std::fmt;

/// Why a verification key cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyError {
    NotText,
    /// Not a PEM ECDSA P-256 public key (the decoder's reason).
    NotP256Pem(String),
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::NotText => f.write_str("the key file is not text (PEM)"),
            KeyError::NotP256Pem(e) => {
                write!(f, "not a PEM ECDSA P-256 public key ({e}); cosign keys start with -----BEGIN PUBLIC KEY-----")
            }
        }
    }
}

impl std::error::Error for KeyError {}

/// Parse a PEM public key (`-----BEGIN PUBLIC KEY-----`, as `cosign generate-key-pair` writes).
pub fn parse_key(pem: &[u8]) -> Result<VerifyingKey, KeyError> {
    let text = std::str::from_utf8(pem).map_err(|_| KeyError::NotText)?;
    VerifyingKey::from_public_key_pem(text.trim()).map_err(|e| KeyError::NotP256Pem(e.to_string()))
}

/// Why a signature file does not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureError {
    /// Not an ASN.1 (DER) ECDSA signature (the decoder's reason).
    NotDer(String),
    /// A well-formed signature that does not verify.
    Mismatch,
    SigFileNotText,
    /// zarf.yaml.sig is not base64 (the decoder's reason).
    SigFileNotBase64(String),
    BundleNotJson(crate::json::ParseError),
    NoMessageSignature,
    /// The `messageDigest.algorithm` found, if a string.
    DigestAlgorithm(Option<String>),
    DigestMissing,
    DigestMismatch,
    /// `messageSignature.signature` is not base64 (the decoder's reason).
    SignatureNotBase64(String),
    NoSignature,
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureError::NotDer(e) => write!(f, "the signature is not an ASN.1 ECDSA signature: {e}"),
            SignatureError::Mismatch => f.write_str("the signature does not match zarf.yaml and this key"),
            SignatureError::SigFileNotText => f.write_str("zarf.yaml.sig is not base64 text"),
            SignatureError::SigFileNotBase64(e) => write!(f, "zarf.yaml.sig is not base64: {e}"),
            SignatureError::BundleNotJson(e) => write!(f, "zarf.bundle.sig is not JSON: {e}"),
            SignatureError::NoMessageSignature => {
                f.write_str("zarf.bundle.sig has no messageSignature (a DSSE bundle is not a Zarf signature)")
            }
            SignatureError::DigestAlgorithm(a) => {
                write!(f, "unsupported message digest algorithm {:?}", a.as_deref())
            }
            SignatureError::DigestMissing => f.write_str("messageDigest.digest is missing or not base64"),
            SignatureError::DigestMismatch => {
                f.write_str("the bundle's message digest is not sha256 of this zarf.yaml")
            }
            SignatureError::SignatureNotBase64(e) => write!(f, "messageSignature.signature is not base64: {e}"),
            SignatureError::NoSignature => f.write_str("messageSignature has no signature"),
        }
    }
}

impl std::error::Error for SignatureError {}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Verified,
    Invalid(SignatureError),
    /// A keyless bundle: needs Fulcio/Rekor, out of scope.
    Keyless,
}

fn decode_b64(s: &str) -> Result<Vec<u8>, base64::DecodeError> {
    let clean: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD.decode(clean)
}

fn verify_der(key: &VerifyingKey, message: &[u8], der: &[u8]) -> Outcome {
    match Signature::from_der(der) {
        Err(e) => Outcome::Invalid(SignatureError::NotDer(e.to_string())),
        Ok(sig) => match key.verify(message, &sig) {
            Ok(()) => Outcome::Verified,
            Err(_) => Outcome::Invalid(SignatureError::Mismatch),
        },
    }
}

/// `zarf.yaml.sig`: base64 of a DER signature over zarf.yaml.
pub fn verify_sig_file(key: &VerifyingKey, zarf_yaml: &[u8], sig_file: &[u8]) -> Outcome {
    let text = match std::str::from_utf8(sig_file) {
        Ok(t) => t,
        Err(_) => return Outcome::Invalid(SignatureError::SigFileNotText),
    };
    match decode_b64(text) {
        Ok(der) => verify_der(key, zarf_yaml, &der),
        Err(e) => Outcome::Invalid(SignatureError::SigFileNotBase64(e.to_string())),
    }
}

/// `zarf.bundle.sig`: a Sigstore bundle (JSON).
pub fn verify_bundle(key: &VerifyingKey, zarf_yaml: &[u8], bundle: &[u8]) -> Outcome {
    let node = match Node::parse(bundle) {
        Ok(n) => n,
        Err(e) => return Outcome::Invalid(SignatureError::BundleNotJson(e)),
    };
    if let Some(vm) = node.get("verificationMaterial") {
        if vm.get("certificate").is_some() || vm.get("x509CertificateChain").is_some() {
            return Outcome::Keyless;
        }
    }
    let Some(ms) = node.get("messageSignature") else {
        return Outcome::Invalid(SignatureError::NoMessageSignature);
    };
    if let Some(md) = ms.get("messageDigest") {
        if md.str_at("algorithm").is_some_and(|a| a != "SHA2_256") {
            return Outcome::Invalid(SignatureError::DigestAlgorithm(md.str_at("algorithm").map(str::to_owned)));
        }
        let Some(Ok(digest)) = md.str_at("digest").map(decode_b64) else {
            return Outcome::Invalid(SignatureError::DigestMissing);
        };
        if digest != Sha256::digest(zarf_yaml).as_slice() {
            return Outcome::Invalid(SignatureError::DigestMismatch);
        }
    }
    match ms.str_at("signature").map(decode_b64) {
        Some(Ok(der)) => verify_der(key, zarf_yaml, &der),
        Some(Err(e)) => Outcome::Invalid(SignatureError::SignatureNotBase64(e.to_string())),
        None => Outcome::Invalid(SignatureError::NoSignature),
    }
}
