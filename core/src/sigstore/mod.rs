//! Keyless Sigstore bundle verification, offline and sans-IO (no network, no clock: the signing
//! time comes from the bundle's signed entry timestamp; the caller passes "now" only for
//! [`Policy::insecure_ignore_tlog`]).
//!
//! Crates: RustCrypto blocks (`x509-cert`, `der`, `spki`, `p256`, `p384`, `sha2`) rather than
//! sigstore-rs, whose verification pulls OpenSSL-backed and networked pieces that do not build for
//! wasm32-unknown-unknown. Written here by hand, because no crate at hand does it: the bundle
//! checks themselves (as sigstore-go v1.x makes them), RFC 6962 inclusion proofs, the Rekor
//! checkpoint (signed note) and signed entry timestamp, and the SCT's signed structure.
//!
//! What is checked, in order: the bundle (media type v0.1–v0.3, a Fulcio certificate, one message
//! signature); each transparency-log entry (a log in the trusted root, the signed entry timestamp,
//! the inclusion proof and its checkpoint, the entry body against the bundle's signature,
//! certificate and digest); the certificate chain to a Fulcio CA of the trusted root, valid at the
//! log's integrated time; the embedded SCTs against the CT logs; the identity and issuer; the
//! signature over the artifact. Anything the bundle carries that this engine cannot check (RFC 3161
//! timestamps, DSSE envelopes, Rekor v2 entries) is a [`Failure`], never a pass.

pub mod keys;
pub mod trust;
mod tsa;

use base64::Engine as _;
use der::{Decode as _, Encode as _, Reader as _};
use sha2::{Digest as _, Sha256};
use x509_cert::Certificate;

use crate::zarf::signature::protojson::{self, Message, Value};
use keys::{Hash, PublicKey, Scheme};
pub use trust::{TrustedRoot, TrustedRootError};

/// How an identity or issuer is matched: exactly, or by a regular expression (unanchored, as Go's
/// `regexp.MatchString` in sigstore-go).
#[derive(Debug, Clone)]
pub enum Matcher {
    Exact(String),
    Regex(regex::Regex),
}

impl Matcher {
    pub fn regex(pattern: &str) -> Result<Matcher, regex::Error> {
        regex::Regex::new(pattern).map(Matcher::Regex)
    }
    pub fn matches(&self, s: &str) -> bool {
        match self {
            Matcher::Exact(e) => e == s,
            Matcher::Regex(r) => r.is_match(s),
        }
    }
}

impl std::fmt::Display for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Matcher::Exact(e) => write!(f, "{e:?}"),
            Matcher::Regex(r) => write!(f, "/{}/", r.as_str()),
        }
    }
}

/// Who must have signed, and against which trust.
#[derive(Debug, Clone)]
pub struct Policy {
    pub identity: Matcher,
    pub issuer: Matcher,
    pub trusted_root: TrustedRoot,
    /// Skip the transparency log and the SCTs (then the signing time is [`Policy::now`]).
    pub insecure_ignore_tlog: bool,
    /// The caller's clock (Unix seconds), read only when the log is ignored: the core reads none.
    pub now: Option<i64>,
}

/// What a person asked of a keyless signature, before it is a [`Policy`]: each front end fills it
/// from its own inputs (the CLI's flags, the page's fields) and [`PolicyRequest::policy`] decides,
/// in one place, what makes a usable policy.
#[derive(Debug, Clone, Default)]
pub struct PolicyRequest<'a> {
    pub identity: Option<&'a str>,
    pub identity_regexp: Option<&'a str>,
    pub issuer: Option<&'a str>,
    pub issuer_regexp: Option<&'a str>,
    /// A trusted_root.json's bytes; `None`: the embedded public-good root.
    pub trusted_root: Option<&'a [u8]>,
    pub insecure_ignore_tlog: bool,
    /// The caller's clock (Unix seconds): read only with `insecure_ignore_tlog`.
    pub now: Option<i64>,
}

/// Why a keyless request is not a policy.
#[derive(Debug, Clone, PartialEq)]
pub enum PolicyError {
    /// Neither the exact nor the regular-expression form of the identity (`issuer`: false) or of
    /// the issuer (`issuer`: true) was given.
    Missing { issuer: bool },
    /// A regular expression that does not compile.
    BadRegex { issuer: bool, error: regex::Error },
    /// The trusted root cannot be read.
    TrustedRoot(TrustedRootError),
}

impl std::fmt::Display for PolicyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = |issuer: bool| if issuer { "the OIDC issuer" } else { "the certificate identity" };
        match self {
            PolicyError::Missing { issuer } => write!(
                f,
                "keyless verification needs both the certificate identity and its OIDC issuer (exact or a regular expression); {} is missing",
                what(*issuer)
            ),
            PolicyError::BadRegex { issuer, error } => write!(f, "{}: not a regular expression: {error}", what(*issuer)),
            PolicyError::TrustedRoot(e) => write!(f, "the trusted root cannot be used: {e}"),
        }
    }
}

impl std::error::Error for PolicyError {}

impl PolicyRequest<'_> {
    /// Whether anything keyless was asked at all.
    pub fn any(&self) -> bool {
        self.identity.is_some()
            || self.identity_regexp.is_some()
            || self.issuer.is_some()
            || self.issuer_regexp.is_some()
            || self.trusted_root.is_some()
            || self.insecure_ignore_tlog
    }

    /// The policy, `None` when nothing keyless was asked. An identity without an issuer (or the
    /// reverse), or trust inputs without an identity, is an error, as in cosign; the exact form
    /// wins over the regular expression.
    pub fn policy(&self) -> Result<Option<Policy>, PolicyError> {
        if !self.any() {
            return Ok(None);
        }
        let matcher = |exact: Option<&str>, re: Option<&str>, issuer: bool| match (exact, re) {
            (Some(e), _) => Ok(Matcher::Exact(e.to_owned())),
            (None, Some(r)) => Matcher::regex(r).map_err(|error| PolicyError::BadRegex { issuer, error }),
            (None, None) => Err(PolicyError::Missing { issuer }),
        };
        let identity = matcher(self.identity, self.identity_regexp, false)?;
        let issuer = matcher(self.issuer, self.issuer_regexp, true)?;
        let trusted_root = match self.trusted_root {
            Some(json) => TrustedRoot::parse(json).map_err(PolicyError::TrustedRoot)?,
            None => TrustedRoot::public_good(),
        };
        let now = if self.insecure_ignore_tlog { self.now } else { None };
        Ok(Some(Policy { identity, issuer, trusted_root, insecure_ignore_tlog: self.insecure_ignore_tlog, now }))
    }
}

/// What was signed: the bytes, or only their digest.
#[derive(Debug, Clone, Copy)]
pub enum Artifact<'a> {
    Bytes(&'a [u8]),
    Sha256([u8; 32]),
}

/// A check the engine made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    CertificateChain,
    Sct,
    SignedEntryTimestamp,
    InclusionProof,
    Checkpoint,
    EntryBody,
    Identity,
    Signature,
    Timestamp,
    /// The in-toto statement of a DSSE envelope names the artifact.
    Subject,
}

impl Check {
    pub fn name(self) -> &'static str {
        match self {
            Check::CertificateChain => "certificate chain",
            Check::Sct => "SCT",
            Check::SignedEntryTimestamp => "signed entry timestamp",
            Check::InclusionProof => "inclusion proof",
            Check::Checkpoint => "checkpoint",
            Check::EntryBody => "log entry body",
            Check::Identity => "identity and issuer",
            Check::Signature => "signature",
            Check::Timestamp => "RFC 3161 timestamp",
            Check::Subject => "in-toto subject",
        }
    }
}

/// A verified signer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    pub identity: String,
    pub issuer: String,
    /// Unix seconds: the log's integrated time (or "now" when the log is ignored).
    pub signing_time: i64,
    /// The transparency log's URL and the entry's index, when the log was checked.
    pub log: Option<(String, i64)>,
    pub checks: Vec<Check>,
}

