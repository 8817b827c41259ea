//! Signatures: `zarf.yaml.sig` and `zarf.bundle.sig` verification against Zarf's test key, and the
//! PEM key parser. Input: a mode byte, a 2-byte little-endian length L, L bytes of zarf.yaml, then
//! the signature file (or, mode 2, a PEM key). Invariant: no panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zverify_core::zarf::signature;

/// Zarf's test public key (zarf-dev/zarf `src/pkg/signing/testdata/cosign.pub`, Apache-2.0).
const KEY: &[u8] = include_bytes!("../zarf-test-cosign.pub");

fuzz_target!(|data: &[u8]| {
    let [mode, l0, l1, rest @ ..] = data else { return };
    let l = usize::from(u16::from_le_bytes([*l0, *l1])).min(rest.len());
    let (yaml, sig) = rest.split_at(l);
    let key = signature::parse_key(KEY).expect("Zarf's test key parses");
    match mode % 3 {
        0 => {
            let _ = signature::verify_sig_file(&key, yaml, sig);
        }
        1 => {
            let _ = signature::verify_bundle(&key, yaml, sig);
        }
        _ => {
            if let Ok(k) = signature::parse_key(sig) {
                let _ = signature::verify_sig_file(&k, yaml, b"");
            }
        }
    }
});
