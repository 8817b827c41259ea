//! Tar as Go sees it: thousands of generated and mutated tars, each read by zverify and by Go
//! itself (tests/go/tarview extracts it exactly as Zarf does), through one Go process. Invariant:
//! **zverify reports an archive-level error, or its view equals Go's** (tests/src/tarview.rs).
//! Then the same over every tar in the vectors (real Zarf packages), which must also be clean.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::cell::RefCell;
use std::collections::BTreeMap;
use zverify_tests::gorun::GoOracle;
use zverify_tests::tarview::{check, go_view, zverify_view, Outcome};

// ---------------------------------------------------------------------------------------------
// A hand-made tar writer: every field under the test's control.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fmt {
    V7,
    Ustar,
    Gnu,
    Pax,
}

#[derive(Debug, Clone)]
struct Rec {
    header: [u8; 512],
    data: Vec<u8>,
    /// Recompute the checksum when serializing (false: keep whatever the mutation left).
    fix_sum: bool,
    signed_sum: bool,
}

fn put(field: &mut [u8], bytes: &[u8]) {
    field.fill(0);
    let n = bytes.len().min(field.len());
    field[..n].copy_from_slice(&bytes[..n]);
}

fn octal(field: &mut [u8], v: u64) {
    let w = field.len() - 1;
    let s = format!("{v:0w$o}");
    put(field, s.as_bytes());
}

fn base256(field: &mut [u8], v: i64) {
    let bytes = v.to_be_bytes();
    field.fill(if v < 0 { 0xff } else { 0 });
    let n = field.len();
    field[n - 8..].copy_from_slice(&bytes);
    field[0] |= 0x80;
}

fn set_magic(h: &mut [u8; 512], fmt: Fmt) {
    match fmt {
        Fmt::V7 => h[257..265].fill(0),
        Fmt::Ustar | Fmt::Pax => h[257..265].copy_from_slice(b"ustar\x0000"),
        Fmt::Gnu => h[257..265].copy_from_slice(b"ustar  \x00"),
    }
}

fn header(fmt: Fmt, name: &[u8], prefix: &[u8], typeflag: u8, size: u64, link: &[u8], mode: u64) -> [u8; 512] {
    let mut h = [0u8; 512];
    put(&mut h[0..100], name);
    octal(&mut h[100..108], mode);
    octal(&mut h[108..116], 1000);
    octal(&mut h[116..124], 1000);
    octal(&mut h[124..136], size);
    octal(&mut h[136..148], 1_700_000_000);
    h[156] = typeflag;
    put(&mut h[157..257], link);
    set_magic(&mut h, fmt);
    if fmt != Fmt::V7 {
        put(&mut h[265..297], b"user");
        put(&mut h[297..329], b"group");
    }
    if matches!(fmt, Fmt::Ustar | Fmt::Pax) {
        put(&mut h[345..500], prefix);
    }
    h
}

fn pax_data(records: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (k, v) in records {
        let body = k.len() + v.len() + 3;
        let mut n = body + body.to_string().len();
        if n.to_string().len() != body.to_string().len() {
            n = body + n.to_string().len();
        }
        out.extend_from_slice(format!("{n} ").as_bytes());
        out.extend_from_slice(k);
        out.push(b'=');
        out.extend_from_slice(v);
        out.push(b'\n');
    }
    out
}

fn rec(header: [u8; 512], data: Vec<u8>) -> Rec {
    Rec { header, data, fix_sum: true, signed_sum: false }
}

fn meta(fmt: Fmt, typeflag: u8, data: Vec<u8>) -> Rec {
    let name: &[u8] = if typeflag == b'L' || typeflag == b'K' { b"././@LongLink" } else { b"PaxHeaders/x" };
    let fmt = if typeflag == b'L' || typeflag == b'K' {
        Fmt::Gnu
    } else if fmt == Fmt::V7 {
        Fmt::Ustar
    } else {
        fmt
    };
    rec(header(fmt, name, b"", typeflag, data.len() as u64, b"", 0o644), data)
}

#[derive(Debug, Clone)]
struct Spec {
    name: String,
    /// b'0' file, b'5' dir, b'2' symlink, b'1' hard link
    ty: u8,
    data: Vec<u8>,
    link: String,
}

