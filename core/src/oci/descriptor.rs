//! Descriptors and platforms.

use super::doc::{check_annotations, check_key_case, fields, opt_str, DocCtx};
use super::media;
use crate::digest::{digest_bytes, Digest};
use crate::json::{ptr, Node, Num};
use crate::rules::{
    InvalidData, InvalidDigest, InvalidMediaType, InvalidPlatform, InvalidSize, InvalidUrl, SchemaViolation, Shape,
};
use base64::Engine as _;

/// A descriptor as far as it could be read. Fields that were missing or invalid are `None`
/// (and a finding was emitted).
#[derive(Debug, Clone, Default)]
pub struct Desc {
    /// Pointer of the descriptor object inside its document.
    pub pointer: String,
    pub media_type: Option<String>,
    pub artifact_type: Option<String>,
    pub digest: Option<Digest>,
    pub size: Option<u64>,
    /// `urls` that are strings (each checked as a URI).
    pub urls: Vec<String>,
    pub annotations: Vec<(String, String)>,
    pub platform: Option<Platform>,
    /// `data`, decoded, when it is valid padded base64.
    pub data: Option<Vec<u8>>,
}

impl Desc {
    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.annotations.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Platform {
    pub os: String,
    pub architecture: String,
    pub variant: Option<String>,
    pub os_version: Option<String>,
    pub os_features: Vec<String>,
}

impl std::fmt::Display for Platform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.os, self.architecture)?;
        if let Some(v) = &self.variant {
            write!(f, "/{v}")?;
        }
        Ok(())
    }
}

/// Check a descriptor object at `pointer`.
pub fn check_descriptor(ctx: &mut DocCtx<'_>, node: &Node, pointer: &str) -> Option<Desc> {
    if !node.is_object() {
        ctx.emit(pointer, SchemaViolation(Shape::of("a descriptor", "an object", node.kind())));
        return None;
    }
    let mut d = Desc { pointer: pointer.to_owned(), ..Desc::default() };
    check_key_case(ctx, node, pointer, fields::DESCRIPTOR, "a descriptor");

    match node.get("mediaType") {
        None => ctx.emit(pointer, SchemaViolation(Shape::missing("descriptor", "mediaType"))),
        Some(Node::Str(mt)) if media::valid(mt) => d.media_type = Some(mt.clone()),
        Some(Node::Str(mt)) => ctx.emit(&ptr(pointer, "mediaType"), InvalidMediaType::MediaType(mt.clone())),
        Some(other) => {
            ctx.emit(&ptr(pointer, "mediaType"), SchemaViolation(Shape::field("mediaType", "a string", other.kind())))
        }
    }
    if let Some(at) = opt_str(ctx, SchemaViolation, node, "artifactType", pointer) {
        if media::valid(at) {
            d.artifact_type = Some(at.to_owned());
        } else {
            ctx.emit(&ptr(pointer, "artifactType"), InvalidMediaType::ArtifactType(at.to_owned()));
        }
    }
    d.digest = check_digest_field(ctx, node, pointer, "digest", true);
    d.size = check_size(ctx, node, pointer);

    match node.get("urls") {
        None | Some(Node::Null) => {}
        Some(Node::Arr(urls)) => {
            for (i, u) in urls.iter().enumerate() {
                let p = ptr(&ptr(pointer, "urls"), i);
                match u.as_str() {
                    Some(s) => {
                        if !valid_uri(s) {
                            ctx.emit(&p, InvalidUrl { url: s.to_owned() });
                        }
                        d.urls.push(s.to_owned());
                    }
                    None => ctx.emit(&p, SchemaViolation(Shape::of("urls entries", "strings", u.kind()))),
                }
            }
        }
        Some(other) => {
            ctx.emit(&ptr(pointer, "urls"), SchemaViolation(Shape::field("urls", "an array of strings", other.kind())))
        }
    }
    d.annotations = check_annotations(ctx, node, pointer);
    if let Some(p) = node.get("platform") {
        d.platform = check_platform(ctx, p, &ptr(pointer, "platform"));
    }
    if let Some(data) = node.get("data") {
        d.data = check_data(ctx, data, &d, &ptr(pointer, "data"));
    }
    Some(d)
}

/// A digest-valued field. `required` controls whether absence is a finding.
pub(crate) fn check_digest_field(
    ctx: &mut DocCtx<'_>,
    node: &Node,
    pointer: &str,
    key: &str,
    required: bool,
) -> Option<Digest> {
    let p = ptr(pointer, key);
    match node.get(key) {
        None => {
            if required {
                ctx.emit(pointer, SchemaViolation(Shape::missing("descriptor", key)));
            }
            None
        }
        Some(Node::Str(s)) => check_digest_str(ctx, s, &p),
        Some(other) => {
            ctx.emit(&p, SchemaViolation(Shape::field(key, "a string", other.kind())));
            None
        }
    }
}

