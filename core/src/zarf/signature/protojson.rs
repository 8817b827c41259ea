//! A Sigstore bundle read exactly as sigstore-go reads it: `protojson.Unmarshal` of
//! google.golang.org/protobuf (v1.36.12-0.20260120151049-f2248ac996af, the one Zarf links) into
//! `dev.sigstore.bundle.v1.Bundle` of sigstore/protobuf-specs v0.5.1.
//!
//! Written by hand because no crate reads JSON the way protojson does: its own tokenizer
//! (`internal/encoding/json`: strict UTF-8, paired `\u` surrogates, numbers such as `1e` followed
//! by a delimiter), field names matched case-sensitively by JSON name *or* proto name, unknown
//! fields and repeated fields (by number, so `mediaType` + `media_type`) refused, a second member
//! of a oneof refused, `null` meaning "unset", bytes as Go's lenient base64 (standard or URL
//! alphabet, padded or not by length, `\r`/`\n` skipped), enums by exact name or any int32.
//! Any error here is an error for Zarf too: sigstore-go stops at the first one.

use super::goenc;
use crate::go::strconv::parse_int;

/// A field's type in the schema.
pub enum Kind {
    Str,
    Bytes,
    Int64,
    Enum(&'static [(&'static str, i32)]),
    Msg(&'static Msg),
}

pub struct Field {
    /// lowerCamelCase JSON name (protoc's).
    pub json: &'static str,
    /// The .proto field name.
    pub proto: &'static str,
    pub num: u32,
    pub kind: Kind,
    pub repeated: bool,
    /// Index of the oneof the field belongs to.
    pub oneof: Option<u8>,
}

pub struct Msg {
    pub name: &'static str,
    pub fields: &'static [Field],
}

const fn f(json: &'static str, proto: &'static str, num: u32, kind: Kind) -> Field {
    Field { json, proto, num, kind, repeated: false, oneof: None }
}
const fn rep(json: &'static str, proto: &'static str, num: u32, kind: Kind) -> Field {
    Field { json, proto, num, kind, repeated: true, oneof: None }
}
const fn one(json: &'static str, proto: &'static str, num: u32, kind: Kind) -> Field {
    Field { json, proto, num, kind, repeated: false, oneof: Some(0) }
}

// sigstore/protobuf-specs v0.5.1: protos/sigstore_bundle.proto, sigstore_common.proto,
// sigstore_rekor.proto, envelope.proto — every message reachable from Bundle.
pub const HASH_ALGORITHM: &[(&str, i32)] = &[
    ("HASH_ALGORITHM_UNSPECIFIED", 0),
    ("SHA2_256", 1),
    ("SHA2_384", 2),
    ("SHA2_512", 3),
    ("SHA3_256", 4),
    ("SHA3_384", 5),
];
pub static BUNDLE: Msg = Msg {
    name: "dev.sigstore.bundle.v1.Bundle",
    fields: &[
        f("mediaType", "media_type", 1, Kind::Str),
        f("verificationMaterial", "verification_material", 2, Kind::Msg(&VERIFICATION_MATERIAL)),
        one("messageSignature", "message_signature", 3, Kind::Msg(&MESSAGE_SIGNATURE)),
        one("dsseEnvelope", "dsse_envelope", 4, Kind::Msg(&ENVELOPE)),
    ],
};
pub static VERIFICATION_MATERIAL: Msg = Msg {
    name: "dev.sigstore.bundle.v1.VerificationMaterial",
    fields: &[
        one("publicKey", "public_key", 1, Kind::Msg(&PUBLIC_KEY_IDENTIFIER)),
        one("x509CertificateChain", "x509_certificate_chain", 2, Kind::Msg(&X509_CERTIFICATE_CHAIN)),
        rep("tlogEntries", "tlog_entries", 3, Kind::Msg(&TRANSPARENCY_LOG_ENTRY)),
        f("timestampVerificationData", "timestamp_verification_data", 4, Kind::Msg(&TIMESTAMP_VERIFICATION_DATA)),
        one("certificate", "certificate", 5, Kind::Msg(&X509_CERTIFICATE)),
    ],
};
static PUBLIC_KEY_IDENTIFIER: Msg =
    Msg { name: "dev.sigstore.common.v1.PublicKeyIdentifier", fields: &[f("hint", "hint", 1, Kind::Str)] };
