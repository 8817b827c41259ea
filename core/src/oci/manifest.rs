//! Image indexes, image manifests, and the `oci-layout` file.

use super::descriptor::{check_descriptor, Desc};
use super::doc::{capped, check_annotations, check_key_case, fields, opt_str, DocCtx};
use super::media;
use crate::json::{ptr, Node, Num};
use crate::rules::{
    ConfigInvalid, EmptyLayers, InvalidMediaType, LegacyFormat, ManifestsNotArray, MissingArtifactType,
    OciLayoutInvalid, SchemaVersion, SchemaViolation, Shape, WrongDocumentKind,
};

#[derive(Debug, Clone, Default)]
pub struct IndexDoc {
    /// `schemaVersion` when it is an integer.
    pub schema_version: Option<i64>,
    pub media_type: Option<String>,
    pub artifact_type: Option<String>,
    pub manifests: Vec<Desc>,
    pub subject: Option<Desc>,
    pub annotations: Vec<(String, String)>,
}

#[derive(Debug, Clone, Default)]
pub struct ManifestDoc {
    /// `schemaVersion` when it is an integer.
    pub schema_version: Option<i64>,
    pub media_type: Option<String>,
    pub artifact_type: Option<String>,
    pub config: Option<Desc>,
    pub layers: Vec<Desc>,
    pub subject: Option<Desc>,
    pub annotations: Vec<(String, String)>,
    /// A Docker schema 1 manifest: reported, not walked.
    pub schema1: bool,
}

fn check_schema_version(ctx: &mut DocCtx<'_>, node: &Node) -> Option<i64> {
    let version = match node.get("schemaVersion") {
        Some(Node::Num(Num::Int(v))) => Some(*v),
        _ => None,
    };
    match node.get("schemaVersion") {
        Some(Node::Num(Num::Int(2))) => {}
        None => ctx.emit("", SchemaVersion::Missing),
        Some(other) => ctx.emit("/schemaVersion", SchemaVersion::Wrong(describe(other))),
    }
    version
}

fn describe(n: &Node) -> String {
    match n {
        Node::Num(Num::Int(i)) => i.to_string(),
        Node::Str(s) => format!("the string \"{s}\""),
        other => other.kind().to_owned(),
    }
}

fn check_subject(ctx: &mut DocCtx<'_>, node: &Node) -> Option<Desc> {
    node.get("subject").and_then(|s| check_descriptor(ctx, s, "/subject"))
}

fn check_doc_media_type(ctx: &mut DocCtx<'_>, node: &Node, accept: fn(&str) -> bool, what: &str) -> Option<String> {
    let mt = opt_str(ctx, SchemaViolation, node, "mediaType", "")?;
    if !media::valid(mt) {
        ctx.emit("/mediaType", InvalidMediaType::MediaType(mt.to_owned()));
    } else if !accept(mt) {
        ctx.emit("/mediaType", WrongDocumentKind::OwnMediaType { read_as: what.to_owned(), media_type: mt.to_owned() });
    }
    Some(mt.to_owned())
}

fn check_artifact_type(ctx: &mut DocCtx<'_>, node: &Node) -> Option<String> {
    let at = opt_str(ctx, SchemaViolation, node, "artifactType", "")?;
    if !media::valid(at) {
        ctx.emit("/artifactType", InvalidMediaType::ArtifactType(at.to_owned()));
        return None;
    }
    Some(at.to_owned())
}

/// Check an image index (also `index.json`).
pub fn check_index(ctx: &mut DocCtx<'_>, node: &Node) -> IndexDoc {
    let mut doc = IndexDoc::default();
    if !node.is_object() {
        ctx.emit("", SchemaViolation(Shape::of("an image index", "a JSON object", node.kind())));
        return doc;
    }
    check_key_case(ctx, node, "", fields::INDEX, "an image index");
    doc.schema_version = check_schema_version(ctx, node);
    doc.media_type = check_doc_media_type(ctx, node, media::is_index, "an image index");
    doc.artifact_type = check_artifact_type(ctx, node);
    for key in ["config", "layers"] {
        if node.get(key).is_some() {
            ctx.emit(&ptr("", key), WrongDocumentKind::Contains { doc: "an image index", key: key.to_owned() });
        }
    }
    match node.get("manifests") {
        None => ctx.emit(
            "",
            SchemaViolation(Shape::Missing { owner: "image index", key: "manifests".into(), what: " array" }),
        ),
        Some(Node::Arr(list)) => {
            for (i, m) in capped(ctx, list, "/manifests").iter().enumerate() {
                if let Some(d) = check_descriptor(ctx, m, &ptr("/manifests", i)) {
                    doc.manifests.push(d);
                }
            }
        }
        Some(other) => ctx.emit("/manifests", ManifestsNotArray { found: other.kind() }),
    }
    doc.subject = check_subject(ctx, node);
    doc.annotations = check_annotations(ctx, node, "");
    doc
}

