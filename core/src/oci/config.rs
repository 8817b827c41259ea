//! OCI and Docker image configs (the image-spec config schema; Docker's superset is accepted).

use super::doc::{check_key_case, fields, opt_str, DocCtx};
use super::manifest::digest_list;
use crate::json::{ptr, Node};
use crate::rules::{ConfigInvalid, Shape};

#[derive(Debug, Clone, Default)]
pub struct ConfigDoc {
    /// `created`, when it is a date Go reads (see [`crate::go::time::rfc3339`]).
    pub created: Option<String>,
    pub author: Option<String>,
    pub os: Option<String>,
    pub architecture: Option<String>,
    pub variant: Option<String>,
    pub os_version: Option<String>,
    pub os_features: Vec<String>,
    /// The `config` member (execution parameters).
    pub exec: ExecConfig,
    pub rootfs_type: Option<String>,
    /// Number of `rootfs.diff_ids`, when readable.
    pub diff_ids: Option<usize>,
    /// The `rootfs.diff_ids` that are strings.
    pub diff_id_list: Vec<String>,
    pub history: Vec<HistoryEntry>,
}

/// The config's `config` member, as far as it could be read.
#[derive(Debug, Clone, Default)]
pub struct ExecConfig {
    pub user: Option<String>,
    pub exposed_ports: Vec<String>,
    pub env: Vec<String>,
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
    pub volumes: Vec<String>,
    pub working_dir: Option<String>,
    pub labels: Vec<(String, String)>,
    pub stop_signal: Option<String>,
    pub args_escaped: bool,
}

/// One `history` entry that is an object.
#[derive(Debug, Clone, Default)]
pub struct HistoryEntry {
    pub created: Option<String>,
    pub created_by: Option<String>,
    pub author: Option<String>,
    pub comment: Option<String>,
    pub empty_layer: bool,
}

/// How strictly required fields are enforced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// The image-spec schema as written (`zverify doc`): `architecture`, `os`, `rootfs` required.
    Schema,
    /// Inside a layout: configs that omit the required fields (oras and regclient write
    /// `{"architecture":…,"os":…}` or `{}` for artifacts) are accepted; wrong types are not.
    Layout,
}

pub fn check_config(ctx: &mut DocCtx<'_>, node: &Node, strictness: Strictness) -> ConfigDoc {
    let mut doc = ConfigDoc::default();
    if !node.is_object() {
        ctx.emit("", ConfigInvalid::Shape(Shape::of("an image config", "a JSON object", node.kind())));
        return doc;
    }
    check_key_case(ctx, node, "", fields::IMAGE, "an image config");
    let r = ConfigInvalid::Shape;
    let strict = strictness == Strictness::Schema;
    for key in ["architecture", "os"] {
        if strict && node.get(key).is_none() {
            ctx.emit("", r(Shape::missing("image config", key)));
        }
    }
    doc.architecture = opt_str(ctx, r, node, "architecture", "").map(str::to_owned);
    doc.os = opt_str(ctx, r, node, "os", "").map(str::to_owned);
    doc.variant = opt_str(ctx, r, node, "variant", "").map(str::to_owned);
    doc.os_version = opt_str(ctx, r, node, "os.version", "").map(str::to_owned);
    doc.author = opt_str(ctx, r, node, "author", "").map(str::to_owned);
    doc.created = check_created(ctx, node, "");
    doc.os_features = string_array(ctx, node, "os.features", "");

    match node.get("rootfs") {
        None if strict => ctx.emit("", r(Shape::missing("image config", "rootfs"))),
        None => {}
        Some(rootfs @ Node::Obj(_)) => {
            check_key_case(ctx, rootfs, "/rootfs", fields::ROOTFS, "rootfs");
            match rootfs.get("type") {
                Some(Node::Str(t)) if t == "layers" => doc.rootfs_type = Some(t.clone()),
                Some(other) => ctx.emit("/rootfs/type", r(Shape::of("rootfs.type", "\"layers\"", show(other)))),
                None => ctx.emit("/rootfs", r(Shape::missing("rootfs", "type"))),
            }
            match rootfs.get("diff_ids") {
                Some(ids @ Node::Arr(_)) => {
                    doc.diff_id_list = digest_list(ctx, ids, "/rootfs/diff_ids").unwrap_or_default();
                    doc.diff_ids = ids.as_array().map(<[Node]>::len);
                }
                Some(other) => ctx.emit("/rootfs/diff_ids", r(Shape::of("diff_ids", "an array", other.kind()))),
                None => ctx.emit("/rootfs", r(Shape::missing("rootfs", "diff_ids"))),
            }
        }
        Some(other) => ctx.emit("/rootfs", r(Shape::of("rootfs", "an object", other.kind()))),
    }

    if let Some(cfg) = node.get("config") {
        doc.exec = check_exec_config(ctx, cfg);
    }
    match node.get("history") {
        None | Some(Node::Null) => {}
        Some(Node::Arr(items)) => {
            for (i, h) in items.iter().enumerate() {
                let p = ptr("/history", i);
                if !h.is_object() {
                    ctx.emit(&p, r(Shape::of("history entries", "objects", h.kind())));
                    continue;
                }
                check_key_case(ctx, h, &p, fields::HISTORY, "a history entry");
                let mut entry = HistoryEntry { created: check_created(ctx, h, &p), ..HistoryEntry::default() };
                entry.author = opt_str(ctx, r, h, "author", &p).map(str::to_owned);
                entry.created_by = opt_str(ctx, r, h, "created_by", &p).map(str::to_owned);
                entry.comment = opt_str(ctx, r, h, "comment", &p).map(str::to_owned);
                if let Some(e) = h.get("empty_layer") {
                    match e {
                        Node::Bool(b) => entry.empty_layer = *b,
                        _ => ctx.emit(&ptr(&p, "empty_layer"), r(Shape::must_be("empty_layer", "a boolean"))),
                    }
                }
                doc.history.push(entry);
            }
        }
        Some(other) => ctx.emit("/history", r(Shape::of("history", "an array", other.kind()))),
    }
    if doc.created.is_some() || doc.history.iter().any(|h| h.created.is_some()) {
        check_dates_unescaped(ctx);
    }
    doc
}

