//! Published packages and registries, decided here from what a registry driver observed.
//!
//! The driver (the CLI, through `zverify-registry`) performs every request; this module never does
//! IO. It is handed plain observations (the bytes of a manifest as served with their sha256, what
//! the driver's typed reader made of them, a blob's bytes as they arrive, or how a request failed)
//! and says what to fetch next and which findings (ZV701–ZV713) follow.
//!
//! Two drivers use it:
//! - [`plan`] and [`ManifestCheck`]: a package published with `zarf package publish`, read layer by
//!   layer (each layer's `org.opencontainers.image.title` is its path) through a [`Session`], as an
//!   unpacked folder's files are, with each layer's digest and size checked as it arrives;
//! - [`Against`]: a package's images asked about at their registries (manifests only): a pinned
//!   digest no longer served, a tag that moved or is gone, an index digest of which the package holds
//!   one child, a registry that cannot be asked.

use crate::digest::{digest_bytes, Algorithm, Digest, StreamDigest};
use crate::oci::DocKind;
use crate::rules::{
    LayerDigestMismatch, LayerSizeMismatch, PublishedPackageInvalid, RegistryDigestNotServed,
    RegistryIndexDigestConfirmed, RegistryTagMoved, RegistryUnreachable,
};
use crate::session::{Input, Need, Session, Unusable};
use crate::{EntryError, Finding, Options, Report};
use std::collections::{BTreeMap, BTreeSet};

/// Where findings about the index (or the manifest a tag names) go.
pub const INDEX_PATH: &str = "registry:index";
/// Where findings about an architecture's manifest go.
pub const MANIFEST_PATH: &str = "registry:manifest";
/// Where findings about a manifest's config blob go.
pub const CONFIG_PATH: &str = "registry:config";

/// One descriptor of a manifest body: an index's child, a manifest's config or layer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Descriptor {
    pub digest: String,
    pub size: u64,
    /// `os/arch[/variant]`.
    pub platform: Option<String>,
    /// `org.opencontainers.image.title` (a Zarf package layer's file path).
    pub title: Option<String>,
}

impl Descriptor {
    /// How many bytes of the blob to read at most: one past its size is enough to know it is
    /// wrong, so a registry that streams forever costs no more than the size the manifest declares.
    pub fn read_limit(&self) -> u64 {
        self.size.saturating_add(1)
    }
}

/// A manifest body as the driver's typed reader saw it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Doc {
    /// An image index or a manifest list (else a manifest).
    pub is_index: bool,
    /// An index's manifests.
    pub children: Vec<Descriptor>,
    /// A manifest's config.
    pub config: Option<Descriptor>,
    /// A manifest's layers.
    pub layers: Vec<Descriptor>,
}

/// A manifest as a registry served it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    /// The body exactly as served.
    pub bytes: Vec<u8>,
    /// The sha256 digest of `bytes` (`sha256:…`).
    pub digest: String,
    /// What the typed reader made of `bytes`; `Err` holds its words on why it could not.
    pub doc: Result<Doc, String>,
}

/// What `zverify doc` finds in a document the registry served, under `registry:index` or
/// `registry:manifest`.
pub fn document_findings(bytes: &[u8], kind: DocKind, opts: &Options) -> Vec<Finding> {
    let path = if kind == DocKind::Index { INDEX_PATH } else { MANIFEST_PATH };
    match crate::check_document_with(bytes, Some(kind), path, opts) {
        Ok(rep) => rep.findings.into_iter().map(|f| if f.path.is_none() { f.path(path) } else { f }).collect(),
        Err(_) => Vec::new(),
    }
}

/// A manifest to read: the architecture it is for (empty when the tag names a manifest), its
/// digest and the size the index lists for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToRead {
    pub arch: String,
    pub digest: String,
    pub listed: u64,
}

/// What the document a tag names leads to: the manifests to read, and the findings every
/// architecture's report carries (the document checks of the index).
#[derive(Debug, Clone)]
pub struct Plan {
    shown: String,
    top: Served,
    top_findings: Vec<Finding>,
    pub manifests: Vec<ToRead>,
}

/// The document a tag names (`shown` is `oci://…` as displayed), and the architecture asked for:
/// which manifests to read next, or the only report there is (the document cannot be read, the
/// architecture is not listed, the index lists nothing).
pub fn plan(shown: &str, top: Served, arch: Option<&str>, opts: &Options) -> Result<Plan, Box<Report>> {
    let doc = match &top.doc {
        Ok(d) => d.clone(),
        Err(e) => {
            let mut findings = document_findings(&top.bytes, DocKind::Index, opts);
            findings.push(
                Finding::of(PublishedPackageInvalid::NotAPackage {
                    what: format!("the document the tag names cannot be read: {e}"),
                })
                .path(INDEX_PATH),
            );
            return Err(Box::new(Report::new(&format!("{shown} ({})", top.digest), findings, 0, 0, 0, None)));
        }
    };
    // The index (or manifest) as a document: the same checks as `zverify doc`.
    let kind = if doc.is_index { DocKind::Index } else { DocKind::Manifest };
    let top_findings = document_findings(&top.bytes, kind, opts);
    let mut manifests = Vec::new();
    if doc.is_index {
        let available: Vec<ToRead> = doc
            .children
            .iter()
            .map(|c| ToRead {
                arch: c.platform.as_deref().and_then(|p| p.split('/').nth(1)).unwrap_or("unknown").to_owned(),
                digest: c.digest.clone(),
                listed: c.size,
            })
            .collect();
        manifests = available.iter().filter(|m| arch.is_none_or(|want| want == m.arch)).cloned().collect();
        if manifests.is_empty() {
            let finding = match arch {
                Some(a) => Finding::of(PublishedPackageInvalid::ArchMissing {
                    arch: a.to_owned(),
                    available: available.iter().map(|m| m.arch.clone()).collect(),
                }),
                None => {
                    Finding::of(PublishedPackageInvalid::NotAPackage { what: "the index lists no manifests".into() })
                }
            };
            return Err(Box::new(Report::new(
                &format!("{shown} (index {})", top.digest),
                vec![finding.digest(top.digest.clone())],
                0,
                0,
                0,
                None,
            )));
        }
    } else {
        manifests.push(ToRead { arch: String::new(), digest: top.digest.clone(), listed: top.bytes.len() as u64 });
    }
    Ok(Plan { shown: shown.to_owned(), top, top_findings, manifests })
}

