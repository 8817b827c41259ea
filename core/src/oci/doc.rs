//! What every document check shares: the context findings go to, the limits, the kinds, the
//! parser, the Go field names and the small field checks. A leaf of `oci`: the per-kind checks
//! (descriptor, manifest, config) build on it, and it knows none of them.

use crate::diag::{Finding, Message};
use crate::json::Node;
use crate::rules;
use crate::rules::Shape;

use super::media;

/// What one document may demand: the JSON limits of [`crate::Options`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub json_max_depth: u32,
    pub max_descriptors: u64,
}

impl Limits {
    pub fn from_options(o: &crate::Options) -> Self {
        Limits { json_max_depth: o.json_max_depth, max_descriptors: o.max_descriptors }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::from_options(&crate::Options::default())
    }
}

/// The document a check is looking at, and where its findings go.
pub struct DocCtx<'a> {
    pub path: &'a str,
    pub digest: Option<&'a str>,
    pub out: &'a mut Vec<Finding>,
    pub limits: Limits,
    /// The document's stored bytes, for the checks that must see them as written (not as parsed).
    pub source: Option<&'a [u8]>,
}

impl<'a> DocCtx<'a> {
    pub fn new(path: &'a str, out: &'a mut Vec<Finding>) -> Self {
        DocCtx { path, digest: None, out, limits: Limits::default(), source: None }
    }
    pub fn with_source(mut self, bytes: &'a [u8]) -> Self {
        self.source = Some(bytes);
        self
    }
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
    /// File the finding `payload` describes against this document, at `pointer` ("" for the whole).
    pub fn emit<M: Message>(&mut self, pointer: &str, payload: M) {
        let mut f = Finding::of(payload).path(self.path);
        if !pointer.is_empty() {
            f = f.pointer(pointer);
        }
        if let Some(d) = self.digest {
            f = f.digest(d);
        }
        self.out.push(f);
    }
}

/// The kinds of document `zverify doc` can check on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    Index,
    Manifest,
    Config,
    Descriptor,
    Layout,
}

impl DocKind {
    pub fn name(self) -> &'static str {
        match self {
            DocKind::Index => "index",
            DocKind::Manifest => "manifest",
            DocKind::Config => "config",
            DocKind::Descriptor => "descriptor",
            DocKind::Layout => "layout",
        }
    }
    /// What the kind is called in a report: "OCI image index", …
    pub fn title(self) -> &'static str {
        match self {
            DocKind::Index => "OCI image index",
            DocKind::Manifest => "OCI image manifest",
            DocKind::Config => "OCI image config",
            DocKind::Descriptor => "OCI descriptor",
            DocKind::Layout => "oci-layout file",
        }
    }
    pub fn from_name(s: &str) -> Option<Self> {
        [DocKind::Index, DocKind::Manifest, DocKind::Config, DocKind::Descriptor, DocKind::Layout]
            .into_iter()
            .find(|k| k.name() == s)
    }
    /// Guess the kind from `mediaType`, then from the fields present.
    pub fn detect(node: &Node) -> Option<DocKind> {
        if let Some(mt) = node.str_at("mediaType") {
            if media::is_index(mt) {
                return Some(DocKind::Index);
            }
            if media::is_manifest(mt) || media::is_schema1(mt) {
                return Some(DocKind::Manifest);
            }
        }
        let has = |k: &str| node.get(k).is_some();
        if has("manifests") {
            Some(DocKind::Index)
        } else if has("config") && has("schemaVersion") || has("layers") {
            Some(DocKind::Manifest)
        } else if has("imageLayoutVersion") {
            Some(DocKind::Layout)
        } else if has("rootfs") || has("architecture") && has("os") {
            Some(DocKind::Config)
        } else if has("digest") || has("size") {
            Some(DocKind::Descriptor)
        } else {
            None
        }
    }
}

/// Parse stored bytes into a tree, reporting nesting past the limit, invalid JSON and duplicate
/// keys. Linear in the size of the document.
pub fn parse_document(ctx: &mut DocCtx<'_>, bytes: &[u8], what: &str) -> Option<Node> {
    let limit = ctx.limits.json_max_depth.min(crate::json::PARSER_MAX_DEPTH);
    let parsed = Node::parse(bytes);
    // Valid JSON nests exactly as deep as its tree: the scan of the bytes (which also says where
    // the depth is reached) runs only when the tree is too deep or the text did not parse.
    if parsed.as_ref().map_or(true, |node| node.depth() > limit) {
        let (depth, at) = crate::json::nesting_depth(bytes);
        if depth > limit {
            ctx.emit("", rules::JsonTooDeep { what: what.to_owned(), depth, at, limit });
            return None;
        }
    }
    match parsed {
        Ok(node) => {
            for (pointer, key) in node.duplicate_keys() {
                ctx.emit(&pointer, rules::DuplicateKey { key: key.to_string() });
            }
            Some(node)
        }
        Err(e) => {
            ctx.emit("", rules::InvalidJson::Parse { what: what.to_owned(), error: e });
            None
        }
    }
}