/// `created` (top level or in a history entry): Go decodes it as a `*time.Time`, so it must be a
/// date Go's RFC 3339 parser reads.
fn check_created(ctx: &mut DocCtx<'_>, node: &Node, pointer: &str) -> Option<String> {
    let created = opt_str(ctx, ConfigInvalid::Shape, node, "created", pointer)?;
    if !crate::go::time::rfc3339(created) {
        ctx.emit(&ptr(pointer, "created"), ConfigInvalid::Created { value: created.to_owned() });
        return None;
    }
    Some(created.to_owned())
}

/// Go's `time.Time.UnmarshalJSON` parses the bytes between the quotes *without* unescaping them,
/// so a date written with a JSON escape (`"2024-01-01T00:00:00\u005a"`) is one Go refuses. The
/// tree keeps only unescaped text; this reads the dates again, borrowing from the stored bytes
/// (serde borrows a string exactly when it holds no escape).
fn check_dates_unescaped(ctx: &mut DocCtx<'_>) {
    use serde::de::{Deserialize, Deserializer, Visitor};
    /// A string, and whether serde could borrow it from the input (it had no escape).
    struct Unescaped(bool);
    impl<'de> Deserialize<'de> for Unescaped {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Unescaped;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a string")
                }
                fn visit_borrowed_str<E>(self, _: &'de str) -> Result<Unescaped, E> {
                    Ok(Unescaped(true))
                }
                fn visit_str<E>(self, _: &str) -> Result<Unescaped, E> {
                    Ok(Unescaped(false))
                }
            }
            d.deserialize_str(V)
        }
    }
    #[derive(serde::Deserialize)]
    struct Dated {
        created: Option<Unescaped>,
        history: Option<Vec<Option<HistoryDate>>>,
    }
    #[derive(serde::Deserialize)]
    struct HistoryDate {
        created: Option<Unescaped>,
    }
    // Only reached when the dates were read from a tree of the same bytes; a document whose
    // shape serde's derive refuses (a type error elsewhere) was already reported.
    let Some(bytes) = ctx.source else { return };
    let Ok(dated) = serde_json::from_slice::<Dated>(bytes) else { return };
    let escaped = |c: &Option<Unescaped>| matches!(c, Some(Unescaped(false)));
    if escaped(&dated.created) {
        ctx.emit("/created", ConfigInvalid::CreatedEscaped);
    }
    for (i, h) in dated.history.iter().flatten().enumerate() {
        if h.as_ref().is_some_and(|h| escaped(&h.created)) {
            ctx.emit(&ptr(&ptr("/history", i), "created"), ConfigInvalid::CreatedEscaped);
        }
    }
}

