//! zarf.yaml: the parser on arbitrary bytes, then the same bytes as a package's zarf.yaml through
//! the verifier (every Zarf check that reads it). Invariant: no panic, bounded work (alias bombs).
#![no_main]
use libfuzzer_sys::fuzz_target;
use zverify_core::{Options, Verifier};

fuzz_target!(|data: &[u8]| {
    let _ = zverify_core::zarf::yaml::parse(data);
    let mut v = Verifier::new(Options::default());
    v.begin_entry("zarf.yaml", Some(data.len() as u64)).expect("no entry open");
    v.write(data);
    v.end_entry().expect("entry open");
    v.add_directory("images");
    let _ = v.finish("fuzz").to_json();
});
