//! Test support: deterministic OCI layouts (and later Zarf packages) built at test time, written
// Test support reads vectors and writes temp trees; only the core is sans-IO (clippy.toml).
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]
//! as trees, tars or tar.zst, and pushed straight into the core verifier.

use serde_json::{json, Value};
use sha2::{Digest as _, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use zverify_core::tar::TarReader;
use zverify_core::{Options, Report, Verifier};

pub mod corpus;
pub mod gorun;
pub mod handout;
pub mod jsonview;
pub mod registry;
pub mod sigstore;
pub mod tarview;
pub mod zarf;
pub mod zarf_keyless;

pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
pub const OCI_CONFIG: &str = "application/vnd.oci.image.config.v1+json";
pub const OCI_LAYER: &str = "application/vnd.oci.image.layer.v1.tar+gzip";

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

pub fn digest_of(bytes: &[u8]) -> String {
    format!("sha256:{}", sha256_hex(bytes))
}

/// Deterministic pseudo-random bytes (xorshift), so fixtures never change between runs.
pub fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// A descriptor as JSON.
pub fn desc(media_type: &str, bytes: &[u8]) -> Value {
    json!({"mediaType": media_type, "digest": digest_of(bytes), "size": bytes.len()})
}

/// A package tree in memory: path → bytes, plus explicit directories.
#[derive(Clone, Debug, Default)]
pub struct Tree {
    pub files: BTreeMap<String, Vec<u8>>,
    pub dirs: BTreeSet<String>,
}

impl Tree {
    pub fn put(&mut self, path: &str, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.to_owned(), bytes.into());
    }

    /// Every directory implied by the files, plus explicit ones, sorted.
    pub fn all_dirs(&self) -> BTreeSet<String> {
        let mut dirs = self.dirs.clone();
        for p in self.files.keys() {
            let mut acc = String::new();
            let parts: Vec<&str> = p.split('/').collect();
            for part in &parts[..parts.len() - 1] {
                if !acc.is_empty() {
                    acc.push('/');
                }
                acc.push_str(part);
                dirs.insert(acc.clone());
            }
        }
        dirs
    }

    pub fn write_dir(&self, root: &Path) {
        for d in self.all_dirs() {
            std::fs::create_dir_all(root.join(&d)).unwrap();
        }
        for (p, b) in &self.files {
            std::fs::write(root.join(p), b).unwrap();
        }
    }

    /// A tar as Zarf writes it: directory entries, then files, sorted by name.
    pub fn to_tar(&self) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        let mut names: Vec<(String, bool)> = self.all_dirs().into_iter().map(|d| (d, true)).collect();
        names.extend(self.files.keys().map(|f| (f.clone(), false)));
        names.sort();
        for (name, is_dir) in names {
            let mut h = tar::Header::new_gnu();
            h.set_mtime(0);
            h.set_uid(0);
            h.set_gid(0);
            if is_dir {
                h.set_entry_type(tar::EntryType::Directory);
                h.set_mode(0o755);
                h.set_size(0);
                b.append_data(&mut h, format!("{name}/"), std::io::empty()).unwrap();
            } else {
                let data = &self.files[&name];
                h.set_entry_type(tar::EntryType::Regular);
                h.set_mode(0o644);
                h.set_size(data.len() as u64);
                b.append_data(&mut h, &name, &data[..]).unwrap();
            }
        }
        b.into_inner().unwrap()
    }

    pub fn to_tar_zst(&self) -> Vec<u8> {
        zstd::encode_all(&self.to_tar()[..], 3).unwrap()
    }

    /// Push the tree into the core verifier directly, one chunk per file.
    pub fn verify(&self) -> Report {
        self.verify_with(Options::default())
    }

    pub fn verify_with(&self, opts: Options) -> Report {
        let mut v = Verifier::new(opts);
        for d in self.all_dirs() {
            v.add_directory(&d);
        }
        for (p, b) in &self.files {
            v.begin_entry(p, Some(b.len() as u64)).unwrap();
            v.write(b);
            v.end_entry().unwrap();
        }
        v.finish("fixture")
    }
}

