//! The reader thread: reads a source (and decompresses zstd) on its own core and hands filled
//! buffers to the verifying thread through a bounded channel, so memory stays at a few buffers
//! whatever the package size or compression ratio.

use indicatif::ProgressBar;
use sha2::{Digest as _, Sha256};
use std::fs::File;
use std::io::{self, Read};
use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread;
use zverify_core::zstd::{ZstdError, ZstdStream};

pub const CHUNK: usize = 1 << 20;
/// Buffers in flight between the reader and the verifier.
const IN_FLIGHT: usize = 4;

/// The producing end of a [`Pipe`], used on the reader thread.
pub struct Feed {
    full: SyncSender<io::Result<Vec<u8>>>,
    empty: Receiver<Vec<u8>>,
    open: bool,
}

impl Feed {
    /// An empty buffer: a recycled one when the consumer returned one.
    fn buffer(&mut self) -> Vec<u8> {
        let mut b = self.empty.try_recv().unwrap_or_else(|_| Vec::with_capacity(CHUNK));
        b.clear();
        b
    }
    /// Hand a buffer to the consumer; blocks while `IN_FLIGHT` buffers wait (backpressure).
    /// `false` once the consumer has gone.
    fn send(&mut self, buf: Vec<u8>) -> bool {
        self.open = self.open && self.full.send(Ok(buf)).is_ok();
        self.open
    }
}

/// A reader thread producing buffers for the hashing thread through a bounded channel. At most
/// `IN_FLIGHT` buffers of at most `CHUNK` (+ one decoder output piece) bytes exist at a time,
/// whatever the package size or compression ratio.
pub struct Pipe {
    full: Option<Receiver<io::Result<Vec<u8>>>>,
    empty: SyncSender<Vec<u8>>,
    handle: Option<thread::JoinHandle<()>>,
}

impl Pipe {
    pub fn spawn(produce: impl FnOnce(&mut Feed) -> io::Result<()> + Send + 'static) -> Pipe {
        let (full_tx, full) = sync_channel::<io::Result<Vec<u8>>>(IN_FLIGHT);
        let (empty, empty_rx) = sync_channel::<Vec<u8>>(IN_FLIGHT + 1);
        let handle = thread::spawn(move || {
            let mut feed = Feed { full: full_tx, empty: empty_rx, open: true };
            if let Err(e) = produce(&mut feed) {
                let _ = feed.full.send(Err(e));
            }
        });
        Pipe { full: Some(full), empty, handle: Some(handle) }
    }

    /// Next buffer; `None` at the end of the stream.
    pub fn next(&mut self) -> Option<io::Result<Vec<u8>>> {
        self.full.as_ref()?.recv().ok()
    }

    pub fn recycle(&self, buf: Vec<u8>) {
        let _ = self.empty.try_send(buf);
    }
}

/// Read `r` to the end in `CHUNK` buffers.
pub fn produce_raw(feed: &mut Feed, mut r: impl Read) -> io::Result<()> {
    loop {
        let mut buf = feed.buffer();
        buf.resize(CHUNK, 0);
        let mut n = 0;
        // Fill the buffer: short reads are common across part boundaries.
        while n < CHUNK {
            match r.read(&mut buf[n..]) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        buf.truncate(n);
        if n == 0 || !feed.send(buf) {
            return Ok(());
        }
    }
}

/// Decompress `r` with the core's push-style zstd decoder (`zstd`, as the check's options set it),
/// handing output on as it comes: a frame that expands 10,000-fold never sits in memory whole.
pub fn produce_zstd(feed: &mut Feed, mut r: impl Read, mut zstd: ZstdStream) -> io::Result<()> {
    let mut input = vec![0u8; 256 << 10];
    let mut out = feed.buffer();
    let invalid = |e: ZstdError| io::Error::new(io::ErrorKind::InvalidData, e);
    loop {
        let n = match r.read(&mut input) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            let end = zstd.finish();
            if !out.is_empty() {
                feed.send(out);
            }
            return end.map_err(invalid);
        }
        let fed = zstd.feed(&input[..n], &mut |piece| {
            if feed.open {
                out.extend_from_slice(piece);
                if out.len() >= CHUNK {
                    let next = feed.buffer();
                    feed.send(std::mem::replace(&mut out, next));
                }
            }
        });
        if let Err(e) = fed {
            // What decoded before the fault is still verified.
            if !out.is_empty() {
                feed.send(std::mem::take(&mut out));
            }
            return Err(invalid(e));
        }
        if !feed.open {
            return Ok(());
        }
    }
}

impl Drop for Pipe {
    fn drop(&mut self) {
        // Dropping the receiver makes the reader's next send fail, so the thread ends.
        drop(self.full.take());
        if let Some(h) = self.handle.take() {
            // A reader thread that panicked is a bug: pass the panic on (unless already unwinding),
            // never let a stream that stopped early look like one that ended.
            if let Err(panic) = h.join() {
                if !std::thread::panicking() {
                    std::panic::resume_unwind(panic);
                }
            }
        }
    }
}

/// The raw bytes of one or more files in order, hashed as they are read (split packages check
/// the joined sha256 against part000).
pub struct Joined {
    pub paths: std::collections::VecDeque<PathBuf>,
    pub current: Option<File>,
    /// `None`: the joined bytes are not hashed (only split packages and `--expect-sha256` need it).
    pub hasher: Option<Sha256>,
    pub pb: ProgressBar,
    pub out: Arc<Mutex<Option<String>>>,
}

impl Read for Joined {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.current.is_none() {
                match self.paths.pop_front() {
                    Some(p) => {
                        self.current = Some(
                            File::open(&p).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", p.display())))?,
                        )
                    }
                    None => {
                        if let Some(h) = self.hasher.take() {
                            if let Ok(mut slot) = self.out.lock() {
                                slot.get_or_insert(hex::encode(h.finalize()));
                            }
                        }
                        return Ok(0);
                    }
                }
            }
            let n = self.current.as_mut().map_or(Ok(0), |f| f.read(buf))?;
            if n == 0 {
                self.current = None;
                continue;
            }
            if let Some(h) = &mut self.hasher {
                h.update(&buf[..n]);
            }
            self.pb.inc(n as u64);
            return Ok(n);
        }
    }
}

/// sha256 of files joined in order, through the same reader the stream uses.
pub fn hash_files(paths: &[String]) -> io::Result<String> {
    let out = Arc::new(Mutex::new(None));
    let mut joined = Joined {
        paths: paths.iter().map(PathBuf::from).collect(),
        current: None,
        hasher: Some(Sha256::new()),
        pb: ProgressBar::hidden(),
        out: out.clone(),
    };
    io::copy(&mut joined, &mut io::sink())?;
    let digest = out.lock().map_err(|_| io::Error::other("the digest of the joined parts was lost"))?.clone();
    digest.ok_or_else(|| io::Error::other("the joined parts were not read to their end"))
}
