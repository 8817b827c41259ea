//! ZV018 `entry-name-not-utf8`: An entry's name is not valid UTF-8.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV018",
    name: "entry-name-not-utf8",
    severity: Severity::Error,
    summary: "An entry's name is not valid UTF-8",
    help: "Rebuild the package with UTF-8 file names.",
    checks: "Entry names (from the header, a GNU long name or a PAX `path`) that are not valid UTF-8. The entry is not verified.",
    why: "Zarf writes the raw bytes as the file name; a reader that decodes names lossily can map two different names onto one, so the file checked and the file deployed differ.",
    example: "Two entries `blob\\xff` and `blob\\xfe`, which a lossy decoder shows as the same name.",
    fix: "Rename the files to UTF-8 and rebuild the package.",
};
