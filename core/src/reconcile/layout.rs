//! Reconciliation: find the image layouts in what streamed through, then walk every layout from
//! its `index.json` down through nested indexes, manifests, configs and layers, checking every
//! descriptor against the stored blob it names (size first, then digest).

use crate::diag::Finding;
use crate::digest::Digest;
use crate::json::{ptr, Node};
use crate::oci::{self, media, Desc, DocCtx};
use crate::report::ImageInfo;
use crate::rules;
use crate::store::{Options, Store};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

pub(crate) const REF_NAME: &str = "org.opencontainers.image.ref.name";
pub(crate) const BASE_NAME: &str = "org.opencontainers.image.base.name";

/// A blob file found under `blobs/`.
#[derive(Debug, Clone)]
pub(crate) struct Blob {
    pub path: String,
    pub size: u64,
    /// `Some(true)` hashes to its name, `Some(false)` does not, `None` algorithm not computable.
    pub intact: Option<bool>,
    /// A descriptor the walk followed names it.
    pub referenced: bool,
}

/// One `index.json` entry and what walking it found.
#[derive(Debug, Clone)]
pub(crate) struct EntryResult {
    pub desc: Desc,
    pub walked: Walked,
}

/// What a layout turned out to hold, for the passes that run after the walk (pins, Zarf).
#[derive(Debug)]
pub(crate) struct LayoutResult {
    pub root: String,
    /// `None` when index.json is missing or unreadable.
    pub entries: Option<Vec<EntryResult>>,
    pub blobs: BTreeMap<Digest, Blob>,
    /// Digests reached as children of a stored index.
    pub children: BTreeSet<Digest>,
    /// Blob paths whose bytes a check reads: documents the walk reached, and blobs that do not
    /// hash to their name (the pin check looks at their content).
    pub needed: BTreeSet<String>,
    /// Of those, the ones whose bytes were not kept because a budget ran out.
    pub wanted: BTreeSet<String>,
    /// index.json was not read because a bound of zverify's stopped it (document cap, JSON
    /// depth), already an error: what it holds is unknown, not absent.
    pub index_bounded: bool,
}

impl LayoutResult {
    pub fn index_path(&self) -> String {
        format!("{}index.json", self.root)
    }
    pub fn entries(&self) -> &[EntryResult] {
        self.entries.as_deref().unwrap_or_default()
    }
}

/// Find and walk every layout. Returns the layouts and the number of blobs verified.
pub(crate) fn walk_layouts(store: &Store, opts: &Options, out: &mut Vec<Finding>) -> (Vec<LayoutResult>, u64) {
    let mut blobs_verified = 0;
    let mut results = Vec::new();
    for root in find_roots(store) {
        let mut layout = Layout::new(store, opts, &root, out);
        blobs_verified += layout.inventory();
        let entries = layout.walk_index();
        // Without a readable index.json every blob would look unreferenced: say nothing then.
        if entries.is_some() {
            layout.report_unreferenced();
        }
        let mut needed = layout.needed;
        needed.extend(layout.blobs.values().filter(|b| b.intact == Some(false)).map(|b| b.path.clone()));
        results.push(LayoutResult {
            root: root.clone(),
            entries,
            blobs: layout.blobs,
            children: layout.children,
            needed,
            wanted: layout.wanted,
            index_bounded: layout.index_bounded,
        });
    }
    (results, blobs_verified)
}

/// What `package.images` says about one entry.
pub(crate) fn image_info(e: &EntryResult, reference: Option<String>) -> ImageInfo {
    let d = &e.desc;
    let mut platforms = e.walked.child_platforms.to_vec();
    if platforms.is_empty() {
        if let Some(p) = d.platform.as_ref().or(e.walked.config_platform.as_ref()) {
            platforms.push(p.to_string());
        }
    }
    ImageInfo {
        reference: reference.or_else(|| d.annotation(REF_NAME).or(d.annotation(BASE_NAME)).map(str::to_owned)),
        digest: d.digest.as_ref().map(|x| x.to_string()),
        media_type: d.media_type.clone(),
        platforms,
        total_bytes: e.walked.total_bytes,
    }
}

