//! What a component of zarf.yaml promises its tarball holds, and where, as Zarf names it
//! (zarf-dev/zarf `src/pkg/packager/layout/layout.go` and `src/pkg/packager/assemble/assemble.go`,
//! which write it; `src/pkg/packager/deploy.go`, which reads it back):
//! - `files[i]` → `files/<i>/<base(target)>` (`ComponentFileRelPath`), a file or a directory;
//! - `charts[i]` → `charts/<name>-<version>.tgz` (`ChartArchiveName`; `<name>.tgz` without a
//!   version), its values files `values/<name>-<version>-<k>` (`ChartValuesFileName`: the
//!   `valuesFiles` first, then the `templatedValuesFiles`);
//! - `manifests[i]`: `manifests/<name>-<k>.yaml` per file (`ManifestFileName`) and
//!   `manifests/kustomization-<name>-<k>.yaml` per kustomization (`KustomizationFileName`);
//! - `dataInjections[i]` → `data/<i>/<base(target.path)>`;
//! - `repos` → clones under `repos/`.

use serde_norway::Value;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilePromise {
    pub source: String,
    pub target: String,
    /// `shasum` as written (Zarf compares it as a string with the lowercase hex sha256).
    pub shasum: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChartPromise {
    pub name: String,
    pub version: String,
    /// `valuesFiles` plus `templatedValuesFiles`.
    pub values: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ManifestPromise {
    pub name: String,
    pub files: usize,
    pub kustomizations: usize,
}

/// The content a component of zarf.yaml promises.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Promises {
    pub files: Vec<FilePromise>,
    pub charts: Vec<ChartPromise>,
    pub manifests: Vec<ManifestPromise>,
    /// Each data injection's `target.path`.
    pub data: Vec<String>,
    pub repos: Vec<String>,
}

fn text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

fn list(v: Option<&Value>) -> &[Value] {
    match v {
        Some(Value::Sequence(items)) => items,
        _ => &[],
    }
}

impl Promises {
    /// From one component mapping of zarf.yaml (its field types were checked against Zarf's Go
    /// structs before: `crate::zarf::yaml_types`).
    pub fn read(c: &Value) -> Promises {
        Promises {
            files: list(c.get("files"))
                .iter()
                .map(|f| FilePromise {
                    source: text(f.get("source")),
                    target: text(f.get("target")),
                    shasum: Some(text(f.get("shasum"))).filter(|s| !s.is_empty()),
                })
                .collect(),
            charts: list(c.get("charts"))
                .iter()
                .map(|ch| ChartPromise {
                    name: text(ch.get("name")),
                    version: text(ch.get("version")),
                    values: list(ch.get("valuesFiles")).len() + list(ch.get("templatedValuesFiles")).len(),
                })
                .collect(),
            manifests: list(c.get("manifests"))
                .iter()
                .map(|m| ManifestPromise {
                    name: text(m.get("name")),
                    files: list(m.get("files")).len(),
                    kustomizations: list(m.get("kustomizations")).len(),
                })
                .collect(),
            data: list(c.get("dataInjections"))
                .iter()
                .map(|d| text(d.get("target").and_then(|t| t.get("path"))))
                .collect(),
            repos: list(c.get("repos")).iter().map(|r| text(Some(r))).collect(),
        }
    }

    /// Whether Zarf writes a tarball for the component (it writes none for an empty build
    /// directory).
    pub fn has_content(&self) -> bool {
        !(self.files.is_empty()
            && self.charts.is_empty()
            && self.manifests.is_empty()
            && self.data.is_empty()
            && self.repos.is_empty())
    }
}

/// Go's `filepath.Base` on Linux: the last element, trailing slashes removed; `.` for an empty
/// path, `/` for slashes only.
pub fn go_base(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let trimmed = p.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".into();
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed).to_owned()
}

/// `<name>-<version>`, or `<name>` without a version (`chartStem`).
pub fn chart_stem(name: &str, version: &str) -> String {
    if version.is_empty() {
        name.to_owned()
    } else {
        format!("{name}-{version}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_as_go() {
        assert_eq!(go_base("/etc/x.txt"), "x.txt");
        assert_eq!(go_base("dir/"), "dir");
        assert_eq!(go_base(""), ".");
        assert_eq!(go_base("///"), "/");
        assert_eq!(chart_stem("demo", ""), "demo");
        assert_eq!(chart_stem("demo", "0.1.0"), "demo-0.1.0");
    }
}
