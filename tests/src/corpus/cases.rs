//! The hostile corpus: one case per defect, each with the exact set of codes it must produce.
//! Built from the real packages Zarf wrote (`vectors/zarf-current`) and from the builders.

use super::rawtar::Record;
use super::*;
use crate::zarf::{bundle_zarf_yaml, key_pair, ZarfPackage};
use crate::{desc, digest_of, noise, sha256_hex, OCI_CONFIG, OCI_INDEX, OCI_LAYER, OCI_MANIFEST};
use base64::Engine as _;
use serde_json::json;

mod stricter;

/// The layer of the single-platform image (5188 bytes), its manifest and config, and the index
/// pinned by digest in zarf.yaml (`…/acme/multi:1.0@sha256:9acb…`), in `real-create`.
pub const LAYER: &str = "6b22cee3125b4de6d66d1b9630fb3df36a9a02ec0b17b4ff63ac157f5df86883";
pub const SINGLE_MANIFEST: &str = "f3cd5f63324edbd5f38f5fd3c14a3c179ed54f868b9c3d4d57401fd0d5f2f01d";
pub const SINGLE_CONFIG: &str = "a313740f6e30c12d202ac52ca1d0dcfc9c2050830bace2f38a4862c74f57499b";
pub const PINNED_INDEX: &str = "9acb205b8c079b9a1a33ca0aaaf7070f5d588509702ba9ea73a286425d3ab7ee";
pub const AMD_MANIFEST: &str = "a4d010f39eb1029134c74769dab0bd861345e6cdfccfeeb6bcc44856a21b3132";

fn blob(hex: &str) -> String {
    format!("{BLOBS}{hex}")
}

/// A package's files, as `Package::files` holds them.
type Files = Vec<(String, Vec<u8>)>;

struct B(Case);

impl B {
    fn awaiting(mut self, why: &'static str) -> B {
        self.0.awaiting = Some(why);
        self
    }
    fn exit(mut self, code: i32) -> B {
        self.0.exit = code;
        self
    }
}

fn case(class: &'static str, pkg: Package, expect: &[&'static str]) -> B {
    let mut expect = expect.to_vec();
    expect.sort_unstable();
    expect.dedup();
    B(Case { pkg, class, expect, exit: 1, awaiting: None })
}

fn real() -> Pkg {
    Pkg::real(REAL_CREATE)
}

/// real-create with `f` applied, as `<name>.tar.zst`.
fn mutate(name: &str, f: impl FnOnce(&mut Pkg)) -> Package {
    let mut p = real();
    f(&mut p);
    p.package(name)
}

/// real-create with `f` applied and checksums.txt + aggregate recomputed (so only `f` is wrong).
fn sealed(name: &str, f: impl FnOnce(&mut Pkg)) -> Package {
    mutate(name, |p| {
        f(p);
        p.reseal();
    })
}

/// The uncompressed real package's raw bytes, cut by `f(tar)`.
fn raw_uncompressed(name: &str, f: impl FnOnce(&RawTar, Vec<u8>) -> Vec<u8>) -> Package {
    let p = Pkg::real(REAL_UNCOMPRESSED);
    let bytes = f(&p.tar, p.tar_bytes());
    Package::single(name, "tar", bytes)
}

/// real-create with an extra record before the end marker (listed in checksums.txt when it is a file).
fn with_record(name: &str, r: Record) -> Package {
    sealed(name, |p| p.tar.insert_sorted(r))
}

fn flip(b: &mut [u8], at: usize) {
    b[at] ^= 0x01;
}

fn signed() -> Pkg {
    Pkg::real(REAL_SIGNED)
}

/// A builder package as a Zarf-like tar.zst.
fn built(name: &str, p: &ZarfPackage) -> Package {
    Pkg::from_tree(&p.build()).package(name)
}

/// A builder package with one hand-made image (config, layers, manifest edited by `edit`).
fn custom_image(name: &str, config: serde_json::Value, edit: impl FnOnce(&mut serde_json::Value)) -> Package {
    let mut p = ZarfPackage::new("custom", "amd64", "v0.80.0");
    let layer = noise(77, 600);
    p.layout.blob(&layer);
    let cfg = p.layout.json_blob(&config);
    let mut m = json!({"schemaVersion": 2, "mediaType": OCI_MANIFEST, "config": desc(OCI_CONFIG, &cfg),
                       "layers": [desc(OCI_LAYER, &layer)]});
    edit(&mut m);
    let mb = p.layout.json_blob(&m);
    p.layout.entry(OCI_MANIFEST, &mb, Some("docker.io/library/custom:1.0"));
    p.want("custom:1.0");
    built(name, &p)
}

fn good_config() -> serde_json::Value {
    json!({"architecture": "amd64", "os": "linux",
           "rootfs": {"type": "layers", "diff_ids": [digest_of(&noise(77, 600))]}})
}

