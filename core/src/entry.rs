//! Entries hashed outside the verifier: the shape that lets a front end hash different entries on
//! different cores (threads in the CLI, Web Workers in the page) while the verifier, on one thread,
//! still walks the archive in order and owns every verdict.
//!
//! An entry is handed out at its start, before any of its bytes were hashed, and only when the
//! verifier keeps none of its bytes (a layer, a component tarball: never a document). Two ways:
//!
//! - **Pull** (a seekable source: a file on disk, a `File.slice` in the browser): the caller
//!   [`Verifier::sniff`]s the entry's first bytes, [`Verifier::detach`]es it, tells the verifier
//!   the bytes it will hash elsewhere ([`Verifier::skip`], or [`crate::tar::TarReader::skip_data`]
//!   which does that and walks past the data), closes the entry, and hashes the byte range wherever
//!   it likes.
//! - **Push** (a stream: zstd output, registry layers): [`Verifier::hand_out`] makes the verifier
//!   detach large entries itself as their bytes arrive; the caller drains [`Handout`]s
//!   (start, data, end) after each feed and routes them to its hashing workers.
//!
//! Either way the result comes back as an [`EntryDigest`] through [`Verifier::complete`], in any
//! order. The report does not depend on which entries were handed out, on the order results come
//! back, or on how the bytes were chunked: the verifier's state changes in archive order only, and
//! a handed-out entry changes nothing but its own digests.
//!
//! [`Verifier::sniff`]: crate::Verifier::sniff
//! [`Verifier::detach`]: crate::Verifier::detach
//! [`Verifier::skip`]: crate::Verifier::skip
//! [`Verifier::hand_out`]: crate::Verifier::hand_out
//! [`Verifier::complete`]: crate::Verifier::complete

use crate::digest::{Algorithm, Hashes, MultiHasher};
use serde::{Deserialize, Serialize};

/// The hashing state of one handed-out entry. `Send`: move it to any thread and feed it there.
#[derive(Clone)]
pub struct EntryHasher {
    ticket: u64,
    /// Boxed: hashing states are large, and hashers travel through channels and enums.
    hasher: Box<MultiHasher>,
}

/// What a worker needs to hash a handed-out entry from its first byte: serializable, for workers
/// that share no memory with the verifier (Web Workers each run their own wasm instance).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryPlan {
    pub ticket: u64,
    pub sha256: bool,
    /// A blob's own algorithm, when it is another one.
    pub extra: Option<Algorithm>,
}

/// A handed-out entry's result, for [`crate::Verifier::complete`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryDigest {
    pub ticket: u64,
    /// Bytes hashed: must be the entry's length, or the entry is reported unreadable.
    pub size: u64,
    pub sha256: Option<String>,
    pub sha384: Option<String>,
    pub sha512: Option<String>,
    /// Set when the worker could not read the bytes (an IO error): the entry is reported
    /// unreadable (ZV045) with this reason.
    pub error: Option<String>,
}

impl EntryDigest {
    /// A worker that could not read the entry.
    pub fn failed(ticket: u64, why: impl Into<String>) -> Self {
        EntryDigest { ticket, size: 0, sha256: None, sha384: None, sha512: None, error: Some(why.into()) }
    }
    pub(crate) fn hashes(&self) -> Hashes {
        Hashes { sha256: self.sha256.clone(), sha384: self.sha384.clone(), sha512: self.sha512.clone() }
    }
}

impl EntryHasher {
    pub(crate) fn new(ticket: u64, hasher: MultiHasher) -> Self {
        EntryHasher { ticket, hasher: Box::new(hasher) }
    }
    /// A hasher for a plan made by [`EntryHasher::plan`] (on another worker).
    pub fn from_plan(plan: EntryPlan) -> Self {
        EntryHasher { ticket: plan.ticket, hasher: Box::new(MultiHasher::with(plan.sha256, plan.extra)) }
    }
    /// The serializable form of this hasher (handed out before any byte was hashed).
    pub fn plan(&self) -> EntryPlan {
        let (sha256, extra) = self.hasher.algorithms();
        EntryPlan { ticket: self.ticket, sha256, extra }
    }
    pub fn ticket(&self) -> u64 {
        self.ticket
    }
    /// Bytes hashed so far.
    pub fn len(&self) -> u64 {
        self.hasher.len()
    }
    pub fn is_empty(&self) -> bool {
        self.hasher.is_empty()
    }
    pub fn write(&mut self, chunk: &[u8]) {
        self.hasher.update(chunk);
    }
    pub fn finish(self) -> EntryDigest {
        let size = self.hasher.len();
        let h = (*self.hasher).finish();
        EntryDigest { ticket: self.ticket, size, sha256: h.sha256, sha384: h.sha384, sha512: h.sha512, error: None }
    }
}

/// Push-mode messages for the caller's hashing workers, in the order the bytes streamed.
pub enum Handout {
    /// A new entry handed out: hash the `Data` for its ticket that follows.
    Start(EntryHasher),
    /// The next bytes of a handed-out entry.
    Data { ticket: u64, bytes: Vec<u8> },
    /// The entry's bytes are complete: finish the hasher and [`crate::Verifier::complete`] it.
    /// (After an archive error cut the entry short, the verifier no longer waits for it.)
    End { ticket: u64 },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_round_trip_hashes_the_same() {
        let mut a = EntryHasher::new(7, MultiHasher::with(true, Some(Algorithm::Sha512)));
        let mut b = EntryHasher::from_plan(a.plan());
        a.write(b"hello ");
        a.write(b"world");
        b.write(b"hello world");
        let (a, b) = (a.finish(), b.finish());
        assert_eq!(a, b);
        assert_eq!(a.size, 11);
        assert_eq!(a.sha256.as_deref(), Some("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"));
        assert!(a.sha512.is_some() && a.sha384.is_none());
    }
}
