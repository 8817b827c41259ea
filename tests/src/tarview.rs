//! The tar differential: what zverify reads from a tar next to what Zarf's extraction leaves on
//! disk, as Go itself computes it (`tests/go/tarview`). The invariant the tests assert: **zverify
//! reports an archive-level error (a `ZV0xx` code at error severity), or its view equals Go's.**
//! Only archive-level codes count, so a random tar that is not a package (no `oci-layout`, …) does
//! not pass the invariant by the layout checks' errors.

use crate::gorun::GoOracle;
use base64::Engine as _;
use serde_json::Value;
use std::collections::BTreeMap;
use zverify_core::tar::TarReader;
use zverify_core::{Options, Severity, Verifier, ViewNode};

/// One path of an extracted tree: type, size, sha256 (files only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub kind: String,
    pub size: u64,
    pub sha256: String,
}

pub type View = BTreeMap<String, Node>;

/// What zverify made of a tar.
#[derive(Debug)]
pub struct Zv {
    /// Archive-level errors (`ZV0xx`), as "code: message".
    pub archive_errors: Vec<String>,
    pub view: View,
}

/// Run the tar through the core's push tar reader (in `chunk`-byte pieces) into a verifier,
/// exactly as the CLI drives it; take the verifier's tree view and the report's archive errors.
pub fn zverify_view(tar: &[u8], chunk: usize) -> Zv {
    let mut v = Verifier::new(Options::default());
    let mut r = TarReader::new();
    let mut failed = None;
    for c in tar.chunks(chunk.max(1)) {
        if let Err(e) = r.feed(c, &mut v) {
            failed = Some(e);
            break;
        }
    }
    if failed.is_none() {
        failed = r.finish(&mut v).err();
    }
    if let Some(e) = &failed {
        v.abort(Some("tar"), e.clone());
    }
    let view = v
        .tree_view()
        .into_iter()
        .map(|(p, n)| {
            let node = match n {
                ViewNode::File { size, sha256 } => Node { kind: "file".into(), size, sha256 },
                ViewNode::Dir => Node { kind: "dir".into(), size: 0, sha256: String::new() },
            };
            (p, node)
        })
        .collect();
    let report = v.finish("tar");
    let archive_errors = report
        .findings
        .iter()
        // ZV007 (legacy package format) is a ZV0xx code from the package checks, not the reader.
        .filter(|f| f.severity == Severity::Error && f.code.family() == 0 && f.code != "ZV007")
        .map(|f| format!("{}: {}", f.code, f.message))
        .collect();
    Zv { archive_errors, view }
}

/// Go's answer: `Err` when Zarf's extraction fails, else the tree it leaves.
pub fn go_view(go: &mut GoOracle, tar: &[u8]) -> Result<View, String> {
    let mut req = Vec::with_capacity(tar.len() + 1);
    req.push(b'v');
    req.extend_from_slice(tar);
    let a = go.ask(&req);
    if let Some(e) = a.get("error").and_then(Value::as_str) {
        return Err(e.to_owned());
    }
    let entries = a["entries"].as_object().unwrap_or_else(|| panic!("tarview answered {a}"));
    Ok(entries
        .iter()
        .map(|(p, n)| {
            let node = Node {
                kind: n["type"].as_str().unwrap_or_default().to_owned(),
                size: n["size"].as_u64().unwrap_or_default(),
                sha256: n["sha256"].as_str().unwrap_or_default().to_owned(),
            };
            (p.clone(), node)
        })
        .collect())
}

/// Ask Go's `archive/tar` Writer to write `entries` (name, is_dir, data) in `format` (ustar, pax, gnu).
pub fn go_write(go: &mut GoOracle, format: &str, entries: &[(String, bool, Vec<u8>)]) -> Vec<u8> {
    let b64 = base64::engine::general_purpose::STANDARD;
    let spec = serde_json::json!({
        "format": format,
        "entries": entries.iter().map(|(n, dir, d)| serde_json::json!({
            "name": n, "type": if *dir { "dir" } else { "file" }, "data": b64.encode(d)
        })).collect::<Vec<_>>(),
    });
    let mut req = vec![b'w'];
    req.extend_from_slice(spec.to_string().as_bytes());
    let a = go.ask(&req);
    let t = a["tar"].as_str().unwrap_or_else(|| panic!("Go could not write the tar: {a}"));
    b64.decode(t).expect("base64 from Go")
}

/// How one case came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Both read it, and identically.
    Agree,
    /// Go (Zarf) fails to extract; zverify reports an archive error.
    BothFail,
    /// zverify reports an archive error; Zarf extracts it (zverify stricter, or reading differs).
    ZverifyErrors,
}

/// The invariant. `Err` describes a disagreement: Zarf fails or reads differently while zverify
/// reports no archive error.
pub fn check(zv: &Zv, go: &Result<View, String>) -> Result<Outcome, String> {
    match (zv.archive_errors.is_empty(), go) {
        (false, Err(_)) => Ok(Outcome::BothFail),
        (false, Ok(_)) => Ok(Outcome::ZverifyErrors),
        (true, Err(e)) => Err(format!("Zarf's extraction fails ({e}) but zverify reports no archive error")),
        (true, Ok(g)) if *g == zv.view => Ok(Outcome::Agree),
        (true, Ok(g)) => {
            let mut diff = Vec::new();
            for (p, n) in g {
                if zv.view.get(p) != Some(n) {
                    diff.push(format!("  go      {p}: {n:?}\n  zverify {p}: {:?}", zv.view.get(p)));
                }
            }
            for (p, n) in &zv.view {
                if !g.contains_key(p) {
                    diff.push(format!("  go      {p}: -\n  zverify {p}: {n:?}"));
                }
            }
            Err(format!("zverify reports no archive error but reads a different tree:\n{}", diff.join("\n")))
        }
    }
}
