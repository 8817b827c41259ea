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
//!
//! A `zarf.dev/v1beta1` document names the same content with other fields; Zarf's deploy converts
//! it to v1alpha1 (`src/api/convert`: `internal/api/v1beta1.ConvertToGeneric`, then
//! `internal/api/v1alpha1.ConvertFromGeneric`) and finds it under the same names:
//! [`Promises::read_v1beta1`] makes that conversion for the fields the names come from.

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

    /// From one component mapping of a `zarf.dev/v1beta1` document, as Zarf's conversion to
    /// v1alpha1 makes it (zarf-dev/zarf `src/internal/api/v1alpha1/convert.go`,
    /// `componentFromGeneric`):
    /// - `files[i]`: `destination` is the target, `checksum` the shasum;
    /// - `charts[i]`: the version comes from its source ([`beta_chart_version`]; none for a local
    ///   chart), its `valuesFiles` (plain, then `enableTemplating` ones: the count is what names
    ///   them) are the values files;
    /// - `manifests[i]`: `files`, and `kustomize.files` as the kustomizations;
    /// - `repositories[i]`: a repository each (`url`, its `ref` appended);
    /// - v1beta1 has no data injections: a `dataInjections` key is not part of its struct, and
    ///   Zarf's decoder ignores it, as the deploy then does.
    pub fn read_v1beta1(c: &Value) -> Promises {
        Promises {
            files: list(c.get("files"))
                .iter()
                .map(|f| FilePromise {
                    source: text(f.get("source")),
                    target: text(f.get("destination")),
                    shasum: Some(text(f.get("checksum"))).filter(|s| !s.is_empty()),
                })
                .collect(),
            charts: list(c.get("charts"))
                .iter()
                .map(|ch| ChartPromise {
                    name: text(ch.get("name")),
                    version: beta_chart_version(ch).unwrap_or_default(),
                    values: list(ch.get("valuesFiles")).len(),
                })
                .collect(),
            manifests: list(c.get("manifests"))
                .iter()
                .map(|m| ManifestPromise {
                    name: text(m.get("name")),
                    files: list(m.get("files")).len(),
                    kustomizations: list(m.get("kustomize").and_then(|k| k.get("files"))).len(),
                })
                .collect(),
            data: Vec::new(),
            repos: list(c.get("repositories")).iter().map(|r| text(r.get("url"))).collect(),
        }
    }

    /// What two documents' promises must agree on for one component: the names the content is
    /// found under, and the shasums. (A repository's URL is compared by count: the v1alpha1 form
    /// carries the ref in the URL, and only the count is checked.)
    pub fn same_content(&self, other: &Promises) -> bool {
        let files = |p: &Promises| p.files.iter().map(|f| (go_base(&f.target), f.shasum.clone())).collect::<Vec<_>>();
        files(self) == files(other)
            && self.charts == other.charts
            && self.manifests == other.manifests
            && self.data.len() == other.data.len()
            && self.data.iter().map(|d| go_base(d)).eq(other.data.iter().map(|d| go_base(d)))
            && self.repos.len() == other.repos.len()
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

/// A v1beta1 chart's version as Zarf's conversion to v1alpha1 (`chartFromGeneric`) makes it: the
/// Helm repository's version, an OCI source's tag, or a Git source's tag or commit (a branch
/// becomes `refs/heads/…`, kept in the URL, not the version); the first source with a URL wins.
pub fn beta_chart_version(ch: &Value) -> Option<String> {
    let at = |p: &[&str]| -> Option<String> {
        let v = p.iter().try_fold(ch, |cur, k| cur.get(*k))?;
        matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_)).then(|| text(Some(v)))
    };
    let url = |src: &str| at(&[src, "url"]).is_some_and(|u| !u.is_empty());
    let nonempty = |p: &[&str]| at(p).filter(|s| !s.is_empty());
    if url("helmRepository") {
        at(&["helmRepository", "version"])
    } else if url("oci") {
        nonempty(&["oci", "ref", "tag"])
    } else if url("git") {
        let r = nonempty(&["git", "ref", "tag"])
            .or_else(|| nonempty(&["git", "ref", "commit"]))
            .or_else(|| nonempty(&["git", "ref", "branch"]).map(|b| format!("refs/heads/{b}")))?;
        (!r.starts_with("refs/")).then_some(r)
    } else {
        None
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
    fn v1beta1_fields_as_zarf_converts_them() {
        let c: Value = serde_norway::from_str(
            "name: c\nfiles:\n- {source: a, destination: /x/a.txt, checksum: abc}\n- {source: d, destination: /x/d/}\n\
             charts:\n- {name: h, helmRepository: {url: 'https://h', version: 1.2.3}, valuesFiles: [{path: v}, {path: w, enableTemplating: true}]}\n\
             - {name: g, git: {url: 'https://g@v9', ref: {branch: main}}}\n- {name: o, oci: {url: 'oci://o', ref: {digest: 'sha256:00'}}}\n\
             manifests:\n- {name: m, files: [a, b], kustomize: {files: [k]}}\n\
             repositories:\n- {url: 'https://r', ref: {tag: v1}}\n- {url: 'https://s'}\n\
             dataInjections:\n- {source: x, target: {path: /y}}\n",
        )
        .unwrap();
        let p = Promises::read_v1beta1(&c);
        assert_eq!(
            p.files,
            [
                FilePromise { source: "a".into(), target: "/x/a.txt".into(), shasum: Some("abc".into()) },
                FilePromise { source: "d".into(), target: "/x/d/".into(), shasum: None },
            ]
        );
        let charts: Vec<_> = p.charts.iter().map(|c| (c.name.as_str(), c.version.as_str(), c.values)).collect();
        // A branch goes into the URL, a digest too: no version, so `<name>.tgz`.
        assert_eq!(charts, [("h", "1.2.3", 2), ("g", "", 0), ("o", "", 0)]);
        assert_eq!(p.manifests, [ManifestPromise { name: "m".into(), files: 2, kustomizations: 1 }]);
        assert_eq!(p.repos.len(), 2);
        // Not a v1beta1 field: Zarf's decoder drops it.
        assert!(p.data.is_empty());
        // The v1alpha1 reading of the same mapping finds none of the renamed fields.
        assert!(Promises::read(&c).files.iter().all(|f| f.target.is_empty() && f.shasum.is_none()));
        assert!(!Promises::read(&c).same_content(&p));
    }

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
