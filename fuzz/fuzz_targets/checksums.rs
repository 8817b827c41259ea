//! checksums.txt: the line parser, then the file in a package next to a zarf.yaml and the files it
//! may list. Invariants: no panic; every byte line is accounted for (parsed or reported bad).
#![no_main]
use libfuzzer_sys::fuzz_target;
use zverify_core::{Options, Verifier};

const ZARF_YAML: &[u8] = b"kind: ZarfPackageConfig\nmetadata:\n  name: fuzz\n  architecture: amd64\nbuild:\n  architecture: amd64\n  version: v0.48.0\ncomponents:\n  - name: app\n";

fuzz_target!(|data: &[u8]| {
    let (lines, bad) = zverify_core::zarf::checksums::parse(data);
    let nonempty = data.split(|b| *b == b'\n').filter(|l| !l.is_empty()).count();
    assert!(lines.len() + bad.len() <= nonempty, "more results than lines");
    let mut v = Verifier::new(Options::default());
    for (name, bytes) in [("checksums.txt", data), ("components/app.tar", &b"x"[..]), ("zarf.yaml", ZARF_YAML)] {
        v.begin_entry(name, Some(bytes.len() as u64)).expect("no entry open");
        v.write(bytes);
        v.end_entry().expect("entry open");
    }
    let _ = v.finish("fuzz").to_json();
});