static X509_CERTIFICATE_CHAIN: Msg = Msg {
    name: "dev.sigstore.common.v1.X509CertificateChain",
    fields: &[rep("certificates", "certificates", 1, Kind::Msg(&X509_CERTIFICATE))],
};
static X509_CERTIFICATE: Msg =
    Msg { name: "dev.sigstore.common.v1.X509Certificate", fields: &[f("rawBytes", "raw_bytes", 1, Kind::Bytes)] };
static TIMESTAMP_VERIFICATION_DATA: Msg = Msg {
    name: "dev.sigstore.bundle.v1.TimestampVerificationData",
    fields: &[rep("rfc3161Timestamps", "rfc3161_timestamps", 1, Kind::Msg(&RFC3161_SIGNED_TIMESTAMP))],
};
static RFC3161_SIGNED_TIMESTAMP: Msg = Msg {
    name: "dev.sigstore.common.v1.RFC3161SignedTimestamp",
    fields: &[f("signedTimestamp", "signed_timestamp", 1, Kind::Bytes)],
};
static MESSAGE_SIGNATURE: Msg = Msg {
    name: "dev.sigstore.common.v1.MessageSignature",
    fields: &[
        f("messageDigest", "message_digest", 1, Kind::Msg(&HASH_OUTPUT)),
        f("signature", "signature", 2, Kind::Bytes),
    ],
};
static HASH_OUTPUT: Msg = Msg {
    name: "dev.sigstore.common.v1.HashOutput",
    fields: &[f("algorithm", "algorithm", 1, Kind::Enum(HASH_ALGORITHM)), f("digest", "digest", 2, Kind::Bytes)],
};
static ENVELOPE: Msg = Msg {
    name: "io.intoto.Envelope",
    fields: &[
        f("payload", "payload", 1, Kind::Bytes),
        f("payloadType", "payloadType", 2, Kind::Str),
        rep("signatures", "signatures", 3, Kind::Msg(&DSSE_SIGNATURE)),
    ],
};
static DSSE_SIGNATURE: Msg =
    Msg { name: "io.intoto.Signature", fields: &[f("sig", "sig", 1, Kind::Bytes), f("keyid", "keyid", 2, Kind::Str)] };
static TRANSPARENCY_LOG_ENTRY: Msg = Msg {
    name: "dev.sigstore.rekor.v1.TransparencyLogEntry",
    fields: &[
        f("logIndex", "log_index", 1, Kind::Int64),
        f("logId", "log_id", 2, Kind::Msg(&LOG_ID)),
        f("kindVersion", "kind_version", 3, Kind::Msg(&KIND_VERSION)),
        f("integratedTime", "integrated_time", 4, Kind::Int64),
        f("inclusionPromise", "inclusion_promise", 5, Kind::Msg(&INCLUSION_PROMISE)),
        f("inclusionProof", "inclusion_proof", 6, Kind::Msg(&INCLUSION_PROOF)),
        f("canonicalizedBody", "canonicalized_body", 7, Kind::Bytes),
    ],
};
static LOG_ID: Msg = Msg { name: "dev.sigstore.common.v1.LogId", fields: &[f("keyId", "key_id", 1, Kind::Bytes)] };
static KIND_VERSION: Msg = Msg {
    name: "dev.sigstore.rekor.v1.KindVersion",
    fields: &[f("kind", "kind", 1, Kind::Str), f("version", "version", 2, Kind::Str)],
};
static INCLUSION_PROMISE: Msg = Msg {
    name: "dev.sigstore.rekor.v1.InclusionPromise",
    fields: &[f("signedEntryTimestamp", "signed_entry_timestamp", 1, Kind::Bytes)],
};
static INCLUSION_PROOF: Msg = Msg {
    name: "dev.sigstore.rekor.v1.InclusionProof",
    fields: &[
        f("logIndex", "log_index", 1, Kind::Int64),
        f("rootHash", "root_hash", 2, Kind::Bytes),
        f("treeSize", "tree_size", 3, Kind::Int64),
        rep("hashes", "hashes", 4, Kind::Bytes),
        f("checkpoint", "checkpoint", 5, Kind::Msg(&CHECKPOINT)),
    ],
};
static CHECKPOINT: Msg =
    Msg { name: "dev.sigstore.rekor.v1.Checkpoint", fields: &[f("envelope", "envelope", 1, Kind::Str)] };

