//! Image references, as Zarf normalizes them (`transform.ParseImageRef`, which is
//! distribution/reference's `ParseAnyReference` plus a default `:latest`).
//!
//! Written by hand: no maintained Rust crate implements distribution/reference's normalization
//! rules (docker.io, `library/`, `index.docker.io`, host detection) exactly; `oci-spec`'s and
//! `oci-client`'s `Reference` parsers differ from it on several of the cases tested below.

use std::fmt;

pub const DEFAULT_DOMAIN: &str = "docker.io";
const LEGACY_DEFAULT_DOMAIN: &str = "index.docker.io";
const OFFICIAL_PREFIX: &str = "library/";
const NAME_TOTAL_MAX: usize = 255;

/// A parsed, normalized reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// `docker.io`, `ghcr.io`, `localhost:5000`, …
    pub domain: String,
    /// Repository path: `library/nginx`.
    pub path: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl ImageRef {
    /// `domain/path`.
    pub fn name(&self) -> String {
        format!("{}/{}", self.domain, self.path)
    }
    /// The normalized reference: `domain/path[:tag][@digest]`, `:latest` when neither was given.
    pub fn normalized(&self) -> String {
        let mut s = self.name();
        match (&self.tag, &self.digest) {
            (None, None) => s.push_str(":latest"),
            (t, d) => {
                if let Some(t) = t {
                    s.push(':');
                    s.push_str(t);
                }
                if let Some(d) = d {
                    s.push('@');
                    s.push_str(d);
                }
            }
        }
        s
    }
}

impl fmt::Display for ImageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.normalized())
    }
}

/// Why a reference is not one Zarf (distribution/reference) parses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError {
    Empty,
    /// A bare 64-hex image ID.
    ImageId(String),
    Digest(String),
    Tag(String),
    /// The whole input, which has no repository name.
    NoName(String),
    /// The normalized name (`domain/path`), over the limit.
    NameTooLong(String),
    Host(String),
    NotLowercase(String),
    Repository(String),
}

impl fmt::Display for RefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefError::Empty => f.write_str("the reference is empty"),
            RefError::ImageId(s) => write!(f, "\"{s}\" is an image ID, not a name"),
            RefError::Digest(d) => write!(f, "\"{d}\" is not a valid digest"),
            RefError::Tag(t) => write!(f, "\"{t}\" is not a valid tag"),
            RefError::NoName(input) => write!(f, "\"{input}\" has no repository name"),
            RefError::NameTooLong(name) => {
                write!(f, "repository name \"{name}\" is longer than {NAME_TOTAL_MAX} characters")
            }
            RefError::Host(d) => write!(f, "\"{d}\" is not a valid registry host"),
            RefError::NotLowercase(p) => write!(f, "repository name \"{p}\" must be lowercase"),
            RefError::Repository(p) => write!(f, "\"{p}\" is not a valid repository name"),
        }
    }
}

impl std::error::Error for RefError {}