impl Plan {
    /// The document the tag names, when `m` is that document itself (nothing more to fetch).
    pub fn already_served(&self, m: &ToRead) -> Option<&Served> {
        (m.digest == self.top.digest).then_some(&self.top)
    }

    /// Begin checking manifest `m`, served as `served`.
    pub fn manifest(&self, m: &ToRead, served: &Served, opts: Options) -> ManifestCheck {
        let single = m.digest == self.top.digest;
        let name = if m.arch.is_empty() {
            format!("{} (manifest {})", self.shown, m.digest)
        } else {
            format!("{} ({}, manifest {})", self.shown, m.arch, m.digest)
        };
        let mut extra = self.top_findings.clone();
        if !single {
            extra.extend(document_findings(&served.bytes, DocKind::Manifest, &opts));
        }
        if served.bytes.len() as u64 != m.listed {
            extra.push(
                Finding::of(PublishedPackageInvalid::ManifestSize {
                    digest: m.digest.clone(),
                    listed: m.listed,
                    actual: served.bytes.len() as u64,
                })
                .path(INDEX_PATH)
                .digest(m.digest.clone()),
            );
        }
        ManifestCheck::new(name, &served.doc, extra, opts)
    }
}

/// A path a layer's title must not be: empty, absolute, with a backslash, or with an empty, `.` or
/// `..` component.
fn bad_title(t: &str) -> bool {
    t.is_empty()
        || t.starts_with('/')
        || t.contains('\\')
        || t.split('/').any(|c| c.is_empty() || c == "." || c == "..")
}

/// One blob being read: its descriptor, the bytes counted so far.
struct Reading {
    expected: Descriptor,
    read: u64,
}

impl Reading {
    /// The part of `chunk` within the read limit.
    fn admit<'a>(&mut self, chunk: &'a [u8]) -> &'a [u8] {
        let room = self.expected.read_limit().saturating_sub(self.read);
        let take = chunk.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        self.read += take as u64;
        &chunk[..take]
    }

    /// ZV708 and ZV709 for a blob read, with the digest computed (`None`: not hashed).
    fn findings(&self, title: &str, path: &str, computed: String) -> Vec<Finding> {
        let (size, digest, read) = (self.expected.size, &self.expected.digest, self.read);
        let mut out = Vec::new();
        if read != size {
            out.push(
                Finding::of(LayerSizeMismatch {
                    title: title.to_owned(),
                    expected: size,
                    actual: read,
                    more: read > size,
                })
                .path(path)
                .digest(digest.clone()),
            );
        }
        // Past the size nothing more was read, so the digest of the whole blob is unknown.
        if computed != *digest && read <= size {
            out.push(
                Finding::of(LayerDigestMismatch { title: title.to_owned(), expected: digest.clone(), computed })
                    .path(path)
                    .digest(digest.clone()),
            );
        }
        out
    }
}

/// One architecture's manifest, checked: the layers to stream (in order) through the verifier, the
/// config blob checked on the side. The driver fetches [`ManifestCheck::config`] and feeds it
/// with [`config_chunk`](ManifestCheck::config_chunk) / [`config_end`](ManifestCheck::config_end),
/// then each of [`layers`](ManifestCheck::layers) with `begin_layer` / `layer_chunk` / `end_layer`,
/// reads again what [`after_layers`](ManifestCheck::after_layers) asks for, and ends with
/// [`finish`](ManifestCheck::finish).
pub struct ManifestCheck {
    name: String,
    extra: Vec<Finding>,
    state: State,
}

// One per architecture checked, never in a collection: the variants' sizes do not matter.
#[allow(clippy::large_enum_variant)]
enum State {
    /// Nothing to stream: the report is decided.
    Decided(Box<Report>),
    Streaming {
        /// The layers as an unpacked folder's entries, pushed in manifest order.
        v: Box<Session>,
        /// Every layer was streamed (the session's first read is over).
        ended: bool,
        config: Option<Descriptor>,
        config_reading: Option<(Reading, StreamDigest)>,
        layers: Vec<Descriptor>,
        layer: Option<Reading>,
    },
}

impl ManifestCheck {
    fn new(name: String, doc: &Result<Doc, String>, extra: Vec<Finding>, opts: Options) -> Self {
        let decided = |f: Finding| State::Decided(Box::new(Report::new(&name, vec![f], 0, 0, 0, None)));
        let state = match doc {
            // Fail closed: what cannot be read typed is not streamed, and says why (with what the
            // document checks found).
            Err(e) => decided(
                Finding::of(PublishedPackageInvalid::NotAPackage { what: format!("the manifest cannot be read: {e}") })
                    .path(MANIFEST_PATH),
            ),
            Ok(d) if d.is_index => decided(Finding::of(PublishedPackageInvalid::NotAPackage {
                what: "an architecture's entry is itself an index".into(),
            })),
            Ok(d) => {
                let mut session = Session::new(&name, opts, Input::Folder);
                let v = session.verifier();
                let mut seen = BTreeSet::new();
                let mut layers = Vec::new();
                for layer in &d.layers {
                    match &layer.title {
                        None => v.add_finding(
                            Finding::of(PublishedPackageInvalid::UntitledLayer { digest: layer.digest.clone() })
                                .digest(layer.digest.clone()),
                        ),
                        Some(t) if bad_title(t) => v.add_finding(
                            Finding::of(PublishedPackageInvalid::BadTitle { title: t.clone() })
                                .digest(layer.digest.clone()),
                        ),
                        Some(t) if !seen.insert(t.clone()) => v.add_finding(
                            Finding::of(PublishedPackageInvalid::DuplicateTitle { title: t.clone() }).path(t.clone()),
                        ),
                        Some(_) => layers.push(layer.clone()),
                    }
                }
                State::Streaming {
                    v: Box::new(session),
                    ended: false,
                    config: d.config.clone(),
                    config_reading: None,
                    layers,
                    layer: None,
                }
            }
        };
        ManifestCheck { name, extra, state }
    }