/// A decoded field value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Str(String),
    Bytes(Vec<u8>),
    Int(i64),
    Enum(i32),
    Msg(Message),
    List(Vec<Value>),
}

/// A decoded message: the fields that were set (a JSON `null` leaves a field unset).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Message {
    pub fields: Vec<(u32, Value)>,
}

impl Message {
    pub fn get(&self, num: u32) -> Option<&Value> {
        self.fields.iter().find(|(n, _)| *n == num).map(|(_, v)| v)
    }
    /// A message field, `None` when unset (Go's nil pointer).
    pub fn msg(&self, num: u32) -> Option<&Message> {
        match self.get(num) {
            Some(Value::Msg(m)) => Some(m),
            _ => None,
        }
    }
    /// A bytes field; proto3 makes an empty value the same as unset (nil in Go).
    pub fn bytes(&self, num: u32) -> &[u8] {
        match self.get(num) {
            Some(Value::Bytes(b)) => b,
            _ => &[],
        }
    }
    pub fn str(&self, num: u32) -> &str {
        match self.get(num) {
            Some(Value::Str(s)) => s,
            _ => "",
        }
    }
    pub fn enum_value(&self, num: u32) -> i32 {
        match self.get(num) {
            Some(Value::Enum(e)) => *e,
            _ => 0,
        }
    }
    pub fn list(&self, num: u32) -> &[Value] {
        match self.get(num) {
            Some(Value::List(l)) => l,
            _ => &[],
        }
    }
}

/// protojson's error: where, and what protojson says (its words, tested against Go's own in
/// tests/tests/protojson_oracle.rs). Displayed as protojson words it, without the `proto: ` prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// Not JSON, or not the JSON token expected here: `syntax error (line L:C): what`.
    Syntax { at: Position, what: String },
    /// Well-formed JSON that is not the message (unknown or repeated field, wrong kind of value):
    /// `(line L:C): what`.
    Semantic { at: Position, what: String },
    /// The input ended inside a value.
    UnexpectedEof,
}

/// A place in the input as protojson's decoder counts it: 1-based line, and column in runes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "(line {}:{})", self.line, self.column)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Syntax { at, what } => write!(f, "syntax error {at}: {what}"),
            Error::Semantic { at, what } => write!(f, "{at}: {what}"),
            Error::UnexpectedEof => f.write_str("unexpected EOF"),
        }
    }
}

impl std::error::Error for Error {}

/// `protojson.Unmarshal(data, &Bundle{})`.
pub fn unmarshal(data: &[u8], msg: &'static Msg) -> Result<Message, Error> {
    let mut d = Decoder { b: data, i: 0 };
    let m = d.message(msg)?;
    d.ws();
    if d.i < d.b.len() {
        // Go reads one more token: bytes that are none give its own error ("invalid value x").
        let at = d.i;
        d.value_token()?;
        return Err(d.syntax(at, format!("unexpected token {}", d.token_text(at))));
    }
    Ok(m)
}

struct Decoder<'a> {
    b: &'a [u8],
    i: usize,
}

/// Bytes that continue a literal or number token (`isNotDelim`).
fn not_delim(c: u8) -> bool {
    matches!(c, b'-' | b'+' | b'.' | b'_') || c.is_ascii_alphanumeric()
}

enum Tok {
    Null,
    Bool,
    Number(usize, usize),
    Str(usize, String),
    ObjectOpen,
    ArrayOpen,
    Other,
}

