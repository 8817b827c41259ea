//! `build.versionRequirements`: which Zarf can deploy a package (Zarf's
//! `src/internal/packager/requirements`: semver comparison; a development build, `unset-…`,
//! meets every requirement).

use crate::report::VersionRequirement;

/// A semantic version as Zarf's `semver.NewVersion` compares it: major, minor, patch, and whether
/// it is a pre-release (which sorts before its release).
fn semver(s: &str) -> Option<(u64, u64, u64, bool)> {
    let s = s.trim().trim_start_matches('v');
    let (core, pre) = match s.split_once('-') {
        Some((c, rest)) => (c, !rest.split('+').next().unwrap_or("").is_empty()),
        None => (s.split('+').next().unwrap_or(s), false),
    };
    let mut it = core.split('.');
    let n = |p: Option<&str>| p.map_or(Some(0), |p| p.parse::<u64>().ok());
    let v = (it.next()?.parse::<u64>().ok()?, n(it.next())?, n(it.next())?);
    if it.next().is_some() {
        return None;
    }
    Some((v.0, v.1, v.2, pre))
}

/// Whether `s` is a version Zarf can compare (a semantic version, or a development build).
pub fn is_zarf_version(s: &str) -> bool {
    s.starts_with("unset") || semver(s).is_some()
}

/// `a < b` as semver orders them (pre-release identifiers themselves are not compared).
fn less(a: (u64, u64, u64, bool), b: (u64, u64, u64, bool)) -> bool {
    ((a.0, a.1, a.2), !a.3) < ((b.0, b.1, b.2), !b.3)
}

/// Whether Zarf `zarf_version` (`v0.77.0`) can deploy a package with these requirements: `Ok`,
/// or why not (each unmet requirement, or a version that does not parse).
pub fn can_deploy(requirements: &[VersionRequirement], zarf_version: &str) -> Result<(), String> {
    if zarf_version.starts_with("unset") {
        return Ok(());
    }
    let current = semver(zarf_version).ok_or_else(|| format!("\"{zarf_version}\" is not a Zarf version"))?;
    let mut unmet = Vec::new();
    for r in requirements {
        let Some(need) = semver(&r.version) else {
            return Err(format!("Zarf cannot parse the required version \"{}\", so it refuses the package", r.version));
        };
        if less(current, need) {
            unmet.push(format!("{} ({})", r.version, r.reason));
        }
    }
    if unmet.is_empty() {
        Ok(())
    } else {
        Err(format!("Zarf {zarf_version} is older than the package requires: {}", unmet.join("; ")))
    }
}

/// Whether the declared requirements include `needs` or a later version.
pub(crate) fn declares(requirements: &[VersionRequirement], needs: &str) -> bool {
    let Some(need) = semver(needs) else { return false };
    requirements.iter().any(|r| semver(&r.version).is_some_and(|v| !less(v, need)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(v: &str) -> VersionRequirement {
        VersionRequirement { version: v.into(), reason: "why".into() }
    }

    #[test]
    fn as_zarf_compares() {
        let reqs = [req("v0.77.0"), req("v0.71.0")];
        assert!(can_deploy(&reqs, "v0.77.0").is_ok());
        assert!(can_deploy(&reqs, "v0.80.1").is_ok());
        let e = can_deploy(&reqs, "v0.76.2").unwrap_err();
        assert!(e.contains("v0.77.0") && !e.contains("v0.71.0"), "{e}");
        assert!(can_deploy(&reqs, "v0.77.0-rc.1").is_err());
        assert!(can_deploy(&reqs, "unset-development-only").is_ok());
        assert!(can_deploy(&[], "v0.1.0").is_ok());
        assert!(can_deploy(&[req("latest")], "v1.0.0").is_err());
        assert!(declares(&reqs, "v0.71.0") && declares(&reqs, "v0.77.0") && !declares(&reqs, "v0.78.0"));
    }
}