    /// The report's name (`oci://… (arch, manifest sha256:…)`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The config blob to fetch (at most [`Descriptor::read_limit`] bytes), if any. It is not a
    /// package file, but part of what was published: its digest and size are checked too, under
    /// `registry:config`.
    pub fn config(&self) -> Option<&Descriptor> {
        match &self.state {
            State::Streaming { config, .. } => config.as_ref(),
            State::Decided(_) => None,
        }
    }

    /// Bytes of the config blob, in order. Returns whether more are wanted.
    pub fn config_chunk(&mut self, chunk: &[u8]) -> bool {
        let State::Streaming { config: Some(c), config_reading, .. } = &mut self.state else { return false };
        let (reading, hasher) = config_reading
            .get_or_insert_with(|| (Reading { expected: c.clone(), read: 0 }, StreamDigest::new(Algorithm::Sha256)));
        hasher.update(reading.admit(chunk));
        reading.read < reading.expected.read_limit()
    }

    /// The config blob ended (the registry sent no more, or the read limit was reached).
    pub fn config_end(&mut self) {
        let State::Streaming { v, config: Some(c), config_reading, .. } = &mut self.state else { return };
        let (reading, hasher) = config_reading
            .take()
            .unwrap_or_else(|| (Reading { expected: c.clone(), read: 0 }, StreamDigest::new(Algorithm::Sha256)));
        for f in reading.findings(CONFIG_PATH, CONFIG_PATH, hasher.finish().to_string()) {
            v.verifier().add_finding(f);
        }
    }

    /// The layers to stream, in order: every layer with a usable title that is not a duplicate.
    pub fn layers(&self) -> &[Descriptor] {
        match &self.state {
            State::Streaming { layers, .. } => layers,
            State::Decided(_) => &[],
        }
    }

    /// The total size of [`layers`](ManifestCheck::layers), for progress.
    pub fn total(&self) -> u64 {
        self.layers().iter().map(|l| l.size).sum()
    }

    /// Begin streaming `layers()[index]` (read at most [`Descriptor::read_limit`] bytes of it).
    pub fn begin_layer(&mut self, index: usize) -> Result<(), EntryError> {
        let State::Streaming { v, layers, layer, .. } = &mut self.state else { return Ok(()) };
        let Some(d) = layers.get(index) else { return Ok(()) };
        v.verifier().begin_entry(d.title.as_deref().unwrap_or_default(), Some(d.size))?;
        *layer = Some(Reading { expected: d.clone(), read: 0 });
        Ok(())
    }

    /// Bytes of the current layer, in order. Returns whether more are wanted.
    pub fn layer_chunk(&mut self, chunk: &[u8]) -> bool {
        let State::Streaming { v, layer: Some(reading), .. } = &mut self.state else { return false };
        // The verifier hashes every entry with sha256: the layer's digest is checked against that,
        // never hashed a second time.
        v.verifier().write(reading.admit(chunk));
        reading.read < reading.expected.read_limit()
    }

    /// Bytes of the current layer taken so far.
    pub fn layer_read(&self) -> u64 {
        match &self.state {
            State::Streaming { layer: Some(r), .. } => r.read,
            _ => 0,
        }
    }

    /// The current layer ended (the registry sent no more, or the read limit was reached).
    pub fn end_layer(&mut self) -> Result<(), EntryError> {
        let State::Streaming { v, layer, .. } = &mut self.state else { return Ok(()) };
        let Some(reading) = layer.take() else { return Ok(()) };
        v.verifier().end_entry()?;
        let computed = match v.verifier().last_entry_sha256() {
            Some(hex) => format!("sha256:{hex}"),
            // A title the verifier refused (reported): nothing of it was hashed.
            None => "(not hashed: the layer's title was refused)".to_owned(),
        };
        let title = reading.expected.title.clone().unwrap_or_default();
        for f in reading.findings(&title, &title, computed) {
            v.verifier().add_finding(f);
        }
        Ok(())
    }

    /// Once every layer was streamed (and after each second read): the layers to read again, or
    /// nothing more. Documents the budgets could not keep as they streamed are read again from the
    /// registry, as a folder's files are: fetch each layer (at most
    /// [`reread_limit`](ManifestCheck::reread_limit) bytes), [`supply`](ManifestCheck::supply) it,
    /// then [`reread_done`](ManifestCheck::reread_done), and ask again. A layer that cannot be
    /// fetched again is not supplied: it is reported as not inspected.
    pub fn after_layers(&mut self) -> After {
        let State::Streaming { v, ended, layers, .. } = &mut self.state else { return After::Finish };
        if !*ended {
            *ended = true;
            v.end_input();
        }
        match v.next() {
            Need::Reread { paths } => After::Reread(
                paths
                    .iter()
                    .filter_map(|p| layers.iter().find(|l| l.title.as_deref() == Some(p.as_str())))
                    .cloned()
                    .collect(),
            ),
            _ => After::Finish,
        }
    }

    /// How many bytes of a layer read again to take at most: one past the smaller of its size and
    /// the most a document may hold.
    pub fn reread_limit(&mut self, layer: &Descriptor) -> u64 {
        match &mut self.state {
            State::Streaming { v, .. } => layer.size.min(v.verifier().document_cap()).saturating_add(1),
            State::Decided(_) => 0,
        }
    }

    /// A layer [`After::Reread`] asked for, read again.
    pub fn supply(&mut self, layer: &Descriptor, bytes: Vec<u8>) {
        if let (State::Streaming { v, .. }, Some(title)) = (&mut self.state, &layer.title) {
            v.supply_document(title, bytes);
        }
    }

    /// The layers [`After::Reread`] asked for were read again (or could not be: nothing more is
    /// supplied).
    pub fn reread_done(&mut self) {
        if let State::Streaming { v, .. } = &mut self.state {
            v.end_input();
        }
    }

    /// The architecture's report, with the findings about the index and manifest documents.
    /// Published layers are a package by where they come from: a report even when they hold none
    /// (the findings say why); `Err` is never returned for them, but is passed on if it were.
    pub fn finish(self) -> Result<Report, Unusable> {
        let mut rep = match self.state {
            State::Decided(r) => *r,
            State::Streaming { v, .. } => v.finish_published()?,
        };
        rep.findings.extend(self.extra);
        rep.sort_and_recount();
        Ok(rep)
    }
}

