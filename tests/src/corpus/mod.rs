//! The hostile corpus (issue 7 item 11) and the package set of the Zarf differential (issue 12 §1),
//! both generated at test time, deterministically, from the real packages Zarf built
//! (`vectors/zarf-current`) and from the test-support builders.
//!
//! - [`cases`]: named defects, each with the exact set of finding codes it must produce and the
//!   CLI's exit code; `tests/tests/corpus.rs` checks them through the core and the real binary.
//! - [`oracle_set`]: every package the project can produce (the corpus, the builders' Zarf packages,
//!   a few hundred seeded mutants of the real packages, and the real packages themselves), which
//!   `scripts/oracle-diff` hands to real Zarf and `tests/tests/zarf_oracle.rs` checks against the
//!   recorded verdicts in `tests/oracle/`.

pub mod cases;
pub mod mutants;
pub mod oracle;
pub mod rawtar;

use crate::{sha256_hex, vectors_dir};
use rawtar::{RawTar, Record};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use zverify_core::{Input, Options, Report, Session};

/// One package as files on disk: a single archive, or a split package's `.partNNN` files.
#[derive(Clone, Debug)]
pub struct Package {
    /// Unique and file-name safe; the key of `tests/oracle/verdicts.tsv`.
    pub name: String,
    /// (file name, bytes), in order; for a split package part000 first.
    pub files: Vec<(String, Vec<u8>)>,
    /// The file handed to zverify and to Zarf (an archive, or `.part000`).
    pub target: String,
    /// A PEM public key for `--key`.
    pub key: Option<Vec<u8>>,
}

impl Package {
    pub fn single(name: &str, ext: &str, bytes: Vec<u8>) -> Package {
        let file = format!("{name}.{ext}");
        Package { name: name.to_owned(), files: vec![(file.clone(), bytes)], target: file, key: None }
    }

    pub fn with_key(mut self, pem: &[u8]) -> Package {
        self.key = Some(pem.to_vec());
        self
    }

    pub fn is_split(&self) -> bool {
        self.files.len() > 1
    }

    /// sha256 over every file's bytes in order (the row key of the recorded verdicts).
    pub fn sha256(&self) -> String {
        use sha2::{Digest as _, Sha256};
        let mut h = Sha256::new();
        for (_, b) in &self.files {
            h.update(b);
        }
        if let Some(k) = &self.key {
            h.update(k);
        }
        hex::encode(h.finalize())
    }

    /// Write the files (and the key as `<name>.pub`) into `dir`; returns (target path, key path).
    pub fn write_to(&self, dir: &Path) -> (PathBuf, Option<PathBuf>) {
        for (f, b) in &self.files {
            std::fs::write(dir.join(f), b).unwrap();
        }
        let key = self.key.as_ref().map(|k| {
            let p = dir.join(format!("{}.pub", self.name));
            std::fs::write(&p, k).unwrap();
            p
        });
        (dir.join(&self.target), key)
    }
}

/// A corpus case: a package, the exact set of codes it must produce, the CLI's exit code.
#[derive(Clone, Debug)]
pub struct Case {
    pub pkg: Package,
    /// The defect class (blob tampering, tar, zstd, …).
    pub class: &'static str,
    /// Every distinct finding code, sorted (the exact set, whatever the severity).
    pub expect: Vec<&'static str>,
    /// `zverify check` exit code: 1 (findings) or 2 (not a package at all).
    pub exit: i32,
    /// Set when zverify today gets this case wrong (passes it, or misses the class): the fix it
    /// waits for. `expect` then holds today's codes, so the test fails the day the fix lands and
    /// the new code gets wired in here.
    pub awaiting: Option<&'static str>,
}

/// The distinct codes of a report, sorted.
pub fn code_set(r: &Report) -> Vec<&'static str> {
    let mut c: Vec<&'static str> = r.findings.iter().map(|f| f.code.as_str()).collect();
    c.sort_unstable();
    c.dedup();
    c
}

/// Verify a single-archive package through the core's session (what every front end drives),
/// with the package's key. `None` for split packages (whose parts the CLI reads from disk), and
/// for a package the session finds no verdict for (exit 2: not an archive, empty, not a package).
pub fn verify_core(p: &Package) -> Option<Report> {
    if p.is_split() {
        return None;
    }
    let key = p.key.as_ref().map(|k| zverify_core::zarf::signature::PublicKey::from_pem(k).expect("a usable key"));
    let mut s = Session::new(&p.target, Options { signing_key: key, ..Options::default() }, Input::Stream);
    let bytes = &p.files[0].1;
    for c in bytes.chunks(64 << 10) {
        if !s.feed(c) {
            break;
        }
    }
    s.end_input();
    s.finish().ok()
}

