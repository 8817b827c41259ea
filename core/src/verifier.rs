//! The push-style streaming verifier: `begin_entry` / `write` / `end_entry` … `finish`.

use crate::diag::Finding;
use crate::digest::MultiHasher;
use crate::entry::{EntryDigest, EntryHasher, Handout};
use crate::path;
use crate::report::Report;
use crate::rules;
pub use crate::store::{defaults, Options, ViewNode};
use crate::store::{Dropped, Entry, Store};
use crate::tar::{EntryError, EntrySink};
use crate::zarf::checksums_stream::ChecksumsStream;
use std::collections::BTreeMap;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntryKind {
    File,
    Directory,
    Link,
    Other,
}

impl EntryKind {
    fn noun(self) -> &'static str {
        match self {
            EntryKind::File => "entry",
            EntryKind::Directory => "directory entry",
            EntryKind::Link => "link",
            EntryKind::Other => "special entry",
        }
    }
}

/// A name as findings show it: escaped, and cut short when hostile input makes it huge.
fn clip(raw: &str) -> String {
    let s = raw.escape_debug().to_string();
    if s.len() > 240 {
        format!("{}…", s.chars().take(200).collect::<String>())
    } else {
        s
    }
}

struct Current {
    path: Option<String>,
    hasher: MultiHasher,
    keep: Keep,
    /// Why the bytes are no longer being kept, once they are not.
    dropped: Option<Dropped>,
    buf: Vec<u8>,
    checksums: Option<ChecksumsStream>,
    /// A blob (`Keep::IfJson`) whose first non-blank byte has not been seen yet.
    sniffing: bool,
    /// The length the container declared.
    declared: Option<u64>,
    /// Handed out ([`Verifier::detach`]): hashed elsewhere; `hasher` only counts its bytes.
    ticket: Option<u64>,
    /// Handed out as its bytes arrive (push mode, or a nested tarball's outer digest): its bytes
    /// travel in [`Handout::Data`].
    pushed: bool,
    /// A component tarball: its bytes are also read as a tar archive.
    component: Option<Box<crate::zarf::component::ComponentReader<Verifier>>>,
}

/// Bytes of one [`Handout::Data`] piece: consecutive pieces of an entry travel together up to this.
const PIECE: usize = 1 << 20;
/// Buffers kept for the next pieces ([`Verifier::recycle`]).
const SPARE_PIECES: usize = 16;

