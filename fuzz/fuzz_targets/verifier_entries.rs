//! The verifier fed arbitrary entries (structured input): files, directories, links and special
//! entries under names a package uses (index.json, zarf.yaml, checksums.txt, signatures, blobs
//! named by the digest of their bytes) or arbitrary ones. File bytes may hold `@N` / `#N`, replaced
//! by the digest / size of file N before it, so index → manifest → config/layer chains that really
//! resolve are reachable. Invariants: no panic; the report is the same when each file is written in
//! one piece or in the fuzzer's pieces.
#![no_main]
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use sha2::{Digest as _, Sha256};
use zverify_core::{Options, Verifier};

const KNOWN: &[&str] = &[
    "oci-layout",
    "index.json",
    "zarf.yaml",
    "checksums.txt",
    "zarf.yaml.sig",
    "zarf.bundle.sig",
    "images/oci-layout",
    "images/index.json",
    "blobs",
    "images/blobs",
    "images/blobs/sha256",
    "components/app.tar",
    "sboms.tar",
    "images/blobs/sha512",
];

#[derive(Arbitrary, Debug)]
enum Name {
    Known(u8),
    /// `[images/]blobs/sha256/<digest of this file's bytes>` (`wrong`: of another file's).
    Blob { images: bool, wrong: Option<u8> },
    Raw(String),
}

#[derive(Arbitrary, Debug)]
enum Op {
    File { name: Name, data: Vec<u8>, declare: bool, pieces: Vec<u8> },
    Dir(Name),
    Link { name: Name, target: String, hard: bool },
    Special(Name),
}

#[derive(Arbitrary, Debug)]
struct Input {
    ops: Vec<Op>,
    /// Document cap: 64 bytes << (cap % 18) (up to 8 MiB).
    cap: u8,
}

struct File {
    name: String,
    data: Vec<u8>,
    declare: bool,
    pieces: Vec<u8>,
}

enum Step {
    File(File),
    Dir(String),
    Link(String, String, bool),
    Special(String),
}

fn sha(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

/// `@N` → `sha256:<hex>` and `#N` → size, of the N-th file before this one.
fn substitute(data: &[u8], files: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        if (c == b'@' || c == b'#') && i + 1 < data.len() && data[i + 1].is_ascii_digit() {
            if let Some(f) = files.get(usize::from(data[i + 1] - b'0')) {
                if c == b'@' {
                    out.extend_from_slice(format!("sha256:{}", sha(f)).as_bytes());
                } else {
                    out.extend_from_slice(f.len().to_string().as_bytes());
                }
                i += 2;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

fn name_of(n: &Name, own: Option<&[u8]>, files: &[Vec<u8>]) -> String {
    match n {
        Name::Known(k) => KNOWN[usize::from(*k) % KNOWN.len()].to_owned(),
        Name::Blob { images, wrong } => {
            let bytes = match (wrong, own) {
                (Some(w), _) if !files.is_empty() => &files[usize::from(*w) % files.len()][..],
                (_, Some(b)) => b,
                _ => &[][..],
            };
            format!("{}blobs/sha256/{}", if *images { "images/" } else { "" }, sha(bytes))
        }
        Name::Raw(s) => s.clone(),
    }
}

fn run(steps: &[Step], opts: &Options, split: bool) -> String {
    let mut v = Verifier::new(opts.clone());
    for s in steps {
        match s {
            Step::File(f) => {
                let size = f.declare.then_some(f.data.len() as u64);
                if v.begin_entry(&f.name, size).is_err() {
                    return "begin_entry refused".into();
                }
                if split {
                    for c in zverify_fuzz::chunks(&f.data, &f.pieces) {
                        v.write(c);
                    }
                } else {
                    v.write(&f.data);
                }
                v.end_entry().expect("an entry is open");
            }
            Step::Dir(d) => v.add_directory(d),
            Step::Link(n, t, hard) => v.add_link(n, t, *hard),
            Step::Special(n) => v.add_special(n, zverify_core::rules::SpecialKind::SpecialFile),
        }
    }
    v.finish("fuzz").to_json()
}

fuzz_target!(|input: Input| {
    let mut files: Vec<Vec<u8>> = Vec::new();
    let mut steps = Vec::new();
    for op in input.ops.iter().take(64) {
        steps.push(match op {
            Op::File { name, data, declare, pieces } => {
                let data = substitute(data, &files);
                let name = name_of(name, Some(&data), &files);
                files.push(data.clone());
                Step::File(File { name, data, declare: *declare, pieces: pieces.clone() })
            }
            Op::Dir(n) => Step::Dir(name_of(n, None, &files)),
            Op::Link { name, target, hard } => Step::Link(name_of(name, None, &files), target.clone(), *hard),
            Op::Special(n) => Step::Special(name_of(n, None, &files)),
        });
    }
    let opts = Options { document_cap: 64 << (input.cap % 18), ..Options::default() };
    let one = run(&steps, &opts, false);
    let pieces = run(&steps, &opts, true);
    assert_eq!(one, pieces, "the report depends on how file bytes were chunked");
});
