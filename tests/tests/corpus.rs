//! The hostile corpus (issue 7 item 11): every case's exact set of codes through the core, and the
//! real binary on every case as a file in a temp dir, with a timeout: no panic, the documented exit
//! code, the same codes, and nothing written anywhere in the temp tree or to the input.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, SystemTime};
use zverify_tests::corpus::{self, code_set, json_codes, run_with_timeout, verify_core, zverify_bin, Case};

fn awaiting_banner(cases: &[Case]) {
    let waiting: Vec<_> = cases.iter().filter(|c| c.awaiting.is_some()).collect();
    if !waiting.is_empty() {
        eprintln!("\n!!! {} corpus cases are gotten wrong by zverify today and wait for a fix:", waiting.len());
        for c in waiting {
            eprintln!("!!!   {:<42} today {:?}: {}", c.pkg.name, c.expect, c.awaiting.unwrap());
        }
    }
}

#[test]
fn at_least_40_distinct_defects_each_with_specific_codes() {
    let cases = corpus::cases::cases();
    let names: BTreeSet<_> = cases.iter().map(|c| c.pkg.name.as_str()).collect();
    assert_eq!(names.len(), cases.len(), "case names must be unique");
    let asserted: Vec<_> = cases.iter().filter(|c| c.awaiting.is_none() && !c.expect.is_empty()).collect();
    assert!(asserted.len() >= 40, "only {} cases assert a specific code", asserted.len());
    // Every asserted case fails the gate (exit 1 or 2): it must hold an error, not only notes.
    for c in &asserted {
        assert!(matches!(c.exit, 1 | 2), "{}: exit {}", c.pkg.name, c.exit);
    }
    let classes: BTreeSet<_> = cases.iter().map(|c| c.class).collect();
    assert!(classes.len() >= 15, "classes: {classes:?}");
    // No two cases may be the same bytes (distinct defects, not copies).
    let digests: BTreeSet<_> = cases.iter().map(|c| c.pkg.sha256()).collect();
    assert_eq!(digests.len(), cases.len(), "two cases have identical bytes");
}

#[test]
fn every_case_produces_exactly_its_codes_in_the_core() {
    let cases = corpus::cases::cases();
    let mut wrong = Vec::new();
    for c in &cases {
        let Some(r) = verify_core(&c.pkg) else { continue };
        let got = code_set(&r);
        if got != c.expect {
            let awaiting = c.awaiting.map(|a| format!(" (was awaiting: {a})")).unwrap_or_default();
            wrong.push(format!("{}: expected {:?}, got {:?}{awaiting}", c.pkg.name, c.expect, got));
        }
        if c.exit == 1 && c.awaiting.is_none() && r.summary.errors == 0 {
            wrong.push(format!("{}: no error finding, only {got:?}", c.pkg.name));
        }
    }
    awaiting_banner(&cases);
    assert!(wrong.is_empty(), "{} cases differ from their expected codes:\n{}", wrong.len(), wrong.join("\n"));
}

/// Every path under `root` with its size and mtime (directories included).
fn snapshot(root: &Path) -> BTreeMap<String, (u64, SystemTime, bool)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let m = std::fs::symlink_metadata(e.path()).unwrap();
            let rel = e.path().strip_prefix(root).unwrap().to_string_lossy().into_owned();
            out.insert(rel, (m.len(), m.modified().unwrap(), m.is_dir()));
            if m.is_dir() {
                stack.push(e.path());
            }
        }
    }
    out
}

#[test]
fn the_binary_on_every_case() {
    let bin = zverify_bin();
    let cases = corpus::cases::cases();
    let mut wrong = Vec::new();
    let mut slowest = (Duration::ZERO, String::new());
    for c in &cases {
        let dir = tempfile::tempdir().unwrap();
        let scratch = tempfile::tempdir().unwrap();
        let (target, key) = c.pkg.write_to(dir.path());
        let before = snapshot(dir.path());
        let mut args: Vec<&std::ffi::OsStr> = vec!["check".as_ref(), "--format".as_ref(), "json".as_ref()];
        if let Some(k) = &key {
            args.push("--key".as_ref());
            args.push(k.as_os_str());
        }
        args.push(target.file_name().unwrap());
        let start = std::time::Instant::now();
        let run = run_with_timeout(&bin, &args, dir.path(), scratch.path(), Duration::from_secs(60));
        let took = start.elapsed();
        if took > slowest.0 {
            slowest = (took, c.pkg.name.clone());
        }
        let name = &c.pkg.name;
        assert!(!run.timed_out, "{name}: zverify ran over 60 s");
        assert_ne!(run.code, Some(101), "{name}: zverify panicked:\n{}", run.stderr);
        assert!(
            !run.stderr.contains("panicked") && !run.stdout.contains("panicked"),
            "{name}: panic text:\n{}",
            run.stderr
        );
        assert_eq!(snapshot(dir.path()), before, "{name}: zverify changed the temp tree");
        for (f, b) in &c.pkg.files {
            assert!(std::fs::read(dir.path().join(f)).unwrap() == *b, "{name}: {f} changed");
        }
        if run.code != Some(c.exit) {
            wrong.push(format!("{name}: exit {:?}, expected {}\n{}", run.code, c.exit, run.stderr));
            continue;
        }
        if c.exit == 2 {
            assert!(run.stderr.contains("zverify: error:"), "{name}: exit 2 without saying why");
            continue;
        }
        let got = json_codes(&run.stdout).unwrap_or_else(|| panic!("{name}: not a JSON report:\n{}", run.stdout));
        if got != c.expect {
            wrong.push(format!("{name}: expected {:?}, the binary reports {got:?}", c.expect));
        }
    }
    eprintln!("{} cases through the binary; slowest {} in {:?}", cases.len(), slowest.1, slowest.0);
    awaiting_banner(&cases);
    assert!(wrong.is_empty(), "{} cases went wrong through the binary:\n{}", wrong.len(), wrong.join("\n"));
}