/// A handed-out entry the verifier waits for.
#[derive(Default)]
struct Ticket {
    /// Store paths that take its digests when it comes back (the entry, links to it).
    paths: Vec<String>,
    /// Its length as the container gave it (`None` while the entry is still open).
    size: Option<u64>,
    /// A result that came back before the entry was closed.
    early: Option<EntryDigest>,
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
    /// Bytes kept of documents inside nested tarballs (manifests, SBOMs): a pool of its own, the
    /// size of `Options::total_document_cap`, since they cannot be read again.
    retained_nested: u64,
    bytes_hashed: u64,
    files: u64,
    /// Entries of every kind offered so far (for `max_entries`).
    entries_seen: u64,
    /// For paths written more than once: the size Zarf's non-truncating writes would leave.
    on_disk: BTreeMap<String, u64>,
    /// Collecting mode (`Verifier::collector`): keep the bytes of these paths only.
    only: Option<std::collections::BTreeSet<String>>,
    /// Handed-out entries not yet completed, by ticket.
    tickets: BTreeMap<u64, Ticket>,
    next_ticket: u64,
    /// Push mode ([`Verifier::hand_out`]): entries of at least this many declared bytes are handed out.
    hand_out_min: Option<u64>,
    /// [`Verifier::hand_out_nested`]: tarballs read here as nested archives, of at least this many
    /// declared bytes, have their own digests computed elsewhere from copies of their bytes.
    nested_hand_out_min: Option<u64>,
    handouts: Vec<Handout>,
    /// Buffers of [`Handout::Data`] given back ([`Verifier::recycle`]) for the next pieces.
    spare: Vec<Vec<u8>>,
    /// The path of the last regular file closed.
    last_entry: Option<String>,
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

/// Look for a blob's first non-blank byte: anything but `{` or `[` means it is not a document.
fn sniff_into(c: &mut Current, bytes: &[u8]) {
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') | Some(b'[') => c.sniffing = false,
        Some(b) => {
            c.sniffing = false;
            c.keep = Keep::No;
            c.buf = Vec::new();
            c.dropped = Some(Dropped::NotJson(*b));
        }
        None => {}
    }
}

/// Whether an open entry may be hashed elsewhere: a file whose bytes are not kept or parsed.
fn detachable(c: &Current) -> bool {
    pushable(c) && c.component.is_none()
}

/// Whether an open entry's digests may be computed elsewhere from copies of its bytes
/// ([`Handout::Data`]): a file whose bytes are not kept, perhaps read here as a nested tarball.
fn pushable(c: &Current) -> bool {
    c.path.is_some() && c.keep == Keep::No && c.checksums.is_none()
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
            retained_nested: 0,
            bytes_hashed: 0,
            files: 0,
            entries_seen: 0,
            on_disk: BTreeMap::new(),
            only: None,
            tickets: BTreeMap::new(),
            next_ticket: 0,
            hand_out_min: None,
            nested_hand_out_min: None,
            handouts: Vec::new(),
            spare: Vec::new(),
            last_entry: None,
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
        let path = self.admit(raw_path, EntryKind::File);
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
        let sniffing = keep == Keep::IfJson;
        let mut c = Current {
            path,
            hasher,
            keep,
            dropped: None,
            buf: Vec::new(),
            checksums: None,
            sniffing,
            declared: size,
            ticket: None,
            pushed: false,
            component: None,
        };
        if let (Some(p), None) = (&c.path, &self.only) {
            let left = self.opts.total_document_cap.saturating_sub(self.retained_nested);
            c.component =
                crate::zarf::component::ComponentReader::for_entry(p, &self.opts, left, Verifier::new).map(Box::new);
        }
        if keep == Keep::Checksums {
            c.checksums = Some(ChecksumsStream::new(self.opts.metadata_budget));
        } else if keep != Keep::No && size.is_some_and(|s| s > self.opts.document_cap) {
            // A declared size over the cap: the bytes will not be kept; the reconciliation reports
            // it if it needs the document.
            c.keep = Keep::No;
            c.dropped = Some(Dropped::OverCap);
            c.sniffing = false;
        }
        c
    }

    /// Feed the next chunk of the open entry (any size, including empty).
    pub fn write(&mut self, chunk: &[u8]) {
        let Some(c) = &mut self.current else { return };
        if c.path.is_none() {
            return;
        }
        self.bytes_hashed += chunk.len() as u64;
        if c.sniffing {
            sniff_into(c, chunk);
        }
        if c.ticket.is_none() && c.hasher.is_empty() && self.only.is_none() {
            let large = |min: Option<u64>| min.is_some_and(|m| c.declared.is_some_and(|d| d >= m));
            // A nested tarball is still read here, from the same bytes: only its own digests are
            // computed elsewhere, so its bytes are hashed at the pace they are parsed.
            let nested = c.component.is_some() && large(self.nested_hand_out_min.or(self.hand_out_min));
            if (large(self.hand_out_min) && detachable(c)) || (nested && pushable(c)) {
                let ticket = self.next_ticket;
                self.next_ticket += 1;
                let hasher = std::mem::replace(&mut c.hasher, MultiHasher::new(false, false));
                c.ticket = Some(ticket);
                c.pushed = true;
                self.tickets.insert(ticket, Ticket::default());
                self.handouts.push(Handout::Start(EntryHasher::new(ticket, hasher)));
            }
        }
        c.hasher.update(chunk);
        if let Some(r) = &mut c.component {
            r.feed(chunk);
        }
        if let Some(ticket) = c.ticket {
            if !c.pushed {
                // Pull mode: the caller hashes these bytes itself.
                return;
            }
            // Consecutive pieces of one entry travel together, up to a mebibyte.
            match self.handouts.last_mut() {
                Some(Handout::Data { ticket: t, bytes }) if *t == ticket && bytes.len() < PIECE => {
                    bytes.extend_from_slice(chunk)
                }
                _ => {
                    let mut bytes = self.spare.pop().unwrap_or_default();
                    bytes.clear();
                    bytes.extend_from_slice(chunk);
                    self.handouts.push(Handout::Data { ticket, bytes })
                }
            }
            return;
        }
        if let Some(stream) = &mut c.checksums {
            stream.feed(chunk);
            return;
        }
        if c.keep == Keep::No {
            return;
        }
        // Budgets are charged when the entry closes (`end_entry`), so that what is kept depends
        // only on the entries before it, never on how the bytes were chunked or on which entries
        // were hashed elsewhere.
        if c.buf.len() as u64 + chunk.len() as u64 > self.opts.document_cap {
            c.buf = Vec::new();
            c.keep = Keep::No;
            c.dropped = Some(Dropped::OverCap);
        } else {
            c.buf.extend_from_slice(chunk);
        }
    }

