//! Archive-level cases for the push tar reader: hostile names, links, duplicates, long names, PAX,
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]
//! corrupt and truncated streams. Archives are built here, at test time.

use zverify_core::Severity;
use zverify_tests::*;

fn raw_entry(b: &mut tar::Builder<Vec<u8>>, name: &[u8], ty: tar::EntryType, data: &[u8], link: Option<&str>) {
    let mut h = tar::Header::new_old();
    h.as_old_mut().name[..name.len()].copy_from_slice(name);
    h.set_entry_type(ty);
    h.set_mode(0o644);
    h.set_size(data.len() as u64);
    if let Some(l) = link {
        h.as_old_mut().linkname[..l.len()].copy_from_slice(l.as_bytes());
    }
    h.set_cksum();
    b.append(&h, data).unwrap();
}

/// A clean layout as tar, plus extra raw entries appended before the end marker.
fn with_extra(extra: impl FnOnce(&mut tar::Builder<Vec<u8>>)) -> Vec<u8> {
    let clean = clean_layout("").build().to_tar();
    let body = &clean[..clean.len() - 1024];
    let mut b = tar::Builder::new(Vec::new());
    extra(&mut b);
    let mut out = body.to_vec();
    let extra_bytes = b.into_inner().unwrap();
    out.extend_from_slice(&extra_bytes);
    out
}

#[test]
fn unsafe_names_are_findings_not_actions() {
    let tar = with_extra(|b| {
        raw_entry(b, b"../../etc/passwd", tar::EntryType::Regular, b"root::0:0", None);
        raw_entry(b, b"/abs/path", tar::EntryType::Regular, b"x", None);
    });
    let r = verify_tar(&tar, 999);
    assert_eq!(
        finding_keys(&r),
        ["ZV002 error ../../etc/passwd -", "ZV002 error /abs/path -"],
        "{}",
        findings_text(&r)
    );
    // The rest of the package still verified.
    assert!(r.summary.blobs_verified > 0);
}

#[test]
fn links_are_reported_never_followed() {
    let tar = with_extra(|b| {
        raw_entry(b, b"blobs/sha256/evil", tar::EntryType::Symlink, b"", Some("/etc/shadow"));
        raw_entry(b, b"hard", tar::EntryType::Link, b"", Some("index.json"));
    });
    let r = verify_tar(&tar, 4096);
    assert_eq!(finding_keys(&r), ["ZV003 error blobs/sha256/evil -", "ZV003 error hard -"], "{}", findings_text(&r));
    assert!(r
        .findings
        .iter()
        .any(|f| f.path.as_deref() == Some("blobs/sha256/evil") && f.message.contains("/etc/shadow")));
}

#[test]
fn duplicate_entries_are_errors() {
    let tar = with_extra(|b| {
        raw_entry(b, b"index.json", tar::EntryType::Regular, br#"{"schemaVersion":2,"manifests":[]}"#, None)
    });
    let r = verify_tar(&tar, 4096);
    // The later copy wins, as when Zarf extracts: an empty index, so every blob is unreferenced.
    let keys = finding_keys(&r);
    assert_eq!(keys[0], "ZV004 error index.json -", "{}", findings_text(&r));
    assert_eq!(keys.len(), 12, "{}", findings_text(&r));
    assert!(keys[1..].iter().all(|k| k.starts_with("ZV109 warning blobs/sha256/")), "{}", findings_text(&r));
}

#[test]
fn special_entries_are_errors() {
    // Zarf writes a FIFO as an empty regular file; zverify cannot say what is deployed.
    let tar = with_extra(|b| raw_entry(b, b"fifo", tar::EntryType::Fifo, b"", None));
    let r = verify_tar(&tar, 4096);
    let f = r.findings.iter().find(|f| f.code == "ZV006").expect("ZV006");
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.contains("empty regular file"), "{}", f.message);
}

