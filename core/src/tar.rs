//! A push-style tar reader that reads every header exactly as Go's `archive/tar` does (Go 1.26/1.27,
//! `reader.go`, `format.go`, `strconv.go`), because Zarf extracts packages with it: bytes in (chunks
//! of any size), entries out into a [`crate::Verifier`]. Nothing is ever extracted.
//!
//! Written by hand rather than on the `tar` crate: that crate's `Archive` pulls from a blocking
//! `io::Read` (a browser worker fed by `ReadableStream` chunks cannot offer one), and its header
//! decoding differs from Go's in ways an attacker can use (which magic implies which prefix field,
//! how numeric fields are trimmed, signed checksums, PAX versus GNU precedence, which types carry
//! data). Every such difference is either read as Go reads it or reported as an error.
//!
//! What Go rejects (a bad checksum, a malformed number or PAX record, a truncated entry) is a
//! [`TarError`]: Zarf cannot load the package. Where Go reads an archive one way and other common
//! readers another, the reader follows Go and reports a finding (ZV009–ZV018).

use crate::diag::Finding;
use crate::go::strconv::parse_int;
use crate::rules;
use std::collections::BTreeMap;
use std::fmt;

/// Where [`TarReader`] pushes the entries it reads: the package verifier (`crate::Verifier`), or a
/// reader of a tarball nested inside the package (`crate::zarf::component`). The methods are the verifier's
/// own push API, with its meaning.
pub trait EntrySink {
    fn begin_entry(&mut self, raw_path: &str, size: Option<u64>) -> Result<(), EntryError>;
    fn begin_special_as_file(&mut self, raw_path: &str, kind: rules::SpecialKind, size: u64) -> Result<(), EntryError>;
    fn write(&mut self, chunk: &[u8]);
    /// `n` bytes of the open entry are hashed elsewhere ([`TarReader::skip_data`]).
    fn skip(&mut self, n: u64);
    fn end_entry(&mut self) -> Result<(), EntryError>;
    fn add_directory(&mut self, raw_path: &str);
    fn add_link(&mut self, raw_path: &str, target: &str, hard: bool);
    /// An entry Zarf extracts as a file but this reader cannot read as Zarf does (a sparse file),
    /// already reported: it is there, and nothing of it was verified.
    fn add_unverified(&mut self, raw_path: &str);
    fn add_finding(&mut self, f: Finding);
    fn note_missing_end(&mut self, offset: u64);
}

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

const BLOCK: usize = 512;
/// Go's `maxSpecialFileSize`: the largest PAX header or GNU long name/link record it reads.
const META_CAP: u64 = 1 << 20;
/// Largest size the 12-byte octal size field holds; beyond it writers must use PAX `size`.
const OCTAL_SIZE_MAX: i64 = 0o777_7777_7777;
/// Old GNU sparse extension blocks read before giving up (Go stops at about 1 MiB of them).
const SPARSE_EXT_CAP: u32 = 2048;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TarError {
    /// A header Go's `archive/tar` rejects (checksum, numeric fields, a zero block between entries).
    BadHeader { offset: u64, reason: HeaderFault },
    /// The stream ended inside a header or an entry.
    Truncated { offset: u64, inside: Option<String>, missing: u64 },
    /// A PAX or long-name record Go rejects (malformed, or larger than Go reads).
    BadMetadata { offset: u64, reason: MetadataFault },
    /// The reader misused the verifier's push API: a bug in zverify, never a verdict on the input.
    /// Reading stops (a finding says so) rather than hash bytes into the wrong entry.
    Internal { offset: u64, error: EntryError },
}

impl fmt::Display for TarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TarError::BadHeader { offset, reason } => write!(
                f,
                "corrupt tar header at byte {offset}: {reason} (Go's archive/tar stops here, so Zarf cannot load the package)"
            ),
            TarError::Truncated { offset, inside: Some(p), missing } => {
                write!(f, "the archive ends at byte {offset}, {missing} bytes short of the end of entry \"{p}\"")
            }
            TarError::Truncated { offset, inside: None, .. } => {
                write!(f, "the archive ends at byte {offset} in the middle of a tar header")
            }
            TarError::BadMetadata { offset, reason } => write!(
                f,
                "bad tar metadata record at byte {offset}: {reason} (Go's archive/tar stops here, so Zarf cannot load the package)"
            ),
            TarError::Internal { offset, error } => {
                write!(f, "internal error in zverify's tar reader at byte {offset} ({error}); please report it")
            }
        }
    }
}

impl std::error::Error for TarError {}

/// Why Go's `archive/tar` rejects a header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderFault {
    /// A zero block followed by more entries.
    ZeroBlockBetweenEntries,
    /// The checksum field (shown lossily) is not octal.
    ChecksumNotOctal(String),
    /// The stored checksum against the bytes' unsigned sum.
    Checksum {
        stored: i64,
        unsigned: i64,
    },
    /// A numeric field that is not a valid number.
    Number(&'static str),
    NegativeSize(i64),
}

