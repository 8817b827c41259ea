//! Seeded mutants of the real packages Zarf built, for the Zarf differential: tar headers, JSON
//! documents, zarf.yaml, checksums.txt, the layout's entries, signatures. Deterministic (xorshift
//! seeds), a few hundred; each mutant's expected verdict is whatever real Zarf says, recorded in
//! `tests/oracle/verdicts.tsv`.

use super::rawtar::Record;
use super::*;
use serde_json::Value;

/// xorshift64*: deterministic, no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn coin(&mut self) -> bool {
        self.next_u64() & 1 == 1
    }
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

const BASES: [&str; 3] = [REAL_CREATE, REAL_UNCOMPRESSED, REAL_DOCKER];

/// One family's mutation of a package (returns what it changed, for debugging).
type Mutation = fn(&mut Pkg, &mut Rng) -> String;

/// Per family, how many mutants.
const PER_FAMILY: u64 = 50;

pub fn mutants() -> Vec<Package> {
    let mut out = Vec::new();
    let families: [(&str, Mutation); 5] =
        [("tarhdr", tar_header), ("json", json_doc), ("yaml", zarf_yaml), ("sums", checksums), ("layout", layout)];
    for (fi, (family, f)) in families.iter().enumerate() {
        for i in 0..PER_FAMILY {
            let mut rng = Rng::new(1000 * (fi as u64 + 1) + i);
            let base = *rng.pick(&BASES);
            let mut p = Pkg::real(base);
            f(&mut p, &mut rng);
            out.push(p.package(&format!("mut-{family}-{i:03}")));
        }
    }
    for i in 0..PER_FAMILY {
        let mut rng = Rng::new(9000 + i);
        let mut p = Pkg::real(REAL_SIGNED);
        signature(&mut p, &mut rng);
        out.push(p.package(&format!("mut-sig-{i:03}")).with_key(&cosign_pub()));
    }
    out
}

fn tar_header(p: &mut Pkg, rng: &mut Rng) -> String {
    let i = rng.below(p.tar.records.len());
    let r = &mut p.tar.records[i];
    let field = rng.below(10);
    match field {
        0 => octal_set(&mut r.header[100..108], rng.next_u64() % 0o10000),
        1 => octal_set(&mut r.header[108..116], rng.next_u64() % 70000),
        2 => octal_set(&mut r.header[136..148], rng.next_u64() % 0o77777777777),
        3 => r.header[156] = *rng.pick(b"0123456789xgLKSAV\0"),
        4 => {
            let n = r.name().len().max(1);
            let at = rng.below(n);
            r.header[at] = *rng.pick(b"/.\\:A \0x");
        }
        5 => {
            let s = r.size_field();
            let d = *rng.pick(&[1u64, 511, 512, 513, 4096]);
            let s = if rng.coin() { s + d } else { s.saturating_sub(d) };
            octal_set(&mut r.header[124..136], s);
        }
        6 => {
            let magics: [[u8; 8]; 4] = [*b"ustar  \0", *b"ustar\x0000", [0; 8], *b"ustar\x0001"];
            let m: &[u8; 8] = rng.pick(&magics[..]);
            r.header[257..265].copy_from_slice(m);
        }
        7 => {
            let t = rng.pick(&["zarf.yaml", "images/index.json", "../x", "/etc/passwd"]);
            r.header[157..257].fill(0);
            r.header[157..157 + t.len()].copy_from_slice(t.as_bytes());
        }
        8 => {
            let pre = rng.pick(&["images", "x", ".."]);
            r.header[345..500].fill(0);
            r.header[345..345 + pre.len()].copy_from_slice(pre.as_bytes());
        }
        _ => {
            // Checksum left wrong on purpose.
            r.header[148 + rng.below(6)] = b'0' + (rng.below(8) as u8);
            return format!("record {i} checksum");
        }
    }
    r.fix_cksum();
    format!("record {i} field {field}")
}

