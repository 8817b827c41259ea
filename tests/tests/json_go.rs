//! JSON as Go decodes it: a differential against Go's own `encoding/json` (tests/go/jsonview),
//! decoding into structs that mirror image-spec's `specs-go/v1` and Zarf's part000 metadata.
//!
//! The invariant, for every document: **zverify reports an error, or its view of the fields equals
//! Go's.** Documents are real ones (the vectors) and mutations of them — key case changes,
//! duplicate keys, Unicode folding characters, invalid UTF-8, `\u` escapes, numbers as
//! floats/exponents/huge, nulls, wrong types, extra fields, whitespace, deep nesting — thousands of
//! cases through one Go process.
// Reads the vectors and runs Go.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::Value;
use std::cell::RefCell;
use std::io::Read;
use std::path::Path;
use zverify_core::json::{Node, Num};
use zverify_tests::gorun::GoOracle;
use zverify_tests::jsonview::{request, zverify_view, Kind};

// ---------------------------------------------------------------------------------------------
// Seeds: every JSON document in the vectors, by kind.

fn kind_of(node: &Node) -> Option<Kind> {
    use zverify_core::oci::DocKind;
    match DocKind::detect(node)? {
        DocKind::Index => Some(Kind::Index),
        DocKind::Manifest => Some(Kind::Manifest),
        DocKind::Config => Some(Kind::Config),
        _ => None,
    }
}

fn add_doc(out: &mut Vec<(Kind, Vec<u8>)>, bytes: Vec<u8>) {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first != Some(&b'{') {
        return;
    }
    if let Ok(node) = Node::parse(&bytes) {
        if let Some(k) = kind_of(&node) {
            out.push((k, bytes));
        }
    }
}

fn walk_dir(dir: &Path, out: &mut Vec<(Kind, Vec<u8>)>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk_dir(&p, out);
            continue;
        }
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name.contains(".part") {
            if name.ends_with(".part000") {
                out.push((Kind::Part000, std::fs::read(&p).unwrap()));
            }
        } else if name.ends_with(".tar") || name.ends_with(".tar.zst") {
            let raw = std::fs::read(&p).unwrap();
            let data = if name.ends_with(".zst") { zstd::decode_all(&raw[..]).unwrap() } else { raw };
            let mut ar = tar::Archive::new(&data[..]);
            for entry in ar.entries().unwrap() {
                let mut entry = entry.unwrap();
                let path = entry.path().unwrap().to_string_lossy().to_string();
                if path.starts_with("images/") && entry.header().entry_type().is_file() && entry.size() < 4 << 20 {
                    let mut b = Vec::new();
                    entry.read_to_end(&mut b).unwrap();
                    add_doc(out, b);
                }
            }
        } else if name.ends_with(".jsonl") {
            for line in std::fs::read_to_string(&p).unwrap().lines() {
                let case: Value = serde_json::from_str(line).unwrap();
                let kind = match case["field"].as_str() {
                    Some("imageIndex") => Kind::Index,
                    Some("manifest") => Kind::Manifest,
                    Some("config") => Kind::Config,
                    _ => continue,
                };
                out.push((kind, case["doc"].as_str().unwrap().as_bytes().to_vec()));
            }
        } else if std::fs::metadata(&p).map(|m| m.len() < 4 << 20).unwrap_or(false) {
            add_doc(out, std::fs::read(&p).unwrap());
        }
    }
}

fn vector_docs() -> Vec<(Kind, Vec<u8>)> {
    let root = zverify_tests::vectors_dir();
    let mut out = Vec::new();
    for sub in ["image-spec", "ggcr-layout", "regclient", "containers-image", "oras-zot", "zarf", "zarf-current"] {
        walk_dir(&root.join(sub), &mut out);
    }
    out
}

