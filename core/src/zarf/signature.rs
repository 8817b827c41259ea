//! Key-based package signatures, verified in pure Rust (RustCrypto `p256`) so the browser build
//! gets the same answers: `zarf.yaml.sig` (cosign sign-blob: base64 ASN.1 ECDSA P-256 over
//! sha256 of the exact zarf.yaml bytes) and the key-based form of `zarf.bundle.sig` (a Sigstore
//! bundle whose `messageSignature` carries the digest and the signature).
//!
//! `zarf.bundle.sig` is read exactly as Zarf reads it (Zarf 97a1b4d, cosign v3.1.3, sigstore-go
//! v1.3.0, sigstore v1.10.8): `protojson` into the protobuf-specs v0.5.1 `Bundle`
//! ([`protojson`]), sigstore-go's `validate` (media type → version, content and verification
//! material present), Zarf's `ReadBundleInfo`, then sigstore-go's `Verify` as cosign configures it
//! for `--key` with Zarf's defaults (transparency log ignored, no observer timestamps): the
//! message digest's algorithm (SHA2_256/384/512), sigstore's ECDSA verifier (ASN.1 DER, or IEEE
//! P1363 `r||s` when the bytes are not ASN.1), then the digest compared with zarf.yaml's. Whatever
//! sigstore-go refuses is [`Outcome::Invalid`] with sigstore-go's words.
//!
//! Fail closed: what zverify does not verify — Fulcio certificates ([`Outcome::Keyless`]),
//! transparency-log entries, RFC 3161 timestamps, DSSE envelopes — is never a pass.

pub mod goenc;
pub mod protojson;

use p256::ecdsa::signature::Verifier as _;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::pkcs8::DecodePublicKey as _;
use sha2::{Digest as _, Sha256, Sha384, Sha512};

/// Why a verification key cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyError {
    NotText,
    /// Not a PEM ECDSA P-256 public key (the decoder's reason).
    NotP256Pem(String),
}

impl std::fmt::Display for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyError::NotText => f.write_str("the key file is not text (PEM)"),
            KeyError::NotP256Pem(e) => {
                write!(f, "not a PEM ECDSA P-256 public key ({e}); cosign keys start with -----BEGIN PUBLIC KEY-----")
            }
        }
    }
}

impl std::error::Error for KeyError {}

/// Bundle content zverify does not verify (so it never passes it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unchecked {
    TransparencyLog,
    Timestamps,
    Dsse,
}

/// Why a signature was not verified. The `String`s carry the words the reader of record
/// (sigstore-go or cosign) uses for the same refusal, so a user can match them with Zarf's output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureError {
    /// zarf.yaml.sig does not verify zarf.yaml with this key (the verifier's reason).
    SigFileMismatch(String),
    /// sigstore-go refuses the bundle while loading or validating it (its words).
    BundleRefused(String),
    /// The bundle's signature does not verify (the verifier's reason).
    BundleMismatch(String),
    /// The bundle's message digest is not the digest of zarf.yaml.
    DigestMismatch,
    Unchecked(Unchecked),
}

impl std::fmt::Display for SignatureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SignatureError::SigFileMismatch(e) => {
                write!(f, "zarf.yaml.sig does not verify zarf.yaml with this key (cosign: could not verify message: {e})")
            }
            SignatureError::BundleRefused(why) => write!(f, "Zarf (sigstore-go) refuses zarf.bundle.sig: {why}"),
            SignatureError::BundleMismatch(e) => write!(
                f,
                "the signature does not match zarf.yaml and this key (sigstore-go: failed to verify signature: could not verify message: {e})"
            ),
            SignatureError::DigestMismatch => f.write_str(
                "the bundle's message digest is not the digest of this zarf.yaml (sigstore-go: artifact digest does not match message digest)",
            ),
            SignatureError::Unchecked(Unchecked::TransparencyLog) => f.write_str(
                "zarf.bundle.sig carries transparency-log entries, which zverify does not check (sigstore-go validates each one before Zarf reads the signature): not verified",
            ),
            SignatureError::Unchecked(Unchecked::Timestamps) => f.write_str(
                "zarf.bundle.sig carries RFC 3161 timestamps: Zarf then verifies them against a Sigstore trusted root, which zverify does not: not verified",
            ),
            SignatureError::Unchecked(Unchecked::Dsse) => f.write_str(
                "zarf.bundle.sig is a DSSE envelope (an in-toto statement), which zverify does not verify; Zarf signs zarf.yaml with a message signature: not verified",
            ),
        }
    }
}

impl std::error::Error for SignatureError {}

/// Parse a PEM public key (`-----BEGIN PUBLIC KEY-----`, as `cosign generate-key-pair` writes).
/// A verification key, parsed once from the PEM a person gave: a front end that cannot parse it
/// stops before any check (the session's [`crate::Unusable::BadKey`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(pub VerifyingKey);

