//! An unpacked package directory: every file streamed into the verifier in sorted order; with
//! workers, large files are hashed on other cores.

use super::pipe::CHUNK;
use super::pool::{read_full_at, HashPool};
use super::{progress, ReadOpts, Unusable, HAND_OUT_MIN};
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Arc;
use zverify_core::{rules, Finding, Options, Report, Verifier};

/// Stream every file of a directory tree into a verifier, in sorted order. Symlinks are reported,
/// never followed.
pub fn check_dir(root: &Path, opts: Options, ro: &ReadOpts) -> Result<Report, Unusable> {
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
    // The progress bar's total costs a stat per file: only when it is shown.
    let total: u64 = if ro.show_progress {
        files.iter().filter_map(|(_, full)| fs::metadata(full).ok()).map(|m| m.len()).sum()
    } else {
        0
    };
    let pb = progress(total, ro.show_progress, "verifying");
    let display = root.display().to_string();
    let result = match ro.workers() {
        None => {
            let opened = files.iter().map(|(_, full)| open(full, false));
            feed(&files, opened, &mut v, None, &pb)
        }
        Some(n) => std::thread::scope(|scope| {
            let mut pool = HashPool::new(n, &pb);
            let ahead = Prefetch::start(scope, &files, n);
            let r = feed(&files, ahead.iter(&files), &mut v, Some(&mut pool), &pb);
            ahead.stop();
            pool.finish(&mut v);
            r
        }),
    };
    pb.finish_and_clear();
    match result {
        Ok(true) => reread_dir(root, &mut v),
        Ok(false) => {}
        Err(e) => return Err(e),
    }
    Ok(v.finish(&display))
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

/// Open a file and read it (small) or its head (large). `Err`: (could not open, message).
fn open(full: &Path, head_only_when_large: bool) -> Result<Opened, (bool, String)> {
    let mut file = File::open(full).map_err(|e| (true, format!("cannot open {}: {e}", full.display())))?;
    let size = file.metadata().map(|m| m.len()).map_err(|e| (true, format!("cannot stat {}: {e}", full.display())))?;
    if head_only_when_large && size >= HAND_OUT_MIN {
        let mut head = vec![0u8; 512];
        let n = read_full_at(&file, &mut head, 0)
            .map_err(|e| (false, format!("reading {} failed: {e}", full.display())))?;
        head.truncate(n);
        return Ok(Opened { file: Some(file), size, bytes: head, whole: false });
    }
    if size >= HAND_OUT_MIN {
        return Ok(Opened { file: Some(file), size, bytes: Vec::new(), whole: false });
    }
    // The listed size and one more byte in one read: a file read whole needs a second read only
    // to see its end (or, if it grew, the rest).
    let mut bytes = vec![0u8; size as usize + 1];
    let failed = |e: io::Error| (false, format!("reading {} failed: {e}", full.display()));
    let mut n = 0;
    loop {
        match file.read(&mut bytes[n..]) {
            Ok(0) => break,
            Ok(k) => {
                n += k;
                if n == bytes.len() {
                    // Longer than listed: read the rest as it is now.
                    bytes.truncate(n);
                    file.read_to_end(&mut bytes).map_err(failed)?;
                    n = bytes.len();
                    break;
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(failed(e)),
        }
    }
    bytes.truncate(n);
    drop(file);
    Ok(Opened { file: None, size, bytes, whole: true })
}

/// Feed the files, in order, to the verifier; large files go to the pool's workers when the
/// verifier keeps none of their bytes. `Ok(false)`: a read failed and verification stopped there.
fn feed(
    files: &[(String, PathBuf)],
    opened: impl Iterator<Item = Result<Opened, (bool, String)>>,
    v: &mut Verifier,
    mut pool: Option<&mut HashPool>,
    pb: &indicatif::ProgressBar,
) -> Result<bool, Unusable> {
    let internal =
        |full: &Path, e: zverify_core::EntryError| Unusable(format!("internal error reading {}: {e}", full.display()));
    let mut buf = vec![0u8; CHUNK];
    for ((rel, full), o) in files.iter().zip(opened) {
        let o = match o {
            Ok(o) => o,
            Err((true, why)) => {
                v.add_unreadable(rel, &why);
                continue;
            }
            Err((false, why)) => {
                v.begin_entry(rel, None).map_err(|e| internal(full, e))?;
                v.abort(Some(rel), &why);
                return Ok(false);
            }
        };
        // One entry at a time, each closed below: a failure is a bug in this reader.
        v.begin_entry(rel, Some(o.size)).map_err(|e| internal(full, e))?;
        let file = match o.file {
            Some(file) if !o.whole => file,
            _ => {
                v.write(&o.bytes);
                pb.inc(o.bytes.len() as u64);
                v.end_entry().map_err(|e| internal(full, e))?;
                continue;
            }
        };
        // A large file whose bytes need not be kept is hashed by a worker; this thread goes on.
        if let Some(pool) = pool.as_deref_mut() {
            v.sniff(&o.bytes);
            if let Some(hasher) = v.detach() {
                v.skip(o.size);
                v.end_entry().map_err(|e| internal(full, e))?;
                pool.throttle(v, 64);
                pool.range(Arc::new(file), 0, o.size, true, hasher, &full.display().to_string());
                pool.drain(v);
                continue;
            }
        }
        let mut offset = 0u64;
        loop {
            match read_full_at(&file, &mut buf, offset) {
                Ok(0) => break,
                Ok(n) => {
                    v.write(&buf[..n]);
                    pb.inc(n as u64);
                    offset += n as u64;
                }
                Err(e) => {
                    v.abort(Some(rel), &format!("reading {} failed: {e}", full.display()));
                    return Ok(false);
                }
            }
        }
        v.end_entry().map_err(|e| internal(full, e))?;
        if let Some(pool) = pool.as_deref_mut() {
            pool.drain(v);
        }
    }
    Ok(true)
}

/// Threads that open and read the files ahead of the verifier, in parallel (opening and reading
/// many small files is system-call bound), handing them over in order: thread `k` of `n` reads
/// files `k`, `k + n`, … into its own bounded channel, and the verifier takes file `i` from
/// channel `i % n`. At most `AHEAD` files wait per thread.
struct Prefetch {
    ready: Vec<Receiver<Result<Opened, (bool, String)>>>,
}

const AHEAD: usize = 32;

impl Prefetch {
    fn start<'s, 'a: 's>(
        scope: &'s std::thread::Scope<'s, '_>,
        files: &'a [(String, PathBuf)],
        threads: usize,
    ) -> Self {
        let threads = threads.max(1);
        let ready = (0..threads)
            .map(|k| {
                let (tx, rx) = sync_channel(AHEAD);
                scope.spawn(move || {
                    for (_, full) in files.iter().skip(k).step_by(threads) {
                        // The verifier stopped (a read failed): stop reading.
                        if tx.send(open(full, true)).is_err() {
                            return;
                        }
                    }
                });
                rx
            })
            .collect();
        Prefetch { ready }
    }

    /// The files in order. A reading thread that panicked leaves its channel closed: every file not
    /// yet handed over is then reported unread (never silently skipped); the panic ends the run.
    fn iter<'f>(&'f self, files: &'f [(String, PathBuf)]) -> impl Iterator<Item = Result<Opened, (bool, String)>> + 'f {
        files.iter().enumerate().map(move |(i, (_, full))| {
            self.ready[i % self.ready.len()]
                .recv()
                .unwrap_or_else(|_| Err((true, format!("{}: the thread reading it failed", full.display()))))
        })
    }

    /// Let the threads end (dropping the receivers makes their next send fail).
    fn stop(self) {}
}

/// List a directory tree depth-first in sorted order. Nothing is dropped: an entry that cannot be
/// listed or stat-ed is reported to the verifier by name (ZV045), a name that is not UTF-8 is ZV018, and
/// names keep their bytes (a `\` is not rewritten, so the core reports what Zarf would refuse).
fn walk(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>, v: &mut Verifier) {
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
        // The type as the directory listing gives it (no stat per file where the file system
        // says; `lstat` otherwise): a symlink is never followed.
        let ft = match e.file_type() {
            Ok(t) => t,
            Err(err) => {
                v.add_unreadable(&rel, &format!("cannot stat {}: {err}", full.display()));
                continue;
            }
        };
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
            files.push((rel, full));
        } else {
            v.add_special(&rel, rules::SpecialKind::SpecialFile);
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
