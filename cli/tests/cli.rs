//! The real `zverify` binary on directories, .tar and .tar.zst: exit codes, formats, subcommands.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;
use zverify_tests::*;

fn zverify() -> Command {
    let mut c = Command::cargo_bin("zverify").unwrap();
    c.env("NO_COLOR", "1").env_remove("GITHUB_ACTIONS");
    c
}

fn json_report(args: &[&str]) -> (i32, Value) {
    let out = zverify().args(args).args(["--format", "json"]).output().unwrap();
    let v: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), v)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn clean_package_as_dir_tar_and_tar_zst() {
    let tmp = tempfile::tempdir().unwrap();
    let tree = zverify_tests::zarf::clean_package().build();
    let dir = tmp.path().join("pkg");
    tree.write_dir(&dir);
    // Names that lie about the format: detection is by magic bytes.
    let tar = write(tmp.path(), "pkg.bin", &tree.to_tar());
    let zst = write(tmp.path(), "pkg.tar", &tree.to_tar_zst());
    let mut reports = Vec::new();
    for target in [dir.to_str().unwrap(), &tar, &zst] {
        let (code, v) = json_report(&["check", target]);
        assert_eq!(code, 0, "{target}: {v}");
        assert_eq!(v["summary"]["errors"], 0);
        assert_eq!(v["summary"]["files"], tree.files.len());
        reports.push(v);
    }
    // Same findings and counts whatever the container.
    for r in &reports[1..] {
        assert_eq!(r["findings"], reports[0]["findings"]);
        assert_eq!(r["summary"], reports[0]["summary"]);
    }
}

#[test]
fn findings_exit_1_and_fail_on_controls_it() {
    let tmp = tempfile::tempdir().unwrap();
    let mut l = clean_layout("");
    l.blob(&noise(5, 100)); // unreferenced: a warning only
    let dir = tmp.path().join("warn");
    l.build().write_dir(&dir);
    let d = dir.to_str().unwrap();
    zverify().args(["check", d]).assert().code(0);
    zverify().args(["check", d, "--fail-on", "warning"]).assert().code(1);
    zverify().args(["check", d, "--fail-on", "never"]).assert().code(0);

    let mut tree = clean_layout("").build();
    let blob = tree.files.keys().find(|p| p.starts_with("blobs/")).unwrap().clone();
    tree.files.get_mut(&blob).unwrap()[0] ^= 1;
    let bad = tmp.path().join("bad");
    tree.write_dir(&bad);
    let b = bad.to_str().unwrap();
    zverify()
        .args(["check", b])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[ZV106] blob-digest-mismatch").and(predicate::str::contains("FAILED")));
    zverify().args(["check", b, "--fail-on", "never"]).assert().code(0);
    zverify().args(["check", b, "--quiet"]).assert().code(1).stdout(predicate::str::starts_with("FAILED"));
}

#[test]
fn cannot_run_is_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    zverify().args(["check", "/definitely/not/here"]).assert().code(2).stderr(predicate::str::contains("cannot read"));
    let junk = write(tmp.path(), "junk.tar.zst", b"this is not an archive at all, just text");
    zverify().args(["check", &junk]).assert().code(2).stderr(predicate::str::contains("not a tar"));
    let js = write(tmp.path(), "x.json", b"{\"a\":1}");
    zverify().args(["check", &js]).assert().code(2).stderr(predicate::str::contains("zverify doc"));
    let empty_dir = tmp.path().join("empty");
    std::fs::create_dir(&empty_dir).unwrap();
    zverify().args(["check", empty_dir.to_str().unwrap()]).assert().code(2).stderr(predicate::str::contains("neither"));
    zverify().args(["check"]).assert().code(2);
    zverify().args(["frobnicate"]).assert().code(2);
    // A tar that holds no layout or package at all.
    let mut other = Tree::default();
    other.put("README", b"hi".to_vec());
    let t = write(tmp.path(), "other.tar", &other.to_tar());
    zverify().args(["check", &t]).assert().code(2).stderr(predicate::str::contains("neither"));
}

