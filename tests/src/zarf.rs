//! Zarf-exact packages built at test time: entries sorted by name, checksums.txt as Zarf v0.33+
//! writes it (every file but zarf.yaml, checksums.txt and signatures; lines sorted as whole
//! strings; `\n`-joined with a trailing `\n`), the aggregate checksum in zarf.yaml, and index.json
//! entries annotated with the normalized reference (`base.name` and `ref.name`, v0.51+).

use crate::{digest_of, sha256_hex, Layout, Tree, OCI_INDEX, OCI_MANIFEST};
use base64::Engine as _;
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};
use p256::pkcs8::{EncodePublicKey as _, LineEnding};
use sha2::Digest as _;

#[derive(Clone, Debug)]
pub struct ZarfPackage {
    pub name: String,
    pub architecture: String,
    /// `build.version`
    pub zarf_version: String,
    pub layout: Layout,
    /// (component name, image references as written in zarf.yaml)
    pub components: Vec<(String, Vec<String>)>,
    /// Extra zarf.yaml lines under `build:` (e.g. `  signed: true`).
    pub build_extra: String,
    /// Files outside images/ (components/*.tar, sboms.tar, …).
    pub files: Vec<(String, Vec<u8>)>,
}

impl ZarfPackage {
    pub fn new(name: &str, architecture: &str, zarf_version: &str) -> Self {
        ZarfPackage {
            name: name.into(),
            architecture: architecture.into(),
            zarf_version: zarf_version.into(),
            layout: Layout::new("images/"),
            components: vec![("app".into(), Vec::new())],
            build_extra: String::new(),
            files: vec![("components/app.tar".into(), crate::Tree::default().to_tar())],
        }
    }

    /// Ask for `reference` in the first component.
    pub fn want(&mut self, reference: &str) {
        self.components[0].1.push(reference.to_owned());
    }

    /// A single-platform image, stored and asked for (`normalized` is the annotation value).
    pub fn single(&mut self, written: &str, normalized: &str, arch: &str, seed: u64) -> Vec<u8> {
        let m = self.layout.image("linux", arch, seed, 2);
        self.layout.entry(OCI_MANIFEST, &m, Some(normalized));
        self.want(written);
        m
    }

    /// A two-platform index stored whole and pinned by its digest (Zarf v0.77+). Returns
    /// (index bytes, amd64 manifest, arm64 manifest).
    pub fn whole_index(&mut self, repo: &str, seed: u64) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
        // Zarf v0.77.0+ declares what a whole index needs (`collectVersionRequirements`).
        let req = "  - version: v0.77.0\n    reason: This package contains multi-platform images preserved by index digest, which require v0.77.0+\n";
        if !self.build_extra.contains(req) {
            self.build_extra.push_str(&format!("  versionRequirements:\n{req}"));
        }
        let amd = self.layout.image("linux", "amd64", seed, 1);
        let arm = self.layout.image("linux", "arm64", seed + 1, 1);
        let idx = self.layout.index_of(&[(&amd, "linux", "amd64"), (&arm, "linux", "arm64")]);
        let reference = format!("{repo}@{}", digest_of(&idx));
        self.layout.entry(OCI_INDEX, &idx, Some(&reference));
        self.want(&reference);
        (idx, amd, arm)
    }

    pub fn zarf_yaml(&self, aggregate: &str) -> String {
        let mut y = format!(
            "kind: ZarfPackageConfig\nmetadata:\n  name: {}\n  version: 0.0.1\n  architecture: {}\n  aggregateChecksum: {aggregate}\nbuild:\n  terminal: ci\n  user: zverify\n  architecture: {}\n  timestamp: Fri, 27 Nov 2026 00:00:00 +0000\n  version: {}\n{}components:\n",
            self.name, self.architecture, self.architecture, self.zarf_version, self.build_extra
        );
        for (c, images) in &self.components {
            y.push_str(&format!("- name: {c}\n  required: true\n"));
            if !images.is_empty() {
                y.push_str("  images:\n");
                for i in images {
                    y.push_str(&format!("  - {i}\n"));
                }
            }
        }
        y
    }

    /// The package as a tree, with checksums.txt and zarf.yaml computed from its files.
    pub fn build(&self) -> Tree {
        let mut tree = self.layout.build();
        for (p, b) in &self.files {
            tree.put(p, b.clone());
        }
        seal(&mut tree, |agg| self.zarf_yaml(agg));
        tree
    }
}

/// (Re)write checksums.txt from the tree's files and zarf.yaml from `yaml(aggregate)`, as Zarf does.
pub fn seal(tree: &mut Tree, yaml: impl Fn(&str) -> String) {
    let mut lines: Vec<String> = tree
        .files
        .iter()
        .filter(|(p, _)| !matches!(p.as_str(), "zarf.yaml" | "checksums.txt" | "zarf.yaml.sig" | "zarf.bundle.sig"))
        .map(|(p, b)| format!("{} {p}", sha256_hex(b)))
        .collect();
    lines.sort();
    let checksums = format!("{}\n", lines.join("\n"));
    let aggregate = sha256_hex(checksums.as_bytes());
    tree.put("checksums.txt", checksums.into_bytes());
    tree.put("zarf.yaml", yaml(&aggregate).into_bytes());
}

