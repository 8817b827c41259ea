//! Split packages as the page sees them: the user selects `<stem>.part000` … `<stem>.partNNN`
//! together, and the selected files stand in for the directory listing. Every decision is the
//! core's (`zarf::split::plan` / `finish`), the same code the CLI runs.

use crate::Unusable;
use zverify_core::zarf::split::{self, PartFiles, SplitPlan};
use zverify_core::{Report, Verifier};

/// What the page reads of a split package: the core's plan (the CLI's too), and its stem.
#[derive(Debug, Clone)]
pub struct Plan {
    pub stem: String,
    /// The data parts to stream, in order, with their sizes.
    pub stream: Vec<(String, u64)>,
    pub all_present: bool,
    /// Nothing is read: the report is the findings alone.
    pub refused: bool,
    core: SplitPlan,
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

/// The selected files (name, size) and part000's first bytes → the core's plan; its findings go
/// to `v`. The files must be the parts of one package.
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
    let meta_name = split::part_name(&stem, 0);
    if !files.iter().any(|(n, _)| *n == meta_name) {
        return Err(Unusable(format!("cannot read {meta_name}: it was not selected")));
    }
    let prefix = format!("{stem}.part");
    let parts = PartFiles {
        stem: stem.clone(),
        files: files.iter().filter(|(n, _)| n.starts_with(&prefix)).cloned().collect(),
        part000: meta_bytes.to_vec(),
    };
    let (cap, max_parts) = (v.options().document_cap, v.options().max_split_parts);
    let mut found = Vec::new();
    let core = split::plan(&parts, cap, max_parts, &mut found);
    for f in found {
        v.add_finding(f);
    }
    match &core {
        SplitPlan::Unusable(why) => Err(Unusable(why.clone())),
        SplitPlan::Report => Ok(Plan { stem, stream: Vec::new(), all_present: false, refused: true, core }),
        SplitPlan::Stream { parts, all_present, .. } => {
            Ok(Plan { stem, stream: parts.clone(), all_present: *all_present, refused: false, core: core.clone() })
        }
    }
}

/// After the parts streamed: the core's conclusions (fault location, part000's digest, the
/// archive's digest).
pub fn conclude(plan: &Plan, report: &mut Report, joined_hex: Option<String>, fault_offset: Option<u64>) {
    split::finish(report, &plan.stem, &plan.core, joined_hex.as_deref(), fault_offset, None);
}
