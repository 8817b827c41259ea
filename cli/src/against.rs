//! `zverify check <PACKAGE> --against-registry[=HOST]`: ask registries (manifests only, never
//! layers) about each image the package holds. This file only does the HTTP: what to ask and every
//! finding (ZV710–ZV713) are decided in the core (`zverify_core::published::Against`).

use zverify_core::published::{Against, Answer, Image};
use zverify_core::Report;
use zverify_registry::{Client, Target};

pub fn apply(report: &mut Report, client: &Client, mirror: Option<&str>) {
    let mut targets = Vec::new();
    let mut images = Vec::new();
    for i in report.package.iter().flat_map(|p| &p.images) {
        let Some(reference) = &i.reference else { continue };
        let Ok(parsed) = Target::parse(reference) else { continue };
        let target = match mirror {
            Some(h) => parsed.on_host(h),
            None => parsed,
        };
        images.push(Image {
            reference: reference.clone(),
            stored: i.digest.clone(),
            registry: target.registry.clone(),
            repository: target.repository.clone(),
            pinned: target.image.digest.clone(),
            tag: target.reference().to_owned(),
        });
        targets.push(target);
    }
    let mut against = Against::new(images, mirror.is_some());
    while let Some(ask) = against.next_ask() {
        let answer = match client.get_manifest(&targets[ask.image], &ask.reference) {
            Ok(m) => Answer::Served(crate::oci_check::served(m)),
            Err(e) if e.is_not_found() => Answer::NotFound,
            Err(e) if e.is_content() => Answer::WrongBytes(e.to_string()),
            Err(e) => Answer::Failed(e.to_string()),
        };
        against.answer(answer);
    }
    report.findings.extend(against.finish());
    report.sort_and_recount();
}
