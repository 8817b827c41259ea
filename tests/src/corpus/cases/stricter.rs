//! The deliberate differences of docs/stricter-than-zarf.md, each shown by a package: a real Zarf
//! package changed only where the rule looks, re-sealed as an attacker would (checksums.txt and the
//! aggregate checksum), that real Zarf loads and pushes (tests/oracle/verdicts.tsv records it) and
//! that zverify refuses with the rule's code. tests/tests/zarf_oracle.rs requires one for every
//! entry of the list.

use super::*;
use std::io::Read as _;

/// Remove `path`'s line from checksums.txt and re-seal the aggregate.
fn unlist(p: &mut Pkg, path: &str) {
    let suffix = format!(" {path}");
    p.set_text("checksums.txt", |t| t.lines().filter(|l| !l.ends_with(&suffix)).map(|l| format!("{l}\n")).collect());
    p.reseal_aggregate();
}

/// Rename `from` to `to` in checksums.txt (the line's path only) and re-seal the aggregate.
fn relist(p: &mut Pkg, from: &str, to: &str) {
    let (from, to) = (format!(" {from}\n"), format!(" {to}\n"));
    p.set_text("checksums.txt", |t| {
        assert!(t.contains(&from), "checksums.txt lists no {from:?}");
        t.replace(&from, &to)
    });
    p.reseal_aggregate();
}

/// images/index.json through serde_json (re-encoded compact), edited by `f`.
fn edit_index(p: &mut Pkg, f: impl FnOnce(&mut serde_json::Value)) {
    p.set_text("images/index.json", |t| {
        let mut j: serde_json::Value = serde_json::from_str(&t).unwrap();
        f(&mut j);
        serde_json::to_string(&j).unwrap()
    });
}

/// The single image's entry in index.json.
fn single_entry(j: &mut serde_json::Value) -> &mut serde_json::Value {
    j["manifests"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|e| e["digest"] == format!("sha256:{SINGLE_MANIFEST}"))
        .unwrap()
}

/// The single image's manifest edited as JSON by `f`, stored under its new digest (re-linked).
fn edit_single_manifest(p: &mut Pkg, f: impl FnOnce(&mut serde_json::Value)) {
    let mut m: serde_json::Value = serde_json::from_slice(&p.file(&blob(SINGLE_MANIFEST))).unwrap();
    f(&mut m);
    p.rewrite_blob(SINGLE_MANIFEST, serde_json::to_vec(&m).unwrap());
}

/// An old-GNU sparse entry (type `S`, GNU magic) whose stored `fragment` sits at `offset` of a
/// file of `real_size` bytes; returns it and the bytes Go expands it to.
fn gnu_sparse(name: &str, fragment: &[u8], offset: u64, real_size: u64) -> (Record, Vec<u8>) {
    let mut r = Record::new(name.as_bytes(), b'S', 0o644, fragment);
    r.header[257..265].copy_from_slice(b"ustar  \0");
    let num = |f: &mut [u8], v: u64| {
        let s = format!("{v:011o}\0");
        f.copy_from_slice(s.as_bytes());
    };
    num(&mut r.header[386..398], offset);
    num(&mut r.header[398..410], fragment.len() as u64);
    r.header[482] = 0;
    num(&mut r.header[483..495], real_size);
    r.fix_cksum();
    let mut expanded = vec![0u8; real_size as usize];
    expanded[offset as usize..offset as usize + fragment.len()].copy_from_slice(fragment);
    (r, expanded)
}

// --- component tarballs (tests/vectors/zarf-components, made by `zarf-oracle create`)

/// One entry of a component tarball (`None`: a directory).
struct Item {
    path: String,
    data: Option<Vec<u8>>,
}

fn read_items(bytes: &[u8]) -> Vec<Item> {
    let mut out = Vec::new();
    let mut a = tar::Archive::new(bytes);
    for e in a.entries().unwrap() {
        let mut e = e.unwrap();
        let path = e.path().unwrap().to_string_lossy().into_owned();
        let data = if e.header().entry_type() == tar::EntryType::Directory {
            None
        } else {
            let mut d = Vec::new();
            e.read_to_end(&mut d).unwrap();
            Some(d)
        };
        out.push(Item { path, data });
    }
    out
}

