//! A real registry for tests: Debian's `docker-registry` (distribution 2.8) on 127.0.0.1, storage
//! in a temp dir, stopped by PID on drop; open, or with htpasswd basic auth. Seeded with skopeo
//! (`skopeo copy --all`, which keeps an index byte for byte) or with [`Pusher`], which uploads
//! blobs and manifests as `zarf package publish` does (raw bytes, our own digests).
//!
//! `scripts/test` installs `docker-registry` and `skopeo` (`scripts/tools registry skopeo`). A test
//! that needs them fails, naming the command, when they are missing: it never passes silently.

use crate::Tree;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const ZARF_CONFIG: &str = "application/vnd.zarf.config.v1+json";
pub const ZARF_LAYER: &str = "application/vnd.zarf.layer.v1.blob";

/// A running `docker-registry`. Dropping it stops the process (by its PID) and removes storage.
pub struct Registry {
    child: Child,
    /// `127.0.0.1:<port>`
    pub addr: String,
    pub dir: tempfile::TempDir,
}

/// A free port on 127.0.0.1 (bound, then released for the child to take).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn need(tool: &str) {
    let found =
        Command::new("sh").arg("-c").arg(format!("command -v {tool}")).output().is_ok_and(|o| o.status.success());
    assert!(found, "{tool} is not installed: run `scripts/tools registry skopeo` (scripts/test does)");
}

impl Registry {
    /// An open registry.
    pub fn start() -> Registry {
        Registry::start_with(None)
    }

    /// A registry with htpasswd basic auth for one user.
    pub fn start_basic(user: &str, password: &str) -> Registry {
        Registry::start_with(Some((user, password)))
    }

