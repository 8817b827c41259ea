//! Hashing workers: threads that hash the entries the verifier hands out ([`zverify_core::entry`]),
//! either byte ranges of a file they read themselves (a seekable `.tar`, a file of a directory)
//! or bytes streamed to them (a `.tar.zst`). The verifier stays on the calling thread; results come
//! back through [`HashPool::drain`] / [`HashPool::wait_all`] in whatever order they finish.

use indicatif::ProgressBar;
use std::fs::File;
use std::io;
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread;
use zverify_core::{EntryDigest, EntryHasher, Handout, Verifier};

/// Bytes a worker reads at a time.
const READ_LEN: usize = 1 << 20;
/// Pieces waiting for one streamed entry (each up to a mebibyte).
const STREAM_DEPTH: usize = 4;

enum Job {
    /// Hash `len` bytes of `file` at `offset`; the file must hold no more than that when
    /// `whole` (a file of a directory, which could have grown since it was listed).
    Range { file: Arc<File>, offset: u64, len: u64, whole: bool, hasher: EntryHasher, name: String },
    /// Hash the pieces that arrive until the sender is dropped, and send each piece back.
    Stream { hasher: EntryHasher, pieces: Receiver<Vec<u8>>, back: Sender<Vec<u8>> },
}

pub struct HashPool {
    jobs: Option<Sender<Job>>,
    results: Receiver<EntryDigest>,
    workers: Vec<thread::JoinHandle<()>>,
    /// Jobs given out and not yet brought back.
    outstanding: usize,
    /// Push mode: the entry being streamed, by ticket.
    streaming: Option<(u64, SyncSender<Vec<u8>>)>,
    /// Pieces hashed, coming back to be reused by the verifier ([`Verifier::recycle`]): freed on
    /// the thread that allocated them, never on a worker.
    spent: (Sender<Vec<u8>>, Receiver<Vec<u8>>),
}

/// `pread`: each worker reads its own range of a shared file handle.
#[cfg(unix)]
fn read_at(f: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(f, buf, offset)
}
#[cfg(windows)]
fn read_at(f: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(f, buf, offset)
}