/// The records one entry becomes in `fmt`, as a well-behaved writer would write them.
fn records(fmt: Fmt, s: &Spec) -> Vec<Rec> {
    let mut out = Vec::new();
    let name = s.name.as_bytes();
    let link = s.link.as_bytes();
    let size = if s.ty == b'0' { s.data.len() as u64 } else { 0 };
    let mode = if s.ty == b'5' { 0o755 } else { 0o644 };
    let data = if s.ty == b'0' { s.data.clone() } else { Vec::new() };
    let long = name.len() > 100 || link.len() > 100;
    let fmt = if fmt == Fmt::V7 && long { Fmt::Gnu } else { fmt };
    let (mut hname, mut prefix): (&[u8], &[u8]) = (name, b"");
    match fmt {
        Fmt::Gnu if long => {
            if name.len() > 100 {
                let mut d = name.to_vec();
                d.push(0);
                out.push(meta(fmt, b'L', d));
                hname = &name[..100];
            }
            if link.len() > 100 {
                let mut d = link.to_vec();
                d.push(0);
                out.push(meta(fmt, b'K', d));
            }
        }
        Fmt::Ustar if name.len() > 100 => {
            // Split at a '/' so that prefix <= 155 and name <= 100, as ustar writers do.
            let split = (0..name.len()).rev().find(|&i| name[i] == b'/' && i <= 155 && name.len() - i - 1 <= 100);
            match split {
                Some(i) if i > 0 && link.len() <= 100 => {
                    prefix = &name[..i];
                    hname = &name[i + 1..];
                }
                _ => return records(Fmt::Pax, s),
            }
        }
        Fmt::Ustar if link.len() > 100 => return records(Fmt::Pax, s),
        Fmt::Pax if long => {
            let mut r = Vec::new();
            if name.len() > 100 {
                r.push((b"path".to_vec(), name.to_vec()));
                hname = &name[..100];
            }
            if link.len() > 100 {
                r.push((b"linkpath".to_vec(), link.to_vec()));
            }
            out.push(meta(fmt, b'x', pax_data(&r)));
        }
        _ => {}
    }
    let link_field = &link[..link.len().min(100)];
    out.push(rec(header(fmt, hname, prefix, s.ty, size, link_field, mode), data));
    out
}

// ---------------------------------------------------------------------------------------------
// Mutations: header fields, extension headers, duplicates, truncations.

#[derive(Debug, Clone)]
enum Mutation {
    Typeflag(prop::sample::Index, u8),
    Size(prop::sample::Index, u64),
    SizeBase256(prop::sample::Index, i64),
    AppendSlash(prop::sample::Index),
    Mode(prop::sample::Index, u64),
    Magic(prop::sample::Index, &'static [u8; 8], bool, Vec<u8>),
    Name(prop::sample::Index, Vec<u8>),
    Linkname(prop::sample::Index, Vec<u8>),
    InsertPax(prop::sample::Index, u8, Vec<(Vec<u8>, Vec<u8>)>),
    InsertLong(prop::sample::Index, u8, Vec<u8>),
    Duplicate(prop::sample::Index, Vec<u8>),
    Flip(prop::sample::Index, usize, u8),
    SignedSum(prop::sample::Index),
    BadSum(prop::sample::Index),
    HiddenEntry(prop::sample::Index, u8, Vec<u8>),
    Special(prop::sample::Index, u8, u64),
}

#[derive(Debug, Clone)]
enum Ending {
    Marker,
    OneZeroBlock,
    None,
    Garbage(Vec<u8>),
    Truncate(prop::sample::Index),
}

fn name_part() -> impl Strategy<Value = String> {
    prop_oneof![
        30 => prop::sample::select(vec!["a", "b", "blobs", "sha256", "index.json", "oci-layout", "x.y", "zarf.yaml"]).prop_map(str::to_owned),
        2 => Just("d".repeat(70)),
        1 => prop::sample::select(vec![".", "..", "", "CON", "nul.txt", "a:b", "t.", "s ", "Ā", "a\\b", "...", "lpt1.tar.gz"]).prop_map(str::to_owned),
    ]
}

fn name() -> impl Strategy<Value = String> {
    (prop::collection::vec(name_part(), 1..4), any::<bool>()).prop_map(|(parts, dot)| {
        let n = parts.join("/");
        if dot {
            format!("./{n}")
        } else {
            n
        }
    })
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        name(),
        prop_oneof![30 => Just(b'0'), 10 => Just(b'5'), 1 => Just(b'2'), 1 => Just(b'1')],
        prop::collection::vec(any::<u8>(), 0..1100),
        name(),
    )
        .prop_map(|(name, ty, data, link)| {
            let name = if ty == b'5' && !name.ends_with('/') { format!("{name}/") } else { name };
            Spec { name, ty, data, link: if ty == b'1' || ty == b'2' { link } else { String::new() } }
        })
}

fn raw_name() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        name().prop_map(String::into_bytes),
        prop::sample::select(vec![
            &b""[..],
            b".",
            b"./",
            b"a/../b",
            b"/abs",
            b"nul.txt",
            b"a\\b",
            b"x ",
            b"a\xffb",
            b"a\xfeb",
            b"a//b",
            b"a/./b/",
        ])
        .prop_map(<[u8]>::to_vec),
        Just(format!("{}/f", "p".repeat(300)).into_bytes()),
    ]
}

