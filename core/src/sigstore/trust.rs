//! A Sigstore `trusted_root.json` (protobuf-specs `dev.sigstore.trustroot.v1.TrustedRoot`), read
//! into the keys and certificate chains the engine checks against.

use sha2::{Digest as _, Sha256};

use super::keys::{PublicKey, Scheme};

/// Why a trusted root cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustedRootError {
    NotJson(String),
    UnsupportedMediaType(String),
    /// A field is missing or has the wrong shape (its JSON path).
    Malformed(&'static str),
    /// A key or certificate in it cannot be read (which list).
    BadKey(&'static str),
    BadTime(String),
}

impl std::fmt::Display for TrustedRootError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TrustedRootError::NotJson(e) => write!(f, "the trusted root is not JSON ({e})"),
            TrustedRootError::UnsupportedMediaType(m) => {
                write!(f, "the trusted root's media type {m:?} is not a trusted root v0.1")
            }
            TrustedRootError::Malformed(w) => write!(f, "the trusted root lacks or misshapes {w}"),
            TrustedRootError::BadKey(w) => write!(f, "a key or certificate in the trusted root's {w} cannot be read"),
            TrustedRootError::BadTime(t) => write!(f, "the trusted root's time {t:?} is not RFC 3339"),
        }
    }
}

impl std::error::Error for TrustedRootError {}

/// A validity window in Unix seconds; `end` `None` is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: i64,
    pub end: Option<i64>,
}

impl Window {
    pub fn contains(&self, t: i64) -> bool {
        self.start <= t && self.end.is_none_or(|e| t <= e)
    }
}

/// A transparency log or CT log.
#[derive(Debug, Clone)]
pub struct Log {
    pub base_url: String,
    /// The log id: SHA-256 of the key's PKIX DER, as the trusted root states it.
    pub key_id: Vec<u8>,
    pub key_der: Vec<u8>,
    /// The key, `None` when its type or its `keyDetails` is not one zverify verifies (then any
    /// use of it fails).
    pub key: Option<PublicKey>,
    /// How the key signs, from `keyDetails` (the key's default when the root names none).
    pub scheme: Scheme,
    pub valid: Window,
}

impl Log {
    /// The log's key and scheme verify `sig` over `message`; `None` when the key is unusable.
    pub fn verify(&self, message: &[u8], sig: &[u8]) -> Option<bool> {
        self.key.as_ref().map(|k| k.verify(self.scheme, message, sig))
    }
}

/// A Fulcio certificate authority: its chain, issuing certificate first, root last.
#[derive(Debug, Clone)]
pub struct CertificateAuthority {
    pub uri: String,
    pub chain: Vec<Vec<u8>>,
    pub valid: Window,
}

#[derive(Debug, Clone)]
pub struct TrustedRoot {
    pub tlogs: Vec<Log>,
    pub cas: Vec<CertificateAuthority>,
    pub ctlogs: Vec<Log>,
    /// RFC 3161 timestamp authorities: chain (signing certificate first) and validity.
    pub tsas: Vec<CertificateAuthority>,
}

/// Sigstore's public-good trusted root, exactly as Zarf embeds it for `zarf package verify`
/// (`src/pkg/signing/embedded_trusted_root.json`, refreshed by Zarf from the public-good TUF
/// repository): so a keyless package checked without a root is checked against what Zarf trusts.
/// It lists Rekor v1 and the 2025 Rekor v2 log (Ed25519), Fulcio's CAs, the CT logs and the
/// public-good timestamp authority.
pub const PUBLIC_GOOD_JSON: &str = include_str!("public-good-trusted-root.json");
/// Where and when [`PUBLIC_GOOD_JSON`] was taken.
pub const PUBLIC_GOOD_SOURCE: &str =
    "Sigstore public-good trusted_root.json, as Zarf embeds it: github.com/zarf-dev/zarf src/pkg/signing/embedded_trusted_root.json at 97a1b4d0, last changed 2026-05-26";

