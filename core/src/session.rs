//! One check, from the first byte to the verdict: the sans-IO [`Session`] every front end drives.
//!
//! The CLI (files, directories, split parts) and the checker page (a `File`, a folder, selected
//! parts) only move bytes. Everything that decides how a check ends lives here: which archive it is
//! and what to say when it is none, what counts as damage, an empty archive, what is not a package
//! at all, the split plan and its conclusions, the second read of documents the budgets could not
//! keep, the wording of a broken source, and the public key. So the two front ends cannot drift.
//!
//! The shape is rustls' unbuffered API and quinn-proto's `Connection`: the driver asks
//! [`Session::next`] what is needed, does exactly that, and tells the session what happened.
//!
//! ```text
//! let mut s = Session::new(target, opts, Input::Stream);
//! loop {
//!     match s.next() {
//!         Need::Input => { /* feed(chunk) until the source ends (or feed returns false), then end_input() */ }
//!         Need::Read { offset, len } => { /* supply(read_at(offset, len), len) */ }
//!         Need::Hash { hasher, offset, len } => { /* hash the range anywhere; complete(digest) later */ }
//!         Need::Reread { paths } => { /* the source again from its start through feed, then end_input();
//!                                        a folder: supply_document(path, bytes) for each, then end_input() */ }
//!         Need::Finish => break,
//!     }
//! }
//! let verdict: Result<Report, Unusable> = s.finish();
//! ```
//!
//! Large entries that need none of their bytes kept may be hashed elsewhere (threads, Web Workers):
//! push mode ([`Session::push_mode`], handouts drained with [`Session::take_handouts`]), the seek
//! driver's [`Need::Hash`], or a folder's [`Session::hand_out_file`]. The report does not depend on
//! which were.

use crate::archive::{self, ArchiveKind, ArchiveReader};
use crate::entry::{EntryDigest, EntryHasher, Handout};
use crate::fault::StopReason;
use crate::report::Report;
use crate::rules;
use crate::seek::{SeekTar, Step};
use crate::tar::{TarError, TarReader};
use crate::verifier::{Options, Verifier};
use crate::zarf::split::{self, PartFiles, SplitPlan};
use crate::zstd::ZstdError;
use sha2::{Digest as _, Sha256};
use std::fmt;

/// Entries at least this large are hashed elsewhere (a worker thread, a Web Worker); smaller ones
/// where they are read, where handing them out would cost more than it saves.
pub const HAND_OUT_MIN: u64 = 256 << 10;

/// What a front end found at a package's root that makes it a Zarf package or an image layout: with
/// any of them, the tree is verified (a Zarf package that lost its zarf.yaml is then an error,
/// ZV030, not "not a package").
pub const PACKAGE_ROOT_NAMES: [&str; 7] =
    ["zarf.yaml", "oci-layout", "index.json", "images.tar", "checksums.txt", "components", "sboms.tar"];

/// What a file that is not an archive looks like, for the front end's advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotArchiveHint {
    /// Its first non-blank byte is `{`: a JSON document.
    Json,
    /// gzip magic.
    Gzip,
}

impl NotArchiveHint {
    fn of(head: &[u8]) -> Option<Self> {
        match head.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => Some(NotArchiveHint::Json),
            Some(0x1f) if head.len() > 1 && head[1] == 0x8b => Some(NotArchiveHint::Gzip),
            _ => None,
        }
    }
}

/// Why a split package cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitUnusable {
    /// None of the files is a `.partNNN`.
    NoParts,
    /// Parts of several packages were given.
    SeveralPackages(Vec<String>),
    /// `<stem>.part000` is not among the files.
    NoMetadata { name: String },
    /// The plan found nothing to read (its reason).
    Plan(split::PlanUnusable),
}

/// Why a check could not run at all: no report, and the CLI's exit code 2. Worded without naming
/// any front end's flags; a front end may add its own advice ([`Unusable::hint`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Unusable {
    /// The bytes are neither a tar nor a zstd-compressed tar.
    NotAnArchive { name: String, hint: Option<NotArchiveHint> },
    /// A tar with no entry at all.
    Empty { name: String },
    /// Neither a Zarf package nor an image layout was found, and no damage explains it.
    NotAPackage { name: String, folder: bool },
    /// The public key cannot be used.
    BadKey(crate::zarf::signature::KeyError),
    /// A split package that cannot be read.
    Split(SplitUnusable),
    /// The driver could not read the source at all.
    Source { name: String, failure: SourceFailure },
    /// The Zarf version asked about is not one.
    NotAZarfVersion(String),
    /// The keyless policy asked for is not usable.
    Keyless(crate::sigstore::PolicyError),
}