/// Why a bundle is not verified. One variant per check, so each failure has its own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The bundle does not parse as a Sigstore bundle (protojson's words).
    Malformed(crate::zarf::signature::protojson::Error),
    /// A bundle with neither a message signature nor a DSSE envelope.
    NoContent,
    /// A media type that is not bundle v0.1, v0.2 or v0.3.
    UnsupportedVersion(String),
    /// A public-key bundle: not keyless.
    NotKeyless,
    NoCertificate,
    /// The certificate's DER does not parse.
    BadCertificate,
    /// A key type or scheme the engine does not verify (P-521, Ed25519ph, ...).
    UnsupportedKey,
    /// A signature algorithm the engine does not read (its OID).
    UnsupportedAlgorithm(String),
    /// No certificate authority of the trusted root issued the certificate.
    UntrustedChain,
    /// The certificate (or one above it) is not valid at the signing time.
    CertificateExpired {
        not_before: i64,
        not_after: i64,
        at: i64,
    },
    /// The certificate authority is not valid (per the trusted root) at the signing time.
    AuthorityNotValidAt(i64),
    NotCodeSigning,
    /// A critical extension Go's crypto/x509 does not handle (so sigstore-go refuses it): its OID.
    UnhandledCriticalExtension(String),
    NoSct,
    SctUnknownLog,
    SctInvalid,
    NoTlogEntry,
    TooManyTlogEntries,
    /// Two entries of one log with one index (a replay that would count twice).
    DuplicateTlogEntry,
    /// More than 32 RFC 3161 timestamps (sigstore-go's limit).
    TooManyTimestamps,
    TlogUnknownLog,
    TlogKeyNotValidAt(i64),
    MissingInclusionPromise,
    SignedEntryTimestampInvalid,
    MissingInclusionProof,
    InclusionProofInvalid,
    CheckpointMalformed,
    CheckpointMismatch,
    CheckpointKeyHint,
    CheckpointSignatureInvalid,
    /// A log entry kind/version the engine does not read (Rekor v2, intoto, dsse).
    UnsupportedEntry(String, String),
    EntryBodyMalformed,
    EntrySignatureMismatch,
    EntryCertificateMismatch,
    EntryDigestMismatch,
    /// No time the engine can trust (no signed entry timestamp, and no "now" given).
    NoVerifiedTime,
    /// An RFC 3161 timestamp that does not parse as a granted TimeStampResp over a TSTInfo.
    TimestampMalformed,
    /// The timestamp is over another signature.
    TimestampImprintMismatch,
    /// The timestamp's signed attributes or signature do not verify.
    TimestampSignatureInvalid,
    /// No timestamp authority of the trusted root signed it.
    TimestampUntrusted,
    /// The timestamp's time is outside its authority's (or certificates') validity.
    TimestampNotValidAt(i64),
    /// The timestamp token carries a certificate that is not its authority's in the trusted root.
    TimestampForeignCertificate,
    /// A DSSE envelope with other than exactly one signature (sigstore-go's rule for bundles).
    DsseSignatureCount(usize),
    /// The envelope's signature does not verify over its PAE with the certificate's key.
    DsseSignatureInvalid,
    /// The envelope's payload type is not an in-toto statement.
    DssePayloadType(String),
    /// The payload is not an in-toto statement zverify reads (its subjects and digests).
    DsseStatementMalformed,
    /// No subject of the statement has the artifact's digest.
    DsseSubjectMismatch,
    /// A log entry of a kind that records another content than the bundle's (a hashedrekord entry
    /// for an envelope, a DSSE entry for a message signature).
    EntryKindMismatch(String, String),
    /// The log entry records another DSSE payload than the envelope's.
    EntryPayloadMismatch,
    /// A Rekor v2 checkpoint's origin is not the log's host name.
    CheckpointOrigin(String),
    /// A Rekor v2 entry the trusted root gives no base URL (so no checkpoint origin) for.
    TlogNoBaseUrl,
    NoIdentity,
    IdentityMismatch {
        expected: String,
        found: String,
    },
    IssuerMismatch {
        expected: String,
        found: String,
    },
    DigestAlgorithmUnsupported,
    DigestMismatch,
    SignatureInvalid,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use Failure as F;
        match self {
            F::Malformed(e) => write!(f, "not a Sigstore bundle: {e}"),
            F::NoContent => f.write_str("not a Sigstore bundle: missing bundle content"),
            F::UnsupportedVersion(m) => write!(f, "bundle media type {m:?} is not Sigstore bundle v0.1, v0.2 or v0.3"),
            F::NotKeyless => f.write_str("the bundle names a public key, not a certificate: verify it with a key"),
            F::NoCertificate => f.write_str("the bundle carries no signing certificate"),
            F::BadCertificate => f.write_str("the signing certificate is not DER X.509"),
            F::UnsupportedKey => f.write_str(
                "the key type or scheme is not one zverify verifies (ECDSA P-256/P-384, Ed25519, RSA PKCS#1 v1.5/PSS; Ed25519 message signatures are Ed25519ph, not read)",
            ),
            F::UnsupportedAlgorithm(o) => {
                write!(f, "signature algorithm {o} is not ECDSA with SHA-2, Ed25519 or RSA PKCS#1 v1.5 with SHA-2")
            }
            F::UntrustedChain => {
                f.write_str("the certificate was not issued by a certificate authority of the trusted root")
            }
            F::CertificateExpired { not_before, not_after, at } => write!(
                f,
                "a certificate in the chain is valid from {} to {}, not at the signing time {}",
                time(*not_before),
                time(*not_after),
                time(*at)
            ),
            F::AuthorityNotValidAt(t) => {
                write!(f, "the trusted root does not list the certificate authority as valid at {}", time(*t))
            }
            F::NotCodeSigning => f.write_str("the certificate is not for code signing (extended key usage)"),
            F::UnhandledCriticalExtension(o) => {
                write!(f, "a certificate has a critical extension {o} that verifiers do not handle")
            }
            F::NoSct => f.write_str("the certificate carries no signed certificate timestamp (SCT)"),
            F::SctUnknownLog => f.write_str("an SCT is from a CT log the trusted root does not list"),
            F::SctInvalid => f.write_str("an SCT's signature does not verify with its CT log's key"),
            F::NoTlogEntry => f.write_str("the bundle carries no transparency-log entry"),
            F::TooManyTlogEntries => f.write_str("the bundle carries more than 32 transparency-log entries"),
            F::DuplicateTlogEntry => f.write_str("the bundle carries the same transparency-log entry twice"),
            F::TooManyTimestamps => f.write_str("the bundle carries more than 32 RFC 3161 timestamps"),
            F::TlogUnknownLog => f.write_str("a transparency-log entry is from a log the trusted root does not list"),
            F::TlogKeyNotValidAt(t) => write!(f, "the log's key is not valid at the integrated time {}", time(*t)),
            F::MissingInclusionPromise => f.write_str("a v0.1 bundle's log entry lacks its signed entry timestamp"),
            F::SignedEntryTimestampInvalid => {
                f.write_str("the signed entry timestamp does not verify with the log's key")
            }
            F::MissingInclusionProof => {
                f.write_str("the log entry lacks an inclusion proof (required from bundle v0.2)")
            }
            F::InclusionProofInvalid => f.write_str("the inclusion proof does not lead to its root hash"),
            F::CheckpointMalformed => f.write_str("the checkpoint is not a signed note"),
            F::CheckpointMismatch => {
                f.write_str("the checkpoint's tree size or root hash is not the inclusion proof's")
            }
            F::CheckpointKeyHint => f.write_str("the checkpoint's signature is not by the log's key (key hint)"),
            F::CheckpointSignatureInvalid => {
                f.write_str("the checkpoint's signature does not verify with the log's key")
            }
            F::UnsupportedEntry(k, v) => write!(f, "log entries of kind {k} {v} are not verified by zverify yet"),
            F::EntryBodyMalformed => f.write_str("the log entry body is not an entry of its kind and version"),
            F::EntrySignatureMismatch => f.write_str("the log entry records another signature than the bundle's"),
            F::EntryCertificateMismatch => f.write_str("the log entry records another certificate than the bundle's"),
            F::EntryDigestMismatch => f.write_str("the log entry records another artifact digest than the bundle's"),
            F::NoVerifiedTime => {
                f.write_str("no verified signing time: no signed entry timestamp and no RFC 3161 timestamp")
            }
            F::TimestampMalformed => {
                f.write_str("an RFC 3161 timestamp is not a granted timestamp response over a TSTInfo")
            }
            F::TimestampImprintMismatch => {
                f.write_str("an RFC 3161 timestamp is over another signature than the bundle's")
            }
            F::TimestampSignatureInvalid => {
                f.write_str("an RFC 3161 timestamp's signed attributes do not match its content")
            }
            F::TimestampUntrusted => {
                f.write_str("an RFC 3161 timestamp is not signed by a timestamp authority of the trusted root")
            }
            F::TimestampForeignCertificate => f.write_str(
                "an RFC 3161 timestamp carries a certificate its authority in the trusted root does not have",
            ),
            F::TimestampNotValidAt(t) => {
                write!(f, "an RFC 3161 timestamp's time {} is outside its authority's validity", time(*t))
            }
            F::DsseSignatureCount(n) => write!(f, "the DSSE envelope carries {n} signatures, not exactly one"),
            F::DsseSignatureInvalid => {
                f.write_str("the DSSE envelope's signature does not verify with the certificate's key")
            }
            F::DssePayloadType(t) => {
                write!(f, "the DSSE envelope's payload type {t:?} is not an in-toto statement (application/vnd.in-toto+json)")
            }
            F::DsseStatementMalformed => {
                f.write_str("the DSSE payload is not an in-toto statement with subjects and their digests")
            }
            F::DsseSubjectMismatch => f.write_str("no subject of the in-toto statement has the artifact's digest"),
            F::EntryKindMismatch(k, v) => {
                write!(f, "the log entry is of kind {k} {v}, which records another kind of content than the bundle's")
            }
            F::EntryPayloadMismatch => f.write_str("the log entry records another DSSE payload than the envelope's"),
            F::CheckpointOrigin(o) => write!(f, "the checkpoint's origin {o:?} is not the log's name"),
            F::TlogNoBaseUrl => {
                f.write_str("the trusted root gives the Rekor v2 log no base URL, so no checkpoint origin to check")
            }
            F::NoIdentity => {
                f.write_str("the certificate names no identity (subject alternative name) or no OIDC issuer")
            }
            F::IdentityMismatch { expected, found } => write!(f, "signed by {found:?}, not by {expected}"),
            F::IssuerMismatch { expected, found } => write!(f, "identity issued by {found:?}, not by {expected}"),
            F::DigestAlgorithmUnsupported => {
                f.write_str("the message digest's algorithm is not SHA-256, SHA-384 or SHA-512")
            }
            F::DigestMismatch => f.write_str("the bundle's message digest is not the artifact's digest"),
            F::SignatureInvalid => f.write_str("the signature does not verify with the certificate's key"),
        }
    }
}