fn octal_set(field: &mut [u8], v: u64) {
    let digits = field.len() - 1;
    let s = format!("{:0digits$o}", v % 8u64.pow(digits as u32));
    field[..digits].copy_from_slice(s.as_bytes());
    field[digits] = 0;
}

/// A JSON document of the package: index.json or a JSON blob.
fn json_targets(p: &Pkg) -> Vec<String> {
    let mut v = vec!["images/index.json".to_owned()];
    v.extend(p.blobs().into_iter().filter(|b| p.tar.get(b).is_some_and(|d| d.first() == Some(&b'{'))));
    v
}

fn mutate_value(v: &mut Value, rng: &mut Rng, depth: usize) {
    match v {
        Value::Object(m) if !m.is_empty() && (depth > 3 || rng.below(3) > 0) => {
            let keys: Vec<String> = m.keys().cloned().collect();
            let k = rng.pick(&keys).clone();
            match rng.below(6) {
                0 => {
                    m.remove(&k);
                }
                1 => {
                    m.insert(k, Value::Null);
                }
                2 => {
                    let val = m[&k].clone();
                    m.insert(k.to_uppercase(), val);
                }
                _ => mutate_value(m.get_mut(&k).unwrap(), rng, depth + 1),
            }
        }
        Value::Object(m) => {
            m.insert("extra".into(), Value::from(1));
        }
        Value::Array(a) if !a.is_empty() => match rng.below(4) {
            0 => {
                a.remove(rng.below(a.len()));
            }
            1 => {
                let x = a[rng.below(a.len())].clone();
                a.push(x);
            }
            _ => {
                let n = rng.below(a.len());
                mutate_value(&mut a[n], rng, depth + 1)
            }
        },
        Value::String(s) => match rng.below(4) {
            0 => s.push('x'),
            1 => {
                s.pop();
            }
            2 => *s = s.to_uppercase(),
            _ => *s = String::new(),
        },
        Value::Number(n) => *v = Value::from(n.as_i64().unwrap_or(0) + *rng.pick(&[1i64, -1, 1 << 40])),
        _ => *v = Value::from("x"),
    }
}

fn json_doc(p: &mut Pkg, rng: &mut Rng) -> String {
    let targets = json_targets(p);
    let t = rng.pick(&targets).clone();
    let bytes = p.file(&t);
    let mut doc: Value = serde_json::from_slice(&bytes).unwrap();
    let text = match rng.below(5) {
        // A duplicate key (text level: serde_json cannot hold one): Go keeps the last.
        0 => {
            let s = String::from_utf8(bytes).unwrap();
            let i = s.find("\"mediaType\"").unwrap_or(1);
            format!("{}\"mediaType\":\"application/vnd.oci.image.index.v1+json\",{}", &s[..i], &s[i..])
        }
        _ => {
            mutate_value(&mut doc, rng, 0);
            serde_json::to_string(&doc).unwrap()
        }
    };
    if t.starts_with(BLOBS) && rng.coin() {
        // Consistently re-linked: the new bytes under their own digest, referrers updated.
        p.rewrite_blob(t.trim_start_matches(BLOBS), text.into_bytes());
    } else {
        p.set(&t, text.into_bytes());
    }
    if rng.below(3) > 0 {
        p.reseal();
    }
    t
}

fn zarf_yaml(p: &mut Pkg, rng: &mut Rng) -> String {
    let y = p.text("zarf.yaml");
    let mut lines: Vec<String> = y.lines().map(str::to_owned).collect();
    let i = rng.below(lines.len());
    match rng.below(7) {
        0 => {
            lines.remove(i);
        }
        1 => {
            let l = lines[i].clone();
            lines.insert(i, l);
        }
        2 => lines[i] = format!(" {}", lines[i]),
        3 => {
            if let Some(c) = lines[i].find(": ") {
                let v = rng.pick(&["", "~", "[]", "{}", "amd64", "arm64", "\"x\"", "&a x", "*a", "0x10"]);
                lines[i] = format!("{}: {v}", &lines[i][..c]);
            }
        }
        4 => lines.insert(i, format!("{}x-extra: 1", " ".repeat(lines[i].len() - lines[i].trim_start().len()))),
        5 => lines[i] = lines[i].to_uppercase(),
        _ => {
            let img = rng.pick(&["ghcr.io/x/y:1", "127.0.0.1:5055/acme/single:1.0", "nginx", "Bad/Ref", "a@sha256:00"]);
            lines.push(format!("  - {img}"));
        }
    }
    p.set("zarf.yaml", format!("{}\n", lines.join("\n")).into_bytes());
    format!("zarf.yaml line {i}")
}