fn pax_records() -> impl Strategy<Value = Vec<(Vec<u8>, Vec<u8>)>> {
    let key = prop::sample::select(vec![
        "path",
        "linkpath",
        "size",
        "mtime",
        "uid",
        "gid",
        "comment",
        "GNU.sparse.major",
        "GNU.sparse.size",
        "uname",
        "atime",
    ]);
    let value = prop_oneof![
        raw_name(),
        (0u64..3000).prop_map(|n| n.to_string().into_bytes()),
        prop::sample::select(vec![&b""[..], b"-1", b"+7", b"1.5", b"x", b"12.3.4", b"0"]).prop_map(<[u8]>::to_vec),
    ];
    prop::collection::vec((key.prop_map(|k| k.as_bytes().to_vec()), value), 1..4)
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let i = any::<prop::sample::Index>;
    prop_oneof![
        (i(), prop::sample::select(b"0\x0012345677xgLKSAVDMNX ".to_vec())).prop_map(|(i, t)| Mutation::Typeflag(i, t)),
        (i(), prop_oneof![0u64..2000, Just(1 << 33)]).prop_map(|(i, s)| Mutation::Size(i, s)),
        (i(), prop_oneof![0i64..2000, Just(-1i64), Just(-512)]).prop_map(|(i, s)| Mutation::SizeBase256(i, s)),
        i().prop_map(Mutation::AppendSlash),
        (i(), prop::sample::select(vec![0o40755u64, 0o100644, 0o120777, 0o40000, 0o7777, 0o20644]))
            .prop_map(|(i, m)| Mutation::Mode(i, m)),
        (
            i(),
            prop::sample::select(vec![
                b"ustar\x0000",
                b"ustar\x00xx",
                b"ustar  \x00",
                b"ustar 00",
                b"\0\0\0\0\0\0\0\0",
                b"USTAR\x0000"
            ]),
            any::<bool>(),
            prop_oneof![Just(Vec::new()), Just(b"pre".to_vec()), Just(vec![b'q'; 140]), Just(b"77777777777".to_vec())],
        )
            .prop_map(|(i, m, star, prefix)| Mutation::Magic(i, m, star, prefix)),
        (i(), raw_name()).prop_map(|(i, n)| Mutation::Name(i, n)),
        (i(), raw_name()).prop_map(|(i, n)| Mutation::Linkname(i, n)),
        (i(), prop::sample::select(b"xxxg".to_vec()), pax_records()).prop_map(|(i, t, r)| Mutation::InsertPax(i, t, r)),
        (i(), prop::sample::select(b"LK".to_vec()), raw_name()).prop_map(|(i, t, n)| Mutation::InsertLong(i, t, n)),
        (i(), prop::collection::vec(any::<u8>(), 0..700)).prop_map(|(i, d)| Mutation::Duplicate(i, d)),
        (i(), 0usize..512, any::<u8>()).prop_map(|(i, p, b)| Mutation::Flip(i, p, b)),
        i().prop_map(Mutation::SignedSum),
        i().prop_map(Mutation::BadSum),
        (i(), prop::sample::select(b"5123460".to_vec()), raw_name())
            .prop_map(|(i, t, n)| Mutation::HiddenEntry(i, t, n)),
        (i(), prop::sample::select(b"346S7A".to_vec()), 0u64..600).prop_map(|(i, t, s)| Mutation::Special(i, t, s)),
    ]
}

fn ending() -> impl Strategy<Value = Ending> {
    prop_oneof![
        12 => Just(Ending::Marker),
        1 => Just(Ending::OneZeroBlock),
        1 => Just(Ending::None),
        1 => prop::collection::vec(any::<u8>(), 1..600).prop_map(Ending::Garbage),
        2 => any::<prop::sample::Index>().prop_map(Ending::Truncate),
    ]
}

#[derive(Debug, Clone)]
struct Case {
    fmt: Fmt,
    specs: Vec<Spec>,
    mutations: Vec<Mutation>,
    ending: Ending,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::sample::select(vec![Fmt::V7, Fmt::Ustar, Fmt::Gnu, Fmt::Pax]),
        prop::collection::vec(spec(), 1..7),
        prop_oneof![1 => Just(Vec::new()), 3 => prop::collection::vec(mutation(), 1..3)],
        ending(),
    )
        .prop_map(|(fmt, specs, mutations, ending)| Case { fmt, specs, mutations, ending })
}