impl std::error::Error for Failure {}

/// Unix seconds as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn time(t: i64) -> String {
    let (days, secs) = (t.div_euclid(86400), t.rem_euclid(86400));
    // civil_from_days (Howard Hinnant).
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs / 60 % 60, secs % 60)
}

const OID_SCT_LIST: &str = "1.3.6.1.4.1.11129.2.4.2";
const OID_ISSUER_V1: &str = "1.3.6.1.4.1.57264.1.1";
const OID_ISSUER_V2: &str = "1.3.6.1.4.1.57264.1.8";
const OID_EKU: &str = "2.5.29.37";
const OID_SAN: &str = "2.5.29.17";
const OID_CODE_SIGNING: &str = "1.3.6.1.5.5.7.3.3";

fn int(m: &Message, n: u32) -> i64 {
    match m.get(n) {
        Some(Value::Int(i)) => *i,
        _ => 0,
    }
}

/// Verify a keyless bundle over an artifact.
pub fn verify(bundle: &[u8], artifact: Artifact<'_>, policy: &Policy) -> Result<Signer, Failure> {
    let b = protojson::unmarshal(bundle, &protojson::BUNDLE).map_err(Failure::Malformed)?;
    let media_type = b.str(1);
    let version = match media_type {
        "application/vnd.dev.sigstore.bundle+json;version=0.1" | "application/vnd.dev.sigstore.bundle.v0.1+json" => 1,
        "application/vnd.dev.sigstore.bundle+json;version=0.2" | "application/vnd.dev.sigstore.bundle.v0.2+json" => 2,
        "application/vnd.dev.sigstore.bundle+json;version=0.3" | "application/vnd.dev.sigstore.bundle.v0.3+json" => 3,
        m => return Err(Failure::UnsupportedVersion(m.to_owned())),
    };
    let vm = b.msg(2).ok_or(Failure::NoCertificate)?;
    if vm.msg(1).is_some() {
        return Err(Failure::NotKeyless);
    }
    // v0.3 carries one certificate; v0.1/v0.2 a chain whose first certificate is the leaf (the
    // rest is ignored by sigstore-go too: the trusted root supplies the chain).
    let leaf_der: &[u8] = if let Some(c) = vm.msg(5) {
        c.bytes(1)
    } else if let Some(chain) = vm.msg(2).filter(|_| version < 3) {
        match chain.list(1).first() {
            Some(Value::Msg(c)) => c.bytes(1),
            _ => &[],
        }
    } else {
        &[]
    };
    if leaf_der.is_empty() {
        return Err(Failure::NoCertificate);
    }
    let leaf = Certificate::from_der(leaf_der).map_err(|_| Failure::BadCertificate)?;
    let leaf_key = PublicKey::from_spki_der(
        &leaf.tbs_certificate.subject_public_key_info.to_der().map_err(|_| Failure::BadCertificate)?,
    )
    .ok_or(Failure::UnsupportedKey)?;

    let content = if let Some(env) = b.msg(4) {
        let sigs = env.list(3);
        let [Value::Msg(sig)] = sigs else { return Err(Failure::DsseSignatureCount(sigs.len())) };
        Content::Dsse { payload: env.bytes(1), payload_type: env.str(2), signature: sig.bytes(1) }
    } else {
        let ms = b.msg(3).ok_or(Failure::NoContent)?;
        let md = ms.msg(1).ok_or(Failure::DigestAlgorithmUnsupported)?;
        let alg = match md.enum_value(1) {
            1 => Hash::Sha256,
            2 => Hash::Sha384,
            3 => Hash::Sha512,
            _ => return Err(Failure::DigestAlgorithmUnsupported),
        };
        Content::Message { alg, digest: md.bytes(2), signature: ms.bytes(2) }
    };
    let signature = content.signature();

    let mut checks = Vec::new();
    // RFC 3161 timestamps over the signature: each a verified time.
    let mut stamped = Vec::new();
    let timestamps = vm.msg(4).map_or(&[][..], |t| t.list(1));
    if timestamps.len() > 32 {
        return Err(Failure::TooManyTimestamps);
    }
    for t in timestamps {
        let Value::Msg(t) = t else { return Err(Failure::TimestampMalformed) };
        stamped.push(tsa::verify(t.bytes(1), signature, &policy.trusted_root.tsas)?);
    }
    if !stamped.is_empty() {
        checks.push(Check::Timestamp);
    }
    // The transparency log: a signed entry timestamp gives the signing time (else a timestamp's,
    // else, with the log ignored, the caller's "now"). Rekor v2 entries carry no signed time.
    let (signing_time, log) = if policy.insecure_ignore_tlog {
        (stamped.first().copied().or(policy.now).ok_or(Failure::NoVerifiedTime)?, None)
    } else {
        let entries = vm.list(3);
        if entries.is_empty() {
            return Err(Failure::NoTlogEntry);
        }
        if entries.len() > 32 {
            return Err(Failure::TooManyTlogEntries);
        }
        // sigstore-go refuses the same (log, index) twice.
        let key = |e: &Value| match e {
            Value::Msg(e) => (e.msg(2).map(|l| l.bytes(1).to_vec()), int(e, 1)),
            _ => (None, 0),
        };
        for (i, a) in entries.iter().enumerate() {
            if entries[i + 1..].iter().any(|b| key(a) == key(b)) {
                return Err(Failure::DuplicateTlogEntry);
            }
        }
        let mut first = None;
        let mut set_time = None;
        for e in entries {
            let Value::Msg(e) = e else { return Err(Failure::NoTlogEntry) };
            let (t, url, index) = tlog_entry(e, version, policy, &leaf_key, leaf_der, &content, &mut checks)?;
            set_time = set_time.or(t);
            first.get_or_insert((url, index));
        }
        let (url, index) = first.ok_or(Failure::NoTlogEntry)?;
        (set_time.or(stamped.first().copied()).ok_or(Failure::NoVerifiedTime)?, Some((url, index)))
    };

    // The certificate valid at every verified time, as sigstore-go requires.
    chain(&leaf, leaf_der, policy, signing_time)?;
    for &t in &stamped {
        chain(&leaf, leaf_der, policy, t)?;
    }
    checks.push(Check::CertificateChain);
    if !policy.insecure_ignore_tlog {
        scts(&leaf, policy)?;
        checks.push(Check::Sct);
    }

    let (identity, issuer) = identity(&leaf)?;
    if !policy.identity.matches(&identity) {
        return Err(Failure::IdentityMismatch { expected: policy.identity.to_string(), found: identity });
    }
    if !policy.issuer.matches(&issuer) {
        return Err(Failure::IssuerMismatch { expected: policy.issuer.to_string(), found: issuer });
    }
    checks.push(Check::Identity);

    match content {
        Content::Message { alg, digest, signature } => {
            message_signature(&leaf_key, artifact, alg, digest, signature)?;
            checks.push(Check::Signature);
        }
        Content::Dsse { payload, payload_type, signature } => {
            let pae = pae(payload_type, payload);
            if !signature_schemes(&leaf_key).iter().any(|&s| leaf_key.verify(s, &pae, signature)) {
                return Err(Failure::DsseSignatureInvalid);
            }
            checks.push(Check::Signature);
            statement_names(payload_type, payload, artifact)?;
            checks.push(Check::Subject);
        }
    }
    Ok(Signer { identity, issuer, signing_time, log, checks })
}