/// Feed `bytes` in chunks of `chunk` through a push reader into a verifier; a stream error
/// becomes a finding under its rule (ZV001, or ZV040 for a zstd window over the limit), as the
/// CLI and the web page report it.
fn drive<E: Into<zverify_core::fault::StopReason>>(
    bytes: &[u8],
    chunk: usize,
    opts: Options,
    mut feed: impl FnMut(&[u8], &mut Verifier) -> Result<(), E>,
    finish: impl FnOnce(&mut Verifier) -> Result<(), E>,
) -> Report {
    let mut v = Verifier::new(opts);
    for c in bytes.chunks(chunk.max(1)) {
        if let Err(e) = feed(c, &mut v) {
            v.abort(Some("fixture"), e);
            return v.finish("fixture");
        }
    }
    if let Err(e) = finish(&mut v) {
        v.abort(Some("fixture"), e);
    }
    v.finish("fixture")
}

/// Verify tar bytes through the core's push tar reader, fed in chunks of `chunk` bytes.
pub fn verify_tar(bytes: &[u8], chunk: usize) -> Report {
    let r = std::cell::RefCell::new(TarReader::new());
    drive(bytes, chunk, Options::default(), |c, v| r.borrow_mut().feed(c, v), |v| r.borrow_mut().finish(v))
}

/// Builds an OCI image layout under `root` ("" or "images/").
#[derive(Clone, Debug)]
pub struct Layout {
    pub root: String,
    pub tree: Tree,
    pub index: Vec<Value>,
}

impl Layout {
    pub fn new(root: &str) -> Self {
        let mut tree = Tree::default();
        tree.put(&format!("{root}oci-layout"), br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec());
        tree.dirs.insert(format!("{root}blobs"));
        Layout { root: root.to_owned(), tree, index: Vec::new() }
    }

    pub fn blob_path(&self, digest: &str) -> String {
        let (alg, hex) = digest.split_once(':').unwrap();
        format!("{}blobs/{alg}/{hex}", self.root)
    }

    /// Store bytes as a blob; returns the digest.
    pub fn blob(&mut self, bytes: &[u8]) -> String {
        let d = digest_of(bytes);
        let p = self.blob_path(&d);
        self.tree.put(&p, bytes.to_vec());
        d
    }

    /// Store a JSON value (compact) as a blob; returns its bytes.
    pub fn json_blob(&mut self, v: &Value) -> Vec<u8> {
        let bytes = serde_json::to_vec(v).unwrap();
        self.blob(&bytes);
        bytes
    }

    /// An image: config + `layers` layers of deterministic noise; returns the manifest bytes.
    pub fn image(&mut self, os: &str, arch: &str, seed: u64, layers: usize) -> Vec<u8> {
        let layer_bytes: Vec<Vec<u8>> = (0..layers).map(|i| noise(seed * 100 + i as u64, 300 + 37 * i)).collect();
        let diff_ids: Vec<String> = layer_bytes.iter().map(|l| digest_of(l)).collect();
        let config = json!({"architecture": arch, "os": os, "rootfs": {"type": "layers", "diff_ids": diff_ids},
                            "config": {"Env": ["PATH=/bin"]}, "created": "2024-01-01T00:00:00Z"});
        let config_bytes = self.json_blob(&config);
        let mut layer_descs = Vec::new();
        for l in &layer_bytes {
            self.blob(l);
            layer_descs.push(desc(OCI_LAYER, l));
        }
        let manifest = json!({"schemaVersion": 2, "mediaType": OCI_MANIFEST,
                              "config": desc(OCI_CONFIG, &config_bytes), "layers": layer_descs});
        self.json_blob(&manifest)
    }