impl Unusable {
    /// A file that is not an archive: what it looks like.
    pub fn hint(&self) -> Option<NotArchiveHint> {
        match self {
            Unusable::NotAnArchive { hint, .. } => *hint,
            _ => None,
        }
    }
}

impl fmt::Display for Unusable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unusable::NotAnArchive { name, hint } => {
                write!(f, "{name} is not a tar or zstd-compressed tar archive")?;
                match hint {
                    Some(NotArchiveHint::Json) => f.write_str(" (it looks like a JSON document)"),
                    Some(NotArchiveHint::Gzip) => {
                        f.write_str(" (it is gzip-compressed; zverify reads .tar and .tar.zst)")
                    }
                    None => Ok(()),
                }
            }
            Unusable::Empty { name } => write!(f, "{name} is an empty archive"),
            Unusable::NotAPackage { name, folder: true } => write!(
                f,
                "{name} is neither a Zarf package (no zarf.yaml) nor an OCI image layout (no oci-layout or index.json)"
            ),
            Unusable::NotAPackage { name, folder: false } => write!(
                f,
                "{name} holds neither a Zarf package (zarf.yaml) nor an OCI image layout (oci-layout, index.json)"
            ),
            Unusable::BadKey(e) => write!(f, "the public key cannot be used: {e}"),
            Unusable::Split(SplitUnusable::NoParts) => {
                f.write_str("none of the selected files is a .partNNN of a split package")
            }
            Unusable::Split(SplitUnusable::SeveralPackages(stems)) => write!(
                f,
                "the selected files are parts of {} split packages ({}): select one package's parts",
                stems.len(),
                stems.join(", ")
            ),
            Unusable::Split(SplitUnusable::NoMetadata { name }) => write!(f, "cannot read {name}: it is missing"),
            Unusable::Split(SplitUnusable::Plan(p)) => p.fmt(f),
            Unusable::Source { name, failure: SourceFailure::Open(why) } => write!(f, "cannot open {name}: {why}"),
            Unusable::Source { name, failure: SourceFailure::Read(why) } => write!(f, "cannot read {name}: {why}"),
            Unusable::Source { name, failure: SourceFailure::Internal(e) } => {
                write!(f, "internal error reading {name}: {e}")
            }
            Unusable::NotAZarfVersion(v) => {
                write!(f, "\"{v}\" is not a Zarf version: expected a semantic version such as v0.76.0")
            }
            Unusable::Keyless(why) => write!(f, "{why}"),
        }
    }
}

impl std::error::Error for Unusable {}

/// What a driver could not do with its source before a check could start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceFailure {
    /// It could not be opened (the system's reason).
    Open(String),
    /// It could not be read (the system's reason).
    Read(String),
    /// The driver misused the push API: a bug in zverify, not a problem with the input.
    Internal(crate::tar::EntryError),
}

/// How the source failed, as the driver saw it; the session words the finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceFault {
    /// The zstd decoder (run by the driver, on a thread of its own) refused the bytes.
    Zstd(ZstdError),
    /// Reading failed: at a byte offset of the source (a read by offset), or in a stream.
    Read { at: Option<u64>, why: String },
}

/// Where the archive's bytes come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// The archive's raw bytes in order: the session tells a tar from a zstd stream and decodes it.
    Stream,
    /// Tar bytes the driver decoded itself (a `.tar.zst` decompressed with the core's
    /// [`crate::zstd::ZstdStream`] on a thread of its own, or a plain tar), of an archive whose first
    /// bytes [`sniff`] named `kind`. A second read is always raw bytes.
    Decoded(ArchiveKind),
    /// An uncompressed tar of this many bytes, read by offset ([`Need::Read`]).
    Seek { len: u64 },
    /// An unpacked folder: the driver pushes its entries ([`Session::verifier`]) in [`folder_order`].
    Folder,
}

/// What the driver does next.
pub enum Need {
    /// Push the source's next bytes with [`Session::feed`]; at its end, [`Session::end_input`]
    /// (a folder: push its entries, then [`Session::end_input`]).
    Input,
    /// Read `len` bytes at `offset` and [`Session::supply`] them (fewer only at the source's end).
    Read { offset: u64, len: usize },
    /// Hash `len` bytes at `offset` with `hasher`, anywhere; bring the digest back with
    /// [`Session::complete`] (before [`Session::finish`]).
    Hash { hasher: EntryHasher, offset: u64, len: u64 },
    /// Read these documents again: an archive (or a split package's parts in order) from its first
    /// byte through [`Session::feed`], then [`Session::end_input`]; a folder's files with
    /// [`Session::supply_document`], then [`Session::end_input`].
    Reread { paths: Vec<String> },
    /// Nothing more: [`Session::finish`].
    Finish,
}

