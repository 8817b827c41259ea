//! The public keys Sigstore uses (ECDSA P-256 and P-384, PKIX DER), and ECDSA over a digest.

use p256::ecdsa::signature::hazmat::PrehashVerifier as _;
use p256::pkcs8::DecodePublicKey as _;
use sha2::{Digest as _, Sha256, Sha384, Sha512};

#[derive(Debug, Clone)]
pub enum PublicKey {
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
}

/// A hash function a signature or certificate names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Hash::Sha256 => Sha256::digest(data).to_vec(),
            Hash::Sha384 => Sha384::digest(data).to_vec(),
            Hash::Sha512 => Sha512::digest(data).to_vec(),
        }
    }
}

impl PublicKey {
    /// A PKIX `SubjectPublicKeyInfo`; `None` for any other key type (Ed25519, RSA: not read yet).
    pub fn from_spki_der(der: &[u8]) -> Option<PublicKey> {
        if let Ok(k) = p256::ecdsa::VerifyingKey::from_public_key_der(der) {
            return Some(PublicKey::P256(k));
        }
        p384::ecdsa::VerifyingKey::from_public_key_der(der).ok().map(PublicKey::P384)
    }

    /// The hash sigstore's `LoadVerifier` pairs with the key (P-256: SHA-256, P-384: SHA-384).
    pub fn default_hash(&self) -> Hash {
        match self {
            PublicKey::P256(_) => Hash::Sha256,
            PublicKey::P384(_) => Hash::Sha384,
        }
    }

    /// ECDSA (ASN.1 DER signature) over a digest already computed.
    pub fn verify_digest(&self, digest: &[u8], sig_der: &[u8]) -> bool {
        match self {
            PublicKey::P256(k) => {
                p256::ecdsa::Signature::from_der(sig_der).is_ok_and(|s| k.verify_prehash(digest, &s).is_ok())
            }
            PublicKey::P384(k) => {
                p384::ecdsa::Signature::from_der(sig_der).is_ok_and(|s| k.verify_prehash(digest, &s).is_ok())
            }
        }
    }
}
