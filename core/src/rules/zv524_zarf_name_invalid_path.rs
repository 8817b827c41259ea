//! ZV524 `zarf-name-invalid-path`: A zarf.yaml name that Zarf uses as a path component is `..` or
//! holds a path separator; Zarf refuses to load the package.

use crate::diag::Message;
use crate::diag::{Rule, Severity};
use crate::zarf::yaml::InvalidPath;

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV524,
    name: "zarf-name-invalid-path",
    severity: Severity::Error,
    summary: "A zarf.yaml name that Zarf uses as a path component is `..` or holds `/` or `\\`",
    help: "`zarf package deploy` fails when it loads the package, before anything is deployed; the package definition was changed after it was built.",
    checks: "`metadata.name`, `metadata.version`, `build.flavor`, `build.differentialPackageVersion`, every component name, chart name and chart version (for v1beta1, the version Zarf derives from the chart's source) and manifest name, in every known document of zarf.yaml: none may be exactly `..` or contain `/` or `\\` (Zarf's `validatePackagePaths`).",
    why: "Zarf builds file paths from these values and refuses the package when one would leave its directory: \"… would result in an invalid path\".",
    example: "`components: [{name: ../app}]` in a re-sealed package.",
    fix: "Obtain the package again from its publisher, or rebuild it with plain names.",
};

/// One value Zarf refuses as a path component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZarfNameInvalidPath(pub InvalidPath);

impl Message for ZarfNameInvalidPath {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        let p = &self.0;
        format!(
            "the {} document's {} is used by Zarf as a path component; a deploy fails when Zarf loads the package: \"{}\"",
            p.document,
            p.field.trim_start_matches("package "),
            p.zarf_message()
        )
    }
}
