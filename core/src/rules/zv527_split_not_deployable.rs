//! ZV527 `split-not-deployable`: A split package that Zarf cannot load once it has joined the parts.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV527,
    name: "split-not-deployable",
    severity: Severity::Error,
    summary: "A split package that Zarf cannot load once it has joined the parts",
    help: "`zarf package deploy <name>.part000` fails when it loads the package; split a zstd-compressed package built with its architecture.",
    checks: "The joined data parts are a zstd-compressed tar (Zarf writes them to `data.tar.zst` and decompresses them as zstd, whatever the parts are named), and zarf.yaml sets `build.architecture` (Zarf names the joined package after it), and the file name Zarf makes from zarf.yaml (`zarf-package-<name>-<arch>-<version>[-<flavor>].tar.zst`, `PackageLayout.FileName`) is one Linux can create: no NUL byte, at most 255 bytes.",
    why: "Zarf's load of a split package joins the parts into `data.tar.zst`: plain tar data fails to decompress (\"magic number mismatch\"), and a package without `build.architecture` fails when Zarf names the joined file (\"package must include a build architecture\"). Both observed with real Zarf.",
    example: "`zarf-package-x-amd64.tar.part000` cut from an uncompressed package.",
    fix: "Recompress the package as .tar.zst before splitting it, or deploy the whole archive.",
};

/// Why the joined package does not load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitNotDeployable {
    /// The joined parts are plain tar data.
    NotZstd,
    /// zarf.yaml has no `build.architecture`.
    NoBuildArchitecture,
    /// The name Zarf gives the joined package (from zarf.yaml's name, architecture, version and
    /// flavor) is one the file system refuses.
    FileName { name: String, why: &'static str },
}

impl Message for SplitNotDeployable {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            SplitNotDeployable::NotZstd => "the joined parts are an uncompressed tar; Zarf joins split parts into data.tar.zst and decompresses them as zstd, so a deploy fails when it loads the package (\"unable to decompress: extracting: invalid input: magic number mismatch\")".into(),
            SplitNotDeployable::FileName { name, why } => format!("Zarf writes the joined parts beside them as \"{name}\", a name it makes from zarf.yaml's metadata and build fields; {why}, so a deploy of the parts fails when it loads the package"),
            SplitNotDeployable::NoBuildArchitecture => "zarf.yaml has no build.architecture; Zarf names the joined package after it, so a deploy of the parts fails when it loads the package (\"package must include a build architecture\")".into(),
        }
    }
}
