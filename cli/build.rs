//! Records the commit zverify is built from, for `zverify --version`: `$ZVERIFY_COMMIT` when set
//! (release builds from a source tarball), else `git rev-parse`, else "unknown" (outside git).
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let s = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (out.status.success() && !s.is_empty()).then_some(s)
}

fn main() {
    println!("cargo:rerun-if-env-changed=ZVERIFY_COMMIT");
    let commit = match std::env::var("ZVERIFY_COMMIT") {
        Ok(c) if !c.trim().is_empty() => c.trim().to_owned(),
        _ => {
            // Rebuild when HEAD moves: HEAD itself, the branch it points at, and packed refs. Only
            // files that exist: cargo treats a missing one as changed on every build (a repository
            // without packed-refs, or a branch only in packed-refs), so the binary would be relinked
            // by every `cargo build`, under tests that run it at the same time.
            let watch = |path: &str| {
                if let Some(p) = git(&["rev-parse", "--git-path", path]) {
                    if std::path::Path::new(&p).exists() {
                        println!("cargo:rerun-if-changed={p}");
                    }
                }
            };
            watch("HEAD");
            watch("packed-refs");
            if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
                watch(&branch);
            }
            git(&["rev-parse", "--short=12", "HEAD"]).unwrap_or_else(|| "unknown".to_owned())
        }
    };
    println!("cargo:rustc-env=ZVERIFY_COMMIT={commit}");
}