#[test]
fn truncated_and_corrupt_archives_are_findings() {
    let tmp = tempfile::tempdir().unwrap();
    let tree = clean_layout("").build();
    let tar = tree.to_tar();
    let cut = write(tmp.path(), "cut.tar", &tar[..tar.len() / 2 + 7]);
    let (code, v) = json_report(&["check", &cut]);
    assert_eq!(code, 1);
    let msgs: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "ZV001")
        .map(|f| f["message"].as_str().unwrap().to_owned())
        .collect();
    assert!(msgs.iter().any(|m| m.contains("verification stopped after")), "{msgs:?}");

    let zst = tree.to_tar_zst();
    let cutz = write(tmp.path(), "cut.tar.zst", &zst[..zst.len() - 20]);
    let (code, v) = json_report(&["check", &cutz]);
    assert_eq!(code, 1, "{v}");
    assert!(v["findings"].as_array().unwrap().iter().any(|f| f["code"] == "ZV001"));

    let mut flipped = zst.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0xff;
    let bad = write(tmp.path(), "bad.tar.zst", &flipped);
    let out = zverify().args(["check", &bad]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn json_report_contract() {
    let tmp = tempfile::tempdir().unwrap();
    let mut l = Layout::new("");
    let m = l.image("linux", "amd64", 2, 1);
    l.entry(OCI_MANIFEST, &m, Some(&format!("ghcr.io/x/agent:v1@{}", digest_of(b"index"))));
    let dir = tmp.path().join("l");
    l.build().write_dir(&dir);
    let raw = zverify().args(["check", dir.to_str().unwrap(), "--format", "json"]).output().unwrap().stdout;
    let raw = String::from_utf8(raw).unwrap();
    let order: Vec<usize> =
        ["\"schema_version\"", "\"tool\"", "\"target\"", "\"summary\"", "\"package\"", "\"findings\"", "\"overrides\""]
            .iter()
            .map(|k| raw.find(k).unwrap_or_else(|| panic!("{k} missing")))
            .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "top-level keys out of contract order:\n{raw}");
    let f = raw.find("\"code\"").unwrap();
    let fields: Vec<usize> =
        ["\"code\"", "\"severity\"", "\"message\"", "\"path\"", "\"pointer\"", "\"digest\"", "\"help\""]
            .iter()
            .map(|k| f + raw[f..].find(k).unwrap())
            .collect();
    assert!(fields.windows(2).all(|w| w[0] < w[1]), "finding fields out of contract order");
    let (code, mut v) = json_report(&["check", dir.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["tool"]["name"], "zverify");
    assert_eq!(v["tool"]["version"], env!("CARGO_PKG_VERSION"));
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["findings", "overrides", "package", "schema_version", "summary", "target", "tool"]);
    for f in v["findings"].as_array().unwrap() {
        let mut k: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
        k.sort_unstable();
        assert_eq!(k, ["code", "digest", "help", "message", "path", "pointer", "severity"]);
    }
    v["target"] = Value::from("<target>");
    v["tool"]["version"] = Value::from("<version>");
    insta::assert_json_snapshot!("json_report_contract", v);
}

#[test]
fn doc_subcommand_detects_types_and_reads_stdin() {
    let tmp = tempfile::tempdir().unwrap();
    let idx = write(
        tmp.path(),
        "index.json",
        br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}"#,
    );
    zverify().args(["doc", &idx]).assert().code(0).stdout(predicate::str::contains("OK"));
    zverify()
        .args(["doc", "-"])
        .write_stdin(r#"{"schemaVersion":2,"manifests":null}"#)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("ZV304"));
    zverify().args(["doc", "-"]).write_stdin("{}").assert().code(2).stderr(predicate::str::contains("--type"));
    zverify()
        .args(["doc", "--type", "config", "-"])
        .write_stdin("{}")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("ZV401"));
    zverify().args(["doc", "--type", "nonsense", "-"]).write_stdin("{}").assert().code(2);
}

