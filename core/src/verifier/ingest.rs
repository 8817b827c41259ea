//! Ingest: what is done with an entry's bytes as they stream through. Every regular file is hashed
//! (sha256, and a blob's own algorithm); the package's metadata files are kept whole, blobs that
//! may be documents (first non-blank byte `{` or `[`) too, checksums.txt is parsed line by line;
//! each within its cap and budget, charged when the entry closes.

use crate::digest::{Algorithm, MultiHasher};
use crate::store::{Dropped, Options};
use crate::zarf::checksums_stream::ChecksumsStream;
use crate::zarf::component::ComponentReader;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Keep {
    /// A metadata file of the package or layout: kept whole (under the per-document cap), from
    /// the metadata budget.
    Metadata,
    /// checksums.txt at the root: parsed line by line as it streams, never kept whole.
    Checksums,
    /// A blob: kept if its first non-blank byte is `{` or `[` (it may be a document), from the
    /// document budget.
    IfJson,
    No,
}

/// Paths whose bytes are always inspected: the Zarf package's own metadata at the root, and each
/// image layout's `index.json` and `oci-layout` (a layout's root is wherever they are).
pub(super) fn is_metadata(path: &str) -> bool {
    use crate::zarf::{SIGNATURES, ZARF_YAML};
    let name = path.rsplit('/').next().unwrap_or(path);
    matches!(name, "index.json" | "oci-layout") || path == ZARF_YAML || SIGNATURES.contains(&path)
}

/// How an entry at `path` is kept, and the hashers it needs: sha256 always (checksums.txt lists
/// sha256), plus the blob's own algorithm under `blobs/<alg>/`.
pub(super) fn plan(path: &str) -> (MultiHasher, Keep) {
    let keep = if path == crate::zarf::CHECKSUMS {
        Keep::Checksums
    } else if is_metadata(path) {
        Keep::Metadata
    } else if path.contains("blobs/") {
        Keep::IfJson
    } else {
        Keep::No
    };
    let blob_alg =
        path.rfind("blobs/").and_then(|i| path[i + 6..].split_once('/')).and_then(|(alg, _)| Algorithm::from_name(alg));
    (MultiHasher::with(true, blob_alg), keep)
}

/// The open entry. `N` is the verifier of nested tarballs (the package verifier's own kind).
pub(super) struct Current<N> {
    /// `None`: an entry that is not read (refused, or not collected).
    pub path: Option<String>,
    pub hasher: MultiHasher,
    pub keep: Keep,
    /// Why the bytes are no longer being kept, once they are not.
    pub dropped: Option<Dropped>,
    pub buf: Vec<u8>,
    pub checksums: Option<ChecksumsStream>,
    /// A blob (`Keep::IfJson`) whose first non-blank byte has not been seen yet.
    pub sniffing: bool,
    /// The length the container declared.
    pub declared: Option<u64>,
    /// Handed out: hashed elsewhere; `hasher` only counts its bytes.
    pub ticket: Option<u64>,
    /// Handed out as its bytes arrive (push mode, or a nested tarball's outer digest): its bytes
    /// travel in handout pieces.
    pub pushed: bool,
    /// A component tarball: its bytes are also read as a tar archive.
    pub component: Option<Box<ComponentReader<N>>>,
}

impl<N> Current<N> {
    /// A newly opened entry, kept as `keep` says: checksums.txt gets its line parser, and a
    /// declared size over the document cap means nothing is kept (the reconciliation reports it
    /// if it needs the document).
    pub(super) fn open(
        path: Option<String>,
        (hasher, keep): (MultiHasher, Keep),
        size: Option<u64>,
        opts: &Options,
    ) -> Self {
        let mut c = Current {
            path,
            hasher,
            keep,
            dropped: None,
            buf: Vec::new(),
            checksums: None,
            sniffing: keep == Keep::IfJson,
            declared: size,
            ticket: None,
            pushed: false,
            component: None,
        };
        if keep == Keep::Checksums {
            c.checksums = Some(ChecksumsStream::new(opts.metadata_budget));
        } else if keep != Keep::No && size.is_some_and(|s| s > opts.document_cap) {
            c.keep = Keep::No;
            c.dropped = Some(Dropped::OverCap);
            c.sniffing = false;
        }
        c
    }