impl PublicKey {
    pub fn from_pem(pem: &[u8]) -> Result<Self, KeyError> {
        parse_key(pem).map(PublicKey)
    }
}

pub fn parse_key(pem: &[u8]) -> Result<VerifyingKey, KeyError> {
    let text = std::str::from_utf8(pem).map_err(|_| KeyError::NotText)?;
    VerifyingKey::from_public_key_pem(text.trim()).map_err(|e| KeyError::NotP256Pem(e.to_string()))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Verified,
    Invalid(SignatureError),
    /// A keyless bundle: needs Fulcio/Rekor, out of scope.
    Keyless,
}

/// `zarf.yaml.sig` (Zarf's legacy signature, read only when there is no `zarf.bundle.sig`), as
/// cosign v3.1.3's `verify-blob --signature` reads it: the file's bytes are base64 when Go's
/// `base64.StdEncoding.DecodeString` takes them whole (`\r`/`\n` skipped, padding required),
/// otherwise they are the signature itself (`base64signature`); then sigstore's ECDSA verifier.
pub fn verify_sig_file(key: &VerifyingKey, zarf_yaml: &[u8], sig_file: &[u8]) -> Outcome {
    let sig = goenc::go_base64(sig_file, false, true).unwrap_or_else(|| sig_file.to_vec());
    match verify_sigstore_ecdsa(key, zarf_yaml, &sig) {
        Ok(()) => Outcome::Verified,
        Err(e) => Outcome::Invalid(SignatureError::SigFileMismatch(e.to_string())),
    }
}

/// What sigstore-go says when it refuses a bundle, as `Invalid`.
fn refused(why: impl std::fmt::Display) -> Outcome {
    Outcome::Invalid(SignatureError::BundleRefused(why.to_string()))
}

/// Why sigstore-go refuses a bundle's media type (its words, through `Display`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum MediaTypeError {
    /// `application/vnd.dev.sigstore.bundle.v<X>+json` where X is not a semantic version.
    InvalidVersion(String),
    /// Not a bundle media type at all.
    Unsupported(String),
}

impl std::fmt::Display for MediaTypeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MediaTypeError::InvalidVersion(v) => {
                write!(f, "validation error: unsupported media type: invalid bundle version: {v}")
            }
            MediaTypeError::Unsupported(mt) => write!(f, "validation error: unsupported media type: {mt}"),
        }
    }
}

/// `getBundleVersion`: the bundle version a media type names.
fn bundle_version(media_type: &str) -> Result<String, MediaTypeError> {
    const BASE: &str = "application/vnd.dev.sigstore.bundle";
    for (v, mt) in [("v0.1", "+json;version=0.1"), ("v0.2", "+json;version=0.2"), ("v0.3", "+json;version=0.3")] {
        if media_type.strip_prefix(BASE) == Some(mt) {
            return Ok(v.into());
        }
    }
    if media_type.starts_with(&format!("{BASE}.v")) && media_type.ends_with("+json") {
        let v = &media_type[BASE.len() + 1..];
        let v = v.strip_suffix("+json").unwrap_or(v);
        if semver::parse(v).is_some() {
            return Ok(v.to_owned());
        }
        return Err(MediaTypeError::InvalidVersion(v.to_owned()));
    }
    Err(MediaTypeError::Unsupported(media_type.to_owned()))
}

/// golang.org/x/mod/semver, the parts sigstore-go uses (`IsValid`, `Compare`).
mod semver {
    use std::cmp::Ordering;

    pub struct Parsed<'a> {
        major: &'a str,
        minor: &'a str,
        patch: &'a str,
        prerelease: &'a str,
    }

    fn int(v: &str) -> Option<(&str, &str)> {
        let n = v.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 || (v.starts_with('0') && n != 1) {
            return None;
        }
        Some(v.split_at(n))
    }
    fn ident(c: u8) -> bool {
        c.is_ascii_alphanumeric() || c == b'-'
    }
    fn bad_num(v: &str) -> bool {
        v.len() > 1 && v.bytes().all(|c| c.is_ascii_digit()) && v.starts_with('0')
    }

    pub fn parse(v: &str) -> Option<Parsed<'_>> {
        let v = v.strip_prefix('v')?;
        let (major, v) = int(v)?;
        let mut p = Parsed { major, minor: "0", patch: "0", prerelease: "" };
        if v.is_empty() {
            return Some(p);
        }
        let (minor, v) = int(v.strip_prefix('.')?)?;
        p.minor = minor;
        if v.is_empty() {
            return Some(p);
        }
        let (patch, mut v) = int(v.strip_prefix('.')?)?;
        p.patch = patch;
        if v.starts_with('-') {
            let end = v.find('+').unwrap_or(v.len());
            let pre = &v[..end];
            let ids = &pre[1..];
            if ids.split('.').any(|id| id.is_empty() || !id.bytes().all(ident) || bad_num(id)) {
                return None;
            }
            p.prerelease = pre;
            v = &v[end..];
        }
        if let Some(build) = v.strip_prefix('+') {
            if build.split('.').any(|id| id.is_empty() || !id.bytes().all(ident)) {
                return None;
            }
            v = "";
        }
        v.is_empty().then_some(p)
    }

    fn cmp_int(x: &str, y: &str) -> Ordering {
        x.len().cmp(&y.len()).then_with(|| x.cmp(y))
    }

    /// `semver.Compare(v, w)` where `w` is a plain release (`v0.3`): only its prerelease matters.
    pub fn cmp_release(v: &Parsed<'_>, w: &str) -> Ordering {
        let w = parse(w).expect("a valid release version");
        cmp_int(v.major, w.major)
            .then_with(|| cmp_int(v.minor, w.minor))
            .then_with(|| cmp_int(v.patch, w.patch))
            .then_with(|| if v.prerelease.is_empty() { Ordering::Equal } else { Ordering::Less })
    }
}