/// Field names of the image-spec Go structs (`specs-go/v1`) that Zarf decodes documents into.
/// Go's encoding/json also matches keys that equal these case-insensitively (ZV210).
pub mod fields {
    pub const INDEX: &[&str] = &["schemaVersion", "mediaType", "artifactType", "manifests", "subject", "annotations"];
    pub const MANIFEST: &[&str] =
        &["schemaVersion", "mediaType", "artifactType", "config", "layers", "subject", "annotations"];
    pub const DESCRIPTOR: &[&str] =
        &["mediaType", "digest", "size", "urls", "annotations", "data", "platform", "artifactType"];
    pub const PLATFORM: &[&str] = &["architecture", "os", "os.version", "os.features", "variant"];
    /// `Image`, with `Platform` embedded.
    pub const IMAGE: &[&str] = &[
        "created",
        "author",
        "architecture",
        "os",
        "os.version",
        "os.features",
        "variant",
        "config",
        "rootfs",
        "history",
    ];
    pub const IMAGE_CONFIG: &[&str] = &[
        "User",
        "ExposedPorts",
        "Env",
        "Entrypoint",
        "Cmd",
        "Volumes",
        "WorkingDir",
        "Labels",
        "StopSignal",
        "ArgsEscaped",
    ];
    pub const ROOTFS: &[&str] = &["type", "diff_ids"];
    pub const HISTORY: &[&str] = &["created", "created_by", "author", "comment", "empty_layer"];
    pub const LAYOUT: &[&str] = &["imageLayoutVersion"];
}

/// ZV210: keys of the object at `pointer` that are not one of `known` exactly but that Go's
/// encoding/json matches to one of them (case-insensitively, Unicode simple folding).
pub(crate) fn check_key_case(ctx: &mut DocCtx<'_>, node: &Node, pointer: &str, known: &[&str], what: &str) {
    let Some(members) = node.members() else { return };
    for (key, _) in members {
        if known.contains(&key.as_str()) {
            continue;
        }
        if let Some(name) = known.iter().find(|n| crate::go::json::fold_eq(key, n)) {
            ctx.emit(
                &crate::json::ptr(pointer, key),
                rules::KeyCaseMismatch { key: key.clone(), what: what.to_owned(), field: (*name).to_owned() },
            );
        }
    }
}

/// The first `limits.max_descriptors` entries of a descriptor list, reporting the rest (ZV212).
pub(crate) fn capped<'n>(ctx: &mut DocCtx<'_>, list: &'n [Node], pointer: &str) -> &'n [Node] {
    let max = usize::try_from(ctx.limits.max_descriptors).unwrap_or(usize::MAX);
    if list.len() <= max {
        return list;
    }
    ctx.emit(pointer, rules::TooManyDescriptors { len: list.len(), max });
    &list[..max]
}

/// `annotations`: an object of string → string.
pub(crate) fn check_annotations(ctx: &mut DocCtx<'_>, node: &Node, pointer: &str) -> Vec<(String, String)> {
    let Some(a) = node.get("annotations") else { return Vec::new() };
    let p = crate::json::ptr(pointer, "annotations");
    let Some(members) = a.members() else {
        if !matches!(a, Node::Null) {
            ctx.emit(&p, rules::SchemaViolation(Shape::of("annotations", "an object of strings", a.kind())));
        }
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in members {
        match v.as_str() {
            Some(s) => out.push((k.clone(), s.to_owned())),
            None => ctx.emit(
                &crate::json::ptr(&p, k),
                rules::SchemaViolation(Shape::of(format!("annotation \"{k}\""), "a string", v.kind())),
            ),
        }
    }
    out
}

/// An optional field that must be a string when present; returns it. Otherwise files `wrong`'s
/// payload for the shape found (`SchemaViolation`, `ConfigInvalid::Shape`, `InvalidPlatform`).
pub(crate) fn opt_str<'n, M: Message>(
    ctx: &mut DocCtx<'_>,
    wrong: fn(Shape) -> M,
    node: &'n Node,
    key: &str,
    pointer: &str,
) -> Option<&'n str> {
    match node.get(key) {
        None => None,
        Some(Node::Str(s)) => Some(s),
        Some(other) => {
            ctx.emit(&crate::json::ptr(pointer, key), wrong(Shape::field(key, "a string", other.kind())));
            None
        }
    }
}
