//! What zarf.yaml promises inside each component tarball, against what the tarball held
//! (`crate::zarf::component`): one rule per promise (ZV600–ZV612). Pure.

use crate::diag::Finding;
use crate::rules;
use crate::store::Store;
use crate::store::ViewNode;
use crate::zarf::component::{chart_stem, go_base, k8s, ChartRead, ComponentContents, Kept, Promises};
use crate::zarf::{reference, yaml};
use std::collections::{BTreeMap, BTreeSet};

/// The paths a component's promises name, and the subtrees they account for whole.
struct Accounted {
    exact: BTreeSet<String>,
    /// Directory sources, data injections and repository clones: anything beneath is theirs.
    subtrees: Vec<String>,
}

impl Accounted {
    fn of(root: &str, p: &Promises) -> Accounted {
        let mut exact = BTreeSet::from([root.to_owned()]);
        let mut subtrees = Vec::new();
        let dir = |d: &str| format!("{root}/{d}");
        if !p.files.is_empty() {
            exact.insert(dir("files"));
        }
        for (i, f) in p.files.iter().enumerate() {
            exact.insert(format!("{root}/files/{i}"));
            let at = file_path(root, i, &f.target);
            subtrees.push(format!("{at}/"));
            exact.insert(at);
        }
        if !p.charts.is_empty() {
            exact.insert(dir("charts"));
            exact.insert(dir("values"));
        }
        for c in &p.charts {
            exact.insert(chart_path(root, c.name.as_str(), &c.version));
            for k in 0..c.values {
                exact.insert(values_path(root, &c.name, &c.version, k));
            }
        }
        if !p.manifests.is_empty() {
            exact.insert(dir("manifests"));
        }
        for m in &p.manifests {
            exact.extend((0..m.files).map(|k| manifest_path(root, &m.name, k)));
            exact.extend((0..m.kustomizations).map(|k| kustomization_path(root, &m.name, k)));
        }
        if !p.data.is_empty() {
            exact.insert(dir("data"));
        }
        for (i, target) in p.data.iter().enumerate() {
            exact.insert(format!("{root}/data/{i}"));
            let at = data_path(root, i, target);
            subtrees.push(format!("{at}/"));
            exact.insert(at);
        }
        if !p.repos.is_empty() {
            exact.insert(dir("repos"));
            subtrees.push(format!("{root}/repos/"));
        }
        Accounted { exact, subtrees }
    }

    fn covers(&self, path: &str) -> bool {
        self.exact.contains(path) || self.subtrees.iter().any(|s| path.starts_with(s.as_str()))
    }
}

// Names as Zarf's layout.go builds them (`ComponentFileRelPath`, `ChartArchiveName`,
// `ChartValuesFileName`, `ManifestFileName`, `KustomizationFileName`) and assemble.go's data path.
fn file_path(root: &str, i: usize, target: &str) -> String {
    format!("{root}/files/{i}/{}", go_base(target))
}
fn chart_path(root: &str, name: &str, version: &str) -> String {
    format!("{root}/charts/{}.tgz", chart_stem(name, version))
}
fn values_path(root: &str, name: &str, version: &str, k: usize) -> String {
    format!("{root}/values/{}-{k}", chart_stem(name, version))
}
fn manifest_path(root: &str, name: &str, k: usize) -> String {
    format!("{root}/manifests/{name}-{k}.yaml")
}
fn kustomization_path(root: &str, name: &str, k: usize) -> String {
    format!("{root}/manifests/kustomization-{name}-{k}.yaml")
}
fn data_path(root: &str, i: usize, target: &str) -> String {
    format!("{root}/data/{i}/{}", go_base(target))
}

/// The package's images, as the agent's rewrite finds them in the Zarf registry: by normalized
/// reference, and by (repository, digest) for a pod that names only the digest.
struct Carried {
    refs: BTreeSet<String>,
    digests: BTreeSet<(String, String)>,
}

impl Carried {
    fn of(z: &yaml::ZarfYaml) -> Carried {
        let mut c = Carried { refs: BTreeSet::new(), digests: BTreeSet::new() };
        for r in z.components.iter().flat_map(|c| &c.images) {
            if let Ok(parsed) = reference::parse(r) {
                c.refs.insert(parsed.normalized());
                if let Some(d) = &parsed.digest {
                    c.digests.insert((parsed.name(), d.clone()));
                }
            }
        }
        c
    }