pub(crate) fn check_digest_str(ctx: &mut DocCtx<'_>, s: &str, pointer: &str) -> Option<Digest> {
    match Digest::parse(s) {
        Ok(d) => Some(d),
        Err(e) => {
            ctx.emit(pointer, InvalidDigest::Descriptor { value: s.to_owned(), error: e });
            None
        }
    }
}

fn check_size(ctx: &mut DocCtx<'_>, node: &Node, pointer: &str) -> Option<u64> {
    let p = ptr(pointer, "size");
    let problem = match node.get("size") {
        None => {
            ctx.emit(pointer, InvalidSize::Missing);
            return None;
        }
        Some(Node::Num(Num::Int(i))) if *i >= 0 => return Some(*i as u64),
        Some(Node::Num(Num::Int(i))) => InvalidSize::Negative(*i),
        Some(Node::Num(Num::UInt(u))) => InvalidSize::OverInt64(*u),
        Some(Node::Num(Num::Float(f))) => InvalidSize::NotInteger(*f),
        Some(other) => InvalidSize::Kind(other.kind()),
    };
    ctx.emit(&p, problem);
    None
}

/// `data`: padded standard base64 whose bytes match size and digest. Returns the decoded bytes.
fn check_data(ctx: &mut DocCtx<'_>, data: &Node, d: &Desc, pointer: &str) -> Option<Vec<u8>> {
    let Some(s) = data.as_str() else {
        ctx.emit(pointer, SchemaViolation(Shape::field("data", "a base64 string", data.kind())));
        return None;
    };
    let bytes = match base64::engine::general_purpose::STANDARD.decode(s) {
        Ok(b) => b,
        Err(e) => {
            ctx.emit(pointer, InvalidData::NotBase64 { error: e.to_string() });
            return None;
        }
    };
    if let Some(size) = d.size {
        if bytes.len() as u64 != size {
            ctx.emit(pointer, InvalidData::SizeMismatch { decoded: bytes.len(), size });
            return Some(bytes);
        }
    }
    if let Some(digest) = &d.digest {
        if let Some(alg) = digest.algorithm() {
            let got = digest_bytes(alg, &bytes);
            if got.as_str() != digest.as_str() {
                ctx.emit(pointer, InvalidData::DigestMismatch { got: got.short(), digest: digest.short() });
            }
        }
    }
    Some(bytes)
}

/// RFC 3986 absolute URI, checked loosely: `scheme:` then no whitespace or controls.
fn valid_uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else { return false };
    let mut sb = scheme.bytes();
    sb.next().is_some_and(|c| c.is_ascii_alphabetic())
        && sb.all(|c| c.is_ascii_alphanumeric() || b"+-.".contains(&c))
        && !rest.is_empty()
        && !rest.bytes().any(|c| c <= b' ' || c == 0x7f || b"<>\"{}|\\^`".contains(&c))
}

/// `platform`: required string `architecture` and `os`.
pub fn check_platform(ctx: &mut DocCtx<'_>, node: &Node, pointer: &str) -> Option<Platform> {
    if !node.is_object() {
        ctx.emit(pointer, InvalidPlatform(Shape::of("platform", "an object", node.kind())));
        return None;
    }
    check_key_case(ctx, node, pointer, fields::PLATFORM, "a platform");
    let mut ok = true;
    let mut req = |ctx: &mut DocCtx<'_>, key: &str| match node.get(key) {
        Some(Node::Str(s)) => Some(s.clone()),
        Some(other) => {
            ctx.emit(
                &ptr(pointer, key),
                InvalidPlatform(Shape::of(format!("platform \"{key}\""), "a string", other.kind())),
            );
            ok = false;
            None
        }
        None => {
            ctx.emit(pointer, InvalidPlatform(Shape::missing("platform", key)));
            ok = false;
            None
        }
    };
    let architecture = req(ctx, "architecture");
    let os = req(ctx, "os");
    let variant = opt_str(ctx, InvalidPlatform, node, "variant", pointer).map(str::to_owned);
    let os_version = opt_str(ctx, InvalidPlatform, node, "os.version", pointer).map(str::to_owned);
    let mut os_features = Vec::new();
    for key in ["os.features", "features"] {
        match node.get(key) {
            None => {}
            Some(Node::Arr(a)) if a.iter().all(|x| x.as_str().is_some()) && key == "os.features" => {
                os_features = a.iter().filter_map(Node::as_str).map(str::to_owned).collect();
            }
            Some(Node::Arr(a)) if a.iter().all(|x| x.as_str().is_some()) => {}
            Some(_) => ctx.emit(
                &ptr(pointer, key),
                InvalidPlatform(Shape::must_be(format!("platform \"{key}\""), "an array of strings")),
            ),
        }
    }
    Some(Platform { os: os?, architecture: architecture?, variant, os_version, os_features }).filter(|_| ok)
}
