//! ZV508 `checksums-duplicate`: checksums.txt lists the same path more than once.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV508",
    name: "checksums-duplicate",
    severity: Severity::Error,
    summary: "checksums.txt lists the same path more than once",
    help: "Zarf writes each path once; a repeated line suggests the file was edited by hand.",
    checks: "Each path should appear on one line only. (A repeated path with another hash also fails ZV505.)",
    why: "Different tools may honour different lines of a duplicated entry, and today's Zarf refuses to load such a package (checked with the Zarf oracle: a repeated line, even an identical one, fails its integrity check).",
    example: "`images/index.json` listed twice.",
    fix: "Rebuild the package.",
};