#[test]
fn image_spec_vectors_through_zverify_doc() {
    // Verdict: the spec says fail ⇔ zverify reports an error or a warning (the spec's schema
    // rejects `layers: []`, which zverify reports as a warning).
    let mut checked = 0;
    for file in ["cases-main.jsonl", "cases-v1.1.0-rc2.jsonl"] {
        let text = std::fs::read_to_string(vectors_dir().join("image-spec").join(file)).unwrap();
        for (i, line) in text.lines().enumerate() {
            let case: Value = serde_json::from_str(line).unwrap();
            let kind = match case["field"].as_str().unwrap() {
                "imageIndex" => "index",
                "imageLayout" => "layout",
                other => other,
            };
            let doc = case["doc"].as_str().unwrap();
            let expect_fail = case["fail"].as_bool().unwrap();
            let out =
                zverify().args(["doc", "--type", kind, "--fail-on", "warning", "-"]).write_stdin(doc).output().unwrap();
            let code = out.status.code().unwrap();
            assert_ne!(code, 2, "{file}:{i} could not run: {}", String::from_utf8_lossy(&out.stderr));
            if file == "cases-main.jsonl" && i == 64 {
                // Extraction defect in the vector: Go test source joins two documents into one
                // string, which is not JSON. The whole must be rejected; the first document alone
                // is the case the spec meant, and must pass.
                assert_eq!(code, 1, "the concatenation is not valid JSON");
                let first = &doc[..doc.find("`,").unwrap()];
                zverify()
                    .args(["doc", "--type", kind, "--fail-on", "warning", "-"])
                    .write_stdin(first)
                    .assert()
                    .code(0);
                checked += 1;
                continue;
            }
            assert_eq!(
                code == 1,
                expect_fail,
                "{file}:{i} ({kind}) spec says fail={expect_fail}:\n{}\n{doc}",
                String::from_utf8_lossy(&out.stdout)
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 119);
}

#[test]
fn third_party_layout_verdicts_through_the_binary() {
    for (rel, code) in [
        ("ggcr-layout/test_index_one_image", 0),
        ("ggcr-layout/test_index", 0),
        ("regclient/testrepo", 0),
        ("oras-zot/artifacts", 0),
        ("oras-zot/blobs", 1),
        ("containers-image/delete_image_multiple_images", 1),
    ] {
        zverify().args(["check", vectors_dir().join(rel).to_str().unwrap()]).assert().code(code);
    }
    // Zarf's own test packages: one warning, their manifest runs nginx:1.14.2, which they do not
    // carry (ZV611); exit 0.
    for rel in ["zarf/zarf-package-test-amd64-0.0.1.tar.zst", "zarf/zarf-package-test-uncompressed-amd64-0.0.1.tar"] {
        let (code, v) = json_report(&["check", vectors_dir().join(rel).to_str().unwrap()]);
        let codes: Vec<_> = v["findings"].as_array().unwrap().iter().map(|f| f["code"].clone()).collect();
        assert_eq!((code, codes), (0, vec![serde_json::json!("ZV611")]), "{rel}: {v}");
    }
    // Real Zarf packages, current, the split one through its part000: clean, no finding at all.
    for rel in [
        "zarf-current/zarf-package-real-create-amd64-0.1.0.tar.zst",
        "zarf-current/zarf-package-real-uncompressed-amd64-0.1.0.tar",
        "zarf-current/zarf-package-real-docker-v2-amd64-0.1.0.tar.zst",
        "zarf-current/split/zarf-package-real-split-amd64-0.1.0.tar.zst.part000",
    ] {
        let (code, v) = json_report(&["check", vectors_dir().join(rel).to_str().unwrap()]);
        assert_eq!((code, v["findings"].as_array().unwrap().len()), (0, 0), "{rel}: {v}");
        assert_eq!(v["package"]["kind"], "ZarfPackageConfig", "{rel}");
    }
    // The package Zarf signed with its test key: verified with that key, an error with another.
    let signed = vectors_dir().join("zarf-current/zarf-package-real-create-signed-amd64-0.1.0.tar.zst");
    let key = vectors_dir().join("zarf-current/zarf-test-cosign.pub");
    let (code, v) = json_report(&["check", signed.to_str().unwrap(), "--key", key.to_str().unwrap()]);
    assert_eq!((code, v["findings"].as_array().unwrap().len()), (0, 0), "{v}");
    assert_eq!(v["package"]["signature_verified"], true);
    let tmp = tempfile::tempdir().unwrap();
    let other = write(tmp.path(), "other.pub", zverify_tests::zarf::key_pair(5).1.as_bytes());
    let (code, v) = json_report(&["check", signed.to_str().unwrap(), "--key", &other]);
    assert_eq!(code, 1);
    let codes: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["ZV518"], "{v}");
    assert_eq!(v["package"]["signature_verified"], false);
}

#[test]
fn digest_subcommand_hashes_exact_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let bytes = noise(42, 100_000);
    let f = write(tmp.path(), "blob", &bytes);
    zverify().args(["digest", &f]).assert().code(0).stdout(format!("{}\n", digest_of(&bytes)));
    zverify()
        .args(["digest", "-"])
        .write_stdin("")
        .assert()
        .stdout("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n");
    zverify()
        .args(["digest", "--algorithm", "sha512", "-"])
        .write_stdin("abc")
        .assert()
        .stdout(predicate::str::starts_with("sha512:ddaf35a193617aba"));
    zverify().args(["digest", "/no/such/file"]).assert().code(2);
}

