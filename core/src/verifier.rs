//! The push-style streaming verifier: `begin_entry` / `write` / `end_entry` … `finish`.

use crate::diag::Finding;
use crate::digest::MultiHasher;
use crate::path;
use crate::report::Report;
use crate::rules;
pub use crate::store::{defaults, Options};
use crate::store::{Dropped, Entry, Store};
use crate::zarf::checksums_stream::ChecksumsStream;
use std::fmt;

/// Misuse of the push API (a bug in the caller, not a problem with the input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryError {
    EntryAlreadyOpen(String),
    NoEntryOpen,
}

impl fmt::Display for EntryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EntryError::EntryAlreadyOpen(p) => write!(f, "begin_entry called while entry {p} is still open"),
            EntryError::NoEntryOpen => f.write_str("end_entry called with no entry open"),
        }
    }
}

impl std::error::Error for EntryError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// A metadata file of the package or layout: kept whole (under the per-document cap), from
    /// the metadata budget.
    Metadata,
    /// checksums.txt at the root: parsed line by line as it streams, never kept whole.
    Checksums,
    /// A blob: kept if its first non-blank byte is `{` or `[` (it may be a document), from the
    /// document budget.
    IfJson,
    No,
}

struct Current {
    path: Option<String>,
    hasher: MultiHasher,
    keep: Keep,
    /// Why the bytes are no longer being kept, once they are not.
    dropped: Option<Dropped>,
    buf: Vec<u8>,
    checksums: Option<ChecksumsStream>,
}

pub struct Verifier {
    opts: Options,
    store: Store,
    findings: Vec<Finding>,
    current: Option<Current>,
    /// Bytes kept of blob documents (`Options::total_document_cap`).
    retained: u64,
    /// Bytes kept of metadata files (`Options::metadata_budget`).
    retained_metadata: u64,
    bytes_hashed: u64,
    files: u64,
    /// Collecting mode (`Verifier::collector`): keep the bytes of these paths only.
    only: Option<std::collections::BTreeSet<String>>,
}

/// Paths whose bytes are always inspected: the Zarf package's own metadata at the root, and each
/// image layout's `index.json` and `oci-layout` (a layout's root is wherever they are).
fn is_metadata(path: &str) -> bool {
    use crate::zarf::{SIGNATURES, ZARF_YAML};
    let name = path.rsplit('/').next().unwrap_or(path);
    matches!(name, "index.json" | "oci-layout") || path == ZARF_YAML || SIGNATURES.contains(&path)
}

/// How an entry at `path` is kept, and the hashers it needs: sha256 always (checksums.txt lists
/// sha256), plus the blob's own algorithm under `blobs/<alg>/`.
fn plan(path: &str) -> (MultiHasher, Keep) {
    let keep = if path == crate::zarf::CHECKSUMS {
        Keep::Checksums
    } else if is_metadata(path) {
        Keep::Metadata
    } else if path.contains("blobs/") {
        Keep::IfJson
    } else {
        Keep::No
    };
    let blob_alg = path
        .rfind("blobs/")
        .and_then(|i| path[i + 6..].split_once('/'))
        .and_then(|(alg, _)| crate::digest::Algorithm::from_name(alg));
    (MultiHasher::with(true, blob_alg), keep)
}

impl Verifier {
    pub fn new(opts: Options) -> Self {
        Verifier {
            opts,
            store: Store::default(),
            findings: Vec::new(),
            current: None,
            retained: 0,
            retained_metadata: 0,
            bytes_hashed: 0,
            files: 0,
            only: None,
        }
    }

    /// A verifier that only collects the bytes of `paths` (up to the document cap each) from a
    /// second read of the source, for [`Verifier::supply_document`]; it hashes nothing else and its
    /// findings are not a report.
    pub fn collector(paths: impl IntoIterator<Item = String>, document_cap: u64) -> Self {
        let mut v = Verifier::new(Options {
            document_cap,
            total_document_cap: u64::MAX,
            metadata_budget: u64::MAX,
            ..Options::default()
        });
        v.only = Some(paths.into_iter().collect());
        v
    }