fn apply(recs: &mut Vec<Rec>, m: &Mutation, fmt: Fmt) {
    if recs.is_empty() {
        return;
    }
    let at = |i: &prop::sample::Index| i.index(recs.len());
    match m {
        Mutation::Typeflag(i, t) => {
            let k = at(i);
            recs[k].header[156] = *t;
        }
        Mutation::Size(i, s) => {
            let k = at(i);
            octal(&mut recs[k].header[124..136], *s);
        }
        Mutation::SizeBase256(i, s) => {
            let k = at(i);
            base256(&mut recs[k].header[124..136], *s);
        }
        Mutation::AppendSlash(i) => {
            let k = at(i);
            let h = &mut recs[k].header;
            let n = h[..100].iter().position(|c| *c == 0).unwrap_or(100);
            if n < 100 {
                h[n] = b'/';
            } else {
                h[99] = b'/';
            }
        }
        Mutation::Mode(i, m) => {
            let k = at(i);
            octal(&mut recs[k].header[100..108], *m);
        }
        Mutation::Magic(i, magic, star, prefix) => {
            let k = at(i);
            let h = &mut recs[k].header;
            h[257..265].copy_from_slice(&magic[..]);
            put(&mut h[345..500], prefix);
            if *star {
                h[508..512].copy_from_slice(b"tar\0");
            }
        }
        Mutation::Name(i, n) => {
            let k = at(i);
            put(&mut recs[k].header[0..100], n);
            if n.len() > 100 {
                let mut d = n.clone();
                d.push(0);
                recs.insert(k, meta(fmt, b'L', d));
            }
        }
        Mutation::Linkname(i, n) => {
            let k = at(i);
            put(&mut recs[k].header[157..257], n);
        }
        Mutation::InsertPax(i, t, r) => {
            let k = at(i);
            recs.insert(k, meta(fmt, *t, pax_data(r)));
        }
        Mutation::InsertLong(i, t, n) => {
            let k = at(i);
            let mut d = n.clone();
            d.push(0);
            recs.insert(k, meta(fmt, *t, d));
        }
        Mutation::Duplicate(i, d) => {
            let k = at(i);
            let mut r = recs[k].clone();
            if r.header[156] == b'0' || r.header[156] == 0 {
                octal(&mut r.header[124..136], d.len() as u64);
                r.data = d.clone();
            }
            recs.push(r);
        }
        Mutation::Flip(i, p, b) => {
            let k = at(i);
            recs[k].header[*p] = *b;
        }
        Mutation::SignedSum(i) => {
            let k = at(i);
            recs[k].header[500] = 0xf0;
            recs[k].signed_sum = true;
        }
        Mutation::BadSum(i) => {
            let k = at(i);
            recs[k].fix_sum = false;
            recs[k].header[148..156].copy_from_slice(b"0001234\0");
        }
        Mutation::HiddenEntry(i, t, n) => {
            // A directory (or link, device…) that declares data: a whole entry hides in it.
            let k = at(i);
            let hidden = header(fmt, n, b"", b'0', 5, b"", 0o644);
            let mut hidden_rec = rec(hidden, b"hello".to_vec());
            finish_sum(&mut hidden_rec);
            let mut data = hidden_rec.header.to_vec();
            data.extend_from_slice(b"hello");
            data.resize(1024, 0);
            let mut h = header(fmt, b"dir/", b"", *t, data.len() as u64, b"", 0o755);
            if *t == b'1' || *t == b'2' {
                put(&mut h[157..257], b"a");
            }
            recs.insert(k, rec(h, data));
        }
        Mutation::Special(i, t, s) => {
            let k = at(i);
            let h = header(fmt, b"special", b"", *t, *s, b"", 0o644);
            recs.insert(k, rec(h, vec![b'z'; *s as usize]));
        }
    }
}

fn finish_sum(r: &mut Rec) {
    if !r.fix_sum {
        return;
    }
    let h = &mut r.header;
    h[148..156].fill(b' ');
    let sum: i64 =
        if r.signed_sum { h.iter().map(|c| i64::from(*c as i8)).sum() } else { h.iter().map(|c| i64::from(*c)).sum() };
    let s = format!("{:06o}\0 ", sum as u64 & 0o777777);
    h[148..156].copy_from_slice(s.as_bytes());
}