/// What the driver of a [`ManifestCheck`] does once every layer was streamed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum After {
    /// Read these layers again (documents the budgets could not keep), in order.
    Reread(Vec<Descriptor>),
    /// Nothing more: [`ManifestCheck::finish`].
    Finish,
}

/// An image of a package, to ask a registry about. The driver resolves the reference (with the
/// registry host it asks, a mirror's when one is given); an image whose reference cannot be
/// resolved is not asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// The reference as the package writes it.
    pub reference: String,
    /// The manifest digest the package stores for it.
    pub stored: Option<String>,
    /// The registry host asked.
    pub registry: String,
    /// The repository path there.
    pub repository: String,
    /// The digest the reference pins, if it does.
    pub pinned: Option<String>,
    /// What to ask for when nothing is pinned (the tag, `latest` by default).
    pub tag: String,
}

/// How a request for a manifest ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Served(Served),
    /// The registry answered that it does not hold it.
    NotFound,
    /// The bytes served for a digest hash to another digest; the driver's words.
    WrongBytes(String),
    /// The registry could not be asked (connection, credentials, protocol); the driver's words.
    Failed(String),
}

/// A request the driver makes next: the manifest `reference` (a tag or a digest) of `images[image]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    pub image: usize,
    pub reference: String,
}

/// Asking registries about a package's images, manifests only. Without a mirror, each image's own
/// registry: a pinned digest it no longer serves (ZV710), a tag that now points elsewhere or is gone
/// (ZV711), a pinned index digest of which the package holds one child (ZV712). With a mirror, every
/// stored manifest digest and, for an index, every child must be served there (ZV710). A registry
/// that cannot be asked is a warning naming it (ZV713), and is not asked again.
pub struct Against {
    mirror: bool,
    images: Vec<Image>,
    at: usize,
    stage: Stage,
    down: BTreeMap<String, String>,
    findings: Vec<Finding>,
}

enum Stage {
    Start,
    Asked(String),
    /// Mirror mode: the stored index's children (platform, digest), the one asked.
    Children {
        parent: String,
        children: Vec<(String, String)>,
        i: usize,
    },
}

impl Against {
    pub fn new(images: Vec<Image>, mirror: bool) -> Self {
        Against { mirror, images, at: 0, stage: Stage::Start, down: BTreeMap::new(), findings: Vec::new() }
    }

    /// The next manifest to ask for; `None` when every image is done.
    pub fn next_ask(&mut self) -> Option<Ask> {
        loop {
            let img = self.images.get(self.at)?;
            match &self.stage {
                Stage::Asked(r) => return Some(Ask { image: self.at, reference: r.clone() }),
                Stage::Children { children, i, .. } => {
                    return Some(Ask { image: self.at, reference: children[*i].1.clone() })
                }
                Stage::Start => {}
            }
            if let Some(detail) = self.down.get(&img.registry) {
                self.findings.push(unreachable(img, detail.clone()));
                self.at += 1;
                continue;
            }
            let reference = match (self.mirror, &img.stored, &img.pinned) {
                (true, None, _) => {
                    self.at += 1;
                    continue;
                }
                (true, Some(s), _) => s.clone(),
                (false, _, Some(p)) => p.clone(),
                (false, _, None) => img.tag.clone(),
            };
            self.stage = Stage::Asked(reference);
        }
    }

    /// How the request [`next_ask`](Against::next_ask) returned ended.
    pub fn answer(&mut self, answer: Answer) {
        let Some(img) = self.images.get(self.at) else { return };
        let img = img.clone();
        match std::mem::replace(&mut self.stage, Stage::Start) {
            Stage::Start => {}
            Stage::Asked(asked) => {
                let result = if self.mirror {
                    self.mirror_image(&img, &asked, answer)
                } else if img.pinned.is_some() {
                    self.pinned_image(&img, &asked, answer)
                } else {
                    self.tagged_image(&img, answer)
                };
                self.settle(&img, result);
            }
            Stage::Children { parent, children, i } => {
                let (platform, digest) = &children[i];
                let result = match answer {
                    Answer::Served(_) => Ok(()),
                    Answer::NotFound | Answer::WrongBytes(_) => {
                        self.findings.push(not_served(
                            &img,
                            digest,
                            format!("the {platform} child of {parent}, stored for \"{}\"", img.reference),
                        ));
                        Ok(())
                    }
                    Answer::Failed(e) => Err(e),
                };
                if result.is_ok() && i + 1 < children.len() {
                    self.stage = Stage::Children { parent, children, i: i + 1 };
                } else {
                    self.settle(&img, result);
                }
            }
        }
    }

    /// An image is done, unless a mirror's index children are to be asked (`stage` set).
    fn settle(&mut self, img: &Image, result: Result<(), String>) {
        if let Err(detail) = result {
            self.down.insert(img.registry.clone(), detail.clone());
            self.findings.push(unreachable(img, detail));
            self.stage = Stage::Start;
        }
        if matches!(self.stage, Stage::Start) {
            self.at += 1;
        }
    }

    fn pinned_image(&mut self, img: &Image, pinned: &str, answer: Answer) -> Result<(), String> {
        let reference = &img.reference;
        match answer {
            Answer::NotFound => self.findings.push(not_served(img, pinned, format!("pinned by \"{reference}\""))),
            Answer::WrongBytes(_) => self.findings.push(not_served(
                img,
                pinned,
                format!("pinned by \"{reference}\"; the bytes served for it hash to another digest"),
            )),
            Answer::Failed(e) => return Err(e),
            Answer::Served(m) => {
                let Some(stored) = img.stored.as_deref().filter(|s| *s != pinned) else { return Ok(()) };
                let Ok(d) = m.doc else { return Ok(()) };
                if d.is_index {
                    let finding = match d.children.iter().find(|c| c.digest == stored) {
                        Some(child) => RegistryIndexDigestConfirmed::Child {
                            reference: reference.clone(),
                            pinned: pinned.to_owned(),
                            stored: stored.to_owned(),
                            platform: child.platform.clone().unwrap_or_else(|| "(no platform)".into()),
                        },
                        None => RegistryIndexDigestConfirmed::NotAChild {
                            reference: reference.clone(),
                            pinned: pinned.to_owned(),
                            stored: stored.to_owned(),
                        },
                    };
                    self.findings.push(Finding::of(finding).digest(pinned));
                }
            }
        }
        Ok(())
    }