    /// What a [`Verifier::collector`] collected: (path, bytes).
    pub fn into_collected(self) -> Vec<(String, Vec<u8>)> {
        self.store.entries.into_iter().filter_map(|(p, e)| Some((p, e.bytes?))).collect()
    }

    /// Start a regular file. `size` is the length the container declared, if it knows it.
    pub fn begin_entry(&mut self, raw_path: &str, size: Option<u64>) -> Result<(), EntryError> {
        if let Some(c) = &self.current {
            return Err(EntryError::EntryAlreadyOpen(c.path.clone().unwrap_or_default()));
        }
        let path = match path::normalize(raw_path) {
            Ok(p) if p.is_empty() => None,
            Ok(p) => Some(p),
            Err(why) => {
                self.findings.push(
                    Finding::new(
                        &rules::UNSAFE_PATH,
                        format!("the entry \"{}\" was not read because {why}", raw_path.escape_debug()),
                    )
                    .path(raw_path.escape_debug().to_string()),
                );
                None
            }
        };
        self.current = Some(self.open(path, size));
        Ok(())
    }

    /// The state of a newly opened entry (`None`: an entry that is not read).
    fn open(&self, path: Option<String>, size: Option<u64>) -> Current {
        let (hasher, keep) = match (&path, &self.only) {
            (Some(p), Some(only)) if only.contains(p) => (MultiHasher::new(false, false), Keep::Metadata),
            (Some(_), Some(_)) | (None, _) => (MultiHasher::new(false, false), Keep::No),
            (Some(p), None) => plan(p),
        };
        let mut c = Current { path, hasher, keep, dropped: None, buf: Vec::new(), checksums: None };
        if keep == Keep::Checksums {
            c.checksums = Some(ChecksumsStream::new(self.opts.metadata_budget));
        } else if keep != Keep::No && size.is_some_and(|s| s > self.opts.document_cap) {
            // A declared size over the cap: the bytes will not be kept; the reconciliation reports
            // it if it needs the document.
            c.keep = Keep::No;
            c.dropped = Some(Dropped::OverCap);
        }
        c
    }

    /// Feed the next chunk of the open entry (any size, including empty).
    pub fn write(&mut self, chunk: &[u8]) {
        let Some(c) = &mut self.current else { return };
        if c.path.is_none() {
            return;
        }
        c.hasher.update(chunk);
        self.bytes_hashed += chunk.len() as u64;
        if let Some(stream) = &mut c.checksums {
            stream.feed(chunk);
            return;
        }
        if c.keep == Keep::IfJson && c.buf.is_empty() {
            match chunk.iter().find(|b| !b.is_ascii_whitespace()) {
                Some(b'{') | Some(b'[') => {}
                Some(b) => {
                    c.keep = Keep::No;
                    c.dropped = Some(Dropped::NotJson(*b));
                }
                None => {}
            }
        }
        if c.keep == Keep::No {
            return;
        }
        let metadata = c.keep == Keep::Metadata;
        let (retained, budget) = if metadata {
            (&mut self.retained_metadata, self.opts.metadata_budget)
        } else {
            (&mut self.retained, self.opts.total_document_cap)
        };
        let new_len = c.buf.len() as u64 + chunk.len() as u64;
        let dropped = if new_len > self.opts.document_cap {
            Some(Dropped::OverCap)
        } else if *retained + chunk.len() as u64 > budget {
            Some(Dropped::OverBudget { metadata })
        } else {
            None
        };
        match dropped {
            Some(why) => {
                *retained -= c.buf.len() as u64;
                c.buf = Vec::new();
                c.keep = Keep::No;
                c.dropped = Some(why);
            }
            None => {
                c.buf.extend_from_slice(chunk);
                *retained += chunk.len() as u64;
            }
        }
    }