    /// The first bytes of the open entry, looked at without hashing them (a reader that can read
    /// them again, before [`Verifier::detach`]): a blob whose first non-blank byte shows it is not
    /// a JSON document needs none of its bytes kept, so it can be hashed elsewhere.
    pub fn sniff(&mut self, head: &[u8]) {
        if let Some(c) = &mut self.current {
            if c.sniffing && c.hasher.is_empty() {
                sniff_into(c, head);
            }
        }
    }

    /// Hand out the open entry to be hashed elsewhere ([`crate::entry`]): only at its start, and
    /// only when none of its bytes are kept. The caller then gives the bytes' count with
    /// [`Verifier::skip`] (or `TarReader::skip_data`), closes the entry as usual, and brings the
    /// result back with [`Verifier::complete`].
    pub fn detach(&mut self) -> Option<EntryHasher> {
        let c = self.current.as_mut()?;
        if c.ticket.is_some() || !c.hasher.is_empty() || !detachable(c) || self.only.is_some() {
            return None;
        }
        let ticket = self.next_ticket;
        self.next_ticket += 1;
        let hasher = std::mem::replace(&mut c.hasher, MultiHasher::new(false, false));
        c.ticket = Some(ticket);
        self.tickets.insert(ticket, Ticket::default());
        Some(EntryHasher::new(ticket, hasher))
    }

    /// `n` bytes of the open, handed-out entry are hashed elsewhere.
    pub fn skip(&mut self, n: u64) {
        if let Some(c) = &mut self.current {
            if c.ticket.is_some() {
                c.hasher.count(n);
                self.bytes_hashed += n;
            }
        }
    }

    /// Push mode: from now on, entries of at least `min_size` declared bytes that need none of
    /// their bytes kept are handed out as their first bytes arrive ([`Handout`]s, drained with
    /// [`Verifier::take_handouts`]).
    pub fn hand_out(&mut self, min_size: u64) {
        self.hand_out_min = Some(min_size);
    }

    /// Nested tarballs (component tarballs, read here as archives) of at least `min_size` declared
    /// bytes have their own digests computed elsewhere: their bytes are still read here, and a copy
    /// of each piece is handed out ([`Handout`]s, drained with [`Verifier::take_handouts`]), so a
    /// driver that hashes large entries elsewhere by offset (pull mode) need not read them twice.
    /// Push mode ([`Verifier::hand_out`]) does this too.
    pub fn hand_out_nested(&mut self, min_size: u64) {
        self.nested_hand_out_min = Some(min_size);
    }

    /// The push-mode messages produced since the last call, in stream order.
    pub fn take_handouts(&mut self) -> Vec<Handout> {
        std::mem::take(&mut self.handouts)
    }

    /// Give back the buffer of a [`Handout::Data`] once its bytes are hashed: the next pieces are
    /// copied into it. A driver whose workers run on other threads gives them back to the thread
    /// that verifies, so that buffers are freed where they were allocated (an allocator may hold
    /// memory freed from another thread until its owner collects it: measured with mimalloc, a
    /// 100 MiB entry handed out in fresh buffers left ~100 MiB resident).
    pub fn recycle(&mut self, buf: Vec<u8>) {
        if self.spare.len() < SPARE_PIECES {
            self.spare.push(buf);
        }
    }

    /// A handed-out entry's result, in any order. A result whose length differs from the entry's,
    /// or that says the bytes could not be read, makes the entry unreadable (ZV045).
    pub fn complete(&mut self, done: EntryDigest) {
        let Some(t) = self.tickets.get_mut(&done.ticket) else { return };
        let Some(size) = t.size else {
            t.early = Some(done);
            return;
        };
        let Some(t) = self.tickets.remove(&done.ticket) else { return };
        let why = match &done.error {
            Some(e) => Some(e.clone()),
            None if done.size != size => Some(format!(
                "{} bytes were read where the archive holds {size} (did the file change while it was read?)",
                done.size
            )),
            None => None,
        };
        let hashes = done.hashes();
        for p in &t.paths {
            if let Some(e) = self.store.entries.get_mut(p) {
                if e.ticket == Some(done.ticket) {
                    e.ticket = None;
                    if why.is_none() {
                        e.hashes = hashes.clone();
                    }
                }
            }
        }
        if let (Some(why), Some(p)) = (why, t.paths.first()) {
            self.add_unreadable(p, &why);
        }
    }