/// Check an image manifest (OCI or Docker v2; schema 1 is reported as legacy).
pub fn check_manifest(ctx: &mut DocCtx<'_>, node: &Node) -> ManifestDoc {
    let mut doc = ManifestDoc::default();
    if !node.is_object() {
        ctx.emit("", SchemaViolation(Shape::of("an image manifest", "a JSON object", node.kind())));
        return doc;
    }
    check_key_case(ctx, node, "", fields::MANIFEST, "an image manifest");
    let schema1 = node.str_at("mediaType").is_some_and(media::is_schema1)
        || matches!(node.get("schemaVersion"), Some(Node::Num(Num::Int(1))));
    if schema1 {
        ctx.emit("", LegacyFormat::Schema1Document);
        doc.schema1 = true;
        return doc;
    }
    doc.schema_version = check_schema_version(ctx, node);
    doc.media_type = check_doc_media_type(ctx, node, media::is_manifest, "an image manifest");
    doc.artifact_type = check_artifact_type(ctx, node);
    if node.get("manifests").is_some() {
        ctx.emit("/manifests", WrongDocumentKind::Contains { doc: "an image manifest", key: "manifests".into() });
    }
    match node.get("config") {
        None => ctx.emit(
            "",
            SchemaViolation(Shape::Missing { owner: "image manifest", key: "config".into(), what: " descriptor" }),
        ),
        Some(c) => doc.config = check_descriptor(ctx, c, "/config"),
    }
    match node.get("layers") {
        None => ctx.emit(
            "",
            SchemaViolation(Shape::Missing { owner: "image manifest", key: "layers".into(), what: " array" }),
        ),
        Some(Node::Arr(list)) => {
            let image_config =
                node.get("config").and_then(|c| c.str_at("mediaType")).is_some_and(media::is_image_config);
            if list.is_empty() && image_config {
                ctx.emit("/layers", EmptyLayers);
            }
            for (i, l) in capped(ctx, list, "/layers").iter().enumerate() {
                if let Some(d) = check_descriptor(ctx, l, &ptr("/layers", i)) {
                    doc.layers.push(d);
                }
            }
        }
        Some(other) => ctx.emit("/layers", SchemaViolation(Shape::field("layers", "an array", other.kind()))),
    }
    if let Some(cfg) = &doc.config {
        if cfg.media_type.as_deref() == Some(media::OCI_EMPTY) {
            if doc.artifact_type.is_none() && node.get("artifactType").is_none() {
                ctx.emit("/config", MissingArtifactType::NoArtifactType);
            }
            let digest_ok = cfg.digest.as_ref().is_none_or(|d| d.as_str() == media::EMPTY_DIGEST);
            if cfg.size.is_some_and(|s| s != 2) || !digest_ok {
                ctx.emit("/config", MissingArtifactType::NotTheEmptyConfig);
            }
        }
    }
    doc.subject = check_subject(ctx, node);
    doc.annotations = check_annotations(ctx, node, "");
    doc
}

/// `oci-layout`: `{"imageLayoutVersion": "1.0.0"}`.
pub fn check_layout_file(ctx: &mut DocCtx<'_>, node: &Node) {
    check_key_case(ctx, node, "", fields::LAYOUT, "oci-layout");
    match node.get("imageLayoutVersion") {
        Some(Node::Str(v)) if v == "1.0.0" => {}
        Some(Node::Str(v)) => ctx.emit("/imageLayoutVersion", OciLayoutInvalid::Version(v.clone())),
        Some(other) => ctx.emit(
            "/imageLayoutVersion",
            OciLayoutInvalid::Shape(Shape::of("imageLayoutVersion", "the string \"1.0.0\"", other.kind())),
        ),
        None if node.is_object() => {
            ctx.emit("", OciLayoutInvalid::Shape(Shape::missing("oci-layout", "imageLayoutVersion")))
        }
        None => ctx.emit("", OciLayoutInvalid::Shape(Shape::of("oci-layout", "a JSON object", node.kind()))),
    }
}

/// Used by configs for `rootfs.diff_ids`: the entries that are strings (each checked as a digest).
pub(crate) fn digest_list(ctx: &mut DocCtx<'_>, node: &Node, pointer: &str) -> Option<Vec<String>> {
    let list = node.as_array()?;
    let mut out = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let p = ptr(pointer, i);
        match item.as_str() {
            Some(s) => {
                super::descriptor::check_digest_str(ctx, s, &p);
                out.push(s.to_owned());
            }
            None => ctx.emit(&p, ConfigInvalid::Shape(Shape::of("diff_ids entries", "digest strings", item.kind()))),
        }
    }
    Some(out)
}