    /// Look for a blob's first non-blank byte: anything but `{` or `[` means it is not a document.
    pub(super) fn sniff(&mut self, bytes: &[u8]) {
        match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') | Some(b'[') => self.sniffing = false,
            Some(b) => {
                self.sniffing = false;
                self.keep = Keep::No;
                self.buf = Vec::new();
                self.dropped = Some(Dropped::NotJson(*b));
            }
            None => {}
        }
    }

    /// Whether the entry's digests may be computed elsewhere from copies of its bytes: a file
    /// whose bytes are not kept, perhaps read here as a nested tarball.
    pub(super) fn pushable(&self) -> bool {
        self.path.is_some() && self.keep == Keep::No && self.checksums.is_none()
    }

    /// Whether the entry may be hashed elsewhere altogether: a file whose bytes are not kept or
    /// parsed here.
    pub(super) fn detachable(&self) -> bool {
        self.pushable() && self.component.is_none()
    }

    /// The next bytes, for what keeps them: the checksums.txt parser, or the buffer of a document
    /// under the cap. (Budgets are charged when the entry closes, so that what is kept depends
    /// only on the entries before it, never on how the bytes were chunked.)
    pub(super) fn keep_bytes(&mut self, chunk: &[u8], document_cap: u64) {
        if let Some(stream) = &mut self.checksums {
            stream.feed(chunk);
            return;
        }
        if self.keep == Keep::No {
            return;
        }
        if self.buf.len() as u64 + chunk.len() as u64 > document_cap {
            self.buf = Vec::new();
            self.keep = Keep::No;
            self.dropped = Some(Dropped::OverCap);
        } else {
            self.buf.extend_from_slice(chunk);
        }
    }

    /// The bytes kept, when the entry closes: a document's, not checksums.txt's (parsed, not kept).
    pub(super) fn take_kept(&mut self) -> Option<Vec<u8>> {
        (self.keep != Keep::No && self.keep != Keep::Checksums).then(|| std::mem::take(&mut self.buf))
    }
}

/// Bytes kept so far, against the budgets of [`Options`].
#[derive(Debug, Default)]
pub(super) struct Budgets {
    /// Of blob documents (`Options::total_document_cap`).
    retained: u64,
    /// Of metadata files (`Options::metadata_budget`).
    retained_metadata: u64,
    /// Of documents inside nested tarballs (manifests, SBOMs): a pool of its own, the size of
    /// `Options::total_document_cap`, since they cannot be read again.
    retained_nested: u64,
}

impl Budgets {
    /// Charge `len` bytes to the metadata budget or the document budget; false (nothing charged)
    /// when they do not fit.
    pub(super) fn charge(&mut self, metadata: bool, len: u64, opts: &Options) -> bool {
        let (retained, budget) = if metadata {
            (&mut self.retained_metadata, opts.metadata_budget)
        } else {
            (&mut self.retained, opts.total_document_cap)
        };
        if *retained + len > budget {
            return false;
        }
        *retained += len;
        true
    }

    /// Give back the budget `len` bytes kept at `path` used. Saturating: a collector keeps blob
    /// paths as metadata.
    pub(super) fn release(&mut self, path: &str, len: u64) {
        if is_metadata(path) {
            self.retained_metadata = self.retained_metadata.saturating_sub(len);
        } else {
            self.retained = self.retained.saturating_sub(len);
        }
    }

    /// What is left for documents of nested tarballs.
    pub(super) fn nested_left(&self, opts: &Options) -> u64 {
        opts.total_document_cap.saturating_sub(self.retained_nested)
    }