    /// The sha256 (hex) of the regular file closed last, when it was hashed here (not handed out,
    /// not refused): a caller checking the bytes against a digest of its own (a registry layer)
    /// needs no second hash.
    pub fn last_entry_sha256(&self) -> Option<&str> {
        let e = self.store.entries.get(self.last_entry.as_deref()?)?;
        if e.ticket.is_some() {
            return None;
        }
        e.hashes.sha256.as_deref()
    }

    /// Handed-out entries whose results have not come back yet.
    pub fn outstanding(&self) -> usize {
        self.tickets.len()
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
        let Some(path) = c.path else {
            self.last_entry = None;
            return Ok(());
        };
        self.files += 1;
        self.last_entry = Some(path.clone());
        let size = c.hasher.len();
        if let Some(mut stream) = c.checksums {
            stream.finish();
            self.store.checksums = Some(stream);
        }
        let (mut bytes, mut dropped) = ((c.keep != Keep::No && c.keep != Keep::Checksums).then_some(c.buf), c.dropped);
        // The budget is charged now, whole: see `write`.
        if let Some(b) = &bytes {
            let metadata = c.keep == Keep::Metadata;
            let (retained, budget) = if metadata {
                (&mut self.retained_metadata, self.opts.metadata_budget)
            } else {
                (&mut self.retained, self.opts.total_document_cap)
            };
            if *retained + b.len() as u64 > budget {
                bytes = None;
                dropped = Some(Dropped::OverBudget { metadata });
            } else {
                *retained += b.len() as u64;
            }
        }
        if let Some(r) = c.component {
            self.retained_nested += r.kept_bytes();
            self.store.components.insert(path.clone(), r.finish());
        }
        let entry = Entry { size, hashes: c.hasher.finish(), bytes, dropped, ticket: c.ticket };
        if let Some(ticket) = c.ticket {
            if let Some(t) = self.tickets.get_mut(&ticket) {
                t.paths.push(path.clone());
                t.size = Some(size);
            }
            if self.hand_out_min.is_some() || c.pushed {
                self.handouts.push(Handout::End { ticket });
            }
        }
        if let Some(old) = self.store.entries.insert(path.clone(), entry) {
            if let Some(b) = &old.bytes {
                self.release(&path, b);
            }
            self.forget(old.ticket, &path);
            // Zarf opens the file again without O_TRUNC and writes the new copy from offset 0.
            let earlier = self.on_disk.get(&path).copied().unwrap_or(old.size);
            let left = earlier.max(size);
            self.on_disk.insert(path.clone(), left);
            self.findings.push(Finding::of(rules::DuplicateEntry { path: path.clone(), size, earlier }).path(path));
        }
        if let Some(early) = c.ticket.and_then(|t| self.tickets.get_mut(&t)).and_then(|t| t.early.take()) {
            self.complete(early);
        }
        Ok(())
    }

    /// `path` no longer takes the digests of handed-out entry `ticket` (it was written again).
    fn forget(&mut self, ticket: Option<u64>, path: &str) {
        if let Some(t) = ticket.and_then(|t| self.tickets.get_mut(&t)) {
            t.paths.retain(|p| p != path);
        }
    }

    /// A directory entry (so that empty directories such as `blobs/` are known).
    pub fn add_directory(&mut self, raw_path: &str) {
        if let Some(p) = self.admit(raw_path, EntryKind::Directory) {
            self.store.dirs.insert(p);
        }
    }

