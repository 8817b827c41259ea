//! zarf.yaml, read tolerantly across versions: v1alpha1 (one document, `apiVersion` absent),
//! multi-document files (v0.75.1+: v1alpha1 then v1beta1), and v1beta1 alone.

use serde::Deserialize;
use serde_norway::Value;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Component {
    pub name: String,
    /// Image references as written.
    pub images: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ZarfYaml {
    pub api_version: Option<String>,
    /// `ZarfPackageConfig` or `ZarfInitConfig`.
    pub kind: String,
    pub name: Option<String>,
    pub version: Option<String>,
    pub architecture: Option<String>,
    pub flavor: Option<String>,
    pub aggregate_checksum: Option<String>,
    /// `build.version`: the Zarf CLI that built the package.
    pub build_version: Option<String>,
    pub signed: Option<bool>,
    pub provenance_files: Vec<String>,
    pub components: Vec<Component>,
}

const KINDS: [&str; 2] = ["ZarfPackageConfig", "ZarfInitConfig"];

fn get<'v>(v: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter().try_fold(v, |cur, k| cur.get(*k))
}

fn string(v: &Value, path: &[&str]) -> Option<String> {
    match get(v, path)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Sequence(items)) => items
            .iter()
            .filter_map(|i| match i {
                Value::String(s) => Some(s.clone()),
                // v1beta1 image objects: {name, source}
                Value::Mapping(_) => string(i, &["name"]),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Parse zarf.yaml bytes. Errors are messages for ZV501.
pub fn parse(bytes: &[u8]) -> Result<ZarfYaml, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("zarf.yaml is not UTF-8: {e}"))?;
    let mut docs = Vec::new();
    for de in serde_norway::Deserializer::from_str(text) {
        let v = Value::deserialize(de).map_err(|e| format!("zarf.yaml is not valid YAML: {e}"))?;
        if !matches!(v, Value::Null) {
            docs.push(v);
        }
    }
    let is_pkg = |v: &&Value| string(v, &["kind"]).is_some_and(|k| KINDS.contains(&k.as_str()));
    // v1alpha1 (no apiVersion, or zarf.dev/v1alpha1) first: it is what every Zarf reads.
    let primary = docs
        .iter()
        .filter(is_pkg)
        .find(|v| string(v, &["apiVersion"]).is_none_or(|a| a.ends_with("v1alpha1")))
        .or_else(|| docs.iter().find(is_pkg))
        .ok_or_else(|| {
            format!("zarf.yaml has no document with kind {} (found {} document(s))", KINDS.join(" or "), docs.len())
        })?;
    let v = primary;
    let mut z = ZarfYaml {
        api_version: string(v, &["apiVersion"]),
        kind: string(v, &["kind"]).unwrap_or_default(),
        name: string(v, &["metadata", "name"]),
        version: string(v, &["metadata", "version"]),
        architecture: string(v, &["metadata", "architecture"]).or_else(|| string(v, &["build", "architecture"])),
        flavor: string(v, &["build", "flavor"]).or_else(|| string(v, &["metadata", "flavor"])),
        aggregate_checksum: string(v, &["metadata", "aggregateChecksum"])
            .or_else(|| string(v, &["build", "aggregateChecksum"])),
        build_version: string(v, &["build", "version"]),
        signed: match get(v, &["build", "signed"]) {
            Some(Value::Bool(b)) => Some(*b),
            _ => None,
        },
        provenance_files: strings(get(v, &["build", "provenanceFiles"])),
        components: Vec::new(),
    };
    if let Some(Value::Sequence(components)) = v.get("components") {
        for c in components {
            let mut images = strings(c.get("images"));
            if let Some(Value::Sequence(archives)) = c.get("imageArchives") {
                for a in archives {
                    images.extend(strings(a.get("images")));
                }
            }
            z.components.push(Component { name: string(c, &["name"]).unwrap_or_default(), images });
        }
    }
    if z.name.as_deref().is_none_or(str::is_empty) {
        return Err("zarf.yaml has no metadata.name".into());
    }
    Ok(z)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v1alpha1_and_multi_document() {
        let one = b"kind: ZarfPackageConfig\nmetadata:\n  name: a\n  architecture: amd64\n  aggregateChecksum: abc\nbuild:\n  version: v0.48.0\ncomponents:\n- name: c\n  images:\n  - nginx:1.25\n  imageArchives:\n  - path: x.tar\n    images: [busybox]\n";
        let z = parse(one).unwrap();
        assert_eq!(z.name.as_deref(), Some("a"));
        assert_eq!(z.components[0].images, ["nginx:1.25", "busybox"]);
        assert_eq!(z.aggregate_checksum.as_deref(), Some("abc"));

        let multi = b"kind: ZarfPackageConfig\nmetadata:\n  name: a\ncomponents:\n- name: c\n  images: [nginx]\n---\napiVersion: zarf.dev/v1beta1\nkind: ZarfPackageConfig\nmetadata:\n  name: a\nbuild:\n  aggregateChecksum: def\ncomponents:\n- name: c\n  images:\n  - name: nginx\n    source: docker.io/library/nginx\n";
        let z = parse(multi).unwrap();
        assert_eq!(z.api_version, None);
        assert_eq!(z.components[0].images, ["nginx"]);

        let beta = b"apiVersion: zarf.dev/v1beta1\nkind: ZarfInitConfig\nmetadata:\n  name: init\nbuild:\n  aggregateChecksum: def\ncomponents:\n- name: c\n  images:\n  - name: registry:2\n";
        let z = parse(beta).unwrap();
        assert_eq!((z.kind.as_str(), z.aggregate_checksum.as_deref()), ("ZarfInitConfig", Some("def")));
        assert_eq!(z.components[0].images, ["registry:2"]);
    }

    #[test]
    fn hostile_and_wrong_inputs_are_errors_not_panics() {
        let mut bomb =
            String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        let mut prev = "a".to_string();
        for n in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            bomb.push_str(&format!(
                "{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
            ));
            prev = n.to_string();
        }
        assert!(parse(bomb.as_bytes()).is_err());
        assert!(parse("[".repeat(100_000).as_bytes()).is_err());
        assert!(parse(b"kind: Deployment\n").is_err());
        assert!(parse(b"kind: ZarfPackageConfig\n").is_err());
        assert!(parse(b"\xff\xfe").is_err());
    }
}
