//! `zverify ref`, `check oci://` and `--against-registry` against real registries: Debian's
//! docker-registry (distribution 2.8) on 127.0.0.1, storage in a temp dir, stopped by PID when the
//! test ends; seeded with skopeo (`copy --all`) from layouts built here, and with packages pushed as
//! `zarf package publish` lays them out. Protocol faults a real registry cannot be made to produce
//! (a lying Docker-Content-Digest, a connection cut mid-layer, a 500) use std::net servers.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use assert_cmd::Command;
use serde_json::{json, Value};
use std::io::Write as _;
use zverify_tests::registry::{FakeServer, Registry, Reply};
use zverify_tests::zarf::ZarfPackage;
use zverify_tests::*;

const DOCKER_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn zv(args: &[&str]) -> Run {
    zv_with(args, None, &[])
}

fn zv_with(args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Run {
    let mut c = Command::cargo_bin("zverify").unwrap();
    c.env("NO_COLOR", "1").env_remove("GITHUB_ACTIONS");
    // No Docker config of the machine's: each test says where credentials come from.
    let empty = tempfile::tempdir().unwrap();
    c.env("DOCKER_CONFIG", empty.path());
    for (k, v) in env {
        c.env(k, v);
    }
    if let Some(s) = stdin {
        c.write_stdin(s.to_owned());
    }
    let out = c.args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn json_of(r: &Run) -> Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: stdout {} stderr {}", r.stdout, r.stderr))
}

/// Seed: a single-arch OCI image and a pretty-printed two-platform index (skopeo copy --all), and a
/// Docker manifest list (raw push). Returns (single manifest, pretty index, amd64, arm64, list).
fn seed(reg: &Registry) -> (Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>) {
    let tmp = tempfile::tempdir().unwrap();
    let mut l = Layout::new("");
    let single = l.image("linux", "amd64", 1, 2);
    l.entry(OCI_MANIFEST, &single, Some("single"));
    let amd = l.image("linux", "amd64", 2, 1);
    let arm = l.image("linux", "arm64", 3, 1);
    let mut a = desc(OCI_MANIFEST, &amd);
    a["platform"] = json!({"os": "linux", "architecture": "amd64"});
    let mut b = desc(OCI_MANIFEST, &arm);
    b["platform"] = json!({"os": "linux", "architecture": "arm64", "variant": "v8"});
    // Pretty-printed, so that any re-serialization would change the digest.
    let pretty =
        serde_json::to_vec_pretty(&json!({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": [a, b]})).unwrap();
    l.blob(&pretty);
    l.entry(OCI_INDEX, &pretty, Some("multi"));
    l.build().write_dir(tmp.path());
    reg.skopeo_copy(tmp.path(), "single", "lib/single:1.0");
    reg.skopeo_copy(tmp.path(), "multi", "lib/multi:1.0");

    let p = reg.pusher();
    let cfg = br#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}"#;
    p.blob("lib/docker", cfg);
    let layer = noise(9, 100);
    p.blob("lib/docker", &layer);
    let dm = serde_json::to_vec(&json!({"schemaVersion": 2, "mediaType": DOCKER_MANIFEST,
        "config": desc("application/vnd.docker.container.image.v1+json", cfg),
        "layers": [desc("application/vnd.docker.image.rootfs.diff.tar.gzip", &layer)]}))
    .unwrap();
    p.manifest("lib/docker", &digest_of(&dm), DOCKER_MANIFEST, &dm);
    let mut e = desc(DOCKER_MANIFEST, &dm);
    e["platform"] = json!({"os": "linux", "architecture": "amd64"});
    let list = serde_json::to_vec(&json!({"schemaVersion": 2, "mediaType": DOCKER_LIST, "manifests": [e]})).unwrap();
    p.manifest("lib/docker", "list", DOCKER_LIST, &list);
    (single, pretty, amd, arm, list)
}

#[test]
fn ref_on_index_manifest_list_and_pinned_index() {
    let reg = Registry::start();
    let (single, pretty, amd, arm, list) = seed(&reg);
    let a = &reg.addr;

    let r = zv(&["ref", &format!("{a}/lib/single:1.0"), "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json_of(&r);
    assert_eq!(v["kind"], "oci-manifest");
    assert_eq!(v["digest"], digest_of(&single));
    assert_eq!(v["size"], single.len());
    assert_eq!(v["docker_content_digest_agrees"], true);
    assert_eq!(v["layers"].as_array().unwrap().len(), 2);

    let r = zv(&["ref", &format!("{a}/lib/multi:1.0"), "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json_of(&r);
    assert_eq!(v["kind"], "oci-index");
    assert_eq!(v["digest"], digest_of(&pretty), "the pretty-printed index survived skopeo byte for byte");
    let kids: Vec<(String, String)> = v["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["platform"].as_str().unwrap().to_owned(), c["digest"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(kids, [("linux/amd64".to_owned(), digest_of(&amd)), ("linux/arm64/v8".to_owned(), digest_of(&arm))]);
    assert!(v["zarf_advice"].is_null(), "a tag is not a pinned index");

    let r = zv(&["ref", &format!("{a}/lib/docker:list"), "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json_of(&r);
    assert_eq!((v["kind"].as_str(), v["digest"].as_str()), (Some("docker-list"), Some(digest_of(&list).as_str())));
    assert_eq!(v["children"][0]["media_type"], DOCKER_MANIFEST);

    // Pinned index digest: the Zarf advice line names the platform digests to pin.
    let pinned = format!("{a}/lib/multi@{}", digest_of(&pretty));
    let r = zv(&["ref", &pinned]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let advice: Vec<&str> = r.stdout.lines().filter(|l| l.trim_start().starts_with("zarf:")).collect();
    assert_eq!(advice.len(), 1, "{}", r.stdout);
    assert!(advice[0].contains("v0.77.0") && advice[0].contains("#2425"), "{}", advice[0]);
    assert!(advice[0].contains(&format!("linux/amd64 {a}/lib/multi@{}", digest_of(&amd))), "{}", advice[0]);
    assert!(advice[0].contains(&format!("linux/arm64/v8 {a}/lib/multi@{}", digest_of(&arm))), "{}", advice[0]);
    assert!(r.stdout.contains("OCI image index") && r.stdout.contains("Docker-Content-Digest agrees"), "{}", r.stdout);

    // --platform resolves one child.
    let r = zv(&["ref", &pinned, "--platform", "linux/arm64/v8", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(json_of(&r)["platform_child"]["digest"], digest_of(&arm));

    // Missing tag, missing repository: exit 2, plain words naming registry, repository, status.
    let r = zv(&["ref", &format!("{a}/lib/multi:nope")]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(&format!(
            "registry {a} has no manifest for tag nope in repository lib/multi (HTTP 404 MANIFEST_UNKNOWN"
        )),
        "{}",
        r.stderr
    );
    let r = zv(&["ref", &format!("{a}/no/such:1")]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("repository no/such") && r.stderr.contains("HTTP 404"), "{}", r.stderr);
}

fn package(name: &str, arch: &str) -> Tree {
    let mut p = ZarfPackage::new(name, arch, "v0.60.0");
    p.single("ghcr.io/example/app:1.0", "ghcr.io/example/app:1.0", arch, 4);
    p.build()
}

#[test]
fn check_oci_clean_tampered_wrong_size_and_arch() {
    let reg = Registry::start();
    let p = reg.pusher();
    let amd = package("pub", "amd64");
    let arm = package("pub", "arm64");
    let (index, manifests) = p.zarf_package("pkgs/pub", "0.0.1", &[("amd64", &amd), ("arm64", &arm)]);
    let target = format!("oci://{}/pkgs/pub:0.0.1", reg.addr);

    // Clean: one report per architecture, each naming its manifest digest.
    let r = zv(&["check", &target, "--format", "json"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let v = json_of(&r);
    let reports = v.as_array().expect("two architectures, two reports");
    assert_eq!(reports.len(), 2);
    for (rep, (arch, digest)) in reports.iter().zip([("amd64", &manifests[0]), ("arm64", &manifests[1])]) {
        assert_eq!(rep["summary"]["errors"], 0, "{rep}");
        assert!(rep["target"].as_str().unwrap().contains(&format!("{arch}, manifest {digest}")), "{}", rep["target"]);
        assert_eq!(rep["package"]["kind"], "ZarfPackageConfig");
        assert_eq!(rep["summary"]["files"], amd.files.len());
    }
    let r = zv(&["check", &target, "--arch", "arm64"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.starts_with("OK ") && r.stdout.contains("arm64") && !r.stdout.contains("amd64,"), "{}", r.stdout);
    let r = zv(&["check", &target, "--arch", "s390x", "--format", "json"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("ZV703") && r.stdout.contains("amd64, arm64"), "{}", r.stdout);
    // By digest: the index itself.
    let r = zv(&["check", &format!("oci://{}/pkgs/pub@{index}", reg.addr), "--arch", "amd64"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);

    // Tamper with one layer's bytes in the registry's storage (same length): ZV701 names it.
    let yaml = amd.files["zarf.yaml"].clone();
    let path = reg.blob_data_path(&digest_of(&yaml));
    let mut swapped = yaml.clone();
    let i = swapped.iter().position(|b| *b == b'p').unwrap();
    swapped[i] = b'q';
    std::fs::write(&path, &swapped).unwrap();
    let r = zv(&["check", &target, "--arch", "amd64", "--format", "json"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let v = json_of(&r);
    let f = v["findings"].as_array().unwrap().iter().find(|f| f["code"] == "ZV701").expect("ZV701");
    assert_eq!(f["path"], "zarf.yaml");
    assert!(f["message"].as_str().unwrap().contains(&digest_of(&swapped)), "{f}");
    std::fs::write(&path, &yaml).unwrap();

    // A manifest listing a wrong size (registries accept it): ZV702.
    let bad = p.zarf_arch("pkgs/badsize", "amd64", &amd, |m| {
        let layers = m["layers"].as_array_mut().unwrap();
        let l =
            layers.iter_mut().find(|l| l["annotations"]["org.opencontainers.image.title"] == "checksums.txt").unwrap();
        l["size"] = json!(l["size"].as_u64().unwrap() + 1);
    });
    p.zarf_index("pkgs/badsize", "1", &[("amd64".to_owned(), bad)]);
    let r = zv(&["check", &format!("oci://{}/pkgs/badsize:1", reg.addr), "--format", "json"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let v = json_of(&r);
    let f = v["findings"].as_array().unwrap().iter().find(|f| f["code"] == "ZV702").expect("ZV702");
    assert_eq!(f["path"], "checksums.txt");

    // Missing tag: exit 2.
    let r = zv(&["check", &format!("oci://{}/pkgs/pub:9.9.9", reg.addr)]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("MANIFEST_UNKNOWN"), "{}", r.stderr);
}