/// Directories (as `""` or `"dir/"`) that hold an image layout: the parent of an `oci-layout` or
/// `index.json`, or of a `blobs/<alg>/` directory, not nested inside another layout's `blobs/`.
fn find_roots(store: &Store) -> Vec<String> {
    let mut roots = BTreeSet::new();
    for path in store.entries.keys() {
        let name = path.rsplit('/').next().unwrap_or(path);
        if name == "oci-layout" || name == "index.json" {
            roots.insert(crate::path::parent_prefix(path).to_owned());
        } else if let Some(i) = path.find("blobs/") {
            if (i == 0 || path.as_bytes()[i - 1] == b'/') && !path[..i].contains("blobs/") {
                roots.insert(path[..i].to_owned());
            }
        }
    }
    // A root is nested when a proper prefix of it ending just before a `blobs/` component is
    // itself a root: look those prefixes up (near-linear) instead of comparing every pair of
    // roots (quadratic in the number of directories holding `blobs/`).
    let nested = |r: &str| {
        r.match_indices("blobs/").any(|(i, _)| (i == 0 || r.as_bytes()[i - 1] == b'/') && roots.contains(&r[..i]))
    };
    roots.iter().filter(|r| !nested(r)).cloned().collect()
}

struct Layout<'s, 'o> {
    store: &'s Store,
    opts: &'s Options,
    root: &'s str,
    out: &'o mut Vec<Finding>,
    limits: oci::Limits,
    blobs: BTreeMap<Digest, Blob>,
    children: BTreeSet<Digest>,
    /// Documents already checked, per role they were read in (a blob that is one image's config
    /// and another's manifest is checked as both), with what later references need to know.
    walked: BTreeMap<(Digest, DocRole), Walked>,
    /// Documents the walk needed but could not read (not inspected, not JSON, nesting limit):
    /// what they reference is unknown, so no blob can be called unreferenced with certainty.
    stopped: Vec<String>,
    /// Digests named by a document the walk read but did not follow (nesting limit), with that
    /// document's path.
    named_not_walked: BTreeMap<Digest, String>,
    needed: BTreeSet<String>,
    wanted: BTreeSet<String>,
    index_bounded: bool,
}

/// The role a document is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum DocRole {
    Index,
    Manifest,
    Artifact,
    Config,
}

/// `application/vnd.oci.artifact.manifest.v1+json`: `{mediaType, artifactType, blobs, subject}`.
const ARTIFACT_MANIFEST: &str = "application/vnd.oci.artifact.manifest.v1+json";

#[derive(Debug, Clone, Default)]
pub(crate) struct Walked {
    /// For an image manifest: its config's platform.
    pub config_platform: Option<oci::Platform>,
    /// Platforms of the children of an index. Shared: a walked document is looked up (and its
    /// result cloned) once per reference, and copying the list each time made N references to an
    /// index of M children cost N×M.
    pub child_platforms: Rc<[String]>,
    /// Bytes of the document and everything below it that is stored.
    pub total_bytes: u64,
    /// For an image config: the number of `rootfs.diff_ids`.
    pub diff_ids: Option<usize>,
    /// The blob is stored and was read as an image index.
    pub is_index: bool,
    /// The blob is stored and was read as a manifest with a config (one platform's image).
    pub is_manifest: bool,
}

impl<'s, 'o> Layout<'s, 'o> {
    fn new(store: &'s Store, opts: &'s Options, root: &'s str, out: &'o mut Vec<Finding>) -> Self {
        Layout {
            store,
            opts,
            root,
            out,
            limits: oci::Limits::from_options(opts),
            blobs: BTreeMap::new(),
            children: BTreeSet::new(),
            walked: BTreeMap::new(),
            stopped: Vec::new(),
            named_not_walked: BTreeMap::new(),
            needed: BTreeSet::new(),
            wanted: BTreeSet::new(),
            index_bounded: false,
        }
    }

    fn p(&self, rel: &str) -> String {
        format!("{}{rel}", self.root)
    }

    fn blob_path(&self, d: &Digest) -> String {
        self.p(&format!("blobs/{}/{}", d.algorithm_name(), d.encoded()))
    }

