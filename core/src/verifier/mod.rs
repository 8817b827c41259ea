//! The push-style streaming verifier: `begin_entry` / `write` / `end_entry` … `finish`.
//!
//! This file wires the jobs together; each job is its own module, with its own tests:
//! - [`ingest`]: what is done with an entry's bytes (hashed, kept, parsed) within caps and budgets;
//! - [`admit`]: whether an entry is stored, and under which name;
//! - [`handout`]: entries hashed elsewhere, their tickets and pieces;
//! - [`collect`]: collector mode, a second read that only keeps what was asked for;
//! - [`reread`]: documents kept out by a budget, asked for again and taken back;
//! - [`abort`]: what a failed source, an unreadable entry or an unreturned handout files.

mod abort;
mod admit;
mod collect;
mod handout;
mod ingest;
mod reread;

use self::admit::{clip, Admission, EntryKind};
use self::handout::Handouts;
use self::ingest::{Budgets, Current, Keep};
use crate::diag::Finding;
use crate::digest::MultiHasher;
use crate::entry::{EntryDigest, EntryHasher, Handout};
use crate::path;
use crate::report::Report;
use crate::rules;
pub use crate::store::{defaults, Options, ViewNode};
use crate::store::{Dropped, Entry, Store};
use crate::tar::{EntryError, EntrySink};
use std::collections::{BTreeMap, BTreeSet};

pub struct Verifier {
    opts: Options,
    store: Store,
    findings: Vec<Finding>,
    current: Option<Current<Verifier>>,
    budgets: Budgets,
    admission: Admission,
    handouts: Handouts,
    bytes_hashed: u64,
    files: u64,
    /// For paths written more than once: the size Zarf's non-truncating writes would leave.
    on_disk: BTreeMap<String, u64>,
    /// Collecting mode (`Verifier::collector`): keep the bytes of these paths only.
    only: Option<BTreeSet<String>>,
    /// The path of the last regular file closed.
    last_entry: Option<String>,
}

impl Verifier {
    pub fn new(opts: Options) -> Self {
        Verifier {
            opts,
            store: Store::default(),
            findings: Vec::new(),
            current: None,
            budgets: Budgets::default(),
            admission: Admission::default(),
            handouts: Handouts::default(),
            bytes_hashed: 0,
            files: 0,
            on_disk: BTreeMap::new(),
            only: None,
            last_entry: None,
        }
    }

    /// A verifier that only collects the bytes of `paths` (up to the document cap each) from a
    /// second read of the source, for [`Verifier::supply_document`]; it hashes nothing else and its
    /// findings are not a report.
    pub fn collector(paths: impl IntoIterator<Item = String>, document_cap: u64) -> Self {
        let mut v = Verifier::new(collect::options(document_cap));
        v.only = Some(paths.into_iter().collect());
        v
    }