impl fmt::Display for HeaderFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderFault::ZeroBlockBetweenEntries => f.write_str("a zero block followed by more entries"),
            HeaderFault::ChecksumNotOctal(field) => {
                write!(f, "the checksum field {field:?} is not an octal number (not a tar file)")
            }
            HeaderFault::Checksum { stored, unsigned } => write!(
                f,
                "header checksum is {stored}, the header's bytes sum to {unsigned} (not a tar file, or damaged)"
            ),
            HeaderFault::Number(field) => write!(f, "its {field} field is not a valid number"),
            HeaderFault::NegativeSize(size) => write!(f, "negative size {size}"),
        }
    }
}

/// Why Go's `archive/tar` rejects a PAX, GNU long-name or sparse record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetadataFault {
    /// A name or PAX record of `size` bytes, over Go's cap.
    TooLarge {
        size: u64,
    },
    /// A PAX `key` (`size`, `uid`, `gid`) whose value (shown lossily) is not a number.
    NotANumber {
        key: String,
        value: String,
    },
    /// A PAX time `key` whose value is not a time.
    NotATime {
        key: String,
        value: String,
    },
    NegativeSize(i64),
    SparseMapTooLong,
    RecordLength,
    NoLength,
    LengthNotANumber,
    NoEquals,
    /// A PAX record for `key` Go refuses.
    InvalidRecord {
        key: String,
    },
    SparseOrder,
}

impl fmt::Display for MetadataFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MetadataFault::TooLarge { size } => {
                write!(f, "a {size}-byte name or PAX record, over Go's cap of {META_CAP} bytes")
            }
            MetadataFault::NotANumber { key, value } => write!(f, "PAX {key} {value:?} is not a number"),
            MetadataFault::NotATime { key, value } => write!(f, "PAX {key} {value:?} is not a time"),
            MetadataFault::NegativeSize(size) => write!(f, "negative size {size}"),
            MetadataFault::SparseMapTooLong => f.write_str("an old GNU sparse map longer than Go reads"),
            MetadataFault::RecordLength => f.write_str("a PAX record length that does not match its content"),
            MetadataFault::NoLength => f.write_str("a PAX record without a length"),
            MetadataFault::LengthNotANumber => f.write_str("a PAX record length that is not a number"),
            MetadataFault::NoEquals => f.write_str("a PAX record without '='"),
            MetadataFault::InvalidRecord { key } => write!(f, "an invalid PAX record for key {key:?}"),
            MetadataFault::SparseOrder => f.write_str("GNU sparse offset/numbytes records out of order"),
        }
    }
}

