//! zverify's view of a JSON document: the fields the `oci::` checks read (and the part000
//! metadata), in the same canonical shape as `tests/go/jsonview` answers for Go's
//! `encoding/json` decoding into the image-spec structs. The Go differential (tests/json_go.rs)
//! compares the two: **zverify reports an error, or its view equals Go's**.

use serde_json::{json, Map, Value};
use zverify_core::oci::{self, Desc, DocCtx, Limits, Platform};
use zverify_core::{Options, Severity};

/// What to read a document as; the first byte of a `jsonview` request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Index,
    Manifest,
    Config,
    Part000,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Index, Kind::Manifest, Kind::Config, Kind::Part000];
    pub fn byte(self) -> u8 {
        match self {
            Kind::Index => b'i',
            Kind::Manifest => b'm',
            Kind::Config => b'c',
            Kind::Part000 => b'p',
        }
    }
}

/// The `jsonview` request for a document.
pub fn request(kind: Kind, doc: &[u8]) -> Vec<u8> {
    let mut r = Vec::with_capacity(doc.len() + 1);
    r.push(kind.byte());
    r.extend_from_slice(doc);
    r
}

/// zverify's reading: `Err(the error findings)` when it reports an error, else its view.
/// Documents are read as the layout walk reads them (configs with its `Layout` strictness).
pub fn zverify_view(kind: Kind, doc: &[u8]) -> Result<Value, Vec<String>> {
    if kind == Kind::Part000 {
        return match zverify_core::zarf::split::parse_meta(doc) {
            Ok(m) => Ok(json!({"Sha256Sum": m.sha256, "Bytes": m.bytes, "Count": m.count})),
            Err(e) => Err(vec![e.to_string()]),
        };
    }
    let mut findings = Vec::new();
    let mut ctx =
        DocCtx::new("doc", &mut findings).with_limits(Limits::from_options(&Options::default())).with_source(doc);
    let view = oci::parse_document(&mut ctx, doc, "the document").map(|node| match kind {
        Kind::Index => index_view(&oci::check_index(&mut ctx, &node)),
        Kind::Manifest => manifest_view(&oci::check_manifest(&mut ctx, &node)),
        Kind::Config => config_view(&oci::check_config(&mut ctx, &node, oci::Strictness::Layout)),
        Kind::Part000 => unreachable!(),
    });
    let errors: Vec<String> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| format!("{} {} {}", f.code, f.pointer.as_deref().unwrap_or(""), f.message))
        .collect();
    match view {
        Some(v) if errors.is_empty() => Ok(v),
        _ => Err(errors),
    }
}

fn s(o: &Option<String>) -> &str {
    o.as_deref().unwrap_or("")
}

fn map(pairs: &[(String, String)]) -> Value {
    let mut m = Map::new();
    for (k, v) in pairs {
        m.insert(k.clone(), Value::String(v.clone()));
    }
    Value::Object(m)
}

fn sorted_keys(keys: &[String]) -> Value {
    let mut k = keys.to_vec();
    k.sort();
    k.dedup();
    json!(k)
}

fn platform_view(p: &Option<Platform>) -> Value {
    match p {
        None => Value::Null,
        Some(p) => json!({"architecture": p.architecture, "os": p.os, "os.version": s(&p.os_version),
                          "os.features": p.os_features, "variant": s(&p.variant)}),
    }
}

pub fn desc_view(d: Option<&Desc>) -> Value {
    let Some(d) = d else { return Value::Null };
    json!({
        "mediaType": s(&d.media_type),
        "digest": d.digest.as_ref().map(|x| x.as_str()).unwrap_or(""),
        "size": d.size.unwrap_or(0),
        "urls": d.urls,
        "annotations": map(&d.annotations),
        "data": hex::encode(d.data.as_deref().unwrap_or_default()),
        "platform": platform_view(&d.platform),
        "artifactType": s(&d.artifact_type),
    })
}

fn index_view(x: &oci::IndexDoc) -> Value {
    json!({
        "schemaVersion": x.schema_version.unwrap_or(0),
        "mediaType": s(&x.media_type),
        "artifactType": s(&x.artifact_type),
        "manifests": x.manifests.iter().map(|d| desc_view(Some(d))).collect::<Vec<_>>(),
        "subject": desc_view(x.subject.as_ref()),
        "annotations": map(&x.annotations),
    })
}

fn manifest_view(x: &oci::ManifestDoc) -> Value {
    json!({
        "schemaVersion": x.schema_version.unwrap_or(0),
        "mediaType": s(&x.media_type),
        "artifactType": s(&x.artifact_type),
        "config": desc_view(Some(&x.config.clone().unwrap_or_default())),
        "layers": x.layers.iter().map(|d| desc_view(Some(d))).collect::<Vec<_>>(),
        "subject": desc_view(x.subject.as_ref()),
        "annotations": map(&x.annotations),
    })
}

fn config_view(c: &oci::ConfigDoc) -> Value {
    let e = &c.exec;
    json!({
        "created": c.created.is_some(),
        "author": s(&c.author),
        "architecture": s(&c.architecture),
        "os": s(&c.os),
        "os.version": s(&c.os_version),
        "os.features": c.os_features,
        "variant": s(&c.variant),
        "config": {
            "User": s(&e.user), "ExposedPorts": sorted_keys(&e.exposed_ports), "Env": e.env,
            "Entrypoint": e.entrypoint, "Cmd": e.cmd, "Volumes": sorted_keys(&e.volumes),
            "WorkingDir": s(&e.working_dir), "Labels": map(&e.labels), "StopSignal": s(&e.stop_signal),
            "ArgsEscaped": e.args_escaped,
        },
        "rootfs": {"type": s(&c.rootfs_type), "diff_ids": c.diff_id_list},
        "history": c.history.iter().map(|h| json!({
            "created": h.created.is_some(), "created_by": s(&h.created_by), "author": s(&h.author),
            "comment": s(&h.comment), "empty_layer": h.empty_layer,
        })).collect::<Vec<_>>(),
    })
}