    fn tagged_image(&mut self, img: &Image, answer: Answer) -> Result<(), String> {
        match answer {
            Answer::NotFound => self.findings.push(Finding::of(RegistryTagMoved::Gone {
                reference: img.reference.clone(),
                registry: img.registry.clone(),
            })),
            // Bytes that do not hash to what the registry said they are: it could not be asked.
            Answer::WrongBytes(e) | Answer::Failed(e) => return Err(e),
            Answer::Served(m) => {
                let Some(stored) = img.stored.as_deref() else { return Ok(()) };
                // In the stored digest's own algorithm (a sha512 pin is not a sha256).
                if hashes_to(&m.bytes, stored) {
                    return Ok(());
                }
                let child = m.doc.as_ref().is_ok_and(|d| d.is_index && d.children.iter().any(|c| c.digest == stored));
                if !child {
                    self.findings.push(
                        Finding::of(RegistryTagMoved::Moved {
                            reference: img.reference.clone(),
                            stored: stored.to_owned(),
                            now: m.digest.clone(),
                        })
                        .digest(stored),
                    );
                }
            }
        }
        Ok(())
    }

    fn mirror_image(&mut self, img: &Image, stored: &str, answer: Answer) -> Result<(), String> {
        let reference = &img.reference;
        match answer {
            Answer::NotFound => self.findings.push(not_served(img, stored, format!("stored for \"{reference}\""))),
            Answer::WrongBytes(_) => self.findings.push(not_served(
                img,
                stored,
                format!("stored for \"{reference}\"; the registry's bytes for it hash to another digest"),
            )),
            Answer::Failed(e) => return Err(e),
            Answer::Served(m) => {
                let Ok(d) = m.doc else { return Ok(()) };
                let children: Vec<(String, String)> = d
                    .children
                    .iter()
                    .filter(|_| d.is_index)
                    .map(|c| (c.platform.clone().unwrap_or_else(|| "(no platform)".into()), c.digest.clone()))
                    .collect();
                if !children.is_empty() {
                    self.stage = Stage::Children { parent: stored.to_owned(), children, i: 0 };
                }
            }
        }
        Ok(())
    }

    /// The findings, in the order they were decided.
    pub fn finish(self) -> Vec<Finding> {
        self.findings
    }
}

/// Whether `bytes` hash to `digest` (`alg:hex`) in `digest`'s own algorithm. A string that is not a
/// digest, or names an algorithm zverify does not compute, does not match.
pub fn hashes_to(bytes: &[u8], digest: &str) -> bool {
    match Digest::parse(digest) {
        Ok(d) => d.algorithm().is_some_and(|a| digest_bytes(a, bytes) == d),
        Err(_) => false,
    }
}

fn unreachable(img: &Image, detail: String) -> Finding {
    Finding::of(RegistryUnreachable { registry: img.registry.clone(), reference: img.reference.clone(), detail })
}

