//! An unpacked package directory: every file streamed into the verifier in sorted order; with
//! workers, large files are hashed on other cores.

use super::pipe::CHUNK;
use super::pool::{read_full_at, HashPool};
use super::{progress, ReadOpts, Unusable, HAND_OUT_MIN};
use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Arc;
use zverify_core::session::{self, Input, Need, Session, SourceFailure, SourceFault};
use zverify_core::{rules, Finding, Options, Report, Verifier};

/// Stream every file of a directory tree into a verifier, in sorted order. Symlinks are reported,
/// never followed.
pub fn check_dir(root: &Path, opts: Options, ro: &ReadOpts) -> Result<Report, Unusable> {
    let display = root.display().to_string();
    // What a Zarf package or a layout holds at its root (the core's list, shared with the page).
    let top = session::PACKAGE_ROOT_NAMES.iter().copied().filter(|f| root.join(f).exists());
    if !session::looks_like_package(top) {
        return Err(Unusable::NotAPackage { name: display, folder: true });
    }
    let mut s = Session::new(&display, opts, Input::Folder);
    let mut listing = Listing { dirs: vec![root.to_path_buf()], files: Vec::new() };
    walk(&mut listing, 0, "", s.verifier());
    // The progress bar's total costs a stat per file: only when it is shown.
    let total: u64 = if ro.show_progress {
        (0..listing.files.len()).filter_map(|i| fs::metadata(listing.full(i)).ok()).map(|m| m.len()).sum()
    } else {
        0
    };
    let pb = progress(total, ro.show_progress, "verifying");
    match ro.workers() {
        None => {
            let mut reader = Reader::new(&listing);
            let opened = (0..listing.files.len()).map(|i| reader.read(i));
            feed(&listing, opened, &mut s, None, &pb)?;
        }
        Some(n) => std::thread::scope(|scope| {
            let mut pool = HashPool::new(n, &pb);
            // Component tarballs are read here (the session parses them) while a worker hashes a copy.
            s.hand_out_nested();
            // One reader more than the cores: a reader waiting on the disk (a file the page cache
            // let go) leaves the cores to the others (measured on two cores: 10,000 files of 1 KiB
            // are handed over in ~53 ms with three readers, ~66 with two).
            let mut ahead = Prefetch::start(scope, &listing, (n + 1).min(MAX_READERS));
            let opened = (0..listing.files.len()).map(|i| ahead.next(i, &listing));
            let r = feed(&listing, opened, &mut s, Some(&mut pool), &pb);
            drop(ahead);
            pool.finish(s.verifier());
            r
        })?,
    }
    pb.finish_and_clear();
    s.end_input();
    reread_dir(root, &mut s);
    s.finish()
}

/// The files of the tree, in the order they are verified: each named by its directory (an index
/// into `dirs`) and its name there, so a reader opens it relative to a directory handle (no path
/// walk per file) and no full path is built unless a message needs one.
struct Listing {
    /// Full paths; `dirs[0]` is the root.
    dirs: Vec<PathBuf>,
    files: Vec<Item>,
}

struct Item {
    /// The path inside the package, `/`-separated.
    rel: String,
    dir: usize,
    name: OsString,
}

impl Listing {
    fn full(&self, i: usize) -> PathBuf {
        let it = &self.files[i];
        self.dirs[it.dir].join(&it.name)
    }
}

/// A file opened for the verifier: its size, and its bytes when small (all of them, read to the
/// end) or its first bytes when large.
struct Opened {
    /// Open only when the bytes are not all here (a file read whole is closed by the thread that
    /// read it, not by the verifying thread).
    file: Option<File>,
    size: u64,
    bytes: Vec<u8>,
    /// `bytes` holds the whole file.
    whole: bool,
}

/// `Err`: (could not open, message).
type Fetched = Result<Opened, (bool, String)>;

/// The first read of a file: a file shorter than this is read whole without asking its size (no
/// stat: two reads, the second seeing the end); one that fills it is stat-ed to choose between
/// reading on and handing it to a worker.
const PROBE: usize = 64 << 10;
/// What the verifier looks at to tell a layer from a JSON document ([`Verifier::sniff`]).
const HEAD: usize = 512;