    /// A symbolic or hard link entry: reported once (ZV003), never followed out of the package.
    /// Zarf creates the link, and reads through it what its target holds, so when the target is
    /// a file in the archive its bytes also stand under the link's name: a blob stored as a link
    /// is one defect (the link), not also a missing blob.
    pub fn add_link(&mut self, raw_path: &str, target: &str, hard: bool) {
        let shown = clip(raw_path);
        let path = self.admit(raw_path, EntryKind::Link);
        // Hard link targets are relative to the archive root, symbolic ones to the link's directory.
        let base = if hard { "" } else { path.as_deref().map_or("", path::parent_prefix) };
        let resolved = path::resolve(base, target).filter(|t| self.store.entries.contains_key(t));
        let outcome = match (&path, &resolved) {
            (Some(p), Some(t)) if !self.store.entries.contains_key(p) && !self.is_dir(p) => {
                let mut copy = self.store.entries[t].clone();
                // A link to a handed-out entry takes its digests when they come back.
                if let Some(ticket) = copy.ticket.and_then(|k| self.tickets.get_mut(&k)) {
                    ticket.paths.push(p.clone());
                }
                // Kept bytes count against the total cap like any other document's.
                let kept = copy.bytes.as_ref().map_or(0, |b| b.len() as u64);
                if self.retained + kept > self.opts.total_document_cap {
                    copy.bytes = None;
                } else {
                    self.retained += kept;
                }
                let unread = copy.bytes.is_none();
                if unread {
                    copy.dropped = Some(crate::store::Dropped::HardLink);
                }
                self.store.entries.insert(p.clone(), copy);
                rules::LinkOutcome::Checked { kept: !unread }
            }
            (Some(_), _) if path::zarf_refuses(target).is_some() => rules::LinkOutcome::TargetRefused,
            (Some(_), None) if hard => rules::LinkOutcome::TargetMissing,
            _ => rules::LinkOutcome::NotFollowed,
        };
        let link = rules::LinkEntry { name: shown.clone(), hard, target: clip(target), outcome };
        self.findings.push(Finding::of(link).path(shown));
    }

    /// Any other entry type (device, FIFO, unknown type flag): an error, and not verified.
    /// `kind` says what it is and what Zarf would do with it.
    pub fn add_special(&mut self, raw_path: &str, kind: rules::SpecialKind) {
        let shown = clip(raw_path);
        if self.admit(raw_path, EntryKind::Other).is_some() {
            let special = rules::UnsupportedEntry { name: shown.clone(), kind, checked_as_file: false };
            self.findings.push(Finding::of(special).path(shown));
        }
    }

    /// An entry of a type other readers do not treat as a file (device, FIFO, unknown type flag)
    /// that Zarf extracts as a regular file: reported (ZV006, an error), and then read as the file
    /// Zarf writes, so the rest of the package is checked as Zarf deploys it. Close it with
    /// [`Verifier::end_entry`].
    pub fn begin_special_as_file(
        &mut self,
        raw_path: &str,
        kind: rules::SpecialKind,
        size: u64,
    ) -> Result<(), EntryError> {
        let shown = raw_path.escape_debug().to_string();
        let special = rules::UnsupportedEntry { name: shown.clone(), kind, checked_as_file: true };
        self.findings.push(Finding::of(special).path(shown));
        self.begin_entry(raw_path, Some(size))
    }

    /// Decide whether an entry is stored: the entry-count limit, the name-length limit, names Zarf
    /// refuses, names that escape the root, and paths that clash with a file or directory already
    /// read. Returns the normalized path, or `None` after one finding (the root directory itself
    /// needs no finding).
    fn admit(&mut self, raw: &str, kind: EntryKind) -> Option<String> {
        self.entries_seen += 1;
        if self.entries_seen > self.opts.max_entries {
            if self.entries_seen == self.opts.max_entries + 1 {
                self.findings.push(Finding::of(rules::TooManyEntries { max: self.opts.max_entries, first: clip(raw) }));
            }
            return None;
        }
        let noun = kind.noun();
        let p = match path::plain_normal(raw) {
            Some(normal) if raw.len() as u64 <= self.opts.max_name_length => normal.to_owned(),
            _ => self.check_name(raw, kind)?,
        };
        let clash = if let Some(file) = path::ancestors(&p).find(|a| self.store.entries.contains_key(*a)) {
            Some(rules::Clash::UnderFile { file: file.to_owned() })
        } else if matches!(kind, EntryKind::Directory | EntryKind::Link) && self.store.entries.contains_key(&p) {
            // (Zarf writes special entries as files: over a file, that is a rewrite, not a clash.)
            Some(rules::Clash::AlreadyFile)
        } else if kind != EntryKind::Directory && self.is_dir(&p) {
            Some(rules::Clash::AlreadyDirectory)
        } else {
            None
        };
        if let Some(clash) = clash {
            let f = Finding::of(rules::PathTypeConflict { noun, path: p.clone(), clash });
            self.findings.push(f.path(p));
            return None;
        }
        Some(p)
    }