    pub(super) fn charge_nested(&mut self, len: u64) {
        self.retained_nested += len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type C = Current<()>;

    #[test]
    fn each_path_is_kept_as_its_role_demands() {
        let keep = |p: &str| plan(p).1;
        assert_eq!(keep("checksums.txt"), Keep::Checksums);
        assert_eq!(keep("zarf.yaml"), Keep::Metadata);
        assert_eq!(keep("images/index.json"), Keep::Metadata);
        assert_eq!(keep("deep/layout/oci-layout"), Keep::Metadata);
        assert_eq!(keep("images/blobs/sha256/ab"), Keep::IfJson);
        assert_eq!(keep("components/app.tar"), Keep::No);
        // A nested checksums.txt is not the package's.
        assert_eq!(keep("sub/checksums.txt"), Keep::No);
        // A blob is hashed in its own algorithm too.
        assert_eq!(plan("blobs/sha512/ab").0.algorithms(), (true, Some(Algorithm::Sha512)));
        assert_eq!(plan("zarf.yaml").0.algorithms(), (true, None));
    }

    #[test]
    fn a_blob_that_is_not_json_is_not_kept() {
        let opts = Options::default();
        let mut c = C::open(Some("blobs/sha256/ab".into()), plan("blobs/sha256/ab"), Some(10), &opts);
        assert!(c.sniffing && !c.pushable());
        c.sniff(b"  \n");
        assert!(c.sniffing, "whitespace decides nothing");
        c.sniff(b"\x1f\x8b");
        assert_eq!((c.keep, c.dropped, c.sniffing), (Keep::No, Some(Dropped::NotJson(0x1f)), false));
        assert!(c.pushable() && c.detachable());
        let mut d = C::open(Some("blobs/sha256/cd".into()), plan("blobs/sha256/cd"), Some(10), &opts);
        d.sniff(b" {");
        assert_eq!((d.keep, d.sniffing), (Keep::IfJson, false));
    }

    #[test]
    fn documents_over_the_cap_are_dropped_declared_or_streamed() {
        let opts = Options { document_cap: 4, ..Options::default() };
        let c = C::open(Some("zarf.yaml".into()), plan("zarf.yaml"), Some(5), &opts);
        assert_eq!((c.keep, c.dropped), (Keep::No, Some(Dropped::OverCap)));
        let mut c = C::open(Some("zarf.yaml".into()), plan("zarf.yaml"), None, &opts);
        c.keep_bytes(b"abc", opts.document_cap);
        c.keep_bytes(b"d", opts.document_cap);
        assert_eq!(c.buf, b"abcd");
        c.keep_bytes(b"e", opts.document_cap);
        assert_eq!((c.keep, c.dropped, c.take_kept()), (Keep::No, Some(Dropped::OverCap), None));
        let mut c = C::open(Some("zarf.yaml".into()), plan("zarf.yaml"), None, &opts);
        c.keep_bytes(b"abcd", opts.document_cap);
        assert_eq!(c.take_kept().as_deref(), Some(&b"abcd"[..]));
    }

    #[test]
    fn checksums_txt_is_parsed_not_kept() {
        let opts = Options::default();
        let mut c = C::open(Some("checksums.txt".into()), plan("checksums.txt"), Some(3), &opts);
        assert!(c.checksums.is_some() && !c.pushable());
        c.keep_bytes(b"abc", opts.document_cap);
        assert!(c.buf.is_empty() && c.take_kept().is_none());
    }

    #[test]
    fn budgets_charge_whole_entries_and_give_back() {
        let opts = Options { metadata_budget: 10, total_document_cap: 20, ..Options::default() };
        let mut b = Budgets::default();
        assert!(b.charge(true, 10, &opts));
        assert!(!b.charge(true, 1, &opts), "the metadata budget is full");
        assert!(b.charge(false, 20, &opts), "the document budget is another pool");
        b.release("images/index.json", 4);
        assert!(b.charge(true, 4, &opts) && !b.charge(true, 1, &opts));
        b.release("blobs/sha256/ab", 100);
        assert!(b.charge(false, 20, &opts));
        assert_eq!(b.nested_left(&opts), 20);
        b.charge_nested(15);
        assert_eq!(b.nested_left(&opts), 5);
        b.charge_nested(15);
        assert_eq!(b.nested_left(&opts), 0);
    }
}
