//! ZV611 `manifest-image-not-carried`: A manifest runs an image the package does not carry.

use crate::diag::Message;
use crate::diag::{Rule, Severity};

pub static RULE: Rule = Rule {
    code: crate::code::Code::ZV611,
    name: "manifest-image-not-carried",
    severity: Severity::Warning,
    summary: "A manifest runs an image the package does not carry",
    help: "In an air gap the image can never be pulled; add it to the component's `images` and rebuild.",
    checks: "Every `image` of the containers, initContainers and ephemeralContainers of each Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob and ReplicaSet in a component's manifests must, normalized as Zarf's agent normalizes it before rewriting it to the internal registry (`docker.io/library/`, `:latest`), be one of the images zarf.yaml lists (in any component). Images in charts are not checked: charts are not rendered.",
    why: "The agent rewrites the image to the Zarf registry, which holds only the package's images: the pod stays in `ImagePullBackOff`.",
    example: "`web-0.yaml` runs `nginx:1.27` while the package carries `nginx:1.25`.",
    fix: "Add the image to `images` of the component and rebuild the package.",
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestImageNotCarried {
    pub image: String,
    pub object: String,
    pub list: &'static str,
}

impl Message for ManifestImageNotCarried {
    const RULE: &'static Rule = &RULE;
    fn message(&self) -> String {
        format!("{} runs image \"{}\" ({}), which the package does not carry", self.object, self.image, self.list)
    }
}
