//! What zarf.yaml promises inside each component tarball (ZV600–ZV612), on packages real Zarf
//! created (`tests/vectors/zarf-components`, made with `zarf-oracle create`), each promise broken
//! in turn. Every mutant keeps checksums.txt and the aggregate checksum consistent, so that the
//! component check is the only thing that can catch it — as at a real deploy.
//!
//! `ZV_COMPONENT_MUTANTS=<dir>` writes each mutant there (as `<name>.tar`) to ask the oracle what
//! Zarf does with it (see the vectors' README).

// Test code reads the vectors and writes mutants: the sans-IO rule is for the core.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use zverify_core::Report;
use zverify_tests::{codes, findings_text, sha256_hex, vectors_dir, verify_archive};

#[derive(Clone, Debug)]
struct Item {
    path: String,
    /// `None`: a directory.
    data: Option<Vec<u8>>,
}

fn vector(name: &str) -> Vec<u8> {
    let zst = std::fs::read(vectors_dir().join("zarf-components").join(name)).expect("vector");
    zstd::decode_all(&zst[..]).expect("zstd")
}

fn read_tar(bytes: &[u8]) -> Vec<Item> {
    let mut out = Vec::new();
    let mut a = tar::Archive::new(bytes);
    for e in a.entries().unwrap() {
        let mut e = e.unwrap();
        let path = e.path().unwrap().to_string_lossy().into_owned();
        let data = match e.header().entry_type() {
            tar::EntryType::Directory => None,
            _ => {
                let mut d = Vec::new();
                e.read_to_end(&mut d).unwrap();
                Some(d)
            }
        };
        out.push(Item { path, data });
    }
    out
}

fn write_tar(items: &[Item]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for it in items {
        let mut h = tar::Header::new_ustar();
        h.set_mtime(0);
        h.set_uid(0);
        h.set_gid(0);
        match &it.data {
            None => {
                h.set_entry_type(tar::EntryType::Directory);
                h.set_mode(0o700);
                h.set_size(0);
                h.set_path(&it.path).unwrap();
                h.set_cksum();
                b.append(&h, &[][..]).unwrap();
            }
            Some(d) => {
                h.set_entry_type(tar::EntryType::Regular);
                h.set_mode(0o644);
                h.set_size(d.len() as u64);
                h.set_path(&it.path).unwrap();
                h.set_cksum();
                b.append(&h, &d[..]).unwrap();
            }
        }
    }
    b.into_inner().unwrap()
}

/// The package with `components/<component>.tar` replaced by `tarball` (`None`: removed), and
/// checksums.txt and zarf.yaml's aggregate checksum rewritten to match, as a forger would.
fn with_component(pkg: &[u8], component: &str, tarball: Option<Vec<u8>>) -> Vec<u8> {
    with_entry(pkg, &format!("components/{component}.tar"), tarball)
}

/// [`with_component`] for any entry listed in checksums.txt.
fn with_entry(pkg: &[u8], at: &str, tarball: Option<Vec<u8>>) -> Vec<u8> {
    let at = at.to_owned();
    let mut items = read_tar(pkg);
    let old_sum = sha256_hex(items.iter().find(|i| i.path == at).unwrap().data.as_ref().unwrap());
    let checksums = items.iter().find(|i| i.path == "checksums.txt").unwrap().data.clone().unwrap();
    let mut text = String::from_utf8(checksums).unwrap();
    match &tarball {
        Some(t) => text = text.replace(&old_sum, &sha256_hex(t)),
        None => text = text.lines().filter(|l| !l.ends_with(&at)).map(|l| format!("{l}\n")).collect(),
    }
    let old_agg = sha256_hex(items.iter().find(|i| i.path == "checksums.txt").unwrap().data.as_ref().unwrap());
    let new_agg = hex::encode(Sha256::digest(text.as_bytes()));
    items.retain(|i| i.path != at || tarball.is_some());
    for i in &mut items {
        if i.path == at {
            i.data = tarball.clone();
        } else if i.path == "checksums.txt" {
            i.data = Some(text.clone().into_bytes());
        } else if i.path == "zarf.yaml" {
            let y = String::from_utf8(i.data.take().unwrap()).unwrap();
            assert!(y.contains(&old_agg));
            i.data = Some(y.replace(&old_agg, &new_agg).into_bytes());
        }
    }
    write_tar(&items)
}