// ---------------------------------------------------------------------------------------------
// Real packages and how to change them.

pub const REAL_CREATE: &str = "zarf-package-real-create-amd64-0.1.0.tar.zst";
pub const REAL_SIGNED: &str = "zarf-package-real-create-signed-amd64-0.1.0.tar.zst";
pub const REAL_DOCKER: &str = "zarf-package-real-docker-v2-amd64-0.1.0.tar.zst";
pub const REAL_UNCOMPRESSED: &str = "zarf-package-real-uncompressed-amd64-0.1.0.tar";
pub const COSIGN_PUB: &str = "zarf-test-cosign.pub";

pub fn zarf_current() -> PathBuf {
    vectors_dir().join("zarf-current")
}

pub fn read_vector(name: &str) -> Vec<u8> {
    let p = zarf_current().join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

/// Zarf's test public key (the signed vector verifies with it).
pub fn cosign_pub() -> Vec<u8> {
    read_vector(COSIGN_PUB)
}

/// zstd as Zarf writes it (one frame, content checksum).
pub fn zst(tar: &[u8]) -> Vec<u8> {
    let mut e = zstd::stream::Encoder::new(Vec::new(), 3).unwrap();
    e.include_checksum(true).unwrap();
    e.include_contentsize(true).unwrap();
    e.set_pledged_src_size(Some(tar.len() as u64)).unwrap();
    e.write_all(tar).unwrap();
    e.finish().unwrap()
}

/// A real Zarf package, open for changes at the record level.
#[derive(Clone, Debug)]
pub struct Pkg {
    pub tar: RawTar,
    pub compressed: bool,
}

pub const BLOBS: &str = "images/blobs/sha256/";

/// Files Zarf leaves out of checksums.txt.
pub fn unchecked(name: &str) -> bool {
    matches!(name, "zarf.yaml" | "checksums.txt" | "zarf.yaml.sig" | "zarf.bundle.sig")
}

impl Pkg {
    pub fn real(file: &str) -> Pkg {
        let raw = read_vector(file);
        let compressed = file.ends_with(".zst");
        let tar = if compressed { zstd::decode_all(&raw[..]).unwrap() } else { raw };
        Pkg { tar: RawTar::parse(&tar), compressed }
    }

    /// From a builder's tree, as a Zarf-like tar (ustar records, sorted, directories first).
    pub fn from_tree(tree: &crate::Tree) -> Pkg {
        let mut records = Vec::new();
        let mut names: Vec<(String, bool)> = tree.all_dirs().into_iter().map(|d| (d, true)).collect();
        names.extend(tree.files.keys().map(|f| (f.clone(), false)));
        names.sort();
        for (n, is_dir) in names {
            records.push(if is_dir { Record::dir(&n) } else { Record::file(&n, &tree.files[&n]) });
        }
        Pkg { tar: RawTar { records, trailer: vec![0; 1024] }, compressed: true }
    }

    pub fn tar_bytes(&self) -> Vec<u8> {
        self.tar.to_bytes()
    }

    pub fn bytes(&self) -> Vec<u8> {
        let t = self.tar_bytes();
        if self.compressed {
            zst(&t)
        } else {
            t
        }
    }

    pub fn ext(&self) -> &'static str {
        if self.compressed {
            "tar.zst"
        } else {
            "tar"
        }
    }

    pub fn package(&self, name: &str) -> Package {
        Package::single(name, self.ext(), self.bytes())
    }

    pub fn file(&self, name: &str) -> Vec<u8> {
        self.tar.get(name).unwrap_or_else(|| panic!("no {name}")).to_vec()
    }

    pub fn text(&self, name: &str) -> String {
        String::from_utf8(self.file(name)).unwrap()
    }

    pub fn set(&mut self, name: &str, data: impl Into<Vec<u8>>) {
        self.tar.set(name, data.into());
    }

    pub fn set_text(&mut self, name: &str, f: impl FnOnce(String) -> String) {
        let t = f(self.text(name));
        self.set(name, t.into_bytes());
    }

    pub fn add(&mut self, name: &str, data: &[u8]) {
        self.tar.insert_sorted(Record::file(name, data));
    }

    pub fn remove(&mut self, name: &str) {
        self.tar.remove(name);
    }

    /// Paths of the stored blobs, in archive order.
    pub fn blobs(&self) -> Vec<String> {
        self.tar.records.iter().map(|r| r.name()).filter(|n| n.starts_with(BLOBS)).collect()
    }

    /// The first blob whose bytes satisfy `pred` (archive order).
    pub fn find_blob(&self, pred: impl Fn(&[u8]) -> bool) -> String {
        self.blobs().into_iter().find(|b| pred(self.tar.get(b).unwrap())).expect("a matching blob")
    }

    /// A gzip layer (the largest blobs of the real packages).
    pub fn a_layer(&self) -> String {
        self.find_blob(|b| b.starts_with(&[0x1f, 0x8b]))
    }

    /// A blob holding JSON whose text contains `needle`.
    pub fn json_blob(&self, needle: &str) -> String {
        self.find_blob(|b| b.first() == Some(&b'{') && String::from_utf8_lossy(b).contains(needle))
    }

    /// Recompute checksums.txt from the regular files present (as Zarf v0.33+ writes it: lines
    /// sorted as whole strings, `\n`-terminated; the last copy of a duplicated name counts) and
    /// put the aggregate into zarf.yaml.
    pub fn reseal(&mut self) {
        let mut files = std::collections::BTreeMap::new();
        for r in &self.tar.records {
            if r.is_file() && !unchecked(&r.name()) {
                files.insert(r.name(), sha256_hex(&r.data));
            }
        }
        let mut lines: Vec<String> = files.iter().map(|(p, h)| format!("{h} {p}")).collect();
        lines.sort();
        let checksums = format!("{}\n", lines.join("\n"));
        self.set("checksums.txt", checksums.into_bytes());
        self.reseal_aggregate();
    }

    /// Put sha256(checksums.txt) into zarf.yaml's aggregateChecksum (checksums.txt as it is now).
    pub fn reseal_aggregate(&mut self) {
        let agg = sha256_hex(&self.file("checksums.txt"));
        self.set_aggregate(&agg);
    }

    pub fn set_aggregate(&mut self, hex: &str) {
        self.set_text("zarf.yaml", |y| {
            let key = "aggregateChecksum: ";
            let i = y.find(key).expect("aggregateChecksum in zarf.yaml") + key.len();
            let end = y[i..].find('\n').map_or(y.len(), |e| i + e);
            format!("{}{hex}{}", &y[..i], &y[end..])
        });
    }

    /// Replace a stored blob by `bytes`, stored under their own digest, and re-point every
    /// document that referenced it (index.json and JSON blobs, as text: digest and size), which
    /// changes those blobs' digests in turn. Returns the new digest hex.
    pub fn rewrite_blob(&mut self, old_hex: &str, bytes: Vec<u8>) -> String {
        let new_hex = sha256_hex(&bytes);
        let old_path = format!("{BLOBS}{old_hex}");
        let i = self.tar.position(&old_path).expect("blob to rewrite");
        self.tar.records[i].set_data(bytes.clone());
        self.tar.records[i].set_name(format!("{BLOBS}{new_hex}").as_bytes());
        let rec = self.tar.records.remove(i);
        self.tar.insert_sorted(rec);
        let needle = format!("\"sha256:{old_hex}\"");
        // Referrers: index.json, then any JSON blob (recursively).
        let idx = self.text("images/index.json");
        if idx.contains(&needle) {
            self.set("images/index.json", relink(&idx, old_hex, &new_hex, bytes.len()).into_bytes());
        }
        for b in self.blobs() {
            let data = self.file(&b);
            if data.first() == Some(&b'{') {
                let t = String::from_utf8_lossy(&data).into_owned();
                if t.contains(&needle) {
                    let relinked = relink(&t, old_hex, &new_hex, bytes.len()).into_bytes();
                    let h = b.trim_start_matches(BLOBS).to_owned();
                    self.rewrite_blob(&h, relinked);
                }
            }
        }
        new_hex
    }

    /// Split `tar.zst` bytes into parts of `part_size` with a part000 as Zarf v0.56+ writes it.
    pub fn split(&self, stem: &str, part_size: usize) -> Package {
        split_bytes(stem, &self.bytes(), part_size, self.ext())
    }
}

