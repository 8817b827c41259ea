//! Writes a deterministic Zarf-shaped package, as `.tar` and `.tar.zst`, for `scripts/bench`.
//! Usage: `zverify-mkbench <out-dir> <size-MiB> [zeros|nocomponents]`: layers of incompressible bytes, or of
//! zeros (a zstd stream that expands ~10,000-fold: the memory case for the decompressor).
//! `zverify-mkbench <out-dir> 0 small`: an OCI layout directory of 10,000 blobs of 1 KiB (two
//! images of 5,000 layers each): the per-entry cost case.
//!
//! The package also has realistic components, laid out as Zarf's `layout.go` names them (issue
//! 21): `components/bench.tar` with three Helm charts (`.tgz` with `Chart.yaml`, templates, a
//! README), a values file each and a manifest of three files whose Deployment runs the package's
//! image; `components/data.tar` with a 100 MiB file whose `shasum` zarf.yaml gives, and a small
//! config file without one. `nocomponents` as the last argument leaves them out.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use serde_json::json;
use sha2::{Digest as _, Sha256};
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};

const LAYER: u64 = 64 << 20;

/// Incompressible, deterministic bytes: xorshift64* per 8-byte word (or zeros).
struct Noise {
    state: u64,
    left: u64,
    zeros: bool,
}

impl Read for Noise {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = (buf.len() as u64).min(self.left) as usize & !7;
        let n = if n == 0 { (buf.len() as u64).min(self.left) as usize } else { n };
        if self.zeros {
            buf[..n].fill(0);
            self.left -= n as u64;
            return Ok(n);
        }
        for chunk in buf[..n].chunks_mut(8) {
            self.state ^= self.state >> 12;
            self.state ^= self.state << 25;
            self.state ^= self.state >> 27;
            let w = self.state.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes();
            chunk.copy_from_slice(&w[..chunk.len()]);
        }
        self.left -= n as u64;
        Ok(n)
    }
}

fn noise(seed: u64, len: u64) -> Noise {
    let zeros = std::env::args().nth(3).as_deref() == Some("zeros");
    Noise { state: seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1, left: len, zeros }
}

fn digest_of(mut r: impl Read) -> String {
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = r.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    format!("sha256:{}", hex::encode(h.finalize()))
}

fn append(b: &mut tar::Builder<impl Write>, path: &str, len: u64, data: impl Read) {
    let mut h = tar::Header::new_gnu();
    h.set_size(len);
    h.set_mode(0o644);
    h.set_mtime(0);
    h.set_entry_type(tar::EntryType::Regular);
    b.append_data(&mut h, path, data).unwrap();
}

/// A directory entry, as Zarf's tarballs hold them.
fn append_dir(b: &mut tar::Builder<impl Write>, path: &str) {
    let mut h = tar::Header::new_gnu();
    h.set_size(0);
    h.set_mode(0o700);
    h.set_mtime(0);
    h.set_entry_type(tar::EntryType::Directory);
    b.append_data(&mut h, path, io::empty()).unwrap();
}

/// A Helm chart archive: gzip of a tar of `<name>/Chart.yaml`, values, templates and a README.
fn chart_tgz(name: &str, version: &str) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    let readme: String = (0..400)
        .map(|i| format!("{name} {version}: line {i} of the chart's documentation, as charts carry.\n"))
        .collect();
    let files = [
        ("Chart.yaml", format!("apiVersion: v2\nname: {name}\nversion: {version}\nappVersion: \"1.0\"\ntype: application\n")),
        ("values.yaml", "replicaCount: 1\nimage:\n  repository: example.com/bench\n  tag: \"1\"\nservice:\n  port: 80\n".to_owned()),
        ("templates/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicaCount }}\n  template:\n    spec:\n      containers:\n      - name: app\n        image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"\n".to_owned()),
        ("templates/service.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  ports:\n  - port: {{ .Values.service.port }}\n".to_owned()),
        ("README.md", readme),
    ];
    for (path, text) in files {
        append(&mut b, &format!("{name}/{path}"), text.len() as u64, text.as_bytes());
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&b.into_inner().unwrap()).unwrap();
    gz.finish().unwrap()
}

const CHARTS: [(&str, &str); 3] = [("podinfo", "6.5.4"), ("redis", "18.1.0"), ("ingress-nginx", "4.10.0")];
const BIG_FILE: u64 = 100 << 20;

