//! The package set of the Zarf differential, for `scripts/oracle-diff`:
//!
//!   zverify-oracle-set emit DIR              write every package to DIR/<name>/ and DIR/manifest.tsv
//!                                            (name, target path, key path or -, sha256)
//!   zverify-oracle-set compare DIR [--record | --merge]
//!       read DIR/<name>/oracle.out (real Zarf) and DIR/<name>/zverify.{json,rc}, print the agreement
//!       table, and check real Zarf's verdicts against tests/oracle/verdicts.tsv: drift (bytes or
//!       verdict changed, row missing) fails unless --record, which rewrites the file. --merge
//!       records only the packages that were run (those with an oracle.out; `scripts/oracle-diff
//!       --only`) and keeps every other row as recorded.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;
use zverify_tests::corpus::oracle::*;
use zverify_tests::corpus::{json_error_codes, Package};

fn emit(dir: &Path) {
    let mut manifest = String::new();
    for p in oracle_set() {
        let sub = dir.join(&p.name);
        std::fs::create_dir_all(&sub).unwrap();
        let (target, key) = p.write_to(&sub);
        let key = key.map(|k| k.display().to_string()).unwrap_or_else(|| "-".into());
        manifest.push_str(&format!("{}\t{}\t{}\t{}\n", p.name, target.display(), key, p.sha256()));
    }
    std::fs::write(dir.join("manifest.tsv"), manifest).unwrap();
}

fn compare(dir: &Path, record: bool, merge: bool) -> ExitCode {
    let set: BTreeMap<String, Package> = oracle_set().into_iter().map(|p| (p.name.clone(), p)).collect();
    let recorded = read_verdicts(&std::fs::read_to_string(verdicts_path()).unwrap_or_default());
    let known = known_disagreements(&std::fs::read_to_string(known_path()).unwrap_or_default());
    let stricter = stricter_codes(&std::fs::read_to_string(stricter_path()).expect("docs/stricter-than-zarf.md"));
    let mut rows = BTreeMap::new();
    let mut table = Table::default();
    let mut drift = Vec::new();
    let mut unrun = Vec::new();
    let mut disagree = Vec::new();
    for (name, p) in &set {
        let sub = dir.join(name);
        if merge && !sub.join("oracle.out").exists() {
            // Not run this time: its recorded row stands (its bytes must not have changed).
            match recorded.get(name) {
                Some(r) if r.sha256 == p.sha256() => {
                    rows.insert(name.clone(), r.clone());
                }
                _ => unrun.push(format!("{name}: not run, and no recorded verdict for its bytes")),
            }
            continue;
        }
        let out = std::fs::read_to_string(sub.join("oracle.out")).unwrap_or_default();
        let Some((verdict, message)) = parse_oracle(&out) else {
            let err = std::fs::read_to_string(sub.join("oracle.err")).unwrap_or_default();
            eprintln!("{name}: the oracle gave no verdict:\n{out}{err}");
            return ExitCode::from(2);
        };
        let rc = std::fs::read_to_string(sub.join("zverify.rc")).unwrap_or_default();
        let errors = if rc.trim() == "2" {
            vec!["exit-2".to_owned()]
        } else {
            let json = std::fs::read_to_string(sub.join("zverify.json")).unwrap_or_default();
            json_error_codes(&json).unwrap_or_else(|| panic!("{name}: zverify wrote no JSON report (exit {rc})"))
        };
        let outcome = classify(&verdict, &errors, &stricter);
        let is_known = known.contains_key(name);
        table.add(&verdict, &outcome, is_known);
        if let Outcome::Disagree(why) = &outcome {
            disagree.push(format!("{}{name}: {why} (Zarf: {message})", if is_known { "[known] " } else { "" }));
        }
        let sha = p.sha256();
        match recorded.get(name) {
            None => drift.push(format!("{name}: no recorded verdict")),
            Some(r) if r.sha256 != sha => drift.push(format!("{name}: the package's bytes changed since recording")),
            Some(r) if r.verdict != verdict => {
                drift.push(format!("{name}: Zarf's verdict changed: {} → {}", r.verdict.as_str(), verdict.as_str()))
            }
            Some(_) => {}
        }
        rows.insert(name.clone(), Row { name: name.clone(), sha256: sha, verdict, message });
    }
    for name in recorded.keys().filter(|n| !set.contains_key(*n)) {
        if merge {
            println!("dropped {name}: recorded but no longer produced");
        } else {
            drift.push(format!("{name}: recorded but no longer produced"));
        }
    }
    for d in &disagree {
        println!("DISAGREE {d}");
    }
    println!("\n{}", table.render());
    if !unrun.is_empty() {
        for d in &unrun {
            println!("  {d}");
        }
        println!("not merged: run these packages too (scripts/oracle-diff --only), or all with --record");
        return ExitCode::FAILURE;
    }
    if record || merge {
        std::fs::write(verdicts_path(), write_verdicts(&rows)).unwrap();
        println!("recorded {} verdicts in {}", rows.len(), verdicts_path().display());
        return ExitCode::SUCCESS;
    }
    if !drift.is_empty() {
        println!("\n{} rows drifted (re-record with scripts/oracle-diff --record):", drift.len());
        for d in drift {
            println!("  {d}");
        }
        return ExitCode::FAILURE;
    }
    if table.disagreements > 0 {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["emit", dir] => {
            emit(Path::new(dir));
            ExitCode::SUCCESS
        }
        ["compare", dir] => compare(Path::new(dir), false, false),
        ["compare", dir, "--record"] => compare(Path::new(dir), true, false),
        ["compare", dir, "--merge"] => compare(Path::new(dir), false, true),
        _ => {
            eprintln!("usage: zverify-oracle-set emit DIR | compare DIR [--record | --merge]");
            ExitCode::from(2)
        }
    }
}
