//! Split packages (`<file>.part000` … `.partNNN`, Zarf `src/internal/split`). part000 is JSON
//! `{"Sha256Sum", "Bytes", "Count"}` (v0.56+) or `{"sha256Sum", "bytes", "count"}` (older).
//! The caller (which owns the files) streams the data parts; this module checks the metadata,
//! the part sizes and the whole-archive digest, and names the part at fault when it can.

use crate::diag::Finding;
use crate::json::{Node, Num};
use crate::rules;

pub mod meta;
pub use meta::{MetaError, SplitMeta, MAX_PARTS};

/// Linux's `NAME_MAX`: the longest file name, in bytes.
const NAME_MAX: usize = 255;
/// How much of a refused file name a finding shows.
const NAME_SHOWN: usize = 300;

/// Parse part000 as Zarf reads it: Go's encoding/json into `{Sha256Sum string; Bytes int64;
/// Count int}`, so keys match case-insensitively (Go's folding: `sha256sum`, `BYTES`, `\u{17F}ha256Sum`
/// with a long s), unknown keys are ignored, the last match wins, and a `null` leaves the field as
/// it was. A matched value of the wrong type fails Go's decode, so it is an error here too, even
/// when a later key overrides it.
pub fn parse_meta(bytes: &[u8]) -> Result<SplitMeta, MetaError> {
    const FIELDS: [&str; 3] = ["Sha256Sum", "Bytes", "Count"];
    let node = match Node::parse(bytes) {
        Ok(node) => node,
        Err(e) => return Err(archive_data(bytes).unwrap_or(MetaError::NotJson(e))),
    };
    let members = node.members().ok_or_else(|| MetaError::NotObject(node.kind()))?;
    let mut last: [Option<&Node>; 3] = [None; 3];
    for (key, value) in members {
        let Some(f) = FIELDS.iter().position(|name| crate::go::json::fold_eq(key, name)) else { continue };
        let type_ok = match (f, value) {
            (_, Node::Null) => continue,
            (0, Node::Str(_)) => true,
            (1 | 2, Node::Num(Num::Int(_))) => true,
            _ => false,
        };
        if !type_ok {
            let want = if f == 0 { "a string" } else { "an integer" };
            return Err(MetaError::WrongType {
                key: key.clone(),
                field: FIELDS[f],
                expected: want,
                found: value.kind(),
            });
        }
        last[f] = Some(value);
    }
    let sha256 = match last[0] {
        Some(Node::Str(s)) if s.len() == 64 && s.bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')) => s.clone(),
        Some(Node::Str(s)) => return Err(MetaError::Sha256(s.clone())),
        _ => return Err(MetaError::NoSha256),
    };
    let bytes = match last[1] {
        Some(Node::Num(Num::Int(i))) if *i > 0 => *i as u64,
        _ => return Err(MetaError::NoBytes),
    };
    let count = match last[2] {
        Some(Node::Num(Num::Int(i))) if (1..=i64::from(MAX_PARTS)).contains(i) => *i as u32,
        _ => return Err(MetaError::NoCount),
    };
    Ok(SplitMeta { sha256, bytes, count })
}

/// part000 (or, when it is too large to read whole, its first bytes) that is the start of an
/// archive rather than metadata: what plain `split` makes. JSON metadata begins with `{` (after
/// whitespace), which no archive does.
pub fn archive_data(head: &[u8]) -> Option<MetaError> {
    let first = head.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'{') {
        return None;
    }
    crate::archive::sniff(head).map(MetaError::ArchiveData)
}

/// `name.partNNN`
pub fn part_name(stem: &str, n: u32) -> String {
    format!("{stem}.part{n:03}")
}