    /// Check `oci-layout`, `blobs/`, and every file under `blobs/`. Returns blobs verified.
    fn inventory(&mut self) -> u64 {
        let layout_path = self.p("oci-layout");
        match self.store.entries.get(&layout_path) {
            None => self.out.push(Finding::of(rules::OciLayoutMissing).path(layout_path)),
            Some(e) => match &e.bytes {
                Some(bytes) => {
                    let mut ctx = DocCtx::new(&layout_path, self.out).with_limits(self.limits).with_source(bytes);
                    if let Some(node) = oci::parse_document(&mut ctx, bytes, "oci-layout") {
                        oci::check_layout_file(&mut ctx, &node);
                    }
                }
                None => self.out.extend(super::not_inspected(&layout_path, "oci-layout", e, self.opts)),
            },
        }
        let blobs_dir = self.p("blobs");
        if !self.store.has_dir(&blobs_dir) {
            self.out.push(Finding::of(rules::BlobsDirMissing).path(blobs_dir.clone()));
        }
        let prefix = format!("{blobs_dir}/");
        let mut verified = 0;
        for (path, entry) in self.store.entries.range(prefix.clone()..) {
            let Some(rest) = path.strip_prefix(&prefix) else { break };
            let digest = match rest.split_once('/') {
                Some((alg, enc)) if !enc.contains('/') => {
                    let mut text = String::with_capacity(rest.len());
                    text.push_str(alg);
                    text.push(':');
                    text.push_str(enc);
                    Digest::parse_owned(text).map_err(rules::BlobNameError::Digest)
                }
                _ => Err(rules::BlobNameError::NotTwoLevels),
            };
            let digest = match digest {
                Ok(d) => d,
                Err(why) => {
                    self.out
                        .push(Finding::of(rules::InvalidBlobPath { name: rest.to_owned(), why }).path(path.clone()));
                    continue;
                }
            };
            let intact = match digest.algorithm() {
                Some(alg) => {
                    verified += 1;
                    let actual = entry.hashes.get(alg).unwrap_or_default();
                    if actual != digest.encoded() {
                        self.out.push(
                            Finding::of(rules::BlobDigestMismatch {
                                size: entry.size,
                                algorithm: alg,
                                actual: actual.to_owned(),
                            })
                            .path(path.clone())
                            .digest(digest.as_str()),
                        );
                    }
                    Some(actual == digest.encoded())
                }
                None => {
                    self.out.push(
                        Finding::of(rules::DigestUnverifiable::Blob { algorithm: digest.algorithm_name().to_owned() })
                            .path(path.clone())
                            .digest(digest.as_str()),
                    );
                    None
                }
            };
            self.blobs.insert(digest, Blob { path: path.clone(), size: entry.size, intact, referenced: false });
        }
        verified
    }

    /// Walk from `index.json`. Returns one result per entry, or `None` when there is no readable
    /// index.
    fn walk_index(&mut self) -> Option<Vec<EntryResult>> {
        let index_path = self.p("index.json");
        let Some(entry) = self.store.entries.get(&index_path) else {
            self.out.push(Finding::of(rules::IndexMissing).path(index_path));
            return None;
        };
        let Some(bytes) = entry.bytes.as_deref() else {
            self.out.extend(super::not_inspected(&index_path, "index.json", entry, self.opts));
            self.index_bounded = true;
            return None;
        };
        let doc = {
            let mut ctx = DocCtx::new(&index_path, self.out).with_limits(self.limits).with_source(bytes);
            let Some(node) = oci::parse_document(&mut ctx, bytes, "index.json") else {
                // Deeper than zverify reads (ZV211): unread, where Go may read it.
                self.index_bounded = self
                    .out
                    .iter()
                    .any(|f| f.code == rules::JSON_TOO_DEEP.code && f.path.as_deref() == Some(index_path.as_str()));
                return None;
            };
            // `"manifests": null` (zot writes it for an empty repository) is an error (ZV304), but
            // Go reads it as an empty list: walk on, so the blobs nothing references are reported.
            // Any other non-array fails Go's decode: what the blobs are for was not checked (ZV111).
            let manifests = node.get("manifests");
            let readable = matches!(manifests, Some(Node::Arr(_) | Node::Null));
            let doc = oci::check_index(&mut ctx, &node);
            if !readable {
                if manifests.is_some() {
                    self.stopped.push(format!("{index_path} (its manifests are not an array)"));
                    self.report_unreferenced();
                }
                return None;
            }
            doc
        };
        let mut entries = Vec::new();
        for d in &doc.manifests {
            if let Some(name) = d.annotation(REF_NAME) {
                if !ref_name_grammar(name) {
                    self.out.push(
                        Finding::of(rules::InvalidRefName { name: name.to_owned() })
                            .path(index_path.clone())
                            .pointer(ptr(&ptr(&d.pointer, "annotations"), REF_NAME)),
                    );
                }
            }
            let walked = self.walk_desc(&index_path, d, Role::Child, 0, &mut Vec::new());
            entries.push(EntryResult { desc: d.clone(), walked });
        }
        if let Some(s) = &doc.subject {
            self.walk_desc(&index_path, s, Role::Subject, 0, &mut Vec::new());
        }
        Some(entries)
    }

