//! Inside a component tarball (`components/<name>.tar`): what zarf.yaml promises it holds
//! ([`Promises`]), and a push reader that reads it while the package streams ([`ComponentReader`]).
//!
//! Zarf reads a component tarball at deploy with `GetComponentDir` (`src/pkg/packager/layout/
//! package.go`): the same archive code as the package (Go's `archive/tar`), so the reader runs
//! zverify's own tar reader ([`crate::tar::TarReader`]) into a verifier of its own: every tar
//! differential, limit and fault of the package is one of the nested tarball too, reported at
//! `components/<name>.tar!<entry>`. Nothing is extracted and the bytes are read once: each entry is
//! hashed (sha256) as it passes, and only what the checks need is kept, within the document cap
//! and budget: the bytes of manifests, and the `Chart.yaml` of each chart archive (gzip and tar,
//! streamed).

pub(crate) mod chart;
pub mod k8s;
pub(crate) mod promises;

pub use chart::ChartRead;
pub use promises::{beta_chart_version, chart_stem, go_base, ChartPromise, FilePromise, ManifestPromise, Promises};

use crate::diag::Finding;
use crate::path;
use crate::rules;
use crate::store::Options;
pub use crate::store::{ComponentContents, Kept, ViewNode};
use crate::tar::{EntryError, EntrySink, TarReader};
use std::collections::BTreeMap;

/// Whether `path` (in a component tarball) is a manifest: `<component>/manifests/<file>`.
fn is_manifest(path: &str) -> bool {
    let mut parts = path.split('/');
    matches!((parts.next(), parts.next(), parts.next(), parts.next()), (Some(_), Some("manifests"), Some(f), None) if !f.is_empty())
}

/// Whether `path` is a chart archive: `<component>/charts/<file>.tgz`.
fn is_chart(path: &str) -> bool {
    let mut parts = path.split('/');
    matches!((parts.next(), parts.next(), parts.next(), parts.next()), (Some(_), Some("charts"), Some(f), None) if f.ends_with(".tgz"))
}

enum Capture {
    Bytes { path: String, buf: Vec<u8>, size: u64 },
    Chart { path: String, reader: Box<chart::ChartReader> },
}

/// Which nested tarball is read: what its checks keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Nested {
    /// `components/<name>.tar`: manifests and chart archives.
    Component,
    /// `sboms.tar`: the SBOM documents at its top (`<id>.json`).
    Sboms,
}

/// What reads a nested tarball's entries as the package's are read (hashing, names, tar
/// differentials, limits): the package verifier's own kind (`crate::Verifier`), given by the
/// caller, so this reader needs none of it.
pub trait NestedSink: EntrySink {
    /// The tarball failed (`reason`): what was read is kept, and the failure is one finding.
    fn abort(&mut self, reason: crate::fault::StopReason);
    /// The tree an extraction would leave, and the findings, an entry cut short included.
    fn into_tree_and_findings(self) -> (BTreeMap<String, ViewNode>, Vec<Finding>);
}

/// The [`EntrySink`] the nested [`TarReader`] pushes into: a verifier of its own (hashing, names,
/// tar differentials, limits) plus what the checks keep.
struct Collector<I> {
    inner: I,
    capture: Option<Capture>,
    mode: Nested,
    kept: BTreeMap<String, Kept>,
    document_cap: u64,
    /// Bytes of documents this reader may still keep, out of `budget_total`.
    budget: u64,
    budget_total: u64,
}

impl<I: NestedSink> Collector<I> {
    fn start_capture(&mut self, raw: &str) {
        self.capture = None;
        let Some(p) = path::plain_normal(raw).map(str::to_owned).or_else(|| path::normalize(raw).ok()) else {
            return;
        };
        if self.mode == Nested::Sboms {
            if !p.contains('/') && p.ends_with(".json") {
                self.capture = Some(Capture::Bytes { path: p, buf: Vec::new(), size: 0 });
            }
        } else if is_manifest(&p) {
            self.capture = Some(Capture::Bytes { path: p, buf: Vec::new(), size: 0 });
        } else if is_chart(&p) {
            self.capture = Some(Capture::Chart { path: p, reader: Box::default() });
        }
    }
}