    fn start_with(login: Option<(&str, &str)>) -> Registry {
        need("docker-registry");
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let addr = format!("127.0.0.1:{port}");
        let storage = dir.path().join("storage");
        let mut config = format!(
            "version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: {}\n  delete:\n    enabled: true\nhttp:\n  addr: {addr}\n",
            storage.display()
        );
        if let Some((user, password)) = login {
            let hash = bcrypt::hash(password, 4).unwrap();
            let htpasswd = dir.path().join("htpasswd");
            std::fs::write(&htpasswd, format!("{user}:{hash}\n")).unwrap();
            config
                .push_str(&format!("auth:\n  htpasswd:\n    realm: zverify-test\n    path: {}\n", htpasswd.display()));
        }
        let config_path = dir.path().join("config.yml");
        std::fs::write(&config_path, config).unwrap();
        let log = std::fs::File::create(dir.path().join("registry.log")).unwrap();
        let child = Command::new("docker-registry")
            .arg("serve")
            .arg(&config_path)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("start docker-registry");
        let reg = Registry { child, addr, dir };
        reg.wait_ready();
        reg
    }

    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(mut s) = TcpStream::connect(&self.addr) {
                let _ = s.write_all(format!("GET /v2/ HTTP/1.0\r\nHost: {}\r\n\r\n", self.addr).as_bytes());
                let mut head = [0u8; 12];
                if s.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/") {
                    return;
                }
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let log = std::fs::read_to_string(self.dir.path().join("registry.log")).unwrap_or_default();
        panic!("docker-registry on {} did not answer within 20 s; its log:\n{log}", self.addr);
    }

    /// Stop the registry now (a later request finds nothing listening).
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The storage path of a blob (to tamper with after a push).
    pub fn blob_data_path(&self, digest: &str) -> std::path::PathBuf {
        let hex = digest.strip_prefix("sha256:").unwrap();
        self.dir.path().join(format!("storage/docker/registry/v2/blobs/sha256/{}/{hex}/data", &hex[..2]))
    }

    /// `skopeo copy --all` from an OCI layout directory to this registry.
    pub fn skopeo_copy(&self, layout: &Path, ref_name: &str, repo_tag: &str) {
        self.skopeo_copy_from(&format!("oci:{}:{ref_name}", layout.display()), repo_tag);
    }

    /// `skopeo copy --all --preserve-digests` from any skopeo source (`oci:…`, `dir:…`).
    pub fn skopeo_copy_from(&self, source: &str, repo_tag: &str) {
        need("skopeo");
        let out = Command::new("skopeo")
            // --preserve-digests: skopeo would otherwise re-compress layers it finds not compressed.
            .args(["copy", "--all", "--preserve-digests", "--quiet", "--dest-tls-verify=false"])
            .arg(source)
            .arg(format!("docker://{}/{repo_tag}", self.addr))
            .output()
            .expect("run skopeo");
        assert!(out.status.success(), "skopeo copy failed: {}", String::from_utf8_lossy(&out.stderr));
    }

    pub fn pusher(&self) -> Pusher {
        Pusher { base: format!("http://{}", self.addr), auth: None }
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Uploads blobs and manifests (monolithic uploads), raw bytes as given.
pub struct Pusher {
    base: String,
    /// `Authorization` value.
    pub auth: Option<String>,
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into()
}

impl Pusher {
    pub fn with_basic(mut self, user: &str, password: &str) -> Pusher {
        use base64::Engine as _;
        self.auth =
            Some(format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))));
        self
    }

    fn auth<B>(&self, r: ureq::RequestBuilder<B>) -> ureq::RequestBuilder<B> {
        match &self.auth {
            Some(a) => r.header("Authorization", a),
            None => r,
        }
    }

    /// Upload a blob; returns its digest.
    pub fn blob(&self, repo: &str, bytes: &[u8]) -> String {
        let digest = crate::digest_of(bytes);
        let a = agent();
        let resp = self.auth(a.post(format!("{}/v2/{repo}/blobs/uploads/", self.base))).send_empty().unwrap();
        assert_eq!(resp.status().as_u16(), 202, "start upload to {repo}");
        let loc = resp.headers().get("location").unwrap().to_str().unwrap().to_owned();
        let url = if loc.starts_with("http") { loc } else { format!("{}{loc}", self.base) };
        let sep = if url.contains('?') { '&' } else { '?' };
        let resp = self
            .auth(a.put(format!("{url}{sep}digest={digest}")))
            .header("Content-Type", "application/octet-stream")
            .send(bytes)
            .unwrap();
        assert_eq!(resp.status().as_u16(), 201, "finish upload of {digest} to {repo}");
        digest
    }

    /// Put a manifest (or index) under a tag or its digest; returns its digest.
    pub fn manifest(&self, repo: &str, reference: &str, media_type: &str, bytes: &[u8]) -> String {
        let resp = self
            .auth(agent().put(format!("{}/v2/{repo}/manifests/{reference}", self.base)))
            .header("Content-Type", media_type)
            .send(bytes)
            .unwrap();
        let status = resp.status().as_u16();
        let body = resp.into_body().read_to_string().unwrap_or_default();
        assert_eq!(status, 201, "put manifest {repo}:{reference}: {body}");
        crate::digest_of(bytes)
    }

    /// Delete a manifest by digest (the registry must allow deletes; [`Registry`] does).
    pub fn delete_manifest(&self, repo: &str, digest: &str) {
        let resp = self.auth(agent().delete(format!("{}/v2/{repo}/manifests/{digest}", self.base))).call().unwrap();
        assert_eq!(resp.status().as_u16(), 202, "delete {repo}@{digest}");
    }

    /// Upload every blob of a layout tree (`…blobs/sha256/…`) to `repo`.
    pub fn layout_blobs(&self, repo: &str, tree: &Tree) {
        for (path, bytes) in &tree.files {
            if path.contains("blobs/sha256/") {
                self.blob(repo, bytes);
            }
        }
    }

    /// Push a Zarf package as `zarf package publish` lays it out: one manifest per architecture
    /// (every file a layer titled with its path, Zarf's config type), under an index whose entries
    /// carry `platform {os: "multi", architecture}`. Returns (index digest, manifest digests).
    pub fn zarf_package(&self, repo: &str, tag: &str, packages: &[(&str, &Tree)]) -> (String, Vec<String>) {
        let manifests: Vec<(String, Vec<u8>)> =
            packages.iter().map(|(arch, tree)| (arch.to_string(), self.zarf_arch(repo, arch, tree, |_| {}))).collect();
        let digests = manifests.iter().map(|(_, m)| crate::digest_of(m)).collect();
        (self.zarf_index(repo, tag, &manifests), digests)
    }

    /// Upload one architecture's files and config, and its manifest (by digest) after `edit`
    /// changed it; returns the manifest bytes.
    pub fn zarf_arch(&self, repo: &str, arch: &str, tree: &Tree, edit: impl Fn(&mut Value)) -> Vec<u8> {
        for bytes in tree.files.values() {
            self.blob(repo, bytes);
        }
        self.blob(repo, &zarf_config(arch));
        let mut manifest: Value = serde_json::from_slice(&zarf_manifest(arch, tree)).unwrap();
        edit(&mut manifest);
        let bytes = serde_json::to_vec(&manifest).unwrap();
        self.manifest(repo, &crate::digest_of(&bytes), crate::OCI_MANIFEST, &bytes);
        bytes
    }

    /// The package index over (architecture, manifest bytes), tagged; returns its digest.
    pub fn zarf_index(&self, repo: &str, tag: &str, manifests: &[(String, Vec<u8>)]) -> String {
        let entries: Vec<Value> = manifests
            .iter()
            .map(|(arch, m)| {
                json!({"mediaType": crate::OCI_MANIFEST, "digest": crate::digest_of(m), "size": m.len(),
                                    "platform": {"architecture": arch, "os": "multi"}})
            })
            .collect();
        let index =
            serde_json::to_vec(&json!({"schemaVersion": 2, "mediaType": crate::OCI_INDEX, "manifests": entries}))
                .unwrap();
        self.manifest(repo, tag, crate::OCI_INDEX, &index)
    }
}