    /// Check one descriptor against its blob, then (for documents) the document and its children.
    fn walk_desc(&mut self, from: &str, d: &Desc, role: Role, depth: usize, stack: &mut Vec<Digest>) -> Walked {
        let Some(digest) = &d.digest else { return Walked::default() };
        let mt = d.media_type.as_deref().unwrap_or("");
        if digest.algorithm().is_none() {
            self.out.push(
                Finding::of(rules::DigestUnverifiable::Descriptor { digest: digest.to_string() })
                    .path(from)
                    .pointer(ptr(&d.pointer, "digest"))
                    .digest(digest.as_str()),
            );
            return Walked::default();
        }
        let Some(blob) = self.blobs.get_mut(digest) else {
            // Zarf pushes with oras, which copies every successor of a manifest or index (subject,
            // config, layers, children) from the package whatever its media type; it skips layers
            // of the non-distributable ("foreign") types, and then the registry refuses the
            // manifest ("manifest blob unknown": checked against real Zarf and a distribution
            // registry). So in a Zarf package every descriptor must resolve. In a bare layout the
            // image-spec lets foreign layers, and the subjects of referrers, live elsewhere.
            let zarf = self.store.entries.contains_key(crate::zarf::ZARF_YAML);
            let exempt = !zarf && ((role == Role::Layer && media::is_foreign_layer(mt)) || role == Role::Subject)
                // There, but not read (ZV013 says so): not missing.
                || self.store.unverified.contains(&self.blob_path(digest));
            if !exempt {
                let (kind, short, path) = (role.noun(mt), digest.short(), self.blob_path(digest));
                let missing = match (&d.platform, depth) {
                    // A child of a stored index: registries refuse to push an index whose
                    // children are missing.
                    (Some(p), 1..) => {
                        rules::BlobMissing::IndexChild { platform: p.to_string(), kind, digest: short, path }
                    }
                    _ => rules::BlobMissing::Descriptor { kind, digest: short, path },
                };
                self.out
                    .push(Finding::of(missing).path(from).pointer(ptr(&d.pointer, "digest")).digest(digest.as_str()));
            }
            return Walked::default();
        };
        blob.referenced = true;
        let blob_size = blob.size;
        if let Some(size) = d.size {
            if size != blob_size {
                self.out.push(
                    Finding::of(rules::BlobSizeMismatch { declared: size, digest: digest.short(), actual: blob_size })
                        .path(from)
                        .pointer(ptr(&d.pointer, "size"))
                        .digest(digest.as_str()),
                );
            }
        }
        // A blob whose bytes do not match its name was already reported (ZV106). Its content is
        // still walked, so that what it references is not reported as unreferenced.
        if role == Role::Layer {
            return Walked { total_bytes: blob_size, ..Walked::default() };
        }
        let blob_path = blob.path.clone();
        if media::is_schema1(mt) {
            self.out.push(
                Finding::of(rules::LegacyFormat::Schema1Entry)
                    .path(from)
                    .pointer(ptr(&d.pointer, "mediaType"))
                    .digest(digest.as_str()),
            );
            return Walked { total_bytes: blob_size, ..Walked::default() };
        }
        let is_index = media::is_index(mt);
        let is_manifest = media::is_manifest(mt);
        let is_config = role == Role::Config && media::is_image_config(mt);
        // The OCI artifact manifest (image-spec 1.1 release candidates): oras copies its `blobs`
        // and `subject` with it, so what it names must be stored.
        let is_artifact = mt == ARTIFACT_MANIFEST;
        if !(is_index || is_manifest || is_config || is_artifact) {
            // Helm charts, signatures, unknown types: opaque, verified by digest and size.
            return Walked { total_bytes: blob_size, ..Walked::default() };
        }
        let doc_role = if is_index {
            DocRole::Index
        } else if is_manifest {
            DocRole::Manifest
        } else if is_artifact {
            DocRole::Artifact
        } else {
            DocRole::Config
        };
        let digest = digest.clone();
        if let Some(w) = self.walked.get(&(digest.clone(), doc_role)) {
            return w.clone();
        }
        let store = self.store;
        let looped = stack.contains(&digest);
        if looped || depth as u64 >= self.opts.max_index_depth {
            let limit = self.opts.max_index_depth;
            self.out.push(
                Finding::of(if looped {
                    rules::NestingTooDeep::Loop { digest: digest.short() }
                } else {
                    rules::NestingTooDeep::Limit { limit, digest: digest.short() }
                })
                .path(from)
                .pointer(ptr(&d.pointer, "digest"))
                .digest(digest.as_str()),
            );
            if !looped {
                self.needed.insert(blob_path.clone());
                self.stopped.push(format!("{blob_path} (nested deeper than the limit, {limit})"));
                if let Some(node) = store.bytes(&blob_path).and_then(|b| Node::parse(b).ok()) {
                    named_digests(&node, &mut |named| {
                        self.named_not_walked.entry(named).or_insert_with(|| blob_path.clone());
                    });
                }
            }
            return Walked::default();
        }
        let what = format!("{} {}", role.noun(mt), digest.short());
        self.needed.insert(blob_path.clone());
        let Some(bytes) = store.bytes(&blob_path) else {
            if let Some(entry) = store.entries.get(&blob_path) {
                if matches!(entry.dropped, Some(crate::store::Dropped::OverBudget { .. })) {
                    self.wanted.insert(blob_path.clone());
                }
                self.out.extend(
                    super::not_inspected(&blob_path, &format!("this {what}"), entry, self.opts)
                        .map(|f| f.digest(digest.as_str())),
                );
            }
            self.stopped.push(format!("{blob_path} (not inspected)"));
            return Walked { total_bytes: blob_size, ..Walked::default() };
        };
        let mut walked = Walked { total_bytes: blob_size, ..Walked::default() };
        let mut ctx = DocCtx {
            path: &blob_path,
            digest: Some(digest.as_str()),
            out: &mut *self.out,
            limits: self.limits,
            source: Some(bytes),
        };
        let Some(node) = oci::parse_document(&mut ctx, bytes, &what) else {
            self.stopped.push(format!("{blob_path} (not valid JSON)"));
            return walked;
        };
        if is_config {
            let cfg = oci::check_config(&mut ctx, &node, oci::Strictness::Layout);
            walked.config_platform = match (cfg.os, cfg.architecture) {
                (Some(os), Some(architecture)) => Some(oci::Platform {
                    os,
                    architecture,
                    variant: cfg.variant,
                    os_version: cfg.os_version,
                    os_features: cfg.os_features,
                }),
                _ => None,
            };
            walked.diff_ids = cfg.diff_ids;
            self.walked.insert((digest, doc_role), walked.clone());
            return walked;
        }
        if is_artifact {
            let mut named = Vec::new();
            if let Some(Node::Arr(blobs)) = node.get("blobs") {
                for (i, b) in blobs.iter().enumerate() {
                    if let Some(desc) = oci::check_descriptor(&mut ctx, b, &format!("/blobs/{i}")) {
                        named.push((desc, Role::Layer));
                    }
                }
            }
            if let Some(sub) = node.get("subject") {
                if let Some(desc) = oci::check_descriptor(&mut ctx, sub, "/subject") {
                    named.push((desc, Role::Subject));
                }
            }
            stack.push(digest.clone());
            for (desc, r) in named {
                let w = self.walk_desc(&blob_path, &desc, r, depth + 1, stack);
                if r == Role::Layer {
                    walked.total_bytes += w.total_bytes;
                }
            }
            stack.pop();
            self.walked.insert((digest, doc_role), walked.clone());
            return walked;
        }
        let (index, manifest) = if is_index {
            (Some(oci::check_index(&mut ctx, &node)), None)
        } else {
            (None, Some(oci::check_manifest(&mut ctx, &node)))
        };
        self.body_media_type(&node, d, &blob_path, &digest);
        stack.push(digest.clone());
        if let Some(doc) = index {
            walked.is_index = true;
            let mut child_platforms = Vec::new();
            for child in &doc.manifests {
                if let Some(cd) = &child.digest {
                    self.children.insert(cd.clone());
                }
                let w = self.walk_desc(&blob_path, child, Role::Child, depth + 1, stack);
                walked.total_bytes += w.total_bytes;
                if let Some(p) = child.platform.clone().or(w.config_platform.clone()) {
                    child_platforms.push(p.to_string());
                }
                self.check_platform(&blob_path, child, &w);
            }
            walked.child_platforms = child_platforms.into();
            if let Some(s) = &doc.subject {
                self.walk_desc(&blob_path, s, Role::Subject, depth + 1, stack);
            }
        }
        if let Some(doc) = manifest {
            walked.is_manifest = doc.config.is_some();
            if let Some(c) = &doc.config {
                let w = self.walk_desc(&blob_path, c, Role::Config, depth + 1, stack);
                walked.total_bytes += w.total_bytes;
                walked.config_platform = w.config_platform.clone();
                if let Some(n) = w.diff_ids.filter(|n| *n != doc.layers.len()) {
                    self.out.push(
                        Finding::of(rules::DiffIdsCount { layers: doc.layers.len(), diff_ids: n })
                            .path(blob_path.clone())
                            .pointer("/layers")
                            .digest(digest.as_str()),
                    );
                }
            }
            for l in &doc.layers {
                self.foreign_layer(&blob_path, mt, l);
                walked.total_bytes += self.walk_desc(&blob_path, l, Role::Layer, depth + 1, stack).total_bytes;
            }
            if let Some(s) = &doc.subject {
                self.walk_desc(&blob_path, s, Role::Subject, depth + 1, stack);
            }
        }
        stack.pop();
        self.walked.insert((digest, doc_role), walked.clone());
        walked
    }