enum Reader {
    Stream(Box<ArchiveReader>),
    Decoded(ArchiveKind, TarReader),
    Seek(SeekTar),
    Folder,
}

enum Phase {
    /// The first read.
    Input,
    /// The first read is over: a second read may be wanted.
    Read,
    /// A second read in progress: what it asked for, the collector, and (archives) its reader.
    Reread(Vec<String>, Box<Verifier>, Option<Box<ArchiveReader>>),
    Finish,
}

struct Split {
    stem: String,
    plan: SplitPlan,
}

/// One check. See the module documentation.
pub struct Session {
    v: Verifier,
    target: String,
    reader: Reader,
    phase: Phase,
    /// The archive broke: nothing more is read (a split package's parts are still hashed whole).
    failed: bool,
    /// The first bytes, for the hint when they are not an archive.
    head: Vec<u8>,
    /// Raw bytes fed in the first read.
    fed: u64,
    unusable: Option<Unusable>,
    split: Option<Split>,
    /// The raw bytes' sha256 is wanted (split packages, an expected digest) …
    want_joined: bool,
    /// … hashed here, from raw bytes fed ([`Input::Stream`]) …
    joined: Option<Sha256>,
    /// … or by the driver.
    joined_hex: Option<String>,
    /// Where in the raw bytes the stream broke, when the error says.
    fault_offset: Option<u64>,
    expect_sha256: Option<String>,
    push: bool,
}

/// Identify an archive from its first bytes (up to [`archive::SNIFF_LEN`]), or say why it is none.
pub fn sniff(name: &str, head: &[u8]) -> Result<ArchiveKind, Unusable> {
    archive::sniff(head).ok_or_else(|| Unusable::NotAnArchive { name: name.to_owned(), hint: NotArchiveHint::of(head) })
}

/// Whether a folder whose top-level names are these holds a package or a layout at all.
pub fn looks_like_package<'a>(mut top_level: impl Iterator<Item = &'a str>) -> bool {
    top_level.any(|n| PACKAGE_ROOT_NAMES.contains(&n))
}

