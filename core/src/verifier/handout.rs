//! Handouts: entries whose digests are computed elsewhere ([`crate::entry`]). Each gets a ticket;
//! the verifier waits for its result, which may come back in any order, even before the entry
//! closes. In push mode the entry's bytes travel in [`Handout::Data`] pieces; in pull mode the
//! driver reads them itself by offset.

use crate::digest::{Hashes, MultiHasher};
use crate::entry::{EntryDigest, EntryHasher, Handout};
use std::collections::BTreeMap;

/// Bytes of one [`Handout::Data`] piece: consecutive pieces of an entry travel together up to this.
pub(super) const PIECE: usize = 1 << 20;
/// Buffers kept for the next pieces ([`Handouts::recycle`]).
pub(super) const SPARE_PIECES: usize = 16;

/// A handed-out entry the verifier waits for.
#[derive(Default)]
struct Ticket {
    /// Store paths that take its digests when it comes back (the entry, links to it).
    paths: Vec<String>,
    /// Its length as the container gave it (`None` while the entry is still open).
    size: Option<u64>,
    /// A result that came back before the entry was closed.
    early: Option<EntryDigest>,
}

/// A result matched to its entry: the paths that take it, and why it cannot be used, if so.
pub(super) struct Settled {
    pub ticket: u64,
    pub paths: Vec<String>,
    pub hashes: Hashes,
    /// The bytes could not be read, or their count is not the entry's (ZV045).
    pub why: Option<String>,
}

#[derive(Default)]
pub(super) struct Handouts {
    tickets: BTreeMap<u64, Ticket>,
    next: u64,
    /// Push mode: entries of at least this many declared bytes are handed out.
    min: Option<u64>,
    /// Nested tarballs of at least this many declared bytes have their own digests computed
    /// elsewhere, from copies of their bytes.
    nested_min: Option<u64>,
    out: Vec<Handout>,
    /// Buffers of [`Handout::Data`] given back, for the next pieces.
    spare: Vec<Vec<u8>>,
}

impl Handouts {
    pub(super) fn push_mode(&mut self, min: u64) {
        self.min = Some(min);
    }
    pub(super) fn nested_mode(&mut self, min: u64) {
        self.nested_min = Some(min);
    }

    /// Whether an entry of `declared` bytes is large enough to hand out in push mode.
    pub(super) fn large(&self, declared: Option<u64>) -> bool {
        at_least(self.min, declared)
    }

    /// Whether a nested tarball of `declared` bytes has its digests computed elsewhere.
    pub(super) fn large_nested(&self, declared: Option<u64>) -> bool {
        at_least(self.nested_min.or(self.min), declared)
    }

    /// A ticket for an entry hashed elsewhere (pull mode: the driver reads the bytes itself).
    pub(super) fn issue(&mut self) -> u64 {
        let ticket = self.next;
        self.next += 1;
        self.tickets.insert(ticket, Ticket::default());
        ticket
    }

    /// A ticket for an entry whose bytes travel in [`Handout::Data`] pieces, starting with `hasher`.
    pub(super) fn start(&mut self, hasher: MultiHasher) -> u64 {
        let ticket = self.issue();
        self.out.push(Handout::Start(EntryHasher::new(ticket, hasher)));
        ticket
    }

    /// The next bytes of a pushed entry: consecutive pieces of one entry travel together, up to
    /// [`PIECE`] bytes.
    pub(super) fn piece(&mut self, ticket: u64, chunk: &[u8]) {
        match self.out.last_mut() {
            Some(Handout::Data { ticket: t, bytes }) if *t == ticket && bytes.len() < PIECE => {
                bytes.extend_from_slice(chunk)
            }
            _ => {
                let mut bytes = self.spare.pop().unwrap_or_default();
                bytes.clear();
                bytes.extend_from_slice(chunk);
                self.out.push(Handout::Data { ticket, bytes })
            }
        }
    }

    /// The entry of `ticket` closed at `path` with `size` bytes; `pushed` (or push mode) tells
    /// its workers the bytes ended. Returns a result that came back before it closed.
    pub(super) fn closed(&mut self, ticket: u64, path: &str, size: u64, pushed: bool) -> Option<EntryDigest> {
        let t = self.tickets.get_mut(&ticket);
        let early = t.and_then(|t| {
            t.paths.push(path.to_owned());
            t.size = Some(size);
            t.early.take()
        });
        if self.min.is_some() || pushed {
            self.out.push(Handout::End { ticket });
        }
        early
    }

    /// The entry of `ticket` was cut short: no longer waited for (its workers are told the bytes
    /// ended).
    pub(super) fn cut(&mut self, ticket: u64, pushed: bool) {
        self.tickets.remove(&ticket);
        if self.min.is_some() || pushed {
            self.out.push(Handout::End { ticket });
        }
    }

    /// `path` also takes the digests of `ticket` when they come back (a link to the entry).
    pub(super) fn follow(&mut self, ticket: Option<u64>, path: &str) {
        if let Some(t) = ticket.and_then(|k| self.tickets.get_mut(&k)) {
            t.paths.push(path.to_owned());
        }
    }

    /// `path` no longer takes the digests of `ticket` (it was written again).
    pub(super) fn forget(&mut self, ticket: Option<u64>, path: &str) {
        if let Some(t) = ticket.and_then(|k| self.tickets.get_mut(&k)) {
            t.paths.retain(|p| p != path);
        }
    }

