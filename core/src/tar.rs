//! A push-style tar reader: bytes in (chunks of any size), entries out into a [`Verifier`].
//!
//! The `tar` crate's `Archive` pulls from a blocking `io::Read`, which a browser worker fed by
//! `ReadableStream` chunks cannot offer, so the *state machine* is written here; header decoding
//! (ustar/GNU fields, base-256 sizes, prefix joining) is the `tar` crate's `Header`. PAX and GNU
//! long-name records are applied to the next entry. Nothing is ever extracted.

use crate::verifier::Verifier;
use std::fmt;
use tar::{EntryType, Header};

const BLOCK: usize = 512;
/// Cap on a GNU long name or PAX header record set: names longer than this are hostile.
const META_CAP: u64 = 1 << 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TarError {
    /// A header block whose checksum does not match.
    BadHeader { offset: u64, reason: String },
    /// The stream ended inside a header or an entry.
    Truncated { offset: u64, inside: Option<String>, missing: u64 },
    /// A PAX or long-name record that is too large or malformed.
    BadMetadata { offset: u64, reason: String },
}

impl fmt::Display for TarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TarError::BadHeader { offset, reason } => write!(f, "corrupt tar header at byte {offset}: {reason}"),
            TarError::Truncated { offset, inside: Some(p), missing } => {
                write!(f, "the archive ends at byte {offset}, {missing} bytes short of the end of entry \"{p}\"")
            }
            TarError::Truncated { offset, inside: None, .. } => {
                write!(f, "the archive ends at byte {offset} in the middle of a tar header")
            }
            TarError::BadMetadata { offset, reason } => write!(f, "bad tar metadata record at byte {offset}: {reason}"),
        }
    }
}

impl std::error::Error for TarError {}

impl TarError {
    /// Byte offset in the tar stream where the problem was found.
    pub fn offset(&self) -> u64 {
        match self {
            TarError::BadHeader { offset, .. }
            | TarError::Truncated { offset, .. }
            | TarError::BadMetadata { offset, .. } => *offset,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    LongName,
    LongLink,
    Pax,
    Skip,
}

#[derive(Debug)]
enum State {
    /// Collecting a 512-byte header.
    Header,
    /// Inside an entry's data: `remaining` bytes of data, then `padding` bytes.
    Data { kind: Kind, remaining: u64, padding: u64 },
    /// Zero padding up to the next 512-byte boundary.
    Padding(u64),
    /// After the end-of-archive marker: everything else is ignored.
    Done,
    /// A previous error; further input is ignored.
    Failed,
}

pub struct TarReader {
    state: State,
    block: Vec<u8>,
    offset: u64,
    zero_blocks: u8,
    meta: Vec<u8>,
    long_name: Option<String>,
    long_link: Option<String>,
    pax_path: Option<String>,
    pax_link: Option<String>,
    pax_size: Option<u64>,
    current_path: Option<String>,
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
            long_name: None,
            long_link: None,
            pax_path: None,
            pax_link: None,
            pax_size: None,
            current_path: None,
            entries: 0,
        }
    }

    /// Bytes of the tar stream consumed so far.
    pub fn offset(&self) -> u64 {
        self.offset
    }
    /// Entries seen so far (all types).
    pub fn entries(&self) -> u64 {
        self.entries
    }
    /// Whether the end-of-archive marker was read.
    pub fn is_done(&self) -> bool {
        matches!(self.state, State::Done)
    }

