//! The Zarf pass of reconciliation, on top of the layout walk: zarf.yaml, checksums.txt and the
//! aggregate checksum, image references against index.json, architecture, signatures. The format
//! parsers it uses live in `crate::zarf`.

use super::layout::{image_info, LayoutResult, BASE_NAME, REF_NAME};
use crate::diag::Finding;
use crate::digest::{Algorithm, Digest};
use crate::json::ptr;
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
        check_signatures(store, None, &signed_files(store), opts, out);
        return info;
    };
    let z = match yaml::parse(bytes) {
        Ok(z) => z,
        Err(e) => {
            out.push(Finding::new(&rules::ZARF_YAML_INVALID, e).path(ZARF_YAML));
            super::pins::check(store, layouts, None, out);
            check_signatures(store, None, &signed_files(store), opts, out);
            return info;
        }
    };
    for d in &z.disagreements {
        out.push(Finding::new(&rules::ZARF_YAML_INVALID, d.clone()).path(ZARF_YAML));
    }
    info.kind = z.kind.clone();
    info.name = z.name.clone();
    info.version = z.version.clone();
    info.architecture = z.architecture.clone();
    info.flavor = z.flavor.clone();
    info.zarf_version = z.build_version.clone();
    info.aggregate_checksum = z.aggregate_checksum.clone();
    info.components =
        z.components.iter().map(|c| ComponentInfo { name: c.name.clone(), images: c.images.clone() }).collect();

    super::pins::check(store, layouts, z.build_version.as_deref(), out);
    let signed_files = signed_files(store);
    info.signed = Some(!signed_files.is_empty());
    check_checksums(store, &z, !signed_files.is_empty(), opts, out);
    if store.entries.contains_key("images.tar") {
        out.push(
            Finding::new(
                &rules::LEGACY_FORMAT,
                "images.tar: this package keeps its images in the format of Zarf v0.24 and older (one images.tar), an unsupported legacy format; the images inside it were not verified",
            )
            .path("images.tar"),
        );
    }
    info.images = check_images(layouts, &z, out);
    info.signature_verified = check_signatures(store, Some(&z), &signed_files, opts, out);
    info
}

fn signed_files(store: &Store) -> Vec<&'static str> {
    SIGNATURES.iter().copied().filter(|s| store.entries.contains_key(*s)).collect()
}