/// What a bundle signs: a message (by its digest) or a DSSE envelope.
enum Content<'a> {
    Message { alg: Hash, digest: &'a [u8], signature: &'a [u8] },
    Dsse { payload: &'a [u8], payload_type: &'a str, signature: &'a [u8] },
}

impl Content<'_> {
    fn signature(&self) -> &[u8] {
        match self {
            Content::Message { signature, .. } | Content::Dsse { signature, .. } => signature,
        }
    }
}

/// The schemes a certificate key's signature is tried with: the key's default, and for P-384 keys
/// SHA-256 too (the compatibility verifier sigstore-go enables for bundles v0.1-v0.3, for older
/// clients).
fn signature_schemes(key: &PublicKey) -> Vec<Scheme> {
    let mut s = vec![key.default_scheme()];
    if matches!(key, PublicKey::P384(_)) {
        s.push(Scheme::Ecdsa(Hash::Sha256));
    }
    s
}

/// The message signature over the artifact (or its SHA-256), and the bundle's digest is the
/// artifact's in the algorithm the bundle names. Ed25519 message signatures are Ed25519ph in
/// Sigstore: not verified (an explicit failure).
fn message_signature(
    key: &PublicKey,
    artifact: Artifact<'_>,
    alg: Hash,
    bundle_digest: &[u8],
    signature: &[u8],
) -> Result<(), Failure> {
    if matches!(key, PublicKey::Ed25519(_)) {
        return Err(Failure::UnsupportedKey);
    }
    let schemes = signature_schemes(key);
    let hash_of = |s: &Scheme| match s {
        Scheme::Ecdsa(h) | Scheme::RsaPkcs1v15(h) | Scheme::RsaPss(h) => Some(*h),
        Scheme::Ed25519 => None,
    };
    let signed = match artifact {
        Artifact::Bytes(bytes) => schemes.iter().any(|s| key.verify(*s, bytes, signature)),
        Artifact::Sha256(d) => {
            schemes.iter().any(|s| hash_of(s) == Some(Hash::Sha256) && key.verify_prehashed(*s, &d, signature))
        }
    };
    if !signed {
        return Err(Failure::SignatureInvalid);
    }
    let artifact_digest = match artifact {
        Artifact::Bytes(bytes) => alg.digest(bytes),
        Artifact::Sha256(d) if alg == Hash::Sha256 => d.to_vec(),
        Artifact::Sha256(_) => return Err(Failure::DigestAlgorithmUnsupported),
    };
    if artifact_digest != bundle_digest {
        return Err(Failure::DigestMismatch);
    }
    Ok(())
}

/// DSSE's pre-authentication encoding: `DSSEv1 <len(type)> <type> <len(body)> <body>`.
fn pae(payload_type: &str, payload: &[u8]) -> Vec<u8> {
    let mut out = format!("DSSEv1 {} {payload_type} {} ", payload_type.len(), payload.len()).into_bytes();
    out.extend_from_slice(payload);
    out
}

/// The payload is an in-toto statement one of whose subjects has the artifact's digest, as
/// sigstore-go's `verifyEnvelopeWithArtifacts` decides: digests in SHA-256/384/512 (other
/// algorithms ignored), the artifact hashed in every algorithm the subjects use, a match in any
/// one. Limits as sigstore-go's (1,024 subjects, 32 digests each). Fields other than in-toto's
/// statement fields are refused (sigstore-go reads the statement with protojson, which refuses
/// them).
fn statement_names(payload_type: &str, payload: &[u8], artifact: Artifact<'_>) -> Result<(), Failure> {
    if payload_type != "application/vnd.in-toto+json" {
        return Err(Failure::DssePayloadType(payload_type.to_owned()));
    }
    let bad = || Failure::DsseStatementMalformed;
    let v: serde_json::Value = serde_json::from_slice(payload).map_err(|_| bad())?;
    let obj = v.as_object().ok_or_else(bad)?;
    if obj.keys().any(|k| !matches!(k.as_str(), "_type" | "subject" | "predicateType" | "predicate")) {
        return Err(bad());
    }
    let subjects = obj.get("subject").and_then(|s| s.as_array()).ok_or_else(bad)?;
    if subjects.is_empty() || subjects.len() > 1024 {
        return Err(bad());
    }
    let mut digests: Vec<(Hash, Vec<u8>)> = Vec::new();
    for s in subjects {
        let d = s.get("digest").and_then(|d| d.as_object()).ok_or_else(bad)?;
        if d.len() > 32 {
            return Err(bad());
        }
        for (alg, hex_digest) in d {
            let h = match alg.as_str() {
                "sha256" => Hash::Sha256,
                "sha384" => Hash::Sha384,
                "sha512" => Hash::Sha512,
                _ => continue,
            };
            let Some(bytes) = hex_digest.as_str().and_then(|x| hex::decode(x).ok()) else { continue };
            digests.push((h, bytes));
        }
    }
    let found = match artifact {
        Artifact::Bytes(bytes) => {
            let mut algs: Vec<Hash> = digests.iter().map(|(h, _)| *h).collect();
            algs.dedup();
            algs.iter().any(|&h| {
                let a = h.digest(bytes);
                digests.iter().any(|(g, d)| *g == h && *d == a)
            })
        }
        Artifact::Sha256(a) => digests.iter().any(|(g, d)| *g == Hash::Sha256 && d[..] == a[..]),
    };
    if !found {
        return Err(Failure::DsseSubjectMismatch);
    }
    Ok(())
}