/// The order a folder's files are verified in, and the directories reported: `paths` are the
/// files' paths relative to the folder (`/`-separated). Directories come in the order a depth-first
/// walk enters them, files in the order it reads them (sorted by name, byte order, at each level):
/// the CLI's walk. Refuses a folder that is neither a package nor a layout.
pub fn folder_order(root: &str, paths: &[String]) -> Result<(Vec<String>, Vec<String>), Unusable> {
    if !looks_like_package(paths.iter().map(|p| p.split('/').next().unwrap_or(p))) {
        return Err(Unusable::NotAPackage { name: root.to_owned(), folder: true });
    }
    // Sorted by path components, byte order at each level: the walk's pre-order (a plain string
    // sort would put `a-b/x` before `a/x`, which the walk does not).
    let mut files: Vec<&String> = paths.iter().collect();
    files.sort_by(|a, b| a.split('/').cmp(b.split('/')));
    files.dedup();
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

impl Session {
    /// A check of `target` (the name the report carries).
    pub fn new(target: &str, opts: Options, input: Input) -> Session {
        let reader = match input {
            Input::Stream => {
                Reader::Stream(Box::new(ArchiveReader::with_decoder(opts.zstd_window_max, opts.zstd_decoder)))
            }
            Input::Decoded(kind) => Reader::Decoded(kind, TarReader::new()),
            Input::Seek { len } => Reader::Seek(SeekTar::new(len, HAND_OUT_MIN)),
            Input::Folder => Reader::Folder,
        };
        Session {
            v: Verifier::new(opts),
            target: target.to_owned(),
            reader,
            phase: Phase::Input,
            failed: false,
            head: Vec::new(),
            fed: 0,
            unusable: None,
            split: None,
            want_joined: false,
            joined: None,
            joined_hex: None,
            fault_offset: None,
            expect_sha256: None,
            push: false,
        }
    }

    /// A split package: `files` are every `<stem>.part*` file the front end found (names as it
    /// shows them) and part000's first bytes. Stream [`Session::parts`] in order as one archive
    /// (`input`: [`Input::Stream`], or [`Input::Decoded`] once the driver sniffed the first part).
    pub fn split(files: PartFiles, opts: Options) -> Result<Session, Unusable> {
        let (cap, max_parts) = (opts.document_cap, opts.max_split_parts);
        let mut s = Session::new(&files.stem, opts, Input::Stream);
        let mut found = Vec::new();
        let plan = split::plan(&files, cap, max_parts, &mut found);
        for f in found {
            s.v.add_finding(f);
        }
        match &plan {
            SplitPlan::Unusable(why) => return Err(Unusable::Split(SplitUnusable::Plan(why.clone()))),
            // Nothing is read: the report is the findings alone.
            SplitPlan::Report => s.phase = Phase::Finish,
            // The joined digest is the archive's only when every part is there.
            SplitPlan::Stream { all_present, .. } => {
                s.want_joined = *all_present;
                s.joined = all_present.then(Sha256::new);
            }
        }
        s.split = Some(Split { stem: files.stem, plan });
        Ok(s)
    }

    /// A split package from the files a person selected (names and sizes; part000's first bytes,
    /// at most the document cap + 1): the files must be one package's parts.
    pub fn split_selected(files: &[(String, u64)], part000: &[u8], opts: Options) -> Result<Session, Unusable> {
        let mut stems: Vec<&str> = files.iter().filter_map(|(n, _)| split::part_of(n).map(|(s, _)| s)).collect();
        stems.sort_unstable();
        stems.dedup();
        let stem = match stems.as_slice() {
            [one] => (*one).to_owned(),
            [] => return Err(Unusable::Split(SplitUnusable::NoParts)),
            many => {
                return Err(Unusable::Split(SplitUnusable::SeveralPackages(
                    many.iter().map(|s| (*s).to_owned()).collect(),
                )))
            }
        };
        let meta_name = split::part_name(&stem, 0);
        if !files.iter().any(|(n, _)| *n == meta_name) {
            return Err(Unusable::Split(SplitUnusable::NoMetadata { name: meta_name }));
        }
        let prefix = format!("{stem}.part");
        let files = files.iter().filter(|(n, _)| n.starts_with(&prefix)).cloned().collect();
        Session::split(PartFiles { stem, files, part000: part000.to_vec() }, opts)
    }

    /// The files to stream, in order, with their sizes: a split package's data parts present
    /// (nothing when it is refused before reading); empty for any other input.
    pub fn parts(&self) -> Vec<(String, u64)> {
        match &self.split {
            Some(Split { plan: SplitPlan::Stream { parts, .. }, .. }) if !matches!(self.phase, Phase::Finish) => {
                parts.clone()
            }
            _ => Vec::new(),
        }
    }

    /// Read the bytes as [`Input::Decoded`]: the driver decodes them on a thread of its own.
    pub fn decoded(&mut self, kind: ArchiveKind) {
        if matches!(self.reader, Reader::Stream(_)) && self.fed == 0 {
            self.reader = Reader::Decoded(kind, TarReader::new());
            // The bytes fed are not the raw ones: the driver hashes those.
            self.joined = None;
        }
    }

    /// The archive's published sha256 (lowercase hex): the raw bytes are hashed and compared.
    pub fn expect_sha256(&mut self, hex: &str) {
        self.expect_sha256 = Some(hex.to_owned());
        self.want_joined = true;
        if matches!(self.reader, Reader::Stream(_)) && self.fed == 0 {
            self.joined = Some(Sha256::new());
        }
    }

    /// Whether the raw bytes' sha256 is wanted (a split package, an expected digest): a driver
    /// that does not feed raw bytes hashes them itself and gives the digest with
    /// [`Session::joined_sha256`].
    pub fn wants_joined_sha256(&self) -> bool {
        self.want_joined && self.joined.is_none() && self.joined_hex.is_none()
    }

    /// The sha256 of every raw byte of the source, in order, read to its end, hashed by the driver.
    pub fn joined_sha256(&mut self, hex: &str) {
        self.joined = None;
        self.joined_hex = Some(hex.to_owned());
    }

    /// Push mode: from now on large entries that need none of their bytes kept are handed out as
    /// their bytes arrive ([`Session::take_handouts`]).
    pub fn push_mode(&mut self) {
        self.push = true;
        self.v.hand_out(HAND_OUT_MIN);
    }

    /// For a driver that hashes large entries elsewhere by offset ([`Need::Hash`],
    /// [`Session::hand_out_file`]): a component tarball, which the session reads as an archive in
    /// the stream, has its own sha256 computed elsewhere too, from copies of the bytes it reads
    /// ([`Session::take_handouts`]), so those bytes are read once and hashed here only for what
    /// they hold. Push mode does this already.
    pub fn hand_out_nested(&mut self) {
        self.v.hand_out_nested(HAND_OUT_MIN);
    }

    /// The push-mode messages produced since the last call, in stream order.
    pub fn take_handouts(&mut self) -> Vec<Handout> {
        self.v.take_handouts()
    }

    /// A handed-out entry's digest, in any order.
    pub fn complete(&mut self, d: EntryDigest) {
        self.v.complete(d);
    }

    /// Handed-out entries whose digests have not come back.
    pub fn outstanding(&self) -> usize {
        self.v.outstanding()
    }

    /// Verify a keyless signature with this policy (made by [`crate::sigstore::PolicyRequest`]).
    /// Only before the first byte: what is checked does not change mid-check.
    pub fn keyless(&mut self, policy: crate::sigstore::Policy) {
        if self.fed == 0 {
            self.v.options_mut().keyless = Some(policy);
        }
    }

    /// Ask whether this Zarf version can deploy the package (ZV631). Only before the first byte.
    pub fn zarf_version(&mut self, version: &str) -> Result<(), Unusable> {
        if !crate::zarf::requirements::is_zarf_version(version) {
            return Err(Unusable::NotAZarfVersion(version.to_owned()));
        }
        if self.fed == 0 {
            self.v.options_mut().zarf_version = Some(version.to_owned());
        }
        Ok(())
    }

    /// The verifier, for a folder's driver to push entries into (and for tests).
    pub fn verifier(&mut self) -> &mut Verifier {
        &mut self.v
    }

    /// The options of this check.
    pub fn options(&self) -> &Options {
        self.v.options()
    }

    /// A folder's open file of `size` bytes, whose first bytes are `head`: hand it out to be hashed
    /// elsewhere when it is large and none of its bytes are kept. After `Some`, close the entry;
    /// the hasher reads the whole file and its digest comes back through [`Session::complete`].
    pub fn hand_out_file(&mut self, head: &[u8], size: u64) -> Option<EntryHasher> {
        if size < HAND_OUT_MIN {
            return None;
        }
        self.v.sniff(head);
        let hasher = self.v.detach()?;
        self.v.skip(size);
        Some(hasher)
    }

    /// What the driver does next.
    // `next`, as in quinn-proto and the sans-IO drivers it is modelled on; not an iterator.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Need {
        loop {
            match &mut self.phase {
                Phase::Input => {
                    let Reader::Seek(drv) = &mut self.reader else { return Need::Input };
                    if self.failed {
                        self.phase = Phase::Read;
                        continue;
                    }
                    match drv.next(&mut self.v) {
                        Ok(Step::Read { offset, len }) => return Need::Read { offset, len },
                        Ok(Step::HandOut { hasher, offset, len }) => return Need::Hash { hasher, offset, len },
                        Ok(Step::Done) => self.end_input(),
                        Err(e) => {
                            self.tar_failed(&e);
                            self.phase = Phase::Read;
                        }
                    }
                }
                Phase::Read => {
                    // A damaged source is not read again: what follows the damage is not what Zarf
                    // would see.
                    let archive = !matches!(self.reader, Reader::Folder);
                    if self.unusable.is_some() || self.failed {
                        self.phase = Phase::Finish;
                        continue;
                    }
                    let paths = self.v.wanted_documents();
                    if paths.is_empty() {
                        self.phase = Phase::Finish;
                        continue;
                    }
                    let collector = Verifier::collector(paths.clone(), self.v.document_cap());
                    // The second read decodes as the first did: with the window the check allows.
                    let (window_max, decoder) = (self.v.options().zstd_window_max, self.v.options().zstd_decoder);
                    let reader = archive.then(|| Box::new(ArchiveReader::with_decoder(window_max, decoder)));
                    self.phase = Phase::Reread(paths.clone(), Box::new(collector), reader);
                    return Need::Reread { paths };
                }
                Phase::Reread(paths, ..) => return Need::Reread { paths: paths.clone() },
                Phase::Finish => return Need::Finish,
            }
        }
    }

    /// The next raw bytes of the source (or, [`Input::Decoded`], tar bytes). Returns whether more
    /// are wanted: `false` once the archive broke and no digest of the whole needs its bytes.
    pub fn feed(&mut self, chunk: &[u8]) -> bool {
        self.feed_inner(chunk, None)
    }

    /// [`Session::feed`] in push mode: `drain` takes the handouts after every piece the tar reader
    /// consumed (at most one zstd block's output), so the handed-out bytes waiting here stay small
    /// however much one input chunk expands.
    pub fn feed_draining(&mut self, chunk: &[u8], drain: &mut dyn FnMut(Vec<Handout>)) -> bool {
        self.feed_inner(chunk, Some(drain))
    }

    fn feed_inner(&mut self, chunk: &[u8], mut drain: Option<&mut dyn FnMut(Vec<Handout>)>) -> bool {
        if let Phase::Reread(_, collector, Some(reader)) = &mut self.phase {
            return reader.feed(chunk, collector.as_mut()).is_ok();
        }
        if !matches!(self.phase, Phase::Input) {
            return false;
        }
        if let Some(h) = &mut self.joined {
            h.update(chunk);
        }
        if self.head.len() < archive::SNIFF_LEN {
            let take = (archive::SNIFF_LEN - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
        }
        if !self.failed {
            match &mut self.reader {
                Reader::Stream(reader) => {
                    let fed = match drain.as_mut().filter(|_| self.push) {
                        Some(drain) => reader.feed_draining(chunk, &mut self.v, &mut |v| drain(v.take_handouts())),
                        None => reader.feed(chunk, &mut self.v),
                    };
                    if let Err(e) = fed {
                        self.archive_failed(e);
                    }
                }
                Reader::Decoded(_, tar) => {
                    let fed = tar.feed(chunk, &mut self.v);
                    if let Some(drain) = drain.as_mut().filter(|_| self.push) {
                        drain(self.v.take_handouts());
                    }
                    if let Err(e) = fed {
                        self.tar_failed(&e);
                    }
                }
                Reader::Seek(_) | Reader::Folder => {}
            }
        }
        self.fed += chunk.len() as u64;
        !self.failed || self.want_joined
    }

    /// The bytes of the last [`Need::Read`] (fewer than `asked` means the source ended there).
    pub fn supply(&mut self, bytes: &[u8], asked: usize) {
        if let Reader::Seek(drv) = &mut self.reader {
            self.fed += bytes.len() as u64;
            drv.supply(bytes, asked);
        }
    }

    /// A document [`Need::Reread`] asked for, read again from a folder's file (at most the
    /// document cap + 1 bytes).
    pub fn supply_document(&mut self, path: &str, bytes: Vec<u8>) {
        if let Phase::Reread(_, collector, None) = &mut self.phase {
            // A folder's second read: the collector holds what was read, by path.
            collector.begin_entry(path, Some(bytes.len() as u64)).ok();
            collector.write(&bytes);
            collector.end_entry().ok();
        }
    }

    /// The source failed (the driver's reader or decoder). Verification of what was read goes on;
    /// the report says where it stopped.
    pub fn fault(&mut self, fault: SourceFault) {
        if let Phase::Reread(..) = self.phase {
            // A second read that fails supplies nothing more.
            self.end_input();
            return;
        }
        if self.failed || !matches!(self.phase, Phase::Input) {
            return;
        }
        self.failed = true;
        let tar_at = self.tar_offset();
        let target = self.target.clone();
        let decompressing = matches!(self.reader, Reader::Decoded(ArchiveKind::TarZstd, _));
        match fault {
            SourceFault::Zstd(error) => {
                self.fault_offset = Some(error.offset);
                self.v.abort(Some(&target), StopReason::Zstd { tar_at, error });
            }
            SourceFault::Read { at: Some(at), why } => self.v.abort(Some(&target), StopReason::ReadAt { at, why }),
            // A folder's file: the driver's words name it.
            SourceFault::Read { at: None, why } if matches!(self.reader, Reader::Folder) => {
                self.v.abort(None, StopReason::FolderFile { why });
            }
            SourceFault::Read { at: None, why } => {
                self.v.abort(Some(&target), StopReason::ReadAfter { tar_at, decompressing, why });
            }
        }
    }

    /// The source's bytes ended (a folder: its entries were all pushed; a second read: it ended).
    pub fn end_input(&mut self) {
        match &mut self.phase {
            Phase::Reread(..) => {
                let Phase::Reread(_, collector, _) = std::mem::replace(&mut self.phase, Phase::Read) else {
                    unreachable!()
                };
                let mut progress = false;
                for (path, bytes) in collector.into_collected() {
                    progress |= self.v.supply_document(&path, bytes);
                }
                if !progress {
                    self.phase = Phase::Finish;
                }
                return;
            }
            Phase::Input => self.phase = Phase::Read,
            _ => return,
        }
        if self.failed {
            return;
        }
        let finished = match &mut self.reader {
            Reader::Stream(reader) => match reader.finish(&mut self.v) {
                Err(archive::ArchiveError::NotAnArchive) => {
                    let hint = NotArchiveHint::of(&self.head);
                    self.unusable = Some(Unusable::NotAnArchive { name: self.first_file(), hint });
                    return;
                }
                Err(e) => Err(e),
                Ok(()) => Ok(reader.tar().entries()),
            },
            Reader::Decoded(_, tar) => {
                tar.finish(&mut self.v).map(|()| tar.entries()).map_err(archive::ArchiveError::Tar)
            }
            Reader::Seek(drv) => {
                drv.finish(&mut self.v).map(|()| drv.tar().entries()).map_err(archive::ArchiveError::Tar)
            }
            Reader::Folder => return,
        };
        match finished {
            Ok(0) => self.unusable = Some(Unusable::Empty { name: self.target.clone() }),
            Ok(_) => {}
            Err(e) => self.archive_failed(e),
        }
    }

    /// Bytes hashed so far.
    pub fn bytes_hashed(&self) -> u64 {
        self.v.bytes_hashed()
    }

    /// The verdict: the report, or why there is none.
    pub fn finish(self) -> Result<Report, Unusable> {
        self.finish_as(true)
    }

    /// [`Session::finish`] for a driver whose input is meant as a package by where it comes from
    /// (a published package's layers): the report even when it holds no package, which its
    /// findings then explain (a missing `zarf.yaml`, untitled layers), rather than
    /// [`Unusable::NotAPackage`].
    pub fn finish_published(self) -> Result<Report, Unusable> {
        self.finish_as(false)
    }

    fn finish_as(mut self, classify: bool) -> Result<Report, Unusable> {
        if let Some(u) = self.unusable.take() {
            return Err(u);
        }
        let kind = self.kind();
        let mut report = self.v.finish(&self.target);
        let joined = self.joined_hex.take().or_else(|| self.joined.take().map(|h| hex::encode(h.finalize())));
        // The raw bytes' digest is the archive's only when they were all read.
        let read_whole = !self.failed || self.split.is_some();
        match &self.split {
            Some(Split { stem, plan }) => {
                // Zarf joins the parts into data.tar.zst whatever they hold.
                if let Some(f) = kind.and_then(|k| split::joined_kind(stem, k)) {
                    report.findings.push(f);
                }
                split::finish(
                    &mut report,
                    stem,
                    plan,
                    joined.as_deref(),
                    self.fault_offset,
                    self.expect_sha256.as_deref(),
                );
            }
            None => {
                if let (Some(hex), true) = (&joined, read_whole) {
                    report.set_archive_digest(hex, self.expect_sha256.as_deref());
                }
            }
        }
        // A damaged archive is a finding (exit 1) even when the damage hides what it holds; so is a
        // zstd frame over the window limit, and split metadata that is not Zarf's.
        let damaged = report.findings.iter().any(|f| {
            [
                &rules::ARCHIVE_CORRUPT,
                &rules::SPLIT_TOO_MANY_PARTS,
                &rules::ZSTD_WINDOW_TOO_LARGE,
                &rules::SPLIT_METADATA_INVALID,
            ]
            .iter()
            .any(|r| f.code == r.code)
        });
        if classify && report.package.is_none() && !damaged {
            let folder = matches!(self.reader, Reader::Folder);
            return Err(Unusable::NotAPackage { name: self.target.clone(), folder });
        }
        Ok(report)
    }

    /// The file the archive's first bytes came from (a split package's first data part).
    fn first_file(&self) -> String {
        match &self.split {
            Some(Split { plan: SplitPlan::Stream { parts, .. }, .. }) => {
                parts.first().map_or_else(|| self.target.clone(), |(n, _)| n.clone())
            }
            _ => self.target.clone(),
        }
    }

    /// What the archive's raw bytes are, once known (a folder has none).
    fn kind(&self) -> Option<ArchiveKind> {
        match &self.reader {
            Reader::Stream(r) => r.kind(),
            Reader::Decoded(kind, _) => Some(*kind),
            Reader::Seek(_) => Some(ArchiveKind::Tar),
            Reader::Folder => None,
        }
    }

    fn tar_offset(&self) -> u64 {
        match &self.reader {
            Reader::Stream(r) => r.tar().offset(),
            Reader::Decoded(_, t) => t.offset(),
            Reader::Seek(d) => d.tar().offset(),
            Reader::Folder => 0,
        }
    }

    /// The archive reader refused the bytes: the finding, worded once for every front end.
    fn archive_failed(&mut self, e: archive::ArchiveError) {
        match e {
            archive::ArchiveError::NotAnArchive => {
                self.failed = true;
                let hint = NotArchiveHint::of(&self.head);
                self.unusable = Some(Unusable::NotAnArchive { name: self.first_file(), hint });
            }
            archive::ArchiveError::Zstd(error) => {
                self.failed = true;
                self.fault_offset = Some(error.offset);
                let (target, tar_at) = (self.target.clone(), self.tar_offset());
                self.v.abort(Some(&target), StopReason::Zstd { tar_at, error });
            }
            archive::ArchiveError::Tar(t) => self.tar_failed(&t),
        }
    }

    fn tar_failed(&mut self, e: &TarError) {
        self.failed = true;
        // In a plain tar, tar offsets are offsets in the raw bytes.
        if self.kind() == Some(ArchiveKind::Tar) {
            self.fault_offset = Some(e.offset());
        }
        let target = self.target.clone();
        self.v.abort(Some(&target), StopReason::Tar(e.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_that_cannot_be_read_names_itself_and_the_systems_reason() {
        let u = |failure| Unusable::Source { name: "pkg.tar".into(), failure };
        assert_eq!(u(SourceFailure::Open("No such file".into())).to_string(), "cannot open pkg.tar: No such file");
        assert_eq!(u(SourceFailure::Read("Is a directory".into())).to_string(), "cannot read pkg.tar: Is a directory");
        let internal = u(SourceFailure::Internal(crate::tar::EntryError::NoEntryOpen)).to_string();
        assert!(internal.starts_with("internal error reading pkg.tar: "), "{internal}");
    }

    #[test]
    fn folder_order_is_the_walk_pre_order_not_a_string_sort() {
        let paths: Vec<String> =
            ["zarf.yaml", "a/x", "a-b/x", "a/b/c", "a.txt", "images/blobs/sha256/ff", "images/index.json"]
                .iter()
                .map(|s| s.to_string())
                .collect();
        let (dirs, files) = folder_order("pkg", &paths).unwrap();
        assert_eq!(dirs, ["a", "a/b", "a-b", "images", "images/blobs", "images/blobs/sha256"]);
        assert_eq!(
            files,
            ["a/b/c", "a/x", "a-b/x", "a.txt", "images/blobs/sha256/ff", "images/index.json", "zarf.yaml"]
        );
        assert_eq!(
            folder_order("pkg", &["notes/readme".to_string()]),
            Err(Unusable::NotAPackage { name: "pkg".into(), folder: true })
        );
        assert!(folder_order("pkg", &["components/x.tar".to_string()]).is_ok(), "components/ marks a package");
    }

    #[test]
    fn not_an_archive_says_what_it_looks_like() {
        let json = Session::new("x", Options::default(), Input::Stream);
        let mut s = json;
        assert!(s.feed(b"  {\"schemaVersion\": 2}"));
        s.end_input();
        assert!(matches!(s.next(), Need::Finish));
        let u = s.finish().unwrap_err();
        assert_eq!(u, Unusable::NotAnArchive { name: "x".into(), hint: Some(NotArchiveHint::Json) });
        assert_eq!(u.to_string(), "x is not a tar or zstd-compressed tar archive (it looks like a JSON document)");
        assert_eq!(sniff("g", &[0x1f, 0x8b, 8, 0]).unwrap_err().hint(), Some(NotArchiveHint::Gzip));
    }

    #[test]
    fn an_empty_tar_is_unusable_in_every_input() {
        // What `tar -cf e.tar -T /dev/null` writes: end-of-archive blocks only. Nothing in it tells a
        // tar from zeros, so as a raw stream it is not an archive; a driver that sniffed a tar
        // (the first bytes of a split package's first part, say) gets "empty".
        let zeros = vec![0u8; 10240];
        let mut s = Session::new("e.tar", Options::default(), Input::Stream);
        s.feed(&zeros);
        s.end_input();
        assert_eq!(s.finish().unwrap_err(), Unusable::NotAnArchive { name: "e.tar".into(), hint: None });
        let mut s = Session::new("e.tar", Options::default(), Input::Decoded(ArchiveKind::Tar));
        s.feed(&zeros);
        s.end_input();
        assert!(matches!(s.next(), Need::Finish));
        assert_eq!(s.finish().unwrap_err(), Unusable::Empty { name: "e.tar".into() });
        let mut s = Session::new("e.tar", Options::default(), Input::Seek { len: zeros.len() as u64 });
        loop {
            match s.next() {
                Need::Read { offset, len } => {
                    let end = (offset as usize + len).min(zeros.len());
                    let bytes = zeros[(offset as usize).min(end)..end].to_vec();
                    s.supply(&bytes, len);
                }
                Need::Finish => break,
                _ => panic!("unexpected need"),
            }
        }
        assert_eq!(s.finish().unwrap_err(), Unusable::Empty { name: "e.tar".into() });
    }
}
