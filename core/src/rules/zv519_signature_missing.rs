//! ZV519 `signature-missing`: A key was given but the package has no signature.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV519,
    name: "signature-missing",
    severity: Severity::Error,
    summary: "A key was given but the package has no signature",
    help: "The package is unsigned (or its signature files were removed); do not deploy it where signatures are required. When a key is given, `zarf package deploy` fails when it loads the package (\"signature verification failed: …\").",
    checks: "When `--key` is given, the package must contain `zarf.yaml` and `zarf.yaml.sig` or `zarf.bundle.sig`: a key given for a target without zarf.yaml (a bare image layout, or a Zarf package cut before its last entries) is this error too, since there is nothing signed to verify. As in Zarf, the package must also be signed by its own account: `build.signed: true` in zarf.yaml, or, when zarf.yaml does not say, a `zarf.yaml.sig` (a `zarf.bundle.sig` alone, or `build.signed: false`, is refused however good the signature).",
    why: "Stripping the signature is the simplest way around signature checks: a verifier that passes unsigned packages when asked for signatures protects nothing.",
    example: "`zverify check --key cosign.pub pkg.tar.zst` on a package without signature files.",
    fix: "Obtain a signed package from its publisher.",
};

/// A key was given, but there is nothing to verify it against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureMissing {
    /// There is no zarf.yaml at all.
    NoZarfYaml,
    /// There is no zarf.yaml.sig or zarf.bundle.sig.
    NoSignatureFile,
    /// Zarf does not take the package as signed (its IsSigned: `build.signed`, or without it
    /// whether zarf.yaml.sig exists), so with a key it refuses to load it. `found` lists the
    /// signature files present when `build.signed` is absent.
    NotSignedForZarf { signed_false: bool, found: Vec<String> },
}

impl Message for SignatureMissing {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            SignatureMissing::NoZarfYaml => {
                "a key was given, but there is no zarf.yaml, so there is no package signature to verify".into()
            }
            SignatureMissing::NoSignatureFile => {
                "a key was given, but the package has no zarf.yaml.sig or zarf.bundle.sig".into()
            }
            SignatureMissing::NotSignedForZarf { signed_false, found } => {
                let why = if *signed_false {
                    "zarf.yaml says build.signed: false".to_owned()
                } else {
                    format!("zarf.yaml has no build.signed and there is no zarf.yaml.sig (only {})", found.join(", "))
                };
                format!("a key was given, but {why}, so Zarf does not take the package as signed and refuses to load it (\"verification material was provided but the package is not signed\")")
            }
        }
    }
}
