//! ZV523 `split-too-many-parts`: A split package has more parts than the limit.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV523,
    name: "split-too-many-parts",
    severity: Severity::Error,
    summary: "A split package has more parts than the limit",
    help: "Zarf names parts with three digits: re-split the package into at most 999 parts (a larger --max-package-size); lower limits are set with --max-split-parts. `zarf package deploy` fails when it loads the package (it joins the parts in name order, `part1000` before `part101`).",
    checks: "The number of data parts part000 announces (or, when part000 cannot be read, that exist on disk) must not exceed `--max-split-parts` (999 by default, which is also the most the check accepts). A `.part1000` file or a Count over the limit is this error.",
    why: "Zarf joins `<file>.part*` in name order. Its part names have three digits (`%03d`), so a 1000th part is named `.part1000`, which sorts between `.part100` and `.part101`: Zarf would join the parts out of order and load a corrupt archive. The limit also bounds how many files zverify opens.",
    example: "A package split with `--max-package-size 1` into 1200 parts.",
    fix: "Re-create the package with a larger `--max-package-size`.",
};

/// More data parts than the limit; no part was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitTooManyParts {
    pub over: TooManyParts,
    pub max: u32,
}

/// How the part count is known to be over the limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TooManyParts {
    /// part000 announces `count` parts.
    Announced { count: u32 },
    /// The part after the limit (`name`) exists.
    Exists { name: String },
}

impl Message for SplitTooManyParts {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        let what = match &self.over {
            TooManyParts::Announced { count } => format!("part000 announces {count} data parts"),
            TooManyParts::Exists { name } => format!("{name} exists"),
        };
        format!(
            "{what}: more than {}, the split part limit (at most 999: Zarf names parts with three digits and joins `<file>.part*` in name order, so a .part1000 would be joined between .part100 and .part101); no part was read",
            self.max
        )
    }
}