    /// In a Zarf package, a layer Zarf's push cannot copy (checked against real Zarf and a
    /// distribution registry, whose default configuration allows no foreign URLs): one of a
    /// non-distributable type (oras does not copy it), or one with `urls` in an OCI manifest (the
    /// registry refuses the manifest; a Docker v2 manifest's ordinary layer with `urls` is pushed).
    fn foreign_layer(&mut self, from: &str, manifest_mt: &str, l: &Desc) {
        let mt = l.media_type.as_deref().unwrap_or("");
        let oci = manifest_mt != media::DOCKER_MANIFEST;
        if !(media::is_foreign_layer(mt) || (oci && !l.urls.is_empty()))
            || !self.store.entries.contains_key(crate::zarf::ZARF_YAML)
        {
            return;
        }
        let digest = l.digest.as_ref().map(|d| d.short()).unwrap_or_default();
        let f = rules::ImageNotPushable::ForeignLayer { digest, media_type: mt.to_owned(), urls: l.urls.len() };
        let full = l.digest.as_ref().map(|d| d.to_string()).unwrap_or_default();
        self.out.push(Finding::of(f).path(from).pointer(l.pointer.clone()).digest(full));
    }

    /// The descriptor's media type against the document's own `mediaType`.
    fn body_media_type(&mut self, node: &Node, d: &Desc, blob_path: &str, digest: &Digest) {
        let (Some(body), Some(desc)) = (node.str_at("mediaType"), d.media_type.as_deref()) else { return };
        if body != desc {
            let kind_flip = media::is_index(body) != media::is_index(desc);
            let (descriptor, document) = (desc.to_owned(), body.to_owned());
            let f = if kind_flip {
                Finding::of(rules::WrongDocumentKind::DescriptorSays { descriptor, document })
            } else {
                Finding::of(rules::MediaTypeConflict { descriptor, document })
            };
            self.out.push(f.path(blob_path).pointer("/mediaType").digest(digest.as_str()));
            // Zarf's push sends the document with the descriptor's type, and a distribution
            // registry refuses a body that says otherwise ("manifest invalid", observed with real
            // Zarf); an empty mediaType counts as absent there (pushed, also observed).
            let pushed_as = [media::OCI_MANIFEST, media::DOCKER_MANIFEST, media::OCI_INDEX, media::DOCKER_LIST];
            if pushed_as.contains(&desc) && !body.is_empty() && self.store.entries.contains_key(crate::zarf::ZARF_YAML)
            {
                let f =
                    rules::ImageNotPushable::BodyMediaType { descriptor: desc.to_owned(), document: body.to_owned() };
                self.out.push(Finding::of(f).path(blob_path).pointer("/mediaType").digest(digest.as_str()));
            }
        }
    }

