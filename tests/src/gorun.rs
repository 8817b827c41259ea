//! Go as a test oracle: build a standard-library-only Go program from `tests/go/<name>/` once per
//! test run and talk to it in batches. Zarf reads packages with Go's `archive/tar` and
//! `encoding/json`; asking Go itself is the only honest way to know what Zarf sees.
//!
//! Protocol (every program under `tests/go/` follows it): the test writes requests to the
//! program's stdin, each a 4-byte big-endian length and that many bytes; the program answers each
//! with exactly one line of JSON on stdout. One process serves thousands of cases.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// The `go` command: `$ZVERIFY_GO`, else the one `scripts/tools go` installs into `.tools/`, else
/// `go` on PATH. There is no silent skip: without Go the differential tests fail and say how to
/// install it.
pub fn go_command() -> PathBuf {
    if let Some(p) = std::env::var_os("ZVERIFY_GO") {
        return PathBuf::from(p);
    }
    let local = repo_root().join(".tools/go/bin/go");
    if local.exists() {
        return local;
    }
    if Command::new("go").arg("version").output().is_ok_and(|o| o.status.success()) {
        return PathBuf::from("go");
    }
    panic!("the Go differential tests need Go: run `scripts/tools go` (scripts/test does) or set ZVERIFY_GO");
}

/// Build `tests/go/<name>` (if its sources changed) and return the binary's path. Safe to call
/// from several test processes at once: each builds to a private name and renames into place.
pub fn build(name: &str) -> PathBuf {
    let src = repo_root().join("tests/go").join(name);
    assert!(src.join("main.go").exists(), "no Go program at {}", src.display());
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| repo_root().join("target"));
    let out_dir = target.join("go");
    std::fs::create_dir_all(&out_dir).expect("create target/go");
    // Key the binary on its sources, subdirectories included (tests/go/zarftables compiles Zarf's
    // packages from zarf/), so an edit rebuilds it.
    let mut key = Vec::new();
    let mut dirs = vec![src.clone()];
    while let Some(dir) = dirs.pop() {
        let mut files: Vec<_> = std::fs::read_dir(&dir).expect("read Go sources").flatten().map(|e| e.path()).collect();
        files.sort();
        for f in files {
            if f.is_dir() {
                dirs.push(f);
                continue;
            }
            key.extend_from_slice(f.strip_prefix(&src).unwrap_or(&f).as_os_str().as_encoded_bytes());
            key.extend_from_slice(&std::fs::read(&f).unwrap_or_default());
        }
    }
    let bin = out_dir.join(format!("{name}-{}", &crate::sha256_hex(&key)[..16]));
    if bin.exists() {
        return bin;
    }
    // Private per process and per call: two tests of one process may build at the same time.
    static BUILDS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = BUILDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = out_dir.join(format!("{name}.{}.{n}.tmp", std::process::id()));
    let out = Command::new(go_command())
        .current_dir(&src)
        .args(["build", "-trimpath", "-o"])
        .arg(&tmp)
        .arg(".")
        .env("GOTOOLCHAIN", "local")
        .env("GOPROXY", "off")
        .env("GOFLAGS", "-mod=mod")
        .env("GOCACHE", out_dir.join("cache"))
        .env("GOPATH", out_dir.join("gopath"))
        .output()
        .expect("run go build");
    assert!(out.status.success(), "go build {name} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    std::fs::rename(&tmp, &bin).expect("move the Go binary into place");
    bin
}

/// One running Go oracle process.
pub struct GoOracle {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl GoOracle {
    pub fn spawn(name: &str) -> GoOracle {
        GoOracle::spawn_command(Command::new(build(name)))
    }

    /// Any program that speaks this protocol (tests/py/sigstore_verify.py does too).
    pub fn spawn_command(mut command: Command) -> GoOracle {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the Go oracle");
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        GoOracle { child, stdin, stdout }
    }

    /// Send one request and read its one-line JSON answer.
    pub fn ask(&mut self, request: &[u8]) -> serde_json::Value {
        let stdin = self.stdin.as_mut().expect("oracle stdin open");
        let len = u32::try_from(request.len()).expect("request under 4 GiB");
        stdin.write_all(&len.to_be_bytes()).and_then(|_| stdin.write_all(request)).expect("write to the Go oracle");
        stdin.flush().expect("flush the Go oracle");
        let mut line = String::new();
        let n = self.stdout.read_line(&mut line).expect("read from the Go oracle");
        assert!(n > 0, "the Go oracle exited early");
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("the Go oracle answered non-JSON ({e}): {line}"))
    }
}

impl Drop for GoOracle {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}
