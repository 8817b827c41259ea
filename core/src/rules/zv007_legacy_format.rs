//! ZV007 `legacy-format`: The package uses a legacy format zverify cannot verify.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV007,
    name: "legacy-format",
    severity: Severity::Error,
    summary: "The package uses a legacy format zverify cannot verify",
    help: "Rebuild the package with a current Zarf, or verify it with the Zarf version that built it.",
    checks: "Docker schema 1 manifests (`application/vnd.docker.distribution.manifest.v1+json`, signed or not), and Zarf packages from v0.24 and older that keep images in one `images.tar`.",
    why: "Schema 1 manifests are deprecated, cannot be pulled by digest from current registries, and their digests are computed over a re-signed body.",
    example: "An index entry with media type `application/vnd.docker.distribution.manifest.v1+prettyjws`.",
    fix: "Re-pull the image as a schema 2 or OCI manifest and rebuild the package.",
};

/// A legacy format zverify does not verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegacyFormat {
    /// A Docker schema 1 manifest checked as a document.
    Schema1Document,
    /// A Docker schema 1 manifest reached by the layout walk.
    Schema1Entry,
    /// A Zarf package of v0.24 and older, with one `images.tar`.
    ImagesTar,
}

impl Message for LegacyFormat {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            LegacyFormat::Schema1Document => {
                "this is a Docker schema 1 manifest, a legacy format; its layers are not verified"
            }
            LegacyFormat::Schema1Entry => "this entry is a Docker schema 1 manifest, a legacy format; it was not walked",
            LegacyFormat::ImagesTar => "images.tar: this package keeps its images in the format of Zarf v0.24 and older (one images.tar), an unsupported legacy format; the images inside it were not verified",
        }
        .into()
    }
}