/// Check the data parts that exist (`sizes[i]` = size of part i+1, `None` if missing) against
/// the metadata. Returns findings; an empty list means the parts can be joined.
pub fn check_parts(stem: &str, meta: &SplitMeta, sizes: &[Option<u64>], extra: &[String]) -> Vec<Finding> {
    let mut out = Vec::new();
    let here = sizes.iter().filter(|s| s.is_some()).count();
    for (i, s) in sizes.iter().enumerate() {
        if s.is_none() {
            let part = i as u32 + 1;
            out.push(
                Finding::of(rules::SplitPartsMismatch::Missing { part, count: meta.count }).path(part_name(stem, part)),
            );
        }
    }
    for e in extra {
        out.push(Finding::of(rules::SplitPartsMismatch::Beyond { name: e.clone(), count: meta.count }).path(e.clone()));
    }
    let total: u64 = sizes.iter().flatten().sum();
    if here == sizes.len() && total != meta.bytes {
        out.push(
            Finding::of(rules::SplitPartsMismatch::Bytes { total, announced: meta.bytes }).path(part_name(stem, 0)),
        );
    }
    // Every part but the last has the same size (Zarf cuts at --max-package-size).
    if sizes.len() > 2 {
        if let Some(Some(first)) = sizes.first() {
            for (i, s) in sizes[..sizes.len() - 1].iter().enumerate() {
                if let Some(s) = s {
                    if s != first {
                        out.push(
                            Finding::of(rules::SplitPartsMismatch::PartSize { size: *s, others: *first })
                                .path(part_name(stem, i as u32 + 1)),
                        );
                    }
                }
            }
        }
    }
    out
}

/// The whole-archive digest against part000.
pub fn check_digest(stem: &str, meta: &SplitMeta, actual_hex: &str) -> Option<Finding> {
    (actual_hex != meta.sha256).then(|| {
        Finding::of(rules::SplitDigestMismatch {
            count: meta.count,
            actual: actual_hex.to_owned(),
            announced: meta.sha256.clone(),
        })
        .path(part_name(stem, 0))
        .digest(format!("sha256:{}", meta.sha256))
    })
}