/// A deterministic P-256 key pair (RFC 6979 signatures need no randomness).
pub fn key_pair(seed: u8) -> (SigningKey, String) {
    let mut bytes = [0u8; 32];
    bytes[31] = seed.max(1);
    bytes[0] = 0x42;
    let sk = SigningKey::from_slice(&bytes).unwrap();
    let pem = sk.verifying_key().to_public_key_pem(LineEnding::LF).unwrap();
    (sk, pem)
}

fn sign_der(sk: &SigningKey, message: &[u8]) -> Vec<u8> {
    let sig: Signature = sk.sign(message);
    sig.to_der().as_bytes().to_vec()
}

/// `zarf.yaml.sig` as cosign sign-blob writes it: base64 of the DER signature.
pub fn sign_zarf_yaml(tree: &mut Tree, sk: &SigningKey) {
    let der = sign_der(sk, &tree.files["zarf.yaml"]);
    tree.put("zarf.yaml.sig", base64::engine::general_purpose::STANDARD.encode(der).into_bytes());
}

/// zarf.yaml with `version` added to `build.versionRequirements`, as Zarf adds one.
pub fn require(yaml: &str, version: &str, reason: &str) -> String {
    let item = format!("  - version: {version}\n    reason: {reason}\n");
    if yaml.contains(&item) {
        yaml.to_owned()
    } else if yaml.contains("  versionRequirements:\n") {
        yaml.replacen("  versionRequirements:\n", &format!("  versionRequirements:\n{item}"), 1)
    } else {
        yaml.replacen("\nbuild:\n", &format!("\nbuild:\n  versionRequirements:\n{item}"), 1)
    }
}

/// A key-based Sigstore bundle (`zarf.bundle.sig`).
pub fn bundle_zarf_yaml(tree: &mut Tree, sk: &SigningKey, keyless: bool) {
    // Zarf records the requirement when it signs (`layout/package.go`), before signing.
    // A legacy zarf.yaml.sig made before is made again over the new zarf.yaml.
    let text = String::from_utf8(tree.files["zarf.yaml"].clone()).unwrap();
    {
        tree.put(
            "zarf.yaml",
            require(
                &text,
                "v0.71.0",
                "This package contains a bundle format signature which requires Zarf v0.71.0 or later",
            )
            .into_bytes(),
        );
    }
    if tree.files.contains_key("zarf.yaml.sig") {
        sign_zarf_yaml(tree, sk);
    }
    let yaml = &tree.files["zarf.yaml"];
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let material = if keyless {
        serde_json::json!({"certificate": {"rawBytes": b64(b"not a real certificate")}, "tlogEntries": []})
    } else {
        serde_json::json!({"publicKey": {"hint": "zverify-test"}})
    };
    let digest = sha2::Sha256::digest(yaml);
    let bundle = serde_json::json!({
        "mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
        "verificationMaterial": material,
        "messageSignature": {"messageDigest": {"algorithm": "SHA2_256", "digest": b64(&digest)}, "signature": b64(&sign_der(sk, yaml))}
    });
    tree.put("zarf.bundle.sig", serde_json::to_vec(&bundle).unwrap());
}

/// A clean single-architecture package: one image asked for as written by a user.
pub fn clean_package() -> ZarfPackage {
    let mut p = ZarfPackage::new("podinfo", "amd64", "v0.48.0");
    let podinfo = p.single("ghcr.io/stefanprodan/podinfo:6.4.0", "ghcr.io/stefanprodan/podinfo:6.4.0", "amd64", 1);
    let nginx = p.single("nginx:1.25", "docker.io/library/nginx:1.25", "amd64", 2);
    let sboms = p.sboms(&[("ghcr.io/stefanprodan/podinfo:6.4.0", &podinfo), ("docker.io/library/nginx:1.25", &nginx)]);
    p.files.push(("sboms.tar".into(), sboms));
    p
}

impl ZarfPackage {
    /// `sboms.tar` as Zarf writes it for these images (normalized reference, manifest bytes): per
    /// image `<id>.json` (the Syft fields zverify checks: `source.metadata.imageID` and `layers`)
    /// and its `sbom-viewer-<id>.html`, `<id>` with every character outside `[a-zA-Z0-9.-]` as `_`.
    pub fn sboms(&self, images: &[(&str, &[u8])]) -> Vec<u8> {
        let mut t = Tree::default();
        for (reference, manifest) in images {
            let m: serde_json::Value = serde_json::from_slice(manifest).unwrap();
            let config_digest = m["config"]["digest"].as_str().unwrap().to_owned();
            let config: serde_json::Value =
                serde_json::from_slice(&self.layout.tree.files[&self.layout.blob_path(&config_digest)]).unwrap();
            let layers: Vec<serde_json::Value> = config["rootfs"]["diff_ids"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| serde_json::json!({"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": d}))
                .collect();
            let doc = serde_json::json!({"source": {"type": "image", "metadata": {"userInput": reference, "imageID": config_digest, "layers": layers}}});
            let id: String = reference
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' })
                .collect();
            t.put(&format!("{id}.json"), serde_json::to_vec(&doc).unwrap());
            t.put(&format!("sbom-viewer-{id}.html"), b"<html></html>".to_vec());
        }
        t.to_tar()
    }
}
