//! Byte sources: a directory tree, a `.tar`, a `.tar.zst`. Each is streamed into the core verifier;
//! nothing is extracted, no link is followed, nothing is written.
//!
//! Reading (and zstd decompression) runs on a helper thread that hands filled buffers to the
//! hashing thread through a bounded channel, so IO/decompression and SHA-256 use both cores while
//! memory stays at a few buffers whatever the package size.

use indicatif::{ProgressBar, ProgressStyle};
use sha2::{Digest as _, Sha256};
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread;
use zverify_core::archive::{self, ArchiveKind, SNIFF_LEN};
use zverify_core::tar::TarReader;
use zverify_core::zarf::split;
use zverify_core::zstd::{ZstdError, ZstdStream};
use zverify_core::{rules, Finding, Options, Report, Verifier};

const CHUNK: usize = 1 << 20;
/// Buffers in flight between the reader and the hasher.
const IN_FLIGHT: usize = 4;

/// Why zverify could not run at all (exit code 2).
#[derive(Debug)]
pub struct Unusable(pub String);

/// Identify a file by its magic bytes (the core's sniffer, shared with the web page).
pub fn sniff(path: &Path) -> Result<ArchiveKind, Unusable> {
    let mut f = File::open(path).map_err(|e| Unusable(format!("cannot open {}: {e}", path.display())))?;
    let mut head = [0u8; SNIFF_LEN];
    let mut n = 0;
    while n < head.len() {
        match f.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Unusable(format!("cannot read {}: {e}", path.display()))),
        }
    }
    if let Some(kind) = archive::sniff(&head[..n]) {
        return Ok(kind);
    }
    let hint = match head[..n].iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => " (it looks like a JSON document: try `zverify doc`)",
        Some(0x1f) if n > 1 && head[1] == 0x8b => " (it is gzip-compressed; zverify reads .tar and .tar.zst)",
        _ => "",
    };
    Err(Unusable(format!("{} is not a tar or zstd-compressed tar archive{hint}", path.display())))
}