    /// An image index over `children` (manifest bytes with their platforms); returns its bytes.
    pub fn index_of(&mut self, children: &[(&[u8], &str, &str)]) -> Vec<u8> {
        let manifests: Vec<Value> = children
            .iter()
            .map(|(bytes, os, arch)| {
                let mut d = desc(OCI_MANIFEST, bytes);
                d["platform"] = json!({"os": os, "architecture": arch});
                d
            })
            .collect();
        self.json_blob(&json!({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": manifests}))
    }

    /// Add an index.json entry pointing at `bytes` with a `ref.name` / `base.name`.
    pub fn entry(&mut self, media_type: &str, bytes: &[u8], reference: Option<&str>) -> &mut Value {
        let mut d = desc(media_type, bytes);
        if let Some(r) = reference {
            d["annotations"] = json!({"org.opencontainers.image.ref.name": r, "org.opencontainers.image.base.name": r});
        }
        self.index.push(d);
        self.index.last_mut().unwrap()
    }

    /// Write index.json and return the finished tree.
    pub fn build(&self) -> Tree {
        let mut tree = self.tree.clone();
        let index = json!({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": self.index});
        tree.put(&format!("{}index.json", self.root), serde_json::to_vec(&index).unwrap());
        tree
    }
}

/// A clean layout with one single-platform image and one two-platform index.
pub fn clean_layout(root: &str) -> Layout {
    let mut l = Layout::new(root);
    let single = l.image("linux", "amd64", 1, 2);
    l.entry(OCI_MANIFEST, &single, Some("docker.io/library/alpine:3.20"));
    let amd = l.image("linux", "amd64", 2, 1);
    let arm = l.image("linux", "arm64", 3, 1);
    let idx = l.index_of(&[(&amd, "linux", "amd64"), (&arm, "linux", "arm64")]);
    let reference = format!("ghcr.io/example/app:v1@{}", digest_of(&idx));
    l.entry(OCI_INDEX, &idx, Some(&reference));
    l
}

/// Short, stable rendering of findings for snapshots: `severity code path pointer: message`.
pub fn findings_text(r: &Report) -> String {
    let mut out = String::new();
    for f in &r.findings {
        out.push_str(&format!(
            "{} {} {} {}: {}\n",
            f.severity,
            f.code,
            f.path.as_deref().unwrap_or("-"),
            f.pointer.as_deref().unwrap_or("-"),
            f.message
        ));
    }
    if out.is_empty() {
        out.push_str("(no findings)\n");
    }
    out
}

/// Codes of every finding, in report order.
pub fn codes(r: &Report) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.code.as_str()).collect()
}

/// The third-party vectors: `tests/vectors` in this repository (origin and license of each in
/// `tests/vectors/ATTRIBUTION.md`), or `$ZVERIFY_VECTORS` when set (a non-empty override).
pub fn vectors_dir() -> std::path::PathBuf {
    match std::env::var_os("ZVERIFY_VECTORS") {
        Some(p) if !p.is_empty() => p.into(),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("vectors"),
    }
}

impl Tree {
    /// Read a directory tree from disk (test helper; the CLI has its own streaming reader).
    pub fn from_dir(root: &Path) -> Tree {
        fn walk(root: &Path, dir: &Path, t: &mut Tree) {
            let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
            entries.sort();
            for p in entries {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                if p.is_dir() {
                    t.dirs.insert(rel);
                    walk(root, &p, t);
                } else {
                    t.put(&rel, std::fs::read(&p).unwrap());
                }
            }
        }
        let mut t = Tree::default();
        walk(root, root, &mut t);
        t
    }
}

/// Verify `.tar` or `.tar.zst` bytes through the core's shared archive reader (what the web page
/// drives), with the pure-Rust zstd backend when `pure_rust`.
pub fn verify_archive(bytes: &[u8], chunk: usize, pure_rust: bool) -> Report {
    verify_archive_with(bytes, chunk, pure_rust, Options::default())
}

/// [`verify_archive`] with options; the zstd backend gets `opts.zstd_window_max`.
pub fn verify_archive_with(bytes: &[u8], chunk: usize, pure_rust: bool, opts: Options) -> Report {
    use zverify_core::archive::ArchiveReader;
    use zverify_core::zstd::ZstdStream;
    let zstd = if pure_rust { ZstdStream::pure_rust() } else { ZstdStream::new() };
    let r = std::cell::RefCell::new(ArchiveReader::with_zstd(zstd.with_window_max(opts.zstd_window_max)));
    drive(bytes, chunk, opts, |c, v| r.borrow_mut().feed(c, v), |v| r.borrow_mut().finish(v))
}

/// Feed `bytes` to the shared archive reader in the given pieces (any sizes, empty ones too).
pub fn verify_archive_pieces(pieces: &[&[u8]], pure_rust: bool) -> Report {
    use zverify_core::archive::ArchiveReader;
    use zverify_core::zstd::ZstdStream;
    let zstd = if pure_rust { ZstdStream::pure_rust() } else { ZstdStream::new() };
    let mut r = ArchiveReader::with_zstd(zstd);
    let mut v = Verifier::new(Options::default());
    for p in pieces {
        if let Err(e) = r.feed(p, &mut v) {
            v.abort(Some("fixture"), e);
            return v.finish("fixture");
        }
    }
    if let Err(e) = r.finish(&mut v) {
        v.abort(Some("fixture"), e);
    }
    v.finish("fixture")
}

/// Check a fixture's report against the exact codes it must produce, one per finding in any order
/// (none: clean, not even a note), and that a second way of reading the same package (`streamed`)
/// gives the same findings. Returns the findings text for the caller's snapshot.
pub fn assert_fixture(name: &str, direct: &Report, streamed: Option<&Report>, expect: &[&str]) -> String {
    let text = findings_text(direct);
    if let Some(s) = streamed {
        assert_eq!(findings_text(s), text, "{name}: the streamed archive and the direct push disagree");
    }
    let mut got = codes(direct);
    got.sort_unstable();
    let mut want = expect.to_vec();
    want.sort_unstable();
    assert_eq!(got, want, "{name}: the codes differ from the fixture's full expected set:\n{text}");
    text
}

/// Every finding as `CODE severity path pointer`, sorted, with blob names shortened to 12 hex
/// characters, for asserting a report's complete content in a readable table.
pub fn finding_keys(r: &Report) -> Vec<String> {
    fn short(p: &str) -> String {
        match p.rsplit_once('/') {
            Some((dir, hex)) if dir.ends_with("blobs/sha256") && hex.len() == 64 => format!("{dir}/{}", &hex[..12]),
            _ => p.to_owned(),
        }
    }
    let mut keys: Vec<String> = r
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {}",
                f.code,
                f.severity,
                f.path.as_deref().map(short).unwrap_or_else(|| "-".into()),
                f.pointer.as_deref().unwrap_or("-")
            )
        })
        .collect();
    keys.sort();
    keys
}

/// Read a tar (as the `tar` crate sees it) into a Tree: regular files and directories only.
pub fn tree_from_tar(bytes: &[u8]) -> Tree {
    let mut t = Tree::default();
    let mut a = tar::Archive::new(bytes);
    for e in a.entries().unwrap() {
        let mut e = e.unwrap();
        let path = e.path().unwrap().to_string_lossy().trim_end_matches('/').to_owned();
        match e.header().entry_type() {
            tar::EntryType::Directory => {
                t.dirs.insert(path);
            }
            tar::EntryType::Regular => {
                let mut data = Vec::new();
                std::io::Read::read_to_end(&mut e, &mut data).unwrap();
                t.put(&path, data);
            }
            other => panic!("unexpected {other:?} entry {path} in a test archive"),
        }
    }
    t
}