fn component(pkg: &[u8], name: &str) -> Vec<Item> {
    let at = format!("components/{name}.tar");
    read_tar(read_tar(pkg).into_iter().find(|i| i.path == at).unwrap().data.as_ref().unwrap())
}

/// Change the component's entries with `f`, and rebuild the package around them.
fn mutate(pkg: &[u8], name: &str, f: impl FnOnce(&mut Vec<Item>)) -> Vec<u8> {
    let mut items = component(pkg, name);
    f(&mut items);
    with_component(pkg, name, Some(write_tar(&items)))
}

fn dump(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("ZV_COMPONENT_MUTANTS") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(std::path::Path::new(&dir).join(format!("{name}.tar")), bytes).unwrap();
    }
}

/// Verify as the page does (the core's archive reader), in two chunkings; both must agree.
fn verify(name: &str, bytes: &[u8]) -> Report {
    dump(name, bytes);
    let whole = verify_archive(bytes, bytes.len().max(1), true);
    let small = verify_archive(bytes, 7, true);
    assert_eq!(findings_text(&whole), findings_text(&small), "{name}: chunking changed the verdict");
    whole
}

/// `code` is reported, at `path`, and no other error from the component rules.
fn assert_only(name: &str, r: &Report, code: &str, path: &str) {
    let text = findings_text(r);
    assert!(
        r.findings.iter().any(|f| f.code == code && f.path.as_deref() == Some(path)),
        "{name}: want {code} at {path}, got:\n{text}"
    );
    let others: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.severity == zverify_core::Severity::Error && f.code != code)
        .map(|f| f.code)
        .collect();
    assert!(others.is_empty(), "{name}: other errors {others:?}:\n{text}");
}

fn chart_tgz(name: &str, version: &str) -> Vec<u8> {
    let chart = format!("apiVersion: v2\nname: {name}\nversion: {version}\n");
    let tar = write_tar(&[
        Item { path: format!("{name}/Chart.yaml"), data: Some(chart.into_bytes()) },
        Item { path: format!("{name}/values.yaml"), data: Some(b"k: v\n".to_vec()) },
    ]);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&tar).unwrap();
    gz.finish().unwrap()
}

const DEMO: &str = "comp-demo.tar.zst";

#[test]
fn real_packages_as_zarf_built_them_pass() {
    let r = verify("clean", &vector(DEMO));
    assert_eq!(r.summary.errors, 0, "{}", findings_text(&r));
    // Charts are not rendered, and the report says so.
    assert!(codes(&r).contains(&"ZV612"), "{}", findings_text(&r));
    // The component tarball was read: its chart archive's Chart.yaml matched (a wrong version is
    // caught below), and rebuilding it from its own entries changes nothing.
    let same = mutate(&vector(DEMO), "app", |_| {});
    assert_eq!(verify("rebuilt", &same).summary.errors, 0);
}

#[test]
fn a_changed_file_breaks_its_shasum() {
    let pkg = mutate(&vector(DEMO), "app", |items| {
        let f = items.iter_mut().find(|i| i.path == "app/files/0/hello.txt").unwrap();
        f.data = Some(b"hellO\n".to_vec());
    });
    assert_only("shasum", &verify("shasum", &pkg), "ZV603", "components/app.tar!app/files/0/hello.txt");
}

