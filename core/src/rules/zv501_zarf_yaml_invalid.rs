//! ZV501 `zarf-yaml-invalid`: zarf.yaml cannot be read as a Zarf package definition.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV501,
    name: "zarf-yaml-invalid",
    severity: Severity::Error,
    summary: "zarf.yaml cannot be read as a Zarf package definition",
    help: "zarf.yaml must be YAML with `kind: ZarfPackageConfig` or `ZarfInitConfig` and `metadata.name`; rebuild the package. Where Zarf's YAML decoding refuses it too, `zarf package deploy` fails when it loads the package.",
    checks: "zarf.yaml is read as Zarf reads it (goccy/go-yaml into structs): it must parse as YAML (aliases are bounded), merge keys (`<<`) are applied first and a key given twice once they are (explicitly and through a merge) is an error, as is a list of mappings as a merge value; keys match exactly (`Images:` is an unknown field, ignored by Zarf and by zverify); every field of the v1alpha1 and v1beta1 structs must have the Go type Zarf's decoder (goccy/go-yaml) decodes it into, as goccy converts scalars: a bool takes only `true`/`false` (not `yes`, `\"true\"`, `1`), an int takes integers, floats and numeric strings from 0 up (not `\"-5\"` or `true`), a string takes any scalar but no list or mapping, lists, maps and structs take only their own kind (`images: nginx` is an error, never an empty list; `signed: {}` is an error); every document, whatever its apiVersion, must decode an `apiVersion` (a mapping). Where zverify cannot tell what goccy makes of a value (a number in a field zverify reads, a plain string goccy reads as a number, a mapping key that is not a string, any YAML tag) that is an error too. At most one document per apiVersion (`zarf.dev/v1alpha1`, the default, and `zarf.dev/v1beta1`; others are skipped as Zarf skips them), one of them with `kind` ZarfPackageConfig or ZarfInitConfig and a `metadata.name`. When both apiVersions are present (Zarf v0.75.1+ writes v1alpha1 then v1beta1), they must agree on the name, kind, architecture, aggregate checksum, the components' images and the components' contents (the names their tarballs hold them under, as Zarf converts the v1beta1 fields to v1alpha1, and the files' shasums): current Zarf reads the v1beta1 document, older versions the v1alpha1 one (zverify checks the v1alpha1 one).",
    why: "zarf.yaml drives every Zarf operation; a package whose definition cannot be read cannot be deployed or checked against its images and checksums. Read differently from Zarf, it would have zverify check other images than the ones Zarf deploys (images listed through a merge key; a v1beta1 document listing other images than the v1alpha1 one).",
    example: "A zarf.yaml truncated in the middle of a mapping.",
    fix: "Rebuild the package with `zarf package create`.",
};

/// zarf.yaml that Zarf cannot load, or whose documents Zarf versions read differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZarfYamlInvalid {
    Unreadable(crate::zarf::yaml::YamlError),
    Disagreement(crate::zarf::yaml::Disagreement),
}

impl Message for ZarfYamlInvalid {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        match self {
            ZarfYamlInvalid::Unreadable(e) => e.to_string(),
            ZarfYamlInvalid::Disagreement(d) => d.to_string(),
        }
    }
}
