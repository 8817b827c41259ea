//! The Zarf differential (issue 12 §1): the package set, real Zarf's recorded verdicts
//! (`tests/oracle/verdicts.tsv`), the deliberate stricter-than-Zarf rules
//! (`docs/stricter-than-zarf.md`), the known disagreements (`tests/oracle/known-disagreements.tsv`),
//! and the invariant that relates them:
//!
//! - Zarf fails to load or push ⇒ zverify reports an error;
//! - zverify reports an error while Zarf succeeds ⇒ every error code is a listed stricter rule;
//! - never zverify OK where Zarf fails.

use super::*;
use crate::zarf::{clean_package, sign_zarf_yaml, ZarfPackage};
use std::collections::BTreeMap;

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

pub fn verdicts_path() -> PathBuf {
    repo_root().join("tests/oracle/verdicts.tsv")
}

pub fn known_path() -> PathBuf {
    repo_root().join("tests/oracle/known-disagreements.tsv")
}

pub fn stricter_path() -> PathBuf {
    repo_root().join("docs/stricter-than-zarf.md")
}

/// The builder's Zarf packages (the fixtures' tar forms that are Zarf packages).
fn fixtures() -> Vec<Package> {
    let mut v = vec![Pkg::from_tree(&clean_package().build()).package("fixture-clean-single-arch")];
    let mut p = ZarfPackage::new("agent", "amd64", "v0.77.0");
    let (_, amd, arm) = p.whole_index("ghcr.io/zarf-dev/zarf/agent:v0.77.0", 10);
    p.layout.entry(crate::OCI_MANIFEST, &amd, None);
    p.layout.entry(crate::OCI_MANIFEST, &arm, None);
    v.push(Pkg::from_tree(&p.build()).package("fixture-whole-index"));
    let (sk, pem) = crate::zarf::key_pair(3);
    let mut s = clean_package();
    s.build_extra = "  signed: true\n".into();
    let mut tree = s.build();
    sign_zarf_yaml(&mut tree, &sk);
    v.push(Pkg::from_tree(&tree).package("fixture-signed-zarf-yaml-sig").with_key(pem.as_bytes()));
    let mut u = Pkg::from_tree(&clean_package().build());
    u.compressed = false;
    v.push(u.package("fixture-clean-uncompressed"));
    v
}

/// The real packages, as they are on disk.
fn vectors() -> Vec<Package> {
    let mut v = Vec::new();
    for (name, file) in [
        ("vector-real-create", REAL_CREATE),
        ("vector-real-uncompressed", REAL_UNCOMPRESSED),
        ("vector-real-docker-v2", REAL_DOCKER),
    ] {
        let ext = if file.ends_with(".zst") { "tar.zst" } else { "tar" };
        v.push(Package::single(name, ext, read_vector(file)));
    }
    v.push(Package::single("vector-real-signed", "tar.zst", read_vector(REAL_SIGNED)).with_key(&cosign_pub()));
    v.push(Package::single("vector-real-signed-no-key", "tar.zst", read_vector(REAL_SIGNED)));
    for (name, file, ext) in [
        ("vector-v0.48-test", "zarf-package-test-amd64-0.0.1.tar.zst", "tar.zst"),
        ("vector-v0.48-test-uncompressed", "zarf-package-test-uncompressed-amd64-0.0.1.tar", "tar"),
    ] {
        let p = crate::vectors_dir().join("zarf").join(file);
        v.push(Package::single(name, ext, std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))));
    }
    let dir = zarf_current().join("split");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    v.push(Package { name: "vector-real-split".into(), target: files[0].0.clone(), files, key: None });
    v
}

/// Every package the project can produce, each under a unique name.
pub fn oracle_set() -> Vec<Package> {
    let mut v: Vec<Package> = cases::cases().into_iter().map(|c| c.pkg).collect();
    v.extend(fixtures());
    v.extend(vectors());
    v.extend(mutants::mutants());
    let mut seen = std::collections::BTreeSet::new();
    for p in &v {
        assert!(seen.insert(p.name.clone()), "two packages named {}", p.name);
    }
    v
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Ok,
    FailLoad,
    FailPush,
}

impl Verdict {
    pub fn as_str(&self) -> &'static str {
        match self {
            Verdict::Ok => "OK",
            Verdict::FailLoad => "FAIL load",
            Verdict::FailPush => "FAIL push",
        }
    }
    pub fn parse(s: &str) -> Option<Verdict> {
        match s {
            "OK" => Some(Verdict::Ok),
            "FAIL load" => Some(Verdict::FailLoad),
            "FAIL push" => Some(Verdict::FailPush),
            _ => None,
        }
    }
}