/// Documents that exercise every field the views carry (platform features, data, urls, subject,
/// history, the config's execution parameters), and part000 in both of Zarf's spellings.
fn handmade_docs() -> Vec<(Kind, Vec<u8>)> {
    let d = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
    let e = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    let h = "a".repeat(64);
    let desc = format!(
        r#"{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{d}","size":2,"urls":["https://example.com/x"],"annotations":{{"org.opencontainers.image.ref.name":"v1","k":"v"}},"data":"e30=","platform":{{"architecture":"arm64","os":"linux","os.version":"1","os.features":["a","b"],"variant":"v8"}},"artifactType":"application/vnd.example+json"}}"#
    );
    let index = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","artifactType":"application/vnd.example+json","manifests":[{desc},{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{e}","size":0}}],"subject":{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{e}","size":0}},"annotations":{{"a":"b"}}}}"#
    );
    let manifest = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{d}","size":2}},"layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{e}","size":0,"urls":["https://example.com/l"]}}],"subject":{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{e}","size":0}},"annotations":{{"created":"now"}}}}"#
    );
    let config = format!(
        r#"{{"created":"2015-10-31T22:22:56.015925234Z","author":"me","architecture":"amd64","os":"linux","os.version":"10","os.features":["f"],"variant":"v3","config":{{"User":"root","ExposedPorts":{{"80/tcp":{{}},"53/udp":{{}}}},"Env":["PATH=/bin","A=b"],"Entrypoint":["/bin/sh"],"Cmd":["-c","true"],"Volumes":{{"/data":{{}}}},"WorkingDir":"/w","Labels":{{"l":"v"}},"StopSignal":"SIGTERM","ArgsEscaped":true}},"rootfs":{{"type":"layers","diff_ids":["{e}","{d}"]}},"history":[{{"created":"2015-10-31T22:22:54+01:00","created_by":"sh","author":"a","comment":"c","empty_layer":true}},{{"created_by":"x"}}]}}"#
    );
    vec![
        (Kind::Index, index.into_bytes()),
        (Kind::Manifest, manifest.into_bytes()),
        (Kind::Config, config.into_bytes()),
        (Kind::Part000, format!(r#"{{"Sha256Sum":"{h}","Bytes":5246977,"Count":6}}"#).into_bytes()),
        (Kind::Part000, format!(r#"{{"sha256Sum":"{h}","bytes":100,"count":1}}"#).into_bytes()),
    ]
}

// ---------------------------------------------------------------------------------------------
// A JSON tree with raw text for keys, strings and numbers, so mutations can write what a
// serializer never would (escapes, invalid UTF-8, duplicate keys, odd numbers).

#[derive(Clone, Debug)]
enum J {
    Lit(&'static str),
    Num(String),
    Str(Vec<u8>),
    Arr(Vec<J>),
    Obj(Vec<(Vec<u8>, J)>),
}

fn esc(s: &str) -> Vec<u8> {
    let q = serde_json::to_string(s).unwrap();
    q.as_bytes()[1..q.len() - 1].to_vec()
}

fn from_node(n: &Node) -> J {
    match n {
        Node::Null => J::Lit("null"),
        Node::Bool(true) => J::Lit("true"),
        Node::Bool(false) => J::Lit("false"),
        Node::Num(Num::Int(i)) => J::Num(i.to_string()),
        Node::Num(Num::UInt(u)) => J::Num(u.to_string()),
        Node::Num(Num::Float(f)) => J::Num(serde_json::to_string(f).unwrap()),
        Node::Str(s) => J::Str(esc(s)),
        Node::Arr(a) => J::Arr(a.iter().map(from_node).collect()),
        Node::Obj(m) => J::Obj(m.iter().map(|(k, v)| (esc(k), from_node(v))).collect()),
    }
}

/// xorshift, seeded by proptest.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

fn write(j: &J, out: &mut Vec<u8>, ws: &mut Option<Rng>) {
    fn space(out: &mut Vec<u8>, ws: &mut Option<Rng>) {
        if let Some(r) = ws {
            for _ in 0..r.below(3) {
                out.push(*r.pick(b" \n\t\r"));
            }
        }
    }
    match j {
        J::Lit(s) => out.extend_from_slice(s.as_bytes()),
        J::Num(s) => out.extend_from_slice(s.as_bytes()),
        J::Str(s) => {
            out.push(b'"');
            out.extend_from_slice(s);
            out.push(b'"');
        }
        J::Arr(a) => {
            out.push(b'[');
            for (i, v) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                space(out, ws);
                write(v, out, ws);
            }
            out.push(b']');
        }
        J::Obj(m) => {
            out.push(b'{');
            for (i, (k, v)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                space(out, ws);
                out.push(b'"');
                out.extend_from_slice(k);
                out.push(b'"');
                out.push(b':');
                space(out, ws);
                write(v, out, ws);
            }
            out.push(b'}');
        }
    }
}

/// Preorder positions of the nodes `want` accepts.
fn positions(j: &J, want: fn(&J) -> bool, n: &mut usize, out: &mut Vec<usize>) {
    if want(j) {
        out.push(*n);
    }
    *n += 1;
    match j {
        J::Arr(a) => a.iter().for_each(|v| positions(v, want, n, out)),
        J::Obj(m) => m.iter().for_each(|(_, v)| positions(v, want, n, out)),
        _ => {}
    }
}

fn nth_mut<'a>(j: &'a mut J, n: &mut usize) -> Option<&'a mut J> {
    if *n == 0 {
        return Some(j);
    }
    *n -= 1;
    match j {
        J::Arr(a) => a.iter_mut().find_map(|v| nth_mut(v, n)),
        J::Obj(m) => m.iter_mut().find_map(|(_, v)| nth_mut(v, n)),
        _ => None,
    }
}

/// A random node of a kind `want` accepts, mutably.
fn pick_node<'a>(root: &'a mut J, rng: &mut Rng, want: fn(&J) -> bool) -> Option<&'a mut J> {
    let mut found = Vec::new();
    positions(root, want, &mut 0, &mut found);
    if found.is_empty() {
        return None;
    }
    let mut n = found[rng.below(found.len())];
    nth_mut(root, &mut n)
}