#[test]
fn gnu_long_names_and_pax_paths_are_read() {
    let mut tree = clean_layout("").build();
    let long = format!("components/{}/file.txt", "d".repeat(150));
    tree.put(&long, b"hello".to_vec());
    // The tar crate writes GNU long-name records for paths over 100 bytes.
    let r = verify_tar(&tree.to_tar(), 333);
    assert_eq!(r.summary.errors, 0, "{}", findings_text(&r));
    assert_eq!(r.summary.files as usize, tree.files.len());

    // PAX: a `path` record overrides the header name.
    let mut b = tar::Builder::new(Vec::new());
    for (p, data) in &clean_layout("").build().files {
        let mut h = tar::Header::new_ustar();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_path("placeholder").unwrap();
        h.set_cksum();
        b.append_pax_extensions([("path", p.as_bytes())]).unwrap();
        b.append(&h, &data[..]).unwrap();
    }
    let pax = b.into_inner().unwrap();
    let r = verify_tar(&pax, 100);
    assert_eq!(r.summary.errors, 0, "{}", findings_text(&r));
    assert!(!r.findings.iter().any(|f| f.path.as_deref() == Some("placeholder")));
}

#[test]
fn corrupt_header_stops_with_position() {
    let mut tar = clean_layout("").build().to_tar();
    // Damage the second header's name: its checksum no longer matches.
    let second = 512 * 2;
    tar[second] ^= 0x55;
    let r = verify_tar(&tar, 4096);
    assert_eq!(finding_keys(&r), ["ZV001 error fixture -"], "{}", findings_text(&r));
    let f = &r.findings[0];
    assert!(f.message.contains("byte 1024") && f.message.contains("checksum"), "{}", f.message);
}

#[test]
fn truncated_inside_an_entry_says_how_far() {
    let tar = clean_layout("").build().to_tar();
    let cut = 512 * 5 + 100;
    let r = verify_tar(&tar[..cut], 4096);
    let msgs: Vec<&str> = r.findings.iter().filter(|f| f.code == "ZV001").map(|f| f.message.as_str()).collect();
    assert!(msgs.iter().any(|m| m.contains("bytes short")), "{msgs:?}");
    assert!(msgs.iter().any(|m| m.contains("verification stopped after")), "{msgs:?}");
}

#[test]
fn missing_end_marker_is_an_error() {
    // Every entry is complete, but entries after the cut would be invisible: fail closed.
    let tar = clean_layout("").build().to_tar();
    let r = verify_tar(&tar[..tar.len() - 1024], 4096);
    assert_eq!(finding_keys(&r), ["ZV008 error - -"], "{}", findings_text(&r));
}

/// The most heap `f` held at once on this thread (tests run in parallel), counted by
/// allocation-counter's global allocator, which this test binary links.
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, u64) {
    let mut out = None;
    let info = allocation_counter::measure(|| out = Some(f()));
    (out.expect("measured"), info.bytes_max)
}

#[test]
fn hostile_sizes_do_not_allocate() {
    // What the reader may hold at once for input this small, whatever its headers claim (the
    // ordinary layout below peaks near 64 KiB; the hostile inputs near 2 KiB).
    const BOUND: u64 = 256 << 10;
    // What verifying an ordinary small layout takes, for scale.
    let (_, ordinary) = peak_of(|| verify_tar(&clean_layout("").build().to_tar(), 512));
    // A GNU long-name record claiming 1 GiB must be refused, not buffered; so must a PAX record.
    for ty in [tar::EntryType::GNULongName, tar::EntryType::XHeader] {
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(ty);
        h.as_gnu_mut().unwrap().name[..13].copy_from_slice(b"././@LongLink");
        h.set_size(1 << 30);
        h.set_cksum();
        let mut bytes = h.as_bytes().to_vec();
        bytes.extend(std::iter::repeat_n(b'a', 4096));
        let (r, peak) = peak_of(|| verify_tar(&bytes, 512));
        assert!(r.findings.iter().any(|f| f.code == "ZV001" && f.message.contains("cap")), "{}", findings_text(&r));
        assert!(peak < BOUND, "{ty:?} claiming 1 GiB: {peak} bytes allocated at once (ordinary entries: {ordinary})");
    }
    // A blob claiming 8 GiB (the most 11 octal digits say) with 64 KiB of it present: streamed
    // through the hash, never buffered, then reported as cut short.
    let mut h = tar::Header::new_ustar();
    h.set_path(format!("blobs/sha256/{}", "a".repeat(64))).unwrap();
    h.set_entry_type(tar::EntryType::Regular);
    h.set_size(0o77777777777);
    h.set_cksum();
    let mut bytes = h.as_bytes().to_vec();
    bytes.extend(std::iter::repeat_n(b'a', 64 << 10));
    let (r, peak) = peak_of(|| verify_tar(&bytes, 4096));
    assert!(r.findings.iter().any(|f| f.code == "ZV001" && f.message.contains("bytes short")), "{}", findings_text(&r));
    assert!(peak < BOUND, "a blob claiming 8 GiB: {peak} bytes allocated at once (ordinary entries: {ordinary})");
    // The counter counts: the ordinary package allocates something.
    assert!(ordinary > 0);
}

