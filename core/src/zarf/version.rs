//! Zarf CLI versions (`build.version`, e.g. `v0.48.0`, `v0.77.0-rc.1`), compared numerically.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(pub u64, pub u64, pub u64);

impl Version {
    /// Parse `v0.48.0`, `0.48.0`, `v0.48.0-rc1+meta`. Pre-release tags are ignored.
    pub fn parse(s: &str) -> Option<Version> {
        let s = s.trim().trim_start_matches('v');
        let core = s.split(['-', '+']).next()?;
        let mut it = core.split('.').map(|p| p.parse::<u64>().ok());
        let v = Version(it.next()??, it.next().unwrap_or(Some(0))?, it.next().unwrap_or(Some(0))?);
        Some(v)
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "v{}.{}.{}", self.0, self.1, self.2)
    }
}

/// checksums.txt is written by every Zarf since v0.25.1.
pub const CHECKSUMS_SINCE: Version = Version(0, 25, 1);
/// From v0.33.1 `package create` refuses image-index digests.
pub const INDEX_REFUSED_SINCE: Version = Version(0, 33, 1);
/// From v0.77.0 a pinned index is stored whole (PR #4879).
pub const INDEX_KEPT_SINCE: Version = Version(0, 77, 0);

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn parse_and_order() {
        assert_eq!(Version::parse("v0.48.0"), Some(Version(0, 48, 0)));
        assert_eq!(Version::parse("0.77.0-rc.1"), Some(Version(0, 77, 0)));
        assert_eq!(Version::parse("v1"), Some(Version(1, 0, 0)));
        assert_eq!(Version::parse("unset"), None);
        assert!(Version(0, 33, 0) < INDEX_REFUSED_SINCE && INDEX_REFUSED_SINCE < INDEX_KEPT_SINCE);
        assert!(Version(0, 25, 0) < CHECKSUMS_SINCE);
    }
}
