//! # zverify-wasm
//!
//! The checker page's WebAssembly face: a thin wasm-bindgen layer over `zverify-core`. The page's
//! Web Worker reads the user's files (a `.tar`, a `.tar.zst`, the parts of a split package, or a
//! folder) and pushes the bytes in here; the archive reading is the core's
//! [`ArchiveReader`](zverify_core::archive::ArchiveReader), the verdict the core's [`Report`], and
//! the JSON, SARIF and text the core's renderers — the same code the `zverify` CLI runs, so the page
//! and `zverify check --format json` give the same report.
//!
//! What the CLI decides around the core is mirrored here step for step (`cli/src/source.rs`): the
//! abort messages of a damaged archive, the second read of documents the budgets could not keep
//! ([`Checker::wanted`]), "an empty archive" and "neither a package nor a layout" as errors that
//! stop the check (the CLI's exit code 2), and the split-package bookkeeping ([`split`]).

use sha2::{Digest as _, Sha256};
use std::collections::VecDeque;
use wasm_bindgen::prelude::*;
use zverify_core::archive::{ArchiveError, ArchiveKind, ArchiveReader};
use zverify_core::seek::{SeekTar, Step};
use zverify_core::{rules, EntryDigest, EntryHasher, EntryPlan, Handout, Options, Report, Verifier};

/// Entries at least this large are handed out to hashing workers (the CLI's threshold).
const HAND_OUT_MIN: u64 = 256 << 10;

/// What the first bytes are: `"tar"`, `"tar.zst"`, or `""` (neither), by the core's sniffer.
#[wasm_bindgen(js_name = sniffKind)]
pub fn sniff_kind(head: &[u8]) -> String {
    match zverify_core::archive::sniff(head) {
        Some(ArchiveKind::Tar) => "tar".into(),
        Some(ArchiveKind::TarZstd) => "tar.zst".into(),
        None => String::new(),
    }
}

/// Hashes one handed-out entry in a hashing worker (its own wasm instance): made from the plan
/// [`Checker::seek_next`] handed out, fed the entry's bytes, finished into the digest the
/// coordinating worker gives [`Checker::complete`].
#[wasm_bindgen]
pub struct RangeHasher(Option<EntryHasher>);

#[wasm_bindgen]
impl RangeHasher {
    #[wasm_bindgen(constructor)]
    pub fn new(plan_json: &str) -> Result<RangeHasher, JsError> {
        let plan: EntryPlan = serde_json::from_str(plan_json).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(RangeHasher(Some(EntryHasher::from_plan(plan))))
    }
    pub fn write(&mut self, chunk: &[u8]) {
        if let Some(h) = &mut self.0 {
            h.write(chunk);
        }
    }
    /// The digest as JSON (an `EntryDigest`).
    pub fn finish(&mut self) -> Result<String, JsError> {
        let h = self.0.take().ok_or_else(|| JsError::new("the hasher has finished"))?;
        serde_json::to_string(&h.finish()).map_err(|e| JsError::new(&e.to_string()))
    }
    /// The digest of a worker that could not read the entry (reported as unreadable, ZV045).
    #[wasm_bindgen(js_name = failed)]
    pub fn failed(plan_json: &str, why: &str) -> Result<String, JsError> {
        let plan: EntryPlan = serde_json::from_str(plan_json).map_err(|e| JsError::new(&e.to_string()))?;
        serde_json::to_string(&EntryDigest::failed(plan.ticket, why)).map_err(|e| JsError::new(&e.to_string()))
    }
}

pub mod split;

/// The zverify version this module was built from.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Every rule as JSON: `[{code, name, severity, summary}]` (what `zverify rules` lists).
#[wasm_bindgen]
pub fn rules_json() -> String {
    let list: Vec<serde_json::Value> = rules::ALL
        .iter()
        .map(|r| {
            serde_json::json!({
                "code": r.code, "name": r.name, "severity": r.severity.as_str(), "summary": r.summary,
            })
        })
        .collect();
    serde_json::to_string(&list).unwrap_or_default()
}

/// One rule's documentation as Markdown (what `zverify explain CODE` prints); an error for an
/// unknown code.
#[wasm_bindgen]
pub fn explain(code: &str) -> Result<String, JsError> {
    rules::lookup(code).map(|r| r.markdown()).ok_or_else(|| JsError::new(&zverify_core::overrides::unknown_code(code)))
}