    /// The name checks of [`Verifier::admit`] one by one, each with its finding: the name as
    /// normalized, or `None` (reported).
    fn check_name(&mut self, raw: &str, kind: EntryKind) -> Option<String> {
        // Escaped only when a finding names the entry.
        let noun = kind.noun();
        if let Some(why) = path::name_too_long(raw, self.opts.max_name_length) {
            let name = clip(raw);
            self.findings.push(Finding::of(rules::EntryNameTooLong { noun, name: name.clone(), why }).path(name));
            return None;
        }
        if let Some(why) = path::zarf_refuses(raw) {
            let name = clip(raw);
            self.findings.push(Finding::of(rules::EntryNameRefused { noun, name: name.clone(), why }).path(name));
            return None;
        }
        let p = match path::normalize(raw) {
            Ok(_) if !path::creatable(raw, kind == EntryKind::Directory) => Err(path::UnsafePath::NotAName),
            Ok(p) if p.is_empty() && kind == EntryKind::Directory => return None,
            other => other,
        };
        let p = match p {
            Ok(p) => p,
            Err(why) => {
                let name = clip(raw);
                self.findings.push(Finding::of(rules::UnsafeEntryPath { noun, name: name.clone(), why }).path(name));
                return None;
            }
        };
        Some(p)
    }

    /// Whether `p` is a directory: named by a directory entry, or a parent of any entry.
    fn is_dir(&self, p: &str) -> bool {
        use std::ops::Bound::{Included, Unbounded};
        let mut prefix = String::with_capacity(p.len() + 1);
        prefix.push_str(p);
        prefix.push('/');
        let from = (Included(prefix.as_str()), Unbounded);
        let under = |k: &String| k.starts_with(&prefix);
        self.store.dirs.contains(p)
            || self.store.dirs.range::<str, _>(from).next().is_some_and(under)
            || self.store.entries.range::<str, _>(from).next().is_some_and(|(k, _)| under(k))
    }

    /// What zverify read, as the tree an extraction would leave: every regular file stored (the
    /// last copy of a duplicate; a link whose target is a stored file shows the target's bytes)
    /// and every directory, named by an entry or implied by a path under it. The Go differential
    /// tests compare it with the tree Zarf's extraction leaves (tests/go/tarview).
    pub fn tree_view(&self) -> BTreeMap<String, ViewNode> {
        let mut out = BTreeMap::new();
        for (p, e) in &self.store.entries {
            let sha256 = e.hashes.get(crate::Algorithm::Sha256).unwrap_or_default().to_owned();
            out.insert(p.clone(), ViewNode::File { size: e.size, sha256 });
        }
        let named = self.store.dirs.iter().map(String::as_str);
        let implied: Vec<&str> =
            self.store.entries.keys().chain(&self.store.dirs).flat_map(|p| path::ancestors(p)).collect();
        for d in named.chain(implied) {
            out.entry(d.to_owned()).or_insert(ViewNode::Dir);
        }
        out
    }

    /// The source failed (truncated or corrupt archive). Verification of what was read goes on,
    /// but the report says where it stopped.
    pub fn abort(&mut self, location: Option<&str>, reason: &str) {
        self.abort_with(crate::fault::Fault::ArchiveCorrupt, location, reason);
    }

    /// [`Verifier::abort`], filed under `rule` (a stream error's own rule, such as
    /// `ZstdError::rule`: a zstd window over the limit is not corruption).
    pub fn abort_with(&mut self, fault: crate::fault::Fault, location: Option<&str>, reason: &str) {
        // One defect, one finding: an entry cut short is named in the same finding that says where
        // verification stopped.
        let mut cut = None;
        if let Some(c) = self.current.take() {
            if let Some(ticket) = c.ticket {
                // Cut short: no longer waited for (its workers are told the bytes ended).
                self.tickets.remove(&ticket);
                if self.hand_out_min.is_some() || c.pushed {
                    self.handouts.push(Handout::End { ticket });
                }
            }
            if let Some(p) = c.path {
                cut = Some((p, c.hasher.len()));
            }
        }
        let path = cut.as_ref().map(|(p, _)| p.clone()).or(location.map(str::to_owned));
        let f = fault.finding(reason, rules::Stop { cut, entries: self.files, bytes: self.bytes_hashed });
        let f = match path {
            Some(p) => f.path(p),
            None => f,
        };
        self.findings.push(f);
    }

