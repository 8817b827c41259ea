//! # zverify-wasm
//!
//! The checker page's WebAssembly face: a thin wasm-bindgen layer over `zverify-core`. The page's
//! Web Worker reads the user's files (a `.tar`, a `.tar.zst`, the parts of a split package, or a
//! folder) and pushes the bytes in here; the archive reading is the core's
//! [`ArchiveReader`](zverify_core::archive::ArchiveReader), the verdict the core's [`Report`], and
//! the JSON, SARIF and text the core's renderers — the same code the `zverify` CLI runs, so the page
//! and `zverify check --format json` give the same report.
//!
//! Nothing is decided here: a [`Checker`] is the core's [`Session`], the same one the CLI drives.
//! The page's worker asks [`Checker::next`] what to do and does it (read bytes, hash a range in a
//! hashing worker, read the input again); how the check ends — the report, or why there is none
//! ([`Unusable`], the CLI's exit code 2) — is the session's. Methods return Rust results, so the
//! native drift test (tests/tests/drift.rs) drives this very type beside the CLI.

use std::collections::VecDeque;
use wasm_bindgen::prelude::*;
use zverify_core::archive::ArchiveKind;
use zverify_core::session::{self, Input, Need, Session};
use zverify_core::{rules, EntryDigest, EntryHasher, EntryPlan, Handout, Options, Report};

/// Files and entries at least this large are hashed in hashing workers (the core's threshold).
#[wasm_bindgen(js_name = handOutMin)]
pub fn hand_out_min() -> f64 {
    session::HAND_OUT_MIN as f64
}

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

/// Why a check cannot run or go on: the core's [`zverify_core::Unusable`] (no report, the CLI's
/// exit code 2), or a call the page made wrongly. Thrown to JavaScript as an `Error`.
#[derive(Debug, Clone, PartialEq)]
pub enum CheckError {
    Unusable(zverify_core::Unusable),
    /// The page gave an option the CLI would refuse, or called out of turn (its words).
    Call(String),
}

impl std::fmt::Display for CheckError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CheckError::Unusable(u) => u.fmt(f),
            CheckError::Call(why) => f.write_str(why),
        }
    }
}

impl From<zverify_core::Unusable> for CheckError {
    fn from(u: zverify_core::Unusable) -> Self {
        CheckError::Unusable(u)
    }
}

impl From<CheckError> for JsValue {
    fn from(e: CheckError) -> JsValue {
        JsError::new(&e.to_string()).into()
    }
}

/// Options as the CLI's flags set them; `None` (JS `undefined`) keeps the default. The key is
/// parsed here, once, as the CLI parses `--key`: a key that cannot be used stops the check.
fn options(document_cap: Option<f64>, key_pem: Option<String>) -> Result<Options, CheckError> {
    // ruzstd, the decoder a browser has: natively (the drift test) the page's layer then decodes
    // as it does in the page, and the drift test compares libzstd's reports with ruzstd's.
    let mut opts = Options { zstd_decoder: zverify_core::zstd::ZstdDecoder::PureRust, ..Options::default() };
    if let Some(cap) = document_cap {
        if !(cap.is_finite() && cap >= 1.0 && cap.fract() == 0.0 && cap <= 9_007_199_254_740_991.0) {
            return Err(CheckError::Call(format!("the document cap must be a whole number of bytes, not {cap}")));
        }
        opts.document_cap = cap as u64;
    }
    if let Some(pem) = key_pem.filter(|k| !k.trim().is_empty()) {
        let key = zverify_core::zarf::signature::PublicKey::from_pem(pem.as_bytes())
            .map_err(zverify_core::Unusable::BadKey)?;
        opts.signing_key = Some(key);
    }
    Ok(opts)
}

/// One check: the core's session, as the page's worker drives it.
#[wasm_bindgen]
pub struct Checker {
    s: Option<Session>,
    /// Push mode: the session's handouts not yet taken by the page, and the bytes of the last
    /// `data` one [`Checker::next_handout`] returned.
    handouts: VecDeque<Handout>,
    handout_bytes: Vec<u8>,
    /// Folder mode: the files in the order the session reads them, and the directories.
    order: Option<(Vec<String>, Vec<String>)>,
}