/// One row of `verdicts.tsv`.
#[derive(Clone, Debug)]
pub struct Row {
    pub name: String,
    pub sha256: String,
    pub verdict: Verdict,
    pub message: String,
}

/// The oracle's stdout → (verdict, Zarf's message with temp paths made stable).
pub fn parse_oracle(stdout: &str) -> Option<(Verdict, String)> {
    // Zarf's errors can span lines (retries): the verdict line and all that follows, joined.
    let start = stdout.find("ZARF ")?;
    let joined = stdout[start..].lines().map(str::trim).collect::<Vec<_>>().join(" ");
    let line = joined.as_str();
    let (verdict, msg) = if let Some(m) = line.strip_prefix("ZARF OK:") {
        (Verdict::Ok, m)
    } else if let Some(m) = line.strip_prefix("ZARF FAIL load:") {
        (Verdict::FailLoad, m)
    } else {
        (Verdict::FailPush, line.strip_prefix("ZARF FAIL push:")?)
    };
    Some((verdict, stable_message(msg.trim())))
}

/// Temp paths (different on every run) reduced to their last component; tabs and newlines out.
pub fn stable_message(msg: &str) -> String {
    msg.split(' ')
        .map(|w| {
            if let Some(i) = w.find("://127.0.0.1:") {
                // The registry's port is a fresh one on every run.
                let after = &w[i + 13..];
                let digits = after.bytes().take_while(u8::is_ascii_digit).count();
                format!("{}://127.0.0.1:<port>{}", &w[..i], &after[digits..])
            } else if let Some(i) = w.find("/tmp/") {
                let tail = w[i..].trim_end_matches([':', '"', ',', ')']);
                let suffix = &w[i + tail.len()..];
                let base = tail.rsplit('/').next().unwrap_or("");
                format!("{}<tmp>/{base}{suffix}", &w[..i])
            } else {
                w.to_owned()
            }
        })
        .map(|w| match w.find("/blobs/uploads/") {
            // An upload session's URL: a fresh UUID and state on every run.
            Some(i) => {
                let end = w[i..].find('"').map_or(w.len(), |e| i + e);
                format!("{}/blobs/uploads/<upload>{}", &w[..i], &w[end..])
            }
            None => w,
        })
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['\t', '\n', '\r'], " ")
}

pub fn read_verdicts(text: &str) -> BTreeMap<String, Row> {
    let mut m = BTreeMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let f: Vec<&str> = line.splitn(4, '\t').collect();
        assert!(f.len() == 4, "verdicts.tsv: bad line {line:?}");
        let verdict = Verdict::parse(f[2]).unwrap_or_else(|| panic!("verdicts.tsv: bad verdict {:?}", f[2]));
        m.insert(f[0].to_owned(), Row { name: f[0].into(), sha256: f[1].into(), verdict, message: f[3].into() });
    }
    m
}

pub fn write_verdicts(rows: &BTreeMap<String, Row>) -> String {
    let mut s = String::from(
        "# Real Zarf's verdict on every package the project produces (scripts/oracle-diff --record).\n# name\tsha256 of the package's files (and key)\tOK | FAIL load | FAIL push\tZarf's message\n",
    );
    for r in rows.values() {
        let message = if r.message.is_empty() { "-" } else { &r.message };
        s.push_str(&format!("{}\t{}\t{}\t{message}\n", r.name, r.sha256, r.verdict.as_str()));
    }
    s
}

/// `| ZVnnn | reason |` rows of docs/stricter-than-zarf.md: code → reason.
pub fn stricter_codes(md: &str) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    for line in md.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() >= 4
            && cells[1].len() == 5
            && cells[1].starts_with("ZV")
            && cells[1][2..].bytes().all(|b| b.is_ascii_digit())
        {
            assert!(!cells[cells.len() - 2].is_empty(), "stricter-than-zarf.md: {} has no reason", cells[1]);
            m.insert(cells[1].to_owned(), cells[cells.len() - 2].to_owned());
        }
    }
    m
}

/// known-disagreements.tsv: name → why.
pub fn known_disagreements(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (n, why) = l.split_once('\t').unwrap_or((l, ""));
            (n.to_owned(), why.to_owned())
        })
        .collect()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Both fail, or both pass.
    Agree,
    /// zverify errors, Zarf succeeds, and every error code is a listed stricter rule.
    Stricter,
    /// The invariant is broken: why.
    Disagree(String),
}

