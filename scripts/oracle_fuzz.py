#!/usr/bin/env python3
"""The semantic differential (issue 18): real Zarf packages changed in *meaning*, re-sealed, and
put to both `zverify check --format json` and real Zarf (the oracle: load, then push to a fresh
loopback docker-registry). See scripts/oracle-fuzz for how to run it.

Python 3 standard library only; `zstd` and `docker-registry` come from scripts/tools."""

import hashlib
import io
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UNCHECKED = {"zarf.yaml", "checksums.txt", "zarf.yaml.sig", "zarf.bundle.sig"}


def sha256(b):
    return hashlib.sha256(b).hexdigest()


# ---------------------------------------------------------------------------------------------
# A package in memory: tar members in order (name, TarInfo, bytes or None for directories).


class Pkg:
    def __init__(self, members, compressed):
        self.members = members
        self.compressed = compressed
        self.split = None  # None, or part size
        self.split_meta = None  # function(meta dict) -> meta dict, for part000 mutations
        self.key = None

    @staticmethod
    def read(path):
        raw = open(path, "rb").read()
        compressed = path.endswith(".zst")
        if compressed:
            raw = subprocess.run(["zstd", "-dcq"], input=raw, capture_output=True, check=True).stdout
        members = []
        with tarfile.open(fileobj=io.BytesIO(raw), mode="r:") as t:
            for m in t.getmembers():
                data = t.extractfile(m).read() if m.isfile() else None
                members.append([m.name, m, data])
        return Pkg(members, compressed)

    def copy(self):
        p = Pkg([[n, i, d] for n, i, d in self.members], self.compressed)
        p.split, p.key = self.split, self.key
        return p

    def names(self):
        return [n for n, i, d in self.members]

    def get(self, name):
        for n, i, d in self.members:
            if n == name:
                return d
        return None

    def text(self, name):
        return self.get(name).decode()

    def set(self, name, data):
        for m in self.members:
            if m[0] == name:
                m[2] = data
                return
        info = tarfile.TarInfo(name)
        info.mode = 0o644
        self.members.append([name, info, data])

    def remove(self, name):
        self.members = [m for m in self.members if m[0] != name]

    def rename(self, old, new):
        for m in self.members:
            if m[0] == old:
                m[0] = new

    def blobs(self):
        return [n for n in self.names() if n.startswith("images/blobs/sha256/") and self.get(n) is not None]

    def reseal(self):
        """checksums.txt from the files present (Zarf's shape) and the aggregate into zarf.yaml."""
        lines = sorted(
            f"{sha256(d)} {n}" for n, i, d in self.members if d is not None and n not in UNCHECKED
        )
        ck = ("\n".join(lines) + "\n").encode()
        self.set("checksums.txt", ck)
        self.set_aggregate(sha256(ck))

    def set_aggregate(self, hexd):
        y = self.text("zarf.yaml")
        y = re.sub(r"(aggregateChecksum: )\S*", lambda m: m.group(1) + hexd, y)
        self.set("zarf.yaml", y.encode())

    def tar_bytes(self):
        out = io.BytesIO()
        with tarfile.open(fileobj=out, mode="w:", format=tarfile.PAX_FORMAT) as t:
            for n, info, data in self.members:
                info = tarfile.TarInfo(n) if info is None else info
                info = _clone(info, n)
                if data is None:
                    t.addfile(info)
                else:
                    info.size = len(data)
                    t.addfile(info, io.BytesIO(data))
        return out.getvalue()

    def write(self, dir_, stem):
        """Write the package into dir_; returns the path to give to both tools."""
        b = self.tar_bytes()
        ext = "tar.zst" if self.compressed else "tar"
        if self.compressed:
            b = subprocess.run(["zstd", "-q", "-3", "-c"], input=b, capture_output=True, check=True).stdout
        base = os.path.join(dir_, f"{stem}.{ext}")
        if not self.split:
            open(base, "wb").write(b)
            return base
        parts = [b[i : i + self.split] for i in range(0, len(b), self.split)]
        meta = {"Sha256Sum": sha256(b), "Bytes": len(b), "Count": len(parts)}
        if self.split_meta:
            meta = self.split_meta(meta, b, parts)
        open(base + ".part000", "wb").write(json.dumps(meta).encode())
        for k, part in enumerate(parts):
            open(base + f".part{k + 1:03d}", "wb").write(part)
        return base + ".part000"


def _clone(info, name):
    c = tarfile.TarInfo(name)
    for a in ("mode", "uid", "gid", "mtime", "type", "linkname", "uname", "gname"):
        setattr(c, a, getattr(info, a))
    return c