#[test]
fn shared_reader_sniffs_tar_and_zst_and_rejects_other_bytes() {
    let tree = clean_layout("images/").build();
    for pure in [false, true] {
        for bytes in [tree.to_tar(), tree.to_tar_zst()] {
            let r = verify_archive(&bytes, 3000, pure);
            assert_eq!(r.summary.errors, 0, "{}", findings_text(&r));
            assert_eq!(r.summary.files as usize, tree.files.len());
        }
        let r = verify_archive(b"PK\x03\x04 a zip file is not a package", 10, pure);
        assert!(
            r.findings.iter().any(|f| f.code == "ZV001" && f.message.contains("not a tar")),
            "{}",
            findings_text(&r)
        );
        // Truncated inside the zstd frame.
        let zst = tree.to_tar_zst();
        let r = verify_archive(&zst[..zst.len() - 9], 4096, pure);
        assert!(r.findings.iter().any(|f| f.code == "ZV001"), "{}", findings_text(&r));
    }
}

/// `bytes` as one zstd frame whose header declares a `1 << window_log` window (libzstd's
/// streaming encoder keeps the window it is given when the content size is not pledged).
fn zst_with_window(bytes: &[u8], window_log: u32) -> Vec<u8> {
    let mut enc = zstd::stream::write::Encoder::new(Vec::new(), 3).unwrap();
    enc.window_log(window_log).unwrap();
    enc.long_distance_matching(true).unwrap();
    std::io::Write::write_all(&mut enc, bytes).unwrap();
    enc.finish().unwrap()
}

#[test]
fn a_zstd_window_over_the_limit_is_zv040_and_the_limit_can_be_raised() {
    let tree = clean_layout("images/").build();
    let tar = tree.to_tar();
    let limit = |bytes: u64| zverify_core::Options { zstd_window_max: bytes, ..Default::default() };
    // One frame with an 8 MiB window; then the same tar split over two frames, the second one
    // with the large window: what came before it is verified.
    let one = zst_with_window(&tar, 23);
    let cut = 1024;
    let mut two = zstd::encode_all(&tar[..cut], 3).unwrap();
    let second_at = two.len();
    two.extend(zst_with_window(&tar[cut..], 23));
    for pure in [false, true] {
        for (name, z) in [("one frame", &one), ("two frames", &two)] {
            let r = verify_archive_with(z, 4096, pure, limit(4 << 20));
            let windows: Vec<_> = r.findings.iter().filter(|f| f.code == "ZV040").collect();
            assert_eq!(windows.len(), 1, "{name}, pure {pure}:\n{}", findings_text(&r));
            let m = &windows[0].message;
            assert!(m.contains("needs a 8 MiB window") && m.contains("over the 4 MiB limit"), "{m}");
            let start = if name == "one frame" { 0 } else { second_at };
            assert!(m.contains(&format!("frame at compressed byte {start} ")), "{m}");
            assert!(!codes(&r).contains(&"ZV001"), "a window is not damage:\n{}", findings_text(&r));
            // Raised to the frame's window (or left at the 512 MiB default): clean.
            for opts in [limit(8 << 20), zverify_core::Options::default()] {
                let r = verify_archive_with(z, 4096, pure, opts);
                assert_eq!(r.summary.errors + r.summary.warnings, 0, "{name}:\n{}", findings_text(&r));
                assert_eq!(r.summary.files as usize, tree.files.len());
            }
        }
    }
}