fn checksums(p: &mut Pkg, rng: &mut Rng) -> String {
    let t = p.text("checksums.txt");
    let mut lines: Vec<String> = t.lines().map(str::to_owned).collect();
    let i = rng.below(lines.len());
    let mut text = None;
    match rng.below(8) {
        0 => {
            lines.remove(i);
        }
        1 => {
            let l = lines[i].clone();
            lines.push(l);
        }
        2 => {
            let at = rng.below(64);
            let mut b = lines[i].clone().into_bytes();
            b[at] = if b[at] == b'0' { b'1' } else { b'0' };
            lines[i] = String::from_utf8(b).unwrap();
        }
        3 => lines[i] = lines[i].replacen(' ', "  ", 1),
        4 => lines[i].push(' '),
        5 => text = Some(format!("{}\r\n", lines.join("\r\n"))),
        6 => text = Some(lines.join("\n")),
        _ => lines[i] = lines[i].to_uppercase(),
    }
    let text = text.unwrap_or_else(|| format!("{}\n", lines.join("\n")));
    p.set("checksums.txt", text.into_bytes());
    if rng.coin() {
        p.reseal_aggregate();
    }
    format!("checksums line {i}")
}

fn layout(p: &mut Pkg, rng: &mut Rng) -> String {
    let n = p.tar.records.len();
    let i = rng.below(n);
    match rng.below(6) {
        0 => {
            p.tar.records.remove(i);
        }
        1 => {
            let r = p.tar.records[i].clone();
            p.tar.records.push(r);
        }
        2 => {
            let mut name = p.tar.records[i].name().into_bytes();
            let at = rng.below(name.len());
            name[at] = *rng.pick(b"aZ0_-");
            p.tar.records[i].set_name(&name);
        }
        3 => {
            let b = crate::noise(rng.next_u64(), 100 + rng.below(3000));
            let name = if rng.coin() { format!("{BLOBS}{}", sha256_hex(&b)) } else { "components/stray.tar".into() };
            p.tar.insert_sorted(Record::file(&name, &b));
        }
        4 => {
            // Move an entry to the end (order is not a defect for Zarf; a check of that).
            let r = p.tar.records.remove(i);
            p.tar.records.push(r);
        }
        _ => {
            let r = p.tar.records.remove(i);
            p.tar.records.insert(0, r);
        }
    }
    if p.tar.position("checksums.txt").is_some() && p.tar.position("zarf.yaml").is_some() && rng.coin() {
        p.reseal();
    }
    format!("layout record {i}")
}

fn signature(p: &mut Pkg, rng: &mut Rng) {
    match rng.below(5) {
        0 => p.remove("zarf.bundle.sig"),
        1 => {
            let mut b = p.file("zarf.bundle.sig");
            let at = rng.below(b.len());
            b[at] = *rng.pick(b"A/+={}\"0");
            p.set("zarf.bundle.sig", b);
        }
        2 => {
            let mut v: Value = serde_json::from_slice(&p.file("zarf.bundle.sig")).unwrap();
            mutate_value(&mut v, rng, 0);
            p.set("zarf.bundle.sig", serde_json::to_vec(&v).unwrap());
        }
        3 => p.set_text("zarf.yaml", |t| format!("{t}\n")),
        _ => p.set_text("zarf.yaml", |t| t.replacen("signed: true", "signed: false", 1)),
    }
}