fn check_checksums(store: &Store, z: &yaml::ZarfYaml, signed: bool, opts: &Options, out: &mut Vec<Finding>) {
    let version = z.build_version.as_deref().and_then(Version::parse);
    let Some(entry) = store.entries.get(CHECKSUMS) else {
        if version.is_some_and(|v| v >= CHECKSUMS_SINCE) {
            out.push(
                Finding::new(
                    &rules::CHECKSUMS_MISSING,
                    format!(
                        "checksums.txt is missing, but this package was built by Zarf {}, which always writes it",
                        z.build_version.as_deref().unwrap_or("?")
                    ),
                )
                .path(CHECKSUMS),
            );
        } else {
            out.push(
                Finding::new(
                    &rules::CHECKSUMS_MISSING_LEGACY,
                    format!(
                        "no checksums.txt; expected for a package built by Zarf {} (before v0.25.1); files outside the image layout were not verified",
                        z.build_version.as_deref().unwrap_or("of unknown version")
                    ),
                )
                .path(CHECKSUMS),
            );
        }
        return;
    };
    // Read line by line as it streamed (the verifier never keeps it whole, whatever its size).
    let Some(parsed) = &store.checksums else {
        // Every checksums.txt entry that ended is parsed; never pass one that was not.
        out.push(Finding::new(&rules::DOCUMENT_NOT_INSPECTED, "checksums.txt was not read").path(CHECKSUMS));
        return;
    };
    // The aggregate checksum covers the exact bytes of checksums.txt: the sha256 computed as they
    // streamed through.
    let aggregate = Digest::from_parts(Algorithm::Sha256, entry.hashes.sha256.as_deref().unwrap_or_default());
    match z.aggregate_checksum.as_deref() {
        Some(want) if want == aggregate.encoded() => {}
        Some(want) => out.push(
            Finding::new(
                &rules::AGGREGATE_CHECKSUM_MISMATCH,
                format!(
                    "checksums.txt hashes to {}, but zarf.yaml's aggregate checksum is {want}: zarf.yaml and checksums.txt do not belong together",
                    aggregate.encoded()
                ),
            )
            .path(ZARF_YAML)
            .digest(aggregate.as_str()),
        ),
        None => out.push(
            Finding::new(
                &rules::AGGREGATE_CHECKSUM_MISMATCH,
                "zarf.yaml has no aggregate checksum (metadata.aggregateChecksum or build.aggregateChecksum), so nothing ties it to checksums.txt",
            )
            .path(ZARF_YAML),
        ),
    }
    let (lines, bad) = (&parsed.lines, &parsed.bad);
    if let Some(line) = parsed.cut_at {
        out.push(
            Finding::new(
                &rules::DOCUMENT_NOT_INSPECTED,
                format!(
                    "checksums.txt ({} bytes) was not checked from line {line} on: its lines outgrew the {}-byte budget for metadata; raise it with --metadata-budget",
                    entry.size, opts.metadata_budget
                ),
            )
            .path(CHECKSUMS),
        );
    }
    // One finding per line up to a point; past it, one that counts the rest (the report's memory
    // stays bounded whatever checksums.txt holds; each of these is an error either way).
    let mut capped = Capped::default();
    for (n, why) in bad {
        capped.push(out, Finding::new(&rules::CHECKSUMS_LINE_INVALID, format!("line {n} {why}")).path(CHECKSUMS));
    }
    let mut listed: BTreeMap<&str, usize> = BTreeMap::new();
    for l in lines {
        if let Some(first) = listed.insert(&l.path, l.number) {
            capped.push(
                out,
                Finding::new(
                    &rules::CHECKSUMS_DUPLICATE,
                    format!("line {} lists \"{}\" again (first on line {first})", l.number, l.path),
                )
                .path(CHECKSUMS),
            );
        }
        match store.entries.get(&l.path) {
            None => capped.push(
                out,
                Finding::new(
                    &rules::CHECKSUMS_LISTED_MISSING,
                    format!("checksums.txt line {} lists this file, but it is not in the package", l.number),
                )
                .path(l.path.clone()),
            ),
            Some(e) => {
                let actual = e.hashes.sha256.as_deref().unwrap_or_default();
                if actual != l.sha256 {
                    out.push(
                        Finding::new(
                            &rules::CHECKSUM_MISMATCH,
                            format!(
                                "this file hashes to sha256:{actual}, but checksums.txt line {} says {}",
                                l.number, l.sha256
                            ),
                        )
                        .path(l.path.clone())
                        .digest(format!("sha256:{}", l.sha256)),
                    );
                }
            }
        }
    }
    let mut exempt: BTreeSet<&str> = [ZARF_YAML, CHECKSUMS].into_iter().chain(SIGNATURES).collect();
    if signed || z.signed == Some(true) {
        exempt.extend(z.provenance_files.iter().map(String::as_str));
    }
    capped.summarize(out);
    // Files listed after the cut are unknown: reporting them as unlisted would be false.
    let complete = parsed.cut_at.is_none();
    for path in store.entries.keys() {
        if complete && !listed.contains_key(path.as_str()) && !exempt.contains(path.as_str()) {
            out.push(
                Finding::new(
                    &rules::CHECKSUMS_UNLISTED_FILE,
                    "this file is not listed in checksums.txt: no checksum or signature covers it",
                )
                .path(path.clone()),
            );
        }
    }
}

/// Findings of the per-line checksums.txt rules, each reported individually up to `PER_RULE`,
/// then counted.
#[derive(Default)]
struct Capped {
    counts: BTreeMap<&'static str, (&'static crate::diag::Rule, u64)>,
}

