//! Reading an uncompressed tar from a seekable source (a file on disk, a `File` in the browser)
//! so that different entries are hashed on different cores: this driver walks the headers, feeding
//! the verifier in archive order, and hands out each large entry that needs none of its bytes kept
//! as a byte range for a worker to read and hash ([`crate::entry`]). Sans-IO: the caller performs
//! the reads it asks for.
//!
//! ```text
//! loop {
//!     match driver.next(&mut v)? {
//!         Step::Read { offset, len } => driver.supply(&read_at(offset, len), &mut v)?,
//!         Step::HandOut { hasher, offset, len } => workers.hash(hasher, offset, len),
//!         Step::Done => break,
//!     }
//! }
//! driver.finish(&mut v)?;
//! ```
//!
//! The verifier sees the same entries, in the same order, as a [`TarReader`] fed the whole stream:
//! the report is the same whichever entries were handed out.

use crate::entry::EntryHasher;
use crate::tar::{EntrySink, TarError, TarReader};

/// What [`SeekTar`] feeds: an [`EntrySink`] that can also hand an entry out (the package
/// verifier, `crate::Verifier`).
pub trait DetachSink: EntrySink {
    /// The first bytes of the open entry, looked at without hashing them.
    fn sniff(&mut self, head: &[u8]);
    /// Hand out the open entry to be hashed elsewhere, if none of its bytes are kept.
    fn detach(&mut self) -> Option<EntryHasher>;
}

/// Bytes the driver asks for at a time.
pub const READ_LEN: usize = 1 << 20;
/// Bytes of an entry looked at ([`DetachSink::sniff`]) before it is handed out.
const HEAD: u64 = 512;

/// What the caller does next.
pub enum Step {
    /// Read `len` bytes at `offset` (fewer only at the end of the source) and [`SeekTar::supply`] them.
    Read { offset: u64, len: usize },
    /// Hash `len` bytes at `offset` into `hasher`, anywhere, and bring the result back with
    /// `Verifier::complete`.
    HandOut { hasher: EntryHasher, offset: u64, len: u64 },
    /// Everything is read: call [`SeekTar::finish`].
    Done,
}

pub struct SeekTar {
    tar: TarReader,
    /// Length of the source.
    len: u64,
    /// Smallest entry handed out.
    min: u64,
    /// Bytes read and not yet fed: `buf[pos..]` starts at source offset `tar.offset()`.
    buf: Vec<u8>,
    pos: usize,
    /// The source offset of the data of the last entry considered for handing out.
    considered: Option<u64>,
    /// The source gave fewer bytes than asked: it ended (or shrank) there.
    ended: bool,
}

impl SeekTar {
    /// A source of `len` bytes; entries of at least `min_hand_out` bytes are handed out.
    pub fn new(len: u64, min_hand_out: u64) -> Self {
        SeekTar {
            tar: TarReader::new(),
            len,
            min: min_hand_out.max(1),
            buf: Vec::new(),
            pos: 0,
            considered: None,
            ended: false,
        }
    }

    pub fn tar(&self) -> &TarReader {
        &self.tar
    }

    /// The next step. Feeds buffered bytes to the verifier as far as it can first.
    pub fn next(&mut self, v: &mut impl DetachSink) -> Result<Step, TarError> {
        loop {
            if self.tar.is_done() {
                return Ok(Step::Done);
            }
            let at = self.tar.offset();
            let avail = self.buf.len() - self.pos;
            if let Some(rem) = self.tar.file_data_remaining().filter(|r| *r >= self.min) {
                if self.considered != Some(at) && at.checked_add(rem).is_some_and(|end| end <= self.len) {
                    let head = rem.min(HEAD) as usize;
                    if avail < head && !self.ended {
                        return Ok(self.read_more());
                    }
                    self.considered = Some(at);
                    v.sniff(&self.buf[self.pos..self.pos + head.min(avail)]);
                    if let Some(hasher) = v.detach() {
                        self.tar.skip_data(v)?;
                        // Drop what was read of it; keep what was read beyond it.
                        let skip = rem.min(avail as u64) as usize;
                        self.pos += skip;
                        if self.pos == self.buf.len() {
                            self.buf.clear();
                            self.pos = 0;
                        }
                        return Ok(Step::HandOut { hasher, offset: at, len: rem });
                    }
                }
            }
            if avail == 0 {
                if self.ended || at >= self.len {
                    return Ok(Step::Done);
                }
                return Ok(self.read_more());
            }
            // Feed up to the next point where a decision may be due: the end of a header block,
            // of padding or of an entry's data (the next entry's data may start right after it).
            let piece = self.tar.until_boundary().map_or(avail, |n| n.clamp(1, avail as u64) as usize);
            let (from, to) = (self.pos, self.pos + piece);
            self.pos = to;
            self.tar.feed(&self.buf[from..to], v)?;
            if self.pos == self.buf.len() {
                self.buf.clear();
                self.pos = 0;
            }
        }
    }

    /// Ask for the bytes after those buffered.
    fn read_more(&mut self) -> Step {
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        let offset = self.tar.offset() + self.buf.len() as u64;
        let len = (self.len.saturating_sub(offset)).min(READ_LEN as u64) as usize;
        Step::Read { offset, len: len.max(1) }
    }

    /// The bytes of the last [`Step::Read`]. Fewer than asked (none, at the end) means the source
    /// ended there.
    pub fn supply(&mut self, bytes: &[u8], asked: usize) {
        if bytes.len() < asked {
            self.ended = true;
        }
        self.buf.extend_from_slice(bytes);
    }

    /// The source ended: a tar cut short is an error, as when streamed.
    pub fn finish(&mut self, v: &mut impl EntrySink) -> Result<(), TarError> {
        self.tar.finish(v)
    }
}
