//! OCI and Docker image configs (the image-spec config schema; Docker's superset is accepted).

use super::manifest::digest_list;
use super::{opt_str, DocCtx};
use crate::json::{ptr, Node};
use crate::rules;

#[derive(Debug, Clone, Default)]
pub struct ConfigDoc {
    pub os: Option<String>,
    pub architecture: Option<String>,
    pub variant: Option<String>,
    /// Number of `rootfs.diff_ids`, when readable.
    pub diff_ids: Option<usize>,
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
        ctx.emit(&rules::CONFIG_INVALID, "", format!("an image config must be a JSON object, found {}", node.kind()));
        return doc;
    }
    let r = &rules::CONFIG_INVALID;
    let strict = strictness == Strictness::Schema;
    for key in ["architecture", "os"] {
        if strict && node.get(key).is_none() {
            ctx.emit(r, "", format!("image config has no \"{key}\""));
        }
    }
    doc.architecture = opt_str(ctx, r, node, "architecture", "").map(str::to_owned);
    doc.os = opt_str(ctx, r, node, "os", "").map(str::to_owned);
    doc.variant = opt_str(ctx, r, node, "variant", "").map(str::to_owned);
    opt_str(ctx, r, node, "os.version", "");
    opt_str(ctx, r, node, "author", "");
    if let Some(created) = opt_str(ctx, r, node, "created", "") {
        if !rfc3339(created) {
            ctx.emit(r, "/created", format!("\"created\" is \"{created}\", not an RFC 3339 date-time"));
        }
    }
    string_array(ctx, node, "os.features", "");

    match node.get("rootfs") {
        None if strict => ctx.emit(r, "", "image config has no \"rootfs\""),
        None => {}
        Some(rootfs @ Node::Obj(_)) => {
            match rootfs.get("type") {
                Some(Node::Str(t)) if t == "layers" => {}
                Some(other) => {
                    ctx.emit(r, "/rootfs/type", format!("rootfs.type must be \"layers\", found {}", show(other)))
                }
                None => ctx.emit(r, "/rootfs", "rootfs has no \"type\""),
            }
            match rootfs.get("diff_ids") {
                Some(ids @ Node::Arr(_)) => doc.diff_ids = digest_list(ctx, ids, "/rootfs/diff_ids"),
                Some(other) => {
                    ctx.emit(r, "/rootfs/diff_ids", format!("diff_ids must be an array, found {}", other.kind()))
                }
                None => ctx.emit(r, "/rootfs", "rootfs has no \"diff_ids\""),
            }
        }
        Some(other) => ctx.emit(r, "/rootfs", format!("rootfs must be an object, found {}", other.kind())),
    }

    if let Some(cfg) = node.get("config") {
        check_exec_config(ctx, cfg);
    }
    match node.get("history") {
        None | Some(Node::Null) => {}
        Some(Node::Arr(items)) => {
            for (i, h) in items.iter().enumerate() {
                let p = ptr("/history", i);
                if !h.is_object() {
                    ctx.emit(r, &p, format!("history entries must be objects, found {}", h.kind()));
                    continue;
                }
                for key in ["created", "author", "created_by", "comment"] {
                    opt_str(ctx, r, h, key, &p);
                }
                if let Some(e) = h.get("empty_layer") {
                    if !matches!(e, Node::Bool(_)) {
                        ctx.emit(r, &ptr(&p, "empty_layer"), "empty_layer must be a boolean");
                    }
                }
            }
        }
        Some(other) => ctx.emit(r, "/history", format!("history must be an array, found {}", other.kind())),
    }
    doc
}

/// The `config` member: execution parameters.
fn check_exec_config(ctx: &mut DocCtx<'_>, cfg: &Node) {
    let r = &rules::CONFIG_INVALID;
    if matches!(cfg, Node::Null) {
        return;
    }
    if !cfg.is_object() {
        ctx.emit(r, "/config", format!("config must be an object, found {}", cfg.kind()));
        return;
    }
    for key in ["User", "WorkingDir", "StopSignal"] {
        opt_str(ctx, r, cfg, key, "/config");
    }
    for key in ["Entrypoint", "Cmd"] {
        string_array(ctx, cfg, key, "/config");
    }
    if let Some(Node::Arr(env)) = cfg.get("Env") {
        for (i, e) in env.iter().enumerate() {
            match e.as_str() {
                Some(s) if s.find('=').is_some_and(|p| p > 0) => {}
                Some(s) => {
                    ctx.emit(r, &ptr("/config/Env", i), format!("Env entry \"{s}\" is not of the form NAME=value"))
                }
                None => ctx.emit(r, &ptr("/config/Env", i), format!("Env entries must be strings, found {}", e.kind())),
            }
        }
    } else {
        string_array(ctx, cfg, "Env", "/config");
    }
    for key in ["ExposedPorts", "Volumes", "Labels"] {
        match cfg.get(key) {
            None | Some(Node::Null) | Some(Node::Obj(_)) => {}
            Some(other) => {
                ctx.emit(r, &ptr("/config", key), format!("\"{key}\" must be an object, found {}", other.kind()))
            }
        }
    }
    if let Some(Node::Obj(labels)) = cfg.get("Labels") {
        for (k, v) in labels {
            if v.as_str().is_none() {
                ctx.emit(r, &ptr("/config/Labels", k), format!("label \"{k}\" must be a string, found {}", v.kind()));
            }
        }
    }
}

/// Optional array of strings (null allowed, as Docker writes it).
fn string_array(ctx: &mut DocCtx<'_>, node: &Node, key: &str, pointer: &str) {
    match node.get(key) {
        None | Some(Node::Null) => {}
        Some(Node::Arr(a)) if a.iter().all(|x| x.as_str().is_some()) => {}
        Some(_) => {
            ctx.emit(&rules::CONFIG_INVALID, &ptr(pointer, key), format!("\"{key}\" must be an array of strings"))
        }
    }
}

fn show(n: &Node) -> String {
    match n {
        Node::Str(s) => format!("\"{s}\""),
        other => other.kind().to_owned(),
    }
}

/// RFC 3339 date-time, checked structurally: `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`.
fn rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    if b.len() < 20 || !digits(0..4) || b[4] != b'-' || !digits(5..7) || b[7] != b'-' || !digits(8..10) {
        return false;
    }
    if !matches!(b[10], b'T' | b't' | b' ')
        || !digits(11..13)
        || b[13] != b':'
        || !digits(14..16)
        || b[16] != b':'
        || !digits(17..19)
    {
        return false;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match &b[i..] {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates() {
        assert!(super::rfc3339("2015-10-31T22:22:56.015925234Z"));
        assert!(super::rfc3339("2015-10-31T22:22:56+01:00"));
        assert!(!super::rfc3339("yesterday"));
        assert!(!super::rfc3339("2015-10-31T22:22:56."));
    }
}
