//! The image reference parser (Zarf's normalization). Invariants: no panic; normalizing is
//! idempotent — a normalized reference parses, and normalizes to itself.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zverify_core::zarf::reference;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(r) = reference::parse(text) else { return };
    let n = r.normalized();
    let _ = r.name();
    let again = reference::parse(&n).unwrap_or_else(|e| panic!("{text:?} normalizes to {n:?}, which does not parse: {e:?}"));
    assert_eq!(again.normalized(), n, "normalizing {text:?} is not idempotent");
});