/// One transparency-log entry: its log, signed entry timestamp, inclusion proof, checkpoint and
/// body (Rekor v1: hashedrekord 0.0.1 for a message signature, dsse 0.0.1 or intoto 0.0.2 for an
/// envelope; Rekor v2: hashedrekord 0.0.2 for either). Returns the integrated time when a signed
/// entry timestamp vouches for it.
fn tlog_entry(
    e: &Message,
    version: u8,
    policy: &Policy,
    leaf_key: &PublicKey,
    leaf_der: &[u8],
    content: &Content<'_>,
    checks: &mut Vec<Check>,
) -> Result<(Option<i64>, String, i64), Failure> {
    let kv = e.msg(3);
    let (kind, kv_version) = (kv.map_or("", |k| k.str(1)), kv.map_or("", |k| k.str(2)));
    let dsse = matches!(content, Content::Dsse { .. });
    match (kind, kv_version) {
        ("hashedrekord", "0.0.1") if !dsse => {}
        ("dsse", "0.0.1") | ("intoto", "0.0.2") if dsse => {}
        ("hashedrekord", "0.0.2") => {}
        ("hashedrekord", "0.0.1") | ("dsse", "0.0.1") | ("intoto", "0.0.2") => {
            return Err(Failure::EntryKindMismatch(kind.to_owned(), kv_version.to_owned()))
        }
        _ => return Err(Failure::UnsupportedEntry(kind.to_owned(), kv_version.to_owned())),
    }
    let v2 = kv_version == "0.0.2" && kind == "hashedrekord";
    let key_id = e.msg(2).map_or(&[][..], |l| l.bytes(1));
    let log = policy.trusted_root.tlogs.iter().find(|l| l.key_id == key_id).ok_or(Failure::TlogUnknownLog)?;
    let key = log.key.as_ref().ok_or(Failure::UnsupportedKey)?;
    let (log_index, integrated_time) = (int(e, 1), int(e, 4));
    let promise = e.msg(5).map(|p| p.bytes(1)).filter(|s| !s.is_empty());
    let proof = e.msg(6);
    if version == 1 && promise.is_none() && !v2 {
        return Err(Failure::MissingInclusionPromise);
    }
    if (version >= 2 || v2) && proof.is_none() {
        return Err(Failure::MissingInclusionProof);
    }
    // Rekor v2: the entry is rebuilt from the bundle (as sigstore-go does), and the rebuilt body
    // is the leaf the inclusion proof must lead to; a body the bundle carries must be that one.
    let rebuilt;
    let body = if v2 {
        rebuilt = hashedrekord_v002(leaf_key, leaf_der, content)?;
        let carried = e.bytes(7);
        if !carried.is_empty() && carried != rebuilt.as_slice() {
            v2_body_difference(carried, &rebuilt)?;
        }
        rebuilt.as_slice()
    } else {
        e.bytes(7)
    };
    let mut verified_time = None;
    if let Some(set) = promise {
        if !log.valid.contains(integrated_time) {
            return Err(Failure::TlogKeyNotValidAt(integrated_time));
        }
        // sigstore-go's RekorPayload, canonicalized (RFC 8785: keys sorted, no spaces).
        let payload = format!(
            r#"{{"body":"{}","integratedTime":{},"logID":"{}","logIndex":{}}}"#,
            base64::engine::general_purpose::STANDARD.encode(body),
            integrated_time,
            hex::encode(key_id),
            log_index
        );
        if log.verify(payload.as_bytes(), set) != Some(true) {
            return Err(Failure::SignedEntryTimestampInvalid);
        }
        checks.push(Check::SignedEntryTimestamp);
        verified_time = Some(integrated_time);
    }
    if let Some(p) = proof {
        let (index, size) = (int(p, 1), int(p, 3));
        let root_hash = p.bytes(2);
        let hashes: Vec<&[u8]> = p
            .list(4)
            .iter()
            .map(|h| match h {
                Value::Bytes(b) => b.as_slice(),
                _ => &[],
            })
            .collect();
        let leaf_hash = hash_leaf(body);
        let envelope = p.msg(5).map_or("", |c| c.str(1));
        if v2 {
            // Rekor v2 (as rekor-tiles' VerifyLogEntryWithHash): the checkpoint first, then the
            // proof against the checkpoint's size and root, at the entry's index.
            let host = log_host(&log.base_url).ok_or(Failure::TlogNoBaseUrl)?;
            let (n, root) = signed_note(envelope, host, log, key)?;
            checks.push(Check::Checkpoint);
            let ok = u64::try_from(log_index)
                .ok()
                .and_then(|i| root_from_inclusion_proof(i, n, leaf_hash, &hashes))
                .is_some_and(|r| r[..] == root[..]);
            if !ok {
                return Err(Failure::InclusionProofInvalid);
            }
            checks.push(Check::InclusionProof);
        } else {
            let ok = u64::try_from(index)
                .ok()
                .zip(u64::try_from(size).ok())
                .and_then(|(i, s)| root_from_inclusion_proof(i, s, leaf_hash, &hashes))
                .is_some_and(|r| r[..] == *root_hash);
            if !ok {
                return Err(Failure::InclusionProofInvalid);
            }
            checks.push(Check::InclusionProof);
            checkpoint(envelope, size, root_hash, &log.key_der, key)?;
            checks.push(Check::Checkpoint);
        }
    }
    match (kind, content) {
        ("hashedrekord", Content::Message { alg, digest, signature }) if !v2 => {
            entry_body(body, leaf_der, signature, *alg, digest)?
        }
        ("dsse", Content::Dsse { payload, signature, .. }) => dsse_body(body, leaf_der, signature, payload)?,
        ("intoto", Content::Dsse { payload, signature, .. }) => intoto_body(body, leaf_der, signature, payload)?,
        _ => {} // Rekor v2: the body was rebuilt from the bundle.
    }
    checks.push(Check::EntryBody);
    Ok((verified_time, log.base_url.clone(), log_index))
}

/// The host name of a log's base URL (sigstore-go: `url.Parse(baseUrl).Hostname()`), the origin
/// its Rekor v2 checkpoints must name.
fn log_host(base_url: &str) -> Option<&str> {
    let rest = base_url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host.starts_with('[') {
        host.split_once(']').map(|(h, _)| h.trim_start_matches('['))?
    } else {
        host.split(':').next()?
    };
    (!host.is_empty()).then_some(host)
}

/// The protobuf-specs `PublicKeyDetails` name rekor-tiles records for a certificate key (sigstore's
/// `GetDefaultAlgorithmDetails` with Ed25519ph), and the hash of its data.
fn key_details(key: &PublicKey) -> Result<(&'static str, Hash), Failure> {
    Ok(match key {
        PublicKey::P256(_) => ("PKIX_ECDSA_P256_SHA_256", Hash::Sha256),
        PublicKey::P384(_) => ("PKIX_ECDSA_P384_SHA_384", Hash::Sha384),
        PublicKey::Ed25519(_) => ("PKIX_ED25519_PH", Hash::Sha512),
        PublicKey::Rsa(k) => {
            use rsa::traits::PublicKeyParts as _;
            match k.size() * 8 {
                2048 => ("PKIX_RSA_PKCS1V15_2048_SHA256", Hash::Sha256),
                3072 => ("PKIX_RSA_PKCS1V15_3072_SHA256", Hash::Sha256),
                4096 => ("PKIX_RSA_PKCS1V15_4096_SHA256", Hash::Sha256),
                _ => return Err(Failure::UnsupportedKey),
            }
        }
    })
}

/// The canonical (RFC 8785) JSON of the hashedrekord 0.0.2 entry the bundle stands for, as
/// rekor-tiles' `hashedrekord.ToEntryHash` builds it: the message digest (for an envelope, the
/// hash of its PAE), the signature, and the certificate with its key details. Keys are written in
/// sorted order, base64 standard with padding, as protojson and the canonicalizer produce them.
fn hashedrekord_v002(key: &PublicKey, leaf_der: &[u8], content: &Content<'_>) -> Result<Vec<u8>, Failure> {
    let (details, hash) = key_details(key)?;
    let (digest, signature) = match content {
        Content::Message { digest, signature, .. } => (digest.to_vec(), *signature),
        Content::Dsse { payload, payload_type, signature } => (hash.digest(&pae(payload_type, payload)), *signature),
    };
    let alg = match hash {
        Hash::Sha256 => "SHA2_256",
        Hash::Sha384 => "SHA2_384",
        Hash::Sha512 => "SHA2_512",
    };
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    Ok(format!(
        r#"{{"apiVersion":"0.0.2","kind":"hashedrekord","spec":{{"hashedRekordV002":{{"data":{{"algorithm":"{alg}","digest":"{}"}},"signature":{{"content":"{}","verifier":{{"keyDetails":"{details}","x509Certificate":{{"rawBytes":"{}"}}}}}}}}}}}}"#,
        b64(&digest),
        b64(signature),
        b64(leaf_der)
    )
    .into_bytes())
}

/// Why a carried Rekor v2 body is not the one rebuilt from the bundle: the field that differs.
fn v2_body_difference(carried: &[u8], rebuilt: &[u8]) -> Result<(), Failure> {
    let c: serde_json::Value = serde_json::from_slice(carried).map_err(|_| Failure::EntryBodyMalformed)?;
    let r: serde_json::Value = serde_json::from_slice(rebuilt).map_err(|_| Failure::EntryBodyMalformed)?;
    let at = |v: &serde_json::Value, p: &str| v.pointer(&format!("/spec/hashedRekordV002{p}")).cloned();
    if at(&c, "/signature/content") != at(&r, "/signature/content") {
        return Err(Failure::EntrySignatureMismatch);
    }
    if at(&c, "/signature/verifier") != at(&r, "/signature/verifier") {
        return Err(Failure::EntryCertificateMismatch);
    }
    if at(&c, "/data") != at(&r, "/data") {
        return Err(Failure::EntryDigestMismatch);
    }
    Err(Failure::EntryBodyMalformed)
}