const FIELD_NAMES: &[&str] = &[
    "schemaVersion",
    "mediaType",
    "artifactType",
    "manifests",
    "subject",
    "annotations",
    "config",
    "layers",
    "digest",
    "size",
    "urls",
    "data",
    "platform",
    "architecture",
    "os",
    "os.version",
    "os.features",
    "variant",
    "created",
    "author",
    "rootfs",
    "history",
    "type",
    "diff_ids",
    "created_by",
    "comment",
    "empty_layer",
    "User",
    "Env",
    "Cmd",
    "Entrypoint",
    "Labels",
    "ExposedPorts",
    "Volumes",
    "WorkingDir",
    "StopSignal",
    "ArgsEscaped",
    "Sha256Sum",
    "Bytes",
    "Count",
];

/// Change a key's case the ways Go folds: flip letters, all upper/lower, Kelvin sign for k,
/// long s for s, or a `\u` escape of one character.
fn recase(key: &[u8], rng: &mut Rng) -> Vec<u8> {
    let Ok(k) = std::str::from_utf8(key) else { return key.to_vec() };
    if k.contains('\\') {
        return key.to_vec();
    }
    let chars: Vec<char> = k.chars().collect();
    let out: String = match rng.below(6) {
        0 => k.to_uppercase(),
        1 => k.to_lowercase(),
        2 => {
            let i = rng.below(chars.len());
            chars
                .iter()
                .enumerate()
                .map(|(j, c)| {
                    if i == j {
                        if c.is_lowercase() {
                            c.to_ascii_uppercase()
                        } else {
                            c.to_ascii_lowercase()
                        }
                    } else {
                        *c
                    }
                })
                .collect()
        }
        3 => k.replacen(['k', 'K'], "\u{212A}", 1),
        4 => k.replacen(['s', 'S'], "\u{17F}", 1),
        _ => {
            let i = rng.below(chars.len());
            let mut v = Vec::new();
            for (j, c) in chars.iter().enumerate() {
                if j == i {
                    v.extend_from_slice(format!("\\u{:04x}", *c as u32).as_bytes());
                } else {
                    let mut b = [0; 4];
                    v.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
                }
            }
            return v;
        }
    };
    out.into_bytes()
}

fn random_value(rng: &mut Rng) -> J {
    match rng.below(12) {
        0 => J::Lit("null"),
        1 => J::Lit("true"),
        2 => J::Num(
            rng.pick(&[
                "0",
                "2",
                "-1",
                "1.0",
                "1e2",
                "1E+2",
                "-0",
                "0.5",
                "9223372036854775807",
                "9223372036854775808",
                "18446744073709551616",
                "1e400",
                "2.0",
                "100000000000000000000",
            ])
            .to_string(),
        ),
        3 => J::Str(b"x".to_vec()),
        4 => J::Str(esc("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")),
        5 => J::Str(esc("application/vnd.oci.image.manifest.v1+json")),
        6 => J::Arr(vec![]),
        7 => J::Obj(vec![]),
        8 => J::Arr(vec![J::Str(b"a=b".to_vec())]),
        9 => J::Obj(vec![(b"a".to_vec(), J::Str(b"b".to_vec()))]),
        10 => J::Str(esc("2024-02-29T12:00:00Z")),
        _ => J::Str(b"e30=".to_vec()),
    }
}

