//! The typed view of what a registry serves, through `oci-spec`: what a manifest body is, an
//! index's children, a registry error body. Only for display and navigation: digests are always
//! computed from the raw bytes, never from a re-serialization.

use oci_spec::distribution::ErrorResponse;
use oci_spec::image::{Descriptor, ImageIndex, ImageManifest, MediaType};
use serde::Serialize;

/// What a manifest body is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    OciIndex,
    DockerList,
    OciManifest,
    DockerManifest,
    /// An OCI manifest with `artifactType`, or whose config is not an image config.
    Artifact,
}

impl Kind {
    pub fn describe(&self) -> &'static str {
        match self {
            Kind::OciIndex => "OCI image index",
            Kind::DockerList => "Docker manifest list",
            Kind::OciManifest => "OCI image manifest",
            Kind::DockerManifest => "Docker v2 image manifest",
            Kind::Artifact => "OCI artifact manifest",
        }
    }
    pub fn is_index(&self) -> bool {
        matches!(self, Kind::OciIndex | Kind::DockerList)
    }
}

/// One child of an index, or one layer of a manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Child {
    pub media_type: String,
    pub digest: String,
    pub size: u64,
    /// `os/arch[/variant]`.
    pub platform: Option<String>,
    /// `org.opencontainers.image.title` (a Zarf package layer's file path).
    pub title: Option<String>,
}

/// A manifest body, typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Described {
    pub kind: Kind,
    pub media_type: String,
    pub artifact_type: Option<String>,
    /// An index's manifests.
    pub children: Vec<Child>,
    /// A manifest's config.
    pub config: Option<Child>,
    /// A manifest's layers.
    pub layers: Vec<Child>,
}

/// Why a body cannot be described; `reason` is the JSON reader's own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocError {
    NotJson { reason: String },
    NotAnIndex { reason: String },
    NotAManifest { reason: String },
}

impl std::fmt::Display for DocError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocError::NotJson { reason } => write!(f, "not a JSON manifest: {reason}"),
            DocError::NotAnIndex { reason } => write!(f, "not an image index oci-spec can read: {reason}"),
            DocError::NotAManifest { reason } => write!(f, "not an image manifest oci-spec can read: {reason}"),
        }
    }
}

impl std::error::Error for DocError {}

fn child(d: &Descriptor) -> Child {
    Child {
        media_type: d.media_type().to_string(),
        digest: d.digest().to_string(),
        size: d.size(),
        platform: d.platform().as_ref().map(|p| {
            let mut s = format!("{}/{}", p.os(), p.architecture());
            if let Some(v) = p.variant() {
                s.push('/');
                s.push_str(v);
            }
            s
        }),
        title: d.annotations().as_ref().and_then(|a| a.get("org.opencontainers.image.title").cloned()),
    }
}

/// Describe a manifest body. The body's own `mediaType` decides, then `Content-Type`, then its
/// shape (`manifests` → index).
pub fn describe(bytes: &[u8], content_type: Option<&str>) -> Result<Described, DocError> {
    #[derive(serde::Deserialize)]
    struct Peek {
        #[serde(default, rename = "mediaType")]
        media_type: Option<String>,
        #[serde(default)]
        manifests: Option<serde_json::Value>,
    }
    let peek: Peek = serde_json::from_slice(bytes).map_err(|e| DocError::NotJson { reason: e.to_string() })?;
    let content_type = content_type.map(|c| c.split(';').next().unwrap_or(c).trim().to_owned());
    let media_type = peek.media_type.clone().or(content_type).unwrap_or_default();
    let is_index = match media_type.as_str() {
        crate::OCI_INDEX | crate::DOCKER_LIST => true,
        crate::OCI_MANIFEST | crate::DOCKER_MANIFEST => false,
        _ => peek.manifests.is_some(),
    };
    if is_index {
        let index: ImageIndex =
            serde_json::from_slice(bytes).map_err(|e| DocError::NotAnIndex { reason: e.to_string() })?;
        let kind = if media_type == crate::DOCKER_LIST { Kind::DockerList } else { Kind::OciIndex };
        Ok(Described {
            kind,
            media_type: if media_type.is_empty() { crate::OCI_INDEX.to_owned() } else { media_type },
            artifact_type: index.artifact_type().as_ref().map(MediaType::to_string),
            children: index.manifests().iter().map(child).collect(),
            config: None,
            layers: Vec::new(),
        })
    } else {
        let m: ImageManifest =
            serde_json::from_slice(bytes).map_err(|e| DocError::NotAManifest { reason: e.to_string() })?;
        let artifact_type = m.artifact_type().as_ref().map(MediaType::to_string);
        let config = child(m.config());
        let kind = if media_type == crate::DOCKER_MANIFEST {
            Kind::DockerManifest
        } else if artifact_type.is_some() || config.media_type != "application/vnd.oci.image.config.v1+json" {
            Kind::Artifact
        } else {
            Kind::OciManifest
        };
        Ok(Described {
            kind,
            media_type: if media_type.is_empty() { crate::OCI_MANIFEST.to_owned() } else { media_type },
            artifact_type,
            children: Vec::new(),
            layers: m.layers().iter().map(child).collect(),
            config: Some(config),
        })
    }
}

/// A registry error body in plain words (`MANIFEST_UNKNOWN: manifest unknown`), if it is one.
pub fn error_summary(body: &[u8]) -> Option<String> {
    let resp: ErrorResponse = serde_json::from_slice(body).ok()?;
    let parts: Vec<String> = resp
        .detail()
        .iter()
        .map(|e| match e.message().as_deref().filter(|m| !m.is_empty()) {
            Some(m) => format!("{}: {m}", e.code()),
            None => e.code().to_string(),
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_errors_in_plain_words() {
        let body = br#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"x"}}]}"#;
        assert_eq!(error_summary(body).as_deref(), Some("MANIFEST_UNKNOWN: manifest unknown"));
        assert_eq!(error_summary(b"<html>"), None);
    }
}