/// RFC 3339 (`2021-03-07T03:20:29.000Z`, or with an offset) as Unix seconds, fractions dropped.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        t.bytes().all(|c| c.is_ascii_digit()).then(|| t.parse().ok()).flatten()
    };
    let (y, mo, d, h, mi, se) = (num(0..4)?, num(5..7)?, num(8..10)?, num(11..13)?, num(14..16)?, num(17..19)?);
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        rest = &frac[n..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ if rest.len() == 6 && (rest.starts_with('+') || rest.starts_with('-')) && &rest[3..4] == ":" => {
            let hh: i64 = rest[1..3].parse().ok()?;
            let mm: i64 = rest[4..6].parse().ok()?;
            let sign = if rest.starts_with('-') { -1 } else { 1 };
            sign * (hh * 3600 + mm * 60)
        }
        _ => return None,
    };
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    Some(days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - offset)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm; written here
/// because the only date type at hand, `der::DateTime`, refuses years before 1970 and after 9999).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn b64(s: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.decode(s).ok()
}

fn window(v: Option<&serde_json::Value>) -> Result<Window, TrustedRootError> {
    let Some(v) = v else { return Err(TrustedRootError::Malformed("validFor")) };
    let time = |k: &str| -> Result<Option<i64>, TrustedRootError> {
        match v.get(k) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(s)) => {
                parse_rfc3339(s).map(Some).ok_or_else(|| TrustedRootError::BadTime(s.clone()))
            }
            Some(_) => Err(TrustedRootError::Malformed("validFor")),
        }
    };
    Ok(Window { start: time("start")?.ok_or(TrustedRootError::Malformed("validFor.start"))?, end: time("end")? })
}

fn logs(v: Option<&serde_json::Value>, what: &'static str) -> Result<Vec<Log>, TrustedRootError> {
    let Some(list) = v else { return Ok(Vec::new()) };
    let list = list.as_array().ok_or(TrustedRootError::Malformed(what))?;
    let mut out = Vec::new();
    for l in list {
        let pk = l.get("publicKey").ok_or(TrustedRootError::Malformed(what))?;
        let key_der =
            pk.get("rawBytes").and_then(|r| r.as_str()).and_then(b64).ok_or(TrustedRootError::Malformed(what))?;
        let key_id = l
            .get("logId")
            .and_then(|i| i.get("keyId"))
            .and_then(|k| k.as_str())
            .and_then(b64)
            .ok_or(TrustedRootError::Malformed(what))?;
        // keyDetails names the key's scheme; `PKCS1_RSA_PKCS1V5` keys are PKCS#1 DER, all others
        // PKIX. A scheme zverify does not verify, or a key of another type than it names, leaves
        // the log without a usable key.
        let details = pk.get("keyDetails").and_then(|d| d.as_str());
        let key = if details == Some("PKCS1_RSA_PKCS1V5") {
            PublicKey::from_pkcs1_der(&key_der)
        } else {
            PublicKey::from_spki_der(&key_der)
        };
        let scheme = match details {
            Some(d) => Scheme::from_key_details(d),
            None => key.as_ref().map(PublicKey::default_scheme),
        };
        let key = key.filter(|k| scheme.is_some_and(|s| s.fits(k)));
        out.push(Log {
            base_url: l.get("baseUrl").and_then(|u| u.as_str()).unwrap_or_default().to_owned(),
            scheme: scheme.unwrap_or(Scheme::Ecdsa(super::keys::Hash::Sha256)),
            key,
            key_id,
            key_der,
            valid: window(pk.get("validFor"))?,
        });
    }
    Ok(out)
}