#[test]
fn a_file_without_shasum_may_change_but_not_vanish() {
    // files[1] is a directory source without a shasum: its content is not pinned.
    let pkg = mutate(&vector(DEMO), "app", |items| {
        let f = items.iter_mut().find(|i| i.path == "app/files/1/dir/a.txt").unwrap();
        f.data = Some(b"changed\n".to_vec());
    });
    assert_eq!(verify("dir-changed", &pkg).summary.errors, 0);
    let pkg = mutate(&vector(DEMO), "app", |items| items.retain(|i| !i.path.starts_with("app/files/1")));
    assert_only("dir-missing", &verify("dir-missing", &pkg), "ZV602", "components/app.tar");
    let pkg = mutate(&vector(DEMO), "app", |items| items.retain(|i| i.path != "app/files/0/hello.txt"));
    assert_only("file-missing", &verify("file-missing", &pkg), "ZV602", "components/app.tar");
}

#[test]
fn a_chart_must_be_there_and_be_the_named_version() {
    let pkg = mutate(&vector(DEMO), "app", |items| {
        let c = items.iter_mut().find(|i| i.path == "app/charts/demo-0.1.0.tgz").unwrap();
        c.data = Some(chart_tgz("demo", "0.2.0"));
    });
    let r = verify("chart-version", &pkg);
    assert_only("chart-version", &r, "ZV605", "components/app.tar!app/charts/demo-0.1.0.tgz");
    assert!(findings_text(&r).contains("\"0.2.0\""), "{}", findings_text(&r));
    // The same chart rebuilt at the right version passes: the check reads the archive.
    let pkg = mutate(&vector(DEMO), "app", |items| {
        let c = items.iter_mut().find(|i| i.path == "app/charts/demo-0.1.0.tgz").unwrap();
        c.data = Some(chart_tgz("demo", "0.1.0"));
    });
    assert_eq!(verify("chart-rebuilt", &pkg).summary.errors, 0);
    let pkg = mutate(&vector(DEMO), "app", |items| {
        let c = items.iter_mut().find(|i| i.path == "app/charts/demo-0.1.0.tgz").unwrap();
        c.data = Some(b"not gzip".to_vec());
    });
    assert_only(
        "chart-garbage",
        &verify("chart-garbage", &pkg),
        "ZV605",
        "components/app.tar!app/charts/demo-0.1.0.tgz",
    );
    let pkg = mutate(&vector(DEMO), "app", |items| {
        let c = items.iter_mut().find(|i| i.path == "app/charts/demo-0.1.0.tgz").unwrap();
        c.path = "app/charts/demo-0.2.0.tgz".into();
    });
    let r = verify("chart-renamed", &pkg);
    assert!(codes(&r).contains(&"ZV604") && codes(&r).contains(&"ZV601"), "{}", findings_text(&r));
    let pkg = mutate(&vector(DEMO), "app", |items| items.retain(|i| i.path != "app/values/demo-0.1.0-0"));
    assert_only("values-missing", &verify("values-missing", &pkg), "ZV606", "components/app.tar");
}

#[test]
fn manifests_must_be_there_and_be_kubernetes_yaml() {
    let pkg = mutate(&vector(DEMO), "app", |items| items.retain(|i| i.path != "app/manifests/web-0.yaml"));
    assert_only("manifest-missing", &verify("manifest-missing", &pkg), "ZV607", "components/app.tar");
    let pkg =
        mutate(&vector(DEMO), "app", |items| items.retain(|i| i.path != "app/manifests/kustomization-web-0.yaml"));
    assert_only("kustomization-missing", &verify("kustomization-missing", &pkg), "ZV607", "components/app.tar");
    let pkg = mutate(&vector(DEMO), "app", |items| {
        let m = items.iter_mut().find(|i| i.path == "app/manifests/web-0.yaml").unwrap();
        m.data = Some(b"apiVersion: v1\nkind: [ConfigMap\n".to_vec());
    });
    assert_only(
        "manifest-invalid",
        &verify("manifest-invalid", &pkg),
        "ZV608",
        "components/app.tar!app/manifests/web-0.yaml",
    );
}