fn progress(len: u64, show: bool, what: &str) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(len);
    pb.set_style(
        ProgressStyle::with_template("{msg} {bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    pb.set_message(what.to_owned());
    pb
}

/// The producing end of a [`Pipe`], used on the reader thread.
struct Feed {
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
struct Pipe {
    full: Option<Receiver<io::Result<Vec<u8>>>>,
    empty: SyncSender<Vec<u8>>,
    handle: Option<thread::JoinHandle<()>>,
}

impl Pipe {
    fn spawn(produce: impl FnOnce(&mut Feed) -> io::Result<()> + Send + 'static) -> Pipe {
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
    fn next(&mut self) -> Option<io::Result<Vec<u8>>> {
        self.full.as_ref()?.recv().ok()
    }

    fn recycle(&self, buf: Vec<u8>) {
        let _ = self.empty.try_send(buf);
    }
}

/// Read `r` to the end in `CHUNK` buffers.
fn produce_raw(feed: &mut Feed, mut r: impl Read) -> io::Result<()> {
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

/// Decompress `r` with the core's push-style zstd decoder, handing output on as it comes: a
/// frame that expands 10,000-fold never sits in memory whole.
fn produce_zstd(feed: &mut Feed, mut r: impl Read, window_max: u64) -> io::Result<()> {
    let mut zstd = ZstdStream::new().with_window_max(window_max);
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

/// Stream a `.tar` or `.tar.zst` into a verifier.
pub fn check_archive(path: &Path, opts: Options, show_progress: bool) -> Result<Report, Unusable> {
    let kind = sniff(path)?;
    let len = fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    stream(vec![path.to_owned()], len, kind, &path.display().to_string(), Verifier::new(opts), show_progress).report
}

/// A split package: `<stem>.part000` (JSON metadata) and the data parts `.part001`…`.partNNN`,
/// streamed as one archive in one pass — no reassembled copy on disk.
pub fn check_split(stem: &Path, opts: Options, show_progress: bool) -> Result<Report, Unusable> {
    let stem_s = stem.display().to_string();
    let part = |n: u32| PathBuf::from(split::part_name(&stem_s, n));
    let meta_path = part(0);
    // Zarf names parts with three digits: beyond 999 it would join them out of order.
    let max_parts = opts.max_split_parts.min(u64::from(split::MAX_PARTS)) as u32;
    let cap = opts.document_cap;
    let mut v = Verifier::new(opts);
    let mut raw = Vec::new();
    File::open(&meta_path)
        // At least a tar header's worth, to tell archive data (plain `split`) from metadata.
        .and_then(|f| f.take(cap.saturating_add(1).max(archive::SNIFF_LEN as u64)).read_to_end(&mut raw))
        .map_err(|e| Unusable(format!("cannot read {}: {e}", meta_path.display())))?;
    // Zarf reads part000 whole: a cut read would be a verdict on other bytes. Over the cap it is
    // not inspected, and says so.
    // part000 that is archive data (plain `split`): the parts are not Zarf's, and reading part001
    // as the archive's start would only blame the wrong file. One finding, on part000.
    if let Some(e) = split::archive_data(&raw) {
        v.add_finding(Finding::of(rules::SplitMetadataInvalid(e)).path(meta_path.display().to_string()));
        return Ok(v.finish(&stem_s));
    }
    let meta = if raw.len() as u64 > cap {
        let size = fs::metadata(&meta_path).map(|m| m.len()).unwrap_or(raw.len() as u64);
        v.add_finding(
            Finding::of(rules::DocumentNotInspected::SplitMetadataOverCap { size, cap })
                .path(meta_path.display().to_string()),
        );
        None
    } else {
        match split::parse_meta(&raw) {
            Ok(m) => Some(m),
            Err(e) => {
                v.add_finding(Finding::of(rules::SplitMetadataInvalid(e)).path(meta_path.display().to_string()));
                None
            }
        }
    };
    // Data parts: as many as part000 announces, or (unreadable metadata) as many as exist.
    let size_of = |n: u32| fs::metadata(part(n)).ok().filter(|m| m.is_file()).map(|m| m.len());
    // Over the part limit: say so, and read no part (what would follow are its consequences).
    let over = match &meta {
        Some(m) if m.count > max_parts => Some(rules::TooManyParts::Announced { count: m.count }),
        Some(_) => None,
        None => {
            let next = if max_parts < split::MAX_PARTS {
                part(max_parts + 1)
            } else {
                PathBuf::from(format!("{stem_s}.part1000"))
            };
            fs::metadata(&next).is_ok().then(|| rules::TooManyParts::Exists { name: next.display().to_string() })
        }
    };
    if let Some(over) = over {
        v.add_finding(
            Finding::of(rules::SplitTooManyParts { over, max: max_parts }).path(meta_path.display().to_string()),
        );
        return Ok(v.finish(&stem_s));
    }
    let count = match &meta {
        Some(m) => m.count,
        None => (1..=max_parts).take_while(|n| size_of(*n).is_some()).count() as u32,
    };
    // Numbered parts right after the announced ones are reported as extra parts (check_parts).
    let contiguous_end = (count + 1..=max_parts).take_while(|n| size_of(*n).is_some()).last().unwrap_or(count);
    for stray in stray_parts(stem, |n| n <= contiguous_end) {
        v.add_finding(
            Finding::of(rules::SplitPartsMismatch::Stray {
                name: stray.clone(),
                stem: stem.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            })
            .path(stray),
        );
    }
    if count == 0 {
        return Err(Unusable(format!("{} has no data parts ({} is missing)", stem_s, part(1).display())));
    }
    let sizes: Vec<Option<u64>> = (1..=count).map(size_of).collect();
    if let Some(m) = &meta {
        let extra: Vec<String> = (count + 1..=max_parts)
            .take_while(|n| size_of(*n).is_some())
            .map(|n| part(n).display().to_string())
            .collect();
        for f in split::check_parts(&stem_s, m, &sizes, &extra) {
            v.add_finding(f);
        }
    }
    let present: Vec<(PathBuf, u64)> = (1..=count).zip(&sizes).filter_map(|(n, s)| s.map(|s| (part(n), s))).collect();
    let Some((first, _)) = present.first() else {
        return Err(Unusable(format!("{stem_s}: none of the {count} data parts part000 announces is present")));
    };
    let kind = sniff(first)?;
    let total = present.iter().map(|(_, s)| *s).sum();
    let part_sizes: Vec<u64> = present.iter().map(|(_, s)| *s).collect();
    let names: Vec<String> = present.iter().map(|(p, _)| p.display().to_string()).collect();
    let streamed = stream(present.into_iter().map(|(p, _)| p).collect(), total, kind, &stem_s, v, show_progress);
    let joined = streamed.joined_sha256;
    let mut report = streamed.report?;
    // Name the part where the stream broke, when the fault's offset in the joined bytes is known.
    // That is where the damage was *detected*: a zstd frame checksum fails at the frame's end.
    if let Some(n) = streamed.fault_offset.and_then(|off| split::part_at(&part_sizes, off)) {
        let part = &names[n as usize - 1];
        if let Some(f) = report
            .findings
            .iter_mut()
            .rev()
            .find(|f| f.code == rules::ARCHIVE_CORRUPT.code && f.path.as_deref() == Some(stem_s.as_str()))
        {
            rules::detected_in(f, part);
        }
    }
    // The stream stopped early: hash the parts directly so part000's digest is still checked.
    let joined = match joined {
        Some(hex) => Some(hex),
        None if sizes.iter().all(Option::is_some) => match hash_files(&names) {
            Ok(hex) => Some(hex),
            Err(e) => {
                // Never a silent pass: part000's digest was not checked, and the report says so.
                let why = format!("the data parts could not be read again to check part000's digest: {e}");
                report
                    .findings
                    .push(Finding::of(rules::EntryUnreadable { path: stem_s.clone(), why }).path(stem_s.clone()));
                None
            }
        },
        None => None,
    };
    if let (Some(m), Some(hex), true) = (&meta, joined, sizes.iter().all(Option::is_some)) {
        if let Some(f) = split::check_digest(&stem_s, m, &hex) {
            report.findings.push(f);
        }
    }
    report.sort_and_recount();
    Ok(report)
}

/// Files beside the parts whose names match Zarf's `<file>.part*` glob but are none of
/// `.part000` … `.part<count>` and not a numbered part beyond them (those are reported as extra
/// parts): Zarf's reassembly would join them in.
fn stray_parts(stem: &Path, known: impl Fn(u32) -> bool) -> Vec<String> {
    let Some(file) = stem.file_name().map(|n| n.to_string_lossy().into_owned()) else { return Vec::new() };
    let dir = match stem.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let prefix = format!("{file}.part");
    let Ok(entries) = fs::read_dir(&dir) else { return Vec::new() };
    let mut strays: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let suffix = name.strip_prefix(&prefix)?;
            let number = (suffix.len() == 3 || (suffix.len() == 4 && !suffix.starts_with('0')))
                .then(|| suffix.parse::<u32>().ok())
                .flatten()
                .filter(|_| suffix.bytes().all(|b| b.is_ascii_digit()));
            if number.is_some_and(&known) {
                return None;
            }
            Some(stem.with_file_name(&name).display().to_string())
        })
        .collect();
    strays.sort();
    strays
}

/// sha256 of files joined in order, through the same reader the stream uses.
fn hash_files(paths: &[String]) -> io::Result<String> {
    let out = Arc::new(Mutex::new(None));
    let mut joined = Joined {
        paths: paths.iter().map(PathBuf::from).collect(),
        current: None,
        hasher: Sha256::new(),
        pb: ProgressBar::hidden(),
        out: out.clone(),
    };
    io::copy(&mut joined, &mut io::sink())?;
    let digest = out.lock().map_err(|_| io::Error::other("the digest of the joined parts was lost"))?.clone();
    digest.ok_or_else(|| io::Error::other("the joined parts were not read to their end"))
}

struct Streamed {
    report: Result<Report, Unusable>,
    /// sha256 of the raw joined bytes, when they were read to the end.
    joined_sha256: Option<String>,
    /// Where in the raw joined bytes the stream broke, when the error says.
    fault_offset: Option<u64>,
}

/// Stream files (one archive, possibly in parts) into `v`.
fn stream(
    paths: Vec<PathBuf>,
    len: u64,
    kind: ArchiveKind,
    display: &str,
    mut v: Verifier,
    show_progress: bool,
) -> Streamed {
    let pb = progress(len, show_progress, "verifying");
    let joined = Arc::new(Mutex::new(None));
    let again = paths.clone();
    let raw = Joined { paths: paths.into(), current: None, hasher: Sha256::new(), pb: pb.clone(), out: joined.clone() };
    let window_max = v.options().zstd_window_max;
    let mut pipe = match kind {
        ArchiveKind::Tar => Pipe::spawn(move |feed| produce_raw(feed, raw)),
        // Decompression runs on the reader thread; tar parsing and hashing on this one.
        ArchiveKind::TarZstd => Pipe::spawn(move |feed| produce_zstd(feed, raw, window_max)),
    };
    let mut tar = TarReader::new();
    let mut failed = false;
    let mut fault_offset = None;
    while let Some(item) = pipe.next() {
        match item {
            Ok(buf) => {
                if let Err(e) = tar.feed(&buf, &mut v) {
                    // In a plain tar, tar offsets are offsets in the raw bytes.
                    fault_offset = (kind == ArchiveKind::Tar).then(|| e.offset());
                    v.abort(Some(display), &e.to_string());
                    failed = true;
                    break;
                }
                pipe.recycle(buf);
            }
            Err(e) => {
                let zstd_err = e.get_ref().and_then(|x| x.downcast_ref::<ZstdError>());
                fault_offset = zstd_err.map(|z| z.offset);
                let rule = zstd_err.map_or(rules::Fault::ArchiveCorrupt, ZstdError::rule);
                let what = if kind == ArchiveKind::TarZstd { "decompression failed" } else { "reading failed" };
                v.abort_with(rule, Some(display), &format!("{what} after {} bytes of tar: {e}", tar.offset()));
                failed = true;
                break;
            }
        }
    }
    drop(pipe);
    if !failed {
        if let Err(e) = tar.finish(&mut v) {
            fault_offset = (kind == ArchiveKind::Tar).then(|| e.offset());
            v.abort(Some(display), &e.to_string());
        } else if tar.entries() == 0 {
            pb.finish_and_clear();
            let report = Err(Unusable(format!("{display} is an empty archive")));
            return Streamed { report, joined_sha256: None, fault_offset };
        }
    }
    pb.finish_and_clear();
    if !failed {
        reread_archive(&again, kind, &mut v);
    }
    let joined_sha256 = joined.lock().ok().and_then(|g| g.clone());
    Streamed { report: Ok(v.finish(display)), joined_sha256, fault_offset }
}

/// Read again, from the archive's files, the documents the verifier needs but could not keep within
/// its budgets (blobs that merely look like JSON may have used them up). Rare, so simple: one more
/// pass over the archive per level of documents, keeping only the wanted entries; the verifier
/// takes them only if they hash as they did the first time.
fn reread_archive(paths: &[PathBuf], kind: ArchiveKind, v: &mut Verifier) {
    loop {
        let wanted = v.wanted_documents();
        if wanted.is_empty() {
            return;
        }
        let mut collector = Verifier::collector(wanted, v.document_cap());
        let window_max = v.options().zstd_window_max;
        let raw = Joined {
            paths: paths.to_vec().into(),
            current: None,
            hasher: Sha256::new(),
            pb: ProgressBar::hidden(),
            out: Arc::new(Mutex::new(None)),
        };
        let mut pipe = match kind {
            ArchiveKind::Tar => Pipe::spawn(move |feed| produce_raw(feed, raw)),
            ArchiveKind::TarZstd => Pipe::spawn(move |feed| produce_zstd(feed, raw, window_max)),
        };
        let mut tar = TarReader::new();
        while let Some(Ok(buf)) = pipe.next() {
            if tar.feed(&buf, &mut collector).is_err() {
                break;
            }
            pipe.recycle(buf);
        }
        drop(pipe);
        let mut progress = false;
        for (path, bytes) in collector.into_collected() {
            progress |= v.supply_document(&path, bytes);
        }
        if !progress {
            return;
        }
    }
}

/// The same for a directory: the wanted documents are files under `root`.
fn reread_dir(root: &Path, v: &mut Verifier) {
    loop {
        let mut progress = false;
        for path in v.wanted_documents() {
            let mut bytes = Vec::new();
            let read = File::open(root.join(&path))
                .and_then(|f| f.take(v.document_cap().saturating_add(1)).read_to_end(&mut bytes));
            if read.is_ok() {
                progress |= v.supply_document(&path, bytes);
            }
        }
        if !progress {
            return;
        }
    }
}

/// The raw bytes of one or more files in order, hashed as they are read (split packages check
/// the joined sha256 against part000).
struct Joined {
    paths: std::collections::VecDeque<PathBuf>,
    current: Option<File>,
    hasher: Sha256,
    pb: ProgressBar,
    out: Arc<Mutex<Option<String>>>,
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
                        let digest = hex::encode(std::mem::take(&mut self.hasher).finalize());
                        if let Ok(mut slot) = self.out.lock() {
                            slot.get_or_insert(digest);
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
            self.hasher.update(&buf[..n]);
            self.pb.inc(n as u64);
            return Ok(n);
        }
    }
}

/// Stream every file of a directory tree into a verifier, in sorted order. Symlinks are reported,
/// never followed.
pub fn check_dir(root: &Path, opts: Options, show_progress: bool) -> Result<Report, Unusable> {
    // What a Zarf package or a layout holds at its root: with any of it, the tree is verified (a Zarf
    // package that lost its zarf.yaml is then an error, ZV030, not "not a package").
    let looks_right =
        ["zarf.yaml", "oci-layout", "index.json", "images.tar", "checksums.txt", "components", "sboms.tar"]
            .iter()
            .any(|f| root.join(f).exists());
    if !looks_right {
        return Err(Unusable(format!(
            "{} is neither a Zarf package (no zarf.yaml) nor an OCI image layout (no oci-layout or index.json)",
            root.display()
        )));
    }
    let mut files = Vec::new();
    let mut v = Verifier::new(opts);
    walk(root, root, &mut files, &mut v);
    let total: u64 = files.iter().map(|(_, _, len)| len).sum();
    let pb = progress(total, show_progress, "verifying");
    let mut buf = vec![0u8; CHUNK];
    for (rel, full, _) in files {
        let mut f = match File::open(&full) {
            Ok(f) => f,
            Err(e) => {
                v.add_unreadable(&rel, &format!("cannot open {}: {e}", full.display()));
                continue;
            }
        };
        let size = f.metadata().map(|m| m.len()).ok();
        // One entry at a time, each closed below: a failure is a bug in this reader.
        v.begin_entry(&rel, size).map_err(|e| Unusable(format!("internal error reading {}: {e}", full.display())))?;
        loop {
            match f.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    v.write(&buf[..n]);
                    pb.inc(n as u64);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    v.abort(Some(&rel), &format!("reading {} failed: {e}", full.display()));
                    pb.finish_and_clear();
                    return Ok(v.finish(&root.display().to_string()));
                }
            }
        }
        v.end_entry().map_err(|e| Unusable(format!("internal error reading {}: {e}", full.display())))?;
    }
    pb.finish_and_clear();
    reread_dir(root, &mut v);
    Ok(v.finish(&root.display().to_string()))
}

