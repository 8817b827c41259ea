//! The public keys Sigstore uses (ECDSA P-256 and P-384, Ed25519, RSA; PKIX DER, or PKCS#1 DER for
//! the trusted root's deprecated `PKCS1_RSA_PKCS1V5` keys), and the signature schemes they verify
//! with. A key type or scheme not listed here is `None`/`false`: an explicit failure, never a pass.

use p256::pkcs8::DecodePublicKey as _;
use sha2::{Digest as _, Sha256, Sha384, Sha512};

#[derive(Debug, Clone)]
pub enum PublicKey {
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
    Ed25519(ed25519_dalek::VerifyingKey),
    Rsa(rsa::RsaPublicKey),
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
    fn of_len(n: usize) -> Option<Hash> {
        match n {
            32 => Some(Hash::Sha256),
            48 => Some(Hash::Sha384),
            64 => Some(Hash::Sha512),
            _ => None,
        }
    }
}

/// How a signature is made with a key: the scheme and its hash (protobuf-specs `PublicKeyDetails`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// ECDSA, ASN.1 DER signature, over the hash.
    Ecdsa(Hash),
    /// Pure Ed25519 over the message.
    Ed25519,
    RsaPkcs1v15(Hash),
    /// RSASSA-PSS, MGF1 with the same hash, salt length the hash's (Go's `PSSSaltLengthEqualsHash`
    /// when signing; verification here accepts the salt length the signature carries, as Go's
    /// `PSSSaltLengthAuto`).
    RsaPss(Hash),
}

impl Scheme {
    /// A trusted root's `keyDetails`. `None` for the ones zverify does not verify (P-521,
    /// Ed25519ph, LMS, ML-DSA, ...).
    pub fn from_key_details(s: &str) -> Option<Scheme> {
        use Hash::*;
        Some(match s {
            "PKIX_ECDSA_P256_SHA_256" => Scheme::Ecdsa(Sha256),
            "PKIX_ECDSA_P384_SHA_384" => Scheme::Ecdsa(Sha384),
            "PKIX_ED25519" => Scheme::Ed25519,
            "PKCS1_RSA_PKCS1V5" | "PKIX_RSA_PKCS1V5" => Scheme::RsaPkcs1v15(Sha256),
            "PKIX_RSA_PKCS1V15_2048_SHA256" | "PKIX_RSA_PKCS1V15_3072_SHA256" | "PKIX_RSA_PKCS1V15_4096_SHA256" => {
                Scheme::RsaPkcs1v15(Sha256)
            }
            "PKIX_RSA_PSS_2048_SHA256" | "PKIX_RSA_PSS_3072_SHA256" | "PKIX_RSA_PSS_4096_SHA256" => {
                Scheme::RsaPss(Sha256)
            }
            _ => return None,
        })
    }

    /// Whether the key is of the scheme's type (and, for RSA, of the size `keyDetails` names is not
    /// checked: Go's sigstore does not either).
    pub fn fits(self, key: &PublicKey) -> bool {
        matches!(
            (self, key),
            (Scheme::Ecdsa(Hash::Sha256), PublicKey::P256(_))
                | (Scheme::Ecdsa(Hash::Sha384), PublicKey::P384(_))
                | (Scheme::Ed25519, PublicKey::Ed25519(_))
                | (Scheme::RsaPkcs1v15(_) | Scheme::RsaPss(_), PublicKey::Rsa(_))
        )
    }
}

const OID_EC: &str = "1.2.840.10045.2.1";
const OID_ED25519: &str = "1.3.101.112";
const OID_RSA: &str = "1.2.840.113549.1.1.1";

impl PublicKey {
    /// A PKIX `SubjectPublicKeyInfo`, by its algorithm: EC P-256 / P-384, Ed25519, RSA. `None` for
    /// any other.
    pub fn from_spki_der(der: &[u8]) -> Option<PublicKey> {
        use der::Decode as _;
        let spki = spki::SubjectPublicKeyInfoRef::from_der(der).ok()?;
        match spki.algorithm.oid.to_string().as_str() {
            OID_EC => {
                if let Ok(k) = p256::ecdsa::VerifyingKey::from_public_key_der(der) {
                    return Some(PublicKey::P256(k));
                }
                p384::ecdsa::VerifyingKey::from_public_key_der(der).ok().map(PublicKey::P384)
            }
            OID_ED25519 => ed25519_dalek::VerifyingKey::from_public_key_der(der).ok().map(PublicKey::Ed25519),
            OID_RSA => rsa::RsaPublicKey::from_public_key_der(der).ok().map(PublicKey::Rsa),
            _ => None,
        }
    }

    /// A PKCS#1 `RSAPublicKey` (the trusted root's `PKCS1_RSA_PKCS1V5` keys).
    pub fn from_pkcs1_der(der: &[u8]) -> Option<PublicKey> {
        use rsa::pkcs1::DecodeRsaPublicKey as _;
        rsa::RsaPublicKey::from_pkcs1_der(der).ok().map(PublicKey::Rsa)
    }