/// Relate real Zarf's verdict and zverify's error codes.
pub fn classify(zarf: &Verdict, zverify_errors: &[String], stricter: &BTreeMap<String, String>) -> Outcome {
    match (zarf, zverify_errors.is_empty()) {
        (Verdict::Ok, true) => Outcome::Agree,
        (Verdict::FailLoad | Verdict::FailPush, false) => Outcome::Agree,
        (Verdict::FailLoad | Verdict::FailPush, true) => {
            Outcome::Disagree(format!("Zarf {} but zverify reports no error", zarf.as_str()))
        }
        (Verdict::Ok, false) => {
            let unlisted: Vec<&String> = zverify_errors.iter().filter(|c| !stricter.contains_key(*c)).collect();
            if unlisted.is_empty() {
                Outcome::Stricter
            } else {
                Outcome::Disagree(format!(
                    "Zarf deploys it but zverify errors with {unlisted:?}, not listed in docs/stricter-than-zarf.md"
                ))
            }
        }
    }
}

/// Counts for the agreement table.
#[derive(Default, Debug)]
pub struct Table {
    pub cases: usize,
    pub agree: usize,
    pub stricter: usize,
    pub known: usize,
    pub disagreements: usize,
    pub zarf_fail: usize,
}

impl Table {
    pub fn add(&mut self, zarf: &Verdict, o: &Outcome, known: bool) {
        self.cases += 1;
        if *zarf != Verdict::Ok {
            self.zarf_fail += 1;
        }
        match o {
            Outcome::Agree => self.agree += 1,
            Outcome::Stricter => self.stricter += 1,
            Outcome::Disagree(_) if known => self.known += 1,
            Outcome::Disagree(_) => self.disagreements += 1,
        }
    }

    pub fn render(&self) -> String {
        format!(
            "| cases | agree | stricter-by-policy | disagreements (known) | disagreements (new) |\n|---|---|---|---|---|\n| {} | {} | {} | {} | {} |\n({} of the cases fail in real Zarf)",
            self.cases, self.agree, self.stricter, self.known, self.disagreements, self.zarf_fail
        )
    }
}

/// zverify's error codes for a package (sorted, each once): the core for single archives, the
/// binary for split ones; `["exit-2"]` when zverify refused the target (not an archive): a
/// failure, said as such.
pub fn zverify_errors(p: &Package, bin: &dyn Fn() -> PathBuf) -> Vec<String> {
    let Some(findings) = zverify_error_findings(p, bin) else { return vec!["exit-2".to_owned()] };
    let mut c: Vec<String> = findings.into_iter().map(|f| f.code).collect();
    c.sort();
    c.dedup();
    c
}

/// One error finding as the deploy-step check reads it: code, message, help.
#[derive(Clone, Debug)]
pub struct ErrorFinding {
    pub code: String,
    pub message: String,
    pub help: String,
}

/// zverify's error findings for a package (the core for single archives, the binary for split
/// ones); `None` when zverify refused the target outright (exit 2: not an archive, not a package).
pub fn zverify_error_findings(p: &Package, bin: &dyn Fn() -> PathBuf) -> Option<Vec<ErrorFinding>> {
    if let Some(r) = verify_core(p) {
        return Some(
            r.findings
                .iter()
                .filter(|f| f.severity == zverify_core::Severity::Error)
                .map(|f| ErrorFinding { code: f.code.to_string(), message: f.message.clone(), help: f.help.clone() })
                .collect(),
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let (target, key) = p.write_to(dir.path());
    let mut args: Vec<&std::ffi::OsStr> = vec!["check".as_ref(), "--format".as_ref(), "json".as_ref()];
    if let Some(k) = &key {
        args.push("--key".as_ref());
        args.push(k.as_os_str());
    }
    args.push(target.as_os_str());
    let run = run_with_timeout(&bin(), &args, dir.path(), scratch.path(), Duration::from_secs(120));
    if run.code == Some(2) {
        return None;
    }
    let v: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|_| panic!("{}: no JSON report:\n{}", p.name, run.stderr));
    let report = if v.is_array() { v[0].clone() } else { v };
    let s = |f: &serde_json::Value, k: &str| f[k].as_str().unwrap_or_default().to_owned();
    Some(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] == "error")
            .map(|f| ErrorFinding { code: s(f, "code"), message: s(f, "message"), help: s(f, "help") })
            .collect(),
    )
}

/// The step of `zarf package deploy` a finding says fails, in the words every such finding uses
/// (its message or its help): "… fails when it loads the package" (or "when Zarf loads the
/// package"), or "… at the image push". `None`: the finding does not say.
pub fn deploy_step(message: &str, help: &str) -> Option<Verdict> {
    let says = |phrase: &str| message.contains(phrase) || help.contains(phrase);
    if says("when it loads the package") || says("when Zarf loads the package") {
        Some(Verdict::FailLoad)
    } else if says("at the image push") {
        Some(Verdict::FailPush)
    } else {
        None
    }
}