/// Read as much of `buf` as the file holds at `offset`.
pub fn read_full_at(f: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match read_at(f, &mut buf[n..], offset + n as u64) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

fn hash_range(file: &File, offset: u64, len: u64, whole: bool, mut h: EntryHasher, pb: &ProgressBar) -> EntryDigest {
    let ticket = h.ticket();
    let mut buf = vec![0u8; READ_LEN.min(len.max(1) as usize)];
    let mut done = 0u64;
    while done < len {
        let want = (len - done).min(buf.len() as u64) as usize;
        match read_full_at(file, &mut buf[..want], offset + done) {
            Ok(0) => break,
            Ok(n) => {
                h.write(&buf[..n]);
                done += n as u64;
                pb.inc(n as u64);
            }
            Err(e) => return EntryDigest::failed(ticket, format!("reading failed after {done} bytes: {e}")),
        }
    }
    if whole && done == len {
        let mut probe = [0u8; 1];
        if read_full_at(file, &mut probe, offset + len).is_ok_and(|n| n > 0) {
            return EntryDigest::failed(ticket, format!("the file grew past its listed {len} bytes while it was read"));
        }
    }
    h.finish()
}

impl HashPool {
    pub fn new(workers: usize, pb: &ProgressBar) -> HashPool {
        let (jobs_tx, jobs_rx) = channel::<Job>();
        let jobs_rx = Arc::new(Mutex::new(jobs_rx));
        let (results_tx, results) = channel::<EntryDigest>();
        let workers = (0..workers.max(1))
            .map(|_| {
                let (jobs, results, pb) = (jobs_rx.clone(), results_tx.clone(), pb.clone());
                thread::spawn(move || loop {
                    // The lock is held only while taking a job, never while hashing.
                    let job = match jobs.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok(job) = job else { return };
                    let done = match job {
                        Job::Range { file, offset, len, whole, hasher, name } => {
                            let mut d = hash_range(&file, offset, len, whole, hasher, &pb);
                            if let Some(e) = &mut d.error {
                                *e = format!("{name}: {e}");
                            }
                            d
                        }
                        Job::Stream { mut hasher, pieces, back } => {
                            for piece in pieces {
                                hasher.write(&piece);
                                let _ = back.send(piece);
                            }
                            hasher.finish()
                        }
                    };
                    if results.send(done).is_err() {
                        return;
                    }
                })
            })
            .collect();
        HashPool { jobs: Some(jobs_tx), results, workers, outstanding: 0, streaming: None, spent: channel() }
    }

    fn submit(&mut self, job: Job) {
        if let Some(tx) = &self.jobs {
            if tx.send(job).is_ok() {
                self.outstanding += 1;
            }
        }
    }

    /// Hash `len` bytes of `file` at `offset` (`whole`: and check that the file ends there).
    pub fn range(&mut self, file: Arc<File>, offset: u64, len: u64, whole: bool, hasher: EntryHasher, name: &str) {
        self.submit(Job::Range { file, offset, len, whole, hasher, name: name.to_owned() });
    }

    /// Route the verifier's push-mode handouts to the workers. Waits (bringing results back)
    /// while `max_streams` streamed entries are in flight, so that the bytes waiting for workers
    /// stay bounded.
    pub fn route(&mut self, v: &mut Verifier, max_streams: usize) {
        while let Ok(piece) = self.spent.1.try_recv() {
            v.recycle(piece);
        }
        for h in v.take_handouts() {
            match h {
                Handout::Start(hasher) => {
                    while self.outstanding >= max_streams.max(1) {
                        self.wait_one(v);
                    }
                    let (tx, pieces) = sync_channel(STREAM_DEPTH);
                    self.streaming = Some((hasher.ticket(), tx));
                    self.submit(Job::Stream { hasher, pieces, back: self.spent.0.clone() });
                }
                Handout::Data { ticket, bytes } => {
                    if let Some((t, tx)) = &self.streaming {
                        if *t == ticket {
                            // Blocks while the worker is behind (backpressure).
                            let _ = tx.send(bytes);
                        }
                    }
                }
                Handout::End { ticket } => {
                    if self.streaming.as_ref().is_some_and(|(t, _)| *t == ticket) {
                        self.streaming = None;
                    }
                }
            }
        }
        self.drain(v);
    }

    /// Wait (bringing results back) until fewer than `max` jobs are in flight: each job of a
    /// directory holds an open file, and a package of thousands must not exhaust descriptors.
    pub fn throttle(&mut self, v: &mut Verifier, max: usize) {
        while self.outstanding >= max.max(1) {
            self.wait_one(v);
        }
    }

    /// Bring back the results that are ready.
    pub fn drain(&mut self, v: &mut Verifier) {
        while let Ok(d) = self.results.try_recv() {
            self.outstanding -= 1;
            v.complete(d);
        }
    }

    fn wait_one(&mut self, v: &mut Verifier) {
        match self.results.recv() {
            Ok(d) => {
                self.outstanding -= 1;
                v.complete(d);
            }
            // Every worker is gone (one panicked): `finish` passes the panic on.
            Err(_) => self.outstanding = 0,
        }
    }

    /// Bring back every result (the stream ended, or stopped).
    pub fn wait_all(&mut self, v: &mut Verifier) {
        self.streaming = None;
        while self.outstanding > 0 {
            self.wait_one(v);
        }
    }

    /// Stop the workers; a worker that panicked is a bug, passed on.
    pub fn finish(mut self, v: &mut Verifier) {
        self.wait_all(v);
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.streaming = None;
        drop(self.jobs.take());
        for w in self.workers.drain(..) {
            if let Err(panic) = w.join() {
                if !thread::panicking() {
                    std::panic::resume_unwind(panic);
                }
            }
        }
    }
}

impl Drop for HashPool {
    fn drop(&mut self) {
        self.shutdown();
    }
}
