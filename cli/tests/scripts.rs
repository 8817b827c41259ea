//! The scripts find cargo's artifacts where cargo puts them (`scripts/target-dir`, from `cargo
//! metadata`), not in a hard-coded `target/`: with CARGO_TARGET_DIR set (a common global setting)
//! `scripts/demo` must run the binary it just built, not a stale one in ./target or none.
//! (`scripts/web-build` is run with CARGO_TARGET_DIR elsewhere by scripts/test: it needs the wasm
//! toolchain.)
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn real_cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

#[test]
fn target_dir_is_cargos() {
    let tmp = tempfile::tempdir().unwrap();
    let elsewhere = tmp.path().join("a target dir");
    let out = Command::new("bash")
        .arg(repo().join("scripts/target-dir"))
        .env("CARGO_TARGET_DIR", &elsewhere)
        .env("CARGO", real_cargo())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim_end(), elsewhere.to_str().unwrap());
    // Without it, cargo's own answer (this test's target dir, or ./target).
    let out =
        Command::new("bash").arg(repo().join("scripts/target-dir")).env_remove("CARGO_TARGET_DIR").output().unwrap();
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stdout).trim().is_empty());
}

/// The README's first command with CARGO_TARGET_DIR pointing elsewhere. `cargo build` is a stand-in
/// (this test must not spend minutes on a release build): it installs, where cargo would put the
/// release binary, a wrapper that records each run and runs the binary under test; every other
/// cargo command (`metadata`) is the real one. The demo must run that wrapper for every check.
#[test]
fn demo_runs_the_binary_in_cargos_target_directory() {
    assert!(
        Command::new("zstd").arg("--version").output().is_ok_and(|o| o.status.success()),
        "scripts/demo needs the zstd command: run `scripts/tools zstd` (scripts/test does)"
    );
    let tmp = tempfile::tempdir().unwrap();
    let elsewhere = tmp.path().join("a target dir");
    let bin = tmp.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let marks = tmp.path().join("runs");
    let shim = bin.join("cargo");
    std::fs::write(
        &shim,
        r#"#!/usr/bin/env bash
set -euo pipefail
if [ "$1" = build ]; then
  mkdir -p "$CARGO_TARGET_DIR/release"
  printf '#!/bin/sh\necho run >> "%s"\nexec "%s" "$@"\n' "$MARKS" "$REAL_ZVERIFY" > "$CARGO_TARGET_DIR/release/zverify"
  chmod +x "$CARGO_TARGET_DIR/release/zverify"
  exit 0
fi
exec "$REAL_CARGO" "$@"
"#,
    )
    .unwrap();
    Command::new("chmod").arg("+x").arg(&shim).status().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let out = Command::new("bash")
        .arg(repo().join("scripts/demo"))
        .env("PATH", path)
        .env("CARGO_TARGET_DIR", &elsewhere)
        .env("REAL_CARGO", real_cargo())
        .env("REAL_ZVERIFY", env!("CARGO_BIN_EXE_zverify"))
        .env("MARKS", &marks)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("demo done"), "{stdout}");
    let runs = std::fs::read_to_string(&marks).unwrap_or_default();
    // check of the directory, the .tar, the .tar.zst, the tampered copy and the #2425 copy.
    assert_eq!(runs.lines().count(), 5, "the demo did not run the binary in CARGO_TARGET_DIR for each check: {stdout}");
}

/// No script names a build artifact under a hard-coded `target/` (comments aside).
#[test]
fn no_script_hard_codes_the_target_directory() {
    let mut offenders = Vec::new();
    for entry in std::fs::read_dir(repo().join("scripts")).unwrap().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            let code = line.split(" #").next().unwrap_or(line);
            if code.trim_start().starts_with('#') {
                continue;
            }
            // `target/` as a path of its own (not `$target/`, `.tools/target/`, `wasm32-…-target/`).
            let hard_coded = code.match_indices("target/").any(|(i, _)| {
                code[..i].chars().next_back().is_none_or(|c| matches!(c, ' ' | '"' | '\'' | '=' | '(' | ':'))
            });
            if hard_coded {
                offenders.push(format!("{}:{}: {line}", entry.file_name().to_string_lossy(), n + 1));
            }
        }
    }
    assert!(offenders.is_empty(), "ask scripts/target-dir instead:\n{}", offenders.join("\n"));
}