    fn carries(&self, image: &str) -> bool {
        let Ok(parsed) = reference::parse(image) else { return false };
        self.refs.contains(&parsed.normalized())
            || parsed.digest.as_ref().is_some_and(|d| self.digests.contains(&(parsed.name(), d.clone())))
    }
}

/// Check every component's promises (ZV600–ZV612).
pub(crate) fn check(store: &Store, z: &yaml::ZarfYaml, out: &mut Vec<Finding>) {
    let carried = Carried::of(z);
    let mut charts = 0;
    let mut known = BTreeSet::new();
    for c in &z.components {
        let tarball = format!("components/{}.tar", c.name);
        known.insert(tarball.clone());
        charts += c.content.charts.len();
        match store.components.get(&tarball) {
            Some(contents) => check_one(&tarball, &c.name, &c.content, contents, &carried, out),
            None if c.content.has_content()
                && !store.entries.contains_key(&tarball)
                && !store.unverified.contains(&tarball) =>
            {
                out.push(
                    Finding::of(rules::ComponentTarballMissing { component: c.name.clone(), tarball: tarball.clone() })
                        .path(tarball),
                )
            }
            // Present but not read as a tarball (a link to another entry: ZV003 says so; a sparse
            // file: ZV013).
            None => {}
        }
    }
    // A tarball no component names is never opened by Zarf: checksums.txt covers it (ZV507 when
    // it is not listed), and its contents are not reported.
    if charts > 0 {
        out.push(Finding::of(rules::ComponentChartsNotRendered { charts }).path(crate::zarf::ZARF_YAML));
    }
}

fn is_file(tree: &BTreeMap<String, ViewNode>, p: &str) -> bool {
    matches!(tree.get(p), Some(ViewNode::File { .. }))
}

