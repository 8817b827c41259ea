//! ZV006 `unsupported-entry`: The archive contains an entry type zverify does not read.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV006,
    name: "unsupported-entry",
    severity: Severity::Error,
    summary: "The archive contains an entry type zverify does not read",
    help: "Device files, FIFOs and entries of unknown type have no place in a package; rebuild it from regular files and directories.",
    checks: "Tar entries that are neither regular files, directories, links nor metadata (PAX/GNU long names): devices, FIFOs, and any unknown type flag. zverify does not verify them.",
    why: "Readers disagree on them: Zarf (Go) writes a device or FIFO as an empty regular file and an unknown type as a regular file with the entry's data, while GNU tar creates the device or skips the unknown type. zverify cannot say what is deployed, so this is an error. Zarf and OCI tools never write such entries.",
    example: "A character device entry `dev/null` inside a package.",
    fix: "Rebuild the package from regular files only.",
};

/// An entry of a type other readers do not treat as a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsupportedEntry {
    pub name: String,
    pub kind: SpecialKind,
    /// Read as the regular file Zarf writes (a tar entry), or not verified at all.
    pub checked_as_file: bool,
}

/// What a special entry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecialKind {
    /// A tar device or FIFO entry (`what`: "character device", "block device", "FIFO"), which
    /// Zarf writes as an empty regular file.
    Device { what: &'static str },
    /// A tar entry of an unknown type flag, with `size` bytes of data.
    UnknownType { flag: char, size: u64 },
    /// A special file (device, socket, FIFO) in a directory being read.
    SpecialFile,
}

impl Message for UnsupportedEntry {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        let kind = match &self.kind {
            SpecialKind::Device { what } => format!("a {what}, which Zarf writes as an empty regular file"),
            SpecialKind::UnknownType { flag, size } => format!(
                "an entry of unknown type {flag:?}; Zarf writes its {size} bytes as a regular file, other readers skip it"
            ),
            SpecialKind::SpecialFile => "a special file".into(),
        };
        let what =
            if self.checked_as_file { "zverify checks it as the file Zarf writes" } else { "it was not verified" };
        format!("\"{}\" is {kind}; {what}", self.name)
    }
}