/// A Rekor v2 checkpoint: a C2SP signed note (golang.org/x/mod/sumdb/note's `Open`, and
/// transparency-dev's `ParseCheckpoint`): text lines `origin`, `size`, `base64 root hash` and
/// optional extension lines, a blank line, then signature lines `— name base64(keyhash4 || sig)`.
/// The origin must be the log's host name; signatures by other keys (witness cosignatures) are
/// skipped, as `note.Open` skips unknown keys; the log's own signature must be there and every one
/// of its lines must verify. Returns the tree size and root hash.
fn signed_note(envelope: &str, origin: &str, log: &trust::Log, key: &PublicKey) -> Result<(u64, Vec<u8>), Failure> {
    let bad = || Failure::CheckpointMalformed;
    // The note text ends at the last "\n\n" (note.Open: text, then a blank line, then signatures).
    let split = envelope.rfind("\n\n").ok_or_else(bad)?;
    let (text, sigs) = (&envelope[..split + 1], &envelope[split + 2..]);
    if !sigs.ends_with('\n') || text.contains('\r') {
        return Err(bad());
    }
    let mut lines = text.lines();
    let (Some(first), Some(n), Some(hash)) = (lines.next(), lines.next(), lines.next()) else {
        return Err(bad());
    };
    if first.is_empty() {
        return Err(bad());
    }
    if n.is_empty() || (n.len() > 1 && n.starts_with('0')) || !n.bytes().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let n: u64 = n.parse().map_err(|_| bad())?;
    let root = base64::engine::general_purpose::STANDARD.decode(hash).map_err(|_| bad())?;
    if root.len() != 32 {
        return Err(bad());
    }
    // The key hash the log signs under (rekor-tiles' note.KeyHash): Ed25519 per C2SP, ECDSA the
    // first bytes of SHA-256 of the PKIX key, RSA with its algorithm byte and identifier.
    let hint: [u8; 4] = match key {
        PublicKey::Ed25519(_) => {
            let mut h = Sha256::new();
            h.update(origin.as_bytes());
            h.update(b"\n");
            h.update([1u8]);
            h.update(key.ed25519_bytes().unwrap_or_default());
            h.finalize()[..4].try_into().unwrap_or_default()
        }
        PublicKey::P256(_) | PublicKey::P384(_) => trust::key_id(&log.key_der)[..4].try_into().unwrap_or_default(),
        PublicKey::Rsa(_) => {
            let mut h = Sha256::new();
            h.update(origin.as_bytes());
            h.update(b"\n");
            h.update([255u8]);
            h.update(b"PKIX-RSA-PKCS#1v1.5");
            h.update(&log.key_der);
            h.finalize()[..4].try_into().unwrap_or_default()
        }
    };
    let mut verified = false;
    let mut ours = false;
    for line in sigs.split_terminator('\n') {
        let rest = line.strip_prefix("\u{2014} ").ok_or_else(bad)?;
        let (name, sig) = rest.split_once(' ').ok_or_else(bad)?;
        if name.is_empty() || sig.contains(' ') {
            return Err(bad());
        }
        let sig = base64::engine::general_purpose::STANDARD.decode(sig).map_err(|_| bad())?;
        if sig.len() < 5 {
            return Err(bad());
        }
        if name != origin || sig[..4] != hint {
            continue;
        }
        ours = true;
        if log.verify(text.as_bytes(), &sig[4..]) != Some(true) {
            return Err(Failure::CheckpointSignatureInvalid);
        }
        verified = true;
    }
    if !ours || !verified {
        // No signature line by the log's key: by the log's name with another key hint, or none.
        return Err(Failure::CheckpointKeyHint);
    }
    if first != origin {
        return Err(Failure::CheckpointOrigin(first.to_owned()));
    }
    Ok((n, root))
}

/// RFC 6962 leaf hash.
fn hash_leaf(data: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(data);
    h.finalize().into()
}

fn hash_children(l: &[u8], r: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(l);
    h.update(r);
    h.finalize().into()
}

/// RFC 6962 / RFC 9162 §2.1.3.2: the root an inclusion proof leads to, as transparency-dev/merkle's
/// `RootFromInclusionProof` computes it.
fn root_from_inclusion_proof(index: u64, size: u64, leaf: [u8; 32], proof: &[&[u8]]) -> Option<[u8; 32]> {
    if index >= size || proof.iter().any(|h| h.len() != 32) {
        return None;
    }
    let inner = (64 - (index ^ (size - 1)).leading_zeros()) as usize;
    let border = (index >> inner).count_ones() as usize;
    if proof.len() != inner + border {
        return None;
    }
    let mut seed = leaf;
    for (i, h) in proof[..inner].iter().enumerate() {
        seed = if (index >> i) & 1 == 0 { hash_children(&seed, h) } else { hash_children(h, &seed) };
    }
    for h in &proof[inner..] {
        seed = hash_children(h, &seed);
    }
    Some(seed)
}

/// A Rekor v1 checkpoint (a signed note, as rekor's `SignedCheckpoint` reads it): the note's tree
/// size and root hash must be the proof's, and every signature line must carry the log key's hint
/// and verify (ECDSA over SHA-256 of the note text).
fn checkpoint(envelope: &str, size: i64, root_hash: &[u8], key_der: &[u8], key: &PublicKey) -> Result<(), Failure> {
    let mut parts = envelope.split("\n\n");
    let (Some(note), Some(sigs), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(Failure::CheckpointMalformed);
    };
    let note = format!("{note}\n");
    let mut lines = note.lines();
    let (Some(origin), Some(n), Some(hash)) = (lines.next(), lines.next(), lines.next()) else {
        return Err(Failure::CheckpointMalformed);
    };
    let n: u64 = n.parse().map_err(|_| Failure::CheckpointMalformed)?;
    let hash = base64::engine::general_purpose::STANDARD.decode(hash).map_err(|_| Failure::CheckpointMalformed)?;
    if origin.is_empty() {
        return Err(Failure::CheckpointMalformed);
    }
    if i64::try_from(n).ok() != Some(size) || hash != root_hash {
        return Err(Failure::CheckpointMismatch);
    }
    let hint = &trust::key_id(key_der)[..4];
    let digest = Sha256::digest(note.as_bytes());
    let mut any = false;
    for line in sigs.split('\n').filter(|l| !l.is_empty()) {
        let mut words = line.strip_prefix("\u{2014} ").ok_or(Failure::CheckpointMalformed)?.split(' ');
        let (Some(_name), Some(sig), None) = (words.next(), words.next(), words.next()) else {
            return Err(Failure::CheckpointMalformed);
        };
        let sig = base64::engine::general_purpose::STANDARD.decode(sig).map_err(|_| Failure::CheckpointMalformed)?;
        if sig.len() < 5 {
            return Err(Failure::CheckpointMalformed);
        }
        if &sig[..4] != hint {
            return Err(Failure::CheckpointKeyHint);
        }
        if !key.verify_digest(&digest, &sig[4..]) {
            return Err(Failure::CheckpointSignatureInvalid);
        }
        any = true;
    }
    if !any {
        return Err(Failure::CheckpointMalformed);
    }
    Ok(())
}

/// A hashedrekord v0.0.1 body must record the bundle's signature, certificate and digest.
fn entry_body(body: &[u8], leaf_der: &[u8], signature: &[u8], alg: Hash, digest: &[u8]) -> Result<(), Failure> {
    let v: serde_json::Value = serde_json::from_slice(body).map_err(|_| Failure::EntryBodyMalformed)?;
    let s = |p: &str| v.pointer(p).and_then(|x| x.as_str());
    if s("/kind") != Some("hashedrekord") || s("/apiVersion") != Some("0.0.1") {
        return Err(Failure::EntryBodyMalformed);
    }
    let b64 = |p: &str| s(p).and_then(|x| base64::engine::general_purpose::STANDARD.decode(x).ok());
    let sig = b64("/spec/signature/content").ok_or(Failure::EntryBodyMalformed)?;
    if sig != signature {
        return Err(Failure::EntrySignatureMismatch);
    }
    let pem = b64("/spec/signature/publicKey/content").ok_or(Failure::EntryBodyMalformed)?;
    let cert = pem_der(&pem).ok_or(Failure::EntryCertificateMismatch)?;
    if cert != leaf_der {
        return Err(Failure::EntryCertificateMismatch);
    }
    let alg_name = match alg {
        Hash::Sha256 => "sha256",
        Hash::Sha384 => "sha384",
        Hash::Sha512 => "sha512",
    };
    let value = s("/spec/data/hash/value").and_then(|h| hex::decode(h).ok()).ok_or(Failure::EntryBodyMalformed)?;
    if s("/spec/data/hash/algorithm") != Some(alg_name) || value != digest {
        return Err(Failure::EntryDigestMismatch);
    }
    Ok(())
}