fn check_one(
    tarball: &str,
    name: &str,
    p: &Promises,
    contents: &ComponentContents,
    carried: &Carried,
    out: &mut Vec<Finding>,
) {
    out.extend(contents.findings.iter().cloned());
    let tree = &contents.tree;
    let at = |entry: &str| format!("{tarball}!{entry}");
    let component = name.to_owned();

    // Nothing unaccounted for: report the topmost entry of anything extra.
    let acc = Accounted::of(name, p);
    for path in tree.keys() {
        if acc.covers(path) {
            continue;
        }
        let parent_extra = crate::path::ancestors(path).any(|a| tree.contains_key(a) && !acc.covers(a));
        if !parent_extra {
            out.push(
                Finding::of(rules::ComponentEntryUnaccounted { component: component.clone(), entry: path.clone() })
                    .path(at(path)),
            );
        }
    }

    for (i, f) in p.files.iter().enumerate() {
        let expected = file_path(name, i, &f.target);
        match (tree.get(&expected), &f.shasum) {
            (None, _) => out.push(
                Finding::of(rules::ComponentFileMissing {
                    component: component.clone(),
                    index: i,
                    target: f.target.clone(),
                    expected: expected.clone(),
                })
                .path(tarball),
            ),
            (Some(ViewNode::File { sha256, .. }), Some(want)) if sha256 != want => out.push(
                Finding::of(rules::ComponentFileShasumMismatch {
                    component: component.clone(),
                    index: i,
                    expected: want.clone(),
                    found: Some(sha256.clone()),
                })
                .path(at(&expected)),
            ),
            (Some(ViewNode::Dir), Some(want)) => out.push(
                Finding::of(rules::ComponentFileShasumMismatch {
                    component: component.clone(),
                    index: i,
                    expected: want.clone(),
                    found: None,
                })
                .path(at(&expected)),
            ),
            _ => {}
        }
    }

    for c in &p.charts {
        let expected = chart_path(name, &c.name, &c.version);
        if !is_file(tree, &expected) {
            out.push(
                Finding::of(rules::ComponentChartMissing {
                    component: component.clone(),
                    chart: c.name.clone(),
                    expected: expected.clone(),
                })
                .path(tarball),
            );
        } else if let Some(why) = chart_problem(contents.kept.get(&expected), &c.name, &c.version) {
            out.push(
                Finding::of(rules::ComponentChartInvalid { component: component.clone(), chart: c.name.clone(), why })
                    .path(at(&expected)),
            );
        }
        for k in 0..c.values {
            let expected = values_path(name, &c.name, &c.version, k);
            if !is_file(tree, &expected) {
                out.push(
                    Finding::of(rules::ComponentValuesMissing {
                        component: component.clone(),
                        chart: c.name.clone(),
                        expected,
                    })
                    .path(tarball),
                );
            }
        }
    }

    for m in &p.manifests {
        let files = (0..m.files).map(|k| manifest_path(name, &m.name, k));
        let kustomizations = (0..m.kustomizations).map(|k| kustomization_path(name, &m.name, k));
        for expected in files.chain(kustomizations) {
            if !is_file(tree, &expected) {
                out.push(
                    Finding::of(rules::ComponentManifestMissing {
                        component: component.clone(),
                        manifest: m.name.clone(),
                        expected,
                    })
                    .path(tarball),
                );
                continue;
            }
            let why = match contents.kept.get(&expected) {
                Some(Kept::Bytes(bytes)) => match k8s::parse(bytes) {
                    Ok(images) => {
                        for img in images {
                            // Zarf's own templates (`###ZARF_REGISTRY###/…`) are filled in at deploy.
                            if img.image.contains("###ZARF_") || carried.carries(&img.image) {
                                continue;
                            }
                            out.push(
                                Finding::of(rules::ManifestImageNotCarried {
                                    image: img.image,
                                    object: img.object,
                                    list: img.list,
                                })
                                .path(at(&expected)),
                            );
                        }
                        continue;
                    }
                    Err(e) => e.to_string(),
                },
                Some(Kept::TooLarge { size, limit, budget }) => {
                    out.push(Kept::not_inspected("the manifest", *size, *limit, *budget).path(at(&expected)));
                    continue;
                }
                // Stored through a link (ZV003 says so): its bytes were not read here.
                _ => "its bytes were not read (it is stored as a link)".to_owned(),
            };
            out.push(Finding::of(rules::ComponentManifestInvalid { why }).path(at(&expected)));
        }
    }

    for (i, target) in p.data.iter().enumerate() {
        let expected = data_path(name, i, target);
        if !tree.contains_key(&expected) {
            out.push(
                Finding::of(rules::ComponentDataMissing { component: component.clone(), index: i, expected })
                    .path(tarball),
            );
        }
    }

    if !p.repos.is_empty() {
        let prefix = format!("{name}/repos/");
        if !tree.keys().any(|k| k.starts_with(&prefix)) {
            out.push(
                Finding::of(rules::ComponentReposMissing { component: component.clone(), repos: p.repos.len() })
                    .path(tarball),
            );
        }
    }
}

/// Why a chart archive is not the chart zarf.yaml names, or `None`.
fn chart_problem(kept: Option<&Kept>, name: &str, version: &str) -> Option<String> {
    let bytes = match kept {
        Some(Kept::Chart(ChartRead::ChartYaml(b))) => b,
        Some(Kept::Chart(ChartRead::Unreadable(why))) => return Some(format!("the archive is unreadable: {why}")),
        Some(Kept::Chart(ChartRead::NoChartYaml)) => {
            return Some("the archive has no Chart.yaml under its top directory".into())
        }
        Some(Kept::Chart(ChartRead::ChartYamlTooLarge(size))) => {
            return Some(format!("its Chart.yaml is {size} bytes, more than zverify reads"))
        }
        _ => return Some("the archive was not read (it is stored as a link)".into()),
    };
    let doc: serde_norway::Value = match std::str::from_utf8(bytes).ok().map(serde_norway::from_str) {
        Some(Ok(v)) => v,
        Some(Err(e)) => return Some(format!("its Chart.yaml is not YAML: {e}")),
        None => return Some("its Chart.yaml is not UTF-8".into()),
    };
    let field = |k: &str| doc.get(k).and_then(serde_norway::Value::as_str).unwrap_or("").to_owned();
    let (found_name, found_version) = (field("name"), field("version"));
    let mut differ = Vec::new();
    if found_name != name {
        differ.push(format!("Chart.yaml names it {found_name:?}, zarf.yaml {name:?}"));
    }
    // A chart without a version in zarf.yaml is stored under its name alone; any version then.
    if !version.is_empty() && found_version != version {
        differ.push(format!("Chart.yaml gives version {found_version:?}, zarf.yaml {version:?}"));
    }
    (!differ.is_empty()).then(|| differ.join("; "))
}
