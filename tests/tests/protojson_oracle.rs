//! The protojson reader (core/src/zarf/signature/protojson.rs) against the real one: every mutant
//! of the real signed package's `zarf.bundle.sig` goes to the Zarf oracle (Zarf's own code:
//! sigstore-go's `Bundle.UnmarshalJSON`, which is `protojson.Unmarshal` into protobuf-specs'
//! `Bundle`, then the signature check with the package's key) and to zverify's reader.
//! - Go refuses the bundle as JSON (a `proto:` error) ⇔ zverify's reader refuses it, with
//!   protojson's own words;
//! - zverify's reader decodes exactly the unmutated bundle's fields ⇒ Zarf verifies the package;
//! - Zarf verifies the package ⇒ zverify's reader decoded the signature, its digest and the media
//!   type exactly as in the original (so the spellings both accept — proto names, escapes, base64
//!   alphabets, enum numbers, `null` — are read as the same values).
//!
//! The oracle is a Go program linked against Zarf (`../shared/tools/zarf-oracle`, or
//! $ZVERIFY_ZARF_ORACLE). A Go program of our own around protojson would need the Go module proxy,
//! which this project's machines cannot reach; the oracle holds the same code, at the versions
//! Zarf pins. Without the oracle this test fails and says so: it is never skipped silently.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use std::path::PathBuf;
use std::process::Command;
use zverify_core::zarf::signature::protojson::{unmarshal, BUNDLE};
use zverify_tests::corpus::oracle::{parse_oracle, repo_root, Verdict};
use zverify_tests::corpus::{cosign_pub, Pkg, REAL_SIGNED};

fn oracle() -> PathBuf {
    let path = std::env::var_os("ZVERIFY_ZARF_ORACLE")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared/tools/zarf-oracle/zarf-oracle"));
    assert!(
        path.exists(),
        "the protojson differential needs the Zarf oracle at {} (or set ZVERIFY_ZARF_ORACLE)",
        path.display()
    );
    path
}

/// Text edits of the bundle, each with a label: spellings Go must read as the same values, and
/// documents it must refuse.
fn mutants(b: &str) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    let mut add = |label: &str, text: String| out.push((label.to_owned(), text.into_bytes()));
    let top = |member: &str| format!("{{{member},{}", &b[1..]);
    let vm =
        |member: &str| b.replacen("\"verificationMaterial\":{", &format!("\"verificationMaterial\":{{{member},"), 1);
    let v: serde_json::Value = serde_json::from_str(b).unwrap();
    let sig = v["messageSignature"]["signature"].as_str().unwrap().to_owned();
    let digest = v["messageSignature"]["messageDigest"]["digest"].as_str().unwrap().to_owned();
    let hint = v["verificationMaterial"]["publicKey"]["hint"].as_str().unwrap().to_owned();
    let with_sig = |s: &str| b.replacen(&sig, s, 1);

    add("as is", b.to_owned());
    add("whitespace", b.replace(',', " ,\n\t").replace(':', "\r\n: ").replace('{', "{ "));
    add("trailing whitespace", format!("{b} \n"));
    let mut proto = b.to_owned();
    for (json, name) in [
        ("mediaType", "media_type"),
        ("verificationMaterial", "verification_material"),
        ("publicKey", "public_key"),
        ("messageSignature", "message_signature"),
        ("messageDigest", "message_digest"),
    ] {
        proto = proto.replacen(&format!("\"{json}\""), &format!("\"{name}\""), 1);
    }
    add("proto field names", proto);
    add("field name case", b.replacen("\"mediaType\"", "\"MediaType\"", 1));
    add("json and proto name", top("\"media_type\":\"application/vnd.dev.sigstore.bundle.v0.3+json\""));
    add("duplicate field", top("\"mediaType\":\"x\""));
    add("unknown field", top("\"extra\":1"));
    add("unknown null field", vm("\"foo\":null"));
    add("null oneof sibling", top("\"dsseEnvelope\":null"));
    add("second oneof member", top("\"dsseEnvelope\":{}"));
    add("null field", top("\"verificationMaterial\":null").replacen(",\"verificationMaterial\"", ",\"x\"", 0));
    add("empty list", vm("\"tlogEntries\":[]"));
    add("null list", vm("\"tlogEntries\":null"));
    add("null in list", vm("\"tlogEntries\":[null]"));
    add("list not array", vm("\"tlogEntries\":{}"));
    add("enum as number", b.replacen("\"SHA2_256\"", "1", 1));
    add("enum as 1.0", b.replacen("\"SHA2_256\"", "1.0", 1));
    add("enum as 1e0", b.replacen("\"SHA2_256\"", "1e0", 1));
    add("enum as 1.5", b.replacen("\"SHA2_256\"", "1.5", 1));
    add("enum name as string number", b.replacen("\"SHA2_256\"", "\"1\"", 1));
    add("enum lower case", b.replacen("\"SHA2_256\"", "\"sha2_256\"", 1));
    add("enum over int32", b.replacen("\"SHA2_256\"", "2147483648", 1));
    add("url-safe base64", with_sig(&sig.replace('+', "-").replace('/', "_")));
    add("unpadded base64", with_sig(sig.trim_end_matches('=')));
    add("base64 with escaped newlines", with_sig(&format!("{}\\n{}\\r\\n", &sig[..10], &sig[10..])));
    add("base64 with a space", with_sig(&format!("{} {}", &sig[..10], &sig[10..])));
    add("base64 mixed alphabets", with_sig(&format!("{}-{}", &sig[..10], &sig[11..])));
    add("digest not base64", b.replacen(&digest, "not*base64", 1));
    add("escaped letters", b.replacen("application", "\\u0061pplic\\u0061tion", 1));
    add("escaped slash", b.replacen("vnd.dev", "vnd\\/dev", 1).replacen("\\/dev", ".dev", 0));
    add("bad escape", b.replacen("application", "\\xapplication", 1));
    add("paired surrogates in hint", b.replacen(&hint, "\\ud83d\\ude00", 1));
    add("lone surrogate in hint", b.replacen(&hint, "\\ud800", 1));
    add("reversed surrogates in hint", b.replacen(&hint, "\\ude00\\ud83d", 1));
    add("control character in hint", b.replacen(&hint, "a\u{1}b", 1));
    add("hint not a string", b.replacen(&format!("\"{hint}\""), "7", 1));
    add("string for message", b.replacen("\"publicKey\":{", "\"publicKey\":\"x\",\"y\":{", 1));
    for (label, n) in [
        ("logIndex string", "\"1\""),
        ("logIndex number", "1"),
        ("logIndex 1e0", "1e0"),
        ("logIndex \"1e0\"", "\"1e0\""),
        ("logIndex 1.5", "1.5"),
        ("logIndex -0", "-0"),
        ("logIndex int64 min", "\"-9223372036854775808\""),
        ("logIndex over int64", "9223372036854775808"),
        ("logIndex padded string", "\" 1\""),
        ("logIndex hex", "\"0x1\""),
        ("logIndex 1e", "1e"),
        ("logIndex 01", "01"),
    ] {
        add(label, vm(&format!("\"tlogEntries\":[{{\"logIndex\":{n}}}]")));
    }
    add("trailing garbage", format!("{b}x"));
    add("two documents", format!("{b}{b}"));
    add("top-level null", "null".to_owned());
    add("top-level array", "[]".to_owned());
    for cut in [1, b.len() / 3, b.len() / 2, b.len() - 1] {
        add(&format!("cut at {cut}"), b[..cut].to_owned());
    }
    let mut raw: Vec<(String, Vec<u8>)> = Vec::new();
    let mut bad_utf8 = b.replacen(&hint, "AB", 1).into_bytes();
    let at = b.find(&hint).unwrap();
    bad_utf8[at + 1] = 0xff;
    raw.push(("invalid UTF-8 in hint".into(), bad_utf8));
    raw.push(("BOM".into(), [b"\xef\xbb\xbf".as_slice(), b.as_bytes()].concat()));
    out.extend(raw);
    out
}