#[test]
fn data_and_the_tarball_itself_must_be_there() {
    let pkg = mutate(&vector(DEMO), "app", |items| items.retain(|i| !i.path.starts_with("app/data/0/")));
    assert_only("data-missing", &verify("data-missing", &pkg), "ZV609", "components/app.tar");
    let pkg = with_component(&vector(DEMO), "app", None);
    assert_only("tarball-missing", &verify("tarball-missing", &pkg), "ZV600", "components/app.tar");
}

#[test]
fn nothing_unaccounted_for() {
    let pkg = mutate(&vector(DEMO), "app", |items| {
        items.push(Item { path: "app/run.sh".into(), data: Some(b"#!/bin/sh\n".to_vec()) })
    });
    assert_only("extra-entry", &verify("extra-entry", &pkg), "ZV601", "components/app.tar!app/run.sh");
    let pkg = mutate(&vector(DEMO), "app", |items| {
        items.push(Item { path: "other/".into(), data: None });
        items.push(Item { path: "other/x".into(), data: Some(b"x".to_vec()) });
    });
    let r = verify("extra-tree", &pkg);
    // One finding for the extra tree, at its top.
    assert_eq!(codes(&r).iter().filter(|c| **c == "ZV601").count(), 1, "{}", findings_text(&r));
    assert_only("extra-tree", &r, "ZV601", "components/app.tar!other");
}

#[test]
fn nested_tar_differentials_are_findings_at_the_nested_path() {
    // The same name twice: Zarf's extraction overwrites without truncating (ZV004), inside the
    // component tarball as in the package.
    let pkg = mutate(&vector(DEMO), "app", |items| {
        let v = items.iter().find(|i| i.path == "app/values/demo-0.1.0-0").unwrap().clone();
        items.push(Item { data: Some(b"k: overridden-by-a-longer-value\n".to_vec()), ..v });
    });
    let r = verify("nested-duplicate", &pkg);
    assert!(
        r.findings
            .iter()
            .any(|f| f.code == "ZV004" && f.path.as_deref() == Some("components/app.tar!app/values/demo-0.1.0-0")),
        "{}",
        findings_text(&r)
    );
    // A component tarball cut short in a header: the nested reader reports where it stopped,
    // under the tarball's path (no entry was open).
    let mut t = write_tar(&component(&vector(DEMO), "app"));
    t.truncate(t.len() - 2048 - 100);
    let r = verify("nested-truncated", &with_component(&vector(DEMO), "app", Some(t)));
    assert!(
        r.findings.iter().any(|f| f.code == "ZV001" && f.path.as_deref() == Some("components/app.tar")),
        "{}",
        findings_text(&r)
    );
}

#[test]
fn pod_images_must_be_carried() {
    let r = verify("pod-images", &vector("comp-podimage.tar.zst"));
    let text = findings_text(&r);
    let at = "components/web.tar!web/manifests/web-0.yaml";
    let found: Vec<_> = r.findings.iter().filter(|f| f.code == "ZV611" && f.path.as_deref() == Some(at)).collect();
    assert_eq!(found.len(), 2, "{text}");
    assert!(
        text.contains("\"nginx:1.27\"") && text.contains("\"busybox:1.36\"") && text.contains("Deployment/web"),
        "{text}"
    );
}

/// Zarf's own test package (v0.48 era, with `sboms.tar`), uncompressed.
fn sbom_package() -> Vec<u8> {
    std::fs::read(vectors_dir().join("zarf").join("zarf-package-test-uncompressed-amd64-0.0.1.tar")).unwrap()
}

fn with_sboms(pkg: &[u8], f: impl FnOnce(&mut Vec<Item>)) -> Vec<u8> {
    let mut items = read_tar(read_tar(pkg).into_iter().find(|i| i.path == "sboms.tar").unwrap().data.as_ref().unwrap());
    f(&mut items);
    with_entry(pkg, "sboms.tar", Some(write_tar(&items)))
}

const ALPINE_SBOM: &str = "docker.io_library_alpine_3.20.json";

