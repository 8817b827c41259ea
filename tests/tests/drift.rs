//! The two front ends cannot drift (issue 20): every corpus, oracle and vector package goes through
//! the checker page's layer (`zverify_wasm::Checker`, as an rlib, driven as `web/src/worker.js`
//! drives it: a `.tar` by offset with ranges hashed elsewhere, anything else streamed, a split
//! package's selected parts, zstd decoded with ruzstd as in a browser) and through the CLI
//! (`zverify check --format json`, its own drivers: threads, the reader pipeline, split parts on
//! disk, zstd decoded with libzstd). Both must give byte-identical JSON, or the same reason there
//! is no report.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use serde_json::Value;
use std::ffi::OsStr;
use std::path::Path;
use std::time::Duration;
use zverify_tests::corpus::oracle::oracle_set;
use zverify_tests::corpus::{run_with_timeout, zverify_bin, Package};
use zverify_wasm::{Checker, RangeHasher};

/// A keyless policy, as the page's fields and the CLI's flags take it.
struct Keyless<'a> {
    identity: &'a str,
    issuer: &'a str,
    trusted_root: &'a [u8],
}

/// What the page ends with: the report's JSON, or the error it shows.
fn page(p: &Package, seek: bool) -> Result<String, String> {
    page_with(p, seek, None)
}

fn page_with(p: &Package, seek: bool, keyless: Option<&Keyless>) -> Result<String, String> {
    let key = p.key.as_ref().map(|k| String::from_utf8_lossy(k).into_owned());
    let mut c = if p.is_split() {
        let names: Vec<String> = p.files.iter().map(|(n, _)| n.clone()).collect();
        let sizes: Vec<f64> = p.files.iter().map(|(_, b)| b.len() as f64).collect();
        let meta = p.files.iter().find(|(n, _)| n.ends_with(".part000")).map(|(_, b)| b.as_slice()).unwrap_or(&[]);
        let meta = &meta[..meta.len().min((4 << 20) + 1)];
        Checker::split(names, sizes, meta, None, key).map_err(|e| e.to_string())?
    } else if seek {
        Checker::seek_tar(&p.target, p.files[0].1.len() as f64, None, key).map_err(|e| e.to_string())?
    } else {
        Checker::new(&p.target, None, key).map_err(|e| e.to_string())?
    };
    if let Some(k) = keyless {
        c.keyless(
            Some(k.identity.into()),
            None,
            Some(k.issuer.into()),
            None,
            Some(k.trusted_root.to_vec()),
            false,
            None,
        )
        .map_err(|e| e.to_string())?;
    }
    let inputs: Vec<&[u8]> = if p.is_split() {
        let parts = c.parts();
        parts.iter().map(|n| p.files.iter().find(|(f, _)| f == n).unwrap().1.as_slice()).collect()
    } else {
        vec![p.files[0].1.as_slice()]
    };
    let mut hand = Vec::new();
    loop {
        let step: Value = serde_json::from_str(&c.next()).unwrap();
        if step.get("input").is_some() || step.get("reread").is_some() {
            'files: for bytes in &inputs {
                for piece in bytes.chunks(64 << 10) {
                    if !c.feed(piece) {
                        break 'files;
                    }
                }
            }
            c.end_input();
        } else if let Some(r) = step.get("read") {
            let bytes = p.files[0].1.as_slice();
            let (off, len) = (r[0].as_u64().unwrap() as usize, r[1].as_u64().unwrap() as usize);
            let (from, to) = (off.min(bytes.len()), (off + len).min(bytes.len()));
            c.supply(&bytes[from..to], len as f64);
        } else if let Some(h) = step.get("hand") {
            hand.push(h.clone());
        }
        let finish = step.get("finish").is_some();
        // The hashing workers: digests come back later, in reverse order (all before `finish`).
        if step.get("hand").is_none() {
            for h in hand.drain(..).rev() {
                let (off, len) = (h["offset"].as_u64().unwrap() as usize, h["len"].as_u64().unwrap() as usize);
                let mut r = RangeHasher::new(&h["plan"].to_string()).unwrap();
                r.write(&p.files[0].1[off..off + len]);
                c.complete(&r.finish().unwrap()).unwrap();
            }
        }
        if finish {
            break;
        }
    }
    c.finish().map(|o| o.json()).map_err(|e| e.to_string())
}