    /// A result, in any order: matched to its entry once the entry has closed (kept until then).
    /// `None` for a ticket not waited for, or a result kept for later.
    pub(super) fn settle(&mut self, done: EntryDigest) -> Option<Settled> {
        let t = self.tickets.get_mut(&done.ticket)?;
        let Some(size) = t.size else {
            t.early = Some(done);
            return None;
        };
        let t = self.tickets.remove(&done.ticket)?;
        let why = match &done.error {
            Some(e) => Some(e.clone()),
            None if done.size != size => Some(format!(
                "{} bytes were read where the archive holds {size} (did the file change while it was read?)",
                done.size
            )),
            None => None,
        };
        Some(Settled { ticket: done.ticket, paths: t.paths, hashes: done.hashes(), why })
    }

    /// Entries whose results never came back: the first path of each (the check ends failing
    /// closed on them).
    pub(super) fn unreturned(&mut self) -> Vec<String> {
        std::mem::take(&mut self.tickets).into_values().filter_map(|t| t.paths.into_iter().next()).collect()
    }

    pub(super) fn outstanding(&self) -> usize {
        self.tickets.len()
    }

    /// The push-mode messages produced since the last call, in stream order.
    pub(super) fn take(&mut self) -> Vec<Handout> {
        std::mem::take(&mut self.out)
    }

    /// A [`Handout::Data`] buffer given back, for the next pieces (at most [`SPARE_PIECES`] kept).
    pub(super) fn recycle(&mut self, buf: Vec<u8>) {
        if self.spare.len() < SPARE_PIECES {
            self.spare.push(buf);
        }
    }
}

fn at_least(min: Option<u64>, declared: Option<u64>) -> bool {
    min.is_some_and(|m| declared.is_some_and(|d| d >= m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest_of(ticket: u64, hasher: MultiHasher, bytes: &[u8]) -> EntryDigest {
        let mut h = EntryHasher::new(ticket, hasher);
        h.write(bytes);
        h.finish()
    }

    #[test]
    fn pieces_of_one_entry_travel_together_up_to_a_mebibyte() {
        let mut h = Handouts::default();
        h.push_mode(1);
        let t = h.start(MultiHasher::new(true, false));
        h.piece(t, &[1; 10]);
        h.piece(t, &[2; PIECE]);
        h.piece(t, &[3; 5]);
        assert!(h.closed(t, "blob", (PIECE + 15) as u64, true).is_none());
        let out = h.take();
        let sizes: Vec<String> = out
            .iter()
            .map(|m| match m {
                Handout::Start(_) => "start".into(),
                Handout::Data { bytes, .. } => bytes.len().to_string(),
                Handout::End { .. } => "end".into(),
            })
            .collect();
        assert_eq!(sizes, ["start", &(PIECE + 10).to_string(), "5", "end"]);
        assert!(h.take().is_empty());
    }

    #[test]
    fn given_back_buffers_are_reused_and_bounded() {
        let mut h = Handouts::default();
        for _ in 0..SPARE_PIECES + 4 {
            h.recycle(Vec::with_capacity(4096));
        }
        assert_eq!(h.spare.len(), SPARE_PIECES);
        let t = h.issue();
        h.piece(t, b"abc");
        let Some(Handout::Data { bytes, .. }) = h.take().pop() else { panic!("no data handed out") };
        assert!(bytes == b"abc" && bytes.capacity() >= 4096);
    }

    #[test]
    fn a_result_settles_only_once_its_entry_closed_in_any_order() {
        let mut h = Handouts::default();
        let (a, b) = (h.issue(), h.issue());
        // b's result comes back before b closed: kept, given back when it closes.
        let early = digest_of(b, MultiHasher::new(true, false), b"bb");
        assert!(h.settle(early).is_none());
        assert!(h.closed(a, "a", 1, false).is_none());
        let back = h.closed(b, "b", 2, false).expect("the early result");
        let s = h.settle(back).unwrap();
        assert_eq!((s.ticket, s.paths, s.why), (b, vec!["b".to_owned()], None));
        let s = h.settle(digest_of(a, MultiHasher::new(true, false), b"a")).unwrap();
        assert_eq!(s.paths, ["a"]);
        assert_eq!(h.outstanding(), 0);
        // A ticket not waited for any more settles nothing.
        assert!(h.settle(digest_of(a, MultiHasher::new(true, false), b"a")).is_none());
    }

    #[test]
    fn a_result_of_the_wrong_length_or_with_an_error_is_unusable() {
        let mut h = Handouts::default();
        let t = h.issue();
        h.closed(t, "blob", 5, false);
        let s = h.settle(digest_of(t, MultiHasher::new(true, false), b"abc")).unwrap();
        assert!(s.why.unwrap().contains("3 bytes were read where the archive holds 5"));
        let t = h.issue();
        h.closed(t, "blob2", 0, false);
        let mut d = digest_of(t, MultiHasher::new(true, false), b"");
        d.error = Some("disk on fire".into());
        assert_eq!(h.settle(d).unwrap().why.as_deref(), Some("disk on fire"));
    }

    #[test]
    fn links_follow_and_rewrites_forget_and_the_unreturned_are_named() {
        let mut h = Handouts::default();
        let t = h.issue();
        h.closed(t, "blob", 1, false);
        h.follow(Some(t), "link");
        h.forget(Some(t), "blob");
        let cut = h.issue();
        h.cut(cut, false);
        assert_eq!(h.outstanding(), 1);
        assert_eq!(h.unreturned(), ["link"]);
        assert_eq!(h.outstanding(), 0);
    }

    #[test]
    fn the_size_thresholds() {
        let mut h = Handouts::default();
        assert!(!h.large(Some(u64::MAX)) && !h.large_nested(Some(u64::MAX)));
        h.push_mode(100);
        assert!(h.large(Some(100)) && !h.large(Some(99)) && !h.large(None));
        // Nested tarballs follow push mode unless told their own threshold.
        assert!(h.large_nested(Some(100)));
        h.nested_mode(1000);
        assert!(!h.large_nested(Some(100)) && h.large_nested(Some(1000)));
    }
}