#[test]
fn sboms_as_zarf_wrote_them_describe_the_images() {
    // The real package: its one image SBOM names the image's config digest and diff_ids.
    let r = verify("sbom-clean", &sbom_package());
    assert_eq!(r.summary.errors, 0, "{}", findings_text(&r));
    assert!(!codes(&r).iter().any(|c| c.starts_with("ZV62")), "{}", findings_text(&r));
    let rebuilt = with_sboms(&sbom_package(), |_| {});
    assert!(!codes(&verify("sbom-rebuilt", &rebuilt)).iter().any(|c| c.starts_with("ZV62")));

    let missing = with_sboms(&sbom_package(), |items| items.retain(|i| !i.path.ends_with(ALPINE_SBOM)));
    let r = verify("sbom-missing", &missing);
    assert!(
        r.findings.iter().any(|f| f.code == "ZV620" && f.path.as_deref() == Some("sboms.tar")),
        "{}",
        findings_text(&r)
    );

    let other = with_sboms(&sbom_package(), |items| {
        let s = items.iter_mut().find(|i| i.path.ends_with(ALPINE_SBOM)).unwrap();
        let text = String::from_utf8(s.data.take().unwrap()).unwrap();
        let id = "sha256:e29df9b510ff9f27454808bb092413353f812683d0ff9d628546e6470faac198";
        assert!(text.contains(id));
        s.data = Some(text.replace(id, &format!("sha256:{}", "0".repeat(64))).into_bytes());
    });
    let r = verify("sbom-other-image", &other);
    let at = format!("sboms.tar!{ALPINE_SBOM}");
    assert!(
        r.findings.iter().any(|f| f.code == "ZV621" && f.path.as_deref() == Some(at.as_str())),
        "{}",
        findings_text(&r)
    );

    let extra = with_sboms(&sbom_package(), |items| {
        items.push(Item { path: "docker.io_library_nginx_1.27.json".into(), data: Some(b"{}".to_vec()) })
    });
    let r = verify("sbom-extra", &extra);
    let at = "sboms.tar!docker.io_library_nginx_1.27.json";
    assert!(r.findings.iter().any(|f| f.code == "ZV622" && f.path.as_deref() == Some(at)), "{}", findings_text(&r));
}

#[test]
fn version_requirements_are_reported_consistent_and_answer_which_zarf_can_deploy() {
    // Built by current Zarf: an image index stored whole, so it declares v0.77.0.
    let pkg = std::fs::read(vectors_dir().join("zarf-current").join("zarf-package-real-uncompressed-amd64-0.1.0.tar"))
        .unwrap();
    let r = verify("requirements", &pkg);
    assert!(!codes(&r).contains(&"ZV630"), "{}", findings_text(&r));
    let reqs = r.package.as_ref().unwrap().version_requirements.clone();
    assert_eq!(reqs.iter().map(|q| q.version.as_str()).collect::<Vec<_>>(), ["v0.77.0"]);
    use zverify_core::zarf::requirements::can_deploy;
    assert!(can_deploy(&reqs, "v0.77.0").is_ok());
    let why = can_deploy(&reqs, "v0.76.0").unwrap_err();
    assert!(why.contains("v0.77.0") && why.contains("index digest"), "{why}");

    // The requirement dropped from zarf.yaml (outside checksums.txt in an unsigned package): an
    // older Zarf would now deploy it without a word.
    let mut items = read_tar(&pkg);
    let y = items.iter_mut().find(|i| i.path == "zarf.yaml").unwrap();
    let text = String::from_utf8(y.data.take().unwrap()).unwrap();
    let cut = text.replace(
        "  versionRequirements:\n  - version: v0.77.0\n    reason: This package contains multi-platform images preserved by index digest, which require v0.77.0+\n",
        "",
    );
    assert_ne!(cut, text);
    y.data = Some(cut.into_bytes());
    let r = verify("requirements-dropped", &write_tar(&items));
    assert!(r.findings.iter().any(|f| f.code == "ZV630" && f.message.contains("v0.77.0")), "{}", findings_text(&r));
    assert!(r.package.as_ref().unwrap().version_requirements.is_empty());
}