/// What the CLI ends with: its JSON, or the error it prints (exit 2).
fn cli(bin: &Path, p: &Package, dir: &Path, scratch: &Path) -> Result<String, String> {
    cli_with(bin, p, dir, scratch, None)
}

fn cli_with(bin: &Path, p: &Package, dir: &Path, scratch: &Path, keyless: Option<&Keyless>) -> Result<String, String> {
    let (target, key) = p.write_to(dir);
    let name = target.file_name().unwrap().to_owned();
    let mut args: Vec<&OsStr> = vec![OsStr::new("check"), OsStr::new("--format"), OsStr::new("json")];
    let key_arg = key.as_ref().map(|k| k.file_name().unwrap().to_owned());
    if let Some(k) = &key_arg {
        args.extend([OsStr::new("--key"), k.as_os_str()]);
    }
    let root = dir.join("trusted_root.json");
    if let Some(k) = keyless {
        std::fs::write(&root, k.trusted_root).unwrap();
        args.extend(["--certificate-identity", k.identity, "--certificate-oidc-issuer", k.issuer].map(OsStr::new));
        args.extend([OsStr::new("--trusted-root"), root.as_os_str()]);
    }
    args.push(&name);
    let run = run_with_timeout(bin, &args, dir, scratch, Duration::from_secs(60));
    assert!(!run.timed_out, "{}: the CLI timed out", p.name);
    for (f, _) in &p.files {
        std::fs::remove_file(dir.join(f)).unwrap();
    }
    if let Some(k) = key {
        std::fs::remove_file(k).unwrap();
    }
    if keyless.is_some() {
        std::fs::remove_file(root).unwrap();
    }
    match run.code {
        Some(0 | 1) => Ok(run.stdout.trim_end().to_owned()),
        Some(2) => Err(run.stderr.trim_end().strip_prefix("zverify: error: ").unwrap_or(&run.stderr).to_owned()),
        other => panic!("{}: the CLI exited {other:?}: {}", p.name, run.stderr),
    }
}

#[test]
fn the_page_and_the_cli_give_the_same_verdict_on_every_package() {
    let bin = zverify_bin();
    let dir = tempfile::tempdir().unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let set = oracle_set();
    assert!(set.len() > 400, "the corpus, fixtures, vectors and mutants: {}", set.len());
    let (mut reports, mut refusals, mut seeks, mut zstd_damage) = (0, 0, 0, 0);
    let mut drift = Vec::new();
    for p in &set {
        let want = cli(&bin, p, dir.path(), scratch.path());
        let tar = !p.is_split()
            && zverify_core::archive::sniff(&p.files[0].1[..p.files[0].1.len().min(512)])
                == Some(zverify_core::archive::ArchiveKind::Tar);
        // The page reads a `.tar` by offset (its large entries hashed in workers), and streams it
        // when told to use one worker; both must agree with the CLI.
        let modes: &[bool] = if tar { &[false, true] } else { &[false] };
        for &seek in modes {
            seeks += usize::from(seek);
            let got = page(p, seek);
            let same = match (&want, &got) {
                (Ok(a), Ok(b)) => a == b,
                // The CLI adds its own advice to a JSON document given as an archive.
                (Err(a), Err(b)) => a == b || *a == format!("{b}: try `zverify doc`"),
                _ => false,
            };
            if !same {
                let show = |r: &Result<String, String>| match r {
                    Ok(j) => format!("report {}", &j[..j.len().min(600)]),
                    Err(e) => format!("error {e}"),
                };
                drift.push(format!("{} (seek {seek}):\n  cli:  {}\n  page: {}", p.name, show(&want), show(&got)));
            }
        }
        match want {
            Ok(j) => {
                reports += 1;
                // The page's layer decodes with ruzstd (as in a browser), the CLI with libzstd.
                zstd_damage += usize::from(j.contains("zstd stream is damaged"));
            }
            Err(_) => refusals += 1,
        }
    }
    eprintln!(
        "drift: {} packages ({reports} reports, {refusals} refusals, {seeks} also read by offset, {zstd_damage} with a \
         damaged zstd stream)",
        set.len()
    );
    assert!(refusals > 0 && reports > 0 && zstd_damage > 0);
    assert!(drift.is_empty(), "{} packages drift between the page and the CLI:\n{}", drift.len(), drift.join("\n"));
}