/// One mutation, somewhere in the tree.
fn mutate(root: &mut J, rng: &mut Rng) {
    let is_obj = |j: &J| matches!(j, J::Obj(m) if !m.is_empty());
    let is_str = |j: &J| matches!(j, J::Str(_));
    let is_num = |j: &J| matches!(j, J::Num(_));
    let any = |_: &J| true;
    match rng.below(12) {
        // key case / folding / escape
        0 | 1 => {
            if let Some(J::Obj(m)) = pick_node(root, rng, is_obj) {
                let i = rng.below(m.len());
                m[i].0 = recase(&m[i].0.clone(), rng);
            }
        }
        // duplicate a key (same spelling or another case) with another value
        2 => {
            if let Some(J::Obj(m)) = pick_node(root, rng, is_obj) {
                let i = rng.below(m.len());
                let key = if rng.below(2) == 0 { m[i].0.clone() } else { recase(&m[i].0, rng) };
                let value = if rng.below(2) == 0 { m[rng.below(m.len())].1.clone() } else { random_value(rng) };
                let at = rng.below(m.len() + 1);
                m.insert(at, (key, value));
            }
        }
        // a `\u` escape inside a string value
        3 => {
            if let Some(J::Str(s)) = pick_node(root, rng, is_str) {
                if let Some(i) = (0..s.len()).find(|&i| s[i].is_ascii_alphanumeric() && rng.below(3) == 0) {
                    let e = format!("\\u{:04X}", s[i]);
                    s.splice(i..=i, e.bytes());
                }
            }
        }
        // invalid UTF-8 or a lone surrogate in a string or key
        4 => {
            let bads: [&[u8]; 5] = [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\\ud800", b"\\udc00x"];
            let bad = bads[rng.below(bads.len())];
            if rng.below(2) == 0 {
                if let Some(J::Str(s)) = pick_node(root, rng, is_str) {
                    let at = rng.below(s.len() + 1);
                    s.splice(at..at, bad.iter().copied());
                }
            } else if let Some(J::Obj(m)) = pick_node(root, rng, is_obj) {
                let i = rng.below(m.len());
                m[i].0.extend_from_slice(bad);
            }
        }
        // numbers as floats, exponents, huge, negative
        5 => {
            if let Some(n) = pick_node(root, rng, is_num) {
                let J::Num(old) = n.clone() else { return };
                *n = J::Num(match rng.below(5) {
                    0 => format!("{old}.0"),
                    1 => format!("{old}e0"),
                    2 => format!("-{old}"),
                    3 => format!("{old}000000000000000000000"),
                    _ => rng.pick(&["0", "1", "2", "-0", "1E1", "2.5"]).to_string(),
                });
            }
        }
        // null or a wrong type
        6 | 7 => {
            if let Some(n) = pick_node(root, rng, any) {
                *n = random_value(rng);
            }
        }
        // an extra field: unknown, or a known name (possibly re-cased) where it may not belong
        8 => {
            if let Some(J::Obj(m)) = pick_node(root, rng, is_obj) {
                let name = if rng.below(3) == 0 { "x-unknown".to_string() } else { rng.pick(FIELD_NAMES).to_string() };
                let key = if rng.below(2) == 0 { esc(&name) } else { recase(&esc(&name), rng) };
                let at = rng.below(m.len() + 1);
                m.insert(at, (key, random_value(rng)));
            }
        }
        // remove a member
        9 => {
            if let Some(J::Obj(m)) = pick_node(root, rng, is_obj) {
                let i = rng.below(m.len());
                m.remove(i);
            }
        }
        // change a string's content (a different but valid-looking value)
        10 => {
            if let Some(J::Str(s)) = pick_node(root, rng, is_str) {
                if let Some(i) = (0..s.len()).rev().find(|&i| s[i].is_ascii_hexdigit()) {
                    s[i] = if s[i] == b'0' { b'1' } else { b'0' };
                }
            }
        }
        // deep nesting (Go reads 10000 levels; zverify at most its limit)
        _ => {
            if let Some(n) = pick_node(root, rng, any) {
                let mut v = n.clone();
                for _ in 0..rng.pick(&[3usize, 40, 70, 130, 300]).to_owned() {
                    v = J::Arr(vec![v]);
                }
                *n = v;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------

#[derive(Default, Debug)]
struct Tally {
    cases: u64,
    zverify_error: u64,
    go_error: u64,
    compared_equal: u64,
}

/// Check the invariant for one document; count what happened.
fn check(go: &mut GoOracle, tally: &mut Tally, kind: Kind, doc: &[u8]) -> Result<(), String> {
    tally.cases += 1;
    let answer = go.ask(&request(kind, doc));
    let go_failed = answer.get("error").is_some();
    if go_failed {
        tally.go_error += 1;
    }
    match zverify_view(kind, doc) {
        Err(_) => {
            tally.zverify_error += 1;
            Ok(())
        }
        Ok(_) if go_failed => Err(format!(
            "Go refuses this {kind:?} ({}) but zverify reports no error:\n{}",
            answer["error"],
            String::from_utf8_lossy(doc)
        )),
        Ok(view) if view == answer => {
            tally.compared_equal += 1;
            Ok(())
        }
        Ok(view) => Err(format!(
            "zverify reports no error but reads this {kind:?} differently from Go:\nzverify: {view}\nGo:      {answer}\ndocument: {}",
            String::from_utf8_lossy(doc)
        )),
    }
}

#[test]
fn go_folds_exactly_two_runes_into_ascii() {
    let mut go = GoOracle::spawn("jsonview");
    let answer = go.ask(b"f");
    let want: Vec<Value> =
        zverify_core::go::json::FOLDS_TO_ASCII.iter().map(|(c, b)| serde_json::json!([*c as u32, *b as u32])).collect();
    assert_eq!(answer["folds"], Value::Array(want), "Go's fold table changed: update go::json::FOLDS_TO_ASCII");
}

#[test]
fn vector_documents_read_as_go_reads_them() {
    let docs = vector_docs();
    assert!(docs.len() > 150, "expected the vectors' documents, found {}", docs.len());
    let mut go = GoOracle::spawn("jsonview");
    let mut tally = Tally::default();
    for (kind, doc) in docs.iter().chain(handmade_docs().iter()) {
        if let Err(e) = check(&mut go, &mut tally, *kind, doc) {
            panic!("{e}");
        }
    }
    eprintln!("vector documents: {tally:?}");
    // The real documents are overwhelmingly valid: most must be compared, not just refused.
    assert!(tally.compared_equal * 10 > tally.cases * 8, "{tally:?}");
}

#[test]
fn mutated_documents_zverify_errs_or_reads_what_go_reads() {
    let mut seeds = handmade_docs();
    seeds.extend(vector_docs().into_iter().filter(|(_, d)| d.len() < 64 << 10));
    // Seeds are documents that parse (the image-spec cases include invalid ones on purpose).
    let trees: Vec<(Kind, J)> =
        seeds.iter().filter_map(|(k, d)| Node::parse(d).ok().map(|n| (*k, from_node(&n)))).collect();
    let go = RefCell::new(GoOracle::spawn("jsonview"));
    let tally = RefCell::new(Tally::default());
    let cases = std::env::var("ZVERIFY_JSON_GO_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(4000);
    let mut runner = TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
    let strategy = (0..trees.len(), any::<u64>(), 1..4usize, any::<bool>());
    let result = runner.run(&strategy, |(i, seed, n, spaces)| {
        let (kind, tree) = &trees[i];
        let mut rng = Rng(seed | 1);
        let mut t = tree.clone();
        for _ in 0..n {
            mutate(&mut t, &mut rng);
        }
        let mut doc = Vec::new();
        let mut ws = spaces.then(|| Rng(seed.rotate_left(17) | 1));
        write(&t, &mut doc, &mut ws);
        check(&mut go.borrow_mut(), &mut tally.borrow_mut(), *kind, &doc).map_err(TestCaseError::fail)
    });
    let tally = tally.into_inner();
    eprintln!("mutated documents: {tally:?}");
    if let Err(e) = result {
        panic!("{e}");
    }
    // Not vacuous: many mutants are read (and compared), many are refused, and Go refuses some.
    assert!(tally.compared_equal * 10 > tally.cases, "{tally:?}");
    assert!(tally.zverify_error * 10 > tally.cases, "{tally:?}");
    assert!(tally.go_error > 0, "{tally:?}");
}