/// List a directory tree depth-first in sorted order. Nothing is dropped: an entry that cannot be
/// listed or stat-ed is reported to the verifier by name (ZV045), a name that is not UTF-8 is ZV018, and
/// names keep their bytes (a `\` is not rewritten, so the core reports what Zarf would refuse).
fn walk(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf, u64)>, v: &mut Verifier) {
    let rel_of = |p: &Path| -> Result<String, String> {
        let rel = p.strip_prefix(root).unwrap_or(p);
        rel.to_str().map(str::to_owned).ok_or_else(|| rel.to_string_lossy().into_owned())
    };
    let dir_name = rel_of(dir).unwrap_or_else(|lossy| lossy);
    let listing = match fs::read_dir(dir) {
        Ok(l) => l,
        Err(e) => {
            v.add_unreadable(&dir_name, &format!("cannot list directory {}: {e}", dir.display()));
            return;
        }
    };
    let mut entries = Vec::new();
    for item in listing {
        match item {
            Ok(e) => entries.push(e),
            Err(e) => {
                v.add_unreadable(&dir_name, &format!("an entry of directory {} cannot be read: {e}", dir.display()))
            }
        }
    }
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let full = e.path();
        let rel = match rel_of(&full) {
            Ok(rel) => rel,
            Err(lossy) => {
                v.add_finding(
                    Finding::of(rules::EntryNameNotUtf8::Directory { lossy: lossy.clone() })
                        .path(lossy.escape_debug().to_string()),
                );
                continue;
            }
        };
        let meta = match fs::symlink_metadata(&full) {
            Ok(m) => m,
            Err(err) => {
                v.add_unreadable(&rel, &format!("cannot stat {}: {err}", full.display()));
                continue;
            }
        };
        let ft = meta.file_type();
        if ft.is_symlink() {
            let target = match fs::read_link(&full) {
                Ok(t) => t.to_string_lossy().into_owned(),
                Err(err) => format!("<unreadable link target: {err}>"),
            };
            v.add_link(&rel, &target, false);
        } else if ft.is_dir() {
            v.add_directory(&rel);
            walk(root, &full, files, v);
        } else if ft.is_file() {
            files.push((rel, full, meta.len()));
        } else {
            v.add_special(&rel, rules::SpecialKind::SpecialFile);
        }
    }
}