const BETA: &str = "comp-beta.tar.zst";

/// `pkg` with zarf.yaml rewritten by `f` (zarf.yaml is outside checksums.txt in an unsigned
/// package: nothing else changes).
fn with_zarf_yaml(pkg: &[u8], f: impl FnOnce(&str) -> String) -> Vec<u8> {
    let mut items = read_tar(pkg);
    let y = items.iter_mut().find(|i| i.path == "zarf.yaml").unwrap();
    let text = String::from_utf8(y.data.take().unwrap()).unwrap();
    let changed = f(&text);
    assert_ne!(changed, text, "the rewrite changed nothing");
    y.data = Some(changed.into_bytes());
    write_tar(&items)
}

/// The v1beta1 document alone: what Zarf writes after the `---` (Zarf loads and pushes it: the
/// oracle answers `ZARF OK` for it).
fn beta_only(pkg: &[u8]) -> Vec<u8> {
    with_zarf_yaml(pkg, |y| y[y.find("---\n").expect("two documents") + 4..].to_owned())
}

#[test]
fn v1beta1_promises_are_read_as_zarf_converts_them() {
    // Built by Zarf from a v1beta1 zarf.yaml (files with `destination`/`checksum`, a local chart
    // without a version, `valuesFiles` objects one of them templated, `kustomize.files`): Zarf
    // writes both documents and stores the chart as `demo.tgz`.
    let built = vector(BETA);
    let r = verify("beta-clean", &built);
    assert_eq!(r.summary.errors, 0, "{}", findings_text(&r));
    assert!(codes(&r).contains(&"ZV612"), "{}", findings_text(&r));
    let only = beta_only(&built);
    let r = verify("beta-only-clean", &only);
    assert_eq!(r.summary.errors, 0, "{}", findings_text(&r));
    assert!(codes(&r).contains(&"ZV612"), "{}", findings_text(&r));

    // Each promise of the v1beta1 document alone, broken in turn.
    let broken = |name: &str, f: &dyn Fn(&mut Vec<Item>)| verify(name, &mutate(&only, "app", f));
    let r = broken("beta-checksum", &|items| {
        items.iter_mut().find(|i| i.path == "app/files/0/hello.txt").unwrap().data = Some(b"hellO\n".to_vec())
    });
    assert_only("beta-checksum", &r, "ZV603", "components/app.tar!app/files/0/hello.txt");
    let r = broken("beta-destination", &|items| items.retain(|i| !i.path.starts_with("app/files/1")));
    assert_only("beta-destination", &r, "ZV602", "components/app.tar");
    let r = broken("beta-chart", &|items| items.retain(|i| i.path != "app/charts/demo.tgz"));
    assert_only("beta-chart", &r, "ZV604", "components/app.tar");
    let r = broken("beta-chart-name", &|items| {
        items.iter_mut().find(|i| i.path == "app/charts/demo.tgz").unwrap().data = Some(chart_tgz("other", "0.1.0"))
    });
    assert_only("beta-chart-name", &r, "ZV605", "components/app.tar!app/charts/demo.tgz");
    // The templated values file is the second one: both are promised.
    let r = broken("beta-values", &|items| items.retain(|i| i.path != "app/values/demo-1"));
    assert_only("beta-values", &r, "ZV606", "components/app.tar");
    let r = broken("beta-kustomize", &|items| items.retain(|i| i.path != "app/manifests/kustomization-web-0.yaml"));
    assert_only("beta-kustomize", &r, "ZV607", "components/app.tar");
    let r = broken("beta-extra", &|items| items.push(Item { path: "app/data/0/x".into(), data: Some(b"x".to_vec()) }));
    // v1beta1 has no data injections: a data directory is nothing zarf.yaml accounts for.
    assert_only("beta-extra", &r, "ZV601", "components/app.tar!app/data");
}