    /// Feed the next chunk of the tar stream.
    pub fn feed(&mut self, mut chunk: &[u8], v: &mut Verifier) -> Result<(), TarError> {
        while !chunk.is_empty() {
            match &mut self.state {
                State::Done | State::Failed => return Ok(()),
                State::Header => {
                    let take = (BLOCK - self.block.len()).min(chunk.len());
                    self.block.extend_from_slice(&chunk[..take]);
                    chunk = &chunk[take..];
                    self.offset += take as u64;
                    if self.block.len() == BLOCK {
                        let block = std::mem::replace(&mut self.block, Vec::with_capacity(BLOCK));
                        if let Err(e) = self.header(&block, v) {
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
                        Kind::LongName | Kind::LongLink | Kind::Pax => self.meta.extend_from_slice(data),
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

    /// The input ended. A stream that ends inside a header or an entry is truncated (an error);
    /// one that ends on an entry boundary without the end-of-archive marker is reported to the
    /// verifier as a warning (every entry read is complete, but later ones could be missing).
    pub fn finish(&mut self, v: &mut Verifier) -> Result<(), TarError> {
        match &self.state {
            State::Done | State::Failed => Ok(()),
            // Only padding or the end marker is missing: every entry's bytes are there.
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
            State::Header => Err(TarError::Truncated {
                offset: self.offset,
                inside: None,
                missing: (BLOCK - self.block.len()) as u64,
            }),
            State::Data { remaining, .. } => {
                Err(TarError::Truncated { offset: self.offset, inside: self.current_path.clone(), missing: *remaining })
            }
        }
    }

    fn header(&mut self, block: &[u8], v: &mut Verifier) -> Result<(), TarError> {
        let start = self.offset - BLOCK as u64;
        if block.iter().all(|b| *b == 0) {
            self.zero_blocks += 1;
            if self.zero_blocks == 2 {
                self.state = State::Done;
            }
            return Ok(());
        }
        if self.zero_blocks > 0 {
            return Err(TarError::BadHeader {
                offset: start - BLOCK as u64,
                reason: "a zero block followed by more entries".into(),
            });
        }
        let h = Header::from_byte_slice(block);
        let stored = h.cksum().map_err(|e| TarError::BadHeader { offset: start, reason: e.to_string() })?;
        let computed: u32 = block[..148].iter().chain(&[b' '; 8]).chain(&block[156..]).map(|b| u32::from(*b)).sum();
        if stored != computed {
            return Err(TarError::BadHeader {
                offset: start,
                reason: format!(
                    "header checksum is {stored}, the header's bytes sum to {computed} (not a tar file, or damaged)"
                ),
            });
        }
        self.entries += 1;
        let header_size = h.entry_size().map_err(|e| TarError::BadHeader { offset: start, reason: e.to_string() })?;
        let ty = h.entry_type();
        let size = if matches!(
            ty,
            EntryType::XHeader | EntryType::XGlobalHeader | EntryType::GNULongName | EntryType::GNULongLink
        ) {
            header_size
        } else {
            self.pax_size.take().unwrap_or(header_size)
        };
        let path = self
            .pax_path
            .take()
            .or(self.long_name.take())
            .unwrap_or_else(|| String::from_utf8_lossy(&h.path_bytes()).into_owned());
        let link = self
            .pax_link
            .take()
            .or(self.long_link.take())
            .or_else(|| h.link_name_bytes().map(|l| String::from_utf8_lossy(&l).into_owned()))
            .unwrap_or_default();
        let kind = match ty {
            EntryType::Regular | EntryType::Continuous => {
                v.begin_entry(&path, Some(size)).ok();
                self.current_path = Some(path);
                Kind::File
            }
            EntryType::Directory => {
                v.add_directory(&path);
                Kind::Skip
            }
            EntryType::Symlink => {
                v.add_link(&path, &link, false);
                Kind::Skip
            }
            EntryType::Link => {
                v.add_link(&path, &link, true);
                Kind::Skip
            }
            EntryType::GNULongName | EntryType::GNULongLink | EntryType::XHeader => {
                if size > META_CAP {
                    return Err(TarError::BadMetadata {
                        offset: start,
                        reason: format!("a {size}-byte name or PAX record (cap {META_CAP})"),
                    });
                }
                self.meta.clear();
                match ty {
                    EntryType::GNULongName => Kind::LongName,
                    EntryType::GNULongLink => Kind::LongLink,
                    _ => Kind::Pax,
                }
            }
            EntryType::XGlobalHeader => Kind::Skip,
            other => {
                let what = match other {
                    EntryType::Char => "character device",
                    EntryType::Block => "block device",
                    EntryType::Fifo => "FIFO",
                    EntryType::GNUSparse => "GNU sparse file",
                    _ => "unknown-type",
                };
                v.add_special(&path, what);
                Kind::Skip
            }
        };
        let padding = (BLOCK as u64 - size % BLOCK as u64) % BLOCK as u64;
        self.state = State::Data { kind, remaining: size, padding };
        if size == 0 {
            self.entry_done(kind, padding, v)?;
        }
        Ok(())
    }

    fn entry_done(&mut self, kind: Kind, padding: u64, v: &mut Verifier) -> Result<(), TarError> {
        let at = self.offset;
        match kind {
            Kind::File => {
                v.end_entry().ok();
                self.current_path = None;
            }
            Kind::LongName => self.long_name = Some(cstr(&self.meta)),
            Kind::LongLink => self.long_link = Some(cstr(&self.meta)),
            Kind::Pax => self.pax(at)?,
            Kind::Skip => {}
        }
        self.state = if padding > 0 { State::Padding(padding) } else { State::Header };
        Ok(())
    }

    /// PAX records: `<len> <key>=<value>\n`.
    fn pax(&mut self, at: u64) -> Result<(), TarError> {
        let bad = |reason: &str| TarError::BadMetadata { offset: at, reason: reason.to_owned() };
        let meta = std::mem::take(&mut self.meta);
        let mut rest = &meta[..];
        while !rest.is_empty() {
            let sp = rest.iter().position(|b| *b == b' ').ok_or_else(|| bad("PAX record without a length"))?;
            let len: usize = std::str::from_utf8(&rest[..sp])
                .ok()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| bad("PAX record length is not a number"))?;
            if len <= sp + 1 || len > rest.len() || rest[len - 1] != b'\n' {
                return Err(bad("PAX record length does not match its content"));
            }
            let record = &rest[sp + 1..len - 1];
            let eq = record.iter().position(|b| *b == b'=').ok_or_else(|| bad("PAX record without '='"))?;
            let (key, value) = (&record[..eq], &record[eq + 1..]);
            let value = String::from_utf8_lossy(value).into_owned();
            match key {
                b"path" => self.pax_path = Some(value),
                b"linkpath" => self.pax_link = Some(value),
                b"size" => self.pax_size = Some(value.parse().map_err(|_| bad("PAX size is not a number"))?),
                _ => {}
            }
            rest = &rest[len..];
        }
        Ok(())
    }
}

fn cstr(b: &[u8]) -> String {
    let end = b.iter().position(|c| *c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(&b[..end]).into_owned()
}