fn write_items(items: &[Item]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for it in items {
        let mut h = tar::Header::new_ustar();
        h.set_mtime(0);
        let data = it.data.as_deref().unwrap_or_default();
        h.set_entry_type(if it.data.is_some() { tar::EntryType::Regular } else { tar::EntryType::Directory });
        h.set_mode(if it.data.is_some() { 0o644 } else { 0o700 });
        h.set_size(data.len() as u64);
        h.set_path(&it.path).unwrap();
        h.set_cksum();
        b.append(&h, data).unwrap();
    }
    b.into_inner().unwrap()
}

fn components_vector(file: &str) -> Pkg {
    let p = crate::vectors_dir().join("zarf-components").join(file);
    let raw = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    Pkg { tar: RawTar::parse(&zstd::decode_all(&raw[..]).unwrap()), compressed: true }
}

/// comp-demo with its component `app`'s entries changed by `f`, re-sealed.
fn comp_demo(name: &str, f: impl FnOnce(&mut Vec<Item>)) -> Package {
    let mut p = components_vector("comp-demo.tar.zst");
    let mut items = read_items(&p.file("components/app.tar"));
    f(&mut items);
    p.set("components/app.tar", write_items(&items));
    p.reseal();
    p.package(name)
}

fn remove_items(items: &mut Vec<Item>, prefix: &str) {
    let n = items.len();
    items.retain(|i| !i.path.starts_with(prefix));
    assert!(items.len() < n, "no {prefix} in the component");
}

fn set_item(items: &mut [Item], path: &str, data: &[u8]) {
    items.iter_mut().find(|i| i.path == path).unwrap_or_else(|| panic!("no {path}")).data = Some(data.to_vec());
}

/// Zarf v0.48's test package (uncompressed, with `sboms.tar`) with its SBOMs changed by `f`.
fn sboms(name: &str, f: impl FnOnce(&mut Vec<Item>)) -> Package {
    let raw = std::fs::read(crate::vectors_dir().join("zarf/zarf-package-test-uncompressed-amd64-0.0.1.tar")).unwrap();
    let mut p = Pkg { tar: RawTar::parse(&raw), compressed: false };
    let mut items = read_items(&p.file("sboms.tar"));
    f(&mut items);
    p.set("sboms.tar", write_items(&items));
    p.reseal();
    p.package(name)
}

/// A v1beta1 package real Zarf created (both documents, a manifest component, no images).
fn beta() -> Pkg {
    components_vector("beta-manifest.tar.zst")
}