fn authorities(
    v: Option<&serde_json::Value>,
    what: &'static str,
) -> Result<Vec<CertificateAuthority>, TrustedRootError> {
    let mut out = Vec::new();
    let Some(list) = v else { return Ok(out) };
    for ca in list.as_array().ok_or(TrustedRootError::Malformed(what))? {
        let certs = ca
            .get("certChain")
            .and_then(|c| c.get("certificates"))
            .and_then(|c| c.as_array())
            .ok_or(TrustedRootError::Malformed(what))?;
        let mut chain = Vec::new();
        for c in certs {
            chain.push(c.get("rawBytes").and_then(|r| r.as_str()).and_then(b64).ok_or(TrustedRootError::BadKey(what))?);
        }
        if chain.is_empty() {
            return Err(TrustedRootError::Malformed(what));
        }
        out.push(CertificateAuthority {
            uri: ca.get("uri").and_then(|u| u.as_str()).unwrap_or_default().to_owned(),
            chain,
            valid: window(ca.get("validFor"))?,
        });
    }
    Ok(out)
}

impl TrustedRoot {
    pub fn parse(json: &[u8]) -> Result<TrustedRoot, TrustedRootError> {
        let v: serde_json::Value =
            serde_json::from_slice(json).map_err(|e| TrustedRootError::NotJson(e.to_string()))?;
        let mt = v.get("mediaType").and_then(|m| m.as_str()).unwrap_or_default();
        if mt != "application/vnd.dev.sigstore.trustedroot+json;version=0.1"
            && mt != "application/vnd.dev.sigstore.trustedroot.v0.2+json"
        {
            return Err(TrustedRootError::UnsupportedMediaType(mt.to_owned()));
        }
        let cas = authorities(v.get("certificateAuthorities"), "certificateAuthorities")?;
        let tsas = authorities(v.get("timestampAuthorities"), "timestampAuthorities")?;
        Ok(TrustedRoot { tlogs: logs(v.get("tlogs"), "tlogs")?, cas, ctlogs: logs(v.get("ctlogs"), "ctlogs")?, tsas })
    }

    pub fn public_good() -> TrustedRoot {
        TrustedRoot::parse(PUBLIC_GOOD_JSON.as_bytes()).expect("the embedded public-good trusted root parses")
    }
}

/// SHA-256 of a key's PKIX DER: a Rekor/CT log id, and (first four bytes) a checkpoint key hint.
pub fn key_id(der: &[u8]) -> [u8; 32] {
    Sha256::digest(der).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_times() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("2021-03-07T03:20:29.000Z"), Some(1_615_087_229));
        assert_eq!(parse_rfc3339("2021-03-07T04:20:29+01:00"), Some(1_615_087_229));
        assert_eq!(parse_rfc3339("2021-03-07 03:20:29Z"), None);
        assert_eq!(parse_rfc3339("2021-13-07T03:20:29Z"), None);
        assert_eq!(parse_rfc3339("2021-03-07T03:20:29."), None);
    }

    #[test]
    fn the_public_good_root_parses() {
        let r = TrustedRoot::public_good();
        assert!(!r.tlogs.is_empty() && !r.cas.is_empty() && !r.ctlogs.is_empty());
        // Zarf's root lists Rekor v1 (ECDSA) and the 2025 Rekor v2 log (Ed25519), and a TSA.
        assert!(r.tlogs.iter().any(|l| l.scheme == crate::sigstore::keys::Scheme::Ed25519), "no Rekor v2 log");
        assert!(!r.tsas.is_empty(), "no timestamp authority");
        for l in r.tlogs.iter().chain(&r.ctlogs) {
            assert!(l.key.is_some(), "{}", l.base_url);
            // A Rekor v1 or CT log's id is the sha256 of its key; a Rekor v2 (tiles) log names its
            // own (the checkpoint's key hash is computed from the origin, see checkpoint.rs).
            if l.scheme != crate::sigstore::keys::Scheme::Ed25519 {
                assert_eq!(key_id(&l.key_der).to_vec(), l.key_id, "{}", l.base_url);
            }
        }
    }
}
