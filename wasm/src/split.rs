//! Split packages as the page sees them: the user selects `<stem>.part000` … `<stem>.partNNN`
//! together. The bookkeeping is the CLI's (`cli/src/source.rs`, `check_split`) step for step, on
//! the core's `zarf::split` checks, with the selected files standing in for the directory listing.
//! (When the lead moves the CLI's bookkeeping into the core, this module becomes a call to it.)

use crate::Unusable;
use zverify_core::zarf::split::{self, SplitMeta};
use zverify_core::{rules, Finding, Report, Verifier};

/// What to stream and what to check at the end.
#[derive(Debug, Clone)]
pub struct Plan {
    pub stem: String,
    /// The data parts present, in order: (name, size).
    pub stream: Vec<(String, u64)>,
    /// Every announced part is present (then part000's digest is checked).
    pub all_present: bool,
    /// Refused before reading (too many parts): nothing is streamed.
    pub refused: bool,
    meta: Option<SplitMeta>,
}

/// `name.partNNN` → (`name`, NNN).
pub fn part_of(name: &str) -> Option<(&str, u32)> {
    let i = name.rfind(".part")?;
    let digits = &name[i + 5..];
    if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((&name[..i], digits.parse().ok()?))
}

/// Plan a split package from the selected files (`(name, size)`) and part000's bytes (at most the
/// document cap + 1). Findings about the parts go to `v`.
pub fn plan(files: &[(String, u64)], meta_bytes: &[u8], v: &mut Verifier) -> Result<Plan, Unusable> {
    let mut stems: Vec<&str> = files.iter().filter_map(|(n, _)| part_of(n).map(|(s, _)| s)).collect();
    stems.sort_unstable();
    stems.dedup();
    let stem = match stems.as_slice() {
        [one] => (*one).to_owned(),
        [] => return Err(Unusable("none of the selected files is a .partNNN of a split package".into())),
        many => {
            return Err(Unusable(format!(
                "the selected files are parts of {} split packages ({}): select one package's parts",
                many.len(),
                many.join(", ")
            )))
        }
    };
    let part = |n: u32| split::part_name(&stem, n);
    let size_of = |n: u32| files.iter().find(|(name, _)| *name == part(n)).map(|(_, s)| *s);
    let meta_name = part(0);
    let meta_size = size_of(0).ok_or_else(|| Unusable(format!("cannot read {meta_name}: it was not selected")))?;
    let opts = v.options().clone();
    let max_parts = opts.max_split_parts.min(u64::from(split::MAX_PARTS)) as u32;
    let cap = opts.document_cap;
    // Zarf reads part000 whole: a cut read would be a verdict on other bytes.
    let meta = if meta_bytes.len() as u64 > cap {
        v.add_finding(
            Finding::of(rules::DocumentNotInspected::SplitMetadataOverCap { size: meta_size, cap })
                .path(meta_name.clone()),
        );
        None
    } else {
        match split::parse_meta(meta_bytes) {
            Ok(m) => Some(m),
            Err(e) => {
                v.add_finding(Finding::of(rules::SplitMetadataInvalid(e)).path(meta_name.clone()));
                None
            }
        }
    };
    let over = match &meta {
        Some(m) if m.count > max_parts => Some(rules::TooManyParts::Announced { count: m.count }),
        Some(_) => None,
        None => {
            let next = if max_parts < split::MAX_PARTS { part(max_parts + 1) } else { format!("{stem}.part1000") };
            files.iter().any(|(n, _)| *n == next).then_some(rules::TooManyParts::Exists { name: next })
        }
    };
    if let Some(over) = over {
        v.add_finding(Finding::of(rules::SplitTooManyParts { over, max: max_parts }).path(meta_name));
        return Ok(Plan { stem, stream: Vec::new(), all_present: false, refused: true, meta });
    }
    let count = match &meta {
        Some(m) => m.count,
        None => (1..=max_parts).take_while(|n| size_of(*n).is_some()).count() as u32,
    };
    let contiguous_end = (count + 1..=max_parts).take_while(|n| size_of(*n).is_some()).last().unwrap_or(count);
    let prefix = format!("{stem}.part");
    let mut strays: Vec<&String> = files
        .iter()
        .map(|(n, _)| n)
        .filter(|name| {
            let Some(suffix) = name.strip_prefix(&prefix) else { return false };
            let number = (suffix.len() == 3 || (suffix.len() == 4 && !suffix.starts_with('0')))
                .then(|| suffix.parse::<u32>().ok())
                .flatten()
                .filter(|_| suffix.bytes().all(|b| b.is_ascii_digit()));
            number.is_none_or(|n| n > contiguous_end)
        })
        .collect();
    strays.sort();
    for stray in strays {
        v.add_finding(
            Finding::of(rules::SplitPartsMismatch::Stray { name: stray.clone(), stem: stem.clone() })
                .path(stray.clone()),
        );
    }
    if count == 0 {
        return Err(Unusable(format!("{stem} has no data parts ({} is missing)", part(1))));
    }
    let sizes: Vec<Option<u64>> = (1..=count).map(size_of).collect();
    if let Some(m) = &meta {
        let extra: Vec<String> = (count + 1..=max_parts).take_while(|n| size_of(*n).is_some()).map(part).collect();
        for f in split::check_parts(&stem, m, &sizes, &extra) {
            v.add_finding(f);
        }
    }
    let stream: Vec<(String, u64)> = (1..=count).zip(&sizes).filter_map(|(n, s)| s.map(|s| (part(n), s))).collect();
    if stream.is_empty() {
        return Err(Unusable(format!("{stem}: none of the {count} data parts part000 announces is present")));
    }
    let all_present = sizes.iter().all(Option::is_some);
    Ok(Plan { stem, stream, all_present, refused: false, meta })
}

/// After the stream: name the part where it broke, and check part000's digest of the joined parts.
pub fn conclude(plan: &Plan, report: &mut Report, joined_hex: Option<String>, fault_offset: Option<u64>) {
    if plan.refused {
        return;
    }
    let sizes: Vec<u64> = plan.stream.iter().map(|(_, s)| *s).collect();
    if let Some(n) = fault_offset.and_then(|off| split::part_at(&sizes, off)) {
        let part = &plan.stream[n as usize - 1].0;
        if let Some(f) = report
            .findings
            .iter_mut()
            .rev()
            .find(|f| f.code == rules::ARCHIVE_CORRUPT.code && f.path.as_deref() == Some(plan.stem.as_str()))
        {
            rules::detected_in(f, part);
        }
    }
    let whole = joined_hex.filter(|_| plan.all_present);
    if let (Some(m), Some(hex)) = (&plan.meta, &whole) {
        if let Some(f) = split::check_digest(&plan.stem, m, hex) {
            report.findings.push(f);
        }
    }
    report.sort_and_recount();
    // The joined archive's sha256, as the CLI records it (no --expect-sha256 in the page).
    if let Some(hex) = &whole {
        report.set_archive_digest(hex, None);
    }
}
