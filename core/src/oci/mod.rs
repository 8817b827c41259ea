//! Checks of single OCI documents (descriptor, index, manifest, config, oci-layout), over the JSON
//! tree parsed from their stored bytes. These functions never see the filesystem or other blobs;
//! the layout walker (`crate::reconcile::layout`) links documents together.

mod config;
mod descriptor;
mod manifest;
pub mod media;

pub use config::{check_config, ConfigDoc, Strictness};
pub use descriptor::{check_descriptor, check_platform, Desc, Platform};
pub use manifest::{check_index, check_layout_file, check_manifest, IndexDoc, ManifestDoc};

use crate::diag::{Finding, Rule};
use crate::json::Node;
use crate::rules;

/// The document a check is looking at, and where its findings go.
pub struct DocCtx<'a> {
    pub path: &'a str,
    pub digest: Option<&'a str>,
    pub out: &'a mut Vec<Finding>,
}

impl<'a> DocCtx<'a> {
    pub fn new(path: &'a str, out: &'a mut Vec<Finding>) -> Self {
        DocCtx { path, digest: None, out }
    }
    pub fn emit(&mut self, rule: &'static Rule, pointer: &str, message: impl Into<String>) {
        let mut f = Finding::new(rule, message).path(self.path);
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

/// Parse stored bytes into a tree, reporting invalid JSON and duplicate keys.
pub fn parse_document(ctx: &mut DocCtx<'_>, bytes: &[u8], what: &str) -> Option<Node> {
    match Node::parse(bytes) {
        Ok(node) => {
            for (pointer, key) in node.duplicate_keys() {
                ctx.emit(
                    &rules::DUPLICATE_KEY,
                    &pointer,
                    format!("the key \"{key}\" appears more than once in the same object; parsers disagree on which value counts"),
                );
            }
            Some(node)
        }
        Err(e) => {
            ctx.emit(&rules::INVALID_JSON, "", format!("{what} is not valid JSON: {e}"));
            None
        }
    }
}

/// Check one standalone document of a known kind.
pub fn check_kind(ctx: &mut DocCtx<'_>, node: &Node, kind: DocKind) {
    match kind {
        DocKind::Index => {
            check_index(ctx, node);
        }
        DocKind::Manifest => {
            check_manifest(ctx, node);
        }
        DocKind::Config => {
            check_config(ctx, node, Strictness::Schema);
        }
        DocKind::Descriptor => {
            check_descriptor(ctx, node, "");
        }
        DocKind::Layout => check_layout_file(ctx, node),
    }
}

/// `annotations`: an object of string → string.
pub(crate) fn check_annotations(ctx: &mut DocCtx<'_>, node: &Node, pointer: &str) -> Vec<(String, String)> {
    let Some(a) = node.get("annotations") else { return Vec::new() };
    let p = crate::json::ptr(pointer, "annotations");
    let Some(members) = a.members() else {
        if !matches!(a, Node::Null) {
            ctx.emit(
                &rules::SCHEMA_VIOLATION,
                &p,
                format!("annotations must be an object of strings, found {}", a.kind()),
            );
        }
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in members {
        match v.as_str() {
            Some(s) => out.push((k.clone(), s.to_owned())),
            None => ctx.emit(
                &rules::SCHEMA_VIOLATION,
                &crate::json::ptr(&p, k),
                format!("annotation \"{k}\" must be a string, found {}", v.kind()),
            ),
        }
    }
    out
}

/// An optional field that must be a string when present; returns it.
pub(crate) fn opt_str<'n>(
    ctx: &mut DocCtx<'_>,
    rule: &'static Rule,
    node: &'n Node,
    key: &str,
    pointer: &str,
) -> Option<&'n str> {
    match node.get(key) {
        None => None,
        Some(Node::Str(s)) => Some(s),
        Some(other) => {
            ctx.emit(
                rule,
                &crate::json::ptr(pointer, key),
                format!("\"{key}\" must be a string, found {}", other.kind()),
            );
            None
        }
    }
}