/// The components' tarballs (written to `out`) and zarf.yaml's lines for them.
fn components(out: &std::path::Path) -> (Vec<(String, std::path::PathBuf)>, String) {
    // components/bench.tar: charts, values, manifests.
    let bench = out.join("component-bench.tar");
    let mut b = tar::Builder::new(BufWriter::new(File::create(&bench).unwrap()));
    for d in ["bench", "bench/charts", "bench/manifests", "bench/values"] {
        append_dir(&mut b, d);
    }
    let mut yaml = String::from("  charts:\n");
    for (name, version) in CHARTS {
        let tgz = chart_tgz(name, version);
        append(&mut b, &format!("bench/charts/{name}-{version}.tgz"), tgz.len() as u64, &tgz[..]);
        let values = format!("replicaCount: 2\nservice:\n  port: 8080\n# {name}\n");
        append(&mut b, &format!("bench/values/{name}-{version}-0"), values.len() as u64, values.as_bytes());
        yaml += &format!("  - name: {name}\n    version: {version}\n    namespace: bench\n    localPath: charts/{name}\n    valuesFiles:\n    - values/{name}.yaml\n");
    }
    let manifests = [
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: bench\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: example.com/bench:1\n        ports:\n        - containerPort: 8080\n",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: bench\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: 8080\n",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  namespace: bench\ndata:\n  LOG_LEVEL: info\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: bench\n",
    ];
    for (k, m) in manifests.iter().enumerate() {
        append(&mut b, &format!("bench/manifests/web-{k}.yaml"), m.len() as u64, m.as_bytes());
    }
    yaml += "  manifests:\n  - name: web\n    namespace: bench\n    files:\n    - web/deployment.yaml\n    - web/service.yaml\n    - web/configmap.yaml\n";
    b.into_inner().unwrap().flush().unwrap();

    // components/data.tar: a 100 MiB file with a shasum, a config file without one.
    let data = out.join("component-data.tar");
    let mut b = tar::Builder::new(BufWriter::with_capacity(1 << 20, File::create(&data).unwrap()));
    for d in ["data", "data/files", "data/files/0", "data/files/1"] {
        append_dir(&mut b, d);
    }
    append(&mut b, "data/files/0/model.bin", BIG_FILE, noise(0xB16, BIG_FILE));
    let conf = b"listen: 0.0.0.0:8080\nmodel: /opt/bench/model.bin\n";
    append(&mut b, "data/files/1/app.conf", conf.len() as u64, &conf[..]);
    b.into_inner().unwrap().flush().unwrap();
    let shasum = &digest_of(noise(0xB16, BIG_FILE))[7..];
    let data_yaml = format!("- name: data\n  required: true\n  files:\n  - source: model.bin\n    target: /opt/bench/model.bin\n    shasum: {shasum}\n  - source: app.conf\n    target: /etc/bench/app.conf\n");
    (vec![("components/bench.tar".into(), bench), ("components/data.tar".into(), data)], format!("{yaml}{data_yaml}"))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 && args.len() != 4 {
        eprintln!("usage: zverify-mkbench <out-dir> <size-MiB> [zeros|small|nocomponents]");
        std::process::exit(2);
    }
    let out = std::path::Path::new(&args[1]);
    let total: u64 = args[2].parse::<u64>().expect("size in MiB") << 20;
    let zeros = args.get(3).map(String::as_str) == Some("zeros");
    if args.get(3).map(String::as_str) == Some("small") {
        return small_layout(out);
    }
    // Zero-filled layers would all share one digest: use a single layer of the full size.
    let (layers, layer_len) = if zeros { (1, total) } else { (total.div_ceil(LAYER), LAYER) };
    std::fs::create_dir_all(out).unwrap();

    // Digests first (the blob name is its digest), then the archive.
    let mut layer_descs = Vec::new();
    let mut diff_ids = Vec::new();
    for i in 0..layers {
        let d = digest_of(noise(i + 1, layer_len));
        diff_ids.push(d.clone());
        layer_descs
            .push(json!({"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": d, "size": layer_len}));
    }
    let config = serde_json::to_vec(&json!({"architecture": "amd64", "os": "linux",
        "rootfs": {"type": "layers", "diff_ids": diff_ids}}))
    .unwrap();
    let cdigest = format!("sha256:{}", hex::encode(Sha256::digest(&config)));
    let manifest =
        serde_json::to_vec(&json!({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cdigest, "size": config.len()},
        "layers": layer_descs}))
        .unwrap();
    let mdigest = format!("sha256:{}", hex::encode(Sha256::digest(&manifest)));
    let index = serde_json::to_vec(&json!({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": mdigest, "size": manifest.len(),
            "annotations": {"org.opencontainers.image.base.name": "example.com/bench:1", "org.opencontainers.image.ref.name": "example.com/bench:1"}}]}))
    .unwrap();

    let tar_path = out.join("bench.tar");
    let mut b = tar::Builder::new(BufWriter::with_capacity(1 << 20, File::create(&tar_path).unwrap()));
    // Zarf order: sorted by name, so blobs come before index.json and zarf.yaml.
    let mut small: Vec<(String, Vec<u8>)> = vec![
        (format!("images/blobs/sha256/{}", &cdigest[7..]), config.clone()),
        (format!("images/blobs/sha256/{}", &mdigest[7..]), manifest.clone()),
        ("images/index.json".into(), index),
        ("images/oci-layout".into(), br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec()),
    ];
    // A complete package as current Zarf writes it: checksums.txt over every file but zarf.yaml
    // (lines sorted as whole strings), its sha256 as the aggregate checksum, and the image listed.
    let mut lines: Vec<String> = small.iter().map(|(p, b)| format!("{} {p}", hex::encode(Sha256::digest(b)))).collect();
    lines.extend(diff_ids.iter().map(|d| format!("{} images/blobs/sha256/{}", &d[7..], &d[7..])));
    let with_components = !zeros && args.get(3).map(String::as_str) != Some("nocomponents");
    let (tarballs, components_yaml) = if with_components { components(out) } else { (Vec::new(), String::new()) };
    for (name, file) in &tarballs {
        lines.push(format!("{} {name}", &digest_of(File::open(file).unwrap())[7..]));
    }
    lines.sort();
    let checksums = format!("{}\n", lines.join("\n")).into_bytes();
    let zarf_yaml = format!(
        "kind: ZarfPackageConfig\nmetadata:\n  name: bench\n  architecture: amd64\n  aggregateChecksum: {}\nbuild:\n  architecture: amd64\n  version: v0.48.0\ncomponents:\n- name: bench\n  required: true\n  images:\n  - example.com/bench:1\n{components_yaml}",
        hex::encode(Sha256::digest(&checksums))
    );
    small.push(("checksums.txt".into(), checksums));
    small.push(("zarf.yaml".into(), zarf_yaml.into_bytes()));
    let mut big: Vec<(String, u64)> =
        (0..layers).map(|i| (format!("images/blobs/sha256/{}", &diff_ids[i as usize][7..]), i)).collect();
    big.sort();
    small.sort();
    let mut names: Vec<String> = big
        .iter()
        .map(|(p, _)| p.clone())
        .chain(small.iter().map(|(p, _)| p.clone()))
        .chain(tarballs.iter().map(|(p, _)| p.clone()))
        .collect();
    names.sort();
    for name in names {
        if let Some((_, seed)) = big.iter().find(|(p, _)| *p == name) {
            append(&mut b, &name, layer_len, noise(seed + 1, layer_len));
        } else if let Some((_, bytes)) = small.iter().find(|(p, _)| *p == name) {
            append(&mut b, &name, bytes.len() as u64, &bytes[..]);
        } else if let Some((_, file)) = tarballs.iter().find(|(p, _)| *p == name) {
            let f = File::open(file).unwrap();
            append(&mut b, &name, f.metadata().unwrap().len(), f);
        }
    }
    for (_, file) in &tarballs {
        std::fs::remove_file(file).unwrap();
    }
    b.into_inner().unwrap().flush().unwrap();

    let zst_path = out.join("bench.tar.zst");
    let mut enc = zstd::Encoder::new(BufWriter::new(File::create(&zst_path).unwrap()), 1).unwrap();
    io::copy(&mut File::open(&tar_path).unwrap(), &mut enc).unwrap();
    enc.finish().unwrap().flush().unwrap();
    println!("{}\n{}", tar_path.display(), zst_path.display());
}