/// sigstore's `ECDSAVerifier.VerifySignature` with the key's SHA-256: ASN.1 when
/// `encoding/asn1` can read two INTEGERs (then strict DER, `ecdsa.VerifyASN1`), else IEEE P1363.
pub fn verify_sigstore_ecdsa(key: &VerifyingKey, message: &[u8], sig: &[u8]) -> Result<(), &'static str> {
    if goenc::go_asn1_two_integers(sig) {
        return match Signature::from_der(sig) {
            Ok(s) if key.verify(message, &s).is_ok() => Ok(()),
            _ => Err("invalid signature when validating ASN.1 encoded signature"),
        };
    }
    if sig.is_empty() || sig.len() > 132 || sig.len() % 2 != 0 {
        return Err("ecdsa: Invalid IEEE_P1363 encoded bytes");
    }
    let (r, s) = sig.split_at(sig.len() / 2);
    let scalar = |x: &[u8]| -> Option<[u8; 32]> {
        let x = &x[x.iter().take_while(|&&b| b == 0).count()..];
        let mut out = [0u8; 32];
        out.get_mut(32usize.checked_sub(x.len())?..)?.copy_from_slice(x);
        Some(out)
    };
    // r ‖ s as 64 bytes through `Signature::from_slice`: no `[u8; 32]` → `FieldBytes`
    // (generic-array 0.14) conversion in this crate, which newer generic-array releases deprecate.
    let parsed = scalar(r)
        .zip(scalar(s))
        .and_then(|(r, s)| {
            let mut rs = [0u8; 64];
            rs[..32].copy_from_slice(&r);
            rs[32..].copy_from_slice(&s);
            Signature::from_slice(&rs).ok()
        })
        .filter(|s| key.verify(message, s).is_ok());
    parsed.map(|_| ()).ok_or("invalid signature when validating IEEE_P1363 encoded signature")
}

