//! What to ask a registry for: the host contacted, the repository, and a tag or digest.
//!
//! Parsing is the core's (`zverify_core::zarf::reference`, Zarf's normalization); this adds only
//! where Docker Hub is contacted (`docker.io` → `registry-1.docker.io`; `library/` is already
//! added by the normalization).

use zverify_core::zarf::reference::{self, ImageRef, RefError};

/// Where Docker Hub's registry API is served.
pub const DOCKER_HUB_API: &str = "registry-1.docker.io";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The reference as normalized (`docker.io/library/nginx:latest`).
    pub image: ImageRef,
    /// The host (and port) contacted: `registry-1.docker.io` for Docker Hub.
    pub registry: String,
    /// Repository path: `library/nginx`.
    pub repository: String,
}

impl Target {
    /// Parse a reference (`nginx`, `ghcr.io/org/app:1.2`, `…@sha256:…`, `localhost:5000/x:y`,
    /// `oci://…`).
    pub fn parse(input: &str) -> Result<Target, RefError> {
        Ok(Target::from_ref(reference::parse(input)?))
    }

    pub fn from_ref(image: ImageRef) -> Target {
        let registry = registry_host(&image.domain);
        let repository = image.path.clone();
        Target { image, registry, repository }
    }

    /// The same repository path on another registry (`--against-registry=HOST`).
    pub fn on_host(&self, host: &str) -> Target {
        let mut image = self.image.clone();
        image.domain = host.to_owned();
        Target { image, registry: registry_host(host), repository: self.repository.clone() }
    }

    /// What to put after `/manifests/`: the digest when pinned, else the tag (`latest` by default).
    pub fn reference(&self) -> &str {
        match (&self.image.digest, &self.image.tag) {
            (Some(d), _) => d,
            (None, Some(t)) => t,
            (None, None) => "latest",
        }
    }

    /// `host/repository`, as messages name it.
    pub fn name(&self) -> String {
        format!("{}/{}", self.image.domain, self.repository)
    }
}

/// The host contacted for a reference's domain.
pub fn registry_host(domain: &str) -> String {
    match domain {
        "docker.io" | "index.docker.io" => DOCKER_HUB_API.to_owned(),
        d => d.to_owned(),
    }
}

/// Loopback hosts, where plain HTTP is used without `--plain-http` (as docker, skopeo, oras do).
pub fn is_loopback(host: &str) -> bool {
    let h = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => {
            host.rsplit_once(':').map_or(host, |(h, p)| if p.bytes().all(|b| b.is_ascii_digit()) { h } else { host })
        }
    };
    h == "localhost" || h == "::1" || h.parse::<std::net::Ipv4Addr>().is_ok_and(|a| a.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_hub_and_loopback() {
        let t = Target::parse("nginx").unwrap();
        assert_eq!(
            (t.registry.as_str(), t.repository.as_str(), t.reference()),
            ("registry-1.docker.io", "library/nginx", "latest")
        );
        let t = Target::parse("index.docker.io/org/app:1").unwrap();
        assert_eq!(
            (t.registry.as_str(), t.repository.as_str(), t.reference()),
            ("registry-1.docker.io", "org/app", "1")
        );
        let d = "sha256:3fbc632167424a6d997e74f52b878d7cc478225cffac6bc977eedfe51c7f4e79";
        let t = Target::parse(&format!("oci://127.0.0.1:5000/a/b:v1@{d}")).unwrap();
        assert_eq!((t.registry.as_str(), t.repository.as_str(), t.reference()), ("127.0.0.1:5000", "a/b", d));
        assert!(is_loopback("127.0.0.1:5000") && is_loopback("localhost") && is_loopback("[::1]:80"));
        assert!(!is_loopback("ghcr.io") && !is_loopback("127.example.com:5000"));
        assert_eq!(t.on_host("mirror:5001").registry, "mirror:5001");
        assert_eq!(t.on_host("mirror:5001").repository, "a/b");
    }
}
