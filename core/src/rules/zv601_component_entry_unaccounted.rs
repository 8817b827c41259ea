//! ZV601 `component-entry-unaccounted`: A component tarball holds something zarf.yaml does not account for.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV601,
    name: "component-entry-unaccounted",
    severity: Severity::Error,
    summary: "A component tarball holds something zarf.yaml does not account for",
    help: "Content no promise of zarf.yaml describes was added to the component; remove it or rebuild the package.",
    checks: "Every entry of `components/<name>.tar` must be one Zarf writes for what zarf.yaml lists: `<name>/` and its `files/<i>/<base(target)>`, `charts/<name>-<version>.tgz`, `values/<name>-<version>-<k>`, `manifests/<name>-<k>.yaml`, `manifests/kustomization-<name>-<k>.yaml`, `data/<i>/<base(target.path)>` and `repos/` (a directory source's files and a repository's clone are accounted for whole). A component with no content has no tarball at all.",
    why: "checksums.txt vouches for the tarball as a whole, so anything inside it rides along unseen: extra files under a directory source are deployed to the node, and anything else is content nobody declared.",
    example: "`app/files/0/extra.sh` added next to `app/files/0/hello.txt`.",
    fix: "Remove the entry, or declare it in zarf.yaml and rebuild the package.",
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentEntryUnaccounted {
    pub component: String,
    pub entry: String,
}

impl Message for ComponentEntryUnaccounted {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("\"{}\" is not anything component \"{}\" of zarf.yaml accounts for", self.entry, self.component)
    }
}