impl Decoder<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\n' | b'\r' | b'\t') {
            self.i += 1;
        }
    }

    /// `(line L:C)` of a byte offset, as `Decoder.Position` counts (runes, 1-based).
    fn pos(&self, at: usize) -> Position {
        let before = &self.b[..at.min(self.b.len())];
        let line = before.iter().filter(|&&c| c == b'\n').count() + 1;
        let start = before.iter().rposition(|&c| c == b'\n').map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
        Position { line, column }
    }
    fn syntax(&self, at: usize, what: String) -> Error {
        Error::Syntax { at: self.pos(at), what }
    }
    fn semantic(&self, at: usize, what: String) -> Error {
        Error::Semantic { at: self.pos(at), what }
    }
    fn eof() -> Error {
        Error::UnexpectedEof
    }
    /// The bytes of the token at `at`, for messages (`errRegexp`'s idea of a token).
    fn token_text(&self, at: usize) -> String {
        let rest = &self.b[at..];
        let mut n = rest.iter().take(32).take_while(|&&c| not_delim(c)).count();
        if n == 0 {
            // `.`: one character (one byte when it is not UTF-8).
            n = (1..=4.min(rest.len())).find(|&k| std::str::from_utf8(&rest[..k]).is_ok()).unwrap_or(1);
        }
        String::from_utf8_lossy(&rest[..n.min(rest.len())]).into_owned()
    }
    /// `invalid escape code %q in string`, at the string's start as Go reports it.
    fn bad_escape(&self, code: &[u8]) -> Error {
        self.syntax(self.i, format!("invalid escape code {} in string", crate::go::strconv::quote(code)))
    }

    /// The next value token (after whitespace), consumed; objects and arrays only opened.
    fn value_token(&mut self) -> Result<Tok, Error> {
        self.ws();
        let start = self.i;
        let Some(&c) = self.b.get(start) else { return Err(Self::eof()) };
        let lit =
            |s: &[u8]| self.b[start..].starts_with(s) && self.b.get(start + s.len()).is_none_or(|&c| !not_delim(c));
        let tok = match c {
            b'n' if lit(b"null") => {
                self.i += 4;
                Tok::Null
            }
            b't' if lit(b"true") => {
                self.i += 4;
                Tok::Bool
            }
            b'f' if lit(b"false") => {
                self.i += 5;
                Tok::Bool
            }
            b'-' | b'0'..=b'9' => match parse_number(&self.b[start..]) {
                Some(n) => {
                    self.i += n;
                    Tok::Number(start, start + n)
                }
                None => return Err(self.syntax(start, format!("invalid value {}", self.token_text(start)))),
            },
            b'"' => {
                let s = self.string()?;
                Tok::Str(start, s)
            }
            b'{' => {
                self.i += 1;
                Tok::ObjectOpen
            }
            b'[' => {
                self.i += 1;
                Tok::ArrayOpen
            }
            b'}' | b']' | b',' => {
                self.i += 1;
                Tok::Other
            }
            _ => return Err(self.syntax(start, format!("invalid value {}", self.token_text(start)))),
        };
        Ok(tok)
    }

    /// A JSON string at `self.i` (which is `"`), decoded as `parseString` does.
    fn string(&mut self) -> Result<String, Error> {
        let mut out: Vec<u8> = Vec::new();
        let mut i = self.i + 1;
        loop {
            let Some(&c) = self.b.get(i) else { return Err(Self::eof()) };
            match c {
                b'"' => {
                    self.i = i + 1;
                    // Only valid UTF-8 was copied, and escapes add whole characters.
                    return String::from_utf8(out).map_err(|_| self.syntax(self.i, "invalid UTF-8 in string".into()));
                }
                b'\\' => {
                    let Some(&e) = self.b.get(i + 1) else { return Err(Self::eof()) };
                    let simple = match e {
                        b'"' | b'\\' | b'/' => Some(e),
                        b'b' => Some(0x08),
                        b'f' => Some(0x0c),
                        b'n' => Some(b'\n'),
                        b'r' => Some(b'\r'),
                        b't' => Some(b'\t'),
                        b'u' => None,
                        _ => return Err(self.bad_escape(&self.b[i..i + 2])),
                    };
                    if let Some(ch) = simple {
                        out.push(ch);
                        i += 2;
                        continue;
                    }
                    let hex4 = |at: usize| -> Option<u32> {
                        let h = self.b.get(at..at + 4)?;
                        if !h.iter().all(u8::is_ascii_hexdigit) {
                            return None;
                        }
                        u32::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()
                    };
                    if self.b.len() < i + 6 {
                        return Err(Self::eof());
                    }
                    let Some(v) = hex4(i + 2) else {
                        return Err(self.bad_escape(&self.b[i..i + 6]));
                    };
                    i += 6;
                    let ch = if (0xD800..0xE000).contains(&v) {
                        // utf16.DecodeRune: a high surrogate then a low one, else an error.
                        if self.b.len() < i + 6 {
                            return Err(Self::eof());
                        }
                        let low = if self.b[i] == b'\\' && self.b[i + 1] == b'u' { hex4(i + 2) } else { None };
                        match low {
                            Some(lo) if (0xD800..0xDC00).contains(&v) && (0xDC00..0xE000).contains(&lo) => {
                                i += 6;
                                char::from_u32(0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00))
                            }
                            _ => None,
                        }
                    } else {
                        char::from_u32(v)
                    };
                    let Some(ch) = ch else {
                        return Err(self.bad_escape(&self.b[i..i + 6]));
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                0..=0x1f => {
                    let q = crate::go::strconv::quote_rune(char::from(c));
                    return Err(self.syntax(self.i, format!("invalid character {q} in string")));
                }
                _ => {
                    // One UTF-8 character, which must be valid (utf8.DecodeRune).
                    let len = match c {
                        0x00..=0x7f => 1,
                        0xc2..=0xdf => 2,
                        0xe0..=0xef => 3,
                        0xf0..=0xf4 => 4,
                        _ => 0,
                    };
                    let chunk = self.b.get(i..i + len).filter(|_| len > 0);
                    match chunk.and_then(|ch| std::str::from_utf8(ch).ok()) {
                        Some(s) => {
                            out.extend_from_slice(s.as_bytes());
                            i += len;
                        }
                        None => return Err(self.syntax(self.i, "invalid UTF-8 in string".into())),
                    }
                }
            }
        }
    }

    /// `unmarshalMessage`: a JSON object whose keys are fields of `msg`.
    fn message(&mut self, msg: &'static Msg) -> Result<Message, Error> {
        let start = {
            self.ws();
            self.i
        };
        match self.value_token()? {
            Tok::ObjectOpen => {}
            _ => return Err(self.syntax(start, format!("unexpected token {}", self.token_text(start)))),
        }
        let mut m = Message::default();
        let mut seen: Vec<u32> = Vec::new();
        let mut oneof_set = false;
        let mut first = true;
        loop {
            self.ws();
            let at = self.i;
            match self.b.get(at) {
                None => return Err(Self::eof()),
                Some(b'}') if first => {
                    self.i += 1;
                    return Ok(m);
                }
                Some(b'"') if first => {}
                _ if first => return Err(self.syntax(at, format!("unexpected token {}", self.token_text(at)))),
                Some(b'}') => {
                    self.i += 1;
                    return Ok(m);
                }
                Some(b',') => {
                    self.i += 1;
                    self.ws();
                    if self.b.get(self.i) != Some(&b'"') {
                        return match self.b.get(self.i) {
                            None => Err(Self::eof()),
                            Some(_) => {
                                Err(self.syntax(self.i, format!("unexpected token {}", self.token_text(self.i))))
                            }
                        };
                    }
                }
                Some(_) => return Err(self.syntax(at, format!("unexpected token {}", self.token_text(at)))),
            }
            first = false;
            let name_at = self.i;
            let name = self.string()?;
            let raw = String::from_utf8_lossy(&self.b[name_at..self.i]).into_owned();
            self.ws();
            match self.b.get(self.i) {
                None => return Err(Self::eof()),
                Some(b':') => self.i += 1,
                Some(&c) => {
                    return Err(self
                        .syntax(self.i, format!("unexpected character {}, missing \":\" after field name", c as char)))
                }
            }
            let fd = msg.fields.iter().find(|f| f.json == name).or_else(|| msg.fields.iter().find(|f| f.proto == name));
            let Some(fd) = fd else {
                return Err(self.semantic(name_at, format!("unknown field {raw}")));
            };
            if seen.contains(&fd.num) {
                return Err(self.semantic(name_at, format!("duplicate field {raw}")));
            }
            seen.push(fd.num);
            self.ws();
            let v_at = self.i;
            if self.b[v_at..].starts_with(b"null") && self.b.get(v_at + 4).is_none_or(|&c| !not_delim(c)) {
                self.i += 4;
                continue;
            }
            let value = if fd.repeated {
                self.list(fd)?
            } else {
                if fd.oneof.is_some() {
                    if oneof_set {
                        return Err(self.semantic(
                            name_at,
                            format!("error parsing {raw}, oneof {}.content is already set", msg.name),
                        ));
                    }
                    oneof_set = true;
                }
                self.singular(fd)?
            };
            m.fields.push((fd.num, value));
        }
    }

    fn list(&mut self, fd: &'static Field) -> Result<Value, Error> {
        self.ws();
        let at = self.i;
        match self.value_token()? {
            Tok::ArrayOpen => {}
            _ => return Err(self.syntax(at, format!("unexpected token {}", self.token_text(at)))),
        }
        let mut items = Vec::new();
        loop {
            self.ws();
            match self.b.get(self.i) {
                None => return Err(Self::eof()),
                Some(b']') if items.is_empty() => {
                    self.i += 1;
                    return Ok(Value::List(items));
                }
                _ => {}
            }
            items.push(self.singular(fd)?);
            self.ws();
            match self.b.get(self.i) {
                None => return Err(Self::eof()),
                Some(b']') => {
                    self.i += 1;
                    return Ok(Value::List(items));
                }
                Some(b',') => {
                    self.i += 1;
                    self.ws();
                    if self.b.get(self.i) == Some(&b']') {
                        return Err(self.syntax(self.i, "unexpected token ]".into()));
                    }
                }
                Some(_) => return Err(self.syntax(self.i, format!("unexpected token {}", self.token_text(self.i)))),
            }
        }
    }

    /// One value of `fd`'s type (`unmarshalSingular` / `unmarshalScalar`).
    fn singular(&mut self, fd: &'static Field) -> Result<Value, Error> {
        if let Kind::Msg(m) = fd.kind {
            return Ok(Value::Msg(self.message(m)?));
        }
        self.ws();
        let at = self.i;
        let tok = self.value_token()?;
        let v = match (&fd.kind, &tok) {
            (Kind::Str, Tok::Str(_, s)) => Some(Value::Str(s.clone())),
            (Kind::Bytes, Tok::Str(_, s)) => goenc::protojson_bytes(s).map(Value::Bytes),
            (Kind::Int64, Tok::Number(a, b)) => go_int(&self.b[*a..*b], 64).map(Value::Int),
            (Kind::Int64, Tok::Str(_, s)) => {
                // A number inside a string: exactly one number token, no surrounding space.
                let t = s.as_bytes();
                (parse_number(t) == Some(t.len()) && !t.is_empty()).then(|| go_int(t, 64)).flatten().map(Value::Int)
            }
            (Kind::Enum(names), Tok::Str(_, s)) => names.iter().find(|(n, _)| n == s).map(|(_, v)| Value::Enum(*v)),
            (Kind::Enum(_), Tok::Number(a, b)) => go_int(&self.b[*a..*b], 32).map(|n| Value::Enum(n as i32)),
            _ => None,
        };
        v.ok_or_else(|| {
            let kind = match fd.kind {
                Kind::Str => "string",
                Kind::Bytes => "bytes",
                Kind::Int64 => "int64",
                Kind::Enum(_) => "enum",
                Kind::Msg(_) => "message",
            };
            let raw = match &tok {
                Tok::Str(s, _) => String::from_utf8_lossy(&self.b[*s..self.i]).into_owned(),
                _ => self.token_text(at),
            };
            self.semantic(at, format!("invalid value for {kind} field {}: {raw}", fd.json))
        })
    }
}

