//! The report: a versioned JSON contract (`schema_version` 1), rendered the same way by the CLI
//! and the web page.

use crate::diag::{Finding, Severity};
use crate::overrides::{Applied, Overrides};
use serde::Serialize;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub errors: u64,
    pub warnings: u64,
    pub notes: u64,
    /// Regular files read.
    pub files: u64,
    /// Blobs whose content was hashed and compared with their digest.
    pub blobs_verified: u64,
    pub bytes_hashed: u64,
    /// The gate's lowest failing severity: `"error"`, `"warning"` or `"never"`.
    pub fail_on: FailOn,
    /// `false` exactly when the exit code is 1: a finding at or above `fail_on`.
    pub passed: bool,
    /// The verdict as every format prints it (`OK`, `FAILED`, `passed with warnings`, …); it says
    /// when `fail_on` let a severity through.
    pub verdict: String,
}

/// The gate: the lowest severity that fails a target (`--fail-on`, `fail-on` in zverify.toml).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    #[default]
    Error,
    Warning,
    Never,
}

impl FailOn {
    /// The lowest failing severity; `None` for `never`.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Never => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::Error => "error",
            FailOn::Warning => "warning",
            FailOn::Never => "never",
        }
    }

    /// Does a finding of this severity fail the gate?
    pub fn fails(self, s: Severity) -> bool {
        self.threshold().is_some_and(|t| s >= t)
    }
}

/// The verdict word for these counts under this gate: the one rule behind the exit code and every
/// format's summary. A failing verdict is exactly a finding at or above `fail_on`; a passing one
/// names what was let through, and says so when only a non-default gate (`fail-on`) let it through.
pub fn verdict(errors: u64, warnings: u64, fail_on: FailOn) -> (bool, String) {
    let counted = |n: u64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match fail_on {
        FailOn::Error | FailOn::Warning if errors > 0 => (false, "FAILED".to_owned()),
        FailOn::Warning if warnings > 0 => {
            (false, format!("FAILED ({} at fail-on warning)", counted(warnings, "warning")))
        }
        _ if errors == 0 && warnings == 0 => (true, "OK".to_owned()),
        FailOn::Error => (true, "passed with warnings".to_owned()),
        _ => {
            let what = match (errors, warnings) {
                (0, w) => counted(w, "warning"),
                (e, 0) => counted(e, "error"),
                (e, w) => format!("{} and {}", counted(e, "error"), counted(w, "warning")),
            };
            (true, format!("passed ({what} let through by fail-on never)"))
        }
    }
}

/// One image: an entry of a layout's `index.json`, or (in a Zarf package) an image zarf.yaml asks
/// for, with the entry that holds it (`digest` is null when none does).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct ImageInfo {
    /// The normalized reference (Zarf), or the `ref.name` / `base.name` annotation (bare layout).
    pub reference: Option<String>,
    pub digest: Option<String>,
    pub media_type: Option<String>,
    /// Platforms: the entry's own, or every child's for an index.
    pub platforms: Vec<String>,
    /// Bytes of the manifest and everything it references that is stored.
    pub total_bytes: u64,
}

/// A Zarf component and the images it asks for (as written in zarf.yaml).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct ComponentInfo {
    pub name: String,
    pub images: Vec<String>,
}

/// A verified keyless signer (`zarf.bundle.sig` with a Fulcio certificate).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct SignerInfo {
    /// The certificate's identity (email or URI subject alternative name).
    pub identity: String,
    /// The OIDC issuer (Fulcio's issuer extension).
    pub issuer: String,
    /// RFC 3339 UTC: the transparency log's integrated time (or the check's time when the log was ignored).
    pub signing_time: String,
    /// The transparency log's URL, when it was checked.
    pub log: Option<String>,
    pub log_index: Option<i64>,
    /// The checks made: certificate chain, SCT, signed entry timestamp, inclusion proof,
    /// checkpoint, log entry body, identity and issuer, signature.
    pub checks: Vec<String>,
}

/// One of `build.versionRequirements`: the oldest Zarf that can deploy the package, and why.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct VersionRequirement {
    pub version: String,
    pub reason: String,
}

/// What the input turned out to be. Zarf fields are null for a bare OCI layout.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct PackageInfo {
    /// `ZarfPackageConfig`, `ZarfInitConfig`, `zarf` (zarf.yaml unreadable) or `oci-layout`.
    pub kind: String,
    pub name: Option<String>,
    pub version: Option<String>,
    pub architecture: Option<String>,
    pub flavor: Option<String>,
    /// zarf.yaml's `build.architecture` alone (`architecture` above falls back to it). Not in the
    /// JSON report: the split-package check reads it after the parts streamed.
    #[serde(skip)]
    pub build_architecture: Option<String>,
    /// The name Zarf gives the package's file (see `ZarfYaml::file_name`). Not in the JSON report.
    #[serde(skip)]
    pub file_name: Option<String>,
    /// `build.version`: the Zarf CLI that built the package.
    pub zarf_version: Option<String>,
    /// A signature file is present (null for a bare layout).
    pub signed: Option<bool>,
    /// `true`/`false` when a key was given; null when nothing was verified.
    pub signature_verified: Option<bool>,
    /// Who signed, when a keyless signature verified (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signer: Option<SignerInfo>,
    pub aggregate_checksum: Option<String>,
    /// Layout roots found, e.g. `""` or `"images/"`.
    pub layouts: Vec<String>,
    pub components: Vec<ComponentInfo>,
    pub images: Vec<ImageInfo>,
    /// `build.versionRequirements`: the Zarf versions a deploy needs, and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub version_requirements: Vec<VersionRequirement>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub tool: Tool,
    pub target: String,
    pub summary: Summary,
    pub package: Option<PackageInfo>,
    pub findings: Vec<Finding>,
    /// Severity overrides in force (flags, zverify.toml), and how many findings each changed.
    pub overrides: Vec<Applied>,
    /// The sha256 of the archive's raw bytes, when it was computed (split packages: the data
    /// parts joined; any archive with `--expect-sha256`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archive: Option<ArchiveDigest>,
}