#[test]
fn protojson_reads_real_bundles_as_go_does() {
    let oracle = oracle();
    let base = Pkg::real(REAL_SIGNED);
    let bundle = String::from_utf8(base.file("zarf.bundle.sig")).unwrap();
    let original = unmarshal(bundle.as_bytes(), &BUNDLE).expect("the real bundle reads");
    let tmp = tempfile::tempdir().unwrap();
    let mut wrong = Vec::new();
    let mut table = String::new();
    for (i, (label, bytes)) in mutants(&bundle).into_iter().enumerate() {
        let mut p = base.clone();
        p.set("zarf.bundle.sig", bytes.clone());
        let pkg = p.package(&format!("pj-{i:02}")).with_key(&cosign_pub());
        let (path, key) = pkg.write_to(tmp.path());
        let out =
            Command::new(&oracle).arg(&path).arg("--key").arg(key.unwrap()).output().expect("run the Zarf oracle");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let (verdict, message) =
            parse_oracle(&stdout).unwrap_or_else(|| panic!("{label}: the oracle said nothing usable: {stdout}"));
        std::fs::remove_file(&path).unwrap();
        // protojson's errors start with `proto:`; anything else came after the JSON was read.
        let go_refuses = verdict == Verdict::FailLoad && message.contains("proto:");
        let ours = unmarshal(&bytes, &BUNDLE);
        table.push_str(&format!(
            "{label:32} go: {:5} ours: {:5} | {}\n",
            if go_refuses { "error" } else { "reads" },
            if ours.is_err() { "error" } else { "reads" },
            message.chars().take(150).collect::<String>()
        ));
        match &ours {
            Err(e) if !go_refuses => wrong.push(format!("{label}: zverify refuses ({}), Go reads it ({message})", e)),
            Err(e) if !message.contains(&e.to_string()) => {
                wrong.push(format!("{label}: both refuse, in other words: zverify {:?}, Go {message:?}", e.to_string()))
            }
            Ok(_) if go_refuses => wrong.push(format!("{label}: zverify reads it, Go refuses: {message}")),
            Ok(m) if *m == original && verdict != Verdict::Ok => {
                wrong.push(format!("{label}: zverify reads the original values, Zarf does not verify: {message}"))
            }
            // Zarf verified: Go read the signature, its digest and the media type as in the
            // original (the mutants make no new signature), so zverify must read those too.
            Ok(m) if verdict == Verdict::Ok && (m.msg(3) != original.msg(3) || m.str(1) != original.str(1)) => {
                wrong.push(format!("{label}: Zarf verifies, zverify read other signature fields: {m:?}"))
            }
            _ => {}
        }
    }
    eprintln!("{table}");
    assert!(wrong.is_empty(), "{} of the mutants read differently:\n{}", wrong.len(), wrong.join("\n"));
}
