//! Split packages: `<stem>.part000` (Zarf's JSON metadata) and the data parts, streamed as one
//! archive in one pass, with no reassembled copy on disk. What to read and what the parts mean is
//! decided by the core (`zarf::split::plan` / `finish`, shared with the web page); this module
//! lists and reads the files.

use super::pipe::hash_files;
use super::stream::stream;
use super::{sniff, ReadOpts, Unusable};
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};
use zverify_core::archive;
use zverify_core::zarf::split::{self, PartFiles, SplitPlan};
use zverify_core::{rules, Finding, Options, Report, Verifier};

/// A split package: `<stem>.part000` (JSON metadata) and the data parts `.part001`…`.partNNN`,
/// streamed as one archive in one pass — no reassembled copy on disk.
pub fn check_split(stem: &Path, opts: Options, ro: &ReadOpts) -> Result<Report, Unusable> {
    let stem_s = stem.display().to_string();
    let meta_path = PathBuf::from(split::part_name(&stem_s, 0));
    let cap = opts.document_cap;
    let max_parts = opts.max_split_parts;
    let mut part000 = Vec::new();
    File::open(&meta_path)
        // At least a tar header's worth, to tell archive data (plain `split`) from metadata.
        .and_then(|f| f.take(cap.saturating_add(1).max(archive::SNIFF_LEN as u64)).read_to_end(&mut part000))
        .map_err(|e| Unusable(format!("cannot read {}: {e}", meta_path.display())))?;
    let files = PartFiles { stem: stem_s.clone(), files: part_files(stem), part000 };
    let mut v = Verifier::new(opts);
    let mut found = Vec::new();
    let plan = split::plan(&files, cap, max_parts, &mut found);
    for f in found {
        v.add_finding(f);
    }
    let (parts, all_present) = match &plan {
        SplitPlan::Report => return Ok(v.finish(&stem_s)),
        SplitPlan::Unusable(why) => return Err(Unusable(why.clone())),
        SplitPlan::Stream { parts, all_present, .. } => (parts.clone(), *all_present),
    };
    let kind = sniff(Path::new(&parts[0].0))?;
    if let Some(f) = split::joined_kind(&stem_s, kind) {
        v.add_finding(f);
    }
    let total = parts.iter().map(|(_, s)| *s).sum();
    let names: Vec<String> = parts.iter().map(|(p, _)| p.clone()).collect();
    let streamed = stream(names.iter().map(PathBuf::from).collect(), total, kind, &stem_s, v, ro, true);
    let mut report = streamed.report?;
    // The stream stopped early: hash the parts directly so part000's digest is still checked.
    let joined = match streamed.joined_sha256 {
        Some(hex) => Some(hex),
        None if all_present => match hash_files(&names) {
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
    split::finish(&mut report, &stem_s, &plan, joined.as_deref(), streamed.fault_offset, ro.expect_sha256.as_deref());
    Ok(report)
}

/// Every file beside the parts whose name is `<stem>.part…` (Zarf's glob), with its size; names
/// as `stem.with_file_name` shows them, so they match `split::part_name`.
fn part_files(stem: &Path) -> Vec<(String, u64)> {
    let Some(file) = stem.file_name().map(|n| n.to_string_lossy().into_owned()) else { return Vec::new() };
    let dir = match stem.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let prefix = format!("{file}.part");
    let Ok(entries) = fs::read_dir(&dir) else { return Vec::new() };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(&prefix).then_some(())?;
            // A part must be a file: anything else is not one Zarf could join.
            let size = fs::metadata(e.path()).ok().filter(|m| m.is_file())?.len();
            Some((stem.with_file_name(&name).display().to_string(), size))
        })
        .collect()
}
