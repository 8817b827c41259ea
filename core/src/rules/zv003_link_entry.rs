//! ZV003 `link-entry`: The archive contains a symbolic or hard link.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV003,
    name: "link-entry",
    severity: Severity::Error,
    summary: "The archive contains a symbolic or hard link",
    help: "Zarf packages and OCI layouts contain only regular files and directories; rebuild the package without links. `zarf package deploy` fails when it loads the package (\"unable to decompress: extracting: handling file: …\").",
    checks: "Tar entries of type symlink or hardlink, and entries of any other non-directory type with a link name (Zarf creates a symbolic link for those). zverify never follows them; the link target is reported, once per entry.",
    why: "A link can make a blob path resolve to a file outside the package, or alias one blob to another so a tampered file is read through an innocent name.",
    example: "`images/blobs/sha256/ab…` as a symlink to `/etc/shadow`.",
    fix: "Rebuild the package; replace the link with the real file.",
};

/// A link entry, and what becomes of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkEntry {
    pub name: String,
    pub hard: bool,
    pub target: String,
    pub outcome: LinkOutcome,
}

/// What Zarf and zverify do with a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkOutcome {
    /// Zarf creates it; zverify checks the target's bytes under its name (`kept`: and kept them to
    /// read as a document).
    Checked {
        kept: bool,
    },
    /// Zarf refuses the target's name.
    TargetRefused,
    /// A hard link whose target is not a file in the archive.
    TargetMissing,
    NotFollowed,
}

impl Message for LinkEntry {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        let kind = if self.hard { "hard link" } else { "symbolic link" };
        let consequence = match self.outcome {
            LinkOutcome::Checked { kept: false } => "Zarf creates the link; zverify checks the target's bytes under this name, but did not keep them to read as a document",
            LinkOutcome::Checked { kept: true } => "Zarf creates the link; zverify checks the target's bytes under this name",
            LinkOutcome::TargetRefused => "Zarf refuses its target name and stops",
            LinkOutcome::TargetMissing => "the target is not a file in the archive, so Zarf's extraction fails",
            LinkOutcome::NotFollowed => "it was not followed",
        };
        format!("\"{}\" is a {kind} to \"{}\"; {consequence}", self.name, self.target)
    }
}
