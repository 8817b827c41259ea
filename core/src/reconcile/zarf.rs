//! The Zarf pass of reconciliation, on top of the layout walk: zarf.yaml, checksums.txt and the
//! aggregate checksum, image references against index.json, architecture, signatures. The format
//! parsers it uses live in `crate::zarf`.

use super::layout::{image_info, LayoutResult, BASE_NAME, REF_NAME};
use crate::diag::Finding;
use crate::digest::{Algorithm, Digest};
use crate::json::ptr;
use crate::oci::media;
use crate::report::{ComponentInfo, ImageInfo, PackageInfo};
use crate::rules;
use crate::store::{Options, Store};
use crate::zarf::version::{Version, CHECKSUMS_SINCE};
use crate::zarf::{reference, signature, yaml, CHECKSUMS, SIGNATURES, ZARF_YAML};
use std::collections::{BTreeMap, BTreeSet};

/// Run every Zarf check; returns the `package` object of the report.
pub(crate) fn analyze(store: &Store, layouts: &[LayoutResult], opts: &Options, out: &mut Vec<Finding>) -> PackageInfo {
    let mut info = PackageInfo {
        kind: "zarf".into(),
        layouts: layouts.iter().map(|l| l.root.clone()).collect(),
        ..PackageInfo::default()
    };
    let Some(bytes) = store.bytes(ZARF_YAML) else {
        if let Some(entry) = store.entries.get(ZARF_YAML) {
            out.extend(super::not_inspected(ZARF_YAML, "zarf.yaml", entry, opts));
        }
        super::pins::check(store, layouts, None, out);
        check_signatures(store, None, &signed_files(store), opts, out, &mut None);
        return info;
    };
    let z = match yaml::parse(bytes) {
        Ok(z) => z,
        Err(e) => {
            out.push(Finding::of(rules::ZarfYamlInvalid::Unreadable(e)).path(ZARF_YAML));
            super::pins::check(store, layouts, None, out);
            check_signatures(store, None, &signed_files(store), opts, out, &mut None);
            return info;
        }
    };
    for d in &z.disagreements {
        out.push(Finding::of(rules::ZarfYamlInvalid::Disagreement(d.clone())).path(ZARF_YAML));
    }
    for p in &z.invalid_paths {
        out.push(Finding::of(rules::ZarfNameInvalidPath(p.clone())).path(ZARF_YAML));
    }
    info.kind = z.kind.clone();
    info.name = z.name.clone();
    info.version = z.version.clone();
    info.architecture = z.architecture.clone();
    info.flavor = z.flavor.clone();
    info.zarf_version = z.build_version.clone();
    info.build_architecture = z.build_architecture.clone();
    info.file_name = z.file_name.clone();
    info.aggregate_checksum = z.aggregate_checksum.clone();
    info.components =
        z.components.iter().map(|c| ComponentInfo { name: c.name.clone(), images: c.images.clone() }).collect();

    super::pins::check(store, layouts, z.build_version.as_deref(), out);
    let signed_files = signed_files(store);
    info.signed = Some(!signed_files.is_empty());
    check_checksums(store, &z, opts, out);
    if store.entries.contains_key("images.tar") {
        out.push(Finding::of(rules::LegacyFormat::ImagesTar).path("images.tar"));
    }
    info.images = check_images(layouts, &z, out);
    super::components::check(store, &z, out);
    super::sboms::check(store, &z, out);
    info.version_requirements = z
        .version_requirements
        .iter()
        .map(|(version, reason)| crate::report::VersionRequirement { version: version.clone(), reason: reason.clone() })
        .collect();
    super::requirements::check(store, &z, &info.version_requirements, out);
    if let Some(v) = &opts.zarf_version {
        if let Err(why) = crate::zarf::requirements::can_deploy(&info.version_requirements, v) {
            out.push(Finding::of(rules::ZarfVersionCannotDeploy { why }).path(ZARF_YAML));
        }
    }
    info.signature_verified = check_signatures(store, Some(&z), &signed_files, opts, out, &mut info.signer);
    info
}

fn signed_files(store: &Store) -> Vec<&'static str> {
    SIGNATURES.iter().copied().filter(|s| store.entries.contains_key(*s)).collect()
}