# ---------------------------------------------------------------------------------------------
# zarf.yaml edits that keep the rest of the text as Zarf wrote it (no YAML library in stdlib).


def yaml_set(y, key_line_re, value):
    """Replace the value of the first line matching `key_line_re` (a regex for `  key:`)."""
    m = re.search(rf"^({key_line_re})[^\n]*$", y, re.M)
    if not m:
        return None
    return y[: m.start()] + m.group(1) + " " + value + y[m.end() :]


def q(s):
    """A YAML double-quoted scalar."""
    return json.dumps(s, ensure_ascii=False)


# ---------------------------------------------------------------------------------------------
# Running both tools.


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def spawn_registry(work, prefix):
    """A docker-registry on a free loopback port with its own storage under `work`: (process,
    its directory, its port). Not yet known to be up."""
    port = free_port()
    reg = tempfile.mkdtemp(dir=work, prefix=prefix)
    cfg = os.path.join(reg, "config.yml")
    open(cfg, "w").write(
        f"version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: {reg}/storage\n"
        f"http:\n  addr: 127.0.0.1:{port}\n"
    )
    proc = subprocess.Popen(["docker-registry", "serve", cfg], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, reg, port


def with_registry(work, fn):
    for _ in range(5):
        proc, reg, port = spawn_registry(work, "reg.")
        up = False
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    up = True
                    break
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.03)
        # A port another job's registry took between free_port() and this bind answers too: the
        # registry is ours only if it is still running (it exits when it cannot bind). Seen once in
        # 3,000 packages at -j2: Zarf then pushed to the other job's registry as it stopped.
        time.sleep(0.05)
        if not up or proc.poll() is not None:
            proc.kill()
            proc.wait()
            shutil.rmtree(reg, ignore_errors=True)
            continue
        try:
            return fn(f"127.0.0.1:{port}")
        finally:
            proc.kill()
            proc.wait()
            shutil.rmtree(reg, ignore_errors=True)
    return "ZARF FAIL setup: no registry"


def run_oracle(oracle, target, work, key):
    def go(addr):
        args = [oracle, target, addr] + (["--key", key] if key else [])
        try:
            r = subprocess.run(args, capture_output=True, text=True, timeout=300)
            return r.stdout + r.stderr
        except subprocess.TimeoutExpired:
            return "ZARF FAIL timeout"

    # A push that fails because the package's own loopback registry stopped answering ("dial tcp
    # 127.0.0.1:PORT: connect: connection refused") is not Zarf's verdict on the package: seen once
    # in 5,000 packages at -j3 (seed 1010; re-run alone, Zarf deployed it). Ask again with a fresh
    # registry; after three such answers the outcome is "unknown", never a disagreement.
    for _ in range(3):
        out = with_registry(work, go)
        if not re.search(r"dial tcp 127\.0\.0\.1:\d+: connect: connection refused", out):
            break
    else:
        return "UNKNOWN", "the loopback registry stopped answering three times"
    i = out.find("ZARF ")
    line = " ".join(l.strip() for l in out[i:].splitlines()) if i >= 0 else out.strip()
    if line.startswith("ZARF OK"):
        return "OK", line
    if line.startswith("ZARF FAIL load"):
        return "FAIL load", line
    if line.startswith("ZARF FAIL push"):
        return "FAIL push", line
    return "UNKNOWN", line