    /// Give back the budget `bytes` of the entry at `path` used.
    fn release(&mut self, path: &str, bytes: &[u8]) {
        let n = bytes.len() as u64;
        // Saturating: a collector keeps blob paths as metadata.
        if is_metadata(path) {
            self.retained_metadata = self.retained_metadata.saturating_sub(n);
        } else {
            self.retained = self.retained.saturating_sub(n);
        }
    }

    /// Close the open entry.
    pub fn end_entry(&mut self) -> Result<(), EntryError> {
        let c = self.current.take().ok_or(EntryError::NoEntryOpen)?;
        let Some(path) = c.path else { return Ok(()) };
        self.files += 1;
        let size = c.hasher.len();
        if let Some(mut stream) = c.checksums {
            stream.finish();
            self.store.checksums = Some(stream);
        }
        let bytes = (c.keep != Keep::No && c.keep != Keep::Checksums).then_some(c.buf);
        let entry = Entry { size, hashes: c.hasher.finish(), bytes, dropped: c.dropped };
        if let Some(old) = self.store.entries.insert(path.clone(), entry) {
            if let Some(b) = &old.bytes {
                self.release(&path, b);
            }
            self.findings.push(
                Finding::new(
                    &rules::DUPLICATE_ENTRY,
                    format!("\"{path}\" appears more than once in the archive; the last copy was verified"),
                )
                .path(path),
            );
        }
        Ok(())
    }

    /// A directory entry (so that empty directories such as `blobs/` are known).
    pub fn add_directory(&mut self, raw_path: &str) {
        match path::normalize(raw_path) {
            Ok(p) if p.is_empty() => {}
            Ok(p) => {
                self.store.dirs.insert(p);
            }
            Err(why) => self.findings.push(
                Finding::new(
                    &rules::UNSAFE_PATH,
                    format!("the directory entry \"{}\" was ignored because {why}", raw_path.escape_debug()),
                )
                .path(raw_path.escape_debug().to_string()),
            ),
        }
    }

    /// A symbolic or hard link entry: reported, never followed.
    pub fn add_link(&mut self, raw_path: &str, target: &str, hard: bool) {
        let kind = if hard { "hard link" } else { "symbolic link" };
        self.findings.push(
            Finding::new(
                &rules::LINK_ENTRY,
                format!(
                    "\"{}\" is a {kind} to \"{}\"; it was not followed",
                    raw_path.escape_debug(),
                    target.escape_debug()
                ),
            )
            .path(raw_path.escape_debug().to_string()),
        );
    }

    /// Any other entry type (device, FIFO, …): reported and skipped.
    pub fn add_special(&mut self, raw_path: &str, kind: &str) {
        self.findings.push(
            Finding::new(
                &rules::UNSUPPORTED_ENTRY,
                format!("\"{}\" is a {kind} entry; it was skipped", raw_path.escape_debug()),
            )
            .path(raw_path.escape_debug().to_string()),
        );
    }

    /// The source failed (truncated or corrupt archive). Verification of what was read goes on,
    /// but the report says where it stopped.
    pub fn abort(&mut self, location: Option<&str>, reason: &str) {
        if let Some(c) = self.current.take() {
            if let Some(p) = c.path {
                self.release(&p, &c.buf);
                self.findings.push(
                    Finding::new(
                        &rules::ARCHIVE_CORRUPT,
                        format!(
                            "the archive ended inside \"{p}\" after {} of its bytes; this entry was not verified",
                            c.hasher.len()
                        ),
                    )
                    .path(p),
                );
            }
        }
        let mut f = Finding::new(
            &rules::ARCHIVE_CORRUPT,
            format!(
                "{reason}; verification stopped after {} complete entries and {} bytes",
                self.files, self.bytes_hashed
            ),
        );
        if let Some(l) = location {
            f = f.path(l);
        }
        self.findings.push(f);
    }