fn serialize(c: &Case) -> Vec<u8> {
    let mut recs: Vec<Rec> = c.specs.iter().flat_map(|s| records(c.fmt, s)).collect();
    for m in &c.mutations {
        apply(&mut recs, m, c.fmt);
    }
    let mut out = Vec::new();
    for mut r in recs {
        finish_sum(&mut r);
        out.extend_from_slice(&r.header);
        out.extend_from_slice(&r.data);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    end(out, &c.ending)
}

/// Finish a tar body (records, no end marker) the way `ending` says.
fn end(mut out: Vec<u8>, ending: &Ending) -> Vec<u8> {
    match ending {
        Ending::Marker => out.extend_from_slice(&[0; 1024]),
        Ending::OneZeroBlock => out.extend_from_slice(&[0; 512]),
        Ending::None => {}
        Ending::Garbage(g) => {
            out.extend_from_slice(&[0; 1024]);
            out.extend_from_slice(g);
        }
        Ending::Truncate(i) => {
            let at = i.index(out.len().max(1));
            out.truncate(at);
        }
    }
    out
}

fn cases() -> u32 {
    std::env::var("ZVERIFY_TAR_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(2500)
}

#[test]
fn generated_and_mutated_tars_zverify_errors_or_agrees_with_go() {
    let go = RefCell::new(GoOracle::spawn("tarview"));
    let tally: RefCell<BTreeMap<Outcome, u32>> = RefCell::default();
    let codes: RefCell<BTreeMap<String, u32>> = RefCell::default();
    // Codes zverify reports where Go extracts fine: zverify stricter than Zarf, by design (the
    // ambiguity rules) or not (a misreading; ZV001 here would mean zverify misparses a tar).
    let stricter: RefCell<BTreeMap<String, u32>> = RefCell::default();
    let mut runner = TestRunner::new(Config { cases: cases(), failure_persistence: None, ..Config::default() });
    let result = runner.run(&case(), |c| {
        let bytes = serialize(&c);
        let zv = zverify_view(&bytes, 1 + bytes.len() % 700);
        let g = go_view(&mut go.borrow_mut(), &bytes);
        let outcome = check(&zv, &g).map_err(|e| {
            TestCaseError::fail(format!("{e}\nzverify archive errors: {:?}\ngo: {g:?}", zv.archive_errors))
        })?;
        *tally.borrow_mut().entry(outcome).or_default() += 1;
        for e in &zv.archive_errors {
            *codes.borrow_mut().entry(e[..5].to_owned()).or_default() += 1;
            if outcome == Outcome::ZverifyErrors {
                *stricter.borrow_mut().entry(e[..5].to_owned()).or_default() += 1;
                // ZVERIFY_TAR_SHOW=ZV0xx prints the cases behind one code.
                if std::env::var("ZVERIFY_TAR_SHOW").is_ok_and(|code| e.starts_with(&code)) {
                    eprintln!("{e} where Go reads fine: {g:?}\n{c:?}\n");
                }
            }
        }
        Ok(())
    });
    let tally = tally.into_inner();
    eprintln!(
        "tar differential: {} cases: {tally:?}; archive codes seen: {:?}; where Go extracts fine: {:?}",
        cases(),
        codes.borrow(),
        stricter.borrow()
    );
    if let Err(e) = result {
        panic!("{e}");
    }
    // The generator must reach every outcome, and clean agreement often: otherwise the invariant
    // holds vacuously.
    let n = f64::from(cases());
    assert!(f64::from(tally.get(&Outcome::Agree).copied().unwrap_or(0)) > n * 0.15, "{tally:?}");
    assert!(tally.get(&Outcome::BothFail).copied().unwrap_or(0) > 0, "{tally:?}");
    assert!(tally.get(&Outcome::ZverifyErrors).copied().unwrap_or(0) > 0, "{tally:?}");
}

/// Every tar of the real vectors (Zarf-built packages: `.tar`, `.tar.zst`, split parts joined)
/// reads clean and exactly as Go reads it.
#[test]
fn vector_tars_read_as_go_reads_them() {
    let dir = zverify_tests::vectors_dir();
    let mut go = GoOracle::spawn("tarview");
    let mut tars: Vec<(String, Vec<u8>)> = Vec::new();
    for sub in ["zarf", "zarf-current"] {
        let mut files: Vec<_> =
            std::fs::read_dir(dir.join(sub)).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
        files.sort();
        for p in files {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&p).unwrap();
            if name.ends_with(".tar") {
                tars.push((name, bytes));
            } else if name.ends_with(".tar.zst") {
                tars.push((name, zstd::decode_all(&bytes[..]).unwrap()));
            }
        }
    }
    let split = dir.join("zarf-current/split");
    let mut parts: Vec<_> = std::fs::read_dir(&split).unwrap().map(|e| e.unwrap().path()).collect();
    parts.sort();
    let joined: Vec<u8> = parts.iter().skip(1).flat_map(|p| std::fs::read(p).unwrap()).collect();
    tars.push(("split parts joined".into(), zstd::decode_all(&joined[..]).unwrap()));
    assert!(tars.len() >= 7, "expected the Zarf vectors under {}", dir.display());
    for (name, tar) in &tars {
        let zv = zverify_view(tar, 4096);
        assert!(zv.archive_errors.is_empty(), "{name}: {:?}", zv.archive_errors);
        let g = go_view(&mut go, tar);
        assert_eq!(check(&zv, &g), Ok(Outcome::Agree), "{name}");
        assert!(zv.view.values().filter(|n| n.kind == "file").count() >= 5, "{name}: {:?}", zv.view.keys());
    }
}

// ---------------------------------------------------------------------------------------------
// Named cases: unusual but well-formed tars must read exactly as Go reads them (no error); each
// disagreement class must raise its own code, and Go must indeed read it differently or fail.

fn file(fmt: Fmt, name: &str, data: &[u8]) -> Rec {
    rec(header(fmt, name.as_bytes(), b"", b'0', data.len() as u64, b"", 0o644), data.to_vec())
}

fn tar_of(recs: Vec<Rec>) -> Vec<u8> {
    let mut out = Vec::new();
    for mut r in recs {
        finish_sum(&mut r);
        out.extend_from_slice(&r.header);
        out.extend_from_slice(&r.data);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.extend_from_slice(&[0; 1024]);
    out
}

fn archive_codes(tar: &[u8]) -> Vec<String> {
    let mut c: Vec<String> = zverify_view(tar, 100).archive_errors.iter().map(|e| e[..5].to_owned()).collect();
    c.dedup();
    c
}

#[test]
fn unusual_but_valid_headers_read_as_go_reads_them() {
    let mut go = GoOracle::spawn("tarview");
    let mut cases: Vec<(&str, Vec<Rec>)> = Vec::new();
    let mut r = file(Fmt::Gnu, "b256", b"0123456789");
    base256(&mut r.header[124..136], 10);
    cases.push(("base-256 size", vec![r]));
    let mut r = file(Fmt::Ustar, "signed", b"x");
    r.header[500] = 0xf0; // unused prefix tail: a high byte makes the signed sum differ
    r.header[345] = 0;
    r.signed_sum = true;
    cases.push(("signed checksum", vec![r]));
    let mut r = file(Fmt::V7, "aregtype", b"abc");
    r.header[156] = 0;
    let d = rec(header(Fmt::V7, b"olddir/", b"", 0, 0, b"", 0o755), Vec::new());
    cases.push(("type \\0 file and \\0 directory with a slash", vec![r, d]));
    let mut r = file(Fmt::Ustar, "spaces", b"abc");
    r.header[100..108].copy_from_slice(b"  644 \0\0");
    r.header[124..136].copy_from_slice(b"3          \0");
    cases.push(("numbers padded with spaces", vec![r]));
    let mut r = file(Fmt::Ustar, "cont", b"contiguous");
    r.header[156] = b'7';
    cases.push(("contiguous file", vec![r]));
    let long = format!("{}/{}/f.json", "p".repeat(80), "q".repeat(60));
    let s = Spec { name: long.clone(), ty: b'0', data: b"{}".to_vec(), link: String::new() };
    for fmt in [Fmt::Gnu, Fmt::Pax, Fmt::Ustar] {
        cases.push(("long name", records(fmt, &s)));
    }
    let g = meta(Fmt::Pax, b'g', pax_data(&[(b"comment".to_vec(), b"0123abcd".to_vec())]));
    cases.push(("git archive's global comment", vec![g, file(Fmt::Pax, "after-global", b"z")]));
    for (what, recs) in cases {
        let tar = tar_of(recs);
        let zv = zverify_view(&tar, 333);
        assert!(zv.archive_errors.is_empty(), "{what}: {:?}", zv.archive_errors);
        assert_eq!(check(&zv, &go_view(&mut go, &tar)), Ok(Outcome::Agree), "{what}");
        assert!(!zv.view.is_empty(), "{what}");
    }
}

#[test]
fn each_disagreement_class_has_its_code_and_go_really_disagrees() {
    let mut go = GoOracle::spawn("tarview");
    let ok = file(Fmt::Ustar, "index.json", b"{}");
    // (what, tar records, code, what Go does: Err = Zarf fails, Ok(path, type) = Go's tree has it)
    type Expect = Result<(&'static str, &'static str), ()>;
    let mut cases: Vec<(&str, Vec<Rec>, &str, Expect)> = Vec::new();

    // ZV009: a directory that declares data hides a whole entry only Go sees.
    let hidden = tar_of(vec![file(Fmt::Ustar, "hidden.json", b"hello")]);
    let hidden = hidden[..1024].to_vec();
    let dir = rec(header(Fmt::Ustar, b"dir/", b"", b'5', hidden.len() as u64, b"", 0o755), hidden);
    cases.push(("data on a directory", vec![dir, ok.clone()], "ZV009", Ok(("hidden.json", "file"))));
    let mut r = file(Fmt::Ustar, "slash/", b"");
    r.header[156] = b'0';
    cases.push(("regular type, trailing slash", vec![r], "ZV010", Ok(("slash", "file"))));
    let mut r = file(Fmt::Ustar, "zarf.yaml", b"kind: x");
    octal(&mut r.header[100..108], 0o40644);
    cases.push(("directory mode on a file", vec![r], "ZV011", Ok(("zarf.yaml", "dir"))));
    let l = meta(Fmt::Gnu, b'L', b"from-gnu\0".to_vec());
    let x = meta(Fmt::Pax, b'x', pax_data(&[(b"path".to_vec(), b"from-pax".to_vec())]));
    cases.push((
        "GNU long name and PAX path",
        vec![x, l, file(Fmt::Ustar, "hdr", b"1")],
        "ZV012",
        Ok(("from-gnu", "file")),
    ));
    let x1 = meta(Fmt::Pax, b'x', pax_data(&[(b"path".to_vec(), b"first".to_vec())]));
    let x2 = meta(Fmt::Pax, b'x', pax_data(&[(b"mtime".to_vec(), b"1".to_vec())]));
    cases.push(("two PAX headers", vec![x1, x2, file(Fmt::Pax, "hdr", b"1")], "ZV012", Ok(("hdr", "file"))));
    let mut s = file(Fmt::Gnu, "sparse", b"abc");
    s.header[156] = b'S';
    octal(&mut s.header[483..495], 3); // real size
    octal(&mut s.header[386..398], 0); // one fragment: offset 0,
    octal(&mut s.header[398..410], 3); // 3 bytes
    cases.push(("old GNU sparse", vec![s], "ZV013", Ok(("sparse", "file"))));
    let x = meta(Fmt::Pax, b'x', pax_data(&[(b"size".to_vec(), b"4".to_vec())]));
    let mut f = file(Fmt::Pax, "sized", b"abcd");
    octal(&mut f.header[124..136], 2);
    cases.push(("PAX size differs", vec![x, f], "ZV014", Ok(("sized", "file"))));
    let g = meta(Fmt::Pax, b'g', pax_data(&[(b"path".to_vec(), b"everything".to_vec())]));
    cases.push(("global path", vec![g, ok.clone()], "ZV015", Ok(("index.json", "file"))));
    let mut r = file(Fmt::Ustar, "name", b"1");
    r.header[263..265].copy_from_slice(b"xx");
    put(&mut r.header[345..500], b"pre");
    cases.push(("ustar magic, odd version, prefix", vec![r], "ZV016", Ok(("pre/name", "file"))));
    for refused in ["aux.json", "blobs/sha256:ab", "dot.", "a\\b"] {
        cases.push(("refused name", vec![file(Fmt::Ustar, refused, b"1")], "ZV017", Err(())));
    }
    let mut r = file(Fmt::Ustar, "x", b"1");
    put(&mut r.header[0..100], b"bad\xff");
    cases.push(("name not UTF-8", vec![r], "ZV018", Ok(("bad\u{fffd}", "file"))));
    let d = rec(header(Fmt::Ustar, b"a/", b"", b'5', 0, b"", 0o755), Vec::new());
    cases.push(("file over a directory", vec![d, file(Fmt::Ustar, "a", b"1")], "ZV019", Err(())));
    cases.push((
        "file under a file",
        vec![file(Fmt::Ustar, "a", b"1"), file(Fmt::Ustar, "a/b", b"1")],
        "ZV019",
        Err(()),
    ));
    let mut r = file(Fmt::Ustar, "linked", b"");
    put(&mut r.header[157..257], b"index.json");
    cases.push(("regular file with a link name", vec![ok.clone(), r], "ZV003", Ok(("linked", "symlink"))));
    let mut r = file(Fmt::Ustar, "vendor", b"payload");
    r.header[156] = b'A';
    cases.push(("unknown type", vec![r], "ZV006", Ok(("vendor", "file"))));
    let fifo = rec(header(Fmt::Ustar, b"fifo", b"", b'6', 0, b"", 0o644), Vec::new());
    cases.push(("FIFO", vec![fifo], "ZV006", Ok(("fifo", "file"))));
    cases.push((
        "duplicate",
        vec![file(Fmt::Ustar, "d", b"long first copy"), file(Fmt::Ustar, "d", b"short")],
        "ZV004",
        Ok(("d", "file")),
    ));
    for (what, recs, code, expect) in cases {
        let tar = tar_of(recs);
        let codes = archive_codes(&tar);
        assert!(codes.iter().any(|c| c == code), "{what}: expected {code}, got {codes:?}");
        let g = go_view(&mut go, &tar);
        match (expect, &g) {
            (Err(()), Err(_)) => {}
            (Ok((p, ty)), Ok(view)) => {
                assert_eq!(view.get(p).map(|n| n.kind.as_str()), Some(ty), "{what}: Go's tree {view:?}")
            }
            (e, g) => panic!("{what}: expected Go {e:?}, got {g:?}"),
        }
        assert_ne!(check(&zverify_view(&tar, 512), &g), Ok(Outcome::Agree), "{what}");
    }
}

#[test]
fn duplicate_says_what_zarf_leaves_on_disk() {
    let mut go = GoOracle::spawn("tarview");
    let tar = tar_of(vec![file(Fmt::Ustar, "d", b"long first copy"), file(Fmt::Ustar, "d", b"short")]);
    let zv = zverify_view(&tar, 512);
    let msg = zv.archive_errors.iter().find(|e| e.starts_with("ZV004")).expect("ZV004");
    assert!(msg.contains("15 bytes") && msg.contains("last 10 bytes"), "{msg}");
    let view = go_view(&mut go, &tar).unwrap();
    // Go (Zarf) leaves "short" + " first copy"'s tail: 15 bytes, neither copy.
    assert_eq!(view["d"].size, 15);
    assert_eq!(view["d"].sha256, zverify_tests::sha256_hex(b"shortfirst copy"));
}

/// A pre-POSIX tar (no magic) whose first header needs Go's signed checksum is still recognized
/// as a tar by the shared archive reader, and read as Go reads it.
#[test]
fn v7_tar_with_signed_checksum_is_sniffed_and_read() {
    let mut go = GoOracle::spawn("tarview");
    let mut r = file(Fmt::V7, "café", b"latte");
    r.header[99] = 0x80; // a high byte in the name field's tail (after the NUL): only the signed sum fits
    r.signed_sum = true;
    let tar = tar_of(vec![r]);
    let (unsigned, signed): (i64, i64) =
        (tar[..512].iter().map(|c| i64::from(*c)).sum(), tar[..512].iter().map(|c| i64::from(*c as i8)).sum());
    assert_ne!(unsigned, signed);
    let report = zverify_tests::verify_archive(&tar, 100, true);
    assert!(!report.findings.iter().any(|f| f.code == "ZV001"), "{}", zverify_tests::findings_text(&report));
    assert_eq!(report.summary.files, 1);
    let zv = zverify_view(&tar, 100);
    assert_eq!(check(&zv, &go_view(&mut go, &tar)), Ok(Outcome::Agree));
    assert!(zv.view.contains_key("café"));
}

/// Split a well-formed tar (as Zarf writes it) back into records, for mutation.
fn recs_from_tar(tar: &[u8]) -> Vec<Rec> {
    let mut out = Vec::new();
    let mut off = 0;
    while off + 512 <= tar.len() && tar[off..off + 512].iter().any(|b| *b != 0) {
        let mut h = [0u8; 512];
        h.copy_from_slice(&tar[off..off + 512]);
        let size_field = String::from_utf8_lossy(&h[124..136]).trim_matches(|c: char| c == '\0' || c == ' ').to_owned();
        let size = usize::from_str_radix(&size_field, 8).unwrap();
        let size = if b"123456".contains(&h[156]) { 0 } else { size };
        out.push(Rec { header: h, data: tar[off + 512..off + 512 + size].to_vec(), fix_sum: true, signed_sum: false });
        off += 512 + size.div_ceil(512) * 512;
    }
    out
}

/// The same invariant over mutations of a real package Zarf built (its headers as Go wrote them).
#[test]
fn mutated_real_package_tars_zverify_errors_or_agrees_with_go() {
    let path = zverify_tests::vectors_dir().join("zarf-current/zarf-package-real-uncompressed-amd64-0.1.0.tar");
    let real = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let recs = recs_from_tar(&real);
    assert!(recs.len() >= 10, "{} records", recs.len());
    assert_eq!(tar_of(recs.clone()), real[..tar_of(recs.clone()).len()], "the split round-trips");
    let go = RefCell::new(GoOracle::spawn("tarview"));
    let tally: RefCell<BTreeMap<Outcome, u32>> = RefCell::default();
    let n = (cases() / 5).max(50);
    let mut runner = TestRunner::new(Config { cases: n, failure_persistence: None, ..Config::default() });
    let strategy = (prop::collection::vec(mutation(), 1..3), ending());
    let result = runner.run(&strategy, |(mutations, ending)| {
        let mut r = recs.clone();
        for m in &mutations {
            apply(&mut r, m, Fmt::Pax);
        }
        let mut bytes = tar_of(r);
        bytes.truncate(bytes.len() - 1024);
        let bytes = end(bytes, &ending);
        let zv = zverify_view(&bytes, 1 + bytes.len() % 4099);
        let g = go_view(&mut go.borrow_mut(), &bytes);
        let outcome = check(&zv, &g).map_err(|e| {
            TestCaseError::fail(format!(
                "{e}\nzverify archive errors: {:?}\nmutations: {mutations:?}",
                zv.archive_errors
            ))
        })?;
        *tally.borrow_mut().entry(outcome).or_default() += 1;
        Ok(())
    });
    eprintln!("mutated real package: {n} cases: {:?}", tally.borrow());
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// Every package the project produces for the Zarf differential (the hostile corpus, the seeded
/// mutants of real Zarf packages, the builders' packages, the vectors; split packages joined):
/// zverify reports an archive error, or reads exactly the tree Go's `archive/tar` extracts under
/// Zarf's rules.
#[test]
fn every_corpus_and_mutant_package_reads_as_go_reads_it() {
    let mut go = GoOracle::spawn("tarview");
    let mut tally: BTreeMap<Outcome, usize> = BTreeMap::new();
    let mut wrong = Vec::new();
    let mut skipped = 0;
    for p in zverify_tests::corpus::oracle::oracle_set() {
        let joined: Vec<u8> = if p.is_split() {
            p.files.iter().skip(1).flat_map(|(_, b)| b.iter().copied()).collect()
        } else {
            p.files[0].1.clone()
        };
        let tar = if joined.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            match zstd::decode_all(&joined[..]) {
                Ok(t) => t,
                // Not a readable zstd stream: neither reader gets a tar (zverify reports ZV001,
                // asserted by the corpus test); nothing to compare.
                Err(_) => {
                    skipped += 1;
                    continue;
                }
            }
        } else {
            joined
        };
        let zv = zverify_view(&tar, 4096);
        match check(&zv, &go_view(&mut go, &tar)) {
            Ok(o) => *tally.entry(o).or_default() += 1,
            Err(why) => wrong.push(format!("{}: {why}", p.name)),
        }
    }
    eprintln!("corpus and mutants through Go's archive/tar: {tally:?}, {skipped} not zstd-decodable");
    assert!(wrong.is_empty(), "{} packages read differently by Go:\n{}", wrong.len(), wrong.join("\n"));
    assert!(tally.get(&Outcome::Agree).copied().unwrap_or(0) > 100, "{tally:?}");
    assert!(
        tally.get(&Outcome::ZverifyErrors).copied().unwrap_or(0) + tally.get(&Outcome::BothFail).copied().unwrap_or(0)
            > 20,
        "{tally:?}"
    );
}