/// Split bytes into `<stem>.<ext>.part001…` plus part000 metadata (Zarf v0.56+ field names).
pub fn split_bytes(stem: &str, bytes: &[u8], part_size: usize, ext: &str) -> Package {
    let base = format!("{stem}.{ext}");
    let parts: Vec<&[u8]> = bytes.chunks(part_size).collect();
    let meta = format!(r#"{{"Sha256Sum":"{}","Bytes":{},"Count":{}}}"#, sha256_hex(bytes), bytes.len(), parts.len());
    let mut files = vec![(format!("{base}.part000"), meta.into_bytes())];
    for (i, p) in parts.iter().enumerate() {
        files.push((format!("{base}.part{:03}", i + 1), p.to_vec()));
    }
    Package { name: stem.to_owned(), target: files[0].0.clone(), files, key: None }
}

/// In JSON text, point every `"sha256:OLD"` at NEW and rewrite the `"size"` that follows it.
pub fn relink(doc: &str, old_hex: &str, new_hex: &str, new_size: usize) -> String {
    // Only a whole digest value ("sha256:…"), never a reference that ends in one (annotations).
    let needle = format!("\"sha256:{old_hex}\"");
    let mut out = String::new();
    let mut rest = doc;
    while let Some(i) = rest.find(&needle) {
        out.push_str(&rest[..i]);
        out.push_str(&format!("\"sha256:{new_hex}\""));
        rest = &rest[i + needle.len()..];
        // The descriptor's size is the next "size": N within the same object (no '}' before it).
        if let Some(s) = rest.find("\"size\"") {
            if !rest[..s].contains('}') {
                let after = s + 6;
                let colon = after + rest[after..].find(':').unwrap() + 1;
                let num_start = colon + rest[colon..].find(|c: char| c.is_ascii_digit()).unwrap();
                let num_end = num_start + rest[num_start..].find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
                out.push_str(&rest[..num_start]);
                out.push_str(&new_size.to_string());
                rest = &rest[num_end..];
            }
        }
    }
    out.push_str(rest);
    out
}

// ---------------------------------------------------------------------------------------------
// The real binary.

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// The `zverify` binary: `$ZVERIFY_BIN`, else built here (`cargo build -p zverify`; a no-op when
/// it is up to date) — the tests crate cannot depend on a binary crate.
pub fn zverify_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("ZVERIFY_BIN") {
        return PathBuf::from(p);
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let st = Command::new(cargo)
        .current_dir(repo_root())
        .args(["build", "-q", "-p", "zverify", "--bin", "zverify"])
        .status()
        .expect("run cargo build -p zverify");
    assert!(st.success(), "cargo build -p zverify failed");
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| repo_root().join("target"));
    target.join("debug/zverify")
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct CliRun {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub timed_out: bool,
}

/// Run `bin args…` in `cwd` with a wall-clock `timeout` (killed past it), HOME and TMPDIR set to
/// `cwd`; stdout and stderr go through files in `scratch` (not `cwd`, whose tree the caller watches).
pub fn run_with_timeout(
    bin: &Path,
    args: &[&std::ffi::OsStr],
    cwd: &Path,
    scratch: &Path,
    timeout: Duration,
) -> CliRun {
    let out_path = scratch.join("stdout");
    let err_path = scratch.join("stderr");
    let mut child = Command::new(bin)
        .args(args)
        .current_dir(cwd)
        .env("HOME", cwd)
        .env("TMPDIR", cwd)
        .env_remove("GITHUB_ACTIONS")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("start zverify");
    let start = Instant::now();
    let (code, timed_out) = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break (st.code(), false);
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            break (None, true);
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stdout = String::from_utf8_lossy(&std::fs::read(&out_path).unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&std::fs::read(&err_path).unwrap()).into_owned();
    std::fs::remove_file(&out_path).unwrap();
    std::fs::remove_file(&err_path).unwrap();
    CliRun { code, stdout, stderr, timed_out }
}

/// Distinct finding codes in a `--format json` report (one target), sorted.
pub fn json_codes(stdout: &str) -> Option<Vec<String>> {
    let v: serde_json::Value = serde_json::from_str(stdout).ok()?;
    let report = if v.is_array() { v[0].clone() } else { v };
    let mut c: Vec<String> =
        report["findings"].as_array()?.iter().filter_map(|f| f["code"].as_str().map(str::to_owned)).collect();
    c.sort();
    c.dedup();
    Some(c)
}

/// Whether a `--format json` report holds an error-severity finding.
pub fn json_error_codes(stdout: &str) -> Option<Vec<String>> {
    let v: serde_json::Value = serde_json::from_str(stdout).ok()?;
    let report = if v.is_array() { v[0].clone() } else { v };
    let mut c: Vec<String> = report["findings"]
        .as_array()?
        .iter()
        .filter(|f| f["severity"] == "error")
        .filter_map(|f| f["code"].as_str().map(str::to_owned))
        .collect();
    c.sort();
    c.dedup();
    Some(c)
}