#[test]
fn a_v1beta1_chart_version_comes_from_its_source() {
    // An OCI source with a tag: Zarf's conversion makes the tag the version, so the archive is
    // `demo-0.1.0.tgz` and the `demo.tgz` Zarf wrote for the local chart is not it.
    let only = beta_only(&vector(BETA));
    let oci = with_zarf_yaml(&only, |y| {
        y.replace(
            "    local:\n      path: chart\n",
            "    oci:\n      url: oci://127.0.0.1:5000/charts/demo\n      ref:\n        tag: 0.1.0\n",
        )
    });
    let r = verify("beta-oci", &oci);
    assert!(
        r.findings.iter().any(|f| f.code == "ZV604" && f.message.contains("demo-0.1.0.tgz")),
        "{}",
        findings_text(&r)
    );
    assert!(codes(&r).contains(&"ZV601"), "{}", findings_text(&r));
    // The archive under that name (its Chart.yaml says 0.1.0): the promise is kept.
    let renamed = mutate(&oci, "app", |items| {
        items.iter_mut().find(|i| i.path == "app/charts/demo.tgz").unwrap().path = "app/charts/demo-0.1.0.tgz".into();
        items.iter_mut().find(|i| i.path == "app/values/demo-0").unwrap().path = "app/values/demo-0.1.0-0".into();
        items.iter_mut().find(|i| i.path == "app/values/demo-1").unwrap().path = "app/values/demo-0.1.0-1".into();
    });
    let r = verify("beta-oci-renamed", &renamed);
    assert_eq!(r.summary.errors, 0, "{}", findings_text(&r));
    // A tag that is not the chart's version: Chart.yaml disagrees.
    let other = with_zarf_yaml(&renamed, |y| y.replace("tag: 0.1.0", "tag: 0.2.0"));
    let other = mutate(&other, "app", |items| {
        for i in items.iter_mut() {
            i.path = i.path.replace("demo-0.1.0", "demo-0.2.0");
        }
    });
    assert_only(
        "beta-oci-tag",
        &verify("beta-oci-tag", &other),
        "ZV605",
        "components/app.tar!app/charts/demo-0.2.0.tgz",
    );
}

#[test]
fn both_documents_must_promise_the_same_contents() {
    // Current Zarf deploys from the v1beta1 document, older Zarf from the v1alpha1 one: a
    // v1beta1 document that drops a values file (or changes a checksum) deploys another package.
    let built = vector(BETA);
    for (name, from, to) in [
        ("beta-disagree-values", "    - path: values-extra.yaml\n      enableTemplating: true\n", ""),
        (
            "beta-disagree-checksum",
            "    checksum: 5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03\n",
            "    checksum: 0000000000000000000000000000000000000000000000000000000000000000\n",
        ),
    ] {
        let pkg = with_zarf_yaml(&built, |y| y.replace(from, to));
        let r = verify(name, &pkg);
        assert!(
            r.findings.iter().any(|f| f.code == "ZV501" && f.message.contains("the components' contents")),
            "{name}: {}",
            findings_text(&r)
        );
    }
}

#[test]
fn a_v1beta1_only_zarf_yaml_is_read_for_pod_images() {
    // comp-podimage's component, its document marked v1beta1 (its `manifests` fields are the
    // same in both versions): the manifests are read, and the images they run that the package
    // does not carry are found.
    let pkg = with_zarf_yaml(&vector("comp-podimage.tar.zst"), |y| format!("apiVersion: zarf.dev/v1beta1\n{y}"));
    let r = verify("v1beta1-only", &pkg);
    let at = "components/web.tar!web/manifests/web-0.yaml";
    assert_eq!(
        r.findings.iter().filter(|f| f.code == "ZV611" && f.path.as_deref() == Some(at)).count(),
        2,
        "{}",
        findings_text(&r)
    );
}