/// Why a check could not run at all (the CLI's exit code 2), as a plain error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unusable(pub String);

impl From<Unusable> for JsError {
    fn from(u: Unusable) -> JsError {
        JsError::new(&u.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// `.tar` / `.tar.zst` bytes through the archive reader.
    Archive,
    /// The files of a folder, one entry at a time.
    Folder,
}

/// One verification: create it, push the input in, [`Checker::finish`] it.
#[wasm_bindgen]
pub struct Checker {
    v: Option<Verifier>,
    reader: ArchiveReader,
    mode: Mode,
    target: String,
    failed: bool,
    /// Fed bytes (archive mode), for the page's progress and for split packages' fault offset.
    fed: u64,
    /// The first bytes, for the hint when they are not an archive.
    head: Vec<u8>,
    /// Split packages: the bookkeeping, and the joined parts' sha256 as they stream.
    split: Option<split::Plan>,
    joined: Option<Sha256>,
    fault_offset: Option<u64>,
    /// The first bytes are not an archive at all (an error, not a finding).
    not_archive: bool,
    /// Second reads ([`Checker::wanted`]): the collector of the pass in progress.
    collect: Option<(Verifier, ArchiveReader)>,
    /// What the last [`Checker::wanted`] asked for.
    pending: Vec<String>,
    /// An uncompressed tar read by offset ([`Checker::seek_tar`]).
    seek: Option<SeekTar>,
    /// Push mode ([`Checker::push_mode`]): the verifier's handouts not yet taken by the page, and
    /// the bytes of the last `data` one [`Checker::next_handout`] returned.
    push: bool,
    handouts: VecDeque<Handout>,
    handout_bytes: Vec<u8>,
}

/// Options as the CLI's flags set them; `None` (JS `undefined`) keeps the default.
fn options(document_cap: Option<f64>, key_pem: Option<String>) -> Result<Options, Unusable> {
    let mut opts = Options::default();
    if let Some(cap) = document_cap {
        if !(cap.is_finite() && cap >= 1.0 && cap.fract() == 0.0 && cap <= 9_007_199_254_740_991.0) {
            return Err(Unusable(format!("the document cap must be a whole number of bytes, not {cap}")));
        }
        opts.document_cap = cap as u64;
    }
    if let Some(pem) = key_pem.filter(|k| !k.trim().is_empty()) {
        opts.signing_key = Some(pem.into_bytes());
    }
    Ok(opts)
}

#[wasm_bindgen]
impl Checker {
    /// A `.tar` or `.tar.zst` named `target` (the name the report carries). `document_cap` is the
    /// CLI's `--document-cap`; `key_pem` its `--key` (the PEM text).
    #[wasm_bindgen(constructor)]
    pub fn new(target: &str, document_cap: Option<f64>, key_pem: Option<String>) -> Result<Checker, JsError> {
        Ok(Checker::archive(target, options(document_cap, key_pem)?))
    }

    /// A folder (an unpacked package) named `root`: push [`Checker::add_directory`] and the files
    /// (in the order [`folder_order`] gives) with `begin_entry` / `write` / `end_entry`.
    pub fn folder(root: &str, document_cap: Option<f64>, key_pem: Option<String>) -> Result<Checker, JsError> {
        let mut c = Checker::archive(root, options(document_cap, key_pem)?);
        c.mode = Mode::Folder;
        Ok(c)
    }

    /// A split package: `names` and `sizes` are every selected file (parts and anything else);
    /// `meta` is `<stem>.part000`'s bytes (at most the document cap + 1 of them). Then feed the bytes
    /// of [`Checker::parts`] in order.
    pub fn split(
        names: Vec<String>,
        sizes: Vec<f64>,
        meta: &[u8],
        document_cap: Option<f64>,
        key_pem: Option<String>,
    ) -> Result<Checker, JsError> {
        let opts = options(document_cap, key_pem)?;
        let files: Vec<(String, u64)> = names.into_iter().zip(sizes.into_iter().map(|s| s as u64)).collect();
        let mut v = Verifier::new(opts);
        let plan = split::plan(&files, meta, &mut v)?;
        let mut c = Checker::archive(&plan.stem, Options::default());
        c.v = Some(v);
        c.joined = Some(Sha256::new());
        c.split = Some(plan);
        Ok(c)
    }

    /// An uncompressed `.tar` of `size` bytes read by offset, so that large entries are hashed in
    /// parallel workers (the CLI's `SeekTar` path): loop on [`Checker::seek_next`], then
    /// [`Checker::seek_end`]; hand each handed-out range's digest to [`Checker::complete`].
    #[wasm_bindgen(js_name = seekTar)]
    pub fn seek_tar(
        target: &str,
        size: f64,
        document_cap: Option<f64>,
        key_pem: Option<String>,
    ) -> Result<Checker, JsError> {
        let mut c = Checker::archive(target, options(document_cap, key_pem)?);
        c.seek = Some(SeekTar::new(size as u64, HAND_OUT_MIN));
        Ok(c)
    }

    /// The next step, as JSON: `{"read":[offset,len]}` (read those bytes, then
    /// [`Checker::seek_supply`]), `{"hand":{"plan":…,"offset":…,"len":…}}` (hash that range in a
    /// worker), or `{"done":true}` (the archive is walked, or broke: the report says so).
    #[wasm_bindgen(js_name = seekNext)]
    pub fn seek_next(&mut self) -> String {
        let (Some(drv), Some(v)) = (self.seek.as_mut(), self.v.as_mut()) else { return r#"{"done":true}"#.into() };
        if self.failed {
            return r#"{"done":true}"#.into();
        }
        match drv.next(v) {
            Ok(Step::Read { offset, len }) => serde_json::json!({ "read": [offset, len] }).to_string(),
            Ok(Step::HandOut { hasher, offset, len }) => {
                serde_json::json!({ "hand": { "plan": hasher.plan(), "offset": offset, "len": len } }).to_string()
            }
            Ok(Step::Done) => r#"{"done":true}"#.into(),
            Err(e) => {
                self.failed = true;
                v.abort(Some(&self.target), &e.to_string());
                r#"{"done":true}"#.into()
            }
        }
    }

    /// The bytes a `read` step asked for (fewer than `asked` at the end of the file).
    #[wasm_bindgen(js_name = seekSupply)]
    pub fn seek_supply(&mut self, bytes: &[u8], asked: f64) {
        self.fed += bytes.len() as u64;
        if let Some(drv) = &mut self.seek {
            drv.supply(bytes, asked as usize);
        }
    }

    /// A handed-out range's digest (JSON from [`RangeHasher::finish`]), in any order.
    pub fn complete(&mut self, digest_json: &str) -> Result<(), JsError> {
        let d: EntryDigest = serde_json::from_str(digest_json).map_err(|e| JsError::new(&e.to_string()))?;
        if let Some(v) = &mut self.v {
            v.complete(d);
        }
        Ok(())
    }

    /// The walk ended (after every handed-out digest was completed): an empty archive is an error.
    #[wasm_bindgen(js_name = seekEnd)]
    pub fn seek_end(&mut self) -> Result<(), JsError> {
        let (Some(drv), Some(v)) = (self.seek.as_mut(), self.v.as_mut()) else { return Ok(()) };
        if self.failed {
            return Ok(());
        }
        match drv.finish(v) {
            Err(e) => {
                self.failed = true;
                v.abort(Some(&self.target), &e.to_string());
                Ok(())
            }
            Ok(()) if drv.tar().entries() == 0 => Err(Unusable(format!("{} is an empty archive", self.target)).into()),
            Ok(()) => Ok(()),
        }
    }

    /// The files to stream, in order (split packages: the data parts present; nothing to stream when
    /// the package is refused before reading, e.g. too many parts).
    pub fn parts(&self) -> Vec<String> {
        self.split.as_ref().map(|p| p.stream.iter().map(|(n, _)| n.clone()).collect()).unwrap_or_default()
    }

    /// Push the next chunk of the archive. Returns `false` once no more bytes are needed (the
    /// archive is damaged and, for a split package, the joined digest has its bytes too).
    pub fn feed(&mut self, chunk: &[u8]) -> bool {
        if let Some(h) = &mut self.joined {
            h.update(chunk);
        }
        if self.head.len() < zverify_core::archive::SNIFF_LEN {
            let take = (zverify_core::archive::SNIFF_LEN - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
        }
        let Some(v) = self.v.as_mut() else { return false };
        if !self.failed {
            let fed = if self.push {
                let queue = &mut self.handouts;
                self.reader.feed_draining(chunk, v, &mut |v| queue.extend(v.take_handouts()))
            } else {
                self.reader.feed(chunk, v)
            };
            if let Err(e) = fed {
                self.fail(e);
            }
            self.queue_handouts();
        }
        self.fed += chunk.len() as u64;
        !self.failed || self.split.as_ref().is_some_and(|p| p.all_present)
    }

    /// The archive's bytes ended: the check of the stream itself is complete. An archive that is
    /// neither `.tar` nor `.tar.zst`, or is empty, is an error (the CLI's exit code 2).
    #[wasm_bindgen(js_name = endInput)]
    pub fn end_input(&mut self) -> Result<(), JsError> {
        if self.not_archive {
            return Err(self.not_an_archive().into());
        }
        if self.mode != Mode::Archive || self.failed {
            return Ok(());
        }
        if self.split.as_ref().is_some_and(|p| p.refused) {
            return Ok(());
        }
        let Some(v) = self.v.as_mut() else { return Ok(()) };
        let finished = self.reader.finish(v);
        self.queue_handouts();
        match finished {
            Ok(()) if self.reader.tar().entries() == 0 => {
                Err(Unusable(format!("{} is an empty archive", self.target)).into())
            }
            Ok(()) => Ok(()),
            Err(ArchiveError::NotAnArchive) => Err(self.not_an_archive().into()),
            Err(e) => {
                self.fail(e);
                Ok(())
            }
        }
    }

    /// Push mode for a `.tar` / `.tar.zst` fed with [`Checker::feed`]: from now on entries of at
    /// least 256 KiB whose bytes need not be kept are handed out as they stream by (the CLI's
    /// `Verifier::hand_out`), so hashing workers hash them while this worker decompresses. After
    /// each `feed` (and after `endInput`), take the handouts with [`Checker::next_handout`].
    #[wasm_bindgen(js_name = pushMode)]
    pub fn push_mode(&mut self) {
        if let Some(v) = &mut self.v {
            v.hand_out(HAND_OUT_MIN);
            self.push = true;
        }
    }

    /// The next push-mode handout, in stream order, as JSON: `{"start":plan}` (a new entry: give
    /// its plan to a hashing worker), `{"data":ticket}` (its next bytes: [`Checker::handout_bytes`]),
    /// `{"end":ticket}` (its bytes are complete: the worker's digest goes to
    /// [`Checker::complete`]); `undefined` when there is none.
    #[wasm_bindgen(js_name = nextHandout)]
    pub fn next_handout(&mut self) -> Option<String> {
        Some(match self.handouts.pop_front()? {
            Handout::Start(h) => serde_json::json!({ "start": h.plan() }).to_string(),
            Handout::Data { ticket, bytes } => {
                self.handout_bytes = bytes;
                serde_json::json!({ "data": ticket }).to_string()
            }
            Handout::End { ticket } => serde_json::json!({ "end": ticket }).to_string(),
        })
    }

    /// The bytes of the `data` handout [`Checker::next_handout`] just returned (a new buffer the
    /// page can transfer to the hashing worker).
    #[wasm_bindgen(js_name = handoutBytes)]
    pub fn handout_bytes(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.handout_bytes)
    }

    /// Folder mode: hand the open file (of `size` bytes, whose first bytes are `head`) out to a
    /// hashing worker, as the CLI's directory reader does (`Verifier::sniff`, `detach`, `skip`).
    /// Returns the worker's plan as JSON, or `undefined` when the verifier keeps the file's bytes
    /// (then write them here as usual). After a plan, end the entry; the worker reads the file
    /// itself and its digest goes to [`Checker::complete`].
    #[wasm_bindgen(js_name = handOut)]
    pub fn hand_out(&mut self, head: &[u8], size: f64) -> Option<String> {
        let v = self.v.as_mut()?;
        if (size as u64) < HAND_OUT_MIN {
            return None;
        }
        v.sniff(head);
        let hasher = v.detach()?;
        v.skip(size as u64);
        Some(serde_json::to_string(&hasher.plan()).unwrap_or_default())
    }

    /// Documents the verifier needs but could not keep within its budgets: read the archive (or
    /// the folder's files) again, pushing them with `collect_*`, until this is empty or a pass makes
    /// no progress. Empty after a damaged archive, as in the CLI.
    pub fn wanted(&mut self) -> Vec<String> {
        if self.failed && self.mode == Mode::Archive {
            return Vec::new();
        }
        self.pending = self.v.as_mut().map(Verifier::wanted_documents).unwrap_or_default();
        self.pending.clone()
    }

    /// Start a second read of the archive for [`Checker::wanted`].
    #[wasm_bindgen(js_name = collectBegin)]
    pub fn collect_begin(&mut self) {
        let Some(v) = &self.v else { return };
        let wanted = std::mem::take(&mut self.pending);
        self.collect = Some((Verifier::collector(wanted, v.document_cap()), ArchiveReader::new()));
    }

    /// A chunk of the second read; `false` when the reader stopped (no more is needed).
    #[wasm_bindgen(js_name = collectFeed)]
    pub fn collect_feed(&mut self, chunk: &[u8]) -> bool {
        match &mut self.collect {
            Some((c, r)) => r.feed(chunk, c).is_ok(),
            None => false,
        }
    }

    /// End the second read; `true` when it supplied a document (then ask [`Checker::wanted`] again).
    #[wasm_bindgen(js_name = collectEnd)]
    pub fn collect_end(&mut self) -> bool {
        let (Some((collector, _)), Some(v)) = (self.collect.take(), self.v.as_mut()) else { return false };
        let mut progress = false;
        for (path, bytes) in collector.into_collected() {
            progress |= v.supply_document(&path, bytes);
        }
        progress
    }

    /// Folder mode: supply one wanted document's bytes (read again from its file, up to the
    /// document cap + 1 bytes); `true` if the verifier took it.
    #[wasm_bindgen(js_name = supplyDocument)]
    pub fn supply_document(&mut self, path: &str, bytes: Vec<u8>) -> bool {
        self.v.as_mut().is_some_and(|v| v.supply_document(path, bytes))
    }

    /// The most bytes of one document the verifier keeps (`--document-cap`).
    #[wasm_bindgen(js_name = documentCap)]
    pub fn document_cap(&self) -> f64 {
        self.v.as_ref().map_or(0.0, |v| v.document_cap() as f64)
    }

    /// Folder mode: a directory (as the CLI's walk reports each one it enters).
    #[wasm_bindgen(js_name = addDirectory)]
    pub fn add_directory(&mut self, path: &str) {
        if let Some(v) = &mut self.v {
            v.add_directory(path);
        }
    }

    /// Folder mode: start a file of `size` bytes.
    #[wasm_bindgen(js_name = beginEntry)]
    pub fn begin_entry(&mut self, path: &str, size: f64) -> Result<(), JsError> {
        let v = self.v.as_mut().ok_or_else(|| JsError::new("the check has finished"))?;
        v.begin_entry(path, Some(size as u64)).map_err(|e| JsError::new(&e.to_string()))
    }

    /// Folder mode: the next bytes of the open file.
    pub fn write(&mut self, chunk: &[u8]) {
        if let Some(v) = &mut self.v {
            v.write(chunk);
        }
    }

    /// Folder mode: the open file ended.
    #[wasm_bindgen(js_name = endEntry)]
    pub fn end_entry(&mut self) -> Result<(), JsError> {
        let v = self.v.as_mut().ok_or_else(|| JsError::new("the check has finished"))?;
        v.end_entry().map_err(|e| JsError::new(&e.to_string()))
    }

    /// Folder mode: a file could not be read (the browser refused it): the report says so.
    #[wasm_bindgen(js_name = addUnreadable)]
    pub fn add_unreadable(&mut self, path: &str, why: &str) {
        if let Some(v) = &mut self.v {
            v.add_unreadable(path, why);
        }
    }

    /// Bytes hashed so far.
    #[wasm_bindgen(js_name = bytesHashed)]
    pub fn bytes_hashed(&self) -> f64 {
        self.v.as_ref().map_or(0.0, |v| v.bytes_hashed() as f64)
    }

    /// Finish: the report, or an error when the input is neither a Zarf package nor an OCI layout
    /// (the CLI's exit code 2).
    pub fn finish(&mut self) -> Result<Outcome, JsError> {
        let v = self.v.take().ok_or_else(|| JsError::new("the check has already finished"))?;
        let mut report = v.finish(&self.target);
        if let Some(plan) = &self.split {
            let joined = self.joined.take().map(|h| hex::encode(h.finalize()));
            split::conclude(plan, &mut report, joined, self.fault_offset);
        }
        check_is_package(&report, &self.target)?;
        // The CLI's gate with no zverify.toml and no flags: no overrides, --fail-on error.
        report.apply_gate(&zverify_core::overrides::Overrides::default(), zverify_core::FailOn::Error);
        Ok(Outcome { report })
    }
}

impl Checker {
    fn archive(target: &str, opts: Options) -> Checker {
        Checker {
            v: Some(Verifier::new(opts)),
            reader: ArchiveReader::new(),
            mode: Mode::Archive,
            target: target.to_owned(),
            failed: false,
            fed: 0,
            head: Vec::new(),
            split: None,
            joined: None,
            fault_offset: None,
            not_archive: false,
            collect: None,
            pending: Vec::new(),
            seek: None,
            push: false,
            handouts: VecDeque::new(),
            handout_bytes: Vec::new(),
        }
    }

    /// The verifier's push-mode handouts, queued for [`Checker::next_handout`].
    fn queue_handouts(&mut self) {
        if let (true, Some(v)) = (self.push, self.v.as_mut()) {
            self.handouts.extend(v.take_handouts());
        }
    }

    fn not_an_archive(&self) -> Unusable {
        let name = self.split.as_ref().and_then(|p| p.stream.first()).map_or(&self.target, |(n, _)| n);
        Unusable(format!("{name} is not a tar or zstd-compressed tar archive{}", not_archive_hint(&self.head)))
    }

    /// The archive broke: the report says where and why, worded as the CLI words it.
    fn fail(&mut self, e: ArchiveError) {
        self.failed = true;
        let Some(v) = self.v.as_mut() else { return };
        match &e {
            ArchiveError::Zstd(z) => {
                self.fault_offset = Some(z.offset);
                let msg = format!("decompression failed after {} bytes of tar: {z}", self.reader.tar().offset());
                v.abort_with(z.rule(), Some(&self.target), &msg);
            }
            ArchiveError::Tar(t) => {
                // In a plain tar, tar offsets are offsets in the raw bytes.
                if self.reader.kind() == Some(ArchiveKind::Tar) {
                    self.fault_offset = Some(t.offset());
                }
                v.abort(Some(&self.target), &t.to_string());
            }
            ArchiveError::NotAnArchive => self.not_archive = true,
        }
    }
}

/// What the CLI adds when a file is not an archive.
fn not_archive_hint(head: &[u8]) -> &'static str {
    match head.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => " (it looks like a JSON document: try `zverify doc`)",
        Some(0x1f) if head.len() > 1 && head[1] == 0x8b => " (it is gzip-compressed; zverify reads .tar and .tar.zst)",
        _ => "",
    }
}

/// The CLI's last gate: a report that found neither a package nor a layout, and no damage that
/// would explain it, is not a verdict.
fn check_is_package(report: &Report, target: &str) -> Result<(), Unusable> {
    let damaged = report.findings.iter().any(|f| {
        [&rules::ARCHIVE_CORRUPT, &rules::SPLIT_TOO_MANY_PARTS, &rules::ZSTD_WINDOW_TOO_LARGE]
            .iter()
            .any(|r| f.code == r.code)
    });
    if report.package.is_none() && !damaged {
        return Err(Unusable(format!(
            "{target} holds neither a Zarf package (zarf.yaml) nor an OCI image layout (oci-layout, index.json)"
        )));
    }
    Ok(())
}

/// A finished check's report, rendered by the core's renderers.
#[wasm_bindgen]
pub struct Outcome {
    report: Report,
}

#[wasm_bindgen]
impl Outcome {
    /// `zverify check --format json`.
    pub fn json(&self) -> String {
        self.report.to_json()
    }
    /// `zverify check --format sarif` (one run).
    pub fn sarif(&self) -> String {
        zverify_core::render::sarif::render(&[&self.report])
    }
    /// `zverify check` (plain text, no colour): a summary to paste into a bug report.
    pub fn text(&self) -> String {
        zverify_core::render::text::render(&self.report, &zverify_core::render::text::Style { color: false }, false)
    }
    /// The exit code the CLI gives with the default `--fail-on error`: 1 with any error, else 0.
    #[wasm_bindgen(js_name = exitCode)]
    pub fn exit_code(&self) -> u8 {
        self.report.exit_code()
    }
}

impl Outcome {
    pub fn report(&self) -> &Report {
        &self.report
    }
}

/// The order the CLI streams a folder's files in, and the directories it reports, as JSON
/// `{"dirs": [...], "files": [...]}`: `paths` are the files' paths relative to the folder
/// (`/`-separated); directories come in the order the CLI's depth-first walk enters them and files
/// in the order it reads them (sorted by name at each level). Errors when the folder is neither a
/// package nor a layout, as the CLI refuses it.
#[wasm_bindgen(js_name = folderOrder)]
pub fn folder_order(root: &str, paths: Vec<String>) -> Result<String, JsError> {
    let (dirs, files) = walk_order(root, &paths)?;
    Ok(serde_json::json!({ "dirs": dirs, "files": files }).to_string())
}

/// [`folder_order`] without JS types.
pub fn walk_order(root: &str, paths: &[String]) -> Result<(Vec<String>, Vec<String>), Unusable> {
    const LOOKS_RIGHT: [&str; 7] =
        ["zarf.yaml", "oci-layout", "index.json", "images.tar", "checksums.txt", "components", "sboms.tar"];
    let top = |p: &str| p.split('/').next().unwrap_or(p).to_owned();
    if !paths.iter().any(|p| LOOKS_RIGHT.contains(&top(p).as_str())) {
        return Err(Unusable(format!(
            "{root} is neither a Zarf package (no zarf.yaml) nor an OCI image layout (no oci-layout or index.json)"
        )));
    }
    // Sorted by path components, byte order at each level: the walk's pre-order (a plain string
    // sort would put `a-b/x` before `a/x`, which the walk does not).
    let mut files: Vec<&String> = paths.iter().collect();
    files.sort_by(|a, b| a.split('/').cmp(b.split('/')));
    files.dedup();
    // Directories: every ancestor of a file, in the same pre-order.
    let mut dirs: Vec<Vec<&str>> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for f in &files {
        let parts: Vec<&str> = f.split('/').collect();
        for i in 1..parts.len() {
            if seen.insert(parts[..i].join("/")) {
                dirs.push(parts[..i].to_vec());
            }
        }
    }
    dirs.sort();
    Ok((dirs.into_iter().map(|p| p.join("/")).collect(), files.into_iter().cloned().collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_order_is_the_cli_walk_pre_order_not_a_string_sort() {
        let paths: Vec<String> =
            ["zarf.yaml", "a/x", "a-b/x", "a/b/c", "a.txt", "images/blobs/sha256/ff", "images/index.json"]
                .iter()
                .map(|s| s.to_string())
                .collect();
        let (dirs, files) = walk_order("pkg", &paths).unwrap();
        // The CLI sorts each directory's names by bytes: "a" < "a-b" < "a.txt" < "images" < "zarf.yaml",
        // and enters "a" (with its "b") before "a-b".
        assert_eq!(dirs, ["a", "a/b", "a-b", "images", "images/blobs", "images/blobs/sha256"]);
        assert_eq!(
            files,
            ["a/b/c", "a/x", "a-b/x", "a.txt", "images/blobs/sha256/ff", "images/index.json", "zarf.yaml"]
        );
        assert!(walk_order("pkg", &["notes/readme".to_string()]).is_err());
        assert!(walk_order("pkg", &["components/x.tar".to_string()]).is_ok(), "components/ marks a package");
    }

    #[test]
    fn part_names() {
        assert_eq!(split::part_of("p.tar.zst.part000"), Some(("p.tar.zst", 0)));
        assert_eq!(split::part_of("p.tar.zst.part12"), None);
        assert_eq!(split::part_of("p.tar.zst.partial"), None);
        assert_eq!(split::part_of("p.part1000"), None);
    }
}
