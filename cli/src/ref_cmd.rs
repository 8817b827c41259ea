//! `zverify ref <IMAGE-REF>`: what a reference resolves to on its registry.

use crate::remote::RegistryArgs;
use serde_json::{json, Value};
use zverify_registry::doc::{describe, Child, Described};
use zverify_registry::{Manifest, Target};

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum RefFormat {
    Text,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct RefArgs {
    /// An image reference: `nginx`, `ghcr.io/org/app:1.2`, `…@sha256:…`, `localhost:5000/x:y`.
    #[arg(value_name = "IMAGE-REF")]
    pub reference: String,
    #[arg(long, value_enum, default_value_t = RefFormat::Text)]
    pub format: RefFormat,
    /// For an index: resolve the child for this platform (os/arch[/variant]) too.
    #[arg(long, value_name = "OS/ARCH[/VARIANT]")]
    pub platform: Option<String>,
    #[command(flatten)]
    pub registry: RegistryArgs,
}

/// Exit 0, or 1 when the registry's `Docker-Content-Digest` disagrees with the body; `Err` (exit 2)
/// when the registry cannot be reached, refuses, or does not have the reference.
pub fn run(args: &RefArgs) -> Result<u8, String> {
    let target = Target::parse(&args.reference).map_err(|e| format!("{}: {e}", args.reference))?;
    let client = args.registry.client(Some(&target.registry))?;
    let m = client.get_manifest(&target, target.reference()).map_err(|e| e.to_string())?;
    let d = describe(&m.bytes, m.content_type.as_deref()).map_err(|e| format!("{}: {e}", target.image))?;
    let mut platform_child = None;
    if let Some(p) = &args.platform {
        if !d.kind.is_index() {
            return Err(format!("--platform {p}: {} is a single {}, not an index", target.image, d.kind.describe()));
        }
        let child = d.children.iter().find(|c| c.platform.as_deref() == Some(p.as_str())).ok_or_else(|| {
            let have: Vec<&str> = d.children.iter().filter_map(|c| c.platform.as_deref()).collect();
            format!("--platform {p}: the index has no such child (it has: {})", have.join(", "))
        })?;
        let cm = client.get_manifest(&target, &child.digest).map_err(|e| e.to_string())?;
        let cd = describe(&cm.bytes, cm.content_type.as_deref()).map_err(|e| format!("{}: {e}", child.digest))?;
        platform_child = Some((p.clone(), cm, cd));
    }
    let advice = zarf_advice(&target, &d);
    let disagrees = m.header_agrees() == Some(false)
        || platform_child.as_ref().is_some_and(|(_, cm, _)| cm.header_agrees() == Some(false));
    match args.format {
        RefFormat::Json => {
            let mut v = doc_json(&m, &d);
            v["reference"] = json!(target.image.normalized());
            v["registry"] = json!(target.registry);
            v["repository"] = json!(target.repository);
            v["zarf_advice"] = json!(advice);
            if let Some((p, cm, cd)) = &platform_child {
                let mut c = doc_json(cm, cd);
                c["platform"] = json!(p);
                v["platform_child"] = c;
            }
            println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        }
        RefFormat::Text => {
            let mut out = format!("{}\n", target.image.normalized());
            out.push_str(&doc_text(&m, &d, "  "));
            if let Some((p, cm, cd)) = &platform_child {
                out.push_str(&format!("  platform {p}:\n"));
                out.push_str(&doc_text(cm, cd, "    "));
            }
            if let Some(a) = &advice {
                out.push_str(&format!("  zarf: {a}\n"));
            }
            print!("{out}");
        }
    }
    Ok(if disagrees { 1 } else { 0 })
}

fn header_text(m: &Manifest) -> String {
    match (&m.header_digest, m.header_agrees()) {
        (Some(_), Some(true)) => "Docker-Content-Digest agrees".into(),
        (Some(h), _) => format!("Docker-Content-Digest DISAGREES: the registry says {h}"),
        (None, _) => "no Docker-Content-Digest header".into(),
    }
}

fn child_json(c: &Child) -> Value {
    json!({"media_type": c.media_type, "digest": c.digest, "size": c.size, "platform": c.platform, "title": c.title})
}

fn doc_json(m: &Manifest, d: &Described) -> Value {
    json!({
        "kind": d.kind,
        "kind_text": d.kind.describe(),
        "media_type": d.media_type,
        "artifact_type": d.artifact_type,
        "digest": m.digest.as_str(),
        "size": m.bytes.len(),
        "docker_content_digest": m.header_digest,
        "docker_content_digest_agrees": m.header_agrees(),
        "children": d.children.iter().map(child_json).collect::<Vec<_>>(),
        "config": d.config.as_ref().map(child_json),
        "layers": d.layers.iter().map(child_json).collect::<Vec<_>>(),
    })
}

fn doc_text(m: &Manifest, d: &Described, pad: &str) -> String {
    let mut out = format!("{pad}kind    {} ({})\n", d.kind.describe(), d.media_type);
    if let Some(a) = &d.artifact_type {
        out.push_str(&format!("{pad}artifactType {a}\n"));
    }
    out.push_str(&format!(
        "{pad}digest  {} (sha256 of the {} bytes served; {})\n",
        m.digest,
        m.bytes.len(),
        header_text(m)
    ));
    out.push_str(&format!("{pad}size    {} bytes\n", m.bytes.len()));
    if d.kind.is_index() {
        out.push_str(&format!("{pad}children {}\n", d.children.len()));
        for c in &d.children {
            out.push_str(&format!(
                "{pad}  {:<16} {} {:>8} bytes  {}\n",
                c.platform.as_deref().unwrap_or("(no platform)"),
                c.digest,
                c.size,
                c.media_type
            ));
        }
    } else {
        if let Some(c) = &d.config {
            out.push_str(&format!("{pad}config  {} {} bytes ({})\n", c.digest, c.size, c.media_type));
        }
        let total: u64 = d.layers.iter().map(|l| l.size).sum();
        out.push_str(&format!("{pad}layers  {} ({total} bytes)\n", d.layers.len()));
    }
    out
}

/// For an index pinned by digest: which Zarf versions keep it whole, and the platform digests to
/// pin instead (one line).
fn zarf_advice(target: &Target, d: &Described) -> Option<String> {
    if target.image.digest.is_none() || !d.kind.is_index() {
        return None;
    }
    let name = target.image.name();
    let pins: Vec<String> = d
        .children
        .iter()
        .filter(|c| c.platform.as_deref().is_some_and(|p| !p.starts_with("unknown/")))
        .map(|c| format!("{} {name}@{}", c.platform.as_deref().unwrap_or(""), c.digest))
        .collect();
    Some(format!(
        "this reference pins an image index: Zarf v0.77.0 and later keep the whole index; v0.33.1 to v0.76.x refuse it at package create; older versions store only one platform's manifest and the deploy fails (#2425). To deploy with any Zarf, pin a platform digest instead: {}",
        if pins.is_empty() { "(the index lists no platforms)".to_owned() } else { pins.join(", ") }
    ))
}
