//! ZV019 `path-type-conflict`: A path is both a file and a directory in the archive.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV019,
    name: "path-type-conflict",
    severity: Severity::Error,
    summary: "A path is both a file and a directory in the archive",
    help: "Rebuild the package; Zarf's extraction fails on this entry. `zarf package deploy` fails when it loads the package (\"mkdirat …: file exists\", \"openat …: is a directory\").",
    checks: "A file entry at a path that an earlier entry made a directory, a directory entry at a path that is a file, or any entry under a path that is a file.",
    why: "Extracting such an archive fails (`is a directory`, `not a directory`): Zarf stops loading the package, and what other tools leave behind depends on their order of operations.",
    example: "An entry `images` (a file) followed by `images/index.json`.",
    fix: "Rebuild the package from a clean directory.",
};

/// An entry that cannot be extracted where a file or directory already is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTypeConflict {
    pub noun: &'static str,
    pub path: String,
    pub clash: Clash,
}

/// What is in the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clash {
    /// An ancestor is a file.
    UnderFile {
        file: String,
    },
    AlreadyFile,
    AlreadyDirectory,
}

impl Message for PathTypeConflict {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        let PathTypeConflict { noun, path, clash } = self;
        let why = match clash {
            Clash::UnderFile { file } => format!("\"{file}\" is a file, so nothing can be created under it"),
            Clash::AlreadyFile => format!("\"{path}\" is already a file"),
            Clash::AlreadyDirectory => format!("\"{path}\" is already a directory"),
        };
        format!("the {noun} \"{path}\" cannot be extracted: {why}, and Zarf's extraction fails here")
    }
}