/// `parseNumber`: the length of the number token at the start of `input`, if it is one.
/// (Go's tokenizer takes `1e` or `1e+` before a delimiter as a number.)
pub(crate) fn parse_number(input: &[u8]) -> Option<usize> {
    let mut s = input;
    let mut n = 0;
    if s.is_empty() {
        return None;
    }
    if s[0] == b'-' {
        s = &s[1..];
        n += 1;
        if s.is_empty() {
            return None;
        }
    }
    match s[0] {
        b'0' => {
            s = &s[1..];
            n += 1;
        }
        b'1'..=b'9' => {
            s = &s[1..];
            n += 1;
            while !s.is_empty() && s[0].is_ascii_digit() {
                s = &s[1..];
                n += 1;
            }
        }
        _ => return None,
    }
    if s.len() >= 2 && s[0] == b'.' && s[1].is_ascii_digit() {
        s = &s[2..];
        n += 2;
        while !s.is_empty() && s[0].is_ascii_digit() {
            s = &s[1..];
            n += 1;
        }
    }
    if s.len() >= 2 && (s[0] == b'e' || s[0] == b'E') {
        s = &s[1..];
        n += 1;
        if s[0] == b'+' || s[0] == b'-' {
            s = &s[1..];
            n += 1;
            if s.is_empty() {
                return None;
            }
        }
        while !s.is_empty() && s[0].is_ascii_digit() {
            s = &s[1..];
            n += 1;
        }
    }
    if n < input.len() && not_delim(input[n]) {
        return None;
    }
    Some(n)
}

