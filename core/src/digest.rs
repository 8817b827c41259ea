//! Digests: the OCI grammar, the registered algorithms, and streaming hashers.
//!
//! A digest is always computed over bytes exactly as stored. Nothing here ever serializes a value.

use sha2::{Digest as _, Sha256, Sha384, Sha512};
use std::fmt;

/// A registered digest algorithm zverify can compute: the three that go-digest (and so Zarf and
/// every Go registry client) registers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Algorithm {
    Sha256,
    Sha384,
    Sha512,
}

impl Algorithm {
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha384 => "sha384",
            Algorithm::Sha512 => "sha512",
        }
    }
    /// Length of the lowercase hex encoding.
    pub fn hex_len(self) -> usize {
        match self {
            Algorithm::Sha256 => 64,
            Algorithm::Sha384 => 96,
            Algorithm::Sha512 => 128,
        }
    }
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "sha256" => Some(Algorithm::Sha256),
            "sha384" => Some(Algorithm::Sha384),
            "sha512" => Some(Algorithm::Sha512),
            _ => None,
        }
    }
}

/// Why a digest string is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DigestError {
    /// Does not match `algorithm:encoded` as the OCI grammar defines it.
    Grammar,
    /// A registered algorithm whose encoded part is not lowercase hex of the right length.
    Encoding { algorithm: Algorithm, reason: &'static str },
}

impl fmt::Display for DigestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DigestError::Grammar => f.write_str(
                "does not match the digest grammar `algorithm:encoded` (lowercase algorithm, e.g. sha256:<64 hex>)",
            ),
            DigestError::Encoding { algorithm, reason } => write!(
                f,
                "{} digests are {} lowercase hex characters: {}",
                algorithm.name(),
                algorithm.hex_len(),
                reason
            ),
        }
    }
}

/// A digest that passed the grammar. `algorithm` is `None` for grammatical but unregistered
/// algorithms (e.g. `multihash+base58`): such a digest cannot be verified, but it is not invalid.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Digest {
    text: String,
    split: usize,
    algorithm: Option<Algorithm>,
}

impl Digest {
    /// Parse and validate against the OCI grammar
    /// `^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$` and the registered encodings.
    pub fn parse(text: &str) -> Result<Digest, DigestError> {
        let (split, algorithm) = Self::check(text)?;
        Ok(Digest { text: text.to_owned(), split, algorithm })
    }

    /// [`Digest::parse`], keeping the string.
    pub fn parse_owned(text: String) -> Result<Digest, DigestError> {
        let (split, algorithm) = Self::check(&text)?;
        Ok(Digest { text, split, algorithm })
    }