/// The two drifts issue 20 found, each a case here: a plain-`split` part000 holding tar data is a
/// report with ZV515 (exit 1) on both; a key that cannot be used is an error before any check on
/// both.
#[test]
fn the_two_known_drifts_are_gone() {
    let bin = zverify_bin();
    let dir = tempfile::tempdir().unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let tar = zverify_tests::corpus::read_vector("zarf-package-real-uncompressed-amd64-0.1.0.tar");
    // `split -b 4096 -d -a 3 pkg.tar pkg.tar.part`: part000 is the archive's start.
    let files: Vec<(String, Vec<u8>)> =
        tar.chunks(4096).enumerate().map(|(i, c)| (format!("plain.tar.part{i:03}"), c.to_vec())).collect();
    let p = Package { name: "plain-split".into(), target: "plain.tar.part000".into(), files, key: None };
    let (want, got) = (cli(&bin, &p, dir.path(), scratch.path()), page(&p, false));
    assert_eq!(want, got);
    let report: Value = serde_json::from_str(want.as_ref().unwrap()).unwrap();
    assert!(report["findings"].as_array().unwrap().iter().any(|f| f["code"] == "ZV515"), "{report:#}");
    assert_eq!(report["summary"]["passed"], false);

    let mut p = Package::single("badkey", "tar", tar);
    p.key = Some(b"-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n".to_vec());
    let page_err = page(&p, false).unwrap_err();
    assert!(page_err.contains("public key"), "{page_err}");
    // The CLI reads the key file itself and names it; both refuse before any check.
    let cli_err = cli(&bin, &p, dir.path(), scratch.path()).unwrap_err();
    assert!(cli_err.contains("badkey.pub") && cli_err.contains("not a PEM ECDSA P-256 public key"), "{cli_err}");
}

/// Keyless signatures (issue 19): the keyless-signed Zarf packages of tests/vectors/zarf-keyless,
/// verified and broken (zverify_tests::zarf_keyless), each checked with its policy by the page
/// (`Checker::keyless`, the fields a person fills) and by the CLI (`--certificate-identity`,
/// `--certificate-oidc-issuer`, `--trusted-root`): the same JSON, streamed and, for the `.tar`
/// form, read by offset. And without a policy, the same note.
#[test]
fn keyless_packages_give_the_same_verdict_with_their_policy() {
    let bin = zverify_bin();
    let dir = tempfile::tempdir().unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let (mut verified, mut refused) = (0, 0);
    for c in zverify_tests::zarf_keyless::cases() {
        let k = Keyless { identity: &c.identity, issuer: &c.issuer, trusted_root: &c.trusted_root };
        let tar = zstd::decode_all(&c.package[..]).unwrap();
        for p in [
            Package::single(c.name, "tar.zst", c.package.clone()),
            Package::single(&format!("{}-uncompressed", c.name), "tar", tar),
        ] {
            let want = cli_with(&bin, &p, dir.path(), scratch.path(), Some(&k));
            let report: Value = serde_json::from_str(want.as_ref().unwrap()).unwrap();
            assert_eq!(report["package"]["signature_verified"], c.want.is_none(), "{}: {report:#}", p.name);
            if c.want.is_none() {
                verified += 1;
                assert_eq!(report["package"]["signer"]["identity"], c.identity.as_str());
            } else {
                refused += 1;
                assert_eq!(report["findings"][0]["code"], "ZV550", "{}: {report:#}", p.name);
            }
            let modes: &[bool] = if p.target.ends_with(".tar") { &[false, true] } else { &[false] };
            for &seek in modes {
                assert_eq!(
                    page_with(&p, seek, Some(&k)),
                    want,
                    "{} (seek {seek}): the page and the CLI differ",
                    p.name
                );
            }
            // No policy: the bundle is not verified, a note on both.
            assert_eq!(page(&p, false), cli(&bin, &p, dir.path(), scratch.path()), "{}: without a policy", p.name);
        }
    }
    assert_eq!((verified, refused), (6, 14));
}
