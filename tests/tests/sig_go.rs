//! The signature path's two Go decoders, as Go runs them (tests/go/sigview): protojson's base64
//! for a Sigstore bundle's `bytes` fields, and sigstore's ECDSA verifier (ASN.1 via
//! `encoding/asn1` + `ecdsa.VerifyASN1`, else IEEE P1363). For every input: zverify accepts
//! exactly when Go does, and decodes to the same bytes.
// Runs Go.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use base64::Engine as _;
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};
use sha2::{Digest as _, Sha256};
use zverify_core::zarf::signature::{goenc, verify_sigstore_ecdsa};
use zverify_tests::corpus::mutants::Rng;
use zverify_tests::gorun::GoOracle;

fn ask_b64(go: &mut GoOracle, s: &str) -> Option<Vec<u8>> {
    let mut req = vec![b'b'];
    req.extend_from_slice(s.as_bytes());
    let a = go.ask(&req);
    a["ok"].as_bool().unwrap().then(|| hex_decode(a["hex"].as_str().unwrap()))
}

fn hex_decode(h: &str) -> Vec<u8> {
    (0..h.len()).step_by(2).map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap()).collect()
}

#[test]
fn base64_as_protojson_decodes_it() {
    let mut go = GoOracle::spawn("sigview");
    let mut rng = Rng::new(0x05ee_db64);
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_=\r\n \t.";
    let mut seeds: Vec<String> = Vec::new();
    for len in 0..40 {
        let data: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
        seeds.push(base64::engine::general_purpose::STANDARD.encode(&data));
        seeds.push(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&data));
    }
    let mut cases = 0;
    let mut accepted = 0;
    for seed in &seeds {
        for round in 0..12 {
            let mut s = seed.clone().into_bytes();
            // Mutate: insert, delete, replace with characters that matter to Go's decoder.
            for _ in 0..round % 4 {
                let c = *rng.pick(alphabet);
                match rng.below(3) {
                    0 => {
                        let at = rng.below(s.len() + 1);
                        s.insert(at, c);
                    }
                    1 if !s.is_empty() => {
                        let at = rng.below(s.len());
                        s.remove(at);
                    }
                    _ if !s.is_empty() => {
                        let at = rng.below(s.len());
                        s[at] = c;
                    }
                    _ => {}
                }
            }
            let s = String::from_utf8(s).unwrap();
            let go_says = ask_b64(&mut go, &s);
            let we_say = goenc::protojson_bytes(&s);
            assert_eq!(we_say, go_says, "base64 {s:?}");
            cases += 1;
            accepted += usize::from(go_says.is_some());
        }
    }
    // Both outcomes are exercised, not just one.
    assert!(accepted > cases / 5 && accepted < cases * 4 / 5, "{accepted} of {cases} accepted");
}

/// DER of two INTEGERs with the given contents (no minimality fixing).
fn der(r: &[u8], s: &[u8]) -> Vec<u8> {
    let mut inner = vec![0x02, r.len() as u8];
    inner.extend_from_slice(r);
    inner.extend_from_slice(&[0x02, s.len() as u8]);
    inner.extend_from_slice(s);
    let mut out = vec![0x30, inner.len() as u8];
    out.extend_from_slice(&inner);
    out
}

#[test]
fn ecdsa_signatures_as_sigstore_verifies_them() {
    let mut go = GoOracle::spawn("sigview");
    let mut rng = Rng::new(0xecd5a);
    let sk = SigningKey::from_slice(&[0x42; 32]).unwrap();
    let vk = *sk.verifying_key();
    let point = vk.to_encoded_point(false);
    let mut verified = 0;
    let mut cases = 0;
    for m in 0..8u8 {
        let message = format!("kind: ZarfPackageConfig\nmetadata:\n  name: m{m}\n").into_bytes();
        let digest = Sha256::digest(&message);
        let sig: Signature = sk.sign(&message);
        let (r, s) = (sig.r().to_bytes().to_vec(), sig.s().to_bytes().to_vec());
        let good_der = sig.to_der().as_bytes().to_vec();
        // High-S twin (n - s): valid for Go; is it for p256?
        let high = Signature::from_scalars(sig.r(), -*sig.s()).unwrap();
        let mut variants: Vec<Vec<u8>> = vec![
            good_der.clone(),
            sig.to_bytes().to_vec(),
            high.to_der().as_bytes().to_vec(),
            high.to_bytes().to_vec(),
            [vec![0, 0], r.clone(), vec![0, 0], s.clone()].concat(),
            [r.clone(), s.clone(), vec![0]].concat(),
            [good_der.clone(), vec![0]].concat(),
            der(&[&[0u8][..], &r].concat(), &s),
            der(&r, &[&[0u8][..], &s].concat()),
            der(&[0], &s),
            der(&r, &[1]),
            vec![],
            vec![0x30, 0x00],
            der(&[0x00, 0x01], &[0x01]),
            der(&[0xff, 0x80], &[0x01]),
        ];
        // The DER with its INTEGERs' contents swapped for the P1363 halves of another length.
        for _ in 0..60 {
            let mut v = rng.pick(&variants[..9]).clone();
            match rng.below(5) {
                0 if !v.is_empty() => {
                    let at = rng.below(v.len());
                    v[at] ^= 1 << rng.below(8);
                }
                1 if !v.is_empty() => {
                    let at = rng.below(v.len());
                    v.truncate(at);
                }
                2 => v.push(rng.next_u64() as u8),
                3 if v.len() > 2 => {
                    // Byte 1 (a length) in long form: 0x81 LL.
                    let l = v[1];
                    v.splice(1..2, [0x81, l]);
                }
                _ => {
                    let at = rng.below(v.len() + 1);
                    v.insert(at, *rng.pick(&[0x00u8, 0x02, 0x30, 0x80, 0xff]));
                }
            }
            variants.push(v);
        }
        for v in &variants {
            let mut req = vec![b'e'];
            req.extend_from_slice(point.as_bytes());
            req.extend_from_slice(&digest);
            req.extend_from_slice(v);
            let a = go.ask(&req);
            let go_ok = a["ok"].as_bool().unwrap();
            let go_asn1 = a["asn1"].as_bool().unwrap();
            assert_eq!(goenc::go_asn1_two_integers(v), go_asn1, "encoding/asn1 on {v:02x?}");
            let ours = verify_sigstore_ecdsa(&vk, &message, v);
            assert_eq!(ours.is_ok(), go_ok, "signature {v:02x?}: Go says {a}, zverify {ours:?}");
            if let Err(e) = ours {
                assert_eq!(e, a["error"].as_str().unwrap(), "the words for {v:02x?}");
            }
            cases += 1;
            verified += usize::from(go_ok);
        }
    }
    assert!(verified >= 8 * 5 && verified < cases / 2, "{verified} of {cases} verified");
}