/// The `config` member: execution parameters (`ImageConfig`).
fn check_exec_config(ctx: &mut DocCtx<'_>, cfg: &Node) -> ExecConfig {
    let r = ConfigInvalid::Shape;
    let mut exec = ExecConfig::default();
    if matches!(cfg, Node::Null) {
        return exec;
    }
    if !cfg.is_object() {
        ctx.emit("/config", r(Shape::of("config", "an object", cfg.kind())));
        return exec;
    }
    check_key_case(ctx, cfg, "/config", fields::IMAGE_CONFIG, "the config's execution parameters");
    exec.user = opt_str(ctx, r, cfg, "User", "/config").map(str::to_owned);
    exec.working_dir = opt_str(ctx, r, cfg, "WorkingDir", "/config").map(str::to_owned);
    exec.stop_signal = opt_str(ctx, r, cfg, "StopSignal", "/config").map(str::to_owned);
    exec.entrypoint = string_array(ctx, cfg, "Entrypoint", "/config");
    exec.cmd = string_array(ctx, cfg, "Cmd", "/config");
    if let Some(Node::Arr(env)) = cfg.get("Env") {
        for (i, e) in env.iter().enumerate() {
            match e.as_str() {
                Some(s) if s.find('=').is_some_and(|p| p > 0) => exec.env.push(s.to_owned()),
                Some(s) => ctx.emit(&ptr("/config/Env", i), ConfigInvalid::EnvEntry { value: s.to_owned() }),
                None => ctx.emit(&ptr("/config/Env", i), r(Shape::of("Env entries", "strings", e.kind()))),
            }
        }
    } else {
        string_array(ctx, cfg, "Env", "/config");
    }
    for key in ["ExposedPorts", "Volumes", "Labels"] {
        match cfg.get(key) {
            None | Some(Node::Null) | Some(Node::Obj(_)) => {}
            Some(other) => ctx.emit(&ptr("/config", key), r(Shape::field(key, "an object", other.kind()))),
        }
    }
    // Go decodes ExposedPorts and Volumes as map[string]struct{}: each value an object (or null).
    for key in ["ExposedPorts", "Volumes"] {
        if let Some(Node::Obj(members)) = cfg.get(key) {
            for (k, v) in members {
                match v {
                    Node::Obj(_) | Node::Null => {}
                    other => ctx.emit(
                        &ptr(&ptr("/config", key), k),
                        r(Shape::of(format!("\"{key}\" values"), "objects ({})", other.kind())),
                    ),
                }
            }
            let list = if key == "ExposedPorts" { &mut exec.exposed_ports } else { &mut exec.volumes };
            *list = members.iter().map(|(k, _)| k.clone()).collect();
        }
    }
    if let Some(Node::Obj(labels)) = cfg.get("Labels") {
        for (k, v) in labels {
            match v.as_str() {
                Some(s) => exec.labels.push((k.clone(), s.to_owned())),
                None => {
                    ctx.emit(&ptr("/config/Labels", k), r(Shape::of(format!("label \"{k}\""), "a string", v.kind())))
                }
            }
        }
    }
    match cfg.get("ArgsEscaped") {
        None | Some(Node::Null) => {}
        Some(Node::Bool(b)) => exec.args_escaped = *b,
        Some(other) => ctx.emit("/config/ArgsEscaped", r(Shape::field("ArgsEscaped", "a boolean", other.kind()))),
    }
    exec
}

/// Optional array of strings (null allowed, as Docker writes it). Returns the strings.
fn string_array(ctx: &mut DocCtx<'_>, node: &Node, key: &str, pointer: &str) -> Vec<String> {
    match node.get(key) {
        None | Some(Node::Null) => Vec::new(),
        Some(Node::Arr(a)) if a.iter().all(|x| x.as_str().is_some()) => {
            a.iter().filter_map(Node::as_str).map(str::to_owned).collect()
        }
        Some(_) => {
            ctx.emit(
                &ptr(pointer, key),
                ConfigInvalid::Shape(Shape::must_be(format!("\"{key}\""), "an array of strings")),
            );
            Vec::new()
        }
    }
}

fn show(n: &Node) -> String {
    match n {
        Node::Str(s) => format!("\"{s}\""),
        other => other.kind().to_owned(),
    }
}