/// `zarf.bundle.sig`: a Sigstore bundle, as Zarf with `--key` reads and verifies it.
pub fn verify_bundle(key: &VerifyingKey, zarf_yaml: &[u8], bundle: &[u8]) -> Outcome {
    use protojson::Message;
    // bundle.LoadJSONFromPath: protojson.Unmarshal, then validate().
    let b = match protojson::unmarshal(bundle, &protojson::BUNDLE) {
        Ok(b) => b,
        Err(e) => return refused(format_args!("proto: {e}")),
    };
    let version = match bundle_version(b.str(1)) {
        Ok(v) => v,
        Err(e) => return refused(format_args!("error getting bundle version: {e}")),
    };
    let Some(parsed) = semver::parse(&version) else { return refused("invalid bundle version") };
    let at_least = |w: &str| semver::cmp_release(&parsed, w) != std::cmp::Ordering::Less;
    if !at_least("v0.1") {
        return refused(format_args!(
            "validation error: unsupported media type: bundle version {version} is not supported"
        ));
    }
    let vm: Option<&Message> = b.msg(2);
    // A Fulcio certificate: keyless, whatever else the bundle carries (its log entries and
    // timestamps are the keyless engine's to check, crate::sigstore).
    let has_cert = |vm: &Message| {
        vm.msg(5).is_some_and(|c| !c.bytes(1).is_empty())
            || (!at_least("v0.3")
                && vm.msg(2).is_some_and(
                    |ch| matches!(ch.list(1).first(), Some(protojson::Value::Msg(c)) if !c.bytes(1).is_empty()),
                ))
    };
    if vm.is_some_and(|vm| !vm.list(3).is_empty() && has_cert(vm)) {
        return Outcome::Keyless;
    }
    if vm.is_some_and(|vm| !vm.list(3).is_empty()) {
        // sigstore-go parses and checks each entry (tlog.ParseTransparencyLogEntry); Zarf then
        // ignores the log. zverify reads neither: not verified is never a pass.
        return Outcome::Invalid(SignatureError::Unchecked(Unchecked::TransparencyLog));
    }
    if at_least("v0.3") && vm.is_some_and(|vm| vm.msg(2).is_some()) {
        return refused("verification material cannot be X.509 certificate chain (for bundle v0.3)");
    }
    if at_least("v0.4") {
        return refused(format_args!(
            "validation error: unsupported media type: bundle version {version} is not yet supported"
        ));
    }
    let (message_sig, dsse) = (b.msg(3), b.msg(4));
    if message_sig.is_none() && dsse.is_none() {
        return refused("invalid bundle: validation error: missing bundle content");
    }
    let Some(vm) = vm.filter(|vm| [1, 2, 5].iter().any(|&n| vm.msg(n).is_some())) else {
        return refused("invalid bundle: validation error: missing verification material");
    };
    // Zarf's ReadBundleInfo: timestamps, then the verification content.
    if vm.msg(4).is_some_and(|t| !t.list(1).is_empty()) {
        return Outcome::Invalid(SignatureError::Unchecked(Unchecked::Timestamps));
    }
    if let Some(chain) = vm.msg(2) {
        let first = chain.list(1).first();
        return match first {
            Some(protojson::Value::Msg(c)) if !c.bytes(1).is_empty() => Outcome::Keyless,
            _ => refused("validation error: missing verification material"),
        };
    }
    if let Some(cert) = vm.msg(5) {
        return if cert.bytes(1).is_empty() {
            refused("validation error: missing verification material")
        } else {
            Outcome::Keyless
        };
    }
    // sigstore-go Verify with cosign's key options.
    let Some(ms) = message_sig else {
        return Outcome::Invalid(SignatureError::Unchecked(Unchecked::Dsse));
    };
    let Some(md) = ms.msg(1) else {
        return refused("failed to fetch signature content: validation error: missing verification material");
    };
    let digest = md.bytes(2);
    if digest.is_empty() {
        return refused("failed to verify signature: message is missing artifact digest");
    }
    let algorithm = md.enum_value(1);
    let name = protojson::HASH_ALGORITHM.iter().find(|(_, v)| *v == algorithm).map_or("", |(n, _)| *n);
    let actual: Vec<u8> = match name {
        "SHA2_256" => Sha256::digest(zarf_yaml).to_vec(),
        "SHA2_384" => Sha384::digest(zarf_yaml).to_vec(),
        "SHA2_512" => Sha512::digest(zarf_yaml).to_vec(),
        "" => return refused("failed to verify signature: could not verify message digest algorithm: empty digest algorithm"),
        _ => {
            return refused(format_args!(
                "failed to verify signature: could not verify message digest algorithm: unsupported digest algorithm ({name})"
            ))
        }
    };
    if let Err(e) = verify_sigstore_ecdsa(key, zarf_yaml, ms.bytes(2)) {
        return Outcome::Invalid(SignatureError::BundleMismatch(e.to_string()));
    }
    if actual != digest {
        return Outcome::Invalid(SignatureError::DigestMismatch);
    }
    Outcome::Verified
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;
    use p256::ecdsa::signature::Signer as _;
    use p256::ecdsa::SigningKey;

    const YAML: &[u8] = b"kind: ZarfPackageConfig\nmetadata:\n  name: t\nbuild:\n  signed: true\n";

    fn key() -> (SigningKey, VerifyingKey) {
        let sk = SigningKey::from_slice(&[7u8; 32]).unwrap();
        let vk = *sk.verifying_key();
        (sk, vk)
    }
    fn b64(b: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(b)
    }
    fn der_sig() -> Vec<u8> {
        let s: Signature = key().0.sign(YAML);
        s.to_der().as_bytes().to_vec()
    }
    /// The bundle `cosign sign-blob --new-bundle-format` writes for YAML, with `{ms}` replaced.
    fn bundle_with(mt: &str, vm: &str, ms: &str) -> Vec<u8> {
        format!(r#"{{"mediaType":"{mt}","verificationMaterial":{vm},"messageSignature":{ms}}}"#).into_bytes()
    }
    fn ms(alg: &str, digest: &str, sig: &str) -> String {
        format!(r#"{{"messageDigest":{{"algorithm":{alg},"digest":"{digest}"}},"signature":"{sig}"}}"#)
    }
    const MT: &str = "application/vnd.dev.sigstore.bundle.v0.3+json";
    const VM: &str = r#"{"publicKey":{"hint":"aISurE78+2rVpFnAlGOIIzPlYbFobXRq1rP2aaCRyoA="}}"#;
    fn good_ms() -> String {
        ms("\"SHA2_256\"", &b64(&Sha256::digest(YAML)), &b64(&der_sig()))
    }
    fn check(bundle: &[u8]) -> Outcome {
        verify_bundle(&key().1, YAML, bundle)
    }
    fn ok(bundle: &[u8]) {
        assert_eq!(check(bundle), Outcome::Verified, "{}", String::from_utf8_lossy(bundle));
    }
    fn refused_with(bundle: &[u8], words: &str) {
        match check(bundle) {
            Outcome::Invalid(why) => assert!(why.to_string().contains(words), "{why:?} lacks {words:?}"),
            other => panic!("{} was {other:?}, not refused", String::from_utf8_lossy(bundle)),
        }
    }

    #[test]
    fn the_bundle_cosign_writes_verifies() {
        ok(&bundle_with(MT, VM, &good_ms()));
        // The real vector's bundle, byte for byte, is covered by the corpus; here: whitespace.
        let pretty =
            String::from_utf8(bundle_with(MT, VM, &good_ms())).unwrap().replace(',', " ,\n\t").replace(':', "\r\n: ");
        ok(pretty.as_bytes());
        // Wrong key, edited zarf.yaml.
        let other = *SigningKey::from_slice(&[9u8; 32]).unwrap().verifying_key();
        assert!(matches!(verify_bundle(&other, YAML, &bundle_with(MT, VM, &good_ms())), Outcome::Invalid(_)));
        assert!(matches!(verify_bundle(&key().1, b"kind: x\n", &bundle_with(MT, VM, &good_ms())), Outcome::Invalid(_)));
    }

    #[test]
    fn field_names_are_protojson_names() {
        // The proto field names are accepted as well as the JSON names…
        let proto = String::from_utf8(bundle_with(MT, VM, &good_ms()))
            .unwrap()
            .replace("mediaType", "media_type")
            .replace("verificationMaterial", "verification_material")
            .replace("messageSignature", "message_signature")
            .replace("messageDigest", "message_digest")
            .replace("publicKey", "public_key");
        ok(proto.as_bytes());
        // …also spelled with escapes,
        ok(String::from_utf8(bundle_with(MT, VM, &good_ms()))
            .unwrap()
            .replace("\"hint\"", "\"h\\u0069nt\"")
            .as_bytes());
        // but nothing else: unknown fields, other cases, the same field twice under both names.
        let good = String::from_utf8(bundle_with(MT, VM, &good_ms())).unwrap();
        refused_with(format!("{{\"extra\":1,{}", &good[1..]).as_bytes(), "unknown field \"extra\"");
        refused_with(good.replace("\"signature\"", "\"SIGNATURE\"").as_bytes(), "unknown field \"SIGNATURE\"");
        refused_with(good.replace("mediaType", "MEDIATYPE").as_bytes(), "unknown field \"MEDIATYPE\"");
        refused_with(good.replace("\"hint\"", "\"Hint\"").as_bytes(), "unknown field");
        refused_with(format!("{{\"media_type\":\"{MT}\",{}", &good[1..]).as_bytes(), "duplicate field");
        // null is "unset" and still counts as seen.
        ok(format!("{{\"dsseEnvelope\":null,{}", &good[1..]).as_bytes());
        refused_with(format!("{{\"mediaType\":null,{}", &good[1..]).as_bytes(), "duplicate field");
        // Two members of a oneof.
        let both = r#"{"publicKey":{},"certificate":{"rawBytes":"MAA="}}"#;
        refused_with(&bundle_with(MT, both, &good_ms()), "already set");
        ok(&bundle_with(MT, r#"{"certificate":null,"publicKey":{}}"#, &good_ms()));
    }

    #[test]
    fn media_types_as_sigstore_go_derives_the_version() {
        for mt in [
            "application/vnd.dev.sigstore.bundle+json;version=0.1",
            "application/vnd.dev.sigstore.bundle+json;version=0.2",
            "application/vnd.dev.sigstore.bundle+json;version=0.3",
            "application/vnd.dev.sigstore.bundle.v0.1+json",
            "application/vnd.dev.sigstore.bundle.v0.3.0+json",
            "application/vnd.dev.sigstore.bundle.v0.3.7-rc.1+build.5+json",
            // A prerelease of v0.4 sorts before v0.4: sigstore-go takes it.
            "application/vnd.dev.sigstore.bundle.v0.4.0-alpha+json",
        ] {
            ok(&bundle_with(mt, VM, &good_ms()));
        }
        for mt in [
            "application/vnd.dev.sigstore.bundle.v0.3+jso",
            "",
            "application/vnd.dev.sigstore.bundle.v0.4+json",
            "application/vnd.dev.sigstore.bundle.v1+json",
            "application/vnd.dev.sigstore.bundle.v0.0.9+json",
            "application/vnd.dev.sigstore.bundle.v0.03+json",
            "application/vnd.dev.sigstore.bundle.v0.3-rc+json",
            "application/vnd.dev.sigstore.bundle+json;version=0.4",
            "application/vnd.dev.sigstore.bundle.V0.3+json",
        ] {
            refused_with(&bundle_with(mt, VM, &good_ms()), "media type");
        }
    }

    #[test]
    fn material_and_content_must_be_there() {
        refused_with(&bundle_with(MT, "{}", &good_ms()), "missing verification material");
        refused_with(
            format!(r#"{{"mediaType":"{MT}","messageSignature":{}}}"#, good_ms()).as_bytes(),
            "missing verification material",
        );
        refused_with(
            format!(r#"{{"mediaType":"{MT}","verificationMaterial":{VM}}}"#).as_bytes(),
            "missing bundle content",
        );
        refused_with(&bundle_with(MT, VM, r#"{"signature":"MAA="}"#), "missing verification material");
        refused_with(&bundle_with(MT, VM, &ms("\"SHA2_256\"", "", &b64(&der_sig()))), "missing artifact digest");
        // An x509CertificateChain is refused from v0.3 on; before, it is keyless (needs Fulcio).
        let chain = r#"{"x509CertificateChain":{"certificates":[{"rawBytes":"MAA="}]}}"#;
        refused_with(&bundle_with(MT, chain, &good_ms()), "X.509 certificate chain");
        let v2 = "application/vnd.dev.sigstore.bundle+json;version=0.2";
        assert_eq!(check(&bundle_with(v2, chain, &good_ms())), Outcome::Keyless);
        assert_eq!(check(&bundle_with(MT, r#"{"certificate":{"rawBytes":"MAA="}}"#, &good_ms())), Outcome::Keyless);
        refused_with(&bundle_with(MT, r#"{"certificate":{}}"#, &good_ms()), "missing verification material");
        // Empty lists are nothing; entries and timestamps are not verified by zverify: never a pass.
        ok(&bundle_with(
            MT,
            r#"{"publicKey":{},"tlogEntries":[],"timestampVerificationData":{"rfc3161Timestamps":[]}}"#,
            &good_ms(),
        ));
        refused_with(&bundle_with(MT, r#"{"publicKey":{},"tlogEntries":[{}]}"#, &good_ms()), "transparency-log");
        let ts = r#"{"publicKey":{},"timestampVerificationData":{"rfc3161Timestamps":[{}]}}"#;
        refused_with(&bundle_with(MT, ts, &good_ms()), "RFC 3161");
        let dsse = format!(
            r#"{{"mediaType":"{MT}","verificationMaterial":{VM},"dsseEnvelope":{{"payload":"e30=","payloadType":"x","signatures":[]}}}}"#
        );
        refused_with(dsse.as_bytes(), "DSSE");
    }

    #[test]
    fn digest_algorithms_as_sigstore_go_maps_them() {
        let sig = b64(&der_sig());
        // The signature is always ECDSA-SHA256 (the key's hash); the digest is a sanity check in
        // the algorithm the bundle names.
        ok(&bundle_with(MT, VM, &ms("\"SHA2_384\"", &b64(&Sha384::digest(YAML)), &sig)));
        ok(&bundle_with(MT, VM, &ms("\"SHA2_512\"", &b64(&Sha512::digest(YAML)), &sig)));
        refused_with(&bundle_with(MT, VM, &ms("\"SHA2_384\"", &b64(&Sha256::digest(YAML)), &sig)), "digest");
        // Enum numbers are accepted, also as protojson's tokenizer reads them.
        let d256 = b64(&Sha256::digest(YAML));
        for n in ["1", "1.0", "10e-1", "0.1e1", "1e"] {
            ok(&bundle_with(MT, VM, &ms(n, &d256, &sig)));
        }
        for (alg, words) in [
            ("\"SHA3_256\"", "unsupported digest algorithm"),
            ("0", "unsupported digest algorithm"),
            ("\"HASH_ALGORITHM_UNSPECIFIED\"", "unsupported digest algorithm"),
            ("99", "empty digest algorithm"),
            ("\"sha256\"", "invalid value for enum field algorithm"),
            ("\"sha2_256\"", "invalid value for enum field algorithm"),
            ("1.5", "invalid value for enum field algorithm"),
            ("2147483648", "invalid value for enum field algorithm"),
            ("1e+", "invalid value for enum field algorithm"),
            ("true", "invalid value"),
            ("01", "syntax error"),
        ] {
            refused_with(&bundle_with(MT, VM, &ms(alg, &d256, &sig)), words);
        }
        // No algorithm at all is HASH_ALGORITHM_UNSPECIFIED.
        let no_alg = format!(r#"{{"messageDigest":{{"digest":"{d256}"}},"signature":"{sig}"}}"#);
        refused_with(&bundle_with(MT, VM, &no_alg), "unsupported digest algorithm");
    }

    #[test]
    fn bytes_are_go_base64_as_protojson_chooses_it() {
        let der = der_sig();
        let d = Sha256::digest(YAML);
        let std = b64(&d);
        let unpadded = std.trim_end_matches('=').to_owned();
        let url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(d);
        ok(&bundle_with(MT, VM, &ms("1", &unpadded, &b64(&der))));
        ok(&bundle_with(MT, VM, &ms("1", &url, &b64(&der))));
        // \n and \r are skipped by Go's decoder, but count in the length that picks the padding.
        let split = |s: &str, at: usize| format!("{}\\n{}", &s[..at], &s[at..]);
        let crlf = |s: &str, at: usize, n: usize| format!("{}{}{}", &s[..at], "\\r\\n".repeat(n), &s[at..]);
        // 44 + 4 = 48: padded, and the padding is there.
        ok(&bundle_with(MT, VM, &ms("1", &crlf(&std, 20, 2), &b64(&der))));
        // 43 + 2 = 45: unpadded, and there is none.
        ok(&bundle_with(MT, VM, &ms("1", &crlf(&unpadded, 20, 1), &b64(&der))));
        // 44 + 1 = 45: unpadded, but there is padding; 43 + 1 = 44: padded, but there is none.
        refused_with(
            &bundle_with(MT, VM, &ms("1", &split(&std, 20), &b64(&der))),
            "invalid value for bytes field digest",
        );
        refused_with(
            &bundle_with(MT, VM, &ms("1", &split(&unpadded, 20), &b64(&der))),
            "invalid value for bytes field digest",
        );
        // A character outside the alphabet, or both alphabets at once.
        refused_with(
            &bundle_with(MT, VM, &ms("1", &format!("}}{}", &std[1..]), &b64(&der))),
            "invalid value for bytes field",
        );
        let mixed = format!("{}-{}", &unpadded[..10], &unpadded[11..]).replace('+', "/");
        if std.contains(['+', '/']) {
            refused_with(
                &bundle_with(MT, VM, &ms("1", &format!("{}+", &mixed[..mixed.len() - 1]), &b64(&der))),
                "invalid value",
            );
        }
        refused_with(
            &bundle_with(MT, VM, &ms("1", &std, &format!("{}=", b64(&der)))),
            "invalid value for bytes field signature",
        );
    }

    #[test]
    fn signatures_as_sigstore_ecdsa_verifier_reads_them() {
        let d = b64(&Sha256::digest(YAML));
        let sig: Signature = key().0.sign(YAML);
        // IEEE P1363 r||s (not ASN.1) verifies, also with leading zero bytes in each half.
        ok(&bundle_with(MT, VM, &ms("1", &d, &b64(&sig.to_bytes()))));
        let mut wide = vec![0u8; 2];
        wide.extend_from_slice(&sig.r().to_bytes());
        wide.extend_from_slice(&[0u8; 2]);
        wide.extend_from_slice(&sig.s().to_bytes());
        ok(&bundle_with(MT, VM, &ms("1", &d, &b64(&wide))));
        // DER with bytes after it: encoding/asn1 reads it as ASN.1, VerifyASN1 refuses it.
        let mut trailing = der_sig();
        trailing.push(0);
        refused_with(&bundle_with(MT, VM, &ms("1", &d, &b64(&trailing))), "ASN.1");
        // Odd length, empty, too long: not P1363 either.
        refused_with(&bundle_with(MT, VM, &ms("1", &d, &b64(&sig.to_bytes()[..63]))), "IEEE_P1363");
        refused_with(&bundle_with(MT, VM, &ms("1", &d, "")), "IEEE_P1363");
        refused_with(&bundle_with(MT, VM, &ms("1", &d, &b64(&[1u8; 134]))), "IEEE_P1363");
        assert!(goenc::go_asn1_two_integers(&der_sig()));
        assert!(goenc::go_asn1_two_integers(&trailing));
        assert!(!goenc::go_asn1_two_integers(&sig.to_bytes()));
        // Non-minimal INTEGER and long-form short length are not ASN.1 for Go.
        assert!(!goenc::go_asn1_two_integers(&[0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01]));
        assert!(!goenc::go_asn1_two_integers(&[0x30, 0x81, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]));
        assert!(goenc::go_asn1_two_integers(&[0x30, 0x08, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x05, 0x00]));
        assert!(goenc::go_asn1_two_integers(&[0x30, 0x06, 0x02, 0x01, 0xff, 0x02, 0x01, 0x01]));
        assert!(!goenc::go_asn1_two_integers(&[0x30, 0x03, 0x02, 0x01, 0x01]));
    }

    #[test]
    fn zarf_yaml_sig_as_cosign_reads_it() {
        let (_, vk) = key();
        let der = der_sig();
        let sig: Signature = key().0.sign(YAML);
        let check = |file: &[u8]| verify_sig_file(&vk, YAML, file);
        assert_eq!(check(b64(&der).as_bytes()), Outcome::Verified);
        assert_eq!(check(format!("{}\n", b64(&der)).as_bytes()), Outcome::Verified);
        assert_eq!(check(format!("{}\r\n{}", &b64(&der)[..8], &b64(&der)[8..]).as_bytes()), Outcome::Verified);
        // Not base64 for Go: the bytes are the signature — raw DER and raw r||s verify…
        assert_eq!(check(&der), Outcome::Verified);
        assert_eq!(check(&sig.to_bytes()), Outcome::Verified);
        assert_eq!(check(b64(&sig.to_bytes()).as_bytes()), Outcome::Verified);
        // …and base64 with a space or a tab, or without its padding, is taken as raw bytes: refused.
        for bad in [
            format!("{} {}", &b64(&der)[..8], &b64(&der)[8..]),
            format!("{}\t", b64(&der)),
            b64(&der).trim_end_matches('=').to_owned(),
            String::new(),
        ] {
            assert!(matches!(check(bad.as_bytes()), Outcome::Invalid(_)), "{bad:?}");
        }
        assert!(matches!(verify_sig_file(&vk, b"kind: other\n", b64(&der).as_bytes()), Outcome::Invalid(_)));
    }

    #[test]
    fn mutated_bundles_never_panic_and_never_pass_a_wrong_signature() {
        // Deterministic xorshift: flip, insert, delete bytes of a good bundle, 1500 times.
        let good = bundle_with(MT, VM, &good_ms());
        let other = *SigningKey::from_slice(&[9u8; 32]).unwrap().verifying_key();
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let bytes = b"{}[]\",:0123456789-+.eEnultrfa\\/ \n\tAZaz=_\x80\xff";
        let mut verified = 0;
        for _ in 0..1500 {
            let mut b = good.clone();
            for _ in 0..1 + next() % 3 {
                let at = (next() % (b.len() as u64 + 1)) as usize;
                let c = bytes[(next() % bytes.len() as u64) as usize];
                match next() % 3 {
                    0 if at < b.len() => b[at] = c,
                    1 if at < b.len() => {
                        b.remove(at);
                    }
                    _ => b.insert(at, c),
                }
            }
            if check(&b) == Outcome::Verified {
                verified += 1;
            }
            // Whatever the bytes, another key never verifies.
            assert_ne!(verify_bundle(&other, YAML, &b), Outcome::Verified, "{}", String::from_utf8_lossy(&b));
        }
        // Some mutations are harmless (whitespace, a hint's characters), most are not.
        assert!(verified > 0 && verified < 750, "{verified} of 1500 still verify");
    }

    #[test]
    fn json_as_protojson_tokenizes_it() {
        let good = String::from_utf8(bundle_with(MT, VM, &good_ms())).unwrap();
        let hint = |h: &str| good.replace("aISurE78+2rVpFnAlGOIIzPlYbFobXRq1rP2aaCRyoA=", h);
        ok(hint("\\ud83d\\ude00 \\u00e9 é \\/").as_bytes());
        refused_with(hint("\\ud83d").as_bytes(), "invalid escape");
        refused_with(hint("\\ude00\\ud83d").as_bytes(), "invalid escape");
        refused_with(hint("\\x").as_bytes(), "invalid escape");
        refused_with(hint("tab\there").as_bytes(), "invalid character");
        let mut bad_utf8 = hint("ab").into_bytes();
        let at = bad_utf8.windows(2).position(|w| w == b"ab").unwrap();
        bad_utf8[at] = 0xff;
        refused_with(&bad_utf8, "invalid UTF-8");
        // Go reads one more token after the message: `x` is none (tests/tests/protojson_oracle.rs).
        refused_with(format!("{good} x").as_bytes(), "invalid value x");
        refused_with(format!("{good}{{}}").as_bytes(), "unexpected token");
        refused_with(good.replacen('}', ",}", 1).as_bytes(), "syntax error");
        refused_with(&good.as_bytes()[..good.len() - 1], "unexpected EOF");
        refused_with(b"", "unexpected EOF");
        refused_with(b"[]", "unexpected token");
        refused_with(format!("\u{feff}{good}").as_bytes(), "syntax error");
        ok(format!(" \n{good}\r\n\t").as_bytes());
        refused_with(good.replacen(':', " ", 1).as_bytes(), "missing \":\"");
        refused_with(b"{\"mediaType\":", "unexpected EOF");
    }
}