/// A dsse 0.0.1 body (rekor's `dsse` type, as sigstore-go and sigstore-python read it): exactly one
/// signature, which is the envelope's (base64), by the bundle's certificate (base64 PEM), and the
/// payload hash (SHA-256, hex) of the envelope's payload. The envelope hash cannot be checked (the
/// envelope JSON is not canonical), as in both.
fn dsse_body(body: &[u8], leaf_der: &[u8], signature: &[u8], payload: &[u8]) -> Result<(), Failure> {
    let v: serde_json::Value = serde_json::from_slice(body).map_err(|_| Failure::EntryBodyMalformed)?;
    let s = |p: &str| v.pointer(p).and_then(|x| x.as_str());
    if s("/kind") != Some("dsse") || s("/apiVersion") != Some("0.0.1") {
        return Err(Failure::EntryBodyMalformed);
    }
    let b64 = |x: &str| base64::engine::general_purpose::STANDARD.decode(x).ok();
    let sigs = v.pointer("/spec/signatures").and_then(|x| x.as_array()).ok_or(Failure::EntryBodyMalformed)?;
    let [one] = sigs.as_slice() else { return Err(Failure::EntrySignatureMismatch) };
    let sig = one.get("signature").and_then(|x| x.as_str()).and_then(b64).ok_or(Failure::EntryBodyMalformed)?;
    if sig != signature {
        return Err(Failure::EntrySignatureMismatch);
    }
    let pem = one.get("verifier").and_then(|x| x.as_str()).and_then(b64).ok_or(Failure::EntryBodyMalformed)?;
    if pem_der(&pem).as_deref() != Some(leaf_der) {
        return Err(Failure::EntryCertificateMismatch);
    }
    payload_hash(&v, "/spec/payloadHash", payload)
}

/// An intoto 0.0.2 body (rekor's `intoto` type, as sigstore-go reads it): the envelope's first
/// signature, base64 of the base64 signature, is the bundle's; its public key (base64 PEM) is the
/// certificate; the payload hash is the payload's. One signature only, as in a bundle.
fn intoto_body(body: &[u8], leaf_der: &[u8], signature: &[u8], payload: &[u8]) -> Result<(), Failure> {
    let v: serde_json::Value = serde_json::from_slice(body).map_err(|_| Failure::EntryBodyMalformed)?;
    let s = |p: &str| v.pointer(p).and_then(|x| x.as_str());
    if s("/kind") != Some("intoto") || s("/apiVersion") != Some("0.0.2") {
        return Err(Failure::EntryBodyMalformed);
    }
    let b64 = |x: &[u8]| base64::engine::general_purpose::STANDARD.decode(x).ok();
    let sigs =
        v.pointer("/spec/content/envelope/signatures").and_then(|x| x.as_array()).ok_or(Failure::EntryBodyMalformed)?;
    let [one] = sigs.as_slice() else { return Err(Failure::EntrySignatureMismatch) };
    let sig = one
        .get("sig")
        .and_then(|x| x.as_str())
        .and_then(|x| b64(x.as_bytes()))
        .and_then(|x| b64(&x))
        .ok_or(Failure::EntryBodyMalformed)?;
    if sig != signature {
        return Err(Failure::EntrySignatureMismatch);
    }
    let pem = one.get("publicKey").and_then(|x| x.as_str()).and_then(|x| b64(x.as_bytes()));
    if pem.and_then(|p| pem_der(&p)).as_deref() != Some(leaf_der) {
        return Err(Failure::EntryCertificateMismatch);
    }
    payload_hash(&v, "/spec/content/payloadHash", payload)
}

/// A rekor `{algorithm: sha256, value: hex}` is the SHA-256 of the DSSE payload.
fn payload_hash(v: &serde_json::Value, at: &str, payload: &[u8]) -> Result<(), Failure> {
    let h = v.pointer(at).ok_or(Failure::EntryBodyMalformed)?;
    if h.get("algorithm").and_then(|x| x.as_str()) != Some("sha256") {
        return Err(Failure::EntryPayloadMismatch);
    }
    let value = h.get("value").and_then(|x| x.as_str()).and_then(|x| hex::decode(x).ok());
    if value.as_deref() != Some(&Sha256::digest(payload)[..]) {
        return Err(Failure::EntryPayloadMismatch);
    }
    Ok(())
}

/// The DER of a PEM `CERTIFICATE` block.
fn pem_der(pem: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(pem).ok()?;
    let body = text.trim().strip_prefix("-----BEGIN CERTIFICATE-----")?.strip_suffix("-----END CERTIFICATE-----")?;
    let b64: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD.decode(b64).ok()
}

/// The raw `tbsCertificate` TLV and the signature of a DER certificate.
fn tbs_bytes(der: &[u8]) -> Option<&[u8]> {
    let mut r = der::SliceReader::new(der).ok()?;
    let header = der::Header::decode(&mut r).ok()?;
    if header.tag != der::Tag::Sequence {
        return None;
    }
    r.tlv_bytes().ok()
}

/// A certificate's signature algorithm: ECDSA or RSA PKCS#1 v1.5 with SHA-2, or Ed25519. RSASSA-PSS
/// (its parameters) is not read: an explicit failure.
fn signature_scheme(oid: &der::asn1::ObjectIdentifier) -> Result<Scheme, Failure> {
    Ok(match oid.to_string().as_str() {
        "1.2.840.10045.4.3.2" => Scheme::Ecdsa(Hash::Sha256),
        "1.2.840.10045.4.3.3" => Scheme::Ecdsa(Hash::Sha384),
        "1.2.840.10045.4.3.4" => Scheme::Ecdsa(Hash::Sha512),
        "1.2.840.113549.1.1.11" => Scheme::RsaPkcs1v15(Hash::Sha256),
        "1.2.840.113549.1.1.12" => Scheme::RsaPkcs1v15(Hash::Sha384),
        "1.2.840.113549.1.1.13" => Scheme::RsaPkcs1v15(Hash::Sha512),
        "1.3.101.112" => Scheme::Ed25519,
        o => return Err(Failure::UnsupportedAlgorithm(o.to_owned())),
    })
}

/// `cert` was signed by `issuer` (names match, and the signature verifies with its key).
fn signed_by(cert: &Certificate, cert_der: &[u8], issuer: &Certificate) -> Result<bool, Failure> {
    if cert.tbs_certificate.issuer != issuer.tbs_certificate.subject {
        return Ok(false);
    }
    let spki = issuer.tbs_certificate.subject_public_key_info.to_der().map_err(|_| Failure::BadCertificate)?;
    let Some(key) = PublicKey::from_spki_der(&spki) else { return Ok(false) };
    let scheme = signature_scheme(&cert.signature_algorithm.oid)?;
    let tbs = tbs_bytes(cert_der).ok_or(Failure::BadCertificate)?;
    let Some(sig) = cert.signature.as_bytes() else { return Ok(false) };
    // ECDSA with any SHA-2 (Go's x509 pairs the hash with the algorithm, not the curve).
    let scheme = match (&key, scheme) {
        (PublicKey::P256(_) | PublicKey::P384(_), Scheme::Ecdsa(h)) => {
            return Ok(key.verify_prehashed(Scheme::Ecdsa(h), &h.digest(tbs), sig))
        }
        (_, s) => s,
    };
    Ok(key.verify(scheme, tbs, sig))
}

fn validity(c: &Certificate) -> (i64, i64) {
    let v = &c.tbs_certificate.validity;
    let secs = |t: &x509_cert::time::Time| i64::try_from(t.to_unix_duration().as_secs()).unwrap_or(i64::MAX);
    (secs(&v.not_before), secs(&v.not_after))
}

fn extension<'a>(c: &'a Certificate, oid: &str) -> Option<&'a x509_cert::ext::Extension> {
    c.tbs_certificate.extensions.as_ref()?.iter().find(|e| e.extn_id.to_string() == oid)
}

fn has_code_signing(c: &Certificate) -> Option<bool> {
    let e = extension(c, OID_EKU)?;
    let eku = x509_cert::ext::pkix::ExtendedKeyUsage::from_der(e.extn_value.as_bytes()).ok()?;
    Some(eku.0.iter().any(|o| o.to_string() == OID_CODE_SIGNING))
}

/// The first critical extension Go's crypto/x509 leaves unhandled (its parser knows key usage,
/// basic constraints, subject alternative names, name constraints, CRL distribution points,
/// certificate policies, key identifiers and extended key usage); x509.Verify then refuses the
/// certificate, and so does sigstore-go.
fn unhandled_critical(c: &Certificate) -> Option<String> {
    const HANDLED: &[&str] = &[
        "2.5.29.14",
        "2.5.29.15",
        "2.5.29.17",
        "2.5.29.19",
        "2.5.29.30",
        "2.5.29.31",
        "2.5.29.32",
        "2.5.29.35",
        "2.5.29.37",
    ];
    c.tbs_certificate
        .extensions
        .iter()
        .flatten()
        .find(|e| e.critical && !HANDLED.contains(&e.extn_id.to_string().as_str()))
        .map(|e| e.extn_id.to_string())
}