pub(super) fn cases() -> Vec<B> {
    let mut v = Vec::new();
    let class = "stricter than Zarf";

    // --- tar
    v.push(case(
        class,
        mutate("stricter-tar-dotdot-inside-root", |p| {
            // A directory (nothing for checksums.txt to list) named through `..` inside the root.
            p.tar.insert_sorted(Record::dir("images/../components/"));
        }),
        &["ZV002"],
    ));
    v.push(case(
        class,
        mutate("stricter-tar-mode-says-directory", |p| {
            // Type 0 with mode 040644: Go's FileInfo says directory, so Zarf makes one.
            p.tar.insert_sorted(Record::new(b"extra", b'0', 0o40644, b""));
            p.reseal();
            unlist(p, "extra");
        }),
        &["ZV011"],
    ));
    v.push(case(
        class,
        sealed("stricter-tar-long-name-and-pax-path", |p| {
            // All three records name the entry alike; which one counts still depends on the reader.
            p.tar.records.push(Record::gnu_long(b'L', b"extra.txt"));
            p.tar.records.push(Record::pax(&[("path", b"extra.txt")]));
            p.tar.records.push(Record::file("extra.txt", b"extra\n"));
        }),
        &["ZV012"],
    ));
    {
        let (r, expanded) = gnu_sparse("extra.bin", &noise(21, 512), 512, 1024);
        v.push(case(
            class,
            mutate("stricter-tar-gnu-sparse-listed", |p| {
                p.tar.records.push(r.clone());
                // Listed with what Go expands it to.
                let line = format!("{} extra.bin\n", sha256_hex(&expanded));
                p.set_text("checksums.txt", |t| t + &line);
                p.reseal_aggregate();
            }),
            // Only ZV013: the file is there (Go expands it), so it is not also missing.
            &["ZV013"],
        ));
        v.push(case(
            class,
            mutate("stricter-tar-gnu-sparse-unlisted", |p| {
                p.tar.records.push(r);
            }),
            // Zarf extracts the expanded file and refuses it as unlisted: agreement, and zverify
            // says why (ZV507) as well as that it could not read it.
            &["ZV013", "ZV507"],
        ));
    }
    {
        let mut g = Record::pax(&[("mtime", b"1700000000")]);
        g.header[156] = b'g';
        g.set_name(b"pax_global_header");
        v.push(case(
            class,
            mutate("stricter-tar-pax-global-header", |p| {
                p.tar.records.insert(0, g);
            }),
            &["ZV015"],
        ));
    }
    v.push(case(
        class,
        sealed("stricter-tar-prefix-with-odd-version", |p| {
            // magic `ustar\0`, version `xx`: Go joins the prefix (`images/extra.txt`), others may not.
            let mut r = Record::file("extra.txt", b"extra\n");
            r.header[263..265].copy_from_slice(b"xx");
            r.header[345..351].copy_from_slice(b"images");
            r.fix_cksum();
            p.tar.records.push(r);
        }),
        &["ZV016"],
    ));
    v.push(case(
        class,
        mutate("stricter-tar-name-not-utf8", |p| {
            p.tar.insert_sorted(Record::new(b"images/\xff\xfe/", b'5', 0o755, b""));
        }),
        &["ZV018"],
    ));
    v.push(case(
        class,
        sealed("stricter-tar-file-then-directory", |p| {
            p.tar.records.push(Record::file("extra", b"extra\n"));
            p.tar.records.push(Record::dir("extra/"));
        }),
        // Zarf fails too ("mkdirat extra: file exists"), as for the other order: not a difference.
        &["ZV019"],
    ));
    v.push(case(
        class,
        sealed("stricter-tar-directory-then-file", |p| {
            p.tar.records.push(Record::dir("extra/"));
            p.tar.records.push(Record::file("extra", b"extra\n"));
        }),
        // Zarf: "openat extra: is a directory".
        &["ZV019", "ZV506"],
    ));
    v.push(case(
        class,
        mutate("stricter-tar-too-many-entries", |p| {
            // Directories: Zarf creates them, checksums.txt need not list them.
            p.tar.records.push(Record::dir("extra/"));
            for i in 0..100_000 {
                p.tar.records.push(Record::dir(&format!("extra/{i:06}/")));
            }
        }),
        &["ZV020"],
    ));
    v.push(case(
        class,
        mutate("stricter-tar-name-too-long", |p| {
            let long = format!("extra/{}", format!("{}/", "a".repeat(250)).repeat(5));
            p.tar.records.push(Record::pax(&[("path", long.as_bytes())]));
            p.tar.records.push(Record::dir("extra/long/"));
        }),
        &["ZV021"],
    ));

    // --- documents and the layout
    v.push(case(
        class,
        sealed("stricter-config-over-document-cap", |p| {
            // 4 MiB of whitespace after the config's JSON: Go reads it, zverify keeps at most 4 MiB.
            let mut c = p.file(&blob(SINGLE_CONFIG));
            c.resize(c.len() + (4 << 20) + 1, b' ');
            p.rewrite_blob(SINGLE_CONFIG, c);
        }),
        &["ZV005"],
    ));
    v.push(case(
        class,
        sealed("stricter-blob-unknown-algorithm", |p| {
            // A listed file under blobs/blake3/: Zarf checks its sha256 in checksums.txt; nothing
            // can check its name.
            p.add(&format!("images/blobs/blake3/{}", "ab".repeat(32)), b"extra\n");
        }),
        &["ZV109", "ZV110"],
    ));
    v.push(case(
        class,
        sealed("stricter-layer-without-media-type", |p| {
            edit_single_manifest(p, |m| {
                m["layers"][0].as_object_mut().unwrap().remove("mediaType");
            })
        }),
        &["ZV206"],
    ));
    v.push(case(
        class,
        sealed("stricter-index-entry-url-not-a-uri", |p| {
            edit_index(p, |j| single_entry(j)["urls"] = json!(["not a url"]))
        }),
        &["ZV208"],
    ));
    v.push(case(
        class,
        sealed("stricter-index-json-nested-100", |p| {
            // Deeper than zverify reads (64), far shallower than Go's 10000.
            let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
            p.set_text("images/index.json", |t| {
                t.replacen(r#"{"schemaVersion":2,"#, &format!(r#"{{"schemaVersion":2,"x":{deep},"#), 1)
            })
        }),
        &["ZV211"],
    ));
    v.push(case(
        class,
        sealed("stricter-config-json-nested-100", |p| {
            let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
            let c = String::from_utf8(p.file(&blob(SINGLE_CONFIG))).unwrap();
            let c = c.replacen('{', &format!("{{\"x\":{deep},"), 1);
            p.rewrite_blob(SINGLE_CONFIG, c.into_bytes());
        }),
        &["ZV211"],
    ));
    v.push(case(
        class,
        sealed("stricter-index-10001-entries", |p| {
            // The single image's entry 10 000 more times, without annotations: no lookup finds them.
            edit_index(p, |j| {
                let mut e = single_entry(j).clone();
                e.as_object_mut().unwrap().remove("annotations");
                let list = j["manifests"].as_array_mut().unwrap();
                for _ in 0..10_000 {
                    list.push(e.clone());
                }
            })
        }),
        &["ZV212", "ZV511"],
    ));
    // A platform manifest's entry (Zarf pushes the platform manifests through the index that
    // holds them, never through their own index.json entries) saying it is a Docker manifest list.
    v.push(case(
        class,
        sealed("stricter-platform-entry-says-docker-list", |p| {
            edit_index(p, |j| {
                let e = j["manifests"]
                    .as_array_mut()
                    .unwrap()
                    .iter_mut()
                    .find(|e| e["digest"] == format!("sha256:{AMD_MANIFEST}"))
                    .unwrap();
                e["mediaType"] = json!("application/vnd.docker.distribution.manifest.list.v2+json");
            })
        }),
        &["ZV206", "ZV303", "ZV525"],
    ));
    // The image Zarf pushes said to be an index (or a Docker list): its push fails, an agreement.
    for (name, media_type) in [
        ("stricter-entry-index-over-manifest", "application/vnd.oci.image.index.v1+json"),
        ("stricter-entry-docker-list-over-manifest", "application/vnd.docker.distribution.manifest.list.v2+json"),
    ] {
        v.push(case(
            class,
            sealed(name, |p| edit_index(p, |j| single_entry(j)["mediaType"] = json!(media_type))),
            &["ZV109", "ZV206", "ZV303", "ZV525"],
        ));
    }
    v.push(case(
        class,
        mutate("stricter-checksums-dotdot-inside", |p| {
            relist(p, "images/oci-layout", "images/../images/oci-layout");
        }),
        &["ZV504"],
    ));
    // 1000 parts: Zarf joins them in name order (part1000 before part101) and fails to decompress;
    // an agreement, not a difference.
    v.push(case(class, real().split("stricter-split-1000-parts", real().bytes().len() / 1000), &["ZV515", "ZV523"]));
    v.push(case(
        class,
        {
            let mut p = beta();
            // Only the v1alpha1 document (Zarf decodes the v1beta1 one).
            p.set_text("zarf.yaml", |t| t.replacen("  version: 0.1.0\n", "  version: a/b\n", 1));
            p.package("stricter-beta-alpha-version-a-slash-b")
        },
        &["ZV524"],
    ));
    v.push(case(
        class,
        sealed("stricter-unrequested-image-foreign-layer", |p| {
            // A second manifest (the single one with `urls` on its layer), in index.json under a
            // name zarf.yaml does not ask for: Zarf never pushes it.
            let mut m: serde_json::Value = serde_json::from_slice(&p.file(&blob(SINGLE_MANIFEST))).unwrap();
            m["layers"][0]["urls"] = json!(["https://example.com/layer"]);
            let bytes = serde_json::to_vec(&m).unwrap();
            p.add(&blob(&sha256_hex(&bytes)), &bytes);
            edit_index(p, |j| {
                let mut e = single_entry(j).clone();
                e["digest"] = json!(format!("sha256:{}", sha256_hex(&bytes)));
                e["size"] = json!(bytes.len());
                e["annotations"] = json!({"org.opencontainers.image.ref.name": "127.0.0.1:5055/acme/unused:1.0"});
                j["manifests"].as_array_mut().unwrap().push(e);
            });
        }),
        &["ZV511", "ZV525"],
    ));
    v.push(
        case(
            class,
            {
                let mut p = beta();
                p.set_text("zarf.yaml", |t| t[t.find("---\n").unwrap() + 4..].to_owned());
                p.package("stricter-beta-only-document")
            },
            &[],
        )
        // Was ZV613 (v1beta1 promises not read); they are read now, and Zarf deploys it.
        .awaiting("not a defect: a v1beta1-only zarf.yaml, read whole; Zarf loads and pushes it")
        .exit(0),
    );

    // --- component tarballs: Zarf's load and push never open them; its deploy does.
    v.push(case(
        class,
        {
            let mut p = components_vector("comp-demo.tar.zst");
            p.remove("components/app.tar");
            p.reseal();
            p.package("stricter-component-tarball-missing")
        },
        &["ZV600", "ZV612"],
    ));
    v.push(case(
        class,
        comp_demo("stricter-component-extra-entry", |items| {
            items.push(Item { path: "app/run.sh".into(), data: Some(b"#!/bin/sh\n".to_vec()) })
        }),
        &["ZV601", "ZV612"],
    ));
    v.push(case(
        class,
        comp_demo("stricter-component-file-missing", |items| remove_items(items, "app/files/0/hello.txt")),
        &["ZV602", "ZV612"],
    ));
    v.push(case(
        class,
        comp_demo("stricter-component-file-shasum", |items| set_item(items, "app/files/0/hello.txt", b"hellO\n")),
        &["ZV603", "ZV612"],
    ));
    v.push(case(
        class,
        comp_demo("stricter-component-chart-missing", |items| remove_items(items, "app/charts/demo-0.1.0.tgz")),
        &["ZV604", "ZV612"],
    ));
    v.push(case(
        class,
        comp_demo("stricter-component-chart-not-gzip", |items| {
            set_item(items, "app/charts/demo-0.1.0.tgz", b"not gzip")
        }),
        &["ZV605", "ZV612"],
    ));
    v.push(case(
        class,
        comp_demo("stricter-component-values-missing", |items| remove_items(items, "app/values/demo-0.1.0-0")),
        &["ZV606", "ZV612"],
    ));
    v.push(case(
        class,
        comp_demo("stricter-component-manifest-missing", |items| remove_items(items, "app/manifests/web-0.yaml")),
        &["ZV607", "ZV612"],
    ));
    v.push(case(
        class,
        comp_demo("stricter-component-manifest-not-yaml", |items| {
            set_item(items, "app/manifests/web-0.yaml", b"apiVersion: v1\nkind: [ConfigMap\n")
        }),
        &["ZV608", "ZV612"],
    ));
    v.push(case(
        class,
        comp_demo("stricter-component-data-missing", |items| remove_items(items, "app/data/0/")),
        &["ZV609", "ZV612"],
    ));
    v.push(case(
        class,
        {
            // zarf.yaml (outside checksums.txt, unsigned) names a repository the tarball lacks.
            let mut p = components_vector("comp-demo.tar.zst");
            p.set_text("zarf.yaml", |t| {
                t.replacen(
                    "  required: true\n",
                    "  required: true\n  repos:\n  - https://github.com/zarf-dev/zarf.git\n",
                    1,
                )
            });
            p.package("stricter-component-repos-missing")
        },
        &["ZV610", "ZV612"],
    ));
    v.push(case(
        class,
        sboms("stricter-sbom-missing", |items| {
            items.retain(|i| !i.path.ends_with("docker.io_library_alpine_3.20.json"))
        }),
        &["ZV611", "ZV620"],
    ));
    v.push(case(
        class,
        sboms("stricter-sbom-other-image", |items| {
            let s = items.iter_mut().find(|i| i.path.ends_with("docker.io_library_alpine_3.20.json")).unwrap();
            let id = "sha256:e29df9b510ff9f27454808bb092413353f812683d0ff9d628546e6470faac198";
            let t = String::from_utf8(s.data.take().unwrap()).unwrap();
            assert!(t.contains(id));
            s.data = Some(t.replace(id, &format!("sha256:{}", "0".repeat(64))).into_bytes());
        }),
        &["ZV611", "ZV621"],
    ));
    v
}
