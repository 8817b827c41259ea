//! The push-style streaming verifier: `begin_entry` / `write` / `end_entry` … `finish`.

use crate::diag::Finding;
use crate::digest::MultiHasher;
use crate::path;
use crate::report::Report;
use crate::rules;
pub use crate::store::Options;
use crate::store::{Entry, Store};
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
    /// Keep everything (a known metadata file).
    Always,
    /// Keep if the first non-blank byte is `{` or `[` (a blob that may be a document).
    IfJson,
    No,
}

struct Current {
    path: Option<String>,
    hasher: MultiHasher,
    keep: Keep,
    buf: Vec<u8>,
}

pub struct Verifier {
    opts: Options,
    store: Store,
    findings: Vec<Finding>,
    current: Option<Current>,
    retained: u64,
    bytes_hashed: u64,
    files: u64,
}

/// File names whose bytes are always kept (under the cap): the layout's and the Zarf package's
/// own metadata, by the names the checks that read them use.
fn is_metadata(name: &str) -> bool {
    use crate::zarf::{CHECKSUMS, SIGNATURES, ZARF_YAML};
    matches!(name, "index.json" | "oci-layout") || name == ZARF_YAML || name == CHECKSUMS || SIGNATURES.contains(&name)
}

impl Verifier {
    pub fn new(opts: Options) -> Self {
        Verifier {
            opts,
            store: Store::default(),
            findings: Vec::new(),
            current: None,
            retained: 0,
            bytes_hashed: 0,
            files: 0,
        }
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
        let (sha256, sha512, keep) = match &path {
            Some(p) => {
                let name = p.rsplit('/').next().unwrap_or(p);
                let in_sha512 = p.contains("blobs/sha512/");
                let keep = if is_metadata(name) {
                    Keep::Always
                } else if p.contains("blobs/") {
                    Keep::IfJson
                } else {
                    Keep::No
                };
                (true, in_sha512, keep)
            }
            None => (false, false, Keep::No),
        };
        // A declared size over the cap means the bytes will not be kept; the walker reports it
        // (ZV005) only if it needs the document.
        let keep = if size.is_some_and(|s| s > self.opts.document_cap) { Keep::No } else { keep };
        self.current = Some(Current { path, hasher: MultiHasher::new(sha256, sha512), keep, buf: Vec::new() });
        Ok(())
    }

    /// Feed the next chunk of the open entry (any size, including empty).
    pub fn write(&mut self, chunk: &[u8]) {
        let Some(c) = &mut self.current else { return };
        if c.path.is_none() {
            return;
        }
        c.hasher.update(chunk);
        self.bytes_hashed += chunk.len() as u64;
        if c.keep == Keep::IfJson && c.buf.is_empty() {
            match chunk.iter().find(|b| !b.is_ascii_whitespace()) {
                Some(b'{') | Some(b'[') => {}
                Some(_) => c.keep = Keep::No,
                None => {}
            }
        }
        if c.keep != Keep::No {
            let new_len = c.buf.len() as u64 + chunk.len() as u64;
            if new_len > self.opts.document_cap || self.retained + chunk.len() as u64 > self.opts.total_document_cap {
                self.retained -= c.buf.len() as u64;
                c.buf = Vec::new();
                c.keep = Keep::No;
            } else {
                c.buf.extend_from_slice(chunk);
                self.retained += chunk.len() as u64;
            }
        }
    }

    /// Close the open entry.
    pub fn end_entry(&mut self) -> Result<(), EntryError> {
        let c = self.current.take().ok_or(EntryError::NoEntryOpen)?;
        let Some(path) = c.path else { return Ok(()) };
        self.files += 1;
        let size = c.hasher.len();
        let entry = Entry { size, hashes: c.hasher.finish(), bytes: (c.keep != Keep::No).then_some(c.buf) };
        if let Some(old) = self.store.entries.insert(path.clone(), entry) {
            self.retained -= old.bytes.map_or(0, |b| b.len() as u64);
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
        self.abort_with(&rules::ARCHIVE_CORRUPT, location, reason);
    }

    /// [`Verifier::abort`], filed under `rule` (a stream error's own rule, such as
    /// `ZstdError::rule`: a zstd window over the limit is not corruption).
    pub fn abort_with(&mut self, rule: &'static crate::Rule, location: Option<&str>, reason: &str) {
        if let Some(c) = self.current.take() {
            if let Some(p) = c.path {
                self.retained -= c.buf.len() as u64;
                let stopped =
                    if rule.code == rules::ARCHIVE_CORRUPT.code { "the archive ended" } else { "reading stopped" };
                self.findings.push(
                    Finding::new(
                        rule,
                        format!(
                            "{stopped} inside \"{p}\" after {} of its bytes; this entry was not verified",
                            c.hasher.len()
                        ),
                    )
                    .path(p),
                );
            }
        }
        let mut f = Finding::new(
            rule,
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

    /// A finding from the caller's own checks (split parts, for example).
    pub fn add_finding(&mut self, f: Finding) {
        self.findings.push(f);
    }

    /// The options this verifier was made with (front ends read the stream limits from them).
    pub fn options(&self) -> &Options {
        &self.opts
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