fn gone() -> CheckError {
    CheckError::Call("the check has finished".into())
}

#[wasm_bindgen]
impl Checker {
    /// A `.tar` or `.tar.zst` named `target` (the name the report carries), its bytes fed in order.
    /// `document_cap` is the CLI's `--document-cap`; `key_pem` its `--key` (the PEM text).
    #[wasm_bindgen(constructor)]
    pub fn new(target: &str, document_cap: Option<f64>, key_pem: Option<String>) -> Result<Checker, CheckError> {
        Ok(Checker::of(Session::new(target, options(document_cap, key_pem)?, Input::Stream)))
    }

    /// A folder (an unpacked package) named `root` whose files are `paths` (relative, `/`-separated):
    /// push [`Checker::dirs`] with `add_directory`, then the files in [`Checker::files`]' order with
    /// `begin_entry` / `write` / `end_entry`, then `end_input`. Refused when the folder is neither a
    /// package nor a layout.
    pub fn folder(
        root: &str,
        paths: Vec<String>,
        document_cap: Option<f64>,
        key_pem: Option<String>,
    ) -> Result<Checker, CheckError> {
        let order = session::folder_order(root, &paths)?;
        let mut c = Checker::of(Session::new(root, options(document_cap, key_pem)?, Input::Folder));
        c.order = Some(order);
        Ok(c)
    }

    /// Folder mode: the directories, in the order the CLI's walk enters them.
    pub fn dirs(&self) -> Vec<String> {
        self.order.as_ref().map(|(d, _)| d.clone()).unwrap_or_default()
    }

    /// Folder mode: the files, in the order the CLI reads them.
    pub fn files(&self) -> Vec<String> {
        self.order.as_ref().map(|(_, f)| f.clone()).unwrap_or_default()
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
    ) -> Result<Checker, CheckError> {
        let opts = options(document_cap, key_pem)?;
        let files: Vec<(String, u64)> = names.into_iter().zip(sizes.into_iter().map(|s| s as u64)).collect();
        Ok(Checker::of(Session::split_selected(&files, meta, opts)?))
    }

    /// An uncompressed `.tar` of `size` bytes read by offset, so that large entries are hashed in
    /// parallel workers (the CLI's path for a `.tar`): follow [`Checker::next`].
    #[wasm_bindgen(js_name = seekTar)]
    pub fn seek_tar(
        target: &str,
        size: f64,
        document_cap: Option<f64>,
        key_pem: Option<String>,
    ) -> Result<Checker, CheckError> {
        let opts = options(document_cap, key_pem)?;
        Ok(Checker::of(Session::new(target, opts, Input::Seek { len: size as u64 })))
    }

    /// Verify a keyless signature (`zarf.bundle.sig` with a Fulcio certificate): the signer's
    /// identity and OIDC issuer, each exact or a regular expression (the CLI's
    /// `--certificate-identity[-regexp]`, `--certificate-oidc-issuer[-regexp]`), a
    /// trusted_root.json's bytes (`undefined`: the embedded public-good root), and whether to skip
    /// the transparency log (then `now_secs`, the page's clock, is the signing time). Call before
    /// feeding; empty strings count as not given. The core decides what makes a usable policy.
    #[allow(clippy::too_many_arguments)]
    pub fn keyless(
        &mut self,
        identity: Option<String>,
        identity_regexp: Option<String>,
        issuer: Option<String>,
        issuer_regexp: Option<String>,
        trusted_root: Option<Vec<u8>>,
        insecure_ignore_tlog: bool,
        now_secs: Option<f64>,
    ) -> Result<(), CheckError> {
        let given = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
        let (identity, identity_regexp, issuer, issuer_regexp) =
            (given(&identity), given(&identity_regexp), given(&issuer), given(&issuer_regexp));
        let request = zverify_core::sigstore::PolicyRequest {
            identity: identity.as_deref(),
            identity_regexp: identity_regexp.as_deref(),
            issuer: issuer.as_deref(),
            issuer_regexp: issuer_regexp.as_deref(),
            trusted_root: trusted_root.as_deref(),
            insecure_ignore_tlog,
            now: now_secs.map(|n| n as i64),
        };
        let policy = request.policy().map_err(zverify_core::Unusable::Keyless)?;
        if let (Some(policy), Some(s)) = (policy, self.s.as_mut()) {
            s.keyless(policy);
        }
        Ok(())
    }