    /// An index entry's `platform` against the child's config.
    fn check_platform(&mut self, index_path: &str, child: &Desc, w: &Walked) {
        let (Some(p), Some(c)) = (&child.platform, &w.config_platform) else { return };
        let variant_differs = matches!((&p.variant, &c.variant), (Some(a), Some(b)) if a != b);
        if p.os != c.os || p.architecture != c.architecture || variant_differs {
            self.out.push(
                Finding::of(rules::PlatformMismatch { index: p.to_string(), config: c.to_string() })
                    .path(index_path)
                    .pointer(ptr(&child.pointer, "platform"))
                    .digest(child.digest.as_ref().map(|d| d.to_string()).unwrap_or_default()),
            );
        }
    }

    fn report_unreferenced(&mut self) {
        for (digest, blob) in &self.blobs {
            if blob.referenced {
                continue;
            }
            let f = if let Some(by) = self.named_not_walked.get(digest) {
                Finding::of(rules::BlobNotWalked::NamedBy { by: by.clone(), size: blob.size })
            } else if let Some(first) = self.stopped.first() {
                let others = self.stopped.len() - 1;
                Finding::of(rules::BlobNotWalked::Unread { first: first.clone(), others, size: blob.size })
            } else {
                Finding::of(rules::BlobUnreferenced { size: blob.size })
            };
            self.out.push(f.path(blob.path.clone()).digest(digest.as_str()));
        }
    }
}