    /// The archive ended on an entry boundary without its end-of-archive marker.
    pub fn note_missing_end(&mut self, offset: u64) {
        self.findings.push(Finding::of(rules::ArchiveEndMissing { offset, entries: self.files }));
    }

    /// An entry the caller could not read (or whose name it cannot represent): never silently dropped.
    pub fn add_unreadable(&mut self, path: &str, why: &str) {
        self.findings.push(
            Finding::of(rules::EntryUnreadable { path: path.to_owned(), why: why.to_owned() })
                .path(path.escape_debug().to_string()),
        );
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

    /// The options this verifier was made with (front ends read the stream limits from them).
    pub fn options(&self) -> &Options {
        &self.opts
    }

    /// The options, to change what is only read when the check is reconciled (the signature
    /// policy, the Zarf version asked about) before any entry was pushed.
    pub(crate) fn options_mut(&mut self) -> &mut Options {
        &mut self.opts
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

    /// What a nested reader ([`crate::zarf::component::ComponentReader`]) needs of this verifier
    /// instead of a report: the tree read and the findings, an entry cut short included.
    pub(crate) fn into_tree_and_findings(mut self) -> (BTreeMap<String, ViewNode>, Vec<Finding>) {
        if let Some(c) = self.current.take() {
            if let Some(p) = c.path {
                self.findings.push(Finding::of(rules::ArchiveCorrupt::EndedInEntry { path: p.clone() }).path(p));
            }
        }
        (self.tree_view(), self.findings)
    }

    /// Reconcile everything and produce the report. `target` names the input in the report.
    pub fn finish(mut self, target: &str) -> Report {
        // Fail closed on a caller that never brought a handed-out entry back.
        for t in std::mem::take(&mut self.tickets).into_values() {
            if let Some(p) = t.paths.first() {
                self.add_unreadable(p, "its bytes were handed out to be hashed and the result never came back");
            }
        }
        if let Some(c) = self.current.take() {
            if let Some(p) = c.path {
                self.findings.push(Finding::of(rules::ArchiveCorrupt::EndedInEntry { path: p.clone() }).path(p));
            }
        }
        let (blobs_verified, package) = crate::reconcile::reconcile(&self.store, &self.opts, &mut self.findings);
        Report::new(target, self.findings, self.files, blobs_verified, self.bytes_hashed, package)
    }
}

impl EntrySink for Verifier {
    fn begin_entry(&mut self, raw_path: &str, size: Option<u64>) -> Result<(), EntryError> {
        Verifier::begin_entry(self, raw_path, size)
    }
    fn begin_special_as_file(&mut self, raw_path: &str, kind: rules::SpecialKind, size: u64) -> Result<(), EntryError> {
        Verifier::begin_special_as_file(self, raw_path, kind, size)
    }
    fn write(&mut self, chunk: &[u8]) {
        Verifier::write(self, chunk)
    }
    fn skip(&mut self, n: u64) {
        Verifier::skip(self, n)
    }
    fn end_entry(&mut self) -> Result<(), EntryError> {
        Verifier::end_entry(self)
    }
    fn add_directory(&mut self, raw_path: &str) {
        Verifier::add_directory(self, raw_path)
    }
    fn add_link(&mut self, raw_path: &str, target: &str, hard: bool) {
        Verifier::add_link(self, raw_path, target, hard)
    }
    fn add_finding(&mut self, f: Finding) {
        Verifier::add_finding(self, f)
    }
    fn note_missing_end(&mut self, offset: u64) {
        Verifier::note_missing_end(self, offset)
    }
}

/// The verifier of a tarball nested in the package: a component tarball is read by a verifier of
/// its own.
impl crate::zarf::component::NestedSink for Verifier {
    fn abort(&mut self, reason: &str) {
        Verifier::abort(self, None, reason)
    }
    fn into_tree_and_findings(self) -> (BTreeMap<String, ViewNode>, Vec<Finding>) {
        Verifier::into_tree_and_findings(self)
    }
}

/// What a reader that can read its source again (`crate::seek`) asks of the verifier.
impl crate::seek::DetachSink for Verifier {
    fn sniff(&mut self, head: &[u8]) {
        Verifier::sniff(self, head)
    }
    fn detach(&mut self) -> Option<EntryHasher> {
        Verifier::detach(self)
    }
}
