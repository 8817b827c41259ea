//! ZV519 `signature-missing`: A key was given but the package has no signature.

use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: "ZV519",
    name: "signature-missing",
    severity: Severity::Error,
    summary: "A key was given but the package has no signature",
    help: "The package is unsigned (or its signature files were removed); do not deploy it where signatures are required.",
    checks: "When `--key` is given, the package must contain `zarf.yaml` and `zarf.yaml.sig` or `zarf.bundle.sig`: a key given for a target without zarf.yaml (a bare image layout, or a Zarf package cut before its last entries) is this error too, since there is nothing signed to verify. As in Zarf, the package must also be signed by its own account: `build.signed: true` in zarf.yaml, or, when zarf.yaml does not say, a `zarf.yaml.sig` (a `zarf.bundle.sig` alone, or `build.signed: false`, is refused however good the signature).",
    why: "Stripping the signature is the simplest way around signature checks: a verifier that passes unsigned packages when asked for signatures protects nothing.",
    example: "`zverify check --key cosign.pub pkg.tar.zst` on a package without signature files.",
    fix: "Obtain a signed package from its publisher.",
};