    /// What a [`Verifier::collector`] collected: (path, bytes).
    pub fn into_collected(self) -> Vec<(String, Vec<u8>)> {
        collect::collected(self.store)
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
    fn open(&self, path: Option<String>, size: Option<u64>) -> Current<Verifier> {
        let planned = match (&path, &self.only) {
            (Some(p), Some(only)) => collect::plan(only, p),
            (None, _) => (MultiHasher::new(false, false), Keep::No),
            (Some(p), None) => ingest::plan(p),
        };
        let mut c = Current::open(path, planned, size, &self.opts);
        if let (Some(p), None) = (&c.path, &self.only) {
            let left = self.budgets.nested_left(&self.opts);
            c.component =
                crate::zarf::component::ComponentReader::for_entry(p, &self.opts, left, Verifier::new).map(Box::new);
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
            c.sniff(chunk);
        }
        if c.ticket.is_none() && c.hasher.is_empty() && self.only.is_none() {
            // A nested tarball is still read here, from the same bytes: only its own digests are
            // computed elsewhere, so its bytes are hashed at the pace they are parsed.
            let nested = c.component.is_some() && self.handouts.large_nested(c.declared);
            if (self.handouts.large(c.declared) && c.detachable()) || (nested && c.pushable()) {
                let hasher = std::mem::replace(&mut c.hasher, MultiHasher::new(false, false));
                c.ticket = Some(self.handouts.start(hasher));
                c.pushed = true;
            }
        }
        c.hasher.update(chunk);
        if let Some(r) = &mut c.component {
            r.feed(chunk);
        }
        match c.ticket {
            // Push mode: the bytes travel to the workers.
            Some(ticket) if c.pushed => self.handouts.piece(ticket, chunk),
            // Pull mode: the caller hashes these bytes itself.
            Some(_) => {}
            None => c.keep_bytes(chunk, self.opts.document_cap),
        }
    }

    /// The first bytes of the open entry, looked at without hashing them (a reader that can read
    /// them again, before [`Verifier::detach`]): a blob whose first non-blank byte shows it is not
    /// a JSON document needs none of its bytes kept, so it can be hashed elsewhere.
    pub fn sniff(&mut self, head: &[u8]) {
        if let Some(c) = &mut self.current {
            if c.sniffing && c.hasher.is_empty() {
                c.sniff(head);
            }
        }
    }

    /// Hand out the open entry to be hashed elsewhere ([`crate::entry`]): only at its start, and
    /// only when none of its bytes are kept. The caller then gives the bytes' count with
    /// [`Verifier::skip`] (or `TarReader::skip_data`), closes the entry as usual, and brings the
    /// result back with [`Verifier::complete`].
    pub fn detach(&mut self) -> Option<EntryHasher> {
        let c = self.current.as_mut()?;
        if c.ticket.is_some() || !c.hasher.is_empty() || !c.detachable() || self.only.is_some() {
            return None;
        }
        let ticket = self.handouts.issue();
        let hasher = std::mem::replace(&mut c.hasher, MultiHasher::new(false, false));
        c.ticket = Some(ticket);
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
        self.handouts.push_mode(min_size);
    }

    /// Nested tarballs (component tarballs, read here as archives) of at least `min_size` declared
    /// bytes have their own digests computed elsewhere: their bytes are still read here, and a copy
    /// of each piece is handed out ([`Handout`]s, drained with [`Verifier::take_handouts`]), so a
    /// driver that hashes large entries elsewhere by offset (pull mode) need not read them twice.
    /// Push mode ([`Verifier::hand_out`]) does this too.
    pub fn hand_out_nested(&mut self, min_size: u64) {
        self.handouts.nested_mode(min_size);
    }

    /// The push-mode messages produced since the last call, in stream order.
    pub fn take_handouts(&mut self) -> Vec<Handout> {
        self.handouts.take()
    }

    /// Give back the buffer of a [`Handout::Data`] once its bytes are hashed: the next pieces are
    /// copied into it. A driver whose workers run on other threads gives them back to the thread
    /// that verifies, so that buffers are freed where they were allocated (an allocator may hold
    /// memory freed from another thread until its owner collects it: measured with mimalloc, a
    /// 100 MiB entry handed out in fresh buffers left ~100 MiB resident).
    pub fn recycle(&mut self, buf: Vec<u8>) {
        self.handouts.recycle(buf);
    }

    /// A handed-out entry's result, in any order. A result whose length differs from the entry's,
    /// or that says the bytes could not be read, makes the entry unreadable (ZV045).
    pub fn complete(&mut self, done: EntryDigest) {
        let Some(s) = self.handouts.settle(done) else { return };
        for p in &s.paths {
            if let Some(e) = self.store.entries.get_mut(p) {
                if e.ticket == Some(s.ticket) {
                    e.ticket = None;
                    if s.why.is_none() {
                        e.hashes = s.hashes.clone();
                    }
                }
            }
        }
        if let (Some(why), Some(p)) = (s.why, s.paths.first()) {
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
        self.handouts.outstanding()
    }

    /// Close the open entry.
    pub fn end_entry(&mut self) -> Result<(), EntryError> {
        let mut c = self.current.take().ok_or(EntryError::NoEntryOpen)?;
        let Some(path) = c.path.take() else {
            self.last_entry = None;
            return Ok(());
        };
        self.files += 1;
        self.last_entry = Some(path.clone());
        let size = c.hasher.len();
        if let Some(mut stream) = c.checksums.take() {
            stream.finish();
            self.store.checksums = Some(stream);
        }
        let (mut bytes, mut dropped) = (c.take_kept(), c.dropped);
        // The budget is charged now, whole: see `Current::keep_bytes`.
        if let Some(b) = &bytes {
            let metadata = c.keep == Keep::Metadata;
            if !self.budgets.charge(metadata, b.len() as u64, &self.opts) {
                bytes = None;
                dropped = Some(Dropped::OverBudget { metadata });
            }
        }
        if let Some(r) = c.component {
            self.budgets.charge_nested(r.kept_bytes());
            self.store.components.insert(path.clone(), r.finish());
        }
        let entry = Entry { size, hashes: c.hasher.finish(), bytes, dropped, ticket: c.ticket };
        let early = c.ticket.and_then(|ticket| self.handouts.closed(ticket, &path, size, c.pushed));
        if let Some(old) = self.store.entries.insert(path.clone(), entry) {
            if let Some(b) = &old.bytes {
                self.budgets.release(&path, b.len() as u64);
            }
            self.handouts.forget(old.ticket, &path);
            // Zarf opens the file again without O_TRUNC and writes the new copy from offset 0.
            let earlier = self.on_disk.get(&path).copied().unwrap_or(old.size);
            let left = earlier.max(size);
            self.on_disk.insert(path.clone(), left);
            self.findings.push(Finding::of(rules::DuplicateEntry { path: path.clone(), size, earlier }).path(path));
        }
        if let Some(early) = early {
            self.complete(early);
        }
        Ok(())
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
            (Some(p), Some(t)) if !self.store.entries.contains_key(p) && !admit::is_dir(&self.store, p) => {
                let mut copy = self.store.entries[t].clone();
                // A link to a handed-out entry takes its digests when they come back.
                self.handouts.follow(copy.ticket, p);
                // Kept bytes count against the total cap like any other document's.
                let kept = copy.bytes.as_ref().map_or(0, |b| b.len() as u64);
                if !self.budgets.charge(false, kept, &self.opts) {
                    copy.bytes = None;
                }
                let unread = copy.bytes.is_none();
                if unread {
                    copy.dropped = Some(Dropped::HardLink);
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

    /// An entry that is there but was not read (a sparse file, reported by the reader): checks
    /// that would call it missing do not; nothing of it counts as verified.
    pub fn add_unverified(&mut self, raw_path: &str) {
        if let Some(p) = self.admit(raw_path, EntryKind::File) {
            self.store.unverified.insert(p);
        }
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

    /// [`Admission::admit`] against what was stored so far.
    fn admit(&mut self, raw: &str, kind: EntryKind) -> Option<String> {
        self.admission.admit(raw, kind, &self.opts, &self.store, &mut self.findings)
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

    /// The source failed (truncated or corrupt archive, a zstd window over the limit, a read
    /// error). Verification of what was read goes on, but the report says where it stopped, filed
    /// under the rule `reason` falls under. One defect, one finding: an entry cut short is named in
    /// the same finding that says where verification stopped.
    pub fn abort(&mut self, location: Option<&str>, reason: impl Into<crate::fault::StopReason>) {
        let reason = reason.into();
        let mut cut = None;
        if let Some(c) = self.current.take() {
            if let Some(ticket) = c.ticket {
                self.handouts.cut(ticket, c.pushed);
            }
            if let Some(p) = c.path {
                cut = Some((p, c.hasher.len()));
            }
        }
        self.findings.push(abort::stopped(&reason, cut, location, self.files, self.bytes_hashed));
    }

    /// The archive ended on an entry boundary without its end-of-archive marker.
    pub fn note_missing_end(&mut self, offset: u64) {
        self.findings.push(Finding::of(rules::ArchiveEndMissing { offset, entries: self.files }));
    }

    /// An entry the caller could not read (or whose name it cannot represent): never silently dropped.
    pub fn add_unreadable(&mut self, path: &str, why: &str) {
        self.findings.push(abort::unreadable(path, why));
    }

    /// Documents zverify needs but could not keep within its budgets (the document and metadata
    /// budgets), by path. A caller that can read its source again (a file, a directory) hands
    /// them back with [`Verifier::supply_document`], then asks again: what a supplied document
    /// references may be wanted next. To make room, the bytes of blobs that no check reads are
    /// released first. Callers that cannot read again simply do not ask: the documents are then
    /// reported as not inspected (ZV005).
    pub fn wanted_documents(&mut self) -> Vec<String> {
        reread::wanted(&mut self.store, &self.opts, &mut self.budgets)
    }

    /// The bytes of a document [`Verifier::wanted_documents`] asked for, read again from the
    /// source. They are kept only if they are the bytes that streamed through (same size and
    /// sha256) and fit the budget; returns whether they were kept.
    pub fn supply_document(&mut self, path: &str, bytes: Vec<u8>) -> bool {
        reread::supply(&mut self.store, &self.opts, &mut self.budgets, path, bytes)
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

    /// An entry still open when the input ended is cut short: one error at its path.
    fn close_cut_entry(&mut self) {
        if let Some(p) = self.current.take().and_then(|c| c.path) {
            self.findings.push(abort::ended_in_entry(p));
        }
    }

    /// What a nested reader ([`crate::zarf::component::ComponentReader`]) needs of this verifier
    /// instead of a report: the tree read and the findings, an entry cut short included.
    pub(crate) fn into_tree_and_findings(mut self) -> (BTreeMap<String, ViewNode>, Vec<Finding>) {
        self.close_cut_entry();
        (self.tree_view(), self.findings)
    }

    /// Reconcile everything and produce the report. `target` names the input in the report.
    pub fn finish(mut self, target: &str) -> Report {
        // Fail closed on a caller that never brought a handed-out entry back.
        for p in self.handouts.unreturned() {
            self.add_unreadable(&p, abort::NEVER_CAME_BACK);
        }
        self.close_cut_entry();
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
    fn add_unverified(&mut self, raw_path: &str) {
        Verifier::add_unverified(self, raw_path)
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
    fn abort(&mut self, reason: crate::fault::StopReason) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Code;

    fn put(v: &mut Verifier, path: &str, bytes: &[u8]) {
        v.begin_entry(path, Some(bytes.len() as u64)).unwrap();
        v.write(bytes);
        v.end_entry().unwrap();
    }

    #[test]
    fn a_result_that_comes_back_before_its_entry_closes_is_applied_when_it_does() {
        let mut v = Verifier::new(Options::default());
        v.begin_entry("components/big.bin", Some(3)).unwrap();
        let mut h = v.detach().expect("a file nobody reads is handed out");
        h.write(b"abc");
        v.skip(3);
        v.complete(h.finish());
        assert_eq!(v.outstanding(), 1, "waited for until the entry closes");
        v.end_entry().unwrap();
        assert_eq!(v.outstanding(), 0);
        let sha = crate::digest::digest_bytes(crate::Algorithm::Sha256, b"abc").encoded().to_owned();
        assert_eq!(v.tree_view()["components/big.bin"], ViewNode::File { size: 3, sha256: sha });
    }

    #[test]
    fn a_handout_that_never_comes_back_fails_the_check() {
        let mut v = Verifier::new(Options::default());
        v.begin_entry("components/big.bin", Some(3)).unwrap();
        assert!(v.detach().is_some());
        v.skip(3);
        v.end_entry().unwrap();
        let r = v.finish("t");
        assert!(r.findings.iter().any(|f| f.code == Code::ZV045 && f.message.contains("never came back")));
    }

    #[test]
    fn push_mode_hands_out_large_entries_in_pieces_and_keeps_documents() {
        let mut v = Verifier::new(Options::default());
        v.hand_out(4);
        put(&mut v, "blob.bin", b"0123456789");
        put(&mut v, "zarf.yaml", b"kind: ZarfPackageConfig\n");
        let kinds: Vec<&str> = v
            .take_handouts()
            .iter()
            .map(|h| match h {
                Handout::Start(_) => "start",
                Handout::Data { .. } => "data",
                Handout::End { .. } => "end",
            })
            .collect();
        // zarf.yaml is kept (a metadata file), so it is never handed out.
        assert_eq!(kinds, ["start", "data", "end"]);
        assert_eq!(v.store.bytes("zarf.yaml"), Some(&b"kind: ZarfPackageConfig\n"[..]));
    }

    #[test]
    fn a_rewritten_document_gives_its_budget_back_and_is_one_finding() {
        let opts = Options { metadata_budget: 16, ..Options::default() };
        let mut v = Verifier::new(opts);
        put(&mut v, "zarf.yaml", b"12345678");
        put(&mut v, "zarf.yaml", b"abcdefgh");
        assert_eq!(v.store.bytes("zarf.yaml"), Some(&b"abcdefgh"[..]));
        // A third document fits only because the first copy's bytes were given back.
        put(&mut v, "images/index.json", b"{\"a\":1}");
        assert!(v.store.bytes("images/index.json").is_some());
        assert_eq!(v.findings.iter().map(|f| f.code).collect::<Vec<_>>(), [Code::ZV004]);
    }

    #[test]
    fn a_collector_keeps_only_what_was_asked_for() {
        let mut v = Verifier::collector(["blobs/sha256/ab".to_owned()], 100);
        put(&mut v, "blobs/sha256/ab", b"{}");
        put(&mut v, "blobs/sha256/cd", b"{}");
        assert!(v.detach().is_none());
        assert_eq!(v.into_collected(), [("blobs/sha256/ab".to_owned(), b"{}".to_vec())]);
    }

    #[test]
    fn an_unverified_entry_is_there_but_nothing_of_it_is_stored() {
        let mut v = Verifier::new(Options::default());
        v.add_unverified("./images/blobs/sha256/ab");
        v.add_unverified("../escape");
        assert!(v.store.unverified.contains("images/blobs/sha256/ab"));
        assert!(v.store.entries.is_empty() && !v.tree_view().contains_key("images/blobs/sha256/ab"));
        // Its name is admitted like any other's.
        assert_eq!(v.findings.iter().map(|f| f.code).collect::<Vec<_>>(), [Code::ZV002]);
    }

    #[test]
    fn an_abort_names_the_entry_cut_short_and_stops_waiting_for_it() {
        let mut v = Verifier::new(Options::default());
        put(&mut v, "a", b"x");
        v.begin_entry("components/big.bin", Some(10)).unwrap();
        assert!(v.detach().is_some());
        v.skip(4);
        v.abort(Some("pkg.tar"), crate::tar::TarError::Truncated { offset: 5, inside: None, missing: 0 });
        assert_eq!(v.outstanding(), 0);
        let f = v.findings.last().unwrap();
        assert_eq!((f.code, f.path.as_deref()), (Code::ZV001, Some("components/big.bin")));
        assert!(f.message.contains("cut after 4 of its bytes"), "{}", f.message);
    }
}
