//! ZV006 `unsupported-entry`: The archive contains an entry type zverify does not read.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV006",
    name: "unsupported-entry",
    severity: Severity::Error,
    summary: "The archive contains an entry type zverify does not read",
    help: "Device files, FIFOs and entries of unknown type have no place in a package; rebuild it from regular files and directories.",
    checks: "Tar entries that are neither regular files, directories, links nor metadata (PAX/GNU long names): devices, FIFOs, and any unknown type flag. zverify does not verify them.",
    why: "Readers disagree on them: Zarf (Go) writes a device or FIFO as an empty regular file and an unknown type as a regular file with the entry's data, while GNU tar creates the device or skips the unknown type. zverify cannot say what is deployed, so this is an error. Zarf and OCI tools never write such entries.",
    example: "A character device entry `dev/null` inside a package.",
    fix: "Rebuild the package from regular files only.",
};