/// Parse and normalize a reference the way Zarf does. `oci://` is stripped; a bare 64-hex string
/// (an image ID) is not a name and is rejected.
pub fn parse(input: &str) -> Result<ImageRef, RefError> {
    let s = input.strip_prefix("oci://").unwrap_or(input);
    if s.is_empty() {
        return Err(RefError::Empty);
    }
    if s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()) {
        return Err(RefError::ImageId(s.to_owned()));
    }
    // Digest: everything after the first '@'.
    let (rest, digest) = match s.split_once('@') {
        Some((r, d)) => {
            if !digest_grammar(d) {
                return Err(RefError::Digest(d.to_owned()));
            }
            (r, Some(d.to_owned()))
        }
        None => (s, None),
    };
    // Tag: after the last ':' that comes after the last '/'.
    let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match rest[last_slash..].rfind(':') {
        Some(i) => {
            let t = &rest[last_slash + i + 1..];
            if !tag_grammar(t) {
                return Err(RefError::Tag(t.to_owned()));
            }
            (&rest[..last_slash + i], Some(t.to_owned()))
        }
        None => (rest, None),
    };
    if name.is_empty() {
        return Err(RefError::NoName(input.to_owned()));
    }
    // Domain detection (distribution/reference splitDockerDomain): the first component is a host
    // if it contains '.' or ':', is "localhost", or has an uppercase letter.
    let (mut domain, mut path) = match name.split_once('/') {
        Some((first, remainder))
            if first.contains(['.', ':']) || first == "localhost" || first.bytes().any(|b| b.is_ascii_uppercase()) =>
        {
            (first.to_owned(), remainder.to_owned())
        }
        _ => (DEFAULT_DOMAIN.to_owned(), name.to_owned()),
    };
    if domain == LEGACY_DEFAULT_DOMAIN {
        domain = DEFAULT_DOMAIN.to_owned();
    }
    if domain == DEFAULT_DOMAIN && !path.contains('/') {
        path = format!("{OFFICIAL_PREFIX}{path}");
    }
    if !domain_grammar(&domain) {
        return Err(RefError::Host(domain));
    }
    if path.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(RefError::NotLowercase(path));
    }
    if !path.split('/').all(path_component) {
        return Err(RefError::Repository(path));
    }
    // distribution/reference measures the normalized name (`docker.io/library/…`), as Zarf's
    // ParseNormalizedNamed does: a short input can normalize past the limit.
    if domain.len() + 1 + path.len() > NAME_TOTAL_MAX {
        return Err(RefError::NameTooLong(format!("{domain}/{path}")));
    }
    Ok(ImageRef { domain, path, tag, digest })
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
fn path_component(c: &str) -> bool {
    let b = c.as_bytes();
    if b.is_empty() || !is_alnum_lower(b[0]) || !is_alnum_lower(b[b.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if is_alnum_lower(b[i]) {
            i += 1;
            continue;
        }
        let sep_len = match b[i] {
            b'.' => 1,
            b'_' if b.get(i + 1) == Some(&b'_') => 2,
            b'_' => 1,
            b'-' => b[i..].iter().take_while(|c| **c == b'-').count(),
            _ => return false,
        };
        i += sep_len;
        if !b.get(i).is_some_and(|c| is_alnum_lower(*c)) {
            return false;
        }
    }
    true
}

fn is_alnum_lower(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

/// Host: DNS labels joined by '.', or an `[IPv6]`, with an optional `:port`.
fn domain_grammar(d: &str) -> bool {
    let (host, port) = if let Some(rest) = d.strip_prefix('[') {
        match rest.split_once(']') {
            Some((v6, tail)) => {
                if v6.is_empty() || !v6.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.') {
                    return false;
                }
                (None, tail.strip_prefix(':').map(Some).unwrap_or(if tail.is_empty() { None } else { Some("x") }))
            }
            None => return false,
        }
    } else {
        match d.rsplit_once(':') {
            Some((h, p)) => (Some(h), Some(p)),
            None => (Some(d), None),
        }
    };
    if let Some(p) = port {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    match host {
        None => true,
        Some(h) => {
            !h.is_empty()
                && h.split('.').all(|label| {
                    let b = label.as_bytes();
                    !b.is_empty()
                        && b[0].is_ascii_alphanumeric()
                        && b[b.len() - 1].is_ascii_alphanumeric()
                        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
                })
        }
    }
}

/// `[\w][\w.-]{0,127}`
fn tag_grammar(t: &str) -> bool {
    let b = t.as_bytes();
    !b.is_empty()
        && b.len() <= 128
        && (b[0].is_ascii_alphanumeric() || b[0] == b'_')
        && b.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
}

/// `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}`
fn digest_grammar(d: &str) -> bool {
    let Some((alg, hex)) = d.split_once(':') else { return false };
    let alg_ok = alg.split(['-', '_', '+', '.']).all(|part| {
        let b = part.as_bytes();
        !b.is_empty() && b[0].is_ascii_alphabetic() && b.iter().all(u8::is_ascii_alphanumeric)
    });
    alg_ok && hex.len() >= 32 && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Zarf's own table (src/pkg/transform/image_test.go, TestParseImageRef), plus more cases.
    #[test]
    fn zarf_table() {
        let cases = [
            ("nginx", "docker.io/library/nginx:latest"),
            ("nginx:1.23.3", "docker.io/library/nginx:1.23.3"),
            ("defenseunicorns/zarf-agent:v0.22.1", "docker.io/defenseunicorns/zarf-agent:v0.22.1"),
            (
                "defenseunicorns/zarf-agent@sha256:84605f731c6a18194794c51e70021c671ab064654b751aa57e905bce55be13de",
                "docker.io/defenseunicorns/zarf-agent@sha256:84605f731c6a18194794c51e70021c671ab064654b751aa57e905bce55be13de",
            ),
            (
                "busybox:latest@sha256:3fbc632167424a6d997e74f52b878d7cc478225cffac6bc977eedfe51c7f4e79",
                "docker.io/library/busybox:latest@sha256:3fbc632167424a6d997e74f52b878d7cc478225cffac6bc977eedfe51c7f4e79",
            ),
            ("ghcr.io/stefanprodan/podinfo:6.3.3", "ghcr.io/stefanprodan/podinfo:6.3.3"),
            (
                "registry1.dso.mil/ironbank/opensource/defenseunicorns/zarf/zarf-agent:v0.25.0",
                "registry1.dso.mil/ironbank/opensource/defenseunicorns/zarf/zarf-agent:v0.25.0",
            ),
            ("gitlab.com/project/gitea/gitea:1.19.3-rootless-zarf-3431384023", "gitlab.com/project/gitea/gitea:1.19.3-rootless-zarf-3431384023"),
            ("oci://10.43.130.183:5000/stefanprodan/manifests/podinfo", "10.43.130.183:5000/stefanprodan/manifests/podinfo:latest"),
            // More: the legacy Docker Hub host, localhost, ports, IPv6, separators.
            ("index.docker.io/library/alpine:3.20", "docker.io/library/alpine:3.20"),
            ("index.docker.io/alpine", "docker.io/library/alpine:latest"),
            ("docker.io/alpine:3.20", "docker.io/library/alpine:3.20"),
            ("localhost/foo", "localhost/foo:latest"),
            ("localhost:5000/foo/bar:v1", "localhost:5000/foo/bar:v1"),
            ("[::1]:5000/foo:v1", "[::1]:5000/foo:v1"),
            ("quay.io/a__b/c--d/e.f:1", "quay.io/a__b/c--d/e.f:1"),
            ("Registry.Example/foo", "Registry.Example/foo:latest"),
            ("ghcr.io/zarf-dev/zarf/agent:v0.32.6@sha256:05a82656df5466ce17c3e364c16792ae21ce68438bfe06eeab309d0520c16b48",
             "ghcr.io/zarf-dev/zarf/agent:v0.32.6@sha256:05a82656df5466ce17c3e364c16792ae21ce68438bfe06eeab309d0520c16b48"),
        ];
        for (input, want) in cases {
            let got = parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(got.normalized(), want, "{input}");
        }
        let busy =
            parse("busybox:latest@sha256:3fbc632167424a6d997e74f52b878d7cc478225cffac6bc977eedfe51c7f4e79").unwrap();
        assert_eq!(
            (busy.domain.as_str(), busy.path.as_str(), busy.tag.as_deref()),
            ("docker.io", "library/busybox", Some("latest"))
        );
    }

    #[test]
    fn rejects() {
        for bad in [
            "i am not a ref at all",
            "C:\\Users\\zarf",
            "http://urls.are/not/refs",
            "",
            "oci://",
            "Nginx",
            "ghcr.io/Org/app:v1",
            "nginx:",
            "nginx:-bad",
            "nginx@sha256:short",
            "a/b/",
            "a//b",
            "host:port/x",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "nginx:v1:v2",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should not parse");
        }
        assert!(parse(&format!("x/{}", "a".repeat(300))).is_err());
    }
}