/// Every digest a document names in a descriptor (`digest` members of objects), at any depth.
fn named_digests(node: &Node, found: &mut impl FnMut(Digest)) {
    match node {
        Node::Obj(members) => {
            for (k, v) in members {
                if k == "digest" {
                    if let Node::Str(s) = v {
                        if let Ok(d) = Digest::parse(s) {
                            found(d);
                        }
                    }
                }
                named_digests(v, found);
            }
        }
        Node::Arr(items) => items.iter().for_each(|i| named_digests(i, found)),
        _ => {}
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Child,
    Config,
    Layer,
    Subject,
}

impl Role {
    fn noun(self, mt: &str) -> &'static str {
        match self {
            Role::Child if media::is_index(mt) => "index",
            Role::Child if media::is_manifest(mt) => "manifest",
            Role::Child => "entry",
            Role::Config => "config",
            Role::Layer => "layer",
            Role::Subject => "subject",
        }
    }
}

/// image-spec `org.opencontainers.image.ref.name` grammar:
/// components of `[A-Za-z0-9]+` joined by `[-._:@+]` or `--`, separated by `/`.
pub(crate) fn ref_name_grammar(name: &str) -> bool {
    !name.is_empty()
        && name.split('/').all(|component| {
            let b = component.as_bytes();
            if b.is_empty() || !b[0].is_ascii_alphanumeric() || !b[b.len() - 1].is_ascii_alphanumeric() {
                return false;
            }
            let mut i = 0;
            while i < b.len() {
                if b[i].is_ascii_alphanumeric() {
                    i += 1;
                } else if b[i] == b'-'
                    && b.get(i + 1) == Some(&b'-')
                    && b.get(i + 2).is_some_and(u8::is_ascii_alphanumeric)
                {
                    i += 2;
                } else if b"-._:@+".contains(&b[i]) && b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) {
                    i += 1;
                } else {
                    return false;
                }
            }
            true
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn ref_names() {
        for ok in ["v1.0", "docker.io/library/alpine:3.20", "ghcr.io/a/b:v1@sha256:abc", "a--b", "stable-release"] {
            assert!(super::ref_name_grammar(ok), "{ok}");
        }
        for bad in ["", "my image", "a/", "-a", "a..b", "a---b"] {
            assert!(!super::ref_name_grammar(bad), "{bad}");
        }
    }
}