    /// The raw 32 bytes of an Ed25519 key (signed-note key hashes).
    pub fn ed25519_bytes(&self) -> Option<[u8; 32]> {
        match self {
            PublicKey::Ed25519(k) => Some(k.to_bytes()),
            _ => None,
        }
    }

    /// The scheme sigstore's `LoadDefaultVerifier` pairs with the key (P-256: SHA-256, P-384:
    /// SHA-384, Ed25519 pure, RSA PKCS#1 v1.5 with SHA-256).
    pub fn default_scheme(&self) -> Scheme {
        match self {
            PublicKey::P256(_) => Scheme::Ecdsa(Hash::Sha256),
            PublicKey::P384(_) => Scheme::Ecdsa(Hash::Sha384),
            PublicKey::Ed25519(_) => Scheme::Ed25519,
            PublicKey::Rsa(_) => Scheme::RsaPkcs1v15(Hash::Sha256),
        }
    }

    /// The hash of the default scheme (Ed25519: SHA-512, the hash Ed25519ph would use).
    pub fn default_hash(&self) -> Hash {
        match self.default_scheme() {
            Scheme::Ecdsa(h) | Scheme::RsaPkcs1v15(h) | Scheme::RsaPss(h) => h,
            Scheme::Ed25519 => Hash::Sha512,
        }
    }

    /// A signature with a hash-then-sign scheme over a digest already computed (the digest's length
    /// must be the scheme's hash). Pure Ed25519 has no such form: false.
    pub fn verify_prehashed(&self, scheme: Scheme, digest: &[u8], sig: &[u8]) -> bool {
        use rsa::signature::hazmat::PrehashVerifier as _;
        let fits_hash = |h: Hash| Hash::of_len(digest.len()) == Some(h);
        match (self, scheme) {
            (PublicKey::P256(k), Scheme::Ecdsa(h)) => {
                fits_hash(h)
                    && p256::ecdsa::Signature::from_der(sig).is_ok_and(|s| k.verify_prehash(digest, &s).is_ok())
            }
            (PublicKey::P384(k), Scheme::Ecdsa(h)) => {
                fits_hash(h)
                    && p384::ecdsa::Signature::from_der(sig).is_ok_and(|s| k.verify_prehash(digest, &s).is_ok())
            }
            (PublicKey::Rsa(k), Scheme::RsaPkcs1v15(h)) if fits_hash(h) => {
                let Ok(s) = rsa::pkcs1v15::Signature::try_from(sig) else { return false };
                match h {
                    Hash::Sha256 => rsa::pkcs1v15::VerifyingKey::<Sha256>::new(k.clone()).verify_prehash(digest, &s),
                    Hash::Sha384 => rsa::pkcs1v15::VerifyingKey::<Sha384>::new(k.clone()).verify_prehash(digest, &s),
                    Hash::Sha512 => rsa::pkcs1v15::VerifyingKey::<Sha512>::new(k.clone()).verify_prehash(digest, &s),
                }
                .is_ok()
            }
            (PublicKey::Rsa(k), Scheme::RsaPss(h)) if fits_hash(h) => {
                let Ok(s) = rsa::pss::Signature::try_from(sig) else { return false };
                match h {
                    Hash::Sha256 => rsa::pss::VerifyingKey::<Sha256>::new(k.clone()).verify_prehash(digest, &s),
                    Hash::Sha384 => rsa::pss::VerifyingKey::<Sha384>::new(k.clone()).verify_prehash(digest, &s),
                    Hash::Sha512 => rsa::pss::VerifyingKey::<Sha512>::new(k.clone()).verify_prehash(digest, &s),
                }
                .is_ok()
            }
            _ => false,
        }
    }

    /// A signature over a whole message with a scheme (hashing it first where the scheme does).
    pub fn verify(&self, scheme: Scheme, message: &[u8], sig: &[u8]) -> bool {
        match (self, scheme) {
            (PublicKey::Ed25519(k), Scheme::Ed25519) => {
                // `verify`, not `verify_strict`: Go's crypto/ed25519 (sigstore-go) accepts what
                // `verify` accepts (canonical S, cofactorless check).
                use ed25519_dalek::Verifier as _;
                ed25519_dalek::Signature::from_slice(sig).is_ok_and(|s| k.verify(message, &s).is_ok())
            }
            (_, Scheme::Ed25519) => false,
            (_, Scheme::Ecdsa(h) | Scheme::RsaPkcs1v15(h) | Scheme::RsaPss(h)) => {
                self.verify_prehashed(scheme, &h.digest(message), sig)
            }
        }
    }

    /// ECDSA (ASN.1 DER signature), or RSA PKCS#1 v1.5, over a digest already computed, its hash
    /// known by its length. Ed25519 keys verify no digest: false.
    pub fn verify_digest(&self, digest: &[u8], sig_der: &[u8]) -> bool {
        let Some(h) = Hash::of_len(digest.len()) else { return false };
        match self {
            PublicKey::P256(_) | PublicKey::P384(_) => self.verify_prehashed(Scheme::Ecdsa(h), digest, sig_der),
            PublicKey::Rsa(_) => self.verify_prehashed(Scheme::RsaPkcs1v15(h), digest, sig_der),
            PublicKey::Ed25519(_) => false,
        }
    }
}