/// Opens and reads the files of a listing, one at a time, keeping its current directory open.
struct Reader<'l> {
    listing: &'l Listing,
    dir: Option<(usize, Dir)>,
    /// `HAND_OUT_MIN` bytes: a file read whole fits; one that fills it is handed out.
    scratch: Vec<u8>,
}

impl<'l> Reader<'l> {
    fn new(listing: &'l Listing) -> Self {
        Reader { listing, dir: None, scratch: vec![0u8; HAND_OUT_MIN as usize] }
    }

    /// Open file `i` and read it whole (smaller than `HAND_OUT_MIN`), or its size and head.
    fn read(&mut self, i: usize) -> Fetched {
        let full = || self.listing.full(i).display().to_string();
        let file = self.open(i).map_err(|e| (true, format!("cannot open {}: {e}", full())))?;
        let failed = |e: io::Error| (false, format!("reading {} failed: {e}", full()));
        let stat = |f: &File| f.metadata().map(|m| m.len()).map_err(|e| (true, format!("cannot stat {}: {e}", full())));
        let mut n = 0;
        let mut limit = PROBE;
        loop {
            if n == limit {
                // Full: a large file is handed out (or streamed) by its size as it is now, and read
                // again from its start; one that grows past `HAND_OUT_MIN` while read likewise.
                let size = stat(&file)?;
                if limit == PROBE && size < HAND_OUT_MIN {
                    limit = self.scratch.len();
                    continue;
                }
                let bytes = self.scratch[..n.min(HEAD)].to_vec();
                return Ok(Opened { file: Some(file), size, bytes, whole: false });
            }
            match (&file).read(&mut self.scratch[n..limit]) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(failed(e)),
            }
        }
        drop(file);
        Ok(Opened { file: None, size: n as u64, bytes: self.scratch[..n].to_vec(), whole: true })
    }

    /// Open relative to the file's directory, never following a symlink (the listing said it is a
    /// regular file: one swapped in since is an error, not followed) and never blocking (a FIFO
    /// swapped in must not hang the run).
    #[cfg(unix)]
    fn open(&mut self, i: usize) -> io::Result<File> {
        use rustix::fs::{Mode, OFlags};
        let it = &self.listing.files[i];
        if self.dir.as_ref().map(|(d, _)| *d) != Some(it.dir) {
            self.dir = None;
            let fd = rustix::fs::open(
                &self.listing.dirs[it.dir],
                OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
                Mode::empty(),
            )?;
            self.dir = Some((it.dir, fd));
        }
        let Some((_, dir)) = &self.dir else { unreachable!("just opened") };
        let flags = OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NOFOLLOW | OFlags::NOCTTY | OFlags::NONBLOCK;
        Ok(File::from(rustix::fs::openat(dir, &it.name, flags, Mode::empty())?))
    }

    #[cfg(not(unix))]
    fn open(&mut self, i: usize) -> io::Result<File> {
        File::open(self.listing.full(i))
    }
}

#[cfg(unix)]
type Dir = rustix::fd::OwnedFd;
#[cfg(not(unix))]
type Dir = ();