    /// Ask whether this Zarf version (e.g. `v0.76.0`) can deploy the package (the CLI's
    /// `--zarf-version`). Call before feeding; an empty string asks nothing.
    #[wasm_bindgen(js_name = zarfVersion)]
    pub fn zarf_version(&mut self, version: &str) -> Result<(), CheckError> {
        let (v, Some(s)) = (version.trim(), self.s.as_mut()) else { return Ok(()) };
        if v.is_empty() {
            return Ok(());
        }
        Ok(s.zarf_version(v)?)
    }

    /// What to do next, as JSON: `{"input":true}` (feed the input's bytes in order, then
    /// `endInput`; a folder: push its entries, then `endInput`), `{"read":[offset,len]}` (read those
    /// bytes, then `supply`), `{"hand":{"plan":…,"offset":…,"len":…}}` (hash that range in a
    /// worker; its digest goes to `complete`), `{"reread":[paths]}` (read the input again from its
    /// start through `feed`, then `endInput`; a folder: `supplyDocument` each path, then
    /// `endInput`), `{"finish":true}` (every handed-out digest is back: `finish`).
    // The session's `next`, as JSON; not an iterator.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> String {
        let Some(s) = self.s.as_mut() else { return r#"{"finish":true}"#.into() };
        match s.next() {
            Need::Input => r#"{"input":true}"#.into(),
            Need::Read { offset, len } => serde_json::json!({ "read": [offset, len] }).to_string(),
            Need::Hash { hasher, offset, len } => {
                serde_json::json!({ "hand": { "plan": hasher.plan(), "offset": offset, "len": len } }).to_string()
            }
            Need::Reread { paths } => serde_json::json!({ "reread": paths }).to_string(),
            Need::Finish => r#"{"finish":true}"#.into(),
        }
    }

    /// The bytes a `read` step asked for (fewer than `asked` at the end of the file).
    pub fn supply(&mut self, bytes: &[u8], asked: f64) {
        if let Some(s) = &mut self.s {
            s.supply(bytes, asked as usize);
        }
    }

    /// A handed-out range's digest (JSON from [`RangeHasher::finish`]), in any order.
    pub fn complete(&mut self, digest_json: &str) -> Result<(), CheckError> {
        let d: EntryDigest = serde_json::from_str(digest_json).map_err(|e| CheckError::Call(e.to_string()))?;
        if let Some(s) = &mut self.s {
            s.complete(d);
        }
        Ok(())
    }

    /// The files to stream, in order (split packages: the data parts present; nothing to stream when
    /// the package is refused before reading, e.g. too many parts).
    pub fn parts(&self) -> Vec<String> {
        self.s.as_ref().map(|s| s.parts().into_iter().map(|(n, _)| n).collect()).unwrap_or_default()
    }

    /// Push the next chunk of the input. Returns `false` once no more bytes are needed.
    pub fn feed(&mut self, chunk: &[u8]) -> bool {
        let Some(s) = self.s.as_mut() else { return false };
        let queue = &mut self.handouts;
        s.feed_draining(chunk, &mut |h| queue.extend(h))
    }

    /// The input's bytes ended (a folder: its entries were all pushed; a second read: it ended).
    #[wasm_bindgen(js_name = endInput)]
    pub fn end_input(&mut self) {
        if let Some(s) = &mut self.s {
            s.end_input();
            self.handouts.extend(s.take_handouts());
        }
    }

