//! Kubernetes manifests (multi-document YAML, read with the YAML crate zarf.yaml is read with) and
//! the images their workloads run.

use serde::Deserialize;
use serde_norway::Value;

/// One workload's image: where it is and what it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodImage {
    /// `Deployment/web` (kind/name of the object).
    pub object: String,
    /// `containers`, `initContainers` or `ephemeralContainers`.
    pub list: &'static str,
    pub image: String,
}

/// Why a manifest is not Kubernetes YAML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ManifestError {
    NotUtf8,
    Syntax(String),
    /// Document `index` (1-based) is not a mapping with string `apiVersion` and `kind`.
    NotAnObject {
        index: usize,
        why: &'static str,
    },
}

impl std::fmt::Display for ManifestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ManifestError::NotUtf8 => f.write_str("it is not UTF-8"),
            ManifestError::Syntax(e) => write!(f, "it is not YAML: {e}"),
            ManifestError::NotAnObject { index, why } => write!(f, "its document {index} {why}"),
        }
    }
}

/// The pod spec of a workload of `kind`, where Kubernetes puts it.
fn pod_spec<'v>(kind: &str, obj: &'v Value) -> Option<&'v Value> {
    let path: &[&str] = match kind {
        "Pod" => &["spec"],
        "Deployment" | "StatefulSet" | "DaemonSet" | "Job" | "ReplicaSet" => &["spec", "template", "spec"],
        "CronJob" => &["spec", "jobTemplate", "spec", "template", "spec"],
        _ => return None,
    };
    path.iter().try_fold(obj, |v, k| v.get(*k))
}

/// Parse a manifest: every non-empty document must be a Kubernetes object (a mapping with string
/// `apiVersion` and `kind`). Returns the images its workloads run.
pub fn parse(bytes: &[u8]) -> Result<Vec<PodImage>, ManifestError> {
    let text = std::str::from_utf8(bytes).map_err(|_| ManifestError::NotUtf8)?;
    let mut images = Vec::new();
    for (i, de) in serde_norway::Deserializer::from_str(text).enumerate() {
        let doc = Value::deserialize(de).map_err(|e| ManifestError::Syntax(e.to_string()))?;
        let index = i + 1;
        let obj = match doc {
            Value::Null => continue,
            Value::Mapping(_) => doc,
            _ => return Err(ManifestError::NotAnObject { index, why: "is not a mapping" }),
        };
        let kind = match (obj.get("apiVersion"), obj.get("kind")) {
            (Some(Value::String(_)), Some(Value::String(k))) => k.clone(),
            (Some(Value::String(_)), _) => {
                return Err(ManifestError::NotAnObject { index, why: "has no string \"kind\"" })
            }
            _ => return Err(ManifestError::NotAnObject { index, why: "has no string \"apiVersion\"" }),
        };
        let name = obj.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("");
        let Some(spec) = pod_spec(&kind, &obj) else { continue };
        for list in ["initContainers", "containers", "ephemeralContainers"] {
            let Some(Value::Sequence(cs)) = spec.get(list) else { continue };
            for c in cs {
                if let Some(Value::String(image)) = c.get("image") {
                    images.push(PodImage { object: format!("{kind}/{name}"), list, image: image.clone() });
                }
            }
        }
    }
    Ok(images)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workloads_and_errors() {
        let y = b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: j}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          initContainers: [{name: i, image: busybox}]\n          containers: [{name: a, image: 'ghcr.io/x/y:1'}]\n---\n";
        let imgs = parse(y).unwrap();
        assert_eq!(imgs.len(), 2);
        assert_eq!(imgs[0].object, "CronJob/j");
        assert_eq!(imgs[0].image, "busybox");
        assert_eq!(imgs[1].list, "containers");
        assert!(matches!(parse(b"kind: Pod\n"), Err(ManifestError::NotAnObject { index: 1, .. })));
        assert!(matches!(parse(b"a: [\n"), Err(ManifestError::Syntax(_))));
        assert!(matches!(parse(b"- 1\n"), Err(ManifestError::NotAnObject { .. })));
    }
}