impl<I: NestedSink> EntrySink for Collector<I> {
    fn begin_entry(&mut self, raw_path: &str, size: Option<u64>) -> Result<(), EntryError> {
        self.inner.begin_entry(raw_path, size)?;
        self.start_capture(raw_path);
        Ok(())
    }
    fn begin_special_as_file(&mut self, raw_path: &str, kind: rules::SpecialKind, size: u64) -> Result<(), EntryError> {
        self.inner.begin_special_as_file(raw_path, kind, size)?;
        self.start_capture(raw_path);
        Ok(())
    }
    fn write(&mut self, chunk: &[u8]) {
        self.inner.write(chunk);
        match &mut self.capture {
            Some(Capture::Bytes { buf, size, .. }) => {
                *size += chunk.len() as u64;
                if *size <= self.document_cap.min(self.budget) {
                    buf.extend_from_slice(chunk);
                } else {
                    *buf = Vec::new();
                }
            }
            Some(Capture::Chart { reader, .. }) => reader.feed(chunk),
            None => {}
        }
    }
    fn skip(&mut self, n: u64) {
        // Never called: nothing in a component tarball is hashed elsewhere. Counted as read, and
        // a capture cut short is dropped rather than kept incomplete.
        self.inner.skip(n);
        self.capture = None;
    }
    fn end_entry(&mut self) -> Result<(), EntryError> {
        self.inner.end_entry()?;
        match self.capture.take() {
            Some(Capture::Bytes { path, buf, size }) => {
                let limit = self.document_cap.min(self.budget);
                let kept = if size <= limit {
                    self.budget -= size;
                    Kept::Bytes(buf)
                } else {
                    let budget = size <= self.document_cap;
                    Kept::TooLarge { size, limit: if budget { self.budget_total } else { self.document_cap }, budget }
                };
                if let Some(Kept::Bytes(old)) = self.kept.insert(path, kept) {
                    self.budget += old.len() as u64;
                }
            }
            Some(Capture::Chart { path, reader }) => {
                self.kept.insert(path, Kept::Chart(reader.finish()));
            }
            None => {}
        }
        Ok(())
    }
    fn add_directory(&mut self, raw_path: &str) {
        self.inner.add_directory(raw_path)
    }
    fn add_link(&mut self, raw_path: &str, target: &str, hard: bool) {
        self.inner.add_link(raw_path, target, hard)
    }
    fn add_unverified(&mut self, raw_path: &str) {
        self.inner.add_unverified(raw_path)
    }
    fn add_finding(&mut self, f: Finding) {
        self.inner.add_finding(f)
    }
    fn note_missing_end(&mut self, offset: u64) {
        self.inner.note_missing_end(offset)
    }
}

/// Reads one `components/<name>.tar` as its bytes stream through the package: [`feed`] each
/// chunk, then [`finish`].
///
/// [`feed`]: ComponentReader::feed
/// [`finish`]: ComponentReader::finish
pub struct ComponentReader<I> {
    /// The tarball's path in the package (`components/<name>.tar`): findings are under it.
    at: String,
    tar: TarReader,
    sink: Collector<I>,
    failed: bool,
}

impl<I: NestedSink> ComponentReader<I> {
    /// A reader for the tarball at `at` in the package. It keeps at most `opts.document_cap` bytes
    /// of one manifest and `budget` bytes of manifests in all; names and entries are bounded as
    /// the package's are (`opts.max_name_length`, `opts.max_entries`).
    /// The reader for the package entry at `path`, if it is a nested tarball zverify reads: a
    /// component tarball, or `sboms.tar`.
    /// `inner` makes the verifier of its entries from the options this reader gives it.
    pub fn for_entry(path: &str, opts: &Options, budget: u64, inner: impl FnOnce(Options) -> I) -> Option<Self> {
        let mode = if component_of(path).is_some() {
            Nested::Component
        } else if path == SBOMS {
            Nested::Sboms
        } else {
            return None;
        };
        let mut r = ComponentReader::new(path, opts, budget, inner);
        r.sink.mode = mode;
        Some(r)
    }

    fn new(at: &str, opts: &Options, budget: u64, inner: impl FnOnce(Options) -> I) -> Self {
        // The inner verifier keeps no document: manifests are kept here, charts read here.
        let inner = inner(Options {
            document_cap: 0,
            total_document_cap: 0,
            metadata_budget: 0,
            max_entries: opts.max_entries,
            max_name_length: opts.max_name_length,
            ..Options::default()
        });
        ComponentReader {
            at: at.to_owned(),
            tar: TarReader::new(),
            sink: Collector {
                inner,
                capture: None,
                mode: Nested::Component,
                kept: BTreeMap::new(),
                document_cap: opts.document_cap,
                budget,
                budget_total: opts.total_document_cap,
            },
            failed: false,
        }
    }

    /// The next bytes of the tarball.
    pub fn feed(&mut self, chunk: &[u8]) {
        if self.failed {
            return;
        }
        if let Err(e) = self.tar.feed(chunk, &mut self.sink) {
            self.fail(&e);
        }
    }

    fn fail(&mut self, e: &crate::tar::TarError) {
        self.failed = true;
        self.sink.capture = None;
        self.sink.inner.abort(crate::fault::StopReason::Tar(e.clone()));
    }

    /// The tarball ended: what its checks need.
    pub fn finish(mut self) -> ComponentContents {
        if !self.failed {
            if let Err(e) = self.tar.finish(&mut self.sink) {
                self.fail(&e);
            }
        }
        let (tree, findings) = self.sink.inner.into_tree_and_findings();
        let at = &self.at;
        let findings = findings
            .into_iter()
            .map(|mut f| {
                f.path = Some(match f.path.take() {
                    Some(p) => format!("{at}!{p}"),
                    None => at.clone(),
                });
                f
            })
            .collect();
        ComponentContents { tree, findings, kept: self.sink.kept }
    }

    /// Bytes of manifests kept so far (charged against the caller's budget).
    pub fn kept_bytes(&self) -> u64 {
        self.sink
            .kept
            .values()
            .map(|k| match k {
                Kept::Bytes(b) => b.len() as u64,
                _ => 0,
            })
            .sum()
    }
}

/// The SBOM tarball at the package root (Zarf's `layout.go`: `SBOMTar`).
pub const SBOMS: &str = "sboms.tar";

/// `components/<name>.tar` → `<name>`, for a tarball directly under `components/`.
pub fn component_of(path: &str) -> Option<&str> {
    let name = path.strip_prefix("components/")?.strip_suffix(".tar")?;
    (!name.is_empty() && !name.contains('/')).then_some(name)
}