/// Feed the files, in order, to the verifier; large files go to the pool's workers when the
/// verifier keeps none of their bytes. `Ok(false)`: a read failed and verification stopped there.
fn feed(
    listing: &Listing,
    opened: impl Iterator<Item = Fetched>,
    s: &mut Session,
    mut pool: Option<&mut HashPool>,
    pb: &indicatif::ProgressBar,
) -> Result<(), Unusable> {
    let internal = |i: usize, e: zverify_core::EntryError| Unusable::Source {
        name: listing.full(i).display().to_string(),
        failure: SourceFailure::Internal(e),
    };
    let mut buf = Vec::new();
    for (i, o) in opened.enumerate() {
        let rel = &listing.files[i].rel;
        let o = match o {
            Ok(o) => o,
            Err((true, why)) => {
                s.verifier().add_unreadable(rel, &why);
                continue;
            }
            Err((false, why)) => {
                s.verifier().begin_entry(rel, None).map_err(|e| internal(i, e))?;
                s.fault(SourceFault::Read { at: None, why });
                return Ok(());
            }
        };
        // One entry at a time, each closed below: a failure is a bug in this reader.
        s.verifier().begin_entry(rel, Some(o.size)).map_err(|e| internal(i, e))?;
        let file = match o.file {
            Some(file) if !o.whole => file,
            _ => {
                let v = s.verifier();
                v.write(&o.bytes);
                pb.inc(o.bytes.len() as u64);
                v.end_entry().map_err(|e| internal(i, e))?;
                continue;
            }
        };
        // A large file whose bytes need not be kept is hashed by a worker; this thread goes on.
        if let Some(pool) = pool.as_deref_mut() {
            if let Some(hasher) = s.hand_out_file(&o.bytes, o.size) {
                let v = s.verifier();
                v.end_entry().map_err(|e| internal(i, e))?;
                pool.throttle(v, 64);
                pool.range(Arc::new(file), 0, o.size, true, hasher, &listing.full(i).display().to_string());
                pool.drain(v);
                continue;
            }
        }
        buf.resize(CHUNK, 0);
        let mut offset = 0u64;
        loop {
            match read_full_at(&file, &mut buf, offset) {
                Ok(0) => break,
                Ok(n) => {
                    s.verifier().write(&buf[..n]);
                    pb.inc(n as u64);
                    offset += n as u64;
                    if let Some(pool) = pool.as_deref_mut() {
                        pool.route(s.verifier(), usize::MAX);
                    }
                }
                Err(e) => {
                    let why = format!("reading {} failed: {e}", listing.full(i).display());
                    s.fault(SourceFault::Read { at: None, why });
                    return Ok(());
                }
            }
        }
        let v = s.verifier();
        v.end_entry().map_err(|e| internal(i, e))?;
        if let Some(pool) = pool.as_deref_mut() {
            pool.route(v, usize::MAX);
        }
    }
    Ok(())
}

/// Threads that open and read the files ahead of the verifier, in parallel (opening and reading
/// many small files is system-call bound), handing them over in order. Files go in runs of
/// `BATCH`: reader `k` of `n` reads runs `k`, `k + n`, … and sends what it read in messages of at
/// most `BATCH` files (fewer when they hold `MESSAGE_BYTES`, or a file left open), so the verifier
/// wakes once per run rather than once per file; it takes file `i` from reader `(i / BATCH) % n`.
/// Bounds: `AHEAD` messages wait per reader, and at most `MAX_READERS` readers: with files held
/// open only one to a message, the open files stay far below the usual limit of 1,024, and the
/// bytes read ahead below `MAX_READERS × (AHEAD + 2) × MESSAGE_BYTES` (20 MiB; a few hundred KiB
/// for files of a few KiB).
struct Prefetch {
    ready: Vec<Receiver<Vec<Fetched>>>,
    pending: Vec<std::vec::IntoIter<Fetched>>,
}

const BATCH: usize = 16;
const MESSAGE_BYTES: usize = 256 << 10;
const AHEAD: usize = 8;
const MAX_READERS: usize = 8;

impl Prefetch {
    fn start<'s, 'l: 's>(scope: &'s std::thread::Scope<'s, '_>, listing: &'l Listing, readers: usize) -> Self {
        let n = readers.max(1);
        let count = listing.files.len();
        let ready = (0..n)
            .map(|k| {
                let (tx, rx) = sync_channel(AHEAD);
                scope.spawn(move || {
                    let mut reader = Reader::new(listing);
                    let mut msg = Vec::with_capacity(BATCH);
                    let mut bytes = 0;
                    let runs = (k * BATCH..count).step_by(n * BATCH);
                    for i in runs.flat_map(|start| start..(start + BATCH).min(count)) {
                        let got = reader.read(i);
                        let open = matches!(&got, Ok(o) if o.file.is_some());
                        bytes += got.as_ref().map_or(0, |o| o.bytes.len());
                        msg.push(got);
                        if msg.len() == BATCH || bytes >= MESSAGE_BYTES || open {
                            // The verifier stopped (a read failed): stop reading.
                            if tx.send(std::mem::replace(&mut msg, Vec::with_capacity(BATCH))).is_err() {
                                return;
                            }
                            bytes = 0;
                        }
                    }
                    if !msg.is_empty() {
                        let _ = tx.send(msg);
                    }
                });
                rx
            })
            .collect();
        Prefetch { ready, pending: (0..n).map(|_| Vec::new().into_iter()).collect() }
    }

    /// File `i`, asked for in order. A reading thread that panicked leaves its channel closed:
    /// every file not yet handed over is then reported unread (never silently skipped); the panic
    /// ends the run.
    fn next(&mut self, i: usize, listing: &Listing) -> Fetched {
        let r = (i / BATCH) % self.ready.len();
        loop {
            if let Some(got) = self.pending[r].next() {
                return got;
            }
            match self.ready[r].recv() {
                Ok(msg) => self.pending[r] = msg.into_iter(),
                Err(_) => {
                    return Err((true, format!("{}: the thread reading it failed", listing.full(i).display())));
                }
            }
        }
    }
}

