//! Split packages: `<stem>.part000` (Zarf's JSON metadata) and the data parts, streamed as one
//! archive in one pass, with no reassembled copy on disk.

use super::pipe::hash_files;
use super::stream::stream;
use super::{sniff, ReadOpts, Unusable};
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};
use zverify_core::archive;
use zverify_core::zarf::split;
use zverify_core::{rules, Finding, Options, Report, Verifier};

/// A split package: `<stem>.part000` (JSON metadata) and the data parts `.part001`…`.partNNN`,
/// streamed as one archive in one pass — no reassembled copy on disk.
pub fn check_split(stem: &Path, opts: Options, ro: &ReadOpts) -> Result<Report, Unusable> {
    let stem_s = stem.display().to_string();
    let part = |n: u32| PathBuf::from(split::part_name(&stem_s, n));
    let meta_path = part(0);
    // Zarf names parts with three digits: beyond 999 it would join them out of order.
    let max_parts = opts.max_split_parts.min(u64::from(split::MAX_PARTS)) as u32;
    let cap = opts.document_cap;
    let mut v = Verifier::new(opts);
    let mut raw = Vec::new();
    File::open(&meta_path)
        // At least a tar header's worth, to tell archive data (plain `split`) from metadata.
        .and_then(|f| f.take(cap.saturating_add(1).max(archive::SNIFF_LEN as u64)).read_to_end(&mut raw))
        .map_err(|e| Unusable(format!("cannot read {}: {e}", meta_path.display())))?;
    // Zarf reads part000 whole: a cut read would be a verdict on other bytes. Over the cap it is
    // not inspected, and says so.
    // part000 that is archive data (plain `split`): the parts are not Zarf's, and reading part001
    // as the archive's start would only blame the wrong file. One finding, on part000.
    if let Some(e) = split::archive_data(&raw) {
        v.add_finding(Finding::of(rules::SplitMetadataInvalid(e)).path(meta_path.display().to_string()));
        return Ok(v.finish(&stem_s));
    }
    let meta = if raw.len() as u64 > cap {
        let size = fs::metadata(&meta_path).map(|m| m.len()).unwrap_or(raw.len() as u64);
        v.add_finding(
            Finding::of(rules::DocumentNotInspected::SplitMetadataOverCap { size, cap })
                .path(meta_path.display().to_string()),
        );
        None
    } else {
        match split::parse_meta(&raw) {
            Ok(m) => Some(m),
            Err(e) => {
                v.add_finding(Finding::of(rules::SplitMetadataInvalid(e)).path(meta_path.display().to_string()));
                None
            }
        }
    };
    // Data parts: as many as part000 announces, or (unreadable metadata) as many as exist.
    let size_of = |n: u32| fs::metadata(part(n)).ok().filter(|m| m.is_file()).map(|m| m.len());
    // Over the part limit: say so, and read no part (what would follow are its consequences).
    let over = match &meta {
        Some(m) if m.count > max_parts => Some(rules::TooManyParts::Announced { count: m.count }),
        Some(_) => None,
        None => {
            let next = if max_parts < split::MAX_PARTS {
                part(max_parts + 1)
            } else {
                PathBuf::from(format!("{stem_s}.part1000"))
            };
            fs::metadata(&next).is_ok().then(|| rules::TooManyParts::Exists { name: next.display().to_string() })
        }
    };
    if let Some(over) = over {
        v.add_finding(
            Finding::of(rules::SplitTooManyParts { over, max: max_parts }).path(meta_path.display().to_string()),
        );
        return Ok(v.finish(&stem_s));
    }
    let count = match &meta {
        Some(m) => m.count,
        None => (1..=max_parts).take_while(|n| size_of(*n).is_some()).count() as u32,
    };
    // Numbered parts right after the announced ones are reported as extra parts (check_parts).
    let contiguous_end = (count + 1..=max_parts).take_while(|n| size_of(*n).is_some()).last().unwrap_or(count);
    for stray in stray_parts(stem, |n| n <= contiguous_end) {
        v.add_finding(
            Finding::of(rules::SplitPartsMismatch::Stray {
                name: stray.clone(),
                stem: stem.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            })
            .path(stray),
        );
    }
    if count == 0 {
        return Err(Unusable(format!("{} has no data parts ({} is missing)", stem_s, part(1).display())));
    }
    let sizes: Vec<Option<u64>> = (1..=count).map(size_of).collect();
    if let Some(m) = &meta {
        let extra: Vec<String> = (count + 1..=max_parts)
            .take_while(|n| size_of(*n).is_some())
            .map(|n| part(n).display().to_string())
            .collect();
        for f in split::check_parts(&stem_s, m, &sizes, &extra) {
            v.add_finding(f);
        }
    }
    let present: Vec<(PathBuf, u64)> = (1..=count).zip(&sizes).filter_map(|(n, s)| s.map(|s| (part(n), s))).collect();
    let Some((first, _)) = present.first() else {
        return Err(Unusable(format!("{stem_s}: none of the {count} data parts part000 announces is present")));
    };
    let kind = sniff(first)?;
    let total = present.iter().map(|(_, s)| *s).sum();
    let part_sizes: Vec<u64> = present.iter().map(|(_, s)| *s).collect();
    let names: Vec<String> = present.iter().map(|(p, _)| p.display().to_string()).collect();
    let streamed = stream(present.into_iter().map(|(p, _)| p).collect(), total, kind, &stem_s, v, ro, true);
    let joined = streamed.joined_sha256;
    let mut report = streamed.report?;
    // Name the part where the stream broke, when the fault's offset in the joined bytes is known.
    // That is where the damage was *detected*: a zstd frame checksum fails at the frame's end.
    if let Some(n) = streamed.fault_offset.and_then(|off| split::part_at(&part_sizes, off)) {
        let part = &names[n as usize - 1];
        if let Some(f) = report
            .findings
            .iter_mut()
            .rev()
            .find(|f| f.code == rules::ARCHIVE_CORRUPT.code && f.path.as_deref() == Some(stem_s.as_str()))
        {
            rules::detected_in(f, part);
        }
    }
    // The stream stopped early: hash the parts directly so part000's digest is still checked.
    let joined = match joined {
        Some(hex) => Some(hex),
        None if sizes.iter().all(Option::is_some) => match hash_files(&names) {
            Ok(hex) => Some(hex),
            Err(e) => {
                // Never a silent pass: part000's digest was not checked, and the report says so.
                let why = format!("the data parts could not be read again to check part000's digest: {e}");
                report
                    .findings
                    .push(Finding::of(rules::EntryUnreadable { path: stem_s.clone(), why }).path(stem_s.clone()));
                None
            }
        },
        None => None,
    };
    let whole = joined.filter(|_| sizes.iter().all(Option::is_some));
    if let (Some(m), Some(hex)) = (&meta, &whole) {
        if let Some(f) = split::check_digest(&stem_s, m, hex) {
            report.findings.push(f);
        }
    }
    report.sort_and_recount();
    match (&whole, &ro.expect_sha256) {
        (Some(hex), expected) => report.set_archive_digest(hex, expected.as_deref()),
        // Never a silent pass on a published checksum that could not be compared.
        (None, Some(_)) => {
            let why = "a data part is missing, so the archive's sha256 could not be compared with --expect-sha256";
            report.findings.push(
                Finding::of(rules::EntryUnreadable { path: stem_s.clone(), why: why.into() }).path(stem_s.clone()),
            );
            report.sort_and_recount();
        }
        (None, None) => {}
    }
    Ok(report)
}

/// Files beside the parts whose names match Zarf's `<file>.part*` glob but are none of
/// `.part000` … `.part<count>` and not a numbered part beyond them (those are reported as extra
/// parts): Zarf's reassembly would join them in.
fn stray_parts(stem: &Path, known: impl Fn(u32) -> bool) -> Vec<String> {
    let Some(file) = stem.file_name().map(|n| n.to_string_lossy().into_owned()) else { return Vec::new() };
    let dir = match stem.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let prefix = format!("{file}.part");
    let Ok(entries) = fs::read_dir(&dir) else { return Vec::new() };
    let mut strays: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let suffix = name.strip_prefix(&prefix)?;
            let number = (suffix.len() == 3 || (suffix.len() == 4 && !suffix.starts_with('0')))
                .then(|| suffix.parse::<u32>().ok())
                .flatten()
                .filter(|_| suffix.bytes().all(|b| b.is_ascii_digit()));
            if number.is_some_and(&known) {
                return None;
            }
            Some(stem.with_file_name(&name).display().to_string())
        })
        .collect();
    strays.sort();
    strays
}