def run_zverify(zv, target, key):
    args = [zv, "check", "--format", "json"] + (["--key", key] if key else []) + [target]
    try:
        r = subprocess.run(args, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        return "timeout", []
    if r.returncode == 2:
        return "FAIL", ["exit-2"]
    try:
        rep = json.loads(r.stdout)
    except ValueError:
        return "UNKNOWN", ["no-json"]
    errs = sorted({f["code"] for f in rep.get("findings", []) if f.get("severity") == "error"})
    return ("FAIL" if errs else "OK"), errs


def stricter_codes():
    out = set()
    for line in open(os.path.join(ROOT, "docs/stricter-than-zarf.md")):
        cells = [c.strip() for c in line.split("|")]
        if len(cells) >= 4 and re.fullmatch(r"ZV\d{3}", cells[1]):
            out.add(cells[1])
    return out


# ---------------------------------------------------------------------------------------------
# Base packages, made by real Zarf (`zarf-oracle create`) once per run, from images served by a
# loopback registry seeded with skopeo from the image layouts inside the repo's real packages.

VECTORS = os.path.join(ROOT, "tests/vectors/zarf-current")


def start_registry(work):
    proc, _, port = spawn_registry(work, "seed.")
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc, f"127.0.0.1:{port}"
        except OSError:
            time.sleep(0.03)
    proc.kill()
    raise SystemExit("oracle-fuzz: the seed registry did not start")


def seed_images(work, addr):
    """Copy the real packages' images into the seed registry; returns {short: reference}."""
    images = {}
    # (skopeo 1.9 reads only OCI-typed manifests from a layout: the Docker v2 image comes from the
    # real-docker-v2 package, a base of its own.)
    for vec, picks in (("zarf-package-real-create-amd64-0.1.0.tar.zst", {"multi": 0, "single": 3}),):
        p = Pkg.read(os.path.join(VECTORS, vec))
        lay = tempfile.mkdtemp(dir=work, prefix="lay.")
        for n, i, d in p.members:
            if n.startswith("images/") and d is not None:
                os.makedirs(os.path.join(lay, os.path.dirname(n)), exist_ok=True)
                open(os.path.join(lay, n), "wb").write(d)
        idx = json.loads(p.text("images/index.json"))
        for k, e in enumerate(idx["manifests"]):
            e.setdefault("annotations", {})["org.opencontainers.image.ref.name"] = f"e{k}"
        open(os.path.join(lay, "images/index.json"), "w").write(json.dumps(idx))
        for short, k in picks.items():
            dest = f"{addr}/acme/{short}:1.0"
            subprocess.run(
                ["skopeo", "copy", "--all", "-q", "--dest-tls-verify=false", f"oci:{lay}/images:e{k}", f"docker://{dest}"],
                check=True,
                capture_output=True,
            )
            images[short] = dest
    return images


def definitions(images):
    s, m = images["single"], images["multi"]
    cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fuzz\ndata:\n  a: b\n"
    return {
        "alpha-multi": (
            "kind: ZarfPackageConfig\nmetadata:\n  name: fuzz-alpha\n  version: 0.1.0\ncomponents:\n"
            f"- name: app\n  required: true\n  images:\n  - {s}\n  - {m}\n"
            f"- name: extra\n  images:\n  - {m}\n  manifests:\n  - name: cm\n    namespace: default\n    files:\n    - cm.yaml\n",
            {"cm.yaml": cm},
        ),
        "beta-single": (
            "apiVersion: zarf.dev/v1beta1\nkind: ZarfPackageConfig\nmetadata:\n  name: fuzz-beta\n  version: 0.2.0\n"
            f"components:\n- name: app\n  images:\n  - name: {s}\n- name: two\n  images:\n  - name: {m}\n",
            {},
        ),
        "alpha-uncompressed": (
            "kind: ZarfPackageConfig\nmetadata:\n  name: fuzz-unc\n  version: 1.0.0\n  uncompressed: true\ncomponents:\n"
            f"- name: app\n  required: true\n  images:\n  - {s}\n",
            {},
        ),
    }


def make_bases(work, oracle):
    proc, addr = start_registry(work)
    bases = {}
    try:
        images = seed_images(work, addr)
        for name, (yaml, files) in definitions(images).items():
            d = tempfile.mkdtemp(dir=work, prefix=f"def.{name}.")
            open(os.path.join(d, "zarf.yaml"), "w").write(yaml)
            for f, t in files.items():
                open(os.path.join(d, f), "w").write(t)
            out = tempfile.mkdtemp(dir=work, prefix=f"out.{name}.")
            r = subprocess.run([oracle, "create", d, out], capture_output=True, text=True, timeout=600)
            m = re.search(r"CREATED: (\S+)", r.stdout)
            if not m:
                raise SystemExit(f"oracle-fuzz: zarf-oracle create {name} failed:\n{r.stdout}{r.stderr}")
            bases[name] = Pkg.read(m.group(1))
    finally:
        proc.kill()
        proc.wait()
    # Packages Zarf built elsewhere in the repo: signed with Zarf's test key, and a Docker v2 image.
    signed = Pkg.read(os.path.join(VECTORS, "zarf-package-real-create-signed-amd64-0.1.0.tar.zst"))
    bases["real-signed"] = signed
    bases["real-create"] = Pkg.read(os.path.join(VECTORS, "zarf-package-real-create-amd64-0.1.0.tar.zst"))
    bases["real-docker-v2"] = Pkg.read(os.path.join(VECTORS, "zarf-package-real-docker-v2-amd64-0.1.0.tar.zst"))
    return bases


# ---------------------------------------------------------------------------------------------
# Meaning mutations. Each takes (pkg, rng), changes the package, and returns a short description
# (class: what). The package is re-sealed afterwards unless the mutation says otherwise.

HOSTILE_STRINGS = [
    "", "..", ".", "...", "a/b", "a\\b", "../x", "/abs", "x/..", "C:\\x", "a" * 300, "é", "名前", "\u0000", "a\u0000b",
    "\t", " ", "a b", "-", "0", "-1", "9223372036854775807", "18446744073709551616", "1e999", "true", "null", "~",
    "UPPER", "a:b", "a@b", "%2e%2e", "\u202e", "x\ny",
]
YAML_SCALARS = ["", "null", "~", "[]", "{}", "0", "-1", "2147483648", "9223372036854775808", "1.5", "true", "no", "0x10", "1_000", "017"]


def yaml_value(rng):
    if rng.random() < 0.7:
        return q(rng.choice(HOSTILE_STRINGS))
    return rng.choice(YAML_SCALARS)


def scalar_lines(y):
    """(index, indent, key) of every `key: value` line with a scalar value, and list items."""
    out = []
    for i, l in enumerate(y.split("\n")):
        m = re.match(r"^(\s*(?:- )?)([A-Za-z][A-Za-z0-9]*): (.+)$", l)
        if m:
            out.append((i, m.group(1), m.group(2)))
        elif re.match(r"^\s*- [^:]+$", l):
            out.append((i, l[: l.index("- ") + 2], None))
    return out


def m_yaml_field(p, rng):
    y = p.text("zarf.yaml").split("\n")
    cands = [c for c in scalar_lines("\n".join(y)) if c[2] != "aggregateChecksum"]
    i, prefix, key = rng.choice(cands)
    r = rng.random()
    if r < 0.12 and key:
        old = y.pop(i)
        # a `- key: value` item start keeps its dash for the next key
        if prefix.strip() == "-" and i < len(y) and y[i].startswith(" " * len(prefix)):
            y[i] = prefix + y[i][len(prefix):]
        desc = f"delete {old.strip()!r}"
    else:
        v = yaml_value(rng)
        y[i] = f"{prefix}{key}: {v}" if key else f"{prefix}{v}"
        desc = f"line {i + 1} {key or 'item'} = {v}"
    p.set("zarf.yaml", "\n".join(y).encode())
    return "yaml-field", desc


NAME_FIELDS = [
    ("metadata", "  name: "), ("metadata", "  version: "), ("build", "  flavor: "),
    ("build", "  differentialPackageVersion: "), ("component", "- name: "),
]


def m_yaml_name(p, rng):
    """Names Zarf uses as path components, in every document."""
    y = p.text("zarf.yaml")
    section, key = rng.choice(NAME_FIELDS)
    v = q(rng.choice(["..", "a/b", "a\\b", "../x", ".", "", "x..y", "...", "a" * 200, "é/x", "/"]))
    if section == "build" and key not in y:
        y = y.replace("\nbuild:\n", f"\nbuild:\n{key}{v}\n")
    elif section == "component":
        hits = [m.start() for m in re.finditer(re.escape(key), y)]
        k = rng.choice(hits)
        end = y.index("\n", k)
        y = y[:k] + key + v + y[end:]
    else:
        y = re.sub(rf"^{re.escape(key)}.*$", key + v, y, count=1 if rng.random() < 0.5 else 0, flags=re.M)
    if rng.random() < 0.3:
        # a chart or manifest entry with the name or version
        kind = rng.choice(["chart-name", "chart-version", "manifest"])
        add = {
            "chart-name": f"  charts:\n  - name: {v}\n    version: 1.0.0\n    url: https://example.com/c\n",
            "chart-version": f"  charts:\n  - name: c\n    version: {v}\n    url: https://example.com/c\n",
            "manifest": f"  manifests:\n  - name: {v}\n    files:\n    - m.yaml\n",
        }[kind]
        docs = y.split("\n---\n")
        j = rng.randrange(len(docs))
        docs[j] = docs[j].rstrip("\n") + "\n" + add
        y = "\n---\n".join(docs)
        p.set("zarf.yaml", y.encode())
        return "names-as-paths", f"{kind} = {v} in document {j}"
    p.set("zarf.yaml", y.encode())
    return "names-as-paths", f"{key.strip()} = {v}"


DOC_FORMS = [
    ("---\n", ""), ("---\n---\n", ""), ("", "---\n"), ("", "---\n---\n"), ("", "...\n"), ("# c\n---\n", ""),
    ("%YAML 1.2\n---\n", ""), ("%TAG ! tag:x,2000:\n---\n", ""), ("---\n...\n---\n", ""), ("...\n", ""),
    ("{}\n---\n", ""), ("", "---\nkind: Foo\n"), ("", "---\n---\nkind: Foo\n"), ("~\n---\n", ""), ("--- # c\n", ""),
    ("\ufeff", ""), ("", "---\napiVersion: zarf.dev/v9\nkind: ZarfPackageConfig\n"), ("apiVersion: ''\n", ""),
    ("", "---\napiVersion: zarf.dev/v1beta1\nkind: ZarfPackageConfig\nmetadata:\n  name: other\n"),
]


def m_yaml_documents(p, rng):
    y = p.text("zarf.yaml")
    pre, post = rng.choice(DOC_FORMS)
    if rng.random() < 0.3 and "\n---\n" in y:
        a, b = y.split("\n---\n", 1)
        r = rng.random()
        if r < 0.3:
            y = b + "---\n" + a + "\n"
            desc = "documents swapped"
        elif r < 0.6:
            y = a + "\n---\n---\n" + b
            desc = "--- doubled between the documents"
        else:
            y = a + "\n"
            desc = "v1beta1 document dropped"
    else:
        y = pre + y + post
        desc = f"prefix {pre!r} suffix {post!r}"
    p.set("zarf.yaml", y.encode())
    return "yaml-documents", desc


def index_entries(p):
    return json.loads(p.text("images/index.json"))


def set_index(p, j, compact=True):
    p.set("images/index.json", json.dumps(j, separators=(",", ":") if compact else None).encode())


def image_lines(y):
    return [m for m in re.finditer(r"^(\s*- (?:name: )?)(\S+:\d+/acme/\S+|\S+/\S+:\S+)$", y, re.M)]


def spellings(ref):
    """Other spellings of one reference: the same image to a human, another string to Zarf."""
    host, rest = ref.split("/", 1) if "/" in ref else ("docker.io", ref)
    repo, _, tag = rest.partition(":")
    tag = tag.split("@")[0]
    return [
        ref, "oci://" + ref, f"{host}/{repo}", f"{host}/{repo}:latest", ref.upper(), f"{host}/{repo}:{tag}@sha256:" + "0" * 64,
        f"{host}//{repo}:{tag}", f"{host}/{repo}:{tag} ", f"http://{ref}", f"{host}/./{repo}:{tag}",
    ]


HUB = [
    ("alpine:3", ["alpine:3", "docker.io/alpine:3", "docker.io/library/alpine:3", "index.docker.io/library/alpine:3", "library/alpine:3"]),
    ("alpine", ["alpine", "alpine:latest", "docker.io/library/alpine", "docker.io/library/alpine:latest"]),
    ("library/alpine:3", ["docker.io/library/alpine:3", "alpine:3"]),
    ("docker.io/alpine:3", ["docker.io/library/alpine:3", "docker.io/alpine:3"]),
    ("index.docker.io/library/alpine:3", ["docker.io/library/alpine:3", "index.docker.io/library/alpine:3"]),
    ("oci://alpine:3", ["docker.io/library/alpine:3", "oci://alpine:3"]),
    ("localhost/x:1", ["localhost/x:1", "docker.io/localhost/x:1"]),
    ("localhost:5000/x", ["localhost:5000/x:latest", "localhost:5000/x"]),
]


def m_image_reference(p, rng):
    """One image: zarf.yaml's spelling and the index.json annotations, independently."""
    y = p.text("zarf.yaml")
    j = index_entries(p)
    named = [e for e in j["manifests"] if e.get("annotations")]
    if not named:
        return None
    e = rng.choice(named)
    a = e["annotations"]
    cur = a.get("org.opencontainers.image.ref.name") or a.get("org.opencontainers.image.base.name")
    if not cur:
        return None
    written = cur
    if rng.random() < 0.5:
        written, anns = rng.choice(HUB)
        ann_pick = rng.choice(anns)
    else:
        ann_pick = rng.choice(spellings(cur))
        if rng.random() < 0.5:
            written = rng.choice(spellings(cur))
    if written != cur:
        y = y.replace(f" {cur}\n", f" {written}\n")
        p.set("zarf.yaml", y.encode())
    mode = rng.choice(["both", "ref-only", "base-only", "ref-other", "base-other", "ref-empty", "none"])
    other = rng.choice(spellings(cur))
    a.pop("org.opencontainers.image.ref.name", None)
    a.pop("org.opencontainers.image.base.name", None)
    if mode == "both":
        a["org.opencontainers.image.ref.name"] = a["org.opencontainers.image.base.name"] = ann_pick
    elif mode == "ref-only":
        a["org.opencontainers.image.ref.name"] = ann_pick
    elif mode == "base-only":
        a["org.opencontainers.image.base.name"] = ann_pick
    elif mode == "ref-other":
        a["org.opencontainers.image.ref.name"], a["org.opencontainers.image.base.name"] = other, ann_pick
    elif mode == "base-other":
        a["org.opencontainers.image.ref.name"], a["org.opencontainers.image.base.name"] = ann_pick, other
    elif mode == "ref-empty":
        a["org.opencontainers.image.ref.name"], a["org.opencontainers.image.base.name"] = "", ann_pick
    if rng.random() < 0.15:
        # the same name on a second entry (oras keeps the last)
        other_e = rng.choice(j["manifests"])
        other_e.setdefault("annotations", {})["org.opencontainers.image.ref.name"] = ann_pick
        mode += "+dup"
    set_index(p, j)
    return "image-reference", f"zarf.yaml {written!r}, annotation {ann_pick!r} ({mode})"


MEDIA = [
    "application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json", "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.artifact.manifest.v1+json", "", "application/json", "application/vnd.oci.image.manifest.v1+json; x=y",
    "APPLICATION/VND.OCI.IMAGE.MANIFEST.V1+JSON",
]


def m_descriptor(p, rng):
    j = index_entries(p)
    e = rng.choice(j["manifests"])
    r = rng.randrange(6)
    if r == 0:
        e["mediaType"] = rng.choice(MEDIA)
        d = f"entry mediaType {e['mediaType']!r}"
    elif r == 1:
        e.pop("mediaType", None)
        d = "entry mediaType removed"
    elif r == 2:
        e["urls"] = rng.choice([[], ["https://example.com/x"], ["not a url"]])
        d = f"entry urls {e['urls']}"
    elif r == 3:
        e["platform"] = rng.choice([{"architecture": "arm64", "os": "linux"}, {"architecture": "amd64", "os": "windows"}, {}, {"architecture": ""}])
        d = f"entry platform {e['platform']}"
    elif r == 4:
        e["artifactType"] = rng.choice(["application/vnd.example+type", "", "x"])
        d = f"entry artifactType {e['artifactType']!r}"
    else:
        e.setdefault("annotations", {})[rng.choice(["org.opencontainers.image.title", "io.containerd.image.name", "x"])] = rng.choice(HOSTILE_STRINGS)
        d = "entry extra annotation"
    set_index(p, j)
    return "descriptor", d


def rewrite_blob(p, old_hex, new_bytes):
    """Replace a blob and re-point everything that names it (index.json and JSON blobs)."""
    new_hex = sha256(new_bytes)
    p.remove("images/blobs/sha256/" + old_hex)
    p.set("images/blobs/sha256/" + new_hex, new_bytes)
    needle = f'"sha256:{old_hex}"'
    for name in ["images/index.json"] + p.blobs():
        d = p.get(name)
        if d is None or not d.startswith(b"{") or needle.encode() not in d:
            continue
        doc = json.loads(d)
        changed = relink(doc, old_hex, new_hex, len(new_bytes))
        if changed:
            nb = json.dumps(doc, separators=(",", ":")).encode()
            if name == "images/index.json":
                p.set(name, nb)
            else:
                rewrite_blob(p, name.rsplit("/", 1)[1], nb)
    return new_hex


def relink(node, old, new, size):
    hit = False
    if isinstance(node, dict):
        if node.get("digest") == f"sha256:{old}":
            node["digest"] = f"sha256:{new}"
            node["size"] = size
            hit = True
        for v in node.values():
            hit |= relink(v, old, new, size)
    elif isinstance(node, list):
        for v in node:
            hit |= relink(v, old, new, size)
    return hit


def manifests(p):
    out = []
    for b in p.blobs():
        d = p.get(b)
        if d.startswith(b"{"):
            try:
                doc = json.loads(d)
            except ValueError:
                continue
            if isinstance(doc, dict) and "layers" in doc:
                out.append((b.rsplit("/", 1)[1], doc))
    return out


FOREIGN = [
    "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", "application/vnd.oci.image.layer.nondistributable.v1.tar",
    "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", "application/vnd.oci.image.layer.v1.tar+zstd",
    "application/vnd.oci.image.layer.v1.tar", "application/octet-stream",
]


def m_layer(p, rng):
    ms = manifests(p)
    if not ms:
        return None
    h, doc = rng.choice(ms)
    layer = rng.choice(doc["layers"])
    r = rng.randrange(4)
    if r == 0:
        layer["urls"] = rng.choice([["https://example.com/l"], [], ["x"]])
        d = f"layer urls {layer['urls']}"
    elif r == 1:
        layer["mediaType"] = rng.choice(FOREIGN)
        d = f"layer mediaType {layer['mediaType']}"
    elif r == 2:
        doc["mediaType"] = rng.choice(MEDIA)
        d = f"manifest body mediaType {doc['mediaType']!r}"
    else:
        layer["annotations"] = {"org.opencontainers.image.title": rng.choice(HOSTILE_STRINGS)}
        d = "layer title annotation"
    rewrite_blob(p, h, json.dumps(doc, separators=(",", ":")).encode())
    return "layer", d


def m_provenance(p, rng):
    y = p.text("zarf.yaml")
    acts = []
    r = rng.random()
    if r < 0.3:
        v = rng.choice(["true", "false", None])
        y = re.sub(r"^  signed: .*\n", "" if v is None else f"  signed: {v}\n", y, flags=re.M)
        acts.append(f"build.signed={v}")
    entry = rng.choice(["checksums.txt", "zarf.bundle.sig", "zarf.yaml.sig", "images/index.json", "./images/index.json",
                        "extra.txt", "components/x.tar", "", "..", "zarf.yaml", "images/oci-layout"])
    if rng.random() < 0.6 and "provenanceFiles:" in y:
        y = re.sub(r"^(  provenanceFiles:\n)", lambda m: m.group(1) + f"  - {q(entry)}\n", y, flags=re.M)
        acts.append(f"provenance +{entry!r}")
    p.set("zarf.yaml", y.encode())
    post = []
    if rng.random() < 0.4:
        post.append(("add", rng.choice(["extra.txt", "zarf.yaml.sig", "components/x.tar"])))
    if rng.random() < 0.3 and p.get("zarf.bundle.sig") is not None:
        post.append(("remove", "zarf.bundle.sig"))
    if rng.random() < 0.4:
        post.append(("list", rng.choice(["zarf.yaml", "zarf.bundle.sig", "zarf.yaml.sig", "checksums.txt", "extra.txt", "images/index.json"])))
    acts += [f"{a} {f}" for a, f in post]
    p.post = post
    return "provenance", ", ".join(acts) or "none"


def apply_post(p):
    """After re-sealing: files added outside checksums.txt, removed, or listed in it."""
    for act, f in getattr(p, "post", []):
        if act == "add":
            p.set(f, b"x\n")
        elif act == "remove":
            p.remove(f)
        elif act == "list" and p.get(f) is not None:
            ck = p.text("checksums.txt") + f"{sha256(p.get(f))} {f}\n"
            p.set("checksums.txt", ck.encode())
            p.set_aggregate(sha256(ck.encode()))


def m_split(p, rng):
    p.split = rng.choice([4096, 10000, 20000, 30000])
    acts = [f"split {p.split}"]
    if rng.random() < 0.3:
        p.compressed = not p.compressed
        acts.append("compressed" if p.compressed else "uncompressed")
    if rng.random() < 0.3:
        y = p.text("zarf.yaml")
        y = re.sub(r"^(build:\n)  architecture: .*\n", r"\1", y, flags=re.M)
        y = re.sub(r"^(build:\n(?:  .*\n)*?)  architecture: .*\n", r"\1", y, flags=re.M)
        p.set("zarf.yaml", y.encode())
        acts.append("no build.architecture")
    if rng.random() < 0.4:
        k = rng.randrange(5)

        def meta(m, b, parts, k=k):
            if k == 0:
                m["Count"] += rng.choice([-1, 1])
            elif k == 1:
                m["Bytes"] += 1
            elif k == 2:
                m["Sha256Sum"] = "0" * 64
            elif k == 3:
                m = {"sha256Sum": m["Sha256Sum"], "bytes": m["Bytes"], "count": m["Count"]}
            else:
                m["Extra"] = 1
            return m

        p.split_meta = meta
        acts.append(f"part000 change {k}")
    return "split", ", ".join(acts)


def m_checksums_line(p, rng):
    lines = p.text("checksums.txt").splitlines()
    i = rng.randrange(len(lines))
    h, f = lines[i].split(" ", 1)
    form = rng.choice([f"{h} ./{f}", f"{h}  {f}", f"{h} {f} ", f"{h} {f}\r", f"{h.upper()} {f}", f"{h} images/../{f}", f"{h} {f}/"])
    lines[i] = form
    ck = ("\n".join(lines) + "\n").encode()
    p.set("checksums.txt", ck)
    p.set_aggregate(sha256(ck))
    p.no_reseal = True
    return "checksums", f"line {form[65:]!r}"


MUTATIONS = [
    (m_yaml_field, 4), (m_yaml_name, 3), (m_yaml_documents, 2), (m_image_reference, 4), (m_descriptor, 2),
    (m_layer, 2), (m_provenance, 3), (m_split, 2), (m_checksums_line, 1),
]


def mutate(bases, rng):
    name = rng.choice(sorted(bases))
    p = bases[name].copy()
    p.post = []
    p.no_reseal = False
    done = []
    for _ in range(1 if rng.random() < 0.7 else 2):
        fns = [f for f, w in MUTATIONS for _ in range(w)]
        try:
            r = rng.choice(fns)(p, rng)
        except (ValueError, IndexError, KeyError, TypeError, AttributeError):
            # a mutation that does not apply to what an earlier one left (no image, no line)
            r = None
        if r:
            done.append(r)
    if not done:
        return None
    if not p.no_reseal:
        p.reseal()
    apply_post(p)
    return name, done, p


# ---------------------------------------------------------------------------------------------


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("-j")]
    jobs = 2
    for a in sys.argv[1:]:
        if a.startswith("-j"):
            jobs = int(a[2:] or 2)
    n = int(args[0]) if args else 200
    seed = int(args[1]) if len(args) > 1 else 1
    out = args[2] if len(args) > 2 else os.path.join(ROOT, "target", f"oracle-fuzz-{seed}")
    oracle = os.environ.get("ZARF_ORACLE", os.path.join(ROOT, "..", "shared", "tools", "zarf-oracle", "zarf-oracle"))
    zv = os.environ["ZVERIFY"]
    stricter = stricter_codes()
    work = tempfile.mkdtemp(prefix="zverify-oracle-fuzz.")
    os.makedirs(out, exist_ok=True)
    start = time.time()
    bases = make_bases(work, oracle)
    print(f"oracle-fuzz: {len(bases)} base packages ({', '.join(sorted(bases))}) in {time.time() - start:.1f} s")
    rng = random.Random(seed)
    jobs_list = []
    while len(jobs_list) < n:
        m = mutate(bases, rng)
        if m:
            jobs_list.append((len(jobs_list), m))

    def run(item):
        k, (base, done, p) = item
        d = tempfile.mkdtemp(dir=work, prefix=f"p{k}.")
        target = p.write(d, "zarf-package-fuzz-amd64")
        zr = run_oracle(oracle, target, work, p.key)
        zvr = run_zverify(zv, target, p.key)
        return k, base, done, d, target, zr, zvr

    table = {"both pass": 0, "both fail": 0, "zarf fails only": 0, "zverify fails only (stricter by policy)": 0,
             "zverify fails only (unlisted)": 0, "unknown": 0}
    by_class = {}
    log = open(os.path.join(out, "results.tsv"), "w")
    with ThreadPoolExecutor(jobs) as ex:
        for k, base, done, d, target, zr, zvr in ex.map(run, jobs_list):
            zok, vok = zr[0] == "OK", zvr[0] == "OK"
            if zr[0] == "UNKNOWN" or zvr[0] in ("UNKNOWN", "timeout") or "FAIL setup" in zr[1]:
                row = "unknown"
            elif zok and vok:
                row = "both pass"
            elif not zok and not vok:
                row = "both fail"
            elif not zok:
                row = "zarf fails only"
            elif all(c in stricter for c in zvr[1]):
                row = "zverify fails only (stricter by policy)"
            else:
                row = "zverify fails only (unlisted)"
            table[row] += 1
            classes = "+".join(c for c, _ in done)
            desc = "; ".join(f"{c}: {w}" for c, w in done)
            log.write(f"{k}\t{base}\t{row}\t{zr[0]}\t{','.join(zvr[1])}\t{desc}\t{zr[1][:300]}\n")
            log.flush()
            if row in ("zarf fails only", "zverify fails only (unlisted)", "unknown"):
                by_class.setdefault((row, classes), 0)
                by_class[(row, classes)] += 1
                keep = os.path.join(out, f"case-{k:05d}")
                shutil.rmtree(keep, ignore_errors=True)
                shutil.copytree(d, keep)
                open(os.path.join(keep, "why.txt"), "w").write(
                    f"base: {base}\nmutations: {desc}\nzarf: {zr[1]}\nzverify: {zvr[0]} {zvr[1]}\n"
                )
            shutil.rmtree(d, ignore_errors=True)
            if (k + 1) % 100 == 0:
                print(f"oracle-fuzz: {k + 1}/{n} in {time.time() - start:.0f} s", flush=True)
    log.close()
    took = time.time() - start
    print(f"\noracle-fuzz: {n} packages, seed {seed}, -j{jobs}, {took:.0f} s ({took / n * 1000 / 60:.1f} min per 1,000)")
    print("| outcome | packages |\n|---|---|")
    for k, v in table.items():
        print(f"| {k} | {v} |")
    if by_class:
        print("\ndisagreements by mutation class:")
        for (row, c), v in sorted(by_class.items()):
            print(f"  {row}: {c}: {v}")
    print(f"\nresults: {out}/results.tsv; disagreeing packages: {out}/case-*")
    shutil.rmtree(work, ignore_errors=True)
    return 1 if table["zarf fails only"] else 0


if __name__ == "__main__":
    sys.exit(main())