/// The digest of a whole archive (see [`Report::archive`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArchiveDigest {
    pub sha256: String,
    /// What it was expected to be (`--expect-sha256`); a difference is ZV046.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
}

impl Report {
    pub fn new(
        target: &str,
        findings: Vec<Finding>,
        files: u64,
        blobs_verified: u64,
        bytes_hashed: u64,
        package: Option<PackageInfo>,
    ) -> Report {
        let mut report = Report {
            schema_version: SCHEMA_VERSION,
            tool: Tool { name: "zverify", version: env!("CARGO_PKG_VERSION") },
            target: target.to_owned(),
            summary: Summary { files, blobs_verified, bytes_hashed, ..Summary::default() },
            package,
            findings,
            overrides: Vec::new(),
            archive: None,
        };
        report.sort_and_recount();
        report
    }

    /// Record the archive's sha256, and compare it with the published one when one was given
    /// (lowercase hex, with or without `sha256:`; a difference is ZV046).
    pub fn set_archive_digest(&mut self, sha256: &str, expected: Option<&str>) {
        let expected = expected.map(|e| e.trim().trim_start_matches("sha256:").to_ascii_lowercase());
        if let Some(e) = expected.as_deref().filter(|e| *e != sha256) {
            let f =
                Finding::of(crate::rules::ArchiveDigestMismatch { expected: e.to_owned(), actual: sha256.to_owned() });
            self.findings.push(f.path(self.target.clone()));
            self.sort_and_recount();
        }
        self.archive = Some(ArchiveDigest { sha256: sha256.to_owned(), expected });
    }

    /// Apply the gate: severity overrides, then the verdict under `fail_on`.
    pub fn apply_gate(&mut self, overrides: &Overrides, fail_on: FailOn) {
        self.summary.fail_on = fail_on;
        self.apply_overrides(overrides);
    }

    /// The exit code the gate gives this report: 1 exactly when the verdict is a failure.
    pub fn exit_code(&self) -> u8 {
        u8::from(!self.summary.passed)
    }

    /// Apply severity overrides: the one place where a finding's severity changes. Allowed rules'
    /// findings are dropped; every override in force is listed in `overrides`.
    pub fn apply_overrides(&mut self, overrides: &Overrides) {
        let mut counts = std::collections::BTreeMap::new();
        self.findings.retain_mut(|f| match overrides.get(f.code) {
            None => true,
            Some((level, _)) => {
                *counts.entry(f.code).or_insert(0u64) += 1;
                match level.severity() {
                    Some(s) => {
                        f.severity = s;
                        true
                    }
                    None => false,
                }
            }
        });
        self.overrides = overrides
            .iter()
            .map(|(code, level, source)| Applied {
                code,
                level,
                source,
                findings: counts.get(&code).copied().unwrap_or(0),
            })
            .collect();
        self.recount();
    }

    /// Put findings in their deterministic order, drop exact duplicates, and recount.
    pub fn sort_and_recount(&mut self) {
        self.findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.findings.dedup();
        self.recount();
    }

    /// Recompute the severity counts (after overrides, for example).
    pub fn recount(&mut self) {
        let count = |s| self.findings.iter().filter(|f| f.severity == s).count() as u64;
        self.summary.errors = count(Severity::Error);
        self.summary.warnings = count(Severity::Warning);
        self.summary.notes = count(Severity::Note);
        (self.summary.passed, self.summary.verdict) =
            verdict(self.summary.errors, self.summary.warnings, self.summary.fail_on);
    }

    /// The worst severity present.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    /// The report as pretty JSON (the `--format json` contract).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The verdict fails exactly when a count is at or above the gate, for every combination.
    #[test]
    fn verdict_fails_exactly_at_the_gate() {
        for fail_on in [FailOn::Error, FailOn::Warning, FailOn::Never] {
            for errors in 0..3 {
                for warnings in 0..3 {
                    let (passed, word) = verdict(errors, warnings, fail_on);
                    let fails = (errors > 0 && fail_on.fails(Severity::Error))
                        || (warnings > 0 && fail_on.fails(Severity::Warning));
                    assert_eq!(passed, !fails, "{errors} {warnings} {fail_on:?}");
                    assert_eq!(word.starts_with("FAILED"), fails, "{word}");
                    assert_eq!(word == "OK", errors + warnings == 0, "{word}");
                    // A severity passing only because of a non-default --fail-on says so.
                    assert_eq!(
                        word.contains("let through by fail-on never"),
                        passed && errors > 0 || (fail_on == FailOn::Never && warnings > 0),
                        "{word}"
                    );
                }
            }
        }
    }
}
