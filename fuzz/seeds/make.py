#!/usr/bin/env python3
"""Regenerate fuzz/seeds/<target>/ from the third-party vectors and the example package.

Usage: fuzz/seeds/make.py [VECTORS_DIR]   (default: $ZVERIFY_VECTORS or ../shared/vectors)
The seeds are committed, so a plain clone can fuzz without the vectors; run this only to refresh
them. Each seed starts with the prefix its target reads (see the target's doc comment).
Attribution: fuzz/seeds/SOURCES.md.
"""
import base64, hashlib, io, json, os, struct, subprocess, sys, tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
VEC = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("ZVERIFY_VECTORS", os.path.join(REPO, "..", "shared", "vectors"))
ZC = os.path.join(VEC, "zarf-current")


def put(target, name, data):
    d = os.path.join(HERE, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def read(*p):
    with open(os.path.join(*p), "rb") as f:
        return f.read()


def zstd(data, *args):
    return subprocess.run(["zstd", "-q", "-c", *args], input=data, stdout=subprocess.PIPE, check=True).stdout


def tar_of_dir(root, fmt, prefix=""):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as t:
        for dirpath, dirs, files in sorted(os.walk(root)):
            dirs.sort()
            for name in sorted(files):
                full = os.path.join(dirpath, name)
                arc = prefix + os.path.relpath(full, root)
                info = t.gettarinfo(full, arc)
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                info.mtime = 0
                with open(full, "rb") as f:
                    t.addfile(info, f)
    return buf.getvalue()


def members(tar_bytes):
    with tarfile.open(fileobj=io.BytesIO(tar_bytes)) as t:
        return {m.name.lstrip("./"): t.extractfile(m).read() for m in t.getmembers() if m.isfile()}


# --- tars: Go (real Zarf), and Python's gnu / pax / ustar of a small third-party layout
real_tar = read(ZC, "zarf-package-real-uncompressed-amd64-0.1.0.tar")
docker_v2 = subprocess.run(["zstd", "-q", "-dc", os.path.join(ZC, "zarf-package-real-docker-v2-amd64-0.1.0.tar.zst")],
                           stdout=subprocess.PIPE, check=True).stdout
small = os.path.join(VEC, "containers-image", "delete_image_two_identical_references")
tars = {"zarf-real-uncompressed.tar": real_tar, "zarf-real-docker-v2.tar": docker_v2}
for fmt, n in [(tarfile.GNU_FORMAT, "gnu"), (tarfile.PAX_FORMAT, "pax"), (tarfile.USTAR_FORMAT, "ustar")]:
    tars[f"layout-{n}.tar"] = tar_of_dir(small, fmt, "images/")
for name, t in tars.items():
    put("tar_reader", name, b"\x00" + t)
put("tar_reader", "chunked-ustar.tar", b"\x03\x01\x07\xc8" + tars["layout-ustar.tar"])

# --- archives and zstd streams: [window byte][n][n chunk sizes] + bytes. Window byte 13 → 8 MiB.
W8M, W2M = 13, 11
zst = {
    "zarf-real-docker-v2.tar.zst": read(ZC, "zarf-package-real-docker-v2-amd64-0.1.0.tar.zst"),
    "zarf-real-create-signed.tar.zst": read(ZC, "zarf-package-real-create-signed-amd64-0.1.0.tar.zst"),
    "layout-gnu-checksum.tar.zst": zstd(tars["layout-gnu.tar"], "-19", "--check"),
    "layout-pax-long.tar.zst": zstd(tars["layout-pax.tar"], "-3", "--long=23"),
}
# Two frames with a skippable frame between them (pzstd / zstd -T0 shapes).
half = len(tars["layout-ustar.tar"]) // 2
zst["layout-ustar-frames.tar.zst"] = (zstd(tars["layout-ustar.tar"][:half], "-1") + struct.pack("<II", 0x184D2A50, 4)
                                      + b"skip" + zstd(tars["layout-ustar.tar"][half:], "--no-check", "-5"))
for name, z in zst.items():
    put("archive_reader", name, bytes([W8M, 0]) + z)
    put("zstd_stream", name, bytes([W8M, 0]) + z)
put("archive_reader", "window-over-limit.tar.zst", bytes([W2M, 2, 5, 200]) + zst["zarf-real-docker-v2.tar.zst"])
put("archive_reader", "plain.tar", bytes([W8M, 1, 100]) + tars["layout-gnu.tar"])
put("zstd_stream", "window-over-limit.zst", bytes([W2M, 1, 9]) + zst["zarf-real-docker-v2.tar.zst"])

# --- documents: [kind] + JSON. Kinds: 0 auto, 1 index, 2 manifest, 3 config, 4 descriptor, 5 layout.
KIND = {"imageIndex": 1, "manifest": 2, "config": 3, "descriptor": 4, "imageLayout": 5}
n = 0
for cases in ["cases-main.jsonl", "cases-v1.1.0-rc2.jsonl"]:
    for line in read(VEC, "image-spec", cases).decode().splitlines():
        c = json.loads(line)
        doc = c["doc"] if isinstance(c["doc"], str) else json.dumps(c["doc"])
        put("document", f"image-spec-{n:03}.json", bytes([KIND.get(c["field"], 0)]) + doc.encode())
        n += 1
for name in ["crane-oci-layout.index.json", "oras-oci-layout.index.json", "agent-index.json", "agent-manifest.json"]:
    put("document", name, b"\x00" + read(VEC, "zarf", name))
real = members(real_tar)
for path, data in real.items():
    if path.startswith("images/blobs/") and data[:1] == b"{" and len(data) < 8192:
        put("document", "zarf-real-" + path.rsplit("/", 1)[1][:12] + ".json", b"\x00" + data)
put("document", "zarf-real-index.json", b"\x01" + real["images/index.json"])
put("document", "oci-layout.json", b"\x05" + real["images/oci-layout"])

# --- zarf.yaml, checksums.txt, part000, references, signatures
signed = members(zstd_d := subprocess.run(["zstd", "-q", "-dc", os.path.join(ZC, "zarf-package-real-create-signed-amd64-0.1.0.tar.zst")],
                                          stdout=subprocess.PIPE, check=True).stdout)
example = os.path.join(REPO, "examples", "zarf-package-test-amd64")
put("zarf_yaml", "example.yaml", read(example, "zarf.yaml"))
put("zarf_yaml", "zarf-real.yaml", real["zarf.yaml"])
put("zarf_yaml", "zarf-real-signed.yaml", signed["zarf.yaml"])
put("zarf_yaml", "merge-keys.yaml", b"kind: ZarfPackageConfig\nmetadata: &m\n  name: x\ncomponents:\n  - &c\n    name: a\n    images: [alpine:3.20]\n  - <<: *c\n    name: b\n")
put("checksums", "example.txt", read(example, "checksums.txt"))
put("checksums", "zarf-real.txt", real["checksums.txt"])
put("checksums", "TestGetChecksum.txt", read(VEC, "zarf", "TestGetChecksum.checksums.txt"))
put("split_meta", "zarf-real-part000.json", read(ZC, "split", "zarf-package-real-split-amd64-0.1.0.tar.zst.part000"))
put("split_meta", "old-keys.json", b'{"sha256Sum":"' + b"ab" * 32 + b'","bytes":1000,"count":3}')
refs = set()
for y in [real["zarf.yaml"], signed["zarf.yaml"], read(example, "zarf.yaml")]:
    for line in y.decode().splitlines():
        s = line.strip()
        if s.startswith("- ") and (":" in s or "/" in s) and " " not in s[2:]:
            refs.add(s[2:])
idx = json.loads(real["images/index.json"])
for m in idx.get("manifests", []):
    for k in ["org.opencontainers.image.base.name", "org.opencontainers.image.ref.name"]:
        v = m.get("annotations", {}).get(k)
        if v:
            refs.add(v)
refs |= {"alpine", "library/alpine:3.20", "localhost:5000/a/b:c", "ghcr.io/x/y@sha256:" + "0" * 64, "[::1]:5000/x:y"}
for i, r in enumerate(sorted(refs)):
    put("reference", f"ref-{i:02}.txt", r.encode())
yaml = signed["zarf.yaml"]
bundle = signed["zarf.bundle.sig"]
sig = json.loads(bundle)["messageSignature"]["signature"].encode()
put("signature", "bundle.bin", b"\x01" + struct.pack("<H", len(yaml)) + yaml + bundle)
put("signature", "sig-file.bin", b"\x00" + struct.pack("<H", len(yaml)) + yaml + sig)
put("signature", "key.bin", b"\x02" + struct.pack("<H", len(yaml)) + yaml + read(ZC, "zarf-test-cosign.pub"))
print("seeds written under", HERE)