#[test]
fn rules_and_explain() {
    let out = zverify().arg("rules").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for r in zverify_core::rules::ALL {
        assert!(text.contains(r.code.as_str()) && text.contains(r.name), "{} missing from `zverify rules`", r.code);
    }
    zverify()
        .args(["explain", "zv308"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("# ZV308 ref-pin-mismatch").and(predicate::str::contains("## Fix")));
    zverify().args(["explain", "ZV999"]).assert().code(2).stderr(predicate::str::contains("zverify rules"));
}

#[test]
fn help_teaches() {
    zverify().args(["check", "--help"]).assert().code(0).stdout(
        predicate::str::contains("Exit codes")
            .and(predicate::str::contains("--fail-on"))
            .and(predicate::str::contains("Examples")),
    );
    zverify().arg("--version").assert().code(0).stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn symlinks_in_a_directory_are_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("l");
    clean_layout("").build().write_dir(&dir);
    let secret = write(tmp.path(), "secret", b"outside the package");
    std::os::unix::fs::symlink(&secret, dir.join("blobs/sha256/link")).unwrap();
    let (code, v) = json_report(&["check", dir.to_str().unwrap()]);
    assert_eq!(code, 1);
    let f = v["findings"].as_array().unwrap().iter().find(|f| f["code"] == "ZV003").expect("ZV003");
    assert_eq!(f["path"], "blobs/sha256/link");
}

/// Every path under `root` (not following links) with its kind, mode, size, mtime, ctime, link
/// target and a digest of its bytes.
fn fs_state(root: &Path) -> std::collections::BTreeMap<std::path::PathBuf, String> {
    use std::os::unix::fs::MetadataExt as _;
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(p) = stack.pop() {
        let m = std::fs::symlink_metadata(&p).unwrap();
        let what = if m.file_type().is_symlink() {
            format!("link -> {}", std::fs::read_link(&p).unwrap().display())
        } else if m.is_dir() {
            for e in std::fs::read_dir(&p).unwrap() {
                stack.push(e.unwrap().path());
            }
            "dir".to_owned()
        } else {
            format!("file {}", digest_of(&std::fs::read(&p).unwrap()))
        };
        let state = format!(
            "{what} mode {:o} size {} mtime {}.{} ctime {}.{}",
            m.mode(),
            m.len(),
            m.mtime(),
            m.mtime_nsec(),
            m.ctime(),
            m.ctime_nsec()
        );
        out.insert(p, state);
    }
    out
}

/// zverify never writes: the whole temporary tree — every target (a directory with a symlink
/// leading out of it, a .tar, a .tar.zst, a split package), the working directory it runs in
/// and everything beside them — is identical, path by path and byte by byte, after every kind
/// of run. Only the --sarif file asked for is written, and it is written outside that tree.
#[test]
fn checking_writes_nothing_but_the_sarif_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let tree = zverify_tests::zarf::clean_package().build();
    let dir = root.join("pkg");
    tree.write_dir(&dir);
    std::os::unix::fs::symlink(root.join("secret"), dir.join("components/link")).unwrap();
    write(root, "secret", b"outside the package");
    let tar = write(root, "pkg.tar", &tree.to_tar());
    let zst = write(root, "pkg.tar.zst", &tree.to_tar_zst());
    let split = root.join("split");
    std::fs::create_dir(&split).unwrap();
    split_package(&split, "p.tar.zst", &tree.to_tar_zst(), 4096, true);
    let part000 = split.join("p.tar.zst.part000");
    let (_, pem) = zverify_tests::zarf::key_pair(1);
    let key = write(root, "cosign.pub", pem.as_bytes());
    let out = tempfile::tempdir().unwrap();
    let sarif = out.path().join("z.sarif");

    let before = fs_state(root);
    assert!(before.len() > tree.files.len() + 10, "the snapshot sees the tree: {} paths", before.len());
    for target in [s(&dir), &tar, &zst, s(&part000)] {
        for format in ["text", "json", "sarif", "github", "junit"] {
            let run = zverify()
                .current_dir(root)
                .args(["check", target, "--format", format, "--key", &key, "--sarif", s(&sarif)])
                .output()
                .unwrap();
            assert!(matches!(run.status.code(), Some(0 | 1)), "{target} {format}: {run:?}");
            assert_eq!(fs_state(root), before, "{target} --format {format} changed the tree");
        }
        zverify().current_dir(root).args(["check", target, "--quiet"]).output().unwrap();
        zverify().current_dir(root).args(["digest", target]).output().unwrap();
        assert_eq!(fs_state(root), before, "{target}: check --quiet or digest changed the tree");
    }
    // The one file asked for, and nothing else, beside it.
    let written: Vec<_> = std::fs::read_dir(out.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(written, [std::ffi::OsString::from("z.sarif")]);
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn rule_docs_file_is_current() {
    let generated = zverify().args(["rules", "--markdown"]).output().unwrap().stdout;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/rules.md");
    let on_disk = std::fs::read(&path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "docs/rules.md is stale: run `cargo run -p zverify -- rules --markdown > docs/rules.md`"
    );
    let text = String::from_utf8(generated).unwrap();
    for r in zverify_core::rules::ALL {
        assert!(text.contains(&format!("## {} {}", r.code, r.name)));
    }
}

#[test]
fn zarf_package_report_and_key() {
    use zverify_tests::zarf::*;
    let tmp = tempfile::tempdir().unwrap();
    let (sk, pem) = key_pair(1);
    let (_, other) = key_pair(2);
    let mut tree = clean_package().build();
    sign_zarf_yaml(&mut tree, &sk);
    let pkg = write(tmp.path(), "zarf-package-podinfo-amd64-0.0.1.tar.zst", &tree.to_tar_zst());
    let key = write(tmp.path(), "cosign.pub", pem.as_bytes());
    let wrong = write(tmp.path(), "other.pub", other.as_bytes());
    let (code, v) = json_report(&["check", &pkg, "--key", &key]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["package"]["kind"], "ZarfPackageConfig");
    assert_eq!(v["package"]["name"], "podinfo");
    assert_eq!(v["package"]["signature_verified"], true);
    assert_eq!(v["package"]["images"].as_array().unwrap().len(), 2);
    let (code, v) = json_report(&["check", &pkg, "--key", &wrong]);
    assert_eq!(code, 1);
    assert!(v["findings"].as_array().unwrap().iter().any(|f| f["code"] == "ZV518"));
    // Without --key: the signature is reported, not verified; a note does not fail the gate.
    zverify().args(["check", &pkg]).assert().code(0).stdout(predicate::str::contains("ZV521"));
    // A key file that is not a key: cannot run.
    let junk = write(tmp.path(), "junk.pub", b"-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----\n");
    zverify().args(["check", &pkg, "--key", &junk]).assert().code(2).stderr(predicate::str::contains("P-256"));
    zverify().args(["check", &pkg, "--key", "/no/such.pub"]).assert().code(2);
}

/// Split `bytes` as Zarf does: `.part001…` of `size` bytes and a `.part000` JSON (`new_keys`:
/// v0.56+ casing).
fn split_package(dir: &Path, stem: &str, bytes: &[u8], size: usize, new_keys: bool) -> usize {
    let parts: Vec<&[u8]> = bytes.chunks(size).collect();
    for (i, p) in parts.iter().enumerate() {
        write(dir, &format!("{stem}.part{:03}", i + 1), p);
    }
    let (s, b, c) = if new_keys { ("Sha256Sum", "Bytes", "Count") } else { ("sha256Sum", "bytes", "count") };
    let meta = serde_json::json!({s: sha256_hex(bytes), b: bytes.len(), c: parts.len()});
    write(dir, &format!("{stem}.part000"), &serde_json::to_vec(&meta).unwrap());
    parts.len()
}

#[test]
fn split_packages_good_and_corrupted() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let mut pkg = zverify_tests::zarf::clean_package();
    pkg.files.push(("components/big.tar".into(), noise(9, 300_000)));
    let zst = pkg.build().to_tar_zst();
    let n = split_package(d, "p.tar.zst", &zst, 100_000, true);
    assert!(n >= 3);
    let stem = d.join("p.tar.zst");
    let s = stem.to_str().unwrap();
    // Any part, part000, or the stem: one pass, verified clean.
    for target in [format!("{s}.part000"), format!("{s}.part002"), s.to_owned()] {
        let (code, v) = json_report(&["check", &target]);
        assert_eq!(code, 0, "{target}: {v}");
        assert_eq!(v["package"]["name"], "podinfo");
    }
    // Older key casing.
    let old = d.join("old");
    std::fs::create_dir(&old).unwrap();
    split_package(&old, "p.tar.zst", &zst, 100_000, false);
    zverify().args(["check", old.join("p.tar.zst.part000").to_str().unwrap()]).assert().code(0);

    // One corrupted part: the whole-archive digest fails, and the stream's failure names a part.
    let p2 = d.join("p.tar.zst.part002");
    let mut bytes = std::fs::read(&p2).unwrap();
    bytes[5000] ^= 0xff;
    std::fs::write(&p2, &bytes).unwrap();
    let (code, v) = json_report(&["check", s]);
    assert_eq!(code, 1);
    let codes: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    // The whole-archive digest fails (ZV517). The byte lies in a raw zstd block of incompressible
    // data and the frame has no content checksum, so the stream decodes: the damaged byte
    // surfaces in the file that holds it, caught by checksums.txt (ZV505).
    assert_eq!(codes, ["ZV517", "ZV505"], "{v}");
    let changed = v["findings"].as_array().unwrap().iter().find(|f| f["code"] == "ZV505").unwrap();
    assert_eq!(changed["path"], "components/big.tar", "{v}");

    // A missing part.
    std::fs::remove_file(&p2).unwrap();
    let (code, v) = json_report(&["check", s]);
    assert_eq!(code, 1);
    let missing = v["findings"].as_array().unwrap().iter().find(|f| f["code"] == "ZV516").expect("ZV516");
    assert!(missing["path"].as_str().unwrap().ends_with(".part002"));

    // part000 announces parts none of which is here: cannot run (exit 2), never a panic.
    let lonely = d.join("lonely");
    std::fs::create_dir(&lonely).unwrap();
    std::fs::copy(d.join("p.tar.zst.part000"), lonely.join("q.tar.zst.part000")).unwrap();
    zverify()
        .args(["check", lonely.join("q.tar.zst.part000").to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("data part"));

    // Unreadable metadata.
    write(d, "p.tar.zst.part000", b"{}");
    let (_, v) = json_report(&["check", s]);
    assert!(v["findings"].as_array().unwrap().iter().any(|f| f["code"] == "ZV515"));
}

#[test]
fn split_plain_tar_names_the_damaged_part_exactly() {
    let tmp = tempfile::tempdir().unwrap();
    let mut pkg = zverify_tests::zarf::clean_package();
    pkg.files.push(("components/big.tar".into(), noise(9, 200_000)));
    let mut tar = pkg.build().to_tar();
    let part: usize = 150_000;
    // A tar header that lies inside part 2: damage its name so its checksum fails.
    let header = (part.div_ceil(512) * 512..(2 * part).min(tar.len()))
        .step_by(512)
        .find(|o| tar.len() > o + 262 && &tar[o + 257..o + 262] == b"ustar")
        .expect("a header inside part 2");
    tar[header] ^= 0x55;
    split_package(tmp.path(), "p.tar", &tar, part, true);
    let (code, v) = json_report(&["check", tmp.path().join("p.tar.part001").to_str().unwrap()]);
    assert_eq!(code, 1);
    let broke = v["findings"].as_array().unwrap().iter().find(|f| f["code"] == "ZV001").expect("ZV001");
    assert!(broke["path"].as_str().unwrap().ends_with("p.tar.part002"), "{broke}");
    assert!(broke["message"].as_str().unwrap().contains(&format!("byte {header}")), "{broke}");
}

#[test]
fn zstd_window_limit_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let tar = zverify_tests::zarf::clean_package().build().to_tar();
    // A frame declaring an 8 MiB window (libzstd's streaming encoder keeps the window it is given).
    let mut enc = zstd::stream::write::Encoder::new(Vec::new(), 3).unwrap();
    enc.window_log(23).unwrap();
    std::io::Write::write_all(&mut enc, &tar).unwrap();
    let pkg = write(tmp.path(), "zarf-package-test-amd64.tar.zst", &enc.finish().unwrap());
    // Default (512 MiB, what Zarf accepts): clean.
    let (code, v) = json_report(&["check", &pkg]);
    assert_eq!(code, 0, "{v}");
    // Under the frame's window: ZV040, not ZV001, exit 1; the message names the window and the flag.
    let (code, v) = json_report(&["check", "--zstd-window-max", "4MiB", &pkg]);
    assert_eq!(code, 1, "{v}");
    let found: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(found, ["ZV040"], "{v}");
    let msg = v["findings"][0]["message"].as_str().unwrap();
    assert!(msg.contains("needs a 8 MiB window") && msg.contains("4 MiB limit;"), "{msg}");
    // Exactly the frame's window: clean again. Sizes in bytes work too.
    let (code, v) = json_report(&["check", "--zstd-window-max", "8388608", &pkg]);
    assert_eq!(code, 0, "{v}");
    // Out of range or not a size: usage error.
    for bad in ["3GiB", "512", "lots", "1TiB"] {
        zverify()
            .args(["check", "--zstd-window-max", bad, &pkg])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("zstd-window-max"));
    }
}

/// `--zarf-version`: the package's build.versionRequirements against the Zarf that will deploy it
/// (issue 21). The real package keeps an image index whole, which Zarf marks as needing v0.77.0.
#[test]
fn zarf_version_says_whether_that_zarf_can_deploy_the_package() {
    let pkg = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors/zarf-current/zarf-package-real-create-amd64-0.1.0.tar.zst");
    let pkg = pkg.to_str().unwrap();
    let out = zverify().args(["check", "--format", "json", "--zarf-version", "v0.76.0", pkg]).assert().code(1);
    let report: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let f = report["findings"].as_array().unwrap().iter().find(|f| f["code"] == "ZV631").expect("ZV631");
    assert!(f["message"].as_str().unwrap().contains("v0.77.0"), "{f:#}");
    assert_eq!(report["package"]["version_requirements"][0]["version"], "v0.77.0");
    zverify().args(["check", "--zarf-version", "v0.77.0", pkg]).assert().code(0);
    zverify().args(["check", "--zarf-version", "v0.78.0-rc.1", pkg]).assert().code(0);
    zverify()
        .args(["check", "--zarf-version", "latest", pkg])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a Zarf version"));
}