/// The config blob of a published package (as Zarf writes it: architecture, OCI version, annotations).
pub fn zarf_config(arch: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({"architecture": arch, "ociVersion": "1.1.0",
        "annotations": {"org.opencontainers.image.title": "zverify-test"}}))
    .unwrap()
}

/// The manifest of one architecture of a published package: every file one layer.
pub fn zarf_manifest(arch: &str, tree: &Tree) -> Vec<u8> {
    let config = zarf_config(arch);
    let layers: Vec<Value> = tree
        .files
        .iter()
        .map(|(path, bytes)| {
            json!({"mediaType": ZARF_LAYER, "digest": crate::digest_of(bytes), "size": bytes.len(),
                   "annotations": {"org.opencontainers.image.title": path}})
        })
        .collect();
    let manifest = json!({"schemaVersion": 2, "mediaType": crate::OCI_MANIFEST,
        "config": {"mediaType": ZARF_CONFIG, "digest": crate::digest_of(&config), "size": config.len()},
        "layers": layers,
        "annotations": {"org.opencontainers.image.title": "zverify-test", "org.opencontainers.image.description": "a package published by the tests"}});
    serde_json::to_vec(&manifest).unwrap()
}

/// One request a [`FakeServer`] received.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// Path and query.
    pub target: String,
    /// Header names lowercased.
    pub headers: Vec<(String, String)>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// What a [`FakeServer`] answers: status, headers, body; `cut_after` closes the connection after
/// that many body bytes (a registry stopped mid-stream); status 0 closes it without an answer (a
/// connection reset).
#[derive(Debug, Clone, Default)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub cut_after: Option<usize>,
}

impl Reply {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Reply {
        Reply { status, body: body.into(), ..Reply::default() }
    }
    pub fn header(mut self, k: &str, v: &str) -> Reply {
        self.headers.push((k.to_owned(), v.to_owned()));
        self
    }
}

/// A std::net HTTP/1.1 server on 127.0.0.1 for protocol cases a real registry cannot be made to
/// produce (token service, redirects to another host, 500s, lying headers, a cut connection).
/// Every request is recorded; each connection serves one request (`Connection: close`).
pub struct FakeServer {
    pub addr: String,
    pub requests: std::sync::Arc<std::sync::Mutex<Vec<Request>>>,
}

impl FakeServer {
    pub fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> FakeServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let requests = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = requests.clone();
        let handler = std::sync::Arc::new(handler);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let log = log.clone();
                let handler = handler.clone();
                std::thread::spawn(move || serve_one(stream, &*handler, &log));
            }
        });
        FakeServer { addr, requests }
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}

fn serve_one(mut stream: TcpStream, handler: &dyn Fn(&Request) -> Reply, log: &std::sync::Mutex<Vec<Request>>) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let text = String::from_utf8_lossy(&head).to_string();
    let mut lines = text.split("\r\n");
    let mut first = lines.next().unwrap_or("").split(' ');
    let method = first.next().unwrap_or("").to_owned();
    let target = first.next().unwrap_or("").to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned())))
        .collect();
    let req = Request { method, target, headers };
    log.lock().unwrap().push(req.clone());
    let reply = handler(&req);
    if reply.status == 0 {
        let _ = stream.shutdown(std::net::Shutdown::Both);
        return;
    }
    let mut out =
        format!("HTTP/1.1 {} X\r\nConnection: close\r\nContent-Length: {}\r\n", reply.status, reply.body.len());
    for (k, v) in &reply.headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    let _ = stream.write_all(out.as_bytes());
    if req.method != "HEAD" {
        let n = reply.cut_after.unwrap_or(reply.body.len()).min(reply.body.len());
        let _ = stream.write_all(&reply.body[..n]);
    }
    let _ = stream.flush();
}