    /// The archive ended on an entry boundary without its end-of-archive marker.
    pub fn note_missing_end(&mut self, offset: u64) {
        self.findings.push(Finding::new(
            &rules::ARCHIVE_END_MISSING,
            format!(
                "the archive ends at byte {offset} without the end-of-archive marker, after {} complete entries",
                self.files
            ),
        ));
    }

    /// Documents zverify needs but could not keep within its budgets (`--document-budget`,
    /// `--metadata-budget`), by path. A caller that can read its source again (a file, a
    /// directory) hands them back with [`Verifier::supply_document`], then asks again: what a
    /// supplied document references may be wanted next. To make room, the bytes of blobs that no
    /// check reads are released first. Callers that cannot read again simply do not ask: the
    /// documents are then reported as not inspected (ZV005).
    pub fn wanted_documents(&mut self) -> Vec<String> {
        // Almost always nothing was kept out: then no second walk is spent finding out what is.
        if !self.store.entries.values().any(|e| matches!(e.dropped, Some(Dropped::OverBudget { .. }))) {
            return Vec::new();
        }
        let (needed, mut wanted) = crate::reconcile::documents_needed(&self.store, &self.opts);
        for (path, e) in &self.store.entries {
            if is_metadata(path) && matches!(e.dropped, Some(Dropped::OverBudget { .. })) {
                wanted.insert(path.clone());
            }
        }
        if wanted.is_empty() {
            return Vec::new();
        }
        for (path, e) in self.store.entries.iter_mut() {
            if is_metadata(path) || needed.contains(path) {
                continue;
            }
            if let Some(b) = e.bytes.take() {
                self.retained -= b.len() as u64;
                e.dropped = Some(Dropped::OverBudget { metadata: false });
            }
        }
        wanted.into_iter().collect()
    }

    /// The bytes of a document [`Verifier::wanted_documents`] asked for, read again from the
    /// source. They are kept only if they are the bytes that streamed through (same size and
    /// sha256) and fit the budget; returns whether they were kept.
    pub fn supply_document(&mut self, path: &str, bytes: Vec<u8>) -> bool {
        let metadata = is_metadata(path);
        let Some(e) = self.store.entries.get_mut(path) else { return false };
        if e.bytes.is_some() || !matches!(e.dropped, Some(Dropped::OverBudget { .. })) {
            return false;
        }
        let same = bytes.len() as u64 == e.size
            && e.hashes.sha256.as_deref()
                == Some(crate::digest::digest_bytes(crate::digest::Algorithm::Sha256, &bytes).encoded());
        let (retained, budget) = if metadata {
            (&mut self.retained_metadata, self.opts.metadata_budget)
        } else {
            (&mut self.retained, self.opts.total_document_cap)
        };
        if !same || *retained + e.size > budget {
            return false;
        }
        *retained += e.size;
        e.bytes = Some(bytes);
        e.dropped = None;
        true
    }

    /// A finding from the caller's own checks (split parts, for example).
    pub fn add_finding(&mut self, f: Finding) {
        self.findings.push(f);
    }

    /// `Options::document_cap`: the most a second read of one document needs.
    pub fn document_cap(&self) -> u64 {
        self.opts.document_cap
    }

    pub fn bytes_hashed(&self) -> u64 {
        self.bytes_hashed
    }
    pub fn files(&self) -> u64 {
        self.files
    }

    /// Reconcile everything and produce the report. `target` names the input in the report.
    pub fn finish(mut self, target: &str) -> Report {
        if let Some(c) = self.current.take() {
            if let Some(p) = c.path {
                self.findings.push(
                    Finding::new(&rules::ARCHIVE_CORRUPT, format!("the input ended while \"{p}\" was still open"))
                        .path(p),
                );
            }
        }
        let (blobs_verified, package) = crate::reconcile::reconcile(&self.store, &self.opts, &mut self.findings);
        Report::new(target, self.findings, self.files, blobs_verified, self.bytes_hashed, package)
    }
}