/// `Token.Int(bitSize)`: a number token as an integer (`parseNumberParts` +
/// `normalizeToIntString` + `strconv.ParseInt`), `None` when it is not one or does not fit.
pub(crate) fn go_int(raw: &[u8], bits: u32) -> Option<i64> {
    // parseNumberParts
    let mut s = raw;
    let neg = s.first() == Some(&b'-');
    if neg {
        s = &s[1..];
    }
    let intp: &[u8] = match s.first()? {
        b'0' => {
            s = &s[1..];
            &[]
        }
        b'1'..=b'9' => {
            let n = s.iter().take_while(|c| c.is_ascii_digit()).count();
            let p = &s[..n];
            s = &s[n..];
            p
        }
        _ => return None,
    };
    let mut frac: &[u8] = &[];
    if s.len() >= 2 && s[0] == b'.' && s[1].is_ascii_digit() {
        let n = 1 + s[2..].iter().take_while(|c| c.is_ascii_digit()).count();
        frac = &s[1..1 + n];
        s = &s[1 + n..];
    }
    let mut exp: &[u8] = &[];
    if s.len() >= 2 && (s[0] == b'e' || s[0] == b'E') {
        s = &s[1..];
        let mut n = 0;
        if s[0] == b'+' || s[0] == b'-' {
            n += 1;
            if s.len() == 1 {
                return None;
            }
        }
        n += s[n..].iter().take_while(|c| c.is_ascii_digit()).count();
        exp = &s[..n];
    }
    while frac.last() == Some(&b'0') {
        frac = &frac[..frac.len() - 1];
    }
    // normalizeToIntString
    let digits: Vec<u8> = if intp.is_empty() && frac.is_empty() {
        b"0".to_vec()
    } else {
        let e: i64 = if exp.is_empty() { 0 } else { parse_int(exp, 32).ok()? };
        if e >= 0 {
            let e = e as usize;
            if frac.len() > e || intp.len() + e > 20 {
                return None;
            }
            let mut num = intp.to_vec();
            num.extend_from_slice(frac);
            num.extend(std::iter::repeat_n(b'0', e - frac.len()));
            num
        } else {
            if !frac.is_empty() {
                return None;
            }
            let index = intp.len() as i64 + e;
            if index < 0 {
                return None;
            }
            let index = index as usize;
            if intp[index..].iter().any(|&c| c != b'0') {
                return None;
            }
            intp[..index].to_vec()
        }
    };
    let mut text = Vec::new();
    if neg && !(intp.is_empty() && frac.is_empty()) {
        text.push(b'-');
    }
    text.extend_from_slice(&digits);
    parse_int(&text, bits).ok()
}