    /// Where the `:` is, and the registered algorithm if any.
    fn check(text: &str) -> Result<(usize, Option<Algorithm>), DigestError> {
        // The usual case, `sha256:` and 64 lowercase hex digits, in one branch-free pass (the
        // general path below gives the same answer for it, more slowly).
        if let Some(enc) = text.strip_prefix("sha256:") {
            if enc.len() == 64 && is_lower_hex(enc) {
                return Ok((6, Some(Algorithm::Sha256)));
            }
        }
        let split = text.find(':').ok_or(DigestError::Grammar)?;
        let (alg, enc) = (&text[..split], &text[split + 1..]);
        let algorithm = Algorithm::from_name(alg);
        // A registered name matches the algorithm grammar; only others need the full check.
        if (algorithm.is_none() && !algorithm_grammar(alg)) || enc.is_empty() {
            return Err(DigestError::Grammar);
        }
        // (A registered algorithm's encoding is checked as lowercase hex below, a subset of this.)
        let grammar_ok = |e: &str| e.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'=' | b'_' | b'-'));
        let well_formed = (algorithm.is_some() && is_lower_hex(enc)) || grammar_ok(enc);
        if !well_formed {
            return Err(DigestError::Grammar);
        }
        if let Some(a) = algorithm {
            if enc.len() != a.hex_len() {
                return Err(DigestError::Encoding { algorithm: a, reason: "wrong length" });
            }
            if !is_lower_hex(enc) {
                let reason = if enc.bytes().any(|b| b.is_ascii_uppercase()) {
                    "uppercase hex is not allowed"
                } else {
                    "not hexadecimal"
                };
                return Err(DigestError::Encoding { algorithm: a, reason });
            }
        }
        Ok((split, algorithm))
    }

    pub fn from_parts(algorithm: Algorithm, hex: &str) -> Digest {
        let text = format!("{}:{}", algorithm.name(), hex);
        Digest { split: algorithm.name().len(), text, algorithm: Some(algorithm) }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
    pub fn algorithm_name(&self) -> &str {
        &self.text[..self.split]
    }
    pub fn algorithm(&self) -> Option<Algorithm> {
        self.algorithm
    }
    pub fn encoded(&self) -> &str {
        &self.text[self.split + 1..]
    }
    /// Short form for messages: `sha256:0123456789ab…`.
    pub fn short(&self) -> String {
        let enc = self.encoded();
        if enc.len() > 12 {
            format!("{}:{}…", self.algorithm_name(), &enc[..12])
        } else {
            self.text.clone()
        }
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// `[a-z0-9]+(?:[+._-][a-z0-9]+)*`
pub(crate) fn algorithm_grammar(alg: &str) -> bool {
    !alg.is_empty()
        && alg
            .split(['+', '.', '_', '-'])
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// Streams bytes into the hashers an entry needs; every byte is hashed exactly once per algorithm.
/// sha256 is what checksums.txt and most blobs need; sha384 and sha512 are computed only for the
/// entries that need them (blobs under `blobs/sha384/`, `blobs/sha512/`).
#[derive(Clone)]
pub struct MultiHasher {
    sha256: Option<Sha256>,
    sha384: Option<Sha384>,
    sha512: Option<Sha512>,
    len: u64,
}

impl MultiHasher {
    pub fn new(sha256: bool, sha512: bool) -> Self {
        MultiHasher { sha256: sha256.then(Sha256::new), sha384: None, sha512: sha512.then(Sha512::new), len: 0 }
    }
    /// sha256 when asked, plus `extra` (a blob's own algorithm) when it is another one.
    pub fn with(sha256: bool, extra: Option<Algorithm>) -> Self {
        MultiHasher {
            sha256: (sha256 || extra == Some(Algorithm::Sha256)).then(Sha256::new),
            sha384: (extra == Some(Algorithm::Sha384)).then(Sha384::new),
            sha512: (extra == Some(Algorithm::Sha512)).then(Sha512::new),
            len: 0,
        }
    }
    pub fn update(&mut self, chunk: &[u8]) {
        if let Some(h) = &mut self.sha256 {
            h.update(chunk);
        }
        if let Some(h) = &mut self.sha384 {
            h.update(chunk);
        }
        if let Some(h) = &mut self.sha512 {
            h.update(chunk);
        }
        self.len += chunk.len() as u64;
    }
    pub fn len(&self) -> u64 {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// What [`MultiHasher::with`] was given: (sha256, the other algorithm).
    pub fn algorithms(&self) -> (bool, Option<Algorithm>) {
        let extra = if self.sha384.is_some() {
            Some(Algorithm::Sha384)
        } else if self.sha512.is_some() {
            Some(Algorithm::Sha512)
        } else {
            None
        };
        (self.sha256.is_some(), extra)
    }
    /// Count `n` bytes that are hashed elsewhere (a hasher with no algorithm only counts).
    pub(crate) fn count(&mut self, n: u64) {
        self.len += n;
    }
    pub fn finish(self) -> Hashes {
        Hashes {
            sha256: self.sha256.map(|h| lower_hex(&h.finalize())),
            sha384: self.sha384.map(|h| lower_hex(&h.finalize())),
            sha512: self.sha512.map(|h| lower_hex(&h.finalize())),
        }
    }
}

/// Whether `s` is all lowercase hex digits, in one branch-free pass.
fn is_lower_hex(s: &str) -> bool {
    s.bytes().fold(true, |ok, b| ok & (b.is_ascii_digit() | (b'a'..=b'f').contains(&b)))
}

/// Lowercase hex in one pass into one buffer (`hex::encode` collects char by char: it showed in
/// profiles at one call per entry).
fn lower_hex(bytes: &[u8]) -> String {
    let mut buf = vec![0u8; bytes.len() * 2];
    match hex::encode_to_slice(bytes, &mut buf) {
        Ok(()) => String::from_utf8(buf).unwrap_or_else(|_| hex::encode(bytes)),
        Err(_) => hex::encode(bytes),
    }
}

/// Lowercase hex digests of one entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hashes {
    pub sha256: Option<String>,
    pub sha384: Option<String>,
    pub sha512: Option<String>,
}

impl Hashes {
    pub fn get(&self, algorithm: Algorithm) -> Option<&str> {
        match algorithm {
            Algorithm::Sha256 => self.sha256.as_deref(),
            Algorithm::Sha384 => self.sha384.as_deref(),
            Algorithm::Sha512 => self.sha512.as_deref(),
        }
    }
}

/// One-shot digest of a byte slice, `<algorithm>:<hex>`.
pub fn digest_bytes(algorithm: Algorithm, bytes: &[u8]) -> Digest {
    let hex = match algorithm {
        Algorithm::Sha256 => hex::encode(Sha256::digest(bytes)),
        Algorithm::Sha384 => hex::encode(Sha384::digest(bytes)),
        Algorithm::Sha512 => hex::encode(Sha512::digest(bytes)),
    };
    Digest::from_parts(algorithm, &hex)
}

/// A streaming digest of one algorithm, for callers (CLI `digest`, wasm) hashing a single stream.
#[derive(Clone)]
pub struct StreamDigest {
    algorithm: Algorithm,
    inner: MultiHasher,
}

impl StreamDigest {
    pub fn new(algorithm: Algorithm) -> Self {
        let inner = MultiHasher::with(false, Some(algorithm));
        StreamDigest { algorithm, inner }
    }
    pub fn update(&mut self, chunk: &[u8]) {
        self.inner.update(chunk);
    }
    pub fn finish(self) -> Digest {
        let hashes = self.inner.finish();
        let hex = hashes.get(self.algorithm).unwrap_or_default().to_owned();
        Digest::from_parts(self.algorithm, &hex)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grammar() {
        let ok = [
            "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270",
            "sha256+b64:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564",
            "multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX",
        ];
        for d in ok {
            assert!(Digest::parse(d).is_ok(), "{d}");
        }
        let bad = [
            "",
            "sha256",
            ":abc",
            "SHA256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270",
            "sha256:5B0BCABD1ED22E9FB1310CF6C2DEC7CDEF19F0AD69EFA1F392E94A4333501270",
            "sha256:5b0b",
            "sha256+foo+-b:abc",
            "sha256:../../etc",
        ];
        for d in bad {
            assert!(Digest::parse(d).is_err(), "{d}");
        }
    }

    #[test]
    fn sha384_is_registered_and_hashed() {
        // go-digest registers sha256, sha384 and sha512 (crypto.SHA384: 96 hex characters).
        let empty =
            "sha384:38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b";
        let d = Digest::parse(empty).unwrap();
        assert_eq!(d.algorithm(), Some(Algorithm::Sha384));
        assert_eq!(digest_bytes(Algorithm::Sha384, b"").as_str(), empty);
        assert!(matches!(
            Digest::parse("sha384:abcd"),
            Err(DigestError::Encoding { algorithm: Algorithm::Sha384, .. })
        ));
        let mut h = MultiHasher::with(true, Some(Algorithm::Sha384));
        h.update(b"");
        let hashes = h.finish();
        assert_eq!(hashes.get(Algorithm::Sha384), Some(d.encoded()));
        assert!(hashes.sha256.is_some() && hashes.sha512.is_none());
    }

    #[test]
    fn empty_sha256() {
        assert_eq!(
            digest_bytes(Algorithm::Sha256, b"").as_str(),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
