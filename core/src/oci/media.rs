//! Media types: the RFC 6838 grammar and the types zverify knows how to read.

pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
pub const OCI_CONFIG: &str = "application/vnd.oci.image.config.v1+json";
pub const OCI_EMPTY: &str = "application/vnd.oci.empty.v1+json";
pub const DOCKER_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
pub const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";
pub const DOCKER_CONFIG: &str = "application/vnd.docker.container.image.v1+json";
pub const DOCKER_SCHEMA1: &str = "application/vnd.docker.distribution.manifest.v1+json";
pub const DOCKER_SCHEMA1_SIGNED: &str = "application/vnd.docker.distribution.manifest.v1+prettyjws";

/// The empty descriptor's content `{}`.
pub const EMPTY_DIGEST: &str = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

pub fn is_index(mt: &str) -> bool {
    mt == OCI_INDEX || mt == DOCKER_LIST
}
pub fn is_manifest(mt: &str) -> bool {
    mt == OCI_MANIFEST || mt == DOCKER_MANIFEST
}
pub fn is_schema1(mt: &str) -> bool {
    mt == DOCKER_SCHEMA1 || mt == DOCKER_SCHEMA1_SIGNED
}
pub fn is_image_config(mt: &str) -> bool {
    mt == OCI_CONFIG || mt == DOCKER_CONFIG
}
/// Non-distributable layers may legitimately be absent from a layout.
pub fn is_foreign_layer(mt: &str) -> bool {
    mt.starts_with("application/vnd.oci.image.layer.nondistributable.")
        || mt == "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"
}

/// RFC 6838: `^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$`.
pub fn valid(mt: &str) -> bool {
    /// The bytes allowed after a part's first (checked per byte for every descriptor).
    const REST: [bool; 256] = {
        let mut t = [false; 256];
        let mut c = 0;
        while c < 256 {
            let b = c as u8;
            t[c] =
                b.is_ascii_alphanumeric() || matches!(b, b'!' | b'#' | b'$' | b'&' | b'^' | b'_' | b'.' | b'+' | b'-');
            c += 1;
        }
        t
    };
    fn part(p: &str) -> bool {
        let b = p.as_bytes();
        !b.is_empty()
            && b.len() <= 127
            && b[0].is_ascii_alphanumeric()
            && b[1..].iter().fold(true, |ok, &c| ok & REST[c as usize])
    }
    match mt.split_once('/') {
        Some((t, s)) => part(t) && part(s),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn grammar() {
        assert!(super::valid(super::OCI_MANIFEST));
        assert!(super::valid("text/plain"));
        for bad in ["application", ".foo/bar", "foo/.bar", "", "a/b/c", "a/", &format!("{}/x", "a".repeat(128))] {
            assert!(!super::valid(bad), "{bad}");
        }
        assert!(super::valid(&format!("{}/{}", "a".repeat(127), "b".repeat(127))));
        for c in 0..=255u8 {
            let allowed = c.is_ascii_alphanumeric() || b"!#$&^_.+-".contains(&c);
            let mt = format!("a{}/b", char::from(c));
            assert_eq!(super::valid(&mt), allowed && c != b'/', "{c}");
        }
    }
}