/// An OCI image layout of 10,000 distinct 1 KiB layers in two images, written as a directory.
fn small_layout(out: &std::path::Path) {
    let blobs = out.join("blobs/sha256");
    std::fs::create_dir_all(&blobs).unwrap();
    let put = |bytes: &[u8]| -> String {
        let hex = hex::encode(Sha256::digest(bytes));
        std::fs::write(blobs.join(&hex), bytes).unwrap();
        format!("sha256:{hex}")
    };
    let mut manifests = Vec::new();
    for image in 0..2u64 {
        let mut layers = Vec::new();
        let mut diff_ids = Vec::new();
        for i in 0..5000u64 {
            let mut bytes = Vec::new();
            noise(1 + image * 5000 + i, 1024).read_to_end(&mut bytes).unwrap();
            let d = put(&bytes);
            diff_ids.push(d.clone());
            layers.push(json!({"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": d, "size": 1024}));
        }
        let config = serde_json::to_vec(&json!({"architecture": "amd64", "os": "linux",
            "rootfs": {"type": "layers", "diff_ids": diff_ids}}))
        .unwrap();
        let manifest = serde_json::to_vec(&json!({"schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": put(&config), "size": config.len()},
            "layers": layers}))
        .unwrap();
        manifests.push(json!({"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": put(&manifest),
            "size": manifest.len(), "annotations": {"org.opencontainers.image.ref.name": format!("example.com/small:{image}")}}));
    }
    let index = serde_json::to_vec(&json!({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": manifests}))
    .unwrap();
    std::fs::write(out.join("index.json"), index).unwrap();
    std::fs::write(out.join("oci-layout"), br#"{"imageLayoutVersion":"1.0.0"}"#).unwrap();
}
