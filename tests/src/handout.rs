//! The two ways of hashing entries outside the verifier ([`zverify_core::entry`]), driven in memory
//! the way the CLI's threads and the page's workers drive them, with results brought back in a
//! scrambled order: the handout tests compare their reports with the plain streamed one.

use std::collections::BTreeMap;
use zverify_core::archive::ArchiveReader;
use zverify_core::seek::{SeekTar, Step};
use zverify_core::{EntryDigest, EntryHasher, Handout, Options, Report, Verifier};

/// A small deterministic generator (the order results come back in).
pub struct Lcg(pub u64);

impl Lcg {
    pub fn draw(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

/// Results waiting to be handed back, released in a scrambled order: some at once, some later,
/// the rest at the end.
struct Scrambler {
    rng: Lcg,
    waiting: Vec<EntryDigest>,
}

impl Scrambler {
    fn push(&mut self, d: EntryDigest, v: &mut Verifier) {
        self.waiting.push(d);
        while !self.waiting.is_empty() && self.rng.draw().is_multiple_of(3) {
            let i = (self.rng.draw() as usize) % self.waiting.len();
            v.complete(self.waiting.swap_remove(i));
        }
    }
    fn flush(&mut self, v: &mut Verifier) {
        while !self.waiting.is_empty() {
            let i = (self.rng.draw() as usize) % self.waiting.len();
            v.complete(self.waiting.swap_remove(i));
        }
    }
}

/// Handouts pushed with their bytes ([`Handout`]) go to "workers" (hashers keyed by ticket); each
/// result joins the scrambled ones. Returns how many entries started.
fn route(v: &mut Verifier, workers: &mut BTreeMap<u64, EntryHasher>, back: &mut Scrambler) -> usize {
    let mut started = 0;
    for h in v.take_handouts() {
        match h {
            Handout::Start(hasher) => {
                started += 1;
                workers.insert(hasher.ticket(), hasher);
            }
            Handout::Data { ticket, bytes } => {
                workers.get_mut(&ticket).expect("data for a started entry").write(&bytes)
            }
            Handout::End { ticket } => {
                let done = workers.remove(&ticket).expect("end of a started entry").finish();
                back.push(done, v);
            }
        }
    }
    started
}

/// An uncompressed tar read as from a seekable file: [`SeekTar`] hands out every entry of at
/// least `min` bytes; each is hashed from the byte range (half of them through a serialized
/// [`zverify_core::EntryPlan`], as a Web Worker would) and completed in a scrambled order. A
/// component tarball of at least `min` bytes is read inline and its own digest computed from the
/// copies handed out ([`Verifier::hand_out_nested`]), as the CLI's seek driver does.
pub fn verify_seek(bytes: &[u8], opts: Options, min: u64, seed: u64, target: &str) -> (Report, usize) {
    let mut v = Verifier::new(opts);
    v.hand_out_nested(min);
    let mut drv = SeekTar::new(bytes.len() as u64, min);
    let mut back = Scrambler { rng: Lcg(seed), waiting: Vec::new() };
    let mut workers: BTreeMap<u64, EntryHasher> = BTreeMap::new();
    let mut handed = 0;
    loop {
        handed += route(&mut v, &mut workers, &mut back);
        let step = match drv.next(&mut v) {
            Ok(s) => s,
            Err(e) => {
                v.abort(Some(target), e);
                route(&mut v, &mut workers, &mut back);
                back.flush(&mut v);
                return (v.finish(target), handed);
            }
        };
        match step {
            Step::Read { offset, len } => {
                let from = (offset as usize).min(bytes.len());
                let to = from.saturating_add(len).min(bytes.len());
                drv.supply(&bytes[from..to], len);
            }
            Step::HandOut { hasher, offset, len } => {
                handed += 1;
                let mut h = if back.rng.draw().is_multiple_of(2) {
                    let plan = serde_json::to_string(&hasher.plan()).unwrap();
                    EntryHasher::from_plan(serde_json::from_str(&plan).unwrap())
                } else {
                    hasher
                };
                let range = &bytes[offset as usize..(offset + len) as usize];
                for piece in range.chunks(1 + (back.rng.draw() as usize % 70_000)) {
                    h.write(piece);
                }
                let done = serde_json::to_string(&h.finish()).unwrap();
                back.push(serde_json::from_str(&done).unwrap(), &mut v);
            }
            Step::Done => break,
        }
    }
    if let Err(e) = drv.finish(&mut v) {
        v.abort(Some(target), e);
    }
    handed += route(&mut v, &mut workers, &mut back);
    back.flush(&mut v);
    assert!(workers.is_empty(), "every handed-out entry was ended");
    (v.finish(target), handed)
}

/// Any archive streamed in `chunk`-byte pieces through the shared [`ArchiveReader`] with the
/// verifier in push mode ([`Verifier::hand_out`]): the [`Handout`]s go to "workers" (hashers
/// keyed by ticket) and the results come back in a scrambled order.
pub fn verify_push(bytes: &[u8], chunk: usize, opts: Options, min: u64, seed: u64, target: &str) -> (Report, usize) {
    let mut v = Verifier::new(opts);
    v.hand_out(min);
    let mut r = ArchiveReader::new();
    let mut workers: BTreeMap<u64, EntryHasher> = BTreeMap::new();
    let mut back = Scrambler { rng: Lcg(seed), waiting: Vec::new() };
    let mut handed = 0;
    let mut counted = |v: &mut Verifier, workers: &mut BTreeMap<u64, EntryHasher>, back: &mut Scrambler| {
        handed += route(v, workers, back);
    };
    let mut failed = None;
    for c in bytes.chunks(chunk.max(1)) {
        if let Err(e) = r.feed_draining(c, &mut v, &mut |v| counted(v, &mut workers, &mut back)) {
            failed = Some(e);
            break;
        }
    }
    let end = match failed {
        Some(e) => Err(e),
        None => r.finish(&mut v),
    };
    if let Err(e) = end {
        v.abort(Some(target), e);
    }
    counted(&mut v, &mut workers, &mut back);
    back.flush(&mut v);
    assert!(workers.is_empty(), "every handed-out entry was ended");
    (v.finish(target), handed)
}