impl TarError {
    /// Byte offset in the tar stream where the problem was found.
    pub fn offset(&self) -> u64 {
        match self {
            TarError::BadHeader { offset, .. }
            | TarError::Truncated { offset, .. }
            | TarError::BadMetadata { offset, .. }
            | TarError::Internal { offset, .. } => *offset,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meta {
    LongName,
    LongLink,
    Pax,
    Global,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Meta(Meta),
    Skip,
}

#[derive(Debug)]
enum State {
    /// Collecting a 512-byte header.
    Header,
    /// Inside an entry's data: `remaining` bytes of data, then `padding` bytes.
    Data { kind: Kind, remaining: u64, padding: u64 },
    /// Old GNU sparse extension headers (512 bytes each), then `data` bytes of skipped data.
    SparseExt { data: u64, blocks: u32 },
    /// Zero padding up to the next 512-byte boundary.
    Padding(u64),
    /// After the end-of-archive marker: everything else is ignored (as Go ignores it).
    Done,
    /// A previous error; further input is ignored.
    Failed,
}

/// Extension headers read since the last entry, waiting for the entry they describe.
#[derive(Debug, Default)]
struct Pending {
    /// Records of the last PAX `x` header (Go keeps only the last one).
    pax: Option<BTreeMap<Vec<u8>, Vec<u8>>>,
    pax_headers: u32,
    long_name: Option<Vec<u8>>,
    long_names: u32,
    long_link: Option<Vec<u8>>,
    long_links: u32,
}

impl Pending {
    fn is_empty(&self) -> bool {
        self.pax_headers + self.long_names + self.long_links == 0
    }
    fn describe(&self) -> String {
        let mut parts = Vec::new();
        for (n, what) in
            [(self.pax_headers, "PAX"), (self.long_names, "GNU long-name"), (self.long_links, "GNU long-link")]
        {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        format!("{} header(s)", parts.join(", "))
    }
}

pub struct TarReader {
    state: State,
    block: Vec<u8>,
    offset: u64,
    zero_blocks: u8,
    meta: Vec<u8>,
    pending: Pending,
    /// The name of the entry being read, raw (escaped only when an error names it).
    current_path: Option<Vec<u8>>,
    entries: u64,
}

impl Default for TarReader {
    fn default() -> Self {
        Self::new()
    }
}

impl TarReader {
    pub fn new() -> Self {
        TarReader {
            state: State::Header,
            block: Vec::with_capacity(BLOCK),
            offset: 0,
            zero_blocks: 0,
            meta: Vec::new(),
            pending: Pending::default(),
            current_path: None,
            entries: 0,
        }
    }

    /// Bytes of the tar stream consumed so far.
    pub fn offset(&self) -> u64 {
        self.offset
    }
    /// Headers read so far (all types, extension headers included).
    pub fn entries(&self) -> u64 {
        self.entries
    }
    /// Whether the end-of-archive marker was read.
    pub fn is_done(&self) -> bool {
        matches!(self.state, State::Done)
    }

    /// Bytes of data left in the regular file being read, when the reader is inside one.
    pub fn file_data_remaining(&self) -> Option<u64> {
        match self.state {
            State::Data { kind: Kind::File, remaining, .. } => Some(remaining),
            _ => None,
        }
    }

    /// Bytes until the reader's state can change: the rest of a header block, of an entry's data,
    /// or of padding (`None` once the archive has ended or failed).
    pub fn until_boundary(&self) -> Option<u64> {
        match &self.state {
            State::Header | State::SparseExt { .. } => Some((BLOCK - self.block.len()) as u64),
            State::Data { remaining, .. } => Some(*remaining),
            State::Padding(left) => Some(*left),
            State::Done | State::Failed => None,
        }
    }

    /// Walk past the rest of the current regular file's data without reading it: for a seekable
    /// source whose entry the verifier handed out ([`crate::Verifier::detach`]); the verifier is told
    /// how many bytes are hashed elsewhere ([`crate::Verifier::skip`]). Returns the bytes skipped (0 when
    /// not inside a file's data); the caller continues feeding at `offset()`.
    pub fn skip_data(&mut self, v: &mut impl EntrySink) -> Result<u64, TarError> {
        let State::Data { kind: Kind::File, remaining, padding } = self.state else { return Ok(0) };
        self.offset += remaining;
        v.skip(remaining);
        self.state = State::Data { kind: Kind::File, remaining: 0, padding };
        if let Err(e) = self.entry_done(Kind::File, padding, v) {
            self.state = State::Failed;
            return Err(e);
        }
        Ok(remaining)
    }

    /// Feed the next chunk of the tar stream.
    pub fn feed(&mut self, mut chunk: &[u8], v: &mut impl EntrySink) -> Result<(), TarError> {
        while !chunk.is_empty() {
            match &mut self.state {
                State::Done | State::Failed => return Ok(()),
                State::Header | State::SparseExt { .. } => {
                    let take = (BLOCK - self.block.len()).min(chunk.len());
                    self.block.extend_from_slice(&chunk[..take]);
                    chunk = &chunk[take..];
                    self.offset += take as u64;
                    if self.block.len() == BLOCK {
                        let block = std::mem::replace(&mut self.block, Vec::with_capacity(BLOCK));
                        let res = match self.state {
                            State::SparseExt { data, blocks } => self.sparse_ext(&block, data, blocks),
                            _ => self.header(&block, v),
                        };
                        if let Err(e) = res {
                            self.state = State::Failed;
                            return Err(e);
                        }
                    }
                }
                State::Data { kind, remaining, padding } => {
                    let (kind, padding) = (*kind, *padding);
                    let take = (*remaining).min(chunk.len() as u64) as usize;
                    *remaining -= take as u64;
                    let done = *remaining == 0;
                    let data = &chunk[..take];
                    chunk = &chunk[take..];
                    self.offset += take as u64;
                    match kind {
                        Kind::File => v.write(data),
                        Kind::Meta(_) => self.meta.extend_from_slice(data),
                        Kind::Skip => {}
                    }
                    if done {
                        if let Err(e) = self.entry_done(kind, padding, v) {
                            self.state = State::Failed;
                            return Err(e);
                        }
                    }
                }
                State::Padding(left) => {
                    let take = (*left).min(chunk.len() as u64);
                    *left -= take;
                    chunk = &chunk[take as usize..];
                    self.offset += take;
                    if *left == 0 {
                        self.state = State::Header;
                    }
                }
            }
        }
        Ok(())
    }

    /// The input ended. A stream that ends inside a header or an entry is truncated (an error, as
    /// for Go); one that ends on an entry boundary, or inside the padding after the last entry,
    /// without the end-of-archive marker is a normal end for Go, reported to the verifier as a
    /// warning (every entry read is complete, but later ones could be missing).
    pub fn finish(&mut self, v: &mut impl EntrySink) -> Result<(), TarError> {
        let result = match &self.state {
            State::Done | State::Failed => return Ok(()),
            State::Padding(_) => {
                v.note_missing_end(self.offset);
                Ok(())
            }
            State::Header if self.block.is_empty() => {
                if self.entries > 0 {
                    v.note_missing_end(self.offset);
                }
                Ok(())
            }
            State::Header | State::SparseExt { .. } => Err(TarError::Truncated {
                offset: self.offset,
                inside: None,
                missing: (BLOCK - self.block.len()) as u64,
            }),
            State::Data { remaining, .. } => Err(TarError::Truncated {
                offset: self.offset,
                inside: self.current_path.as_deref().map(|n| lossy(n).escape_debug().to_string()),
                missing: *remaining,
            }),
        };
        if result.is_ok() {
            self.dangling(v, "the end of the archive");
        }
        self.state = State::Done;
        result
    }

    /// Extension headers that no entry follows: Go drops them; other readers may not.
    fn dangling(&mut self, v: &mut impl EntrySink, before: &'static str) {
        if !self.pending.is_empty() {
            let records = self.pending.describe();
            v.add_finding(Finding::of(rules::TarNameRecordsConflict::Dangling { records, before }));
        }
        self.pending = Pending::default();
    }

    fn header(&mut self, block: &[u8], v: &mut impl EntrySink) -> Result<(), TarError> {
        let start = self.offset - BLOCK as u64;
        if block.iter().all(|b| *b == 0) {
            self.zero_blocks += 1;
            if self.zero_blocks == 2 {
                self.dangling(v, "the end-of-archive marker");
                self.state = State::Done;
            }
            return Ok(());
        }
        if self.zero_blocks > 0 {
            return Err(TarError::BadHeader {
                offset: start - BLOCK as u64,
                reason: HeaderFault::ZeroBlockBetweenEntries,
            });
        }
        let h = RawHeader::parse(block).map_err(|reason| TarError::BadHeader { offset: start, reason })?;
        self.entries += 1;
        // Go's handleRegularFile on the header as read: types that carry no data have none.
        let nb = data_len(h.typeflag, h.size)
            .ok_or(TarError::BadHeader { offset: start, reason: HeaderFault::NegativeSize(h.size) })?;
        let meta = match h.typeflag {
            b'x' => Some(Meta::Pax),
            b'g' => Some(Meta::Global),
            b'L' => Some(Meta::LongName),
            b'K' => Some(Meta::LongLink),
            _ => None,
        };
        if let Some(m) = meta {
            if nb > META_CAP {
                return Err(TarError::BadMetadata { offset: start, reason: MetadataFault::TooLarge { size: nb } });
            }
            self.meta.clear();
            self.current_path = Some(format!("<{} header>", type_name(h.typeflag)).into_bytes());
            return self.start_data(Kind::Meta(m), nb, v);
        }
        self.entry(h, block, start, v)
    }

    fn start_data(&mut self, kind: Kind, size: u64, v: &mut impl EntrySink) -> Result<(), TarError> {
        let padding = (BLOCK as u64 - size % BLOCK as u64) % BLOCK as u64;
        self.state = State::Data { kind, remaining: size, padding };
        if size == 0 {
            self.entry_done(kind, padding, v)?;
        }
        Ok(())
    }

    /// An entry Go's `Reader.Next` returns (not an extension header), dispatched the way Zarf's
    /// extractor (`writeEntry`) dispatches it.
    fn entry(&mut self, h: RawHeader, block: &[u8], start: u64, v: &mut impl EntrySink) -> Result<(), TarError> {
        let pending = std::mem::take(&mut self.pending);
        // Made once the entry's name is known (it names them).
        let mut findings: Vec<Box<dyn FnOnce(rules::TarEntryAt) -> Finding>> = Vec::new();
        let (mut name, mut link, mut size) = (h.name.clone(), h.linkname.clone(), h.size);
        let mut name_from_header = true;
        let mut sparse = h.typeflag == b'S';
        // Go's mergePAX: empty values keep the header's value; malformed numbers are fatal.
        let bad = |reason: MetadataFault| TarError::BadMetadata { offset: start, reason };
        let mut pax_path = false;
        let mut pax_link = false;
        if let Some(pax) = &pending.pax {
            for (k, val) in pax {
                let key = String::from_utf8_lossy(k);
                if val.is_empty() {
                    if matches!(k.as_slice(), b"path" | b"linkpath" | b"size") {
                        let key = key.into_owned();
                        findings.push(Box::new(move |at| {
                            Finding::of(rules::TarHeaderAmbiguous { at, why: rules::Ambiguity::EmptyPax { key } })
                        }));
                    }
                    continue;
                }
                match k.as_slice() {
                    b"path" => {
                        name = val.clone();
                        name_from_header = false;
                        pax_path = true;
                    }
                    b"linkpath" => {
                        link = val.clone();
                        pax_link = true;
                    }
                    b"size" => {
                        size = parse_int(val, 64).ok().ok_or_else(|| {
                            bad(MetadataFault::NotANumber { key: "size".into(), value: lossy(val).into_owned() })
                        })?;
                        if size != h.size && !(h.size == 0 && size > OCTAL_SIZE_MAX) {
                            let (pax, header) = (size, h.size);
                            findings.push(Box::new(move |at| Finding::of(rules::PaxSizeOverride { at, pax, header })));
                        }
                    }
                    b"uid" | b"gid" => {
                        parse_int(val, 64).ok().ok_or_else(|| {
                            bad(MetadataFault::NotANumber { key: key.to_string(), value: lossy(val).into_owned() })
                        })?;
                    }
                    b"atime" | b"mtime" | b"ctime" if !valid_pax_time(val) => {
                        return Err(bad(MetadataFault::NotATime {
                            key: key.to_string(),
                            value: lossy(val).into_owned(),
                        }));
                    }
                    _ if k.starts_with(b"GNU.sparse.") => sparse = true,
                    _ => {}
                }
            }
        }
        // A GNU long name or link, when not empty, overrides PAX (Go applies it after mergePAX).
        if let Some(n) = pending.long_name.as_ref().filter(|n| !n.is_empty()) {
            name = n.clone();
            name_from_header = false;
        }
        if let Some(l) = pending.long_link.as_ref().filter(|l| !l.is_empty()) {
            link = l.clone();
        }
        use rules::RecordConflict;
        let mut conflicts = Vec::new();
        if pending.pax_headers > 1 {
            conflicts.push(RecordConflict::PaxHeaders(pending.pax_headers));
        }
        if pending.long_names > 1 {
            conflicts.push(RecordConflict::LongNames(pending.long_names));
        }
        if pending.long_links > 1 {
            conflicts.push(RecordConflict::LongLinks(pending.long_links));
        }
        if pending.long_names > 0 && pax_path {
            conflicts.push(RecordConflict::LongNameAndPaxPath);
        }
        if pending.long_links > 0 && pax_link {
            conflicts.push(RecordConflict::LongLinkAndPaxLinkpath);
        }
        if !conflicts.is_empty() {
            findings.push(Box::new(move |at| Finding::of(rules::TarNameRecordsConflict::Entry { at, conflicts })));
        }
        if name_from_header {
            if let Some(why) = h.ambiguous.clone() {
                findings.push(Box::new(move |at| Finding::of(rules::TarHeaderAmbiguous { at, why })));
            }
        }
        // Go: type '\0' is a directory when its name ends in '/', else a regular file.
        let mut typeflag = h.typeflag;
        if typeflag == 0 {
            typeflag = if name.ends_with(b"/") { b'5' } else { b'0' };
        }
        let nb = data_len(typeflag, size).ok_or_else(|| bad(MetadataFault::NegativeSize(size)))?;
        if is_header_only(typeflag) && size != 0 {
            let kind = type_name(typeflag);
            findings.push(Box::new(move |at| Finding::of(rules::EntryDataOnHeaderonly { at, kind, size })));
        }
        // Zarf asks Go's FileInfo().IsDir(), which also reads the mode's file-type bits.
        let is_dir = typeflag == b'5' || (h.mode as u32) & !0o7777 == 0o40000;
        if is_dir && typeflag != b'5' {
            let (kind, mode) = (type_name(typeflag), h.mode);
            findings.push(Box::new(move |at| Finding::of(rules::EntryTypeModeConflict { at, kind, mode })));
        }
        if !is_dir && link.is_empty() && name.ends_with(b"/") && !is_header_only(typeflag) {
            let kind = type_name(typeflag);
            findings.push(Box::new(move |at| Finding::of(rules::EntryNameTrailingSlash { at, kind })));
        }
        let utf8 = std::str::from_utf8(&name).ok();
        if utf8.is_none() {
            findings.push(Box::new(|at| Finding::of(rules::EntryNameNotUtf8::Tar { at })));
        }
        if sparse {
            findings.push(Box::new(|at| Finding::of(rules::TarSparseEntry { at })));
        }
        // Escaped only when a finding names the entry (most entries need no finding).
        let shown = if findings.is_empty() { String::new() } else { lossy(&name).escape_debug().to_string() };
        for make in findings {
            let shown = if shown.len() > 240 {
                format!("{}…", shown.chars().take(200).collect::<String>())
            } else {
                shown.clone()
            };
            v.add_finding(make(rules::TarEntryAt { name: shown.clone(), offset: start }).path(shown));
        }
        if h.typeflag == b'S' && h.format == Format::Gnu && block[482] != 0 {
            self.state = State::SparseExt { data: nb, blocks: 0 };
            return Ok(());
        }
        self.current_path = Some(name.clone());
        let kind = match utf8 {
            // Reported above; zverify cannot read it as Zarf does (Go expands it), so only that it
            // is there is recorded: a check that would call it missing must not.
            Some(name) if sparse => {
                v.add_unverified(name);
                Kind::Skip
            }
            _ if sparse => Kind::Skip,
            None => Kind::Skip,
            Some(name) if is_dir => {
                v.add_directory(name);
                Kind::Skip
            }
            Some(name) if !link.is_empty() => {
                v.add_link(name, &lossy(&link), typeflag == b'1');
                Kind::Skip
            }
            Some(name) => match typeflag {
                b'1' | b'2' => {
                    // A link with no target: Zarf writes an empty regular file.
                    v.add_link(name, "", typeflag == b'1');
                    Kind::Skip
                }
                b'0' | b'7' => {
                    // The reader closes every file before the next header: a failure is a bug here.
                    v.begin_entry(name, Some(nb)).map_err(|error| internal(start, error))?;
                    Kind::File
                }
                // Zarf (Go) extracts these as regular files: zverify reads them as Zarf does, so
                // the package is checked as deployed, and reports the entry type (ZV006, error),
                // since other readers make a device or skip the entry.
                b'3' | b'4' | b'6' => {
                    let kind = rules::SpecialKind::Device { what: type_name(typeflag) };
                    v.begin_special_as_file(name, kind, nb).map_err(|error| internal(start, error))?;
                    Kind::File
                }
                other => {
                    let kind = rules::SpecialKind::UnknownType { flag: char::from(other), size: nb };
                    v.begin_special_as_file(name, kind, nb).map_err(|error| internal(start, error))?;
                    Kind::File
                }
            },
        };
        self.start_data(kind, nb, v)
    }

    /// One old-GNU sparse extension block: skipped; the last one has a zero "extended" flag.
    fn sparse_ext(&mut self, block: &[u8], data: u64, blocks: u32) -> Result<(), TarError> {
        if blocks >= SPARSE_EXT_CAP {
            return Err(TarError::BadMetadata { offset: self.offset, reason: MetadataFault::SparseMapTooLong });
        }
        if block[504] != 0 {
            self.state = State::SparseExt { data, blocks: blocks + 1 };
            return Ok(());
        }
        let padding = (BLOCK as u64 - data % BLOCK as u64) % BLOCK as u64;
        self.state = if data > 0 { State::Data { kind: Kind::Skip, remaining: data, padding } } else { State::Header };
        Ok(())
    }

    fn entry_done(&mut self, kind: Kind, padding: u64, v: &mut impl EntrySink) -> Result<(), TarError> {
        let at = self.offset;
        self.current_path = None;
        match kind {
            Kind::File => {
                v.end_entry().map_err(|error| internal(at, error))?;
            }
            Kind::Meta(Meta::LongName) => {
                self.pending.long_name = Some(cstr(&self.meta).to_vec());
                self.pending.long_names += 1;
            }
            Kind::Meta(Meta::LongLink) => {
                self.pending.long_link = Some(cstr(&self.meta).to_vec());
                self.pending.long_links += 1;
            }
            Kind::Meta(Meta::Pax) => {
                let records = parse_pax(&self.meta).map_err(|reason| TarError::BadMetadata { offset: at, reason })?;
                self.pending.pax = Some(records);
                self.pending.pax_headers += 1;
            }
            Kind::Meta(Meta::Global) => {
                let records = parse_pax(&self.meta).map_err(|reason| TarError::BadMetadata { offset: at, reason })?;
                // Go returns a global header as an entry of its own (Zarf skips it): whatever
                // extension headers came before it apply to nothing.
                self.dangling(v, "a PAX global header");
                let applied: Vec<String> =
                    records.keys().filter(|k| k.as_slice() != b"comment").map(|k| lossy(k).into_owned()).collect();
                if !applied.is_empty() {
                    v.add_finding(Finding::of(rules::PaxGlobalHeader { at, keys: applied }));
                }
            }
            Kind::Skip => {}
        }
        self.state = if padding > 0 { State::Padding(padding) } else { State::Header };
        Ok(())
    }
}

/// Go's `isHeaderOnlyType`: entry types whose size field announces no data.
fn is_header_only(typeflag: u8) -> bool {
    matches!(typeflag, b'1' | b'2' | b'3' | b'4' | b'5' | b'6')
}

/// Go's `handleRegularFile`: the bytes of data that follow a header; `None` for a negative size.
fn data_len(typeflag: u8, size: i64) -> Option<u64> {
    if is_header_only(typeflag) {
        return Some(0);
    }
    u64::try_from(size).ok()
}

fn type_name(typeflag: u8) -> &'static str {
    match typeflag {
        b'0' | 0 => "regular file",
        b'1' => "hard link",
        b'2' => "symbolic link",
        b'3' => "character device",
        b'4' => "block device",
        b'5' => "directory",
        b'6' => "FIFO",
        b'7' => "contiguous file",
        b'x' => "PAX",
        b'g' => "PAX global",
        b'L' => "GNU long-name",
        b'K' => "GNU long-link",
        _ => "entry of unknown type",
    }
}

/// A misuse of the verifier's push API by this reader: a bug, caught in tests, and in a release
/// build an error that stops reading (never bytes hashed into the wrong entry).
fn internal(offset: u64, error: EntryError) -> TarError {
    debug_assert!(false, "tar reader misused the push API at byte {offset}: {error}");
    TarError::Internal { offset, error }
}

fn lossy(b: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(b)
}

/// Go's `parser.parseString`: the bytes up to the first NUL.
fn cstr(b: &[u8]) -> &[u8] {
    let end = b.iter().position(|c| *c == 0).unwrap_or(b.len());
    &b[..end]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    V7,
    Ustar,
    Star,
    Gnu,
}

/// A header as Go's `Reader.readHeader` decodes it (the fields that decide what gets extracted).
#[derive(Debug)]
struct RawHeader {
    typeflag: u8,
    name: Vec<u8>,
    linkname: Vec<u8>,
    size: i64,
    mode: i64,
    format: Format,
    /// Why readers that detect the format differently would name this entry differently.
    ambiguous: Option<crate::rules::Ambiguity>,
}

/// Go's numeric-field parser: collects the first error like Go's `parser.err`.
#[derive(Default)]
struct Numbers {
    err: Option<&'static str>,
}

impl Numbers {
    /// Go's `parseNumeric`: base-256 when the top bit is set, else octal.
    fn numeric(&mut self, b: &[u8], field: &'static str) -> i64 {
        if b.first().is_some_and(|c| c & 0x80 != 0) {
            let inv: u8 = if b[0] & 0x40 != 0 { 0xff } else { 0 };
            let mut x: u64 = 0;
            for (i, c) in b.iter().enumerate() {
                let mut c = c ^ inv;
                if i == 0 {
                    c &= 0x7f;
                }
                if x >> 56 > 0 {
                    self.err.get_or_insert(field);
                    return 0;
                }
                x = x << 8 | u64::from(c);
            }
            if x >> 63 > 0 {
                self.err.get_or_insert(field);
                return 0;
            }
            return if inv == 0xff { !(x as i64) } else { x as i64 };
        }
        self.octal(b, field)
    }

    /// Go's `parseOctal`: trim spaces and NULs at both ends, cut at a NUL, parse base 8.
    fn octal(&mut self, b: &[u8], field: &'static str) -> i64 {
        let start = b.iter().position(|c| *c != b' ' && *c != 0);
        let Some(start) = start else { return 0 };
        let end = b.iter().rposition(|c| *c != b' ' && *c != 0).map_or(start, |e| e + 1);
        let digits = cstr(&b[start..end]);
        let mut x: u64 = 0;
        for d in digits {
            let ok = (b'0'..=b'7').contains(d);
            match x.checked_mul(8).and_then(|x| x.checked_add(u64::from(d.wrapping_sub(b'0')))) {
                Some(n) if ok => x = n,
                _ => {
                    self.err.get_or_insert(field);
                    return 0;
                }
            }
        }
        if digits.is_empty() {
            self.err.get_or_insert(field);
        }
        x as i64
    }
}

/// Go's `computeChecksum`: the header's byte sum, unsigned and signed, the checksum field as spaces.
fn sums(b: &[u8]) -> (i64, i64) {
    let (mut unsigned, mut signed) = (0i64, 0i64);
    for (i, c) in b.iter().enumerate() {
        let c = if (148..156).contains(&i) { b' ' } else { *c };
        unsigned += i64::from(c);
        signed += i64::from(c as i8);
    }
    (unsigned, signed)
}

/// Whether a 512-byte block's checksum is one Go's `archive/tar` accepts (used to recognize
/// pre-POSIX tars, which have no magic).
pub fn checksum_ok(b: &[u8]) -> bool {
    if b.len() < BLOCK {
        return false;
    }
    let mut p = Numbers::default();
    let stored = p.octal(&b[148..156], "checksum");
    let (unsigned, signed) = sums(&b[..BLOCK]);
    p.err.is_none() && (stored == unsigned || stored == signed)
}

impl RawHeader {
    /// Go's `readHeader` after the zero-block check; `Err` where Go returns `ErrHeader`.
    fn parse(b: &[u8]) -> Result<RawHeader, HeaderFault> {
        // getFormat: the checksum, unsigned or signed, then the magic.
        let mut p = Numbers::default();
        let stored = p.octal(&b[148..156], "checksum");
        let (unsigned, signed) = sums(b);
        if p.err.is_some() {
            return Err(HeaderFault::ChecksumNotOctal(lossy(&b[148..156]).into_owned()));
        }
        if stored != unsigned && stored != signed {
            return Err(HeaderFault::Checksum { stored, unsigned });
        }
        let (magic, version, trailer) = (&b[257..263], &b[263..265], &b[508..512]);
        let format = if magic == b"ustar\0" && trailer == b"tar\0" {
            Format::Star
        } else if magic == b"ustar\0" {
            Format::Ustar
        } else if magic == b"ustar " && version == b" \0" {
            Format::Gnu
        } else {
            Format::V7
        };
        let typeflag = b[156];
        let mut name = cstr(&b[0..100]).to_vec();
        let linkname = cstr(&b[157..257]).to_vec();
        let size = p.numeric(&b[124..136], "size");
        let mode = p.numeric(&b[100..108], "mode");
        p.numeric(&b[108..116], "uid");
        p.numeric(&b[116..124], "gid");
        p.numeric(&b[136..148], "mtime");
        let ustar_prefix = cstr(&b[345..500]);
        let mut prefix: &[u8] = &[];
        if format != Format::V7 {
            p.numeric(&b[329..337], "devmajor");
            p.numeric(&b[337..345], "devminor");
            match format {
                Format::Ustar => prefix = ustar_prefix,
                Format::Star => {
                    prefix = cstr(&b[345..476]);
                    p.numeric(&b[476..488], "atime");
                    p.numeric(&b[488..500], "ctime");
                }
                Format::Gnu => {
                    let mut p2 = Numbers::default();
                    if b[345] != 0 {
                        p2.numeric(&b[345..357], "atime");
                    }
                    if b[357] != 0 {
                        p2.numeric(&b[357..369], "ctime");
                    }
                    if p2.err.is_some() && ustar_prefix.is_ascii() {
                        // Go: "buggy file is not GNU" — it joins the ustar prefix after all.
                        prefix = ustar_prefix;
                    }
                }
                Format::V7 => {}
            }
        }
        // Other readers: strict ones (the Rust `tar` crate) join the 155-byte prefix only for
        // magic `ustar\0` with version `00`; Python's tarfile joins bytes 345-500 whatever the
        // magic. Where they and Go disagree, the entry has two names.
        let strict: &[u8] = if magic == b"ustar\0" && version == b"00" { ustar_prefix } else { &[] };
        let ambiguous = (prefix != strict || prefix != ustar_prefix).then(|| {
            let other = if prefix != strict { strict } else { ustar_prefix };
            crate::rules::Ambiguity::Prefix {
                magic: lossy(magic).into_owned(),
                version: lossy(version).into_owned(),
                go: lossy(prefix).into_owned(),
                other: lossy(other).into_owned(),
            }
        });
        if let Some(field) = p.err {
            return Err(HeaderFault::Number(field));
        }
        if !prefix.is_empty() {
            let mut joined = prefix.to_vec();
            joined.push(b'/');
            joined.extend_from_slice(&name);
            name = joined;
        }
        Ok(RawHeader { typeflag, name, linkname, size, mode, format, ambiguous })
    }
}

/// Go's `parsePAXTime` succeeds: seconds as `ParseInt`, then optional `.` and digits.
fn valid_pax_time(s: &[u8]) -> bool {
    let (secs, frac) = match s.iter().position(|c| *c == b'.') {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s, &s[s.len()..]),
    };
    parse_int(secs, 64).is_ok() && frac.iter().all(u8::is_ascii_digit)
}

/// Go's `parsePAX`: `<len> <key>=<value>\n` records; the last value of a key wins; the
/// `GNU.sparse.offset`/`numbytes` pairs must alternate and become `GNU.sparse.map`.
fn parse_pax(mut rest: &[u8]) -> Result<BTreeMap<Vec<u8>, Vec<u8>>, MetadataFault> {
    let mut out = BTreeMap::new();
    let mut sparse = 0usize;
    while !rest.is_empty() {
        let sp = rest.iter().position(|b| *b == b' ').ok_or(MetadataFault::NoLength)?;
        let n = parse_int(&rest[..sp], 64).ok().ok_or(MetadataFault::LengthNotANumber)?;
        if n < 5 || n > rest.len() as i64 {
            return Err(MetadataFault::RecordLength);
        }
        let n = n as usize;
        if n <= sp + 1 || rest[n - 1] != b'\n' {
            return Err(MetadataFault::RecordLength);
        }
        let record = &rest[sp + 1..n - 1];
        let eq = record.iter().position(|b| *b == b'=').ok_or(MetadataFault::NoEquals)?;
        let (key, value) = (&record[..eq], &record[eq + 1..]);
        // Go's validPAXRecord.
        let valid = !key.is_empty()
            && match key {
                b"path" | b"linkpath" | b"uname" | b"gname" => !value.contains(&0),
                _ => !key.contains(&0),
            };
        if !valid {
            return Err(MetadataFault::InvalidRecord { key: lossy(key).into_owned() });
        }
        match key {
            b"GNU.sparse.offset" | b"GNU.sparse.numbytes" => {
                let want: &[u8] = if sparse % 2 == 0 { b"GNU.sparse.offset" } else { b"GNU.sparse.numbytes" };
                if key != want || value.contains(&b',') {
                    return Err(MetadataFault::SparseOrder);
                }
                sparse += 1;
                out.insert(b"GNU.sparse.map".to_vec(), b"?".to_vec());
            }
            _ => {
                out.insert(key.to_vec(), value.to_vec());
            }
        }
        rest = &rest[n..];
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_go_parses_them() {
        let mut p = Numbers::default();
        assert_eq!(p.octal(b"0000644\0", "m"), 0o644);
        assert_eq!(p.octal(b"  644 \0\0", "m"), 0o644);
        assert_eq!(p.octal(b"\0\0\0\0\0\0\0\0", "m"), 0);
        assert_eq!(p.octal(b"12\0xyz", "m"), 0o12, "cut at the first NUL after trimming");
        assert!(p.err.is_none());
        assert_eq!(p.octal(b"1 2", "m"), 0);
        assert!(p.err.is_some());
        let mut p = Numbers::default();
        assert_eq!(p.numeric(&[0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0], "s"), 256);
        assert_eq!(p.numeric(&[0xff; 12], "s"), -1);
        assert!(p.err.is_none());
        p.numeric(&[0x80, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "s");
        assert!(p.err.is_some(), "over 63 bits");
    }

    #[test]
    fn pax_records_and_ints() {
        assert!(valid_pax_time(b"-12.5"));
        assert!(!valid_pax_time(b"12.x"));
        let r = parse_pax(b"14 path=a/b/c\n11 size=10\n").unwrap();
        assert_eq!(r[&b"path"[..]], b"a/b/c");
        assert!(parse_pax(b"13 path=a/b/c\n").is_err());
        assert!(parse_pax(b"9 =empty\n").is_err());
    }
}