fn check_checksums(store: &Store, z: &yaml::ZarfYaml, opts: &Options, out: &mut Vec<Finding>) {
    let version = z.build_version.as_deref().and_then(Version::parse);
    let Some(entry) = store.entries.get(CHECKSUMS) else {
        if version.is_some_and(|v| v >= CHECKSUMS_SINCE) {
            out.push(Finding::of(rules::ChecksumsMissing { zarf_version: z.build_version.clone() }).path(CHECKSUMS));
        } else {
            out.push(
                Finding::of(rules::ChecksumsMissingLegacy { zarf_version: z.build_version.clone() }).path(CHECKSUMS),
            );
        }
        return;
    };
    // Read line by line as it streamed (the verifier never keeps it whole, whatever its size).
    let Some(parsed) = &store.checksums else {
        // Every checksums.txt entry that ended is parsed; never pass one that was not.
        out.push(Finding::of(rules::DocumentNotInspected::ChecksumsUnread).path(CHECKSUMS));
        return;
    };
    // The aggregate checksum covers the exact bytes of checksums.txt: the sha256 computed as they
    // streamed through.
    let aggregate = Digest::from_parts(Algorithm::Sha256, entry.hashes.sha256.as_deref().unwrap_or_default());
    match z.aggregate_checksum.as_deref() {
        Some(want) if want == aggregate.encoded() => {}
        Some(want) => out.push(
            Finding::of(rules::AggregateChecksumMismatch::Differs {
                actual: aggregate.encoded().to_owned(),
                want: want.to_owned(),
            })
            .path(ZARF_YAML)
            .digest(aggregate.as_str()),
        ),
        None => out.push(Finding::of(rules::AggregateChecksumMismatch::Missing).path(ZARF_YAML)),
    }
    let (lines, bad) = (&parsed.lines, &parsed.bad);
    if let Some(line) = parsed.cut_at {
        out.push(
            Finding::of(rules::DocumentNotInspected::ChecksumsCut {
                size: entry.size,
                line,
                budget: opts.metadata_budget,
            })
            .path(CHECKSUMS),
        );
    }
    // One finding per line up to a point; past it, one that counts the rest (the report's memory
    // stays bounded whatever checksums.txt holds; each of these is an error either way).
    let mut capped = Capped::default();
    for (n, why) in bad {
        let f = Finding::of(rules::ChecksumsLineInvalid::Line { line: *n, why: why.clone() });
        capped.push(out, f.path(CHECKSUMS));
    }
    // What Zarf removes from the package's files before it reads checksums.txt
    // (`validatePackageIntegrity`): a line naming one of them is "missing in layout". Provenance
    // files count only when Zarf takes the package as signed (`IsSigned`: build.signed when set,
    // else whether zarf.yaml.sig exists); paths are compared as `filepath.Join` cleans them.
    // With two known documents, each Zarf version reads one (current Zarf the v1beta1 one): a line
    // naming a provenance file either document exempts is "missing in layout" for some Zarf, and
    // a file is exempt from being listed only where both documents exempt it.
    let sig_file = store.entries.contains_key("zarf.yaml.sig");
    let exempted = |signed: Option<bool>, files: &[String]| -> BTreeSet<String> {
        if signed.unwrap_or(sig_file) {
            files.iter().filter_map(|p| clean_rel(p)).collect()
        } else {
            BTreeSet::new()
        }
    };
    let fixed: BTreeSet<String> = [ZARF_YAML, CHECKSUMS].into_iter().chain(SIGNATURES).map(String::from).collect();
    let mine = exempted(z.signed, &z.provenance_files);
    let other = z.other_signing.as_ref().map(|(signed, files)| exempted(*signed, files));
    let provenance: BTreeSet<String> = match &other {
        Some(o) => mine.union(o).cloned().collect(),
        None => mine.clone(),
    };
    let exempt_everywhere: BTreeSet<String> = match &other {
        Some(o) => mine.intersection(o).cloned().collect(),
        None => mine,
    };
    let mut listed: BTreeMap<&str, usize> = BTreeMap::new();
    for l in lines {
        if let Some(c) = clean_rel(&l.path) {
            if fixed.contains(&c) || provenance.contains(&c) {
                out.push(
                    Finding::of(rules::ChecksumsListsExemptFile {
                        line: l.number,
                        path: l.path.clone(),
                        provenance: !fixed.contains(&c),
                    })
                    .path(CHECKSUMS),
                );
            }
        }
        if let Some(first) = listed.insert(&l.path, l.number) {
            capped.push(
                out,
                Finding::of(rules::ChecksumsDuplicate::Line { line: l.number, path: l.path.clone(), first })
                    .path(CHECKSUMS),
            );
        }
        match store.entries.get(&l.path) {
            // There, but not read (ZV013 says so): not missing.
            None if store.unverified.contains(&l.path) => {}
            None => capped
                .push(out, Finding::of(rules::ChecksumsListedMissing::Line { line: l.number }).path(l.path.clone())),
            Some(e) => {
                let actual = e.hashes.sha256.as_deref().unwrap_or_default();
                if actual != l.sha256 {
                    out.push(
                        Finding::of(rules::ChecksumMismatch {
                            actual: actual.to_owned(),
                            line: l.number,
                            listed: l.sha256.clone(),
                        })
                        .path(l.path.clone())
                        .digest(format!("sha256:{}", l.sha256)),
                    );
                }
            }
        }
    }
    let mut exempt: BTreeSet<&str> = fixed.iter().map(String::as_str).collect();
    exempt.extend(exempt_everywhere.iter().map(String::as_str));
    capped.summarize(out);
    // Files listed after the cut are unknown: reporting them as unlisted would be false.
    let complete = parsed.cut_at.is_none();
    // A file there but not read (sparse: ZV013) is a file Zarf extracts and must find listed too.
    let mut present: Vec<&String> = store.entries.keys().chain(&store.unverified).collect();
    present.sort();
    present.dedup();
    for path in present {
        if complete && !listed.contains_key(path.as_str()) && !exempt.contains(path.as_str()) {
            out.push(Finding::of(rules::ChecksumsUnlistedFile).path(path.clone()));
        }
    }
}

