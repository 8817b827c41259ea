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
use zverify_core::zarf::split::{self, PartFiles};
use zverify_core::{Options, Report, Session};

/// A split package: `<stem>.part000` (JSON metadata) and the data parts `.part001`…`.partNNN`,
/// streamed as one archive in one pass — no reassembled copy on disk.
pub fn check_split(stem: &Path, opts: Options, ro: &ReadOpts) -> Result<Report, Unusable> {
    let stem_s = stem.display().to_string();
    let meta_path = PathBuf::from(split::part_name(&stem_s, 0));
    let cap = opts.document_cap;
    let mut part000 = Vec::new();
    File::open(&meta_path)
        // At least a tar header's worth, to tell archive data (plain `split`) from metadata.
        .and_then(|f| f.take(cap.saturating_add(1).max(archive::SNIFF_LEN as u64)).read_to_end(&mut part000))
        .map_err(|e| super::unreadable(zverify_core::SourceFailure::Read, &meta_path, e))?;
    let files = PartFiles { stem: stem_s.clone(), files: part_files(stem), part000 };
    let mut s = Session::split(files, opts)?;
    if let Some(hex) = &ro.expect_sha256 {
        s.expect_sha256(hex);
    }
    let parts = s.parts();
    if parts.is_empty() {
        return s.finish();
    }
    let kind = sniff(Path::new(&parts[0].0))?;
    s.decoded(kind);
    let total = parts.iter().map(|(_, size)| *size).sum();
    let names: Vec<String> = parts.iter().map(|(p, _)| p.clone()).collect();
    let mut s = stream(names.iter().map(PathBuf::from).collect(), total, kind, s, ro);
    // The stream stopped early: hash the parts directly so part000's digest is still checked.
    if s.wants_joined_sha256() {
        match hash_files(&names) {
            Ok(hex) => s.joined_sha256(&hex),
            Err(e) => {
                // Never a silent pass: part000's digest was not checked, and the report says so.
                let why = format!("the data parts could not be read again to check part000's digest: {e}");
                s.verifier().add_unreadable(&stem_s, &why);
            }
        }
    }
    s.finish()
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