/// Which data part holds byte `offset` of the joined archive.
pub fn part_at(sizes: &[u64], offset: u64) -> Option<u32> {
    let mut end = 0;
    for (i, s) in sizes.iter().enumerate() {
        end += s;
        if offset < end {
            return Some(i as u32 + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_names_have_the_plan_s_numbers() {
        assert_eq!(part_of("p.tar.zst.part000"), Some(("p.tar.zst", 0)));
        assert_eq!(part_of("dir/p.tar.zst.part999"), Some(("dir/p.tar.zst", 999)));
        assert_eq!(part_of("p.part1000"), Some(("p", 1000)), "Zarf's glob joins a 1000th part too");
        assert_eq!(part_of("p.part0100"), None);
        assert_eq!(part_of("p.tar.zst.part12"), None);
        assert_eq!(part_of("p.tar.zst.partial"), None);
    }

    #[test]
    fn archive_data_in_part000_is_named() {
        let mut tar = vec![0u8; 1024];
        tar[..4].copy_from_slice(b"file");
        tar[257..263].copy_from_slice(b"ustar\0");
        let tar_kind = crate::archive::ArchiveKind::Tar;
        assert_eq!(parse_meta(&tar), Err(MetaError::ArchiveData(tar_kind)));
        let zst = [0x28, 0xB5, 0x2F, 0xFD, 0, 0, 0, 0];
        assert_eq!(archive_data(&zst), Some(MetaError::ArchiveData(crate::archive::ArchiveKind::TarZstd)));
        // Metadata, and JSON that merely holds "ustar" at 257, are never archive data.
        let mut json = format!(r#"{{"Sha256Sum":"{}","Bytes":1,"Count":1,"x":""#, "b".repeat(64)).into_bytes();
        json.resize(257, b' ');
        json.extend_from_slice(b"ustar\"}");
        assert!(archive_data(&json).is_none());
        assert!(parse_meta(&json).is_ok());
        assert!(matches!(parse_meta(b"garbage"), Err(MetaError::NotJson(_))));
    }
    #[test]
    fn meta_both_casings() {
        let h = "b".repeat(64);
        let new = format!(r#"{{"Sha256Sum":"{h}","Bytes":2500000,"Count":3}}"#);
        let old = format!(r#"{{"sha256Sum":"{h}","bytes":2500000,"count":3}}"#);
        for m in [new, old] {
            assert_eq!(parse_meta(m.as_bytes()).unwrap(), SplitMeta { sha256: h.clone(), bytes: 2_500_000, count: 3 });
        }
        assert!(parse_meta(br#"{"Sha256Sum":"x","Bytes":1,"Count":1}"#).is_err());
        assert!(parse_meta(format!(r#"{{"Sha256Sum":"{h}","Bytes":1,"Count":1000}}"#).as_bytes()).is_err());
        assert!(parse_meta(b"nope").is_err());
    }

    /// As Go's encoding/json reads it: any case (Unicode simple folding), last match wins, null
    /// changes nothing, a wrongly typed match fails even when a later key overrides it.
    #[test]
    fn meta_as_go_reads_it() {
        let (a, b) = ("a".repeat(64), "b".repeat(64));
        let read = |doc: String| parse_meta(doc.as_bytes());
        let want = |sha: &str, bytes, count| Ok(SplitMeta { sha256: sha.to_owned(), bytes, count });
        assert_eq!(read(format!(r#"{{"SHA256SUM":"{a}","bYtEs":10,"COUNT":2}}"#)), want(&a, 10, 2));
        assert_eq!(read(format!(r#"{{"\u017fha256\u017fum":"{a}","bytes":10,"count":2}}"#)), want(&a, 10, 2));
        assert_eq!(read(format!(r#"{{"Sha256Sum":"{a}","sha256sum":"{b}","Bytes":10,"Count":2}}"#)), want(&b, 10, 2));
        assert_eq!(
            read(format!(r#"{{"Sha256Sum":"{a}","Bytes":10,"bytes":null,"Count":2,"Other":[]}}"#)),
            want(&a, 10, 2)
        );
        assert!(read(format!(r#"{{"Sha256Sum":"{a}","Bytes":"10","bytes":10,"Count":2}}"#)).is_err());
        assert!(read(format!(r#"{{"Sha256Sum":"{a}","Bytes":10.0,"Count":2}}"#)).is_err());
        assert!(
            read(format!(r#"{{"Sha256Sum":"{a}","Bytes":10,"Count":2,"\u212aount":3}}"#)).is_ok_and(|m| m.count == 2)
        );
        assert!(read("null".into()).is_err());
    }

    #[test]
    fn parts() {
        let meta = SplitMeta { sha256: "0".repeat(64), bytes: 25, count: 3 };
        assert!(check_parts("p", &meta, &[Some(10), Some(10), Some(5)], &[]).is_empty());
        let f = check_parts("p", &meta, &[Some(10), None, Some(5)], &[]);
        assert_eq!(f[0].path.as_deref(), Some("p.part002"));
        let f = check_parts("p", &meta, &[Some(10), Some(9), Some(5)], &[]);
        assert!(f.iter().any(|f| f.path.as_deref() == Some("p.part002")));
        assert_eq!(part_at(&[10, 10, 5], 0), Some(1));
        assert_eq!(part_at(&[10, 10, 5], 19), Some(2));
        assert_eq!(part_at(&[10, 10, 5], 25), None);
    }
}

/// The files of a split package as a front end found them: the CLI lists the directory, the web
/// page has the files the user selected. Every name is `<stem>.part<suffix>`, as the front end
/// shows it (a path, or a bare file name).
#[derive(Debug, Clone, Default)]
pub struct PartFiles {
    /// How the front end names the package: `<stem>.part000` is its metadata.
    pub stem: String,
    /// (name, size) of every file whose name is `<stem>.part` followed by anything.
    pub files: Vec<(String, u64)>,
    /// The first bytes of part000: the whole file when it is at most `document_cap` bytes (Zarf
    /// reads it whole), else at least [`crate::archive::SNIFF_LEN`] bytes.
    pub part000: Vec<u8>,
}

/// What to do with a split package, decided before any data part is read (the same decisions
/// for every front end).
#[derive(Debug, Clone)]
pub enum SplitPlan {
    /// Stream these data parts, in order, as one archive (`all_present`: none is missing, so the
    /// joined digest is the archive's).
    Stream { parts: Vec<(String, u64)>, meta: Option<SplitMeta>, all_present: bool },
    /// Nothing is read: the report is the findings alone (a part limit, part000 that is not
    /// Zarf's).
    Report,
    /// Not a split package zverify can read at all (exit 2): why.
    Unusable(PlanUnusable),
}

/// Why a split package has nothing to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanUnusable {
    /// part001 does not exist (and part000 announces no parts that do).
    NoDataParts { stem: String },
    /// None of the `count` data parts part000 announces is present.
    NonePresent { stem: String, count: u32 },
}

impl std::fmt::Display for PlanUnusable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlanUnusable::NoDataParts { stem } => {
                write!(f, "{stem} has no data parts ({} is missing)", part_name(stem, 1))
            }
            PlanUnusable::NonePresent { stem, count } => {
                write!(f, "{stem}: none of the {count} data parts part000 announces is present")
            }
        }
    }
}

/// `<stem>.partNNN` → (`<stem>`, NNN), for any name a front end shows (a path or a file name); the
/// suffix is a part number as [`plan`] reads it.
pub fn part_of(name: &str) -> Option<(&str, u32)> {
    let i = name.rfind(".part")?;
    Some((&name[..i], part_number(&name[i + 5..])?))
}

/// The number of a part's suffix: exactly three digits (`000`…`999`) or four without a leading
/// zero (`1000`…, which Zarf's glob would also join).
fn part_number(suffix: &str) -> Option<u32> {
    let ok = (suffix.len() == 3 || (suffix.len() == 4 && !suffix.starts_with('0')))
        && suffix.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| suffix.parse().ok()).flatten()
}

/// Decide how to read a split package; `findings` gets what is already known (part000, part
/// counts and sizes, stray parts). `max_parts` is `Options::max_split_parts`.
pub fn plan(p: &PartFiles, document_cap: u64, max_parts: u64, findings: &mut Vec<Finding>) -> SplitPlan {
    let stem = p.stem.as_str();
    let meta_name = part_name(stem, 0);
    let max_parts = max_parts.min(u64::from(MAX_PARTS)) as u32;
    let prefix = format!("{stem}.part");
    let numbered: std::collections::BTreeMap<u32, u64> =
        p.files.iter().filter_map(|(name, size)| Some((part_number(name.strip_prefix(&prefix)?)?, *size))).collect();
    let size_of = |n: u32| numbered.get(&n).copied();
    // part000 that is archive data (plain `split`): the parts are not Zarf's, and reading part001
    // as the archive's start would only blame the wrong file. One finding, on part000.
    if let Some(e) = archive_data(&p.part000) {
        findings.push(Finding::of(rules::SplitMetadataInvalid(e)).path(meta_name));
        return SplitPlan::Report;
    }
    // Zarf reads part000 whole: a cut read would be a verdict on other bytes. Over the cap it is
    // not inspected, and says so.
    let meta_size = size_of(0).unwrap_or(p.part000.len() as u64);
    let meta = if meta_size > document_cap || p.part000.len() as u64 > document_cap {
        let size = meta_size.max(p.part000.len() as u64);
        findings.push(
            Finding::of(rules::DocumentNotInspected::SplitMetadataOverCap { size, cap: document_cap })
                .path(meta_name.clone()),
        );
        None
    } else {
        match parse_meta(&p.part000) {
            Ok(m) => Some(m),
            Err(e) => {
                findings.push(Finding::of(rules::SplitMetadataInvalid(e)).path(meta_name.clone()));
                None
            }
        }
    };
    // Over the part limit: say so, and read no part (what would follow are its consequences).
    let over = match &meta {
        Some(m) if m.count > max_parts => Some(rules::TooManyParts::Announced { count: m.count }),
        Some(_) => None,
        None => {
            let next = if max_parts < MAX_PARTS { part_name(stem, max_parts + 1) } else { format!("{stem}.part1000") };
            let exists = p.files.iter().any(|(n, _)| *n == next);
            exists.then_some(rules::TooManyParts::Exists { name: next })
        }
    };
    if let Some(over) = over {
        findings.push(Finding::of(rules::SplitTooManyParts { over, max: max_parts }).path(meta_name));
        return SplitPlan::Report;
    }
    // Data parts: as many as part000 announces, or (unreadable metadata) as many as exist.
    let count = match &meta {
        Some(m) => m.count,
        None => (1..=max_parts).take_while(|n| size_of(*n).is_some()).count() as u32,
    };
    // Numbered parts right after the announced ones are reported as extra parts (check_parts);
    // any other `<stem>.part*` file is a stray Zarf's glob would join in.
    let contiguous_end = (count + 1..=max_parts).take_while(|n| size_of(*n).is_some()).last().unwrap_or(count);
    let file_name = stem.rsplit(['/', '\\']).next().unwrap_or(stem).to_owned();
    let mut strays: Vec<&String> = p
        .files
        .iter()
        .map(|(n, _)| n)
        .filter(|n| n.strip_prefix(&prefix).and_then(part_number).is_none_or(|k| k > contiguous_end))
        .collect();
    strays.sort();
    for stray in strays {
        let f = rules::SplitPartsMismatch::Stray { name: stray.clone(), stem: file_name.clone() };
        findings.push(Finding::of(f).path(stray.clone()));
    }
    if count == 0 {
        return SplitPlan::Unusable(PlanUnusable::NoDataParts { stem: stem.to_owned() });
    }
    let sizes: Vec<Option<u64>> = (1..=count).map(size_of).collect();
    if let Some(m) = &meta {
        let extra: Vec<String> =
            (count + 1..=max_parts).take_while(|n| size_of(*n).is_some()).map(|n| part_name(stem, n)).collect();
        findings.extend(check_parts(stem, m, &sizes, &extra));
    }
    let parts: Vec<(String, u64)> =
        (1..=count).zip(&sizes).filter_map(|(n, s)| s.map(|s| (part_name(stem, n), s))).collect();
    if parts.is_empty() {
        return SplitPlan::Unusable(PlanUnusable::NonePresent { stem: stem.to_owned(), count });
    }
    SplitPlan::Stream { all_present: parts.len() == sizes.len(), parts, meta }
}

/// The joined parts' archive kind, as the front end sniffed the first data part: Zarf writes the
/// joined parts to `data.tar.zst` and decompresses them as zstd whatever they hold, so plain tar
/// data fails its load.
pub fn joined_kind(stem: &str, kind: crate::archive::ArchiveKind) -> Option<Finding> {
    (kind == crate::archive::ArchiveKind::Tar)
        .then(|| Finding::of(rules::SplitNotDeployable::NotZstd).path(part_name(stem, 1)))
}

/// After the data parts streamed: name the part where the stream broke (`fault_offset` in the
/// joined bytes, when the error says), check the joined digest against part000, and record it as
/// the archive's digest (`expected`: `--expect-sha256`). `joined_sha256` is `None` when the parts
/// could not all be read to their end (the front end says why with `unread`).
pub fn finish(
    report: &mut crate::Report,
    stem: &str,
    plan: &SplitPlan,
    joined_sha256: Option<&str>,
    fault_offset: Option<u64>,
    expected: Option<&str>,
) {
    let SplitPlan::Stream { parts, meta, all_present } = plan else { return };
    // Zarf names the joined package after build.architecture (`PackageLayout.FileName`), and
    // fails the load without one.
    if report.package.as_ref().is_some_and(|p| {
        matches!(p.kind.as_str(), "ZarfPackageConfig" | "ZarfInitConfig") && p.build_architecture.is_none()
    }) {
        report.findings.push(Finding::of(rules::SplitNotDeployable::NoBuildArchitecture).path(super::ZARF_YAML));
    }
    // Zarf then writes the joined package beside the parts under that name (`os.Remove`, then
    // `os.Create`): a name the file system refuses fails the load.
    if let Some(name) = report.package.as_ref().and_then(|p| p.file_name.as_deref()) {
        let why = if name.contains('\0') {
            Some("it holds a NUL byte (\"invalid argument\")")
        } else if name.len() > NAME_MAX {
            Some("it is longer than the 255 bytes a file name may have (\"file name too long\")")
        } else {
            None
        };
        if let Some(why) = why {
            // Shown escaped, and clipped: the name is as long as zarf.yaml makes it.
            let mut name: String = name.escape_debug().take(NAME_SHOWN).collect();
            if name.chars().count() == NAME_SHOWN {
                name.push('…');
            }
            report.findings.push(Finding::of(rules::SplitNotDeployable::FileName { name, why }).path(super::ZARF_YAML));
        }
    }
    let sizes: Vec<u64> = parts.iter().map(|(_, s)| *s).collect();
    // That is where the damage was *detected*: a zstd frame checksum fails at the frame's end.
    if let Some(n) = fault_offset.and_then(|off| part_at(&sizes, off)) {
        let part = &parts[n as usize - 1].0;
        if let Some(f) = report
            .findings
            .iter_mut()
            .rev()
            .find(|f| f.code == rules::ARCHIVE_CORRUPT.code && f.path.as_deref() == Some(stem))
        {
            rules::detected_in(f, part);
        }
    }
    let whole = joined_sha256.filter(|_| *all_present);
    if let (Some(m), Some(hex)) = (meta, whole) {
        report.findings.extend(check_digest(stem, m, hex));
    }
    report.sort_and_recount();
    match (whole, expected) {
        (Some(hex), expected) => report.set_archive_digest(hex, expected),
        // Never a silent pass on a published checksum that could not be compared.
        (None, Some(_)) => {
            let why = "a data part is missing or unreadable, so the archive's sha256 could not be compared with the published sha256";
            report.findings.push(
                Finding::of(rules::EntryUnreadable { path: stem.to_owned(), why: why.into() }).path(stem.to_owned()),
            );
            report.sort_and_recount();
        }
        (None, None) => {}
    }
}
