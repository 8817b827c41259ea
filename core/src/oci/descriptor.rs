//! Descriptors and platforms.

use super::{check_annotations, check_key_case, fields, media, opt_str, DocCtx};
use crate::digest::{digest_bytes, Digest};
use crate::json::{ptr, Node, Num};
use crate::rules;
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
        ctx.emit(&rules::SCHEMA_VIOLATION, pointer, format!("a descriptor must be an object, found {}", node.kind()));
        return None;
    }
    let mut d = Desc { pointer: pointer.to_owned(), ..Desc::default() };
    check_key_case(ctx, node, pointer, fields::DESCRIPTOR, "a descriptor");

    match node.get("mediaType") {
        None => ctx.emit(&rules::SCHEMA_VIOLATION, pointer, "descriptor has no \"mediaType\""),
        Some(Node::Str(mt)) if media::valid(mt) => d.media_type = Some(mt.clone()),
        Some(Node::Str(mt)) => ctx.emit(
            &rules::INVALID_MEDIA_TYPE,
            &ptr(pointer, "mediaType"),
            format!("media type \"{mt}\" is not of the form type/subtype (RFC 6838)"),
        ),
        Some(other) => ctx.emit(
            &rules::SCHEMA_VIOLATION,
            &ptr(pointer, "mediaType"),
            format!("\"mediaType\" must be a string, found {}", other.kind()),
        ),
    }
    if let Some(at) = opt_str(ctx, &rules::SCHEMA_VIOLATION, node, "artifactType", pointer) {
        if media::valid(at) {
            d.artifact_type = Some(at.to_owned());
        } else {
            ctx.emit(
                &rules::INVALID_MEDIA_TYPE,
                &ptr(pointer, "artifactType"),
                format!("artifactType \"{at}\" is not of the form type/subtype (RFC 6838)"),
            );
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
                            ctx.emit(&rules::INVALID_URL, &p, format!("\"{s}\" is not an absolute URI"));
                        }
                        d.urls.push(s.to_owned());
                    }
                    None => ctx.emit(
                        &rules::SCHEMA_VIOLATION,
                        &p,
                        format!("urls entries must be strings, found {}", u.kind()),
                    ),
                }
            }
        }
        Some(other) => ctx.emit(
            &rules::SCHEMA_VIOLATION,
            &ptr(pointer, "urls"),
            format!("\"urls\" must be an array of strings, found {}", other.kind()),
        ),
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
                ctx.emit(&rules::SCHEMA_VIOLATION, pointer, format!("descriptor has no \"{key}\""));
            }
            None
        }
        Some(Node::Str(s)) => check_digest_str(ctx, s, &p),
        Some(other) => {
            ctx.emit(&rules::SCHEMA_VIOLATION, &p, format!("\"{key}\" must be a string, found {}", other.kind()));
            None
        }
    }
}

pub(crate) fn check_digest_str(ctx: &mut DocCtx<'_>, s: &str, pointer: &str) -> Option<Digest> {
    match Digest::parse(s) {
        Ok(d) => Some(d),
        Err(e) => {
            ctx.emit(&rules::INVALID_DIGEST, pointer, format!("digest \"{s}\" is invalid: {e}"));
            None
        }
    }
}

fn check_size(ctx: &mut DocCtx<'_>, node: &Node, pointer: &str) -> Option<u64> {
    let p = ptr(pointer, "size");
    let problem = match node.get("size") {
        None => {
            ctx.emit(&rules::INVALID_SIZE, pointer, "descriptor has no \"size\"");
            return None;
        }
        Some(Node::Num(Num::Int(i))) if *i >= 0 => return Some(*i as u64),
        Some(Node::Num(Num::Int(i))) => format!("size {i} is negative"),
        Some(Node::Num(Num::UInt(u))) => format!("size {u} does not fit in int64"),
        Some(Node::Num(Num::Float(f))) => format!("size {f} is not an integer"),
        Some(other) => format!("size must be an integer, found {}", other.kind()),
    };
    ctx.emit(&rules::INVALID_SIZE, &p, problem);
    None
}

/// `data`: padded standard base64 whose bytes match size and digest. Returns the decoded bytes.
fn check_data(ctx: &mut DocCtx<'_>, data: &Node, d: &Desc, pointer: &str) -> Option<Vec<u8>> {
    let Some(s) = data.as_str() else {
        ctx.emit(&rules::SCHEMA_VIOLATION, pointer, format!("\"data\" must be a base64 string, found {}", data.kind()));
        return None;
    };
    let bytes = match base64::engine::general_purpose::STANDARD.decode(s) {
        Ok(b) => b,
        Err(e) => {
            ctx.emit(&rules::INVALID_DATA, pointer, format!("\"data\" is not padded standard base64: {e}"));
            return None;
        }
    };
    if let Some(size) = d.size {
        if bytes.len() as u64 != size {
            ctx.emit(
                &rules::INVALID_DATA,
                pointer,
                format!("\"data\" decodes to {} bytes but size says {size}", bytes.len()),
            );
            return Some(bytes);
        }
    }
    if let Some(digest) = &d.digest {
        if let Some(alg) = digest.algorithm() {
            let got = digest_bytes(alg, &bytes);
            if got.as_str() != digest.as_str() {
                ctx.emit(
                    &rules::INVALID_DATA,
                    pointer,
                    format!("\"data\" hashes to {} but the descriptor's digest is {}", got.short(), digest.short()),
                );
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
        ctx.emit(&rules::INVALID_PLATFORM, pointer, format!("platform must be an object, found {}", node.kind()));
        return None;
    }
    check_key_case(ctx, node, pointer, fields::PLATFORM, "a platform");
    let mut ok = true;
    let mut req = |ctx: &mut DocCtx<'_>, key: &str| match node.get(key) {
        Some(Node::Str(s)) => Some(s.clone()),
        Some(other) => {
            ctx.emit(
                &rules::INVALID_PLATFORM,
                &ptr(pointer, key),
                format!("platform \"{key}\" must be a string, found {}", other.kind()),
            );
            ok = false;
            None
        }
        None => {
            ctx.emit(&rules::INVALID_PLATFORM, pointer, format!("platform has no \"{key}\""));
            ok = false;
            None
        }
    };
    let architecture = req(ctx, "architecture");
    let os = req(ctx, "os");
    let variant = opt_str(ctx, &rules::INVALID_PLATFORM, node, "variant", pointer).map(str::to_owned);
    let os_version = opt_str(ctx, &rules::INVALID_PLATFORM, node, "os.version", pointer).map(str::to_owned);
    let mut os_features = Vec::new();
    for key in ["os.features", "features"] {
        match node.get(key) {
            None => {}
            Some(Node::Arr(a)) if a.iter().all(|x| x.as_str().is_some()) && key == "os.features" => {
                os_features = a.iter().filter_map(Node::as_str).map(str::to_owned).collect();
            }
            Some(Node::Arr(a)) if a.iter().all(|x| x.as_str().is_some()) => {}
            Some(_) => ctx.emit(
                &rules::INVALID_PLATFORM,
                &ptr(pointer, key),
                format!("platform \"{key}\" must be an array of strings"),
            ),
        }
    }
    Some(Platform { os: os?, architecture: architecture?, variant, os_version, os_features }).filter(|_| ok)
}