    /// Push mode for a `.tar` / `.tar.zst` fed with [`Checker::feed`]: from now on large entries
    /// whose bytes need not be kept are handed out as they stream by, so hashing workers hash them
    /// while this worker decompresses. After each `feed` (and after `endInput`), take the handouts
    /// with [`Checker::next_handout`].
    #[wasm_bindgen(js_name = pushMode)]
    pub fn push_mode(&mut self) {
        if let Some(s) = &mut self.s {
            s.push_mode();
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
    /// hashing worker. Returns the worker's plan as JSON, or `undefined` when the file is small or
    /// its bytes are kept (then write them here as usual). After a plan, end the entry; the worker
    /// reads the file itself and its digest goes to [`Checker::complete`].
    #[wasm_bindgen(js_name = handOut)]
    pub fn hand_out(&mut self, head: &[u8], size: f64) -> Option<String> {
        let hasher = self.s.as_mut()?.hand_out_file(head, size as u64)?;
        Some(serde_json::to_string(&hasher.plan()).unwrap_or_default())
    }

    /// A second read's document, read again from its file (up to the document cap + 1 bytes).
    #[wasm_bindgen(js_name = supplyDocument)]
    pub fn supply_document(&mut self, path: &str, bytes: Vec<u8>) {
        if let Some(s) = &mut self.s {
            s.supply_document(path, bytes);
        }
    }

    /// The most bytes of one document the verifier keeps (`--document-cap`).
    #[wasm_bindgen(js_name = documentCap)]
    pub fn document_cap(&self) -> f64 {
        self.s.as_ref().map_or(0.0, |s| s.options().document_cap as f64)
    }

    /// Folder mode: a directory (as the CLI's walk reports each one it enters).
    #[wasm_bindgen(js_name = addDirectory)]
    pub fn add_directory(&mut self, path: &str) {
        if let Some(s) = &mut self.s {
            s.verifier().add_directory(path);
        }
    }

    /// Folder mode: start a file of `size` bytes.
    #[wasm_bindgen(js_name = beginEntry)]
    pub fn begin_entry(&mut self, path: &str, size: f64) -> Result<(), CheckError> {
        let s = self.s.as_mut().ok_or_else(gone)?;
        s.verifier().begin_entry(path, Some(size as u64)).map_err(|e| CheckError::Call(e.to_string()))
    }

    /// Folder mode: the next bytes of the open file.
    pub fn write(&mut self, chunk: &[u8]) {
        if let Some(s) = &mut self.s {
            s.verifier().write(chunk);
        }
    }

    /// Folder mode: the open file ended.
    #[wasm_bindgen(js_name = endEntry)]
    pub fn end_entry(&mut self) -> Result<(), CheckError> {
        let s = self.s.as_mut().ok_or_else(gone)?;
        s.verifier().end_entry().map_err(|e| CheckError::Call(e.to_string()))
    }

    /// Folder mode: a file could not be read (the browser refused it): the report says so.
    #[wasm_bindgen(js_name = addUnreadable)]
    pub fn add_unreadable(&mut self, path: &str, why: &str) {
        if let Some(s) = &mut self.s {
            s.verifier().add_unreadable(path, why);
        }
    }

    /// Bytes hashed so far.
    #[wasm_bindgen(js_name = bytesHashed)]
    pub fn bytes_hashed(&self) -> f64 {
        self.s.as_ref().map_or(0.0, |s| s.bytes_hashed() as f64)
    }

    /// Finish: the report, or why there is none (the CLI's exit code 2).
    pub fn finish(&mut self) -> Result<Outcome, CheckError> {
        let s = self.s.take().ok_or_else(|| CheckError::Call("the check has already finished".into()))?;
        let mut report = s.finish()?;
        // The CLI's gate with no zverify.toml and no flags: no overrides, --fail-on error.
        report.apply_gate(&zverify_core::overrides::Overrides::default(), zverify_core::FailOn::Error);
        Ok(Outcome { report })
    }
}

impl Checker {
    fn of(s: Session) -> Checker {
        Checker { s: Some(s), handouts: VecDeque::new(), handout_bytes: Vec::new(), order: None }
    }
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