impl Capped {
    const PER_RULE: u64 = 1000;

    fn push(&mut self, out: &mut Vec<Finding>, f: Finding) {
        let rule = rules::lookup(f.code).unwrap_or(&rules::CHECKSUMS_LINE_INVALID);
        let n = &mut self.counts.entry(f.code).or_insert((rule, 0)).1;
        *n += 1;
        if *n <= Self::PER_RULE {
            out.push(f);
        }
    }

    fn summarize(self, out: &mut Vec<Finding>) {
        for (rule, n) in self.counts.into_values() {
            if n > Self::PER_RULE {
                out.push(
                    Finding::new(
                        rule,
                        format!(
                            "and {} more lines of checksums.txt like the {} above (each one is this error)",
                            n - Self::PER_RULE,
                            Self::PER_RULE
                        ),
                    )
                    .path(CHECKSUMS),
                );
            }
        }
    }
}

fn normalize(r: &str) -> Option<String> {
    reference::parse(r).ok().map(|r| r.normalized())
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
                    Finding::new(
                        &rules::IMAGE_REFERENCE_INVALID,
                        format!("component \"{}\" (#{ci}) image \"{r}\": {e}", c.name),
                    )
                    .path(ZARF_YAML),
                ),
            }
        }
    }
    let skeleton = z.architecture.as_deref() == Some("skeleton");
    let mut images = Vec::new();
    let mut matched_entries: BTreeSet<(usize, usize)> = BTreeSet::new();
    // Each entry's names, normalized once: the first entry (layout order, then index order) that
    // answers to a name. Searching every entry for every requested image, normalizing each time,
    // was (images × entries) reference parses.
    let mut by_name: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (li, l) in layouts.iter().enumerate() {
        for (ei, e) in l.entries().iter().enumerate() {
            for n in entry_names(e) {
                by_name.entry(n).or_insert((li, ei));
            }
        }
    }
    for (norm, written) in &requested {
        let found = by_name.get(norm).map(|&(li, ei)| (li, ei, &layouts[li].entries()[ei]));
        match found {
            Some((li, ei, e)) => {
                matched_entries.insert((li, ei));
                images.push(image_info(e, Some(norm.clone())));
            }
            None => {
                if !skeleton {
                    out.push(
                        Finding::new(
                            &rules::IMAGE_NOT_IN_INDEX,
                            format!(
                                "zarf.yaml asks for \"{written}\"{}, but images/index.json has no entry whose base.name or ref.name is that reference",
                                if written == norm { String::new() } else { format!(" ({norm})") }
                            ),
                        )
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
                out.push(
                    Finding::new(
                        &rules::SKELETON_HAS_IMAGES,
                        "this skeleton package holds an image; skeletons carry definitions only",
                    )
                    .path(l.index_path())
                    .pointer(pointer.clone()),
                );
                continue;
            }
            let is_child = e.desc.digest.as_ref().is_some_and(|d| l.children.contains(d));
            let names = entry_names(e);
            // Unannotated children of a stored index (Zarf v0.77+ may list them) are exempt.
            let exempt_child = names.is_empty() && is_child;
            if !matched_entries.contains(&(li, ei)) && !exempt_child {
                let what = match e.desc.annotation(BASE_NAME).or(e.desc.annotation(REF_NAME)) {
                    Some(r) => {
                        format!("this entry (\"{r}\") matches no image in zarf.yaml; it is carried but never deployed")
                    }
                    None => "this entry has no base.name or ref.name annotation and matches no image in zarf.yaml"
                        .to_owned(),
                };
                out.push(
                    Finding::new(&rules::INDEX_ENTRY_UNREQUESTED, what)
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
                            Finding::new(
                                &rules::ARCHITECTURE_MISMATCH,
                                format!("this image is for {p}, but the package architecture is {want}"),
                            )
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
        out.push(
            Finding::new(&rules::SKELETON_HAS_IMAGES, "this skeleton package's components list images").path(ZARF_YAML),
        );
    }
    images
}

/// Normalized references an entry answers to.
fn entry_names(e: &super::layout::EntryResult) -> Vec<String> {
    [REF_NAME, BASE_NAME]
        .iter()
        .filter_map(|k| e.desc.annotation(k))
        .map(|r| normalize(r).unwrap_or_else(|| r.to_owned()))
        .collect()
}

/// `z` is `None` when zarf.yaml could not be read: a key given then cannot be satisfied.
fn check_signatures(
    store: &Store,
    z: Option<&yaml::ZarfYaml>,
    present: &[&str],
    opts: &Options,
    out: &mut Vec<Finding>,
) -> Option<bool> {
    if present.is_empty() && z.is_some_and(|z| z.signed == Some(true)) {
        out.push(
            Finding::new(
                &rules::SIGNATURE_EXPECTED,
                "zarf.yaml says build.signed: true, but neither zarf.yaml.sig nor zarf.bundle.sig is in the package",
            )
            .path(ZARF_YAML),
        );
    }
    let Some(pem) = &opts.signing_key else {
        if !present.is_empty() {
            out.push(
                Finding::new(
                    &rules::SIGNATURE_NOT_VERIFIED,
                    format!("the package is signed ({}), but no key was given to verify it", present.join(", ")),
                )
                .path(present[0]),
            );
        }
        return None;
    };
    let key = match signature::parse_key(pem) {
        Ok(k) => k,
        Err(e) => {
            out.push(Finding::new(&rules::SIGNATURE_INVALID, format!("the verification key cannot be used: {e}")));
            return Some(false);
        }
    };
    if present.is_empty() {
        out.push(
            Finding::new(
                &rules::SIGNATURE_MISSING,
                "a key was given, but the package has no zarf.yaml.sig or zarf.bundle.sig",
            )
            .path(ZARF_YAML),
        );
        return Some(false);
    }
    // Zarf's IsSigned: build.signed when zarf.yaml sets it, else whether zarf.yaml.sig exists (a
    // bundle alone does not count). With a key, a package Zarf does not take as signed is refused
    // before any signature is read, however good the signature.
    if let Some(z) = z {
        let has_legacy = present.contains(&"zarf.yaml.sig");
        if !z.signed.unwrap_or(has_legacy) {
            let why = match z.signed {
                Some(_) => "zarf.yaml says build.signed: false".to_owned(),
                None => {
                    format!("zarf.yaml has no build.signed and there is no zarf.yaml.sig (only {})", present.join(", "))
                }
            };
            out.push(
                Finding::new(
                    &rules::SIGNATURE_MISSING,
                    format!("a key was given, but {why}, so Zarf does not take the package as signed and refuses to load it (\"verification material was provided but the package is not signed\")"),
                )
                .path(ZARF_YAML),
            );
            return Some(false);
        }
    }
    let (Some(yaml), Some(_)) = (store.bytes(ZARF_YAML), z) else {
        out.push(
            Finding::new(
                &rules::SIGNATURE_INVALID,
                "a key was given, but zarf.yaml could not be read, so the signature over it was not verified",
            )
            .path(ZARF_YAML),
        );
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
        let outcome = if *file == "zarf.yaml.sig" {
            signature::verify_sig_file(&key, yaml, sig)
        } else {
            signature::verify_bundle(&key, yaml, sig)
        };
        match outcome {
            signature::Outcome::Verified => verified += 1,
            signature::Outcome::Invalid(why) => {
                failed = true;
                out.push(Finding::new(&rules::SIGNATURE_INVALID, why).path(*file));
            }
            signature::Outcome::Keyless => out.push(
                Finding::new(
                    &rules::SIGNATURE_KEYLESS,
                    "this bundle was made by keyless signing (a Fulcio certificate); verifying it needs the certificate chain, the signer identity and Rekor, which zverify does not check",
                )
                .path(*file),
            ),
        }
    }
    Some(verified > 0 && !failed)
}