/// List a directory tree depth-first in sorted order. Nothing is dropped: an entry that cannot be
/// listed or stat-ed is reported to the verifier by name (ZV045), a name that is not UTF-8 is ZV018, and
/// names keep their bytes (a `\` is not rewritten, so the core reports what Zarf would refuse).
fn walk(listing: &mut Listing, dir: usize, dir_rel: &str, v: &mut Verifier) {
    let path = listing.dirs[dir].clone();
    let entries = match fs::read_dir(&path) {
        Ok(l) => l,
        Err(e) => {
            v.add_unreadable(dir_rel, &format!("cannot list directory {}: {e}", path.display()));
            return;
        }
    };
    let mut named = Vec::new();
    for item in entries {
        match item {
            Ok(e) => {
                let name = e.file_name();
                named.push((sort_key(&name), name, e))
            }
            Err(e) => {
                v.add_unreadable(dir_rel, &format!("an entry of directory {} cannot be read: {e}", path.display()))
            }
        }
    }
    named.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    for (_, name, e) in named {
        let rel = match name.to_str() {
            Some(n) if dir_rel.is_empty() => n.to_owned(),
            Some(n) => {
                let mut rel = String::with_capacity(dir_rel.len() + 1 + n.len());
                rel.push_str(dir_rel);
                rel.push('/');
                rel.push_str(n);
                rel
            }
            None => {
                let lossy = Path::new(dir_rel).join(&name).to_string_lossy().into_owned();
                v.add_finding(
                    Finding::of(rules::EntryNameNotUtf8::Directory { lossy: lossy.clone() })
                        .path(lossy.escape_debug().to_string()),
                );
                continue;
            }
        };
        // The type as the directory listing gives it (no stat per file where the file system
        // says; `lstat` otherwise): a symlink is never followed.
        let ft = match e.file_type() {
            Ok(t) => t,
            Err(err) => {
                v.add_unreadable(&rel, &format!("cannot stat {}: {err}", e.path().display()));
                continue;
            }
        };
        if ft.is_symlink() {
            let target = match fs::read_link(e.path()) {
                Ok(t) => t.to_string_lossy().into_owned(),
                Err(err) => format!("<unreadable link target: {err}>"),
            };
            v.add_link(&rel, &target, false);
        } else if ft.is_dir() {
            v.add_directory(&rel);
            listing.dirs.push(e.path());
            walk(listing, listing.dirs.len() - 1, &rel, v);
        } else if ft.is_file() {
            listing.files.push(Item { rel, dir, name });
        } else {
            v.add_special(&rel, rules::SpecialKind::SpecialFile);
        }
    }
}

/// A name's first eight bytes as a number, which orders names as their bytes do up to a tie (a
/// directory of 10,000 digests sorts on it, rarely comparing the names themselves).
fn sort_key(name: &std::ffi::OsStr) -> u64 {
    let bytes = name.as_encoded_bytes();
    let mut key = [0u8; 8];
    let n = bytes.len().min(8);
    key[..n].copy_from_slice(&bytes[..n]);
    u64::from_be_bytes(key)
}

/// The second reads the session asks for: the wanted documents are files under `root`.
fn reread_dir(root: &Path, s: &mut Session) {
    while let Need::Reread { paths } = s.next() {
        let cap = s.options().document_cap;
        for path in paths {
            let mut bytes = Vec::new();
            let read = File::open(root.join(&path)).and_then(|f| f.take(cap.saturating_add(1)).read_to_end(&mut bytes));
            if read.is_ok() {
                s.supply_document(&path, bytes);
            }
        }
        s.end_input();
    }
}