#[test]
fn one_defect_one_finding_truncated_entry() {
    let tar = clean_layout("").build().to_tar();
    let r = verify_tar(&tar[..512 * 5 + 100], 4096);
    let corrupt: Vec<_> = r.findings.iter().filter(|f| f.code == "ZV001").collect();
    assert_eq!(corrupt.len(), 1, "{}", findings_text(&r));
    let f = corrupt[0];
    assert!(f.message.contains("bytes short") && f.message.contains("verification stopped after"), "{}", f.message);
    assert!(f.path.as_deref().is_some_and(|p| p.starts_with("blobs/sha256/")), "{f:?}");
}

#[test]
fn one_defect_one_finding_blob_stored_as_link() {
    // The blob's bytes sit under another name; the blob path is a link to them. Zarf would create
    // the link and read the right bytes through it: the one defect is the link.
    for hard in [true, false] {
        let tree = clean_layout("").build();
        let (blob, bytes) = tree.files.iter().find(|(p, _)| p.starts_with("blobs/sha256/")).unwrap();
        let mut b = tar::Builder::new(Vec::new());
        for (p, data) in &tree.files {
            if p == blob {
                continue;
            }
            let mut h = tar::Header::new_ustar();
            h.set_size(data.len() as u64);
            h.set_mode(0o644);
            b.append_data(&mut h, p, &data[..]).unwrap();
        }
        let mut h = tar::Header::new_ustar();
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        b.append_data(&mut h, "stash/blob", &bytes[..]).unwrap();
        let (ty, target) =
            if hard { (tar::EntryType::Link, "stash/blob") } else { (tar::EntryType::Symlink, "../../stash/blob") };
        raw_entry(&mut b, blob.as_bytes(), ty, b"", Some(target));
        let r = verify_tar(&b.into_inner().unwrap(), 4096);
        let errors: Vec<_> = r.findings.iter().filter(|f| f.severity == Severity::Error).collect();
        assert_eq!(errors.len(), 1, "hard={hard}: {}", findings_text(&r));
        assert_eq!(errors[0].code, "ZV003");
        assert!(errors[0].message.contains("checks the target's bytes"), "{}", errors[0].message);
    }
}

#[test]
fn entry_count_and_name_length_limits_are_errors() {
    use zverify_core::{tar::TarReader, Options, Verifier};
    let tree = clean_layout("").build();
    let tar = tree.to_tar();
    let run = |opts: Options| {
        let mut v = Verifier::new(opts);
        let mut r = TarReader::new();
        r.feed(&tar, &mut v).unwrap();
        r.finish(&mut v).unwrap();
        v.finish("limits")
    };
    let r = run(Options { max_entries: 3, ..Options::default() });
    let over: Vec<_> = r.findings.iter().filter(|f| f.code == "ZV020").collect();
    assert_eq!(over.len(), 1, "reported once: {}", findings_text(&r));
    assert_eq!(over[0].severity, Severity::Error);
    assert!(over[0].message.contains("more than 3 entries"), "{}", over[0].message);
    let r = run(Options::default());
    assert_eq!(r.summary.errors, 0, "{}", findings_text(&r));
    let r = run(Options { max_name_length: 20, ..Options::default() });
    let long: Vec<_> = r.findings.iter().filter(|f| f.code == "ZV021").collect();
    assert!(
        !long.is_empty() && long.iter().all(|f| f.message.contains("over the limit of 20")),
        "{}",
        findings_text(&r)
    );
}

/// Inputs the fuzzer (fuzz/, scripts/fuzz) found, kept under tests/data/fuzz/ as `<target>-<id>`
/// and checked against the same invariant the target asserts.
fn fuzz_inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/fuzz");
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(&format!("{target}-")))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no {target} inputs in {}", dir.display());
    out
}

/// The fuzz targets' chunking: sizes cycled, each at least 1.
fn fuzz_chunks<'a>(data: &'a [u8], sizes: &[u8]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let (mut rest, mut i) = (data, 0);
    while !rest.is_empty() {
        let n = sizes.get(i % sizes.len().max(1)).map_or(rest.len(), |s| usize::from(*s).max(1));
        let (a, b) = rest.split_at(n.min(rest.len()));
        out.push(a);
        rest = b;
        i += 1;
    }
    out
}