pub fn cases() -> Vec<Case> {
    let mut v: Vec<B> = Vec::new();

    // --- blob tampering
    v.push(case(
        "blob tampering",
        mutate("blob-byte-flipped", |p| {
            let mut b = p.file(&blob(LAYER));
            flip(&mut b, 100);
            p.set(&blob(LAYER), b);
        }),
        &["ZV106", "ZV505"],
    ));
    v.push(case(
        "blob tampering",
        sealed("blob-tampered-checksums-regenerated", |p| {
            let mut b = p.file(&blob(LAYER));
            flip(&mut b, 4000);
            p.set(&blob(LAYER), b);
        }),
        &["ZV106"],
    ));
    v.push(case(
        "blob tampering",
        sealed("manifest-reencoded-in-place", |p| {
            // Same JSON, compact bytes, still under the old digest's name.
            let m: serde_json::Value = serde_json::from_slice(&p.file(&blob(SINGLE_MANIFEST))).unwrap();
            p.set(&blob(SINGLE_MANIFEST), serde_json::to_vec(&m).unwrap());
        }),
        &["ZV106", "ZV108"],
    ));
    // --- size lies
    v.push(case(
        "size lies",
        sealed("blob-truncated", |p| {
            let b = p.file(&blob(LAYER));
            p.set(&blob(LAYER), b[..b.len() - 100].to_vec());
        }),
        &["ZV106", "ZV108"],
    ));
    v.push(case(
        "size lies",
        sealed("index-descriptor-size-lie", |p| {
            p.set_text("images/index.json", |t| t.replace(r#""size":502"#, r#""size":503"#));
        }),
        &["ZV108"],
    ));
    v.push(case(
        "size lies",
        sealed("manifest-layer-size-lie", |p| {
            let t = p.text(&blob(SINGLE_MANIFEST)).replace("\"size\": 5188", "\"size\": 5000");
            p.rewrite_blob(SINGLE_MANIFEST, t.into_bytes());
        }),
        &["ZV108"],
    ));
    // --- missing / extra blobs
    v.push(case("missing blobs", sealed("blob-missing", |p| p.remove(&blob(LAYER))), &["ZV107"]));
    v.push(case(
        "missing blobs",
        mutate("blob-missing-checksums-unchanged", |p| p.remove(&blob(LAYER))),
        &["ZV107", "ZV506"],
    ));
    v.push(case(
        "extra blobs",
        mutate("blob-extra-unlisted", |p| {
            let b = noise(5, 700);
            p.add(&blob(&sha256_hex(&b)), &b);
        }),
        &["ZV109", "ZV507"],
    ));
    v.push(case(
        "extra blobs",
        sealed("blob-name-not-a-digest", |p| p.add(&format!("{BLOBS}not-a-digest"), b"hello")),
        &["ZV105"],
    ));
    v.push(case(
        "extra blobs",
        sealed("blob-name-uppercase-hex", |p| {
            let b = p.file(&blob(LAYER));
            p.add(&blob(&LAYER.to_uppercase()), &b);
        }),
        &["ZV105"],
    ));
    // --- index / manifest / config
    v.push(case("index defects", sealed("index-missing", |p| p.remove("images/index.json")), &["ZV103", "ZV510"]));
    v.push(case("index defects", sealed("oci-layout-missing", |p| p.remove("images/oci-layout")), &["ZV101"]));
    v.push(case(
        "index defects",
        sealed("oci-layout-version-2", |p| p.set("images/oci-layout", br#"{"imageLayoutVersion":"2.0.0"}"#.to_vec())),
        &["ZV102"],
    ));
    v.push(case(
        "index defects",
        sealed("index-schema-version-3", |p| {
            p.set_text("images/index.json", |t| t.replacen(r#""schemaVersion":2"#, r#""schemaVersion":3"#, 1))
        }),
        &["ZV301"],
    ));
    v.push(case(
        "index defects",
        sealed("index-manifests-null", |p| {
            p.set(
                "images/index.json",
                br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":null}"#
                    .to_vec(),
            )
        }),
        // Go reads `null` as no manifests: the image's blobs are then unreferenced (issue 11 item 11).
        &["ZV109", "ZV304", "ZV510"],
    ));
    v.push(case(
        "index defects",
        sealed("index-truncated-json", |p| {
            let b = p.file("images/index.json");
            p.set("images/index.json", b[..b.len() - 3].to_vec());
        }),
        &["ZV201", "ZV510"],
    ));
    v.push(case(
        "index defects",
        sealed("index-digest-malformed", |p| {
            p.set_text("images/index.json", |t| t.replace(&format!("sha256:{SINGLE_MANIFEST}"), "sha256:F3CD"))
        }),
        // The manifest it named is now unreferenced.
        &["ZV109", "ZV203"],
    ));
    v.push(case(
        "manifest defects",
        custom_image(
            "config-rootfs-type-tarball",
            json!({"architecture": "amd64", "os": "linux",
            "rootfs": {"type": "tarball", "diff_ids": [digest_of(&noise(77, 600))]}}),
            |_| {},
        ),
        &["ZV401"],
    ));
    v.push(case(
        "manifest defects",
        custom_image("manifest-empty-config-no-artifact-type", json!({}), |m| {
            // The empty descriptor ({} stored as its blob) with no artifactType.
            m["config"]["mediaType"] = json!("application/vnd.oci.empty.v1+json");
        }),
        &["ZV306"],
    ));
    v.push(case(
        "manifest defects",
        custom_image("manifest-is-an-index", good_config(), |m| {
            m["manifests"] = json!([]);
        }),
        &["ZV303"],
    ));
    v.push(case(
        "index defects",
        {
            let mut p = ZarfPackage::new("plat", "amd64", "v0.80.0");
            let amd = p.layout.image("linux", "amd64", 40, 1);
            let idx = p.layout.json_blob(&json!({"schemaVersion": 2, "mediaType": OCI_INDEX,
                "manifests": [{"mediaType": OCI_MANIFEST, "digest": digest_of(&amd), "size": amd.len(), "platform": {"os": "linux"}}]}));
            let reference = format!("docker.io/library/plat:1@{}", digest_of(&idx));
            p.layout.entry(OCI_INDEX, &idx, Some(&reference));
            p.want(&reference);
            built("index-platform-without-architecture", &p)
        },
        // ZV630: a whole index, and no v0.77.0 requirement declared (Zarf would write one).
        &["ZV309", "ZV630"],
    ));
    v.push(case(
        "deep nesting",
        {
            let mut p = ZarfPackage::new("deep", "amd64", "v0.80.0");
            let mut child = p.layout.image("linux", "amd64", 41, 1);
            let mut child_type = OCI_MANIFEST;
            for _ in 0..20 {
                let mut d = desc(child_type, &child);
                d["platform"] = json!({"os": "linux", "architecture": "amd64"});
                child = p.layout.json_blob(&json!({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": [d]}));
                child_type = OCI_INDEX;
            }
            let reference = format!("docker.io/library/deep:1@{}", digest_of(&child));
            p.layout.entry(OCI_INDEX, &child, Some(&reference));
            p.want(&reference);
            built("index-nested-20-deep", &p)
        },
        // ZV109 on what lies past the limit is the wording issue 12 §2 fixes ("referenced but not
        // walked" apart from "unreferenced"): wire its new code in here.
        // ZV630: a whole index, and no v0.77.0 requirement declared (Zarf would write one).
        &["ZV111", "ZV310", "ZV630"],
    ));
    // --- re-encoded JSON
    v.push(case(
        "re-encoded JSON",
        sealed("pinned-index-reencoded", |p| {
            let m: serde_json::Value = serde_json::from_slice(&p.file(&blob(PINNED_INDEX))).unwrap();
            p.rewrite_blob(PINNED_INDEX, serde_json::to_vec(&m).unwrap());
        }),
        // index.json follows the new bytes; the reference in zarf.yaml still pins the old digest.
        &["ZV308"],
    ));
    v.push(case(
        "re-encoded JSON",
        sealed("pinned-index-reencoded-in-place", |p| {
            // Compact bytes under the pinned digest's name: what a re-encoding copy tool leaves.
            let m: serde_json::Value = serde_json::from_slice(&p.file(&blob(PINNED_INDEX))).unwrap();
            p.set(&blob(PINNED_INDEX), serde_json::to_vec(&m).unwrap());
        }),
        &["ZV106", "ZV108", "ZV312"],
    ));
    // --- duplicate and case-folded JSON keys
    v.push(case(
        "duplicate JSON keys",
        sealed("index-duplicate-key", |p| {
            p.set_text("images/index.json", |t| {
                t.replacen(r#"{"schemaVersion":2,"#, r#"{"schemaVersion":2,"schemaVersion":2,"#, 1)
            })
        }),
        &["ZV202"],
    ));
    v.push(case(
        "duplicate JSON keys",
        sealed("manifest-duplicate-config-last-wins", |p| {
            // Go keeps the last "config": the amd64 config of the other image.
            let t = p.text(&blob(SINGLE_MANIFEST));
            let other = r#""config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:63ef4f86492e795e3818488310edf76690c2b5b1aae61607ab212d53c2db69f8", "size": 254},"#;
            let t = t.replacen("\"layers\"", &format!("{other}\n   \"layers\""), 1);
            p.rewrite_blob(SINGLE_MANIFEST, t.into_bytes());
        }),
        // zverify reads it as Go does (last wins): the first config is unreferenced, and the
        // second image's config has two diff_ids for this manifest's one layer.
        &["ZV109", "ZV202", "ZV402"],
    ));
    v.push(case(
        "case-folded JSON keys",
        sealed("index-casefolded-digest", |p| {
            // Go's encoding/json: "Digest" matches the field too, and the last match wins.
            p.set_text("images/index.json", |t| {
                t.replace(
                    &format!(r#""digest":"sha256:{SINGLE_MANIFEST}","#),
                    &format!(r#""digest":"sha256:{SINGLE_MANIFEST}","Digest":"sha256:{AMD_MANIFEST}","#),
                )
            })
        }),
        &["ZV210"],
    ));
    v.push(case(
        "case-folded JSON keys",
        sealed("index-casefolded-manifests", |p| {
            p.set_text("images/index.json", |t| format!("{},\"Manifests\":[]}}", &t[..t.len() - 1]))
        }),
        &["ZV210"],
    ));
    // --- the #2425 shape
    v.push(case(
        "#2425",
        {
            let mut p = ZarfPackage::new("agent", "amd64", "v0.32.6");
            let amd = p.layout.image("linux", "amd64", 20, 1);
            let arm = noise(21, 10);
            let upstream = serde_json::to_vec(&json!({"schemaVersion": 2, "mediaType": OCI_INDEX,
                "manifests": [desc(OCI_MANIFEST, &amd), desc(OCI_MANIFEST, &arm)]}))
            .unwrap();
            let reference = format!("ghcr.io/defenseunicorns/zarf/agent:v0.32.6@{}", digest_of(&upstream));
            p.layout.entry(OCI_MANIFEST, &amd, Some(&reference));
            p.want(&reference);
            built("2425-index-digest-stored-as-platform-manifest", &p)
        },
        &["ZV311"],
    ));
    v.push(case(
        "#2425",
        sealed("pin-points-at-other-digest", |p| {
            let absent = sha256_hex(b"not in this package");
            let from = format!("multi:1.0@sha256:{PINNED_INDEX}");
            let to = format!("multi:1.0@sha256:{absent}");
            p.set_text("images/index.json", |t| t.replace(&from, &to));
            p.set_text("zarf.yaml", |t| t.replace(&from, &to));
        }),
        &["ZV308"],
    ));
    // --- checksums.txt
    let drop_line = |p: &mut Pkg, path: &str| {
        p.set_text("checksums.txt", |t| t.lines().filter(|l| !l.ends_with(path)).map(|l| format!("{l}\n")).collect());
    };
    v.push(case(
        "checksums.txt",
        mutate("checksums-line-missing", |p| {
            drop_line(p, "images/oci-layout");
            p.reseal_aggregate();
        }),
        &["ZV507"],
    ));
    v.push(case(
        "checksums.txt",
        mutate("checksums-line-extra", |p| {
            p.set_text("checksums.txt", |t| format!("{t}{} components/ghost.tar\n", sha256_hex(b"ghost")));
            p.reseal_aggregate();
        }),
        &["ZV506"],
    ));
    v.push(case(
        "checksums.txt",
        mutate("checksums-line-two-spaces", |p| {
            p.set_text("checksums.txt", |t| t.replacen(" images/oci-layout", "  images/oci-layout", 1));
            p.reseal_aggregate();
        }),
        &["ZV504", "ZV507"],
    ));
    v.push(case(
        "checksums.txt",
        mutate("checksums-crlf", |p| {
            p.set_text("checksums.txt", |t| t.replace('\n', "\r\n"));
            p.reseal_aggregate();
        }),
        &["ZV504", "ZV507"],
    ));
    v.push(case(
        "checksums.txt",
        mutate("checksums-wrong-hash", |p| {
            // images/oci-layout's line, another hash.
            p.set_text("checksums.txt", |t| {
                t.replacen("18f0797eab35a4597c1e9624aa4f15fd91f6254e5538c1e0d193b2a95dd4acc6", &sha256_hex(b"other"), 1)
            });
            p.reseal_aggregate();
        }),
        &["ZV505"],
    ));
    v.push(case(
        "checksums.txt",
        mutate("checksums-duplicate-conflicting", |p| {
            p.set_text("checksums.txt", |t| format!("{t}{} images/oci-layout\n", sha256_hex(b"other")));
            p.reseal_aggregate();
        }),
        &["ZV505", "ZV508"],
    ));
    v.push(case(
        "checksums.txt",
        mutate("checksums-duplicate-identical", |p| {
            // Found by the Zarf differential: Zarf fails on a repeated line, even an identical one.
            p.set_text("checksums.txt", |t| {
                let first = t.lines().next().unwrap().to_owned();
                format!("{t}{first}\n")
            });
            p.reseal_aggregate();
        }),
        &["ZV508"],
    ));
    v.push(case("checksums.txt", mutate("checksums-missing", |p| p.remove("checksums.txt")), &["ZV503"]));
    v.push(case(
        "aggregate checksum",
        mutate("aggregate-checksum-wrong", |p| p.set_aggregate(&sha256_hex(b"wrong"))),
        &["ZV509"],
    ));
    v.push(case(
        "checksums.txt",
        mutate("checksums-huge-listed-missing", |p| {
            // 20 000 lines for files that are not there: a count, not a crash.
            let mut t = p.text("checksums.txt");
            for i in 0..20_000u32 {
                t.push_str(&format!("{} components/ghost-{i:05}.tar\n", sha256_hex(&i.to_be_bytes())));
            }
            p.set("checksums.txt", t.into_bytes());
            p.reseal_aggregate();
        }),
        &["ZV506"],
    ));
    // --- zarf.yaml
    v.push(case(
        "zarf.yaml",
        mutate("zarf-yaml-field-wrong-type", |p| {
            // Found by the Zarf differential: goccy/go-yaml refuses a map where a bool goes.
            p.set_text("zarf.yaml", |t| t.replacen("  signed: false\n", "  signed: {}\n", 1))
        }),
        &["ZV501"],
    ));
    // Field types as goccy/go-yaml converts scalars into Zarf's structs (each refused by real Zarf).
    for (name, from, to) in [
        // A quoted "true" is a string; a bool field takes only a YAML boolean.
        ("zarf-yaml-bool-quoted", "  signed: false\n", "  signed: \"true\"\n"),
        // goccy is YAML 1.2: `yes` is the string "yes", not a boolean.
        ("zarf-yaml-bool-yes", "  signed: false\n", "  signed: yes\n"),
        // An int field takes numeric strings only from 0 up: "-5" is an overflow to goccy.
        (
            "zarf-yaml-int-negative-string",
            "  required: true\n",
            "  required: true\n  actions:\n    onDeploy:\n      defaults:\n        maxRetries: \"-5\"\n",
        ),
        // `!!int` makes a Go int, which goccy puts in no int field (serde_norway reads 7).
        (
            "zarf-yaml-int-tag",
            "  required: true\n",
            "  required: true\n  actions:\n    onDeploy:\n      defaults:\n        maxRetries: !!int 7\n",
        ),
        // v1alpha1 images are strings; the v1beta1 shape is refused.
        (
            "zarf-yaml-image-as-mapping",
            "  - 127.0.0.1:5055/acme/single:1.0\n",
            "  - {name: 127.0.0.1:5055/acme/single:1.0}\n",
        ),
    ] {
        v.push(case(
            "zarf.yaml",
            mutate(name, |p| {
                p.set_text("zarf.yaml", |t| {
                    assert!(t.contains(from), "{name}: real-create's zarf.yaml has no {from:?}");
                    t.replacen(from, to, 1)
                })
            }),
            &["ZV501"],
        ));
    }
    v.push(case(
        "zarf.yaml",
        // Zarf decodes every document's apiVersion before choosing one: a list document fails.
        mutate("zarf-yaml-second-document-list", |p| p.set_text("zarf.yaml", |t| format!("{t}---\n- a\n"))),
        &["ZV501"],
    ));
    v.push(case(
        "zarf.yaml",
        // An explicit null document is decoded for its apiVersion too, and refused (an empty one is skipped).
        mutate("zarf-yaml-null-document", |p| p.set_text("zarf.yaml", |t| format!("{t}---\n~\n"))),
        &["ZV501"],
    ));
    v.push(case(
        "zarf.yaml",
        mutate("zarf-yaml-not-yaml", |p| p.set("zarf.yaml", b"kind: [unclosed\n".to_vec())),
        &["ZV501"],
    ));
    v.push(case(
        "zarf.yaml",
        mutate("zarf-yaml-duplicate-key", |p| {
            p.set_text("zarf.yaml", |t| t.replacen("  name: real-create\n", "  name: real-create\n  name: other\n", 1))
        }),
        &["ZV501"],
    ));
    v.push(case(
        "zarf.yaml",
        mutate("zarf-yaml-kind-unknown", |p| {
            p.set_text("zarf.yaml", |t| t.replacen("kind: ZarfPackageConfig", "kind: ZarfSomethingElse", 1))
        }),
        &["ZV501"],
    ));
    v.push(case(
        "zarf.yaml",
        mutate("zarf-yaml-image-not-in-index", |p| {
            p.set_text("zarf.yaml", |t| format!("{t}  - 127.0.0.1:5055/acme/ghost:1.0\n"))
        }),
        &["ZV510"],
    ));
    v.push(case(
        "zarf.yaml",
        mutate("zarf-yaml-reference-uppercase", |p| {
            p.set_text("zarf.yaml", |t| t.replace("acme/single:1.0", "acme/Single:1.0"))
        }),
        &["ZV511", "ZV512"],
    ));
    v.push(
        case(
            "zarf.yaml",
            mutate("zarf-yaml-merge-key-adds-image", |p| {
                // The component's images arrive through a YAML merge key; Zarf applies it.
                p.set_text("zarf.yaml", |t| {
                    let i = t.find("components:\n").unwrap();
                    format!(
                        "x-base: &base\n  images:\n  - 127.0.0.1:5055/acme/ghost:1.0\n{}components:\n- <<: *base\n  name: app\n  required: true\n",
                        &t[..i]
                    )
                })
            }),
            &["ZV510", "ZV511"],
        ),
    );
    v.push(case(
        "zarf.yaml",
        mutate("zarf-yaml-alias-bomb", |p| {
            let mut bomb =
                String::from("x-a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
            for (i, prev) in
                ["b", "c", "d", "e", "f", "g", "h", "i"].iter().zip(["a", "b", "c", "d", "e", "f", "g", "h"])
            {
                bomb.push_str(&format!(
                    "x-{i}: &{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
                ));
            }
            p.set_text("zarf.yaml", |t| format!("{bomb}{t}"))
        }),
        &["ZV501"],
    ));
    v.push(case(
        "deep nesting",
        mutate("zarf-yaml-deep-nesting", |p| {
            let deep = format!("x-deep: {}{}\n", "[".repeat(5000), "]".repeat(5000));
            p.set_text("zarf.yaml", |t| format!("{deep}{t}"))
        }),
        &["ZV501"],
    ));
    // --- signatures
    let cosign = cosign_pub();
    v.push(case(
        "signatures",
        {
            let mut p = signed();
            p.set_text("zarf.yaml", |t| format!("{t}# edited after signing\n"));
            p.package("sig-zarf-yaml-edited").with_key(&cosign)
        },
        &["ZV518"],
    ));
    v.push(case(
        "signatures",
        {
            let mut p = signed();
            p.remove("zarf.bundle.sig");
            p.package("sig-bundle-removed").with_key(&cosign)
        },
        &["ZV519", "ZV522"],
    ));
    v.push(case(
        "signatures",
        {
            let mut p = signed();
            p.set("zarf.bundle.sig", b"{\"mediaType\":".to_vec());
            p.package("sig-bundle-not-json").with_key(&cosign)
        },
        &["ZV518"],
    ));
    v.push(case(
        "signatures",
        {
            let mut p = signed();
            p.set_text("zarf.bundle.sig", |t| {
                t.replace(
                    "CdGpGjYAxpR3yeXzfonFO7ThfKCpY+ZzE9jPWigV200=",
                    "AAGpGjYAxpR3yeXzfonFO7ThfKCpY+ZzE9jPWigV200=",
                )
            });
            p.package("sig-bundle-digest-wrong").with_key(&cosign)
        },
        &["ZV518"],
    ));
    v.push(case("signatures", signed().package("sig-wrong-key").with_key(key_pair(7).1.as_bytes()), &["ZV518"]));
    v.push(case("signatures", real().package("sig-unsigned-with-key").with_key(&cosign), &["ZV519"]));
    // Found by the Zarf differential: sigstore-go refuses a bundle with a field it does not know.
    v.push(case(
        "signatures",
        {
            let mut p = signed();
            p.set_text("zarf.bundle.sig", |t| format!("{{\"extra\":1,{}", &t[1..]));
            p.package("sig-bundle-unknown-field").with_key(&cosign)
        },
        &["ZV518"],
    ));
    // A Sigstore bundle read exactly as sigstore-go reads it: each of these was put to real Zarf.
    // The real bundle's message digest and signature (sha256 of real-signed's zarf.yaml).
    const DIGEST: &str = "CdGpGjYAxpR3yeXzfonFO7ThfKCpY+ZzE9jPWigV200=";
    const SIG: &str =
        "MEQCIGIC59KCb3NcjuSw9n8MGZ8QPX7+vN7yPTmIumokAc88AiAVJloanqW5yN0zXQeaxwg0U7nfnMUlD4AtQ7bxBx7T5w==";
    let bundle = |name: &str, f: &dyn Fn(String) -> String| {
        let mut p = signed();
        p.set_text("zarf.bundle.sig", |t| {
            assert!(t.contains(DIGEST) && t.contains(SIG), "the real bundle changed");
            f(t)
        });
        p.package(name).with_key(&cosign)
    };
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let real_sig = || base64::engine::general_purpose::STANDARD.decode(SIG).unwrap();
    let proto_names = |t: String| {
        let names = [
            ("mediaType", "media_type"),
            ("verificationMaterial", "verification_material"),
            ("messageSignature", "message_signature"),
            ("messageDigest", "message_digest"),
        ];
        names.iter().fold(t, |t, (a, b)| t.replace(&format!("\"{a}\""), &format!("\"{b}\"")))
    };
    let p1363 = |t: String| {
        let sig = p256::ecdsa::Signature::from_der(&real_sig()).unwrap();
        t.replace(SIG, &b64(&sig.to_bytes()))
    };
    let sha384 = |t: String| {
        use sha2::Digest as _;
        let yaml = signed().file("zarf.yaml");
        t.replace("\"SHA2_256\"", "\"SHA2_384\"").replace(DIGEST, &b64(&sha2::Sha384::digest(&yaml)))
    };
    let v04_pre = |t: String| t.replace("bundle.v0.3+json", "bundle.v0.4.0-alpha+json");
    // Zarf takes these: proto field names, a P1363 signature, a SHA2_384 digest, a v0.4 prerelease.
    let takes: [(&str, &dyn Fn(String) -> String); 4] = [
        ("sig-bundle-proto-field-names", &proto_names),
        ("sig-bundle-p1363-signature", &p1363),
        ("sig-bundle-sha384-digest", &sha384),
        ("sig-bundle-v04-prerelease", &v04_pre),
    ];
    for (name, f) in takes {
        v.push(case("signatures", bundle(name, f), &[]).exit(0));
    }
    let duplicate = |t: String| t.replacen("{\"mediaType\"", "{\"media_type\":\"x\",\"mediaType\"", 1);
    let trailing = |t: String| {
        let mut der = real_sig();
        der.push(0);
        t.replace(SIG, &b64(&der))
    };
    let v03_pre = |t: String| t.replace("bundle.v0.3+json", "bundle.v0.3-rc+json");
    let newline = |t: String| t.replace(SIG, &format!("{}\\n{}", &SIG[..10], &SIG[10..]));
    // Zarf refuses these.
    let refuses: [(&str, &dyn Fn(String) -> String); 4] = [
        ("sig-bundle-duplicate-field", &duplicate),
        ("sig-bundle-der-trailing-byte", &trailing),
        ("sig-bundle-media-type-prerelease", &v03_pre),
        ("sig-bundle-newline-in-base64", &newline),
    ];
    for (name, f) in refuses {
        v.push(case("signatures", bundle(name, f), &["ZV518"]));
    }
    // zarf.yaml.sig as cosign reads it: base64 when Go's StdEncoding takes the whole file, else the
    // file's bytes are the signature (DER or P1363). Each put to real Zarf.
    let legacy = |name: &str, f: &dyn Fn(&[u8]) -> Vec<u8>| {
        let (sk, pem) = key_pair(3);
        let mut z = crate::zarf::clean_package();
        z.build_extra = "  signed: true\n".into();
        let mut tree = z.build();
        crate::zarf::sign_zarf_yaml(&mut tree, &sk);
        let mut p = Pkg::from_tree(&tree);
        let b64 = p.file("zarf.yaml.sig");
        p.set("zarf.yaml.sig", f(&b64));
        p.package(name).with_key(pem.as_bytes())
    };
    let decode = |b: &[u8]| base64::engine::general_purpose::STANDARD.decode(b).unwrap();
    let raw_der = |b: &[u8]| decode(b);
    let raw_p1363 = |b: &[u8]| p256::ecdsa::Signature::from_der(&decode(b)).unwrap().to_bytes().to_vec();
    let space = |b: &[u8]| [&b[..8], b" ", &b[8..]].concat();
    let tab = |b: &[u8]| [b, b"\t"].concat();
    type Edit<'a> = &'a dyn Fn(&[u8]) -> Vec<u8>;
    let sig_files: [(&str, Edit, &[&str]); 4] = [
        ("sig-yaml-sig-raw-der", &raw_der, &[]),
        ("sig-yaml-sig-raw-p1363", &raw_p1363, &[]),
        ("sig-yaml-sig-base64-space", &space, &["ZV518"]),
        ("sig-yaml-sig-base64-tab", &tab, &["ZV518"]),
    ];
    for (name, f, codes) in sig_files {
        let c = case("signatures", legacy(name, f), codes);
        v.push(if codes.is_empty() { c.exit(0) } else { c });
    }
    // Zarf's IsSigned: build.signed, else whether zarf.yaml.sig exists. A good signature on a
    // package Zarf does not take as signed is refused when a key is given. Each put to real Zarf.
    let is_signed = |name: &str, build_extra: &str, bundle: bool| {
        let (sk, pem) = key_pair(5);
        let mut z = crate::zarf::clean_package();
        z.build_extra = build_extra.into();
        let mut tree = z.build();
        if bundle {
            bundle_zarf_yaml(&mut tree, &sk, false);
        } else {
            crate::zarf::sign_zarf_yaml(&mut tree, &sk);
        }
        Pkg::from_tree(&tree).package(name).with_key(pem.as_bytes())
    };
    v.push(case("signatures", is_signed("sig-bundle-signed-false", "  signed: false\n", true), &["ZV519"]));
    v.push(case("signatures", is_signed("sig-bundle-no-signed-field", "", true), &["ZV519"]));
    v.push(case("signatures", is_signed("sig-yaml-sig-no-signed-field", "", false), &[]).exit(0));
    v.push(case(
        "signatures",
        {
            let (sk, pem) = key_pair(9);
            let mut p = crate::zarf::clean_package();
            p.build_extra = "  signed: true\n".into();
            let mut tree = p.build();
            bundle_zarf_yaml(&mut tree, &sk, true);
            Pkg::from_tree(&tree).package("sig-keyless-bundle").with_key(pem.as_bytes())
        },
        &["ZV520"],
    ));
    // --- split packages (real-create cut into 15 000-byte parts: part001…part004)
    let split = |name: &str, f: &dyn Fn(&mut Files)| {
        let mut s = real().split(name, 15_000);
        f(&mut s.files);
        s
    };
    v.push(case("split parts", split("split-part-missing", &|f| drop(f.remove(2))), &["ZV001", "ZV516"]));
    v.push(case("split parts", split("split-part000-not-json", &|f| f[0].1 = b"not json".to_vec()), &["ZV515"]));
    v.push(case(
        "split parts",
        split("split-sha256-wrong", &|f| {
            let t = String::from_utf8(f[0].1.clone()).unwrap();
            let i = t.find("Sha256Sum\":\"").unwrap() + 12;
            let mut t = t.into_bytes();
            t[i] = if t[i] == b'0' { b'1' } else { b'0' };
            f[0].1 = t;
        }),
        &["ZV517"],
    ));
    v.push(case(
        "split parts",
        split("split-bytes-wrong", &|f| {
            let t = String::from_utf8(f[0].1.clone()).unwrap();
            let v: serde_json::Value = serde_json::from_str(&t).unwrap();
            let n = v["Bytes"].as_u64().unwrap();
            f[0].1 = t.replace(&format!("\"Bytes\":{n}"), &format!("\"Bytes\":{}", n + 1)).into_bytes();
        }),
        &["ZV516"],
    ));
    v.push(case(
        "split parts",
        split("split-extra-part", &|f| {
            let name = f[1].0.replace(".part001", ".part005");
            f.push((name, b"extra".to_vec()));
        }),
        &["ZV516"],
    ));
    v.push(case(
        "split parts",
        split("split-parts-swapped", &|f| {
            let a = f[2].1.clone();
            f[2].1 = f[3].1.clone();
            f[3].1 = a;
        }),
        &["ZV001", "ZV030", "ZV101", "ZV103", "ZV106", "ZV517"],
    ));
    v.push(
        case(
            "split parts",
            split("split-first-part-garbage", &|f| {
                let n = f[1].1.len();
                f[1].1 = noise(12, n);
            }),
            &[],
        )
        // Documented exit 2: the joined bytes are not an archive at all (said on stderr).
        .exit(2),
    );
    // The #2425 shape on an entry zarf.yaml does not ask for: Zarf never pushes it, zverify reports
    // it anyway (stricter by policy; found by scripts/oracle-fuzz, seed 808).
    v.push(case(
        "index defects",
        sealed("unrequested-entry-pins-another-digest", |p| {
            p.set_text("zarf.yaml", |t| t.replace("  - 127.0.0.1:5055/acme/single:1.0\n", ""));
            let pinned = format!("\"{SINGLE_REF}@sha256:{}\"", "0".repeat(64));
            p.set_text("images/index.json", |t| t.replace(&format!("\"{SINGLE_REF}\""), &pinned));
        }),
        &["ZV311", "ZV511"],
    ));
    // A reference no client can resolve (its pin is not a digest) in the ref.name of an entry
    // zarf.yaml does not ask for: Zarf never reads it (scripts/oracle-fuzz, seed 909).
    v.push(case(
        "index defects",
        sealed("unrequested-entry-ref-name-digest-upper-case", |p| {
            let pinned = format!("127.0.0.1:5055/acme/multi:1.0@sha256:{PINNED_INDEX}");
            p.set_text("zarf.yaml", |t| {
                assert!(t.contains(&format!("  - {pinned}\n")), "zarf.yaml asks for {pinned}");
                t.replace(&format!("  - {pinned}\n"), "")
            });
            p.set_text("images/index.json", |t| {
                t.replace(&format!("\"{pinned}\""), &format!("\"{}\"", pinned.to_uppercase()))
            });
        }),
        &["ZV203", "ZV511"],
    ));
    // --- tar defects
    v.push(case(
        "tar: duplicates",
        mutate("tar-duplicate-zarf-yaml", |p| {
            // A second zarf.yaml after the first: Zarf extracts both, the second overwrites.
            let y = p.text("zarf.yaml").replace("  - 127.0.0.1:5055/acme/single:1.0\n", "");
            p.tar.records.push(Record::file("zarf.yaml", y.as_bytes()));
        }),
        // The second copy wins (as in Zarf): it no longer asks for the single image.
        &["ZV004", "ZV511"],
    ));
    v.push(case(
        "tar: duplicates",
        mutate("tar-duplicate-blob-shorter", |p| {
            // Zarf writes the second copy over the first without truncating: a mix of both.
            let i = p.tar.position(&blob(LAYER)).unwrap();
            p.tar.records.insert(i + 1, Record::file(&blob(LAYER), &noise(11, 1000)));
        }),
        &["ZV004", "ZV106", "ZV108", "ZV505"],
    ));
    v.push(case(
        "tar: links",
        with_record("tar-symlink", Record::link("images/blobs/sha256/evil", b'2', "/etc/passwd")),
        &["ZV003"],
    ));
    v.push(case(
        "tar: links",
        with_record("tar-hardlink", Record::link("components/app.tar", b'1', "zarf.yaml")),
        &["ZV003"],
    ));
    v.push(case(
        "tar: devices",
        with_record("tar-char-device", Record::new(b"images/null", b'3', 0o666, b"")),
        &["ZV006", "ZV507"],
    ));
    v.push(case(
        "tar: devices",
        with_record("tar-fifo", Record::new(b"images/fifo", b'6', 0o644, b"")),
        &["ZV006", "ZV507"],
    ));
    v.push(case(
        "tar: data on dataless types",
        mutate("tar-directory-with-data", |p| {
            // A directory entry after zarf.yaml whose "data" is a header and body: Go reads
            // that data as the next entry, a zarf.yaml (longer, so it overwrites the real
            // one whole) that asks for one more image. zverify skips the data.
            let evil = format!("{}  - 127.0.0.1:5055/acme/ghost:1.0\n", p.text("zarf.yaml"));
            let mut data = Vec::new();
            Record::file("zarf.yaml", evil.as_bytes()).write_to(&mut data);
            let mut dir = Record::dir("zz");
            dir.set_data(data);
            p.tar.records.push(dir);
        }),
        &["ZV004", "ZV009", "ZV510"],
    ));
    v.push(case(
        "tar: names",
        with_record("tar-regular-file-trailing-slash", Record::file("images/extra/", b"data")),
        &["ZV010"],
    ));
    v.push(case(
        "tar: links",
        mutate("tar-regular-file-with-linkname", |p| {
            // Found by the Zarf differential: a regular file (type 0) with a link name is a
            // hard link for Zarf's extractor; zverify reads it as the file its data says.
            let i = p.tar.position("images/index.json").unwrap();
            let r = &mut p.tar.records[i];
            r.header[157..166].copy_from_slice(b"zarf.yaml");
            r.fix_cksum();
        }),
        &["ZV003", "ZV103", "ZV506", "ZV510"],
    ));
    v.push(case(
        "tar: entry types",
        mutate("tar-unknown-typeflag-on-blob", |p| {
            // Found by the Zarf differential: Go reads an unknown type flag as a regular file
            // (Zarf deploys it); zverify skips the entry and reports the blob missing.
            let i = p.tar.position(&blob(SINGLE_CONFIG)).unwrap();
            p.tar.records[i].header[156] = b'9';
            p.tar.records[i].fix_cksum();
        }),
        &["ZV006"],
    ));
    v.push(case("tar: names", with_record("tar-dotdot", Record::file("../escape", b"x")), &["ZV002", "ZV504"]));
    v.push(case("tar: names", with_record("tar-absolute", Record::file("/etc/zarf.yaml", b"x")), &["ZV002", "ZV504"]));
    v.push(case(
        "tar: names Zarf refuses",
        with_record("tar-name-backslash", Record::file("images\\evil", b"x")),
        &["ZV017", "ZV504"],
    ));
    for (name, entry) in [
        ("tar-name-colon", "components/c:d.tar"),
        ("tar-name-trailing-dot", "components/x."),
        ("tar-name-windows-device", "components/NUL.txt"),
    ] {
        v.push(case("tar: names Zarf refuses", with_record(name, Record::file(entry, b"x")), &["ZV017", "ZV506"]));
    }
    v.push(case(
        "tar: PAX/GNU",
        mutate("tar-pax-path-second-zarf-yaml", |p| {
            // The header says notes.txt; the PAX record says zarf.yaml (what Go extracts).
            p.tar.records.push(Record::pax(&[("path", b"zarf.yaml")]));
            p.tar.records.push(Record::file("notes.txt", b"kind: ZarfPackageConfig\nmetadata:\n  name: evil\n"));
        }),
        // zverify reads the PAX path as Go does: the second zarf.yaml wins (and it declares no
        // requirement for the package's whole index: ZV630).
        &["ZV004", "ZV509", "ZV511", "ZV630"],
    ));
    v.push(case(
        "tar: PAX/GNU",
        mutate("tar-gnu-longname-and-pax-path", |p| {
            let long = format!("components/{}.tar", "l".repeat(120));
            p.tar.records.push(Record::gnu_long(b'L', long.as_bytes()));
            p.tar.records.push(Record::pax(&[("path", b"components/pax.tar")]));
            p.tar.records.push(Record::file("components/short.tar", b"x"));
        }),
        &["ZV012", "ZV507"],
    ));
    v.push(case(
        "tar: names Zarf refuses",
        with_record("tar-name-trailing-space", Record::file("components/x.tar ", b"x")),
        &["ZV017", "ZV504"],
    ));
    v.push(case(
        "tar: PAX/GNU",
        sealed("tar-pax-size-overrides-header", |p| {
            // The header says 0 bytes, the PAX record 600: Go reads 600 bytes of data.
            p.tar.records.push(Record::pax(&[("size", b"600")]));
            let mut r = Record::file("components/pax.tar", &noise(13, 600));
            r.set_size_field(0);
            p.tar.records.push(r);
        }),
        // A probe, not a defect: zverify must read the entry as Go does, and it does.
        &["ZV014"],
    ));
    v.push(case(
        "tar: PAX/GNU",
        sealed("tar-two-gnu-long-names", |p| {
            // Two long-name records for one entry: which one names it depends on the reader.
            let a = format!("components/{}.tar", "a".repeat(110));
            let b = format!("components/{}.tar", "b".repeat(110));
            p.tar.records.push(Record::gnu_long(b'L', a.as_bytes()));
            p.tar.records.push(Record::gnu_long(b'L', b.as_bytes()));
            p.tar.records.push(Record::file("components/short.tar", b"x"));
        }),
        // checksums.txt lists the header's name; the entry is named by a long-name record.
        &["ZV012", "ZV506", "ZV507"],
    ));
    v.push(
        case(
            "tar: headers",
            sealed("tar-base256-size", |p| {
                // A size in GNU base-256 (high bit set) instead of octal: Go reads it.
                let i = p.tar.position(&blob(LAYER)).unwrap();
                let n = p.tar.records[i].data.len() as u64;
                let h = &mut p.tar.records[i].header;
                h[124..136].fill(0);
                h[124] = 0x80;
                h[128..136].copy_from_slice(&n.to_be_bytes());
                p.tar.records[i].fix_cksum();
            }),
            // A probe, not a defect: zverify reads base-256 numbers as Go does.
            &[],
        )
        .exit(0),
    );
    v.push(case(
        "tar: sparse",
        with_record("tar-gnu-sparse", Record::new(b"components/sparse.tar", b'S', 0o644, b"")),
        // The entry is there (not read: ZV013) and checksums.txt does not list it (ZV507).
        &["ZV013", "ZV507"],
    ));
    v.push(case(
        "tar: headers",
        raw_uncompressed("tar-header-checksum-bad", |t, mut b| {
            let (offs, _) = t.offsets();
            b[offs[5] + 148] = b'7';
            b
        }),
        // Reading stopped before images/oci-layout and images/index.json.
        &["ZV001", "ZV030", "ZV101", "ZV103"],
    ));
    v.push(case(
        "tar: headers",
        raw_uncompressed("tar-size-field-too-big", |t, b| {
            let mut t = t.clone();
            let i = t.position(&blob(LAYER)).unwrap();
            let n = t.records[i].data.len() as u64;
            t.records[i].set_size_field(n + 4096);
            let _ = b;
            t.to_bytes()
        }),
        // Go reads the same: the layer swallows the next entries' headers (the manifest, the
        // config, …) as data, and reading resumes on a later header.
        &["ZV106", "ZV107", "ZV108", "ZV109", "ZV505", "ZV506", "ZV511", "ZV513"],
    ));
    // Truncations of the uncompressed package at every kind of boundary.
    let layer_at = |t: &RawTar| {
        let (offs, _) = t.offsets();
        let i = t.position(&blob(LAYER)).unwrap();
        (offs[i], t.records[i].data.len())
    };
    v.push(case(
        "tar: truncation",
        raw_uncompressed("trunc-mid-header", |t, b| b[..layer_at(t).0 + 100].to_vec()),
        &["ZV001", "ZV030", "ZV101", "ZV103"],
    ));
    v.push(case(
        "tar: truncation",
        raw_uncompressed("trunc-after-header", |t, b| b[..layer_at(t).0 + 512].to_vec()),
        &["ZV001", "ZV030", "ZV101", "ZV103"],
    ));
    v.push(case(
        "tar: truncation",
        raw_uncompressed("trunc-mid-data", |t, b| {
            let (o, n) = layer_at(t);
            b[..o + 512 + n / 2].to_vec()
        }),
        &["ZV001", "ZV030", "ZV101", "ZV103"],
    ));
    v.push(case(
        "tar: truncation",
        raw_uncompressed("trunc-before-padding", |t, b| {
            let (o, n) = layer_at(t);
            b[..o + 512 + n].to_vec()
        }),
        &["ZV008", "ZV030", "ZV101", "ZV103"],
    ));
    v.push(case(
        "tar: truncation",
        raw_uncompressed("trunc-last-entry-before-padding", |t, b| {
            // zarf.yaml is whole, its padding and the end marker are gone (real Zarf loads it).
            let (offs, _) = t.offsets();
            b[..offs.last().unwrap() + 512 + t.records.last().unwrap().data.len()].to_vec()
        }),
        &["ZV008"],
    ));
    v.push(case(
        "tar: truncation",
        raw_uncompressed("trunc-before-last-entry-zarf-yaml", |t, b| {
            let (offs, _) = t.offsets();
            b[..*offs.last().unwrap()].to_vec()
        }),
        &["ZV008", "ZV030"],
    ));
    v.push(case(
        "tar: truncation",
        raw_uncompressed("trunc-no-end-marker", |t, b| b[..t.offsets().1].to_vec()),
        &["ZV008"],
    ));
    v.push(case(
        "tar: truncation",
        raw_uncompressed("trunc-half-end-marker", |t, b| b[..t.offsets().1 + 512].to_vec()),
        &["ZV008"],
    ));
    v.push(case(
        "tar: truncation",
        raw_uncompressed("trunc-inside-end-marker", |t, b| b[..t.offsets().1 + 100].to_vec()),
        &["ZV001"],
    ));
    v.push(
        case(
            "tar: trailing data",
            raw_uncompressed("tar-trailing-garbage", |_, mut b| {
                b.extend_from_slice(&noise(9, 3000));
                b
            }),
            &[],
        )
        .awaiting(
            "policy for bytes after the end-of-archive marker (issue 7 item 1): Go and zverify both ignore them today",
        )
        .exit(0),
    );
    // --- zstd
    let zbytes = || real().bytes();
    v.push(case(
        "zstd",
        Package::single("zstd-truncated", "tar.zst", {
            let b = zbytes();
            b[..b.len() * 6 / 10].to_vec()
        }),
        &["ZV001"],
    ));
    v.push(case(
        "zstd",
        Package::single("zstd-checksum-wrong", "tar.zst", {
            let mut b = zbytes();
            let n = b.len();
            flip(&mut b, n - 1);
            b
        }),
        &["ZV001"],
    ));
    v.push(case(
        "zstd",
        Package::single("zstd-block-corrupt", "tar.zst", {
            let mut b = zbytes();
            let n = b.len();
            for i in 0..16 {
                b[n / 2 + i] ^= 0x5a;
            }
            b
        }),
        &["ZV001", "ZV106", "ZV505"],
    ));
    v.push(
        case(
            "zstd",
            Package::single("zstd-extra-frame", "tar.zst", {
                let mut b = zbytes();
                b.extend_from_slice(&zst(&noise(10, 5000)));
                b
            }),
            &[],
        )
        .awaiting(
            "policy for data after the end-of-archive marker (issue 7 item 1): Zarf and zverify both ignore it today",
        )
        .exit(0),
    );
    v.push(case(
        "zstd",
        Package::single("zstd-trailing-garbage", "tar.zst", {
            let mut b = zbytes();
            b.extend_from_slice(b"this is not a zstd frame at all");
            b
        }),
        &["ZV001"],
    ));
    // --- huge counts, deep nesting in JSON
    v.push(
        case(
            "huge counts",
            sealed("index-annotations-20000-keys", |p| {
                let mut ann = String::new();
                for i in 0..20_000 {
                    ann.push_str(&format!("\"k{i}\":\"v\","));
                }
                ann.pop();
                p.set_text("images/index.json", |t| {
                    t.replacen(r#"{"schemaVersion":2,"#, &format!(r#"{{"schemaVersion":2,"annotations":{{{ann}}},"#), 1)
                })
            }),
            &[],
        )
        .awaiting("not a defect by itself: a time budget (issue 12 §2); Zarf loads it")
        .exit(0),
    );
    v.push(case(
        "deep nesting",
        sealed("index-json-nested-100000", |p| {
            let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
            p.set_text("images/index.json", |t| {
                t.replacen(r#"{"schemaVersion":2,"#, &format!(r#"{{"schemaVersion":2,"x":{deep},"#), 1)
            })
        }),
        &["ZV211"],
    ));
    v.push(case(
        "legacy",
        {
            let mut t = crate::Tree::default();
            t.put(
                "zarf.yaml",
                b"kind: ZarfPackageConfig\nmetadata:\n  name: old\nbuild:\n  version: v0.24.0\ncomponents: []\n"
                    .to_vec(),
            );
            t.put("images.tar", crate::Tree::default().to_tar());
            Pkg::from_tree(&t).package("legacy-images-tar")
        },
        &["ZV007", "ZV503"],
    ));
    v.push(
        case(
            "not a package",
            Package::single("not-an-archive", "tar.zst", b"PK\x03\x04 this is a zip, not a package".to_vec()),
            &["ZV001"],
        )
        .exit(2),
    );
    // --- meaning as real Zarf reads it (issue 18): each put to real Zarf (tests/oracle/verdicts.tsv)
    v.extend(semantic_cases());
    // --- the deliberate differences of docs/stricter-than-zarf.md, each shown by a package
    v.extend(stricter::cases());
    v.into_iter().map(|b| b.0).collect()
}

/// real-signed with `f` applied, checksums.txt and the aggregate recomputed, then `after`.
fn signed_sealed(name: &str, f: impl FnOnce(&mut Pkg), after: impl FnOnce(&mut Pkg)) -> Package {
    let mut p = signed();
    f(&mut p);
    p.reseal();
    after(&mut p);
    p.package(name)
}

/// Append `<sha256> <path>` to checksums.txt and re-seal the aggregate.
fn list_in_checksums(p: &mut Pkg, path: &str) {
    let line = format!("{} {path}\n", sha256_hex(&p.file(path)));
    p.set_text("checksums.txt", |t| t + &line);
    p.reseal_aggregate();
}

const SINGLE_REF: &str = "127.0.0.1:5055/acme/single:1.0";

/// The single image's index.json annotations set to `ref_name` / `base_name` (`None`: absent).
fn annotate_single(p: &mut Pkg, ref_name: Option<&str>, base_name: Option<&str>) {
    p.set_text("images/index.json", |t| {
        let mut j: serde_json::Value = serde_json::from_str(&t).unwrap();
        let e = j["manifests"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|e| e["digest"] == format!("sha256:{SINGLE_MANIFEST}"))
            .unwrap();
        let mut ann = serde_json::Map::new();
        if let Some(r) = ref_name {
            ann.insert("org.opencontainers.image.ref.name".into(), r.into());
        }
        if let Some(b) = base_name {
            ann.insert("org.opencontainers.image.base.name".into(), b.into());
        }
        e["annotations"] = ann.into();
        serde_json::to_string(&j).unwrap()
    });
}

fn semantic_cases() -> Vec<B> {
    let mut v = Vec::new();
    let yaml = |name: &str, f: &dyn Fn(String) -> String| sealed(name, |p| p.set_text("zarf.yaml", f));
    // 1. Names Zarf refuses as path components on load ("… would result in an invalid path").
    let class = "names as paths";
    v.push(case(class, yaml("path-component-name-slash", &|t| t.replace("- name: app", "- name: a/pp")), &["ZV524"]));
    v.push(case(
        class,
        yaml("path-metadata-version-backslash", &|t| t.replace("  version: 0.1.0", "  version: '0.1\\0'")),
        &["ZV524"],
    ));
    v.push(case(
        class,
        yaml("path-chart-version-dotdot", &|t| {
            t + "  charts:\n  - name: ab\n    version: '..'\n    url: https://example.com\n"
        }),
        // The chart is also a promise the component's tarball does not keep (there is none).
        &["ZV524", "ZV600", "ZV612"],
    ));
    v.push(
        case(class, yaml("path-metadata-name-dot", &|t| t.replace("  name: real-create", "  name: '.'")), &[]).exit(0),
    );
    // 2. Image references looked up verbatim at push ("failed to resolve image: …: not found").
    let class = "image lookup";
    let ann =
        |name: &str, r: Option<&'static str>, b: Option<&'static str>| sealed(name, move |p| annotate_single(p, r, b));
    v.push(case(
        class,
        ann("lookup-ref-name-wins", Some("127.0.0.1:5055/acme/other:1.0"), Some(SINGLE_REF)),
        &["ZV510", "ZV511"],
    ));
    v.push(case(
        class,
        ann("lookup-ref-name-without-tag", Some("127.0.0.1:5055/acme/single"), None),
        &["ZV510", "ZV511"],
    ));
    v.push(case(class, ann("lookup-base-name-without-ref-name", None, Some(SINGLE_REF)), &[]).exit(0));
    v.push(case(
        class,
        sealed("lookup-short-docker-hub-name", |p| {
            p.set_text("zarf.yaml", |t| t.replace(&format!("  - {SINGLE_REF}"), "  - alpine:3"));
            annotate_single(p, Some("alpine:3"), Some("alpine:3"));
        }),
        &["ZV510", "ZV511"],
    ));
    v.push(
        case(
            class,
            sealed("lookup-canonical-docker-hub-name", |p| {
                p.set_text("zarf.yaml", |t| t.replace(&format!("  - {SINGLE_REF}"), "  - alpine:3"));
                annotate_single(p, Some("docker.io/library/alpine:3"), None);
            }),
            &[],
        )
        .exit(0),
    );
    // 3. zarf.yaml documents as goccy/go-yaml groups them.
    let class = "zarf.yaml documents";
    v.push(case(class, yaml("documents-two-leading-separators", &|t| format!("---\n---\n{t}")), &["ZV501"]));
    v.push(case(class, yaml("documents-yaml-directive", &|t| format!("%YAML 1.2\n---\n{t}")), &["ZV501"]));
    v.push(case(class, yaml("documents-separator-then-end", &|t| format!("---\n...\n---\n{t}")), &["ZV501"]));
    v.push(case(class, yaml("documents-one-leading-separator", &|t| format!("---\n{t}")), &[]).exit(0));
    // 4. Provenance files and build.signed (validatePackageIntegrity).
    let class = "provenance";
    v.push(case(
        class,
        signed_sealed("provenance-bundle-listed", |_| {}, |p| list_in_checksums(p, "zarf.bundle.sig")),
        &["ZV521", "ZV526"],
    ));
    v.push(case(
        class,
        mutate("provenance-zarf-yaml-listed", |p| {
            p.reseal();
            list_in_checksums(p, "zarf.yaml")
        }),
        &["ZV505", "ZV526"],
    ));
    v.push(case(
        class,
        signed_sealed(
            "provenance-unsigned-by-field-extra-file",
            |p| {
                p.set_text("zarf.yaml", |t| {
                    t.replace("  signed: true\n", "")
                        .replace("  - zarf.bundle.sig\n", "  - zarf.bundle.sig\n  - extra.txt\n")
                })
            },
            |p| p.add("extra.txt", b"hello\n"),
        ),
        &["ZV507", "ZV521"],
    ));
    // 5. Split packages Zarf cannot load once joined.
    let class = "split packages";
    v.push(case(class, Pkg::real(REAL_UNCOMPRESSED).split("split-uncompressed-tar", 30_000), &["ZV527"]));
    v.push(case(
        class,
        {
            let mut p = real();
            p.set_text("zarf.yaml", |t| t.replace("build:\n  architecture: amd64\n", "build:\n"));
            p.reseal();
            p.split("split-no-build-architecture", 15_000)
        },
        &["ZV527"],
    ));
    // The joined file is named from zarf.yaml (`PackageLayout.FileName`); Linux refuses a name with
    // a NUL byte or of more than 255 bytes (found by scripts/oracle-fuzz, seed 808).
    for (stem, version) in [
        ("split-file-name-nul", "\"1.0\\0\"".to_owned()),
        ("split-file-name-too-long", format!("\"{}\"", "1".repeat(240))),
    ] {
        let mut p = real();
        p.set_text("zarf.yaml", |t| t.replacen("  version: 0.1.0", &format!("  version: {version}"), 1));
        p.reseal();
        v.push(case(class, p.split(stem, 15_000), &["ZV527"]));
    }
    // 6. Layouts Zarf cannot push.
    let class = "unpushable images";
    v.push(case(
        class,
        sealed("push-layer-with-urls", |p| {
            let m = p.text(&blob(SINGLE_MANIFEST));
            let m = m.replacen(
                &format!("\"digest\": \"sha256:{LAYER}\","),
                &format!("\"digest\": \"sha256:{LAYER}\", \"urls\": [\"https://example.com/layer\"],"),
                1,
            );
            p.rewrite_blob(SINGLE_MANIFEST, m.into_bytes());
        }),
        &["ZV525"],
    ));
    v.push(case(
        class,
        sealed("push-entry-artifact-manifest", |p| {
            p.set_text("images/index.json", |t| {
                t.replacen(
                    &format!("\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:{SINGLE_MANIFEST}\""),
                    &format!("\"mediaType\":\"application/vnd.oci.artifact.manifest.v1+json\",\"digest\":\"sha256:{SINGLE_MANIFEST}\""),
                    1,
                )
            })
        }),
        &["ZV109", "ZV525"],
    ));
    // Found by scripts/oracle-fuzz: goccy makes the keys after an empty `-` entry its value.
    v.push(case(
        "zarf.yaml documents",
        sealed("yaml-empty-entry-then-key", |p| {
            p.set_text("zarf.yaml", |t| t.replace("  - pluralize-set-variable\n", "  - pluralize-set-variable\n  -\n"))
        }),
        &["ZV501"],
    ));
    // Found by scripts/oracle-fuzz: a pin in base.name beside a ref.name is never pushed.
    v.push(
        case(
            "image lookup",
            sealed("lookup-pin-in-base-name-only", |p| {
                let pinned = format!("{SINGLE_REF}@sha256:{}", "0".repeat(64));
                annotate_single(p, Some(SINGLE_REF), Some(&pinned))
            }),
            &[],
        )
        .exit(0),
    );
    // Found by scripts/oracle-fuzz: a manifest whose own mediaType is not its descriptor's.
    v.push(case(
        class,
        sealed("push-manifest-body-docker-descriptor-oci", |p| {
            let m = p.text(&blob(SINGLE_MANIFEST));
            let m = m.replacen(
                "\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\"",
                "\"mediaType\": \"application/vnd.docker.distribution.manifest.v2+json\"",
                1,
            );
            p.rewrite_blob(SINGLE_MANIFEST, m.into_bytes());
        }),
        &["ZV302", "ZV525"],
    ));
    v
}
