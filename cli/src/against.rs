//! `zverify check <PACKAGE> --against-registry[=HOST]`: ask registries (manifests only, never
//! layers) about each image the package holds.
//!
//! Without HOST, each image's own registry: a pinned digest it no longer serves (ZV710), a tag that
//! now points elsewhere (ZV711, a note), a pinned index digest of which the package holds one child
//! (ZV712: the #2425 diagnosis confirmed, with the platform the registry lists). With HOST, that
//! registry, keeping each image's repository path: every stored manifest digest and, for an index,
//! every child must be served there byte for byte (ZV710). A registry that cannot be reached or
//! refuses the credentials is a warning naming it (ZV713), not a failed run.

use std::collections::BTreeMap;
use zverify_core::rules::{
    RegistryDigestNotServed, RegistryIndexDigestConfirmed, RegistryTagMoved, RegistryUnreachable,
};
use zverify_core::{Finding, Report};
use zverify_registry::doc::describe;
use zverify_registry::{Client, Error, Target};

pub fn apply(report: &mut Report, client: &Client, mirror: Option<&str>) {
    let images: Vec<(String, Option<String>)> = report
        .package
        .as_ref()
        .map(|p| p.images.iter().filter_map(|i| i.reference.clone().map(|r| (r, i.digest.clone()))).collect())
        .unwrap_or_default();
    // A host that could not be reached once is not asked again (each try costs the retries).
    let mut down: BTreeMap<String, String> = BTreeMap::new();
    let mut findings = Vec::new();
    for (reference, stored) in images {
        let Ok(parsed) = Target::parse(&reference) else { continue };
        let target = match mirror {
            Some(h) => parsed.on_host(h),
            None => parsed,
        };
        if let Some(detail) = down.get(&target.registry) {
            findings.push(unreachable(&target, &reference, detail.clone()));
            continue;
        }
        let result = match mirror {
            Some(_) => mirror_image(client, &target, &reference, stored.as_deref(), &mut findings),
            None => upstream_image(client, &target, &reference, stored.as_deref(), &mut findings),
        };
        if let Err(e) = result {
            down.insert(target.registry.clone(), e.to_string());
            findings.push(unreachable(&target, &reference, e.to_string()));
        }
    }
    report.findings.extend(findings);
    report.sort_and_recount();
}

fn unreachable(target: &Target, reference: &str, detail: String) -> Finding {
    Finding::of(RegistryUnreachable { registry: target.registry.clone(), reference: reference.to_owned(), detail })
}

fn not_served(target: &Target, digest: &str, role: String) -> Finding {
    Finding::of(RegistryDigestNotServed {
        registry: target.registry.clone(),
        repository: target.repository.clone(),
        digest: digest.to_owned(),
        role,
    })
    .digest(digest.to_owned())
}

/// The image's own registry. `Err` only when the registry could not be asked.
fn upstream_image(
    client: &Client,
    target: &Target,
    reference: &str,
    stored: Option<&str>,
    out: &mut Vec<Finding>,
) -> Result<(), Error> {
    match target.image.digest.clone() {
        Some(pinned) => match client.get_manifest(target, &pinned) {
            Err(e) if e.is_not_found() => {
                out.push(not_served(target, &pinned, format!("pinned by \"{reference}\"")));
                Ok(())
            }
            Err(e) if e.is_content() => {
                out.push(not_served(
                    target,
                    &pinned,
                    format!("pinned by \"{reference}\"; the bytes served for it hash to another digest"),
                ));
                Ok(())
            }
            Err(e) => Err(e),
            Ok(m) => {
                let Some(stored) = stored.filter(|s| *s != pinned) else { return Ok(()) };
                let Ok(d) = describe(&m.bytes, m.content_type.as_deref()) else { return Ok(()) };
                if d.kind.is_index() {
                    let finding = match d.children.iter().find(|c| c.digest == stored) {
                        Some(child) => RegistryIndexDigestConfirmed::Child {
                            reference: reference.to_owned(),
                            pinned: pinned.clone(),
                            stored: stored.to_owned(),
                            platform: child.platform.clone().unwrap_or_else(|| "(no platform)".into()),
                        },
                        None => RegistryIndexDigestConfirmed::NotAChild {
                            reference: reference.to_owned(),
                            pinned: pinned.clone(),
                            stored: stored.to_owned(),
                        },
                    };
                    out.push(Finding::of(finding).digest(pinned));
                }
                Ok(())
            }
        },
        None => {
            let tag = target.reference().to_owned();
            match client.get_manifest(target, &tag) {
                Err(e) if e.is_not_found() => {
                    out.push(Finding::of(RegistryTagMoved::Gone {
                        reference: reference.to_owned(),
                        registry: target.registry.clone(),
                    }));
                    Ok(())
                }
                Err(e) => Err(e),
                Ok(m) => {
                    let Some(stored) = stored else { return Ok(()) };
                    // In the stored digest's own algorithm (a sha512 pin is not a sha256).
                    if m.hashes_to(stored) {
                        return Ok(());
                    }
                    let child = describe(&m.bytes, m.content_type.as_deref())
                        .map(|d| d.kind.is_index() && d.children.iter().any(|c| c.digest == stored))
                        .unwrap_or(false);
                    if !child {
                        out.push(
                            Finding::of(RegistryTagMoved::Moved {
                                reference: reference.to_owned(),
                                stored: stored.to_owned(),
                                now: m.digest.to_string(),
                            })
                            .digest(stored.to_owned()),
                        );
                    }
                    Ok(())
                }
            }
        }
    }
}

/// `--against-registry=HOST`: the stored manifest (and an index's children) must be served there.
fn mirror_image(
    client: &Client,
    target: &Target,
    reference: &str,
    stored: Option<&str>,
    out: &mut Vec<Finding>,
) -> Result<(), Error> {
    let Some(stored) = stored else { return Ok(()) };
    let m = match client.get_manifest(target, stored) {
        Err(e) if e.is_not_found() => {
            out.push(not_served(target, stored, format!("stored for \"{reference}\"")));
            return Ok(());
        }
        Err(e) if e.is_content() => {
            out.push(not_served(
                target,
                stored,
                format!("stored for \"{reference}\"; the registry's bytes for it hash to another digest"),
            ));
            return Ok(());
        }
        Err(e) => return Err(e),
        Ok(m) => m,
    };
    let Ok(d) = describe(&m.bytes, m.content_type.as_deref()) else { return Ok(()) };
    for child in d.children.iter().filter(|_| d.kind.is_index()) {
        let platform = child.platform.clone().unwrap_or_else(|| "(no platform)".into());
        match client.get_manifest(target, &child.digest) {
            Ok(_) => {}
            Err(e) if e.is_not_found() || e.is_content() => out.push(not_served(
                target,
                &child.digest,
                format!("the {platform} child of {stored}, stored for \"{reference}\""),
            )),
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