/// The certificate chains to a CA of the trusted root, every certificate valid at `at`.
fn chain(leaf: &Certificate, leaf_der: &[u8], policy: &Policy, at: i64) -> Result<(), Failure> {
    if has_code_signing(leaf) != Some(true) {
        return Err(Failure::NotCodeSigning);
    }
    if let Some(oid) = unhandled_critical(leaf) {
        return Err(Failure::UnhandledCriticalExtension(oid));
    }
    let mut outside = None;
    for ca in &policy.trusted_root.cas {
        let certs: Vec<Certificate> = match ca.chain.iter().map(|d| Certificate::from_der(d)).collect() {
            Ok(c) => c,
            Err(_) => continue,
        };
        if !signed_by(leaf, leaf_der, &certs[0])? {
            continue;
        }
        let mut linked = true;
        for i in 0..certs.len() - 1 {
            linked &= signed_by(&certs[i], &ca.chain[i], &certs[i + 1])?;
        }
        if !linked {
            continue;
        }
        if !ca.valid.contains(at) {
            outside = Some(Failure::AuthorityNotValidAt(at));
            continue;
        }
        for c in std::iter::once(leaf).chain(&certs) {
            let (not_before, not_after) = validity(c);
            if at < not_before || at > not_after {
                return Err(Failure::CertificateExpired { not_before, not_after, at });
            }
        }
        if certs[..certs.len() - 1].iter().any(|c| has_code_signing(c) == Some(false)) {
            return Err(Failure::NotCodeSigning);
        }
        if let Some(oid) = certs.iter().find_map(unhandled_critical) {
            return Err(Failure::UnhandledCriticalExtension(oid));
        }
        return Ok(());
    }
    Err(outside.unwrap_or(Failure::UntrustedChain))
}

/// Every embedded SCT verifies against a CT log of the trusted root (RFC 6962 §3.2, precert entry).
fn scts(leaf: &Certificate, policy: &Policy) -> Result<(), Failure> {
    let ext = extension(leaf, OID_SCT_LIST).ok_or(Failure::NoSct)?;
    let list = der::asn1::OctetString::from_der(ext.extn_value.as_bytes()).map_err(|_| Failure::SctInvalid)?;
    let list = list.as_bytes();
    // The TBS without the SCT extension, as the CA signed it before adding the SCTs.
    let mut tbs = leaf.tbs_certificate.clone();
    if let Some(exts) = tbs.extensions.as_mut() {
        exts.retain(|e| e.extn_id.to_string() != OID_SCT_LIST);
    }
    let tbs = tbs.to_der().map_err(|_| Failure::SctInvalid)?;
    // The issuer's key hash: the issuing CA is the first of a trusted chain that signed the leaf.
    let issuer_spki = policy
        .trusted_root
        .cas
        .iter()
        .filter_map(|ca| Certificate::from_der(ca.chain.first()?).ok())
        .find(|c| c.tbs_certificate.subject == leaf.tbs_certificate.issuer)
        .and_then(|c| c.tbs_certificate.subject_public_key_info.to_der().ok())
        .ok_or(Failure::UntrustedChain)?;
    let issuer_key_hash = Sha256::digest(&issuer_spki);

    let u16_at =
        |b: &[u8], i: usize| -> Option<usize> { Some(usize::from(u16::from_be_bytes([*b.get(i)?, *b.get(i + 1)?]))) };
    let total = u16_at(list, 0).ok_or(Failure::SctInvalid)?;
    if total + 2 != list.len() {
        return Err(Failure::SctInvalid);
    }
    let mut at = 2;
    let mut n = 0;
    while at < list.len() {
        let len = u16_at(list, at).ok_or(Failure::SctInvalid)?;
        let sct = list.get(at + 2..at + 2 + len).ok_or(Failure::SctInvalid)?;
        at += 2 + len;
        // version(1) log_id(32) timestamp(8) extensions(2+n) hash(1) sig(1) signature(2+n)
        if sct.len() < 43 || sct[0] != 0 {
            return Err(Failure::SctInvalid);
        }
        let log_id = &sct[1..33];
        let timestamp = &sct[33..41];
        let ext_len = u16_at(sct, 41).ok_or(Failure::SctInvalid)?;
        let exts = sct.get(43..43 + ext_len).ok_or(Failure::SctInvalid)?;
        let rest = &sct[43 + ext_len..];
        // RFC 5246 SignatureAndHashAlgorithm: SHA-256 (4) with ECDSA (3) or RSA (1).
        let scheme = match rest.get(..2) {
            Some([4, 3]) => Scheme::Ecdsa(Hash::Sha256),
            Some([4, 1]) => Scheme::RsaPkcs1v15(Hash::Sha256),
            _ => return Err(Failure::SctInvalid),
        };
        let sig_len = u16_at(rest, 2).ok_or(Failure::SctInvalid)?;
        if rest.len() != 4 + sig_len {
            return Err(Failure::SctInvalid);
        }
        let sig = &rest[4..];
        let log = policy.trusted_root.ctlogs.iter().find(|l| l.key_id == log_id).ok_or(Failure::SctUnknownLog)?;
        let key = log.key.as_ref().ok_or(Failure::UnsupportedKey)?;
        let mut signed = vec![0u8, 0u8];
        signed.extend_from_slice(timestamp);
        signed.extend_from_slice(&[0, 1]);
        signed.extend_from_slice(&issuer_key_hash);
        let tbs_len = u32::try_from(tbs.len()).map_err(|_| Failure::SctInvalid)?;
        signed.extend_from_slice(&tbs_len.to_be_bytes()[1..]);
        signed.extend_from_slice(&tbs);
        signed.extend_from_slice(&u16::try_from(exts.len()).unwrap_or(0).to_be_bytes());
        signed.extend_from_slice(exts);
        if !key.verify_prehashed(scheme, &Sha256::digest(&signed), sig) {
            return Err(Failure::SctInvalid);
        }
        n += 1;
    }
    if n == 0 {
        return Err(Failure::NoSct);
    }
    Ok(())
}

/// The signer's identity (first URI SAN, else first email SAN, else Fulcio's OtherName username,
/// as sigstore-go's `SummarizeCertificate` picks it) and OIDC issuer (extension 1.1 raw, 1.8 DER
/// UTF8String; the later one in the certificate wins, as sigstore-go's `ParseExtensions` reads them).
fn identity(leaf: &Certificate) -> Result<(String, String), Failure> {
    use x509_cert::ext::pkix::name::GeneralName;
    let mut san = String::new();
    if let Some(e) = extension(leaf, OID_SAN) {
        let names =
            x509_cert::ext::pkix::SubjectAltName::from_der(e.extn_value.as_bytes()).map_err(|_| Failure::NoIdentity)?;
        let uri = names.0.iter().find_map(|n| match n {
            GeneralName::UniformResourceIdentifier(u) => Some(u.to_string()),
            _ => None,
        });
        let email = names.0.iter().find_map(|n| match n {
            GeneralName::Rfc822Name(u) => Some(u.to_string()),
            _ => None,
        });
        let other = names.0.iter().find_map(|n| match n {
            GeneralName::OtherName(o) if o.type_id.to_string() == "1.3.6.1.4.1.57264.1.7" => {
                o.value.decode_as::<der::asn1::Utf8StringRef<'_>>().ok().map(|s| s.to_string())
            }
            _ => None,
        });
        san = uri.or(email).or(other).unwrap_or_default();
    }
    let mut issuer = String::new();
    for e in leaf.tbs_certificate.extensions.iter().flatten() {
        match e.extn_id.to_string().as_str() {
            OID_ISSUER_V1 => issuer = String::from_utf8_lossy(e.extn_value.as_bytes()).into_owned(),
            OID_ISSUER_V2 => {
                issuer = der::asn1::Utf8StringRef::from_der(e.extn_value.as_bytes())
                    .map_err(|_| Failure::NoIdentity)?
                    .to_string()
            }
            _ => {}
        }
    }
    if san.is_empty() || issuer.is_empty() {
        return Err(Failure::NoIdentity);
    }
    Ok((san, issuer))
}

#[cfg(test)]
mod tests;
