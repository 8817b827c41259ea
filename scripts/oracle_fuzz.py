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


def with_registry(work, fn):
    for _ in range(5):
        port = free_port()
        reg = tempfile.mkdtemp(dir=work, prefix="reg.")
        cfg = os.path.join(reg, "config.yml")
        open(cfg, "w").write(
            f"version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: {reg}/storage\n"
            f"http:\n  addr: 127.0.0.1:{port}\n"
        )
        proc = subprocess.Popen(["docker-registry", "serve", cfg], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
        if not up:
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

    out = with_registry(work, go)
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