/// A package-relative path as Go's `filepath.Join(dir, p)` cleans it (`.` and empty segments
/// dropped, `..` resolved); `None` when it leaves the package directory or names the directory
/// itself.
fn clean_rel(p: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Findings of the per-line checksums.txt rules, each reported individually up to `PER_RULE`,
/// then counted.
#[derive(Default)]
struct Capped {
    counts: BTreeMap<rules::Code, u64>,
}

impl Capped {
    const PER_RULE: u64 = 1000;

    fn push(&mut self, out: &mut Vec<Finding>, f: Finding) {
        let n = self.counts.entry(f.code).or_insert(0);
        *n += 1;
        if *n <= Self::PER_RULE {
            out.push(f);
        }
    }

    fn summarize(self, out: &mut Vec<Finding>) {
        for (code, n) in self.counts {
            if n <= Self::PER_RULE {
                continue;
            }
            let more = rules::MoreLines { more: n - Self::PER_RULE, shown: Self::PER_RULE };
            let f = match code {
                rules::Code::ZV508 => Finding::of(rules::ChecksumsDuplicate::More(more)),
                rules::Code::ZV506 => Finding::of(rules::ChecksumsListedMissing::More(more)),
                _ => {
                    debug_assert_eq!(code, rules::CHECKSUMS_LINE_INVALID.code, "only per-line rules are capped");
                    Finding::of(rules::ChecksumsLineInvalid::More(more))
                }
            };
            out.push(f.path(CHECKSUMS));
        }
    }
}

fn check_images(layouts: &[LayoutResult], z: &yaml::ZarfYaml, out: &mut Vec<Finding>) -> Vec<ImageInfo> {
    // Requested images, normalized, in zarf.yaml order, deduplicated (by a set: a linear scan
    // per image was quadratic in the number of images).
    let mut requested: Vec<(String, String)> = Vec::new();
    let mut requested_set: BTreeSet<String> = BTreeSet::new();
    for (ci, c) in z.components.iter().enumerate() {
        for r in &c.images {
            match reference::parse(r) {
                Ok(parsed) => {
                    let n = parsed.normalized();
                    if requested_set.insert(n.clone()) {
                        requested.push((n, r.clone()));
                    }
                }
                Err(e) => out.push(
                    Finding::of(rules::ImageReferenceInvalid {
                        component: c.name.clone(),
                        index: ci,
                        reference: r.clone(),
                        error: e,
                    })
                    .path(ZARF_YAML),
                ),
            }
        }
    }
    let skeleton = z.architecture.as_deref() == Some("skeleton");
    let mut images = Vec::new();
    let mut matched_entries: BTreeSet<(usize, usize)> = BTreeSet::new();
    // Each entry's name as Zarf's push looks it up (verbatim, see `entry_names`).
    let mut by_name: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (li, l) in layouts.iter().enumerate() {
        for (ei, e) in l.entries().iter().enumerate() {
            // oras tags entries in index order: a name given twice resolves to the last entry.
            for n in entry_names(e) {
                by_name.insert(n, (li, ei));
            }
        }
    }
    for (norm, written) in &requested {
        let found = by_name.get(norm).map(|&(li, ei)| (li, ei, &layouts[li].entries()[ei]));
        match found {
            Some((li, ei, e)) => {
                matched_entries.insert((li, ei));
                // Zarf copies what it resolved only as a manifest or an index (`copyImage`).
                let mt = e.desc.media_type.as_deref().unwrap_or("");
                if ![media::OCI_MANIFEST, media::DOCKER_MANIFEST, media::OCI_INDEX, media::DOCKER_LIST].contains(&mt) {
                    out.push(
                        Finding::of(rules::ImageNotPushable::EntryMediaType {
                            reference: norm.clone(),
                            media_type: mt.to_owned(),
                        })
                        .path(layouts[li].index_path())
                        .pointer(ptr(&e.desc.pointer, "mediaType")),
                    );
                }
                images.push(image_info(e, Some(norm.clone())));
            }
            // An index.json a bound kept zverify from reading (already an error) may hold it.
            None if layouts.iter().any(|l| l.index_bounded) => {
                images.push(ImageInfo { reference: Some(norm.clone()), ..ImageInfo::default() });
            }
            None => {
                if !skeleton {
                    out.push(
                        Finding::of(rules::ImageNotInIndex { written: written.clone(), normalized: norm.clone() })
                            .path(ZARF_YAML),
                    );
                }
                images.push(ImageInfo { reference: Some(norm.clone()), ..ImageInfo::default() });
            }
        }
    }
    for (li, l) in layouts.iter().enumerate() {
        for (ei, e) in l.entries().iter().enumerate() {
            let pointer = e.desc.pointer.clone();
            if skeleton {
                out.push(Finding::of(rules::SkeletonHasImages::Holds).path(l.index_path()).pointer(pointer.clone()));
                continue;
            }
            let is_child = e.desc.digest.as_ref().is_some_and(|d| l.children.contains(d));
            let names = entry_names(e);
            // Unannotated children of a stored index (Zarf v0.77+ may list them) are exempt.
            let exempt_child = names.is_empty() && is_child;
            if !matched_entries.contains(&(li, ei)) && !exempt_child {
                let what = match e.desc.annotation(BASE_NAME).or(e.desc.annotation(REF_NAME)) {
                    Some(r) => rules::IndexEntryUnrequested::Named(r.to_owned()),
                    None => rules::IndexEntryUnrequested::Unnamed,
                };
                out.push(
                    Finding::of(what)
                        .path(l.index_path())
                        .pointer(pointer.clone())
                        .digest(e.desc.digest.as_ref().map(|d| d.to_string()).unwrap_or_default()),
                );
            }
            // Architecture: single-platform images only (a whole index is multi-platform by design).
            let arch = z.architecture.as_deref().filter(|a| !a.is_empty() && *a != "multi");
            if let (Some(want), false, false) = (arch, e.walked.is_index, is_child) {
                if let Some(p) = e.desc.platform.as_ref().or(e.walked.config_platform.as_ref()) {
                    if p.architecture != want {
                        out.push(
                            Finding::of(rules::ArchitectureMismatch { platform: p.to_string(), want: want.to_owned() })
                                .path(l.index_path())
                                .pointer(ptr(&pointer, "digest"))
                                .digest(e.desc.digest.as_ref().map(|d| d.to_string()).unwrap_or_default()),
                        );
                    }
                }
            }
        }
    }
    if skeleton && !requested.is_empty() {
        out.push(Finding::of(rules::SkeletonHasImages::Lists).path(ZARF_YAML));
    }
    images
}

/// The name an entry answers to at push, as Zarf looks it up: Zarf copies `base.name` into an
/// empty or absent `ref.name` (`addRefNameAnnotationToImages`), and oras's OCI store then finds
/// an image by that string exactly (`failed to resolve image: …: not found` otherwise). The
/// requested side is the reference as Zarf normalizes it; this side is never normalized.
fn entry_names(e: &super::layout::EntryResult) -> Vec<String> {
    let name = e.desc.annotation(REF_NAME).filter(|r| !r.is_empty()).or(e.desc.annotation(BASE_NAME));
    name.filter(|n| !n.is_empty()).map(|n| vec![n.to_owned()]).unwrap_or_default()
}

/// `z` is `None` when zarf.yaml could not be read: a key given then cannot be satisfied. A
/// keyless signer that verified is written to `signer`.
fn check_signatures(
    store: &Store,
    z: Option<&yaml::ZarfYaml>,
    present: &[&str],
    opts: &Options,
    out: &mut Vec<Finding>,
    signer: &mut Option<crate::report::SignerInfo>,
) -> Option<bool> {
    if present.is_empty() && z.is_some_and(|z| z.signed == Some(true)) {
        out.push(Finding::of(rules::SignatureExpected).path(ZARF_YAML));
    }
    if opts.signing_key.is_none() && opts.keyless.is_none() {
        if !present.is_empty() {
            out.push(
                Finding::of(rules::SignatureNotVerified { files: present.iter().map(|f| (*f).to_owned()).collect() })
                    .path(present[0]),
            );
        }
        return None;
    }
    let key = opts.signing_key.map(|k| k.0);
    if present.is_empty() {
        out.push(Finding::of(rules::SignatureMissing::NoSignatureFile).path(ZARF_YAML));
        return Some(false);
    }
    // Zarf's IsSigned: build.signed when zarf.yaml sets it, else whether zarf.yaml.sig exists (a
    // bundle alone does not count). With a key, a package Zarf does not take as signed is refused
    // before any signature is read, however good the signature.
    if let Some(z) = z {
        let has_legacy = present.contains(&"zarf.yaml.sig");
        if !z.signed.unwrap_or(has_legacy) {
            let missing = rules::SignatureMissing::NotSignedForZarf {
                signed_false: z.signed.is_some(),
                found: present.iter().map(|s| s.to_string()).collect(),
            };
            out.push(Finding::of(missing).path(ZARF_YAML));
            return Some(false);
        }
    }
    let (Some(yaml), Some(_)) = (store.bytes(ZARF_YAML), z) else {
        out.push(Finding::of(rules::SignatureInvalid::ZarfYamlUnreadable).path(ZARF_YAML));
        return Some(false);
    };
    let mut verified = 0;
    let mut failed = false;
    for file in present {
        let Some(sig) = store.bytes(file) else {
            // Kept from the metadata budget; over a limit it was not read: never a silent pass.
            if let Some(entry) = store.entries.get(*file) {
                out.extend(super::not_inspected(file, file, entry, opts));
            }
            failed = true;
            continue;
        };
        // A keyless policy reads the bundle first; a bundle naming a public key goes on to the key.
        if *file != "zarf.yaml.sig" {
            if let Some(policy) = &opts.keyless {
                match crate::sigstore::verify(sig, crate::sigstore::Artifact::Bytes(yaml), policy) {
                    Ok(s) => {
                        verified += 1;
                        *signer = Some(signer_info(&s));
                        continue;
                    }
                    Err(crate::sigstore::Failure::NotKeyless) if key.is_some() => {}
                    Err(crate::sigstore::Failure::NotKeyless) => {
                        failed = true;
                        out.push(Finding::of(rules::SignatureKeyless::NoKey).path(*file));
                        continue;
                    }
                    Err(why) => {
                        failed = true;
                        out.push(Finding::of(rules::SignatureKeylessInvalid(why)).path(*file));
                        continue;
                    }
                }
            }
        }
        let Some(key) = &key else {
            failed = true;
            out.push(Finding::of(rules::SignatureKeyless::NoKey).path(*file));
            continue;
        };
        let outcome = if *file == "zarf.yaml.sig" {
            signature::verify_sig_file(key, yaml, sig)
        } else {
            signature::verify_bundle(key, yaml, sig)
        };
        match outcome {
            signature::Outcome::Verified => verified += 1,
            signature::Outcome::Invalid(why) => {
                failed = true;
                out.push(Finding::of(rules::SignatureInvalid::Signature(why)).path(*file));
            }
            signature::Outcome::Keyless => out.push(Finding::of(rules::SignatureKeyless::NoIdentity).path(*file)),
        }
    }
    Some(verified > 0 && !failed)
}

fn signer_info(s: &crate::sigstore::Signer) -> crate::report::SignerInfo {
    crate::report::SignerInfo {
        identity: s.identity.clone(),
        issuer: s.issuer.clone(),
        signing_time: crate::sigstore::time(s.signing_time),
        log: s.log.as_ref().map(|(u, _)| u.clone()),
        log_index: s.log.as_ref().map(|(_, i)| *i),
        checks: s.checks.iter().map(|c| c.name().to_owned()).collect(),
    }
}