fn not_served(img: &Image, digest: &str, role: String) -> Finding {
    Finding::of(RegistryDigestNotServed {
        registry: img.registry.clone(),
        repository: img.repository.clone(),
        digest: digest.to_owned(),
        role,
    })
    .digest(digest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sha256(bytes: &[u8]) -> String {
        digest_bytes(Algorithm::Sha256, bytes).to_string()
    }

    fn desc(digest: &str, size: u64, platform: Option<&str>, title: Option<&str>) -> Descriptor {
        Descriptor {
            digest: digest.to_owned(),
            size,
            platform: platform.map(str::to_owned),
            title: title.map(str::to_owned),
        }
    }

    fn served(bytes: &[u8], doc: Result<Doc, String>) -> Served {
        Served { bytes: bytes.to_vec(), digest: sha256(bytes), doc }
    }

    fn index(children: Vec<Descriptor>) -> Doc {
        Doc { is_index: true, children, ..Doc::default() }
    }

    /// The registry findings (ZV7xx) only: the verifier and the document checks add their own.
    fn ours(findings: &[Finding]) -> Vec<(&'static str, String)> {
        findings.iter().filter(|f| f.code.family() == 7).map(|f| (f.code.as_str(), f.message.clone())).collect()
    }

    fn with(findings: &[Finding], code: &str) -> Vec<Finding> {
        findings.iter().filter(|f| f.code == code).cloned().collect()
    }

    const SHOWN: &str = "oci://127.0.0.1:5000/pkg:1.0";

    #[test]
    fn a_document_the_tag_names_that_cannot_be_read_is_the_only_report() {
        let top = served(b"{", Err("not a JSON manifest: EOF".into()));
        let rep = *plan(SHOWN, top.clone(), None, &Options::default()).unwrap_err();
        assert_eq!(rep.target, format!("{SHOWN} ({})", top.digest));
        let f = with(&rep.findings, "ZV703");
        assert_eq!(f.len(), 1, "{:?}", rep.findings);
        assert!(f[0].message.contains("the document the tag names cannot be read: not a JSON manifest: EOF"));
        assert_eq!(f[0].path.as_deref(), Some(INDEX_PATH));
    }

    #[test]
    fn an_index_leads_to_the_architectures_asked_for() {
        let a = desc("sha256:aa", 10, Some("linux/amd64"), None);
        let b = desc("sha256:bb", 20, Some("linux/arm64/v8"), None);
        let u = desc("sha256:cc", 30, None, None);
        let top = served(b"{}", Ok(index(vec![a, b, u])));
        let p = plan(SHOWN, top.clone(), Some("arm64"), &Options::default()).unwrap();
        assert_eq!(p.manifests, vec![ToRead { arch: "arm64".into(), digest: "sha256:bb".into(), listed: 20 }]);
        assert!(p.already_served(&p.manifests[0]).is_none(), "a child is fetched, not the index reused");
        let all = plan(SHOWN, top.clone(), None, &Options::default()).unwrap();
        let archs: Vec<&str> = all.manifests.iter().map(|m| m.arch.as_str()).collect();
        assert_eq!(archs, ["amd64", "arm64", "unknown"]);

        let rep = *plan(SHOWN, top.clone(), Some("s390x"), &Options::default()).unwrap_err();
        assert_eq!(rep.target, format!("{SHOWN} (index {})", top.digest));
        let f = with(&rep.findings, "ZV703");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("s390x") && f[0].message.contains("amd64"), "{}", f[0].message);
        assert_eq!(f[0].digest.as_deref(), Some(top.digest.as_str()));

        let empty = served(b"{}", Ok(index(vec![])));
        let rep = *plan(SHOWN, empty, None, &Options::default()).unwrap_err();
        assert!(with(&rep.findings, "ZV703")[0].message.contains("the index lists no manifests"));
    }

    #[test]
    fn a_manifest_the_tag_names_is_read_as_served_and_its_size_is_what_was_served() {
        let body = br#"{"schemaVersion":2}"#;
        let top = served(body, Ok(Doc::default()));
        let p = plan(SHOWN, top.clone(), Some("arm64"), &Options::default()).unwrap();
        assert_eq!(
            p.manifests,
            vec![ToRead { arch: String::new(), digest: top.digest.clone(), listed: body.len() as u64 }]
        );
        let s = p.already_served(&p.manifests[0]).unwrap().clone();
        let check = p.manifest(&p.manifests[0], &s, Options::default());
        assert_eq!(check.name(), format!("{SHOWN} (manifest {})", top.digest));
        assert!(with(&check.finish().unwrap().findings, "ZV703").is_empty());
    }

    #[test]
    fn a_manifest_longer_than_listed_or_itself_an_index_is_reported() {
        let body = br#"{"schemaVersion":2}"#;
        let child = served(body, Ok(index(vec![])));
        let top = served(b"{}", Ok(index(vec![desc(&child.digest, 3, Some("linux/amd64"), None)])));
        let p = plan(SHOWN, top, None, &Options::default()).unwrap();
        let rep = p.manifest(&p.manifests[0], &child, Options::default()).finish().unwrap();
        assert_eq!(rep.target, format!("{SHOWN} (amd64, manifest {})", child.digest));
        let f = with(&rep.findings, "ZV703");
        let size = f.iter().find(|f| f.path.as_deref() == Some(INDEX_PATH)).expect("the size finding");
        assert!(size.message.contains('3') && size.message.contains(&body.len().to_string()), "{}", size.message);
        assert!(f.iter().any(|f| f.message.contains("an architecture's entry is itself an index")), "{f:?}");
    }

    #[test]
    fn the_index_documents_findings_go_into_every_architectures_report() {
        // An index the document checks fault (schemaVersion 3), listing two architectures.
        let (a, b) = (served(br#"{"schemaVersion":2}"#, Ok(Doc::default())), served(b"{}", Ok(Doc::default())));
        let top_bytes = br#"{"schemaVersion":3,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}"#;
        let top = served(
            top_bytes,
            Ok(index(vec![
                desc(&a.digest, a.bytes.len() as u64, Some("linux/amd64"), None),
                desc(&b.digest, b.bytes.len() as u64, Some("linux/arm64"), None),
            ])),
        );
        let alone = document_findings(top_bytes, DocKind::Index, &Options::default());
        assert!(!alone.is_empty(), "the document checks find the schemaVersion");
        assert!(alone.iter().all(|f| f.path.as_deref().is_some_and(|p| p.starts_with(INDEX_PATH))), "{alone:?}");
        let p = plan(SHOWN, top, None, &Options::default()).unwrap();
        for (m, s) in p.manifests.iter().zip([&a, &b]) {
            let rep = p.manifest(m, s, Options::default()).finish().unwrap();
            for f in &alone {
                assert!(rep.findings.contains(f), "{}: {f:?} missing", m.arch);
            }
        }
    }

    fn one_manifest(layers: Vec<Descriptor>, config: Option<Descriptor>) -> ManifestCheck {
        let doc = Doc { config, layers, ..Doc::default() };
        let m = served(br#"{"schemaVersion":2}"#, Ok(doc));
        let p = plan(SHOWN, m.clone(), None, &Options::default()).unwrap();
        p.manifest(&p.manifests[0], &m, Options::default())
    }

    #[test]
    fn untitled_bad_and_duplicate_titles_are_not_streamed() {
        let good = desc("sha256:01", 1, None, Some("zarf.yaml"));
        let mut layers = vec![good.clone(), desc("sha256:02", 1, None, None)];
        for bad in ["", "/abs", "a\\b", "a//b", "./a", "a/../b", "a/"] {
            layers.push(desc("sha256:03", 1, None, Some(bad)));
        }
        layers.push(desc("sha256:04", 1, None, Some("zarf.yaml")));
        layers.push(desc("sha256:05", 1, None, Some("images/index.json")));
        let check = one_manifest(layers, None);
        let streamed: Vec<_> = check.layers().iter().map(|l| l.digest.as_str()).collect();
        assert_eq!(streamed, ["sha256:01", "sha256:05"]);
        assert_eq!(check.total(), 2);
        let rep = check.finish().unwrap();
        let f = ours(&rep.findings);
        assert_eq!(f.len(), 9, "{f:?}");
        assert_eq!(f.iter().filter(|(_, m)| m.contains("sha256:02")).count(), 1);
        let dup = rep.findings.iter().find(|f| f.message.contains("zarf.yaml")).unwrap();
        assert_eq!(dup.path.as_deref(), Some("zarf.yaml"));
    }

    /// Stream `bytes` as the only layer, declared as `declared` (digest, size).
    fn stream_layer(bytes: &[u8], digest: &str, size: u64) -> (Vec<Finding>, Vec<bool>, u64) {
        let mut check = one_manifest(vec![desc(digest, size, None, Some("zarf.yaml"))], None);
        check.begin_layer(0).unwrap();
        let wants: Vec<bool> = bytes.chunks(2).map(|c| check.layer_chunk(c)).collect();
        let read = check.layer_read();
        check.end_layer().unwrap();
        (check.finish().unwrap().findings, wants, read)
    }

    #[test]
    fn each_layer_is_checked_against_its_descriptor_as_it_arrives() {
        let bytes = b"kind: ZarfPackageConfig\n";
        let n = bytes.len() as u64;
        let (f, wants, read) = stream_layer(bytes, &sha256(bytes), n);
        assert!(ours(&f).is_empty(), "{:?}", ours(&f));
        assert!(wants.iter().all(|w| *w));
        assert_eq!(read, n);

        // Same size, other bytes: ZV701 naming the digest computed.
        let (f, _, _) = stream_layer(bytes, &sha256(b"other"), n);
        let bad = with(&f, "ZV701");
        assert_eq!(bad.len(), 1, "{:?}", ours(&f));
        assert!(bad[0].message.contains(&sha256(bytes)), "{}", bad[0].message);
        assert!(with(&f, "ZV702").is_empty());

        // Shorter than declared: the size; the digest of what came is still compared.
        let (f, _, _) = stream_layer(bytes, &sha256(bytes), n + 3);
        assert_eq!(with(&f, "ZV702").len(), 1);
        assert!(with(&f, "ZV701").is_empty(), "{:?}", ours(&f));
        let (f, _, _) = stream_layer(bytes, &sha256(b"other"), n + 3);
        assert_eq!(with(&f, "ZV702").len(), 1);
        assert_eq!(with(&f, "ZV701").len(), 1);

        // Longer: one byte past the size is taken, then no more is wanted; the digest of the whole
        // layer is unknown, so only the size is reported.
        let (f, wants, read) = stream_layer(bytes, &sha256(&bytes[..4]), 4);
        assert_eq!(read, 5);
        assert_eq!(wants[..4], [true, true, false, false]);
        assert_eq!(with(&f, "ZV702").len(), 1, "{:?}", ours(&f));
        assert!(with(&f, "ZV701").is_empty(), "{:?}", ours(&f));
    }

    #[test]
    fn the_config_blob_is_checked_under_registry_config() {
        let cfg = br#"{"architecture":"amd64"}"#;
        let n = cfg.len() as u64;
        for (digest, size, codes) in [
            (sha256(cfg), n, vec![]),
            (sha256(b"x"), n, vec!["ZV701"]),
            (sha256(cfg), n + 1, vec!["ZV702"]),
            (sha256(b"x"), n + 1, vec!["ZV701", "ZV702"]),
            // Longer than declared: its whole digest is unknown, only the size is said.
            (sha256(b"x"), n - 1, vec!["ZV702"]),
        ] {
            let mut check = one_manifest(vec![], Some(desc(&digest, size, None, None)));
            assert_eq!(check.config().map(|c| c.read_limit()), Some(size + 1));
            for c in cfg.chunks(5) {
                check.config_chunk(c);
            }
            check.config_end();
            let rep = check.finish().unwrap();
            let mut got: Vec<&str> =
                rep.findings.iter().filter(|f| f.code.family() == 7).map(|f| f.code.as_str()).collect();
            got.sort();
            assert_eq!(got, codes, "size {size}");
            assert!(rep
                .findings
                .iter()
                .filter(|f| f.code.family() == 7)
                .all(|f| f.path.as_deref() == Some(CONFIG_PATH)));
        }
    }

    #[test]
    fn documents_over_the_budget_are_asked_for_again_until_nothing_more_comes() {
        let yaml = b"kind: ZarfPackageConfig\nmetadata:\n  name: a\n";
        let layer = desc(&sha256(yaml), yaml.len() as u64, None, Some("zarf.yaml"));
        let tight = Options { metadata_budget: 8, ..Options::default() };
        let m = served(br#"{"schemaVersion":2}"#, Ok(Doc { layers: vec![layer.clone()], ..Doc::default() }));
        let p = plan(SHOWN, m.clone(), None, &tight).unwrap();
        let mut check = p.manifest(&p.manifests[0], &m, tight);
        check.begin_layer(0).unwrap();
        check.layer_chunk(yaml);
        check.end_layer().unwrap();
        assert_eq!(check.after_layers(), After::Reread(vec![layer.clone()]));
        assert_eq!(check.reread_limit(&layer), yaml.len() as u64 + 1);
        check.supply(&layer, yaml.to_vec());
        check.reread_done();
        // Still over the budget: no progress, so no third read.
        assert_eq!(check.after_layers(), After::Finish);
        let rep = check.finish().unwrap();
        assert!(rep.findings.iter().any(|f| f.path.as_deref() == Some("zarf.yaml")), "{:?}", rep.findings);

        // Within the budgets: nothing is read again.
        let roomy = one_manifest(vec![layer.clone()], None);
        let mut check = roomy;
        check.begin_layer(0).unwrap();
        check.layer_chunk(yaml);
        check.end_layer().unwrap();
        assert_eq!(check.after_layers(), After::Finish);
    }

    fn image(reference: &str, stored: Option<&str>, pinned: Option<&str>) -> Image {
        Image {
            reference: reference.to_owned(),
            stored: stored.map(str::to_owned),
            registry: "127.0.0.1:5000".into(),
            repository: "library/app".into(),
            pinned: pinned.map(str::to_owned),
            tag: pinned.unwrap_or("1.0").to_owned(),
        }
    }

    /// Drive `Against` with one answer per ask; the asks made, and the findings.
    fn drive(images: Vec<Image>, mirror: bool, mut answers: Vec<Answer>) -> (Vec<Ask>, Vec<Finding>) {
        answers.reverse();
        let mut a = Against::new(images, mirror);
        let mut asks = Vec::new();
        while let Some(ask) = a.next_ask() {
            asks.push(ask);
            a.answer(answers.pop().expect("an answer for every ask"));
        }
        assert!(answers.is_empty(), "every answer was asked for");
        (asks, a.finish())
    }

    #[test]
    fn a_pinned_digest_not_served_or_served_wrong_is_zv710() {
        let pinned = sha256(b"index");
        let img = image("127.0.0.1:5000/app@x", Some(&pinned), Some(&pinned));
        let (asks, f) = drive(vec![img.clone()], false, vec![Answer::NotFound]);
        assert_eq!(asks, vec![Ask { image: 0, reference: pinned.clone() }]);
        assert_eq!(ours(&f).len(), 1);
        assert_eq!(f[0].code, "ZV710");
        assert!(f[0].message.contains("pinned by \"127.0.0.1:5000/app@x\""), "{}", f[0].message);
        let (_, f) = drive(vec![img.clone()], false, vec![Answer::WrongBytes("lies".into())]);
        assert!(f[0].message.contains("hash to another digest"), "{}", f[0].message);
        // Served, stored is the pinned digest itself: nothing to say.
        let (_, f) = drive(vec![img], false, vec![Answer::Served(served(b"index", Ok(index(vec![]))))]);
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn a_pinned_index_holding_the_stored_child_confirms_2425() {
        let pinned = sha256(b"index");
        let child = sha256(b"child");
        let img = image("r/app@x", Some(&child), Some(&pinned));
        let listed = index(vec![desc(&sha256(b"other"), 1, None, None), desc(&child, 5, Some("linux/arm64"), None)]);
        let (_, f) = drive(vec![img.clone()], false, vec![Answer::Served(served(b"index", Ok(listed)))]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].code, "ZV712");
        assert!(f[0].message.contains("linux/arm64"), "{}", f[0].message);
        assert_eq!(f[0].digest.as_deref(), Some(pinned.as_str()));
        let (_, g) = drive(vec![img.clone()], false, vec![Answer::Served(served(b"index", Ok(index(vec![]))))]);
        assert_eq!(g[0].code, "ZV712");
        assert_ne!(g[0].message, f[0].message, "not a child is said differently");
        // A manifest, not an index: nothing.
        let (_, h) = drive(vec![img], false, vec![Answer::Served(served(b"m", Ok(Doc::default())))]);
        assert!(h.is_empty());
    }

    #[test]
    fn a_tag_gone_or_moved_is_zv711_in_the_stored_digests_own_algorithm() {
        let body = b"manifest now";
        let img = |stored: &str| image("r/app:1.0", Some(stored), None);
        let (asks, f) = drive(vec![img("sha256:00")], false, vec![Answer::NotFound]);
        assert_eq!(asks[0].reference, "1.0");
        assert_eq!((f.len(), f[0].code.as_str()), (1, "ZV711"));
        // Served, hashing to the stored digest: sha256, and sha512 (never compared as sha256).
        for stored in [sha256(body), digest_bytes(Algorithm::Sha512, body).to_string()] {
            let (_, f) = drive(vec![img(&stored)], false, vec![Answer::Served(served(body, Ok(Doc::default())))]);
            assert!(f.is_empty(), "{stored}: {f:?}");
        }
        // Moved: names the digest served now.
        let stored = sha256(b"before");
        let (_, f) = drive(vec![img(&stored)], false, vec![Answer::Served(served(body, Ok(Doc::default())))]);
        assert_eq!((f.len(), f[0].code.as_str()), (1, "ZV711"));
        assert!(f[0].message.contains(&sha256(body)), "{}", f[0].message);
        assert_eq!(f[0].digest.as_deref(), Some(stored.as_str()));
        // The tag now names an index of which the stored manifest is a child: not moved.
        let listed = index(vec![desc(&stored, 1, Some("linux/amd64"), None)]);
        let (_, f) = drive(vec![img(&stored)], false, vec![Answer::Served(served(body, Ok(listed)))]);
        assert!(f.is_empty(), "{f:?}");
        // No stored digest: nothing to compare.
        let (_, f) =
            drive(vec![image("r/app:1.0", None, None)], false, vec![Answer::Served(served(body, Ok(Doc::default())))]);
        assert!(f.is_empty());
    }

    #[test]
    fn a_registry_that_cannot_be_asked_is_zv713_and_not_asked_again() {
        let a = image("r/a:1", Some("sha256:01"), None);
        let b = image("r/b:1", Some("sha256:02"), None);
        let mut c = image("other/c:1", Some("sha256:03"), None);
        c.registry = "other.example".into();
        let (asks, f) =
            drive(vec![a, b, c], false, vec![Answer::Failed("connection refused".into()), Answer::NotFound]);
        assert_eq!(asks.iter().map(|a| a.image).collect::<Vec<_>>(), [0, 2], "the down registry is not asked again");
        let codes: Vec<&str> = f.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(codes, ["ZV713", "ZV713", "ZV711"]);
        assert!(f[0].message.contains("connection refused") && f[1].message.contains("r/b:1"), "{f:?}");
        // A tag answered with bytes of another digest: the registry could not be asked.
        let (_, f) =
            drive(vec![image("r/a:1", Some("sha256:01"), None)], false, vec![Answer::WrongBytes("bad".into())]);
        assert_eq!(f[0].code, "ZV713");
    }

    #[test]
    fn a_mirror_must_serve_every_stored_manifest_and_index_child() {
        let stored = sha256(b"index");
        let (c1, c2) = (sha256(b"c1"), sha256(b"c2"));
        let listed = index(vec![desc(&c1, 2, Some("linux/amd64"), None), desc(&c2, 2, None, None)]);
        let imgs = vec![image("r/a:1", None, None), image("r/b:1", Some(&stored), None)];
        let (asks, f) = drive(
            imgs.clone(),
            true,
            vec![
                Answer::Served(served(b"index", Ok(listed.clone()))),
                Answer::NotFound,
                Answer::Served(served(b"c2", Ok(Doc::default()))),
            ],
        );
        let refs: Vec<(usize, &str)> = asks.iter().map(|a| (a.image, a.reference.as_str())).collect();
        assert_eq!(refs, [(1, stored.as_str()), (1, c1.as_str()), (1, c2.as_str())], "no stored digest: not asked");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].code, "ZV710");
        assert!(f[0].message.contains("the linux/amd64 child of"), "{}", f[0].message);
        assert_eq!(f[0].digest.as_deref(), Some(c1.as_str()));
        // The stored digest itself not served, or served as other bytes.
        let (asks, f) = drive(imgs.clone(), true, vec![Answer::NotFound]);
        assert_eq!(asks.len(), 1);
        assert!(f[0].message.contains("stored for \"r/b:1\""), "{}", f[0].message);
        let (_, g) = drive(imgs.clone(), true, vec![Answer::WrongBytes("x".into())]);
        assert_eq!(g[0].code, "ZV710");
        assert!(g[0].message.contains("the registry's bytes for it hash to another digest"), "{}", g[0].message);
        // Cut off while asking about the children: ZV713, the rest not asked.
        let (asks, f) =
            drive(imgs, true, vec![Answer::Served(served(b"index", Ok(listed))), Answer::Failed("reset".into())]);
        assert_eq!(asks.len(), 2);
        assert_eq!(f.iter().map(|f| f.code).collect::<Vec<_>>(), ["ZV713"]);
    }
}