#[test]
fn fuzz_found_archive_inputs_report_the_same_whatever_the_chunking() {
    use zverify_core::archive::ArchiveReader;
    use zverify_core::zstd::ZstdStream;
    use zverify_core::{Options, Verifier};
    let run = |pieces: &[&[u8]], zstd: ZstdStream, opts: &Options| {
        let mut v = Verifier::new(opts.clone());
        let mut r = ArchiveReader::with_zstd(zstd);
        for c in pieces {
            if let Err(e) = r.feed(c, &mut v) {
                v.abort(Some("fuzz"), e);
                return v.finish("fuzz").to_json();
            }
        }
        if let Err(e) = r.finish(&mut v) {
            v.abort(Some("fuzz"), e);
        }
        v.finish("fuzz").to_json()
    };
    for (name, data) in fuzz_inputs("archive_reader") {
        let [w, n, rest @ ..] = &data[..] else { panic!("{name} is too short") };
        let window = 1u64 << (10 + u32::from(*w % 20));
        let opts = Options { zstd_window_max: window, ..Options::default() };
        let (sizes, bytes) = rest.split_at(usize::from(*n % 8).min(rest.len()));
        for pure in [false, true] {
            let make = || if pure { ZstdStream::pure_rust() } else { ZstdStream::new() }.with_window_max(window);
            let whole = run(&[bytes], make(), &opts);
            // The fuzzer's chunking, and a few more.
            for sizes in [sizes, &[1][..], &[7, 200][..], &[255][..]] {
                assert_eq!(
                    whole,
                    run(&fuzz_chunks(bytes, sizes), make(), &opts),
                    "{name}, pure {pure}, chunks {sizes:?}"
                );
            }
        }
    }
}

/// The reference target's invariant: a reference that parses normalizes to one that parses and
/// normalizes to itself.
#[test]
fn fuzz_found_references_normalize_to_themselves() {
    use zverify_core::zarf::reference;
    for (name, data) in fuzz_inputs("reference") {
        let text = String::from_utf8(data).unwrap();
        if let Ok(r) = reference::parse(&text) {
            let n = r.normalized();
            let again = reference::parse(&n).unwrap_or_else(|e| panic!("{name}: {n:?} does not parse: {e:?}"));
            assert_eq!(again.normalized(), n, "{name}");
        }
    }
}

#[test]
fn fuzz_found_zstd_inputs_get_one_verdict_from_both_backends() {
    use zverify_core::zstd::{ZstdFault, ZstdStream};
    let run = |mut s: ZstdStream, pieces: &[&[u8]]| -> (Vec<u8>, Result<(), ZstdFault>) {
        let mut out = Vec::new();
        for p in pieces {
            if let Err(e) = s.feed(p, &mut |b| out.extend_from_slice(b)) {
                return (out, Err(e.fault));
            }
        }
        (out, s.finish().map_err(|e| e.fault))
    };
    for (name, data) in fuzz_inputs("zstd_stream") {
        let [w, n, rest @ ..] = &data[..] else { panic!("{name} is too short") };
        let window = 1u64 << (10 + u32::from(*w % 20));
        let (sizes, z) = rest.split_at(usize::from(*n % 8).min(rest.len()));
        let pieces = fuzz_chunks(z, sizes);
        let c = run(ZstdStream::new().with_window_max(window), &pieces);
        let r = run(ZstdStream::pure_rust().with_window_max(window), &pieces);
        assert_eq!(c.1.is_ok(), r.1.is_ok(), "{name}: libzstd {:?}, ruzstd {:?}", c.1, r.1);
        if c.1.is_ok() {
            assert_eq!(c.0, r.0, "{name}: the backends decode to different bytes");
        }
        for f in [&c.1, &r.1] {
            if let Err(e @ ZstdFault::WindowTooLarge { .. }) = f {
                assert_eq!((&c.1, &r.1), (&Err(e.clone()), &Err(e.clone())), "{name}");
            }
        }
    }
}
